"""A question that rests on two false premises gets both facts, not a bare refusal: "Theo Điều 99 Thông tư 46,
tôi được bán dữ liệu dân cư cho công ty khác đúng không?" -> there is no Điều 99 in the sources, and the law
forbids selling that data (with the prohibition cited).

``correct_false_premise`` is a pure function of the question, the refusal the request check produced
('missing_article' / 'missing_clause' / 'missing_document') and the evidence units retrieved for the question's act; the pipeline
calls it when the check refuses for a missing reference (see ``ExtractiveComposer.corrected``).
"""

from __future__ import annotations

import re
from typing import Sequence

from bot import extract as X
from bot.answer_types import act_words, answer_kind, asked_modality, is_claim, last_sentence
from bot.evidence import Unit
from bot.guard import content_words
from bot.question import Question
from bot.refusals import Refusal
from bot.wording import Written, lower_first

REASONS = ("missing_article", "missing_clause", "missing_document")
MIN_OVERLAP = 4.0  # at least two specific words of the question's act shared with the prohibition


def missing_fact(refusal: Refusal) -> str:
    """'Không có Điều 99 của Thông tư 46/2022/TT-BCA trong nguồn của trợ lý (kho dữ liệu có: …)' — the refusal's
    own first statement, without its 'cannot confirm' tail."""
    first = re.split(r",\s*nên không thể xác nhận", refusal.message, maxsplit=1)[0]
    return first.rstrip(" .")


_REFERENCE = re.compile(  # with or without diacritics
    r"(?i)\b(?:theo|căn cứ(?: vào)?|can cu(?: vao)?|tại|tai)?\s*(?:(?:điểm|diem)\s+\w\s+)?(?:(?:khoản|khoan)\s+\d+\s+)?"
    r"(?:điều|dieu)\s+\d+\w*"
    r"(?:\s+(?:của\s+|cua\s+)?(?:luật|luat|thông tư|thong tu|nghị định|nghi dinh|tt|nđ|nd)"
    r"(?:\s+(?:căn cước|can cuoc|công dân|cong dan|số|so|\S*\d\S*))*)?"
    r"(?:\s*,)?(?:\s+(?:thì|thi|quy định|quy dinh|nói|noi|ghi)(?: rằng| rang| là| la)?\b)?\s*")


def without_reference(text: str) -> str:
    """The question with its reference to an article taken out: 'Theo Điều 48 Luật Căn cước 2023 thì người …
    đúng không?' -> 'người … đúng không?' (what it asks, to be answered from the articles held)."""
    out = _REFERENCE.sub(" ", text, count=1).strip()
    return out[:1].upper() + out[1:] if out != text.strip() else text


def _act_words(question: Question) -> list[str]:
    """The question's words without its reference to an article or document ('Điều 99 Thông tư 46')."""
    text = re.sub(r"\b(dieu|khoan|diem)\s+\d+\w*", " ", question.plain)
    text = re.sub(r"\b(thong tu|nghi dinh|luat|tt|nd)\s+[\d/\-]+(?:[a-z\-]*)", " ", text)
    return content_words(text)


_ASKS_WHAT_LAW_SAYS = re.compile(r"\bco quy dinh\b|\bco (?:khoan|dieu|diem) (?:do|nay|nao)\b")


def correct_false_premise(question: Question, refusal: Refusal, prohibition_units: Sequence[Unit]) -> Written | None:
    """Both facts when the question names a reference the sources lack *and* asks whether a forbidden act is
    allowed: "Không. <no such article>, còn việc được hỏi thì bị pháp luật cấm: <prohibition> (<citation>)."
    None when the refusal is of another kind, the question asks no yes/no about an act, or no prohibition among
    ``prohibition_units`` speaks to that act (the bare refusal then stands)."""
    if refusal.reason not in REASONS or not prohibition_units:
        return None
    if _ASKS_WHAT_LAW_SAYS.search(last_sentence(question.plain)):
        return None  # 'Nghị định 13 có quy định mức phạt như vậy không?' asks what a text says, not whether an act is allowed
    asked = asked_modality(question.plain)
    if asked not in ("permit", "forbid") and not (is_claim(question.plain) and asked != "not_must"):
        return None
    if answer_kind(question.plain) != "yes_no":
        return None  # '… những loại dữ liệu nào, nếu chậm thì bị xử lý thế nào' asks no yes/no about an act
    words = _act_words(question)
    act = act_words(question.plain)
    forbidding = [s for s in X.segments(list(prohibition_units)) if X.modality(s).forbid
                  and (not act or X.overlap(act[:1], s) > 0)]  # it must name the act asked about ('bán')
    scored = sorted(((X.overlap(words, s) + 3.0 * X.overlap(act, s), s) for s in forbidding), key=lambda x: (-x[0], x[1].index))
    if not scored or scored[0][0] < MIN_OVERLAP:
        return None
    segment = scored[0][1]
    sentence = segment.whole.rstrip(" .;:,")
    if segment.lead and (segment.point or segment.item):
        sentence = f"{segment.lead.rstrip(': ')}: {lower_first(sentence)}"
    where = segment.label
    if X.by_title(segment) and not re.search(r"\b(cấm|không được)\b", segment.text, re.I):
        where = f"{where}, {lower_first(segment.title)}"
    verdict = "Có" if asked == "forbid" else "Không"
    text = (f"{verdict}. {missing_fact(refusal)}, còn việc được hỏi thì bị pháp luật cấm: "
            f"{lower_first(sentence)} ({where}).")
    return Written(text, (segment,))
