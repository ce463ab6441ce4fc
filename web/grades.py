"""Human grades of answers, shared by the evaluator workbench (web) and `dancu eval score` (terminal).

One SQLite table under DANCU_DATA_DIR (``eval_scores.sqlite``): each grade is kept with its evaluator, time,
dataset, question id, the answer text it judged, a verdict (correct / partly / wrong), a cause code and a
comment. A re-grade adds a row; the latest grade of each (question, evaluator) counts.

Several server threads (and a terminal session) may write at once: a connection per call, WAL, and a busy
timeout, as in ``web.feedback``. Also here: Cohen's kappa between two evaluators and the comparison of human
grades with the automatic verdict.
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

from core.errors import UserError

FILE_NAME = "eval_scores.sqlite"
BUSY_TIMEOUT_S = 30.0
MAX_COMMENT_CHARS = 4000

VERDICTS = ("correct", "partly", "wrong")
VERDICT_VALUE = {"correct": 1.0, "partly": 0.5, "wrong": 0.0}
VERDICT_LABEL = {"correct": "đúng", "partly": "đúng một phần", "wrong": "sai"}

# Why an answer is not (fully) right. The order is the one shown to evaluators (and numbered 1–11 on the terminal).
CAUSES: dict[str, str] = {
    "wrong_article": "Dẫn sai điều",
    "wrong_clause": "Đúng điều, sai khoản/điểm",
    "incomplete_list": "Liệt kê thiếu",
    "empty_conclusion": "Kết luận trống hoặc không trả lời câu hỏi",
    "cut_quote": "Trích dẫn bị cắt",
    "no_steps": "Thiếu các bước thủ tục",
    "keyword_yes_no": "Có/không theo từ khoá, sai ý",
    "half_answered": "Chỉ trả lời một nửa câu hỏi",
    "missing_in_corpus": "Kho dữ liệu không có văn bản cần thiết",
    "outdated_law": "Dựa vào quy định đã hết hiệu lực",
    "other": "Khác (ghi rõ trong ghi chú)",
}

CSV_COLUMNS = ("id", "created_at", "evaluator", "dataset", "question_id", "question", "verdict", "verdict_label",
               "cause", "cause_label", "comment", "system", "answer_hash")


def answer_hash(answer: str) -> str:
    return hashlib.sha256(answer.encode("utf-8")).hexdigest()[:16]


def parse_cause(text: str) -> str | None:
    """A cause code from its code ('wrong_article'), its number on the terminal ('1'), or None."""
    key = text.strip().lower()
    if key in CAUSES:
        return key
    if key.isdigit() and 1 <= int(key) <= len(CAUSES):
        return list(CAUSES)[int(key) - 1]
    return None


@dataclass(frozen=True)
class HumanScore:
    """One grade. Positional order kept from the terminal scorer's first version (``cause`` came later)."""

    dataset: str
    question_id: str
    question: str
    answer: str
    verdict: str
    evaluator: str
    note: str = ""
    created_at: str = ""
    system: str = "ours"
    cause: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if not self.evaluator.strip():
            raise ValueError("evaluator name is empty")
        if not self.question_id:
            raise ValueError("question_id is empty")
        if self.cause and self.cause not in CAUSES:
            raise ValueError(f"cause must be one of {tuple(CAUSES)}, got {self.cause!r}")

    @property
    def answer_hash(self) -> str:
        return answer_hash(self.answer)

    @property
    def value(self) -> float:
        return VERDICT_VALUE[self.verdict]

    @property
    def comment(self) -> str:
        return self.note


_SELECT = ("SELECT dataset, question_id, question, answer, verdict, evaluator, note, created_at, system, cause "
           "FROM human_scores")


