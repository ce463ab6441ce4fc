"""Parts asking for a list (the count and every item, whole, with what an item only refers to), a definition
(the defining sentence) or a plain statement, and what is said when the evidence lacks the kind of fact asked
or the list the corpus does not hold.
"""

from __future__ import annotations

import re
from typing import Sequence

from bot import extract as X
from bot.answer_types import Part, question_parts
from bot.evidence import Unit, article_segments, referred_text
from bot.extract import Segment
from bot.guard import content_words
from bot.wording import MISSING, WHOLE_KHOAN_SENTENCES, Written, capitalised, lower_first, rank_sentences, said_in_turn, sentence_of, siblings, stated_with_label, with_full_stop
from core.text import has_diacritics, nfc, plain_text


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


def headed_by(noun: str, text: str) -> bool:
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


def list_label(group: list[Segment]) -> str:
    first = group[0]
    if (first.point or first.item) and (first.clause is not None or first.step is not None):
        return Segment(first.unit, "", first.clause, None, first.step).label
    return Segment(first.unit, "").label


def whole_list(group: list[Segment], per_clause: bool) -> list[Segment]:
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


def referred_line(segment: Segment, article: int, clause: int, point: str | None) -> str:
    """The line of the segment's own document a provision refers to (see ``evidence.referred_text``)."""
    return referred_text(segment.unit.doc, segment.unit.day, article, clause, point)


_REFERENCE = re.compile(r"\bquy định tại (?:điểm ([a-zđ])(?: và điểm [a-zđ])? )?khoản (\d+) Điều (\d+) của "
                        r"(?:Luật|Nghị định|Thông tư) này")
REFERENCE_HOPS = 2  # 'điểm a khoản 1 Điều 24' -> 'các trường hợp quy định tại khoản 1 Điều 21' -> the ages


def referred_lines(segment: Segment) -> list[str]:
    """What the provisions a sentence refers to say, followed through a reference that itself refers on ('cấp đổi
    … theo quy định tại điểm a … khoản 1 Điều 24' -> '… khoản 1 Điều 21' -> '… khi đủ 14 tuổi, 25 tuổi, 40 tuổi và
    60 tuổi'), nearest first; empty when it refers to nothing the corpus holds."""
    said: list[str] = []
    text = segment.text
    for _ in range(REFERENCE_HOPS):
        match = _REFERENCE.search(text)
        line = referred_line(segment, int(match.group(3)), int(match.group(2)), match.group(1)) if match else ""
        if not line:
            break
        said.append(line)
        text = line
    return said


def _spelled_out(item: str, segment: Segment) -> str:
    """An item that is only a reference ('Các trường hợp quy định tại khoản 1 Điều 21 của Luật này') with what it
    refers to, from the same document: a list of cases must say the cases."""
    match = _ONLY_A_REFERENCE.match(item.strip())
    if match is None:
        return item
    said = referred_line(segment, int(match.group(3)), int(match.group(2)), match.group(1)).rstrip(" .;:")
    if not said or said.endswith(":") or len(said.split()) > SPELLED_REFERENCE_WORDS:
        return item
    return f"{item}, tức: {lower_first(said)}"


def numbered_entries(listed: list[Segment], per_clause: bool) -> str:
    return "; ".join(f"({i}) {lower_first(_spelled_out(X.item_text(s, per_clause), s))}"
                     for i, s in enumerate(listed, start=1))


def list_sentence(group: list[Segment], plain: str, per_clause: bool = False) -> Written | None:
    group = whole_list(group, per_clause)
    listed = X.items(group, per_clause)
    if len(listed) < 2 or any(not X.item_text(s, per_clause).strip(" .;:…") for s in listed):
        return None  # a khoản the corpus holds only as '…' would be an empty item
    noun = _noun(plain)
    around = " ".join((listed[0].lead, listed[0].heading, listed[0].title)).lower()
    if not headed_by(noun, around) and noun not in ("nơi", "bước"):
        noun = "nơi" if listed[0].title.lower().startswith("nơi ") else "nội dung"
    label = list_label(listed)
    entries = numbered_entries(listed, per_clause)
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
        return Written(with_full_stop(f"{capitalised(intro)} ({label}): {entries}"), tuple(listed))
    body = X.title_body(first.title)
    if body and re.match(r"^(trách nhiệm|nhiệm vụ)\b", first.title, re.I):
        noun = "trách nhiệm" if first.title.lower().startswith("trách nhiệm") else "nhiệm vụ"
        return Written(with_full_stop(f"{capitalised(body)} có {len(listed)} {noun} ({label}): {entries}"), tuple(listed))
    # an article the corpus holds only through its amendment has no heading to name it by: its label does
    named = f"{capitalised(first.title)} gồm {len(listed)} {noun} ({label})" if first.title else \
        f"{capitalised(label)} gồm {len(listed)} {noun}"
    return Written(with_full_stop(f"{named}: {entries}"), tuple(listed))


