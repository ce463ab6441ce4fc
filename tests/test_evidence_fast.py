"""Which clauses, steps or articles get cited, from a retrieval built by hand out of real chunks of the real corpus.

Fast and exact: the corpus is parsed and chunked (``tests.helpers.parsed_index``, a ``LoadedIndex`` without
BM25 or Chroma). Each test states the ranked articles (``RankedArticle``: the ranker's score, the article's
clause hits, the clause votes) and the fused hits, so each rule of ``bot/evidence.py`` is checked on its own.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.checks import ArticleLookup
from bot.evidence import FAQ_TRUST_SIMILARITY, EvidenceSelector, best_clause, select_evidence
from bot.question import QuestionReader
from bot.retrieval import Hit, RankedArticle, Retrieval
from core.versions import touches
from tests.helpers import chunk, parsed_index

TT46 = "46/2022/TT-BCA"
LAW = "26/2023/QH15"  # Luật Căn cước 2023
TT17 = "17/2024/TT-BCA"  # its Điều 4 details Điều 18 of the law
SEED_PERMISSION = ("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin "
                   "về đời sống riêng tư, bí mật cá nhân hay không?")
SEED_PROCEDURE = "Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện theo quy trình nào?"
SEED_RESPONSIBILITY = ("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì về hoạt động kết nối, "
                       "chia sẻ và khai thác thông tin giữa Cơ sở dữ liệu quốc gia về dân cư?")
DEFINITION = "Nguyên tắc kết nối về đời sống riêng tư là gì?"
STEPS_7 = [(TT46, 7, None, None, 1), (TT46, 7, None, None, 2)]


def hit(chunk_id: str, score: float = 1.0, similarity: float | None = None) -> Hit:
    return Hit(chunk(chunk_id), score, dense_similarity=similarity)


def ranked(*hits: Hit, score: float = 1.0, key: tuple[str, int] | None = None,
           votes: dict[int, float] | None = None) -> RankedArticle:
    """A ranked article: its clause hits (best first), the ranker's score, the clause votes."""
    so_hieu, article = key or (hits[0].chunk.so_hieu, hits[0].chunk.article)
    return RankedArticle(so_hieu, article, score, tuple(hits), clause_votes=votes or {})


def chosen(question: str, articles: list[RankedArticle], top: Hit | None = None, named: ArticleLookup | None = None):
    """(so_hieu, article, clause, point, step) of every unit chosen, in order, and the evidence itself.

    The fused hits are ``top`` (a FAQ chunk, say) followed by the articles' clause hits."""
    hits = ((top,) if top is not None else ()) + tuple(h for a in articles for h in a.hits)
    evidence = select_evidence(QuestionReader(None).run(question), Retrieval(hits, tuple(articles)), parsed_index(), named)
    return [(u.doc.so_hieu, u.article.number, u.clause, u.point, u.step) for u in evidence.units], evidence


def test_questions_have_the_types_these_tests_rely_on():
    types = [QuestionReader(None).run(q).qtype for q in (SEED_PERMISSION, SEED_PROCEDURE, SEED_RESPONSIBILITY, DEFINITION)]
    assert types == ["permission", "procedure", "responsibility", "definition"]


# -- the ranker's best article ------------------------------------------------------------------------------
def test_the_best_clause_of_the_best_article_is_cited_not_weaker_clauses_nor_other_articles():
    units, evidence = chosen(SEED_PERMISSION, [
        ranked(hit("tt-46-2022-bca:d3:k2", 1.0), hit("tt-46-2022-bca:d3:k4", 0.74)),
        ranked(hit("tt-46-2022-bca:d11:k1", 0.95), score=0.9),
    ])
    assert units == [(TT46, 3, 2, None, None)]
    assert evidence.top.chunk.id == "tt-46-2022-bca:d3:k2" and evidence.faq_conclusion is None


def test_a_second_clause_within_three_quarters_of_the_best_score_is_cited_too():
    units, _ = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d3:k2", 1.0), hit("tt-46-2022-bca:d3:k4", 0.75))])
    assert units == [(TT46, 3, 2, None, None), (TT46, 3, 4, None, None)]


def test_at_most_two_clauses_are_cited():
    units, _ = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d3:k2", 1.0), hit("tt-46-2022-bca:d3:k4", 0.9),
                                               hit("tt-46-2022-bca:d3:k1", 0.9))])
    assert units == [(TT46, 3, 2, None, None), (TT46, 3, 4, None, None)]


@pytest.mark.parametrize("best", ["tt-46-2022-bca:d7:b1", "tt-46-2022-bca:d7:b2"])
def test_an_article_with_steps_is_cited_step_by_step(best):
    units, _ = chosen(SEED_PROCEDURE, [ranked(hit(best)), ranked(hit("tt-46-2022-bca:d3:k1", 0.9), score=0.9)])
    assert units == STEPS_7


