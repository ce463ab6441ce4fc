"""Whether a piece of information is among those a provision lists ('chip có lưu … không?', '… có thuộc thông tin
sinh trắc học không?'), on the real clauses of Luật Căn cước 2023: the list is read whole, with the provisions it
refers to spelled out; 'Có' names the entry, 'Không' says the list and where the thing is listed instead."""

from __future__ import annotations

import pytest

from bot import extract as X
from bot.answer_membership import asked_membership, membership
from core.text import plain_text
from tests.test_conclusion_kinds import LAW, ND13, conclude, unit


def test_the_chip_does_not_hold_the_marital_status_which_is_beyond_the_khoan_it_takes_from_dieu_9():
    text = conclude("Chip trên thẻ căn cước có lưu thông tin tình trạng hôn nhân thật không?", [unit(LAW, 18, clause=3)])
    assert text.startswith("Không, theo khoản 3 Điều 18 Luật Căn cước 2023: thông tin được mã hóa, lưu trữ trong bộ phận "
                           "lưu trữ trên thẻ căn cước gồm thông tin về ảnh khuôn mặt, vân tay, mống mắt của công dân, "
                           "các thông tin quy định từ khoản 1 đến khoản 18 Điều 9"), text
    assert "“tình trạng hôn nhân” không thuộc các thông tin này (“Tình trạng hôn nhân” là khoản 21 Điều 9 Luật Căn cước " \
           "2023, ngoài các khoản được dẫn)." in text


def test_the_chip_holds_iris_and_fingerprints():
    text = conclude("Chip trên thẻ căn cước có lưu cả mống mắt với vân tay của mình không?", [unit(LAW, 18, clause=3)])
    assert text.startswith("Có, theo khoản 3 Điều 18 Luật Căn cước 2023: thông tin được mã hóa, lưu trữ"), text


def test_a_signature_is_not_biometric_information():
    text = conclude("Tôi thắc mắc: chữ ký tay của tôi có thuộc loại thông tin sinh trắc học được lưu trong Cơ sở dữ liệu "
                    "căn cước không?", [unit(LAW, 15)])
    assert text == ("Không, theo khoản 3 Điều 15 Luật Căn cước 2023: thông tin sinh trắc học gồm ảnh khuôn mặt, vân tay, "
                    "mống mắt, ADN, giọng nói; “chữ ký tay” không thuộc các thông tin này.")


def test_the_list_named_is_found_in_the_same_document_when_the_evidence_held_another():
    # only Điều 9 (the population database) was retrieved; the question names the identity database (Điều 15)
    text = conclude("Cơ sở dữ liệu căn cước có lưu tình trạng hôn nhân của tôi không?", [unit(LAW, 9)])
    assert text.startswith("Không, theo Điều 15 Luật Căn cước 2023, thông tin trong Cơ sở dữ liệu căn cước gồm: (1) "
                           "thông tin quy định từ khoản 1 đến khoản 18, khoản 24 và khoản 25 Điều 9"), text
    assert "khoản 21 Điều 9" in text


def test_entries_of_a_long_list_are_named_with_their_khoan():
    text = conclude("Trong CSDL quốc gia về dân cư có lưu cả nhóm máu, tôn giáo với số điện thoại của mình không?",
                    [unit(LAW, 9)])
    assert text == ("Có. Thông tin trong Cơ sở dữ liệu quốc gia về dân cư gồm cả “Nhóm máu” (khoản 12 Điều 9 Luật Căn cước "
                    "2023); “Tôn giáo” (khoản 10 Điều 9 Luật Căn cước 2023); “Số thuê bao di động, địa chỉ thư điện tử” "
                    "(khoản 25 Điều 9 Luật Căn cước 2023).")


def test_what_is_printed_on_the_card_is_its_own_list():
    text = conclude("sap toi ba lam the can cuoc moi thi tren mat the co in ten goi khac cua ba khong",
                    [unit(LAW, 18, clause=2)])
    assert text.startswith("Không, theo khoản 2 Điều 18 Luật Căn cước 2023: thông tin được in trên thẻ căn cước bao gồm: "
                           "a) Hình Quốc huy"), text
    assert text.endswith("không thuộc các thông tin này."), text


