"""What the web page shows, as text: the user's message, the answer, the sources panel and the staff checklist.

Pure functions of an Answer and the served documents. Everything that did not come from us is escaped: the chat
renders Markdown (and HTML), so a question like ``<img src=http://…>`` must show as text, never as markup
that runs or fetches something. The HTML comes from the Jinja2 templates in web/templates, which escape
every value they are given.

The sources panel reads, for each cited article, the wording in force on the answer's date
(``core.versions.article_as_of``), so the highlighted clause is the wording that was quoted. Each block shows,
in this order: the cited clause, point or step (highlighted), the rest of the article, then the document's
facts (status and when it was checked, amendments of the article with the amending provision, coverage).
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from bot import Citation
from core.legal import Article, LawDocument, vn_date
from core.versions import article_as_of

# ASCII punctuation that Markdown (or the chat's $$…$$ LaTeX) would interpret; '&', '<', '>' become entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$=:^\"'])")
_STEP_NUMBER = re.compile(r"Bước\s+(\d+)")
_ARTICLE_PREFIX = re.compile(r"^Điều\s+\d+\s*[.:]\s*")
STAFF_CHECKLIST_HEADING = "**Danh mục kiểm tra (cán bộ)**"
CHECKLIST_POINTER = ("**Danh mục kiểm tra:** ở khung “Danh mục kiểm tra thủ tục” (đánh dấu từng việc, "
                     "in hoặc tải về).")
OCR_NOTE = "đọc từ bản quét (OCR)"


def escape_user_text(text: str) -> str:
    """Markdown that displays ``text`` literally (no HTML, no links, no emphasis)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_answer_markdown(markdown: str) -> str:
    """The answer's Markdown with raw HTML and links disabled.

    The answer is our own Markdown, but it quotes the corpus and, in refusals, names what the user asked
    about; '<' and '&' become entities and '](' is broken so no tag, image or link can be injected.
    Line-initial '>' (block quotes) is kept.
    """
    return markdown.replace("&", "&amp;").replace("<", "&lt;").replace("](", "]\\(")


def chat_answer_markdown(markdown: str, with_checklist_panel: bool) -> str:
    """The answer as the chat shows it. When the checklist panel shows the procedure (staff mode), the
    answer's own copy of the checklist is replaced by a pointer to it: the steps are read once, not three times."""
    if not with_checklist_panel or STAFF_CHECKLIST_HEADING not in markdown:
        return safe_answer_markdown(markdown)
    blocks = markdown.split("\n\n")
    start = blocks.index(STAFF_CHECKLIST_HEADING)
    end = start + 1
    while end < len(blocks) and blocks[end].startswith("- [ ] "):
        end += 1
    return safe_answer_markdown("\n\n".join([*blocks[:start], CHECKLIST_POINTER, *blocks[end:]]))


