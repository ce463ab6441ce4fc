"""Stage 5: write the answer from the chosen evidence (extractive, no LLM): the conclusion first, then the
quoted legal basis, the steps and the notes; or a refusal that says why and where to ask."""

from __future__ import annotations

import json
from typing import Sequence

from bot.conclusion import conclude
from bot.currency import asks_about_status, currency_notes, replaced_warnings, status_conclusion
from bot.evidence import Evidence
from bot.index import LoadedIndex
from bot.models import Answer, Citation, RetrievedRef
from bot.question import Question
from bot.refusals import Refusal, not_covered
from bot.render import document_notes, render_answer, render_refusal
from bot.retrieval import Hit
from core.legal_refs import resolve_so_hieu


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

    def notes(self, citations: Sequence[Citation], day: str) -> list[str]:
        """Currency notes first (amendments, two-level government, spent rules), then each document's status."""
        held = {d.so_hieu: d.held_articles for d in self.index.documents.values()}
        return currency_notes(citations, self.index.documents, day) + document_notes(list(citations), held)

    def status_conclusion(self, question: Question) -> str | None:
        """'Nghị định 13/2023 còn hiệu lực không?': answered from the document's recorded status and relations."""
        if not asks_about_status(question.plain):
            return None
        named = [self.index.documents[d.so_hieu] for d in question.documents if d.so_hieu in self.index.documents]
        if not named:
            known = list(self.index.documents)
            named = [self.index.documents[s] for d in question.documents if (s := resolve_so_hieu(d, known))]
        return status_conclusion(named[0], question.as_of, self.index.documents) if named else None

    def warnings(self, citations: Sequence[Citation], day: str) -> list[str]:
        return replaced_warnings(citations, self.index.documents, day)

    def run(self, question: Question, evidence: Evidence, hits: Sequence[Hit], flags: tuple[str, ...] = ()) -> Answer:
        units = list(evidence.units)
        if not units:
            return self.refusal(question, not_covered(), hits, flags)
        citations = [u.citation() for u in units]
        conclusion = self.status_conclusion(question) or conclude(question, units, evidence.faq_conclusion)
        steps = [c.quote for c in citations if c.step is not None]
        warnings = self.warnings(citations, question.as_of)
        notes = self.notes(citations, question.as_of)
        markdown = render_answer(conclusion, citations, steps, notes, question.mode, warnings)
        return Answer(question=question.raw, answer=markdown, conclusion=conclusion, steps=tuple(steps),
                      citations=tuple(citations), retrieved=retrieved_refs(hits), question_type=question.qtype,
                      notes=tuple(warnings + notes), flags=flags)

    @staticmethod
    def refusal(question: Question, refusal: Refusal, hits: Sequence[Hit] = (), flags: tuple[str, ...] = ()) -> Answer:
        return Answer(question=question.raw, answer=render_refusal(refusal.message), conclusion=refusal.message,
                      refused=True, retrieved=retrieved_refs(hits), question_type=question.qtype,
                      flags=flags + (f"refused:{refusal.reason}",))
