"""Whether a piece of information is among those a provision lists: 'chip trên thẻ có lưu số điện thoại không?',
'chữ ký tay có thuộc thông tin sinh trắc học không?'. The list is read whole — its điểm, a 'gồm …' sentence, or an
article titled 'Thông tin …' — with the provisions it refers to spelled out ('các thông tin quy định từ khoản 1 đến
khoản 18 Điều 9'); 'Có' when one of its entries names the thing asked, 'Không' when none does, said with the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from bot.evidence import Unit, article_segments
from bot.extract import Segment, segments as segments_of
from bot.wording import Written, accented, capitalised, lower_first, with_full_stop, with_lead
from core.text import plain_text
from core.versions import article_as_of

_STORE = r"(?:luu tru|luu|ma hoa|in|ghi nhan|ghi|tich hop|the hien|chua)"
# '<the container> có lưu (cả) <the thing> không': the verb of keeping information, then the thing asked
_HAS_ASKED = re.compile(rf"^(?P<container>.+?)\s+co\s+(?:duoc\s+|phai\s+|bat buoc(?:\s+phai)?\s+|can\s+)?"
                        rf"(?P<verb>{_STORE}|neu|ghi ro|ke khai)\s+(?:(?:lai|ca|luon|them|san)\s+)?"
                        r"(?P<item>.+?)\s+(?:nua\s+)?(?:khong|ko|hong|hay|ha|chu|that khong)\b")
# '<the thing> có thuộc (loại) thông tin … không': only lists of information, not groups of people or cases
# … or of acts a definition gives as examples ('việc chỉ lưu trữ … có bị tính là xử lý dữ liệu cá nhân không')
_BELONGS_ASKED = re.compile(r"(?P<item>(?:\S+\s+){1,8}?)co\s+(?:thuoc|nam trong|la mot trong|(?:duoc|bi) (?:coi|xem|tinh) la)"
                            r"\s+(?:loai\s+|nhom\s+)?(?P<container>(?:thong tin|du lieu|xu ly du lieu)\s.+?)\s+(?:khong|ko|hay)\b")
# '<the thing> thuộc loại dữ liệu cá nhân cơ bản hay (dữ liệu cá nhân) nhạy cảm': which of two lists names it
_WHICH_ASKED = re.compile(r"(?P<item>(?:\S+\s+){1,8}?)(?:thuoc loai|thuoc|la loai|la|(?:duoc\s+)?xep vao(?:\s+loai)?)\s+"
                          r"(?P<container>(?:thong tin|du lieu)"
                          r"[^,?]*?)\s+hay\s+(?P<other>(?:la\s+)?[^,?]+?)\s*\??$")
# '<the thing> được xếp vào loại dữ liệu cá nhân nào': which of the kinds of a list names it
_WHICH_NAMED = re.compile(r"(?P<item>(?:\S+\s+){1,8}?)(?:(?:duoc\s+)?xep vao|thuoc|la)\s+(?:loai|nhom)\s+"
                          r"(?P<container>(?:thong tin|du lieu)[^,?]*?)\s+nao\b")
KIND_EXTRA_SYLLABLES = 2  # a kind of 'dữ liệu cá nhân' is named by it and a word more ('cơ bản', 'nhạy cảm')
# 'người hưởng án treo như tôi có thuộc trường hợp bị giữ thẻ căn cước không?': a person's status among the cases a
# khoản lists — only a person ('người …'), never a body, whose kind ('viện kiểm sát' is a state body) a list of
# kinds may hold without naming it
_CASES = re.compile(r"(?:cac\s+)?(?:truong hop|dien|doi tuong)\b")  # a list of cases, not of information
_CASE_ASKED = re.compile(rf"(?P<item>\bnguoi\s(?:\S+\s+){{1,10}}?)(?:co\s+)?(?:thuoc|nam trong|la)\s+"
                         rf"(?P<container>{_CASES.pattern}\s.+?)\s+(?:khong|ko|hay)\b")
# '… không bao gồm thông tin về nhóm máu': an entry that names the thing to leave it out
_LEFT_OUT = re.compile(r"\b(?:khong bao gom|tru)\b")
# words that say whose or which, not what ('chữ ký tay của tôi', 'số điện thoại mới'), and the time and document a
# story is told under ('theo Nghị định 13 lúc đó, …')
_NOT_THING = {"cua", "toi", "minh", "em", "ba", "ong", "me", "bo", "nguoi", "do", "nay", "moi", "cu", "that", "ca",
              "luon", "thong", "tin", "ve", "tren", "trong", "cac", "nhung", "la", "nua", "va", "vay", "hay", "thi",
              "may", "ket", "qua", "ay", "kia", "nhu",
              "theo", "luc", "ap", "dung", "nghi", "dinh", "nd", "luat", "khi", "neu", "viec", "chi"}
# everyday names of listed information and the law's words for them
_SYNONYMS = {"csdl": "co so du lieu", "so dien thoai": "so thue bao di dong", "dien thoai": "thue bao di dong",
             "email": "thu dien tu", "hon nhan": "tinh trang hon nhan", "chip": "bo phan luu tru", "mat the": "in tren the",
             "que": "que quan", "gen": "di truyen", "adn": "di truyen"}
_CATCH_ALL = re.compile(r"\b(?:thông tin|giấy tờ) khác\b", re.I)
_GOM = re.compile(r"\s(?:bao gồm|gồm)\s")
_NAME_END = re.compile(r"\s(?:là|bao gồm|gồm)(?:\s|:|$)")  # what a list is of: 'Dữ liệu cá nhân nhạy cảm là … gồm:' names it first
_REFERENCE = re.compile(r"(?:các )?(?:thông tin )?(?:quy định )?(?:tại |từ )?((?:khoản \d+)(?:(?:,| và| đến) khoản \d+)*) "
                        r"Điều (\d+)(?: của (?:Luật|Nghị định|Thông tư) này)?")
_ENTRY_SPLIT = re.compile(r",\s*|;\s*|\s+và\s+")
_BY_EXAMPLES = re.compile(r"^(?P<name>[^,:;]{3,80}?) là [^:]*?,? như:\s*(?P<items>.+)$")  # a definition by its examples
MIN_NAME_WORDS = 2  # the container asked must share this many words with the list's name …
# … beyond those every list of information has ('cơ sở dữ liệu căn cước' is not 'cơ sở dữ liệu quốc gia về dân cư')
_GENERIC = {"co", "so", "du", "lieu", "thong", "tin", "trong", "duoc", "gom", "bao", "cac", "quy", "dinh", "sau", "day"}
NAME_COVERAGE = 0.6  # … and most of the words its name opens with ('người làm công tác quản lý căn cước' is not
OPENING_WORDS = 6    # asked by '… căn cước … làm thẻ')
HEAD_WORDS = 4  # a list's name opens with what it lists ('Văn bản đề nghị kết nối … bao gồm'), which counts twice
UNASKED_WEIGHT = 0.5  # a word of a list's name the question does not say counts against it this much
NAMED_AGAIN = 3  # a list longer than this names again the entries asked
LONG_LIST = 8  # a list of this many lines is not restated to say 'yes': the entries asked are


@dataclass(frozen=True)
class Entry:
    text: str  # one thing listed, as the law says it
    segment: Segment  # the sentence that says it (to cite)


@dataclass(frozen=True)
class Listing:
    name: str  # what is listed ('Thông tin được in trên thẻ căn cước')
    statement: str  # the list as the law says it, with its citation
    said_by: tuple[Segment, ...]  # the sentences that say it
    entries: tuple[Entry, ...]
    titled: bool = False  # an article titled 'Thông tin …' whose khoản are the entries


def _things(item: str) -> list[str]:
    """The things a question names ('nhóm máu, tôn giáo với số điện thoại của mình' -> three)."""
    item = item.rsplit(":", 1)[-1]  # 'tôi thắc mắc: chữ ký tay …'
    return [t for t in (_thing(p) for p in re.split(r",\s*|\s+(?:va|voi)\s+", item)) if t]


def asked_membership(asking: str) -> tuple[list[str], str] | None:
    """(the things asked about, the container's words) from the asking sentence, diacritics stripped; None when it
    asks no such thing."""
    found = _HAS_ASKED.search(asking)
    if found is not None:
        container = f"{found.group('container')} {found.group('verb')}"
    else:
        found = _BELONGS_ASKED.search(asking) or _CASE_ASKED.search(asking)
        if found is None:
            return None
        container = found.group("container")
    things = _things(found.group("item"))
    return (things, container) if things else None


def _thing(phrase: str) -> str:
    words = re.sub(r"\bnoi dung\b", " ", phrase).split()  # 'các nội dung đó' names nothing
    if "cua" in words:
        words = words[:words.index("cua")]
    return " ".join(w for w in words if w not in _NOT_THING and not re.fullmatch(r"[\d/.-]+", w))


def _words(text: str) -> set[str]:
    plain = plain_text(text).lower()
    for everyday, law in _SYNONYMS.items():
        if re.search(rf"\b{everyday}\b", plain):
            plain = f"{plain} {law}"
    return set(re.findall(r"\w+", plain))


def _forms(thing: str) -> list[str]:
    """The thing as asked and in the law's words ('số điện thoại' -> 'số thuê bao di động')."""
    return [thing] + [re.sub(rf"\b{everyday}\b", law, thing) for everyday, law in _SYNONYMS.items()
                      if re.search(rf"\b{everyday}\b", thing)]


def _words_in_order(text: str) -> list[str]:
    return re.findall(r"\w+", plain_text(text).lower())


def _names(thing: str, entry: str) -> bool:
    """Whether an entry names the thing: all its words, or the law's words for it."""
    said = set(re.findall(r"\w+", plain_text(entry).lower()))
    return any(set(f.split()) <= said for f in _forms(thing))


def _leaves_out(thing: str, entry: str) -> bool:
    """Whether the entry names the thing only to leave it out ('…, không bao gồm thông tin về nhóm máu')."""
    plain = plain_text(entry).lower()
    cut = _LEFT_OUT.search(plain)
    return cut is not None and any(set(f.split()) <= set(re.findall(r"\w+", plain[cut.end():])) for f in _forms(thing))


def _referred(unit: Unit, article: int, clauses: list[int] | None = None) -> list[Entry]:
    """The entries of the same document's provisions a list refers to: each khoản's first line, or the article's
    numbered item ('(21) Tình trạng hôn nhân.'); every one of the article's when ``clauses`` is None."""
    whole = article_segments(unit, article)
    if clauses is None:
        clauses = sorted({s.clause for s in whole if s.clause} | {s.item for s in whole if s.clause is None and s.item})
    out: list[Entry] = []
    for n in clauses:
        said = next((s for s in whole if s.clause == n and s.point is None), None) or \
            next((s for s in whole if s.clause is None and s.item == n), None)
        if said is not None:
            out.append(Entry(said.text, said))
    return out


def _clause_numbers(spelled: str) -> list[int]:
    """'khoản 1 đến khoản 18, khoản 24 và khoản 25' -> 1…18, 24, 25."""
    out: list[int] = []
    for first, last in re.findall(r"khoản (\d+)(?: đến khoản (\d+))?", spelled):
        out += list(range(int(first), int(last or first) + 1))
    return out


def _entries(text: str, segment: Segment) -> list[Entry]:
    """What a 'gồm …' sentence lists, the provisions it refers to spelled out."""
    out = [e for ref in _REFERENCE.finditer(text)
           for e in _referred(segment.unit, int(ref.group(2)), _clause_numbers(ref.group(1)))]
    pieces = (p.strip(" .;:") for p in _ENTRY_SPLIT.split(_REFERENCE.sub(" ", text)))
    return out + [Entry(p, segment) for p in pieces if p and p not in ("các", "các thông tin")]


def listings(segments: Sequence[Segment]) -> list[Listing]:
    """Every list in the documents of the evidence, read whole: the list asked about may sit in an article the
    evidence did not hold ('Cơ sở dữ liệu căn cước có lưu …' when only Điều 9 was retrieved)."""
    out: list[Listing] = []
    docs = {s.unit.doc.so_hieu: s.unit for s in segments}
    for unit in docs.values():
        for held in unit.doc.articles:
            article = article_as_of(unit.doc, held.number, unit.day)
            if article is not None:
                out += _article_listings(Unit(unit.doc, article, day=unit.day))
    return out


def _article_listings(unit: Unit) -> list[Listing]:
    """An article's lists: a lead-in with its điểm, a 'gồm …' sentence, and the article itself when its title
    says it lists information ('Thông tin trong Cơ sở dữ liệu căn cước')."""
    out: list[Listing] = []
    whole = segments_of([unit])
    for s in whole:
        if s.text.rstrip().endswith(":") and s.point is None and s.item is None:
            points = [p for p in whole if p.lead == s.text and p.clause == s.clause and p.step == s.step
                      and (p.point or p.item)]
            if points:
                name = _NAME_END.split(s.text, 1)[0].strip(" :")
                listed = "; ".join(f"{p.point}) {p.text.rstrip(' .;')}" if p.point else f"({p.item}) {p.text.rstrip(' .;')}"
                                   for p in points)
                out.append(Listing(name, f"theo {s.label}: {lower_first(s.text)} {listed}", (s, *points),
                                   tuple(e for p in points for e in [Entry(p.text, p)] + _entries(p.text, p))))
        elif (defined := _BY_EXAMPLES.match(s.text)) is not None:  # 'Xử lý dữ liệu cá nhân là …, như: thu thập, …'
            out.append(Listing(defined.group("name"), f"theo {s.label}: {lower_first(s.text.rstrip(' .'))}", (s,),
                               tuple(Entry(p.strip(" ."), s) for p in _ENTRY_SPLIT.split(defined.group("items")) if p.strip(" ."))))
        elif _GOM.search(s.text) and not s.text.rstrip().endswith(":"):
            name, listed = _NAME_END.split(s.text, 1)[0], _GOM.split(s.text, 1)[1]
            out.append(Listing(name, f"theo {s.label}: {lower_first(s.text.rstrip(' .'))}", (s,), tuple(_entries(listed, s))))
    if plain_text(unit.article.title).lower().strip("[] ").startswith("thong tin"):
        # 'Điều 15. Thông tin trong Cơ sở dữ liệu căn cước': each khoản (or numbered item) is one kind
        firsts: list[Segment] = []
        for s in whole:
            if (s.clause is not None and s.point is None and all(f.clause != s.clause for f in firsts)) or \
                    (s.clause is None and s.item):
                firsts.append(s)
        entries = [e for s in firsts for e in [Entry(s.text, s)] + _entries(s.text, s)]
        if firsts:
            title = unit.article.title.strip("[] ")
            listed = "; ".join(f"({s.clause or s.item}) {lower_first(s.text.rstrip(' .;'))}" for s in firsts)
            out.append(Listing(title, f"theo Điều {unit.article.number} {unit.doc.short_title}, "
                                      f"{lower_first(title)} gồm: {listed}", tuple(firsts), tuple(entries), True))
    return out


def _cited(entry: Entry) -> str:
    """'khoản 21 Điều 9 Luật Căn cước 2023' for a numbered item of an article, 'mục (4) Bước 1 …' for one of a Bước,
    else the sentence's own label."""
    s = entry.segment
    if s.clause is None and s.item:  # an item of a Bước is 'mục (4) Bước 1 …'; of an article, its khoản
        return f"mục ({s.item}) {s.label}" if s.step is not None else f"khoản {s.item} {s.label}"
    return s.label


def _quoted(entry: Entry) -> str:
    """'“Nhóm máu” (khoản 12 Điều 9 Luật Căn cước 2023)': an entry as the law says it, with where it stands."""
    return f"“{entry.text.rstrip(' .;')}” ({_cited(entry)})"


def _pick(found: list[Listing], wanted: set[str]) -> Listing | None:
    """The list the question names: its name's own words asked, less those not asked ('cơ sở dữ liệu căn cước' is
    Điều 15's title, not the chip's 'bộ phận lưu trữ trên thẻ căn cước'); a sentence's list before an article's on a
    tie ('thông tin sinh trắc học …' is khoản 3 of Điều 15); None when two lists fit alike."""
    def fit(listing: Listing) -> tuple[float, bool]:
        name = _words(listing.name) - _GENERIC - _NOT_THING
        matched = len(wanted & name)
        head = len(wanted & set(plain_text(listing.name).lower().split()[:HEAD_WORDS]))  # what the list is of, named first
        opening = list(dict.fromkeys(w for w in _words_in_order(listing.name)
                                     if w not in _GENERIC and w not in _NOT_THING))[:OPENING_WORDS]
        named = matched >= MIN_NAME_WORDS and len(wanted & set(opening)) >= NAME_COVERAGE * len(opening)
        return (matched + head - UNASKED_WEIGHT * len(name - wanted) if named else -1.0, not listing.titled)

    scored = sorted(((fit(l), l) for l in found), key=lambda t: t[0], reverse=True)
    if not scored or scored[0][0][0] < MIN_NAME_WORDS:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1].name != scored[0][1].name:
        return None
    return scored[0][1]


