"""The conclusion by kind of question, on real clauses of the corpus (no model, no index): the fact asked comes
first, from the sentence that answers it, with its citation; lists are whole; nothing is cut.

Each test builds ``bot.evidence.Unit``s from the parsed corpus (the law as of 30/11/2026) and checks the exact
sentence a user would read."""

from __future__ import annotations

import pytest
import yaml

from bot import conclusion as C
from bot.answer_lists import headed_by, list_sentence
from bot.answer_yes_no import names_verb
from bot import extract as X
from bot.evidence import Unit
from bot.question import Question, QuestionReader
from bot.wording import said_in_turn
from core.settings import DEFAULT_CORPUS
from evals.metrics import conclusion_defects
from tests.helpers import parsed_index

DAY = "2026-11-30"
TT46 = "46/2022/TT-BCA"
LAW = "26/2023/QH15"  # Luật Căn cước 2023
ND70 = "70/2024/NĐ-CP"
ND13 = "13/2023/NĐ-CP"
ND69 = "69/2024/NĐ-CP"


def unit(so_hieu: str, article: int, **where) -> Unit:
    index = parsed_index()
    found = index.article(so_hieu, article, DAY)
    assert found is not None, f"Điều {article} {so_hieu} is not in the corpus on {DAY}"
    return Unit(index.documents[so_hieu], found, day=DAY, **where)


def partial_29(**where) -> Unit:
    """Điều 29 Luật Căn cước as the corpus held it before its full text was found (khoản 2 and 5 only): the
    partial-article answers below are tested on that real shape."""
    import dataclasses

    real = unit(LAW, 29)
    # the "..." line stood for the khoản the source left out, as in the corpus then
    article = dataclasses.replace(real.article, intro="...",
                                  clauses=tuple(c for c in real.article.clauses if c.number in (2, 5)))
    articles = tuple(article if a.number == 29 else a for a in real.doc.articles)
    return Unit(dataclasses.replace(real.doc, articles=articles), article, day=DAY, **where)


def ask(text: str) -> Question:
    return QuestionReader(None).run(text)


def conclude(question: str, units: list[Unit], faq: str | None = None) -> str:
    text = C.conclude(ask(question), units, faq)
    assert text is not None
    assert conclusion_defects(text) == (), text  # never '…', an empty item or a dangling ': .'
    return text


def written(question: str, units: list[Unit]) -> C.Written:
    found = C.write(ask(question), units)
    assert found.text is not None and conclusion_defects(found.text) == (), found.text
    return found


def test_the_clauses_these_tests_rely_on_are_unchanged():
    assert unit(LAW, 26).article.intro.startswith("Trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ")
    assert "khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi" in unit(LAW, 21, clause=1).quote
    assert [s.number for s in unit(TT46, 7).article.steps] == [1, 2]
    assert [c.number for c in unit(TT46, 11).article.clauses] == [1, 2, 3]
    assert 9 in [c.number for c in unit(ND70, 11).article.clauses]  # khoản 9 added by NĐ 58/2026 from 15/03/2026


# -- how long / how old / how many: the number with its unit first ------------------------------------------
def test_duration_states_the_time_limit_and_from_when_it_counts():
    assert conclude("Sau khi nộp đủ hồ sơ thì bao lâu tôi nhận được thẻ căn cước?", [unit(LAW, 26)]) == (
        "Trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ theo quy định của Luật này, cơ quan quản lý căn cước "
        "phải cấp, cấp đổi, cấp lại thẻ căn cước (Điều 26 Luật Căn cước 2023).")


def test_duration_in_mid_sentence_is_put_first():
    text = conclude("Công ty tôi yêu cầu hạn chế xử lý dữ liệu thì bao lâu họ phải làm?", [unit(ND13, 9, clause=6)])
    assert text.startswith("Trong 72 giờ sau khi có yêu cầu của chủ thể dữ liệu: việc hạn chế xử lý dữ liệu được "
                           "thực hiện trong 72 giờ")
    assert text.endswith("(điểm b khoản 6 Điều 9 Nghị định 13/2023/NĐ-CP).")


# khoản 2 Điều 21, said with khoản 1 wherever the ages are stated (it limits them)
AGE_EXCEPTION = ("Ngoại lệ: thẻ căn cước đã được cấp, cấp đổi, cấp lại trong thời hạn 02 năm trước độ tuổi cấp đổi thẻ "
                 "căn cước quy định tại khoản 1 Điều này có giá trị sử dụng đến tuổi cấp đổi thẻ căn cước tiếp theo "
                 "(khoản 2 Điều 21 Luật Căn cước 2023).")


def test_age_lists_every_threshold_first():
    assert conclude("Đến những tuổi nào thì phải đi đổi thẻ căn cước?", [unit(LAW, 21, clause=1), unit(LAW, 21, clause=2)]) == (
        "Khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi: công dân Việt Nam đã được cấp thẻ căn cước phải thực hiện thủ tục "
        "cấp đổi thẻ căn cước (khoản 1 Điều 21 Luật Căn cước 2023). " + AGE_EXCEPTION)


def test_age_picks_the_clause_with_the_age_not_the_first_clause():
    assert conclude("Con tôi bao nhiêu tuổi thì bắt buộc phải làm thẻ căn cước?",
                    [unit(LAW, 19, clause=1), unit(LAW, 19, clause=2), unit(LAW, 19, clause=3)]) == (
        "Từ đủ 14 tuổi trở lên: công dân Việt Nam từ đủ 14 tuổi trở lên phải thực hiện thủ tục cấp thẻ căn cước "
        "(khoản 2 Điều 19 Luật Căn cước 2023).")


def test_age_is_found_in_the_other_khoan_of_the_cited_article():
    """The issue's case: an 'at what age' question cited with khoản 2 of Điều 21; the ages stand in khoản 1."""
    written = C.write(ask("Đến những tuổi nào thì phải đi đổi thẻ căn cước?"), [unit(LAW, 21, clause=2)])
    assert written.text == ("Khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi: công dân Việt Nam đã được cấp thẻ căn cước phải "
                            "thực hiện thủ tục cấp đổi thẻ căn cước (khoản 1 Điều 21 Luật Căn cước 2023). " + AGE_EXCEPTION)
    assert [(s.unit.clause, s.label) for s in written.used] == [(1, "khoản 1 Điều 21 Luật Căn cước 2023"),
                                                                (2, "khoản 2 Điều 21 Luật Căn cước 2023")]


def test_amount_states_the_number_with_its_unit():
    assert conclude("Mã số định danh cá nhân gồm mấy chữ số?", [unit(LAW, 12, clause=1), unit(LAW, 12, clause=2)]) == (
        "12 chữ số: số định danh cá nhân của công dân Việt Nam là dãy số tự nhiên gồm 12 chữ số do Cơ sở dữ liệu quốc gia "
        "về dân cư xác lập cho công dân Việt Nam (khoản 1 Điều 12 Luật Căn cước 2023).")


def test_a_level_is_stated_without_the_words_the_source_itself_cut_off():
    """khoản 1 Điều 6 TT 46 ends, in the source, with '… theo quy định pháp luật về bảo ...'."""
    assert conclude("Hệ thống thông tin muốn kết nối với CSDL dân cư phải đạt an toàn thông tin cấp độ mấy?",
                    [unit(TT46, 6, clause=1)]) == (
        "Cấp độ 3 trở lên: hệ thống thông tin của cơ quan, tổ chức kết nối với Cơ sở dữ liệu quốc gia về dân cư phái đáp "
        "ứng các yêu cầu bảo đảm an toàn hệ thống thông tin (khoản 1 Điều 6 Thông tư 46/2022/TT-BCA).")


def test_a_number_the_sources_do_not_give_is_said_to_be_missing():
    text = conclude("Thẻ căn cước có mấy loại?", [unit(LAW, 19, clause=2), unit(LAW, 19, clause=3)])
    assert text.startswith("Trợ lý chưa tìm thấy con số cụ thể cho việc này trong nguồn hiện có; quy định gần nhất: ")
    assert text.endswith("(khoản 2 Điều 19 Luật Căn cước 2023).")


# -- who: the body first -------------------------------------------------------------------------------------
def test_who_reassigns_the_id_number_in_the_wording_in_force():
    assert conclude("Cơ quan nào hủy, xác lập lại số định danh cá nhân?", [unit(ND70, 11)]) == (
        "Cơ quan quản lý căn cước có trách nhiệm phối hợp với cơ quan, tổ chức có liên quan kiểm tra, xác minh và hủy, "
        "xác lập lại số định danh cá nhân đối với các trường hợp quy định tại điểm c, điểm d khoản 7 Điều này "
        "(khoản 9 Điều 11 Nghị định 70/2024/NĐ-CP).")


def test_who_names_the_body_behind_a_passive_first():
    assert conclude("Số định danh cá nhân do cơ quan nào quản lý?", [unit(LAW, 12, clause=1), unit(LAW, 12, clause=2)]) == (
        "Bộ Công an: số định danh cá nhân của công dân Việt Nam do Bộ Công an thống nhất quản lý trên toàn quốc và xác lập "
        "cho mỗi công dân Việt Nam, không lặp lại ở người khác (khoản 2 Điều 12 Luật Căn cước 2023).")


def test_who_takes_the_subject_a_duty_clause_leaves_to_the_article_title():
    units = [unit(TT46, 11, clause=n) for n in (1, 2, 3)]
    assert conclude("Theo TT 46, ai chịu trách nhiệm xây dựng tài liệu hướng dẫn, hỗ trợ kỹ thuật để kết nối với CSDLQG "
                    "về dân cư?", units) == (
        "Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an xây dựng tài liệu hướng dẫn và hỗ trợ kỹ thuật thực "
        "hiện kết nối, chia sẻ, khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư "
        "(khoản 1 Điều 11 Thông tư 46/2022/TT-BCA).")


def test_who_and_how_long_answered_from_one_sentence_put_both_facts_first():
    text = conclude("Công ty tôi vừa phát hiện bị lộ dữ liệu khách hàng. Chúng tôi phải thông báo cho cơ quan nào và "
                    "chậm nhất là bao lâu?", [unit(ND13, 23, clause=1)])
    assert text.startswith("Bộ Công an (Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao); chậm nhất 72 giờ "
                           "sau khi xảy ra hành vi vi phạm: trường hợp phát hiện")
    assert text.endswith("(khoản 1 Điều 23 Nghị định 13/2023/NĐ-CP).")


# -- where, when ---------------------------------------------------------------------------------------------
def test_where_lists_the_places_of_an_article_about_places():
    text = conclude("Tôi đi làm thẻ căn cước ở đâu?", [unit(LAW, 27, clause=1)])
    assert text.startswith("Nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước gồm 3 nơi (Điều 27 Luật Căn cước 2023): "
                           "(1) cơ quan quản lý căn cước của Công an huyện")
    assert "; (2) cơ quan quản lý căn cước của Bộ Công an" in text and "tại chỗ ở của công dân." in text


def test_where_puts_the_place_first():
    text = conclude("Căn cước điện tử của tôi bị khóa thì xin mở khóa ở đâu?", [unit(ND69, 30, clause=2)])
    assert text.startswith("Trực tiếp tại Công an xã, phường, thị trấn hoặc cơ quan quản lý căn cước Công an cấp tỉnh, "
                           "Công an cấp huyện nơi gần nhất hoặc thông qua ứng dụng định danh quốc gia")


@pytest.mark.parametrize("question, units, expected", [
    ("Nghị định 13/2023/NĐ-CP bắt đầu có hiệu lực từ ngày nào?", lambda: [unit(ND13, 43, clause=1)],
     "Từ ngày 01 tháng 7 năm 2023: Nghị định này có hiệu lực thi hành (khoản 1 Điều 43 Nghị định 13/2023/NĐ-CP)."),
    ("Chứng minh nhân dân còn dùng được đến bao giờ?", lambda: [unit(LAW, 46, clause=2)],
     "Đến hết ngày 31 tháng 12 năm 2024: chứng minh nhân dân còn hạn sử dụng đến sau ngày 31 tháng 12 năm 2024 thì có "
     "giá trị sử dụng (khoản 2 Điều 46 Luật Căn cước 2023)."),
])
def test_when_states_the_date(question, units, expected):
    assert conclude(question, units()) == expected


def test_when_asked_of_cases_lists_every_case():
    text = conclude("Khi nào thì căn cước điện tử của một người bị khóa lại?", [unit(LAW, 34, clause=1), unit(LAW, 34, clause=3)])
    assert text == ("Căn cước điện tử bị khóa trong 5 trường hợp (khoản 1 Điều 34 Luật Căn cước 2023): (1) khi người được "
                    "cấp căn cước điện tử yêu cầu khóa; (2) khi người được cấp căn cước điện tử vi phạm thỏa thuận sử dụng "
                    "ứng dụng định danh quốc gia; (3) khi người được cấp căn cước điện tử bị thu hồi, bị giữ thẻ căn cước; "
                    "(4) khi người được cấp căn cước điện tử chết; (5) khi có yêu cầu của cơ quan tiến hành tố tụng hoặc "
                    "cơ quan khác có thẩm quyền.")


# -- lists, procedures, definitions ------------------------------------------------------------------------
TT46_DUTIES = (
    "Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có 3 trách nhiệm (Điều 11 Thông tư 46/2022/TT-BCA): "
    "(1) xây dựng tài liệu hướng dẫn và hỗ trợ kỹ thuật thực hiện kết nối, chia sẻ, khai thác thông tin trong Cơ sở dữ "
    "liệu quốc gia về dân cư; (2) chủ trì, phối hợp với cơ quan, tổ chức có hệ thống thông tin kết nối với Cơ sở dữ liệu "
    "quốc gia về dân cư và cơ quan có liên quan giải quyết, xử lý sự cố vướng mắc phát sinh trong quá trình thực hiện; "
    "(3) phối hợp đơn vị có liên quan thực hiện việc kiểm tra theo quy định việc bảo đảm an ninh, an toàn thông tin của "
    "hệ thống thông tin có kết nối, chia sẻ thông tin với Cơ sở dữ liệu quốc gia về dân cư.")


def test_list_gives_the_body_the_count_and_every_duty_whole():
    question = "Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì?"
    assert conclude(question, [unit(TT46, 11, clause=n) for n in (1, 2, 3)]) == TT46_DUTIES


def test_list_counts_the_law_not_the_evidence():
    """The evidence held one khoản of Điều 11; the conclusion still gives all three, cited to the article."""
    written = C.write(ask("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì?"),
                      [unit(TT46, 11, clause=2)])
    assert written.text == TT46_DUTIES
    assert [s.label for s in written.used] == [f"khoản {n} Điều 11 Thông tư 46/2022/TT-BCA" for n in (1, 2, 3)]


def test_list_of_khoan_headings():
    text = conclude("Chủ thể dữ liệu có những quyền gì theo Nghị định 13/2023/NĐ-CP?", [unit(ND13, 9, clause=1)])
    assert text == ("Quyền của chủ thể dữ liệu gồm 11 quyền (Điều 9 Nghị định 13/2023/NĐ-CP): (1) quyền được biết; "
                    "(2) quyền đồng ý; (3) quyền truy cập; (4) quyền rút lại sự đồng ý; (5) quyền xóa dữ liệu; (6) quyền "
                    "hạn chế xử lý dữ liệu; (7) quyền cung cấp dữ liệu; (8) quyền phản đối xử lý dữ liệu; (9) quyền khiếu "
                    "nại, tố cáo, khởi kiện; (10) quyền yêu cầu bồi thường thiệt hại; (11) quyền tự bảo vệ.")


