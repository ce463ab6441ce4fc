"""The wording of an article on a given day: the held text with every amendment in force by then applied.

Pure functions of a ``LawDocument`` (whose ``amendments`` the corpus loader attached). An article the corpus
does not hold may still exist from the day an amendment gives its full new wording.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core.legal import Amendment, Article, Clause, LawDocument


@dataclass(frozen=True)
class Version:
    article: Article
    valid_from: str  # ISO date, '' = since the document took effect
    valid_to: str  # ISO date, '' = still in force
    amended_by: tuple[Amendment, ...]  # the amendments this wording carries


def _apply(article: Article | None, amendment: Amendment, number: int) -> Article | None:
    if amendment.kind != "replace" or amendment.wording is None:
        return article
    if amendment.clauses is None:
        return amendment.wording
    base = article or Article(number=number, title="", intro="")
    replaced = {c.number: c for c in amendment.wording.clauses if c.number in amendment.clauses}
    clauses: dict[int, Clause] = {c.number: c for c in base.clauses}
    clauses.update(replaced)
    return dataclasses.replace(base, clauses=tuple(clauses[n] for n in sorted(clauses)))


def versions(doc: LawDocument, number: int) -> list[Version]:
    """Every wording the article had, oldest first (only those the corpus can state)."""
    changes = sorted((a for a in doc.amendments if a.article == number and a.kind == "replace"), key=lambda a: a.effective)
    article = doc.article(number)
    out: list[Version] = []
    applied: tuple[Amendment, ...] = ()
    start = ""
    for day in sorted({a.effective for a in changes}):
        if article is not None:
            out.append(Version(article, start, day, applied))
        for amendment in (a for a in changes if a.effective == day):
            article = _apply(article, amendment, number)
            applied += (amendment,)
        start = day
    if article is not None:
        out.append(Version(article, start, "", applied))
    return out


def version_on(doc: LawDocument, number: int, day: str) -> Version | None:
    """The wording in force on ``day`` (ISO date)."""
    return next((v for v in versions(doc, number) if v.valid_from <= day and (not v.valid_to or day < v.valid_to)), None)


def article_as_of(doc: LawDocument, number: int, day: str | None) -> Article | None:
    if day is None:
        return doc.article(number)
    version = version_on(doc, number, day)
    return version.article if version else None


def article_numbers(doc: LawDocument) -> list[int]:
    """Held articles and those an amendment gives in full."""
    return sorted({a.number for a in doc.articles} | {a.article for a in doc.amendments if a.kind == "replace"})


def clause_amendment(version: Version, clause: int | None) -> Amendment | None:
    """The amendment that gave this khoản (or the whole article) its wording, if any."""
    for amendment in reversed(version.amended_by):
        if amendment.clauses is None or (clause is not None and clause in amendment.clauses):
            return amendment
    return None
