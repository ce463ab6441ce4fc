"""Stage 5: write the answer from the chosen evidence (extractive, no LLM): the conclusion first, then the
quoted legal basis, the steps and the notes; or a refusal that says why and where to ask."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Sequence

from bot.answer_types import NUMBERED, answer_kind
from bot.asked_time import asks_now
from bot.conclusion import write
from bot.coverage import partial_article_notes
from bot.currency import asks_about_status, currency_notes, replaced_warnings, status_conclusion, with_district_reading, with_replaced_status
from bot.evidence import Evidence, Unit
from bot.extract import Segment, focus_lines
from bot.guard import content_words
from bot.index import LoadedIndex
from bot.models import Answer, Citation, RetrievedRef
from bot.premise import correct_false_premise, missing_fact
from bot.question import Question, plain_of
from bot.refusals import FINES_ELSEWHERE, Refusal, asks_fine, not_covered
from bot.render import document_notes, render_answer, render_refusal, status_line
from bot.retrieval import Hit
from bot.wording import NOT_FOUND, Written
from core.legal import vn_date
from core.legal_refs import resolve_so_hieu
from core.text import plain_text


def with_stated(units: Sequence[Unit], written: Written) -> list[Unit]:
    """The evidence units, plus any the conclusion states beyond them (the whole list of an article whose
    evidence held only some khoản), so every statement is cited."""
    out = list(units)
    keys = {(u.doc.so_hieu, u.article.number, u.clause, u.point, u.step) for u in out}
    for segment in written.used:
        u = segment.unit
        key = (u.doc.so_hieu, u.article.number, u.clause, u.point, u.step)
        if key in keys:
            continue
        keys.add(key)
        if u.clause is None and u.step is None:
            held = {v.clause for v in out if (v.doc.so_hieu, v.article.number) == (u.doc.so_hieu, u.article.number)}
            if u.article.clauses and held >= {c.number for c in u.article.clauses}:
                continue  # every khoản is already cited one by one
            # the whole article replaces the parts of it the evidence held
            out = [v for v in out if (v.doc.so_hieu, v.article.number) != (u.doc.so_hieu, u.article.number)]
        out.append(u)
    return out


def _quoted_by(unit: Unit, segment: Segment) -> bool:
    """Whether the sentence is in the unit's quote: its own unit, or a khoản of the whole article that replaced it
    (``with_stated``): the focus must keep the điểm of every khoản the conclusion states."""
    own = segment.unit
    return own is unit or (unit.clause is None and unit.step is None and own.step is None
                           and (own.doc.so_hieu, own.article.number) == (unit.doc.so_hieu, unit.article.number))


def retrieved_refs(hits: Sequence[Hit]) -> tuple[RetrievedRef, ...]:
    return tuple(
        RetrievedRef(id=h.chunk.id, so_hieu=h.chunk.so_hieu, article=h.chunk.article, clause=h.chunk.clause,
                     point=h.chunk.point, step=h.chunk.step, kind=h.chunk.kind, score=round(h.score, 4),
                     cites=json.loads(h.chunk.cites or "[]") if h.chunk.kind != "law" else [])
        for h in hits
    )


AS_OF_TOLD = ("Trả lời theo các văn bản áp dụng vào thời điểm câu hỏi nêu ({day}); quy định hiện hành có thể khác.")


def status_parts(question: Question) -> list[str]:
    """The parts of the question that ask whether a document applies."""
    return [p for p in question.parts if asks_about_status(plain_of(p).lower())]


_QUESTION_WORDS = {"ai", "o", "dau", "lau"}  # asking words content_words keeps
SAID_MIN_WORDS = 2


def _said_in(part: str, used: Sequence[Segment]) -> bool:
    """A part the retriever found no evidence of its own for, that a sentence the conclusion quotes answers already
    ('… được thể hiện dưới những hình thức nào' after 'trạng thái của căn cước điện tử được thể hiện dưới hình thức
    khóa, mở khóa …'): every word it asks about is in that sentence, so 'chưa tìm thấy' would contradict the quote."""
    plain = plain_text(part).lower()
    if _ASKS_AMOUNT.search(plain) or asks_fine(plain):
        return False  # a sentence naming the fee or the act is no sum: the sources' silence on it is said
    asked = set(content_words(part)) - _QUESTION_WORDS
    return len(asked) >= SAID_MIN_WORDS and any(asked <= set(content_words(s.text)) for s in used)


_REFERS_BACK = re.compile(r"\b(?:danh sach|trong so|cac (?:muc|nhom|truong hop|noi dung)) (?:do|nay|tren)\b")
# the part's search found no sentence to answer it, which does not prove the law silent: said as what was found
UNANSWERED_PART = "trợ lý chưa tìm thấy quy định trả lời nội dung này trong nguồn hiện có."
UNANSWERED_AMOUNT = "các văn bản trong kho dữ liệu không quy định nội dung này (ví dụ mức phạt, giá, lệ phí cụ thể)."
_ASKS_AMOUNT = re.compile(r"\b(phat|gia|phi|le phi|tien|muc)\b")  # the examples fit only a part asking a sum


# 'theo quy định hiện hành', 'hiện nay còn …': the rule in force asked for ('bây giờ tôi phải làm gì' is no such ask)
_ASKS_NOW = re.compile(r"\bhien hanh\b|\bhien nay con\b")


class ExtractiveComposer:
    def __init__(self, index: LoadedIndex) -> None:
        self.index = index

    def notes(self, citations: Sequence[Citation], day: str, mode: str = "staff") -> list[str]:
        """Currency notes first (amendments, two-level government, spent rules), then the cited articles the corpus
        holds only in part ('Kho dữ liệu chỉ có Bước 1–2 của Điều 7 …'); then, for staff, each document's status and
        what the corpus holds of it, for a citizen one line of status."""
        held = {d.so_hieu: d.held_articles for d in self.index.documents.values()}
        pairs = [(doc, article) for c in citations if (doc := self.index.documents.get(c.so_hieu)) is not None
                 and (article := self.index.article(c.so_hieu, c.article, day)) is not None]
        notes = currency_notes(citations, self.index.documents, day) + partial_article_notes(pairs)
        if mode == "staff":
            return notes + document_notes(list(citations), held)
        status = status_line(citations)
        return notes + ([status] if status else [])

    def status_conclusion(self, question: Question) -> str | None:
        """'Nghị định 13/2023 còn hiệu lực không?': answered from the document's recorded status and relations."""
        if not asks_about_status(question.plain):
            return None
        named = [self.index.documents[d.so_hieu] for d in question.documents if d.so_hieu in self.index.documents]
        if not named:
            known = list(self.index.documents)
            named = [self.index.documents[s] for d in question.documents if (s := resolve_so_hieu(d, known))]
        # a case told in a past time, then 'hiện nay … còn áp dụng không?': the status asked is today's
        asking = status_parts(question)
        asked_now = asks_now(plain_of(asking[0]).lower() if asking else question.plain)
        day = dt.date.today().isoformat() if question.as_of_told and asked_now else question.as_of
        return status_conclusion(named[0], day, self.index.documents) if named else None

    def with_other_parts(self, question: Question, units: Sequence[Unit], status: str) -> Written:
        """The status asked, and the answer to the question's other parts ('(1) … phải xử lý dữ liệu thế nào; (2) …;
        (3) hiện nay Nghị định 13 còn áp dụng không?'): the status first or last, as the asker put it before or after
        them; the status alone when it is all that is asked or the other parts find no answer."""
        asking = status_parts(question)
        others = tuple(p for p in question.parts if p not in asking)
        if not asking or not others:
            return Written(status)
        text = " ".join(others)
        said = write(dataclasses.replace(question, cleaned=text, resolved=text, plain=plain_of(text), parts=others), units)
        if not said.text or said.text.startswith(NOT_FOUND):
            return Written(status)
        numbers = [NUMBERED.search(plain_of(p).lower()) for p in (asking[0], others[0])]
        status, rest = [f"({n.group(1)}) {t}" if n and not t.startswith("(") else t for n, t in zip(numbers, (status, said.text))]
        first = question.parts.index(asking[0]) < question.parts.index(others[0])
        return dataclasses.replace(said, text=f"{status} {rest}" if first else f"{rest} {status}")

    def warnings(self, citations: Sequence[Citation], day: str) -> list[str]:
        return replaced_warnings(citations, self.index.documents, day)

    def run(self, question: Question, evidence: Evidence, hits: Sequence[Hit], flags: tuple[str, ...] = ()) -> Answer:
        units = list(evidence.units)
        if not units:
            return self.refusal(question, not_covered(), hits, flags)
        # a part about what the previous one lists ('… và nhóm cuối cùng trong danh sách đó là gì') is answered with it
        unanswered = tuple(p for p in evidence.unanswered if not _REFERS_BACK.search(plain_text(p).lower()))
        if unanswered:  # the conclusion answers the parts the sources cover; the rest is said after it
            rest = tuple(p for p in question.parts if p not in unanswered)
            text = " ".join(rest)
            question = dataclasses.replace(question, cleaned=text, resolved=text, plain=plain_of(text), parts=rest)
        status = self.status_conclusion(question)
        if status and answer_kind(question.plain) == "when":
            # 'có hiệu lực từ ngày nào?': the date from the text first, then the document's status today
            written = write(question, units, evidence.faq_conclusion)
            status = re.sub(r"^(Có|Không)\.\s*", "", status)
            if written.text and not written.text.startswith(NOT_FOUND):
                written = Written(f"{written.text} {status}", written.used)
            else:  # the text gave no date: the recorded status answers, alone
                written = Written(status)
        elif status:
            written = self.with_other_parts(question, units, status)
        else:
            written = write(question, units, evidence.faq_conclusion)
        unanswered = tuple(p for p in unanswered if not _said_in(p, written.used))
        if unanswered:
            parts = "; ".join(f"“{p.rstrip('?')}”" for p in unanswered)
            asked = [plain_text(p).lower() for p in unanswered]
            said = UNANSWERED_AMOUNT if any(_ASKS_AMOUNT.search(p) for p in asked) else UNANSWERED_PART
            if any(asks_fine(p) for p in asked):
                said = f"{said} {FINES_ELSEWHERE}"
            written = Written(f"{written.text} Về {parts}: {said}", written.used)
        return self._answer(question, with_stated(units, written), written, hits, flags)

    def _answer(self, question: Question, units: Sequence[Unit], written: Written, hits: Sequence[Hit],
                flags: tuple[str, ...]) -> Answer:
        citations = [u.citation() for u in units]
        steps = [c.quote for c in citations if c.step is not None] + list(written.steps)
        warnings = self.warnings(citations, question.as_of)
        if question.as_of_told:  # the question placed itself in a past time: say which law is read
            warnings = [AS_OF_TOLD.format(day=vn_date(question.as_of))] + warnings
        notes = self.notes(citations, question.as_of, question.mode)
        if written.text and (read := with_district_reading(written.text, citations, self.index.documents, question.as_of)):
            written = dataclasses.replace(written, text=read)
        if written.text and written.used and (dated := with_replaced_status(
                written.text, [s.unit.doc.so_hieu for s in written.used], self.index.documents, question.as_of,
                bool(_ASKS_NOW.search(question.plain)))):
            written = dataclasses.replace(written, text=dated)
        key = [i for i, u in enumerate(units) if any(s.unit is u for s in written.used)] or None
        focus = {i: lines for i, u in enumerate(units)
                 if (lines := focus_lines(citations[i].quote, [s for s in written.used if _quoted_by(u, s)]))}
        markdown = render_answer(written.text, citations, steps, notes, question.mode, warnings, focus, key)
        return Answer(question=question.raw, answer=markdown, conclusion=written.text, steps=tuple(steps),
                      citations=tuple(citations), retrieved=retrieved_refs(hits), question_type=question.qtype,
                      notes=tuple(warnings + notes), flags=flags)

    def corrected(self, question: Question, refusal: Refusal, evidence: Evidence, hits: Sequence[Hit] = (),
                  flags: tuple[str, ...] = ()) -> Answer | None:
        """A missing-reference refusal turned into both facts when the question's act is forbidden: 'Không. Không
        có Điều 99 …, còn việc được hỏi thì bị pháp luật cấm: … (khoản 9 Điều 7 Luật Căn cước 2023 …)'. Cites only
        the prohibition. None: keep the refusal."""
        written = correct_false_premise(question, refusal, evidence.units)
        if written is None:
            return None
        units = [u for u in evidence.units if any(s.unit is u for s in written.used)]
        return self._answer(question, units, written, hits, flags + (f"false_premise:{refusal.reason}",))

    @staticmethod
    def premise_noted(answer: Answer, refusal: Refusal) -> Answer:
        """An answer to the question's own ask, after the fact that the article it rests on is not in the sources
        (the premise corrected, not only refused)."""
        fact = re.sub(r"\s*\(kho dữ liệu có: [^)]*\)", "", missing_fact(refusal))
        conclusion = f"{fact}. Về điều được hỏi, theo các văn bản trợ lý có: {answer.conclusion}"
        text = answer.answer.replace(f"**Kết luận:** {answer.conclusion}", f"**Kết luận:** {conclusion}", 1)
        return answer.model_copy(update={"conclusion": conclusion, "answer": text,
                                         "flags": answer.flags + (f"false_premise:{refusal.reason}",)})

    @staticmethod
    def refusal(question: Question, refusal: Refusal, hits: Sequence[Hit] = (), flags: tuple[str, ...] = ()) -> Answer:
        return Answer(question=question.raw, answer=render_refusal(refusal.message), conclusion=refusal.message,
                      refused=True, retrieved=retrieved_refs(hits), question_type=question.qtype,
                      flags=flags + (f"refused:{refusal.reason}",))
