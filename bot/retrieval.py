"""Stage 3: hybrid retrieval. Dense search in Chroma (the question embedded once, after its diacritics were
restored) and BM25 over diacritics-stripped syllables, fused by reciprocal rank; a named article comes
first. The result keeps every signal's score per chunk, and the chunks grouped into ranked articles."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from bot.checks import ArticleLookup
from bot.index import LoadedIndex
from bot.question import Question
from core.chunk import Chunk
from core.legal import LawDocument
from ingest.embeddings import Embedder

RRF_K = 60
CANDIDATES = 50
SUPERSEDED_FACTOR = 0.8  # a replaced law ranks below the law in force (unless the question names it)
SPENT_TRANSITIONAL_FACTOR = 0.8  # a transitional rule whose dates have passed ranks below the permanent rule
QUERY_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with the scores that placed it."""

    chunk: Chunk
    score: float  # fused
    dense_rank: int | None = None
    bm25_rank: int | None = None
    dense_similarity: float | None = None


@dataclass(frozen=True)
class RankedArticle:
    so_hieu: str
    article: int
    score: float
    hits: tuple[Hit, ...]  # its chunks, best first


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]
    articles: tuple[RankedArticle, ...]
    timings: dict[str, float] = field(default_factory=dict)


def rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank), ranks starting at 1."""
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, idx in enumerate(ranking, start=1):
            fused[idx] = fused.get(idx, 0.0) + weight / (k + rank)
    return fused


def group_articles(hits: Sequence[Hit]) -> tuple[RankedArticle, ...]:
    """Law chunks grouped by article, in the order of each article's best chunk."""
    groups: dict[tuple[str, int], list[Hit]] = {}
    for hit in hits:
        if hit.chunk.kind == "law" and hit.chunk.article is not None:
            groups.setdefault((hit.chunk.so_hieu, hit.chunk.article), []).append(hit)
    return tuple(RankedArticle(key[0], key[1], members[0].score, tuple(members)) for key, members in groups.items())


def is_spent_transitional(doc: LawDocument, article: int | None, clause: int | None, day: str) -> bool:
    return any(n.kind == "transitional" and n.article == article and n.clause in (None, clause) and n.effective <= day
               for n in doc.notes)


class QueryEmbedder:
    """The embedder for questions, with a bounded cache (examples in the UI and evaluations repeat questions)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __call__(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._cache.get(text)
        if vector is None:
            vector = self.embedder.embed([text], "query")[0]
            with self._lock:
                if len(self._cache) >= QUERY_CACHE_SIZE:
                    self._cache.clear()
                self._cache[text] = vector
        return vector

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


class HybridRetriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, top_k: int = 10) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {top_k}")
        self.index = index
        self.top_k = top_k
        self.embed_query = QueryEmbedder(embedder)
        self._position = {c.id: i for i, c in enumerate(index.chunks)}

    def dense(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        # ids and distances only: fetching documents and metadata costs more than the search itself
        result: Any = self.index.collection.query(query_embeddings=[vector.tolist()],
                                                  n_results=min(n, len(self.index.chunks)), include=["distances"])
        pairs = zip(result["ids"][0], result["distances"][0])
        return [(self._position[i], 1.0 - float(d)) for i, d in pairs if i in self._position]  # cosine space

    def lexical(self, question: Question, n: int) -> list[tuple[int, float]]:
        scores = self.index.bm25.scores(question.expanded)
        order = np.argsort(-scores)[:n]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def run(self, question: Question, lookups: Sequence[ArticleLookup] = (), top_k: int | None = None) -> Retrieval:
        top_k = top_k or self.top_k
        started = time.perf_counter()
        vector = self.embed_query(question.restored)
        embedded = time.perf_counter()
        valid = self.index.valid_positions(question.as_of)
        # older wordings are few: ask for a few more so that filtering them out keeps CANDIDATES
        dense = [h for h in self.dense(vector, CANDIDATES + self.index.superseded_count) if h[0] in valid][:CANDIDATES]
        dense_done = time.perf_counter()
        lexical = [h for h in self.lexical(question, CANDIDATES + self.index.superseded_count) if h[0] in valid][:CANDIDATES]
        # Equal weights: with diacritics restored first, dense search works on unaccented questions too.
        fused = rrf([[i for i, _ in dense], [i for i, _ in lexical]], [1.0, 1.0])
        named = {d.so_hieu for d in question.documents}
        for pos in fused:
            chunk = self.index.chunks[pos]
            doc = self.index.documents.get(chunk.so_hieu)
            if doc is None or doc.so_hieu in named:
                continue
            if not doc.in_force_on(question.as_of) or (not doc.valid_to and not doc.in_force):
                fused[pos] *= SUPERSEDED_FACTOR
            if chunk.kind == "law" and is_spent_transitional(doc, chunk.article, chunk.clause, question.as_of):
                fused[pos] *= SPENT_TRANSITIONAL_FACTOR
        boost = 1.0 / RRF_K  # more than any fused score can reach: named articles come first
        for lookup in lookups:
            if lookup.found and lookup.so_hieu:
                for pos in valid.intersection(self.index.chunks_of_article(lookup.so_hieu, lookup.article)):
                    exact = lookup.clause is None or self.index.chunks[pos].clause == lookup.clause
                    fused[pos] = fused.get(pos, 0.0) + boost * (2.0 if exact else 1.0)
        dense_rank = {i: r for r, (i, _) in enumerate(dense, start=1)}
        dense_sim = dict(dense)
        bm25_rank = {i: r for r, (i, _) in enumerate(lexical, start=1)}
        order = sorted(fused, key=lambda i: (-fused[i], i))[: max(top_k, 10)]
        hits = tuple(Hit(self.index.chunks[i], fused[i], dense_rank.get(i), bm25_rank.get(i), dense_sim.get(i))
                     for i in order)
        ended = time.perf_counter()
        timings = {"embed_query": (embedded - started) * 1000, "dense_search": (dense_done - embedded) * 1000,
                   "lexical_fuse": (ended - dense_done) * 1000}
        return Retrieval(hits, group_articles(hits), timings)
