"""The conclusion: the fact asked, first, from the cited text itself (no LLM), each statement with its citation.

The question's parts and their kinds come from ``bot.answer_types``; the sentences of the evidence, their
modality and the numbers, bodies, places and times in them from ``bot.extract``. For each part the sentence
that best answers it is chosen (never a keyword alone), and the answer is written by kind:

- yes/no: "Có" / "Không" / "Tùy trường hợp", decided by the sentence's modality against what is asked
  (được, không được, nghiêm cấm, phải, không phải, theo nhu cầu …) and by the numbers a claim states,
  with the sentence (its condition or exception included) and its citation;
- how long / how old / how many: the number with its unit (and from when it counts) first;
- who: the body first; where: the place; when: the date or the condition;
- list: the count and every item, whole; procedure: the steps in order; definition: the defining sentence.

When the evidence does not hold the kind of fact asked, the conclusion says so. ``write`` also returns the
sentences it relied on, so the Markdown can quote exactly those lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from bot import extract as X
from bot.answer_types import Part, act_words, asked_modality, is_claim, question_parts
from bot.coverage import held_parts, partial_article_note
from bot.evidence import REFERS_TO, Unit
from bot.extract import Segment
from bot.guard import content_words
from bot.question import Question
from core.legal_refs import resolve_so_hieu
from core.text import clean_spaces, has_diacritics, nfc, plain_text
from core.versions import article_as_of

_SUBJECT_END = re.compile(r"\s(có được|được phép|có quyền|có thể|có bị|có phải|có cần)\b")
RELATIVE = 0.6  # a sentence answers a part only if it scores at least this share of the best sentence's score
WHOLE_KHOAN_SENTENCES = 2  # a khoản of this many sentences is stated whole in a one-sentence answer
SIBLING = 0.8  # further sentences of the same khoản are added when they score this close to the best
MISSING = {"yes_no": "Nguồn hiện có không nêu trực tiếp việc được hỏi", "duration": "Nguồn hiện có không nêu thời hạn cho việc này",
           "age": "Nguồn hiện có không nêu độ tuổi cho việc này", "amount": "Nguồn hiện có không nêu con số cụ thể cho việc này",
           "who": "Nguồn hiện có không nêu cơ quan, người có thẩm quyền cho việc này",
           "where": "Nguồn hiện có không nêu nơi thực hiện việc này", "when": "Nguồn hiện có không nêu thời điểm cho việc này"}
# Capitals kept at the start of a clause that follows a colon: names of bodies, documents and systems.
_KEEP_CAPITAL = re.compile(r"^(Bộ|Cục|Chính phủ|Thủ tướng|Ủy ban|Quốc hội|Cổng|Ứng dụng định danh|Cơ sở dữ liệu|Luật|"
                           r"Nghị định|Thông tư|Công an|Việt Nam|Nhà nước|Phiếu|Trung tâm|Bên|Hội đồng|Sở|Tòa án|Viện)\b")


@dataclass(frozen=True)
class Written:
    """A conclusion and the sentences of the evidence it states (to quote them whole)."""

    text: str | None
    used: tuple[Segment, ...] = ()
    facts: tuple[str, ...] = ()  # the facts put first ('07 ngày làm việc …'), when the sentence states one
    steps: tuple[str, ...] = ()  # a procedure's steps, each 'Bước N (its citation)\n<its words>', shown under the conclusion


# -- wording helpers --------------------------------------------------------------------------------
def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the text opens with a name ('Bộ Công an', 'Cơ sở dữ liệu …')."""
    words = text.split(" ", 2)
    if not text or _KEEP_CAPITAL.match(text) or (len(words) > 1 and words[1][:1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def _end(text: str) -> str:
    return text.rstrip(" .;:,") + "."


def _source_cut(segment: Segment) -> str:
    """The sentence; when the source itself cuts it ('… theo quy định pháp luật về bảo ...'), the unfinished
    trailing phrase is left out of the conclusion (the quote below keeps the source as it is)."""
    text = segment.whole
    if segment.text != text and re.search(r"(\.\.\.|…)\s*$", segment.text):
        text = re.sub(r"\s+theo quy định[^,;]*$", "", text).rstrip(" ,")
    return text


def _sentence(segment: Segment) -> str:
    """The sentence as stated in a conclusion: a điểm joined to its lead-in, no final full stop."""
    text = _source_cut(segment)
    if segment.lead and (segment.point or segment.item):
        text = f"{segment.lead.rstrip(': ')}: {lower_first(text)}"
    return text.rstrip(" .;:,")


def _stated(segment: Segment) -> str:
    """'<sentence> (khoản 2 Điều 3 …)' — a lead-in is joined to its điểm."""
    return f"{_cap(_sentence(segment))} ({segment.label})"


_DANGLING = {"với", "là", "thì", "trong", "sau", "của", "và", "có", "được", "từ", "đến", "tại", "bằng", "theo", "cho",
             "trước", "khi", "gồm", "về", "hoặc", "nhưng", "mà", "để", "do", "bởi", "trên", "dưới", "như", "tới", "ở",
             "vào", "ra", "phải", "bị", "sẽ", "đã", "này", "đó", "trừ", "nếu", "tại"}


def _fact_first(fact: str | Sequence[str], segment: Segment) -> str:
    """The fact asked, then the sentence it comes from: '12 chữ số: số định danh cá nhân … (khoản 1 Điều 12 …)'.
    A sentence that opens with the fact is stated as it is; one that ends with it is turned round."""
    facts = [fact] if isinstance(fact, str) else list(fact)
    facts = [f for f in facts if not any(f != g and f.lower() in g.lower() for g in facts)]
    text = _sentence(segment)
    own = _source_cut(segment).rstrip(" .;:,")
    if len(facts) == 1 and segment.lead and (segment.point or segment.item) and own.lower().startswith(facts[0].lower()):
        # a điểm that opens with the fact: the fact first, its lead-in after it, the fact said once
        return f"{_cap(own)}, {lower_first(segment.lead.rstrip(': '))} ({segment.label})"
    if len(facts) == 1:
        at = text.lower().find(facts[0].lower())
        if 0 <= at <= 1:
            return f"{_cap(text)} ({segment.label})"
        if at > 1 and at + len(facts[0]) >= len(text) - 1:
            rest = text[:at].rstrip(" ,")
            if len(rest.split()) >= 4 and rest.split()[-1].lower() not in _DANGLING:
                return f"{_cap(facts[0])}: {lower_first(rest)} ({segment.label})"
    head = "; ".join(f.rstrip(" ,") for f in facts)
    return f"{_cap(head)}: {lower_first(text)} ({segment.label})"


def _subject(question: str) -> str | None:
    """'Khi kết nối … thì cơ quan, tổ chức có được …' -> 'Cơ quan, tổ chức' (only for accented text)."""
    if not has_diacritics(question):
        return None
    match = _SUBJECT_END.search(question)
    if not match:
        return None
    head = question[: match.start()]
    head = re.split(r"\bthì\b|\bvậy\b|,\s*(?=[^,]*$)(?!\s*tổ chức)", head)[-1].strip(" ,")
    words = head.split()
    if not 1 <= len(words) <= 8 or head.lower().startswith(("tôi", "em", "mình")) and len(words) > 3:
        return None
    return head[:1].upper() + head[1:]


# -- choosing sentences ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Scored:
    score: float
    segment: Segment


def _rank(question_words: list[str], context_words: list[str], segments: Sequence[Segment],
          keep: Callable[[Segment], bool] = lambda s: True, act: Sequence[str] = ()) -> list[_Scored]:
    """Sentences that pass ``keep``, best first (the evidence's own order breaks ties); ``act``: the words of the
    act a yes/no question asks about, which weigh more."""
    scored = [_Scored((X.overlap(question_words, s) + 0.5 * X.overlap(context_words, s)
                       + (X.overlap(list(act), s) if act else 0.0)) * (DELEGATION_WEIGHT if X.delegated_to(s.text) else 1.0), s)
              for s in segments if keep(s)]
    return sorted(scored, key=lambda x: (-x.score, x.segment.index))


def _best_score(question_words: list[str], context_words: list[str], segments: Sequence[Segment]) -> float:
    ranked = _rank(question_words, context_words, segments)
    return ranked[0].score if ranked else 0.0


def _siblings(best: _Scored, ranked: list[_Scored], limit: int = 3, share: float = SIBLING) -> list[Segment]:
    """The best sentence and those of the same khoản (or Bước) scoring close to it, in the law's order."""
    same = [r.segment for r in ranked if r.score >= share * best.score and r.score > 0
            and r.segment.article_key == best.segment.article_key and r.segment.clause == best.segment.clause
            and r.segment.step == best.segment.step]
    chosen = [best.segment] + [s for s in same if s is not best.segment][: limit - 1]
    return sorted(chosen, key=lambda s: s.index)


# -- yes / no -------------------------------------------------------------------------------------
def _verdict(asked: str, m: X.Modality) -> str | None:
    """'Có' / 'Không' for what is asked (permit, must, forbid, not_must, fact) given what the law does."""
    if asked == "permit":
        if m.forbid:
            return "Không"
        if m.permit or m.must or m.not_must:
            return "Có"
        return None
    if asked == "must":
        if m.forbid or m.not_must:
            return "Không"
        return "Có" if (m.must or m.procedural) else None
    if asked == "forbid":
        if m.forbid:
            return "Có"
        return "Không" if (m.permit or m.not_must) else None
    if asked == "not_must":
        if m.must or m.procedural:
            return "Không"
        return "Có" if m.not_must else None
    if m.forbid or m.freed or (m.not_must and not m.permit):
        return "Không"
    if m.permit or m.must:
        return "Có"
    return "Không" if m.negated else "Có?"  # 'Có?': a plain statement of the fact asked, if it is the best match


def _disjoint(asked: X.Quantity, stated: X.Quantity) -> bool:
    """Whether two ranges of one unit cannot overlap: '< 6' and '>= 14', '>= 60' and '< 14', '10' and '>= 14'."""
    if asked.relation == "<" and stated.relation == ">=":
        return stated.value >= asked.value
    if asked.relation == ">=" and stated.relation == "<":
        return stated.value <= asked.value
    if asked.relation == "=" and stated.relation in ("<", ">="):  # 'con tôi 10 tuổi' is outside 'từ đủ 14 tuổi'
        return (asked.value < stated.value) == (stated.relation == ">=")
    return False


def _numbers(asked_text: str, segment: Segment) -> str:
    """How the numbers a question states ('9 chữ số', 'dưới 14 tuổi') meet those of the sentence, unit by unit:
    'other' (the sentence speaks of another range of the same number: 'từ đủ 14 tuổi trở lên' for 'dưới 14
    tuổi'), 'contradicts' (same unit, none of its values: 12 chữ số for 9), else 'ok'."""
    asked = X.quantities(asked_text)
    stated = X.quantities(f"{segment.lead} {segment.text}")  # a điểm's range is in its lead-in ('từ đủ 14 tuổi …:')
    verdict = "ok"
    for q in asked:
        same_unit = [s for s in stated if s.unit == q.unit]
        if not same_unit:
            continue
        if any(s.value == q.value and (s.relation == q.relation or "=" in (s.relation, q.relation)) for s in same_unit):
            continue
        if any(s.value == q.value for s in same_unit):
            return "other"
        if all(_disjoint(q, s) for s in same_unit):
            return "other"  # 'từ đủ 14 tuổi trở lên' says nothing of 'dưới 6 tuổi'
        if q.relation == "=" and all(s.relation == "=" for s in same_unit):
            verdict = "contradicts"
    return verdict


def _yes_no(question: Question, part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    asked = asked_modality(part.text)
    claim = is_claim(question.plain)
    act = act_words(part.text)
    best_any = max((r.score for r in _rank(words, context, segments, act=act)), default=0.0)
    if best_any <= 0:
        return None
    numbered = bool(X.quantities(part.text))
    other_range: list[Segment] = []
    asked_dates = X.dates_in(part.text)
    candidates: list[tuple[_Scored, str]] = []
    omitted = _omitted_acts(part.text)
    on_omission = [s for s in segments if _names_omission(s, omitted)]
    if on_omission:
        # 'không làm thẻ có vi phạm không?': the rule on not doing that act ('Không thực hiện thủ tục cấp thẻ …')
        segments = on_omission
        best_any = max((r.score for r in _rank(words, context, segments, act=act)), default=0.0)
    for scored in _rank(words, context, segments, act=act):
        if asked_dates & X.dates_in(scored.segment.text):
            scored = _Scored(scored.score * DATE_MATCH, scored.segment)  # the rule for the very date asked about
        if scored.score < RELATIVE * best_any / 1.3:
            continue
        segment = scored.segment
        numbers = _numbers(part.text, segment) if numbered else "ok"
        if numbers == "other":
            other_range.append(segment)  # a rule for another age group says nothing about the one asked …
            continue
        if claim and numbers == "contradicts" and scored.score >= RELATIVE * best_any:
            candidates.append((scored, "Không*", True))
            continue
        m = X.modality(segment)
        verdict = _verdict(asked, m)
        if act and not X.overlap(act, segment):
            verdict = None  # a sentence that does not name the act asked about answers nothing about it
        if verdict == "Có?":
            verdict = "Có" if scored.score >= 0.9 * best_any else None
        if verdict == "Có" and asked == "permit" and act and not _names_verb(_accented(question.restored or question.resolved, act[:1]), segment):
            verdict = None  # a permission to do something else ('được khai thác') is no permission to 'bán'

        if verdict:
            direct = {"permit": m.permit, "must": m.must or m.not_must, "forbid": m.forbid,
                      "not_must": m.not_must or m.must}.get(asked, False)
            weighted = scored.score * (1.3 if direct else 1.0)
            if weighted >= RELATIVE * best_any:
                candidates.append((_Scored(weighted, segment), verdict, direct))
    if not candidates:
        return None
    # What the law says of the act asked about (a permission for 'có được') comes before what it says of a
    # neighbouring one ('phải' for another age group), if it speaks to the question at all.
    agency = (lambda seg: asked in ("must", "not_must") and _agency_duty(seg, part.text))
    candidates.sort(key=lambda c: (agency(c[0].segment), not c[2], -c[0].score, c[0].segment.index))
    candidates = [(c[0], c[1]) for c in candidates]
    candidates = _most_specific_point_first(candidates, question.resolved)
    candidates = _both_options_first(candidates, question.resolved)
    if candidates and candidates[0][1] != "Không*" and X.excepts_listed_cases(candidates[0][0].segment):
        # a rule with listed exceptions ('phải nộp lệ phí …, trừ những trường hợp sau đây:') answers 'it depends',
        # unless one of the listed cases itself matches the question nearly as well
        lead = candidates[0][0]
        case = next((c for c in candidates[1:] if c[0].segment.lead == lead.segment.text
                     and c[0].segment.clause == lead.segment.clause and c[0].score >= 0.6 * lead.score
                     and X.own_words(words, c[0].segment)), None)
        candidates = [case] + [c for c in candidates if c is not case] if case else \
            [(lead, "Tùy trường hợp")] + candidates[1:]
    contradiction = next((c for c in candidates if c[1] == "Không*"), None)
    (best, verdict) = contradiction or candidates[0]
    verdict = verdict.rstrip("*")
    if verdict == "Tùy trường hợp":
        rule = _yes_no_sentence(question, "", [best.segment], False, segments).lstrip(". ")
        return Written(f"Tùy trường hợp: {lower_first(rule)}", (best.segment,))
    others = [c for c in candidates if c[0] is not best and c[1].rstrip("*") != verdict
              and c[0].score >= 0.85 * best.score and c[0].segment.clause != best.segment.clause
              and not agency(c[0].segment)]  # 'có phải đổi thẻ không?' is not 'it depends' by the agency's duty
    if others and contradiction is None and not claim:
        other = others[0][0].segment
        first, second = sorted((best.segment, other), key=lambda s: s.index)
        parts = [_yes_no_sentence(question, "", [s], False, segments).lstrip(". ").rstrip(".")
                 if s.text.rstrip().endswith(":") else _stated(s) for s in (first, second)]
        return Written(f"Tùy trường hợp: {lower_first(parts[0])}; {lower_first(parts[1])}.", (first, second))
    opposite = {c[0].segment for c in candidates if c[1].rstrip("*") != verdict}
    same = [r for r in _rank(words, context, segments, act=act) if r.segment not in opposite
            and not r.segment.text.rstrip().endswith(":") and r.segment.point == best.segment.point
            and r.segment.item == best.segment.item]
    same = [best] + [r for r in same if r.segment is not best.segment and r.segment not in other_range]
    used = _siblings(best, same, 3, YES_NO_SIBLING) if contradiction is None else [best.segment]
    if numbered and contradiction is None:
        # 'dưới 14 tuổi có được …?': every group of the khoản inside the age asked has its own answer ('từ đủ 6 đến
        # dưới 14 tuổi … mức độ 02'; 'dưới 6 tuổi … mức độ 01'): all are said, in the law's order
        kin = [t for t in segments if t.article_key == best.segment.article_key and t.clause == best.segment.clause
               and t not in used and t not in other_range and X.quantities(t.text)]
        inside = [t for t in kin if _numbers(part.text, t) == "ok"]
        # … and a group inside it whose rule differs on another number asked ('dưới 6 tuổi … mức độ 01' when
        # 'mức độ 2' is asked) turns the answer into 'it depends'
        against = [t for t in kin if _numbers(part.text, t) == "contradicts"]
        used = sorted(used + inside + against, key=lambda t: t.index)
        if against and verdict == "Có" and not claim:
            verdict = "Tùy trường hợp"
    text = _yes_no_sentence(question, verdict, used, bool(contradiction), segments)
    if verdict == "Có" and contradiction is None and (lapsed := _lapsed_on(used, question.as_of)):
        text = f"Không, nay không còn: quy định này chỉ áp dụng đến hết ngày {lapsed}, mốc đó đã qua. {text[len('Có. '):]}"
    extra = _counterpart(question, claim, verdict, best.segment, candidates, segments, words, context)
    if extra is None and claim:
        # … but a claim that mixed up two groups ('mọi trẻ dưới 14 tuổi đều bắt buộc') needs the other group's rule
        beside = next((s for s in other_range if s.article_key == best.segment.article_key and s.clause != best.segment.clause), None)
        extra = (f"còn theo {beside.label}: {lower_first(_sentence(beside))}", beside) if beside else None
    if extra is not None:
        return Written(f"{text[:-1]}; {extra[0]}.", tuple(used) + (extra[1],))
    return Written(text, tuple(used))


_VALID_UNTIL = re.compile(r"\b(?:gia tri su dung|duoc su dung|duoc ap dung|ap dung)\s+den het ngay "
                          r"(\d{1,2}) thang (\d{1,2}) nam (\d{4})\b")


def _lapsed_on(used: Sequence[Segment], day: str) -> str | None:
    """The end date of a permission bounded in time ('… tiếp tục có giá trị sử dụng đến hết ngày 30 tháng 6 năm
    2024') when the question is asked after it: such a rule answers 'yes' only for the days it covered."""
    for segment in used:
        found = _VALID_UNTIL.search(plain_text(segment.text))
        if not found:
            continue
        d, m, y = (int(g) for g in found.groups())
        try:
            until = dt.date(y, m, d)
        except ValueError:
            continue
        if day and until.isoformat() < day:
            return f"{d:02d}/{m:02d}/{y}"
    return None


BOTH_OPTIONS_SHARE = 0.7


def _both_options_first(candidates: list[tuple[_Scored, str]], question: str) -> list[tuple[_Scored, str]]:
    """'… còn dùng được không hay bắt buộc phải đổi sang thẻ mới?': of the sentences giving the same answer nearly as
    well, the one that also speaks to the second option ('… khi có nhu cầu thì được cấp đổi sang thẻ căn cước'),
    compared with tones ('đổi sang' is not 'sửa đổi, bổ sung' by 'đổi' alone)."""
    match = re.search(r"\bhay\b(.+)$", nfc(question), re.I)
    if not candidates or match is None:
        return candidates
    second = X.heading_words(match.group(1)) - X.heading_words(question[:match.start()])
    top, verdict = candidates[0]

    def speaks(c: tuple[_Scored, str]) -> int:  # the whole khoản: the second option may be its next sentence
        segment = c[0].segment
        clause = segment.unit.article.clause(segment.clause) if segment.clause is not None else None
        return len(second & X.heading_words(clause.text if clause is not None else segment.text))

    mode = X.modality(top.segment)
    near = [c for c in candidates if c[1] == verdict and c[0].score >= BOTH_OPTIONS_SHARE * top.score
            and (X.modality(c[0].segment).permit, X.modality(c[0].segment).must) == (mode.permit, mode.must)]
    best = max(near, key=speaks)
    if speaks(best) > speaks(candidates[0]):
        return [best] + [c for c in candidates if c is not best]
    return candidates


def _most_specific_point_first(candidates: list[tuple[_Scored, str]], question: str) -> list[tuple[_Scored, str]]:
    """Among the điểm of one list that give the same answer, the one naming what the question names beyond the
    lead-in ('… được thu thập từ hồ sơ cấp, quản lý thẻ căn cước?' -> 'b) Từ tàng thư căn cước; hồ sơ cấp, quản
    lý thẻ …', not 'd) … ADN và giọng nói …' which only repeats 'thu thập' more often)."""
    if not candidates:
        return candidates
    top, verdict = candidates[0]
    if not ((top.segment.point or top.segment.item) and top.segment.lead):
        return candidates
    peers = [c for c in candidates if c[1] == verdict and c[0].segment.lead == top.segment.lead
             and c[0].segment.clause == top.segment.clause]
    asked = X.heading_words(question) - X.heading_words(top.segment.lead)  # with tones: 'đúng' is not 'dụng'

    def own(segment: Segment) -> int:
        return len(asked & X.heading_words(segment.text))

    best = max(peers, key=lambda c: own(c[0].segment))
    if own(best[0].segment) > own(top.segment):
        return [best] + [c for c in candidates if c is not best]
    return candidates


def _omitted_acts(plain: str) -> list[str]:
    """The law's words for an act the question asks about not doing ('không làm thẻ …' -> 'lam', 'cap', 'thuc hien'),
    diacritics stripped."""
    out: list[str] = []
    for verb in re.findall(r"\bkhong (\w+)", plain):
        forms = next((f for k, f in _VERB_FORMS.items() if plain_text(k) == verb), (verb,))
        out += [plain_text(f) for f in forms if plain_text(f) not in ("co", "duoc", "phai", "can", "bi")]
    return list(dict.fromkeys(out))


def _names_omission(segment: Segment, omitted: Sequence[str]) -> bool:
    """Whether the sentence is about not doing one of the acts ('Không thực hiện thủ tục cấp thẻ …')."""
    return any(re.search(rf"\bkhong {f}\b", plain_text(segment.text)) for f in omitted)


def _agency_duty(segment: Segment, plain: str) -> bool:
    """An agency's duty ('cơ quan … phải cấp, cấp đổi') where the question does not ask about an agency: it does not
    say what the asker must do."""
    return bool(_AUTHORITY_DUTY.search(segment.text)) and not _AUTHORITY_ASKED.search(plain)


_AUTHORITY_DUTY = re.compile(r"\b(cơ quan|Bộ Công an|Công an|Thủ trưởng|Chính phủ|Ủy ban)\b[^,;.:]{0,60}\b(phải|có trách nhiệm)\b")
_AUTHORITY_ASKED = re.compile(r"\b(co quan|cong an|bo|thu truong|chinh phu|uy ban|can bo)\b")
YES_NO_SIBLING = 0.6
DELEGATION_WEIGHT = 0.5  # 'Chính phủ quy định …' only says who will rule: any sentence that rules answers better
DATE_MATCH = 1.5


# Everyday verbs and the law's words for the same act ('dùng thẻ' - 'sử dụng thẻ').
_VERB_FORMS = {"dùng": ("dùng", "sử dụng"), "xài": ("sử dụng",), "lấy": ("lấy", "thu thập", "khai thác"),
               "coi": ("xem", "khai thác"), "xem": ("xem", "khai thác"), "làm": ("làm", "cấp", "thực hiện")}


def _names_verb(verb: str, segment: Segment) -> bool:
    """Whether the sentence says the verb asked, with its tone when the question has one ('bán' is not 'ban hành')."""
    text = " ".join(re.findall(r"\w+", f"{segment.lead} {segment.text}".lower()))
    forms = _VERB_FORMS.get(verb.lower(), (verb.lower(),))
    if plain_text(verb) == verb.lower():  # typed without diacritics: compare without them
        text, forms = plain_text(text), tuple(plain_text(f) for f in forms)
    return any(re.search(rf"\b{re.escape(f)}\b", text) for f in forms)


def _words_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _joined(used: Sequence[Segment]) -> str:
    """Sentences said one after another; a lead-in already said (by an earlier điểm, or as a sentence of its own)
    is not said again before the next điểm."""
    said: list[str] = []
    for segment in used:
        lead = segment.lead if (segment.point or segment.item) else ""
        if lead and _words_key(lead) in _words_key(" ".join(said)):
            said.append(lower_first(_source_cut(segment).rstrip(" .;:,")))
        else:
            said.append(lower_first(_sentence(segment)))
    return "; ".join(said)


def _yes_no_sentence(question: Question, verdict: str, used: list[Segment], contradiction: bool,
                     segments: Sequence[Segment] = ()) -> str:
    first = used[0]
    if first.text.rstrip().endswith(":") and (item := _first_item(first, list(segments))) is not None:
        listed = _list_of(item, list(segments))  # a rule with its listed cases ('…, trừ những trường hợp sau đây:')
        if listed is not None and listed.text:
            return f"{verdict}. {listed.text}"
    if len(used) == 1 and verdict == "Không" and not contradiction:
        fragment, cut = X.modal_fragment(_source_cut(first))
        fragment = re.sub(r"\s+(trừ trường hợp)", r", \1", fragment).replace(",,", ",").rstrip(" .;")
        subject = _subject(question.cleaned)
        if cut and subject:
            return f"Không. {subject} {lower_first(fragment)} ({first.label})."
        if cut:
            return f"Không. Theo {first.label}: {lower_first(fragment)}."
    joined = _joined(used)
    if X.by_title(first) and not re.search(r"\b(cấm|không được)\b", first.text, re.I):
        return f"{verdict}. {_cap(first.label)} thuộc {lower_first(first.title)}: {_end(joined)}"
    return f"{verdict}. Theo {first.label}: {_end(joined)}"


def _counterpart(question: Question, claim: bool, verdict: str, best: Segment, candidates: list, segments: list[Segment],
                 words: list[str], context: list[str]) -> tuple[str, Segment] | None:
    """What else a claim needs: the rule it confused ('dưới 14 tuổi … theo nhu cầu' — but 'từ đủ 14 tuổi … phải'),
    or what the document it names says when the answer came from another one."""
    if not claim:
        return None
    opposite = [c[0].segment for c in candidates if c[1].rstrip("*") != verdict and c[0].segment.article_key == best.article_key
                and c[0].segment.clause != best.clause]
    if opposite:
        s = opposite[0]
        return f"còn theo {s.label}: {lower_first(_sentence(s))}", s
    known = list(dict.fromkeys(s.unit.doc.so_hieu for s in segments))
    named = {so for d in question.documents if (so := resolve_so_hieu(d, known))}
    if named and best.unit.doc.so_hieu not in named:
        ranked = _rank(words, context, [s for s in segments if s.unit.doc.so_hieu in named and X.modality(s).any])
        if ranked and ranked[0].score > 0:
            s = ranked[0].segment
            return f"{s.unit.doc.short_title} cũng quy định tại {s.label}: {lower_first(_sentence(s))}", s
    return None


# -- numbers, bodies, places, times ------------------------------------------------------------------
_SPANS: dict[str, Callable[[str], list[str]]] = {
    "duration": X.duration_spans, "age": X.age_spans, "amount": X.amount_spans, "where": X.place_spans,
}


_PLACES_LISTED = re.compile(r"\b(nơi|địa điểm|cơ quan|qua các|tại các|hình thức|phương thức)\b")


def _every_case(kind: str, asked: str, segments: list[Segment]) -> Written | None:
    """'Thời hạn giải quyết … là bao lâu?' asked of an article on that very limit whose khoản each set it for one
    case, with no case named: the limit of every case, not the first one ('Tùy trường hợp' in the law's order)."""
    titled = [s for s in segments if s.clause is not None and s.title.lower().startswith(_CASE_TITLES[kind])]
    if not titled:
        return None
    key = titled[0].article_key
    by_clause: dict[int, list[Segment]] = {}
    for s in titled:
        if s.article_key == key:
            by_clause.setdefault(s.clause, []).append(s)
    spans = _SPANS[kind]
    if len(by_clause) < 2 or not all(any(spans(s.text) for s in group) for group in by_clause.values()):
        return None
    own = X.heading_words(asked) - X.heading_words(titled[0].title)  # with tones: 'mất' is not 'mặt'
    said = (lambda text: X.heading_words(text)) if has_diacritics(asked) else (lambda text: set(content_words(text)))
    if any(own & said(s.text) for s in titled):
        return None  # a case is named ('người nước ngoài …'): its own khoản answers
    listed = X.items(_whole([group[0] for group in by_clause.values()], True), True)
    if len(listed) < 2:
        return None
    intro = X.clean_line(listed[0].unit.article.intro or "").rstrip(" :")  # '… kể từ ngày nhận đủ hồ sơ …'
    head = f"Tùy trường hợp. {_cap(intro)}" if intro else "Tùy trường hợp"
    return Written(_end(f"{head} ({_list_label(listed)}): {_entries(listed, True)}"), tuple(listed))


_CASE_TITLES = {"duration": "thời hạn", "age": "độ tuổi"}


def _with_fact(kind: str, part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    spans = _SPANS[kind]
    if kind == "where":
        places = [s for s in segments if X.is_place_title(s.title) and s.clause is not None]
        if places:  # the khoản of an article titled 'Nơi …' are the places themselves: all of them
            listed = _list_sentence(places, "noi", True)
            if listed is not None:
                return listed
            best = _rank(words, context, places)[0].segment
            return Written(_end(_stated(best)), (best,))
    ranked = _rank(words, context, segments, lambda s: bool(spans(s.text)))
    best_any = _best_score(words, context, segments)
    if not ranked or ranked[0].score < 0.5 * best_any or ranked[0].score <= 0:
        return None
    best = ranked[0]
    if kind == "where" and (best.segment.point or best.segment.item) and _PLACES_LISTED.search(
            " ".join((best.segment.lead, best.segment.heading)).lower()):
        listed = _list_of(best.segment, segments)  # a list of places: every place; a step that names one: that step
        if listed is not None:
            return listed
    used = _siblings(best, ranked, 3, 0.9 if kind == "where" else SIBLING)
    sentences = []
    facts = []
    for segment in used:
        found = spans(segment.text)
        fact = max(found, key=len) if kind in ("age", "where") else found[0]
        facts.append(fact)
        sentences.append(_fact_first(fact, segment))
    return Written(_end("; ".join([sentences[0]] + [lower_first(s) for s in sentences[1:]])), tuple(used),
                   tuple(facts) if len(used) == 1 else ())


_TO_WHOM = re.compile(r"\b(cho|toi|den|ve|bao) (co quan|don vi|ai|cap|noi|bo|to chuc|ben)( nao)?\b|\bcho ai\b")


_CONSENT_ASKED = re.compile(r"\b(dong y cua ai|ai dong y|su dong y cua|duoc ai dong y|ai cho phep)\b")


def _who(part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    to_whom = bool(_TO_WHOM.search(part.text))
    consent = bool(_CONSENT_ASKED.search(part.text))

    def body(segment: Segment) -> tuple[str, str] | None:
        text = segment.text
        if consent:
            found = X.consent_of(text)
            return ("; ".join(found), "agent") if found else None
        if to_whom and (found := X.recipient(text)):
            return found, "agent"
        if (segment.point or segment.item) and segment.lead and (found := X.subject(segment.lead)):
            return found, "subject"
        if (found := X.subject(text)) and not found.lower().startswith(("người dân", "công dân")):
            return found, "subject" if text.startswith(found) else "agent"
        if found := X.agent(text):
            return found, "agent"
        if (found := X.title_body(segment.title)) and not X.subject(text):
            return found, "title"
        if found := X.subject(text):
            return found, "subject" if text.startswith(found) else "agent"
        return None

    ranked = _rank(words, context, segments, lambda s: body(s) is not None)
    best_any = _best_score(words, context, segments)
    if not ranked or ranked[0].score < 0.5 * best_any or ranked[0].score <= 0:
        return None
    if asked_modality(part.text) == "must":
        # 'những ai phải làm thẻ?' asks whom a duty binds: the sentence that says 'phải', not the one that says who
        # may get a card; an agency's duty ('cơ quan … phải cấp') does not say which people must act
        ranked = [r for r in ranked if not _agency_duty(r.segment, part.text)]
        if not ranked:
            return None
        top_binds = X.modality(ranked[0].segment).must
        bound = [r for r in ranked if X.modality(r.segment).must and r.score >= 0.5 * ranked[0].score
                 and (r.segment.article_key == ranked[0].segment.article_key or not top_binds)]
        ranked = bound or ranked  # another article's duty only when the best sentence binds no one
    segment = ranked[0].segment
    name, how = body(segment)  # type: ignore[misc]
    text = _sentence(segment)
    if how == "subject":
        return Written(_end(f"{_cap(text)} ({segment.label})"), (segment,), (name,) if not text.startswith(name) else ())
    if how == "title" and not (segment.point or segment.item) and not segment.lead:
        return Written(_end(f"{_cap(name)} {lower_first(text)} ({segment.label})"), (segment,))
    return Written(_end(f"{_cap(name)}: {lower_first(text)} ({segment.label})"), (segment,), (name,))


def _when(part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    best_any = _best_score(words, context, segments)
    dated = _rank(words, context, segments, lambda s: bool(X.time_spans(s.text)))
    if dated and dated[0].score >= 0.5 * best_any and dated[0].score > 0:
        segment = dated[0].segment
        spans = X.time_spans(segment.text)
        wants = "đến" if re.search(r"\b(den khi nao|den bao gio|den luc nao|dung den|den ngay nao|han)\b", part.text) else \
            "từ" if re.search(r"\b(tu (khi|ngay|luc|bao gio)|bat dau|hieu luc)\b", part.text) else ""
        fact = next((f for f in spans if wants and f.lower().startswith(wants)), spans[0])
        return Written(_end(_fact_first(fact, segment)), (segment,), (fact,))
    ranked = _rank(words, context, segments)
    cases = [r for r in ranked if r.segment.text.rstrip().endswith(":") and "trường hợp" in r.segment.text
             and r.score >= 0.7 * best_any and _first_item(r.segment, segments) is not None]
    if cases:
        listed = _list_of(_first_item(cases[0].segment, segments), segments)  # type: ignore[arg-type]
        if listed is not None:
            return listed
    if ranked:
        top = ranked[0].segment
        anchor = top if (top.point or top.item) else _first_item(top, segments) if top.text.endswith(":") else None
        listed = _list_of(anchor, segments) if anchor is not None else None
        if listed is not None:
            return listed
    conditioned = _rank(words, context, segments, lambda s: bool(X.condition_spans(s.text)))
    if conditioned and conditioned[0].score >= 0.6 * best_any and conditioned[0].score > 0:
        segment = conditioned[0].segment
        fact = X.condition_spans(segment.text)[0]
        return Written(_end(_fact_first(fact, segment)), (segment,), (fact,))
    return None


# -- lists, procedures, definitions ------------------------------------------------------------------
_NOUNS = {"noi": "nơi", "quyen": "quyền", "nghia vu": "nghĩa vụ", "nhiem vu": "nhiệm vụ", "trach nhiem": "trách nhiệm",
          "truong hop": "trường hợp", "noi dung": "nội dung", "thong tin": "thông tin", "loai": "loại",
          "yeu cau": "yêu cầu", "dieu kien": "điều kiện", "nguyen tac": "nguyên tắc", "hanh vi": "hành vi",
          "kenh": "kênh", "giay to": "giấy tờ", "nguon": "nguồn", "co so du lieu": "cơ sở dữ liệu",
          "doi tuong": "đối tượng", "buoc": "bước", "phuong thuc": "phương thức", "bien phap": "biện pháp",
          "hinh thuc": "hình thức", "viec": "việc", "chuc nang": "chức năng", "hoat dong": "hoạt động"}
# A list asked for by one word and introduced by the law with another ('qua những kênh nào' - 'Phương thức … gồm').
_WAYS = ("phương thức", "hình thức", "kênh", "cách thức")
_NOUN_SYNONYMS = {"kênh": _WAYS, "phương thức": _WAYS, "hình thức": _WAYS, "giấy tờ": ("giấy tờ", "hồ sơ", "tài liệu")}
_LEAD_LIST = re.compile(r"\s*(?:(trong|gồm|bao gồm|như|theo|là|trừ)\s+)?(?:các|những)\s+([^,:]{1,40}?)\s+(?:sau(?:\s+đây)?|dưới đây)\s*:?\s*$"
                        r"|\s+(có)\s+([^,:]{1,25}?)\s+sau(?:\s+đây)?\s*:?\s*$", re.I)


def _headed_by(noun: str, text: str) -> bool:
    """'các trường hợp cấp đổi …' is headed by 'trường hợp'; '… cho hệ thống cơ sở dữ liệu quốc gia' is not by
    'cơ sở dữ liệu' (a lead-in, heading or title: any of its sentences may open with the noun)."""
    return bool(re.search(rf"(^|[.:;]\s*|\b(các|những|có|gồm|trong)\s+){re.escape(noun)}\b", text.strip()))


def _noun(plain: str) -> str:
    if plain == "noi":
        return "nơi"
    for key, noun in sorted(_NOUNS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b(nhung|cac|may|bao nhieu) {key}\b|\b{key} (gi|nao)\b", plain):
            return noun
        if re.search(rf"^{key}\b.*\b(gom|bao gom|la nhung|co nhung)\b", plain):
            return noun  # 'Phương thức khai thác … gồm những gì?
    return "nội dung"


def _group_of(anchor: Segment, segments: list[Segment]) -> list[Segment]:
    """The sentences listed together with ``anchor``: the điểm / items of its khoản or Bước, else the khoản
    of its article."""
    if anchor.point or anchor.item:
        return [s for s in segments if s.article_key == anchor.article_key and s.clause == anchor.clause
                and s.step == anchor.step and (s.point or s.item)]
    return [s for s in segments if s.article_key == anchor.article_key and s.clause is not None]


def _list_label(group: list[Segment]) -> str:
    first = group[0]
    if (first.point or first.item) and (first.clause is not None or first.step is not None):
        return Segment(first.unit, "", first.clause, None, first.step).label
    return Segment(first.unit, "").label


def _whole(group: list[Segment], per_clause: bool) -> list[Segment]:
    """The whole list the group belongs to, so the count and the items are the law's, not the evidence's: every
    khoản of the article, or every điểm / item of the khoản or Bước (read from the article itself)."""
    first = group[0]
    unit = first.unit
    if per_clause:
        if {s.clause for s in group if s.clause is not None} >= {c.number for c in unit.article.clauses}:
            return group
        whole = Unit(unit.doc, unit.article, day=unit.day)
        return [s for s in X.segments([whole]) if s.clause is not None]
    if unit.point is None or first.clause is None:
        return group
    whole = Unit(unit.doc, unit.article, clause=first.clause, day=unit.day)
    return [s for s in X.segments([whole]) if s.point or s.item]


_ONLY_A_REFERENCE = re.compile(r"^(?:các )?trường hợp quy định tại (?:điểm ([a-zđ]) )?khoản (\d+) Điều (\d+) của "
                               r"(?:Luật|Nghị định|Thông tư) này$", re.I)
SPELLED_REFERENCE_WORDS = 60  # a referred provision longer than this is left to the reader


def _spelled_out(item: str, segment: Segment) -> str:
    """An item that is only a reference ('Các trường hợp quy định tại khoản 1 Điều 21 của Luật này') with what it
    refers to, from the same document: a list of cases must say the cases."""
    match = _ONLY_A_REFERENCE.match(item.strip())
    article = article_as_of(segment.unit.doc, int(match.group(3)), segment.unit.day) if match else None
    clause = article.clause(int(match.group(2))) if article is not None else None
    if clause is None:
        return item
    line = clause.point_text(match.group(1)) if match.group(1) else clause.text.split("\n", 1)[0]
    said = X.clean_line(line or "").rstrip(" .;:")
    if not said or said.endswith(":") or len(said.split()) > SPELLED_REFERENCE_WORDS:
        return item
    return f"{item}, tức: {lower_first(said)}"


def _entries(listed: list[Segment], per_clause: bool) -> str:
    return "; ".join(f"({i}) {lower_first(_spelled_out(X.item_text(s, per_clause), s))}"
                     for i, s in enumerate(listed, start=1))


def _step_texts(items: Sequence[Segment]) -> list[str]:
    """Each item of a procedure as a step: 'Bước 1 (điểm a khoản 1 Điều 23 …)' and, below, its whole words."""
    return [f"Bước {i} ({item.label})\n{_cap(X.item_text(item))}." for i, item in enumerate(items, start=1)]


_STEPS_LEAD = re.compile(r"\b(trình tự|thủ tục|quy trình|như sau|các bước)\b", re.I)


def _as_steps(listed: Written) -> Written:
    """A list that is a procedure's steps ('Trình tự, thủ tục … được thực hiện như sau: a) …; b) …') said in the
    conclusion by its lead-in and count; the steps themselves go under it, one by one, each cited."""
    items = [s for s in listed.used if s.point or s.item]
    if len(items) < 2 or len({(s.article_key, s.clause, s.step) for s in items}) != 1 or not listed.text:
        return listed
    first = items[0]
    lead = first.lead or first.heading
    if not _STEPS_LEAD.search(lead or "") and not _STEPS_LEAD.search(first.title):
        return listed
    intro = re.sub(r"\s*(được thực hiện|thực hiện)?\s*như sau$", "", (lead or first.title).rstrip(" :"))
    head = Segment(first.unit, "", first.clause, None, first.step).label
    text = _end(f"{_cap(intro)} gồm {len(items)} bước ({head}), nêu ở mục Các bước")
    return Written(text, listed.used, listed.facts, tuple(_step_texts(items)))


def _list_sentence(group: list[Segment], plain: str, per_clause: bool = False) -> Written | None:
    group = _whole(group, per_clause)
    listed = X.items(group, per_clause)
    if len(listed) < 2 or any(not X.item_text(s, per_clause).strip(" .;:…") for s in listed):
        return None  # a khoản the corpus holds only as '…' would be an empty item
    noun = _noun(plain)
    around = " ".join((listed[0].lead, listed[0].heading, listed[0].title)).lower()
    if not _headed_by(noun, around) and noun not in ("nơi", "bước"):
        noun = "nơi" if listed[0].title.lower().startswith("nơi ") else "nội dung"
    label = _list_label(listed)
    entries = _entries(listed, per_clause)
    first = listed[0]
    lead = first.lead if (first.point or first.item) else ""
    if not lead and (first.point or first.item) and first.heading:
        lead = first.heading
    if lead:
        match = _LEAD_LIST.search(lead)
        if match:
            head = lead[: match.start()].rstrip(" ,")
            verb = match.group(1) or match.group(3) or "gồm"
            intro = f"{head}{',' if verb == 'trừ' else ''} {verb} {len(listed)} {match.group(2) or match.group(4)}"
        else:
            intro = lead.rstrip(" :")
        return Written(_end(f"{_cap(intro)} ({label}): {entries}"), tuple(listed))
    body = X.title_body(first.title)
    if body and re.match(r"^(trách nhiệm|nhiệm vụ)\b", first.title, re.I):
        noun = "trách nhiệm" if first.title.lower().startswith("trách nhiệm") else "nhiệm vụ"
        return Written(_end(f"{_cap(body)} có {len(listed)} {noun} ({label}): {entries}"), tuple(listed))
    return Written(_end(f"{_cap(first.title)} gồm {len(listed)} {noun} ({label}): {entries}"), tuple(listed))


def _list_of(anchor: Segment, segments: list[Segment], plain: str = "") -> Written | None:
    return _list_sentence(_group_of(anchor, segments), plain)


def _listing(part: Part, segments: list[Segment], words: list[str], context: list[str], plain: str,
             clauses: bool = True) -> Written | None:
    """The count and every item of the best-matching list (điểm of a khoản, items of a Bước, khoản of an article
    unless ``clauses`` is off), unless one sentence elsewhere answers clearly better."""
    groups: dict[tuple, list[Segment]] = {}
    for s in segments:
        if s.point or s.item:
            groups.setdefault(("items", s.article_key, s.clause, s.step), []).append(s)
    seen_articles: dict[tuple[str, int], Unit] = {}
    for s in segments if clauses else []:
        if s.clause is not None:
            seen_articles.setdefault(s.article_key, s.unit)
    for key, unit in seen_articles.items():
        if len(unit.article.clauses) >= 2:  # the whole list of the article, even when the evidence held one khoản
            whole = Unit(unit.doc, unit.article, day=unit.day)
            groups[("clauses", key)] = [s for s in X.segments([whole]) if s.clause is not None]
    best: tuple[float, list[Segment], bool] | None = None
    scored: list[tuple[float, list[Segment], bool]] = []
    naming: set[int] = set()
    noun = _noun(plain)
    for key, group in groups.items():
        listed = X.items(group, key[0] == "clauses")
        if len(listed) < 2:
            continue
        head = group[0].title if key[0] == "clauses" else (group[0].lead or group[0].heading or group[0].title)
        head_segment = Segment(group[0].unit, head, group[0].clause, None, group[0].step)
        head_score = X.overlap(words, head_segment)
        score = 2 * head_score + max(X.overlap(words, s) for s in group) + 0.5 * max(
            X.overlap(context, s) for s in group)
        # the list is of the thing asked for when its lead-in is headed by that noun ('Các trường hợp …', 'Phương
        # thức …'), not when the noun is just in it ('… cho hệ thống Cơ sở dữ liệu quốc gia …')
        named = noun != "nội dung" and any(_headed_by(n, head.lower()) for n in _NOUN_SYNONYMS.get(noun, (noun,)))
        if named:
            # the list is of the thing asked for ('những trường hợp nào' -> 'Các trường hợp …:'); between two such
            # lists, the lead-in's own words decide ('… đổi thẻ?' -> 'Các trường hợp cấp đổi …', not '… cấp lại …').
            # A khoản whose own lead-in is not held, named only through the article's title ('Đối tượng, phương thức
            # …'), names it less than a khoản headed by the thing itself ('Phương thức khai thác …')
            own_head = key[0] == "clauses" or bool(group[0].lead or group[0].heading)
            score += 4.0 + head_score if own_head else 2.0
        if key[0] == "clauses":
            score *= 0.9
            if any(s.text.rstrip().endswith(":") for s in listed):
                score *= 0.6
        scored.append((score, group, key[0] == "clauses"))
        if named:
            naming.add(id(group))
        if best is None or score > best[0]:
            best = (score, group, key[0] == "clauses")
    if best is None:
        return None
    if best[2] and id(best[1]) not in naming:
        # a list of the article's khoản: a list inside one of them that names what is asked, nearly as good,
        # is the more precise answer
        inner = [g for g in scored if not g[2] and g[1][0].article_key == best[1][0].article_key and g[0] >= 0.8 * best[0]
                 and id(g[1]) in naming]
        if inner:
            best = max(inner, key=lambda g: g[0])
    top = _rank(words, context, segments)
    member = max(X.overlap(words, s) + 0.5 * X.overlap(context, s) for s in best[1])
    if top and member < 0.75 * top[0].score and top[0].segment not in best[1] and id(best[1]) not in naming:
        return None  # one sentence elsewhere answers better than any list
    written = _list_sentence(best[1], plain, best[2])
    if written is None or best[2]:
        return written
    pieces = [(best[1][0].clause or 0, written)]
    for group in _companion_lists(best[1], context):
        more = _list_sentence(group, plain)
        if more is not None:
            pieces.append((group[0].clause or 0, more))
    if len(pieces) == 1:
        return written
    pieces.sort(key=lambda p: p[0])  # in the article's order
    return Written(" ".join(w.text for _, w in pieces if w.text), tuple(s for _, w in pieces for s in w.used))


_ASKS_MANY = re.compile(r"^(nhung|cac)\b|\b[a-z]+ (nao|gi)\s*$")  # 'Những …', 'Các …', '… nguyên tắc nào'
HEADING_ASKED = 0.75  # share of an article heading's words a list question uses to ask for the article's list
_ASKING_WORDS = {"những", "gì", "nào", "là", "các", "bao", "gồm", "khi", "đối", "với", "theo", "được", "sẽ", "thì", "có",
                 "việc", "quy", "định", "như", "thế", "hiện", "thực", "trong", "của", "về", "và", "ra", "sao", "nội", "dung"}


def _titled_list(asked: str, segments: list[Segment], plain: str) -> Written | None:
    """'Các hành vi bị nghiêm cấm …?', 'Nội dung thể hiện trên thẻ căn cước bao gồm những gì?': a list question
    in the words of the chosen article's heading asks for the article's list — every khoản, or those that name
    what the question adds to the heading ('… đối với căn cước điện tử') when two or more do. A question that
    adds something no two khoản name ('bị khóa trong trường hợp nào' — a list inside one khoản) is left to the
    other rules."""
    if not segments or not has_diacritics(asked) or len(question_parts(plain_text(asked))) > 1:
        return None
    unit = segments[0].unit
    title = X.heading_words(unit.article.title.strip("[] "))
    if len(unit.article.clauses) < 3 or len(title) < 2 or len(title & X.heading_words(asked)) < HEADING_ASKED * len(title):
        return None
    whole = [s for s in X.segments([Unit(unit.doc, unit.article, day=unit.day)]) if s.clause is not None]
    title_words = set(re.findall(r"\w+", nfc(unit.article.title).lower()))
    phrase = _added_phrase(asked, title_words)
    if phrase and any(s.text.rstrip().endswith(":") and set(phrase.split()) <= set(re.findall(r"\w+", s.text.lower()))
                      for s in whole):
        return None  # 'bị khóa trong các trường hợp nào?' asks for the list inside one khoản ('… trường hợp sau đây:')
    if not phrase:
        return _list_sentence(whole, plain, per_clause=True)
    naming = {s.clause for s in whole if re.search(rf"\b{re.escape(phrase)}\b", s.text.lower())}
    if not 2 <= len(naming) < len({s.clause for s in whole}):
        return None
    listed = X.items([s for s in whole if s.clause in naming], True)
    if len(listed) < 2:
        return None
    return Written(_end(f"{_cap(unit.article.title.strip('[] '))} liên quan đến {phrase} gồm {len(listed)} {_noun(plain)} "
                        f"({_list_label(listed)}): {_entries(listed, True)}"), tuple(listed))


def _added_phrase(asked: str, title: set[str]) -> str:
    """The longest run of the question's words that are neither the heading's nor asking words ('căn cước điện tử'
    in 'Những hành vi bị cấm đối với căn cước điện tử là gì?'), lower-case; '' when there is none."""
    runs: list[list[str]] = [[]]
    for word in re.findall(r"\w+", nfc(asked).lower()):
        if word in title or word in _ASKING_WORDS:
            runs.append([])
        else:
            runs[-1].append(word)
    return " ".join(max(runs, key=len))


def _companion_lists(chosen: list[Segment], asked: list[str]) -> list[list[Segment]]:
    """Sibling lists of the same article the question also asks for: "thu hồi, giữ thẻ trong trường hợp nào?" asks
    for the list of cases for revoking and the list for retaining, whose lead-ins differ only in words asked."""
    first = chosen[0]
    whole = Unit(first.unit.doc, first.unit.article, day=first.unit.day)
    lists: dict[tuple, list[Segment]] = {}
    for s in X.segments([whole]):
        if (s.point or s.item) and s.lead and (s.clause, s.step) != (first.clause, first.step):
            lists.setdefault((s.clause, s.step), []).append(s)
    words = set(asked)
    lead = set(content_words(first.lead))
    out = []
    for group in lists.values():
        other = set(content_words(group[0].lead))
        only_here, only_there = lead - other, other - lead
        if only_here and only_there and only_here <= words and only_there <= words:
            out.append(group)
    return out


def _procedure(segments: list[Segment], units: Sequence[Unit]) -> Written | None:
    """Steps in order, per article: 'Theo Điều 7 …, kho dữ liệu chỉ có Bước 1–2: Bước 1 – …; Bước 2 – …'."""
    by_article: dict[tuple[str, int], list[Segment]] = {}
    for s in segments:
        if s.is_step_title:
            by_article.setdefault(s.article_key, []).append(s)
    if not by_article:
        return None
    sentences = []
    used: list[Segment] = []
    for key, steps in by_article.items():
        first = steps[0]
        where = f"Điều {first.unit.article.number} {first.unit.doc.short_title}"
        names = "; ".join(f"Bước {s.step} – {s.text.rstrip('.:')}" for s in steps)
        partial = held_parts(first.unit.doc, first.unit.article)
        if partial and len(steps) == len(first.unit.article.steps):
            sentences.append(f"Theo {where}, kho dữ liệu chỉ có {partial} của quy trình: {names}")
        elif len(steps) == 1:
            sentences.append(f"Theo {where}, {names}")
        else:
            sentences.append(f"Theo {where}, trình tự gồm {len(steps)} bước: {names}")
        used += steps
    return Written(" ".join(_end(s) for s in sentences), tuple(used))


_ROUTE = re.compile(r"^(Trình tự, thủ tục|Thủ tục|Quy trình)\b")


_CASE_REFERENCE = re.compile(r"\btrường hợp quy định tại điểm ([a-zđ]) khoản (\d+) Điều (\d+) của Luật này\b")


def _case_named(segment: Segment) -> str:
    """The text of the case a provision names by reference ('… đối với trường hợp quy định tại điểm a khoản 2
    Điều 24 của Luật này' -> 'Bị mất thẻ căn cước hoặc thẻ căn cước bị hư hỏng …'), when the corpus holds it."""
    match = _CASE_REFERENCE.search(segment.text)
    article = segment.unit.doc.article(int(match.group(3))) if match else None
    clause = article.clause(int(match.group(2))) if article is not None else None
    line = clause.point_text(match.group(1)) if clause is not None else None
    return X.clean_line(line) if line else ""


def _case_asked(asked: str, segments: list[Segment]) -> Segment | None:
    """The provision for the case the question names ('cấp lại thẻ bị mất' -> the khoản on the case 'Bị mất thẻ
    …' by its reference), read from words the question adds to the article's heading."""
    best: tuple[int, Segment] | None = None
    for s in segments:
        case = _case_named(s)
        if not case:
            continue
        own = X.heading_words(asked) - X.heading_words(s.title)
        shared = len(own & X.heading_words(case))
        if shared and (best is None or shared > best[0]):
            best = (shared, s)
    return best[1] if best else None


def _referred_procedure(question: Question, part: Part, segments: list[Segment], words: list[str],
                        context: list[str], plain: str) -> Written | None:
    """'Cấp đổi … thực hiện theo quy định tại Điều 23 của Luật này' (khoản 1 Điều 25 …), then the steps of the
    article it sends to, when the evidence holds it: the steps are what 'như thế nào?' asks for. A question on a
    case another khoản rules ('cấp lại thẻ bị mất') gets that khoản instead. The ways the decree details follow."""
    routes = _route_names(segments)
    ways = f" {routes.text}" if routes else ""
    case = _case_asked(question.resolved, segments)
    if case is not None and not REFERS_TO.search(case.text):
        named = _CASE_REFERENCE.sub(lambda m: f"{m.group(0)} ({lower_first(_case_named(case).rstrip(' ;.'))})", _stated(case), 1)
        return Written(f"{_end(named)}{ways}", (case,) + (routes.used if routes else ()))
    for s in segments if case is None else [case]:
        match = REFERS_TO.search(s.text)
        if match is None or int(match.group(2)) == s.unit.article.number:
            continue
        key = (s.unit.doc.so_hieu, int(match.group(2)))
        target = [t for t in segments if t.article_key == key]
        # the referring sentence says which of the target's lists is meant ('… mức độ 02 … theo … Điều 10')
        listed = _listing(part, target, words, context + content_words(s.text), plain, clauses=False) if target else None
        if listed is not None:
            listed = _as_steps(listed)
            return Written(f"{_end(_stated(s))} {listed.text}{ways}", (s,) + listed.used + (routes.used if routes else ()),
                           steps=listed.steps)
    return None


def _route_title(segment: Segment) -> str | None:
    """The first line of the segment's khoản when it names a way of doing a procedure ('Trình tự, thủ tục cấp, cấp
    đổi, cấp lại thẻ căn cước tại cơ quan quản lý căn cước' — a heading: no sentence punctuation)."""
    clause = segment.unit.article.clause(segment.clause) if segment.clause is not None else None
    first = X.clean_line(clause.text.split("\n")[0]).rstrip(" :") if clause is not None else ""
    return first if _ROUTE.match(first) and not re.search(r"[.;]|\bnhư sau\b", first) else None


def _route_groups(segments: list[Segment]) -> list[list[Segment]]:
    ways: dict[tuple, list[Segment]] = {}
    for s in segments:
        if s.step is None and (s.point or s.item) and _route_title(s):
            ways.setdefault((s.article_key, s.clause), []).append(s)
    return [group for group in ways.values() if len(X.items(group)) >= 2]


def _route_names(segments: list[Segment]) -> Written | None:
    """'Cách làm chi tiết: <way> (khoản 1 Điều 21 …); <way> (khoản 2 …).' — the ways a decree details, by name (their
    steps are quoted below the conclusion)."""
    groups = _route_groups(segments)
    if len(groups) < 2:
        return None
    names = "; ".join(f"{lower_first(_route_title(g[0]))} ({Segment(g[0].unit, '', g[0].clause).label})" for g in groups)
    # every step counts as used: the citizen then reads each way's quote whole below the conclusion
    return Written(_end(f"Cách làm chi tiết: {names}"), tuple(s for g in groups for s in g))


ROUTE_OUTMATCHED = 1.5  # another khoản of the article answers instead when it matches the question this much better


def _route_outmatched(groups: list[list[Segment]], segments: list[Segment], words: list[str]) -> bool:
    in_routes = {id(s) for g in groups for s in g}
    articles = {g[0].article_key for g in groups}
    route_best = max(X.overlap(words, s) for g in groups for s in g)
    other_best = max((X.overlap(words, s) for s in segments if s.article_key in articles and id(s) not in in_routes
                      and s.clause is not None and not _route_title(s)), default=0.0)
    return other_best > ROUTE_OUTMATCHED * route_best


def _routes(segments: list[Segment], words: list[str]) -> Written | None:
    """An article whose khoản are ways of doing one procedure ('… tại cơ quan quản lý căn cước', '… thông qua Cổng
    dịch vụ công …'): each way with every step of it, in the article's order — unless the question is about
    another khoản of it ('không đến ngày hẹn thì sao?')."""
    groups = _route_groups(segments)
    if not groups or _route_outmatched(groups, segments, words):
        return None
    ways, used, steps = [], [], []
    for group in groups:
        items = X.items(group)
        if len(items) < 2:
            continue
        label = Segment(group[0].unit, "", group[0].clause).label
        ways.append(f"({len(ways) + 1}) {lower_first(_route_title(group[0]))} ({label})")
        # a way's points are not always successive steps (NĐ 70 Điều 21 khoản 2: a) the usual way, b) a lost card,
        # c) a child under 6): each is an item of that way, not 'Bước N'
        steps += [f"Cách {len(ways)}, mục {i} ({item.label})\n{_cap(X.item_text(item))}."
                  for i, item in enumerate(items, start=1)]
        used += items
    if len(ways) < 2:
        return None
    return Written(_end(f"Có {len(ways)} cách: {'; '.join(ways)}; việc cần làm của từng cách ở mục Các bước"), tuple(used),
                   steps=tuple(steps))


# 'Cơ quan quản lý căn cước thực hiện thu hồi thẻ căn cước trong trường hợp quy định tại khoản 1 Điều này'
_CASES_AT = re.compile(r"\btrong (?:các )?trường hợp quy định tại khoản (\d+) Điều này\b")
_NOT_TELLING = {"bi", "duoc", "sau", "day", "cac", "nhung", "nao", "gi", "truong", "hop", "tu", "den", "ngay"}


def _unheld_list(beyond: set[str], segments: list[Segment]) -> tuple[Segment, int] | None:
    """A held sentence naming the act asked ('… thực hiện thu hồi thẻ căn cước trong trường hợp quy định tại khoản 1
    Điều này') whose list of cases (khoản 1) the corpus does not hold."""
    for s in segments:
        match = _CASES_AT.search(s.text)
        if match is None or s.unit.article.clause(int(match.group(1))) is not None:
            continue
        if beyond and beyond <= set(content_words(s.text[:match.start()])):
            return s, int(match.group(1))
    return None


def _with_unheld_list(part: Part, found: Written | None, segments: list[Segment]) -> Written | None:
    """'Thẻ căn cước bị thu hồi trong trường hợp nào?' when the corpus holds only the neighbouring list (bị giữ): say
    that the cases asked are in a khoản the corpus lacks, quoting the sentence that points to it, instead of giving
    the neighbouring list as if it answered; that list stays only when it is asked too ('thu hồi, giữ …')."""
    if found is None or not found.used:
        return found
    first = found.used[0]
    lead = set(content_words(first.lead or first.heading or first.title)) - _NOT_TELLING
    asked = {w for w in content_words(part.text) if w.isalpha()} - _NOT_TELLING  # 'từ 01/7/2024' names no case
    unheld = _unheld_list(asked - lead, segments)
    if unheld is None:
        return found
    s, number = unheld
    gap = (f"Các trường hợp được hỏi nằm ở {Segment(s.unit, '', number).label} ({s.label}: “{s.whole}”), nhưng kho "
           f"dữ liệu chưa có nguyên văn khoản {number} nên không liệt kê được; xin tra toàn văn {s.unit.doc.short_title}.")
    also_asked = (lead & asked) - set(content_words(s.text))  # 'giữ' in 'thu hồi, giữ thẻ …'
    return Written(f"{gap} {found.text}", (s,) + found.used) if also_asked else Written(gap, (s,))


def _definition(part: Part, segments: list[Segment], words: list[str], context: list[str], plain: str) -> Written | None:
    term_words = content_words(re.split(r"\b(la gi|duoc hieu|nghia la|dinh nghia|khai niem|la cai gi|hieu)\b", part.text)[0])
    ranked = _rank(term_words or words, context, segments, lambda s: X.defined_term(s.text) is not None)
    if not ranked or ranked[0].score <= 0:
        return None
    segment = ranked[0].segment
    term = X.defined_term(segment.text) or ""
    if term_words and not set(term_words) & set(content_words(term)):
        return None
    if segment.text.rstrip().endswith(":"):
        group = [s for s in segments if s.article_key == segment.article_key and s.clause == segment.clause
                 and (s.point or s.item)]
        listed = _list_sentence(group, plain)
        if listed is not None:
            return listed
    return Written(_end(_stated(segment)), (segment,))


def _statement(segments: list[Segment], words: list[str], context: list[str], plain: str) -> Written | None:
    """The best-matching sentence (with the sentences of its khoản that match nearly as well), or the list it
    introduces."""
    ranked = _rank(words, context, segments)
    if not ranked:
        return None
    segment = ranked[0].segment
    if segment.text.rstrip().endswith(":") or (segment.point or segment.item):
        listed = _list_of(segment if (segment.point or segment.item) else _first_item(segment, segments) or segment,
                          segments, plain)
        if listed is not None:
            return listed
    used = [s for s in _siblings(ranked[0], ranked, 3, 0.75)
            if s is segment or not (s.text.rstrip().endswith(":") or X.is_heading_like(s))] or [segment]
    whole = [s for s in segments if (s.article_key, s.clause, s.point, s.step, s.item) ==
             (segment.article_key, segment.clause, segment.point, segment.step, segment.item)
             and not (s.text.rstrip().endswith(":") or X.is_heading_like(s)) and s.text.rstrip()[-1:] in ".;!?"]
    if segment.clause is not None and len(used) < len(whole) <= WHOLE_KHOAN_SENTENCES:
        used = whole  # a short khoản is said whole: its last sentence often carries the rest of the rule
    if len(used) == 1:
        return Written(_end(_stated(segment)), (segment,))
    joined = "; ".join([_cap(_sentence(used[0]))] + [lower_first(_sentence(s)) for s in used[1:]])
    return Written(_end(f"{joined} ({_list_label(used) if len({s.point for s in used}) > 1 else used[0].label})"), tuple(used))


def _first_item(lead: Segment, segments: list[Segment]) -> Segment | None:
    return next((s for s in segments if s.index > lead.index and (s.point or s.item) and s.article_key == lead.article_key
                 and s.clause == lead.clause and s.step == lead.step), None)


def _missing(kind: str, segments: list[Segment], words: list[str], context: list[str], plain: str) -> Written | None:
    nearest = _statement(segments, words, context, plain)
    if nearest is None or not nearest.text:
        return None
    return Written(f"{MISSING[kind]}; quy định gần nhất: {lower_first(nearest.text)}",
                   nearest.used)


# -- one part, then the whole question ------------------------------------------------------------------
def _neighbours(units: Sequence[Unit]) -> list[Unit]:
    """The other khoản (or Bước) of the articles the evidence cites, one unit each: where the fact asked may
    stand when the chosen khoản does not hold it ('độ tuổi' asked, khoản 2 cited, the ages in khoản 1)."""
    held = {(u.doc.so_hieu, u.article.number, u.clause, u.step) for u in units}
    out: list[Unit] = []
    for u in units:
        parts = [("c", c.number) for c in u.article.clauses] + [("s", s.number) for s in u.article.steps]
        for kind, number in parts:
            key = (u.doc.so_hieu, u.article.number, number if kind == "c" else None, number if kind == "s" else None)
            if key not in held:
                held.add(key)
                out.append(Unit(u.doc, u.article, clause=key[2], step=key[3], day=u.day))
    return out


def answer_part(question: Question, part: Part, segments: list[Segment], units: Sequence[Unit],
                context: list[str]) -> Written | None:
    """The answer to one part from the evidence; when the evidence holds no fact of the kind asked, from the
    other khoản of the same articles; else a plain 'not in the sources' with the nearest provision."""
    found = _answer_part(question, part, segments, units, context)
    more = _neighbours(units)
    if part.kind == "yes_no" and more and (omitted := _omitted_acts(part.text)):
        # 'không làm thẻ có vi phạm không?': a khoản of the same article on not doing that act answers, if any
        if not (found and found.used and _names_omission(found.used[0], omitted)):
            retry = _answer_part(question, part, X.segments(list(units) + more), list(units) + more, context)
            if retry is not None and retry.used and _names_omission(retry.used[0], omitted):
                return retry
    if found is not None and found.text and not found.text.startswith("Nguồn hiện có không nêu"):
        if more and _permission_answered_by_duty(part, found):
            # 'được làm thẻ cho con 9 tuổi không?' answered by 'từ đủ 14 tuổi phải …': the khoản that permits
            # (often the next one, 'dưới 14 tuổi được cấp theo nhu cầu') answers the question asked
            retry = _answer_part(question, part, X.segments(list(units) + more), list(units) + more, context)
            if retry is not None and retry.used and X.modality(retry.used[0]).permit:
                return retry
        return found
    if part.kind in MISSING and more:
        wider = X.segments(list(units) + more)
        retry = _answer_part(question, part, wider, list(units) + more, context)
        words = content_words(part.text)
        best_held = _best_score(words, context, segments)
        share = 0.5 if part.kind in ("duration", "age", "amount") else 0.8  # a number asked is a strong signal
        if retry is not None and retry.text and not retry.text.startswith("Nguồn hiện có không nêu") and retry.used \
                and max(X.overlap(words, s) + 0.5 * X.overlap(context, s) for s in retry.used) >= share * best_held:
            return retry  # only a sentence that matches the question (nearly) as well as the evidence chosen
    return found


def _permission_answered_by_duty(part: Part, found: Written) -> bool:
    if part.kind != "yes_no" or asked_modality(part.text) != "permit" or not found.used:
        return False
    used = X.modality(found.used[0])
    return not used.permit and used.must


def _answer_part(question: Question, part: Part, segments: list[Segment], units: Sequence[Unit],
                 context: list[str]) -> Written | None:
    words = content_words(part.text)
    kind = part.kind
    plain = part.text
    if kind == "yes_no":
        answered = _yes_no(question, part, segments, words, context)
        if answered is not None:
            return answered
        act = act_words(plain)
        if act and not any(X.overlap(act, s) for s in segments):
            return _missing("yes_no", segments, words, context, plain)
        return _statement(segments, words, context, plain)
    if kind in _CASE_TITLES and (every := _every_case(kind, question.resolved, segments)):
        return every
    if kind in ("duration", "age", "amount", "where"):
        return _with_fact(kind, part, segments, words, context) or _missing(kind, segments, words, context, plain)
    if kind == "who":
        return _who(part, segments, words, context) or _missing(kind, segments, words, context, plain)
    if kind == "when":
        return _when(part, segments, words, context) or _missing(kind, segments, words, context, plain)
    if kind == "list":
        found = (_titled_list(question.resolved, segments, plain) or _listing(part, segments, words, context, plain)
                 or _statement(segments, words, context, plain))
        return _with_unheld_list(part, found, segments)
    if kind == "procedure":
        steps_asked = bool(re.search(r"\b(cac buoc|may buoc|quy trinh|trinh tu|thu tuc (gom|gi|nhu the nao|the nao))\b", plain))
        groups = _route_groups(segments)
        if groups and _route_outmatched(groups, segments, words):
            return _statement(segments, words, context, plain)  # 'lỡ hẹn thì sao?': the khoản on that, not the ways
        main = [s for s in segments if s.article_key == segments[0].article_key] if segments else []
        found = (_procedure(segments, units) or _referred_procedure(question, part, segments, words, context, plain)
                 or _routes(main, words))
        if found is not None:
            return found
        listed = _listing(part, main, words, context, plain, clauses=steps_asked)
        found = _as_steps(listed) if listed is not None else _statement(segments, words, context, plain)
        ways = _route_names([s for s in segments if s.article_key != segments[0].article_key])
        return replace(found, text=f"{found.text} {ways.text}", used=found.used + ways.used) if found and ways else found
    if kind == "definition" and not _ASKS_MANY.search(plain):
        return _definition(part, segments, words, context, plain) or _statement(segments, words, context, plain)
    if _only_steps(segments):
        return _procedure(segments, units)
    if _ASKS_MANY.search(plain) and (titled := _titled_list(question.resolved, segments, plain)):
        return titled  # 'Những hành vi bị cấm … là gì?', 'theo nguyên tắc nào?': the article's list
    if any(X.names_heading(question.resolved, u.article.title) for u in units):
        # the question is an article's heading ("Nơi làm thủ tục …?"): the article's whole list answers it
        return _listing(part, segments, words, context, plain) or _statement(segments, words, context, plain)
    return _statement(segments, words, context, plain)


_ASKS_BIRTH_YEARS = re.compile(r"\bnam sinh\b|\bsinh nam (nao|bao nhieu)\b")


def _birth_years(question: Question, text: str) -> str:
    """'Những năm sinh nào phải đổi thẻ năm 2026?' asks for the ages the law states turned into birth years of the
    year asked (the answer's date by default): one subtraction, said as such."""
    if not _ASKS_BIRTH_YEARS.search(question.plain):
        return ""
    ages = [int(a) for a in dict.fromkeys(re.findall(r"\b(\d{1,2}) tuổi\b", text))]
    named = [int(y) for y in re.findall(r"\b(20\d\d)\b", question.plain)]
    year = named[0] if named else int(question.as_of[:4])
    if not ages:
        return ""
    born = ", ".join(f"{year - a} ({a} tuổi)" for a in ages)
    return f"Tính theo năm {year}: người sinh năm {born}."


def _asks_beyond(asked: list[str], segment: Segment, used: Sequence[Segment]) -> bool:
    """The question names part of the article's subject ('thu hồi' of 'Thu hồi, giữ thẻ căn cước') that none of the
    sentences used speaks of."""
    said = set(content_words(" ".join(f"{s.lead} {s.text}" for s in used)))
    return bool((set(content_words(segment.title)) & set(asked)) - said)


_CHOICE = re.compile(r"\b((?:\w+ ){0,3}\w+) hay ((?:\w+ ){0,2}\w+)\s*\??\s*$")


def _chosen_option(question: Question, used: Sequence[Segment]) -> str | None:
    """'… xin cấp lại hay cấp mới?' -> 'cấp lại' when the law's sentences used name that option and not the other
    (its lead-in counts: 'Các trường hợp cấp lại thẻ căn cước bao gồm: a) Bị mất thẻ …')."""
    match = next((m for text in (question.plain, *(p.text for p in question_parts(question.plain)))
                  if (m := _CHOICE.search(text))), None)
    if match is None or not used:
        return None
    second = match.group(2).split()
    first = match.group(1).split()[-len(second):]
    said = " ".join(plain_text(f"{s.lead} {s.text}") for s in used)
    found = [o for o in (first, second) if re.search(rf"\b{' '.join(o)}\b", said)]
    if len(found) != 1:
        return None
    return _accented(" ".join(f"{s.lead} {s.text}" for s in used), found[0])  # as the law spells it


def _accented(text: str, plain_words: list[str]) -> str:
    """The words of ``text`` whose plain form is ``plain_words``, else the plain words."""
    words = re.findall(r"\w+", text)
    plain = [plain_text(w) for w in words]
    n = len(plain_words)
    for i in range(len(words) - n + 1):
        if plain[i:i + n] == plain_words:
            return " ".join(words[i:i + n])
    return " ".join(plain_words)


def asks_permission_unanswered(question: Question, evidence) -> bool:
    """A 'may I / may they …?' question the evidence gives no yes or no to."""
    if not evidence.units or not any(p.kind == "yes_no" and asked_modality(p.text) == "permit"
                                     for p in question_parts(question.plain)):
        return False
    text = write(question, evidence.units).text or ""
    return not text.startswith(("Có", "Không", "Tùy trường hợp"))


def names_act(question: Question, unit: Unit) -> bool:
    """Whether a provision says the verb of the act a yes/no question asks about."""
    act = act_words(question.plain)
    return bool(act) and any(_names_verb(_accented(question.restored or question.resolved, act[:1]), s) for s in X.segments([unit]))


def _only_steps(segments: list[Segment]) -> bool:
    return bool(segments) and all(s.step is not None for s in segments)


_ASKING_ONLY = {"ai", "o", "dau", "mat", "lau", "bao", "nhieu", "khi", "nao", "gi", "sao", "lam", "may", "di", "the"}


def _part_context(context: list[str], part: Part, parts: Sequence[Part]) -> list[str]:
    """The question's words as the context of one part, less those only another part asks about: in 'ai phải làm
    thẻ và khi nào phải đổi thẻ?' the 'who' part is not drawn to the article on changing the card. A part that
    names no subject of its own ('… và làm ở đâu?') keeps every word: its subject is in the other part."""
    own = set(content_words(part.text))
    if len(own - _ASKING_ONLY) < 2:
        return context
    others = {w for p in parts if p is not part for w in content_words(p.text)} - own
    return [w for w in context if w not in others]


def write(question: Question, units: Sequence[Unit], faq_conclusion: str | None = None) -> Written:
    """The conclusion for ``question`` from the evidence ``units`` (and our FAQ's wording for a close match)."""
    units = list(units)
    if not units:
        return Written(None)
    segments = X.segments(units)
    if not segments:
        return Written(None)
    parts = question_parts(question.plain) or (Part(question.plain, "other"),)
    # 'Có' / 'Không' opens the conclusion when any part asks for it.
    parts = tuple(sorted(parts, key=lambda p: p.kind != "yes_no"))
    context = content_words(question.plain)
    written: list[Written] = []
    for part in parts[:3]:
        answer = answer_part(question, part, segments, units, _part_context(context, part, parts))
        if answer is None or not answer.text or any(answer.text == w.text for w in written):
            continue
        same = next((i for i, w in enumerate(written) if len(w.used) == 1 and w.used == answer.used), None)
        if same is not None and written[same].facts and answer.facts:
            facts = written[same].facts + tuple(f for f in answer.facts if f not in written[same].facts)
            written[same] = Written(_end(_fact_first(facts, answer.used[0])), answer.used, facts)
            continue
        if any(set(answer.used) <= set(w.used) for w in written):
            continue
        written.append(answer)
    built = Written(" ".join(w.text for w in written if w.text) or None, tuple(s for w in written for s in w.used),
                    steps=tuple(step for w in written for step in w.steps))
    if built.text and any(p.kind == "list" for p in parts):
        # a list read from an article held only in part may lack items: said in the conclusion, not only in notes
        partial = [note for note in dict.fromkeys(partial_article_note(s.unit.doc, s.unit.article) for s in built.used
                                                  if _asks_beyond(context, s, built.used)) if note]
        if partial:
            said = " ".join(n.rstrip(".") + ", nên danh sách có thể chưa đủ." for n in partial)
            built = replace(built, text=f"{built.text} {said}")
    if built.text and (years := _birth_years(question, built.text)):
        built = replace(built, text=f"{built.text} {years}")
    chosen = _chosen_option(question, built.used)
    if chosen and built.text and not built.text.startswith(("Có.", "Không.", "Nguồn hiện có không nêu")):
        built = replace(built, text=f"{_cap(chosen)}. {built.text}")
    if faq_conclusion and (built.text is None or built.text.startswith("Nguồn hiện có không nêu")):
        # our FAQ's wording, for a close paraphrase of its question, only when the law's text gives no direct answer
        labels = ", ".join(dict.fromkeys(u.citation().label for u in units))
        return Written(f"{clean_spaces(nfc(faq_conclusion)).rstrip('.')} ({labels}).", built.used)
    return built


def conclude(question: Question, units: Sequence[Unit], faq_conclusion: str | None) -> str | None:
    """The conclusion's text (see ``write``)."""
    return write(question, units, faq_conclusion).text


# -- the pieces the older tests call by name ---------------------------------------------------------
def permission(question: str, units: list[Unit]) -> str | None:
    """'Có' / 'Không' for a permission question typed as ``question`` (accented)."""
    from bot.question import QuestionReader

    asked = QuestionReader(None).run(question)
    part = Part(asked.plain, "yes_no")
    written = _yes_no(asked, part, X.segments(units), content_words(asked.plain), content_words(asked.plain))
    return written.text if written else None


def procedure(units: list[Unit]) -> str | None:
    written = _procedure(X.segments(units), units)
    return written.text if written else None


def listing(units: list[Unit], plain: str = "") -> str | None:
    segments = X.segments(units)
    written = _listing(Part(plain, "list"), segments, content_words(plain), [], plain)
    return written.text if written else None


def statement(units: list[Unit]) -> str | None:
    written = _statement(X.segments(units), [], [], "")
    return written.text if written else None
