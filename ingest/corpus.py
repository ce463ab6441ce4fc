"""Load the corpus: law documents and FAQ entries (Markdown with YAML front matter).

A broken file is reported (file and line) and skipped; the rest still loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.legal import CiteRef, FaqEntry, LawDocument
from ingest.legal_parser import parse_legal_text
from ingest.relations import (PendingAmendment, RelationError, attach, check_relation_targets, details_of, entry_lines, iso_date,
                              notes_of, pending_amendments, relations_of, resolve_amendment)
from core.text import nfc

LAW_KINDS = ("Luật", "Nghị định", "Thông tư")
FAQ_TYPES = ("permission", "procedure", "responsibility", "definition", "other")


@dataclass(frozen=True)
class CorpusProblem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Corpus:
    laws: list[LawDocument] = field(default_factory=list)
    faqs: list[FaqEntry] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)
    pending: list[PendingAmendment] = field(default_factory=list)

    def law(self, so_hieu: str) -> LawDocument | None:
        return next((d for d in self.laws if d.so_hieu == so_hieu), None)


class _FileError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def front_matter_text(text: str) -> str:
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
    return "\n".join(lines[1:end])


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line number where the body starts)."""
    if not text.startswith("---"):
        raise _FileError("thiếu phần đầu YAML (front matter) mở bằng '---'", 1)
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise _FileError("phần đầu YAML không có dòng '---' đóng lại", 1) from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise _FileError(f"YAML không hợp lệ: {problem}", line) from None
    if not isinstance(meta, dict):
        raise _FileError("phần đầu YAML phải là một bảng khóa: giá trị", 2)
    return meta, "\n".join(lines[end + 1 :]), end + 2