@pytest.mark.parametrize("question, steps", [("Bước 2 của quy trình kết nối là gì?", [2]),
                                             ("buoc 1 cua quy trinh ket noi la gi", [1]),
                                             ("Bước 9 của quy trình kết nối là gì?", [1, 2])])
def test_a_step_named_in_the_question_is_cited_alone(question, steps):
    units, _ = chosen(question, [ranked(hit("tt-46-2022-bca:d7:b1"))])
    assert units == [(TT46, 7, None, None, n) for n in steps]


def test_a_responsibility_question_gets_every_duty_of_the_article():
    units, _ = chosen(SEED_RESPONSIBILITY, [ranked(hit("tt-46-2022-bca:d11:k2"))])
    assert units == [(TT46, 11, n, None, None) for n in (1, 2, 3)]


def test_a_permission_question_on_a_list_article_gets_the_clause_only():
    units, _ = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d11:k2"))])
    assert units == [(TT46, 11, 2, None, None)]


def test_a_responsibility_question_on_an_article_that_is_not_a_list_gets_the_clause_only():
    """Điều 3 ('Nguyên tắc …') is not a list of duties, even for 'trách nhiệm' questions."""
    units, _ = chosen(SEED_RESPONSIBILITY, [ranked(hit("tt-46-2022-bca:d3:k3"))])
    assert units == [(TT46, 3, 3, None, None)]


def test_a_point_chunk_cites_its_point():
    question = "Cơ quan định danh kiểm tra, xác thực thông tin công dân đề nghị cấp tài khoản thế nào?"
    units, evidence = chosen(question, [ranked(hit("nd-69-2024:d10:k2:pd"))])
    assert units == [("69/2024/NĐ-CP", 10, 2, "d", None)]
    assert evidence.units[0].quote.startswith("d) ") and "\n" not in evidence.units[0].quote


def test_a_whole_article_chunk_cites_the_clause_sharing_most_words():
    units, _ = chosen("Công dân Việt Nam dưới 14 tuổi có được cấp thẻ căn cước không?", [ranked(hit("luat-can-cuoc-2023:d19"))])
    assert units == [(LAW, 19, 3, None, None)]


def test_a_whole_article_chunk_without_a_clear_clause_cites_the_article():
    units, evidence = chosen("Thẻ căn cước cấp cho ai?", [ranked(hit("luat-can-cuoc-2023:d19"))])
    assert units == [(LAW, 19, None, None, None)]
    assert evidence.units[0].quote == parsed_index().documents[LAW].article(19).body


def test_an_article_without_clause_hits_cites_the_clause_the_signals_vote_for():
    units, _ = chosen(SEED_PERMISSION, [ranked(key=(TT46, 3), votes={4: 0.2, 2: 0.7, 1: 0.1})])
    assert units == [(TT46, 3, 2, None, None)]


def test_a_vote_for_a_clause_the_article_lacks_falls_back_to_shared_words():
    question = "Nơi cư trú in trên thẻ căn cước được ghi thế nào?"  # shares most words with khoản 2 Điều 18
    assert chosen(question, [ranked(key=(LAW, 18), votes={9: 1.0})])[0] == [(LAW, 18, 2, None, None)]
    assert chosen(question, [ranked(key=(LAW, 18))])[0] == [(LAW, 18, 2, None, None)]
    assert chosen("Khi kết nối thì có được lấy thông tin riêng tư không?", [ranked(key=(TT46, 3))])[0] == [
        (TT46, 3, None, None, None)]


def test_no_ranked_article_no_evidence():
    units, evidence = chosen(SEED_PERMISSION, [])
    assert units == [] and evidence.top is None and evidence.faq_conclusion is None
    units, evidence = chosen(SEED_PERMISSION, [], top=hit("faq:faq-001", similarity=0.99))
    assert units == [] and evidence.top.chunk.id == "faq:faq-001" and evidence.faq_conclusion is None


# -- the article that details it --------------------------------------------------------------------------
DETAILED = "Nơi cư trú in trên thẻ căn cước được ghi thế nào?"


def test_the_article_that_details_the_best_one_is_cited_beside_it_when_rated_close():
    assert (TT17, 4) in parsed_index().details_links[(LAW, 18)]
    units, _ = chosen(DETAILED, [ranked(hit("luat-can-cuoc-2023:d18:k2")),
                                 ranked(hit("tt-17-2024-bca:d4:k1", 0.9), score=0.5)])
    assert units == [(LAW, 18, 2, None, None), (TT17, 4, 1, None, None)]


def test_the_detailing_article_adds_at_most_two_clauses():
    units, _ = chosen(DETAILED, [ranked(hit("luat-can-cuoc-2023:d18:k2")),
                                 ranked(hit("tt-17-2024-bca:d4:k1"), hit("tt-17-2024-bca:d4:k2"), hit("tt-17-2024-bca:d4:k3"),
                                        score=0.9)])
    assert units == [(LAW, 18, 2, None, None), (TT17, 4, 1, None, None), (TT17, 4, 2, None, None)]


