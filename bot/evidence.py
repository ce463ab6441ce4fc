"""Stage 4: choose what to cite: the clauses (or steps) of the best retrieved article, or those our own
FAQ entry relies on. Citations are built from chunk and document metadata, never parsed from text."""

from __future__ import annotations

import json
import re
from typing import Callable, Sequence
from dataclasses import dataclass

from bot.answer_types import answer_kind
from bot.checks import ArticleLookup
from bot.clause_ranker import SECOND_SHARE, clause_order, similarity_by_clause
from bot.extract import (Segment, age_spans, clean_line, dates_in, defined_term, delegated_to, duration_spans,
                         is_place_title, names_heading, segments)
from bot.guard import content_words
from bot.index import LoadedIndex
from bot.models import Citation
from bot.question import Question
from bot.ranker import ArticleRanker, phrase_overlap
from bot.retrieval import Hit, RankedArticle, Retrieval
from core.legal import Article, LawDocument
from core.legal_refs import resolve_so_hieu
from core.quotes import verify_quote
from core.versions import article_as_of, clause_amendment, touches, version_on
from core.text import plain_text

# Our FAQ's conclusion is used only for a close paraphrase of its question (on the dev set, wrong
# FAQ matches reach 0.927 cosine; below that the conclusion is built from the cited clause instead).
FAQ_TRUST_SIMILARITY = 0.93
_YES_NO = re.compile(r"^(Có|Không)\b")
MAX_LIST_CLAUSES = 8
SECOND_ARTICLE_SHARE = 0.5  # the article detailing the best one is cited too when the ranker rates it this close


@dataclass(frozen=True)
class Unit:
    """One citable piece of law: an article, or one of its khoản / điểm / Bước."""

    doc: LawDocument
    article: Article
    clause: int | None = None
    point: str | None = None
    step: int | None = None
    day: str | None = None  # the date the wording was read as of

    @property
    def amended_by(self) -> str | None:
        """'khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026' when an amendment gave this wording."""
        version = version_on(self.doc, self.article.number, self.day) if self.day else None
        amendment = clause_amendment(version, self.clause) if version else None
        return amendment.cited_as if amendment else None

    @property
    def quote(self) -> str:
        if self.step is not None and (step := self.article.step(self.step)):
            return step.text
        if self.clause is not None and (clause := self.article.clause(self.clause)):
            if self.point is not None:
                return clause.point_text(self.point) or clause.text
            return clause.text
        return self.article.body or self.article.heading

    def citation(self) -> Citation:
        return Citation(
            so_hieu=self.doc.so_hieu,
            document=self.doc.short_title,
            article=self.article.number,
            clause=self.clause,
            point=self.point,
            quote=self.quote,
            status=self.doc.status,
            title=self.article.heading,
            step=self.step,
            partial_document=self.doc.is_partial,
            amended_by=self.amended_by,
            status_checked=self.doc.status_checked,
        )


@dataclass(frozen=True)
class Evidence:
    units: tuple[Unit, ...]  # only units whose quote is verbatim text of their article
    faq_conclusion: str | None  # our own FAQ's conclusion, when the question closely matches it
    top: Hit | None
    unanswered: tuple[str, ...] = ()  # parts asking for a fine, price or fee the sources do not state


def _units_for(index: LoadedIndex, so_hieu: str, number: int, clause: int | None, qtype: str,
               focus_step: int | None, day: str | None) -> list[Unit]:
    doc = index.documents.get(so_hieu)
    article = index.article(so_hieu, number, day)
    if doc is None or article is None:
        return []
    if clause is not None and article.clause(clause):
        return [Unit(doc, article, clause=clause, day=day)]
    if article.steps:
        steps = [s for s in article.steps if focus_step in (None, s.number)] or list(article.steps)
        return [Unit(doc, article, step=s.number, day=day) for s in steps]
    if article.clauses and len(article.clauses) <= MAX_LIST_CLAUSES and qtype in ("responsibility", "procedure", "definition"):
        return [Unit(doc, article, clause=c.number, day=day) for c in article.clauses]
    return [Unit(doc, article, day=day)]


def _faq_cites(chunk_cites: str) -> list[tuple[str, int, int | None]]:
    return [(c["so_hieu"], int(c["article"]), c.get("clause")) for c in json.loads(chunk_cites or "[]")]


def focus_step(plain: str) -> int | None:
    match = re.search(r"\bbuoc\s+(\d+)\b", plain)
    return int(match.group(1)) if match else None


