"""The one-sentence conclusion, built from the cited text itself (no LLM).

Permission questions get "Không." / "Có." only when the cited clause says so in words
("không được", "nghiêm cấm", "được"); otherwise the conclusion states what the clause provides.
"""

from __future__ import annotations

import re

from bot.evidence import Unit
from bot.question import Question
from core.text import clean_spaces, has_diacritics, nfc

_NUMBERING = re.compile(r"^(\d+\.|[a-zđ]\)|\(\d+\)|-|\+)\s*")
_PROHIBITION = re.compile(r"\b(không được|nghiêm cấm|bị cấm|cấm|không bắt buộc|không phải)\b")
_PERMISSION = re.compile(r"\b(được|có quyền)\b")
_SUBJECT_END = re.compile(r"\s(có được|được phép|có quyền|có thể|có bị|có phải|có cần)\b")


def _sentences(text: str) -> list[str]:
    lines = [_NUMBERING.sub("", l).strip() for l in nfc(text).split("\n")]
    return [l for l in lines if l]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _shorten(text: str, words: int) -> str:
    parts = text.rstrip(".;:").split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _gist(sentence: str, short: int = 18) -> str:
    """A clause's opening, cut at a comma between words 8 and 20 when it is long."""
    words = sentence.rstrip(".;:").split()
    if len(words) <= short:
        return " ".join(words)
    for i in range(8, min(20, len(words))):
        if words[i - 1].endswith(","):
            return " ".join(words[:i]).rstrip(",") + "…"
    return " ".join(words[:short]) + "…"


def _subject(question: str) -> str | None:
    """'Khi kết nối … thì cơ quan, tổ chức có được …' -> 'Cơ quan, tổ chức' (only for accented text)."""
    if not has_diacritics(question):
        return None
    match = _SUBJECT_END.search(question)
    if not match:
        return None
    head = question[: match.start()]
    head = re.split(r"\bthì\b|\bvậy\b|,\s*(?=[^,]*$)(?!\s*tổ chức)", head)[-1].strip(" ,")
    words = head.split()
    if not 1 <= len(words) <= 8 or head.lower().startswith(("tôi", "em", "mình")) and len(words) > 3:
        return None
    return head[:1].upper() + head[1:]


def _label(unit: Unit) -> str:
    return unit.citation().label


def permission(question: str, units: list[Unit]) -> str | None:
    for unit in units:
        title = unit.article.title.lower()
        for sentence in _sentences(unit.quote):
            match = _PROHIBITION.search(sentence)
            if match:
                fragment = sentence[match.start():].rstrip(" .;")
                fragment = re.sub(r"\s+(trừ trường hợp)", r", \1", fragment).replace(",,", ",")
                subject = _subject(question)
                if subject:
                    return f"Không. {subject} {fragment} ({_label(unit)})."
                return f"Không. Theo {_label(unit)}: {fragment}."
            if "nghiêm cấm" in title or "bị cấm" in title:
                return f"Không. {_label(unit)} thuộc các hành vi bị nghiêm cấm: {_lower_first(sentence).rstrip(' .;')}."
    for unit in units:
        for sentence in _sentences(unit.quote):
            if _PERMISSION.search(sentence) and not re.search(r"\b(không|trừ|nếu)\b", sentence):
                return f"Có. Theo {_label(unit)}: {_lower_first(sentence).rstrip(' .;')}."
    return None


def procedure(units: list[Unit]) -> str | None:
    steps = [u for u in units if u.step is not None]
    if steps:
        first = steps[0]
        parts = [f"Bước {u.step} – {first.article.step(u.step).title.rstrip('.:')}" for u in steps]
        where = f"Điều {first.article.number} {first.doc.short_title}"
        if len(steps) == 1:
            return f"Theo {where}, {parts[0]}."
        return f"Theo {where}, việc này gồm {len(steps)} bước: " + "; ".join(parts) + "."
    return None


def listing(units: list[Unit]) -> str | None:
    """'Theo Điều 11 …, có 3 nội dung: xây dựng …; chủ trì …; phối hợp …'."""
    clauses = [u for u in units if u.clause is not None and u.point is None]
    if len(clauses) < 2 or len({(u.doc.so_hieu, u.article.number) for u in clauses}) != 1:
        return None
    first = clauses[0]
    items = [_lower_first(_gist(_sentences(u.quote)[0])) for u in clauses if _sentences(u.quote)]
    title = first.article.title.strip("[]")
    return (f"Theo Điều {first.article.number} {first.doc.short_title} ({_lower_first(title)}), có {len(items)} nội dung: "
            + "; ".join(f"({i}) {item}" for i, item in enumerate(items, start=1)) + ("" if items[-1].endswith("…") else "."))


def statement(units: list[Unit]) -> str | None:
    unit = units[0]
    sentences = _sentences(unit.quote)
    if not sentences:
        return None
    first = sentences[0]
    if first.endswith(":") and len(sentences) > 1:
        first = f"{first} {sentences[1]}"
    return f"Theo {_label(unit)}: {_shorten(first, 60).rstrip(' .;')}."


def conclude(question: Question, units: list[Unit], faq_conclusion: str | None) -> str | None:
    """Conclusion-first sentence; our FAQ's wording for a close match, else built from the quote."""
    if not units:
        return None
    qtype, asked = question.qtype, question.cleaned
    if qtype == "permission" and (text := permission(asked, units)) and text.startswith("Không"):
        return text
    if faq_conclusion:
        return clean_spaces(faq_conclusion)
    builders = {
        "permission": lambda: permission(asked, units),
        "procedure": lambda: procedure(units) or listing(units),
        "responsibility": lambda: listing(units),
        "definition": lambda: listing(units),
    }
    built = builders.get(qtype, lambda: None)()
    return built or procedure(units) or statement(units)

