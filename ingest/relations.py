"""Document relations from the corpus front matter: replaced_by / replaces / amended_by / amends, the
provisions an amending document rewrites, and notes on held provisions (two-level local government,
spent transitional rules).

``amends`` entries are applied to their target: the new wording is read from the quotation inside the
amending khoản (or điểm) of the amending document itself, parsed like any article, and attached to the target
as an ``Amendment``. A typo or a dangling reference is a corpus problem with its file and line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from core.legal import Amendment, Article, Detail, LawDocument, ProvisionNote, Relation
from ingest.legal_parser import opens_quote, parse_legal_text

RELATION_KEYS = ("replaced_by", "replaces", "amended_by", "amends")
AMENDMENT_KINDS = ("replace", "phrase", "annex")


class RelationError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class PendingAmendment:
    """An ``amends`` entry waiting for its target document to be loaded."""

    source: LawDocument
    entry: dict[str, Any]
    line: int


def iso_date(value: Any, what: str, line: int | None) -> str:
    text = str(value or "").strip()
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise RelationError(f"{what}: ngày '{text}' không đúng dạng YYYY-MM-DD", line) from None
    return text


def relations_of(meta: dict[str, Any], lines: dict[str, list[int]]) -> tuple[Relation, ...]:
    out = []
    for kind in ("replaced_by", "replaces", "amended_by"):
        entries = meta.get(kind) or []
        if not isinstance(entries, list):
            raise RelationError(f"'{kind}' phải là một danh sách", (lines.get(kind) or [2])[0])
        for i, entry in enumerate(entries):
            line = _line(lines, kind, i)
            if not isinstance(entry, dict) or not entry.get("so_hieu"):
                raise RelationError(f"mỗi mục '{kind}' cần so_hieu", line)
            out.append(Relation(kind, str(entry["so_hieu"]), iso_date(entry.get("effective"), kind, line),
                                str(entry.get("title") or ""), entry.get("held", True) is not False,
                                str(entry.get("note") or "")))
    return tuple(out)


def notes_of(meta: dict[str, Any], lines: dict[str, list[int]]) -> tuple[ProvisionNote, ...]:
    out = []
    for i, entry in enumerate(meta.get("notes") or []):
        line = _line(lines, "notes", i)
        if not isinstance(entry, dict) or entry.get("kind") != "two_level_government":
            raise RelationError("mỗi mục 'notes' cần kind: two_level_government", line)
        effective = iso_date(entry.get("effective"), "notes", line)
        reads_now, source = str(entry.get("reads_now") or ""), str(entry.get("reads_now_source") or "")
        if bool(reads_now) != bool(source):
            raise RelationError("'reads_now' cần đi cùng 'reads_now_source' (nơi văn bản sửa đổi nêu cụm từ đó)", line)
        for where in entry.get("where") or []:
            out.append(ProvisionNote("two_level_government", int(where["article"]), where.get("clause"), effective,
                                     str(where.get("note") or ""), reads_now, source))
    for i, entry in enumerate(meta.get("transitional") or []):
        line = _line(lines, "transitional", i)
        if not isinstance(entry, dict) or "article" not in entry:
            raise RelationError("mỗi mục 'transitional' cần article và until", line)
        out.append(ProvisionNote("transitional", int(entry["article"]), entry.get("clause"),
                                 iso_date(entry.get("until"), "transitional", line), str(entry.get("scope") or "")))
    return tuple(out)


def details_of(meta: dict[str, Any], lines: dict[str, list[int]]) -> tuple[Detail, ...]:
    out = []
    for i, entry in enumerate(meta.get("details") or []):
        line = _line(lines, "details", i)
        try:
            out.append(Detail(int(entry["article"]), str(entry["law"]), tuple(int(a) for a in entry["law_articles"])))
        except (KeyError, TypeError, ValueError):
            raise RelationError("mỗi mục 'details' cần article, law và law_articles", line) from None
    return tuple(out)


def pending_amendments(doc: LawDocument, meta: dict[str, Any], lines: dict[str, list[int]]) -> list[PendingAmendment]:
    entries = meta.get("amends") or []
    if not isinstance(entries, list):
        raise RelationError("'amends' phải là một danh sách", (lines.get("amends") or [2])[0])
    return [PendingAmendment(doc, entry, _line(lines, "amends", i)) for i, entry in enumerate(entries)]


def _line(lines: dict[str, list[int]], key: str, index: int) -> int:
    found = lines.get(key) or []
    return found[index] if index < len(found) else (found[0] if found else 2)


# -- applying amendments -----------------------------------------------------------------------
def _quoted(text: str) -> str:
    """The text inside the quotation marks of an amending provision (several quotations are joined)."""
    kept: list[str] = []
    inside = False
    for line in text.split("\n"):
        was = inside
        inside = opens_quote(line, inside)
        if was or inside or line.lstrip().startswith(('"', "“")):
            kept.append(line)
    body = "\n".join(kept)
    return re.sub(r'^[\s"“]+|[\s"”]+$', "", re.sub(r'(^|\n)\s*["“]', r"\1", re.sub(r'["”]\s*(\n|$)', r"\1", body)))


def _amending_text(source: LawDocument, by: dict[str, Any], line: int) -> tuple[str, str]:
    """(text of the amending khoản or điểm, its citation label)."""
    article = source.article(int(by.get("article", 0)))
    clause = article.clause(int(by.get("clause", 0))) if article else None
    if article is None or clause is None:
        raise RelationError(f"amends: không có khoản {by.get('clause')} Điều {by.get('article')} trong chính văn bản", line)
    label = f"khoản {clause.number} Điều {article.number} {source.short_title}"
    point = by.get("point")
    if not point:
        return clause.text, label
    lines = clause.text.split("\n")
    outside: list[int] = []  # lines that start outside any quotation (where a điểm of this khoản can begin)
    inside = False
    for i, text in enumerate(lines):
        if not inside:
            outside.append(i)
        inside = opens_quote(text, inside)
    starts = [i for i in outside if re.match(r"^[a-zđ]\)", lines[i])]
    start = next((i for i in starts if lines[i].startswith(f"{point})")), None)
    if start is None:
        raise RelationError(f"amends: khoản {clause.number} Điều {article.number} không có điểm {point}", line)
    end = next((i for i in starts if i > start), len(lines))
    return "\n".join(lines[start:end]), f"điểm {point} {label}"


def _wording(entry: dict[str, Any], text: str, line: int) -> Article:
    quoted = _quoted(text)
    number = int(entry["article"])
    if not quoted:
        raise RelationError("amends: khoản sửa đổi không có lời văn trong dấu ngoặc kép", line)
    # an article the corpus holds only through this amendment takes the editorial title given with it, if any
    title = str(entry.get("article_title") or "")
    body = quoted if quoted.startswith("Điều ") else f"Điều {number}. {title}\n{quoted}"
    parsed = parse_legal_text(body)
    if not parsed.articles or parsed.articles[0].number != number:
        raise RelationError(f"amends: lời văn mới không phải của Điều {number}", line)
    wording = parsed.articles[0]
    clauses = entry.get("clauses")
    if clauses:
        missing = [c for c in clauses if wording.clause(int(c)) is None]
        if missing:
            raise RelationError(f"amends: lời văn mới không có khoản {', '.join(map(str, missing))} Điều {number}", line)
    return wording


def resolve_amendment(pending: PendingAmendment, documents: dict[str, LawDocument]) -> tuple[str, Amendment]:
    """(target số hiệu, the Amendment to attach); raises RelationError with the entry's line."""
    entry, line, source = pending.entry, pending.line, pending.source
    if not isinstance(entry, dict):
        raise RelationError("mỗi mục 'amends' phải là một bảng khóa: giá trị", line)
    target = str(entry.get("target") or "")
    if target not in documents:
        raise RelationError(f"amends: văn bản đích '{target}' không có trong kho văn bản", line)
    kind = str(entry.get("kind") or "replace")
    if kind not in AMENDMENT_KINDS:
        raise RelationError(f"amends: kind phải là một trong {', '.join(AMENDMENT_KINDS)}, nhận được '{kind}'", line)
    effective = iso_date(entry.get("effective"), "amends", line)
    by = entry.get("by") or {}
    text, label = _amending_text(source, by, line)
    if kind != "replace":
        return target, Amendment(0, None, None, effective, source.so_hieu, label, kind, str(entry.get("old") or ""),
                                 str(entry.get("new") or ""), str(entry.get("where") or entry.get("annex") or ""))
    if "article" not in entry:
        raise RelationError("amends: thiếu 'article' của văn bản đích", line)
    clauses = entry.get("clauses")
    wording = _wording(entry, text, line)
    return target, Amendment(int(entry["article"]), tuple(int(c) for c in clauses) if clauses else None, wording,
                             effective, source.so_hieu, label)