def _elsewhere(thing: str, listing: Listing) -> Entry | None:
    """Where the thing is listed in an article the list refers to but outside what it takes ('tình trạng hôn nhân'
    is khoản 21 of Điều 9; the chip holds khoản 1 to 18)."""
    for said in listing.said_by:
        for ref in _REFERENCE.finditer(said.text):
            for entry in _referred(said.unit, int(ref.group(2))):
                if _names(thing, entry.text):
                    return entry
    return None


def _of_species(things: list[str], container: str, every: list[Listing]) -> Written | None:
    """'Biển số xe có được coi là dữ liệu cá nhân không?' where the law lists kinds of it ('Dữ liệu cá nhân cơ bản
    bao gồm …', 'Dữ liệu cá nhân nhạy cảm là … gồm …'): 'Có' when each thing is in one of the kinds, with the kind."""
    genus = " ".join(w for w in container.split() if w not in ("khong", "ko"))
    kinds = [l for l in every if not l.titled and plain_text(l.name).lower().startswith(f"{genus} ")]
    if len(kinds) < 2:
        return None
    said: list[tuple[Listing, Entry]] = []
    for thing in things:
        found = next(((l, e) for l in kinds for e in l.entries if _names(thing, e.text) and not _leaves_out(thing, e.text)), None)
        if found is None:
            return None
        said.append(found)
    said = list(dict.fromkeys(said))
    return Written("Có. " + "; ".join(f"Theo {_cited(e)}, {lower_first(l.name)} gồm: {lower_first(e.text.rstrip(' .;'))}"
                                      for l, e in said) + ".", tuple(e.segment for _, e in said))