def test_an_open_list_gives_no_no():
    # Điều 9 ends with 'Thông tin khác theo quy định của Chính phủ': a thing it does not name may still be held
    segments = X.segments([unit(LAW, 9)])
    assert membership(plain_text("Cơ sở dữ liệu quốc gia về dân cư có lưu chữ ký của tôi không").lower(), segments,
                      "Cơ sở dữ liệu quốc gia về dân cư có lưu chữ ký của tôi không") is None


@pytest.mark.parametrize("asking", [
    "vien kiem sat co thuoc dien duoc khai thac du lieu nay khong",  # a group of bodies, not a list of information
    "truong hop cua toi co thuoc dien duoc doi the khong",
    "toi co phai nop le phi khong",
])
def test_only_information_kept_or_listed_is_asked_this_way(asking):
    assert asked_membership(asking) is None


ND13 = "13/2023/NĐ-CP"


def test_a_list_entry_that_leaves_the_thing_out_answers_no():
    text = conclude("Theo Nghị định 13/2023, thông tin về nhóm máu của tôi có bị coi là dữ liệu cá nhân nhạy cảm không?",
                    [unit(ND13, 2, clause=4)])
    assert text.startswith("Không"), text
    assert ("Theo điểm b khoản 4 Điều 2 Nghị định 13/2023/NĐ-CP: dữ liệu cá nhân nhạy cảm là dữ liệu cá nhân gắn liền "
            "với quyền riêng tư") in text
    assert "không bao gồm thông tin về nhóm máu." in text


def test_which_of_two_kinds_is_the_kind_whose_entry_speaks_of_the_thing():
    text = conclude("Kết quả phân tích gen của tôi thuộc loại dữ liệu cá nhân cơ bản hay dữ liệu cá nhân nhạy cảm?",
                    [unit(ND13, 2, clause=3), unit(ND13, 2, clause=4)])
    assert "Thuộc dữ liệu cá nhân nhạy cảm. Theo điểm d khoản 4 Điều 2 Nghị định 13/2023/NĐ-CP:" in text, text
    assert "Thông tin về đặc điểm di truyền được thừa hưởng hoặc có được của cá nhân." in text


def test_which_kind_a_thing_is_filed_under_is_the_kind_whose_entry_speaks_of_it():
    """'… được xếp vào loại dữ liệu cá nhân nào?' names no kinds: they are the lists named 'dữ liệu cá nhân' and a word
    or two more; '… xếp vào … cơ bản hay … nhạy cảm?' names two, as 'thuộc' does."""
    kinds = [unit(ND13, 2, clause=3), unit(ND13, 2, clause=4)]
    text = conclude("Theo Nghị định 13/2023/NĐ-CP áp dụng lúc đó, thông tin về nguồn gốc dân tộc được xếp vào loại dữ "
                    "liệu cá nhân nào?", kinds)
    assert text.startswith("Thuộc dữ liệu cá nhân nhạy cảm. Theo điểm c khoản 4 Điều 2 Nghị định 13/2023/NĐ-CP:"), text
    assert "Thông tin liên quan đến nguồn gốc chủng tộc, nguồn gốc dân tộc." in text
    text = conclude("Thông tin về tôi với tư cách bên bảo đảm mà ngân hàng đang lưu được xếp vào dữ liệu cá nhân cơ bản "
                    "hay dữ liệu cá nhân nhạy cảm?", kinds)
    assert text.startswith("Thuộc dữ liệu cá nhân nhạy cảm. Theo điểm h khoản 4 Điều 2 Nghị định 13/2023/NĐ-CP:"), text


def test_a_thing_in_one_kind_of_a_genus_belongs_to_the_genus():
    text = conclude("Biển số xe và số điện thoại có được coi là dữ liệu cá nhân không?", [unit(ND13, 2)])
    assert "Có" in text[:60], text
    assert ("Theo điểm g khoản 3 Điều 2 Nghị định 13/2023/NĐ-CP, dữ liệu cá nhân cơ bản gồm: số điện thoại, số chứng "
            "minh nhân dân") in text


