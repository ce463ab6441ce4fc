"""The question's type from its wording: permission, procedure, responsibility, definition, other.

One classifier for the answer (which kind of conclusion to write) and for the evaluation (datasets built
from Q&A pages). Rules run in order on the diacritics-stripped, lower-cased question.
"""

from __future__ import annotations

import re

from core.text import plain_text

QUESTION_TYPES = ("permission", "procedure", "responsibility", "definition", "other")

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("procedure", re.compile(r"\b(quy trinh|thu tuc|cac buoc|may buoc|buoc \d|trinh tu|lam sao|lam the nao|"
                             r"thuc hien (nhu )?the nao|duoc thuc hien ra sao|ho so gom|can nhung gi|can giay to)\b")),
    ("permission", re.compile(r"\b(co duoc|duoc phep|duoc khong|co quyen|co the .{0,60}khong|co bi .{0,60}khong|"
                              r"co phai .{0,60}khong|co bat buoc|bat buoc .{0,40}khong|dung khong|co can .{0,60}khong)\b")),
    ("responsibility", re.compile(r"\b(trach nhiem|nhiem vu|nghia vu|co quan nao|don vi nao|ai (co|chiu|quan ly|cap|xem)|"
                                  r"thuoc tham quyen|tham quyen)\b")),
    ("definition", re.compile(r"\b(la gi|nghia la|duoc hieu|khai niem|dinh nghia|bao gom nhung|gom nhung|gom nhieu|nhung thong tin nao|"
                              r"nhung gi|gom nhung gi|co may)\b")),
)


def classify_plain(plain: str) -> str:
    """Type of a question already stripped of diacritics and lower-cased."""
    for name, pattern in _RULES:
        if pattern.search(plain):
            return name
    return "other"


def classify(question: str) -> str:
    return classify_plain(plain_text(question))