def test_a_procedure_asked_gets_the_law_s_procedure_and_every_way_the_decree_details():
    """Điều 23 of the law (trình tự cấp thẻ) and Điều 21 Nghị định 70 detailing it (at the office, online, …)."""
    question = "Trình tự, thủ tục cấp thẻ căn cước thế nào?"
    assert QuestionReader(None).run(question).qtype == "procedure"
    units, _ = chosen(question, [ranked(hit("luat-can-cuoc-2023:d23:k1")), ranked(hit("nd-70-2024:d21:k1", 0.9), score=0.8)])
    assert units == [(LAW, 23, n, None, None) for n in (1, 2, 3, 4, 5)] + [("70/2024/NĐ-CP", 21, n, None, None)
                                                                           for n in (1, 2, 3, 4, 5)]


def test_a_provision_sending_to_another_article_s_procedure_brings_it():
    """'… cấp đổi thẻ căn cước thực hiện theo quy định tại Điều 23 của Luật này' (khoản 1 Điều 25)."""
    units, _ = chosen("Trình tự, thủ tục cấp đổi thẻ căn cước như thế nào?", [ranked(hit("luat-can-cuoc-2023:d25:k1"))])
    assert units[:5] == [(LAW, 25, n, None, None) for n in (1, 2, 3, 4, 5)]
    assert units[5:] == [(LAW, 23, n, None, None) for n in (1, 2, 3, 4, 5)]


def test_a_procedure_question_answered_by_a_transitional_rule_takes_the_procedure_article_ranked_next():
    units, _ = chosen("Đổi Căn cước công dân hết hạn như thế nào?",
                      [ranked(hit("luat-can-cuoc-2023:d46:k1")), ranked(hit("luat-can-cuoc-2023:d26"), score=0.1),
                       ranked(hit("nd-70-2024:d21:k1"), score=0.09)])
    assert units[0][:2] == ("70/2024/NĐ-CP", 21)


@pytest.mark.parametrize("question, second_score, article", [
    ("Đối tượng nào được cấp tài khoản định danh điện tử?", 0.5, 7),  # who, not how: the rule ranked next
    ("Đối tượng nào được cấp tài khoản định danh điện tử?", 0.4, 10),  # … unless rated well below the procedure
    ("Cấp tài khoản định danh điện tử mức độ 2 cần giấy tờ gì?", 0.9, 10),  # the papers are the procedure's
    ("Cấp tài khoản định danh điện tử mức độ 2 ở đâu?", 0.9, 10),  # so is where to file
])
def test_a_question_not_on_how_takes_the_rule_over_a_procedure_ranked_first(question, second_score, article):
    units, _ = chosen(question, [ranked(hit("nd-69-2024:d10:k2:pa"), score=0.8),
                                 ranked(hit("nd-69-2024:d7:k1"), score=0.8 * second_score)])
    assert units[0][:2] == ("69/2024/NĐ-CP", article)


@pytest.mark.parametrize("score, article", [(0.73, 19), (0.6, 23)])
def test_a_must_question_takes_the_rule_over_a_procedure_ranked_nearly_as_high(score, article):
    """'… có phải làm căn cước không?' asks whether, not how: the rule (Điều 19) over the procedure (Điều 23) when
    the ranker rates it at least three quarters as high."""
    units, _ = chosen("Trẻ em dưới 14 tuổi có phải làm căn cước không?",
                      [ranked(hit("luat-can-cuoc-2023:d23:k2"), score=0.9),
                       ranked(hit("luat-can-cuoc-2023:d19"), score=score)])
    assert units[0][:2] == (LAW, article)


@pytest.mark.parametrize("second", [
    pytest.param(lambda: ranked(hit("tt-17-2024-bca:d4:k1", 0.9), score=0.49), id="rated-below-half"),
    pytest.param(lambda: ranked(hit("tt-46-2022-bca:d3:k1", 0.99), score=0.99), id="not-a-detailing-article"),
])
def test_a_second_article_is_not_cited_otherwise(second):
    units, _ = chosen(DETAILED, [ranked(hit("luat-can-cuoc-2023:d18:k2")), second()])
    assert units == [(LAW, 18, 2, None, None)]


# -- our FAQ as the top hit --------------------------------------------------------------------------------
def test_a_faq_on_the_best_article_cites_what_it_relies_on_and_lends_its_conclusion_when_close():
    faq = hit("faq:faq-001", 1.0, similarity=0.95)
    units, evidence = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d3:k4")), ranked(hit("tt-46-2022-bca:d11:k1"))], top=faq)
    assert units == [(TT46, 3, 2, None, None)]
    assert evidence.faq_conclusion == chunk("faq:faq-001").body == "Không, trừ trường hợp pháp luật khác có quy định."
    assert evidence.top is faq


def test_a_faq_on_another_article_than_the_best_is_not_followed():
    units, evidence = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d11:k1")), ranked(hit("tt-46-2022-bca:d3:k2"))],
                             top=hit("faq:faq-001", similarity=0.99))
    assert units == [(TT46, 11, 1, None, None)] and evidence.faq_conclusion is None


