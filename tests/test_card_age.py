"""Whether a card must be changed at an age, from the birth and issue dates a question tells, on the real khoản 1
and 2 of Điều 21 Luật Căn cước 2023 (the 02 years before an age of change keep a card valid until the next)."""

from __future__ import annotations

from bot.card_age import Dates, told_dates
from core.text import plain_text
from tests.test_conclusion_kinds import LAW, conclude, unit


def _dates(question: str) -> Dates | None:
    plain = plain_text(question).lower()
    return told_dates(plain, plain)


def test_the_dates_told_are_read_in_any_order_and_spelling():
    assert _dates("Con gái tôi sinh ngày 10/3/2013. Cuối tháng 1/2025 cháu được cấp thẻ căn cước. Đến khi tròn 14 tuổi "
                  "cháu có phải đi cấp đổi thẻ không?") == Dates((2013, 3), (2025, 1), 14)
    assert _dates("toi sinh thang 5/2001, lam the can cuoc thang 8/2024. den khi du 25 tuoi toi co phai doi the khong") == \
        Dates((2001, 5), (2024, 8), 25)
    # a căn cước công dân issued before the law took effect is valid as printed (Điều 46): not this rule
    assert _dates("Tôi sinh tháng 5/2001, được cấp thẻ căn cước công dân tháng 8/2021. Khi đủ 25 tuổi tôi có phải đổi thẻ "
                  "không?") is None
    assert _dates("Tôi sinh tháng 5/2001, làm thẻ tháng 8/2024. Thẻ có giá trị đến khi nào?") is None  # no change asked
    assert _dates("Tôi sinh năm 2001. Khi đủ 25 tuổi tôi có phải đổi thẻ không?") is None  # no issue date


def test_a_card_issued_in_the_two_years_before_an_age_is_valid_until_the_next():
    text = conclude("Tôi sinh tháng 3/2003, chưa từng có thẻ. Tháng 11/2026 tôi đi làm thẻ căn cước. Đến tháng 3/2028 tròn "
                    "25 tuổi, tôi có phải đi cấp đổi thẻ không?", [unit(LAW, 21)])
    assert text.startswith("Không. Thẻ cấp tháng 11/2026, khi bạn 23 tuổi 8 tháng, tức trong thời hạn 02 năm trước tuổi 25, "
                           "nên có giá trị sử dụng đến khi đủ 40 tuổi. Theo khoản 2 Điều 21 Luật Căn cước 2023: thẻ căn "
                           "cước đã được cấp, cấp đổi, cấp lại trong thời hạn 02 năm trước độ tuổi"), text


def test_a_card_issued_before_those_two_years_is_changed_at_the_age():
    text = conclude("Con gái tôi sinh ngày 10/3/2013. Cuối tháng 1/2025, lúc cháu gần 12 tuổi, cháu được cấp thẻ căn cước. "
                    "Đến ngày 10/3/2027 cháu tròn 14 tuổi thì cháu có phải đi làm thủ tục cấp đổi thẻ căn cước không?",
                    [unit(LAW, 21)])
    assert text.startswith("Có. Thẻ cấp tháng 1/2025, khi bạn 11 tuổi 10 tháng, trước thời hạn 02 năm trước tuổi 14 (tính "
                           "từ tháng 3/2025), nên phải cấp đổi khi đủ 14 tuổi. Theo khoản 1 Điều 21 Luật Căn cước 2023: "
                           "công dân Việt Nam đã được cấp thẻ căn cước phải thực hiện thủ tục cấp đổi thẻ căn cước khi đủ "
                           "14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi."), text


def test_an_earlier_age_of_change_or_a_later_issue_is_another_question():
    # issued at 12, asked about 25: the change at 14 comes first
    assert not conclude("Tôi sinh tháng 1/2013, làm thẻ căn cước tháng 2/2025. Đến khi đủ 25 tuổi tôi có phải đổi thẻ không?",
                        [unit(LAW, 21)]).startswith(("Có. Thẻ cấp", "Không. Thẻ cấp"))


def test_numbered_questions_get_numbered_answers_in_their_order():
    text = conclude("Tôi sinh tháng 3/2003, chưa từng có thẻ căn cước công dân hay thẻ căn cước. Tháng 11/2026 tôi đi làm thẻ "
                    "căn cước. Cho tôi hỏi: (1) lần làm thẻ này tôi có phải nộp lệ phí không; (2) đến tháng 3/2028 tròn 25 "
                    "tuổi, tôi có phải đi cấp đổi thẻ không?", [unit(LAW, 38), unit(LAW, 21)])
    assert text.startswith("(1) Không. Theo khoản 2 Điều 38 Luật Căn cước 2023: công dân không phải nộp lệ phí khi được cấp "
                           "thẻ căn cước lần đầu. (2) Không. Thẻ cấp tháng 11/2026, khi bạn 23 tuổi 8 tháng"), text
