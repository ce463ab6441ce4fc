"""The answer pipeline as LangChain runnables:

    prepare (clean, follow-up, classify) -> retrieve (hybrid) -> guard -> compose (extractive | LLM)

Each step is a small function of a state dict, so each can be tested alone.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from bot import guard
from bot.classify import classify
from bot.conclusion import conclude
from bot.evidence import Unit, select_evidence, verify_quote
from bot.followup import resolve
from bot.index import LoadedIndex
from bot.models import Answer
from bot.render import document_notes, render_answer, render_refusal
from bot.retrieval import HybridRetriever

log = logging.getLogger(__name__)
MIN_SIMILARITY = 0.86
MIN_OVERLAP = 0.5


def prepare(state: dict[str, Any]) -> dict[str, Any]:
    cleaned = guard.strip_injection(state["question"])
    resolved = resolve(cleaned, state.get("history"))
    return {**state, "cleaned": cleaned, "query": resolved, "qtype": classify(resolved)}


class AnswerChain:
    """Holds the loaded index and retriever; ``runnable`` is the LangChain pipeline."""

    def __init__(self, index: LoadedIndex, retriever: HybridRetriever, llm_composer: Any | None = None) -> None:
        self.index = index
        self.retriever = retriever
        self.llm_composer = llm_composer
        self.runnable: Runnable = (
            RunnableLambda(prepare) | RunnableLambda(self.check_request) | RunnableLambda(self.retrieve)
            | RunnableLambda(self.compose)
        )

    # -- steps -----------------------------------------------------------------------------------
    def check_request(self, state: dict[str, Any]) -> dict[str, Any]:
        refusal = guard.check_request(state["cleaned"] or "")
        if refusal is None:
            refusal = self._missing_reference(state["cleaned"])
        return {**state, "refusal": refusal}

    def _missing_reference(self, question: str) -> guard.Refusal | None:
        """A question about an article or document the sources do not hold is not agreed with."""
        from ingest.legal_refs import find_documents

        for lookup in self.retriever.lookups(question):
            if lookup.found:
                continue
            if lookup.so_hieu is None:
                return guard.Refusal(
                    "missing_document",
                    f"Nguồn của trợ lý không có văn bản \"{lookup.named}\" nên không thể xác nhận nội dung được hỏi. "
                    + guard.COVERAGE,
                )
            doc = self.index.documents[lookup.so_hieu]
            held = f" (kho dữ liệu có: {doc.held_articles})" if doc.is_partial else ""
            return guard.Refusal(
                "missing_article",
                f"Không có Điều {lookup.article} của {doc.short_title} trong nguồn của trợ lý{held}, "
                "nên không thể xác nhận nội dung câu hỏi. " + guard.WHERE_TO_ASK,
            )
        known = set(self.index.documents)
        for doc in find_documents(question):
            if doc.so_hieu is None and doc.kind == "L" and doc.name:
                return guard.Refusal(
                    "missing_document",
                    f"Nguồn của trợ lý không có văn bản \"{doc.name.capitalize()}\", nên không thể xác nhận nội dung được hỏi. "
                    + guard.COVERAGE,
                )
            if doc.so_hieu and doc.so_hieu not in known and re.search(r"\d", doc.so_hieu):
                return guard.Refusal(
                    "missing_document",
                    f"Nguồn của trợ lý không có văn bản {doc.so_hieu}, nên không thể trả lời dựa trên văn bản đó. "
                    + guard.COVERAGE,
                )
        return None

    def retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        if state["refusal"] is not None:
            return {**state, "retrieved": []}
        retrieved = self.retriever.run(state["query"], state.get("top_k"))
        refusal = guard.check_evidence(state["query"], retrieved, MIN_SIMILARITY, MIN_OVERLAP)
        return {**state, "retrieved": retrieved, "refusal": refusal}

    def compose(self, state: dict[str, Any]) -> Answer:
        question, qtype, mode = state["question"], state["qtype"], state.get("mode", "citizen")
        retrieved = state["retrieved"]
        if state["refusal"] is not None:
            return Answer(question=question, answer=render_refusal(state["refusal"].message), conclusion=state["refusal"].message,
                          refused=True, retrieved=tuple(retrieved), question_type=qtype,
                          flags=(f"refused:{state['refusal'].reason}",))
        lookup = next(((l.so_hieu, l.article, l.clause) for l in self.retriever.lookups(state["query"]) if l.found), None)
        evidence = select_evidence(state["query"], qtype, retrieved, self.index, lookup)
        units = list(evidence.units)
        if self.llm_composer is not None:
            answer = self.llm_composer.compose(state, units, retrieved)
            if answer is not None:
                return answer
        return self.extractive(state, units, evidence.faq_conclusion)

    def extractive(self, state: dict[str, Any], units: list[Unit], faq_conclusion: str | None,
                   flags: tuple[str, ...] = ()) -> Answer:
        question, qtype, mode = state["question"], state["qtype"], state.get("mode", "citizen")
        citations = [u.citation() for u in units if verify_quote(u.quote, u.article)]
        if not citations:
            refusal = guard.Refusal("weak_evidence", "Các văn bản mà trợ lý đang có không đề cập đến vấn đề này. "
                                    + guard.COVERAGE + " " + guard.WHERE_TO_ASK)
            return Answer(question=question, answer=render_refusal(refusal.message), conclusion=refusal.message,
                          refused=True, retrieved=tuple(state["retrieved"]), question_type=qtype,
                          flags=flags + ("refused:weak_evidence",))
        conclusion = conclude(state["cleaned"], qtype, units, faq_conclusion)
        steps = [c.quote for c in citations if c.step is not None]
        notes = document_notes(citations, {d.so_hieu: d.held_articles for d in self.index.documents.values()})
        markdown = render_answer(conclusion, citations, steps, notes, mode)
        return Answer(question=question, answer=markdown, conclusion=conclusion, steps=tuple(steps),
                      citations=tuple(citations), refused=False, retrieved=tuple(state["retrieved"]),
                      question_type=qtype, notes=tuple(notes), flags=flags)