class EvidenceSelector:
    def __init__(self, index: LoadedIndex, clause_model: ArticleRanker | None = None) -> None:
        self.index = index
        self.clause_model = clause_model  # which khoản of an article answers (bot/clause_ranker.py); None: weighed

    def prohibitions(self, question: Question, retrieval: Retrieval) -> Evidence:
        units = prohibition_units(question, retrieval, self.index)
        return Evidence(tuple(u for u in units if verify_quote(u.quote, u.article.text)), None, None)

    def run(self, question: Question, retrieval: Retrieval, named: ArticleLookup | None = None) -> Evidence:
        evidence = select_evidence(question, retrieval, self.index, named, self.clause_model)
        verified = tuple(u for u in evidence.units if verify_quote(u.quote, u.article.text))
        return Evidence(verified, evidence.faq_conclusion, evidence.top)


PROHIBITION_TITLE = re.compile(r"\b(nghiem cam|bi cam|hanh vi bi cam)\b")


def prohibition_units(question: Question, retrieval: Retrieval, index: LoadedIndex, articles: int = 5) -> list[Unit]:
    """Every khoản of the articles on prohibited acts among the best ranked (for correcting a false premise)."""
    units: list[Unit] = []
    for ranked in retrieval.articles[:articles]:
        article = index.article(ranked.so_hieu, ranked.article, question.as_of)
        if article is not None and PROHIBITION_TITLE.search(plain_text(article.title)):
            doc = index.documents[ranked.so_hieu]
            units += [Unit(doc, article, clause=c.number, day=question.as_of) for c in article.clauses] or [
                Unit(doc, article, day=question.as_of)]
    return units


def select_evidence(question: Question, retrieval: Retrieval, index: LoadedIndex,
                    named: ArticleLookup | None = None, clause_model: ArticleRanker | None = None) -> Evidence:
    """The ranker's best article and the clause(s) in it that answer; our FAQ's clauses when it matches that
    article; the article that details it (or that it details) beside it when the ranker rates both."""
    qtype, day = question.qtype, question.as_of
    step = focus_step(question.plain)
    top = retrieval.hits[0] if retrieval.hits else None
    if named is not None and named.so_hieu is not None:
        return Evidence(tuple(_units_for(index, named.so_hieu, named.article, named.clause, qtype, step, day)), None, top)
    if not retrieval.articles:
        return Evidence((), None, top)
    main = (duties_article(question, retrieval.articles, index) or named_document_article(question, retrieval.articles, index)
            or titled_article(question, retrieval.articles, index)
            or fee_article(question, retrieval.articles, index)
            or kind_article(question, retrieval.articles, index) or rule_over_procedure(question, retrieval.articles, index)
            or procedure_article(question, retrieval.articles, index) or retrieval.articles[0])
    if top is not None and top.chunk.kind in ("faq", "faq_external"):
        faq = _faq_evidence(question, top, retrieval, index, step)
        if faq is not None:
            return faq
    if (defined := defined_term_unit(question, retrieval.articles, index)) is not None:
        return Evidence((defined,), None, top)

    def units_of(ranked: RankedArticle) -> list[Unit]:
        return _article_units(question, ranked, index, step, clause_model)

    units = units_of(main)
    detailing = delegated_article(question, units, retrieval.articles, index)
    if detailing is not None:
        # the article that does what the provision delegates answers; the delegating provision is cited after it
        units = [u for u in units_of(detailing) if u not in units] + units
    if answer_kind(question.plain) == "procedure":
        units += [u for u in referenced_procedure(units, index, day) if u not in units]
        if (ways := detailing_procedure(question, main, retrieval.articles, index)) is not None:
            units += [u for u in units_of(ways) if u not in units]
    # the ranker's second beside its first; an article a rule chose over the ranker's first gets no such company
    second = retrieval.articles[1] if main is retrieval.articles[0] and len(retrieval.articles) > 1 else None
    if (second is not None and second.key in index.details_links.get(main.key, set())
            and second.score >= SECOND_ARTICLE_SHARE * main.score):
        units += [u for u in _closest(question, units_of(second), COMPANION_UNITS)
                  if u not in units]
    return Evidence(tuple(units), None, top)


COMPANION_UNITS = 2  # khoản of the second article said beside the first's
# 'Việc cấp lại thẻ căn cước đối với trường hợp quy định tại điểm a khoản 2 Điều 24 của Luật này …'
_OWN_REFERENCE = re.compile(r"\bquy định tại (?:điểm ([a-zđ]) )?khoản (\d+) Điều (\d+) (?:của )?(?:Luật|Nghị định|Thông tư) này")


def article_segments(unit: Unit, number: int) -> list[Segment]:
    """The sentences of another article of the unit's document, in its wording on the unit's day; [] when the corpus
    does not hold it."""
    found = article_as_of(unit.doc, number, unit.day)
    return segments([Unit(unit.doc, found, day=unit.day)]) if found is not None else []


def referred_text(doc: LawDocument, day: str | None, article: int, clause: int, point: str | None) -> str:
    """The line of a document a provision of it refers to ('… quy định tại điểm a khoản 2 Điều 24 của Luật này'), as
    in force on the day asked: the điểm, else the khoản's first line; '' when the corpus does not hold it."""
    found = article_as_of(doc, article, day)
    held = found.clause(clause) if found is not None else None
    if held is None:
        return ""
    line = held.point_text(point) if point else held.text.split("\n", 1)[0]
    return clean_line(line) if line else ""


