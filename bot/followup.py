"""Resolve a follow-up ("còn bước 2?", "vậy ngân hàng thì sao?") against the conversation so far."""

from __future__ import annotations

import re
from typing import Any, Sequence

from bot.guard import content_words
from core.text import nfc, strip_diacritics, syllables

_FOLLOWUP = re.compile(
    r"^(con|vay|the|the con|neu vay|vay thi|con neu|the neu|va|con truong hop)\b|thi sao\s*\??$|ra sao\s*\??$"
    r"|^(buoc|khoan|diem) \d+|\b(buoc|khoan) (tiep theo|\d+)\b"
)
SHORT_QUESTION_SYLLABLES = 7
# A question with this many words of its own names its subject: it stands alone, whatever it starts with
# ("the can cuoc het han thi doi o dau" is 'thẻ căn cước…', not 'thế…').
SELF_CONTAINED_CONTENT_WORDS = 5
_CONNECTIVES = frozenset("con vay the neu va truong hop khac".split())


def user_turns(history: Sequence[Any] | None) -> list[str]:
    """User questions from Gradio 'messages' dicts, (user, bot) pairs, or plain strings."""
    turns: list[str] = []
    for item in history or []:
        if isinstance(item, dict):
            if item.get("role") == "user" and isinstance(item.get("content"), str):
                turns.append(item["content"])
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            turns.append(item[0])
        elif isinstance(item, str):
            turns.append(item)
    return [t for t in turns if t.strip()]


def is_followup(question: str) -> bool:
    if len([w for w in content_words(question) if w not in _CONNECTIVES]) >= SELF_CONTAINED_CONTENT_WORDS:
        return False
    plain = strip_diacritics(nfc(question)).lower().strip()
    return len(syllables(question)) <= SHORT_QUESTION_SYLLABLES or bool(_FOLLOWUP.search(plain))


def resolve(question: str, history: Sequence[Any] | None) -> tuple[str, str | None]:
    """(the question to answer, the previous question it continues or None): a follow-up is joined to it."""
    turns = user_turns(history)
    if not turns or not is_followup(question):
        return question, None
    previous = turns[-1].strip()
    return f"{previous} {question.strip()}", previous
