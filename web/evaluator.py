"""The evaluator workbench as plain functions and one class (no HTTP, no Gradio): choose a dataset, run it,
grade each answer, see the results. ``web.eval_api`` exposes it under ``/api/eval/…``; ``/danh-gia`` is its page.

- Datasets are JSONL files in the contract's format: those of ``evals/data/`` and those evaluators uploaded
  (kept under ``DANCU_DATA_DIR/eval_uploads``).
- A run answers every question of a dataset in a background thread (progress readable at any time) and scores
  each answer automatically; finished runs are kept as JSON under ``DANCU_DATA_DIR/eval_runs``, so a second
  evaluator can grade the same answers later.
- Grades go to the store ``dancu eval score`` uses (``web.grades``), with evaluator, time, verdict, cause, comment.
- Results: human accuracy overall, by question type and by cause; Cohen's kappa for every pair of evaluators
  with their disagreements; the automatic metrics of the run beside them; a CSV export.

The web layer may not import ``evals``: the dataset parser and the automatic scorer come in as ``EvalTools``
(``app.py`` passes ``evals.dataset.parse_lines`` and ``evals.metrics.score_question``).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import secrets
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from bot import Answer
from core.errors import UserError
from core.settings import PROJECT_ROOT
from core.text import strip_diacritics
from web.grades import (
    CAUSES,
    CSV_COLUMNS,
    VERDICT_LABEL,
    VERDICT_VALUE,
    VERDICTS,
    HumanScore,
    ScoreStore,
    agreement,
    answer_hash,
    summarise_human,
)
from web.render import answer_html, sources_html

log = logging.getLogger(__name__)
BUILTIN_DATASETS = PROJECT_ROOT / "evals" / "data"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_RUN_QUESTIONS = 2000
KEPT_RUNS = 50
TYPE_LABEL = {"permission": "được phép hay không", "procedure": "thủ tục", "responsibility": "trách nhiệm",
              "definition": "định nghĩa", "out_of_scope": "ngoài phạm vi", "false_premise": "tiền đề sai",
              "other": "khác"}
_SAFE_NAME = re.compile(r"[^0-9A-Za-z._-]+")


class WorkbenchError(UserError):
    """A request the evaluator can fix (unknown dataset or run, bad grade); ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class EvalTools:
    """What the workbench needs from ``evals``: a parser of dataset lines and an automatic scorer."""

    parse_dataset: Callable[[Iterable[str], str], Sequence[Any]]  # (lines, source name) -> EvalQuestion-like
    auto_score: Callable[[Any, Answer], Any]  # (question, answer) -> object with .auto_ok and .to_dict()


# -- datasets -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DatasetInfo:
    name: str
    source: str  # 'evals/data' or 'tải lên'
    questions: int
    path: Path

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "questions": self.questions}


def _gold_labels(question: Any) -> list[str]:
    return [g.label() for g in getattr(question, "gold", ())]


def question_view(question: Any) -> dict[str, Any]:
    """What the evaluator sees of a dataset question beside the answer."""
    extra = dict(getattr(question, "extra", {}) or {})
    return {
        "id": question.id,
        "question": question.question,
        "type": question.type,
        "type_label": TYPE_LABEL.get(question.type, question.type),
        "answerable": question.answerable,
        "gold": _gold_labels(question) if question.answerable else [],
        "expected": ("; ".join(_gold_labels(question)) if question.answerable
                     else "Phải từ chối (ngoài phạm vi hoặc không có căn cứ)."),
        "facts": list(question.facts),
        "conclusion_facts": [str(f) for f in extra.get("conclusion_facts", []) or []],
        "as_of": str(extra.get("as_of") or ""),
    }


# -- runs ---------------------------------------------------------------------------------------------
@dataclass
class Run:
    id: str
    dataset: str
    mode: str
    total: int
    started: str
    items: list[dict[str, Any]] = field(default_factory=list)
    status: str = "running"  # running | done | failed
    finished: str = ""
    error: str = ""

    @property
    def done(self) -> int:
        return len(self.items)

    def brief(self) -> dict[str, Any]:
        return {"id": self.id, "dataset": self.dataset, "mode": self.mode, "total": self.total, "done": self.done,
                "status": self.status, "started": self.started, "finished": self.finished, "error": self.error}

    def to_dict(self) -> dict[str, Any]:
        return {**self.brief(), "items": self.items}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Run":
        return cls(id=data["id"], dataset=data["dataset"], mode=data.get("mode", "citizen"), total=data["total"],
                   started=data.get("started", ""), items=list(data.get("items", [])),
                   status=data.get("status", "done"), finished=data.get("finished", ""), error=data.get("error", ""))


