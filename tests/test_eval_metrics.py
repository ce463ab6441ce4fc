"""Evaluation metrics on tiny hand-computed cases (exact values)."""

from __future__ import annotations

import math

import pytest

from evals.dataset import EvalQuestion, GoldRef
from evals.metrics import (
    article_hits,
    cited_article_precision,
    cited_article_recall,
    clause_citation_accuracy,
    clause_hits,
    fact_coverage,
    ndcg_at_k,
    percentile,
    quote_verified,
    recall_at_k,
    reciprocal_rank,
    refusal_correct,
    score_question,
    summarise,
    summarise_by_type,
)
from evals.outputs import CitedRef, RetrievedRef, SystemOutput, chunk_covers

TT46 = "46/2022/TT-BCA"
LCC = "26/2023/QH15"
GOLD = (GoldRef(TT46, 3, 2),)


def law(so_hieu: str, article: int, clause: int | None = None) -> frozenset:
    return frozenset({(so_hieu, article, clause)})


# -- matching -----------------------------------------------------------------------------------
def test_article_hits_ignore_clause_and_document_must_match() -> None:
    retrieved = [law(TT46, 4), law(TT46, 3, 4), law(LCC, 3, 2), law(TT46, 3)]
    assert article_hits(retrieved, GOLD) == [False, True, False, True]


def test_clause_hits_need_the_gold_clause_unless_the_item_is_the_whole_article() -> None:
    retrieved = [law(TT46, 3, 4), law(TT46, 3, 2), law(TT46, 3)]
    assert clause_hits(retrieved, GOLD) == [False, True, True]
    # A gold item without a clause matches any clause of its article.
    assert clause_hits([law(TT46, 3, 4)], (GoldRef(TT46, 3),)) == [True]


def test_faq_chunk_is_a_hit_on_any_article_it_cites() -> None:
    cites = '[{"so_hieu": "26/2023/QH15", "article": 7, "clause": 9}, {"so_hieu": "46/2022/TT-BCA", "article": 3, "clause": 2}]'
    covers = chunk_covers("faq", LCC, 7, 9, cites)
    assert covers == frozenset({(LCC, 7, 9), (TT46, 3, 2)})
    assert article_hits([covers], GOLD) == [True]
    assert chunk_covers("law", TT46, 11, None) == frozenset({(TT46, 11, None)})


# -- retrieval ----------------------------------------------------------------------------------
@pytest.mark.parametrize("k, expected", [(1, 0.0), (2, 0.0), (3, 1.0), (10, 1.0)])
def test_recall_at_k(k: int, expected: float) -> None:
    assert recall_at_k([False, False, True, False], k) == expected


def test_recall_at_k_rejects_bad_k() -> None:
    with pytest.raises(ValueError, match="k must be > 0, got 0"):
        recall_at_k([True], 0)


def test_reciprocal_rank() -> None:
    assert reciprocal_rank([False, False, True, True]) == pytest.approx(1 / 3)
    assert reciprocal_rank([True]) == 1.0
    assert reciprocal_rank([False] * 10 + [True]) == 0.0  # beyond rank 10
    assert reciprocal_rank([]) == 0.0


def test_ndcg_counts_each_gold_article_once() -> None:
    gold = (GoldRef(TT46, 3, 2), GoldRef(TT46, 7))
    # ranks: 1 miss, 2 Điều 3 (new), 3 Điều 3 again (no gain), 4 Điều 7 (new)
    retrieved = [law(TT46, 4), law(TT46, 3, 2), law(TT46, 3, 1), law(TT46, 7)]
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at_k(retrieved, gold) == pytest.approx(dcg / ideal)
    assert ndcg_at_k([law(TT46, 3), law(TT46, 7)], gold) == pytest.approx(1.0)
    assert ndcg_at_k([law(TT46, 4)], gold) == 0.0


def test_ndcg_single_gold_at_rank_two() -> None:
    assert ndcg_at_k([law(TT46, 4), law(TT46, 3)], GOLD) == pytest.approx(1 / math.log2(3))


# -- answers ------------------------------------------------------------------------------------
def cite(so_hieu: str, article: int, clause: int | None = None, quote: str = "") -> CitedRef:
    return CitedRef(so_hieu, article, clause, quote)


def test_cited_article_precision_and_recall() -> None:
    gold = (GoldRef(TT46, 3, 2), GoldRef(TT46, 7))
    cited = [cite(TT46, 3, 1), cite(TT46, 3, 2), cite(TT46, 4)]  # articles {3, 4}
    assert cited_article_precision(cited, gold) == 0.5
    assert cited_article_recall(cited, gold) == 0.5
    assert cited_article_precision([], gold) is None
    assert cited_article_recall([], gold) == 0.0


def test_clause_citation_accuracy() -> None:
    gold = (GoldRef(TT46, 3, 2), GoldRef(TT46, 3, 3), GoldRef(TT46, 7))
    assert clause_citation_accuracy([cite(TT46, 3, 2), cite(TT46, 7)], gold) == 0.5
    assert clause_citation_accuracy([cite(TT46, 3)], gold) == 0.0  # the whole article is not the khoản
    assert clause_citation_accuracy([cite(TT46, 7)], (GoldRef(TT46, 7),)) is None  # no khoản in gold


