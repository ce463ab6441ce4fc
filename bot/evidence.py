"""Stage 4: choose what to cite: the clauses (or steps) of the best retrieved article, or those our own
FAQ entry relies on. Citations are built from chunk and document metadata, never parsed from text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bot.checks import ArticleLookup
from bot.guard import content_words
from bot.index import LoadedIndex
from bot.models import Citation
from bot.question import Question
from bot.retrieval import Hit, Retrieval
from core.legal import Article, LawDocument
from core.quotes import verify_quote
from core.versions import clause_amendment, version_on
from core.text import plain_text

# Our FAQ's conclusion is used only for a close paraphrase of its question (on the dev set, wrong
# FAQ matches reach 0.927 cosine; below that the conclusion is built from the cited clause instead).
FAQ_TRUST_SIMILARITY = 0.93
_YES_NO = re.compile(r"^(Có|Không)\b")
MAX_LIST_CLAUSES = 8
TYPE_MARGIN = 0.9  # an article whose heading fits the question type may overtake a hit this close
# Article headings that answer a kind of question ("… có trách nhiệm gì" -> "Trách nhiệm của …").
_TYPE_HEADINGS = {
    "responsibility": ("trach nhiem", "nhiem vu"),
    "procedure": ("trinh tu", "thu tuc", "quy trinh"),
    "definition": ("giai thich tu ngu",),
}


def prefer_type(hits: list[Hit], qtype: str) -> list[Hit]:
    """Move the first hit whose article heading fits the question type to the front, if it is close."""
    words = _TYPE_HEADINGS.get(qtype)
    if not hits or not words:
        return hits
    for i, hit in enumerate(hits[:5]):
        title = plain_text(hit.chunk.title)
        if any(w in title for w in words) and hit.score >= TYPE_MARGIN * hits[0].score:
            return [hit] + hits[:i] + hits[i + 1 :]
    return hits


@dataclass(frozen=True)
class Unit:
    """One citable piece of law: an article, or one of its khoản / điểm / Bước."""

    doc: LawDocument
    article: Article
    clause: int | None = None
    point: str | None = None
    step: int | None = None
    day: str | None = None  # the date the wording was read as of

    @property
    def amended_by(self) -> str | None:
        """'khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026' when an amendment gave this wording."""
        version = version_on(self.doc, self.article.number, self.day) if self.day else None
        amendment = clause_amendment(version, self.clause) if version else None
        return amendment.cited_as if amendment else None

    @property
    def quote(self) -> str:
        if self.step is not None and (step := self.article.step(self.step)):
            return step.text
        if self.clause is not None and (clause := self.article.clause(self.clause)):
            if self.point is not None:
                return clause.point_text(self.point) or clause.text
            return clause.text
        return self.article.body or self.article.heading

    def citation(self) -> Citation:
        return Citation(
            so_hieu=self.doc.so_hieu,
            document=self.doc.short_title,
            article=self.article.number,
            clause=self.clause,
            point=self.point,
            quote=self.quote,
            status=self.doc.status,
            title=self.article.heading,
            step=self.step,
            partial_document=self.doc.is_partial,
            amended_by=self.amended_by,
            status_checked=self.doc.status_checked,
        )


@dataclass(frozen=True)
class Evidence:
    units: tuple[Unit, ...]  # only units whose quote is verbatim text of their article
    faq_conclusion: str | None  # our own FAQ's conclusion, when the question closely matches it
    top: Hit | None


def _units_for(index: LoadedIndex, so_hieu: str, number: int, clause: int | None, qtype: str,
               focus_step: int | None, day: str | None) -> list[Unit]:
    doc = index.documents.get(so_hieu)
    article = index.article(so_hieu, number, day)
    if doc is None or article is None:
        return []
    if clause is not None and article.clause(clause):
        return [Unit(doc, article, clause=clause, day=day)]
    if article.steps:
        steps = [s for s in article.steps if focus_step in (None, s.number)] or list(article.steps)
        return [Unit(doc, article, step=s.number, day=day) for s in steps]
    if article.clauses and len(article.clauses) <= MAX_LIST_CLAUSES and qtype in ("responsibility", "procedure", "definition"):
        return [Unit(doc, article, clause=c.number, day=day) for c in article.clauses]
    return [Unit(doc, article, day=day)]


def _faq_cites(chunk_cites: str) -> list[tuple[str, int, int | None]]:
    return [(c["so_hieu"], int(c["article"]), c.get("clause")) for c in json.loads(chunk_cites or "[]")]


def focus_step(plain: str) -> int | None:
    match = re.search(r"\bbuoc\s+(\d+)\b", plain)
    return int(match.group(1)) if match else None


class EvidenceSelector:
    def __init__(self, index: LoadedIndex) -> None:
        self.index = index

    def run(self, question: Question, retrieval: Retrieval, named: ArticleLookup | None = None) -> Evidence:
        evidence = select_evidence(question, list(retrieval.hits), self.index, named)
        verified = tuple(u for u in evidence.units if verify_quote(u.quote, u.article.text))
        return Evidence(verified, evidence.faq_conclusion, evidence.top)


def select_evidence(question: Question, retrieved: list[Hit], index: LoadedIndex,
                    named: ArticleLookup | None = None) -> Evidence:
    qtype = question.qtype
    step = focus_step(question.plain)
    if named is not None and named.so_hieu is not None:
        units = _units_for(index, named.so_hieu, named.article, named.clause, qtype, step, question.as_of)
        return Evidence(tuple(units), None, retrieved[0] if retrieved else None)
    if not retrieved:
        return Evidence((), None, None)
    top = retrieved[0]
    if top.chunk.kind in ("faq", "faq_external"):
        units: list[Unit] = []
        retrieved_articles = {(r.chunk.so_hieu, r.chunk.article) for r in retrieved if r.chunk.kind == "law"}
        cites = _faq_cites(top.chunk.cites)
        # Cite only what retrieval also found (the first cite always: the FAQ was retrieved for it).
        cites = cites[:1] + [c for c in cites[1:] if (c[0], c[1]) in retrieved_articles]
        for so_hieu, number, clause in cites:
            units += [u for u in _units_for(index, so_hieu, number, clause, qtype, step, question.as_of) if u not in units]
        trusted = (top.chunk.kind == "faq" and (top.dense_similarity or 0.0) >= FAQ_TRUST_SIMILARITY
                   # a yes/no conclusion only answers a yes/no question
                   and (qtype == "permission" or not _YES_NO.match(top.chunk.body)))
        if units:
            return Evidence(tuple(units), top.chunk.body if trusted else None, top)
    law_hits = prefer_type([r for r in retrieved if r.chunk.kind == "law"], qtype)
    if not law_hits:
        return Evidence((), None, top)
    main = law_hits[0].chunk
    doc = index.documents[main.so_hieu]
    article = index.article(main.so_hieu, main.article, question.as_of)
    if article is None:
        return Evidence((), None, top)
    if article.steps or (qtype in ("responsibility", "procedure") and article.clauses and main.clause is not None
                         and len(article.clauses) <= MAX_LIST_CLAUSES and _is_list_article(article)):
        return Evidence(tuple(_units_for(index, main.so_hieu, main.article, None, qtype, step, question.as_of)), None, top)
    best = law_hits[0].score
    units = []
    for hit in law_hits[:5]:
        c = hit.chunk
        if c.so_hieu != main.so_hieu or c.article != main.article or hit.score < 0.75 * best:
            continue
        clause = c.clause if c.clause is not None or c.step is not None else best_clause(article, question.content_words)
        unit = Unit(doc, article, clause=clause, point=c.point, step=c.step, day=question.as_of)
        if unit not in units:
            units.append(unit)
        if len(units) == 2:
            break
    return Evidence(tuple(units), None, top)


def best_clause(article: Article, question_words: list[str]) -> int | None:
    """For a whole-article chunk, the khoản sharing most words with the question (None if no clear winner)."""
    words = set(question_words)
    if not article.clauses or not words:
        return None
    scored = sorted(((len(words & set(content_words(c.text))), c.number) for c in article.clauses), reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1] if scored[0][0] >= 2 else None


def _is_list_article(article: Article) -> bool:
    """Articles whose khoản are a list of duties or steps, answered as a whole."""
    title = plain_text(article.title)
    return any(w in title for w in ("trach nhiem", "nhiem vu", "quyen", "nghia vu", "trinh tu", "thu tuc", "quy trinh"))
