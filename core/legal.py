"""The legal types every layer shares: a document's articles, khoản, điểm, steps and items, plus our FAQ entries.

Frozen dataclasses; the parser (``ingest.legal_parser``) and the corpus loader (``ingest.corpus``) build them,
the answering engine reads them. Citations are built from these fields, never parsed back out of text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Point:
    letter: str
    text: str


@dataclass(frozen=True)
class Item:
    number: int
    text: str


@dataclass(frozen=True)
class Clause:
    number: int
    text: str
    points: tuple[Point, ...] = ()
    items: tuple[Item, ...] = ()

    def point_text(self, letter: str) -> str | None:
        """The line of điểm ``letter`` ('a) …'), verbatim."""
        return next((line for line in self.text.split("\n") if line.startswith(f"{letter})")), None)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    intro: str
    clauses: tuple[Clause, ...] = ()
    steps: tuple[Step, ...] = ()
    chapter: str | None = None
    section: str | None = None
    note: str | None = None
    line: int = 0

    @property
    def heading(self) -> str:
        return f"Điều {self.number}. {self.title}".rstrip()

    @property
    def body(self) -> str:
        parts = [self.intro] + [c.text for c in self.clauses] + [s.text for s in self.steps]
        return "\n".join(p for p in parts if p)

    @property
    def text(self) -> str:
        return f"{self.heading}\n{self.body}".strip()

    def clause(self, number: int) -> Clause | None:
        return next((c for c in self.clauses if c.number == number), None)

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)


@dataclass(frozen=True)
class CiteRef:
    so_hieu: str
    article: int
    clause: int | None = None


@dataclass(frozen=True)
class LawDocument:
    doc_id: str
    so_hieu: str
    title: str
    short_title: str
    loai: str
    co_quan: str
    ngay_ban_hanh: str
    ngay_hieu_luc: str
    status: str
    status_source: str
    status_checked: str
    completeness: str
    completeness_articles: str
    sources: tuple[str, ...]
    path: Path
    articles: tuple[Article, ...]
    in_force: bool = True  # false when a source states it was replaced or ended

    @property
    def is_partial(self) -> bool:
        return self.completeness != "full"

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)

    @property
    def held_articles(self) -> str:
        """'Điều 3, 4, 6, 7, 8, 11': what the corpus holds of this document."""
        return "Điều " + ", ".join(str(a.number) for a in self.articles)


@dataclass(frozen=True)
class FaqEntry:
    faq_id: str
    question: str
    variants: tuple[str, ...]
    type: str
    conclusion: str
    cites: tuple[CiteRef, ...]
    body: str
    path: Path
    kind: str = "faq"