_AUTO_KEYS = ("auto_ok", "refused", "refusal_ok", "cited_precision", "cited_recall", "clause_accuracy",
              "fact_coverage", "quotes", "quotes_verified", "first_hit_rank", "latency_ms")


def answer_item(question: Any, answer: Answer | None, auto: Any, documents: Mapping[str, Any] | None,
                error: str = "") -> dict[str, Any]:
    """One answered question of a run: the question, the answer (Markdown and HTML), its sources, the
    automatic verdict."""
    view = question_view(question)
    if answer is None:
        return {**view, "answer": "", "answer_html": "", "answer_hash": answer_hash(""), "conclusion": "",
                "refused": False, "citations": [], "sources_html": "", "error": error,
                "auto": {"auto_ok": False, "error": error}}
    scored = auto.to_dict() if auto is not None else {}
    return {
        **view,
        "answer": answer.answer,
        "answer_html": answer_html(answer.answer),
        "answer_hash": answer_hash(answer.answer),
        "conclusion": answer.conclusion or "",
        "refused": answer.refused,
        "citations": [c.label for c in answer.citations],
        "sources_html": sources_html(answer.citations, documents, answer.as_of or None),
        "latency_ms": round(answer.latency_ms, 1),
        "error": "",
        "auto": {k: scored.get(k) for k in _AUTO_KEYS if k in scored},
    }


