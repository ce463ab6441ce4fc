"""The answer around the conclusion, on the real corpus: whole quotes with the article's title, the citizen and
staff views (same facts, same citations), article-level partiality, and a false premise corrected with both
facts (bot/render.py, bot/compose.py, bot/coverage.py, bot/premise.py)."""

from __future__ import annotations

import pytest

from bot.compose import ExtractiveComposer
from bot.coverage import held_parts, partial_article_note
from bot.evidence import Evidence, Unit
from bot.models import Citation
from bot.premise import correct_false_premise, without_reference
from bot.question import Question, QuestionReader
from bot.refusals import missing_article, missing_document, off_topic
from bot.render import DISCLAIMER, FOCUS_NOTE, render_answer, status_line
from tests.helpers import parsed_index

DAY = "2026-11-30"
TT46 = "46/2022/TT-BCA"
LAW = "26/2023/QH15"
ND13 = "13/2023/NĐ-CP"
ND70 = "70/2024/NĐ-CP"
PROCEDURE = "Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện theo quy trình nào?"


def unit(so_hieu: str, article: int, **where) -> Unit:
    index = parsed_index()
    return Unit(index.documents[so_hieu], index.article(so_hieu, article, DAY), day=DAY, **where)


def ask(text: str, mode: str = "citizen") -> Question:
    import datetime as dt

    return QuestionReader(None).run(text, None, mode, dt.date.fromisoformat(DAY))


def answer(text: str, units: list[Unit], mode: str = "citizen"):
    return ExtractiveComposer(parsed_index()).run(ask(text, mode), Evidence(tuple(units), None, None), [])


# -- partiality at article level ------------------------------------------------------------------------
@pytest.mark.parametrize("so_hieu, article, held", [
    (TT46, 7, "Bước 1–2"),
    (TT46, 6, "phần đầu khoản 1"),  # the source cuts khoản 1 mid-sentence
    (ND70, 11, "khoản 1–2, 4, 7–9"),  # as amended by NĐ 58/2026 on the day asked
    (LAW, 3, "khoản 3"),
    (TT46, 11, None),  # held whole (khoản 1–3)
    (ND13, 9, None),  # the document is held in full
])
def test_what_the_corpus_holds_of_an_article(so_hieu, article, held):
    index = parsed_index()
    assert held_parts(index.documents[so_hieu], index.article(so_hieu, article, DAY)) == held


def test_partial_article_note():
    index = parsed_index()
    assert partial_article_note(index.documents[TT46], index.article(TT46, 7, DAY)) == \
        "Kho dữ liệu chỉ có Bước 1–2 của Điều 7 Thông tư 46/2022/TT-BCA."


# -- citizen and staff ----------------------------------------------------------------------------------
def test_procedure_answer_says_the_article_is_partial_and_cites_each_step():
    steps = [unit(TT46, 7, step=1), unit(TT46, 7, step=2)]
    citizen = answer(PROCEDURE, steps)
    staff = answer(PROCEDURE, steps, "staff")
    assert citizen.conclusion == staff.conclusion and citizen.citations == staff.citations  # same facts, same citations
    assert "Kho dữ liệu chỉ có Bước 1–2 của Điều 7 Thông tư 46/2022/TT-BCA." in citizen.notes
    assert "- **Bước 1: Lập văn bản đề nghị kết nối** (Bước 1 Điều 7 Thông tư 46/2022/TT-BCA)" in citizen.answer
    # a citizen reads each step once, under "Các bước"; staff also reads the quotes
    assert citizen.answer.count("Cơ quan, tổ chức quản lý hệ thống thông tin có văn bản đề nghị kết nối") == 1
    assert staff.answer.count("Cơ quan, tổ chức quản lý hệ thống thông tin có văn bản đề nghị kết nối") == 2


def test_citizen_notes_give_one_line_of_status_staff_notes_the_coverage_of_each_document():
    citizen = answer("Cơ quan, tổ chức có được lấy thông tin đời sống riêng tư không?", [unit(TT46, 3, clause=2)])
    staff = answer("Cơ quan, tổ chức có được lấy thông tin đời sống riêng tư không?", [unit(TT46, 3, clause=2)], "staff")
    held = parsed_index().documents[TT46].held_articles
    assert citizen.notes == ("Tình trạng: Thông tư 46/2022/TT-BCA — Nguồn đã kiểm tra nêu hiệu lực từ 19/12/2022 "
                             "(kiểm tra ngày 30/11/2026).",)
    assert f"Kho dữ liệu chỉ có một phần Thông tư 46/2022/TT-BCA ({held}). Các điều khác có thể có quy định liên quan." \
        in staff.notes
    assert not any(held in n for n in citizen.notes)


