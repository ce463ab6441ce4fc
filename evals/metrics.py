"""Evaluation metrics: pure functions of (gold, system output). No I/O.

Definitions (see also evals/README.md):

- Retrieval, over answerable questions. Ranks are the system's retrieved items in order (chunks, not
  deduplicated). An item is an *article-level hit* when it covers the so_hieu and article of any gold item (the
  contract's hit). A *clause-level hit* also needs the khoản to match when that gold item names one (an item
  covering the whole article matches any khoản).
  - recall@k: 1 if a hit is among the first k items, else 0 (averaged: share of questions).
  - MRR@10: 1 / rank of the first hit within 10, else 0.
  - nDCG@10: binary gain at a rank whose item covers a gold article not covered by an earlier rank (so
    repeated chunks of one article earn nothing); ideal = one new gold article per rank.
- Answers:
  - cited-article precision: distinct cited (so_hieu, article) that are gold / distinct cited; over answerable
    questions that were answered with at least one citation.
  - cited-article recall: distinct gold articles cited / distinct gold articles; over answerable questions
    (a refusal scores 0).
  - clause-level citation accuracy: share of the gold items that name a khoản for which a citation of
    exactly that khoản of that article exists; over answerable questions whose gold names a khoản.
  - fact coverage: share of gold facts found in the answer text (case, punctuation and spacing ignored);
    over answerable questions with facts (a refusal scores 0).
  - conclusion-fact coverage: share of the dataset's ``conclusion_facts`` found in the answer's conclusion
    alone (same matching as fact coverage; a "Có" / "Không" fact must be the conclusion's first word); over
    answerable questions having them (a refusal scores 0; a system without conclusions: not measured).
  - conclusion defects: answered questions whose conclusion holds an ellipsis ('…', '...'), an empty list item
    ('(2) ;', '; ;') or a dangling ': .' (counts).
  - refusal accuracy: refused == not answerable; over all questions.
  - quote verification rate: share of citations whose quote occurs verbatim (spacing ignored) in the text
    of the article it cites; over all citations.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from core.quotes import verify_quote
from evals.dataset import EvalQuestion, GoldRef
from evals.outputs import CitedRef, SystemOutput

K_VALUES = (1, 3, 5, 10)
CONCLUSION_DEFECTS = ("ellipsis", "empty_item", "dangling_colon")
CURVE_K = tuple(range(1, 11))
CoverKey = tuple[str, int, "int | None"]
ArticleText = Callable[[str, int], "str | None"]


# -- matching ----------------------------------------------------------------------------------
def covers_article(covers: Iterable[CoverKey], gold: Sequence[GoldRef]) -> bool:
    articles = {g.article_key for g in gold}
    return any((k[0], k[1]) in articles for k in covers)


def covers_clause(covers: Iterable[CoverKey], gold: Sequence[GoldRef]) -> bool:
    return any(
        k[0] == g.so_hieu and k[1] == g.article and (g.clause is None or k[2] is None or k[2] == g.clause)
        for k in covers
        for g in gold
    )


def article_hits(retrieved: Sequence[Iterable[CoverKey]], gold: Sequence[GoldRef]) -> list[bool]:
    return [covers_article(item, gold) for item in retrieved]


def clause_hits(retrieved: Sequence[Iterable[CoverKey]], gold: Sequence[GoldRef]) -> list[bool]:
    return [covers_clause(item, gold) for item in retrieved]


# -- retrieval ----------------------------------------------------------------------------------
def recall_at_k(hits: Sequence[bool], k: int) -> float:
    if k <= 0:
        raise ValueError(f"k must be > 0, got {k}")
    return 1.0 if any(hits[:k]) else 0.0


def reciprocal_rank(hits: Sequence[bool], k: int = 10) -> float:
    for rank, hit in enumerate(hits[:k], start=1):
        if hit:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(retrieved: Sequence[Iterable[CoverKey]], gold: Sequence[GoldRef], k: int = 10) -> float:
    articles = {g.article_key for g in gold}
    if not articles:
        return 0.0
    seen: set[tuple[str, int]] = set()
    dcg = 0.0
    for rank, item in enumerate(retrieved[:k], start=1):
        new = ({(key[0], key[1]) for key in item} & articles) - seen
        if new:
            dcg += 1.0 / math.log2(rank + 1)
            seen |= new
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(articles), k) + 1))
    return dcg / ideal


# -- answers ------------------------------------------------------------------------------------
def _cited_articles(citations: Sequence[CitedRef]) -> set[tuple[str, int]]:
    return {(c.so_hieu, c.article) for c in citations}


def cited_article_precision(citations: Sequence[CitedRef], gold: Sequence[GoldRef]) -> float | None:
    cited = _cited_articles(citations)
    if not cited:
        return None
    return len(cited & {g.article_key for g in gold}) / len(cited)


def cited_article_recall(citations: Sequence[CitedRef], gold: Sequence[GoldRef]) -> float | None:
    articles = {g.article_key for g in gold}
    if not articles:
        return None
    return len(_cited_articles(citations) & articles) / len(articles)


def clause_citation_accuracy(citations: Sequence[CitedRef], gold: Sequence[GoldRef]) -> float | None:
    wanted = {(g.so_hieu, g.article, g.clause) for g in gold if g.clause is not None}
    if not wanted:
        return None
    cited = {(c.so_hieu, c.article, c.clause) for c in citations}
    return len(wanted & cited) / len(wanted)


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_for_facts(text: str) -> str:
    """Lower-case NFC words separated by single spaces (punctuation and Markdown marks dropped)."""
    return " " + _NON_WORD.sub(" ", unicodedata.normalize("NFC", text).lower()).strip() + " "


def fact_coverage(answer: str, facts: Sequence[str]) -> float | None:
    if not facts:
        return None
    text = normalise_for_facts(answer)
    return sum(1 for f in facts if normalise_for_facts(f) in text) / len(facts)


_YES_NO_FACTS = {" có ", " không "}


def conclusion_fact_coverage(conclusion: str, facts: Sequence[str]) -> float | None:
    """Share of ``facts`` stated in the conclusion alone; 'Có' / 'Không' must open it (its first word)."""
    if not facts:
        return None
    text = normalise_for_facts(conclusion)
    first = text.split()[:1]
    found = 0
    for fact in facts:
        wanted = normalise_for_facts(fact)
        if wanted in _YES_NO_FACTS:
            found += first == wanted.split()
        else:
            found += wanted in text
    return found / len(facts)


_ELLIPSIS = re.compile(r"…|\.\.\.")
_EMPTY_ITEM = re.compile(r"\(\d+\)\s*(?:;|\.?\s*$)|;\s*;|:\s*;")
_DANGLING = re.compile(r":\s*[.;]|:\s*$")


def conclusion_defects(conclusion: str | None) -> tuple[str, ...]:
    """'ellipsis', 'empty_item', 'dangling_colon': what a conclusion must never hold ('…', '(2) ;', ': .')."""
    if not conclusion:
        return ()
    found = []
    if _ELLIPSIS.search(conclusion):
        found.append("ellipsis")
    if _EMPTY_ITEM.search(conclusion):
        found.append("empty_item")
    if _DANGLING.search(conclusion):
        found.append("dangling_colon")
    return tuple(found)


def refusal_correct(refused: bool, answerable: bool) -> bool:
    return refused != answerable


def quote_verified(quote: str, article_text: str | None) -> bool:
    """The quote occurs verbatim (whitespace-insensitive) in the cited article's text (the answer's own rule)."""
    return verify_quote(quote, article_text)


def percentile(values: Sequence[float], q: float) -> float | None:
    """numpy's percentile (linear interpolation); None for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within [0, 100], got {q}")
    return float(np.percentile(values, q)) if len(values) else None


