"""Cut documents into clause-level chunks with provenance metadata and deterministic ids.

A short or unstructured article is one chunk; otherwise one chunk per khoản (or per Bước); a long
khoản splits at its điểm. Each chunk's indexed text starts with the document and article heading
so that it carries its context; ``body`` keeps the verbatim legal text used for quotes.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Iterable

from core.chunk import Chunk, text_hash
from core.legal import Article, Clause, FaqEntry, LawDocument
from core.versions import article_numbers, clause_amendment, versions
from ingest.corpus import Corpus
from ingest.question_bank import BankQuestion
from ingest.qa_pages import QaBlock

SHORT_ARTICLE_CHARS = 350
LONG_CLAUSE_CHARS = 1500


def _law_chunk(doc: LawDocument, article: Article, body: str, context: str, *, clause: int | None = None,
               point: str | None = None, step: int | None = None) -> Chunk:
    parts = [f"d{article.number}"]
    if clause is not None:
        parts.append(f"k{clause}")
    if point is not None:
        parts.append(f"p{point}")
    if step is not None:
        parts.append(f"b{step}")
    header = f"{doc.short_title} — {article.heading}"
    text = "\n".join(p for p in (header, context, body) if p)
    return Chunk(
        id=f"{doc.doc_id}:{':'.join(parts)}",
        text=text,
        body=body,
        kind="law",
        doc_id=doc.doc_id,
        so_hieu=doc.so_hieu,
        document=doc.short_title,
        article=article.number,
        clause=clause,
        point=point,
        step=step,
        title=article.heading,
        status=doc.status,
        source=article.note or (doc.sources[0] if doc.sources else str(doc.path.name)),
    )


def _clause_chunks(doc: LawDocument, article: Article, clause: Clause) -> list[Chunk]:
    if len(clause.text) <= LONG_CLAUSE_CHARS or not clause.points:
        return [_law_chunk(doc, article, clause.text, article.intro, clause=clause.number)]
    lead = clause.text.split("\n", 1)[0]
    chunks = []
    for pt in clause.points:
        line = next(l for l in clause.text.split("\n") if l.startswith(f"{pt.letter})"))
        chunks.append(_law_chunk(doc, article, line, lead, clause=clause.number, point=pt.letter))
    return chunks


def versioned_chunks(doc: LawDocument) -> list[Chunk]:
    """Chunks of every wording each article had: an unchanged chunk spans all versions, a replaced one gets
    the interval of its wording (older wordings keep their id with '@<end date>')."""
    out: list[Chunk] = []
    for number in article_numbers(doc):
        previous: dict[str, Chunk] = {}
        for version in versions(doc, number):
            current: dict[str, Chunk] = {}
            pieces = article_chunks(doc, version.article)
            # an article cut into several chunks is also indexed whole (one chunk already is the whole article)
            whole = [whole_article_chunk(doc, version.article)] if len(pieces) > 1 else []
            for chunk in pieces + whole:
                amendment = clause_amendment(version, chunk.clause)
                earlier = previous.get(chunk.id)
                start = earlier.valid_from if earlier is not None and earlier.body == chunk.body else version.valid_from
                current[chunk.id] = dataclasses.replace(
                    chunk, valid_from=start, valid_to=version.valid_to,
                    amended_by=amendment.cited_as if amendment is not None else "")
            for chunk_id, chunk in previous.items():
                if chunk_id not in current or current[chunk_id].body != chunk.body:
                    out.append(dataclasses.replace(chunk, id=f"{chunk.id}@{chunk.valid_to}"))
            previous = current
        out += previous.values()
    return out


def whole_article_chunk(doc: LawDocument, article: Article) -> Chunk:
    """The article as one piece (kind 'article'): the whole-article channel of the ranker."""
    chunk = _law_chunk(doc, article, article.body, "")
    return dataclasses.replace(chunk, id=f"{doc.doc_id}:d{article.number}:article", kind="article")


def question_chunk(question: BankQuestion) -> Chunk:
    """A question of our bank (kind 'question'): a retrieval key pointing to the clauses that answer it."""
    cites = [{"so_hieu": question.so_hieu, "article": question.article, "clause": c} for c in question.clauses] or [
        {"so_hieu": question.so_hieu, "article": question.article, "clause": None}]
    return Chunk(
        id=f"q:{text_hash(question.so_hieu + question.text)[:16]}", text=question.text, body="", kind="question",
        doc_id=question.source, so_hieu=question.so_hieu, document=question.so_hieu, article=question.article,
        clause=question.clauses[0] if len(question.clauses) == 1 else None, point=None, step=None,
        title=question.kind, status="", source=question.source, cites=json.dumps(cites, ensure_ascii=False))


def article_chunks(doc: LawDocument, article: Article) -> list[Chunk]:
    structured = article.clauses or article.steps
    if not structured or len(article.body) <= SHORT_ARTICLE_CHARS:
        return [_law_chunk(doc, article, article.body, "")]
    chunks: list[Chunk] = []
    for clause in article.clauses:
        chunks += _clause_chunks(doc, article, clause)
    for step in article.steps:
        chunks.append(_law_chunk(doc, article, step.text, article.intro, step=step.number))
    if not article.clauses and article.intro and not article.steps:
        chunks.append(_law_chunk(doc, article, article.intro, ""))
    return chunks


def faq_chunk(entry: FaqEntry, documents: dict[str, LawDocument]) -> Chunk:
    first = entry.cites[0]
    doc = documents.get(first.so_hieu)
    text = "\n".join([f"Hỏi đáp: {entry.question}", *entry.variants, entry.conclusion, entry.body])
    cites = [{"so_hieu": c.so_hieu, "article": c.article, "clause": c.clause} for c in entry.cites]
    return Chunk(
        id=f"faq:{entry.faq_id}",
        text=text,
        body=entry.conclusion,
        kind=entry.kind,
        doc_id=entry.faq_id,
        so_hieu=first.so_hieu,
        document=doc.short_title if doc else first.so_hieu,
        article=first.article,
        clause=first.clause,
        point=None,
        step=None,
        title=entry.question,
        status=doc.status if doc else "",
        source=entry.path.name,
        cites=json.dumps(cites, ensure_ascii=False),
    )


def external_chunk(block: QaBlock, index: int, documents: dict[str, LawDocument]) -> Chunk | None:
    """A third-party Q&A block, kept only when it relies on a document of the corpus."""
    refs = [r for r in block.refs if r.doc and r.doc.so_hieu in documents]
    if not refs:
        return None
    first = refs[0]
    cites = [{"so_hieu": r.doc.so_hieu, "article": r.article, "clause": r.clause} for r in refs if r.doc]
    return Chunk(
        id=f"ext:{block.source}:{index}",
        text=f"Hỏi đáp (nguồn ngoài): {block.question}\n{block.answer}"[:3000],
        body=block.conclusion or block.basis,
        kind="faq_external",
        doc_id=block.source,
        so_hieu=first.doc.so_hieu or "",
        document=documents[first.doc.so_hieu].short_title,
        article=first.article,
        clause=first.clause,
        point=None,
        step=None,
        title=block.question,
        status="",
        source=block.source,
        cites=json.dumps(cites, ensure_ascii=False),
    )


def corpus_chunks(corpus: Corpus, external: Iterable[QaBlock] = (), bank: Iterable[BankQuestion] = ()) -> list[Chunk]:
    documents = {d.so_hieu: d for d in corpus.laws}
    chunks: list[Chunk] = []
    for doc in corpus.laws:
        chunks += versioned_chunks(doc)
    chunks += [faq_chunk(entry, documents) for entry in corpus.faqs]
    chunks += list({c.id: c for c in map(question_chunk, bank)}.values())  # a question asked twice is one key
    for i, block in enumerate(external):
        if (chunk := external_chunk(block, i, documents)) is not None:
            chunks.append(chunk)
    return chunks