# 'có bị tính là xử lý không?' after the asker quoted 'xử lý dữ liệu cá nhân': the short name of the quoted term
_COUNTED_AS = re.compile(r"\b(?:coi|xem|tinh|goi) la (?P<short>[a-z]+(?: [a-z]+)?) (?=khong|ko|hay)")


def with_quoted_term(asking: str, question: str) -> str:
    """The asking sentence with a short name ('xử lý') said in full as the question quotes it earlier ('xử lý dữ
    liệu cá nhân'); unchanged when nothing quoted starts with it."""
    short = _COUNTED_AS.search(asking)
    if short is None:
        return asking
    quoted = [q.strip() for q in re.findall(r"[\"'“‘]([^\"'”’“‘]{3,60})[\"'”’]", question)]
    full = next((q for q in quoted if q.startswith(short.group("short") + " ")), None)
    return asking[:short.start("short")] + full + asking[short.end("short"):] if full else asking


def membership(asking: str, segments: Sequence[Segment], written: str) -> Written | None:
    """'Có' / 'Không' to whether the listed information includes what the asking sentence names, with the list;
    ``written``: the question as typed or restored, to name the things asked with their diacritics."""
    asked = asked_membership(asking)
    if asked is None:
        return None
    things, container = asked
    every = listings(segments)
    listing = _pick(every, _words(container) - _NOT_THING)
    if listing is None:
        return _of_species(things, container, every)
    named = {t: next((e for e in listing.entries if _names(t, e.text)), None) for t in things}
    left_out = [e for t, e in named.items() if e is not None and _leaves_out(t, e.text)]
    if left_out:
        return Written(f"Không. Theo {_cited(left_out[0])}: {lower_first(with_full_stop(with_lead(left_out[0].segment)))}",
                       (left_out[0].segment,)) if len(left_out) == len(things) else None
    stated = with_full_stop(listing.statement)
    if all(named.values()):
        if len(listing.said_by) >= LONG_LIST:
            where = "; ".join(_quoted(e) for e in dict.fromkeys(named.values()))
            return Written(f"Có. {capitalised(listing.name)} gồm cả {where}.",
                           tuple(dict.fromkeys(e.segment for e in named.values())))
        beyond = list(dict.fromkeys(e for e in named.values() if e.segment not in listing.said_by))
        # the entries asked are named again when the list is long or they come from a provision it refers to
        shown = beyond if beyond or len(listing.entries) <= NAMED_AGAIN else list(dict.fromkeys(named.values()))
        where = "; ".join(_quoted(e) for e in shown)
        used = tuple(dict.fromkeys([*listing.said_by, *(e.segment for e in beyond)]))
        return Written(f"Có, {stated.rstrip('.')}; trong đó có {where}." if where else f"Có, {stated}", used)
    if any(named.values()) or any(_CATCH_ALL.search(e.text) for e in listing.entries if e.segment in listing.said_by):
        return None  # some named and some not, or an open list ('thông tin khác theo quy định của Chính phủ')
    missing = ", ".join(f"“{accented(written, t.split())}”" for t in things)
    kind = "trường hợp" if _CASES.match(container) else "thông tin"
    text = f"Không, {stated.rstrip('.')}; {missing} không thuộc các {kind} này"
    found = [(t, e) for t in things if (e := _elsewhere(t, listing)) is not None]
    used = listing.said_by + tuple(e.segment for _, e in found)
    where = "; ".join(f"“{e.text.rstrip(' .;')}” là {_cited(e)}" for _, e in found)
    return Written(f"{text} ({where}, ngoài các khoản được dẫn)." if where else f"{text}.", used)


