"""Multi-part questions ("làm lại thẻ căn cước ở đâu và mất bao lâu?"): each part asks its own thing and gets
its own evidence. A part that lacks the subject borrows it from the first part."""

from __future__ import annotations

import re

from bot.answer_types import FINISHED_ASK, indefinite
from core.text import plain_text

# What a part asks, on the diacritics-stripped text: where, how long, how much/many, who, when, how, what, yes/no.
_ASKS = re.compile(
    r"\b(o dau|tai dau|noi nao|bao lau|mat bao lau|bao nhieu|may|ai|co quan nao|don vi nao|khi nao|luc nao|"
    r"nhu the nao|the nao|ra sao|lam sao|gom nhung gi|nhung gi|la gi|co duoc|duoc khong|co phai|khong|nao|hay)\b")
# … and a comma right after a finished ask ('… là gì, nó có khác …', '… ở đâu, mất bao lâu?')
# 'còn' joins two asks only after a pause ('…, còn đổi thẻ thì sao?'); 'vì còn thiếu' is 'still'
_SEPARATOR = re.compile(r"\s*(?:\?|;|,)?\s+(?:va|dong thoi|va neu)\s+|\s*[?;,]\s+con\s+|\s*\?\s+|\s*;\s+"
                        rf"|{FINISHED_ASK},\s+")


_QUOTED = re.compile(r"[\"“][^\"“”]{1,200}[\"”]")
_YES_NO_START = re.compile(r"(co duoc|co phai|co can|co bi|co|khong)\b")  # a leading 'Không' negates, it does not ask
_QUANTIFIER_ONLY = re.compile(r"^(nhung|cac|moi|tat ca|toi|cho toi hoi|xin hoi)?$")


def _asks(plain: str, typed: str, accented: bool) -> bool:
    """Whether a piece asks something; in a question typed with diacritics 'may' must be 'mấy' ('máy tính', 'công
    ty may' ask nothing)."""
    return any(m.group(1) != "may" or typed[m.start():m.end()].lower() == "mấy" or not accented
               for m in _ASKS.finditer(plain))


def split_parts(question: str) -> tuple[str, ...]:
    """The parts of a question that asks two or more things; one part (the question) otherwise."""
    plain = plain_text(question)
    if len(plain) != len(question):  # offsets below are shared between the two forms
        return (question,)
    quoted = [m.span() for m in _QUOTED.finditer(question)]
    accented = plain != question
    pieces, start = [], 0
    for match in _SEPARATOR.finditer(plain):
        if any(a < match.start() < b for a, b in quoted):
            continue  # '"cơ quan quản lý định danh và xác thực điện tử"' is one name, not two asks
        left, right = plain[start:match.start()], plain[match.end():]
        # '… có được tự ý đọc không, hay phải hỏi ý tôi?': 'hay' offers the other answer to the same ask, unless
        # what follows asks something of its own
        skip = len("hay ") if right.startswith("hay ") else 0
        if _asks(left, question[start:match.start()], accented) and not indefinite(left) and \
                _asks(right[skip:], question[match.end() + skip:], accented):
            pieces.append((start, match.start()))
            start = match.end()
    if not pieces:
        return (question,)
    pieces.append((start, len(question)))
    parts = [question[a:b].strip(" ?,;") for a, b in pieces]
    first = _ASKS.search(plain[pieces[0][0]:pieces[0][1]])
    subject = question[pieces[0][0]: pieces[0][0] + first.start()].strip() if first else ""
    if _QUANTIFIER_ONLY.match(plain_text(subject)):
        subject = ""  # 'Những ai …': 'Những' is no subject to lend to the next part
    # "Ai có thẩm quyền cấp thẻ và thời hạn là bao lâu": no subject before the first ask; its topic is after it
    topic = subject or (question[pieces[0][0] + first.end(): pieces[0][1]].strip() if first else "")
    out = [parts[0]]
    for part in parts[1:]:
        # "… ở đâu và mất bao lâu": the second part starts with what it asks, so it needs the subject
        needs_topic = bool(_ASKS.match(plain_text(part)) and not _YES_NO_START.match(plain_text(part))) \
            or len(part.split()) <= 6  # 'Có phải đổi thẻ … không?' carries its own subject
        if not needs_topic or not topic:
            out.append(part)
        else:
            out.append(f"{topic} {part}" if subject else f"{part} ({topic})")
    return tuple(p + "?" for p in out if p)
