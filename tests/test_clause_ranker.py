"""The clause model: which khoản of a chosen article answers (bot/clause_ranker.py), how the evidence uses it, and how
``dancu ranker train --level clause`` builds its examples. On the real corpus, parsed (no index): each test states
the ranked article (its clause hits, their dense similarity, the clause votes) and, where it matters, a model whose
weights it sets, so what is checked is the code's arithmetic and choice, not a model's luck."""

from __future__ import annotations

import json
import math

import pytest

from bot.clause_ranker import FEATURES, MODEL_PATH, SECOND_SHARE, clause_features, clause_order
from bot.evidence import select_evidence
from bot.question import QuestionReader
from bot.ranker import ArticleRanker
from bot.retrieval import Hit, RankedArticle, Retrieval
from evals.dataset import EvalQuestion, GoldRef
from evals.ranker_training import clause_examples, evaluate, fit, report
from tests.helpers import chunk, parsed_index

LAW = "26/2023/QH15"
AGES = "Người dưới bao nhiêu tuổi thì làm thủ tục về căn cước thông qua người đại diện hợp pháp?"  # khoản 4 Điều 5


def _ranked(*clauses: tuple[int, float], votes: dict[int, float] | None = None) -> RankedArticle:
    """Điều 5 Luật Căn cước (quyền, nghĩa vụ; khoản 4 on those under 14) ranked, with these (khoản, dense
    similarity) hits, best first."""
    hits = tuple(Hit(chunk(f"luat-can-cuoc-2023:d5:k{n}"), 1.0 / (i + 1), dense_similarity=sim)
                 for i, (n, sim) in enumerate(clauses))
    return RankedArticle(LAW, 5, 0.9, hits, clause_votes=votes or {})


def _model(**weights: float) -> ArticleRanker:
    return ArticleRanker(FEATURES, tuple(weights.get(name, 0.0) for name in FEATURES), 0.0)


def _question(text: str = AGES):
    return QuestionReader(None).run(text)


def _article():
    return parsed_index().article(LAW, 5, None)


def test_every_khoan_gets_every_feature_from_the_search_and_the_words() -> None:
    features = clause_features(_question(), _ranked((1, 0.8), (4, 0.7), votes={4: 2.0, 1: 1.0}), _article())
    assert sorted(features) == [1, 2, 3, 4] and all(list(f) == list(FEATURES) for f in features.values())
    first, fourth = features[1], features[4]
    assert (first["is_first"], first["hit_inv"], first["dense"], first["has_dense"]) == (1.0, 1.0, 0.8, 1.0)
    assert (fourth["is_first"], fourth["hit_inv"], fourth["dense"]) == (0.0, 0.5, 0.7)
    assert (fourth["vote"], first["vote"]) == (1.0, 0.5)  # a share of the best vote
    assert (first["position"], fourth["position"], first["is_first_clause"]) == (0.25, 1.0, 1.0)
    # 'dưới bao nhiêu tuổi' asks an age: only khoản 4 states one ('người dưới 14 tuổi')
    assert (fourth["quantity_match"], first["quantity_match"]) == (1.0, 0.0)
    assert fourth["ask_share"] > first["ask_share"]


def test_a_khoan_no_search_found_has_no_dense_signal() -> None:
    features = clause_features(_question(), _ranked((1, 0.8)), _article())
    assert (features[4]["dense"], features[4]["has_dense"], features[4]["hit_inv"]) == (0.0, 0.0, 0.0)


def test_the_model_orders_the_khoan_and_without_one_there_is_no_order() -> None:
    question, ranked = _question(), _ranked((1, 0.8), (4, 0.7))
    assert [n for n, _ in clause_order(question, ranked, _article(), _model(quantity_match=3.0))][0] == 4
    assert [n for n, _ in clause_order(question, ranked, _article(), _model(is_first=3.0))][0] == 1
    assert clause_order(question, ranked, _article(), None) == []


PRIVATE = ("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin về đời "
           "sống riêng tư, bí mật cá nhân hay không?")  # khoản 2 Điều 3 Thông tư 46/2022/TT-BCA