def test_leaving_another_thing_out_is_no_no_to_the_thing_asked():
    text = conclude("Lịch sử xem hàng và lịch sử mua của từng tài khoản có tính là dữ liệu cá nhân không?",
                    [unit(ND13, 2, clause=4)])
    assert not text.startswith("Không"), text


TT46 = "46/2022/TT-BCA"


def test_what_a_request_letter_must_contain_is_its_list():
    units = [unit(TT46, 7)]
    text = conclude("Trong văn bản đề nghị kết nối với Cơ sở dữ liệu quốc gia về dân cư gửi Bộ Công an có bắt buộc nêu số "
                    "lượng trường thông tin cần chia sẻ không?", units)
    assert text.startswith("Có, theo Bước 1 Điều 7 Thông tư 46/2022/TT-BCA: văn bản đề nghị kết nối"), text
    assert text.endswith("trong đó có “Mục đích, phạm vi, nội dung thông tin, số lượng trường thông tin cần chia sẻ” "
                         "(mục (4) Bước 1 Điều 7 Thông tư 46/2022/TT-BCA)."), text
    text = conclude("Văn bản đề nghị kết nối có phải ghi số tài khoản ngân hàng của đơn vị không?", units)
    assert text.startswith("Không, theo Bước 1 Điều 7 Thông tư 46/2022/TT-BCA"), text
    # 'các nội dung đó' points back to the story: no thing is named, so no list answers
    assert asked_membership("cong van de nghi ket noi co phai neu cac noi dung do khong") is None


def test_a_persons_status_among_the_cases_a_khoan_lists():
    units = [unit(LAW, 29)]
    text = conclude("Người hưởng án treo như tôi có thuộc trường hợp bị giữ thẻ căn cước không?", units)
    assert text.startswith("Không, theo khoản 2 Điều 29 Luật Căn cước 2023: thẻ căn cước bị giữ trong trường hợp sau đây: "
                           "a) Người đang chấp hành biện pháp tư pháp giáo dục"), text
    assert text.endswith("“hưởng án treo” không thuộc các trường hợp này."), text
    text = conclude("Người đang được hoãn chấp hành án như tôi có thuộc trường hợp bị giữ thẻ căn cước không?", units)
    assert text.startswith("Không, theo khoản 2 Điều 29 Luật Căn cước 2023"), text
    text = conclude("Người đang chấp hành án phạt tù có thuộc trường hợp bị giữ thẻ căn cước không?", units)
    assert text.startswith("Có, theo khoản 2 Điều 29 Luật Căn cước 2023"), text
    # a body is never matched by name against a list of kinds it may belong to
    assert asked_membership("vien kiem sat co thuoc doi tuong duoc khai thac thong tin trong co so du lieu can cuoc khong") is None


def test_a_case_told_as_a_story_outside_a_closed_list_of_cases_is_no():
    units = [unit(LAW, 29)]
    text = conclude("Con trai tôi 17 tuổi bị Chủ tịch UBND xã ra quyết định áp dụng biện pháp giáo dục tại xã 3 tháng; cháu "
                    "vẫn ở nhà đi học. Trường hợp của cháu có thuộc diện bị giữ thẻ căn cước không?", units)
    assert text.startswith("Không, theo khoản 2 Điều 29 Luật Căn cước 2023: thẻ căn cước bị giữ trong trường hợp sau đây: "
                           "a) Người đang chấp hành biện pháp tư pháp giáo dục tại trường giáo dưỡng"), text
    assert text.endswith("b) Người đang bị tạm giữ, tạm giam, chấp hành án phạt tù; trường hợp bạn nêu không thuộc các "
                         "trường hợp này."), text
    text = conclude("Tôi đi du lịch nước ngoài 2 tuần. Trường hợp của tôi có thuộc diện bị thu hồi thẻ căn cước không?", units)
    assert text.startswith("Không, theo khoản 1 Điều 29 Luật Căn cước 2023: thẻ căn cước bị thu hồi trong trường hợp sau"), text


