"""Stage 5: write the answer from the chosen evidence (extractive, no LLM): the conclusion first, then the
quoted legal basis, the steps and the notes; or a refusal that says why and where to ask."""

from __future__ import annotations

import json
from typing import Sequence

from bot.conclusion import conclude
from bot.evidence import Evidence
from bot.index import LoadedIndex
from bot.models import Answer, Citation, RetrievedRef
from bot.question import Question
from bot.refusals import Refusal, not_covered
from bot.render import document_notes, render_answer, render_refusal
from bot.retrieval import Hit


def retrieved_refs(hits: Sequence[Hit]) -> tuple[RetrievedRef, ...]:
    return tuple(
        RetrievedRef(id=h.chunk.id, so_hieu=h.chunk.so_hieu, article=h.chunk.article, clause=h.chunk.clause,
                     point=h.chunk.point, step=h.chunk.step, kind=h.chunk.kind, score=round(h.score, 4),
                     cites=json.loads(h.chunk.cites or "[]") if h.chunk.kind != "law" else [])
        for h in hits
    )


class ExtractiveComposer:
    def __init__(self, index: LoadedIndex) -> None:
        self.index = index

    def notes(self, citations: Sequence[Citation]) -> list[str]:
        return document_notes(list(citations), {d.so_hieu: d.held_articles for d in self.index.documents.values()})

    def run(self, question: Question, evidence: Evidence, hits: Sequence[Hit], flags: tuple[str, ...] = ()) -> Answer:
        units = list(evidence.units)
        if not units:
            return self.refusal(question, not_covered(), hits, flags)
        citations = [u.citation() for u in units]
        conclusion = conclude(question, units, evidence.faq_conclusion)
        steps = [c.quote for c in citations if c.step is not None]
        notes = self.notes(citations)
        return Answer(question=question.raw, answer=render_answer(conclusion, citations, steps, notes, question.mode),
                      conclusion=conclusion, steps=tuple(steps), citations=tuple(citations),
                      retrieved=retrieved_refs(hits), question_type=question.qtype, notes=tuple(notes), flags=flags)

    @staticmethod
    def refusal(question: Question, refusal: Refusal, hits: Sequence[Hit] = (), flags: tuple[str, ...] = ()) -> Answer:
        return Answer(question=question.raw, answer=render_refusal(refusal.message), conclusion=refusal.message,
                      refused=True, retrieved=retrieved_refs(hits), question_type=question.qtype,
                      flags=flags + (f"refused:{refusal.reason}",))
