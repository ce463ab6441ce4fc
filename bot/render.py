"""Markdown for the user: conclusion, legal basis (quoted, cited), steps, notes, disclaimer."""

from __future__ import annotations

from typing import Sequence

from bot.models import Citation
from core.legal import vn_date

DISCLAIMER = "Thông tin tham khảo, không thay thế tư vấn pháp lý."
CITIZEN_QUOTE_CHARS = 600


def _quote_block(text: str, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return "\n".join(f"> {line}" for line in text.split("\n"))


def document_notes(citations: list[Citation], partial_articles: dict[str, str]) -> list[str]:
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


def render_answer(conclusion: str | None, citations: list[Citation], steps: list[str], notes: list[str], mode: str,
                  warnings: Sequence[str] = ()) -> str:
    limit = None if mode == "staff" else CITIZEN_QUOTE_CHARS
    out: list[str] = [f"**{w}**" for w in warnings]
    if conclusion:
        out.append(f"**Kết luận:** {conclusion}")
    if citations:
        out.append("**Căn cứ pháp lý**")
        for c in citations:
            heading = c.title if c.clause is None and c.step is None else ""
            label = c.label[:1].upper() + c.label[1:]
            amended = f" (được sửa đổi bởi {c.amended_by})" if c.amended_by else ""
            out.append(f"- {label}{amended}" + (f" — {heading}" if heading else "") + ":\n" + _quote_block(c.quote, limit))
    if steps:
        out.append("**Các bước**" if mode == "citizen" else "**Danh mục kiểm tra (cán bộ)**")
        for step in steps:
            head, _, rest = step.partition("\n")
            box = "- [ ] " if mode == "staff" else "- "
            lines = [f"{box}**{head}**"] + [f"    - {line}" for line in rest.split("\n") if line]
            out.append("\n".join(lines))
    if notes:
        out.append("**Lưu ý**\n" + "\n".join(f"- {n}" for n in notes))
    out.append(f"_{DISCLAIMER}_")
    return "\n\n".join(out)


def render_refusal(message: str) -> str:
    return f"**Kết luận:** {message}\n\n_{DISCLAIMER}_"