@pytest.mark.parametrize("similarity, trusted", [(FAQ_TRUST_SIMILARITY, True), (0.929, False), (None, False)])
def test_the_faq_conclusion_needs_a_close_match(similarity, trusted):
    units, evidence = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d3:k2"))], top=hit("faq:faq-001", similarity=similarity))
    assert units == [(TT46, 3, 2, None, None)]
    assert (evidence.faq_conclusion is not None) is trusted


@pytest.mark.parametrize("as_of, trusted", [("2026-11-30", True), ("2026-01-01", False)])
def test_our_faq_states_today_s_law_so_it_is_not_trusted_for_a_day_before_a_later_amendment(as_of, trusted):
    """faq-010 rests on khoản 3 Điều 6 Nghị định 70/2024, worded anew from 15/03/2026 (Nghị định 58/2026)."""
    question = "Ai xem xét đề nghị điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư và trong thời hạn bao lâu?"
    top = hit("faq:faq-010", similarity=0.99)
    evidence = select_evidence(QuestionReader(None).run(question, as_of=as_of),
                               Retrieval((top,), (ranked(hit("nd-70-2024:d6:k3"), key=("70/2024/NĐ-CP", 6)),)),
                               parsed_index())
    assert (evidence.faq_conclusion is not None) is trusted


def test_no_faq_entry_of_ours_uses_a_phrase_an_amendment_in_force_has_replaced():
    index = parsed_index()
    today = "2026-11-30"
    for c in (c for c in index.chunks if c.kind == "faq"):
        text = f"{c.body}\n{c.text}"
        for cite in json.loads(c.cites or "[]"):
            doc = index.documents[cite["so_hieu"]]
            for a in doc.amendments:
                if a.kind == "phrase" and a.effective <= today and a.old and touches(a, cite["article"], cite.get("clause")):
                    assert a.old not in text, f"{c.id}: '{a.old}' replaced by {a.cited_as}"


def test_a_yes_no_faq_conclusion_does_not_answer_a_question_that_is_not_yes_no():
    units, evidence = chosen(DEFINITION, [ranked(hit("tt-46-2022-bca:d3:k2"))], top=hit("faq:faq-001", similarity=0.99))
    assert units == [(TT46, 3, 2, None, None)] and evidence.faq_conclusion is None


def test_a_faq_citing_a_whole_procedure_article_gives_its_steps_and_its_conclusion():
    units, evidence = chosen(SEED_PROCEDURE, [ranked(hit("tt-46-2022-bca:d7:b1"))], top=hit("faq:faq-002", similarity=0.97))
    assert units == STEPS_7
    assert evidence.faq_conclusion == chunk("faq:faq-002").body


def test_a_faq_cites_its_later_references_only_when_the_ranker_rates_them_among_the_first_three():
    """faq-021 relies on Điều 7 and on khoản 3 Điều 11."""
    assert json.loads(chunk("faq:faq-021").cites) == [{"so_hieu": TT46, "article": 7, "clause": None},
                                                     {"so_hieu": TT46, "article": 11, "clause": 3}]
    faq = hit("faq:faq-021", similarity=0.9)
    d7, d3, d4, d11 = (ranked(hit(i)) for i in ("tt-46-2022-bca:d7:b1", "tt-46-2022-bca:d3:k1", "tt-46-2022-bca:d4:k1",
                                                 "tt-46-2022-bca:d11:k1"))
    assert chosen(SEED_PROCEDURE, [d7, d3], top=faq)[0] == STEPS_7
    assert chosen(SEED_PROCEDURE, [d7, d3, d11], top=faq)[0] == STEPS_7 + [(TT46, 11, 3, None, None)]
    assert chosen(SEED_PROCEDURE, [d7, d3, d4, d11], top=faq)[0] == STEPS_7


def test_an_external_faq_is_cited_through_its_references_but_never_lends_its_conclusion():
    external = dataclasses.replace(chunk("faq:faq-001"), kind="faq_external", id="ext:page:0")
    units, evidence = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d3:k4"))], top=Hit(external, 1.0, dense_similarity=0.99))
    assert units == [(TT46, 3, 2, None, None)] and evidence.faq_conclusion is None


def test_a_faq_whose_reference_is_not_held_falls_back_to_the_law():
    orphan = dataclasses.replace(chunk("faq:faq-001"), cites=json.dumps([{"so_hieu": TT46, "article": 99, "clause": None}]))
    units, evidence = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d3:k4"))], top=Hit(orphan, 1.0, dense_similarity=0.99))
    assert units == [(TT46, 3, 4, None, None)]
    assert evidence.faq_conclusion is None and evidence.top.chunk is orphan


# -- an article named in the question ---------------------------------------------------------------------
def lookup(article: int, clause: int | None = None, so_hieu: str | None = TT46) -> ArticleLookup:
    return ArticleLookup(so_hieu, article, clause, None, so_hieu is not None, "Thông tư 46")