@functools.cache
def _templates() -> Environment:
    """The HTML templates of web/templates, autoescaped; built on first use, once per process."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    env.filters["vn_date"] = vn_date
    return env


def _render(name: str, **context: Any) -> str:
    return _templates().get_template(name).render(**context)


def page_html(name: str, **context: Any) -> str:
    """A whole page of web/templates (the evaluator workbench)."""
    return _render(name, **context)


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- the sources panel ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    text: str
    unit: str  # 'intro', 'k2', 'b1': the part of the article the line belongs to
    point: str | None = None  # the điểm letter when the line is one


def _lines(article: Article) -> list[Line]:
    out = [Line(text, "intro") for text in _nonblank(article.intro)] if article.intro else []
    for clause in article.clauses:
        for text in _nonblank(clause.text):
            match = re.match(r"([a-zđ])\)", text.lstrip())
            out.append(Line(text, f"k{clause.number}", match.group(1) if match else None))
    for step in article.steps:
        out += [Line(text, f"b{step.number}") for text in _nonblank(step.text)]
    return out


def _unit_of(citation: Citation) -> str | None:
    if citation.clause is not None:
        return f"k{citation.clause}"
    if citation.step is not None:
        return f"b{citation.step}"
    return None


def _unit_name(unit: str) -> str:
    return ("khoản " if unit.startswith("k") else "Bước ") + unit[1:]


def split_article(article: Article, cited: Sequence[Citation]) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(the cited part, the rest) of the article as (text, highlighted) lines.

    The cited part: each cited khoản or step, in the order cited; for a cited điểm, the khoản's opening line
    (context, not highlighted) and the điểm. The rest: the article's other lines in order, with one line
    ``(khoản 2: trích ở trên)`` where a cited part was taken out. When the whole article is cited, the whole
    article is the cited part, highlighted nowhere in particular.
    """
    lines = _lines(article)
    wanted: dict[str, set[str | None]] = {}
    for citation in cited:
        unit = _unit_of(citation)
        if unit is not None:
            wanted.setdefault(unit, set()).add(citation.point if citation.step is None else None)
    if not wanted:
        return [(line.text, False) for line in lines], []

    def highlighted(line: Line) -> bool:
        points = wanted.get(line.unit)
        if points is None:
            return False
        return None in points or line.point in points

    top: list[tuple[str, bool]] = []
    for unit, points in wanted.items():
        unit_lines = [line for line in lines if line.unit == unit]
        if None not in points and unit_lines and not highlighted(unit_lines[0]):
            top.append((unit_lines[0].text, False))  # the khoản's opening words, for the cited điểm
        top += [(line.text, True) for line in unit_lines if highlighted(line)]
    rest: list[tuple[str, bool]] = []
    placed: set[str] = set()
    for line in lines:
        if not highlighted(line):
            rest.append((line.text, False))
        elif line.unit not in placed:
            placed.add(line.unit)
            rest.append((f"({_unit_name(line.unit)}: trích ở trên)", False))
    if len(rest) == len(placed):  # nothing but the cited parts: no "rest" to show
        rest = []
    return top, rest


def _status(doc: LawDocument) -> str:
    text = doc.status + ("" if doc.in_force else " (không còn hiệu lực)")
    return text + (f" — kiểm tra ngày {vn_date(doc.status_checked)}" if doc.status_checked else "")


def _coverage(doc: LawDocument) -> str:
    if not doc.is_partial:
        return "Kho dữ liệu có toàn văn văn bản này."
    held = f" {doc.completeness_articles}" if doc.completeness_articles else f" Có: {doc.held_articles}."
    return f"Kho dữ liệu chỉ có một phần văn bản này.{held}"


def _amendments(doc: LawDocument, number: int, day: str | None,
                documents: Mapping[str, LawDocument]) -> list[str]:
    """One line per amendment of article ``number``: what changed, by which provision, from when; whether
    it applies on ``day``; whether its text was read from a scan."""
    out = []
    for amendment in sorted((a for a in doc.amendments if a.article == number), key=lambda a: a.effective):
        where = ("cả điều" if amendment.clauses is None
                 else "khoản " + ", ".join(str(c) for c in amendment.clauses))
        how = {"replace": "được sửa đổi", "phrase": "được sửa cụm từ", "annex": "được sửa phụ lục"}.get(
            amendment.kind, "được sửa đổi")
        when = ""
        if day is not None and amendment.effective > day:
            when = f" (chưa áp dụng vào ngày {vn_date(day)})"
        amending = documents.get(amendment.by_so_hieu)
        ocr = f" — lời văn sửa đổi {OCR_NOTE}" if amending is not None and amending.text_quality == "ocr" else ""
        out.append(f"{_capitalize(where)} {how} bởi {amendment.cited_as}{when}{ocr}.")
    for relation in doc.related("amended_by"):
        if not relation.held and (day is None or relation.effective <= day):
            name = relation.title or relation.so_hieu
            out.append(f"Văn bản được sửa đổi bởi {name}, hiệu lực {vn_date(relation.effective)}; kho dữ liệu chưa có "
                       "văn bản sửa đổi này, nên lời văn có thể đã thay đổi.")
    return out


