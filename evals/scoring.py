"""Human scores of answers on the terminal (``dancu eval score``) and beside the automatic metrics.

The store itself (SQLite under DANCU_DATA_DIR, ``eval_scores.sqlite``: evaluator, time, question id, verdict
correct / partly / wrong, cause code, comment) lives in ``web.grades``, shared with the evaluator workbench of
the web page; it is re-exported here for the report and older callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from core.errors import UserError
from evals.dataset import read_json_lines

from web.grades import (  # noqa: F401  (re-exported)
    CAUSES,
    VERDICT_LABEL,
    VERDICT_VALUE,
    VERDICTS,
    HumanScore,
    ScoreStore,
    answer_hash,
    parse_cause,
    store_path,
    summarise_human,
)

_KEYS = {"d": "correct", "đ": "correct", "c": "correct", "1": "correct",
         "m": "partly", "p": "partly", "2": "partly",
         "s": "wrong", "w": "wrong", "3": "wrong"}


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


def parse_reply(text: str) -> tuple[str | None, str]:
    """'s 1' -> ('wrong', 'wrong_article'): a verdict, optionally followed by a cause code or its number."""
    words = " ".join(text.strip().lower().split())
    head, _, last = words.rpartition(" ")
    if head:
        cause = parse_cause(last)
        verdict = parse_verdict(head)
        if cause and verdict:
            return verdict, cause
    return parse_verdict(words), ""


def cause_legend() -> str:
    """The numbered cause codes, as the terminal shows them."""
    return "Mã nguyên nhân (gõ sau đánh giá, ví dụ 's 1'): " + "; ".join(
        f"{n}. {label} ({code})" for n, (code, label) in enumerate(CAUSES.items(), start=1))


def interactive_session(items: Iterable[ToScore], store: ScoreStore, dataset: str, evaluator: str, *,
                        ask: Callable[[str], str] | None = None, say: Callable[[str], None] | None = None,
                        skip_scored: bool = True) -> int:
    """Ask the evaluator for a verdict (and a cause code) and a note on each answer; returns how many were saved.

    Keys: đ/d/1 = đúng, m/p/2 = đúng một phần, s/w/3 = sai, b = bỏ qua (skip), q = thoát (quit); a cause code or
    its number may follow the verdict ('s 1' = sai, dẫn sai điều; 'm incomplete_list').
    """
    ask = ask or input
    say = say or print
    done = {(s.question_id, s.answer_hash) for s in store.all(dataset, evaluator)} if skip_scored else set()
    saved = 0
    legend_shown = False
    for item in items:
        if (item.question_id, answer_hash(item.answer)) in done:
            continue
        if not legend_shown:
            say(cause_legend())
            legend_shown = True
        say("\n" + "=" * 72)
        say(f"[{item.question_id}] {item.question}")
        if item.context:
            say(item.context)
        say("-" * 72)
        say(item.answer)
        say("-" * 72)
        while True:
            try:
                reply = ask("Đánh giá — đ: đúng, m: đúng một phần, s: sai (+ mã nguyên nhân), b: bỏ qua, q: thoát > "
                            ).strip().lower()
            except EOFError:  # end of input counts as quitting
                return saved
            if reply in ("q", "quit", "thoat", "thoát"):
                return saved
            if reply in ("b", "skip", "bo qua", "bỏ qua"):
                verdict = None
                break
            verdict, cause = parse_reply(reply)
            if verdict:
                break
            say("Không hiểu lựa chọn; hãy gõ đ, m, s (có thể kèm mã nguyên nhân, ví dụ 's 1'), b hoặc q.")
        if verdict is None:
            continue
        try:
            note = ask("Ghi chú (Enter để bỏ qua) > ").strip()
        except EOFError:
            note = ""
        store.add(HumanScore(dataset, item.question_id, item.question, item.answer, verdict, evaluator, note,
                             cause=cause))
        saved += 1
    return saved


# -- grades kept as data -------------------------------------------------------------------------
@dataclass(frozen=True)
class GradeRecord:
    """One line of a committed grades file (``evals/data/grades-*.jsonl``): ids only, no third-party text."""

    question_id: str
    verdict: str
    cause: str
    comment: str
    evaluator: str
    graded_at: str
    build: str


def read_grades(path: Path) -> list[GradeRecord]:
    """The grades of a JSONL file; a bad line is a Vietnamese error with its line number."""
    grades = []
    for number, row in read_json_lines(path, "dòng điểm chấm không hợp lệ (không phải JSON)."):
        try:
            grade = GradeRecord(str(row["id"]), row["verdict"], row.get("cause") or "", row.get("comment") or "",
                                row["evaluator"], row.get("graded_at", ""), row.get("build", ""))
        except (KeyError, TypeError, AttributeError) as exc:
            raise UserError(f"{path}:{number}: dòng điểm chấm không hợp lệ ({exc}).") from None
        if grade.verdict not in VERDICTS or (grade.cause and grade.cause not in CAUSES):
            raise UserError(f"{path}:{number}: kết luận '{grade.verdict}' hoặc mã nguyên nhân '{grade.cause}' không hợp lệ.")
        grades.append(grade)
    return grades


def latest_build(grades: Sequence[GradeRecord]) -> str:
    """The build graded last: a file keeps earlier passes as history, appended in order; the newest pass is the one
    reported (on the same day the later line wins: build names are commit hashes, which do not sort by time)."""
    return max(enumerate(grades), key=lambda t: (t[1].graded_at, t[0]))[1].build if grades else ""


def import_grades(grades: Sequence[GradeRecord], store: ScoreStore, dataset: str, questions: dict[str, str],
                  answers: dict[str, str]) -> tuple[int, int]:
    """Put ``grades`` into the score store under ``dataset`` with the graded answers' text (from a run's
    answers.jsonl, so the report can tell a grade of this very answer from a stale one). Returns (added,
    already there); importing twice adds nothing."""
    have = {(s.question_id, s.evaluator, s.verdict, s.note, s.answer_hash) for s in store.all(dataset)}
    added = kept = 0
    for grade in grades:
        if grade.question_id not in questions:
            raise UserError(f"Câu {grade.question_id} không có trong bộ câu hỏi {dataset}.")
        answer = answers.get(grade.question_id, "")
        if (grade.question_id, grade.evaluator, grade.verdict, grade.comment, answer_hash(answer)) in have:
            kept += 1
            continue
        store.add(HumanScore(dataset, grade.question_id, questions[grade.question_id], answer, grade.verdict,
                             grade.evaluator, grade.comment, grade.graded_at, "ours", grade.cause))
        added += 1
    return added, kept
