"""Stage 2: may this question be answered from our sources? Decided from the question alone (a person's
data, off-topic, nothing legal in it, an article or document the sources do not hold) and, after retrieval,
from the evidence (too weak, or silent on the fine / price / fee asked about)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import guard, refusals
from bot.question import Question
from bot.refusals import Refusal
from core.legal_refs import resolve_so_hieu
from core.text import nfc, plain_text

if TYPE_CHECKING:
    from bot.index import LoadedIndex
    from bot.retrieval import Retrieval
    from core.legal import Article

MIN_SIMILARITY = 0.86
MIN_OVERLAP = 0.5
_KIND_NAMES = {"ND": "Nghị định", "TT": "Thông tư"}
_ASKS_WHAT_IT_SAYS = re.compile(r"\b(?:quy dinh|noi|ghi) (?:gi|nhung gi|the nao|ra sao)\b|\bnoi dung\b")


@dataclass(frozen=True)
class ArticleLookup:
    """An article the question names, resolved against the index."""

    so_hieu: str | None  # None: the named document is not in the corpus
    article: int
    clause: int | None
    step: int | None
    found: bool
    named: str  # how the question named the document
    clause_held: bool = True  # False: the article is held but not the khoản the question names


@dataclass(frozen=True)
class RequestCheck:
    refusal: Refusal | None
    lookups: tuple[ArticleLookup, ...] = ()

    @property
    def named_article(self) -> ArticleLookup | None:
        return next((lookup for lookup in self.lookups if lookup.found), None)


def _holds_clause(article: "Article", number: int) -> bool:
    """Whether the article as held has khoản ``number`` (or an item '(n)' where the source numbers its paragraphs so)."""
    return article.clause(number) is not None or bool(re.search(rf"(?m)^\({number}\)", article.intro))


class RequestChecker:
    def __init__(self, index: "LoadedIndex") -> None:
        self.index = index

    def lookups(self, question: Question) -> tuple[ArticleLookup, ...]:
        known = list(self.index.documents)
        out = []
        for ref in question.articles:
            if ref.doc is None:
                continue
            so_hieu = resolve_so_hieu(ref.doc, known)
            article = self.index.article(so_hieu, ref.article, question.as_of) if so_hieu is not None else None
            named = ref.doc.so_hieu or ref.doc.name or f"{ref.doc.kind} {ref.doc.number}"
            held = ref.clause is None or article is None or _holds_clause(article, ref.clause)
            out.append(ArticleLookup(so_hieu, ref.article, ref.clause, ref.step, article is not None, named, held))
        return tuple(out)

    def run(self, question: Question) -> RequestCheck:
        lookups = self.lookups(question)
        return RequestCheck(self.wording_refusal(question) or self._missing_reference(question, lookups), lookups)

    @staticmethod
    def wording_refusal(question: Question) -> Refusal | None:
        if len(guard.content_words(question.cleaned)) < 2:
            return refusals.empty()
        # another law's procedure first: which law, where to ask ('quán nhậu của chú mình … giấy phép bán lẻ rượu xin ở
        # đâu' names no one whose data is asked)
        if found := guard.other_law_procedure(question.cleaned):
            return refusals.other_law(*found)
        if guard.asks_for_person_data(question.cleaned):  # with its diacritics: 'thì' is no middle name 'Thị'
            return refusals.person_data()
        if guard.is_off_topic(question.cleaned_plain):
            return refusals.off_topic()
        return None

    def _missing_reference(self, question: Question, lookups: tuple[ArticleLookup, ...]) -> Refusal | None:
        """A question about an article or document the sources do not hold is not agreed with."""
        for lookup in lookups:
            if lookup.found and not lookup.clause_held and lookup.clause is not None:
                doc = self.index.documents[lookup.so_hieu]  # type: ignore[index]
                article = self.index.article(lookup.so_hieu, lookup.article, question.as_of)  # type: ignore[arg-type]
                held = tuple(c.number for c in article.clauses) if article is not None else ()
                if held and lookup.clause < max(held) and not _ASKS_WHAT_IT_SAYS.search(question.plain):
                    # khoản run in order: one before a khoản held exists, left out of our copy ('4. …'); a question
                    # that only refers to it ('tổ chức quy định tại khoản 5 …') is answered from the khoản held
                    continue
                return refusals.missing_clause(lookup.clause, lookup.article, doc.short_title, held)
            if lookup.found:
                continue
            if lookup.so_hieu is None:
                return refusals.missing_document(lookup.named)
            doc = self.index.documents[lookup.so_hieu]
            return refusals.missing_article(lookup.article, doc.short_title, doc.held_articles if doc.is_partial else None)
        known = set(self.index.documents)
        for doc in question.documents:
            if doc.so_hieu is None and doc.kind == "L" and doc.name and resolve_so_hieu(doc, list(known)) is None:
                written = nfc(question.resolved)[doc.start: doc.start + len(doc.name)]  # as the user wrote it
                shown = written if plain_text(written) == doc.name else doc.name
                return refusals.missing_document(shown[:1].upper() + shown[1:])
            if doc.so_hieu and doc.so_hieu not in known and re.search(r"\d", doc.so_hieu):
                return refusals.missing_document(doc.so_hieu)
            if doc.so_hieu is None and doc.kind in _KIND_NAMES and doc.year and resolve_so_hieu(doc, list(known)) is None:
                # 'nd 278/2025': a decree or circular by number and year that the sources do not hold
                return refusals.missing_document(f"{_KIND_NAMES[doc.kind]} {doc.number}/{doc.year}")
        return None

    @staticmethod
    def outside_sources(question: Question) -> Refusal | None:
        """Refuse a whole question (not one of its parts, which may leave the subject to the other parts) that asks
        how, where or how long of a matter none of the sources' words name, whatever article shares its words."""
        return refusals.outside_sources() if guard.asks_outside_sources(question.resolved) else None

    @staticmethod
    def evidence(question: Question, retrieval: "Retrieval") -> Refusal | None:
        """Refuse when the best evidence neither resembles the question nor shares its words."""
        hits = retrieval.hits
        if not hits:
            return refusals.no_evidence()
        # the fused clause hits and the ranker's best article (the one the answer would cite)
        ranked = [h for a in retrieval.articles[:1] for h in a.hits[:3]]
        evidence_text = " ".join(h.chunk.text for h in (*hits[:3], *ranked))
        if guard.unmatched_amount_term(question.resolved, evidence_text) and all(
                guard.unmatched_amount_term(part, evidence_text) for part in question.parts or (question.resolved,)):
            # (a part that asks something else is still answered)
            return refusals.no_amounts(fine=refusals.asks_fine(question.plain))
        best_similarity = max((h.dense_similarity or 0.0) for h in hits[:5])
        words = set(question.content_words)
        top_words: set[str] = set()
        for h in hits[:3]:
            top_words |= set(guard.content_words(h.chunk.text))
        overlap = len(words & top_words) / max(len(words), 1)
        if best_similarity < MIN_SIMILARITY and (overlap < MIN_OVERLAP or not guard.in_domain(question.plain)):
            return refusals.not_covered()
        return None