class ScoreStore:
    """The grades table; a connection per call, so any thread (or process) can read and write."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(self._connect()) as db, db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS human_scores ("
                    "id INTEGER PRIMARY KEY AUTOINCREMENT, dataset TEXT NOT NULL, question_id TEXT NOT NULL, "
                    "question TEXT NOT NULL, system TEXT NOT NULL, answer TEXT NOT NULL, answer_hash TEXT NOT NULL, "
                    "verdict TEXT NOT NULL CHECK (verdict IN ('correct','partly','wrong')), note TEXT NOT NULL, "
                    "evaluator TEXT NOT NULL, created_at TEXT NOT NULL, cause TEXT NOT NULL DEFAULT '')"
                )
                columns = {row[1] for row in db.execute("PRAGMA table_info(human_scores)")}
                if "cause" not in columns:  # a store written before cause codes existed
                    db.execute("ALTER TABLE human_scores ADD COLUMN cause TEXT NOT NULL DEFAULT ''")
                db.execute("CREATE INDEX IF NOT EXISTS human_scores_q ON human_scores (dataset, question_id)")
        except sqlite3.DatabaseError as exc:
            raise UserError(f"Không mở được cơ sở dữ liệu điểm chấm {self.path}: {exc}") from None

    @classmethod
    def in_dir(cls, data_dir: Path) -> "ScoreStore":
        return cls(store_path(data_dir))

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")
        return db

    def add(self, score: HumanScore) -> HumanScore:
        if len(score.note) > MAX_COMMENT_CHARS:
            raise UserError(f"Ghi chú quá dài ({len(score.note)} ký tự; tối đa {MAX_COMMENT_CHARS}).")
        created = score.created_at or time.strftime("%Y-%m-%dT%H:%M:%S")
        evaluator = score.evaluator.strip()
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO human_scores (dataset, question_id, question, system, answer, answer_hash, verdict, note, "
                "evaluator, created_at, cause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (score.dataset, score.question_id, score.question, score.system, score.answer, score.answer_hash,
                 score.verdict, score.note, evaluator, created, score.cause),
            )
        return HumanScore(score.dataset, score.question_id, score.question, score.answer, score.verdict,
                          evaluator, score.note, created, score.system, score.cause)

    def all(self, dataset: str | None = None, evaluator: str | None = None) -> list[HumanScore]:
        sql = _SELECT + " WHERE (? IS NULL OR dataset = ?) AND (? IS NULL OR evaluator = ?) ORDER BY id"
        with closing(self._connect()) as db:
            rows = db.execute(sql, (dataset, dataset, evaluator, evaluator)).fetchall()
        return [HumanScore(*row) for row in rows]

    def latest(self, dataset: str, system: str = "ours") -> list[HumanScore]:
        """The latest grade of each (question, evaluator)."""
        latest: dict[tuple[str, str], HumanScore] = {}
        for score in self.all(dataset):
            if score.system == system:
                latest[(score.question_id, score.evaluator)] = score
        return list(latest.values())

    def rows(self, dataset: str | None = None) -> list[dict[str, Any]]:
        """Every grade as a CSV row (oldest first)."""
        sql = ("SELECT id, created_at, evaluator, dataset, question_id, question, verdict, cause, note, system, "
               "answer_hash FROM human_scores WHERE (? IS NULL OR dataset = ?) ORDER BY id")
        with closing(self._connect()) as db:
            found = db.execute(sql, (dataset, dataset)).fetchall()
        out = []
        for (id_, created, evaluator, ds, qid, question, verdict, cause, note, system, digest) in found:
            out.append({"id": id_, "created_at": created, "evaluator": evaluator, "dataset": ds, "question_id": qid,
                        "question": question, "verdict": verdict, "verdict_label": VERDICT_LABEL[verdict],
                        "cause": cause, "cause_label": CAUSES.get(cause, ""), "comment": note, "system": system,
                        "answer_hash": digest})
        return out

    def close(self) -> None:
        """Nothing to release (a connection per call); kept for callers written for the first version."""


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def write_csv(rows: Iterable[dict[str, Any]], stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


# -- agreement between evaluators ---------------------------------------------------------------------
def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items (unweighted); None when undefined.

    kappa = (p_o - p_e) / (1 - p_e): p_o the share of items they agree on, p_e the agreement expected by chance
    from each rater's label frequencies. When both use one and the same label throughout (p_e = 1), it is 1.
    """
    if len(first) != len(second):
        raise ValueError(f"both raters must label the same items, got {len(first)} and {len(second)}")
    n = len(first)
    if n == 0:
        return None
    observed = sum(1 for a, b in zip(first, second) if a == b) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in set(first) | set(second)) / (n * n)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def kappa_meaning(kappa: float | None) -> str:
    """Landis & Koch's reading of a kappa value, in Vietnamese."""
    if kappa is None:
        return "chưa tính được"
    if kappa < 0:
        return "kém hơn ngẫu nhiên"
    for bound, words in ((0.2, "rất thấp"), (0.4, "thấp"), (0.6, "trung bình"), (0.8, "khá cao")):
        if kappa <= bound:
            return words
    return "gần như tuyệt đối"


