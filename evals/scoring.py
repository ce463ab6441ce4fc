"""Human scores of answers: correct / partly correct / wrong plus a note, with the evaluator's name and time,
kept in SQLite under DANCU_DATA_DIR (``eval_scores.sqlite``). Used by ``dancu eval score`` on the terminal
(and usable from a web tab); the report puts human accuracy beside the automatic metrics.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from core.errors import UserError

VERDICTS = ("correct", "partly", "wrong")
VERDICT_VALUE = {"correct": 1.0, "partly": 0.5, "wrong": 0.0}
VERDICT_LABEL = {"correct": "đúng", "partly": "đúng một phần", "wrong": "sai"}
_KEYS = {"d": "correct", "đ": "correct", "c": "correct", "1": "correct",
         "m": "partly", "p": "partly", "2": "partly",
         "s": "wrong", "w": "wrong", "3": "wrong"}


def answer_hash(answer: str) -> str:
    return hashlib.sha256(answer.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class HumanScore:
    dataset: str
    question_id: str
    question: str
    answer: str
    verdict: str
    evaluator: str
    note: str = ""
    created_at: str = ""
    system: str = "ours"

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if not self.evaluator.strip():
            raise ValueError("evaluator name is empty")
        if not self.question_id:
            raise ValueError("question_id is empty")

    @property
    def answer_hash(self) -> str:
        return answer_hash(self.answer)

    @property
    def value(self) -> float:
        return VERDICT_VALUE[self.verdict]


class ScoreStore:
    """One SQLite table of scores; every score is kept (a re-score adds a row, the latest counts)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(self.path, timeout=30)
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS human_scores ("
                "id INTEGER PRIMARY KEY AUTOINCREMENT, dataset TEXT NOT NULL, question_id TEXT NOT NULL, "
                "question TEXT NOT NULL, system TEXT NOT NULL, answer TEXT NOT NULL, answer_hash TEXT NOT NULL, "
                "verdict TEXT NOT NULL CHECK (verdict IN ('correct','partly','wrong')), note TEXT NOT NULL, "
                "evaluator TEXT NOT NULL, created_at TEXT NOT NULL)"
            )
            self._conn.execute("CREATE INDEX IF NOT EXISTS human_scores_q ON human_scores (dataset, question_id)")
        except sqlite3.DatabaseError as exc:
            raise UserError(f"Không mở được cơ sở dữ liệu điểm chấm {self.path}: {exc}") from None

    def add(self, score: HumanScore) -> HumanScore:
        created = score.created_at or time.strftime("%Y-%m-%dT%H:%M:%S")
        with self._conn:
            self._conn.execute(
                "INSERT INTO human_scores (dataset, question_id, question, system, answer, answer_hash, verdict, note, "
                "evaluator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (score.dataset, score.question_id, score.question, score.system, score.answer, score.answer_hash,
                 score.verdict, score.note, score.evaluator.strip(), created),
            )
        return HumanScore(score.dataset, score.question_id, score.question, score.answer, score.verdict,
                          score.evaluator.strip(), score.note, created, score.system)

    def all(self, dataset: str | None = None, evaluator: str | None = None) -> list[HumanScore]:
        sql = ("SELECT dataset, question_id, question, answer, verdict, evaluator, note, created_at, system "
               "FROM human_scores WHERE (? IS NULL OR dataset = ?) AND (? IS NULL OR evaluator = ?) ORDER BY id")
        rows = self._conn.execute(sql, (dataset, dataset, evaluator, evaluator)).fetchall()
        return [HumanScore(*row) for row in rows]

    def latest(self, dataset: str, system: str = "ours") -> list[HumanScore]:
        """The latest score of each (question, evaluator)."""
        latest: dict[tuple[str, str], HumanScore] = {}
        for score in self.all(dataset):
            if score.system == system:
                latest[(score.question_id, score.evaluator)] = score
        return list(latest.values())

    def close(self) -> None:
        self._conn.close()


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / "eval_scores.sqlite"


# -- comparison with the automatic verdict ---------------------------------------------------
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
                                  "evaluator": s.evaluator, "note": s.note, "created_at": s.created_at})
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


# -- the terminal session ---------------------------------------------------------------------
@dataclass(frozen=True)
class ToScore:
    question_id: str
    question: str
    answer: str
    context: str = ""  # gold articles etc., shown to the evaluator


def parse_verdict(text: str) -> str | None:
    key = " ".join(text.strip().lower().split())
    if key in VERDICTS:
        return key
    if key.startswith(("đúng một phần", "dung mot phan", "một phần", "mot phan", "partly")):
        return "partly"
    return _KEYS.get(key[:1]) if key else None


def interactive_session(items: Iterable[ToScore], store: ScoreStore, dataset: str, evaluator: str, *,
                        ask: Callable[[str], str] | None = None, say: Callable[[str], None] | None = None,
                        skip_scored: bool = True) -> int:
    """Ask the evaluator for a verdict and a note on each answer; returns how many scores were saved.

    Keys: đ/d/1 = đúng, m/p/2 = đúng một phần, s/w/3 = sai, b = bỏ qua (skip), q = thoát (quit).
    """
    ask = ask or input
    say = say or print
    done = {(s.question_id, s.answer_hash) for s in store.all(dataset, evaluator)} if skip_scored else set()
    saved = 0
    for item in items:
        if (item.question_id, answer_hash(item.answer)) in done:
            continue
        say("\n" + "=" * 72)
        say(f"[{item.question_id}] {item.question}")
        if item.context:
            say(item.context)
        say("-" * 72)
        say(item.answer)
        say("-" * 72)
        while True:
            try:
                reply = ask("Đánh giá — đ: đúng, m: đúng một phần, s: sai, b: bỏ qua, q: thoát > ").strip().lower()
            except EOFError:  # end of input counts as quitting
                return saved
            if reply in ("q", "quit", "thoat", "thoát"):
                return saved
            if reply in ("b", "skip", "bo qua", "bỏ qua"):
                verdict = None
                break
            verdict = parse_verdict(reply)
            if verdict:
                break
            say("Không hiểu lựa chọn; hãy gõ đ, m, s, b hoặc q.")
        if verdict is None:
            continue
        try:
            note = ask("Ghi chú (Enter để bỏ qua) > ").strip()
        except EOFError:
            note = ""
        store.add(HumanScore(dataset, item.question_id, item.question, item.answer, verdict, evaluator, note))
        saved += 1
    return saved
