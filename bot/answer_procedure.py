"""Procedures: the steps in order (Bước of an article, or the points of a khoản, each a step with its citation),
the steps of the article a provision sends the reader to, and the ways an article lays down (at the office,
online), each with its items.
"""

from __future__ import annotations

import re
from typing import Sequence

from bot import extract as X
from bot.answer_lists import best_list, numbered_entries, referred_line
from bot.answer_types import Part, asking_sentence
from bot.coverage import held_parts
from bot.evidence import REFERS_TO, Unit
from bot.extract import Segment
from bot.guard import content_words
from bot.question import Question
from bot.wording import Written, capitalised, lower_first, stated_with_label, with_full_stop


def _step_texts(items: Sequence[Segment]) -> list[str]:
    """Each item of a procedure as a step: 'Bước 1 (điểm a khoản 1 Điều 23 …)' and, below, its whole words."""
    return [f"Bước {i} ({item.label})\n{capitalised(X.item_text(item))}." for i, item in enumerate(items, start=1)]


GIST_WORDS = 100  # a step's first sentence; longer ones, and more in all, stay under 'Các bước' only
GIST_TOTAL_WORDS = 220
_STEPS_LEAD = re.compile(r"\b(trình tự|thủ tục|quy trình|như sau|các bước)\b", re.I)


def as_steps(listed: Written) -> Written:
    """A list that is a procedure's steps ('Trình tự, thủ tục … được thực hiện như sau: a) …; b) …') said in the
    conclusion by its lead-in and count; the steps themselves go under it, one by one, each cited."""
    items = [s for s in listed.used if s.point or s.item]
    if len(items) < 2 or len({(s.article_key, s.clause, s.step) for s in items}) != 1 or not listed.text:
        return listed
    if items[0].step is not None:
        return listed  # the items of one Bước are its contents or tasks, not steps of their own
    first = items[0]
    lead = first.lead or first.heading
    if not _STEPS_LEAD.search(lead or "") and not _STEPS_LEAD.search(first.title):
        return listed
    intro = re.sub(r"\s*(được thực hiện|thực hiện)?\s*như sau$", "", (lead or first.title).rstrip(" :"))
    head = Segment(first.unit, "", first.clause, None, first.step).label
    said = f"{capitalised(intro)} gồm {len(items)} bước ({head})"
    gists = [_gist(X.item_text(item)) for item in items]
    if all(gists) and sum(len(g.split()) for g in gists) <= GIST_TOTAL_WORDS:  # each step in its first words
        listed_steps = "; ".join(f"({i}) {lower_first(g)}" for i, g in enumerate(gists, start=1))
        text = with_full_stop(f"{said}: {listed_steps}; chi tiết từng bước ở mục Các bước")
    else:
        text = with_full_stop(f"{said}, nêu ở mục Các bước")
    return Written(text, listed.used, listed.facts, tuple(_step_texts(items)))


def _gist(step: str) -> str | None:
    """A step's first sentence or clause, whole ('Công dân đến cơ quan quản lý căn cước … đề nghị cấp thẻ'), when it
    is short enough to stand in the conclusion; None otherwise (a step is never cut mid-sentence)."""
    first = re.split(r"(?<=[.;:])\s", step.strip(), maxsplit=1)[0].rstrip(" .;:")
    return first if first and len(first.split()) <= GIST_WORDS else None


def _step_body(segments: list[Segment], title: Segment) -> str:
    """Every sentence of a step ('cơ quan, tổ chức … gửi …; văn bản … gồm các nội dung sau: (1) …; (2) …'), its listed
    items numbered after the sentence that leads them."""
    own = [s for s in segments if s.step == title.step and s.article_key == title.article_key and not s.is_step_title]
    said: list[str] = []
    for s in own:
        if s.point or s.item:
            continue
        listed = [i for i in own if (i.point or i.item) and i.lead == s.text]
        if listed:
            said.append(f"{lower_first(s.text.rstrip(' :'))}: {numbered_entries(X.items(listed), False)}")
        else:
            said.append(lower_first(s.text.rstrip(" .;")))
    return "; ".join(said)


