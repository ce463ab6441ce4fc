"""Articles written for one group of people (foreigners, organisations, người gốc Việt Nam chưa xác định được quốc
tịch) are another group's answer when the question names none of that group: real titles of Nghị định 69/2024,
Nghị định 70/2024 and Luật Căn cước 2023."""

from __future__ import annotations

import pytest

from bot.asker_group import for_other_group
from core.text import plain_text
from tests.helpers import parsed_index

FOREIGNERS = ("69/2024/NĐ-CP", 11)  # 'Trình tự, thủ tục cấp tài khoản định danh điện tử đối với người nước ngoài'
ORGANISATIONS = ("69/2024/NĐ-CP", 12)
CITIZENS = ("69/2024/NĐ-CP", 10)
STATELESS = ("70/2024/NĐ-CP", 36)
BOTH = ("26/2023/QH15", 5)  # 'Quyền, nghĩa vụ của công dân Việt Nam và người gốc Việt Nam chưa xác định …'


def _title(key: tuple[str, int]) -> str:
    return plain_text(parsed_index().article(*key).title).lower()


@pytest.mark.parametrize("key, question, other", [
    (FOREIGNERS, "minh ra cong an phuong dang ky tai khoan dinh danh dien tu muc 2 thi ket qua bao qua kenh nao", True),
    (FOREIGNERS, "Chồng tôi là người Nhật, muốn đăng ký tài khoản định danh điện tử mức 2 thì đến đâu?", False),
    (FOREIGNERS, "Người nước ngoài có thẻ tạm trú đăng ký tài khoản định danh ở đâu?", False),
    (ORGANISATIONS, "Tài khoản VNeID của tôi bị lỗi đăng nhập, số tổng đài hỗ trợ là số mấy?", True),
    (ORGANISATIONS, "Công ty tôi muốn đăng ký tài khoản định danh điện tử cho doanh nghiệp thì làm thế nào?", False),
    (STATELESS, "Con tôi mới đăng ký khai sinh thì số định danh cá nhân được xác lập thế nào?", True),
    (STATELESS, "Người gốc Việt Nam chưa xác định được quốc tịch được xác lập số định danh thế nào?", False),
    (CITIZENS, "Người nước ngoài đăng ký tài khoản định danh ở đâu?", False),  # written for citizens: never demoted
    (BOTH, "Tôi có quyền đề nghị xác nhận thông tin về căn cước của mình không?", False),
])
def test_an_article_for_another_group_is_known_by_its_title(key, question, other):
    assert for_other_group(_title(key), plain_text(question).lower()) is other