class Workbench:
    """Datasets, runs and grades of one server; safe to use from several request threads."""

    def __init__(self, service: Any, tools: EvalTools, data_dir: Path,
                 dataset_dirs: Sequence[Path] = (BUILTIN_DATASETS,), database_url: str | None = None) -> None:
        self.service = service
        self.database_url = database_url  # DANCU_DATABASE_URL; None: eval_scores.sqlite in data_dir
        self.tools = tools
        self.data_dir = Path(data_dir)
        self.dataset_dirs = tuple(Path(d) for d in dataset_dirs)
        self.upload_dir = self.data_dir / "eval_uploads"
        self.runs_dir = self.data_dir / "eval_runs"
        self._store: ScoreStore | None = None
        self._runs: dict[str, Run] = {}
        self._lock = threading.Lock()
        self._loaded_runs = False

    @property
    def store(self) -> ScoreStore:
        if self._store is None:
            self._store = ScoreStore(self.database_url) if self.database_url else ScoreStore.in_dir(self.data_dir)
        return self._store

    # -- datasets --------------------------------------------------------------------------------
    def _dataset_files(self) -> dict[str, tuple[Path, str]]:
        found: dict[str, tuple[Path, str]] = {}
        for folder in self.dataset_dirs:
            for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
                found.setdefault(path.name, (path, "evals/data"))
        if self.upload_dir.is_dir():
            for path in sorted(self.upload_dir.glob("*.jsonl")):
                found.setdefault(path.name, (path, "tải lên"))
        return found

    def datasets(self) -> list[dict[str, Any]]:
        out = []
        for name, (path, source) in self._dataset_files().items():
            try:
                count = len(self.load(name))
            except UserError:
                continue  # a broken file is reported when it is chosen, not in the list
            out.append(DatasetInfo(name, source, count, path).to_dict())
        return out

    def load(self, name: str) -> Sequence[Any]:
        files = self._dataset_files()
        if name not in files:
            raise WorkbenchError(f"Không có bộ câu hỏi '{name}'. Chọn một bộ trong danh sách hoặc tải tệp JSONL lên.",
                                 404)
        path = files[name][0]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WorkbenchError(f"Không đọc được bộ câu hỏi {name}: {exc}") from None
        return self.tools.parse_dataset(text.splitlines(), name)

    def upload(self, filename: str, content: str) -> dict[str, Any]:
        """Check an uploaded JSONL file with the dataset parser, then keep it; returns its list entry."""
        if len(content.encode("utf-8")) > MAX_UPLOAD_BYTES:
            raise WorkbenchError(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).", 413)
        stem = _SAFE_NAME.sub("-", strip_diacritics(Path(filename or "bo-cau-hoi").stem)).strip("-.") or "bo-cau-hoi"
        name = f"{stem[:60]}.jsonl"
        if name in {n for n, (_, source) in self._dataset_files().items() if source != "tải lên"}:
            name = f"{stem[:55]}-tai-len.jsonl"
        questions = self.tools.parse_dataset(content.splitlines(), name)  # raises DatasetError (a UserError)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.upload_dir / f".{name}.tmp"
        tmp.write_text(content if content.endswith("\n") else content + "\n", encoding="utf-8")
        tmp.replace(self.upload_dir / name)
        return {"name": name, "source": "tải lên", "questions": len(questions)}

    # -- runs ------------------------------------------------------------------------------------
    def _load_saved_runs(self) -> None:
        if self._loaded_runs:
            return
        self._loaded_runs = True
        if not self.runs_dir.is_dir():
            return
        for path in sorted(self.runs_dir.glob("*.json"))[-KEPT_RUNS:]:
            try:
                run = Run.from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError) as exc:
                log.warning("skipping unreadable run %s: %s", path, exc)
                continue
            if run.status == "running":  # the server stopped during the run
                run.status, run.error = "failed", "Máy chủ đã dừng khi lượt chạy chưa xong."
            self._runs.setdefault(run.id, run)

    def _save(self, run: Run) -> None:
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.runs_dir / f".{run.id}.tmp"
        with self._lock:
            data = json.dumps(run.to_dict(), ensure_ascii=False)
        tmp.write_text(data, encoding="utf-8")
        tmp.replace(self.runs_dir / f"{run.id}.json")

    def start_run(self, dataset: str, limit: int | None = None, mode: str = "citizen",
                  background: bool = True) -> Run:
        if mode not in ("citizen", "staff"):
            raise WorkbenchError(f"Chế độ không hợp lệ: '{mode}'. Dùng citizen hoặc staff.")
        if limit is not None and not 1 <= limit <= MAX_RUN_QUESTIONS:
            raise WorkbenchError(f"Số câu phải từ 1 đến {MAX_RUN_QUESTIONS} (nhận được {limit}).")
        questions = list(self.load(dataset))[: limit or MAX_RUN_QUESTIONS]
        run = Run(id=f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}", dataset=dataset, mode=mode,
                  total=len(questions), started=time.strftime("%Y-%m-%dT%H:%M:%S"))
        with self._lock:
            self._load_saved_runs()
            self._runs[run.id] = run
        if background:
            threading.Thread(target=self._answer_all, args=(run, questions), name=f"eval-run-{run.id}",
                             daemon=True).start()
        else:
            self._answer_all(run, questions)
        return run

    def _answer_one(self, question: Any, mode: str) -> dict[str, Any]:
        as_of = (getattr(question, "extra", {}) or {}).get("as_of")
        try:
            answer = self.service.answer(question.question, mode=mode, as_of=as_of)
        except UserError as exc:
            return answer_item(question, None, None, None, error=str(exc))
        return answer_item(question, answer, self.tools.auto_score(question, answer), self.service.documents)

    def _answer_all(self, run: Run, questions: Sequence[Any]) -> None:
        try:
            for question in questions:
                item = self._answer_one(question, run.mode)
                with self._lock:
                    run.items.append(item)
            run.status = "done"
        except Exception as exc:  # the index went away, a bug: the run says so instead of hanging
            log.exception("evaluation run %s failed", run.id)
            run.status, run.error = "failed", f"Lượt chạy dừng vì lỗi: {exc}"
        run.finished = time.strftime("%Y-%m-%dT%H:%M:%S")
        try:
            self._save(run)
        except OSError as exc:
            log.warning("could not save run %s: %s", run.id, exc)

    def runs(self) -> list[dict[str, Any]]:
        with self._lock:
            self._load_saved_runs()
            return [r.brief() for r in sorted(self._runs.values(), key=lambda r: r.started, reverse=True)]

    def get_run(self, run_id: str) -> Run:
        with self._lock:
            self._load_saved_runs()
            run = self._runs.get(run_id)
        if run is None:
            raise WorkbenchError(f"Không có lượt chạy '{run_id}'.", 404)
        return run

    def run_view(self, run_id: str, since: int = 0) -> dict[str, Any]:
        """The run's progress, its answered items from ``since`` on, and every evaluator's latest grade of each."""
        run = self.get_run(run_id)
        with self._lock:
            brief, items = run.brief(), list(run.items[since:])
        grades = self._latest_grades(run.dataset)
        for item in items:
            item["grades"] = {who: _grade_view(g, item["answer_hash"]) for (qid, who), g in grades.items()
                              if qid == item["id"]}
        return {**brief, "since": since, "items": items}

    # -- grades ----------------------------------------------------------------------------------
    def _latest_grades(self, dataset: str) -> dict[tuple[str, str], HumanScore]:
        return {(g.question_id, g.evaluator): g for g in self.store.latest(dataset)}

    def grade(self, run_id: str, question_id: str, evaluator: str, verdict: str, cause: str = "",
              comment: str = "") -> dict[str, Any]:
        evaluator = " ".join((evaluator or "").split())
        if not evaluator:
            raise WorkbenchError("Cần tên người chấm.")
        if len(evaluator) > 80:
            raise WorkbenchError("Tên người chấm quá dài (tối đa 80 ký tự).")
        if verdict not in VERDICTS:
            raise WorkbenchError("Đánh giá phải là: đúng, đúng một phần hoặc sai.")
        cause = cause or ""
        if cause and cause not in CAUSES:
            raise WorkbenchError(f"Mã nguyên nhân không hợp lệ: '{cause}'.")
        if verdict != "correct" and not cause:
            raise WorkbenchError("Hãy chọn nguyên nhân cho câu trả lời chưa đúng hoàn toàn.")
        if cause == "other" and not (comment or "").strip():
            raise WorkbenchError("Nguyên nhân 'Khác': hãy ghi rõ trong ghi chú.")
        run = self.get_run(run_id)
        with self._lock:
            item = next((i for i in run.items if i["id"] == question_id), None)
        if item is None:
            raise WorkbenchError(f"Lượt chạy {run_id} chưa có câu '{question_id}'.", 404)
        saved = self.store.add(HumanScore(run.dataset, question_id, item["question"], item["answer"], verdict,
                                          evaluator, (comment or "").strip(), cause=cause if verdict != "correct" else ""))
        return {"question_id": question_id, **_grade_view(saved, item["answer_hash"])}

    # -- results ---------------------------------------------------------------------------------
    def _latest_run(self, dataset: str) -> Run | None:
        with self._lock:
            self._load_saved_runs()
            done = [r for r in self._runs.values() if r.dataset == dataset and r.items]
        return max(done, key=lambda r: (r.status == "done", r.started), default=None)

    def summary(self, dataset: str, run_id: str | None = None) -> dict[str, Any]:
        run = self.get_run(run_id) if run_id else self._latest_run(dataset)
        if run is not None and run.dataset != dataset:
            raise WorkbenchError(f"Lượt chạy {run.id} không thuộc bộ câu hỏi {dataset}.")
        try:
            types = {q.id: q.type for q in self.load(dataset)}
        except WorkbenchError:
            types = {}
        with self._lock:
            items = list(run.items) if run is not None else []
        for item in items:
            types.setdefault(item["id"], item.get("type", "other"))
        grades = list(self._latest_grades(dataset).values())
        auto_ok = {i["id"]: bool(i["auto"].get("auto_ok")) for i in items}
        answers = {i["id"]: i["answer"] for i in items}
        evaluators = sorted({g.evaluator for g in grades})
        return {
            "dataset": dataset,
            "run": run.brief() if run is not None else None,
            "evaluators": evaluators,
            "overall": _accuracy(grades),
            "by_evaluator": {who: _accuracy([g for g in grades if g.evaluator == who]) for who in evaluators},
            "by_type": _by_type(grades, types, auto_ok),
            "by_cause": _by_cause(grades),
            "agreement": [agreement(grades, a, b).to_dict() for a, b in combinations(evaluators, 2)],
            "human_vs_auto": summarise_human(grades, auto_ok, answers) if auto_ok else {"n": 0},
            "auto": _auto_metrics(items),
            "labels": {"verdicts": VERDICT_LABEL, "causes": CAUSES, "types": TYPE_LABEL},
        }

    def export_csv(self, dataset: str | None = None) -> str:
        """Every grade (all evaluators, oldest first) with the question's type and the automatic verdict of the
        latest run, as CSV."""
        rows = self.store.rows(dataset)
        extra: dict[tuple[str, str], tuple[str, str]] = {}
        for name in {r["dataset"] for r in rows}:
            run = self._latest_run(name)
            for item in (run.items if run is not None else []):
                ok = item["auto"].get("auto_ok")
                extra[(name, item["id"])] = (item.get("type", ""), "" if ok is None else ("1" if ok else "0"))
        buffer = io.StringIO()
        columns = (*CSV_COLUMNS, "type", "auto_ok")
        for row in rows:
            row["type"], row["auto_ok"] = extra.get((row["dataset"], row["question_id"]), ("", ""))
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()