def steps_of(segments: list[Segment], units: Sequence[Unit]) -> Written | None:
    """Steps in order, per article, each with what it says (who does what, to whom, with which contents): 'Theo Điều 7
    …, kho dữ liệu chỉ có Bước 1–2 của quy trình. Bước 1 – …: …. Bước 2 – …: ….'; one step: 'Theo Bước 2 Điều 7 …
    (<its title>): …'."""
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
        titled = [(s, s.text.rstrip(".: "), _step_body(segments, s)) for s in steps]
        if len(steps) == 1:
            (_, title, body), = titled
            sentences.append(f"Theo {first.label} ({title})" + (f": {body}" if body else ""))
        else:
            where = f"Điều {first.unit.article.number} {first.unit.doc.short_title}"
            partial = held_parts(first.unit.doc, first.unit.article)
            whole = partial and len(steps) == len(first.unit.article.steps)
            sentences.append(f"Theo {where}, kho dữ liệu chỉ có {partial} của quy trình" if whole
                             else f"Theo {where}, trình tự gồm {len(steps)} bước")
            sentences += [f"Bước {s.step} – {title}" + (f": {body}" if body else "") for s, title, body in titled]
        used += [s for s in segments if s.article_key == key and s.step is not None]
    return Written(" ".join(with_full_stop(s) for s in sentences), tuple(used))


# what a part of the question asks of a stepped procedure: what happens once the request is in (the receiving
# step), or the request itself — who makes it, where it goes, what it holds (the first step)
_AFTER_RECEIPT = re.compile(
    r"\bsau khi (?:(?!ca |xac |cong )\w+ )?(?:nhan|tiep nhan|gui|nop)\b"  # not 'khi cá nhân gửi', 'khi xác nhận'
    r"|\b(?:khi|ngay khi) (?:(?!ca |xac |cong )\w+ )?(?:nhan|tiep nhan)\b"
    r"|\bnhan duoc (?:van ban|cong van|de nghi|ho so|don)\b"
    r"|\bbuoc tiep(?: theo)?\b|\b(?:lam (?:gi|nhung viec gi)|thuc hien (?:gi|nhung viec gi)) tiep\b|\btiep theo\b"
    r"|\b(?:phia|ben) (?:bo cong an|co quan quan ly|ben kia|tiep nhan|nhan)\b|\bco quan tiep nhan\b")
_THE_REQUEST = re.compile(
    r"\b(?:gui|nop|chuyen)(?: \w+){0,6} (?:cho |toi |den |len |o |tai )?(?:ai|dau|co quan nao|don vi nao|noi nao|cap nao)\b"
    r"|\b(?:ai|ben nao|don vi nao|co quan nao)(?: \w+){0,2} (?:lap|soan|ky|dung ra|dung ten|gui)\b"
    r"|\b(?:noi dung|muc|phan) (?:gi|nao)\b|\bghi (?:nhung )?(?:gi|muc gi)\b"
    r"|\b(?:van ban|cong van)\b.*\b(?:co|gom|bao gom|ghi|neu|trinh bay)(?: ro)? (?:nhung )?(?:gi|noi dung gi|muc gi)\b"
    r"|\b(?:van ban|cong van)\b(?: \w+){0,3} (?:phai|can|bat buoc)(?: \w+){0,2} (?:neu|ghi|co|kem|trinh bay)\b"
    r"|\bbat dau (?:the nao|tu dau|bang (?:viec )?gi|ra sao)\b|\b(?:viec|buoc) dau tien\b")
_WHOLE_PROCEDURE = re.compile(r"\b(?:trinh tu|quy trinh|cac buoc|nhung buoc|may buoc|buoc nao|thu tu nao)\b")
_RECEIVING = re.compile(r"^(?:Ngay )?[Ss]au khi (?:tiếp )?nhận\b|^Khi (?:tiếp )?nhận\b")