def test_list_of_the_items_of_a_step():
    text = conclude("Văn bản đề nghị kết nối phải nêu những nội dung nào?", [unit(TT46, 7, step=1), unit(TT46, 7, step=2)])
    assert text.startswith("Văn bản đề nghị kết nối Cơ sở dữ liệu quốc gia về dân cư vớ cơ sở dữ liệu quốc gia sẽ bao gồm "
                           "5 nội dung (Bước 1 Điều 7 Thông tư 46/2022/TT-BCA): (1) đơn vị đăng ký; chức năng, nhiệm vụ, "
                           "quyền hạn được giao; (2) tên hệ thống thông tin")
    assert text.endswith("(5) dịch vụ đăng ký sử dụng trong Cơ sở dữ liệu quốc gia về dân cư, tài liệu mô tả kỹ thuật "
                         "thành phần hệ thống có kết nối với Cơ sở dữ liệu quốc gia về dân cư.")


def test_procedure_gives_the_steps_and_says_the_corpus_holds_only_these():
    text = conclude("Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện theo "
                    "quy trình nào?", [unit(TT46, 7, step=1), unit(TT46, 7, step=2)])
    assert text.startswith("Theo Điều 7 Thông tư 46/2022/TT-BCA, kho dữ liệu chỉ có Bước 1–2 của quy trình. Bước 1 – Lập "
                           "văn bản đề nghị kết nối: cơ quan, tổ chức quản lý hệ thống thông tin có văn bản đề nghị kết nối "
                           "với Cơ sở dữ liệu quốc gia về dân cư gửi cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an;")
    # each step says what it holds, not only its title: the five contents of the request, the ministry's three tasks
    assert "(5) dịch vụ đăng ký sử dụng" in text and "Bước 2 – Tiếp nhận và xử lý đơn đề nghị: ngay sau khi nhận" in text
    assert text.endswith("(3) phối hợp với Cục An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao, Cục Kỹ thuật "
                         "nghiệp vụ thuộc Bộ Công an và đơn vị có liên quan tiến hành kiểm tra, đánh giá việc bảo đảm an "
                         "ninh, an toàn thông tin hệ thống thông tin của cơ quan, tổ chức có đề nghị kết nối.")


SENT_TO = ("Cơ quan, tổ chức quản lý hệ thống thông tin có văn bản đề nghị kết nối với Cơ sở dữ liệu quốc gia về dân cư "
           "gửi cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an (Bước 1 Điều 7 Thông tư 46/2022/TT-BCA).")
ON_RECEIPT = ("ngay sau khi nhận được văn bản đề nghị, cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an thực "
              "hiện: (1) cung cấp tài liệu kỹ thuật")


def _both_steps() -> list[Unit]:
    return [unit(TT46, 7, step=1), unit(TT46, 7, step=2)]


def test_each_part_on_a_stepped_procedure_is_answered_from_the_step_it_asks_about():
    """'… gửi tới đơn vị nào, và ngay sau khi nhận …, đơn vị đó làm gì?': the first part from Bước 1 (where the request
    goes), the second from Bước 2 — before, Bước 2's lead-in ('Ngay sau khi nhận được văn bản đề nghị …') drew the
    first part to it too."""
    text = conclude("Theo Thông tư 46/2022/TT-BCA, Trung tâm phải gửi văn bản đề nghị kết nối tới đơn vị nào, và ngay "
                    "sau khi nhận được văn bản, đơn vị đó sẽ thực hiện những việc gì?", _both_steps())
    assert text.startswith(SENT_TO + " Ngay sau khi nhận được văn bản đề nghị, cơ quan quản lý")
    assert "(3) phối hợp với Cục An ninh mạng" in text


def test_what_happens_after_the_request_is_received_is_the_receiving_step_whole():
    text = conclude("Sở chúng tôi đã gửi công văn xin kết nối. Sau khi nhận được công văn, phía Bộ Công an sẽ làm những "
                    "việc gì để giúp chúng tôi kết nối được?", _both_steps())
    assert text.startswith("Theo Bước 2 Điều 7 Thông tư 46/2022/TT-BCA (Tiếp nhận và xử lý đơn đề nghị): " + ON_RECEIPT)
    assert "Bước 1" not in text


def test_who_makes_the_request_and_where_it_goes_is_the_first_step():
    assert conclude("Văn bản đề nghị kết nối do bên nào lập?", _both_steps()) == SENT_TO
    text = conclude("cong ty tu nhan cua minh co phan mem quan ly khach hang, muon xin noi vao csdl quoc gia ve dan cu thi "
                    "cong van xin ket noi nop o cong an tinh hay gui thang len bo cong an, va ai phai dung ra lam cong van do",
                    _both_steps())
    # before: the steps' titles, then the ministry's security check (Bước 2) as who makes the request
    assert text.startswith("Theo Điều 7 Thông tư 46/2022/TT-BCA, kho dữ liệu chỉ có Bước 1–2 của quy trình. Bước 1 – Lập "
                           "văn bản đề nghị kết nối: cơ quan, tổ chức quản lý hệ thống thông tin có văn bản đề nghị kết nối "
                           "với Cơ sở dữ liệu quốc gia về dân cư gửi cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an;")


def test_what_the_request_must_state_is_answered_from_the_first_step():
    text = conclude("Tôi đang soạn công văn của Tổng công ty Cấp nước (doanh nghiệp nhà nước) đề nghị kết nối hệ thống quản "
                    "lý khách hàng với CSDL quốc gia về dân cư. Đồng nghiệp bảo phần giới thiệu chỉ cần ghi tên, địa chỉ "
                    "đơn vị đăng ký, không cần nêu chức năng, nhiệm vụ, quyền hạn của Tổng công ty. Theo Thông tư "
                    "46/2022/TT-BCA, công văn có phải nêu các nội dung đó không?", _both_steps())
    assert text == ("Có. Theo Bước 1 Điều 7 Thông tư 46/2022/TT-BCA: văn bản đề nghị kết nối Cơ sở dữ liệu quốc gia về "
                    "dân cư vớ cơ sở dữ liệu quốc gia sẽ bao gồm các nội dung sau: đơn vị đăng ký; chức năng, nhiệm vụ, "
                    "quyền hạn được giao.")
    # 'khi gửi' is the time of sending, not after it: the contents, not what the ministry does
    listed = conclude("Khi gửi văn bản đề nghị kết nối, phòng tập phải nêu rõ những gì về mục đích, phạm vi và các trường "
                      "thông tin cần lấy?", _both_steps())
    assert listed.startswith("Văn bản đề nghị kết nối Cơ sở dữ liệu quốc gia về dân cư vớ cơ sở dữ liệu quốc gia sẽ bao "
                             "gồm 5 nội dung (Bước 1 Điều 7 Thông tư 46/2022/TT-BCA): (1) đơn vị đăng ký")


def test_a_step_said_for_one_part_is_not_said_again_for_another():
    text = conclude("Theo Thông tư 46/2022/TT-BCA, đề nghị nêu thứ tự các bước: việc đầu tiên Ban phải làm là gì và gửi cho "
                    "cơ quan nào; sau đó phía Bộ Công an xử lý ra sao; và đến bước nào thì hệ thống của Ban được kiểm "
                    "tra, đánh giá an ninh, an toàn thông tin?", _both_steps())
    assert text.count("(3) phối hợp với Cục An ninh mạng") == 1, text


def test_a_time_counted_from_when_processing_starts_asks_no_step():
    from bot.answer_procedure import step_asked
    from bot import extract as X
    segments = X.segments(_both_steps())
    asked = "ho so danh gia tac dong phai gui cho bo cong an trong bao nhieu ngay ke tu ngay bat dau xu ly"
    assert step_asked(asked, segments) == segments
    assert {s.step for s in step_asked("thu tuc ket noi bat dau the nao", segments)} == {1}


def test_a_procedure_on_another_article_is_not_answered_with_the_steps_of_tt46():
    """A ward's officer asking what to do once a citizen's correction request is in: Nghị định 70 Điều 6 khoản 3
    answers, although the evidence also holds TT 46 Điều 7, whose Bước 2 is about receiving a request."""
    text = conclude("Tôi là cán bộ Công an một phường ở Đà Nẵng. Một công dân thường trú ở Quảng Trị, đang làm việc tại "
                    "Đà Nẵng, đến phường tôi nộp đề nghị sửa ngày sinh bị ghi sai trong Cơ sở dữ liệu quốc gia về dân cư. "
                    "Phường tôi tiếp nhận xong thì phải làm gì tiếp, ai là người giải quyết và trong thời hạn bao lâu?",
                    _both_steps() + [unit(ND70, 6, clause=3)])
    assert "Thông tư 46" not in text
    assert "khoản 3 Điều 6 Nghị định 70/2024/NĐ-CP" in text


def test_a_step_done_once_a_request_is_received_is_no_permission():
    from bot import extract as X
    step = next(s for s in X.segments([unit(TT46, 7, step=2)]) if s.text.startswith("Cung cấp tài liệu kỹ thuật"))
    assert not X.modality(step).permit  # 'Ngay sau khi nhận được văn bản đề nghị, … thực hiện:' receives, permits nothing


def test_how_many_entries_a_list_has_is_the_list_counted():
    assert conclude("Luật Căn cước quy định bao nhiêu hành vi bị nghiêm cấm?", [unit(LAW, 7)]).startswith(
        "Các hành vi bị nghiêm cấm gồm 9 hành vi (Điều 7 Luật Căn cước 2023): (1) cấp, cấp đổi, cấp lại, thu hồi thẻ căn cước")


def test_definition_is_the_defining_sentence():
    assert conclude("Theo Nghị định 69/2024/NĐ-CP, tài khoản định danh điện tử được hiểu là gì?", [unit(ND69, 3)]).startswith(
        "Tài khoản định danh điện tử là tập hợp gồm tên đăng nhập, mật khẩu hoặc phương tiện xác thực khác")


def test_a_quoted_term_is_defined_by_its_own_khoan_even_beside_the_term_the_story_repeats():
    # the evidence holds khoản 7 (xử lý dữ liệu cá nhân), which the story names more often than the term asked
    text = conclude('Năm 2025 ứng dụng mua sắm ghi sẽ chia sẻ dữ liệu của tôi cho "bên thứ ba". Theo Nghị định 13/2023, '
                    '"bên thứ ba" trong việc xử lý dữ liệu cá nhân được hiểu là ai?', [unit(ND13, 2, clause=7)])
    assert text.startswith("Bên thứ ba là tổ chức, cá nhân ngoài Chủ thể dữ liệu") and "(khoản 12 Điều 2 Nghị định " \
        "13/2023/NĐ-CP)" in text, text


# -- yes / no: decided by the clause's modality, with its condition or exception ------------------------------
SEED_PERMISSION = ("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin về "
                   "đời sống riêng tư, bí mật cá nhân hay không?")


@pytest.mark.parametrize("question, units, expected", [
    (SEED_PERMISSION, lambda: [unit(TT46, 3, clause=2)],
     "Không. Cơ quan, tổ chức không được xâm phạm quyền về đời sống riêng tư, bí mật cá nhân, bí mật gia đình, trừ trường "
     "hợp pháp luật khác có quy định (khoản 2 Điều 3 Thông tư 46/2022/TT-BCA)."),
    # 'được … theo nhu cầu' answers the permission asked, not 'phải' of the 14-and-over clause beside it
    ("Con tôi mới 9 tuổi, làm thẻ căn cước cho cháu được không?", lambda: [unit(LAW, 19, clause=2), unit(LAW, 19, clause=3)],
     "Có. Theo khoản 3 Điều 19 Luật Căn cước 2023: công dân Việt Nam dưới 14 tuổi được cấp thẻ căn cước theo nhu cầu."),
    ("Làm thẻ căn cước lần đầu thì công dân có phải nộp lệ phí không?",
     lambda: [unit(LAW, 38, clause=2), unit(LAW, 38, clause=3)],
     "Không. Theo khoản 2 Điều 38 Luật Căn cước 2023: công dân không phải nộp lệ phí khi được cấp thẻ căn cước lần đầu."),
    # a number the question claims, contradicted by the law
    ("Luật Căn cước 2023 quy định số định danh cá nhân chỉ gồm 9 chữ số phải không?", lambda: [unit(LAW, 12, clause=1)],
     "Không. Theo khoản 1 Điều 12 Luật Căn cước 2023: số định danh cá nhân của công dân Việt Nam là dãy số tự nhiên gồm "
     "12 chữ số do Cơ sở dữ liệu quốc gia về dân cư xác lập cho công dân Việt Nam."),
    # a prohibition stated by the article's title ('Các hành vi bị nghiêm cấm')
    ("Hành vi mua bán, trao đổi thông tin trong Cơ sở dữ liệu quốc gia về dân cư có bị pháp luật cấm không?",
     lambda: [unit(LAW, 7, clause=9)],
     "Có. Khoản 9 Điều 7 Luật Căn cước 2023 thuộc các hành vi bị nghiêm cấm: khai thác, chia sẻ, mua, bán, trao đổi, "
     "chiếm đoạt, sử dụng trái phép thông tin, dữ liệu trong Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu căn cước, "
     "hệ thống định danh và xác thực điện tử."),
])
def test_yes_no(question, units, expected):
    assert conclude(question, units()) == expected


def test_it_depends_when_the_law_gives_the_rule_and_its_listed_exceptions():
    fee = ("công dân phải nộp lệ phí khi cấp đổi, cấp lại thẻ căn cước, trừ 2 trường hợp (khoản 3 Điều 38 Luật Căn cước "
           "2023): (1) cấp đổi thẻ căn cước theo quy định tại điểm a và điểm đ khoản 1 Điều 24 của Luật này; (2) có sai sót "
           "về thông tin in trên thẻ căn cước do lỗi của cơ quan quản lý căn cước.")
    # a re-issue is in none of the listed cases (two cấp đổi cases, the agency's error): the rule applies as stated
    assert conclude("Cấp lại thẻ căn cước có phải nộp lệ phí không?", [unit(LAW, 38, clause=3)]) == (
        f"Có. {fee[0].upper()}{fee[1:]} Cấp lại thẻ (bị mất, hư hỏng) không thuộc các trường hợp được trừ ra nêu trên.")
    assert conclude("Công dân có phải nộp lệ phí thẻ căn cước không?", [unit(LAW, 38, clause=2), unit(LAW, 38, clause=3)]) == (
        "Tùy trường hợp: công dân không phải nộp lệ phí khi được cấp thẻ căn cước lần đầu (khoản 2 Điều 38 Luật Căn cước "
        f"2023); {fee}")
    # a listed case named only behind a cross-reference ('25 tuổi' is in khoản 1 Điều 21, through điểm a khoản 1
    # Điều 24) is followed to it: no fee
    assert conclude("Đổi thẻ căn cước vì đủ 25 tuổi có mất tiền không?", [unit(LAW, 38, clause=3)]).startswith(
        "Không. Theo điểm a khoản 3 Điều 38 Luật Căn cước 2023: ")
    # one listed case matching the question answers it: the card was misprinted by the authority -> no fee
    assert conclude("Thẻ căn cước in sai do lỗi của cơ quan căn cước thì công dân có phải nộp lệ phí cấp đổi không?",
                    [unit(LAW, 38, clause=3)]).startswith("Không. Theo điểm b khoản 3 Điều 38 Luật Căn cước 2023: ")


def test_a_false_claim_about_an_age_group_is_answered_from_the_rule_for_that_group():
    """'dưới 14 tuổi … bắt buộc' is answered by 'dưới 14 tuổi … theo nhu cầu', not by '14 tuổi trở lên … phải'; the
    rule the claim mixed up follows, as what it is."""
    assert conclude("Vì sao từ năm 2024 mọi trẻ em dưới 14 tuổi đều bắt buộc phải làm thẻ căn cước?",
                    [unit(LAW, 19, clause=2), unit(LAW, 19, clause=3)]) == (
        "Không. Theo khoản 3 Điều 19 Luật Căn cước 2023: công dân Việt Nam dưới 14 tuổi được cấp thẻ căn cước theo nhu cầu; "
        "còn theo khoản 2 Điều 19 Luật Căn cước 2023: công dân Việt Nam từ đủ 14 tuổi trở lên phải thực hiện thủ tục cấp "
        "thẻ căn cước.")