# -- one question -------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionScore:
    id: str
    type: str
    answerable: bool
    refused: bool
    refusal_ok: bool
    latency_ms: float
    error: str | None
    recall: dict[int, float] | None  # k -> 0/1, k in CURVE_K
    rr: float | None
    ndcg: float | None
    clause_recall5: float | None
    clause_rr: float | None
    cited_precision: float | None
    cited_recall: float | None
    clause_accuracy: float | None
    fact_coverage: float | None
    quotes: int
    quotes_verified: int
    first_hit_rank: int | None
    conclusion_fact_coverage: float | None = None
    conclusion_defects: tuple[str, ...] = ()

    @property
    def auto_ok(self) -> bool:
        """The automatic verdict compared with human scores: answerable -> answered, a gold article cited and
        at least half the facts present; unanswerable -> refused."""
        if not self.answerable:
            return self.refused
        if self.refused or not self.cited_recall:
            return False
        return self.fact_coverage is None or self.fact_coverage >= 0.5

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["conclusion_defects"] = list(self.conclusion_defects)
        data["auto_ok"] = self.auto_ok
        if self.recall is not None:
            data["recall"] = {str(k): v for k, v in self.recall.items()}
        return data


def score_question(question: EvalQuestion, output: SystemOutput, article_text: ArticleText) -> QuestionScore:
    gold = question.gold
    retrieved = [r.covers for r in output.retrieved]
    retrieval = question.answerable and bool(gold)
    hits = article_hits(retrieved, gold) if retrieval else []
    has_clause = any(g.clause is not None for g in gold)
    chits = clause_hits(retrieved, gold) if retrieval and has_clause else []
    cites = output.citations if not output.refused else ()
    verified = sum(1 for c in cites if quote_verified(c.quote, article_text(c.so_hieu, c.article)))
    answered_text = output.answer if not output.refused else ""
    first = next((i for i, h in enumerate(hits, start=1) if h), None)
    conclusion_facts = tuple(question.extra.get("conclusion_facts") or ())
    if not question.answerable or (output.conclusion is None and not output.refused and not output.error):
        conclusion_score = None  # nothing to ask, or a system that writes no conclusion (the naive baseline)
    else:
        conclusion_score = conclusion_fact_coverage("" if output.refused else output.conclusion or "", conclusion_facts)
    return QuestionScore(
        id=question.id,
        type=question.type,
        answerable=question.answerable,
        refused=output.refused,
        refusal_ok=refusal_correct(output.refused, question.answerable),
        latency_ms=output.latency_ms,
        error=output.error,
        recall={k: recall_at_k(hits, k) for k in CURVE_K} if retrieval else None,
        rr=reciprocal_rank(hits, 10) if retrieval else None,
        ndcg=ndcg_at_k(retrieved, gold, 10) if retrieval else None,
        clause_recall5=recall_at_k(chits, 5) if retrieval and has_clause else None,
        clause_rr=reciprocal_rank(chits, 10) if retrieval and has_clause else None,
        cited_precision=cited_article_precision(cites, gold) if question.answerable else None,
        cited_recall=cited_article_recall(cites, gold) if question.answerable else None,
        clause_accuracy=clause_citation_accuracy(cites, gold) if question.answerable else None,
        fact_coverage=fact_coverage(answered_text, question.facts) if question.answerable else None,
        quotes=len(cites),
        quotes_verified=verified,
        first_hit_rank=first,
        conclusion_fact_coverage=conclusion_score,
        conclusion_defects=() if output.refused else conclusion_defects(output.conclusion),
    )


