"""Whether the asker must go back home (or to the country) to do something, answered by where the law lets it be
done, on the real khoản 3 Điều 6 Nghị định 70/2024/NĐ-CP as amended (online, or at the nearest police office)."""

from __future__ import annotations

import pytest

from bot.home_return import return_asked
from core.text import plain_text
from tests.test_conclusion_kinds import ND70, conclude, unit

ONLINE_OR_NEAREST = ("Theo điểm a khoản 3 Điều 6 Nghị định 70/2024/NĐ-CP: trình tự, thủ tục điều chỉnh thông tin trong Cơ "
                     "sở dữ liệu quốc gia về dân cư theo đề nghị của công dân: công dân đề nghị điều chỉnh thông tin trong "
                     "Cơ sở dữ liệu quốc gia về dân cư qua Cổng dịch vụ công quốc gia hoặc qua Ứng dụng định danh quốc gia "
                     "(VNeID) hoặc trực tiếp tại cơ quan Công an nơi gần nhất.")


def _asked(question: str) -> str | None:
    plain = plain_text(question).lower()
    return return_asked(plain, plain)


@pytest.mark.parametrize("question, verdict", [
    ("Tôi có phải về tận quê mới đề nghị sửa được không?", "Không"),
    ("co bat buoc phai ve cong an huyen noi thuong tru de lam khong", "Không"),
    ("Tôi có phải đợi về nước mới đề nghị sửa được không?", "Không"),
    ("Tôi có thể đề nghị sửa ngay từ Đài Loan mà không phải về nước không?", "Có"),
    ("Tôi nộp đề nghị sửa ngay tại công an phường ở Bình Dương được không, hay phải về quê?", "Có"),
    ("Tôi về quê ăn Tết thì làm thẻ ở đó được không?", None),  # going home told, not asked about
    ("Hồ sơ sửa thông tin gồm những gì?", None),
])
def test_going_back_asked_is_read_with_its_direction(question, verdict):
    assert _asked(question) == verdict


def test_no_need_to_go_back_when_the_law_lets_it_be_done_online_or_nearby():
    text = conclude("Hộ khẩu thường trú của tôi ở Nghệ An nhưng tôi ở trọ tại Bình Dương đã mấy năm. Tôi vừa phát hiện mục "
                    "dân tộc của mình trong dữ liệu dân cư bị ghi sai. Tôi có phải về tận quê mới đề nghị sửa được không?",
                    [unit(ND70, 6, clause=3)])
    assert text == f"Không. {ONLINE_OR_NEAREST}", text


def test_it_can_be_done_from_abroad_when_the_law_lets_it_be_done_online():
    text = conclude("Tôi đang đi xuất khẩu lao động ở Đài Loan. Mở VNeID tôi thấy ngày sinh của mình trong dữ liệu dân cư "
                    "bị ghi sai. Tôi có thể đề nghị sửa ngay từ Đài Loan mà không phải về nước không?",
                    [unit(ND70, 6, clause=3)])
    assert text == f"Có. {ONLINE_OR_NEAREST}", text


def test_without_such_a_sentence_the_other_readers_answer():
    # khoản 1 Điều 21 Luật Căn cước 2023 says nothing of where: no verdict is drawn from going back
    from tests.test_conclusion_kinds import LAW
    text = conclude("Đủ 25 tuổi tôi có phải về quê mới đổi thẻ căn cước được không?", [unit(LAW, 21, clause=1)])
    assert "nơi gần nhất" not in text and "Cổng dịch vụ công" not in text


def test_a_reference_to_the_cases_is_no_condition_on_the_answer():
    # 'đối với trường hợp quy định tại điểm a khoản 2 Điều 24' names the lost card the asker tells: 'Có', not 'Tùy'
    from tests.test_conclusion_kinds import LAW
    text = conclude("Tôi đang làm việc ở Hàn Quốc thì làm mất thẻ căn cước. Tôi có thể đề nghị cấp lại thẻ ngay trên ứng "
                    "dụng mà không phải về nước không?", [unit(LAW, 25, clause=4)])
    assert text.startswith("Có. Theo khoản 4 Điều 25 Luật Căn cước 2023: việc cấp lại thẻ căn cước đối với trường hợp quy "
                           "định tại điểm a khoản 2 Điều 24 của Luật này được thực hiện trực tuyến"), text
