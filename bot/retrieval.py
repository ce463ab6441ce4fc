"""Hybrid retrieval: dense (Chroma via langchain-chroma) + BM25 (bm25s), fused by reciprocal rank.

A question that names an article ("Điều 7 Thông tư 46") gets that article's chunks first.
``HybridRetriever.run`` is a pure function of (question, index) apart from the embedding call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_chroma import Chroma

from bot.index import LoadedIndex
from bot.models import Retrieved
from bot.query import DiacriticRestorer, NormalisedQuery, normalise
from ingest.embeddings import Embedder
from ingest.lc_embeddings import LangchainEmbeddings
from ingest.legal_refs import find_article_refs, find_documents, resolve_so_hieu

RRF_K = 60
CANDIDATES = 50
SUPERSEDED_FACTOR = 0.8  # a replaced law ranks below the law in force (unless the question names it)


@dataclass(frozen=True)
class ArticleLookup:
    so_hieu: str | None  # None: the named document is not in the corpus
    article: int
    clause: int | None
    step: int | None
    found: bool
    named: str  # how the question named it


def rrf(rankings: list[list[int]], weights: list[float], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank), ranks starting at 1."""
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, idx in enumerate(ranking, start=1):
            fused[idx] = fused.get(idx, 0.0) + weight / (k + rank)
    return fused


class HybridRetriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, top_k: int = 10) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {top_k}")
        self.index = index
        self.embedder = embedder
        self.top_k = top_k
        self.restorer = DiacriticRestorer(c.text for c in index.chunks if c.kind in ("law", "faq"))
        self._id_to_pos = {c.id: i for i, c in enumerate(index.chunks)}
        self._query_cache: dict[str, np.ndarray] = {}
        # The dense side goes through LangChain's Chroma vector store, with our embedder.
        self.vectorstore = Chroma(client=index.client, collection_name=index.collection_name,
                                  embedding_function=LangchainEmbeddings(embedder))

    # -- pieces -------------------------------------------------------------------------------
    def normalise(self, question: str) -> NormalisedQuery:
        return normalise(question, self.restorer)

    def lookups(self, question: str) -> list[ArticleLookup]:
        known = list(self.index.documents)
        out = []
        for ref in find_article_refs(question):
            if ref.doc is None:
                continue
            so_hieu = resolve_so_hieu(ref.doc, known)
            found = so_hieu is not None and self.index.article(so_hieu, ref.article) is not None
            named = ref.doc.so_hieu or ref.doc.name or f"{ref.doc.kind} {ref.doc.number}"
            out.append(ArticleLookup(so_hieu, ref.article, ref.clause, ref.step, found, named))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        # Repeated questions (examples in the UI, evaluation runs) skip the model.
        vector = self._query_cache.get(text)
        if vector is None:  # a local copy: another thread may clear the cache meanwhile
            if len(self._query_cache) > 4096:
                self._query_cache.clear()
            vector = self.embedder.embed([text], "query")[0]
            self._query_cache[text] = vector
        return vector

    def dense(self, query: NormalisedQuery, n: int) -> list[tuple[int, float]]:
        vector = self.embed_query(query.restored)
        hits = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
            vector.tolist(), k=min(n, len(self.index.chunks)))
        # Scores are cosine distances here (the collection uses the cosine space).
        return [(self._id_to_pos[doc.id], 1.0 - float(distance)) for doc, distance in hits if doc.id in self._id_to_pos]

    def lexical(self, query: NormalisedQuery, n: int) -> list[tuple[int, float]]:
        scores = self.index.bm25.scores(query.text)
        order = np.argsort(-scores)[:n]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    # -- the retriever --------------------------------------------------------------------------
    def run(self, question: str, top_k: int | None = None) -> list[Retrieved]:
        top_k = top_k or self.top_k
        query = self.normalise(question)
        dense = self.dense(query, CANDIDATES)
        lexical = self.lexical(query, CANDIDATES)
        # Equal weights: with diacritics restored first, dense search works on unaccented questions too.
        fused = rrf([[i for i, _ in dense], [i for i, _ in lexical]], [1.0, 1.0])
        named = {d.so_hieu for d in find_documents(question)}
        for pos in fused:
            doc = self.index.documents.get(self.index.chunks[pos].so_hieu)
            if doc is not None and not doc.in_force and doc.so_hieu not in named:
                fused[pos] *= SUPERSEDED_FACTOR
        boost = 1.0 / RRF_K  # more than any fused score can reach: named articles come first
        for lookup in self.lookups(question):
            if lookup.found and lookup.so_hieu:
                for pos in self.index.chunks_of_article(lookup.so_hieu, lookup.article):
                    chunk = self.index.chunks[pos]
                    exact = lookup.clause is None or chunk.clause == lookup.clause
                    fused[pos] = fused.get(pos, 0.0) + boost * (2.0 if exact else 1.0)
        dense_rank = {i: r for r, (i, _) in enumerate(dense, start=1)}
        dense_sim = dict(dense)
        bm25_rank = {i: r for r, (i, _) in enumerate(lexical, start=1)}
        order = sorted(fused, key=lambda i: (-fused[i], i))[: max(top_k, 10)]
        return [
            Retrieved(self.index.chunks[i], fused[i], dense_rank.get(i), bm25_rank.get(i), dense_sim.get(i))
            for i in order
        ]
