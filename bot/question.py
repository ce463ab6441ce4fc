"""Stage 1: read the question once. Everything later stages need from its wording is computed here:
injection instructions removed, a follow-up joined to the question it continues, abbreviations expanded,
diacritics restored for the embedder, the plain (diacritics-stripped) form, the type and the named
documents and articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence

from bot import guard
from bot.asked_time import time_told
from bot.followup import resolve
from bot.parts import split_parts
from bot.query import normalise
from core.diacritics import DiacriticRestorer
from core.legal_refs import ArticleRef, DocRef, find_article_refs, find_documents
from core.question_type import classify_plain
from core.text import plain_text


@dataclass(frozen=True)
class Question:
    raw: str  # as typed (already validated)
    cleaned: str  # prompt-injection instructions removed
    resolved: str  # ``cleaned``, joined to the previous question when it is a follow-up
    expanded: str  # ``resolved`` with abbreviations expanded and synonyms appended (BM25 input)
    restored: str  # the question, abbreviations expanded and diacritics restored (embedding input)
    plain: str  # ``resolved`` without diacritics, lower-cased (rules match on this)
    cleaned_plain: str  # ``cleaned`` without diacritics, lower-cased (request checks match on this)
    accented: bool
    qtype: str
    documents: tuple[DocRef, ...]
    articles: tuple[ArticleRef, ...]
    followup_of: str | None
    mode: str = "citizen"
    as_of: str = ""  # ISO date the law is read as of (today unless the user chose a date or the question told one)
    as_of_told: bool = False  # the question placed itself in a past time whose law applies (bot/asked_time.py)
    parts: tuple[str, ...] = ()  # the parts of a question that asks several things (bot/parts.py)

    @property
    def content_words(self) -> list[str]:
        return guard.content_words(self.resolved)


def plain_of(text: str) -> str:
    """The form the rules read: no diacritics, lower case, 'dc' written out ('xóa vậy có dc ko' asks 'được')."""
    return guard.spelled_out(plain_text(text))


class QuestionReader:
    def __init__(self, restorer: DiacriticRestorer | None) -> None:
        self.restorer = restorer

    def run(self, raw: str, history: Sequence[Any] | None = None, mode: str = "citizen",
            as_of: dt.date | str | None = None) -> Question:
        cleaned = guard.strip_injection(raw)
        resolved, previous = resolve(cleaned, history)
        query = normalise(resolved, self.restorer)
        plain = plain_of(resolved)
        told = time_told(plain.lower(), dt.date.today()) if as_of is None else None  # a date chosen wins
        day = as_of if isinstance(as_of, str) else (as_of or told or dt.date.today()).isoformat()
        return Question(
            raw=raw, cleaned=cleaned, resolved=resolved, expanded=query.text, restored=query.restored,
            plain=plain, cleaned_plain=plain_of(cleaned), accented=query.accented, qtype=classify_plain(plain),
            documents=tuple(find_documents(resolved)), articles=tuple(find_article_refs(resolved)),
            followup_of=previous, mode=mode, as_of=day, parts=split_parts(cleaned), as_of_told=told is not None,
        )