def steps_match(segments: list[Segment], words: list[str]) -> bool:
    """Whether a stepped article is what the question is about: one of its sentences matches the question's words
    at least as well as any other article's ('… phường tiếp nhận xong thì làm gì tiếp?' on correcting one's data is
    not TT 46 Điều 7's receiving step)."""
    stepped = {s.article_key for s in segments if s.is_step_title}
    best_steps = max((X.overlap(words, s) for s in segments if s.article_key in stepped), default=0.0)
    best_other = max((X.overlap(words, s) for s in segments if s.article_key not in stepped), default=0.0)
    return best_steps > 0 and best_steps >= best_other


def step_asked(part: str, segments: list[Segment]) -> list[Segment]:
    """The evidence for one part of a question on a stepped procedure: the step the part asks about, the article's other
    steps left out ('… gửi cho ai?' -> Bước 1 of TT 46 Điều 7; 'sau khi nhận văn bản, phía Bộ Công an làm gì?' ->
    Bước 2, whose own lead-in repeats 'văn bản đề nghị'); all of it when the part asks the whole procedure or no step."""
    if _WHOLE_PROCEDURE.search(part):
        return segments
    asked = asking_sentence(part)
    after, request = bool(_AFTER_RECEIPT.search(asked)), bool(_THE_REQUEST.search(asked))
    if after == request:
        return segments
    stepped = {s.article_key for s in segments if s.is_step_title}
    keep = list(segments)
    for key in stepped:
        bodies = [s for s in segments if s.article_key == key and s.step is not None and not s.is_step_title
                  and not (s.point or s.item)]
        if not bodies:
            continue
        receiving = {s.step for s in bodies if _RECEIVING.search(s.text)}
        wanted = receiving if after else {min(s.step for s in bodies)} - receiving
        if wanted:
            keep = [s for s in keep if s.article_key != key or s.step is None or s.step in wanted]
    return keep


_ROUTE = re.compile(r"^(Trình tự, thủ tục|Thủ tục|Quy trình)\b")


_CASE_REFERENCE = re.compile(r"\btrường hợp quy định tại điểm ([a-zđ]) khoản (\d+) Điều (\d+) của Luật này\b")


def _case_named(segment: Segment) -> str:
    """The text of the case a provision names by reference ('… đối với trường hợp quy định tại điểm a khoản 2
    Điều 24 của Luật này' -> 'Bị mất thẻ căn cước hoặc thẻ căn cước bị hư hỏng …'), when the corpus holds it."""
    match = _CASE_REFERENCE.search(segment.text)
    return referred_line(segment, int(match.group(3)), int(match.group(2)), match.group(1)) if match else ""


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


def referred_procedure(question: Question, part: Part, segments: list[Segment], words: list[str],
                        context: list[str], plain: str) -> Written | None:
    """'Cấp đổi … thực hiện theo quy định tại Điều 23 của Luật này' (khoản 1 Điều 25 …), then the steps of the
    article it sends to, when the evidence holds it: the steps are what 'như thế nào?' asks for. A question on a
    case another khoản rules ('cấp lại thẻ bị mất') gets that khoản instead. The ways the decree details follow."""
    routes = route_names(segments)
    ways = f" {routes.text}" if routes else ""
    case = _case_asked(question.resolved, segments)
    if case is not None and not REFERS_TO.search(case.text):
        named = _CASE_REFERENCE.sub(lambda m: f"{m.group(0)} ({lower_first(_case_named(case).rstrip(' ;.'))})", stated_with_label(case), 1)
        return Written(f"{with_full_stop(named)}{ways}", (case,) + (routes.used if routes else ()))
    for s in segments if case is None else [case]:
        match = REFERS_TO.search(s.text)
        if match is None or int(match.group(2)) == s.unit.article.number:
            continue
        key = (s.unit.doc.so_hieu, int(match.group(2)))
        target = [t for t in segments if t.article_key == key]
        # the referring sentence says which of the target's lists is meant ('… mức độ 02 … theo … Điều 10')
        listed = best_list(part, target, words, context + content_words(s.text), plain, clauses=False) if target else None
        if listed is not None:
            listed = as_steps(listed)
            return Written(f"{with_full_stop(stated_with_label(s))} {listed.text}{ways}", (s,) + listed.used + (routes.used if routes else ()),
                           steps=listed.steps)
    return None


