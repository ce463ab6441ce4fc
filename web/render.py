"""What the web page shows, as text: the user's message, the answer, the sources panel and the staff checklist.

Pure functions of an Answer and the served documents. Everything that did not come from us is escaped: the chat
renders Markdown (and HTML), so a question like ``<img src=http://…>`` must show as text, never as markup
that runs or fetches something. The HTML comes from the Jinja2 templates in web/templates, which escape
every value they are given.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any, Mapping, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot import Citation
from core.legal import Article, LawDocument

# ASCII punctuation that Markdown (or the chat's $$…$$ LaTeX) would interpret; '&', '<', '>' become entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$=:^\"'])")
_STEP_NUMBER = re.compile(r"Bước\s+(\d+)")


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


def _coverage(doc: LawDocument) -> str:
    if not doc.is_partial:
        return "Kho dữ liệu có toàn văn văn bản này."
    held = f" {doc.completeness_articles}" if doc.completeness_articles else ""
    return f"Kho dữ liệu chỉ có một phần văn bản này.{held}"


@functools.cache
def _templates() -> Environment:
    """The HTML templates of web/templates, autoescaped; built on first use, once per process."""
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )


def _render(name: str, **context: Any) -> str:
    return _templates().get_template(name).render(**context)


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _clause_lines(text: str, point: str | None) -> list[tuple[str, bool]]:
    """Lines of a cited clause: all highlighted, or only the cited point's line ('a) …')."""
    lines = _nonblank(text)
    if point is None:
        return [(line, True) for line in lines]
    return [(line, line.lstrip().startswith(f"{point})")) for line in lines]


def _article_lines(article: Article, cited: Sequence[Citation]) -> tuple[list[tuple[str, bool]], bool]:
    """The article's lines as (text, highlighted), and whether to say the corpus holds no text for it."""
    clauses = {c.clause: c.point for c in cited if c.clause is not None}
    steps = {c.step for c in cited if c.step is not None}
    whole = not clauses and not steps  # the article itself is cited: highlight nothing in particular
    lines = [(line, False) for line in _nonblank(article.intro)] if article.intro else []
    for clause in article.clauses:
        if clause.number in clauses:
            lines += _clause_lines(clause.text, clauses[clause.number])
        else:
            lines += [(line, False) for line in _nonblank(clause.text)]
    for step in article.steps:
        mark = step.number in steps
        lines += [(line, mark) for line in _nonblank(step.text)]
    empty = whole and not article.clauses and not article.steps and not article.intro
    return lines, empty


def article_html(article: Article, cited: Sequence[Citation]) -> str:
    """The full article, the cited clauses, points or steps inside <mark>."""
    lines, empty = _article_lines(article, cited)
    return _render("article.html", heading=article.heading, lines=lines, empty=empty)


def _document_facts(doc: LawDocument | None, citation: Citation) -> list[tuple[str, str]]:
    """(label, value) rows of the facts table about the cited document."""
    if doc is None:
        return [("Văn bản", citation.document), ("Số hiệu", citation.so_hieu), ("Tình trạng", citation.status)]
    return [
        ("Văn bản", doc.title),
        ("Số hiệu", doc.so_hieu),
        ("Tình trạng", doc.status + ("" if doc.in_force else " (không còn hiệu lực)")),
        ("Trong kho dữ liệu", _coverage(doc)),
    ]


def sources_html(citations: Sequence[Citation], documents: Mapping[str, LawDocument] | None) -> str:
    """One collapsible block per cited article: document facts, then the article with its cited parts marked."""
    groups: OrderedDict[tuple[str, int], list[Citation]] = OrderedDict()
    for citation in citations:
        groups.setdefault((citation.so_hieu, citation.article), []).append(citation)
    blocks = []
    for (so_hieu, number), cited in groups.items():
        doc = documents.get(so_hieu) if documents is not None else None
        article = doc.article(number) if doc is not None else None
        block: dict[str, Any] = {
            "so_hieu": so_hieu,
            "number": number,
            "labels": "; ".join(_capitalize(c.label) for c in cited),
            "facts": _document_facts(doc, cited[0]),
        }
        if article is not None:
            lines, empty = _article_lines(article, cited)
            block.update(heading=article.heading, lines=lines, empty=empty)
        else:  # without the article (an index older than the answer), the quotes are all we can show
            block.update(heading=None, lines=[(c.quote, True) for c in cited], empty=False)
        blocks.append(block)
    return _render("sources.html", blocks=blocks)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _step_citation(step_text: str, citations: Sequence[Citation]) -> Citation | None:
    match = _STEP_NUMBER.search(step_text)
    number = int(match.group(1)) if match else None
    by_step = next((c for c in citations if number is not None and c.step == number), None)
    return by_step or next((c for c in citations if c.step is not None), None)


def checklist_html(steps: Sequence[str], citations: Sequence[Citation]) -> str:
    """Staff mode: each step as a tickable item with its sub-items and the provision it comes from."""
    if not steps:
        return ""
    items = []
    for step in steps:
        head, _, rest = step.partition("\n")
        citation = _step_citation(head, citations)
        items.append({"head": head, "details": _nonblank(rest),
                      "cite": _capitalize(citation.label) if citation else ""})
    return _render("checklist.html", steps=items)