def list_of(anchor: Segment, segments: list[Segment], plain: str = "") -> Written | None:
    return list_sentence(_group_of(anchor, segments), plain)


def best_list(part: Part, segments: list[Segment], words: list[str], context: list[str], plain: str,
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
        named = noun != "nội dung" and any(headed_by(n, head.lower()) for n in _NOUN_SYNONYMS.get(noun, (noun,)))
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
    top = rank_sentences(words, context, segments)
    member = max(X.overlap(words, s) + 0.5 * X.overlap(context, s) for s in best[1])
    if top and member < 0.75 * top[0].score and top[0].segment not in best[1] and id(best[1]) not in naming:
        return None  # one sentence elsewhere answers better than any list
    written = list_sentence(best[1], plain, best[2])
    if written is None or best[2]:
        return written
    pieces = [(best[1][0].clause or 0, written)]
    for group in _companion_lists(best[1], context):
        more = list_sentence(group, plain)
        if more is not None:
            pieces.append((group[0].clause or 0, more))
    if len(pieces) == 1:
        return written
    pieces.sort(key=lambda p: p[0])  # in the article's order
    return Written(" ".join(w.text for _, w in pieces if w.text), tuple(s for _, w in pieces for s in w.used))


# 'Những …', 'Các …', '… nguyên tắc nào' ('… được hiểu thế nào' asks how, not which ones)
ASKS_MANY = re.compile(r"^(nhung|cac)\b|\b(?!the\b)[a-z]+ (nao|gi)\s*$")


HEADING_ASKED = 0.75  # share of an article heading's words a list question uses to ask for the article's list


_ASKING_WORDS = {"những", "gì", "nào", "là", "các", "bao", "gồm", "khi", "đối", "với", "theo", "được", "sẽ", "thì", "có",
                 "việc", "quy", "định", "như", "thế", "hiện", "thực", "trong", "của", "về", "và", "ra", "sao", "nội", "dung"}


def titled_list(asked: str, segments: list[Segment], plain: str) -> Written | None:
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
        return list_sentence(whole, plain, per_clause=True)
    naming = {s.clause for s in whole if re.search(rf"\b{re.escape(phrase)}\b", s.text.lower())}
    if not 2 <= len(naming) < len({s.clause for s in whole}):
        return None
    listed = X.items([s for s in whole if s.clause in naming], True)
    if len(listed) < 2:
        return None
    return Written(with_full_stop(f"{capitalised(unit.article.title.strip('[] '))} liên quan đến {phrase} gồm {len(listed)} {_noun(plain)} "
                        f"({list_label(listed)}): {numbered_entries(listed, True)}"), tuple(listed))


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


def with_unheld_list(part: Part, found: Written | None, segments: list[Segment]) -> Written | None:
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


_DEFINITION_ASKED = re.compile(r"\b(la gi|duoc hieu|nghia la|dinh nghia|khai niem|la cai gi|hieu)\b")
_QUOTED_TERM = re.compile(r"[\"“'‘]([^\"”'’]{2,80})[\"”'’]")


def _asked_term(plain: str) -> list[str]:
    """The words of the term asked: the term the question quotes ('"bên thứ ba" … được hiểu là ai?'), else the words
    of the asking sentence before 'là gì', 'được hiểu' …"""
    quoted = _QUOTED_TERM.findall(plain)
    if quoted:
        return content_words(quoted[-1])
    asking = re.split(r"[.:]\s+", plain)[-1]
    return content_words(_DEFINITION_ASKED.split(asking)[0]) or content_words(_DEFINITION_ASKED.split(plain)[0])


def _defining(term_words: list[str], segments: Sequence[Segment]) -> Segment | None:
    """The sentence that defines exactly the term asked ('Bên thứ ba là …'), in the evidence or in a 'Giải thích từ
    ngữ' article of the same documents (the evidence may hold the neighbouring term)."""
    def defines(segment: Segment) -> bool:
        term = X.defined_term(segment.text)
        return term is not None and set(content_words(term)) == set(term_words)

    found = next((s for s in segments if defines(s)), None)
    if found is not None or not term_words:
        return found
    for unit in {s.unit.doc.so_hieu: s.unit for s in segments}.values():
        for held in unit.doc.articles:
            if "giai thich tu ngu" in plain_text(held.title).lower() and \
                    (found := next((s for s in article_segments(unit, held.number) if defines(s)), None)):
                return found
    return None


def definition(part: Part, segments: list[Segment], words: list[str], context: list[str], plain: str) -> Written | None:
    term_words = _asked_term(part.text)
    if (exact := _defining(term_words, segments)) is not None:
        return Written(with_full_stop(stated_with_label(exact)), (exact,))
    ranked = rank_sentences(term_words or words, context, segments, lambda s: X.defined_term(s.text) is not None)
    if not ranked or ranked[0].score <= 0:
        return None
    segment = ranked[0].segment
    term = X.defined_term(segment.text) or ""
    if term_words and not set(term_words) & set(content_words(term)):
        return None
    if segment.text.rstrip().endswith(":"):
        group = [s for s in segments if s.article_key == segment.article_key and s.clause == segment.clause
                 and (s.point or s.item)]
        listed = list_sentence(group, plain)
        if listed is not None:
            return listed
    return Written(with_full_stop(stated_with_label(segment)), (segment,))


def statement_of(segments: list[Segment], words: list[str], context: list[str], plain: str) -> Written | None:
    """The best-matching sentence (with the sentences of its khoản that match nearly as well), or the list it
    introduces."""
    ranked = rank_sentences(words, context, segments)
    if not ranked:
        return None
    segment = ranked[0].segment
    if segment.text.rstrip().endswith(":") or (segment.point or segment.item):
        listed = list_of(segment if (segment.point or segment.item) else first_item(segment, segments) or segment,
                          segments, plain)
        if listed is not None:
            return listed
    used = [s for s in siblings(ranked[0], ranked, 3, 0.75)
            if s is segment or not (s.text.rstrip().endswith(":") or X.is_heading_like(s))] or [segment]
    whole = [s for s in segments if (s.article_key, s.clause, s.point, s.step, s.item) ==
             (segment.article_key, segment.clause, segment.point, segment.step, segment.item)
             and not (s.text.rstrip().endswith(":") or X.is_heading_like(s)) and s.text.rstrip()[-1:] in ".;!?"]
    if segment.clause is not None and len(used) < len(whole) <= WHOLE_KHOAN_SENTENCES:
        used = whole  # a short khoản is said whole: its last sentence often carries the rest of the rule
    if len(used) == 1:
        return Written(with_full_stop(stated_with_label(segment)), (segment,))
    joined = capitalised(said_in_turn(used))
    return Written(with_full_stop(f"{joined} ({list_label(used) if len({s.point for s in used}) > 1 else used[0].label})"), tuple(used))


def first_item(lead: Segment, segments: list[Segment]) -> Segment | None:
    return next((s for s in segments if s.index > lead.index and (s.point or s.item) and s.article_key == lead.article_key
                 and s.clause == lead.clause and s.step == lead.step), None)


NEAREST_LIST_ITEMS = 2  # 'quy định gần nhất' is one sentence, not a whole list the question did not ask for
# A body named in the sentence itself: a "who / which bodies" question is then answered by it, not called unanswered
# ('… được triển khai đến Công an tỉnh, …, Công an xã …' for 'triển khai đến những cấp, đơn vị nào?')
_NAMED_AGENCY = re.compile(r"\b(?:Bộ|Cục|Công an|Chính phủ|Thủ tướng|Ủy ban nhân dân|Thủ trưởng|Giám đốc|Cục trưởng)\s+\w")


def missing(kind: str, segments: list[Segment], words: list[str], context: list[str], plain: str) -> Written | None:
    nearest = statement_of(segments, words, context, plain)
    if nearest is None or not nearest.text:
        return None
    if len(nearest.used) > NEAREST_LIST_ITEMS:
        best = rank_sentences(words, context, nearest.used)[0].segment
        nearest = Written(with_full_stop(stated_with_label(best)), (best,))
    if kind == "who" and len(nearest.used) == 1 and _NAMED_AGENCY.search(nearest.used[0].text):
        said = nearest.used[0]
        return Written(f"Theo {said.label}: {with_full_stop(sentence_of(said))}", nearest.used)
    return Written(f"{MISSING[kind]}; quy định gần nhất: {lower_first(nearest.text)}",
                   nearest.used)
