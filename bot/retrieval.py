"""Stage 3: retrieval and article ranking. One dense search in Chroma (the question embedded once, after its
diacritics were restored) and one BM25 pass over every granularity of the index (clauses, whole articles, our
question bank, our FAQ); the clause chunks are fused by reciprocal rank as before, and the candidate articles
are ranked by the learnt ranker (bot/ranker.py) over every signal. Named articles come first."""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from bot.asker_group import for_other_group
from bot.checks import ArticleLookup
from bot.index import LoadedIndex
from bot.question import Question
from bot.ranker import ArticleRanker, Candidate, candidates
from core.chunk import Chunk
from core.errors import IndexCorruptError
from core.legal import LawDocument
from ingest.embeddings import Embedder

RRF_K = 60
CANDIDATES = 50  # per channel, for the fused clause ranking
DENSE_CANDIDATES = 150  # chunks of every kind the article ranker looks at
SUPERSEDED_FACTOR = 0.8  # a replaced law ranks below the law in force (unless the question names it)
SPENT_TRANSITIONAL_FACTOR = 0.8  # a transitional rule whose dates have passed ranks below the permanent rule
# A law replaced by one the corpus holds answers only questions about the old law: its successor has the rule in force.
REPLACED_BY_HELD_FACTOR = 0.3
OTHER_GROUP_FACTOR = 0.05  # an article for foreigners (organisations, …) asked by someone not of that group
ASKS_ABOUT_OLD_LAW = re.compile(r"\b(luat cu|quy dinh cu|theo cu|truoc day|truoc khi|so voi|khac gi|khac so|con hieu luc"
                                r"|het hieu luc|(?:truoc|den) ngay \d)")
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
    score: float  # the ranker's probability that this article answers the question
    hits: tuple[Hit, ...]  # its clause chunks among the fused hits, best first
    features: dict[str, float] = field(default_factory=dict)
    clause_votes: dict[int, float] = field(default_factory=dict)  # khoản -> how much the signals point at it

    @property
    def key(self) -> tuple[str, int]:
        return (self.so_hieu, self.article)


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]  # clause and FAQ chunks in fused order (the evidence check reads them)
    articles: tuple[RankedArticle, ...]  # candidate articles, best first
    timings: dict[str, float] = field(default_factory=dict)

    def ranked_hits(self, n: int = 10) -> tuple[Hit, ...]:
        """One chunk per ranked article (its best clause) scored with the article's rank score, for the answer's
        ``retrieved`` list (in rank order, as the contract says)."""
        out = [dataclasses.replace(a.hits[0], score=a.score) for a in self.articles if a.hits]
        return tuple(out[: max(n, 10)])


def rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank), ranks starting at 1."""
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, idx in enumerate(ranking, start=1):
            fused[idx] = fused.get(idx, 0.0) + weight / (k + rank)
    return fused


def is_spent_transitional(doc: LawDocument, article: int | None, clause: int | None, day: str) -> bool:
    return any(n.kind == "transitional" and n.article == article and n.clause in (None, clause) and n.effective <= day
               for n in doc.notes)


def asked_years(plain: str) -> set[int]:
    """Years a question names for the law it asks about ("theo luật năm 2014")."""
    return {int(y) for y in _LAW_YEAR.findall(plain)}


_LAW_YEAR = re.compile(r"\b(?:luat|quy dinh|nghi dinh|thong tu|nam)(?: [a-z]+){0,4}? (?:nam )?((?:19|20)\d\d)\b")


# Embedding costs grow with the text (a 2,000-character question took ~50× a normal one on two cores, holding the
# model for everyone); every question of our datasets is under 300 characters, and what is asked comes last.
MAX_EMBED_CHARS = 500


def embedding_text(text: str, limit: int = MAX_EMBED_CHARS) -> str:
    """The end of a long question, from a sentence start, within ``limit`` characters (BM25 still reads it all)."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    cut = re.search(r"[.!?…]\s+", tail)
    return tail[cut.end():] if cut and cut.end() < len(tail) else tail.split(" ", 1)[-1]


