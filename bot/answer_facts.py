"""Parts asking for one fact: how long / how old / how many (the number with its unit and from when it counts,
first), who (the body first), where (the place), when (the date or the condition).
"""

from __future__ import annotations

import re
from typing import Callable

from bot import extract as X
from bot.answer_lists import first_item, list_label, list_of, list_sentence, numbered_entries, whole_list
from bot.answer_types import Part, asked_modality
from bot.answer_yes_no import numbers_against
from bot.extract import Segment
from bot.guard import content_words
from bot.wording import SIBLING, Written, agency_duty, best_score, capitalised, fact_first, lower_first, rank_sentences, sentence_of, siblings, stated_with_label, with_full_stop
from core.text import has_diacritics, plain_text


_SPANS: dict[str, Callable[[str], list[str]]] = {
    "duration": X.duration_spans, "age": X.age_spans, "amount": X.amount_spans, "where": X.place_spans,
}


_PLACES_LISTED = re.compile(r"\b(nơi|địa điểm|cơ quan|qua các|tại các|hình thức|phương thức)\b")


def every_case(kind: str, asked: str, segments: list[Segment]) -> Written | None:
    """'Thời hạn giải quyết … là bao lâu?' asked of an article on that very limit whose khoản each set it for one
    case, with no case named: the limit of every case, not the first one ('Tùy trường hợp' in the law's order)."""
    titled = [s for s in segments if s.clause is not None and s.title.lower().startswith(CASE_TITLES[kind])]
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
    listed = X.items(whole_list([group[0] for group in by_clause.values()], True), True)
    if len(listed) < 2:
        return None
    intro = X.clean_line(listed[0].unit.article.intro or "").rstrip(" :")  # '… kể từ ngày nhận đủ hồ sơ …'
    head = f"Tùy trường hợp. {capitalised(intro)}" if intro else "Tùy trường hợp"
    return Written(with_full_stop(f"{head} ({list_label(listed)}): {numbered_entries(listed, True)}"), tuple(listed))


CASE_TITLES = {"duration": "thời hạn", "age": "độ tuổi"}