def test_a_story_that_tells_a_listed_case_is_left_to_the_other_readers():
    units = [unit(LAW, 29)]
    for story, act in (("Tôi đang bị tạm giam để điều tra vụ án.", "giữ"), ("Tôi vừa được thôi quốc tịch Việt Nam.", "thu hồi")):
        text = conclude(f"{story} Trường hợp của tôi có thuộc diện bị {act} thẻ căn cước không?", units)
        assert "trường hợp bạn nêu không thuộc" not in text, text
    text = conclude("Tôi vừa được thôi quốc tịch Việt Nam. Trường hợp của tôi có thuộc diện bị giữ hay bị thu hồi thẻ không?",
                    units)
    assert "trường hợp bạn nêu không thuộc" not in text, text  # two lists asked: the story is read against neither alone


def test_an_act_among_the_examples_a_definition_gives_is_of_the_defined_kind():
    text = conclude("nam 2025 cty minh chi luu file danh sach khach hang cu trong may tinh, khong dung vao viec gi. theo nd "
                    "13/2023 luc do thi viec chi luu tru nhu vay co bi tinh la xu ly du lieu ca nhan khong",
                    [unit(ND13, 2, clause=4)])
    assert text.startswith("Có, theo khoản 7 Điều 2 Nghị định 13/2023/NĐ-CP: xử lý dữ liệu cá nhân là một hoặc nhiều hoạt "
                           "động tác động tới dữ liệu cá nhân, như: thu thập"), text
    assert text.endswith("trong đó có “lưu trữ” (khoản 7 Điều 2 Nghị định 13/2023/NĐ-CP)."), text


def test_a_short_name_of_a_term_quoted_earlier_is_that_term():
    from bot.answer_membership import with_quoted_term
    asked = "viec chi luu tru nhu vay co bi tinh la xu ly khong"
    assert with_quoted_term(asked, "chu tiem bao khong the goi la 'xu ly du lieu ca nhan'. " + asked) == \
        "viec chi luu tru nhu vay co bi tinh la xu ly du lieu ca nhan khong"
    assert with_quoted_term(asked, asked) == asked  # nothing quoted: unchanged


def test_a_definition_asked_with_the_case_of_its_examples_is_answered_once():
    # a story with 'máy tính' (no 'mấy') and a ';' is no part of its own; 'được hiểu thế nào' asks a definition
    text = conclude("Năm 2025 tôi ra một tiệm photo nhờ scan thẻ căn cước. Sau đó tôi biết tiệm giữ lại file scan của rất "
                    "nhiều khách trong máy tính; chủ tiệm bảo chỉ cất đó chứ không dùng vào việc gì nên không thể gọi là "
                    "'xử lý dữ liệu cá nhân'. Theo Nghị định 13/2023 áp dụng lúc đó, xử lý dữ liệu cá nhân được hiểu thế "
                    "nào, việc chỉ lưu trữ như vậy có bị tính là xử lý không?",
                    [unit(ND13, 2, clause=7), unit(ND13, 16, clause=1)])
    assert text.startswith("Có, theo khoản 7 Điều 2 Nghị định 13/2023/NĐ-CP: xử lý dữ liệu cá nhân là"), text
    assert text.endswith("trong đó có “lưu trữ” (khoản 7 Điều 2 Nghị định 13/2023/NĐ-CP)."), text
    assert text.count("là một hoặc nhiều hoạt động") == 1 and "Điều 16" not in text, text


def test_a_case_the_story_tells_from_a_list_of_cases_answers_yes():
    # khoản 1 Điều 24 Luật Căn cước 2023 lists the cases of cấp đổi; the story tells point b (a new given name)
    text = conclude("Tháng trước tôi làm xong thủ tục thay đổi tên khai sinh ở UBND xã. Tôi có phải làm thủ tục cấp đổi "
                    "thẻ căn cước không?", [unit(LAW, 24, clause=1)])
    assert text == ("Có, theo điểm b khoản 1 Điều 24 Luật Căn cước 2023: các trường hợp cấp đổi thẻ căn cước bao gồm: "
                    "thay đổi, cải chính thông tin về họ, chữ đệm, tên khai sinh; ngày, tháng, năm sinh."), text
    # a story naming none of the cases leaves the answer to the other readers
    other = conclude("Tháng trước tôi chuyển nhà sang phường khác. Tôi có phải làm thủ tục cấp đổi thẻ căn cước không?",
                     [unit(LAW, 24, clause=1)])
    assert "điểm b khoản 1 Điều 24" not in other, other