def _grade_view(grade: HumanScore, current_hash: str) -> dict[str, Any]:
    return {"evaluator": grade.evaluator, "verdict": grade.verdict, "verdict_label": VERDICT_LABEL[grade.verdict],
            "cause": grade.cause, "cause_label": CAUSES.get(grade.cause, ""), "comment": grade.note,
            "created_at": grade.created_at, "same_answer": grade.answer_hash == current_hash}


def _accuracy(grades: Sequence[HumanScore]) -> dict[str, Any]:
    counts = Counter(g.verdict for g in grades)
    n = len(grades)
    return {"n": n, "questions": len({g.question_id for g in grades}),
            **{v: counts.get(v, 0) for v in VERDICTS},
            "accuracy": sum(VERDICT_VALUE[g.verdict] for g in grades) / n if n else None,
            "strict_accuracy": counts.get("correct", 0) / n if n else None}


def _by_type(grades: Sequence[HumanScore], types: Mapping[str, str], auto_ok: Mapping[str, bool]) -> list[dict[str, Any]]:
    groups: dict[str, list[HumanScore]] = defaultdict(list)
    for grade in grades:
        groups[types.get(grade.question_id, "other")].append(grade)
    out = []
    for kind in sorted(set(groups) | {types.get(q, "other") for q in auto_ok}):
        ids = [q for q in auto_ok if types.get(q, "other") == kind]
        out.append({"type": kind, "label": TYPE_LABEL.get(kind, kind), **_accuracy(groups.get(kind, [])),
                    "auto_n": len(ids), "auto_accuracy": sum(auto_ok[q] for q in ids) / len(ids) if ids else None})
    return out