def _cited(model: ArticleRanker | None, *clauses: int) -> list[int | None]:
    """The khoản of Điều 3 TT 46 the evidence cites, its hits being ``clauses`` (best first)."""
    hits = tuple(Hit(chunk(f"tt-46-2022-bca:d3:k{n}"), 1.0 / (i + 1), dense_similarity=0.8) for i, n in enumerate(clauses))
    ranked = RankedArticle("46/2022/TT-BCA", 3, 0.9, hits)
    evidence = select_evidence(_question(PRIVATE), Retrieval(hits, (ranked,)), parsed_index(), None, model)
    return [u.clause for u in evidence.units]


def test_the_evidence_leads_with_the_khoan_the_model_scores_best() -> None:
    assert _cited(_model(is_first=4.0), 4, 2)[0] == 4
    assert _cited(_model(is_first=-4.0), 4, 2)[0] != 4


def _by_position(weight: float) -> ArticleRanker:
    """Scores 'weight × (position - 1)': the last khoản (4) gets 0.5, the others less the larger the weight."""
    return ArticleRanker(FEATURES, tuple(weight if name == "position" else 0.0 for name in FEATURES), -weight)


def test_beside_the_model_s_khoan_the_khoan_the_weighed_sum_leads_with_is_cited() -> None:
    # hits on khoản 2 then 4: the weighed sum leads with khoản 4 (tests/test_evidence_fast.py covers it alone); a
    # model scoring all alike leads with khoản 1, the first; the conclusion then weighs the two
    assert _cited(_by_position(0.0), 2, 4) == [1, 4]


@pytest.mark.parametrize("weight, cited", [(2.0, [4, 3]), (8.0, [4])])
def test_the_model_s_second_khoan_is_cited_only_when_it_scores_close_to_the_first(weight: float, cited: list[int]) -> None:
    # the weighed sum leads with khoản 4 too; khoản 3 scores sigmoid(-0.5) = 0.38 or sigmoid(-2) = 0.12 against 0.5
    assert 1 / (1 + math.exp(2)) < SECOND_SHARE * 0.5 < 1 / (1 + math.exp(0.5))
    assert _cited(_by_position(weight), 2, 4) == cited


def test_the_committed_model_reads_the_features_this_code_computes() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["level"] == "clause" and data["kind"] == "trees" and data["features"] == list(FEATURES)
    model = ArticleRanker.load(MODEL_PATH)
    assert model is not None
    scores = dict(clause_order(_question(), _ranked((4, 0.8), (1, 0.7), votes={4: 1.0}), _article(), model))
    assert max(scores, key=scores.get) == 4  # the age asked is in khoản 4, the first hit, the one voted for
    held_out = data["evaluation"]["validation"]
    assert held_out["top1_ranker"] > held_out["top1_first_hit"]


def test_clause_examples_are_the_khoan_of_gold_articles_labelled_by_the_gold_khoan() -> None:
    def candidates(text: str) -> list[dict]:
        return [{"so_hieu": LAW, "article": 21, "clause": n, "features": {"is_first": float(n == 2)}} for n in (1, 2)] + [
            {"so_hieu": LAW, "article": 22, "clause": n, "features": {"is_first": 0.0}} for n in (1, 2, 3)]

    questions = [EvalQuestion("q1", AGES, "other", True, (GoldRef(LAW, 21, 1),)),
                 EvalQuestion("q2", AGES, "other", True, (GoldRef(LAW, 21, None),)),  # no khoản named: no example
                 EvalQuestion("q3", AGES, "other", True, (GoldRef(LAW, 23, 1),))]  # gold article not ranked
    groups = clause_examples(questions, candidates, ("is_first",))
    assert len(groups) == 1 and [(e.key, e.label) for e in groups[0]] == [((LAW, 21), 1), ((LAW, 21), 0)]
    model = fit(groups, ("is_first",))
    assert evaluate(groups, model, ("is_first",)) == {"groups": 1, "top1_first_hit": 0.0, "top1_ranker": 1.0}


def test_the_report_names_the_clause_model() -> None:
    model = {"level": "clause", "features": ["is_first"], "weights": [1.0], "intercept": 0.0}
    assert "bộ chọn khoản" in report(model)
