"""Whether a card must be changed at an age, from the dates a question tells: 'Tôi sinh tháng 3/2003 … tháng
11/2026 tôi đi làm thẻ căn cước … đến tháng 3/2028 tròn 25 tuổi, tôi có phải đi cấp đổi thẻ không?'. Khoản 1
Điều 21 Luật Căn cước 2023 sets the ages (14, 25, 40, 60); khoản 2 keeps a card issued in the 02 years before one
of them valid until the next. The asker's age when the card was issued decides which applies: the answer says
the age, the age asked about, and the khoản, quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from bot.evidence import article_segments
from bot.extract import Segment
from bot.wording import Written, lower_first, with_full_stop

LAW = "26/2023/QH15"
ARTICLE = 21
AGES = (14, 25, 40, 60)
WINDOW_MONTHS = 24  # 'trong thời hạn 02 năm trước độ tuổi cấp đổi'
FIRST_DAY = (2024, 7)  # cards issued before the law took effect are căn cước công dân, valid as printed (Điều 46)

# a month and year, alone or in a full date ('tháng 3/2003', '10/3/2013', 'ngày 20 tháng 5 năm 2002'): groups month, year
_MONTH_YEAR = r"(?:(?:ngay\s+)?\d{1,2}\s*/\s*(?=\d{1,2}\s*/)|ngay\s+\d{1,2}\s+thang\s+|thang\s+)?(\d{1,2})\s*(?:/|\s+nam\s+)(\d{4})"
_BORN = re.compile(rf"\bsinh\s+(?:ngay\s+|vao\s+)?{_MONTH_YEAR}")
_ISSUING = r"(?:lam the|duoc cap|cap the|di lam (?:the|can cuoc|thu tuc)|doi the|cap doi|cap lai)"  # not 'đi làm' (to work)
_ISSUED_BEFORE = re.compile(rf"\b(?:thang|ngay)\s+{_MONTH_YEAR}[^.;?]{{0,80}}?\b{_ISSUING}\b")  # 'Tháng 11/2026, … tôi đi làm thẻ'
_ISSUED_AFTER = re.compile(rf"\b(?:duoc cap|cap|lam|doi)\b[^.;?]{{0,60}}?\b(?:thang|ngay)\s+{_MONTH_YEAR}")  # 'được cấp tháng 7/2024'
_OLD_CARD = re.compile(r"\bcan cuoc cong dan\b|\bcccd\b")
# 'có phải (đi) (cấp) đổi thẻ (khi|lúc) tròn 25 tuổi không', '… tròn 25 tuổi, tôi có phải đi cấp đổi thẻ không'
_CHANGE_ASKED = re.compile(r"\bco phai\b[^?]{0,30}?\b(?:cap doi|doi the|doi lai|doi)\b")
_AGE_ASKED = re.compile(r"\b(?:tron|du|khi|luc|den)\s+(\d{2})\s+tuoi\b")


@dataclass(frozen=True)
class Dates:
    born: tuple[int, int]  # (year, month)
    issued: tuple[int, int]
    asked_age: int


def _months(year_month: tuple[int, int]) -> int:
    return year_month[0] * 12 + year_month[1]


def told_dates(story: str, asking: str) -> Dates | None:
    """The birth month, the month the card was issued and the age asked about, diacritics stripped; None unless the
    question tells all three (an issue date after the law took effect) and asks whether to change the card."""
    asked = _AGE_ASKED.search(asking)
    if not _CHANGE_ASKED.search(asking) or asked is None or int(asked.group(1)) not in AGES:
        return None
    born = _BORN.search(story)
    if born is None:
        return None
    rest = story[:born.start()] + " " + story[born.end():]
    issued = _ISSUED_BEFORE.search(rest) or _ISSUED_AFTER.search(rest)
    if issued is None:
        return None
    when = (int(issued.group(2)), int(issued.group(1)))
    if when < FIRST_DAY or _OLD_CARD.search(issued.group(0)) or not 1 <= when[1] <= 12:
        return None
    return Dates((int(born.group(2)), int(born.group(1))), when, int(asked.group(1)))


def _article(segments: Sequence[Segment]) -> list[Segment]:
    unit = next((s.unit for s in segments if s.unit.doc.so_hieu == LAW), None)
    return article_segments(unit, ARTICLE) if unit is not None else []


def change_at_age(question_plain: str, part_plain: str, segments: Sequence[Segment]) -> Written | None:
    """'Có' / 'Không' to whether the card the asker was issued must be changed at the age asked."""
    dates = told_dates(question_plain, part_plain)
    article = _article(segments)
    rule = next((s for s in article if s.clause == 1), None)
    window = next((s for s in article if s.clause == 2), None)
    if dates is None or rule is None or window is None:
        return None
    age_months = _months(dates.issued) - _months(dates.born)
    if age_months >= dates.asked_age * 12:
        return None  # issued at or after the age asked: another question
    upcoming = next(a for a in AGES if a * 12 > age_months)
    if upcoming != dates.asked_age:
        return None  # an earlier age comes first; its own question
    years, months = divmod(age_months, 12)
    at = f"{years} tuổi" + (f" {months} tháng" if months else "")
    issued = f"tháng {dates.issued[1]}/{dates.issued[0]}"
    if age_months >= upcoming * 12 - WINDOW_MONTHS:
        following = next((a for a in AGES if a > upcoming), None)
        until = f"đến khi đủ {following} tuổi" if following else "mà không phải cấp đổi khi đủ 60 tuổi"
        return Written(f"Không. Thẻ cấp {issued}, khi bạn {at}, tức trong thời hạn 02 năm trước tuổi {upcoming}, nên "
                       f"có giá trị sử dụng {until}. Theo {window.label}: {lower_first(with_full_stop(window.text))}",
                       (window, rule))
    start = dates.born[0] + upcoming - 2, dates.born[1]
    return Written(f"Có. Thẻ cấp {issued}, khi bạn {at}, trước thời hạn 02 năm trước tuổi {upcoming} (tính từ tháng "
                   f"{start[1]}/{start[0]}), nên phải cấp đổi khi đủ {upcoming} tuổi. Theo {rule.label}: "
                   f"{lower_first(with_full_stop(rule.text))}", (rule, window))