def _by_cause(grades: Sequence[HumanScore]) -> list[dict[str, Any]]:
    counts = Counter(g.cause for g in grades if g.verdict != "correct")
    total = sum(counts.values())
    return [{"cause": code, "label": label, "n": counts.get(code, 0),
             "share": counts.get(code, 0) / total if total else None}
            for code, label in [*CAUSES.items(), ("", "Chưa ghi nguyên nhân")] if counts.get(code, 0) or code]


def _mean(values: Iterable[Any]) -> float | None:
    data = [float(v) for v in values if v is not None]
    return sum(data) / len(data) if data else None


def _auto_metrics(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The run's automatic metrics (as ``dancu eval`` defines them per question), averaged over its answers."""
    autos = [i["auto"] for i in items]
    answerable = [i["auto"] for i in items if i.get("answerable")]
    quotes = sum(a.get("quotes") or 0 for a in autos)
    return {
        "n": len(items),
        "auto_accuracy": _mean(1.0 if a.get("auto_ok") else 0.0 for a in autos),
        "cited_precision": _mean(a.get("cited_precision") for a in answerable),
        "cited_recall": _mean(a.get("cited_recall") for a in answerable),
        "fact_coverage": _mean(a.get("fact_coverage") for a in answerable),
        "refusal_accuracy": _mean(None if a.get("refusal_ok") is None else (1.0 if a["refusal_ok"] else 0.0)
                                  for a in autos),
        "quote_verification": (sum(a.get("quotes_verified") or 0 for a in autos) / quotes) if quotes else None,
        "errors": sum(1 for i in items if i.get("error")),
    }
