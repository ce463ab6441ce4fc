"""Markdown for the user: conclusion, legal basis (quoted whole, cited with the article's title), steps, notes,
disclaimer.

Quotes are never cut: a citizen reads the quotes the conclusion relies on — of a long khoản only the lines
that answer (its lead-in and the answering điểm, each whole) — and the other citations by label and title; a
staff member reads every quote whole. Same citations either way.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from bot.models import Citation
from core.legal import vn_date

DISCLAIMER = "Thông tin tham khảo, không thay thế tư vấn pháp lý."
CITIZEN_QUOTE_CHARS = 600  # a citizen's quote longer than this shows only the lines that answer (when known)
FOCUS_NOTE = "_(chỉ trích phần trả lời câu hỏi; toàn văn ở mục Nguồn trích dẫn)_"
STEPS_NOTE = "_(các điểm của khoản này là các bước ở mục Các bước)_"


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.split("\n"))


def title_of(citation: Citation) -> str:
    """'Điều 3. Nguyên tắc …' -> 'Nguyên tắc …' (the label already names the article)."""
    return re.sub(r"^Điều\s+\d+\w*\.\s*", "", citation.title or "").strip()


def document_notes(citations: list[Citation], partial_articles: dict[str, str]) -> list[str]:
    """Staff view: each cited document's status, and what the corpus holds of a document held in part."""
    notes = []
    seen = set()
    for c in citations:
        if c.so_hieu in seen:
            continue
        seen.add(c.so_hieu)
        checked = f" (kiểm tra ngày {vn_date(c.status_checked)})" if c.status_checked else ""
        notes.append(f"Tình trạng {c.document}: {c.status}{checked}")
        if c.partial_document:
            held = partial_articles.get(c.so_hieu, "")
            notes.append(f"Kho dữ liệu chỉ có một phần {c.document}" + (f" ({held})." if held else ".")
                         + " Các điều khác có thể có quy định liên quan.")
    return notes


def status_line(citations: Sequence[Citation]) -> str | None:
    """Citizen view: one line of status for all cited documents ('Tình trạng: Luật Căn cước 2023 — Có hiệu lực …')."""
    parts = []
    for c in citations:
        if any(p.startswith(c.document + " — ") for p in parts):
            continue
        first = re.split(r"(?<=[.;])\s+", c.status.strip(), maxsplit=1)[0].rstrip(" .;")
        checked = f" (kiểm tra ngày {vn_date(c.status_checked)})" if c.status_checked else ""
        parts.append(f"{c.document} — {first}{checked}")
    return ("Tình trạng: " + "; ".join(parts) + ".") if parts else None


def _said_in_steps(quote: str, steps: Sequence[str]) -> bool:
    """Whether every điểm of a quoted khoản is one of the steps shown under 'Các bước' (a citizen then reads its
    lead-in here and each điểm once, as a step)."""
    said = " ".join(steps)
    lines = [re.sub(r"^([a-zđ]\)|-)\s*", "", line).rstrip(" ;.") for line in quote.split("\n")[1:]]
    lines = [line for line in lines if line.strip(" .…")]  # the source's own cut mark ('...') is no điểm
    return bool(lines) and all(line in said for line in lines)


def _citation_block(c: Citation, quote: str | None, focused: bool) -> str:
    label = c.label[:1].upper() + c.label[1:]
    amended = f" (được sửa đổi bởi {c.amended_by})" if c.amended_by else ""
    title = title_of(c)
    head = f"- {label}{amended}" + (f" — {title}" if title else "")
    if quote is None:
        return head + "."
    return head + ":\n" + _quote_block(quote) + (f"\n\n  {FOCUS_NOTE}" if focused else "")


def render_answer(conclusion: str | None, citations: list[Citation], steps: list[str], notes: list[str], mode: str,
                  warnings: Sequence[str] = (), focus: Mapping[int, Sequence[str]] | None = None,
                  key: Sequence[int] | None = None) -> str:
    """``focus``: citation index -> the verbatim lines of its quote that answer (citizen view of a long quote);
    ``key``: the citations the conclusion states (a citizen reads their quotes; the others by label and title).
    Without them every quote is shown whole."""
    staff = mode == "staff"
    focus = focus or {}
    out: list[str] = [f"**{w}**" for w in warnings]
    if conclusion:
        out.append(f"**Kết luận:** {conclusion}")
    if citations:
        out.append("**Căn cứ pháp lý**")
        for i, c in enumerate(citations):
            if not staff and c.step is not None and c.quote in steps:
                out.append(_citation_block(c, None, False))  # quoted whole under "Các bước"
            elif not staff and steps and _said_in_steps(c.quote, steps):
                out.append(_citation_block(c, c.quote.split("\n", 1)[0], False) + f"\n\n  {STEPS_NOTE}")
            elif staff or key is None or i in key:
                lines = focus.get(i) if not staff and len(c.quote) > CITIZEN_QUOTE_CHARS else None
                shown = "\n".join(lines) if lines else c.quote
                out.append(_citation_block(c, shown, bool(lines) and shown != c.quote))
            else:
                out.append(_citation_block(c, None, False))
    if steps:
        out.append("**Các bước**" if not staff else "**Danh mục kiểm tra (cán bộ)**")
        labels = {c.quote: c.label for c in citations if c.step is not None}
        for step in steps:
            head, _, rest = step.partition("\n")
            box = "- [ ] " if staff else "- "
            cited = f" ({labels[step]})" if step in labels else ""
            lines = [f"{box}**{head}**{cited}"] + [f"    - {line}" for line in rest.split("\n") if line]
            out.append("\n".join(lines))
    if notes:
        out.append("**Lưu ý**\n" + "\n".join(f"- {n}" for n in notes))
    out.append(f"_{DISCLAIMER}_")
    return "\n\n".join(out)


def render_refusal(message: str) -> str:
    return f"**Kết luận:** {message}\n\n_{DISCLAIMER}_"
