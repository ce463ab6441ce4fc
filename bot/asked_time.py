"""The past time a question asks the law of: "Tháng 5/2023 tôi bị mất thẻ, lúc đó Luật Căn cước công dân 2014 còn
hiệu lực, vậy …" is answered with the law in force then, not today's (which would only say that law is gone).

Only a time the question itself ties to the law's application counts ("hồi đó", "lúc đó", "khi đó", "… còn hiệu
lực / còn áp dụng", "áp dụng lúc đó"): a year told for another reason (a birth year, a card's expiry) changes
nothing. A date chosen by the user (``--as-of``, ``"as_of"``) always wins over this.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.answer_types import last_sentence

_THEN_NAMED = re.compile(r"\b(?:hoi do|luc do|khi do|thoi diem do|thoi do|luc ay|hoi ay)\b")  # a past time, named
_THEN = re.compile(rf"{_THEN_NAMED.pattern}"
                   r"|\b(?:con|dang|van) (?:hieu luc|ap dung|duoc ap dung)\b"
                   r"|\bap dung (?:luc|hoi|khi|vao thoi diem) (?:do|ay)\b")
_MONTH = re.compile(r"\bthang (\d{1,2})\s*(?:/|nam|-)\s*((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(?:(cuoi|het|giua|dau) )?nam ((?:19|20)\d\d)\b")
_PART_OF_YEAR = {"cuoi": 12, "het": 12, "giua": 7, "dau": 1, "": 1}  # 'đến cuối năm 2026' is its last month
_LAW_NAME = re.compile(r"\b(?:luat|bo luat|nghi dinh|thong tu)\b[^,.;?(]{0,40}?\b(?:nam )?(?:19|20)\d\d\b")  # its year names it


# an ask about now or what is to come ('Sắp tới cấp đổi, tôi có còn được tự chọn … như trước không?'): a past time
# the story told ('hồi đó luật cho tự chọn') is what has changed, not the time asked
# ('sắp xếp', 'tôi đầy đủ' are no such time)
_NOW_ASKED = re.compile(r"\b(?:sap (?:toi|phai|het|den)|toi day(?! du)|hien nay|hien tai|bay gio|tu nay|den nay|nam nay"
                        r"|nhu truoc)\b")


def asks_now(plain: str) -> bool:
    """Whether the asking sentence asks about now or later, and names no past time of its own."""
    asking = last_sentence(plain)
    return bool(_NOW_ASKED.search(asking)) and not _THEN_NAMED.search(asking)


def time_told(plain: str, today: dt.date) -> dt.date | None:
    """The first day of the month or year (its last month for 'cuối năm', 'hết năm') the question places its case
    in, when it says the law of that time applies; None otherwise or when that time is not in the past. ``plain``:
    the question without diacritics."""
    if not _THEN.search(plain) or asks_now(plain):
        return None
    plain = _LAW_NAME.sub(" ", plain)
    found: list[dt.date] = []
    for month, year in _MONTH.findall(plain):
        if 1 <= int(month) <= 12:
            found.append(dt.date(int(year), int(month), 1))
    if not found:
        found = [dt.date(int(year), _PART_OF_YEAR[part], 1) for part, year in _YEAR.findall(plain)]
    past = [day for day in found if day < today.replace(day=1)]
    return min(past) if past else None
