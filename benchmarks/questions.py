"""The questions benchmarks ask: the dev set's questions, in file order."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator, Sequence

from core.errors import UserError
from core.settings import PROJECT_ROOT
from evals.dataset import read_json_lines

DEV_SET = PROJECT_ROOT / "evals" / "data" / "dev.jsonl"

# Ways people open or close a question; combined with a dev question they give distinct texts, so a
# load test is not answered from the in-process query-embedding cache after the first round.
PREFIXES = ("", "Cho tôi hỏi: ", "Xin hỏi, ", "Nhờ tư vấn giúp: ", "Mình muốn biết ", "Cho em hỏi ", "Hỏi: ", "Vui lòng cho biết ")
SUFFIXES = ("", " Cảm ơn.", " Xin cảm ơn!", " ạ?", " Mong được giải đáp.", " (hỏi gấp)", " Trân trọng.", " Cám ơn nhiều.")


def load_questions(path: Path | None = None, limit: int | None = None) -> list[str]:
    path = Path(path or DEV_SET)
    questions = []
    for number, row in read_json_lines(path, "dòng không phải JSON có trường 'question'."):
        try:
            questions.append(str(row["question"]))
        except (KeyError, TypeError):
            raise UserError(f"{path}:{number}: dòng không phải JSON có trường 'question'.") from None
    if not questions:
        raise UserError(f"Tệp {path} không có câu hỏi nào.")
    return questions[:limit] if limit else questions


def variants(questions: list[str]):
    """An endless stream of question texts, distinct for the first 64 rounds over ``questions``:
    each round uses the next prefix/suffix pair."""
    combos = [(p, s) for s in SUFFIXES for p in PREFIXES]
    round_ = 0
    while True:
        prefix, suffix = combos[round_ % len(combos)]
        for q in questions:
            yield f"{prefix}{q}{suffix}"
        round_ += 1


class QuestionFeed:
    """Distinct questions for many client threads: ``feed()`` gives the next text of ``variants`` (a second phase
    must not be answered from the server's query-embedding cache filled by the first)."""

    def __init__(self, questions: Sequence[str]) -> None:
        self._it: Iterator[str] = variants(list(questions))
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            return next(self._it)