def test_a_claimed_age_the_law_does_not_name_is_contradicted():
    text = conclude("Xác nhận giúp tôi rằng công dân phải đổi thẻ căn cước khi tròn 18 tuổi. Có đúng vậy không?", [unit(LAW, 21)])
    assert text.startswith("Không. Theo khoản 1 Điều 21 Luật Căn cước 2023: ")
    assert "khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi" in text


def test_no_yes_or_no_from_a_sentence_that_does_not_name_the_act():
    """'Người được cấp thẻ căn cước là công dân Việt Nam' is not a permission ('được cấp' names the holder)."""
    assert conclude("Người nước ngoài có làm được thẻ căn cước không?", [unit(LAW, 19, clause=1)]) == (
        "Người được cấp thẻ căn cước là công dân Việt Nam (khoản 1 Điều 19 Luật Căn cước 2023).")
    text = conclude("Có phải đóng phí khi cấp lại thẻ căn cước bị mất không?", [unit(LAW, 26)])
    assert text.startswith("Trợ lý chưa tìm thấy câu trả lời trực tiếp cho việc được hỏi trong nguồn hiện có; quy định gần nhất: "
                           "trong thời hạn 07 ngày")


# -- several parts, our FAQ ------------------------------------------------------------------------------
def test_two_parts_from_two_articles_each_with_its_citation():
    text = conclude("Làm thẻ căn cước ở đâu và bao lâu thì có thẻ?", [unit(LAW, 27, clause=1), unit(LAW, 26)])
    first, second = text.split("tại chỗ ở của công dân. ")
    assert first.startswith("Nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước gồm 3 nơi (Điều 27 Luật Căn cước 2023): ")
    assert second == ("Trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ theo quy định của Luật này, cơ quan quản "
                      "lý căn cước phải cấp, cấp đổi, cấp lại thẻ căn cước (Điều 26 Luật Căn cước 2023).")


def test_two_parts_of_one_article():
    text = conclude("Mã số định danh cá nhân dài mấy số, và đơn vị nào quản lý dãy số này?",
                    [unit(LAW, 12, clause=1), unit(LAW, 12, clause=2)])
    assert text.startswith("12 chữ số: ") and "(khoản 1 Điều 12 Luật Căn cước 2023). Bộ Công an: " in text
    assert text.endswith("(khoản 2 Điều 12 Luật Căn cước 2023).")


def test_the_law_s_own_answer_comes_before_our_faq_wording():
    steps = [unit(TT46, 7, step=1), unit(TT46, 7, step=2)]
    question = "Việc kết nối được thực hiện theo quy trình nào?"
    assert conclude(question, steps, "Gồm Bước 1 và Bước 2.").startswith("Theo Điều 7 Thông tư 46/2022/TT-BCA, kho dữ liệu")


def test_our_faq_wording_is_used_when_the_law_answers_nothing_directly_and_is_cited():
    text = conclude("Có phải đóng phí khi cấp lại thẻ căn cước bị mất không?", [unit(LAW, 26)], "  Không   rõ. ")
    assert text == "Không rõ (Điều 26 Luật Căn cước 2023)."


def test_no_units_no_conclusion():
    assert C.conclude(ask(SEED_PERMISSION), [], "Không.") is None


