"""The whole path from a question to a cited answer, one typed stage per module:

    QuestionReader     bot/question.py    raw text + history -> Question
    RequestChecker     bot/checks.py      Question -> RequestCheck (refusal?, named articles)
    HybridRetriever    bot/retrieval.py   Question -> Retrieval (ranked chunks and articles, every signal)
    EvidenceSelector   bot/evidence.py    Question + Retrieval -> Evidence (verbatim clauses to cite)
    LlmComposer        bot/llm.py         Evidence -> Drafted (optional; None falls back)
    ExtractiveComposer bot/compose.py     Evidence -> Answer (conclusion, quotes, steps, notes)
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from bot.checks import RequestChecker
from bot.compose import ExtractiveComposer
from bot.evidence import EvidenceSelector
from bot.llm import LlmComposer
from bot.models import Answer
from bot.question import QuestionReader
from bot.retrieval import HybridRetriever


@dataclass
class AnswerPipeline:
    reader: QuestionReader
    checker: RequestChecker
    retriever: HybridRetriever
    selector: EvidenceSelector
    composer: ExtractiveComposer
    llm: LlmComposer | None = None

    def run(self, question_text: str, history: list | None = None, mode: str = "citizen",
            as_of: dt.date | None = None) -> Answer:
        clock = _Clock()
        question = clock.time("read", self.reader.run, question_text, history, mode, as_of)
        clock.as_of = question.as_of
        check = clock.time("check", self.checker.run, question)
        if check.refusal is not None:
            return clock.stamp(self.composer.refusal(question, check.refusal))
        retrieval = clock.time("retrieve", self.retriever.run, question, check.lookups)
        clock.timings.update(retrieval.timings)
        if (weak := self.checker.evidence(question, retrieval)) is not None:
            return clock.stamp(self.composer.refusal(question, weak, retrieval.hits))
        evidence = clock.time("select", self.selector.run, question, retrieval, check.named_article)
        flags: tuple[str, ...] = ()
        if self.llm is not None:
            drafted = clock.time("llm", self.llm.run, question, evidence, retrieval.hits)
            if drafted.answer is not None:
                return clock.stamp(drafted.answer)
            flags = drafted.flags
        return clock.stamp(clock.time("compose", self.composer.run, question, evidence, retrieval.hits, flags))


class _Clock:
    """Milliseconds per stage, reported in ``Answer.timings`` (benchmarks read them; nothing is patched)."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.as_of = ""

    def time(self, stage: str, fn, *args):
        started = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.timings[stage] = (time.perf_counter() - started) * 1000.0

    def stamp(self, answer: Answer) -> Answer:
        return answer.model_copy(update={"timings": dict(self.timings), "as_of": self.as_of})