SHARED_WORDS = 0.5  # share of the thing's own words an entry must say for the thing to be of its kind


def _of_kind(things: list[str], entry: Entry) -> bool:
    """Whether the entry speaks of the things ('thông tin ngân hàng' -> 'Thông tin khách hàng của tổ chức tín dụng,
    chi nhánh ngân hàng nước ngoài …'), not only to leave them out."""
    said = set(re.findall(r"\w+", plain_text(entry.text).lower()))
    for thing in things:
        if _leaves_out(thing, entry.text):
            return False
        if not any(len(set(f.split()) & said) >= max(1.0, SHARED_WORDS * len(f.split())) for f in _forms(thing)):
            return False
    return True


def _speaking(kinds: Sequence[Listing], things: list[str]) -> list[tuple[Listing, Entry]]:
    """Each list among ``kinds`` with its first entry that speaks of the things."""
    found = ((listing, next((e for e in listing.entries if _of_kind(things, e)), None)) for listing in kinds)
    return [(listing, entry) for listing, entry in found if entry is not None]


def _filed_under(listing: Listing, entry: Entry) -> Written:
    return Written(f"Thuộc {lower_first(listing.name)}. Theo {_cited(entry)}: "
                   f"{lower_first(with_full_stop(with_lead(entry.segment)))}", (entry.segment,))