def test_fact_coverage_ignores_case_punctuation_and_markdown() -> None:
    answer = "**Kết luận:** Không được xâm phạm đời sống riêng tư, bí mật cá nhân; bí mật gia đình."
    facts = ["đời sống riêng tư", "Bí mật cá nhân, bí mật gia đình", "trừ trường hợp pháp luật khác có quy định"]
    assert fact_coverage(answer, facts) == pytest.approx(2 / 3)
    assert fact_coverage(answer, []) is None
    # Whole words only: "cá nhân" does not match inside "cá nhânh".
    assert fact_coverage("cá nhânh", ["cá nhân"]) == 0.0


def test_refusal_correct() -> None:
    assert refusal_correct(refused=True, answerable=False)
    assert refusal_correct(refused=False, answerable=True)
    assert not refusal_correct(refused=True, answerable=True)
    assert not refusal_correct(refused=False, answerable=False)


def test_quote_verified_is_verbatim_up_to_spacing() -> None:
    article = "Điều 3. Nguyên tắc\n1. Tuân thủ quy định.\n2. Không làm ảnh hưởng đến quyền lợi."
    assert quote_verified("2. Không làm ảnh hưởng  đến\nquyền lợi.", article)
    assert not quote_verified("2. Không làm ảnh hưởng tới quyền lợi.", article)
    assert not quote_verified("", article)
    assert not quote_verified("Điều 3", None)


def test_percentile_interpolates() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)
    assert percentile([], 50) is None
    with pytest.raises(ValueError, match="q must be within"):
        percentile([1.0], 101)


# -- one question, then a run -------------------------------------------------------------------
ARTICLES = {(TT46, 3): "Điều 3. Nguyên tắc\n2. Không được xâm phạm bí mật cá nhân.", (TT46, 4): "Điều 4. Khác"}


def article_text(so_hieu: str, number: int) -> str | None:
    return ARTICLES.get((so_hieu, number))


def q(id: str, answerable: bool = True, gold=GOLD, facts=(), type: str = "permission") -> EvalQuestion:
    return EvalQuestion(id, f"câu {id}?", type, answerable, gold if answerable else (), facts)


def out(retrieved=(), citations=(), refused=False, answer="", latency=10.0) -> SystemOutput:
    return SystemOutput(tuple(RetrievedRef(c) for c in retrieved), tuple(citations), refused, answer, latency)


def test_score_question_exact_values() -> None:
    output = out(
        retrieved=[law(TT46, 4), law(TT46, 3, 2)],
        citations=[cite(TT46, 3, 2, "2. Không được xâm phạm bí mật cá nhân."), cite(TT46, 4, None, "bịa")],
        answer="Không được xâm phạm bí mật cá nhân.",
    )
    s = score_question(q("a", facts=("bí mật cá nhân", "đời sống riêng tư")), output, article_text)
    assert s.recall == {1: 0.0, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0, 7: 1.0, 8: 1.0, 9: 1.0, 10: 1.0}
    assert s.rr == 0.5 and s.first_hit_rank == 2
    assert s.clause_rr == 0.5 and s.clause_recall5 == 1.0
    assert s.cited_precision == 0.5 and s.cited_recall == 1.0 and s.clause_accuracy == 1.0
    assert s.fact_coverage == 0.5
    assert (s.quotes, s.quotes_verified) == (2, 1)
    assert s.refusal_ok and s.auto_ok


def test_score_question_refusals() -> None:
    refused = score_question(q("b"), out(refused=True, answer="Không có trong nguồn."), article_text)
    assert refused.recall[10] == 0.0 and refused.cited_recall == 0.0 and refused.cited_precision is None
    assert not refused.refusal_ok and not refused.auto_ok
    oos = score_question(q("c", answerable=False, type="out_of_scope"), out(refused=True), article_text)
    assert oos.recall is None and oos.cited_recall is None and oos.refusal_ok and oos.auto_ok


def test_summarise_exact_values() -> None:
    scores = [
        score_question(q("a"), out([law(TT46, 3, 2)], [cite(TT46, 3, 2, "2. Không được xâm phạm bí mật cá nhân.")],
                                   latency=10.0), article_text),
        score_question(q("b"), out([law(TT46, 4), law(TT46, 4), law(TT46, 3)], [cite(TT46, 4, None, "Khác")],
                                   latency=30.0), article_text),
        score_question(q("c", answerable=False, type="out_of_scope"), out(refused=False, latency=20.0), article_text),
        score_question(q("d", answerable=False, type="out_of_scope"), out(refused=True, latency=40.0), article_text),
    ]
    summary = summarise(scores)
    assert summary["n_questions"] == 4 and summary["n_retrieval"] == 2 and summary["n_unanswerable"] == 2
    assert summary["recall@1"] == 0.5 and summary["recall@3"] == 1.0
    assert summary["mrr@10"] == pytest.approx((1 + 1 / 3) / 2)
    assert summary["cited_precision"] == 0.5 and summary["cited_recall"] == 0.5
    assert summary["clause_citation_accuracy"] == 0.5  # a: khoản 2 cited, b: not
    assert summary["refusal_accuracy"] == 0.75  # a, b answered; c answered wrongly; d refused
    assert summary["missed_refusal_rate"] == 0.5 and summary["false_refusal_rate"] == 0.0
    assert summary["quote_verification"] == 1.0 and summary["n_quotes"] == 2
    assert summary["latency_p50_ms"] == 25.0
    assert summary["recall_curve"][:3] == [0.5, 0.5, 1.0]
    by_type = summarise_by_type(scores)
    assert by_type["permission"]["n"] == 2 and by_type["out_of_scope"]["refusal_accuracy"] == 0.5
    assert by_type["out_of_scope"]["recall@5"] is None