def test_a_named_clause_is_cited_whatever_was_retrieved():
    units, evidence = chosen("Khoản 2 Điều 3 Thông tư 46 quy định gì?", [ranked(hit("tt-46-2022-bca:d11:k1"))], named=lookup(3, 2))
    assert units == [(TT46, 3, 2, None, None)]
    assert evidence.top.chunk.id == "tt-46-2022-bca:d11:k1"


@pytest.mark.parametrize("question, expected", [
    ("Điều 11 Thông tư 46 quy định gì?", [(TT46, 11, None, None, None)]),
    ("Theo Điều 11 Thông tư 46, cơ quan quản lý có trách nhiệm gì?", [(TT46, 11, n, None, None) for n in (1, 2, 3)]),
    ("Điều 7 Thông tư 46 quy định gì?", STEPS_7),
])
def test_a_named_article_is_cited_as_a_whole_its_duties_or_its_steps(question, expected):
    units, _ = chosen(question, [], named=lookup(expected[0][1]))
    assert units == expected


def test_a_named_article_of_a_document_we_do_not_hold_is_ignored():
    units, _ = chosen(SEED_PERMISSION, [ranked(hit("tt-46-2022-bca:d3:k2"))], named=lookup(3, 2, so_hieu=None))
    assert units == [(TT46, 3, 2, None, None)]


# -- best_clause ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("words, expected", [
    (["duoi", "tuoi", "cong", "dan"], 3),  # khoản 3 alone has 'dưới'
    (["nhu", "cau"], None),  # one shared word is not enough ('nhu' is not a word of the clause)
    (["thu", "tuc", "len"], 2),
    (["cong", "dan"], None),  # a tie: every clause has both
    (["nguoi"], None),  # fewer than two shared words
    ([], None),
])
def test_best_clause(words, expected):
    assert best_clause(parsed_index().documents[LAW].article(19), words) == expected


def test_best_clause_of_an_article_without_clauses():
    assert best_clause(parsed_index().documents[TT46].article(7), ["lap", "van", "ban", "de", "nghi"]) is None


# -- the stage --------------------------------------------------------------------------------------------
def test_the_selector_stage_returns_the_verified_units_of_the_retrieval():
    articles = (ranked(hit("tt-46-2022-bca:d11:k2", 1.0)), ranked(hit("tt-46-2022-bca:d3:k3", 0.9), score=0.9))
    hits = tuple(h for a in articles for h in a.hits)
    question = QuestionReader(None).run(SEED_RESPONSIBILITY)
    evidence = EvidenceSelector(parsed_index()).run(question, Retrieval(hits, articles))
    assert [(u.article.number, u.clause) for u in evidence.units] == [(11, 1), (11, 2), (11, 3)]
    assert evidence.top is hits[0]
    article_text = parsed_index().documents[TT46].article(11).text
    assert all(u.quote in article_text for u in evidence.units)


# -- the kind of answer asked, and a heading asked as a question -------------------------------------------
LCC2014 = "59/2014/QH13"  # replaced by the 2023 law from 01/07/2024
ND70 = "70/2024/NĐ-CP"


def test_a_where_question_takes_the_article_on_the_place_over_a_better_ranked_clause_without_one():
    units, _ = chosen("Thẻ căn cước công dân hết hạn đổi ở đâu?", [
        ranked(hit("luat-can-cuoc-2023:d46:k3"), score=0.78),
        ranked(hit("luat-can-cuoc-2023:d5:k3"), score=0.02),
        ranked(hit("luat-can-cuoc-2023:d27:k1"), score=0.01)])
    # every khoản of the article on the place, not the transitional rule on expired cards
    assert units == [(LAW, 27, 1, None, None), (LAW, 27, 2, None, None), (LAW, 27, 3, None, None)]


def test_a_where_question_skips_a_replaced_law_s_article_on_the_place():
    units, _ = chosen("Thẻ căn cước công dân hết hạn đổi ở đâu?", [
        ranked(hit("luat-can-cuoc-2023:d46:k3"), score=0.78),
        ranked(hit("luat-can-cuoc-cong-dan-2014:d26:k1"), score=0.05),
        ranked(hit("luat-can-cuoc-2023:d27:k1"), score=0.01)])
    assert {u[:2] for u in units} == {(LAW, 27)}


def test_replaced_articles_ranked_high_do_not_push_the_place_article_out_of_reach():
    # six articles before Điều 27, three of them of the replaced 2014 law: counted among those in force, it is fourth
    units, _ = chosen("Thẻ căn cước công dân hết hạn đổi ở đâu?", [
        ranked(hit("luat-can-cuoc-2023:d46:k3"), score=0.79),
        ranked(hit("nd-70-2024:d21:k4"), score=0.02),
        ranked(hit("luat-can-cuoc-2023:d5:k3"), score=0.018),
        ranked(hit("luat-can-cuoc-cong-dan-2014:d26:k1"), score=0.014),
        ranked(hit("luat-can-cuoc-cong-dan-2014:d18:k1"), score=0.014),
        ranked(hit("luat-can-cuoc-cong-dan-2014:d23:k1"), score=0.009),
        ranked(hit("luat-can-cuoc-2023:d27:k1"), score=0.008)])
    assert {u[:2] for u in units} == {(LAW, 27)}


