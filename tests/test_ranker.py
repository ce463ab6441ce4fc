"""The article ranker: exact features on a tiny fixed index, a model learnt from a tiny fixed dataset, the JSON
model round trip and the top-1 figure the report prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ranker import FEATURES, ArticleRanker, candidates, cue_match, phrase_overlap
from core.chunk import Chunk
from core.settings import DEFAULT_CORPUS
from core.text import plain_text
from evals.ranker_training import Example, blended, evaluate, fit, report, score, top1
from ingest.corpus import load_corpus

TT46 = "46/2022/TT-BCA"


def chunk(id: str, kind: str, article: int, clause: int | None = None, cites: list | None = None,
          step: int | None = None) -> Chunk:
    return Chunk(id=id, text=id, body=id, kind=kind, doc_id="tt-46", so_hieu=TT46, document="Thông tư 46/2022/TT-BCA",
                 article=article, clause=clause, point=None, step=step, title="", status="", source="",
                 cites=json.dumps(cites or []))


@pytest.fixture(scope="module")
def documents():
    return {d.so_hieu: d for d in load_corpus(DEFAULT_CORPUS).laws}


def test_candidate_features_are_exact(documents) -> None:
    chunks = [
        chunk("d3k2", "law", 3, 2), chunk("d7b1", "law", 7, step=1), chunk("d3all", "article", 3),
        chunk("q1", "question", 7, cites=[{"so_hieu": TT46, "article": 7, "clause": None}]),
        chunk("q2", "question", 3, cites=[{"so_hieu": TT46, "article": 3, "clause": 2}]),
    ]
    texts = {(TT46, n): plain_text(documents[TT46].article(n).text) for n in (3, 7)}
    found = candidates(
        chunks=chunks, documents=documents, article_texts=texts,
        dense=[(3, 0.9), (0, 0.8), (2, 0.7), (1, 0.6), (4, 0.5)], lexical=[(1, 10.0), (0, 5.0)], fused_order=[1, 0],
        question_plain="quy trinh ket noi gom nhung buoc nao", qtype="procedure", named_documents={TT46},
        named_articles=set(), day="2026-11-30", spent=set(), amending=set(), details={})
    by_key = {c.key: c for c in found}
    d3, d7 = by_key[(TT46, 3)].features, by_key[(TT46, 7)].features
    assert set(d3) == set(FEATURES) | {"spent_transitional"}  # computed, applied as a rule, not learnt
    assert (d3["clause_dense"], d3["clause_dense_rr"], d7["clause_dense"], d7["clause_dense_rr"]) == (0.8, 1.0, 0.6, 0.5)
    assert (d7["clause_bm25"], d7["clause_bm25_rr"], d3["clause_bm25"], d3["clause_bm25_rr"]) == (1.0, 1.0, 0.5, 0.5)
    assert (d3["article_dense"], d3["article_dense_rr"], d7["article_dense"]) == (0.7, 1.0, 0.0)
    assert (d7["bank_dense"], d7["bank_dense_rr"], d7["bank_hits"], d3["bank_dense"], d3["bank_dense_rr"]) == (0.9, 1.0, 1.0, 0.5, 0.5)
    assert (d7["fused_rr"], d3["fused_rr"]) == (1.0, 0.5)
    # two cues asked (a procedure, a list): Điều 7 has steps but no khoản or điểm list
    assert d7["cue_match"] == 0.5 and d7["is_circular"] == 1.0 and d7["named_document"] == 1.0
    assert (d7["heading_type_match"], d3["heading_type_match"]) == (1.0, 0.0)  # '[Quy trình kết nối …]' vs 'Nguyên tắc …'
    assert by_key[(TT46, 3)].clause_votes == {2: 0.8 + 0.5 + 0.5}  # clause hit dense + BM25/top + bank pointer
    assert by_key[(TT46, 7)].law_positions == (1,)


@pytest.mark.parametrize("qtype, principles", [("permission", 1.0), ("procedure", 0.0)])
def test_a_may_question_marks_the_articles_of_principles_and_prohibited_acts(documents, qtype, principles) -> None:
    law = "26/2023/QH15"
    chunks = [chunk("d3k2", "law", 3, 2), chunk("d7b1", "law", 7, step=1),
              Chunk(id="l7", text="l7", body="l7", kind="law", doc_id="luat", so_hieu=law, document="Luật Căn cước",
                    article=7, clause=9, point=None, step=None, title="", status="", source="", cites="[]")]
    texts = {(TT46, 3): plain_text(documents[TT46].article(3).text), (TT46, 7): plain_text(documents[TT46].article(7).text),
             (law, 7): plain_text(documents[law].article(7).text)}
    found = candidates(
        chunks=chunks, documents=documents, article_texts=texts, dense=[(1, 0.9), (0, 0.8), (2, 0.7)], lexical=[],
        fused_order=[1, 0, 2], question_plain="he thong da ket noi co duoc dung du lieu dan cu de quang cao khong",
        qtype=qtype, named_documents=set(), named_articles=set(), day="2026-11-30", spent=set(), amending=set(), details={})
    heading = {c.key: c.features["principle_heading"] for c in found}
    # 'Nguyên tắc kết nối, chia sẻ …' and 'Các hành vi bị nghiêm cấm', not '[Quy trình kết nối …]'
    assert heading == {(TT46, 3): principles, (law, 7): principles, (TT46, 7): 0.0}


def test_an_article_held_as_one_chunk_is_its_own_whole_article_chunk(documents) -> None:
    chunks = [chunk("d8", "law", 8)]  # no khoản, no step: the chunk is the whole article
    found = candidates(chunks=chunks, documents=documents, article_texts={(TT46, 8): "dieu 8"}, dense=[(0, 0.7)],
                       lexical=[], fused_order=[0], question_plain="x", qtype="other", named_documents=set(),
                       named_articles=set(), day="2026-11-30", spent=set(), amending=set(), details={})
    assert (found[0].features["clause_dense"], found[0].features["article_dense"]) == (0.7, 0.7)


def test_cue_match_needs_the_kind_of_answer_asked() -> None:
    assert cue_match("bao lau thi nhan duoc the", "trong thoi han 07 ngay lam viec") == 1.0
    assert cue_match("bao lau thi nhan duoc the", "co quan quan ly can cuoc") == 0.0
    assert cue_match("the can cuoc la gi", "the can cuoc la giay to") == 1.0
    assert cue_match("co duoc lay thong tin khong", "bat ky") == 0.0  # nothing asked for: no cue
    agency = "co quan quan ly can cuoc phai cap, cap doi"
    assert cue_match("ai se cap the can cuoc", agency) == 1.0  # a body asked for
    assert cue_match("nhung ai se phai lam the can cuoc", agency) == 0.0  # which people, not which body


def test_phrase_overlap_counts_the_questions_word_pairs_found_in_the_article() -> None:
    # pairs of content words ("co", "duoc", "khong", "the" are not content): "cap doi", "doi can", "can cuoc",
    # "cuoc truc", "truc tuyen"
    question = "co duoc cap doi the can cuoc truc tuyen khong"
    renewal = "dieu 25. trinh tu, thu tuc cap doi, cap lai the can cuoc ... thuc hien truc tuyen"
    assert phrase_overlap(question, renewal) == pytest.approx(3 / 5)  # "cap doi", "can cuoc", "truc tuyen"
    assert phrase_overlap(question, "dieu 9. thu thap thong tin dan cu") == 0.0
    assert phrase_overlap("khong duoc", renewal) == 0.0  # no content pair asked: no signal


def _groups() -> list[list[Example]]:
    """Feature 0 separates gold from the rest; feature 1 is noise that favours a wrong article in group 2."""
    return [
        [Example("a", [1.0, 0.0], 1, ("X", 1)), Example("a", [0.1, 0.2], 0, ("X", 2))],
        [Example("b", [0.9, 0.1], 1, ("X", 3)), Example("b", [0.2, 0.9], 0, ("X", 4))],
        [Example("c", [0.8, 0.3], 1, ("X", 5)), Example("c", [0.3, 0.1], 0, ("X", 6)), Example("c", [0.0, 1.0], 0, ("X", 7))],
    ]


def test_a_model_learnt_from_a_tiny_dataset_puts_the_gold_article_first(tmp_path: Path) -> None:
    names = ("fused_rr", "noise")
    model = fit(_groups(), names)
    assert model["features"] == list(names) and model["weights"][0] > 0 > model["weights"][1]
    assert top1(_groups(), lambda e: score(model, e.features)) == 1.0
    assert top1(_groups(), lambda e: e.features[1]) == 0.0  # the noise feature alone always picks a wrong one
    assert evaluate(_groups(), model, names) == {"questions": 3, "top1_fused": 1.0, "top1_ranker": 1.0}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    ranker = ArticleRanker.load(path)
    assert ranker is not None
    assert ranker.score({"fused_rr": 1.0, "noise": 0.0}) == pytest.approx(score(model, [1.0, 0.0]))
    assert ArticleRanker.load(tmp_path / "none.json") is None
    text = report({**model, "evaluation": {"validation": {"questions": 3, "top1_ranker": 1.0}}})
    assert "| fused_rr |" in text and "validation: questions 3, top1_ranker 1.0" in text


def test_boosted_trees_score_as_scikit_learn_does_and_survive_the_json_round_trip(tmp_path: Path) -> None:
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    from evals.ranker_training import TREE_DEPTH, TREE_RATE, TREE_ROUNDS

    # a gold article needs both signals high: a pair no single weight can express
    rng = np.random.default_rng(0)
    groups = []
    for n in range(60):
        values = rng.uniform(size=(5, 2))
        gold = int(np.argmax(np.minimum(values[:, 0], values[:, 1])))
        groups.append([Example(str(n), [float(a), float(b)], int(i == gold), ("X", i)) for i, (a, b) in enumerate(values)])
    names = ("fused_rr", "clause_dense")
    model = fit(groups, names, kind="trees")
    assert model["kind"] == "trees" and len(model["trees"]) == TREE_ROUNDS and model["features"] == list(names)
    rows = [e for g in groups for e in g]
    reference = HistGradientBoostingClassifier(max_depth=TREE_DEPTH, max_iter=TREE_ROUNDS, learning_rate=TREE_RATE,
                                               l2_regularization=1.0, early_stopping=False, random_state=0)
    reference.fit(np.array([e.features for e in rows]), np.array([e.label for e in rows]))
    expected = reference.predict_proba(np.array([e.features for e in rows[:20]]))[:, 1]
    assert [score(model, e.features) for e in rows[:20]] == pytest.approx(list(expected), abs=1e-4)
    path = tmp_path / "trees.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    ranker = ArticleRanker.load(path)
    assert ranker is not None and ranker.score({"fused_rr": 0.3, "clause_dense": 0.9}) == pytest.approx(
        score(model, [0.3, 0.9]))
    assert top1(groups, lambda e: score(model, e.features)) > top1(groups, lambda e: e.features[0])
    assert "| fused_rr |" in report(model) and "200 cây" in report(model)
    # blended with a linear model: that share of the score is the linear model's
    linear = fit(groups, names)
    mixed = blended(model, linear, 0.3)
    assert score(mixed, [0.3, 0.9]) == pytest.approx(0.7 * score(model, [0.3, 0.9]) + 0.3 * score(linear, [0.3, 0.9]))
    assert "pha 30%" in report(mixed)
    with pytest.raises(ValueError, match="linear model"):
        blended(model, model, 0.3)


def test_fit_refuses_data_without_both_labels() -> None:
    with pytest.raises(ValueError, match="with and without gold"):
        fit([[Example("a", [1.0], 1, ("X", 1))]], ("fused_rr",))


def test_the_committed_model_names_every_feature_the_ranker_computes() -> None:
    model = json.loads((Path(__file__).resolve().parents[1] / "bot" / "ranker_model.json").read_text(encoding="utf-8"))
    assert model["features"] == list(FEATURES)
    assert model["kind"] == "trees" and all(node[0] < len(FEATURES) for tree in model["trees"] for node in tree)
    assert model["evaluation"]["validation"]["questions"] > 0


def test_a_law_replaced_by_a_held_law_is_demoted_unless_the_question_asks_about_the_old_law():
    from bot.retrieval import ASKS_ABOUT_OLD_LAW, asked_years, replaced_by_held
    from tests.helpers import parsed_index

    documents = parsed_index().documents
    assert replaced_by_held(documents, "2026-11-30") == {"59/2014/QH13"}  # NĐ 13/2023's successors are not held
    assert replaced_by_held(documents, "2024-06-30") == set()  # still in force that day
    assert replaced_by_held(documents, "2026-11-30", asked_years("theo luat nam 2014, lam the o dau")) == set()
    assert replaced_by_held(documents, "2026-11-30", asked_years("luat can cuoc 2023 quy dinh gi")) == {"59/2014/QH13"}
    assert ASKS_ABOUT_OLD_LAW.search("thong tin in tren the co gi khac so voi luat cu")
    assert not ASKS_ABOUT_OLD_LAW.search("the can cuoc cong dan het han doi o dau")


def test_a_long_question_is_embedded_by_its_asking_end_within_the_cap():
    from bot.retrieval import MAX_EMBED_CHARS, embedding_text

    short = "Làm thẻ căn cước ở đâu?"
    assert embedding_text(short) == short
    long = "Tôi kể chuyện dài. " * 60 + "Vậy làm thẻ căn cước ở đâu?"
    cut = embedding_text(long)
    assert len(cut) <= MAX_EMBED_CHARS and cut.endswith("Vậy làm thẻ căn cước ở đâu?") and cut.startswith("Tôi kể")
    assert len(embedding_text("x" * 5000)) <= MAX_EMBED_CHARS
