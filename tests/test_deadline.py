"""The date a time limit ends, from the date a question tells: calendar arithmetic on the real limits of khoản 3
Điều 6 Nghị định 70/2024/NĐ-CP (02 ngày làm việc) and Điều 13 Nghị định 69/2024/NĐ-CP (per account level)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.deadline import deadline_note, end_of, told_date
from tests.test_conclusion_kinds import ND69, ND70, conclude, unit


@pytest.mark.parametrize("start, count, unit_, end", [
    (dt.date(2026, 12, 18), 2, "ngày làm việc", dt.date(2026, 12, 22)),  # Friday: Monday, Tuesday
    (dt.date(2026, 11, 27), 3, "ngày làm việc", dt.date(2026, 12, 2)),
    (dt.date(2026, 12, 19), 1, "ngày làm việc", dt.date(2026, 12, 21)),  # from a Saturday: Monday
    (dt.date(2026, 12, 1), 7, "ngày", dt.date(2026, 12, 8)),
    (dt.date(2027, 1, 5), 3, "tháng", dt.date(2027, 4, 5)),
    (dt.date(2026, 11, 30), 3, "tháng", dt.date(2027, 2, 28)),  # no 30 February: the month's last day
    (dt.date(2024, 9, 20), 5, "năm", dt.date(2029, 9, 20)),
])
def test_a_limit_ends_counted_from_the_day_after(start, count, unit_, end):
    assert end_of(start, count, unit_) == end


def test_only_one_full_date_told_is_a_start():
    assert told_date("ngay 18/12/2026 toi nop ho so") == dt.date(2026, 12, 18)
    assert told_date("nop ngay 18/12/2026, bo sung ngay 21/12/2026") is None  # which one counts is not known
    assert told_date("thang 12/2026 toi nop ho so") is None
    assert told_date("ngay 31/02/2026 toi nop") is None


def test_a_length_asked_or_no_limit_stated_gives_no_date():
    assert deadline_note("ngay 18/12/2026 toi nop, mat bao lau", "Trong thời hạn 02 ngày làm việc …") == ""
    assert deadline_note("ngay 18/12/2026 toi nop, cham nhat ngay nao", "Công an cấp xã giải quyết.") == ""


def test_the_date_a_correction_must_be_answered_by():
    text = conclude("Chiều thứ Sáu ngày 18/12/2026 tôi đã nộp đủ hồ sơ đề nghị điều chỉnh nơi sinh ghi sai trong Cơ sở dữ "
                    "liệu quốc gia về dân cư. Chậm nhất đến ngày nào Trưởng Công an xã phải kiểm tra xong?",
                    [unit(ND70, 6, clause=3)])
    # the date asked is answered by the time limit first, not by the whole procedure
    assert text.startswith("Trong thời hạn 02 ngày làm việc, kể từ ngày nhận được hồ sơ đề nghị điều chỉnh thông tin của "
                           "công dân, Trưởng Công an cấp xã"), text
    assert text.endswith("Tính từ ngày 18/12/2026 (thứ Sáu) bạn nêu, 02 ngày làm việc là đến hết ngày 22/12/2026 (thứ "
                         "Ba) — không tính thứ Bảy, Chủ nhật; nếu xen ngày nghỉ lễ, Tết thì lùi tương ứng."), text


def test_of_several_limits_the_one_for_the_level_told_is_counted():
    # khoản 1 Điều 13 Nghị định 69/2024: 01 ngày làm việc for level 1, 03 for level 2
    text = conclude("Tôi nộp hồ sơ đăng ký tài khoản định danh điện tử mức 2 vào thứ Sáu, ngày 27/11/2026. Chậm nhất đến "
                    "ngày nào tôi nhận được kết quả?", [unit(ND69, 13, clause=1)])
    assert "03 ngày làm việc là đến hết ngày 02/12/2026 (thứ Tư)" in text, text
    unsure = conclude("Tôi nộp hồ sơ đăng ký tài khoản định danh điện tử vào thứ Sáu, ngày 27/11/2026. Chậm nhất đến "
                      "ngày nào tôi nhận được kết quả?", [unit(ND69, 13, clause=1)])
    assert "bạn nêu" not in unsure, unsure  # no level told: which limit applies is not known


def test_a_limit_counted_from_another_day_gives_no_date():
    # the 07 days to activate run from the notice of the result, not from the day the application was filed
    activation = "Trong vòng 07 ngày kể từ ngày nhận được thông báo kết quả cấp tài khoản định danh điện tử: …"
    asked = "toi nop ho so dang ky tai khoan ngay 27/11/2026. cham nhat den ngay nao toi nhan duoc ket qua"
    assert deadline_note(asked, activation) == ""
    filed = "Trong thời hạn 02 ngày làm việc, kể từ ngày nhận được hồ sơ đề nghị điều chỉnh thông tin …"
    assert deadline_note("ngay 18/12/2026 toi da nop du ho so de nghi dieu chinh. cham nhat den ngay nao", filed) != ""