# -- aggregation --------------------------------------------------------------------------------
def _mean(values: Iterable[float | None]) -> float | None:
    data = [v for v in values if v is not None]
    return sum(data) / len(data) if data else None


def summarise(scores: Sequence[QuestionScore]) -> dict[str, Any]:
    """Averages over the questions each metric applies to, with those counts (``n_*``)."""
    retrieval = [s for s in scores if s.recall is not None]
    clause = [s for s in scores if s.clause_rr is not None]
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    latencies = [s.latency_ms for s in scores if s.error is None]
    quotes = sum(s.quotes for s in scores)
    out: dict[str, Any] = {
        "n_questions": len(scores),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "n_retrieval": len(retrieval),
        "n_clause_gold": len(clause),
        "errors": sum(1 for s in scores if s.error),
    }
    for k in K_VALUES:
        out[f"recall@{k}"] = _mean(s.recall[k] for s in retrieval)
    out["mrr@10"] = _mean(s.rr for s in retrieval)
    out["ndcg@10"] = _mean(s.ndcg for s in retrieval)
    out["clause_recall@5"] = _mean(s.clause_recall5 for s in clause)
    out["clause_mrr@10"] = _mean(s.clause_rr for s in clause)
    out["cited_precision"] = _mean(s.cited_precision for s in answerable)
    out["n_cited_precision"] = sum(1 for s in answerable if s.cited_precision is not None)
    out["cited_recall"] = _mean(s.cited_recall for s in answerable)
    out["clause_citation_accuracy"] = _mean(s.clause_accuracy for s in answerable)
    out["n_clause_citation"] = sum(1 for s in answerable if s.clause_accuracy is not None)
    out["fact_coverage"] = _mean(s.fact_coverage for s in answerable)
    out["n_facts"] = sum(1 for s in answerable if s.fact_coverage is not None)
    out["conclusion_fact_coverage"] = _mean(s.conclusion_fact_coverage for s in answerable)
    out["n_conclusion_facts"] = sum(1 for s in answerable if s.conclusion_fact_coverage is not None)
    for defect in CONCLUSION_DEFECTS:
        out[f"conclusions_with_{defect}"] = sum(1 for s in scores if defect in s.conclusion_defects)
    out["refusal_accuracy"] = _mean(1.0 if s.refusal_ok else 0.0 for s in scores)
    out["false_refusal_rate"] = _mean(1.0 if s.refused else 0.0 for s in answerable)
    out["missed_refusal_rate"] = _mean(0.0 if s.refused else 1.0 for s in unanswerable)
    out["quote_verification"] = sum(s.quotes_verified for s in scores) / quotes if quotes else None
    out["n_quotes"] = quotes
    out["latency_p50_ms"] = percentile(latencies, 50)
    out["latency_p95_ms"] = percentile(latencies, 95)
    out["latency_mean_ms"] = _mean(latencies)
    out["recall_curve"] = [_mean(s.recall[k] for s in retrieval) for k in CURVE_K]
    return out


BY_TYPE_METRICS = ("recall@5", "mrr@10", "cited_precision", "cited_recall", "fact_coverage", "conclusion_fact_coverage",
                   "refusal_accuracy")


def summarise_by_type(scores: Sequence[QuestionScore]) -> dict[str, dict[str, Any]]:
    types = sorted({s.type for s in scores})
    out = {}
    for t in types:
        group = [s for s in scores if s.type == t]
        full = summarise(group)
        out[t] = {"n": len(group), **{m: full[m] for m in BY_TYPE_METRICS}}
    return out