def test_every_citation_shows_its_article_title():
    result = answer("Cơ quan, tổ chức có được lấy thông tin đời sống riêng tư không?", [unit(TT46, 3, clause=2)])
    assert ("- Khoản 2 Điều 3 Thông tư 46/2022/TT-BCA — Nguyên tắc kết nối, chia sẻ và khai thác thông tin giữa Cơ sở dữ "
            "liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành và hệ thống thông tin khác:\n"
            "> 2. Không làm ảnh hưởng") in result.answer


def test_a_long_khoan_is_never_cut_a_citizen_reads_its_answering_points_whole():
    question = "Những trường hợp nào thì số định danh cá nhân bị hủy và xác lập lại?"
    units = [unit(ND70, 11, clause=2), unit(ND70, 11, clause=7)]
    citizen = answer(question, units)
    staff = answer(question, units, "staff")
    assert "…" not in citizen.answer and "…" not in staff.answer
    clause7 = next(c for c in citizen.citations if c.clause == 7)
    assert "\n".join(f"> {line}" for line in clause7.quote.split("\n")) in citizen.answer  # the answering khoản, whole
    clause2 = next(c for c in citizen.citations if c.clause == 2)
    assert len(clause2.quote) > 600
    assert clause2.quote[:200] not in citizen.answer  # not the answer: its label and title only, for a citizen
    assert "\n".join(f"> {line}" for line in clause2.quote.split("\n")) in staff.answer


def test_render_shows_only_the_answering_lines_of_a_long_quote_for_citizens():
    quote = "1. Mở đầu dài:\n" + "\n".join(f"{chr(97 + i)}) {'nội dung ' * 20}điểm {i}." for i in range(5))
    citation = Citation(so_hieu="1/2099/TT-X", document="Thông tư 1/2099/TT-X", article=5, clause=1, point=None,
                        quote=quote, status="Còn hiệu lực.", title="Điều 5. Tên điều")
    lines = quote.split("\n")
    citizen = render_answer("Kết luận.", [citation], [], [], "citizen", focus={0: [lines[0], lines[3]]}, key=[0])
    staff = render_answer("Kết luận.", [citation], [], [], "staff", focus={0: [lines[0], lines[3]]}, key=[0])
    assert f"- Khoản 1 Điều 5 Thông tư 1/2099/TT-X — Tên điều:\n> {lines[0]}\n> {lines[3]}\n\n  {FOCUS_NOTE}" in citizen
    assert lines[2] not in citizen and "…" not in citizen
    assert "\n".join(f"> {line}" for line in lines) in staff and FOCUS_NOTE not in staff
    assert citizen.endswith(f"_{DISCLAIMER}_")


def test_status_line_names_each_document_once():
    first = Citation(so_hieu="1/2099/TT-X", document="Thông tư 1/2099/TT-X", article=5, clause=1, point=None, quote="x",
                     status="Còn hiệu lực. Ghi chú dài.", status_checked="2099-01-31")
    assert status_line([first, first.model_copy(update={"article": 6})]) == \
        "Tình trạng: Thông tư 1/2099/TT-X — Còn hiệu lực (kiểm tra ngày 31/01/2099)."


def test_a_fact_taken_from_another_khoan_of_the_cited_article_is_cited_too():
    result = answer("Đến những tuổi nào thì phải đi đổi thẻ căn cước?", [unit(LAW, 21, clause=2)])
    assert result.conclusion.startswith("Khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi: ")
    assert [(c.article, c.clause) for c in result.citations] == [(21, 2), (21, 1)]


def test_a_list_stated_from_one_khoan_cites_the_whole_article():
    result = answer("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì?", [unit(TT46, 11, clause=2)])
    assert result.conclusion.startswith("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có 3 trách nhiệm")
    assert [(c.article, c.clause) for c in result.citations] == [(11, None)]


# -- false premises ---------------------------------------------------------------------------------------
def _missing_99():
    doc = parsed_index().documents[TT46]
    return missing_article(99, doc.short_title, doc.held_articles)


PROHIBITIONS = lambda: [unit(LAW, 7, clause=n) for n in range(1, 10)] + [unit(ND13, 3, clause=4)]  # noqa: E731
HELD = "Điều 3, 4, 6, 7, 8, 11"


def test_a_missing_article_and_a_forbidden_act_get_both_facts():
    written = correct_false_premise(ask("Theo Điều 99 Thông tư 46, tôi được bán dữ liệu dân cư cho công ty khác đúng không?"),
                                    _missing_99(), PROHIBITIONS())
    assert written is not None
    assert written.text == (
        f"Không. Không có Điều 99 của Thông tư 46/2022/TT-BCA trong nguồn của trợ lý (kho dữ liệu có: {HELD}), còn việc "
        "được hỏi thì bị pháp luật cấm: khai thác, chia sẻ, mua, bán, trao đổi, chiếm đoạt, sử dụng trái phép thông tin, "
        "dữ liệu trong Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu căn cước, hệ thống định danh và xác thực điện tử "
        "(khoản 9 Điều 7 Luật Căn cước 2023, các hành vi bị nghiêm cấm).")
    assert [s.label for s in written.used] == ["khoản 9 Điều 7 Luật Căn cước 2023"]