def test_the_article_on_the_place_of_the_act_asked_is_looked_for_as_deep_as_a_heading():
    # 'xin cấp lại ở đâu': Điều 27 is eighth, behind the online procedure that names a place in passing
    articles = [ranked(hit("nd-70-2024:d21:k2:pb"), score=0.41), ranked(hit("luat-can-cuoc-2023:d24:k2"), score=0.36)]
    articles += [ranked(hit(f"luat-can-cuoc-2023:d{n}:k1"), score=0.1 / n) for n in (38, 25, 20, 23, 29)]
    articles.append(ranked(hit("luat-can-cuoc-2023:d27:k1"), score=0.01))
    units, _ = chosen("Làm mất thẻ căn cước thì người dân xin cấp lại ở đâu?", articles)
    assert {u[:2] for u in units} == {(LAW, 27)}


def test_the_law_article_beside_the_decree_s_procedure_says_its_khoan_on_the_case_asked():
    # Điều 25 has five khoản; khoản 4 is on a lost card only through 'điểm a khoản 2 Điều 24' ('Bị mất thẻ …')
    units, _ = chosen("Thủ tục cấp lại thẻ căn cước bị mất như thế nào?", [
        ranked(hit("nd-70-2024:d21:k1"), score=0.38),
        ranked(hit("luat-can-cuoc-2023:d25:k1"), score=0.26)])
    assert [u[:3] for u in units if u[:2] == (LAW, 25)] == [(LAW, 25, 1), (LAW, 25, 4)]


def test_a_where_question_keeps_a_first_article_that_names_the_place():
    units, _ = chosen("Người bị khóa căn cước điện tử có thể yêu cầu mở khóa căn cước điện tử ở đâu?", [
        ranked(hit("nd-69-2024:d30:k2"), score=0.5),
        ranked(hit("luat-can-cuoc-2023:d27:k1"), score=0.4)])
    assert units[0][:3] == ("69/2024/NĐ-CP", 30, 2)


def test_a_place_article_on_another_act_does_not_take_over():
    # "mở khóa" is not what Điều 27 (cấp, cấp đổi, cấp lại thẻ) is about, though both say "căn cước"
    units, _ = chosen("Mở khóa căn cước điện tử ở đâu?", [
        ranked(hit("luat-can-cuoc-2023:d34:k2"), score=0.5),
        ranked(hit("luat-can-cuoc-2023:d27:k1"), score=0.4)])
    assert units[0][:2] == (LAW, 34)


def test_a_question_that_is_an_article_heading_gets_that_whole_article():
    units, _ = chosen("Nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước?", [
        ranked(hit("nd-70-2024:d21:k1"), score=0.13),
        ranked(hit("luat-can-cuoc-2023:d25:k1"), score=0.12),
        ranked(hit("luat-can-cuoc-2023:d27:k3"), score=0.11)])
    assert units == [(LAW, 27, 1, None, None), (LAW, 27, 2, None, None), (LAW, 27, 3, None, None)]


def test_a_longer_question_containing_a_short_heading_is_not_taken_for_the_heading():
    # Điều 34's heading "Khóa, mở khóa căn cước điện tử" is inside the question, but the question asks more
    units, _ = chosen("Người bị khóa căn cước điện tử có thể yêu cầu mở khóa căn cước điện tử ở đâu?", [
        ranked(hit("nd-69-2024:d30:k2"), score=0.5),
        ranked(hit("luat-can-cuoc-2023:d34:k2"), score=0.4)])
    assert units[0][:2] == ("69/2024/NĐ-CP", 30)


def test_the_khoan_on_the_date_the_question_names_is_cited():
    units, _ = chosen("Thẻ căn cước công dân hết hạn sử dụng trước ngày 30/6/2024 thì sẽ được sử dụng đến khi được cấp căn cước đúng không?",
                      [ranked(hit("luat-can-cuoc-2023:d46:k1"), hit("luat-can-cuoc-2023:d46:k4"), score=0.8)])
    assert units[0] == (LAW, 46, 3, None, None)  # "… hết hạn sử dụng từ ngày 15 tháng 01 năm 2024 đến trước ngày 30 tháng 6 năm 2024 …"


def test_a_yes_no_question_takes_the_rule_over_a_procedure_the_ranker_nearly_ties_with():
    question = "con tui mới lên lớp 4 à, giờ làm căn cước cho nó được hông hay phải chờ đủ 14 tuổi?"
    units, _ = chosen(question, [ranked(hit("luat-can-cuoc-2023:d23:k1"), score=0.757),
                                 ranked(hit("luat-can-cuoc-2023:d19"), score=0.754)])
    assert units[0][:2] == (LAW, 19)
    # not when the procedure clearly leads
    units, _ = chosen(question, [ranked(hit("luat-can-cuoc-2023:d23:k1"), score=0.9),
                                 ranked(hit("luat-can-cuoc-2023:d19"), score=0.5)])
    assert units[0][:2] == (LAW, 23)