# -- every question of the bank, from the clauses it points to -----------------------------------------------
def _bank() -> list[tuple[str, list[Unit]]]:
    out = []
    for path in sorted((DEFAULT_CORPUS / "questions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data["questions"]:
            index = parsed_index()
            article = index.article(data["so_hieu"], q["article"], DAY)
            if article is None:
                continue
            doc = index.documents[data["so_hieu"]]
            clauses = [c for c in q.get("clauses") or [] if article.clause(c)]
            units = [Unit(doc, article, clause=c, day=DAY) for c in clauses] or [
                Unit(doc, article, step=s, day=DAY) for s in q.get("steps") or [] if article.step(s)] or [Unit(doc, article, day=DAY)]
            out.append((q["q"], units))
    return out


def test_no_conclusion_of_the_question_bank_is_empty_or_cut():
    """All ~400 questions the team wrote from the law: a conclusion each, none with '…', an empty item or ': .'."""
    bank = _bank()
    assert len(bank) >= 400
    bad = [(q, text) for q, units in bank if not (text := C.conclude(ask(q), units, None)) or conclusion_defects(text)]
    assert bad == []


# -- lists inside a khoản, sibling lists, a heading asked as a question -------------------------------------
def test_a_khoan_that_introduces_points_is_listed_with_its_points():
    text = conclude("Trên thẻ căn cước thể hiện những thông tin gì?", [unit("26/2023/QH15", 18)])
    assert "hình quốc huy" in text.lower() and "nơi cấp: Bộ Công an" in text
    assert "bao gồm;" not in text
    whole = [unit("26/2023/QH15", 18, clause=n) for n in (1, 2, 3, 4)]
    listed = list_sentence([s for s in X.segments(whole) if s.clause is not None and not s.point], "", per_clause=True)
    assert listed is not None
    assert "(2) thông tin được in trên thẻ căn cước bao gồm: a) hình Quốc huy" in listed.text
    assert "n) nơi cấp: Bộ Công an" in listed.text


def test_sibling_lists_the_question_asks_for_are_both_given_in_the_article_s_order():
    units = [unit("26/2023/QH15", 24, clause=2), unit("26/2023/QH15", 24, clause=1)]
    text = conclude("Trường hợp nào phải cấp đổi, cấp lại thẻ căn cước?", units)
    assert text.index("Các trường hợp cấp đổi thẻ căn cước bao gồm (khoản 1 Điều 24") < text.index(
        "Các trường hợp cấp lại thẻ căn cước bao gồm (khoản 2 Điều 24")
    assert "(7) khi người được cấp thẻ căn cước có yêu cầu" in text


def test_a_sibling_list_not_asked_for_is_left_out():
    units = [unit("26/2023/QH15", 24, clause=1), unit("26/2023/QH15", 24, clause=2)]
    text = conclude("Những trường hợp nào phải cấp đổi thẻ căn cước?", units)
    assert "cấp lại thẻ căn cước bao gồm" not in text


def test_a_heading_asked_as_a_question_lists_the_article_with_the_right_noun():
    units = [unit("26/2023/QH15", 27, clause=n) for n in (1, 2, 3)]
    text = conclude("Nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước?", units)
    assert text.startswith("Nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước gồm 3 nơi (Điều 27 Luật Căn cước 2023): (1) cơ quan quản lý căn cước")


def test_an_either_or_question_is_answered_with_the_option_the_law_names():
    units = [unit("26/2023/QH15", 24, clause=2)]
    for question in ("Bị mất thẻ căn cước thì xin cấp lại hay cấp mới?", "bi mat the can cuoc thi xin cap lai hay cap moi"):
        assert conclude(question, units).startswith("Cấp lại. Các trường hợp cấp lại thẻ căn cước bao gồm (khoản 2 Điều 24")
    # neither option named by the law: no choice is made up
    assert not conclude("Bị mất thẻ căn cước thì xin cấp mới hay làm thẻ tạm?", units).startswith(("Cấp mới", "Làm thẻ"))


def test_a_time_limit_in_a_point_is_said_once_with_its_lead_in_after_it():
    text = conclude("Thời hạn giải quyết cấp tài khoản định danh điện tử là bao lâu?", [unit("69/2024/NĐ-CP", 13, clause=1)])
    assert text.startswith("Không quá 01 ngày làm việc với trường hợp cấp tài khoản định danh điện tử mức độ 01, đối với "
                           "trường hợp công dân Việt Nam đã có thẻ căn cước công dân"), text
    assert text.count("không quá 01 ngày làm việc") + text.count("Không quá 01 ngày làm việc") == 1


def test_a_permission_is_not_granted_by_a_sentence_about_another_verb():
    # TT 46 Điều 4 khoản 2 says 'ban hành' and 'khai thác', never 'bán': it answers nothing about selling data
    text = conclude("Theo Thông tư 46, công an được bán dữ liệu dân cư cho doanh nghiệp đúng không?",
                    [unit("46/2022/TT-BCA", 4, clause=2)])
    assert not text.startswith("Có")
    # the prohibited act that names the verb answers it
    text = conclude("Theo Thông tư 46, công an được bán dữ liệu dân cư cho doanh nghiệp đúng không?",
                    [unit("26/2023/QH15", 7, clause=9), unit("46/2022/TT-BCA", 4, clause=2)])
    assert text.startswith("Không. Khoản 9 Điều 7 Luật Căn cước 2023 thuộc các hành vi bị nghiêm cấm: khai thác, chia sẻ, mua, bán")


def test_the_pipeline_looks_for_a_prohibition_only_when_a_permission_is_left_unanswered():
    question = ask("Theo Thông tư 46, công an được bán dữ liệu dân cư cho doanh nghiệp đúng không?")
    from bot.evidence import Evidence
    assert C.asks_permission_unanswered(question, Evidence((unit("46/2022/TT-BCA", 4, clause=2),), None, None))
    assert not C.asks_permission_unanswered(question, Evidence((unit("26/2023/QH15", 7, clause=9),), None, None))
    assert C.names_act(question, unit("26/2023/QH15", 7, clause=9))
    assert not C.names_act(question, unit("46/2022/TT-BCA", 4, clause=2))
    assert not C.asks_permission_unanswered(ask("Thẻ căn cước là gì?"), Evidence((unit("26/2023/QH15", 7, clause=9),), None, None))


def test_a_list_asked_for_by_another_word_is_the_law_s_list():
    units = [unit("26/2023/QH15", 10, clause=7), unit("26/2023/QH15", 10, clause=5)]
    text = conclude("Có thể khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư qua những kênh nào?", units)
    assert text.startswith("Phương thức khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư bao gồm (khoản 5 Điều 10")


def test_a_permission_asked_is_answered_by_the_khoan_that_permits_not_by_the_duty_next_to_it():
    text = conclude("con tui mới lên lớp 4 à, giờ làm căn cước cho nó được hông hay phải chờ đủ 14 tuổi?",
                    [unit("26/2023/QH15", 19, clause=2)])
    assert text == "Có. Theo khoản 3 Điều 19 Luật Căn cước 2023: công dân Việt Nam dưới 14 tuổi được cấp thẻ căn cước theo nhu cầu."


def test_a_list_item_keeps_every_paragraph_of_it():
    text = conclude("Kích hoạt tài khoản định danh điện tử trên VNeID thế nào?", [unit("69/2024/NĐ-CP", 14)])
    assert ("trong vòng 07 ngày kể từ ngày nhận được thông báo kết quả cấp tài khoản định danh điện tử. Sau 07 ngày, "
            "nếu tài khoản định danh điện tử không được kích hoạt") in text


def test_a_khoan_listed_whole_keeps_every_sentence_of_it():
    text = conclude("Đối tượng nào được cấp tài khoản định danh điện tử?", [unit("69/2024/NĐ-CP", 7)])
    assert "Công dân Việt Nam từ đủ 6 tuổi đến dưới 14 tuổi đã được cấp thẻ căn cước" in text
    assert "Công dân Việt Nam dưới 6 tuổi" in text and ".." not in text


def test_an_everyday_verb_matches_the_law_s_word_for_it_but_not_a_different_word_sharing_its_letters():
    from bot.extract import segments as sentences
    k1 = sentences([unit("26/2023/QH15", 46, clause=1)])[0]  # "… có giá trị sử dụng đến hết thời hạn …"
    assert names_verb("dùng", k1) and names_verb("dung", k1)
    tt46 = [s for s in sentences([unit("46/2022/TT-BCA", 4, clause=2)])]  # "… ban hành kèm theo …"
    assert not any(names_verb("bán", s) for s in tt46)


def test_a_when_question_gets_the_time_not_a_pointer_to_another_khoan():
    text = conclude("CCCD hết thời hạn khi nào theo quy định mới nhất?", [unit("26/2023/QH15", 46, clause=1)])
    assert text.startswith("Đến hết thời hạn được in trên thẻ: thẻ căn cước công dân đã được cấp trước ngày Luật này")
    assert ", trừ (" not in text


def test_a_where_question_answered_by_one_step_gets_that_step_not_the_whole_procedure():
    text = conclude("Thông báo kết quả đăng ký tài khoản định danh mức độ 2 cho người nước ngoài qua đâu?",
                    [unit("69/2024/NĐ-CP", 11, clause=2, point="đ")])
    assert text.startswith("Qua Ứng dụng định danh quốc gia hoặc số thuê bao di động chính chủ hoặc địa chỉ thư điện tử: "
                           "cơ quan quản lý định danh và xác thực điện tử thông báo kết quả đăng ký tài khoản (điểm đ khoản 2 Điều 11")


def test_a_rule_for_another_age_range_gives_no_yes_or_no():
    # Điều 23 khoản 1 is the procedure 'cho người từ đủ 14 tuổi trở lên': it says nothing about children under 6
    text = conclude("Mặt trước thẻ căn cước của công dân dưới 6 tuổi có ảnh khuôn mặt như của công dân từ đủ 6 tuổi trở lên không?",
                    [unit("26/2023/QH15", 23, clause=1)])
    assert not text.startswith(("Có", "Không"))


def test_a_list_asked_beyond_what_a_partial_article_holds_says_so_in_the_conclusion():
    text = conclude("Trường hợp nào phải thu hồi, giữ thẻ căn cước?", [partial_29(clause=2)])
    assert text.endswith("Kho dữ liệu chỉ có khoản 2, 5 của Điều 29 Luật Căn cước 2023, nên danh sách có thể chưa đủ.")
    # asked only what the held khoản answers: no such sentence
    assert "chưa đủ" not in conclude("Thẻ căn cước bị giữ trong những trường hợp nào?", [partial_29(clause=2)])


def test_birth_years_asked_are_worked_out_from_the_ages_the_law_states():
    import datetime as dt

    units = [unit("26/2023/QH15", 21, clause=1)]
    this_year = QuestionReader(None).run("Tổng hợp những năm sinh phải đổi sang thẻ căn cước trong năm nay?", None,
                                         "citizen", dt.date(2026, 11, 30))
    text = C.conclude(this_year, units, None)
    assert text.endswith("Tính theo năm 2026: người sinh năm 2012 (14 tuổi), 2001 (25 tuổi), 1986 (40 tuổi), 1966 (60 tuổi). "
                         + AGE_EXCEPTION)
    assert "Tính theo năm 2027: người sinh năm 2013 (14 tuổi)" in conclude("Những năm sinh nào phải đổi thẻ căn cước năm 2027?", units)
    assert "Tính theo năm" not in conclude("Công dân phải đổi thẻ căn cước khi bao nhiêu tuổi?", units)


def test_a_list_is_counted_by_the_noun_asked_only_when_the_law_heads_it_with_that_noun():
    text = conclude("Những cơ sở dữ liệu nào chia sẻ thông tin về công dân cho hệ thống Cơ sở dữ liệu quốc gia về dân cư?",
                    [unit("46/2022/TT-BCA", 4)])
    assert "gồm 2 cơ sở dữ liệu" not in text
    assert headed_by("trường hợp", "các trường hợp cấp đổi thẻ căn cước bao gồm:")
    assert not headed_by("cơ sở dữ liệu", "các thông tin được chia sẻ cho hệ thống cơ sở dữ liệu quốc gia về dân cư")


def test_who_finds_the_body_after_then_in_a_conditional_sentence():
    text = conclude("Khi các bộ, ngành gửi thông tin chuyên ngành gắn với công dân cho Bộ Công an thì đơn vị nào làm đầu mối tiếp nhận?",
                    [unit("46/2022/TT-BCA", 4, clause=2)])
    assert text.startswith("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an: các thông tin chuyên ngành")


def test_a_short_khoan_is_said_whole():
    text = conclude("Tôi đặt lịch làm thẻ căn cước nhưng đến ngày hẹn lại không đi được, lịch hẹn đó sẽ xử lý thế nào?",
                    [unit("70/2024/NĐ-CP", 21, clause=4)])
    assert "tự động hủy lịch hẹn công dân đã đăng ký khi hết ngày làm việc; nếu công dân tiếp tục có nhu cầu" in text
    assert text.endswith("thì đăng ký hẹn lại (khoản 4 Điều 21 Nghị định 70/2024/NĐ-CP).")


def test_a_title_line_of_a_khoan_is_not_said_as_a_sentence():
    text = conclude("Đổi thẻ CCCD sang thẻ căn cước năm 2024 cần mang giấy tờ gì?", [unit("70/2024/NĐ-CP", 21, clause=1)])
    assert not text.startswith("Trình tự, thủ tục cấp, cấp đổi, cấp lại thẻ căn cước tại cơ quan quản lý căn cước;")


def test_cases_asked_for_find_the_list_of_cases_not_the_list_of_powers():
    units = [unit("26/2023/QH15", 29, clause=5), unit("26/2023/QH15", 29, clause=2)]
    text = conclude("Trường hợp nào phải thu hồi, giữ thẻ căn cước?", units)
    assert "Thẻ căn cước bị giữ trong trường hợp sau đây (khoản 2 Điều 29" in text  # after the missing khoản 1 is said
    assert "Thẩm quyền thu hồi, giữ thẻ căn cước" not in text


def test_a_dashed_item_keeps_the_paragraphs_under_it():
    found = written("Trình tự, thủ tục đăng ký định danh điện tử doanh nghiệp?", [unit(ND69, 12)])
    assert found.text.startswith("Trình tự, thủ tục cấp tài khoản định danh điện tử đối với cơ quan, tổ chức gồm 3 bước "
                                 "(Điều 12 Nghị định 69/2024/NĐ-CP): (1) người đại diện theo pháp luật, người đứng đầu")
    steps = "\n".join(found.steps)
    assert "theo mẫu TK02" in steps  # 'Trường hợp nộp trực tiếp …' under the first '- '
    assert "thì thực hiện xác minh thông tin về cơ quan, tổ chức" in steps
    assert "thông báo bằng văn bản, tin nhắn hoặc qua tài khoản định danh điện tử" in steps


def test_a_quoted_item_keeps_its_paragraphs():
    u = unit(ND69, 12)
    firsts = {}
    for s in X.segments([u]):
        firsts.setdefault(s.item, s)  # what a list conclusion uses: each item's first sentence
    assert len(firsts) == 3
    assert X.focus_lines(u.quote, list(firsts.values())) is None  # every line, paragraphs under items included


@pytest.mark.parametrize("question", ["Thời hạn giải quyết cấp tài khoản định danh điện tử là bao lâu?",
                                      "Cấp tài khoản định danh điện tử mất bao lâu?"])
def test_a_time_limit_asked_without_its_case_gives_the_limit_of_every_case(question):
    text = conclude(question, [unit(ND69, 13, clause=c) for c in (1, 2, 3, 4)])
    assert text.startswith("Tùy trường hợp. Kể từ ngày nhận đủ hồ sơ hợp lệ theo quy định tại Nghị định này")
    assert "(Điều 13 Nghị định 69/2024/NĐ-CP): (1) đối với trường hợp công dân Việt Nam đã có" in text
    assert "thì không quá 07 ngày làm việc; (3) đối với người nước ngoài: a) không quá 01 ngày" in text
    assert text.endswith("b) không quá 15 ngày với trường hợp thông tin cần xác minh về tổ chức không có trong cơ sở "
                         "dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành.")


def test_a_time_limit_asked_for_one_case_gives_that_case():
    text = conclude("Người nước ngoài được cấp tài khoản định danh điện tử trong bao lâu?",
                    [unit(ND69, 13, clause=c) for c in (1, 2, 3, 4)])
    assert text.startswith("Không quá 01 ngày làm việc") and "Tùy trường hợp" not in text
    assert "(điểm c khoản 3 Điều 13 Nghị định 69/2024/NĐ-CP)" in text and "khoản 4" not in text


# -- procedure: the steps, following the law's reference and naming the decree's ways --------------------------
def test_a_procedure_sent_to_another_article_gives_that_article_s_steps():
    units = [unit(LAW, 25, clause=c) for c in (1, 2, 3, 4, 5)] + [unit(LAW, 23, clause=c) for c in (1, 2, 3, 4, 5)]
    units += [unit(ND70, 21, clause=c) for c in (1, 2, 3, 4, 5)]
    found = written("Trình tự, thủ tục cấp đổi thẻ căn cước như thế nào?", units)
    text = found.text
    # the conclusion says where the steps are and how many; the steps follow it, each with its citation
    assert text.startswith("Trình tự, thủ tục cấp lại thẻ căn cước đối với trường hợp quy định tại điểm b khoản 2 Điều 24 "
                           "của Luật này và cấp đổi thẻ căn cước thực hiện theo quy định tại Điều 23 của Luật này (khoản 1 "
                           "Điều 25 Luật Căn cước 2023). Trình tự, thủ tục cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên "
                           "gồm 5 bước (khoản 1 Điều 23 Luật Căn cước 2023): (1) người tiếp nhận kiểm tra, đối chiếu")
    assert "(5) trả thẻ căn cước theo địa điểm ghi trong giấy hẹn; chi tiết từng bước ở mục Các bước." in text
    # each step by its first sentence, whole, up to 100 words ('gồm 3 bước, nêu ở mục Các bước' was graded empty)
    long = written("Trình tự, thủ tục đăng ký định danh điện tử doanh nghiệp?", [unit(ND69, 12)])
    assert "sau khi được sự đồng ý của toàn bộ người đại diện theo pháp luật khác của tổ chức (nếu có); (2) cơ quan quản lý " \
           "định danh và xác thực điện tử tiến hành kiểm tra, xác thực thông tin về cơ quan, tổ chức" in long.text
    assert long.text.endswith("hoặc số thuê bao di động chính chủ hoặc địa chỉ thư điện tử; chi tiết từng bước ở mục Các bước.")
    assert len(found.steps) == 5
    assert found.steps[0].startswith("Bước 1 (điểm a khoản 1 Điều 23 Luật Căn cước 2023)\nNgười tiếp nhận kiểm tra")
    assert found.steps[4].startswith("Bước 5 (điểm đ khoản 1 Điều 23 Luật Căn cước 2023)\nTrả thẻ căn cước theo địa điểm "
                                     "ghi trong giấy hẹn")
    assert text.endswith("Cách làm chi tiết: trình tự, thủ tục cấp, cấp đổi, cấp lại thẻ căn cước tại cơ quan quản lý căn "
                         "cước (khoản 1 Điều 21 Nghị định 70/2024/NĐ-CP); trình tự, thủ tục cấp, cấp đổi, cấp lại thẻ căn "
                         "cước thông qua Cổng dịch vụ công quốc gia hoặc Ứng dụng định danh quốc gia (VNeID) (khoản 2 "
                         "Điều 21 Nghị định 70/2024/NĐ-CP).")


def test_a_procedure_for_a_case_another_khoan_rules_gives_that_khoan_with_the_case_spelled_out():
    units = [unit(LAW, 25, clause=c) for c in (1, 2, 3, 4, 5)] + [unit(LAW, 23, clause=c) for c in (1, 2, 3, 4, 5)]
    text = conclude("Thủ tục cấp lại thẻ căn cước bị mất như thế nào?", units)
    assert text.startswith("Việc cấp lại thẻ căn cước đối với trường hợp quy định tại điểm a khoản 2 Điều 24 của Luật này "
                           "(bị mất thẻ căn cước hoặc thẻ căn cước bị hư hỏng không sử dụng được, trừ trường hợp quy định tại Điều 21 "
                           "của Luật này) được thực hiện trực tuyến")
    assert "(khoản 4 Điều 25 Luật Căn cước 2023)" in text and "Điều 23" not in text


def test_a_procedure_article_made_of_ways_gives_every_way_with_its_steps():
    found = written("Đổi Căn cước công dân hết hạn như thế nào?", [unit(ND70, 21, clause=c) for c in (1, 2, 3, 4, 5)])
    # each way with how it starts (its first step's first sentence): two names alone were graded an empty conclusion
    assert found.text == (
        "Có 2 cách: (1) trình tự, thủ tục cấp, cấp đổi, cấp lại thẻ căn cước tại cơ quan quản lý căn cước (khoản 1 Điều 21 "
        "Nghị định 70/2024/NĐ-CP), bước đầu: công dân đến cơ quan quản lý căn cước quy định tại khoản 1, khoản 2 Điều 27 "
        "Luật Căn cước 2023 đề nghị cấp, cấp đổi, cấp lại thẻ căn cước, cung cấp thông tin gồm họ, chữ đệm và tên khai "
        "sinh, số định danh cá nhân, nơi cư trú để người tiếp nhận kiểm tra đối chiếu thông tin trong Cơ sở dữ liệu quốc "
        "gia về dân cư; (2) trình tự, thủ tục cấp, cấp đổi, cấp lại thẻ căn cước thông qua Cổng dịch vụ công quốc gia "
        "hoặc Ứng dụng định danh quốc gia (VNeID) (khoản 2 Điều 21 Nghị định 70/2024/NĐ-CP), bước đầu: công dân lựa chọn "
        "thủ tục, kiểm tra thông tin của mình được khai thác trong Cơ sở dữ liệu quốc gia về dân cư; việc cần làm của "
        "từng cách ở mục Các bước.")
    assert [step.split("\n")[0] for step in found.steps][:4] == [
        "Cách 1, mục 1 (khoản 1 Điều 21 Nghị định 70/2024/NĐ-CP)", "Cách 1, mục 2 (khoản 1 Điều 21 Nghị định 70/2024/NĐ-CP)",
        "Cách 1, mục 3 (khoản 1 Điều 21 Nghị định 70/2024/NĐ-CP)", "Cách 2, mục 1 (điểm a khoản 2 Điều 21 Nghị định "
        "70/2024/NĐ-CP)"]
    assert found.steps[0].split("\n")[1].startswith("Công dân đến cơ quan quản lý căn cước")
    # a điểm is said whole, the paragraph under it included
    assert "Trường hợp thông tin chính xác thì đăng ký thời gian" in found.steps[3]
    assert "Công dân đến cơ quan quản lý căn cước theo thời gian, địa điểm đã đăng ký" in found.steps[3]
    assert found.steps[5].endswith("xác nhận chuyển hồ sơ đề nghị đến cơ quan quản lý căn cước xem xét, giải quyết việc "
                                   "cấp, cấp đổi, cấp lại thẻ căn cước.")


def test_a_question_on_one_khoan_of_a_procedure_article_gets_that_khoan_not_the_ways():
    text = conclude("Tôi đặt lịch làm thẻ căn cước trên cổng dịch vụ công nhưng đến ngày hẹn lại không đi được, lịch hẹn "
                    "đó sẽ xử lý thế nào?", [unit(ND70, 21, clause=c) for c in (1, 2, 3, 4, 5)])
    assert text.startswith("Trường hợp công dân không đến nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước theo thời gian")
    assert "(khoản 4 Điều 21 Nghị định 70/2024/NĐ-CP)" in text


# -- a list the corpus does not hold: said, not replaced by the list next to it ---------------------------------
def test_a_list_of_cases_the_corpus_lacks_is_said_to_be_missing_not_replaced_by_the_neighbouring_list():
    units = [partial_29(clause=2), partial_29(clause=5)]
    text = conclude("Thẻ căn cước bị thu hồi trong trường hợp nào?", units)
    assert text == ("Các trường hợp được hỏi nằm ở khoản 1 Điều 29 Luật Căn cước 2023 (điểm a khoản 5 Điều 29 Luật Căn cước "
                    "2023: “Cơ quan quản lý căn cước thực hiện thu hồi thẻ căn cước trong trường hợp quy định tại khoản 1 "
                    "Điều này”), nhưng kho dữ liệu chưa có nguyên văn khoản 1 nên không liệt kê được; xin tra toàn văn Luật "
                    "Căn cước 2023.")


def test_the_list_of_cases_is_given_now_that_the_corpus_holds_it():
    text = conclude("Thẻ căn cước bị thu hồi trong trường hợp nào?", [unit(LAW, 29, clause=c) for c in (1, 2, 5)])
    assert text.startswith("Thẻ căn cước bị thu hồi trong trường hợp sau đây (khoản 1 Điều 29 Luật Căn cước 2023): (1) công "
                           "dân bị tước quốc tịch Việt Nam"), text
    assert "thẻ căn cước cấp sai quy định" in text and "thẻ căn cước đã tẩy xóa, sửa chữa" in text


def test_the_neighbouring_list_stays_when_it_is_asked_too():
    units = [partial_29(clause=2), partial_29(clause=5)]
    text = conclude("Trường hợp nào phải thu hồi, giữ thẻ căn cước từ 01/7/2024?", units)
    assert text.startswith("Các trường hợp được hỏi nằm ở khoản 1 Điều 29 Luật Căn cước 2023")
    assert "Thẻ căn cước bị giữ trong trường hợp sau đây (khoản 2 Điều 29 Luật Căn cước 2023): (1) người đang chấp hành" in text
    only_held = conclude("Thẻ căn cước bị giữ trong trường hợp nào?", units)
    assert only_held.startswith("Thẻ căn cước bị giữ trong trường hợp sau đây (khoản 2 Điều 29") and "khoản 1" not in only_held


def test_who_must_is_answered_by_the_duty_not_by_who_may_get_a_card():
    text = conclude("Những ai phải làm thẻ căn cước?", [unit(LAW, 19, clause=c) for c in (1, 2, 3)])
    assert text == "Công dân Việt Nam từ đủ 14 tuổi trở lên phải thực hiện thủ tục cấp thẻ căn cước (khoản 2 Điều 19 Luật Căn cước 2023)."


def test_a_claim_is_confirmed_by_the_diem_naming_what_it_names_not_by_one_repeating_the_verb():
    text = conclude("Thông tin trong cơ sở dữ liệu căn cước được thu thập từ hồ sơ cấp, quản lý thẻ căn cước đúng không?",
                    [unit(LAW, 16, clause=1)])
    assert text.startswith("Có. Theo điểm b khoản 1 Điều 16 Luật Căn cước 2023:")
    assert "hồ sơ cấp, quản lý thẻ căn cước" in text and "ADN" not in text


# -- a list asked in the words of the article's heading: the article's list ----------------------------------
def test_a_list_asked_in_the_heading_s_words_gives_every_khoan_of_the_article():
    text = conclude("Nội dung thể hiện trên thẻ căn cước bao gồm những gì?", [unit(LAW, 18, clause=3)])
    assert text.startswith("Nội dung thể hiện trên thẻ căn cước gồm 4 nội dung (Điều 18 Luật Căn cước 2023): (1) thẻ căn "
                           "cước có thông tin được in trên thẻ")
    assert "(2) thông tin được in trên thẻ căn cước bao gồm: a) hình Quốc huy" in text and "n) nơi cấp: Bộ Công an" in text
    principles = conclude("Việc bảo vệ dữ liệu cá nhân sẽ thực hiện theo nguyên tắc nào?", [unit(ND13, 3, clause=6)])
    assert principles.startswith("Nguyên tắc bảo vệ dữ liệu cá nhân gồm 8 nguyên tắc (Điều 3 Nghị định 13/2023/NĐ-CP)")


def test_a_list_inside_one_khoan_is_not_replaced_by_the_article_s_list():
    units = [unit(LAW, 34, clause=1), unit(LAW, 34, clause=2)]
    text = conclude("Căn cước điện tử bị khóa trong các trường hợp nào?", units)
    assert text.startswith("Căn cước điện tử bị khóa trong 5 trường hợp (khoản 1 Điều 34 Luật Căn cước 2023)")
    biometrics = conclude("Cơ sở dữ liệu căn cước lưu những loại thông tin sinh trắc học nào?", [unit(LAW, 15, clause=3)])
    assert biometrics.startswith("Thông tin sinh trắc học gồm ảnh khuôn mặt, vân tay, mống mắt, ADN, giọng nói")


def test_not_doing_an_act_is_answered_by_the_rule_on_not_doing_it():
    units = [unit(LAW, 7, clause=7), unit(LAW, 7, clause=2), unit(LAW, 19)]
    text = conclude("Không làm thẻ căn cước có được không? Không làm thẻ căn cước có vi phạm pháp luật?", units)
    assert text == ("Có. Khoản 5 Điều 7 Luật Căn cước 2023 thuộc các hành vi bị nghiêm cấm: không thực hiện thủ tục cấp thẻ "
                    "căn cước theo quy định tại khoản 2 Điều 19 của Luật này.")


def test_an_age_range_asked_gets_every_group_inside_it_and_depends_when_they_differ():
    text = conclude("Trẻ em dưới 14 tuổi có được cấp tài khoản định danh điện tử mức độ 2 không?", [unit(ND69, 7, clause=1)])
    assert text.startswith("Tùy trường hợp. Theo khoản 1 Điều 7 Nghị định 69/2024/NĐ-CP: công dân Việt Nam từ đủ 6 tuổi đến "
                           "dưới 14 tuổi đã được cấp thẻ căn cước được cấp tài khoản định danh điện tử mức độ 01, tài khoản "
                           "định danh điện tử mức độ 02 khi có nhu cầu; công dân Việt Nam dưới 6 tuổi")
    assert "từ đủ 14 tuổi trở lên" not in text  # another age group says nothing of the one asked


def test_an_either_or_question_is_answered_by_the_khoan_speaking_to_both_options():
    text = conclude("CCCD gắn chip tôi làm năm 2021 có còn dùng được không hay bắt buộc phải đổi sang thẻ căn cước mới?",
                    [unit(LAW, 46, clause=1), unit(LAW, 46, clause=4)])
    assert text.startswith("Có. Theo khoản 1 Điều 46 Luật Căn cước 2023: thẻ căn cước công dân đã được cấp trước ngày Luật "
                           "này có hiệu lực thi hành có giá trị sử dụng đến hết thời hạn được in trên thẻ")
    assert text.endswith("công dân khi có nhu cầu thì được cấp đổi sang thẻ căn cước.")


def test_a_procedure_sent_to_another_article_of_the_decree_gives_the_list_the_reference_means():
    units = [unit(ND69, 28, clause=2), unit(ND69, 10, clause=1), unit(ND69, 10, clause=2)]
    found = written("Thủ tục cấp căn cước điện tử như thế nào theo quy định?", units)
    assert found.text == ("Căn cước điện tử được cấp cùng với việc cấp tài khoản định danh điện tử mức độ 02 cho công dân "
                          "Việt Nam và thực hiện theo trình tự, thủ tục quy định tại Điều 10 Nghị định này (khoản 2 Điều 28 "
                          "Nghị định 69/2024/NĐ-CP). Cấp tài khoản định danh điện tử mức độ 02 gồm 5 bước (khoản 2 Điều 10 "
                          "Nghị định 69/2024/NĐ-CP), nêu ở mục Các bước.")
    assert found.steps[0].startswith("Bước 1 (điểm a khoản 2 Điều 10 Nghị định 69/2024/NĐ-CP)\nCông dân đến Công an xã")


def test_an_agency_s_duty_does_not_answer_whether_a_person_must_act():
    text = conclude("Những ai sẽ phải làm, đổi thẻ căn cước từ ngày 01/7/2024? Có phải đổi thẻ CCCD sang thẻ căn cước theo "
                    "quy định mới không?", [unit(LAW, 46, clause=1), unit(LAW, 26)])
    assert text.startswith("Không. Theo khoản 1 Điều 46 Luật Căn cước 2023: công dân khi có nhu cầu thì được cấp đổi sang")
    assert "phải cấp, cấp đổi, cấp lại" not in text  # Điều 26 binds the agency, not the card holder


# -- a permission bounded in time, asked after its end date ----------------------------------------------------
def test_a_permission_whose_end_date_has_passed_answers_no_with_that_date():
    question = ("Thẻ căn cước công dân hết hạn sử dụng trước ngày 30/6/2024 thì sẽ được sử dụng đến khi được cấp căn "
                "cước đúng không?")
    text = C.conclude(ask(question), [unit(LAW, 46, clause=3)], None)
    assert text == (
        "Không, nay không còn: quy định này chỉ áp dụng đến hết ngày 30/06/2024, mốc đó đã qua. Theo khoản 3 Điều 46 "
        "Luật Căn cước 2023: thẻ căn cước công dân, chứng minh nhân dân hết hạn sử dụng từ ngày 15 tháng 01 năm 2024 "
        "đến trước ngày 30 tháng 6 năm 2024 thì tiếp tục có giá trị sử dụng đến hết ngày 30 tháng 6 năm 2024.")
    # asked on a day the rule still covered, the same clause says yes
    earlier = C.conclude(QuestionReader(None).run(question, as_of="2024-06-30"), [unit(LAW, 46, clause=3)], None)
    assert earlier.startswith("Có. Theo khoản 3 Điều 46 Luật Căn cước 2023:")


def test_a_list_of_cases_names_the_cases_an_item_only_refers_to():
    text = conclude("Trường hợp nào thì phải đổi thẻ căn cước?", [unit(LAW, 24, clause=2), unit(LAW, 24, clause=1)])
    # the list asked ('đổi'), not its neighbour on re-issue ('cấp lại'), though that khoản came first
    assert text.startswith("Các trường hợp cấp đổi thẻ căn cước bao gồm (khoản 1 Điều 24 Luật Căn cước 2023): (1) các "
                           "trường hợp quy định tại khoản 1 Điều 21 của Luật này, tức: công dân Việt Nam đã được cấp thẻ "
                           "căn cước phải thực hiện thủ tục cấp đổi thẻ căn cước khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi; "
                           "(2) thay đổi, cải chính thông tin"), text
    assert "(7) khi người được cấp thẻ căn cước có yêu cầu." in text


def test_each_part_of_a_two_part_question_is_answered_from_its_own_words():
    assert conclude("Ai phải đi làm thẻ căn cước và khi nào phải đổi thẻ?", [unit(LAW, 19), unit(LAW, 21)]) == (
        "Công dân Việt Nam từ đủ 14 tuổi trở lên phải thực hiện thủ tục cấp thẻ căn cước (khoản 2 Điều 19 Luật Căn cước "
        "2023). Khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi: công dân Việt Nam đã được cấp thẻ căn cước phải thực hiện "
        "thủ tục cấp đổi thẻ căn cước (khoản 1 Điều 21 Luật Căn cước 2023).")


def test_an_age_asked_as_tuoi_bao_nhieu_gets_the_ages():
    assert conclude("den tuoi bao nhieu thi phai doi the can cuoc", [unit(LAW, 21, clause=2)]) == (
        "Khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi: công dân Việt Nam đã được cấp thẻ căn cước phải thực hiện thủ tục "
        "cấp đổi thẻ căn cước (khoản 1 Điều 21 Luật Căn cước 2023). " + AGE_EXCEPTION)


def test_a_lead_in_already_said_is_not_repeated_before_each_point():
    text = conclude("Trẻ em dưới 14 tuổi có phải làm căn cước không?", [unit(LAW, 23, clause=2)])
    lead = "người dưới 14 tuổi hoặc người đại diện hợp pháp của người dưới 14 tuổi được đề nghị"
    assert text.count(lead) == 1, text
    assert "người từ đủ 06 tuổi đến dưới 14 tuổi cùng người đại diện hợp pháp đến cơ quan quản lý căn cước" in text


def test_a_paragraph_under_a_point_belongs_to_that_point():
    by_point = {}
    for s in X.segments([unit(ND70, 21, clause=2)]):
        by_point.setdefault(s.point, []).append(s.text)
    assert by_point[None] == ["Trình tự, thủ tục cấp, cấp đổi, cấp lại thẻ căn cước thông qua Cổng dịch vụ công quốc gia "
                              "hoặc Ứng dụng định danh quốc gia (VNeID):"]
    assert any(t.startswith("Công dân đến cơ quan quản lý căn cước theo thời gian, địa điểm đã đăng ký") for t in by_point["a"])
    assert by_point["c"][-1].startswith("Trường hợp thông tin chính xác thì người đại diện hợp pháp xác nhận")


def test_a_list_asked_by_its_noun_first_gets_the_khoan_headed_by_that_noun():
    text = conclude("Phương thức khai thác thông tin của công dân trong Cơ sở dữ liệu căn cước gồm những gì?", [unit(ND70, 17)])
    assert text.startswith("Phương thức khai thác thông tin của công dân trong Cơ sở dữ liệu căn cước (khoản 2 Điều 17 Nghị "
                           "định 70/2024/NĐ-CP): (1) cơ quan, tổ chức quy định tại điểm a, điểm b và điểm c khoản 1"), text
    # the article's two khoản are no list of two 'đối tượng' when one of them is held only as '…'
    assert conclude("Đối tượng nào được phép tra cứu dữ liệu công dân trong Cơ sở dữ liệu căn cước?", [unit(ND70, 17)]).startswith(
        "Đối tượng, phương thức khai thác thông tin của công dân trong Cơ sở dữ liệu căn cước gồm 5 đối tượng (khoản 1 Điều 17")


def test_who_must_is_answered_by_a_duty_even_in_another_article_when_the_best_match_binds_no_one():
    text = conclude("Những ai sẽ phải làm, đổi thẻ căn cước từ ngày 01/7/2024?", [unit(LAW, 46, clause=1), unit(LAW, 21)])
    assert text.startswith("Công dân Việt Nam đã được cấp thẻ căn cước phải thực hiện thủ tục cấp đổi thẻ căn cước khi đủ "
                           "14 tuổi"), text


def test_a_sentence_naming_two_places_gives_each_on_its_own_and_joined_places_as_one():
    assert X.place_spans("Công dân đã đăng ký khai sinh tại cơ quan có thẩm quyền của nước ngoài nhưng chưa được cấp số định "
                         "danh cá nhân đến Công an cấp xã nơi gần nhất để thực hiện thu thập") == [
        "tại cơ quan có thẩm quyền của nước ngoài", "đến Công an cấp xã nơi gần nhất để thực hiện thu thập"]
    assert X.place_spans("Người bị khóa thực hiện yêu cầu trực tiếp tại Công an cấp xã hoặc thông qua ứng dụng định danh "
                         "quốc gia theo mẫu TK03.") == [
        "trực tiếp tại Công an cấp xã hoặc thông qua ứng dụng định danh quốc gia theo mẫu TK03"]


@pytest.mark.parametrize("question, article, expected", [
    ("Con tôi 10 tuổi có bắt buộc phải làm thẻ căn cước không?", (LAW, 19),
     "Không. Theo khoản 3 Điều 19 Luật Căn cước 2023: công dân Việt Nam dưới 14 tuổi được cấp thẻ căn cước theo nhu cầu."),
    ("Con tôi 15 tuổi có bắt buộc phải làm thẻ căn cước không?", (LAW, 19),
     "Có. Theo khoản 2 Điều 19 Luật Căn cước 2023: công dân Việt Nam từ đủ 14 tuổi trở lên phải thực hiện thủ tục cấp thẻ "
     "căn cước."),
    # a level the law gives another age group: no, with the rule for the child's age
    ("Tôi là người nước ngoài có thẻ tạm trú. Con gái tôi 4 tuổi cũng có thẻ tạm trú. Tôi có thể đăng ký tài khoản định danh "
     "điện tử mức 2 cho cháu không?", (ND69, 7),
     "Không. Theo khoản 2 Điều 7 Nghị định 69/2024/NĐ-CP: người nước ngoài dưới 06 tuổi được cấp thẻ thường trú, thẻ tạm trú "
     "tại Việt Nam được cấp tài khoản định danh điện tử mức độ 01 khi có nhu cầu."),
    # an age inside 'từ đủ 6 tuổi đến dưới 14 tuổi': that group's rule
    ("Con tôi 8 tuổi có được cấp tài khoản định danh điện tử mức 2 không?", (ND69, 7),
     "Có. Theo khoản 1 Điều 7 Nghị định 69/2024/NĐ-CP: công dân Việt Nam từ đủ 6 tuổi đến dưới 14 tuổi đã được cấp thẻ căn "
     "cước được cấp tài khoản định danh điện tử mức độ 01, tài khoản định danh điện tử mức độ 02 khi có nhu cầu."),
])
def test_a_persons_age_is_placed_in_the_age_group_that_rules_it(question, article, expected):
    """The age asked ('con tôi 10 tuổi', '4 tuổi', '8 tuổi') is placed in the group the law rules ('dưới 14 tuổi',
    'từ đủ 6 tuổi đến dưới 14 tuổi'); a level the law gives only another group is refused with the group's rule."""
    assert conclude(question, [unit(*article)]) == expected


def test_a_question_about_the_case_a_rule_excepts_gets_the_answer_turned_round():
    text = conclude("Tôi là quân nhân chuyên nghiệp. Nghề nghiệp của người đang phục vụ trong quân đội như tôi có bị lưu "
                    "vào Cơ sở dữ liệu căn cước không?", [unit(LAW, 15, clause=4)])
    assert text == ("Không, vì thuộc trường hợp loại trừ (lực lượng Quân đội nhân dân, Công an nhân dân, Cơ yếu). Theo "
                    "khoản 4 Điều 15 Luật Căn cước 2023: nghề nghiệp, trừ lực lượng Quân đội nhân dân, Công an nhân dân, "
                    "Cơ yếu.")
    # a question outside the exception keeps the rule's answer
    assert conclude("Nghề nghiệp của giáo viên như tôi có bị lưu vào Cơ sở dữ liệu căn cước không?",
                    [unit(LAW, 15, clause=4)]).startswith("Có. Theo khoản 4 Điều 15")


def test_how_much_a_fee_is_answered_none_by_the_rule_that_waives_it_for_the_case_asked():
    assert conclude("Cháu tôi vừa tròn 14 tuổi, đi làm thẻ căn cước lần đầu thì phải chuẩn bị bao nhiêu tiền lệ phí?",
                    [unit(LAW, 38)]) == ("Không mất lệ phí: công dân không phải nộp lệ phí khi được cấp thẻ căn cước lần "
                                         "đầu (khoản 2 Điều 38 Luật Căn cước 2023).")
    # a fee that is due, or another group's waiver, is no answer of 'none'
    assert not conclude("Cấp đổi thẻ căn cước thì lệ phí bao nhiêu?", [unit(LAW, 38)]).startswith("Không mất")


def test_the_nearest_provision_of_a_missing_answer_is_one_sentence_not_a_whole_list():
    text = conclude("Ngân hàng chúng tôi muốn dùng dịch vụ xác thực điện tử để xác minh khách hàng qua tài khoản định "
                    "danh. Có bắt buộc phải được khách hàng đồng ý không?", [unit(ND69, 19)])
    assert "quy định gần nhất: tổ chức, cá nhân không thuộc (2) được yêu cầu xác thực điện tử" in text, text
    assert "gồm 4 nội dung" not in text


def test_a_permission_asked_without_the_consent_the_rule_requires_is_answered_no():
    text = conclude("Nếu tôi không bấm đồng ý thì công ty ví điện tử có tự xác thực danh tính điện tử của tôi qua VNeID "
                    "được không?", [unit(ND69, 19)])
    assert text.startswith("Không, vì phải có sự đồng ý ("), text
    assert not conclude("Công ty có được xác thực danh tính điện tử của khách hàng qua VNeID không?",
                        [unit(ND69, 19)]).startswith("Không")
    # 'tự ý' (without asking) against '… khi được sự đồng ý của công dân đó'
    text = conclude("Phòng khám có được tự ý đọc thông tin tích hợp trong thẻ căn cước của tôi không, hay phải hỏi ý tôi?",
                    [unit(LAW, 22, clause=5, point="d")])
    assert text.startswith("Không, vì phải có sự đồng ý (điểm d khoản 5 Điều 22 Luật Căn cước 2023)"), text


def test_which_bodies_a_rule_reaches_are_answered_by_the_sentence_naming_them():
    # 'đến những cấp, đơn vị nào' asks which bodies: the amended khoản 2 Điều 4 NĐ 70 names them, so the answer is
    # that sentence, not 'the sources name no body'
    text = conclude("Cơ sở dữ liệu quốc gia về dân cư được triển khai đến những cấp, đơn vị nào?", [unit(ND70, 4, clause=2)])
    assert text.startswith("Theo khoản 2 Điều 4 Nghị định 70/2024/NĐ-CP: Cơ sở dữ liệu quốc gia về dân cư được triển "
                           "khai đến Công an tỉnh, thành phố"), text
    assert "Công an xã, phường, đặc khu" in text and "chưa tìm thấy" not in text
    # a sentence naming no body still says so
    text = conclude("Đơn vị nào in thẻ căn cước?", [unit(LAW, 18, clause=1)])
    assert text.startswith("Trợ lý chưa tìm thấy cơ quan, người có thẩm quyền cho việc này trong nguồn hiện có; quy định gần nhất: "
                           "thẻ "
                           "căn cước có thông tin được in trên thẻ"), text


@pytest.mark.parametrize("question", [
    "Tháng sau tôi đủ 40 tuổi phải đi đổi thẻ căn cước, lần đổi này có phải nộp lệ phí không?",
    "thang sau minh du 25 tuoi, doi the lan nay co mat le phi khong",
])
def test_a_listed_exception_that_is_the_askers_case_through_its_reference_answers(question):
    # điểm a khoản 3 Điều 38 frees 'cấp đổi … theo quy định tại điểm a … khoản 1 Điều 24', which is 'các trường hợp quy
    # định tại khoản 1 Điều 21': the ages 14, 25, 40, 60 — the age asked is there, so no fee
    text = conclude(question, [unit(LAW, 38, clause=3)])
    assert text.startswith("Không. Theo điểm a khoản 3 Điều 38 Luật Căn cước 2023:"), text
    assert text.endswith("tức: công dân Việt Nam đã được cấp thẻ căn cước phải thực hiện thủ tục cấp đổi thẻ căn cước khi "
                         "đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi."), text
    # an age the reference does not name leaves the rule with its exceptions
    assert conclude("Tôi 23 tuổi đổi thẻ căn cước thì có phải nộp lệ phí không?",
                    [unit(LAW, 38, clause=3)]).startswith("Tùy trường hợp")


def test_until_when_is_answered_by_a_period_from_its_starting_day():
    text = conclude("Chứng chỉ nghiệp vụ bảo vệ cấp từ năm 2023, không ghi thời hạn, thì còn được dùng đến khi nào?",
                    [unit("58/2026/NĐ-CP", 6, clause=3)])
    assert text.startswith("05 năm kể từ ngày được cấp: chứng chỉ nghiệp vụ bảo vệ đã được cấp trước ngày Nghị định này "
                           "có hiệu lực thi hành thì có thời hạn sử dụng 05 năm"), text
    assert text.endswith("(khoản 3 Điều 6 Nghị định 58/2026/NĐ-CP).")


def test_a_lead_in_used_as_such_is_quoted_with_the_points_it_introduces():
    # Điều 18: the conclusion lists khoản 2 with its điểm a–n; the quote showed '2. … bao gồm:' and no điểm
    u = unit(LAW, 18)
    used = [s for s in X.segments([u]) if s.text.startswith("Thông tin được in trên thẻ căn cước bao gồm")]
    assert used
    shown = X.focus_lines(u.quote, used)
    assert shown is not None and shown[1] == "2. Thông tin được in trên thẻ căn cước bao gồm:"
    assert shown[2].startswith("a) Hình Quốc huy") and shown[-1] == "n) Nơi cấp: Bộ Công an."
    assert not any(line.startswith("3.") for line in shown)


def test_a_case_stated_with_khong_thu_thap_is_no_exemption():
    # khoản 6 Điều 24 NĐ 70/2024 (as amended): 'trường hợp không thu thập, cập nhật … thì phải trả lời và nêu rõ lý do'
    text = conclude("Công an xã không đưa thông tin của người gốc Việt chưa xác định quốc tịch vào CSDL thì có buộc phải "
                    "trả lời người đó không?", [unit(ND70, 24, clause=6)])
    assert text.startswith("Có. Theo khoản 6 Điều 24 Nghị định 70/2024/NĐ-CP"), text
    assert "thì phải trả lời và nêu rõ lý do" in text


# -- asks read from the sentence that asks; duties and consent read from the law ---------------------------------
def test_to_which_body_is_answered_by_the_body_a_point_shares_with():
    # điểm d khoản 1 Điều 16: '… thì chia sẻ cho cơ quan quản lý căn cước để cập nhật …' (was 'không nêu cơ quan')
    text = conclude("Tôi công tác tại một cơ sở cai nghiện bắt buộc, đơn vị đã có kết quả giám định ADN của một học viên. "
                    "Đơn vị tôi có trách nhiệm gửi kết quả ADN đó cho cơ quan nào không?", [unit(LAW, 16, clause=1)])
    assert text.startswith("Cơ quan quản lý căn cước: thông tin trong Cơ sở dữ liệu căn cước được thu thập"), text
    assert text.endswith("thì chia sẻ cho cơ quan quản lý căn cước để cập nhật, điều chỉnh vào Cơ sở dữ liệu căn cước "
                         "(điểm d khoản 1 Điều 16 Luật Căn cước 2023).")


def test_a_request_lacking_the_consent_the_law_requires_is_not_enough():
    text = conclude("Công ty cũ gửi văn bản lên công an xin tra thông tin của tôi trong CSDL căn cước, nhưng tôi chưa hề "
                    "ký hay xác nhận đồng ý gì. Văn bản thiếu ý kiến của tôi như vậy có đủ để công an cung cấp thông tin "
                    "cho công ty không?", [unit(ND70, 18, clause=1)])
    assert text.startswith("Không, vì phải có sự đồng ý (khoản 1 Điều 18 Nghị định 70/2024/NĐ-CP). Theo khoản 1 Điều 18"), text
    assert text.endswith("phải thể hiện rõ ý kiến đồng ý của chủ thể thông tin cần khai thác.")


def test_me_or_a_body_is_answered_by_whom_the_law_gives_the_duty():
    # 'có phải tự đi khai không hay bên nào cập nhật?': the duty is Công an cấp xã's (was 'Có', the asker must)
    text = conclude("minh vua dang ky tam tru o phuong moi. vay minh co phai tu di khai them de cap nhat vao csdl quoc "
                    "gia ve dan cu ko hay la ben nao se cap nhat", [unit(ND70, 5, clause=6)])
    assert text.startswith("Không, Công an cấp xã nơi công dân cư trú có trách nhiệm làm việc này (khoản 6 Điều 5 Nghị định "
                           "70/2024/NĐ-CP). Theo khoản 6 Điều 5"), text


def test_a_number_asked_is_looked_for_by_the_sentence_that_asks_not_by_the_story():
    # the story ('đã gửi hồ sơ') matched the 60-day filing deadline of khoản 3; the ask is the time to complete it
    text = conclude("Công ty tôi bị yêu cầu hoàn thiện hồ sơ đánh giá tác động chuyển dữ liệu ra nước ngoài sau khi đã "
                    "gửi hồ sơ. Theo Nghị định 13/2023: công ty có bao nhiêu ngày để hoàn thiện hồ sơ?",
                    [unit(ND13, 25, clause=3), unit(ND13, 25, clause=6)])
    assert text == ("10 ngày kể từ ngày yêu cầu: thời gian hoàn thiện hồ sơ dành cho Bên chuyển dữ liệu ra nước ngoài là "
                    "10 ngày kể từ ngày yêu cầu (khoản 6 Điều 25 Nghị định 13/2023/NĐ-CP).")


def test_logging_in_with_an_account_is_using_it_and_an_age_among_groups_is_no_bound():
    # Điều 14 NĐ 69/2024 (2): 'người dưới 14 tuổi, người được giám hộ, …': a 25-year-old ward is one of the groups
    text = conclude("Em trai tôi 25 tuổi bị mất năng lực hành vi dân sự, tôi là người giám hộ. Tôi có được đăng nhập bằng "
                    "tài khoản VNeID của em để nộp hồ sơ cho em không?", [unit(ND69, 14)])
    assert text == ("Có. Theo Điều 14 Nghị định 69/2024/NĐ-CP: người đại diện, người giám hộ sử dụng tài khoản định danh "
                    "điện tử của người dưới 14 tuổi, người được giám hộ, người được đại diện để thực hiện các giao dịch và "
                    "các hoạt động khác phục vụ quyền và lợi ích của họ.")


def test_the_act_asked_is_before_the_words_that_point_back_at_it():
    # 'cho thuê thẻ như vậy có được không': the act is 'thuê', not 'như'; khoản 7 Điều 7 forbids it
    text = conclude("co nguoi tra tien thue the can cuoc cua minh de mo tai khoan ngan hang. minh cho thue the nhu vay "
                    "co duoc ko", [unit(LAW, 7)])
    assert text.startswith("Không. Khoản 7 Điều 7 Luật Căn cước 2023 thuộc các hành vi bị nghiêm cấm:"), text
    assert "thuê, cho thuê, cầm cố, nhận cầm cố" in text


def test_a_khoan_that_limits_the_one_stated_is_said_with_it():
    # khoản 2 Điều 21 keeps a card issued within 02 years before the age valid to the next age: 'phải đổi khi đủ
    # 14, 25, 40, 60 tuổi' alone overstates the duty (graded partly on that ground)
    text = conclude("may tuoi thi phai di doi the can cuoc?", [unit(LAW, 21, clause=1)])
    assert text.endswith("Ngoại lệ: thẻ căn cước đã được cấp, cấp đổi, cấp lại trong thời hạn 02 năm trước độ tuổi cấp "
                         "đổi thẻ căn cước quy định tại khoản 1 Điều này có giá trị sử dụng đến tuổi cấp đổi thẻ căn cước "
                         "tiếp theo (khoản 2 Điều 21 Luật Căn cước 2023)."), text
    # '…, trừ trường hợp quy định tại khoản 3 Điều này' (khoản 1 Điều 46) is no limit on khoản 3
    assert "Ngoại lệ" not in conclude("Thẻ căn cước công dân hết hạn sử dụng trước ngày 30/6/2024 thì sẽ được sử dụng "
                                      "đến khi được cấp căn cước đúng không?", [unit(LAW, 46, clause=3)])


def test_a_reissue_is_not_among_the_fee_exemptions_nor_the_first_issue():
    # khoản 3 Điều 38 exempts two cấp đổi cases and the agency's own error; a lost card's re-issue is neither, and
    # khoản 2 (the first issue is free) is not the asker's case (was 'Tùy trường hợp', and 'Có' to the false claim)
    fee = [unit(LAW, 38, clause=2), unit(LAW, 38, clause=3)]
    asked = conclude("Con gái tôi 10 tuổi, tuần trước cháu đánh rơi thẻ căn cước. Đi làm lại thẻ cho cháu lần này có "
                     "phải nộp lệ phí không?", fee)
    assert asked.startswith("Có. Công dân phải nộp lệ phí khi cấp đổi, cấp lại thẻ căn cước, trừ 2 trường hợp (khoản 3 "
                            "Điều 38 Luật Căn cước 2023)"), asked
    assert asked.endswith("Cấp lại thẻ (bị mất, hư hỏng) không thuộc các trường hợp được trừ ra nêu trên.")
    claimed = conclude("Tôi nghe nói trẻ dưới 14 tuổi thì lần nào làm thẻ cũng được miễn lệ phí, vậy đi làm lại thẻ bị "
                       "mất cho cháu cũng không phải nộp tiền đúng không?", fee)
    assert claimed.startswith("Không. Công dân phải nộp lệ phí khi cấp đổi, cấp lại thẻ căn cước"), claimed
    # an exempt cấp đổi still finds its case
    assert conclude("Tôi 40 tuổi đi đổi thẻ căn cước có phải nộp lệ phí không?", fee).startswith(
        "Không. Theo điểm a khoản 3 Điều 38 Luật Căn cước 2023")


def test_a_part_whose_answer_only_repeats_an_earlier_part_is_not_said_twice():
    text = conclude("minh moi phau thuat tham my, mat khac han anh tren the. vay minh co duoc lam lai the khong, tinh la "
                    "cap doi hay cap lai, va co phai dong le phi khong",
                    [unit(LAW, 24, clause=2), unit(LAW, 38, clause=2), unit(LAW, 38, clause=3)])
    assert text.count("trừ 2 trường hợp (khoản 3 Điều 38 Luật Căn cước 2023)") == 1, text


def test_the_point_naming_the_asker_s_own_group_answers_whether_it_needs_consent():
    # điểm c khoản 5 Điều 22: state bodies may read the integrated data; điểm d asks consent of other organisations
    text = conclude("Là cơ quan nhà nước, đơn vị chúng tôi có phải xin sự đồng ý của từng người trước khi đọc thông tin "
                    "tích hợp trong chip thẻ căn cước không?", [unit(LAW, 22, clause=5)])
    assert text.startswith("Không. Theo điểm c khoản 5 Điều 22 Luật Căn cước 2023:"), text
    assert "cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội được khai thác" in text
    assert text.endswith("còn theo điểm d khoản 5 Điều 22 Luật Căn cước 2023: tổ chức và cá nhân khai thác thông tin "
                         "tích hợp được mã hóa trong thẻ căn cước của công dân khi được sự đồng ý của công dân đó.")
    # a company asking gets the consent rule
    assert not conclude("Công ty tôi có phải xin sự đồng ý của khách trước khi đọc thông tin tích hợp trong chip thẻ "
                        "căn cước không?", [unit(LAW, 22, clause=5)]).startswith("Không")


def test_the_act_is_read_from_the_sentence_that_asks():
    # 'chưa xác định được quốc tịch' in the story is not the act; 'giao dịch' is (điểm a khoản 5 Điều 30: có giá trị)
    text = conclude("Chú tôi là người gốc Việt, đến giờ vẫn chưa xác định được quốc tịch, và đang có giấy chứng nhận căn "
                    "cước. Chú định mở tài khoản ngân hàng. Loại giấy này có dùng để làm những giao dịch như vậy được không?",
                    [unit(LAW, 30, clause=5)])
    assert text.startswith("Có. Theo điểm a khoản 5 Điều 30 Luật Căn cước 2023"), text


def test_an_act_named_by_the_law_s_word_for_it_gets_the_prohibition():
    # 'sửa năm sinh … trong dữ liệu dân cư' is what khoản 8 Điều 7 calls 'làm thay đổi … dữ liệu cá nhân trong Cơ sở dữ
    # liệu quốc gia về dân cư … trái quy định' (was answered with the correction procedure)
    text = conclude("Cả nhà muốn nhờ chị họ là cán bộ Công an xã sửa năm sinh của bố trong dữ liệu dân cư lùi lại hai năm. "
                    "Chị ấy làm giúp như vậy có được không?", [unit(LAW, 7, clause=8), unit(ND70, 6, clause=3)])
    assert text.startswith("Không. Khoản 8 Điều 7 Luật Căn cước 2023 thuộc các hành vi bị nghiêm cấm: truy nhập, làm "
                           "thay đổi, xóa, hủy"), text


def test_a_person_abroad_is_outside_a_rule_for_those_living_in_viet_nam():
    text = conclude("Người gốc Việt chưa xác định được quốc tịch nhưng đang sống ở nước ngoài có thuộc phạm vi áp dụng "
                    "của Nghị định 70/2024 không?", [unit(ND70, 2)])
    assert text.startswith("Không. Theo Điều 2 Nghị định 70/2024/NĐ-CP:"), text
    assert "đang sinh sống tại Việt Nam" in text


def test_a_number_asked_about_a_level_leaves_out_the_other_levels():
    # 'mức độ 2' asked: the time for level 01 (điểm a) is not the asker's case; it led the conclusion before
    text = conclude("Thời hạn cấp tài khoản định danh mức độ 2 của công dân Việt Nam là bao lâu?", [unit(ND69, 13, clause=1)])
    assert text.startswith("Không quá 03 ngày làm việc với trường hợp cấp tài khoản định danh điện tử mức độ 02"), text
    assert "mức độ 01" not in text


def test_a_lead_in_sentence_already_said_is_not_said_again_before_its_point():
    # khoản 3 Điều 6 NĐ 70: 'Trường hợp công dân phát hiện … dân cư.' then 'Trình tự, thủ tục …:' and its điểm a)–d)
    rule, _heading, way = X.segments([unit(ND70, 6, clause=3)])[:3]
    said = said_in_turn([rule, way])
    assert said.count("Trường hợp công dân phát hiện") + said.count("trường hợp công dân phát hiện") == 1
    assert "; trình tự, thủ tục điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư theo đề nghị của công dân: công dân đề nghị" in said


def test_or_not_is_no_choice_between_two_options():
    # '… tích hợp hay chưa?' asks whether; 'hợp' (of 'tích hợp') is no option the law names
    text = conclude("Tôi đã đề nghị tích hợp giấy phép lái xe, làm sao biết thông tin đã được tích hợp hay chưa?",
                    [unit(LAW, 22, clause=2)])
    assert not text.startswith("Hợp")


# -- a story told before the ask ---------------------------------------------------------------------------
SELF_VIEW = ("Tôi muốn tự kiểm tra xem CSDL quốc gia về dân cư đang ghi những gì về mình, như nơi thường trú hay quan hệ "
             "với chủ hộ. Người dân có được xem thông tin của chính mình trong đó không, và xem qua những kênh nào?")


def test_a_story_s_what_does_not_turn_the_yes_no_ask_after_it_into_a_list():
    # 'đang ghi những gì về mình' tells what the asker wonders about; the sentence after it asks yes or no
    assert [p.kind for p in C.question_parts(ask(SELF_VIEW).plain)] == ["yes_no", "list"]


def test_a_person_asking_gets_the_rule_for_persons_not_the_one_for_agencies():
    # khoản 6 (agencies) shares more words with the story; khoản 7 ('Cá nhân được khai thác thông tin của mình') is
    # the asker's own rule, and 'hay' in the story offers no option to choose between
    text = conclude(SELF_VIEW, [unit(LAW, 10, clause=5), unit(LAW, 10, clause=6), unit(LAW, 10, clause=7)])
    assert text.startswith("Có. Theo khoản 7 Điều 10 Luật Căn cước 2023: cá nhân được khai thác thông tin của mình")


def test_an_agency_asking_gets_the_rule_for_agencies():
    text = conclude("Cơ quan nhà nước có được khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư không?",
                    [unit(LAW, 10, clause=6), unit(LAW, 10, clause=7)])
    assert text.startswith("Có. Theo khoản 6 Điều 10")


def test_a_list_from_an_article_held_only_through_its_amendment_is_named_by_its_title_or_else_its_label():
    # NĐ 70/2024 Điều 9 is in the corpus only as NĐ 58/2026 rewrote its khoản 4 and 5, with an editorial title
    import dataclasses

    held = unit(ND70, 9)
    text = list_sentence(X.segments([held]), "can dieu kien gi", per_clause=True).text
    assert text.startswith("Thẩm quyền khai thác, cung cấp thông tin trong Cơ sở dữ liệu quốc gia về dân cư gồm 2 nội dung "
                           "(Điều 9 Nghị định 70/2024/NĐ-CP): (1) Trưởng Công an cấp xã")
    assert not conclusion_defects(text)
    # an amendment given without a title: the article is named by its label, never by an empty heading
    untitled = dataclasses.replace(held, article=dataclasses.replace(held.article, title=""))
    text = list_sentence(X.segments([untitled]), "can dieu kien gi", per_clause=True).text
    assert text.startswith("Điều 9 Nghị định 70/2024/NĐ-CP gồm 2 nội dung: (1) Trưởng Công an cấp xã")
    assert not conclusion_defects(text)


# -- claims: confirmed only by what states them --------------------------------------------------------------
def test_a_claim_naming_another_body_than_the_law_is_answered_no():
    text = conclude('Đồng nghiệp viết rằng theo khoản 4 Điều 3 Nghị định 69/2024/NĐ-CP, "cơ quan quản lý định danh và xác '
                    'thực điện tử" là Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao - Bộ Công an. '
                    'Ghi như vậy có đúng không?', [unit(ND69, 3, clause=4)])
    assert text.startswith("Không. Theo khoản 4 Điều 3 Nghị định 69/2024/NĐ-CP: cơ quan quản lý định danh và xác thực "
                           "điện tử là Cục Cảnh sát quản lý hành chính về trật tự xã hội")


def test_a_claimed_time_limit_in_another_unit_than_the_law_s_is_answered_no():
    # '30 ngày làm việc' against '72 giờ': both are time limits, compared in one unit
    text = conclude("Sàn thương mại điện tử trả lời rằng Nghị định 13/2023 cho doanh nghiệp 30 ngày làm việc để xóa dữ "
                    "liệu cá nhân khi tôi yêu cầu. Họ nói vậy có đúng không?", [unit(ND13, 16, clause=5)])
    assert text.startswith("Không. Theo khoản 5 Điều 16 Nghị định 13/2023/NĐ-CP: việc xóa dữ liệu được thực hiện trong 72 giờ")


def test_a_claim_told_in_a_story_is_not_confirmed_by_a_permission_that_states_little_of_it():
    text = conclude("Mở VNeID thì căn cước điện tử đã hiện địa chỉ mới, còn thẻ căn cước vẫn in địa chỉ cũ. Nhân viên ngân "
                    "hàng bảo luật quy định khi thông tin trên thẻ và trên VNeID không giống nhau thì phải lấy theo thẻ "
                    "cứng vì đó là giấy tờ gốc. Nói vậy có đúng không?", [unit(ND69, 9, clause=2)])
    assert not text.startswith("Có")


def test_a_claim_the_sentence_states_is_still_confirmed():
    text = conclude("Thông tin trong cơ sở dữ liệu căn cước được thu thập từ hồ sơ cấp, quản lý thẻ căn cước đúng không?",
                    [unit(LAW, 16, clause=1)])
    assert text.startswith("Có. Theo điểm b khoản 1 Điều 16")


def test_how_often_is_no_act_a_prohibition_answers_no():
    # '… chỉ dùng 1 lần thôi thì có được không': 'lần thôi' is no act the prohibition would have to name
    text = conclude("em 17 tuoi, ban be ru mua the can cuoc gia sua nam sinh thanh du 18 de vao bar, chi dung 1 lan thoi "
                    "thi co duoc ko", [unit(LAW, 7, clause=7)])
    assert text.startswith("Không. Khoản 7 Điều 7 Luật Căn cước 2023 thuộc các hành vi bị nghiêm cấm")


@pytest.mark.parametrize("question, kind", [
    ("ngoai may muc co ban nhu ho ten, ngay sinh thi csdl con luu them thong tin nao khac cua minh ko", "yes_no"),
    ("tai khoan dinh danh co may muc", "amount"),
])
def test_may_before_a_pointed_at_noun_asks_no_number(question, kind):
    assert C.question_parts(question)[0].kind == kind


@pytest.mark.parametrize("question", [
    "Bệnh viện bắt gia đình nộp thẻ căn cước của bố để giữ cho đến khi thanh toán viện phí. Bệnh viện giữ thẻ căn cước "
    "như vậy có được không?",
    "Em tôi bị phạt cải tạo không giam giữ. Trong thời gian chấp hành án, Công an xã có giữ thẻ căn cước của em tôi không?",
])
def test_being_given_back_a_held_card_is_no_permission_to_hold_it(question):
    # khoản 4 Điều 29: 'người bị giữ thẻ căn cước … được trả lại thẻ căn cước …' permits returning, not holding
    assert not conclude(question, [unit(LAW, 29, clause=4)]).startswith("Có")


def test_papers_asked_are_answered_by_the_line_naming_them_not_the_whole_procedure():
    text = conclude("Tên đệm của tôi trong Cơ sở dữ liệu quốc gia về dân cư bị ghi sai. Muốn sửa thì tôi phải nộp những "
                    "giấy tờ gì?", [unit(ND70, 6, clause=3)])
    assert text == ("Hồ sơ đề nghị gồm: Phiếu đề nghị giải quyết thủ tục về căn cước và tài liệu chứng minh thông tin cần "
                    "điều chỉnh (điểm b khoản 3 Điều 6 Nghị định 70/2024/NĐ-CP).")


def test_papers_and_another_ask_in_one_part_keep_the_procedure_that_says_both():
    text = conclude("Muốn sửa thông tin sai trong Cơ sở dữ liệu quốc gia về dân cư thì nộp qua những kênh nào và hồ sơ gồm "
                    "những gì?", [unit(ND70, 6, clause=3)])
    assert "Cổng dịch vụ công quốc gia" in text and "Phiếu đề nghị giải quyết thủ tục về căn cước" in text


def test_papers_of_a_case_not_asked_are_not_the_answer():
    # 'Trường hợp … là người đại diện hợp pháp của người dưới 14 tuổi thì hồ sơ … phải có giấy tờ …' is that case's
    text = conclude("Đổi thẻ căn cước thì cần mang giấy tờ gì?", [unit(ND70, 21, clause=1)])
    assert not text.startswith("Trường hợp người đề nghị cấp, cấp đổi, cấp lại thẻ căn cước là người đại diện")


def test_a_duty_the_law_gives_an_agency_answers_no_to_the_asker_in_its_lead_in_too():
    # the điểm matched ('Nơi đăng ký khai sinh') carries no duty; its lead-in gives the duty to the civil-status bodies
    text = conclude("Con tôi vừa được đăng ký khai sinh. Tôi có phải mang giấy khai sinh lên công an xã để xin số định danh "
                    "cá nhân cho cháu không, hay số đó được cấp thế nào?", [unit(ND70, 11, clause=2)])
    assert text.startswith("Không, cơ quan quản lý, đăng ký hộ tịch, cơ quan quản lý Cơ sở dữ liệu hộ tịch điện tử có trách "
                           "nhiệm làm việc này ("), text
    assert text.split(". ")[0].endswith("khoản 2 Điều 11 Nghị định 70/2024/NĐ-CP)")


def test_acting_alone_asked_against_a_rule_that_requires_a_representative_is_no():
    # the story's 'phải cấp đổi' does not make the ask a duty: the asking sentence asks whether one may go alone
    text = conclude("Bố tôi tròn 60 tuổi nên phải cấp đổi thẻ căn cước, nhưng bố có khó khăn trong nhận thức, làm chủ hành "
                    "vi. Bố có tự đi làm thủ tục một mình được không?", [unit(LAW, 23, clause=3)])
    assert text.startswith("Không. Theo khoản 3 Điều 23 Luật Căn cước 2023: trường hợp người mất năng lực hành vi dân sự"), text


def test_any_harm_asked_with_no_act_named_is_answered_only_by_a_prohibition():
    # 'có sao không' asks whether the act is wrong: a prohibition says yes; a procedure's 'được' says nothing of it
    assert conclude("minh nhan cam the can cuoc cua khach nhu vay co sao khong", [unit(LAW, 7, clause=7)]).startswith("Có.")
    text = conclude("em muon muon tam the can cuoc cua anh ho de lam thu tuc, vay co sao khong", [unit(LAW, 23, clause=1)])
    assert not text.startswith(("Không", "Có")), text



def test_a_plain_statement_that_the_act_is_done_answers_may_it_be_done():
    text = conclude("Thông tin trong cơ sở dữ liệu y tế có được chia sẻ sang CSDL quốc gia về dân cư không?",
                    [unit(TT46, 4, clause=1)])
    assert text.startswith("Có. Theo khoản 1 Điều 4 Thông tư 46/2022/TT-BCA: Cơ sở dữ liệu hộ tịch điện tử dùng chung, "
                           "Cơ sở dữ liệu về cư trú, Cơ sở dữ liệu Căn cước công dân, Cơ sở dữ liệu về y tế"), text


def test_forbidding_the_unlawful_act_does_not_answer_whether_the_lawful_one_may_be_done():
    # 'nghiêm cấm … chia sẻ … trái phép' sits beside the rule that the health database shares with it
    text = conclude("Thông tin trong cơ sở dữ liệu y tế có được chia sẻ sang CSDL quốc gia về dân cư không?",
                    [unit(LAW, 7, clause=9), unit(TT46, 4, clause=1)])
    assert text.startswith("Có. Theo khoản 1 Điều 4 Thông tư 46/2022/TT-BCA"), text
    # … but it still answers a question telling the act as unlawful
    text = conclude("Công ty có được tự ý chia sẻ thông tin trong Cơ sở dữ liệu quốc gia về dân cư cho người khác không?",
                    [unit(LAW, 7, clause=9), unit(TT46, 4, clause=1)])
    assert text.startswith("Không."), text


def test_whom_the_act_is_for_is_not_the_act():
    text = conclude("bé nhà mình 4 tuổi đã có thẻ căn cước. mình đăng ký tài khoản định danh điện tử mức 1 cho bé được "
                    "không?", [unit(ND69, 7, clause=1)])
    assert text == ("Có. Theo khoản 1 Điều 7 Nghị định 69/2024/NĐ-CP: công dân Việt Nam dưới 6 tuổi đã được cấp thẻ căn "
                    "cước được cấp tài khoản định danh mức độ 01 khi có nhu cầu.")


def test_what_to_hand_in_asks_for_the_papers():
    text = conclude("Nếu mình tự đi đề nghị sửa nhóm máu trong Cơ sở dữ liệu quốc gia về dân cư thì nộp những gì?",
                    [unit(ND70, 6, clause=3)])
    assert text.startswith("Hồ sơ đề nghị gồm: Phiếu đề nghị giải quyết thủ tục về căn cước"), text


def test_whether_a_rule_has_exceptions_is_answered_by_its_exception():
    text = conclude("Thông tư 46/2022/TT-BCA có nguyên tắc không được xâm phạm đời sống riêng tư, bí mật cá nhân, bí mật "
                    "gia đình khi kết nối, chia sẻ, khai thác thông tin. Nguyên tắc này có ngoại lệ nào không, hay là tuyệt "
                    "đối?", [unit(TT46, 3, clause=2)])
    assert text == ("Có. Theo khoản 2 Điều 3 Thông tư 46/2022/TT-BCA: không làm ảnh hưởng đến quyền lợi và trách nhiệm của "
                    "cơ quan, tổ chức, cá nhân có liên quan, không được xâm phạm quyền về đời sống riêng tư, bí mật cá nhân, "
                    "bí mật gia đình trừ trường hợp pháp luật khác có quy định."), text


def test_the_asking_sentence_says_what_is_asked_not_a_word_of_the_story():
    # 'chưa từng có thẻ căn cước' reads 'có thể' (a permission) without diacritics; the ask is 'có phải nộp'
    text = conclude("toi chua tung co the can cuoc cong dan hay the can cuoc. thang 11/2026 toi di lam the can cuoc. cho "
                    "toi hoi: lan lam the nay toi co phai nop le phi khong", [unit(LAW, 38, clause=2), unit(LAW, 38, clause=3)])
    assert not text.startswith("Có"), text


def test_every_part_of_a_four_part_procedure_question_is_answered_with_the_time_limit_of_its_khoan():
    # the time limit is in the last điểm, with none of the asker's words ('ai giải quyết'): it is the khoản's own
    text = conclude("Tôi đang du học ở Úc. Ngày sinh của tôi trong Cơ sở dữ liệu quốc gia về dân cư bị ghi sai. Tôi có "
                    "phải đợi về nước mới đề nghị sửa được không? Nếu làm từ xa thì nộp qua đâu, hồ sơ gồm gì và ai giải "
                    "quyết trong bao lâu?", [unit(ND70, 6, clause=3)])
    assert text.startswith("Không. Theo điểm a khoản 3 Điều 6"), text
    assert "Hồ sơ đề nghị gồm: Phiếu đề nghị giải quyết thủ tục về căn cước và tài liệu chứng minh" in text
    # a lead-in of two sentences is not said after the điểm that opens with the time limit
    assert text.endswith("Trong thời hạn 02 ngày làm việc, kể từ ngày nhận được hồ sơ đề nghị điều chỉnh thông tin của "
                         "công dân, Trưởng Công an cấp xã nơi công dân cư trú có trách nhiệm kiểm tra tính pháp lý, tính "
                         "chính xác của các thông tin trước khi điều chỉnh trong Cơ sở dữ liệu quốc gia về dân cư; trường "
                         "hợp từ chối điều chỉnh thông tin thì phải trả lời, nêu rõ lý do (điểm d khoản 3 Điều 6 Nghị định "
                         "70/2024/NĐ-CP)."), text


def test_a_claimed_office_holder_other_than_the_one_the_law_names_is_not_right():
    # Điều 16 Nghị định 69/2024: the power belongs to Cục trưởng Cục Cảnh sát quản lý hành chính …, not the province
    text = conclude("Tôi nghe nói theo Nghị định 69/2024/NĐ-CP thì Giám đốc Công an tỉnh là người có thẩm quyền khóa, mở "
                    "khóa tài khoản định danh điện tử của công dân, nên định làm đơn gửi Giám đốc Công an tỉnh xin mở khóa "
                    "cho con. Gửi như vậy có đúng người có thẩm quyền không?", [unit(ND69, 16)])
    assert text.startswith("Không. Theo Điều 16 Nghị định 69/2024/NĐ-CP: Cục trưởng Cục Cảnh sát quản lý hành chính về "
                           "trật tự xã hội - Bộ Công an có thẩm quyền"), text


def test_a_body_claimed_under_another_ministry_is_not_right():
    # Bước 2 Điều 7 Thông tư 46/2022: Cục Kỹ thuật nghiệp vụ thuộc Bộ Công an, not the Bộ Khoa học và Công nghệ
    text = conclude("Anh trưởng phòng kỹ thuật bảo theo Thông tư 46/2022/TT-BCA, việc kiểm tra an ninh, an toàn hệ thống "
                    "của bên xin kết nối do Cục Kỹ thuật nghiệp vụ thuộc Bộ Khoa học và Công nghệ chủ trì. Anh ấy nói vậy "
                    "có đúng không?", [unit(TT46, 7, step=2)])
    assert text.startswith("Không. Theo Bước 2 Điều 7 Thông tư 46/2022/TT-BCA"), text



def test_a_claimed_waiting_time_is_not_confirmed_by_a_step_that_names_no_time():
    # Bước 2 Điều 7 Thông tư 46/2022 says what the ministry does on receiving the request, with no days: it cannot
    # confirm '30 ngày thẩm định' (before: 'Có.')
    text = conclude("Công ty tôi đã gửi văn bản đề nghị kết nối được 10 ngày. Bên tư vấn nói theo Điều 7 Thông tư 46 thì "
                    "Bộ Công an phải chờ 30 ngày thẩm định rồi mới cung cấp tài liệu kỹ thuật, đúng không?",
                    [unit(TT46, 7, step=2)])
    assert not text.startswith("Có"), text


def test_a_claimed_time_in_days_is_checked_against_working_days():
    # '07 ngày' claimed, '07 ngày làm việc' stated: the same kind of number, so the claim is weighed, not dropped
    text = conclude("Tôi nghe nói làm thẻ căn cước thì trong 07 ngày là có thẻ, đúng không?", [unit(LAW, 26)])
    assert text.startswith("Có"), text


def test_a_requirement_the_story_says_is_not_met_answers_no():
    # khoản 1 Điều 6 Thông tư 46/2022 (its source misprints 'phải' as 'phái', kept verbatim): level 3 or above
    text = conclude("Máy chủ của trung tâm chưa từng được lập hồ sơ đề xuất cấp độ an toàn hệ thống thông tin. Trung tâm "
                    "có được kết nối phần mềm này với Cơ sở dữ liệu quốc gia về dân cư không?", [unit(TT46, 6, clause=1)])
    assert text.startswith("Không, vì chưa đáp ứng điều kiện luật đặt ra (khoản 1 Điều 6 Thông tư 46/2022/TT-BCA). Theo "
                           "khoản 1 Điều 6 Thông tư 46/2022/TT-BCA: hệ thống thông tin của cơ quan, tổ chức kết nối với Cơ "
                           "sở dữ liệu quốc gia về dân cư phái đáp ứng"), text


def test_a_doubt_told_in_the_story_is_no_requirement_left_unmet():
    # 'chưa rõ … phải đạt chuẩn gì' asks; it does not say the system fails level 3 (dev-019: 'Có', kept)
    text = conclude("Tôi chưa rõ về mặt an toàn thông tin thì hệ thống phải đạt chuẩn gì, có quy định cấp độ cụ thể không?",
                    [unit(TT46, 6, clause=1)])
    assert text.startswith("Có. Theo khoản 1 Điều 6"), text


def test_leaving_a_duty_undone_is_no_even_beside_a_permission_for_another_age():
    text = conclude("Con tôi đủ 14 tuổi rồi mà chưa đi làm thẻ. Không làm thẻ như vậy có được không?",
                    [unit(LAW, 19, clause=3), unit(LAW, 19, clause=2)])
    assert text.startswith("Không. Theo khoản 2 Điều 19 Luật Căn cước 2023"), text


def test_who_is_the_list_of_bodies_a_passive_names():
    text = conclude("Theo Nghị định 13/2023/NĐ-CP, kinh phí bảo vệ dữ liệu cá nhân của doanh nghiệp do ai bảo đảm?",
                    [unit(ND13, 31, clause=3), unit(ND13, 31, clause=2)])
    assert text.startswith("Tổ chức, doanh nghiệp: kinh phí bảo vệ dữ liệu cá nhân của tổ chức, doanh nghiệp do các tổ "
                           "chức, doanh nghiệp tự bố trí"), text


def test_a_requirement_after_only_is_unmet_by_a_story_that_lacks_it():
    # 'chỉ làm việc với Bên Xử lý … có các biện pháp bảo vệ phù hợp' (khoản 4 Điều 38 NĐ 13/2023): a processor with no
    # protection at all fails it (was 'Có': the rule was read as a duty the asker may follow)
    text = conclude("nam 2025 cong ty toi dinh thue mot ben nhap lieu gia re, ben do khong co bien phap bao ve du lieu nao, "
                    "may tinh dung chung. theo nd 13/2023 luc do cong ty chon ben do co duoc khong",
                    [unit(ND13, 38, clause=4)])
    assert text.startswith("Không, vì chưa đáp ứng điều kiện luật đặt ra (khoản 4 Điều 38 Nghị định 13/2023/NĐ-CP)."), text


def test_information_not_yet_verified_fails_the_rule_that_it_be_verified():
    # khoản 1 Điều 3 NĐ 70/2024 as amended: what is shared 'bảo đảm đã được xác thực'; the asking sentence repeats the
    # story's 'chưa xác thực', which is the requirement, not the act asked
    text = conclude("So lieu do nguoi dan tu khai qua form online, chua doi chieu hay xac thuc gi. Thong tin chua xac thuc "
                    "nhu vay co duoc chia se cho co so du lieu quoc gia ve dan cu khong", [unit(ND70, 3, clause=1)])
    assert text.startswith("Không, vì chưa đáp ứng điều kiện luật đặt ra (khoản 1 Điều 3 Nghị định 70/2024/NĐ-CP)."), text


def test_the_act_asked_not_yet_done_is_no_requirement_left_unmet():
    # 'chưa được xác lập số định danh' is the very act asked, not a requirement the story fails
    text = conclude("Giấy khai sinh của con tôi để trống phần cha, có người bảo vì vậy con tôi chưa được xác lập số định "
                    "danh cá nhân. Con tôi có được xác lập số định danh cá nhân không?", [unit(ND70, 11, clause=2)])
    assert text.startswith("Có."), text


def test_a_request_that_comes_without_the_consent_needed_is_refused():
    # 'không kèm sự đồng ý' of the people listed, against khoản 5 Điều 9 NĐ 70/2024 as amended ('khi được … đồng ý')
    text = conclude("Hội chúng tôi gửi văn bản xin danh sách hội viên cũ từ Cơ sở dữ liệu quốc gia về dân cư, văn bản không "
                    "kèm sự đồng ý của những người trong danh sách. Trưởng Công an xã có được quyết định cung cấp danh sách "
                    "này không?", [unit(ND70, 9, clause=5)])
    assert text.startswith("Không, vì phải có sự đồng ý (khoản 5 Điều 9 Nghị định 70/2024/NĐ-CP)."), text


def test_is_it_absolute_is_answered_no_by_the_exception_the_rule_makes():
    # khoản 2 Điều 3 TT 46/2022 ends 'trừ trường hợp pháp luật khác có quy định': not absolute (was 'Có')
    text = conclude("Bên được kết nối không được xâm phạm bí mật cá nhân. Việc cung cấp địa chỉ của tôi cho người khác có bị "
                    "cấm tuyệt đối không?", [unit(TT46, 3, clause=2)])
    assert text.startswith("Không, quy định này có ngoại lệ. Theo khoản 2 Điều 3 Thông tư 46/2022/TT-BCA:"), text
    assert "trừ trường hợp pháp luật khác có quy định" in text


def test_a_permission_bounded_by_purpose_does_not_cover_a_purpose_of_gain():
    # khoản 6 Điều 10 Luật Căn cước: '… được khai thác … phù hợp với chức năng, nhiệm vụ'; selling a list for a commission
    # is no function of an association (was 'Có')
    text = conclude("Hội chúng tôi định lấy danh sách hội viên từ dữ liệu dân cư rồi đưa cho một công ty bán hàng để được "
                    "chia hoa hồng. Hội là tổ chức chính trị - xã hội thì có được khai thác thông tin dân cư để làm việc này "
                    "không?", [unit(LAW, 10, clause=6)])
    assert text.startswith("Không, vì luật chỉ cho phép việc này đúng mục đích được nêu, không cho mục đích riêng hay kiếm "
                           "lời (khoản 6 Điều 10 Luật Căn cước 2023)."), text


def test_turning_off_what_the_law_makes_a_duty_is_not_allowed():
    # khoản 1 Điều 8 TT 46/2022: both sides 'có trách nhiệm lưu lại nhật ký'; turning it off leaves that duty undone
    text = conclude("Giám đốc bảo tắt chức năng ghi nhật ký kết nối phía công ty cho nhẹ máy vì Bộ Công an đã lưu rồi. "
                    "Công ty có được tắt việc lưu nhật ký ở phía mình không?", [unit(TT46, 8, clause=1)])
    assert text.startswith("Không. Theo khoản 1 Điều 8 Thông tư 46/2022/TT-BCA:"), text


def test_a_claim_someone_told_is_not_confirmed_by_a_rule_that_says_otherwise():
    # điểm b khoản 2 Điều 5 Luật Căn cước gives the right to a person of Vietnamese origin without nationality; the
    # official's claim that only citizens have it was answered 'Có' because the rule shares most of its words
    text = conclude("Cán bộ ấp bảo theo Điều 5 Luật Căn cước chỉ công dân Việt Nam mới có quyền yêu cầu sửa thông tin của "
                    "mình, người chưa xác định được quốc tịch thì không được đề nghị. Nói vậy có đúng không?",
                    [unit(LAW, 5, clause=2)])
    assert text.startswith("Không, quy định hiện có không nói như vậy. Theo điểm b khoản 2 Điều 5 Luật Căn cước 2023: "
                           "người gốc Việt Nam chưa xác định được quốc tịch có quyền"), text


def test_a_claimed_number_the_rule_does_not_state_is_not_confirmed():
    # khoản 3 Điều 27 Luật Căn cước: 'trong trường hợp cần thiết' the card is made at home; no age is set
    text = conclude("can bo phuong bao la cong an chi den tan nha lam the cho nguoi tu du 80 tuoi tro len, ba minh chua du 80 "
                    "nen phai tu ra tru so. luat quy dinh nhu vay that ha", [unit(LAW, 27, clause=3)])
    assert text.startswith("Không, quy định hiện có không nói như vậy. Theo khoản 3 Điều 27 Luật Căn cước 2023: "
                           "trong trường hợp cần thiết"), text


def test_what_a_body_does_as_far_as_it_can_is_no_duty():
    # khoản 5 Điều 21 NĐ 70/2024: the card office goes out to take requests 'trong điều kiện, khả năng của mình'
    text = conclude("hoi nguoi viet o nuoc ngoai muon moi cong an sang lam the can cuoc luu dong. co quan quan ly can cuoc "
                    "co bat buoc phai sang lam luu dong khi kieu bao de nghi khong", [unit(ND70, 21, clause=5)])
    assert text.startswith("Không. Theo khoản 5 Điều 21 Nghị định 70/2024/NĐ-CP:"), text
    assert "trong điều kiện, khả năng" in text


def test_what_someone_said_typed_without_diacritics_is_weighed_the_same_way():
    # 'ban minh bao …, co dung vay ko' is reported speech; 'bảo hiểm', 'nơi cư trú' typed the same way are not
    from bot.answer_yes_no import _reported
    assert _reported(ask("ban minh bao khoan 4 dieu 3 chi bat co quan to chuc thoi, ca nhan thi khong. co dung vay ko"))
    assert not _reported(ask("toi dong bao hiem o noi cu tru moi, vay co dung la phai khai lai khong"))
    assert _reported(ask("Cán bộ bảo phải có giấy xác nhận mới làm được. Nói vậy có đúng không?"))
    assert not _reported(ask("Thẻ bảo hiểm y tế tích hợp vào căn cước có dùng được không?"))
