"""How a conclusion is worded and which sentences of the evidence it rests on (used by every ``bot.answer_*``
module and by ``bot.conclusion``): the ``Written`` result, sentence helpers (a điểm joined to its lead-in,
capitals, full stops, the citation after the sentence), and the ranking of the evidence's sentences against the
question's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from bot import extract as X
from bot.extract import Segment
from core.text import has_diacritics, plain_text


_SUBJECT_END = re.compile(r"\s(có được|được phép|có quyền|có thể|có bị|có phải|có cần)\b")


RELATIVE = 0.6  # a sentence answers a part only if it scores at least this share of the best sentence's score


WHOLE_KHOAN_SENTENCES = 2  # a khoản of this many sentences is stated whole in a one-sentence answer


SIBLING = 0.8  # further sentences of the same khoản are added when they score this close to the best


# What the assistant did not find, said as its own finding, not as the law's silence: the law may answer what the
# sentences read here could not (graders read "nguồn không nêu" as a false claim that the law is silent).
NOT_FOUND = "Trợ lý chưa tìm thấy"
MISSING = {"yes_no": f"{NOT_FOUND} câu trả lời trực tiếp cho việc được hỏi trong nguồn hiện có",
           "duration": f"{NOT_FOUND} thời hạn cho việc này trong nguồn hiện có",
           "age": f"{NOT_FOUND} độ tuổi cho việc này trong nguồn hiện có",
           "amount": f"{NOT_FOUND} con số cụ thể cho việc này trong nguồn hiện có",
           "who": f"{NOT_FOUND} cơ quan, người có thẩm quyền cho việc này trong nguồn hiện có",
           "where": f"{NOT_FOUND} nơi thực hiện việc này trong nguồn hiện có",
           "when": f"{NOT_FOUND} thời điểm cho việc này trong nguồn hiện có"}


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


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the text opens with a name ('Bộ Công an', 'Cơ sở dữ liệu …')."""
    words = text.split(" ", 2)
    if not text or _KEEP_CAPITAL.match(text) or (len(words) > 1 and words[1][:1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def with_full_stop(text: str) -> str:
    return text.rstrip(" .;:,") + "."


def source_cut(segment: Segment) -> str:
    """The sentence; when the source itself cuts it ('… theo quy định pháp luật về bảo ...'), the unfinished
    trailing phrase is left out of the conclusion (the quote below keeps the source as it is)."""
    text = segment.whole
    if segment.text != text and re.search(r"(\.\.\.|…)\s*$", segment.text):
        text = re.sub(r"\s+theo quy định[^,;]*$", "", text).rstrip(" ,")
    return text


def sentence_of(segment: Segment) -> str:
    """The sentence as stated in a conclusion: a điểm joined to its lead-in, no final full stop."""
    text = source_cut(segment)
    if segment.lead and (segment.point or segment.item):
        text = f"{last_sentence(segment.lead).rstrip(': ')}: {lower_first(text)}"
    return text.rstrip(" .;:,")


def last_sentence(lead: str) -> str:
    """The sentence of a lead-in that introduces its điểm: of 'Trường hợp … thì đề nghị công an cấp xã …. Trình tự,
    thủ tục … như sau:' the second (the first is a rule of its own, quoted below the conclusion)."""
    return re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", lead.strip())[-1]


def _words_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def said_in_turn(used: Sequence[Segment]) -> str:
    """Sentences said one after another; a lead-in already said (by an earlier điểm, or as a sentence of its own),
    or the sentences of it already said, are not said again before the next điểm."""
    said: list[str] = []
    for segment in used:
        lead = segment.lead if (segment.point or segment.item) else ""
        sentences = re.split(r"(?<=[.;])\s+", lead.strip()) if lead else []
        said_key = _words_key(" ".join(said))
        unsaid = [s for s in sentences if _words_key(s) not in said_key]
        if sentences and len(unsaid) < len(sentences):
            point = source_cut(segment).rstrip(" .;:,")
            said.append(lower_first(f"{' '.join(unsaid).rstrip(': ')}: {lower_first(point)}" if unsaid else point))
        else:
            said.append(lower_first(sentence_of(segment)))
    return "; ".join(said)


def stated_with_label(segment: Segment) -> str:
    """'<sentence> (khoản 2 Điều 3 …)' — a lead-in is joined to its điểm."""
    return f"{capitalised(sentence_of(segment))} ({segment.label})"


_DANGLING = {"với", "là", "thì", "trong", "sau", "của", "và", "có", "được", "từ", "đến", "tại", "bằng", "theo", "cho",
             "trước", "khi", "gồm", "về", "hoặc", "nhưng", "mà", "để", "do", "bởi", "trên", "dưới", "như", "tới", "ở",
             "vào", "ra", "phải", "bị", "sẽ", "đã", "này", "đó", "trừ", "nếu", "tại"}


def fact_first(fact: str | Sequence[str], segment: Segment) -> str:
    """The fact asked, then the sentence it comes from: '12 chữ số: số định danh cá nhân … (khoản 1 Điều 12 …)'.
    A sentence that opens with the fact is stated as it is; one that ends with it is turned round."""
    facts = [fact] if isinstance(fact, str) else list(fact)
    facts = [f for f in facts if not any(f != g and f.lower() in g.lower() for g in facts)]
    text = sentence_of(segment)
    own = source_cut(segment).rstrip(" .;:,")
    if len(facts) == 1 and segment.lead and (segment.point or segment.item) and own.lower().startswith(facts[0].lower()):
        # a điểm that opens with the fact: the fact first, its lead-in after it, the fact said once; a lead-in of
        # several sentences (a rule, then 'Trình tự, thủ tục …:') does not read as a tail, the điểm stands alone
        if re.search(r"[.;]\s+\S", segment.lead.strip()):
            return f"{capitalised(own)} ({segment.label})"
        return f"{capitalised(own)}, {lower_first(segment.lead.rstrip(': '))} ({segment.label})"
    if len(facts) == 1:
        at = text.lower().find(facts[0].lower())
        if 0 <= at <= 1:
            return f"{capitalised(text)} ({segment.label})"
        if at > 1 and at + len(facts[0]) >= len(text) - 1:
            rest = text[:at].rstrip(" ,")
            if len(rest.split()) >= 4 and rest.split()[-1].lower() not in _DANGLING:
                return f"{capitalised(facts[0])}: {lower_first(rest)} ({segment.label})"
    head = "; ".join(f.rstrip(" ,") for f in facts)
    return f"{capitalised(head)}: {lower_first(text)} ({segment.label})"


def asker_subject(question: str) -> str | None:
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


@dataclass(frozen=True)
class Scored:
    score: float
    segment: Segment


def rank_sentences(question_words: list[str], context_words: list[str], segments: Sequence[Segment],
          keep: Callable[[Segment], bool] = lambda s: True, act: Sequence[str] = ()) -> list[Scored]:
    """Sentences that pass ``keep``, best first (the evidence's own order breaks ties); ``act``: the words of the
    act a yes/no question asks about, which weigh more."""
    scored = [Scored((X.overlap(question_words, s) + 0.5 * X.overlap(context_words, s)
                       + (X.overlap(list(act), s) if act else 0.0)) * (DELEGATION_WEIGHT if X.delegated_to(s.text) else 1.0), s)
              for s in segments if keep(s)]
    return sorted(scored, key=lambda x: (-x.score, x.segment.index))


def best_score(question_words: list[str], context_words: list[str], segments: Sequence[Segment]) -> float:
    ranked = rank_sentences(question_words, context_words, segments)
    return ranked[0].score if ranked else 0.0


def siblings(best: Scored, ranked: list[Scored], limit: int = 3, share: float = SIBLING) -> list[Segment]:
    """The best sentence and those of the same khoản (or Bước) scoring close to it, in the law's order."""
    same = [r.segment for r in ranked if r.score >= share * best.score and r.score > 0
            and r.segment.article_key == best.segment.article_key and r.segment.clause == best.segment.clause
            and r.segment.step == best.segment.step]
    # the same sentence may come twice (an article held in its own wording and through the decree that rewrote it)
    said = {(best.segment.point, best.segment.item, best.segment.text)}
    others = []
    for s in same:
        if (s.point, s.item, s.text) not in said:
            said.add((s.point, s.item, s.text))
            others.append(s)
    chosen = [best.segment] + others[: limit - 1]
    return sorted(chosen, key=lambda s: s.index)


def agency_duty(segment: Segment, plain: str) -> bool:
    """An agency's duty ('cơ quan … phải cấp, cấp đổi') where the question does not ask about an agency (a body the
    asker goes to, 'mang giấy khai sinh lên công an xã', is a place): it does not say what the asker must do."""
    return bool(_AUTHORITY_DUTY.search(with_lead(segment))) and not _AUTHORITY_ASKED.search(_BODY_VISITED.sub(" ", plain))


def with_lead(segment: Segment) -> str:
    """A điểm's or item's words read with its lead-in (who it binds is often said there); a khoản's own words."""
    return f"{segment.lead} {segment.text}" if segment.point or segment.item else segment.text


def duty_bearer(segment: Segment) -> str | None:
    """The bodies an agency's duty binds, as the clause names them ('cơ quan quản lý, đăng ký hộ tịch, cơ quan quản lý
    Cơ sở dữ liệu hộ tịch điện tử' before 'có trách nhiệm chuyển …')."""
    said = with_lead(segment)
    if (found := _AUTHORITY_DUTY.search(said)) is None:
        return None
    start = max(said.rfind(";", 0, found.start()), said.rfind(".", 0, found.start()), said.rfind(":", 0, found.start())) + 1
    return said[start:found.start(2)].strip(" ,") or None


_AUTHORITY_DUTY = re.compile(r"\b(cơ quan|Bộ Công an|Công an|Thủ trưởng|Chính phủ|Ủy ban)\b[^,;.:]{0,60}\b(phải|có trách nhiệm)\b")


_AUTHORITY_ASKED = re.compile(r"\b(co quan|cong an|bo|thu truong|chinh phu|uy ban|can bo)\b")
# a body one goes to ('mang giấy khai sinh lên công an xã'), not one asked about ('về cơ quan nào')
_BODY_VISITED = re.compile(r"\b(?:len|den|ra|tai) (?:tru so )?(?:co quan|cong an|uy ban|ubnd)(?! nao\b)"
                           r"(?: (?!co\b|phai\b|duoc\b|nao\b)[a-z]+){0,2}")


DELEGATION_WEIGHT = 0.5  # 'Chính phủ quy định …' only says who will rule: any sentence that rules answers better


def accented(text: str, plain_words: list[str]) -> str:
    """The words of ``text`` whose plain form is ``plain_words``, else the plain words."""
    words = re.findall(r"\w+", text)
    plain = [plain_text(w) for w in words]
    n = len(plain_words)
    for i in range(len(words) - n + 1):
        if plain[i:i + n] == plain_words:
            return " ".join(words[i:i + n])
    return " ".join(plain_words)
