"""Find references like 'khoản 2 Điều 3 Thông tư 46/2022/TT-BCA' or 'dieu 7 tt 46' in text.

Works on the diacritics-stripped, lower-cased text so that questions typed without diacritics
resolve too. Document names map to their số hiệu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import nfc, strip_diacritics

# Laws are usually named, not numbered, in questions and Q&A pages.
LAW_NAMES: tuple[tuple[str, str], ...] = (
    ("luat can cuoc cong dan", "59/2014/QH13"),
    ("luat cccd", "59/2014/QH13"),
    ("luat can cuoc", "26/2023/QH15"),
    ("luat bao ve du lieu ca nhan", "91/2025/QH15"),
    ("luat du lieu", "60/2024/QH15"),
)

_KIND = {"thong tu": "TT", "tt": "TT", "nghi dinh": "ND", "nd": "ND", "luat": "L"}
_SO_HIEU = re.compile(r"\b(\d{1,3})/(\d{4})/([a-z]{2,4}(?:-[a-z]{2,5})?|qh\d{2})\b")
_DOC = re.compile(
    r"\b(thong tu|nghi dinh|tt|nd)\s*(?:so\s*)?(\d{1,3})(?:\s*/\s*(\d{4}))?(?:\s*/\s*([a-z]{2,4}(?:-[a-z]{2,5})?))?\b"
)
_NAMED_LAW = re.compile(r"\bluat ((?:[a-z]+ ){1,7}?)(?:nam |so )?(\d{4})\b")
_ARTICLE = re.compile(
    r"(?:diem\s+([a-z])\s*,?\s*)?(?:khoan\s+(\d+)\s*,?\s*)?(?:buoc\s+(\d+)\s*,?\s*)?\bdieu\s+(\d+)\b"
)


@dataclass(frozen=True)
class DocRef:
    """A document named in text. ``so_hieu`` is None when the name is ambiguous."""

    so_hieu: str | None
    number: int | None
    year: int | None
    kind: str | None
    start: int
    name: str = ""  # how the text names it, e.g. "luat an ninh mang 2018"


@dataclass(frozen=True)
class ArticleRef:
    article: int
    clause: int | None
    point: str | None
    step: int | None
    doc: DocRef | None


def _plain(text: str) -> str:
    return strip_diacritics(nfc(text)).lower()


def _format_so_hieu(match: re.Match[str]) -> str:
    suffix = match.group(3).upper().replace("ND-", "NĐ-")
    return f"{int(match.group(1))}/{match.group(2)}/{suffix}"


def find_documents(text: str) -> list[DocRef]:
    """Every document reference in ``text``, in order of appearance."""
    plain = _plain(text)
    refs: list[DocRef] = []
    taken: list[range] = []
    for m in _SO_HIEU.finditer(plain):
        refs.append(DocRef(_format_so_hieu(m), int(m.group(1)), int(m.group(2)), None, m.start()))
        taken.append(range(m.start(), m.end()))
    for m in _DOC.finditer(plain):
        if any(m.start(2) in span for span in taken):
            continue
        year = int(m.group(3)) if m.group(3) else None
        kind = _KIND[m.group(1)]
        refs.append(DocRef(None, int(m.group(2)), year, kind, m.start()))
    for name, so_hieu in LAW_NAMES:
        for m in re.finditer(rf"\b{name}\b", plain):
            if any(m.start() in span for span in taken):
                continue
            refs.append(DocRef(so_hieu, None, None, "L", m.start()))
            taken.append(range(m.start(), m.end()))
    for m in _NAMED_LAW.finditer(plain):
        if any(m.start() in span for span in taken):
            continue
        refs.append(DocRef(None, None, int(m.group(2)), "L", m.start(), name=m.group(0)))
    return sorted(refs, key=lambda r: r.start)


def find_article_refs(text: str) -> list[ArticleRef]:
    """Article references, each tied to the nearest document named after it (or None)."""
    plain = _plain(text)
    docs = find_documents(text)
    out: list[ArticleRef] = []
    for m in _ARTICLE.finditer(plain):
        following = [d for d in docs if d.start >= m.end() and d.start - m.end() < 40]
        doc = following[0] if following else None
        out.append(
            ArticleRef(
                article=int(m.group(4)),
                clause=int(m.group(2)) if m.group(2) else None,
                point=m.group(1),
                step=int(m.group(3)) if m.group(3) else None,
                doc=doc,
            )
        )
    return out


def resolve_so_hieu(doc: DocRef, known: list[str]) -> str | None:
    """Match a (possibly partial) document reference against the known số hiệu list."""
    if doc.so_hieu:
        return doc.so_hieu if doc.so_hieu in known else None
    if doc.number is None and doc.kind == "L" and doc.year and set(doc.name.split()[1:-1]) <= {"nam", "so"}:
        # "luật năm 2014": a law by its year alone, when one law of that year is held
        laws = [s for s in known if s.split("/")[1] == str(doc.year) and s.split("/")[2].startswith("QH")]
        return laws[0] if len(laws) == 1 else None
    candidates = []
    for so_hieu in known:
        number, year, suffix = so_hieu.split("/")
        kind = "TT" if suffix.startswith("TT") else "ND" if suffix.startswith("NĐ") else "L"
        if doc.number == int(number) and (doc.year is None or doc.year == int(year)) and doc.kind == kind:
            candidates.append(so_hieu)
    return candidates[0] if len(candidates) == 1 else None
