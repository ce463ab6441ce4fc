"""The whole path from a question to a cited answer, one typed stage per module:

    QuestionReader     bot/question.py    raw text + history -> Question
    RequestChecker     bot/checks.py      Question -> RequestCheck (refusal?, named articles)
    HybridRetriever    bot/retrieval.py   Question -> Retrieval (ranked chunks and articles, every signal)
    EvidenceSelector   bot/evidence.py    Question + Retrieval -> Evidence (verbatim clauses to cite; each part
                                          of a multi-part question retrieved and selected on its own)
    LlmComposer        bot/llm.py         Evidence -> Drafted (optional; None falls back)
    ExtractiveComposer bot/compose.py     Evidence -> Answer (conclusion, quotes, steps, notes)
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, replace

from bot.checks import RequestCheck, RequestChecker
from bot.clause_ranker import clause_features
from bot.compose import ExtractiveComposer
from bot.conclusion import asks_permission_unanswered, names_act
from bot.evidence import Evidence, EvidenceSelector
from bot.llm import LlmComposer
from bot.answer_types import asked_modality, is_claim
from bot.models import Answer
from bot.premise import REASONS, without_reference
from bot.question import Question, QuestionReader
from bot.retrieval import HybridRetriever, Retrieval


CLAUSE_TRAINING_ARTICLES = 5  # the khoản of these first-ranked articles are the clause model's examples


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
            return clock.stamp(self.refuse_or_correct(question, check))
        retrieval = clock.time("retrieve", self.retriever.run, question, check.lookups)
        clock.timings.update(retrieval.timings)
        ranked = retrieval.ranked_hits()
        if (weak := self.checker.evidence(question, retrieval) or self.checker.outside_sources(question)) is not None:
            return clock.stamp(self.composer.refusal(question, weak, ranked))
        evidence = clock.time("select", self.select, question, retrieval, check)
        if asks_permission_unanswered(question, evidence):
            evidence = clock.time("prohibitions", self.with_prohibition, question, evidence)
        flags: tuple[str, ...] = ()
        if self.llm is not None:
            drafted = clock.time("llm", self.llm.run, question, evidence, ranked)
            if drafted.answer is not None:
                return clock.stamp(drafted.answer)
            flags = drafted.flags
        return clock.stamp(clock.time("compose", self.composer.run, question, evidence, ranked, flags))

    def refuse_or_correct(self, question: Question, check: RequestCheck) -> Answer:
        """A question resting on an article or document we do not hold may also ask about an act the law forbids:
        say both (there is no such article; the law forbids the act, cited) rather than only refuse."""
        if check.refusal.reason in REASONS:
            # look up the act among the prohibitions, not the missing article
            act = self.reader.run(f"{question.cleaned} hành vi bị nghiêm cấm", None, question.mode, question.as_of)
            retrieval = self.retriever.run(act, ())
            evidence = self.selector.prohibitions(act, retrieval)
            fixed = self.composer.corrected(question, check.refusal, evidence, retrieval.ranked_hits())
            if fixed is not None:
                return fixed
        if check.refusal.reason in ("missing_article", "missing_clause") and (answered := self.answer_held(question, check)):
            return self.composer.premise_noted(answered, check.refusal)
        return self.composer.refusal(question, check.refusal)

    def answer_held(self, question: Question, check: RequestCheck) -> Answer | None:
        """The question's own yes/no ask answered from the articles we hold, the missing reference taken out
        ('Theo Điều 48 …, người 60 tuổi không phải đổi thẻ nữa đúng không?' -> khoản 1 Điều 21) — an article held
        without the khoản named leads (khoản 5 Điều 26 -> Điều 26); None when it asks no yes/no, or the sources give
        no verdict on it either."""
        own = without_reference(question.cleaned)
        if own == question.cleaned:
            return None
        asked = self.reader.run(own, None, question.mode, question.as_of)
        if asked_modality(asked.plain) is None and not is_claim(asked.plain):
            return None
        held = tuple(replace(l, clause=None, clause_held=True) for l in check.lookups
                     if l.found and not l.clause_held)
        retrieval = self.retriever.run(asked, held)
        if self.checker.evidence(asked, retrieval) is not None:
            return None
        answer = self.composer.run(asked, self.selector.run(asked, retrieval), retrieval.ranked_hits())
        verdict = re.match(r"(Có|Không|Tùy trường hợp)\b", answer.conclusion or "")
        return answer.model_copy(update={"question": question.raw}) if verdict and not answer.refused else None

    def with_prohibition(self, question: Question, evidence: Evidence) -> Evidence:
        """'Công an được bán dữ liệu … không?' when the chosen article speaks of something else: a prohibited act
        naming the very verb asked answers 'Không' (the prohibitions sit in their own article, rarely ranked first)."""
        act = self.reader.run(f"{question.cleaned} hành vi bị nghiêm cấm", None, question.mode, question.as_of)
        found = self.selector.prohibitions(act, self.retriever.run(act, ()))
        naming = tuple(u for u in found.units if names_act(question, u))
        if not naming:
            return evidence
        return Evidence(naming + evidence.units, evidence.faq_conclusion, evidence.top, evidence.unanswered)

    def select(self, question: Question, retrieval: Retrieval, check: RequestCheck) -> Evidence:
        """The evidence; a question asking several things gets each part's evidence, in the order asked."""
        if len(question.parts) < 2 or check.named_article is not None:
            return self.selector.run(question, retrieval, check.named_article)
        found: list[Evidence] = []
        unanswered: list[str] = []
        for text in question.parts:
            part = self.reader.run(text, None, question.mode, question.as_of)
            retrieval = self.retriever.run(part, self.checker.lookups(part), asker=question.plain)
            if self.checker.evidence(part, retrieval) is not None:
                unanswered.append(text)  # e.g. a fine the sources do not state: said, not guessed
                continue
            found.append(self.selector.run(part, retrieval))
        units = {(u.doc.so_hieu, u.article.number, u.clause, u.point, u.step): u for e in found for u in e.units}
        return Evidence(tuple(units.values()), None, found[0].top if found else None, tuple(unanswered))

    def _retrieved(self, question_text: str, as_of: dt.date | None) -> tuple[Question, Retrieval]:
        """The question read, checked for named articles and retrieved for (training and reports; no refusal)."""
        question = self.reader.run(question_text, None, "citizen", as_of)
        return question, self.retriever.run(question, self.checker.run(question).lookups)

    def candidates(self, question_text: str, as_of: dt.date | None = None) -> list[dict]:
        """The candidate articles of a question with the ranker's features and score (for training and reports)."""
        _, retrieval = self._retrieved(question_text, as_of)
        return [{"so_hieu": a.so_hieu, "article": a.article, "score": a.score, "features": dict(a.features)}
                for a in retrieval.articles]

    def clause_candidates(self, question_text: str, as_of: dt.date | None = None) -> list[dict]:
        """The khoản of the first-ranked articles with the clause model's features (for training it)."""
        question, retrieval = self._retrieved(question_text, as_of)
        out = []
        for ranked in retrieval.articles[:CLAUSE_TRAINING_ARTICLES]:
            article = self.selector.index.article(ranked.so_hieu, ranked.article, question.as_of)
            if article is None or len(article.clauses) < 2:
                continue
            for number, features in clause_features(question, ranked, article).items():
                out.append({"so_hieu": ranked.so_hieu, "article": ranked.article, "clause": number, "features": features})
        return out


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
