"""What the web page shows, as text: the user's message, the answer, the sources panel and the staff checklist.

Pure functions of an Answer and the served documents. Everything that did not come from us is escaped: the chat
renders Markdown (and HTML), so a question like ``<img src=http://…>`` must show as text, never as markup
that runs or fetches something.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from typing import Mapping, Sequence

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


def _line(text: str, highlight: bool) -> str:
    body = html.escape(text)
    return f'<p class="law-line"><mark>{body}</mark></p>' if highlight else f'<p class="law-line">{body}</p>'


def _clause_lines(text: str, point: str | None) -> list[tuple[str, bool]]:
    """Lines of a cited clause: all highlighted, or only the cited point's line ('a) …')."""
    lines = [line for line in text.split("\n") if line.strip()]
    if point is None:
        return [(line, True) for line in lines]
    return [(line, line.lstrip().startswith(f"{point})")) for line in lines]


def article_html(article: Article, cited: Sequence[Citation]) -> str:
    """The full article, the cited clauses, points or steps inside <mark>."""
    clauses = {c.clause: c.point for c in cited if c.clause is not None}
    steps = {c.step for c in cited if c.step is not None}
    whole = not clauses and not steps  # the article itself is cited: highlight nothing in particular
    out = [f'<p class="law-heading"><strong>{html.escape(article.heading)}</strong></p>']
    if article.intro:
        out += [_line(line, False) for line in article.intro.split("\n") if line.strip()]
    for clause in article.clauses:
        if clause.number in clauses:
            out += [_line(text, mark) for text, mark in _clause_lines(clause.text, clauses[clause.number])]
        else:
            out += [_line(line, False) for line in clause.text.split("\n") if line.strip()]
    for step in article.steps:
        mark = step.number in steps
        out += [_line(line, mark) for line in step.text.split("\n") if line.strip()]
    if whole and not article.clauses and not article.steps and not article.intro:
        out.append(_line("(Kho dữ liệu không có nội dung chi tiết của điều này.)", False))
    return "\n".join(out)


def _document_facts(doc: LawDocument | None, citation: Citation) -> str:
    if doc is None:
        rows = [("Văn bản", citation.document), ("Số hiệu", citation.so_hieu), ("Tình trạng", citation.status)]
    else:
        rows = [
            ("Văn bản", doc.title),
            ("Số hiệu", doc.so_hieu),
            ("Tình trạng", doc.status + ("" if doc.in_force else " (không còn hiệu lực)")),
            ("Trong kho dữ liệu", _coverage(doc)),
        ]
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="doc-facts">{cells}</table>'


def sources_html(citations: Sequence[Citation], documents: Mapping[str, LawDocument] | None) -> str:
    """One collapsible block per cited article: document facts, then the article with its cited parts marked."""
    if not citations:
        return '<p class="sources-empty">Câu trả lời này không trích dẫn điều luật nào.</p>'
    groups: OrderedDict[tuple[str, int], list[Citation]] = OrderedDict()
    for citation in citations:
        groups.setdefault((citation.so_hieu, citation.article), []).append(citation)
    blocks = []
    for (so_hieu, number), cited in groups.items():
        first = cited[0]
        doc = documents.get(so_hieu) if documents is not None else None
        article = doc.article(number) if doc is not None else None
        labels = "; ".join(_capitalize(c.label) for c in cited)
        # Without the article (an index older than the answer), the quotes are all we can show.
        body = article_html(article, cited) if article is not None else "\n".join(_line(c.quote, True) for c in cited)
        blocks.append(
            f'<details class="source" data-so-hieu="{html.escape(so_hieu)}" data-article="{number}">'
            f"<summary>{html.escape(labels)}</summary>"
            f"{_document_facts(doc, first)}"
            f'<div class="law-text">{body}</div></details>'
        )
    return "\n".join(blocks)


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
    for n, step in enumerate(steps, start=1):
        head, _, rest = step.partition("\n")
        details = "".join(f"<li>{html.escape(line)}</li>" for line in rest.split("\n") if line.strip())
        citation = _step_citation(head, citations)
        cite = f'<div class="step-cite">Căn cứ: {html.escape(_capitalize(citation.label))}</div>' if citation else ""
        box = f'<label><input type="checkbox" name="step-{n}"> <strong>{html.escape(head)}</strong></label>'
        items.append(f'<li class="step">{box}{f"<ul>{details}</ul>" if details else ""}{cite}</li>')
    return (
        '<div class="checklist"><h3>Danh mục kiểm tra thủ tục</h3>'
        f'<ol class="steps">{"".join(items)}</ol></div>'
    )