def attach(documents: dict[str, LawDocument], target: str, amendments: list[Amendment]) -> None:
    documents[target] = dataclasses.replace(documents[target], amendments=documents[target].amendments + tuple(amendments))


def check_relation_targets(doc: LawDocument, documents: dict[str, LawDocument], lines: dict[str, list[int]]) -> None:
    """A relation to a document marked as held must name a document of the corpus; 'details' must point to held
    articles of a held law."""
    for i, detail in enumerate(doc.details):
        law = documents.get(detail.law)
        missing = [a for a in detail.law_articles if law is None or law.article(a) is None]
        if doc.article(detail.article) is None or missing:
            raise RelationError(f"details: Điều {detail.article} → {detail.law} Điều {', '.join(map(str, missing))} "
                                "không có trong kho văn bản", _line(lines, "details", i))
    counters: dict[str, int] = {}
    for relation in doc.relations:
        i = counters.get(relation.kind, 0)
        counters[relation.kind] = i + 1
        if relation.held and relation.so_hieu not in documents:
            raise RelationError(f"{relation.kind}: văn bản '{relation.so_hieu}' không có trong kho văn bản "
                                "(ghi held: false nếu kho không giữ văn bản đó)", _line(lines, relation.kind, i))


def entry_lines(front_matter: str, first_line: int = 2) -> dict[str, list[int]]:
    """File line of each list item under the top-level keys (for error messages)."""
    import yaml

    try:
        node = yaml.compose(front_matter)
    except yaml.YAMLError:
        return {}
    out: dict[str, list[int]] = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        if isinstance(value, yaml.SequenceNode):
            out[key.value] = [item.start_mark.line + first_line for item in value.value]
        else:
            out[key.value] = [key.start_mark.line + first_line]
    return out

