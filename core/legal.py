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
    in_force: bool = True  # false when a source states it was replaced or ended (as of the check date)
    valid_to: str = ""  # ISO date the document stopped applying ('' = no end known)
    relations: tuple["Relation", ...] = ()
    amendments: tuple["Amendment", ...] = ()  # changes other documents make to this one
    notes: tuple["ProvisionNote", ...] = ()
    text_quality: str = ""  # 'ocr' when read from a scanned copy
    details: tuple["Detail", ...] = ()  # which law articles each of its articles details

    @property
    def is_partial(self) -> bool:
        return self.completeness != "full"

    def article(self, number: int) -> Article | None:
        """The article as first issued (held text); see ``core.versions.article_as_of`` for a date."""
        return next((a for a in self.articles if a.number == number), None)

    def in_force_on(self, day: str) -> bool:
        """Whether the document applied on ``day`` (ISO date)."""
        return not self.valid_to or day < self.valid_to

    def started_by(self, day: str) -> bool:
        """Whether the document had taken effect by ``day`` (a question about 2022 is not answered by a 2024 law)."""
        return not self.ngay_hieu_luc[:1].isdigit() or self.ngay_hieu_luc <= day

    def related(self, kind: str) -> tuple["Relation", ...]:
        return tuple(r for r in self.relations if r.kind == kind)

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


# -- how documents change over time ---------------------------------------------------------------
@dataclass(frozen=True)
class Relation:
    """A dated link between two documents: replaced_by | replaces | amended_by | amends."""

    kind: str
    so_hieu: str
    effective: str = ""  # ISO date from which the relation holds
    title: str = ""
    held: bool = True  # the other document is in the corpus
    note: str = ""


@dataclass(frozen=True)
class Amendment:
    """A change another document makes to one article of this one, from ``effective`` on."""

    article: int
    clauses: tuple[int, ...] | None  # None: the whole article gets a new wording
    wording: "Article | None"  # the new wording, parsed (its khoản, or the whole article)
    effective: str
    by_so_hieu: str
    by_label: str  # 'khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP'
    kind: str = "replace"  # replace | phrase | annex
    old: str = ""  # phrase amendments: the phrase replaced, and its replacement
    new: str = ""
    where: str = ""

    @property
    def cited_as(self) -> str:
        """'khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026'."""
        return f"{self.by_label}, hiệu lực {vn_date(self.effective)}"


@dataclass(frozen=True)
class Detail:
    """Article ``article`` of this document details articles ``law_articles`` of law ``law``."""

    article: int
    law: str
    law_articles: tuple[int, ...]


@dataclass(frozen=True)
class ProvisionNote:
    """A note on held provisions: the two-level local government, a spent transitional rule."""

    kind: str  # two_level_government | transitional
    article: int
    clause: int | None
    effective: str  # the note applies from this date on (for transitional: the date the rule was spent)
    text: str = ""
    # two-level government: what amending texts in force name instead of the district level, and where they say so
    reads_now: str = ""
    reads_now_source: str = ""


def provision_label(article: int, document: str, clause: int | None = None, point: str | None = None,
                    step: int | None = None) -> str:
    """'điểm a khoản 2 Điều 3 Thông tư 46/2022/TT-BCA': how a provision is cited."""
    parts = [f"điểm {point}"] if point else []
    if clause is not None:
        parts.append(f"khoản {clause}")
    if step is not None:
        parts.append(f"Bước {step}")
    parts.append(f"Điều {article} {document}")
    return " ".join(parts)


def vn_date(iso: str) -> str:
    """'2026-03-15' -> '15/03/2026' (other text unchanged)."""
    parts = iso.split("-")
    return f"{parts[2]}/{parts[1]}/{parts[0]}" if len(parts) == 3 and all(p.isdigit() for p in parts) else iso