def _said_with_references(unit: Unit) -> str:
    """A khoản's text and the lines of its own document it refers to: 'cấp lại … trường hợp quy định tại điểm a
    khoản 2 Điều 24' is about a lost card only through 'a) Bị mất thẻ căn cước …'."""
    referred = [referred_text(unit.doc, unit.day, int(number), int(clause), point or None)
                for point, clause, number in _OWN_REFERENCE.findall(unit.quote)]
    return " ".join([unit.quote, *referred])


def _closest(question: Question, units: list[Unit], n: int) -> list[Unit]:
    """The ``n`` units sharing most of the question's words (what they refer to included), in the law's order."""
    if len(units) <= n:
        return units
    asked = set(question.content_words)
    shared = {id(u): len(asked & set(content_words(_said_with_references(u)))) for u in units}
    kept = sorted(units, key=lambda u: -shared[id(u)])[:n]  # stable: ties keep the article's order
    return [u for u in units if u in kept]


# What a term means, asked right after the term ('"cơ quan quản lý định danh và xác thực điện tử" … cụ thể là đơn vị
# nào?', 'danh tính điện tử gồm những thông tin gì?'): the khoản that defines it in a 'Giải thích từ ngữ' article.
_MEANING_ASKED = (r"(?:la gi|la cai gi|duoc hieu|hieu la|nghia la|co nghia|gom (?:nhung )?(?:gi|thong tin (?:gi|nao))"
                  r"|la (?:co quan|don vi|to chuc|cai) nao|cu the la)")
_ALIAS = re.compile(r"\(sau đây gọi (?:tắt )?là ([^)]+)\)")
MIN_TERM_WORDS = 3  # 'căn cước' alone is in nearly every question