def _route_title(segment: Segment) -> str | None:
    """The first line of the segment's khoản when it names a way of doing a procedure ('Trình tự, thủ tục cấp, cấp
    đổi, cấp lại thẻ căn cước tại cơ quan quản lý căn cước' — a heading: no sentence punctuation)."""
    clause = segment.unit.article.clause(segment.clause) if segment.clause is not None else None
    first = X.clean_line(clause.text.split("\n")[0]).rstrip(" :") if clause is not None else ""
    return first if _ROUTE.match(first) and not re.search(r"[.;]|\bnhư sau\b", first) else None


def route_groups(segments: list[Segment]) -> list[list[Segment]]:
    ways: dict[tuple, list[Segment]] = {}
    for s in segments:
        if s.step is None and (s.point or s.item) and _route_title(s):
            ways.setdefault((s.article_key, s.clause), []).append(s)
    return [group for group in ways.values() if len(X.items(group)) >= 2]


def route_names(segments: list[Segment]) -> Written | None:
    """'Cách làm chi tiết: <way> (khoản 1 Điều 21 …); <way> (khoản 2 …).' — the ways a decree details, by name (their
    steps are quoted below the conclusion)."""
    groups = route_groups(segments)
    if len(groups) < 2:
        return None
    names = "; ".join(f"{lower_first(_route_title(g[0]))} ({Segment(g[0].unit, '', g[0].clause).label})" for g in groups)
    # every step counts as used: the citizen then reads each way's quote whole below the conclusion
    return Written(with_full_stop(f"Cách làm chi tiết: {names}"), tuple(s for g in groups for s in g))


ROUTE_OUTMATCHED = 1.5  # another khoản of the article answers instead when it matches the question this much better


def route_outmatched(groups: list[list[Segment]], segments: list[Segment], words: list[str]) -> bool:
    in_routes = {id(s) for g in groups for s in g}
    articles = {g[0].article_key for g in groups}
    route_best = max(X.overlap(words, s) for g in groups for s in g)
    other_best = max((X.overlap(words, s) for s in segments if s.article_key in articles and id(s) not in in_routes
                      and s.clause is not None and not _route_title(s)), default=0.0)
    return other_best > ROUTE_OUTMATCHED * route_best


def each_way(segments: list[Segment], words: list[str]) -> Written | None:
    """An article whose khoản are ways of doing one procedure ('… tại cơ quan quản lý căn cước', '… thông qua Cổng
    dịch vụ công …'): each way with every step of it, in the article's order — unless the question is about
    another khoản of it ('không đến ngày hẹn thì sao?')."""
    groups = route_groups(segments)
    if not groups or route_outmatched(groups, segments, words):
        return None
    ways, used, steps = [], [], []
    for group in groups:
        items = X.items(group)
        if len(items) < 2:
            continue
        label = Segment(group[0].unit, "", group[0].clause).label
        first = _gist(X.item_text(items[0]))  # how the way starts, so the conclusion is not only two names
        ways.append(f"({len(ways) + 1}) {lower_first(_route_title(group[0]))} ({label})"
                    + (f", bước đầu: {lower_first(first)}" if first else ""))
        # a way's points are not always successive steps (NĐ 70 Điều 21 khoản 2: a) the usual way, b) a lost card,
        # c) a child under 6): each is an item of that way, not 'Bước N'
        steps += [f"Cách {len(ways)}, mục {i} ({item.label})\n{capitalised(X.item_text(item))}."
                  for i, item in enumerate(items, start=1)]
        used += items
    if len(ways) < 2:
        return None
    return Written(with_full_stop(f"Có {len(ways)} cách: {'; '.join(ways)}; việc cần làm của từng cách ở mục Các bước"), tuple(used),
                   steps=tuple(steps))
