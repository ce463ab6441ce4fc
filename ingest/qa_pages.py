"""Read third-party Q&A pages (bold or plain question headings, a 'Căn cứ … Điều N …' basis line,
a 'Như vậy …' conclusion) into question/answer blocks with the articles they rely on.

Used by `dancu ingest --extra DIR` (kind=faq_external, stays in the user's local index) and by
`dancu eval build-from-faq`. These pages are copyrighted: they are read at run time, never committed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.legal_refs import ArticleRef, find_article_refs
from core.text import clean_spaces, nfc

_BASIS = re.compile(r"^(Căn cứ|Theo|Tại|Dựa theo|Dựa trên)\b.*\bĐiều\s+\d+", re.IGNORECASE)
_CONCLUSION = re.compile(r"^(Như vậy|Theo quy định trên|Theo đó|Vậy)\b", re.IGNORECASE)
_MARKS = re.compile(r"[*_#>]+")
_FOOTER = re.compile(r"^(MỚI NHẤT|Đặt câu hỏi|Bài viết liên quan|XEM THÊM)\b")


@dataclass(frozen=True)
class QaBlock:
    question: str
    answer: str
    basis: str
    conclusion: str | None
    refs: tuple[ArticleRef, ...]
    source: str


def _plain_line(line: str) -> str:
    return clean_spaces(_MARKS.sub(" ", line))


def _is_question(line: str) -> bool:
    return line.endswith("?") and 15 <= len(line) <= 300


def parse_qa_page(text: str, source: str = "") -> list[QaBlock]:
    """Blocks with a question and at least one article reference in a basis line."""
    lines = [_plain_line(raw) for raw in nfc(text).split("\n")]
    blocks: list[QaBlock] = []
    question: str | None = None
    body: list[str] = []

    def flush() -> None:
        if question is None:
            return
        basis = next((b for b in body if _BASIS.match(b)), None)
        if basis is None:
            return
        refs = tuple(r for r in find_article_refs(basis) if r.doc is not None)
        if not refs:
            return
        conclusion = next((b for b in body if _CONCLUSION.match(b)), None)
        blocks.append(QaBlock(question, "\n".join(body), basis, conclusion, refs, source))

    for line in lines:
        if not line:
            continue
        if _FOOTER.match(line):
            break
        if _is_question(line):
            if line != question:
                flush()
            question, body = line, []
            continue
        if question is not None:
            body.append(line)
    flush()
    # A page often repeats its question as title and heading: keep the last block per question.
    unique: dict[str, QaBlock] = {b.question: b for b in blocks}
    return list(unique.values())


def read_qa_dir(folder: Path) -> list[QaBlock]:
    blocks: list[QaBlock] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in {".md", ".txt"} or path.name.lower() == "readme.md":
            continue
        blocks += parse_qa_page(path.read_text(encoding="utf-8", errors="replace"), source=path.name)
    return blocks