def _kind_named(asking: str, segments: Sequence[Segment]) -> Written | None:
    """'… nguồn gốc dân tộc được xếp vào loại dữ liệu cá nhân nào?': of the lists whose name is the kind asked with a
    word or two more ('dữ liệu cá nhân cơ bản', '… nhạy cảm'), the one that speaks of the thing, with its entry."""
    found = _WHICH_NAMED.search(asking)
    things = _things(found.group("item")) if found else []
    if not things:
        return None
    kind = found.group("container").split()
    kinds = [l for l in listings(segments) if (named := _words_in_order(l.name))[:len(kind)] == kind
             and len(kind) < len(named) <= len(kind) + KIND_EXTRA_SYLLABLES]
    speaking = _speaking(kinds, things)
    if len({plain_text(l.name).lower() for l, _ in speaking}) != 1:
        return None
    return _filed_under(*speaking[0])


def which_list(asking: str, segments: Sequence[Segment]) -> Written | None:
    """'… thuộc loại dữ liệu cá nhân cơ bản hay nhạy cảm?': the one of the two lists that speaks of the thing, with
    its entry; None unless exactly one does. '… xếp vào loại dữ liệu cá nhân nào?': the same among the kinds the
    sources list."""
    found = _WHICH_ASKED.search(asking)
    if found is None:
        return _kind_named(asking, segments)
    first, other = found.group("container").split(), found.group("other").split()
    if other[:1] == ["la"]:
        other = other[1:]
    if other[:2] not in (["thong", "tin"], ["du", "lieu"]):  # 'dữ liệu cá nhân cơ bản hay nhạy cảm'
        other = first[:max(len(first) - len(other), 0)] + other
    things = _things(found.group("item"))
    every = listings(segments)
    picked = [_pick(every, _words(" ".join(words)) - _NOT_THING) for words in (first, other)]
    if not things or any(listing is None for listing in picked) or picked[0] is picked[1]:
        return None
    speaking = _speaking(picked, things)
    return _filed_under(*speaking[0]) if len(speaking) == 1 else None