def test_a_provision_that_only_delegates_is_followed_to_the_document_of_the_body_it_names():
    # NĐ 69 Điều 28 khoản 5: "Bộ trưởng Bộ Công an quy định hình thức thể hiện của căn cước điện tử …"
    units, _ = chosen("Căn cước điện tử hiển thị thế nào trên ứng dụng định danh quốc gia?", [
        ranked(hit("nd-69-2024:d28:k5"), score=0.77), ranked(hit("tt-17-2024-bca:d3"), score=0.12)])
    assert units[0][:2] == (TT17, 3) and ("69/2024/NĐ-CP", 28, 5, None, None) in units


def test_a_heading_is_matched_with_its_tones():
    from bot.extract import names_heading
    title = "Trình tự, thủ tục cấp thẻ căn cước"
    assert not names_heading("Thủ tục cấp căn cước điện tử như thế nào?", title)  # 'điện tử' is not 'trình tự'
    assert names_heading("Trình tự, thủ tục cấp thẻ căn cước?", title)
    assert names_heading("trinh tu, thu tuc cap the can cuoc?", title)


def test_the_one_document_the_question_names_supplies_the_article():
    units, _ = chosen("Trên VNeID, căn cước điện tử hiển thị ra sao theo TT 17/2024?", [
        ranked(hit("nd-69-2024:d28:k1"), score=0.07), ranked(hit("tt-17-2024-bca:d3"), score=0.06)])
    assert units[0][:2] == (TT17, 3)


def test_a_spent_transitional_khoan_is_not_cited_unless_its_date_is_asked_about():
    # khoản 3 Điều 46: cards expiring 15/01–30/06/2024 stayed valid until 30/06/2024 (spent since)
    units, _ = chosen("Đổi Căn cước công dân hết hạn như thế nào?",
                      [ranked(hit("luat-can-cuoc-2023:d46:k3"), hit("luat-can-cuoc-2023:d46:k1"), score=0.8)])
    assert [u[2] for u in units] == [1]
    units, _ = chosen("Đổi Căn cước công dân hết hạn như thế nào?", [ranked(hit("luat-can-cuoc-2023:d46:k3"), score=0.8)])
    assert units and 3 not in [u[2] for u in units]
    units, _ = chosen("CCCD hết hạn trước ngày 30/6/2024 thì dùng được đến khi nào?",
                      [ranked(hit("luat-can-cuoc-2023:d46:k1"), score=0.8)])
    assert units[0][2] == 3


def test_a_spent_transitional_khoan_answers_until_when_an_old_paper_stayed_valid():
    units, _ = chosen("Chứng minh nhân dân 9 số còn hạn thì được dùng đến khi nào?",
                      [ranked(hit("luat-can-cuoc-2023:d46:k2"), hit("luat-can-cuoc-2023:d46:k1"), score=0.8)])
    assert units[0][2] == 2


def test_an_article_on_contents_is_not_an_article_on_a_place():
    # 'Nội dung thể hiện trên thẻ căn cước' reads 'noi dung' without tones: it is not 'Nơi …'
    from bot.extract import is_place_title
    assert is_place_title("Nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước")
    assert not is_place_title("Nội dung thể hiện trên thẻ căn cước")
    units, _ = chosen("Thẻ căn cước công dân hết hạn đổi ở đâu?", [
        ranked(hit("luat-can-cuoc-2023:d46:k3"), score=0.78), ranked(hit("luat-can-cuoc-2023:d18:k1"), score=0.05)])
    assert units and units[0][:2] != (LAW, 18)


@pytest.mark.parametrize("question, clause", [
    ('Nhân viên cứ nhắc tới "cơ quan quản lý định danh và xác thực điện tử". Cơ quan đó cụ thể là đơn vị nào?', 4),
    ("Tài khoản định danh điện tử là gì?", 5),  # the longest term asked, not 'định danh điện tử' inside it
])
def test_the_meaning_of_a_defined_term_is_its_defining_khoan(question, clause):
    units, _ = chosen(question, [ranked(hit("nd-69-2024:d12"), score=0.5), ranked(hit("nd-69-2024:d3:k1"), score=0.1)])
    assert units == [("69/2024/NĐ-CP", 3, clause, None, None)]


