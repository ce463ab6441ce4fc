"""Parse Vietnamese legal text (Chương, Mục, Điều, khoản, điểm, Bước, numbered items) into a tree.

Reads our corpus layout and plain text pasted from an official portal alike: headings may carry
Markdown marks (#, **), the article number may be followed by '.' or ':', and the signature block
("Nơi nhận:") and annexes end the articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.legal import Article, Clause, Item, Point, Step
from core.text import clean_spaces, nfc

_CHAPTER = re.compile(r"^Chương\s+([IVXLC]+|\d+)\b\.?\s*(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^Mục\s+(\d+)\b\.?\s*(.*)$")
_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]\s*(.*)$")
_CLAUSE = re.compile(r"^(\d{1,3})\.\s*(?!\d)(\S.*)$")
_POINT = re.compile(r"^([a-zđ])\)\s*(.*)$")
_STEP = re.compile(r"^Bước\s+(\d+)\s*[:.–-]\s*(.*)$")
_ITEM = re.compile(r"^\((\d+)\)\s*(.*)$")
_END = re.compile(r"^(Nơi nhận\s*:|PHỤ LỤC\b|Phụ lục\s+[IVX\d]+\b)")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_MARKUP = re.compile(r"^(#+\s*|\*\*|__)|(\*\*|__)$")


def opens_quote(line: str, inside: bool) -> bool:
    """Whether a quotation is still open after ``line`` (an amending text quotes the new wording over many lines)."""
    straight = line.count('"') % 2 == 1
    curly = line.count("“") - line.count("”")
    if curly:
        return curly > 0
    return inside != straight


@dataclass(frozen=True)
class ParseProblem:
    line: int
    message: str


@dataclass
class ParsedText:
    articles: list[Article] = field(default_factory=list)
    preamble: str = ""
    problems: list[ParseProblem] = field(default_factory=list)


@dataclass
class _Builder:
    """Mutable state while one article is being read."""

    number: int
    title: str
    line: int
    chapter: str | None
    section: str | None
    note: str | None = None
    intro: list[str] = field(default_factory=list)
    clauses: list[tuple[int, list[str], list[Point], list[Item]]] = field(default_factory=list)
    steps: list[tuple[int, str, list[str], list[Item]]] = field(default_factory=list)

    def add_line(self, text: str) -> None:
        if m := _STEP.match(text):
            self.steps.append((int(m.group(1)), m.group(2).strip(), [text], []))
        elif (m := _CLAUSE.match(text)) and not self.steps:
            self.clauses.append((int(m.group(1)), [text], [], []))
        elif (m := _POINT.match(text)) and self.clauses and not self.steps:
            self.clauses[-1][1].append(text)
            self.clauses[-1][2].append(Point(m.group(1), m.group(2).strip()))
        elif m := _ITEM.match(text):
            item = Item(int(m.group(1)), m.group(2).strip())
            target = self._current_block()
            target[0].append(text)
            if target[1] is not None:
                target[1].append(item)
        else:
            self._current_block()[0].append(text)

    def add_text(self, text: str) -> None:
        """A line that is text of the current block whatever it looks like (quoted wording)."""
        self._current_block()[0].append(text)

    def _current_block(self) -> tuple[list[str], list[Item] | None]:
        if self.steps:
            return self.steps[-1][2], self.steps[-1][3]
        if self.clauses:
            return self.clauses[-1][1], self.clauses[-1][3]
        return self.intro, None

    def build(self) -> Article:
        return Article(
            number=self.number,
            title=self.title,
            intro="\n".join(self.intro),
            clauses=tuple(Clause(n, "\n".join(lines), tuple(pts), tuple(items)) for n, lines, pts, items in self.clauses),
            steps=tuple(Step(n, title, "\n".join(lines), tuple(items)) for n, title, lines, items in self.steps),
            chapter=self.chapter,
            section=self.section,
            note=self.note,
            line=self.line,
        )


def _clean_line(raw: str) -> str:
    line = clean_spaces(raw.replace("\u00a0", " "))
    return _MARKUP.sub("", line).strip()


def parse_legal_text(text: str, *, first_line: int = 1) -> ParsedText:
    """Parse a document body. Line numbers in problems count from ``first_line``."""
    result = ParsedText()
    preamble: list[str] = []
    chapter: str | None = None
    section: str | None = None
    pending_heading: str | None = None  # "chapter" or "section" waiting for its title line
    current: _Builder | None = None
    seen: dict[int, int] = {}
    ended = False
    quoting = False  # inside a quotation: lines are text of the current block, never structure

    def finish() -> None:
        nonlocal current
        if current is not None:
            result.articles.append(current.build())
            current = None

    lines = nfc(text).split("\n")
    index = 0
    while index < len(lines):
        raw = lines[index]
        lineno = first_line + index
        index += 1
        if "<!--" in raw:
            # Comments may span lines; gather until the closing marker.
            block = raw
            while "-->" not in block and index < len(lines):
                block += "\n" + lines[index]
                index += 1
            notes = [clean_spaces(n) for n in _COMMENT.findall(block)]
            if current is not None and notes and current.note is None:
                current.note = "; ".join(notes)
            raw = _COMMENT.sub("", block)
        line = _clean_line(raw)
        if not line or ended:
            continue
        if quoting and current is not None:
            current.add_text(line)
            quoting = opens_quote(line, quoting)
            continue
        quoting = opens_quote(line, False)
        if _END.match(line):
            finish()
            ended = True
            continue
        if m := _CHAPTER.match(line):
            finish()
            chapter = clean_spaces(f"Chương {m.group(1)} {m.group(2)}")
            section = None
            pending_heading = None if m.group(2) else "chapter"
            continue
        if m := _SECTION.match(line):
            finish()
            section = clean_spaces(f"Mục {m.group(1)}. {m.group(2)}")
            pending_heading = None if m.group(2) else "section"
            continue
        if m := _ARTICLE.match(line):
            finish()
            pending_heading = None
            number = int(m.group(1))
            if number in seen:
                result.problems.append(
                    ParseProblem(lineno, f"Điều {number} xuất hiện hai lần (lần đầu ở dòng {seen[number]})")
                )
            seen[number] = lineno
            current = _Builder(number, m.group(2).strip(), lineno, chapter, section)
            continue
        if pending_heading and current is None and line.isupper():
            if pending_heading == "chapter":
                chapter = f"{chapter} {line}"
            else:
                section = f"{section} {line}"
            pending_heading = None
            continue
        pending_heading = None
        if current is None:
            preamble.append(line)
        else:
            current.add_line(line)
    finish()
    result.preamble = "\n".join(preamble)
    return result
