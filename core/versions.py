"""The wording of an article on a given day: the held text with every amendment in force by then applied.

Pure functions of a ``LawDocument`` (whose ``amendments`` the corpus loader attached). An article the corpus
does not hold may still exist from the day an amendment gives its full new wording.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from core.legal import Amendment, Article, Clause, LawDocument


@dataclass(frozen=True)
class Version:
    article: Article
    valid_from: str  # ISO date, '' = since the document took effect
    valid_to: str  # ISO date, '' = still in force
    amended_by: tuple[Amendment, ...]  # the amendments this wording carries


_TARGET_ARTICLE = re.compile(r"\bĐiều (\d+)\b")
_TARGET_CLAUSE = re.compile(r"\bkhoản (\d+)\b")


def phrase_targets(where: str) -> list[tuple[int, int | None]]:
    """Where a phrase amendment applies: 'khoản 1 Điều 18, khoản 2 Điều 34' -> [(18, 1), (34, 2)]; 'Điều 1' ->
    [(1, None)]. A khoản the source leaves unreadable ('khoản l1' of an OCR copy) is skipped, not guessed."""
    out: list[tuple[int, int | None]] = []
    start = 0
    for match in _TARGET_ARTICLE.finditer(where):
        before = where[start:match.start()]
        start = match.end()
        clauses = [int(c) for c in _TARGET_CLAUSE.findall(before)]
        if clauses:
            out += [(int(match.group(1)), c) for c in clauses]
        elif "khoản" not in before:
            out.append((int(match.group(1)), None))
    return out


def touches(amendment: Amendment, number: int, clause: int | None) -> bool:
    """Whether the amendment changed the wording of this khoản (or of the article, ``clause`` None)."""
    if amendment.kind == "phrase":
        return any(a == number and (c is None or clause is None or c == clause) for a, c in phrase_targets(amendment.where))
    return amendment.article == number and (amendment.clauses is None or (clause is not None and clause in amendment.clauses))


def _tidy(text: str) -> str:
    """Separators left by a phrase deleted ('quốc gia, , ứng dụng', 'quốc gia, hoặc qua') put right."""
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r",\s*(hoặc|và)\b", r" \1", text)
    text = re.sub(r"\s+([,;.:])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def _replace_phrase(article: Article, amendment: Amendment, number: int) -> Article | None:
    """The article with the phrase replaced in the khoản the amendment names; None when the phrase is not in them."""
    clauses = {c for a, c in phrase_targets(amendment.where) if a == number}
    if not clauses or not amendment.old:
        return None

    def sub(text: str) -> str:
        if amendment.new:
            return text.replace(amendment.old, amendment.new)
        # a phrase deleted from a list takes its separator with it: 'A, X, B' -> 'A, B'; 'A, X hoặc B' -> 'A hoặc B'
        return _tidy(text.replace(f", {amendment.old}", "").replace(f"{amendment.old}, ", "").replace(amendment.old, ""))

    def clause_of(c: Clause) -> Clause:
        if None not in clauses and c.number not in clauses:
            return c
        return dataclasses.replace(c, text=sub(c.text), points=tuple(dataclasses.replace(p, text=sub(p.text)) for p in c.points),
                                   items=tuple(dataclasses.replace(i, text=sub(i.text)) for i in c.items))

    changed = dataclasses.replace(article, intro=sub(article.intro) if None in clauses else article.intro,
                                  clauses=tuple(clause_of(c) for c in article.clauses))
    return changed if changed != article else None


def _apply(article: Article | None, amendment: Amendment, number: int) -> Article | None:
    if amendment.kind == "phrase":
        return (_replace_phrase(article, amendment, number) or article) if article is not None else None
    if amendment.kind != "replace" or amendment.wording is None:
        return article
    if amendment.clauses is None:
        return amendment.wording
    base = article or Article(number=number, title=amendment.wording.title, intro="")
    replaced = {c.number: c for c in amendment.wording.clauses if c.number in amendment.clauses}
    clauses: dict[int, Clause] = {c.number: c for c in base.clauses}
    clauses.update(replaced)
    return dataclasses.replace(base, clauses=tuple(clauses[n] for n in sorted(clauses)))


def versions(doc: LawDocument, number: int) -> list[Version]:
    """Every wording the article had, oldest first (only those the corpus can state)."""
    changes = sorted((a for a in doc.amendments if (a.kind == "replace" and a.article == number)
                      or (a.kind == "phrase" and touches(a, number, None))), key=lambda a: a.effective)
    article = doc.article(number)
    out: list[Version] = []
    applied: tuple[Amendment, ...] = ()
    start = ""
    for day in sorted({a.effective for a in changes}):
        if article is not None:
            out.append(Version(article, start, day, applied))
        for amendment in (a for a in changes if a.effective == day):
            changed = _apply(article, amendment, number)
            if changed is not article:  # a phrase not found in the held text changes nothing and is not claimed
                applied += (amendment,)
            article = changed
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
        if touches(amendment, version.article.number, clause):
            return amendment
    return None