def _document_facts(doc: LawDocument | None, citation: Citation, number: int, day: str | None,
                    documents: Mapping[str, LawDocument]) -> list[tuple[str, str]]:
    """(label, value) rows of the facts table about the cited document."""
    if doc is None:
        checked = f" — kiểm tra ngày {vn_date(citation.status_checked)}" if citation.status_checked else ""
        return [("Văn bản", citation.document), ("Số hiệu", citation.so_hieu), ("Tình trạng", citation.status + checked)]
    rows = [("Văn bản", doc.title), ("Số hiệu", doc.so_hieu), ("Tình trạng", _status(doc))]
    if doc.ngay_hieu_luc[:1].isdigit():
        rows.append(("Hiệu lực từ", vn_date(doc.ngay_hieu_luc)))
    rows += [("Sửa đổi", line) for line in _amendments(doc, number, day, documents)]
    if doc.text_quality == "ocr":
        rows.append(("Nguồn văn bản", f"Văn bản này được {OCR_NOTE}; lỗi nhận dạng rõ ràng đã được sửa."))
    rows.append(("Trong kho dữ liệu", _coverage(doc)))
    return rows


def _wording_note(cited: Sequence[Citation], day: str | None) -> str:
    amended = list(dict.fromkeys(c.amended_by for c in cited if c.amended_by))
    if amended:
        return "Lời văn theo " + "; ".join(amended) + "."
    return f"Lời văn áp dụng ngày {vn_date(day)}." if day else ""


def sources_html(citations: Sequence[Citation], documents: Mapping[str, LawDocument] | None,
                 as_of: str | None = None) -> str:
    """One block per cited article (the first one open): cited part, rest of the article, document facts."""
    documents = documents or {}
    groups: OrderedDict[tuple[str, int], list[Citation]] = OrderedDict()
    for citation in citations:
        groups.setdefault((citation.so_hieu, citation.article), []).append(citation)
    blocks = []
    for (so_hieu, number), cited in groups.items():
        doc = documents.get(so_hieu)
        article = None
        if doc is not None:
            article = article_as_of(doc, number, as_of) or doc.article(number)
        block: dict[str, Any] = {
            "so_hieu": so_hieu,
            "number": number,
            "labels": "; ".join(_capitalize(c.label) for c in cited),
            "title": _ARTICLE_PREFIX.sub("", cited[0].title) or (article.title if article is not None else ""),
            "facts": _document_facts(doc, cited[0], number, as_of, documents),
            "wording": _wording_note(cited, as_of),
        }
        if article is not None and (article.intro or article.clauses or article.steps):
            top, rest = split_article(article, cited)
            block.update(heading=article.heading, top=top, rest=rest, empty=False)
        else:  # no text of the article (not held, or an index older than the answer): the quotes are all we have
            block.update(heading=article.heading if article is not None else None,
                         top=[(c.quote, True) for c in cited], rest=[], empty=article is not None)
        blocks.append(block)
    return _render("sources.html", blocks=blocks)


def article_html(article: Article, cited: Sequence[Citation]) -> str:
    """The full article in order, the cited clauses, points or steps inside <mark>."""
    top, rest = split_article(article, cited)
    marked = {text for text, mark in top if mark}
    lines = [(line.text, line.text in marked) for line in _lines(article)]
    empty = not (article.intro or article.clauses or article.steps)
    return _render("article.html", heading=article.heading, lines=lines, empty=empty)


# -- the staff checklist ----------------------------------------------------------------------------
_CITED_STEP = re.compile(r"^(Bước \d+|Cách \d+, mục \d+) \((.+)\)$")


def _step_citation(step_text: str, citations: Sequence[Citation]) -> Citation | None:
    match = _STEP_NUMBER.search(step_text)
    number = int(match.group(1)) if match else None
    by_step = next((c for c in citations if number is not None and c.step == number), None)
    return by_step or next((c for c in citations if c.step is not None), None)


