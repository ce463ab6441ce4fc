"""Human grades of answers, shared by the evaluator workbench (web) and `dancu eval score` (terminal).

One table, ``human_scores``, through SQLAlchemy (``web.database``): in ``DANCU_DATABASE_URL`` when set, else in
``DANCU_DATA_DIR/eval_scores.sqlite`` as before. Each grade is kept with its evaluator, time, dataset, question
id, the answer text it judged, a verdict (correct / partly / wrong), a cause code and a comment. A re-grade adds
a row; the latest grade of each (question, evaluator) counts.

Several server threads and processes (and a terminal session) may write at once: pooled connections, and for
SQLite WAL and a busy timeout, as in ``web.feedback``. Also here: Cohen's kappa between two evaluators and the
comparison of human grades with the automatic verdict.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

from sqlalchemy import CheckConstraint, Column, Engine, Index, Integer, Table, Text, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError

from core.errors import UserError
from core.settings import Settings
from web.database import METADATA, database_url, guarded, is_url, open_database, sqlite_file, sqlite_url

FILE_NAME = "eval_scores.sqlite"
MAX_COMMENT_CHARS = 4000

VERDICTS = ("correct", "partly", "wrong")
VERDICT_VALUE = {"correct": 1.0, "partly": 0.5, "wrong": 0.0}
VERDICT_LABEL = {"correct": "đúng", "partly": "đúng một phần", "wrong": "sai"}

# Why an answer is not (fully) right. The order is the one shown to evaluators (and numbered 1–13 on the terminal).
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
    "wrongful_refusal": "Từ chối trả lời dù nguồn có quy định",
    "missed_refusal": "Trả lời dù nguồn không quy định (lẽ ra phải từ chối)",
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


# The table as the sqlite3 version created it (same names and types), so its files keep working.
HUMAN_SCORES = Table(
    "human_scores", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", Text, nullable=False),
    Column("question_id", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("system", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("answer_hash", Text, nullable=False),
    Column("verdict", Text, CheckConstraint("verdict IN ('correct','partly','wrong')", name="human_scores_verdict"),
           nullable=False),
    Column("note", Text, nullable=False),
    Column("evaluator", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("cause", Text, nullable=False, server_default=""),
    Index("human_scores_q", "dataset", "question_id"),
    sqlite_autoincrement=True,
)
# HumanScore's positional order.
_SCORE_COLUMNS = ("dataset", "question_id", "question", "answer", "verdict", "evaluator", "note", "created_at",
                  "system", "cause")


class ScoreStore:
    """The grades table. ``location`` is a SQLite file or a SQLAlchemy URL (``postgresql+psycopg://…``);
    connections come from the engine's pool, so any thread can read and write."""

    def __init__(self, location: Path | str) -> None:
        self.url = str(location) if is_url(location) else sqlite_url(location)
        self.path: Path | None = sqlite_file(self.url)  # None for a database server
        self._engine = open_database(self.url, HUMAN_SCORES)
        with guarded(self.url):
            _upgrade(self._engine)

    @classmethod
    def in_dir(cls, data_dir: Path) -> "ScoreStore":
        return cls(store_path(data_dir))

    @classmethod
    def for_settings(cls, settings: Settings) -> "ScoreStore":
        """``DANCU_DATABASE_URL``, else ``eval_scores.sqlite`` in the data directory."""
        return cls(database_url(settings, FILE_NAME))

    def add(self, score: HumanScore) -> HumanScore:
        if len(score.note) > MAX_COMMENT_CHARS:
            raise UserError(f"Ghi chú quá dài ({len(score.note)} ký tự; tối đa {MAX_COMMENT_CHARS}).")
        created = score.created_at or time.strftime("%Y-%m-%dT%H:%M:%S")
        evaluator = score.evaluator.strip()
        row = {"dataset": score.dataset, "question_id": score.question_id, "question": score.question,
               "system": score.system, "answer": score.answer, "answer_hash": score.answer_hash,
               "verdict": score.verdict, "note": score.note, "evaluator": evaluator, "created_at": created,
               "cause": score.cause}
        with guarded(self.url), self._engine.begin() as db:
            db.execute(insert(HUMAN_SCORES).values(row))
        return HumanScore(score.dataset, score.question_id, score.question, score.answer, score.verdict,
                          evaluator, score.note, created, score.system, score.cause)

    def all(self, dataset: str | None = None, evaluator: str | None = None) -> list[HumanScore]:
        query = select(*(HUMAN_SCORES.c[name] for name in _SCORE_COLUMNS)).order_by(HUMAN_SCORES.c.id)
        if dataset is not None:
            query = query.where(HUMAN_SCORES.c.dataset == dataset)
        if evaluator is not None:
            query = query.where(HUMAN_SCORES.c.evaluator == evaluator)
        with guarded(self.url), self._engine.connect() as db:
            return [HumanScore(*row) for row in db.execute(query)]

    def latest(self, dataset: str, system: str = "ours") -> list[HumanScore]:
        """The latest grade of each (question, evaluator)."""
        latest: dict[tuple[str, str], HumanScore] = {}
        for score in self.all(dataset):
            if score.system == system:
                latest[(score.question_id, score.evaluator)] = score
        return list(latest.values())

    def rows(self, dataset: str | None = None) -> list[dict[str, Any]]:
        """Every grade as a CSV row (oldest first)."""
        c = HUMAN_SCORES.c
        query = select(c.id, c.created_at, c.evaluator, c.dataset, c.question_id, c.question, c.verdict, c.cause,
                       c.note, c.system, c.answer_hash).order_by(c.id)
        if dataset is not None:
            query = query.where(c.dataset == dataset)
        with guarded(self.url), self._engine.connect() as db:
            found = db.execute(query).all()
        out = []
        for (id_, created, evaluator, ds, qid, question, verdict, cause, note, system, digest) in found:
            out.append({"id": id_, "created_at": created, "evaluator": evaluator, "dataset": ds, "question_id": qid,
                        "question": question, "verdict": verdict, "verdict_label": VERDICT_LABEL[verdict],
                        "cause": cause, "cause_label": CAUSES.get(cause, ""), "comment": note, "system": system,
                        "answer_hash": digest})
        return out

    def close(self) -> None:
        """Nothing to release (the engine's pool is shared by the process); kept for older callers."""


def _upgrade(engine: Engine) -> None:
    """A store written before cause codes existed gets the column (its grades: no cause) and the index, which
    ``create_all`` leaves out for a table that already exists."""
    columns = {column["name"] for column in inspect(engine).get_columns(HUMAN_SCORES.name)}
    if "cause" not in columns:
        with engine.begin() as db:
            db.execute(text("ALTER TABLE human_scores ADD COLUMN cause TEXT NOT NULL DEFAULT ''"))
    for index in HUMAN_SCORES.indexes:
        try:
            index.create(engine, checkfirst=True)
        except DBAPIError:  # another process created it at the same moment: fine once it is there
            if index.name not in {i["name"] for i in inspect(engine).get_indexes(HUMAN_SCORES.name)}:
                raise


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