def test_asked_whether_the_act_is_forbidden_the_answer_is_yes():
    written = correct_false_premise(ask("Theo Điều 99 Thông tư 46, việc mua bán dữ liệu dân cư có bị cấm không?"),
                                    _missing_99(), PROHIBITIONS())
    assert written is not None and written.text.startswith("Có. Không có Điều 99 của Thông tư 46/2022/TT-BCA")


@pytest.mark.parametrize("question, refusal", [
    ("Điều 99 Thông tư 46/2022/TT-BCA quy định gì?", _missing_99),  # no act asked about
    ("Theo Điều 99 Thông tư 46, tôi được xem hướng dẫn kỹ thuật không?", _missing_99),  # no prohibition speaks to it
    ("Theo Điều 99 Thông tư 46, tôi được bán dữ liệu dân cư đúng không?", off_topic),  # another refusal
    ("Theo Điều 99 Thông tư 46, bán dữ liệu dân cư thì bị xử lý thế nào?", _missing_99),  # no yes/no asked
    # what a text says, not whether an act is allowed (a fine was read as the act and answered 'Có' by a prohibition)
    ("Người ta nói theo Điều 99 Thông tư 46 bán dữ liệu dân cư bị phạt 5% doanh thu. Thông tư 46 có quy định mức phạt "
     "như vậy không?", _missing_99),
])
def test_otherwise_the_refusal_stands(question, refusal):
    assert correct_false_premise(ask(question), refusal(), PROHIBITIONS()) is None


def test_a_missing_document_is_corrected_the_same_way():
    written = correct_false_premise(ask("Theo Luật Cơ sở dữ liệu dân cư 2019, công an được bán dữ liệu dân cư không?"),
                                    missing_document("Luật Cơ sở dữ liệu dân cư 2019"), PROHIBITIONS())
    assert written is not None
    assert written.text.startswith('Không. Nguồn của trợ lý không có văn bản "Luật Cơ sở dữ liệu dân cư 2019", còn việc '
                                   "được hỏi thì bị pháp luật cấm: khai thác, chia sẻ, mua, bán")


def test_the_composer_answers_a_corrected_premise_with_the_prohibition_cited():
    composer = ExtractiveComposer(parsed_index())
    question = ask("Theo Điều 99 Thông tư 46, tôi được bán dữ liệu dân cư cho công ty khác đúng không?")
    result = composer.corrected(question, _missing_99(), Evidence(tuple(PROHIBITIONS()), None, None))
    assert result is not None and not result.refused
    assert result.conclusion.startswith("Không. Không có Điều 99 của Thông tư 46/2022/TT-BCA")
    assert [c.label for c in result.citations] == ["khoản 9 Điều 7 Luật Căn cước 2023"]
    assert result.flags == ("false_premise:missing_article",)
    plain = ask("Điều 99 Thông tư 46/2022/TT-BCA quy định gì?")
    assert composer.corrected(plain, _missing_99(), Evidence(tuple(PROHIBITIONS()), None, None)) is None


@pytest.mark.parametrize("question, own", [
    ("Theo Điều 48 Luật Căn cước 2023 thì người đủ 60 tuổi được miễn đổi thẻ đúng không?",
     "Người đủ 60 tuổi được miễn đổi thẻ đúng không?"),
    ("Khoản 3 Điều 50 Luật Căn cước cho phép bán dữ liệu đúng không?", "Cho phép bán dữ liệu đúng không?"),
    ("theo dieu 48 luat can cuoc thi nguoi 60 tuoi khong phai doi the dung khong",
     "Nguoi 60 tuoi khong phai doi the dung khong"),
    ("Tôi đọc Điều 12 Luật Căn cước công dân 2014 nói rằng thẻ có hạn 10 năm, đúng không?",
     "Tôi đọc thẻ có hạn 10 năm, đúng không?"),
    ("Điều 99 Thông tư 46/2022 quy định gì?", "Gì?"),  # nothing asked of its own: the refusal stands
    ("Thẻ căn cước có hạn bao lâu?", "Thẻ căn cước có hạn bao lâu?"),
])
def test_without_reference_takes_out_the_article_a_question_rests_on(question, own):
    assert without_reference(question) == own