def defined_term_unit(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> Unit | None:
    """The khoản defining the term the question asks the meaning of, when the ranker found its article: the
    term followed (within a few words) by the ask, or quoted in the question that asks."""
    quoted = {plain_text(q) for q in re.findall(r"[\"“”]([^\"“”]{3,80})[\"“”]", question.cleaned)}
    asks_anywhere = re.search(rf"\b{_MEANING_ASKED}\b", question.plain)
    best: tuple[tuple[bool, int], Unit] | None = None
    for candidate in ranked[:KIND_DEPTH]:
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        doc = index.documents[candidate.so_hieu]
        if article is None or "giai thich tu ngu" not in plain_text(article.title) or not doc.in_force_on(question.as_of):
            continue
        for clause in article.clauses:
            term = defined_term(clause_line := clean_line(clause.text.split("\n")[0]))
            if not term or clause_line.endswith("..."):
                continue
            for name in [term, *_ALIAS.findall(term)]:
                key = plain_text(re.sub(r"\s*\(.*?\)", "", name)).strip()
                if len(key.split()) < MIN_TERM_WORDS:
                    continue
                asked = re.search(rf"\b{re.escape(key)}\b(?:\s+\w+){{0,4}}?\s+{_MEANING_ASKED}\b", question.plain) or (
                    asks_anywhere and key in quoted)
                # the term the asker quotes comes first ('"bên thứ ba" trong … xử lý dữ liệu cá nhân được hiểu là
                # ai?'), then the longest: a longer term near the ask is the context of the quoted one
                rank = (asks_anywhere is not None and key in quoted, len(key))
                if asked and (best is None or rank > best[0]):
                    best = (rank, Unit(doc, article, clause=clause.number, day=question.as_of))
    return best[1] if best else None


# "… có trách nhiệm gì?" asks for the list of duties: the article on those duties answers it, not a clause that
# mentions one duty in passing (measured: dev top-1 0.879 -> 0.890, FAQ train and validation unchanged)
_ASKS_DUTIES = re.compile(r"\b(trach nhiem|nhiem vu|nghia vu) (gi|nhu the nao|ra sao)\b|\bphai lam (gi|nhung (viec|gi))\b"
                          r"|\blam nhung viec gi\b")
_DUTY_TITLE = re.compile(r"^(trach nhiem|nhiem vu)\b")
_DUTY_OF = re.compile(r"^(trach nhiem|nhiem vu) cua ")
_ASKS_ALL_DUTIES = re.compile(r"\b(trach nhiem|nhiem vu) (gi|nhu the nao|ra sao)\b")  # not 'phải làm gì để …' (one duty)


def duties_article(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> RankedArticle | None:
    """The article on duties among the ranker's first three, for a question asking what someone's duties are; for
    one asking all of them, the article whose title names the very body asked ('Trách nhiệm của cơ quan quản lý …
    Bộ Công an') a little deeper."""
    if not _ASKS_DUTIES.search(question.plain):
        return None
    for candidate in ranked[:KIND_DEPTH] if _ASKS_ALL_DUTIES.search(question.plain) else ():
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        title = plain_text(article.title.strip("[] ")).lower() if article is not None else ""
        body = _DUTY_OF.sub("", title)
        if body != title and len(body.split()) >= MIN_TERM_WORDS and body in question.plain:
            return candidate
    for candidate in ranked[:3]:
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        if article is not None and _DUTY_TITLE.search(plain_text(article.title.strip("[] "))):
            return candidate
    return None


TITLE_DEPTH = 10  # how deep in the ranking an article the question names by its title is looked for
KIND_DEPTH = 6  # how deep an article holding the kind of answer asked (a place, a time limit, an age) is looked for


def titled_article(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> RankedArticle | None:
    """An article the question names by its heading: the ranker weighs the heading as one signal among many."""
    best: tuple[float, RankedArticle] | None = None
    for candidate in ranked[:TITLE_DEPTH]:
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        coverage = names_heading(question.resolved, article.title) if article is not None else 0.0
        if coverage and (best is None or coverage > best[0]):
            best = (coverage, candidate)
    if best is None or best[1] is ranked[0]:
        return None
    first = index.article(ranked[0].so_hieu, ranked[0].article, question.as_of)
    if first is not None and names_heading(question.resolved, first.title) >= best[0]:
        return None  # the ranker's first is named as well: keep the ranker's order
    return best[1]


_PLACE_TEXT = re.compile(r"\b(truc tiep tai|tai (co quan|cong an|uy ban|bo phan)|(den|toi) (co quan|cong an)|"
                         r"(gui|nop) (cho |toi |den |ve )?(co quan|cong an|bo )|qua (cong dich vu cong|ung dung))")
PLACE_TOPIC_OVERLAP = 0.6
_PLACE_TITLE_WORDS = {"noi", "dia", "diem", "lam", "thu", "tuc", "thuc", "hien"}


def _topic_overlap(article: Article, asked: set[str]) -> float:
    """Share of a place article's heading words, beyond "nơi làm thủ tục", that the question uses."""
    words = set(content_words(article.title.strip("[] "))) - _PLACE_TITLE_WORDS
    return len(words & asked) / len(words) if words else 0.0


def _holds_kind(kind: str, article: Article, strict: bool) -> bool:
    """Whether the article answers a question asking for ``kind``: a place (strict: by its heading, "Nơi làm thủ
    tục …"), a time limit or an age."""
    if kind == "where":
        title = is_place_title(article.title)
        return bool(title) if strict else bool(title or _PLACE_TEXT.search(plain_text(article.text)))
    if kind == "duration":
        return bool(duration_spans(article.text))
    return bool(age_spans(article.text))


_FEE_ASKED = re.compile(r"\b(le phi|(mat|nop|dong|tra|thu|ton|mien|co) phi|phi (gi|bao nhieu|la bao nhieu))\b")
_FEE_TEXT = re.compile(r"\b(le phi|phi)\b")


def fee_article(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> RankedArticle | None:
    """A question about a fee ('đổi thẻ lúc 40 tuổi có phải nộp lệ phí không?') is answered by the article that
    states fees, when the ranker's first is silent on them (it is often the article on the act the fee is for)."""
    if not _FEE_ASKED.search(question.plain) or not ranked:
        return None
    first = index.article(ranked[0].so_hieu, ranked[0].article, question.as_of)
    if first is not None and _FEE_TEXT.search(plain_text(first.text)):
        return None
    return _next_in_force(question, ranked, index, lambda article: bool(_FEE_TEXT.search(plain_text(article.title))))


def _next_in_force(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex,
                   holds: Callable[[Article], bool], depth: int = KIND_DEPTH) -> RankedArticle | None:
    """The best ranked article after the first, among the first ``depth`` in force on the day asked (a repealed
    article ranked high must not push the one that answers out of reach), holding what ``holds`` looks for."""
    in_force = [c for c in ranked[1:] if index.documents[c.so_hieu].in_force_on(question.as_of)]
    for candidate in in_force[:depth - 1]:
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        if article is not None and holds(article):
            return candidate
    return None


def kind_article(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> RankedArticle | None:
    """For "ở đâu / bao lâu / bao nhiêu tuổi", the best ranked article in force that states a place (an article on
    the place first), a time limit or an age when the first does not: else the answer could only say the source
    is silent."""
    kind = answer_kind(question.plain)
    if kind not in ("where", "duration", "age") or not ranked:
        return None
    first = index.article(ranked[0].so_hieu, ranked[0].article, question.as_of)
    if kind == "where" and (first is None or not _holds_kind(kind, first, strict=True)):
        # an article on the place of the very act asked about outranks a clause mentioning some place in passing
        asked = set(content_words(question.resolved))
        # (looked for as deep as a heading named: one article per act is on its place, and its heading is the act)
        on_place = _next_in_force(question, ranked, index, lambda article: _holds_kind(kind, article, strict=True)
                                  and _topic_overlap(article, asked) >= PLACE_TOPIC_OVERLAP, TITLE_DEPTH)
        if on_place is not None:
            return on_place
    if first is not None and _holds_kind(kind, first, strict=False):
        return None
    # an article on a place (its heading says so) answers only for the act it is about, taken above
    return _next_in_force(question, ranked, index, lambda article: _holds_kind(kind, article, strict=False)
                          and not (kind == "where" and _holds_kind(kind, article, strict=True)))


def delegated_article(question: Question, units: Sequence[Unit], ranked: Sequence[RankedArticle],
                      index: LoadedIndex) -> RankedArticle | None:
    """'Bộ trưởng Bộ Công an quy định hình thức thể hiện …': when the chosen provision only hands the matter to
    a body, the best ranked article of a document that body issued, if the ranker rates one among its first."""
    issuer = delegated_to(units[0].quote) if units else None
    if issuer is None:
        return None
    chosen = (units[0].doc.so_hieu, units[0].article.number)
    for candidate in ranked[:KIND_DEPTH]:
        doc = index.documents[candidate.so_hieu]
        if candidate.key != chosen and doc.co_quan == issuer and doc.in_force_on(question.as_of):
            return candidate
    return None


def named_document_article(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> RankedArticle | None:
    """'… theo TT 17/2024?': the best ranked article of the one document the question names, when the ranker put
    another document first."""
    known = list(index.documents)
    named = {s for d in question.documents if (s := d.so_hieu or resolve_so_hieu(d, known)) in index.documents}
    if len(named) != 1 or not ranked or ranked[0].so_hieu in named:
        return None
    return next((c for c in ranked[:KIND_DEPTH] if c.so_hieu in named), None)


# a yes/no question takes the rule over a procedure rated at least this close (0.95 before; no answer of dev, FAQ
# train, validation or currency changed)
NEAR_TIE = 0.75
_PROCEDURE_TITLE = re.compile(r"^(trinh tu|thu tuc|quy trinh)\b")
# words of a question about a procedure's content: its papers, steps, forms, where it is filed
_ASKS_PROCEDURE = re.compile(r"\b(thu tuc|trinh tu|quy trinh|ho so|giay to|buoc|mau|phieu|nop|mang theo|mang gi|"
                             r"dang ky|ke khai|xuat trinh|lam the nao|lam sao|nhu the nao|ra sao)\b")
RULE_SHARE = 0.5


def rule_over_procedure(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> RankedArticle | None:
    """'Làm thẻ cho con 9 tuổi được không?' asks whether, not how: when the ranker's first two nearly tie and only
    the first is a procedure, the rule (who may get a card) answers. A question that asks neither how nor about
    the papers and steps ('Đối tượng nào được cấp tài khoản?', 'tài khoản mức 2 dùng được vào việc gì?') takes the
    best article not on a procedure among the next ones when the ranker rates it at least RULE_SHARE as high."""
    if len(ranked) < 2:
        return None
    first = index.article(ranked[0].so_hieu, ranked[0].article, question.as_of)
    if first is None or not _is_procedure(first):
        return None
    kind = answer_kind(question.plain)
    share = NEAR_TIE if kind == "yes_no" else RULE_SHARE
    # where to file and how long it takes are a procedure's own facts
    if kind in ("procedure", "where", "duration") or (kind != "yes_no" and _ASKS_PROCEDURE.search(question.plain)):
        return None
    for candidate in ranked[1:3]:
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        if candidate.score >= share * ranked[0].score and article is not None and not _is_procedure(article):
            return candidate
    return None


def procedure_article(question: Question, ranked: Sequence[RankedArticle], index: LoadedIndex) -> RankedArticle | None:
    """'Đổi căn cước công dân hết hạn như thế nào?' asks for steps: when the ranker's first article has none and is
    not on a procedure, the best ranked article in force on one ('Trình tự, thủ tục cấp, cấp đổi …') answers."""
    if answer_kind(question.plain) != "procedure" or not ranked:
        return None
    first = index.article(ranked[0].so_hieu, ranked[0].article, question.as_of)
    if first is None or first.steps or _is_procedure(first):
        return None
    asked = set(content_words(question.resolved))
    for candidate in ranked[1:KIND_DEPTH]:
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        if (article is not None and _is_procedure(article) and index.documents[candidate.so_hieu].in_force_on(question.as_of)
                and asked & set(content_words(article.title.strip("[] ")))):
            return candidate
    return None


def _is_procedure(article: Article) -> bool:
    return bool(_PROCEDURE_TITLE.search(plain_text(article.title.strip("[] "))))


def detailing_procedure(question: Question, main: RankedArticle, ranked: Sequence[RankedArticle],
                        index: LoadedIndex) -> RankedArticle | None:
    """For 'như thế nào?', the decree's article on the procedure that details the chosen law article (how to do it
    at the office or online), when the ranker puts it among its first."""
    linked = index.details_links.get(main.key, set())
    for candidate in ranked[:KIND_DEPTH]:
        article = index.article(candidate.so_hieu, candidate.article, question.as_of)
        detailing = any(d.article == candidate.article and d.law == main.so_hieu
                        for d in index.documents[candidate.so_hieu].details)  # the decree, not the law it details
        if candidate.key in linked and detailing and article is not None and _is_procedure(article):
            return candidate
    return None


# 'Trình tự, thủ tục cấp đổi thẻ căn cước thực hiện theo quy định tại Điều 23 của Luật này'
REFERS_TO = re.compile(r"\bthực hiện theo (?:trình tự, thủ tục )?quy định tại (?:khoản (\d+) )?Điều (\d+) (?:của )?(?:Luật|Nghị định|Thông tư) này\b")


def referenced_procedure(units: Sequence[Unit], index: LoadedIndex, day: str | None) -> list[Unit]:
    """The procedure a chosen provision sends the reader to ('… thực hiện theo quy định tại Điều 23 của Luật này'),
    when the corpus holds it: its steps are the answer to 'như thế nào?'."""
    out: list[Unit] = []
    for unit in units:
        for match in REFERS_TO.finditer(unit.quote):
            clause, number = (int(match.group(1)) if match.group(1) else None), int(match.group(2))
            article = index.article(unit.doc.so_hieu, number, day)
            if article is None or number == unit.article.number or not (article.steps or _is_procedure(article)):
                continue
            out += [u for u in _units_for(index, unit.doc.so_hieu, number, clause, "procedure", None, day) if u not in out]
    return out


def _faq_evidence(question: Question, top: Hit, retrieval: Retrieval, index: LoadedIndex, step: int | None) -> Evidence | None:
    """Our FAQ entry's clauses, when its first cited article is the ranker's best (its conclusion when trusted)."""
    cites = _faq_cites(top.chunk.cites)
    leading = {a.key for a in retrieval.articles[:3]}
    main = (duties_article(question, retrieval.articles, index) or named_document_article(question, retrieval.articles, index)
            or titled_article(question, retrieval.articles, index)
            or kind_article(question, retrieval.articles, index) or retrieval.articles[0])
    if not cites or (cites[0][0], cites[0][1]) != main.key:
        return None
    units: list[Unit] = []
    # the first cite always (the FAQ was retrieved for it), the others only if the ranker also rates them
    for so_hieu, number, clause in cites[:1] + [c for c in cites[1:] if (c[0], c[1]) in leading]:
        units += [u for u in _units_for(index, so_hieu, number, clause, question.qtype, step, question.as_of) if u not in units]
    trusted = (top.chunk.kind == "faq" and (top.dense_similarity or 0.0) >= FAQ_TRUST_SIMILARITY
               # a yes/no conclusion only answers a yes/no question
               and (question.qtype == "permission" or not _YES_NO.match(top.chunk.body))
               # our FAQ states the law of today: asked as of a day before a later amendment, the clause speaks
               and not any(_amended_after(u, question.as_of) for u in units))
    return Evidence(tuple(units), top.chunk.body if trusted else None, top) if units else None


def _amended_after(unit: Unit, day: str | None) -> bool:
    """Whether an amendment the corpus holds changes this provision after ``day``."""
    return bool(day) and any(a.effective > day and touches(a, unit.article.number, unit.clause) for a in unit.doc.amendments)


def _article_units(question: Question, ranked: RankedArticle, index: LoadedIndex, step: int | None,
                   clause_model: ArticleRanker | None = None) -> list[Unit]:
    """The clause(s) of one ranked article that answer, the khoản for the asker's own status in place of its twin."""
    units = _clauses_found(question, ranked, index, step, clause_model)
    return _for_asker_status(question, units[0].article, units) if units else units


def _clauses_found(question: Question, ranked: RankedArticle, index: LoadedIndex, step: int | None,
                   clause_model: ArticleRanker | None = None) -> list[Unit]:
    """The clause(s) of one ranked article that answer: its best clause hits, else where the signals point."""
    qtype, day = question.qtype, question.as_of
    doc = index.documents[ranked.so_hieu]
    article = index.article(ranked.so_hieu, ranked.article, day)
    if article is None:
        return []
    hits = [h for h in ranked.hits if h.score > 0]  # real fused clause hits, not the placeholder first clause
    if answer_kind(question.plain) == "procedure" and _is_procedure(article) and 2 <= len(article.clauses) <= MAX_LIST_CLAUSES:
        return [Unit(doc, article, clause=c.number, day=day) for c in article.clauses]  # every way and step of it
    if article.steps or (qtype in ("responsibility", "procedure") and article.clauses and (not hits or hits[0].chunk.clause is not None)
                         and len(article.clauses) <= MAX_LIST_CLAUSES and _is_list_article(article)):
        return _units_for(index, ranked.so_hieu, ranked.article, None, qtype, step, day)
    if _asks_whole(question, article):
        return [Unit(doc, article, clause=c.number, day=day) for c in article.clauses]
    weighed = _weighed_clauses(question, ranked, article, doc, day)
    units = _learnt_clauses(question, ranked, article, doc, day, clause_model, weighed) or weighed
    dated = dates_in(question.resolved)
    spent = {c for (so_hieu, number, c) in index.spent_on(day) if (so_hieu, number) == ranked.key and c is not None}
    if spent and not dated and not _ASKS_VALIDITY_END.search(question.plain):
        # a transitional rule whose date has passed answers only a question about that date, or about until when
        # an old paper stayed valid ('chứng minh nhân dân còn hạn thì dùng đến khi nào?')
        kept = [u for u in units if u.clause not in spent]
        if not kept and (others := [c.number for c in article.clauses if c.number not in spent]):
            best = best_clause(article, question.content_words)
            kept = [Unit(doc, article, clause=best if best in others else others[0], day=day)]
        units = kept or units
    for c in article.clauses if dated else ():
        unit = Unit(doc, article, clause=c.number, day=day)
        if dated & dates_in(c.text) and unit not in units:
            units.insert(0, unit)  # the khoản on the very date asked about ('hết hạn trước ngày 30/6/2024')
    if not units:
        voted = max(ranked.clause_votes, key=ranked.clause_votes.get) if ranked.clause_votes else None
        clause = voted if voted is not None and article.clause(voted) else best_clause(article, question.content_words)
        units.append(Unit(doc, article, clause=clause, day=day))
    return units


def _learnt_clauses(question: Question, ranked: RankedArticle, article: Article, doc: LawDocument,
                    day: str | None, model: ArticleRanker | None, weighed: list[Unit]) -> list[Unit]:
    """The khoản the clause model scores best; beside it the khoản the hand-weighted sum leads with when that is
    another (the conclusion then weighs the two: an age or a case the question tells), else the model's second when
    it scores close. Each narrowed to the điểm its best hit found. None without the model."""
    order = clause_order(question, ranked, article, model) if len(article.clauses) >= 2 else []
    if not order:
        return []
    points: dict[int, str | None] = {}
    for hit in ranked.hits:
        if hit.score > 0 and hit.chunk.clause is not None:
            points.setdefault(hit.chunk.clause, hit.chunk.point)
    best = order[0][0]
    units = [Unit(doc, article, clause=best, point=points.get(best), day=day)]
    if weighed and weighed[0].clause is not None and weighed[0].clause != best:
        units.append(weighed[0])
    elif len(order) > 1 and order[1][1] >= SECOND_SHARE * order[0][1]:
        units.append(Unit(doc, article, clause=order[1][0], point=points.get(order[1][0]), day=day))
    return units


def _weighed_clauses(question: Question, ranked: RankedArticle, article: Article, doc: LawDocument,
                     day: str | None) -> list[Unit]:
    """The khoản the hand-weighted sum picks, then the other close hits in fused order: the evidence without the clause
    model, and the lead cited beside the model's choice."""
    hits = [h for h in ranked.hits if h.score > 0]
    units: list[Unit] = []
    best = hits[0].score if hits else 0.0
    chosen = answering_clause(question, ranked, article)
    if chosen is not None and not any(h.chunk.clause == chosen for h in hits[:5]):
        units.append(Unit(doc, article, clause=chosen, day=day))
    # the khoản that answers best first, then the other close hits in the fused order
    for hit in sorted(hits[:5], key=lambda h: h.chunk.clause != chosen):
        c = hit.chunk
        if hit.score < 0.75 * best and (chosen is None or c.clause != chosen):
            continue
        clause = c.clause if c.clause is not None or c.step is not None else best_clause(article, question.content_words)
        unit = Unit(doc, article, clause=clause, point=c.point, step=c.step, day=day)
        if unit not in units:
            units.append(unit)
        if len(units) == 2:
            break
    return units


# Who a khoản is for, by the status its first words name; who asks, by the status the question names
_STATUSES = (("goc", r"nguoi goc viet(?: nam)? chua xac dinh(?: duoc)? quoc tich"), ("ngoai", r"nguoi nuoc ngoai"),
             ("cong dan", r"cong dan viet nam"))


def _status_of(plain: str, at_start: bool) -> str | None:
    """The status a text names ('goc', 'ngoai', 'cong dan'), at its start only when ``at_start``."""
    plain = re.sub(r"^\d+\.\s*", "", plain)  # a khoản's own number
    for status, pattern in _STATUSES:
        if (re.match(pattern, plain) if at_start else re.search(rf"\b{pattern}\b", plain)):
            return status
    return None


def _for_asker_status(question: Question, article: Article, units: list[Unit]) -> list[Unit]:
    """'Tôi là người gốc Việt chưa xác định được quốc tịch … có quyền khai thác thông tin của mình không?': the khoản
    for that status ('2. Người gốc Việt Nam chưa xác định được quốc tịch có quyền …'), not its twin for citizens."""
    asked = _status_of(question.plain, at_start=False)
    if asked is None or asked == "cong dan":
        return units
    own = next((c.number for c in article.clauses
                if _status_of(plain_text(c.text).lower(), at_start=True) == asked), None)
    if own is None:
        return units
    out: list[Unit] = []
    for unit in units:
        clause = article.clause(unit.clause) if unit.clause is not None else None
        first = plain_text(clause.text.split("\n", 1)[0]).lower() if clause is not None else ""
        # ('3. Công dân Việt Nam, người gốc Việt Nam chưa xác định được quốc tịch có nghĩa vụ …' is for both)
        other = _status_of(first, at_start=True) not in (None, asked) and \
            not re.search(dict(_STATUSES)[asked], first)
        moved = Unit(unit.doc, article, clause=own, point=unit.point, day=unit.day) if other else unit
        if moved not in out:
            out.append(moved)
    return out


def _asks_whole(question: Question, article: Article) -> bool:
    """The question is the article's heading, or asks where and the article is on the place: every khoản answers."""
    if not article.clauses or len(article.clauses) > MAX_LIST_CLAUSES:
        return False
    if answer_kind(question.plain) == "where" and _holds_kind("where", article, strict=True):
        return True
    return bool(names_heading(question.resolved, article.title))


_ASKS_VALIDITY_END = re.compile(r"\b(den khi nao|den bao gio|den luc nao|dung den|con (gia tri|han|dung duoc|su dung duoc))\b")


@dataclass(frozen=True)
class ClauseWeights:
    votes: float  # question bank and FAQ pointers and clause hits for the khoản, as a share of the best
    dense: float  # cosine similarity of its best chunk to the question
    words: float  # share of the question's content words in it
    phrases: float  # share of the question's adjacent content-word pairs in it


# Fitted on dev, FAQ train, currency and blind b–i: where the ranker's article is right, the khoản led with is one
# the gold answer names for 165 of 209 questions (fused order: 154); on j, k and FAQ validation, not used for
# fitting, 25 of 33 (21). Nearby weights do as well.
CLAUSE_WEIGHTS = ClauseWeights(votes=0.5, dense=3.0, words=0.5, phrases=1.0)
CLAUSE_SWITCH_MARGIN = 0.15


def answering_clause(question: Question, ranked: RankedArticle, article: Article,
                     weights: ClauseWeights = CLAUSE_WEIGHTS) -> int | None:
    """The khoản of the chosen article that answers, from every signal at once: the fused order alone put the
    wrong khoản first in a quarter of answers whose article was right."""
    hits = [h for h in ranked.hits if h.score > 0]
    first = hits[0].chunk.clause if hits else None
    if len(article.clauses) < 2 or first is None:
        return None  # a whole-article hit is read by its best-matching khoản (best_clause)
    top_vote = max(ranked.clause_votes.values(), default=0.0) or 1.0
    similarity = similarity_by_clause(ranked.hits)
    if first not in similarity or article.clause(first) is None:
        return first  # nothing to weigh it against
    asked = set(question.content_words)
    scores: dict[int, float] = {}
    for c in article.clauses:
        if c.number not in similarity:
            continue  # a khoản no search found does not lead
        share = len(asked & set(content_words(c.text))) / len(asked) if asked else 0.0
        scores[c.number] = (weights.votes * ranked.clause_votes.get(c.number, 0.0) / top_vote
                            + weights.dense * similarity[c.number] + weights.words * share
                            + weights.phrases * phrase_overlap(question.plain, plain_text(c.text).lower()))
    best = max(scores, key=lambda number: (scores[number], number))
    # the fused order stands unless another khoản is clearly better (switching on a near tie lost as often as it won)
    return best if scores[best] - scores[first] > CLAUSE_SWITCH_MARGIN else first


def best_clause(article: Article, question_words: list[str]) -> int | None:
    """For a whole-article chunk, the khoản sharing most words with the question (None if no clear winner)."""
    words = set(question_words)
    if not article.clauses or not words:
        return None
    scored = sorted(((len(words & set(content_words(c.text))), c.number) for c in article.clauses), reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1] if scored[0][0] >= 2 else None


def _is_list_article(article: Article) -> bool:
    """Articles whose khoản are a list of duties or steps, answered as a whole."""
    title = plain_text(article.title)
    return any(w in title for w in ("trach nhiem", "nhiem vu", "quyen", "nghia vu", "trinh tu", "thu tuc", "quy trinh"))
