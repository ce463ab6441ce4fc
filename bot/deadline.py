"""The date a time limit ends, from the date a question tells: 'chiều thứ Sáu ngày 18/12/2026 đã nộp đủ hồ sơ … Chậm
nhất đến ngày nào …?' with 'Trong thời hạn 02 ngày làm việc, kể từ ngày nhận được hồ sơ …' -> 'Tính từ ngày
18/12/2026 (thứ Sáu) bạn nêu, 02 ngày làm việc là đến hết ngày 22/12/2026 (thứ Ba) …'. Calendar arithmetic,
said as such and with the limit it uses, so that a wrong limit shows; working days skip Saturdays and Sundays only
(public holidays are not known here, and are said to push the date back).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from core.text import plain_text

_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")
# the asker wants a date ('chậm nhất đến ngày nào', 'lưu đến khi nào'), not a length ('bao lâu')
_DATE_ASKED = re.compile(r"\b(?:(?:den |la |vao )?ngay nao|cham nhat (?:la |den |vao )?(?:ngay|khi nao|luc nao|bao gio)|"
                         r"den (?:khi nao|bao gio|luc nao)|han (?:chot |cuoi )?(?:la )?ngay|moc nao|truoc ngay nao|ngay may)\b")
_LIMIT = re.compile(r"\b(\d{1,3}) (ngày làm việc|ngày|tháng|năm)\b")
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def asks_end_date(question_plain: str, part_plain: str) -> bool:
    """The question tells a date and this part asks the date something must be done by."""
    return told_date(question_plain) is not None and bool(_DATE_ASKED.search(part_plain))


def told_date(plain: str) -> dt.date | None:
    """The one full date a question tells ('18/12/2026'); None when it tells none, several, or an impossible one."""
    found = {(int(y), int(m), int(d)) for d, m, y in _DATE.findall(plain)}
    if len(found) != 1:
        return None
    try:
        return dt.date(*found.pop())
    except ValueError:
        return None


def end_of(start: dt.date, count: int, unit: str) -> dt.date:
    """The last day of a limit counted from the day after ``start`` ('kể từ ngày …')."""
    if unit == "ngày làm việc":
        day, left = start, count
        while left:
            day += dt.timedelta(days=1)
            left -= day.weekday() < 5
        return day
    if unit == "ngày":
        return start + dt.timedelta(days=count)
    months = count * (12 if unit == "năm" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


_LEVEL_TOLD = re.compile(r"\bmuc(?: do)? 0?(\d)\b")


def _limit_asked(question_plain: str, conclusion: str) -> re.Match[str] | None:
    """The conclusion's time limit; of several, the one whose case has the level the question tells ('mức 2' ->
    '… 03 ngày làm việc với trường hợp cấp tài khoản định danh điện tử mức độ 02'), else none (which is unknown)."""
    limits = list(_LIMIT.finditer(conclusion))
    if len({m.group(0) for m in limits}) <= 1:
        return limits[0] if limits else None
    levels = set(_LEVEL_TOLD.findall(question_plain))
    clauses = re.split(r";|\(\d+\)", conclusion)
    fitting = {m.group(0): m for m in limits for c in clauses if m.group(0) in c
               and levels & set(re.findall(r"mức độ 0?(\d)", c))}
    return next(iter(fitting.values())) if len(fitting) == 1 else None


_FROM = re.compile(r"^[^.;]*?\bkể từ (?:ngày |thời điểm )?((?:\S+ ){1,5})")


def _counts_from_told(question_plain: str, after_limit: str) -> bool:
    """Whether the limit counts from what the question did on its date: 'kể từ ngày nhận được hồ sơ đề nghị …' and
    '… ngày 18/12/2026 đã nộp đủ hồ sơ đề nghị …' share words; 'kể từ ngày nhận được thông báo kết quả' (activation)
    is counted from another day. A limit that says no start is counted from the day told."""
    anchor = _FROM.match(after_limit)
    if anchor is None:
        return True
    told = next(s for s in re.split(r"(?<=[.?!])\s+", question_plain) if _DATE.search(s))
    said = plain_text(anchor.group(1)).lower().split()
    return bool(set(zip(said, said[1:])) & set(zip(told.split(), told.split()[1:])))


def deadline_note(question_plain: str, conclusion: str) -> str:
    """'Tính từ ngày … bạn nêu, <limit> là đến hết ngày …' when the question tells a date and asks one and the
    conclusion states a time limit; '' otherwise."""
    start = told_date(question_plain)
    limit = _limit_asked(question_plain, conclusion)
    if start is None or limit is None or not _DATE_ASKED.search(question_plain) or \
            not _counts_from_told(question_plain, conclusion[limit.end():]):
        return ""
    count, unit = int(limit.group(1)), limit.group(2)
    end = end_of(start, count, unit)
    note = (f"Tính từ ngày {start:%d/%m/%Y} ({_WEEKDAYS[start.weekday()]}) bạn nêu, {limit.group(0)} là đến hết ngày "
            f"{end:%d/%m/%Y} ({_WEEKDAYS[end.weekday()]})")
    if unit == "ngày làm việc":
        note += " — không tính thứ Bảy, Chủ nhật; nếu xen ngày nghỉ lễ, Tết thì lùi tương ứng"
    return note + "."