def _require(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is None or str(value).strip() == "":
        raise _FileError(f"thiếu trường bắt buộc '{key}' trong phần đầu YAML", 2)
    return nfc(str(value).strip())


def _sources(meta: dict[str, Any]) -> tuple[str, ...]:
    out = []
    for item in meta.get("sources") or []:
        if isinstance(item, dict):
            where = item.get("url") or " ".join(str(item[k]) for k in ("repo", "path", "commit") if item.get(k))
            out.append(str(where))
        else:
            out.append(str(item))
    return tuple(out)


def load_law(path: Path, text: str) -> tuple[LawDocument, list[PendingAmendment]]:
    """The document and its ``amends`` entries (applied once every document is loaded)."""
    meta, body, body_line = split_front_matter(text)
    lines = entry_lines(front_matter_text(text))
    loai = _require(meta, "loai")
    if loai not in LAW_KINDS:
        raise _FileError(f"'loai' phải là một trong {', '.join(LAW_KINDS)}, nhận được '{loai}'", 2)
    parsed = parse_legal_text(body, first_line=body_line)
    if parsed.problems:
        first = parsed.problems[0]
        raise _FileError(first.message, first.line)
    if not parsed.articles:
        raise _FileError("không tìm thấy điều nào (cần dòng dạng 'Điều 1. Tiêu đề')", body_line)
    status = meta.get("status") or {}
    completeness = meta.get("completeness") or {}
    if not isinstance(status, dict):
        status = {"text": str(status)}
    if not isinstance(completeness, dict):
        completeness = {"level": str(completeness)}
    so_hieu = _require(meta, "so_hieu")
    try:
        relations = relations_of(meta, lines)
        notes = notes_of(meta, lines)
        details = details_of(meta, lines)
        valid_to = iso_date(meta["valid_to"], "valid_to", (lines.get("valid_to") or [2])[0]) if meta.get("valid_to") else ""
    except RelationError as exc:
        raise _FileError(str(exc), exc.line) from None
    doc = LawDocument(
        doc_id=str(meta.get("id") or path.stem),
        so_hieu=so_hieu,
        title=_require(meta, "title"),
        short_title=nfc(str(meta.get("short_title") or f"{loai} {so_hieu}")),
        loai=loai,
        co_quan=nfc(str(meta.get("co_quan") or "không rõ")),
        ngay_ban_hanh=str(meta.get("ngay_ban_hanh") or "không rõ"),
        ngay_hieu_luc=str(meta.get("ngay_hieu_luc") or "không rõ"),
        status=nfc(str(status.get("text") or "không rõ")),
        status_source=str(status.get("source") or ""),
        status_checked=str(status.get("checked") or ""),
        completeness=str(completeness.get("level") or "partial"),
        completeness_articles=nfc(str(completeness.get("articles") or "")),
        sources=_sources(meta),
        path=path,
        articles=tuple(parsed.articles),
        in_force=status.get("in_force", True) is not False,
        valid_to=valid_to,
        relations=relations,
        notes=notes,
        text_quality=str(meta.get("text_quality") or ""),
        details=details,
    )
    try:
        return doc, pending_amendments(doc, meta, lines)
    except RelationError as exc:
        raise _FileError(str(exc), exc.line) from None


def _cite(item: Any) -> CiteRef:
    if not isinstance(item, dict) or "so_hieu" not in item or "article" not in item:
        raise _FileError("mỗi mục 'cites' cần so_hieu và article", 2)
    clause = item.get("clause")
    return CiteRef(nfc(str(item["so_hieu"])), int(item["article"]), int(clause) if clause is not None else None)


def load_faq(path: Path, text: str) -> FaqEntry:
    meta, body, _ = split_front_matter(text)
    faq_type = str(meta.get("type") or "other")
    if faq_type not in FAQ_TYPES:
        raise _FileError(f"'type' phải là một trong {', '.join(FAQ_TYPES)}, nhận được '{faq_type}'", 2)
    cites = tuple(_cite(c) for c in meta.get("cites") or [])
    if not cites:
        raise _FileError("mục FAQ phải dẫn ít nhất một điều luật trong 'cites'", 2)
    return FaqEntry(
        faq_id=str(meta.get("id") or path.stem),
        question=_require(meta, "question"),
        variants=tuple(nfc(str(v)) for v in meta.get("variants") or []),
        type=faq_type,
        conclusion=_require(meta, "conclusion"),
        cites=cites,
        body=nfc(body.strip()),
        path=path,
    )


def _read(path: Path) -> str:
    try:
        return nfc(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise _FileError(f"tệp không phải UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise _FileError(f"không đọc được tệp: {exc.strerror}") from None


def _corpus_files(root: Path, sub: str) -> list[Path]:
    folder = root / sub
    return sorted(p for p in folder.rglob("*.md") if p.name.lower() != "readme.md") if folder.is_dir() else []


def load_corpus(root: Path) -> Corpus:
    """Load ``root/laws`` and ``root/faq``; problems are collected, never raised."""
    corpus = Corpus()
    line_maps: dict[str, dict[str, list[int]]] = {}
    for path in _corpus_files(root, "laws"):
        try:
            text = _read(path)
            doc, pending = load_law(path, text)
        except _FileError as exc:
            corpus.problems.append(CorpusProblem(path, exc.line, str(exc)))
            continue
        corpus.laws.append(doc)
        corpus.pending += pending
        line_maps[doc.so_hieu] = entry_lines(front_matter_text(text))
    for path in _corpus_files(root, "faq"):
        try:
            corpus.faqs.append(load_faq(path, _read(path)))
        except _FileError as exc:
            corpus.problems.append(CorpusProblem(path, exc.line, str(exc)))
    seen: dict[str, Path] = {}
    for doc in list(corpus.laws):
        if doc.so_hieu in seen:
            corpus.problems.append(CorpusProblem(doc.path, 2, f"số hiệu {doc.so_hieu} trùng với {seen[doc.so_hieu]}"))
            corpus.laws.remove(doc)
        else:
            seen[doc.so_hieu] = doc.path
    _apply_relations(corpus, line_maps)
    return corpus


def _apply_relations(corpus: Corpus, line_maps: dict[str, dict[str, list[int]]]) -> None:
    """Check relation targets and attach each amendment to the document it amends."""
    documents = {d.so_hieu: d for d in corpus.laws}
    for doc in list(documents.values()):
        try:
            check_relation_targets(doc, documents, line_maps.get(doc.so_hieu, {}))
        except RelationError as exc:
            corpus.problems.append(CorpusProblem(doc.path, exc.line, str(exc)))
    attached: dict[str, list] = {}
    for pending in corpus.pending:
        try:
            target, amendment = resolve_amendment(pending, documents)
        except RelationError as exc:
            corpus.problems.append(CorpusProblem(pending.source.path, exc.line, str(exc)))
            continue
        attached.setdefault(target, []).append(amendment)
    for target, amendments in attached.items():
        attach(documents, target, amendments)
    corpus.laws = [documents[d.so_hieu] for d in corpus.laws]