def with_fact(kind: str, part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    spans = _SPANS[kind]
    if kind == "where":
        places = [s for s in segments if X.is_place_title(s.title) and s.clause is not None]
        if places:  # the khoản of an article titled 'Nơi …' are the places themselves: all of them
            listed = list_sentence(places, "noi", True)
            if listed is not None:
                return listed
            best = rank_sentences(words, context, places)[0].segment
            return Written(with_full_stop(stated_with_label(best)), (best,))
    ranked = rank_sentences(words, context, segments, lambda s: bool(spans(s.text)))
    if X.quantities(part.text):
        # 'tài khoản mức 2 … bao lâu?': the time for another level ('mức độ 01') is not the asker's case
        ranked = [r for r in ranked if numbers_against(part.text, r.segment) == "ok"] or ranked
    top = rank_sentences(words, context, segments)[0] if segments else None
    if top is None or top.score <= 0 or not ranked:
        return None
    # far below the best match, a number elsewhere answers another question; within the khoản that matches best a
    # time limit is that khoản's own, if the only one ('… ai giải quyết trong bao lâu?' of a procedure whose last
    # điểm is 'Trong thời hạn 02 ngày làm việc, … Trưởng Công an cấp xã …', with none of the asker's words)
    own = [r for r in ranked if r.segment.khoan_key == top.segment.khoan_key]
    if ranked[0].score <= 0 or ranked[0].score < 0.5 * top.score:
        if kind != "duration" or len({r.segment.text for r in own}) != 1:
            return None
        ranked = own[:1]
    best = ranked[0]
    if kind == "where" and (best.segment.point or best.segment.item) and _PLACES_LISTED.search(
            " ".join((best.segment.lead, best.segment.heading)).lower()):
        listed = list_of(best.segment, segments)  # a list of places: every place; a step that names one: that step
        if listed is not None:
            return listed
    used = siblings(best, ranked, 3, 0.9 if kind == "where" else SIBLING)
    sentences = []
    facts = []
    for segment in used:
        found = spans(segment.text)
        fact = max(found, key=len) if kind in ("age", "where") else found[0]
        facts.append(fact)
        sentences.append(fact_first(fact, segment))
    return Written(with_full_stop("; ".join([sentences[0]] + [lower_first(s) for s in sentences[1:]])), tuple(used),
                   tuple(facts) if len(used) == 1 else ())


_GROUPS = ("nguoi goc viet nam", "nguoi nuoc ngoai", "co quan, to chuc", "to chuc")
_EXEMPT = re.compile(r"\b(?:không phải nộp|được miễn|miễn|không thu)\s+(lệ phí|phí)\b", re.I)


def fee_exemption(segments: list[Segment], words: list[str], context: list[str], plain: str) -> Written | None:
    """'Làm thẻ lần đầu mất bao nhiêu tiền lệ phí?' answered by the rule that no fee is due ('Công dân không phải nộp
    lệ phí khi được cấp thẻ căn cước lần đầu'): the amount asked is none."""
    ranked = rank_sentences(words, context, segments, lambda s: bool(_EXEMPT.search(s.text)) and not any(
        group in plain_text(s.text) and group not in plain for group in _GROUPS))  # another group's exemption
    best_any = best_score(words, context, segments)
    if not ranked or ranked[0].score < best_any:
        return None  # only when the exemption is what matches the question best, not a neighbouring group's
    segment = ranked[0].segment
    fee = _EXEMPT.search(segment.text).group(1)
    return Written(with_full_stop(f"Không mất {fee}: {lower_first(sentence_of(segment))} ({segment.label})"), (segment,))


# 'gửi cho cơ quan nào', 'báo cho ai' ('gửi cho Bộ Công an thì …' names a body, it does not ask one)
_TO_WHOM = re.compile(r"\b(cho|toi|den|ve|bao) ((co quan|don vi|cap|noi|bo|to chuc|ben) nao|ai)\b")


_CONSENT_ASKED = re.compile(r"\b(dong y cua ai|ai dong y|su dong y cua|duoc ai dong y|ai cho phep)\b")


def who(part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
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

    ranked = rank_sentences(words, context, segments, lambda s: body(s) is not None)
    best_any = best_score(words, context, segments)
    if not ranked or ranked[0].score < 0.5 * best_any or ranked[0].score <= 0:
        return None
    if asked_modality(part.text) == "must":
        # 'những ai phải làm thẻ?' asks whom a duty binds: the sentence that says 'phải', not the one that says who
        # may get a card; an agency's duty ('cơ quan … phải cấp') does not say which people must act
        ranked = [r for r in ranked if not agency_duty(r.segment, part.text)]
        if not ranked:
            return None
        top_binds = X.modality(ranked[0].segment).must
        bound = [r for r in ranked if X.modality(r.segment).must and r.score >= 0.5 * ranked[0].score
                 and (r.segment.article_key == ranked[0].segment.article_key or not top_binds)]
        ranked = bound or ranked  # another article's duty only when the best sentence binds no one
    segment = ranked[0].segment
    name, how = body(segment)  # type: ignore[misc]
    text = sentence_of(segment)
    if how == "subject":
        return Written(with_full_stop(f"{capitalised(text)} ({segment.label})"), (segment,), (name,) if not text.startswith(name) else ())
    if how == "title" and not (segment.point or segment.item) and not segment.lead:
        return Written(with_full_stop(f"{capitalised(name)} {lower_first(text)} ({segment.label})"), (segment,))
    return Written(with_full_stop(f"{capitalised(name)}: {lower_first(text)} ({segment.label})"), (segment,), (name,))


_UNTIL_WHEN = re.compile(r"\b(den khi nao|den bao gio|den luc nao|dung den|han (den|toi) khi nao)\b")


def when(part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    best_any = best_score(words, context, segments)
    dated = rank_sentences(words, context, segments, lambda s: bool(X.time_spans(s.text)))
    if dated and dated[0].score >= 0.5 * best_any and dated[0].score > 0:
        segment = dated[0].segment
        spans = X.time_spans(segment.text)
        wants = "đến" if re.search(r"\b(den khi nao|den bao gio|den luc nao|dung den|den ngay nao|han)\b", part.text) else\
            "từ" if re.search(r"\b(tu (khi|ngay|luc|bao gio)|bat dau|hieu luc)\b", part.text) else ""
        fact = next((f for f in spans if wants and f.lower().startswith(wants)), spans[0])
        return Written(with_full_stop(fact_first(fact, segment)), (segment,), (fact,))
    if _UNTIL_WHEN.search(part.text):
        # 'dùng đến khi nào?' answered by a period from a starting day ('thời hạn sử dụng 05 năm kể từ ngày được cấp')
        lasting = rank_sentences(words, context, segments, lambda s: bool(X.duration_spans(s.text)))
        if lasting and lasting[0].score >= 0.5 * best_any and lasting[0].score > 0:
            segment = lasting[0].segment
            fact = X.duration_spans(segment.text)[0]
            return Written(with_full_stop(fact_first(fact, segment)), (segment,), (fact,))
    ranked = rank_sentences(words, context, segments)
    cases = [r for r in ranked if r.segment.text.rstrip().endswith(":") and "trường hợp" in r.segment.text
             and r.score >= 0.7 * best_any and first_item(r.segment, segments) is not None]
    if cases:
        listed = list_of(first_item(cases[0].segment, segments), segments)  # type: ignore[arg-type]
        if listed is not None:
            return listed
    if ranked:
        top = ranked[0].segment
        anchor = top if (top.point or top.item) else first_item(top, segments) if top.text.endswith(":") else None
        listed = list_of(anchor, segments) if anchor is not None else None
        if listed is not None:
            return listed
    conditioned = rank_sentences(words, context, segments, lambda s: bool(X.condition_spans(s.text)))
    if conditioned and conditioned[0].score >= 0.6 * best_any and conditioned[0].score > 0:
        segment = conditioned[0].segment
        fact = X.condition_spans(segment.text)[0]
        return Written(with_full_stop(fact_first(fact, segment)), (segment,), (fact,))
    return None


# 'cần mang giấy tờ gì', 'hồ sơ gồm những gì', 'phải nộp những gì': the papers a request takes, not its steps
_PAPERS_ASKED = re.compile(r"\b(?:giay to (?:gi|nao)|nhung giay to|ho so(?: de nghi)? (?:gom|bao gom|can|phai co)(?: nhung)?"
                           r" (?:gi|giay to)|mang(?: theo)?(?: nhung)? (?:gi|giay to)|chuan bi(?: nhung)? (?:gi|giay to)"
                           r"|nop(?: nhung)? (?:gi|giay to))\b")
_PAPERS_SAID = re.compile(r"\b(?:[Hh]ồ sơ(?: đề nghị)? (?:gồm|bao gồm)|xuất trình|giấy tờ|kèm theo|Phiếu đề nghị|mang theo)")
# a case of its own ('Trường hợp người đề nghị … là người đại diện hợp pháp của người dưới 14 tuổi thì …'): its papers
# are not those of a question that does not name that case
_OWN_CASE = re.compile(r"\b(dai dien|giam ho|duoi \d+ tuoi|nuoc ngoai|nguoi goc viet nam)\b")
_ASKS = re.compile(r"\b(?:gi|nao|dau|bao lau|the nao|ra sao)\b")
PAPERS_SHARE = 0.2  # a papers line of the best article, unless it barely touches the question


def papers(plain: str, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    """The sentence naming the papers ('Hồ sơ đề nghị gồm: Phiếu đề nghị … và tài liệu chứng minh …'), from the
    evidence chosen for the question; None leaves the part to its kind (the procedure, the list), as when the part
    asks something else too ('nộp qua những kênh nào … và hồ sơ gồm những gì': the procedure says both)."""
    if not _PAPERS_ASKED.search(plain) or len(_ASKS.findall(plain)) > 1:
        return None

    def names_papers(segment: Segment) -> bool:
        case = {m.group(1) for m in _OWN_CASE.finditer(plain_text(segment.text).lower())}
        return bool(_PAPERS_SAID.search(segment.text)) and all(c in plain for c in case)

    every = rank_sentences(words, context, segments)
    if not every:
        return None
    # the article that answers the question best (the story told weighs on it), where its papers line stands
    best = every[0]
    ranked = [r for r in every if r.segment.article_key == best.segment.article_key and names_papers(r.segment)]
    if not ranked or ranked[0].score < PAPERS_SHARE * best.score or ranked[0].score <= 0:
        return None
    used = siblings(ranked[0], ranked, 2)
    said = [f"{capitalised((s.text if s.point else sentence_of(s)).rstrip(' ;.'))} ({s.label})" for s in used]
    return Written(with_full_stop("; ".join([said[0]] + [lower_first(t) for t in said[1:]])), tuple(used))
