"""How much of a cited article the corpus holds, said at article level ("Kho dữ liệu chỉ có Bước 1–2 của
Điều 7 Thông tư 46/2022/TT-BCA."), from the document's ``completeness_articles`` note and the article's parsed
steps and khoản. The document-wide list of held articles is for staff; a citizen reads only this sentence
for the articles actually cited."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from core.legal import Article, LawDocument

# Words in a completeness note that say an article is held only in part.
_PARTIAL = re.compile(r"\b(chỉ|thiếu|không rõ còn|một phần|bị cắt|phần đầu|lược bỏ|không có)\b", re.I)


def article_note(doc: LawDocument, number: int) -> str | None:
    """The parenthesis after 'Điều N' in the document's completeness note ('chỉ Bước 1 và Bước 2 …'), if any."""
    text = doc.completeness_articles or ""
    for match in re.finditer(rf"Điều\s+{number}\s*\(", text):
        depth, start = 1, match.end()
        for i in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                return text[start:i].strip()
    return None


def is_partial_article(doc: LawDocument, article: Article) -> bool:
    if not doc.is_partial:
        return False
    note = article_note(doc, article.number)
    return bool(note and _PARTIAL.search(note)) or "..." in article.body.split("\n")


def _ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 7, 8] -> '1–2, 7–8'; [3] -> '3'."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(numbers):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def held_parts(doc: LawDocument, article: Article) -> str | None:
    """'Bước 1–2', 'khoản 1–2, 7–8', 'phần đầu khoản 1' …: what is held of a partial article (None if whole)."""
    if not is_partial_article(doc, article):
        return None
    if article.steps:
        return "Bước " + _ranges([s.number for s in article.steps])
    if article.clauses:
        numbers = [c.number for c in article.clauses]
        clause = article.clauses[0]
        last = clause.text.rstrip().split("\n")[-1].strip()
        if len(numbers) == 1 and last.endswith(("...", "…")) and last not in ("...", "…"):  # cut mid-sentence
            return f"phần đầu khoản {clause.number}"
        return "khoản " + _ranges(numbers)
    return "một phần"


def partial_article_note(doc: LawDocument, article: Article) -> str | None:
    """'Kho dữ liệu chỉ có Bước 1–2 của Điều 7 Thông tư 46/2022/TT-BCA.' (None when the article is held whole)."""
    held = held_parts(doc, article)
    if held is None:
        return None
    return f"Kho dữ liệu chỉ có {held} của Điều {article.number} {doc.short_title}."


def partial_article_notes(pairs: Iterable[tuple[LawDocument, Article]]) -> list[str]:
    """One note per cited article held in part, in citation order."""
    notes: list[str] = []
    for doc, article in pairs:
        note = partial_article_note(doc, article)
        if note and note not in notes:
            notes.append(note)
    return notes