@pytest.mark.parametrize("unanswered, examples", [
    ("Không mang thẻ thì bị phạt bao nhiêu?", True),
    ("Xin xem thông tin của mình bằng cách nào?", False),  # the examples of a sum would mislead a 'how' part
])
def test_a_part_the_sources_do_not_answer_is_said_with_examples_only_when_it_asks_a_sum(unanswered, examples):
    question = ask(f"Ai có trách nhiệm quản lý Cơ sở dữ liệu quốc gia về dân cư? {unanswered}")
    got = ExtractiveComposer(parsed_index()).run(
        question, Evidence((unit(LAW, 12, clause=2),), None, None, (unanswered,)), [])
    said = {True: "các văn bản trong kho dữ liệu không quy định nội dung này (ví dụ mức phạt",
            False: "trợ lý chưa tìm thấy quy định trả lời nội dung này trong nguồn hiện có."}[examples]
    assert f"Về “{unanswered.rstrip('?')}”: {said}" in got.conclusion
    assert ("ví dụ mức phạt" in got.conclusion) is examples


def test_a_part_the_quoted_sentence_already_answers_is_not_said_to_be_unanswered():
    """'… là gì và được thể hiện dưới những hình thức nào?': the second part found no evidence of its own, but the
    sentence quoted for the first says 'được thể hiện dưới hình thức khóa, mở khóa …' — 'chưa tìm thấy' would
    contradict it."""
    part = "được thể hiện dưới những hình thức nào?"
    question = ask(f"Nói dễ hiểu thì “trạng thái của căn cước điện tử” là gì và {part}")
    got = ExtractiveComposer(parsed_index()).run(
        question, Evidence((unit(LAW, 15, clause=5),), None, None, (part,)), [])
    assert "khóa, mở khóa và các mức độ định danh điện tử" in got.conclusion
    assert "chưa tìm thấy" not in got.conclusion


def test_a_part_about_what_the_first_part_lists_is_answered_with_the_list():
    first = "Cơ sở dữ liệu quốc gia về dân cư lưu tất cả bao nhiêu nhóm thông tin về mỗi công dân"
    rest = "nhóm cuối cùng trong danh sách đó là gì?"
    got = ExtractiveComposer(parsed_index()).run(ask(f"{first}, và {rest}"), Evidence((unit(LAW, 9),), None, None, (rest,)), [])
    assert got.conclusion.startswith("Thông tin trong Cơ sở dữ liệu quốc gia về dân cư gồm 26 nội dung (Điều 9 Luật Căn "
                                     "cước 2023): (1) họ, chữ đệm và tên khai sinh"), got.conclusion
    assert "(26) thông tin khác theo quy định của Chính phủ." in got.conclusion and "không quy định" not in got.conclusion


def test_a_fine_the_sources_do_not_set_is_pointed_to_the_sanctions_decree():
    question = ask("Thẻ căn cước bị thu hồi khi nào? Không xuất trình thẻ khi được yêu cầu thì bị phạt bao nhiêu?")
    got = ExtractiveComposer(parsed_index()).run(question, Evidence(
        (unit(LAW, 29, clause=1),), None, None, ("Không xuất trình thẻ khi được yêu cầu thì bị phạt bao nhiêu?",)), [])
    assert "xử phạt vi phạm hành chính trong lĩnh vực an ninh, trật tự, an toàn xã hội" in got.conclusion


def test_a_sentence_two_parts_share_is_said_once_whole():
    from bot.conclusion import write
    text = write(ask("Cơ quan nào có trách nhiệm thu thập, cập nhật thông tin công dân từ các sổ hộ tịch giấy vào Cơ sở dữ "
                     "liệu quốc gia về dân cư, và phía tư pháp xã đóng vai trò gì?"), [unit(ND70, 5, clause=6)]).text
    assert text.count("Công an cấp xã nơi công dân cư trú có trách nhiệm thu thập") == 1, text


def test_the_same_sentence_held_twice_is_quoted_once():
    from bot import extract as X
    from dataclasses import replace

    from bot.wording import Scored, siblings
    one = X.segments([unit(ND70, 22, clause=1)])
    again = [replace(s, index=s.index + len(one)) for s in one]  # each sentence, then its copy
    ranked = [Scored(1.0, s) for pair in zip(one, again) for s in pair]
    chosen = siblings(ranked[0], ranked, 3, 0.5)
    assert len({(s.point, s.text) for s in chosen}) == len(chosen)


def test_a_time_limit_asked_is_stated_even_when_it_is_also_a_step():
    from bot.conclusion import write
    text = write(ask("Khi một công dân có quyết định cho thôi quốc tịch Việt Nam thì việc thu thẻ căn cước của người đó "
                     "được làm thế nào? Bộ Công an phải hủy giá trị của thẻ trong bao lâu?"), [unit(ND70, 22, clause=1)]).text
    assert "gồm 4 bước" in text and "Trong thời hạn 03 ngày làm việc kể từ ngày nhận được văn bản thông báo" in text, text
    assert text.count("Trong thời hạn 03 ngày làm việc kể từ ngày nhận được văn bản thông báo") == 1, text
