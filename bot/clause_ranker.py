"""Which khoản of a chosen article answers: every khoản described by the search's signals for it (question bank
and FAQ pointers, dense similarity, its rank among the clause hits) and by its words against the question's and
against the sentence that asks; a model learnt by ``dancu ranker train --level clause`` (boosted trees, the same
JSON format as the article ranker) turns them into one score.

The evidence cites the khoản the model scores best and, beside it, the one the hand-weighted sum
(``bot.evidence.answering_clause``) leads with when that is another (``bot.evidence._learnt_clauses``); without the
model file, the sum alone.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Sequence

from bot.answer_types import answer_kind, asking_sentence
from bot.guard import content_words
from bot.question import Question
from bot.ranker import ArticleRanker, phrase_overlap
from bot.retrieval import Hit, RankedArticle
from core.legal import Article
from core.text import plain_text

MODEL_PATH = Path(__file__).with_name("clause_model.json")

FEATURES = (
    "vote",  # question bank, FAQ and clause-hit pointers to the khoản, as a share of the article's best
    "dense", "has_dense",  # cosine similarity of its best chunk to the question (0 and 0 when no search found it)
    "hit_inv", "is_first",  # 1 / (1 + its rank among the article's clause hits); whether it is the first hit
    "share", "phrases",  # share of the question's content words / adjacent word pairs in it
    "ask_share", "ask_phrases",  # the same against the sentence that asks, without the story before it
    "position", "is_first_clause", "log_words",  # where it stands in the article, how long it is
    "quantity_match", "body_match", "definition_match",  # it holds the kind of fact asked (a number, a body, 'là')
)
# the model's second khoản is cited too (when the weighed sum leads with the model's first) if its score is at least
# this share of the first's (held out, aw–bd: a gold khoản among those cited for 0.89, 1.6 khoản cited; 0.78 and 1.75
# with the weighed sum alone)
SECOND_SHARE = 0.3

_QUANTITY = re.compile(r"\b\d+\s*(ngay|thang|nam|tuoi|gio|lan|phan tram|%|dong)\b")
_BODY = re.compile(r"\b(bo cong an|cuc|co quan|cong an|chinh phu|thu tuong|uy ban|giam doc|thu truong)\b")


def similarity_by_clause(hits: Sequence[Hit]) -> dict[int, float]:
    """Each khoản's best cosine similarity to the question among ``hits`` (a khoản no dense search found is absent)."""
    similarity: dict[int, float] = {}
    for hit in hits:
        clause, value = hit.chunk.clause, hit.dense_similarity
        if clause is not None and value is not None:
            similarity[clause] = max(similarity.get(clause, 0.0), value)
    return similarity


def clause_features(question: Question, ranked: RankedArticle, article: Article) -> dict[int, dict[str, float]]:
    """The features of every khoản of ``article`` (the ranked article ``ranked``) for ``question``."""
    hits = [h for h in ranked.hits if h.score > 0]
    similarity = similarity_by_clause(hits)
    hit_rank: dict[int, int] = {}
    for rank, hit in enumerate(hits):
        if hit.chunk.clause is not None:
            hit_rank.setdefault(hit.chunk.clause, rank)
    first = hits[0].chunk.clause if hits else None
    top_vote = max(ranked.clause_votes.values(), default=0.0) or 1.0
    asked, ask = set(question.content_words), asking_sentence(question.plain)
    asked_now = set(content_words(ask))
    kind = answer_kind(question.plain)
    out: dict[int, dict[str, float]] = {}
    for clause in article.clauses:
        text = plain_text(clause.text).lower()
        words = set(content_words(text))
        out[clause.number] = {
            "vote": ranked.clause_votes.get(clause.number, 0.0) / top_vote,
            "dense": similarity.get(clause.number, 0.0), "has_dense": float(clause.number in similarity),
            "hit_inv": 1.0 / (1 + hit_rank[clause.number]) if clause.number in hit_rank else 0.0,
            "is_first": float(clause.number == first),
            "share": len(asked & words) / len(asked) if asked else 0.0,
            "phrases": phrase_overlap(question.plain, text),
            "ask_share": len(asked_now & words) / len(asked_now) if asked_now else 0.0,
            "ask_phrases": phrase_overlap(ask, text),
            "position": clause.number / len(article.clauses), "is_first_clause": float(clause.number == 1),
            "log_words": math.log(1 + len(words)),
            "quantity_match": float(kind in ("duration", "age", "amount") and bool(_QUANTITY.search(text))),
            "body_match": float(kind == "who" and bool(_BODY.search(text))),
            "definition_match": float(kind == "definition" and " la " in f" {text} "),
        }
    return out


def clause_order(question: Question, ranked: RankedArticle, article: Article,
                 model: ArticleRanker | None) -> list[tuple[int, float]]:
    """The khoản of the article with the model's scores, best first (the earlier khoản on a tie)."""
    if model is None:
        return []
    features = clause_features(question, ranked, article)
    scored = [(number, model.score(values)) for number, values in features.items()]
    return sorted(scored, key=lambda t: (-t[1], t[0]))