# 'Trường hợp của cháu có thuộc diện bị giữ thẻ căn cước không?', 'Thẻ căn cước của cháu có thuộc trường hợp bị giữ
# không?', 'Luật … có quy định giữ thẻ căn cước trong trường hợp của tôi không?': the asker's case is the story told
# before, not a name in the asking sentence
_ASKER_WORDS = ("toi", "minh", "em", "chau", "con", "ba", "ong", "me", "bo", "anh", "chi")
_ASKER = r"(?:con (?:toi|minh)|" + "|".join(_ASKER_WORDS) + ")"
_STORY_CASE_ASKED = re.compile(
    rf"(?:^|\b)(?P<subject>(?:truong hop (?:cua )?{_ASKER}|(?:the can cuoc|the|can cuoc) cua {_ASKER}|{_ASKER}))\s+"
    rf"(?:co\s+)?(?:thuoc|nam trong|roi vao)\s+(?P<container>{_CASES.pattern}\s.+?)\s+(?:khong|ko|hay)\b"
    rf"|\bco quy dinh (?P<act>.+?) (?:trong|doi voi|cho) truong hop (?:cua )?{_ASKER} (?:khong|ko)\b")
_PERSONS = set(_ASKER_WORDS) | {"truong", "hop", "cua"}
CASE_PAIRS = 0.6  # share of a listed case's word pairs a story must tell for the case to be maybe the asker's