@dataclass(frozen=True)
class Agreement:
    first: str
    second: str
    n: int  # questions both graded
    kappa: float | None
    agreed: int
    disagreements: tuple[dict[str, Any], ...]

    @property
    def meaning(self) -> str:
        return kappa_meaning(self.kappa)

    def to_dict(self) -> dict[str, Any]:
        return {"evaluators": [self.first, self.second], "n": self.n, "agreed": self.agreed,
                "kappa": None if self.kappa is None else round(self.kappa, 4), "meaning": self.meaning,
                "disagreements": list(self.disagreements)}


def agreement(scores: Sequence[HumanScore], first: str, second: str) -> Agreement:
    """Kappa of two evaluators' latest verdicts on the questions both graded, and the questions they differ on."""
    latest: dict[tuple[str, str], HumanScore] = {}
    for score in scores:
        latest[(score.evaluator, score.question_id)] = score
    mine = {qid: s for (who, qid), s in latest.items() if who == first}
    theirs = {qid: s for (who, qid), s in latest.items() if who == second}
    common = [qid for qid in mine if qid in theirs]
    a = [mine[q].verdict for q in common]
    b = [theirs[q].verdict for q in common]
    differ = []
    for qid in common:
        x, y = mine[qid], theirs[qid]
        if x.verdict != y.verdict or x.cause != y.cause:
            differ.append({
                "question_id": qid, "question": x.question,
                "grades": [{"evaluator": s.evaluator, "verdict": s.verdict, "verdict_label": VERDICT_LABEL[s.verdict],
                            "cause": s.cause, "cause_label": CAUSES.get(s.cause, ""), "comment": s.note,
                            "created_at": s.created_at} for s in (x, y)],
                "verdicts_differ": x.verdict != y.verdict,
                "same_answer": x.answer_hash == y.answer_hash,
            })
    return Agreement(first, second, len(common), cohen_kappa(a, b), sum(1 for x, y in zip(a, b) if x == y),
                     tuple(differ))


# -- human beside automatic -------------------------------------------------------------------------
def summarise_human(scores: Sequence[HumanScore], auto_ok: dict[str, bool], answers: dict[str, str] | None = None
                    ) -> dict[str, Any]:
    """Human accuracy (correct = 1, partly = 0.5) beside the automatic verdict on the same questions.

    A disagreement is a clear one: the human says wrong where the metrics pass the answer, or correct where
    they fail it. ``stale`` counts scores given to an answer text different from this run's.
    """
    scored = [s for s in scores if s.question_id in auto_ok]
    if not scored:
        return {"n": 0}
    disagreements = []
    for s in scored:
        auto = auto_ok[s.question_id]
        if (s.verdict == "wrong" and auto) or (s.verdict == "correct" and not auto):
            disagreements.append({"id": s.question_id, "question": s.question, "human": s.verdict, "auto_ok": auto,
                                  "evaluator": s.evaluator, "note": s.note, "cause": s.cause,
                                  "created_at": s.created_at})
    agree = [s for s in scored if s.verdict != "partly"]
    return {
        "n": len(scored),
        "evaluators": sorted({s.evaluator for s in scored}),
        "correct": sum(1 for s in scored if s.verdict == "correct"),
        "partly": sum(1 for s in scored if s.verdict == "partly"),
        "wrong": sum(1 for s in scored if s.verdict == "wrong"),
        "human_accuracy": sum(s.value for s in scored) / len(scored),
        "human_strict_accuracy": sum(1 for s in scored if s.verdict == "correct") / len(scored),
        "auto_accuracy_same_questions": sum(1 for s in scored if auto_ok[s.question_id]) / len(scored),
        "agreement": (sum(1 for s in agree if (s.verdict == "correct") == auto_ok[s.question_id]) / len(agree))
        if agree else None,
        "stale": sum(1 for s in scored if answers is not None and answers.get(s.question_id) is not None
                     and answer_hash(answers[s.question_id]) != s.answer_hash),
        "disagreements": disagreements,
    }