def replaced_by_held(documents: Mapping[str, LawDocument], day: str, years: set[int] = frozenset()) -> set[str]:
    """Documents no longer in force on ``day`` whose every successor is in the corpus (except one of the year the
    question names)."""
    out = set()
    for so_hieu, doc in documents.items():
        successors = doc.related("replaced_by")
        if doc.ngay_ban_hanh[:4] in {str(y) for y in years}:  # "theo luật năm 2014": the old law is asked about
            continue
        if successors and not doc.in_force_on(day) and all(r.held and r.effective <= day for r in successors):
            out.add(so_hieu)
    return out


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
    def __init__(self, index: LoadedIndex, embedder: Embedder, top_k: int = 10, ranker: ArticleRanker | None = None) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {top_k}")
        self.index = index
        self.ranker = ranker
        self.top_k = top_k
        self.embed_query = QueryEmbedder(embedder)
        self._position = {c.id: i for i, c in enumerate(index.chunks)}

    def dense(self, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        # ids and distances only: fetching documents and metadata costs more than the search itself
        try:
            result: Any = self.index.collection.query(query_embeddings=[vector.tolist()],
                                                      n_results=min(n, len(self.index.chunks)), include=["distances"])
        except Exception as exc:  # chromadb raises several types for a damaged vector index
            raise IndexCorruptError(f"Kho vector (Chroma) bị hỏng ({type(exc).__name__}: {exc}). "
                                    "Hãy chạy: dancu ingest --rebuild") from None
        pairs = zip(result["ids"][0], result["distances"][0])
        return [(self._position[i], 1.0 - float(d)) for i, d in pairs if i in self._position]  # cosine space

    def lexical(self, question: Question, n: int) -> list[tuple[int, float]]:
        scores = self.index.bm25.scores(question.expanded)
        order = np.argsort(-scores)[:n]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def run(self, question: Question, lookups: Sequence[ArticleLookup] = (), top_k: int | None = None,
            asker: str | None = None) -> Retrieval:
        """``asker``: the whole question (plain) when ``question`` is one part of it, for who is asking."""
        top_k = top_k or self.top_k
        started = time.perf_counter()
        vector = self.embed_query(embedding_text(question.restored))
        embedded = time.perf_counter()
        valid = self.index.valid_positions(question.as_of)
        # older wordings are few: ask for a few more so that filtering them out keeps the candidates
        dense = [h for h in self.dense(vector, DENSE_CANDIDATES + self.index.superseded_count) if h[0] in valid]
        dense_done = time.perf_counter()
        lexical = [h for h in self.lexical(question, DENSE_CANDIDATES + self.index.superseded_count) if h[0] in valid]
        fused = self.fuse(question, lookups, valid, dense, lexical)
        order = sorted(fused, key=lambda i: (-fused[i], i))
        dense_rank = {i: r for r, (i, _) in enumerate(dense, start=1)}
        dense_sim = dict(dense)
        bm25_rank = {i: r for r, (i, _) in enumerate(lexical, start=1)}

        def hit(i: int) -> Hit:
            return Hit(self.index.chunks[i], fused.get(i, 0.0), dense_rank.get(i), bm25_rank.get(i), dense_sim.get(i))

        hits = tuple(hit(i) for i in order[: max(top_k, 10)])
        articles = self.rank_articles(question, lookups, dense, lexical, order, hit, asker)
        ended = time.perf_counter()
        timings = {"embed_query": (embedded - started) * 1000, "dense_search": (dense_done - embedded) * 1000,
                   "lexical_rank": (ended - dense_done) * 1000}
        return Retrieval(hits, articles, timings)

    def fuse(self, question: Question, lookups: Sequence[ArticleLookup], valid: frozenset[int],
             dense: Sequence[tuple[int, float]], lexical: Sequence[tuple[int, float]]) -> dict[int, float]:
        """The first version's clause ranking: RRF of dense and BM25 over clause and FAQ chunks, a replaced law and
        a spent transitional rule lowered, named articles first."""
        own = ("law", "faq", "faq_external")
        dense_ids = [i for i, _ in dense if self.index.chunks[i].kind in own][:CANDIDATES]
        lexical_ids = [i for i, _ in lexical if self.index.chunks[i].kind in own][:CANDIDATES]
        # Equal weights: with diacritics restored first, dense search works on unaccented questions too.
        fused = rrf([dense_ids, lexical_ids], [1.0, 1.0])
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
        return fused

    def features(self, question: Question, lookups: Sequence[ArticleLookup], dense: Sequence[tuple[int, float]],
                 lexical: Sequence[tuple[int, float]], order: Sequence[int]) -> list[Candidate]:
        named_articles = {(l.so_hieu, l.article) for l in lookups if l.found and l.so_hieu}
        return candidates(
            chunks=self.index.chunks, documents=self.index.documents, article_texts=self.index.article_texts(question.as_of),
            dense=dense, lexical=lexical, fused_order=order, question_plain=question.plain, qtype=question.qtype,
            named_documents={d.so_hieu for d in question.documents if d.so_hieu}, named_articles=named_articles,
            day=question.as_of, spent=self.index.spent_on(question.as_of), amending=set(self.index.amending_articles),
            details=self.index.details_links)

    @staticmethod
    def _for_other_group(texts: Mapping[tuple[str, int], str], key: tuple[str, int], asker: str) -> bool:
        """Whether the article is written for a group the asker is not of, by its title: the first line of its text
        as the ranker's cue matching already holds it ('điều 11. trình tự, … đối với người nước ngoài')."""
        text = texts.get(key)
        return text is not None and for_other_group(text.split("\n", 1)[0], asker)

    def rank_articles(self, question: Question, lookups: Sequence[ArticleLookup], dense: Sequence[tuple[int, float]],
                      lexical: Sequence[tuple[int, float]], order: Sequence[int], hit,
                      asker: str | None = None) -> tuple[RankedArticle, ...]:
        """Articles by the learnt ranker (named articles first); without a model, in the fused clause order."""
        found = self.features(question, lookups, dense, lexical, order)
        texts, asker = self.index.article_texts(question.as_of), asker or question.plain
        valid = self.index.valid_positions(question.as_of)
        replaced = set() if ASKS_ABOUT_OLD_LAW.search(question.plain) else replaced_by_held(
            self.index.documents, question.as_of, asked_years(question.plain))
        scored = []
        for cand in found:
            score = self.ranker.score(cand.features) if self.ranker else cand.features["fused_rr"]
            # a transitional rule whose dates have passed ranks below the permanent rule: the law's currency is
            # not learnt from questions (the dev set asks about the old transition on purpose)
            score *= SPENT_TRANSITIONAL_FACTOR if cand.features.get("spent_transitional") else 1.0
            if cand.key[0] in replaced and not cand.features.get("named_document"):
                score *= REPLACED_BY_HELD_FACTOR
            if not cand.features["named_article"] and self._for_other_group(texts, cand.key, asker):
                score *= OTHER_GROUP_FACTOR
            scored.append((cand.features["named_article"], score, cand))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2].key))
        ranked = []
        for _, score, c in scored:
            # an article found through its whole text or our question bank is shown by its first clause
            positions = c.law_positions or tuple(sorted(valid.intersection(self.index.chunks_of_article(*c.key)))[:1])
            ranked.append(RankedArticle(c.key[0], c.key[1], score, tuple(hit(i) for i in positions), c.features,
                                        c.clause_votes))
        return tuple(ranked)