def _pairs(text: str) -> set[tuple[str, str]]:
    words = [w for w in re.findall(r"\w+", plain_text(text).lower()) if w not in ("nguoi", "dang", "bi", "duoc")]
    return set(zip(words, words[1:]))


def _cases(entry: str) -> list[str]:
    """'Người đang bị tạm giữ, tạm giam, chấp hành án phạt tù' -> the cases it names, one by one."""
    return [p for p in (p.strip(" .;") for p in re.split(r",\s*|;\s*|\s+(?:và|hoặc)\s+", entry)) if p]


def story_case(plain: str, segments: Sequence[Segment]) -> Written | None:
    """'Không' when the case the asker told (a 'biện pháp giáo dục tại xã') is none of the cases a closed list names
    ('Thẻ căn cước bị giữ trong trường hợp sau đây: a) …; b) …'); None when the story may tell one of them (it tells
    most of a case's words in their order) or when the list is open or not found: the reading of the story is left to
    the other readers then."""
    asking = plain.rsplit(". ", 1)[-1]
    found = _STORY_CASE_ASKED.search(asking)
    if found is None or asking == plain or found.group(0).endswith("hay"):
        return None  # no story told, or two lists asked ('… bị giữ hay bị thu hồi …')
    container = found.group("container") or found.group("act")
    subject = found.group("subject") or ""
    wanted = (_words(f"{container} {subject}") - _NOT_THING - _PERSONS) | {"truong", "hop"}
    listing = _pick([l for l in listings(segments) if _CASES.search(plain_text(l.name).lower()) and not l.titled], wanted)
    if listing is None or any(_CATCH_ALL.search(e.text) for e in listing.entries):
        return None
    story = _pairs(plain[: len(plain) - len(asking)])
    for entry in listing.entries:
        for case in _cases(entry.text):
            asked = _pairs(case)
            if not asked or len(asked & story) >= CASE_PAIRS * len(asked):
                return None
    stated = with_full_stop(listing.statement).rstrip(".")
    return Written(f"Không, {stated}; trường hợp bạn nêu không thuộc các trường hợp này.", listing.said_by)