def checklist_items(steps: Sequence[str], citations: Sequence[Citation]) -> list[dict[str, Any]]:
    items = []
    for step in steps:
        head, _, rest = step.partition("\n")
        cited_in_head = _CITED_STEP.match(head)  # 'Bước 1 (điểm a khoản 1 Điều 23 …)': a điểm said as a step
        if cited_in_head:
            items.append({"head": cited_in_head.group(1), "details": _nonblank(rest),
                          "cite": _capitalize(cited_in_head.group(2))})
            continue
        citation = _step_citation(head, citations)
        items.append({"head": head, "details": _nonblank(rest), "cite": _capitalize(citation.label) if citation else ""})
    return items


def checklist_markdown(steps: Sequence[str], citations: Sequence[Citation], question: str = "",
                       as_of: str = "", done: Iterable[str] = ()) -> str:
    """The printable checklist as Markdown (the page's 'Tải về' builds the same from the ticked boxes)."""
    ticked = set(done)
    lines = ["# Danh mục kiểm tra thủ tục", ""]
    if question:
        lines += [f"Câu hỏi: {question}", ""]
    if as_of:
        lines += [f"Ngày áp dụng: {vn_date(as_of)}", ""]
    for n, item in enumerate(checklist_items(steps, citations), start=1):
        lines.append(f"- [{'x' if f'{n}' in ticked else ' '}] **{item['head']}**")
        lines += [f"    - [{'x' if f'{n}.{m}' in ticked else ' '}] {d}" for m, d in enumerate(item["details"], start=1)]
        if item["cite"]:
            lines.append(f"    - Căn cứ: {item['cite']}")
    lines += ["", "_Thông tin tham khảo, không thay thế văn bản pháp luật chính thức._"]
    return "\n".join(lines) + "\n"


def checklist_html(steps: Sequence[str], citations: Sequence[Citation], question: str = "", as_of: str = "") -> str:
    """Staff mode: each step and each of its items as a box to tick, the provision it comes from, the progress,
    and buttons to print the checklist or save it as Markdown."""
    if not steps:
        return ""
    items = checklist_items(steps, citations)
    total = sum(1 + len(item["details"]) for item in items)
    return _render("checklist.html", steps=items, total=total, question=question, as_of=as_of)


# -- the evaluator workbench: our answer Markdown as HTML -------------------------------------------------
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])_(.+?)_(?![\w*])")


def _inline(text: str) -> Markup:
    html = str(escape(text))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return Markup(_ITALIC.sub(r"<em>\1</em>", html))


def _list_html(lines: Sequence[str]) -> str:
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(f"<li>{_inline(line[2:].removeprefix('[ ] '))}")
        elif line.lstrip().startswith("- "):
            items[-1] += f"<ul><li>{_inline(line.lstrip()[2:])}</li></ul>"
        elif line.startswith(">"):
            items[-1] += f"<blockquote>{_inline(line[1:].strip())}</blockquote>"
        else:
            items[-1] += f"<br>{_inline(line)}"
    return "<ul>" + "".join(item + "</li>" for item in items) + "</ul>"


def answer_html(markdown: str) -> str:
    """The subset of Markdown our answers use (paragraphs, **bold**, _italic_, '- ' lists with indented
    sub-items, '> ' quotes, '- [ ] ' boxes) as HTML, every character of the text escaped."""
    out: list[str] = []
    for block in markdown.strip().split("\n\n"):
        lines = block.split("\n")
        if all(line.startswith(">") for line in lines):
            out.append("<blockquote>" + "<br>".join(_inline(line[1:].strip()) for line in lines) + "</blockquote>")
            continue
        # Lines before the first list item are a paragraph ('**Lưu ý**'); from there on, a list.
        first_item = next((i for i, line in enumerate(lines) if line.startswith("- ")), len(lines))
        if first_item:
            out.append("<p>" + "<br>".join(_inline(line) for line in lines[:first_item]) + "</p>")
        if first_item < len(lines):
            out.append(_list_html(lines[first_item:]))
    return "\n".join(out).replace("</blockquote><blockquote>", "<br>")
