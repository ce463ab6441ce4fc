"""The served index generation, loaded once: chunks, documents, BM25 and the Chroma collection."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from core.diacritics import DiacriticRestorer
from core.errors import IndexCorruptError
from core.text import plain_text
from core.settings import Settings
from ingest import index_layout as layout
from core.chunk import Chunk
from core.legal import Article, LawDocument
from core.versions import article_as_of, article_numbers, versions
from ingest.stores import BM25Index, chroma_client, get_collection

log = logging.getLogger(__name__)


@dataclass
class LoadedIndex:
    generation: str
    embedder_name: str
    chunks: list[Chunk]
    documents: dict[str, LawDocument]
    bm25: BM25Index
    client: Any  # the Chroma client (embedded or HTTP)
    collection_name: str
    collection: Any  # the Chroma collection of this generation
    restorer: DiacriticRestorer
    _valid: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    _texts: dict[str, dict[tuple[str, int], str]] = field(default_factory=dict, repr=False)

    def article(self, so_hieu: str, number: int, day: str | None = None) -> Article | None:
        """The article as held, or in the wording in force on ``day`` (ISO date)."""
        doc = self.documents.get(so_hieu)
        return article_as_of(doc, number, day) if doc else None

    @cached_property
    def superseded_count(self) -> int:
        """How many chunks hold a wording that no longer applies (they are filtered out for today)."""
        return sum(1 for c in self.chunks if c.valid_to)

    def valid_positions(self, day: str) -> frozenset[int]:
        """Positions of the chunks whose wording applies on ``day`` (cached per day)."""
        cached = self._valid.get(day)
        if cached is None:
            started = {so_hieu for so_hieu, doc in self.documents.items() if doc.started_by(day)}
            cached = frozenset(i for i, c in enumerate(self.chunks)
                               if c.valid_on(day) and (c.kind not in ("law", "article") or c.so_hieu in started))
            self._valid = {day: cached}  # one day at a time is what questions ask; keeps memory flat
        return cached

    def article_texts(self, day: str) -> dict[tuple[str, int], str]:
        """Every article's text in the wording in force on ``day``, diacritics stripped and lower-cased (what the
        ranker's cues match), cached for the last day asked."""
        cached = self._texts.get(day)
        if cached is None:
            cached = {}
            for doc in (d for d in self.documents.values() if d.started_by(day)):
                for number in article_numbers(doc):
                    if (article := article_as_of(doc, number, day)) is not None:
                        cached[(doc.so_hieu, number)] = plain_text(article.text)
            self._texts = {day: cached}
        return cached

    def spent_on(self, day: str) -> set[tuple[str, int, int | None]]:
        return {(d.so_hieu, n.article, n.clause) for d in self.documents.values() for n in d.notes
                if n.kind == "transitional" and n.effective <= day}

    @cached_property
    def amending_articles(self) -> frozenset[tuple[str, int]]:
        """Articles whose khoản only carry amendments to another document (their wording is cited there)."""
        out = set()
        for doc in self.documents.values():
            for amendment in doc.amendments:
                words = amendment.by_label.split()
                if "Điều" in words:
                    out.add((amendment.by_so_hieu, int(words[words.index("Điều") + 1])))
        return frozenset(out)

    @cached_property
    def details_links(self) -> dict[tuple[str, int], set[tuple[str, int]]]:
        """Law article <-> the decree or circular article that details it, both ways."""
        links: dict[tuple[str, int], set[tuple[str, int]]] = {}
        for doc in self.documents.values():
            for detail in doc.details:
                for law_article in detail.law_articles:
                    a, b = (doc.so_hieu, detail.article), (detail.law, law_article)
                    links.setdefault(a, set()).add(b)
                    links.setdefault(b, set()).add(a)
        return links

    @cached_property
    def _article_positions(self) -> dict[tuple[str, int], list[int]]:
        positions: dict[tuple[str, int], list[int]] = {}
        for i, c in enumerate(self.chunks):
            if c.kind == "law" and c.article is not None:
                positions.setdefault((c.so_hieu, c.article), []).append(i)
        return positions

    def chunks_of_article(self, so_hieu: str, number: int) -> list[int]:
        """Positions of the article's law chunks (every wording)."""
        return self._article_positions.get((so_hieu, number), [])

    def all_wordings(self, so_hieu: str, number: int) -> str | None:
        doc = self.documents.get(so_hieu)
        texts = [v.article.text for v in versions(doc, number)] if doc else []
        return "\n\n".join(texts) if texts else None

    def article_text(self, so_hieu: str, number: int, day: str | None = None) -> str | None:
        article = self.article(so_hieu, number, day)
        return article.text if article is not None else None


def load_index(settings: Settings) -> LoadedIndex:
    index_dir = settings.index_dir
    generation = layout.require_current(index_dir)
    manifest = layout.read_manifest(index_dir, generation)
    folder = index_dir / generation
    try:
        chunks = [Chunk.from_json(line) for line in (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines() if line]
        documents = {d.so_hieu: d for d in layout.documents_from_json((folder / "documents.json").read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexCorruptError(f"Tệp chỉ mục trong {folder} bị hỏng ({type(exc).__name__}). Hãy chạy: dancu ingest --rebuild") from None
    bm25 = BM25Index.load(folder / "bm25")
    try:
        restorer = DiacriticRestorer.from_json((folder / "restorer.json").read_text(encoding="utf-8"))
    except FileNotFoundError:  # a generation written before restorers were saved
        restorer = DiacriticRestorer(c.text for c in chunks if c.kind in ("law", "faq") and not c.valid_to)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"Tệp restorer.json trong {folder} bị hỏng ({type(exc).__name__}). "
                                "Hãy chạy: dancu ingest --rebuild") from None
    if bm25.size != len(chunks):
        raise IndexCorruptError("Chỉ mục BM25 không khớp danh sách đoạn. Hãy chạy: dancu ingest --rebuild")
    client = chroma_client(settings)
    try:
        collection = get_collection(client, manifest["collection"], settings)
        count = collection.count()
    except Exception as exc:
        raise IndexCorruptError(
            f"Không mở được collection {manifest['collection']} ({type(exc).__name__}: {exc}). Hãy chạy: dancu ingest --rebuild"
        ) from None
    if count != len(chunks):
        raise IndexCorruptError(f"Kho Chroma có {count} đoạn, chỉ mục cần {len(chunks)}. Hãy chạy: dancu ingest --rebuild")
    log.info("Đã nạp chỉ mục %s (%d đoạn)", generation, len(chunks))
    return LoadedIndex(generation, manifest["embedder"], chunks, documents, bm25, client, manifest["collection"], collection, restorer)