# the act a closed list of cases is for, as a yes/no asks it ('có phải làm thủ tục cấp đổi thẻ không', 'thẻ có bị thu
# hồi không'); 'mở khóa' before 'khóa'
_LISTED_ACTS = ("mo khoa", "cap doi", "cap lai", "thu hoi", "bi giu", "khoa")
MIN_CASE_PAIRS = 2  # a case named by one word pair ('thay đổi', 'năm sinh') is too short to recognise in a story


def told_case(asking: str, question: str, segments: Sequence[Segment]) -> Written | None:
    """'Có' when the story before the question tells one of the cases a list of the act asked names: 'Tôi vừa làm
    thủ tục thay đổi tên khai sinh … tôi có phải làm thủ tục cấp đổi thẻ căn cước không?' -> 'Có, theo điểm b khoản 1
    Điều 24 …: các trường hợp cấp đổi thẻ căn cước bao gồm: thay đổi, cải chính thông tin về họ, chữ đệm, tên khai
    sinh …'. None when no such list is held or no case is told (the other readers then answer)."""
    act = next((a for a in _LISTED_ACTS if re.search(rf"\b(?:co |phai |bi |duoc )[a-z ]{{0,30}}\b{a}\b", asking)), None)
    at = question.rfind(asking[:40])
    if act is None or at <= 0:
        return None
    story = _pairs(question[:at])
    for listing in listings(segments):
        name = plain_text(listing.name).lower()
        if listing.titled or not _CASES.search(name) or not re.search(rf"\b{act}\b", name) or \
                (act == "khoa" and "mo khoa" in name):
            continue
        for entry in listing.entries:
            if any(len(pairs := _pairs(case)) >= MIN_CASE_PAIRS and pairs <= story for case in _cases(entry.text)):
                said = f"{entry.segment.lead.rstrip()} {lower_first(entry.segment.text)}"
                return Written(f"Có, theo {_cited(entry)}: {lower_first(with_full_stop(said))}", (entry.segment,))
    return None