def test_a_quoted_term_wins_over_a_longer_term_beside_it():
    # 'xử lý dữ liệu cá nhân' (khoản 7) is longer and also near the ask, but the asker quotes 'bên thứ ba' (khoản 12)
    import datetime as dt

    from bot.evidence import defined_term_unit
    question = QuestionReader(None).run('Ứng dụng mua sắm ghi sẽ chia sẻ dữ liệu của tôi cho "bên thứ ba". Theo Nghị định '
                                        '13/2023, "bên thứ ba" trong việc xử lý dữ liệu cá nhân được hiểu là ai?',
                                        None, "citizen", dt.date(2025, 6, 1))  # while the decree applied
    found = defined_term_unit(question, [ranked(hit("nd-13-2023:d2:k7"), score=0.5)], parsed_index())
    assert found is not None and (found.doc.so_hieu, found.article.number, found.clause) == ("13/2023/NĐ-CP", 2, 12)


def test_a_procedure_question_naming_a_defined_term_is_not_sent_to_its_definition():
    units, _ = chosen("Thủ tục định danh điện tử cho doanh nghiệp gồm những bước nào?",
                      [ranked(hit("nd-69-2024:d12"), score=0.5), ranked(hit("nd-69-2024:d3:k3"), score=0.1)])
    assert units[0][:2] == ("69/2024/NĐ-CP", 12)


@pytest.mark.parametrize("question", [
    "Tháng sau tôi đủ 40 tuổi phải đi đổi thẻ căn cước, lần đổi này có phải nộp lệ phí không?",
    "lam lai the can cuoc bi mat thi co mat phi khong",
])
def test_a_fee_asked_about_is_answered_by_the_article_on_fees(question):
    # the act the fee is for (Điều 21: the ages of renewal) ranks first; Điều 38 states the fees
    articles = [ranked(hit("luat-can-cuoc-2023:d21"), score=0.6), ranked(hit("luat-can-cuoc-2023:d24:k2"), score=0.4),
                ranked(hit("luat-can-cuoc-2023:d38:k3"), score=0.2)]
    units, _ = chosen(question, articles)
    assert units[0][:2] == (LAW, 38)
    # a question not about a fee keeps the ranker's first
    units, _ = chosen("Tháng sau tôi đủ 40 tuổi, có phải đi đổi thẻ căn cước không?", articles)
    assert units[0][:2] == (LAW, 21)


# -- the khoản that leads, within the chosen article -------------------------------------------------------
SENSITIVE = "Theo Nghị định 13/2023/NĐ-CP, những loại thông tin nào được xếp vào dữ liệu cá nhân nhạy cảm?"


def test_a_khoan_clearly_closer_to_the_question_leads_over_the_first_fused_hit():
    # khoản 4 Điều 2 defines sensitive data; khoản 1 (personal data in general) came first in the fused order
    units, _ = chosen(SENSITIVE, [ranked(hit("nd-13-2023:d2:k1", 1.0, 0.84), hit("nd-13-2023:d2:k4", 0.5, 0.90))])
    assert units[0] == ("13/2023/NĐ-CP", 2, 4, None, None)


def test_a_near_tie_keeps_the_fused_order():
    units, _ = chosen(SENSITIVE, [ranked(hit("nd-13-2023:d2:k1", 1.0, 0.86), hit("nd-13-2023:d2:k4", 0.9, 0.86))])
    assert units[0] == ("13/2023/NĐ-CP", 2, 1, None, None)


def test_without_similarities_the_fused_order_stands():
    units, _ = chosen(SENSITIVE, [ranked(hit("nd-13-2023:d2:k1", 1.0), hit("nd-13-2023:d2:k4", 0.5))])
    assert units[0] == ("13/2023/NĐ-CP", 2, 1, None, None)



def test_the_khoan_for_the_asker_s_own_status_replaces_its_twin_for_citizens():
    # khoản 1 (Công dân Việt Nam có quyền …) and khoản 2 (Người gốc Việt Nam chưa xác định được quốc tịch có quyền …)
    question = ("Tôi là người gốc Việt chưa xác định được quốc tịch. Người như tôi có quyền khai thác thông tin của "
                "chính mình trong Cơ sở dữ liệu quốc gia về dân cư không?")
    units, _ = chosen(question, [ranked(hit("luat-can-cuoc-2023:d5:k1"), hit("luat-can-cuoc-2023:d5:k2", 0.9))])
    assert [u[:3] for u in units] == [(LAW, 5, 2)]
    # a citizen asking keeps the khoản for citizens
    units, _ = chosen("Công dân có quyền khai thác thông tin của mình trong Cơ sở dữ liệu quốc gia về dân cư không?",
                      [ranked(hit("luat-can-cuoc-2023:d5:k1"))])
    assert units[0][:3] == (LAW, 5, 1)


def test_a_khoan_for_citizens_and_the_asker_s_status_together_stays():
    # khoản 3 Điều 5: 'Công dân Việt Nam, người gốc Việt Nam chưa xác định được quốc tịch có nghĩa vụ …'
    units, _ = chosen("Tôi là người gốc Việt chưa xác định được quốc tịch. Tôi có nghĩa vụ gì về căn cước?",
                      [ranked(hit("luat-can-cuoc-2023:d5:k3"))])
    assert (LAW, 5, 3) in [u[:3] for u in units] and (LAW, 5, 1) not in [u[:3] for u in units]
