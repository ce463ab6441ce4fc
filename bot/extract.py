"""Read answers out of the law's own sentences: one sentence per ``Segment`` (with its exact khoản / điểm /
Bước), its modality (được, không được, nghiêm cấm, phải, không phải, theo nhu cầu …), its numbers with their
units (07 ngày làm việc kể từ …, 14 tuổi, 12 chữ số, cấp độ 3), the bodies, places and times it names, the
items of a list and the defining sentence of a term. Pure functions of the parsed ``Article``; nothing here
rewrites the law: every span returned is verbatim text of its segment.
"""

from __future__ import annotations

import dataclasses

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.guard import content_words
from core.legal import provision_label
from core.text import has_diacritics, nfc, plain_text, strip_diacritics, syllables

if TYPE_CHECKING:
    from bot.evidence import Unit

_NUMBERING = re.compile(r"^(\d+\.|[a-zđ]\)|\(\d+\)|-|\+|•)\s*")
_POINT = re.compile(r"^([a-zđ])\)\s*")
_ITEM = re.compile(r"^\((\d+)\)\s*")
_ITEM_START = re.compile(r"^(\(\d+\)|- |\+ |• )")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")
_OMITTED = re.compile(r"^(\.\.\.|…)$")
_TRAILING_CUT = re.compile(r"\s*(\.\.\.|…)\s*$")


@dataclass(frozen=True)
class Segment:
    """One sentence of the law, with where it sits: enough to cite it exactly."""

    unit: "Unit"
    text: str  # the sentence, numbering removed, verbatim otherwise
    clause: int | None = None
    point: str | None = None
    step: int | None = None
    item: int | None = None
    lead: str = ""  # the sentence that introduces a điểm or an item ('… gồm các nội dung sau:')
    heading: str = ""  # a khoản's own short heading line ('Quyền được biết')
    index: int = 0  # order inside the evidence

    @property
    def label(self) -> str:
        """'điểm a khoản 1 Điều 34 Luật Căn cước 2023' (a Bước's item is cited by its Bước)."""
        return provision_label(self.unit.article.number, self.unit.doc.short_title, self.clause, self.point, self.step)

    @property
    def article_key(self) -> tuple[str, int]:
        return (self.unit.doc.so_hieu, self.unit.article.number)

    @property
    def khoan_key(self) -> tuple[tuple[str, int], int | None]:
        return (self.article_key, self.clause)

    @property
    def title(self) -> str:
        return self.unit.article.title.strip("[] ")

    @property
    def is_step_title(self) -> bool:
        return self.step is not None and self.text == self.heading and not (self.point or self.item)

    @property
    def whole(self) -> str:
        """The sentence without a trailing '...' the source itself marks as cut."""
        return _TRAILING_CUT.sub("", self.text).rstrip(" ;,:")


def is_heading_like(segment: "Segment") -> bool:
    """A short line with no sentence punctuation: a heading, not a rule ('Trạng thái của căn cước điện tử')."""
    return segment.text == segment.heading or _is_heading(segment.text)


_DELEGATION = re.compile(r"^(Chính phủ|Bộ trưởng Bộ Công an|Bộ Công an)\s+(?:quy định|hướng dẫn)\b")
_ISSUER = {"Chính phủ": "Chính phủ", "Bộ trưởng Bộ Công an": "Bộ Công an", "Bộ Công an": "Bộ Công an"}


def delegated_to(text: str) -> str | None:
    """The body a provision hands the matter to ('Chính phủ quy định trình tự, thủ tục …' -> 'Chính phủ'), as the
    issuing body of the document that details it is named in the corpus; None for a rule of its own."""
    match = _DELEGATION.match(clean_line(text))
    return _ISSUER[match.group(1)] if match else None


def clean_line(line: str) -> str:
    return _NUMBERING.sub("", nfc(line).strip()).strip()


def _sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]


HEADING_WORDS = 16  # 'Phương thức khai thác thông tin của công dân trong Cơ sở dữ liệu căn cước' has 13


def _is_heading(line: str) -> bool:
    """A khoản's short title line: 'Quyền được biết', 'Cấp tài khoản định danh điện tử mức độ 02'."""
    return bool(line) and len(line.split()) <= HEADING_WORDS and not re.search(r"[.;:,]$", line) and "." not in line


def _lines_segments(unit: "Unit", text: str, *, clause: int | None = None, step: int | None = None,
                    only_point: str | None = None) -> list[Segment]:
    out: list[Segment] = []
    lead = ""
    heading = ""
    dashes = 0
    previous_item: int | None = None
    previous_point: str | None = None
    lines = [l.strip() for l in nfc(text).split("\n") if l.strip()]
    for i, raw in enumerate(lines):
        if _OMITTED.match(raw):
            previous_item = previous_point = None
            continue
        point = m.group(1) if (m := _POINT.match(raw)) and clause is not None else None
        if point is None and previous_point is not None and not _ITEM.match(raw) and not raw.endswith(":") \
                and not raw.startswith(("- ", "+ ", "• ")):
            point = previous_point  # a paragraph under a điểm ('a) …' then 'Công dân đến …') is part of it
        previous_point = point
        item = int(m.group(1)) if (m := _ITEM.match(raw)) else None
        if item is None and point is None and raw.startswith(("- ", "+ ", "• ")):
            dashes += 1
            item = 100 + dashes  # unnumbered list lines ('- …'): items, numbered past any (n)
        if item is None and point is None and previous_item is not None and not raw.endswith(":"):
            item = previous_item  # a paragraph under an item ('(1) …' or '- …' then 'Sau 07 ngày, …') is part of it
        previous_item = item
        line = clean_line(raw)
        if not line:
            continue
        if step is not None and i == 0:
            line = re.sub(r"^Bước\s+\d+\s*[:.]\s*", "", line)
            heading = line
            if only_point is None:
                out.append(Segment(unit, line, clause, None, step, None, "", line, 0))
            continue
        if i == 0 and clause is not None and _is_heading(line) and len(lines) > 1:
            heading = line
            continue
        if only_point is not None and point != only_point:
            if point is None and item is None and line.endswith(":"):
                lead = line
            continue
        for sentence in _sentences(line):
            out.append(Segment(unit, sentence, clause, point, step, item,
                               lead if (point or item) else "", heading, 0))
        if point is None and item is None and line.endswith(":"):
            lead = line
    return out


def segments(units: "list[Unit] | tuple[Unit, ...]") -> list[Segment]:
    """Every sentence of the evidence units, in order, each cited to its khoản / điểm / Bước."""
    out: list[Segment] = []
    for unit in units:
        article = unit.article
        if unit.step is not None and (step := article.step(unit.step)):
            out += _lines_segments(unit, step.text, step=step.number)
        elif unit.clause is not None and (clause := article.clause(unit.clause)):
            out += _lines_segments(unit, clause.text, clause=clause.number, only_point=unit.point)
        else:
            if article.intro:
                out += _lines_segments(unit, article.intro)
            for clause in article.clauses:
                out += _lines_segments(unit, clause.text, clause=clause.number)
            for step in article.steps:
                out += _lines_segments(unit, step.text, step=step.number)
    return [Segment(s.unit, s.text, s.clause, s.point, s.step, s.item, s.lead, s.heading, i) for i, s in enumerate(out)]


# -- matching a question ------------------------------------------------------------------------
GENERIC_WORDS = set("co so du lieu quoc gia ve dan cu thong tin can cuoc cong dan nghi dinh thong tu luat dieu khoan "
               "viet nam ca nhan".split())


@lru_cache(maxsize=16384)
def _all_words(text: str) -> tuple[str, ...]:
    """Every syllable, diacritics stripped (the question's side is already free of stop words; 'bán' must still
    match although its stripped form is the stop word 'ban'). Cached: the same law sentences come back for
    every question."""
    return tuple(strip_diacritics(s) for s in syllables(text) if not s.isdigit())


def own_words(question_words: list[str], segment: Segment) -> set[str]:
    """The question's specific words found in the sentence itself but not in its lead-in ('sai', 'lỗi' in
    'b) Có sai sót … do lỗi của cơ quan …')."""
    return (set(question_words) & set(_all_words(segment.text))) - set(_all_words(segment.lead)) - GENERIC_WORDS


def _bigrams(words: list[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(words, words[1:])}


def overlap(question_words: list[str], segment: Segment) -> float:
    """How much of the question the sentence speaks to: shared words, the specific ones (not 'cơ sở dữ liệu',
    'công dân' …) counting double, plus shared word pairs; words found only in its lead-in or khoản heading
    count half, only in the article title a quarter."""
    asked = set(question_words)
    pairs = _bigrams(question_words)

    def score(text: str) -> tuple[float, set[str]]:
        words = _all_words(text)
        found = asked & set(words)
        return sum(1.0 if w in GENERIC_WORDS else 2.0 for w in found) + 1.5 * len(pairs & _bigrams(words)), set(words)

    own, seen = score(segment.text)
    lead_words = set(_all_words(" ".join((segment.lead, segment.heading)))) - seen
    title_words = set(_all_words(segment.title)) - seen - lead_words
    around = sum(1.0 if w in GENERIC_WORDS else 2.0 for w in asked & lead_words)
    titled = sum(1.0 if w in GENERIC_WORDS else 2.0 for w in asked & title_words)
    return own + 0.5 * around + 0.25 * titled


# -- modality -------------------------------------------------------------------------------------
_FORBID = re.compile(r"\b(không được|nghiêm cấm|bị cấm|cấm|không được phép|không cho phép|là vi phạm pháp luật)\b", re.I)
# Freed by a negation: 'không thu' (a fee not charged), not 'không thu thập, cập nhật … thì phải trả lời' (a case,
# then a duty); not having to also covers 'theo nhu cầu'.
_FREEING = r"không phải|không bắt buộc|không cần|không thu(?! thập| nhận| hồi)|miễn"
_NOT_MUST = re.compile(rf"\b({_FREEING}|theo nhu cầu|khi có nhu cầu|nếu có nhu cầu)\b", re.I)
_FREED = re.compile(rf"\b({_FREEING})\b", re.I)
# ('phái đáp ứng': a misprint of 'phải' in the source we transcribe, Điều 6 Thông tư 46/2022/TT-BCA, kept verbatim)
_MUST = re.compile(r"\b(phải|phái(?= đáp ứng)|có trách nhiệm|có nghĩa vụ|bắt buộc|chịu trách nhiệm)\b", re.I)
_PERMIT = re.compile(r"\b(được|có quyền|có thể|có giá trị|được phép)\b", re.I)
# 'được' that permits nothing: a passive ('đã được', 'được quy định'), a requirement ('phải được'), a receipt ('kể từ
# ngày nhận được văn bản')
_NOT_PERMIT_USE = re.compile(r"\b(đã được|được quy định|được hiểu|quy định được|được nêu|được in|được ghi|phải được"
                             r"|nhận được)\b", re.I)
_NEGATION = re.compile(r"\b(không|chưa|chẳng)\b", re.I)
_EXCEPTION = re.compile(r"\b(trừ trường hợp|trừ khi|trừ những trường hợp|ngoại trừ|trừ các trường hợp)\b", re.I)
_CONDITION = re.compile(r"\b(nếu|khi|trường hợp|với điều kiện|theo nhu cầu|khi có nhu cầu)\b", re.I)
_PROHIBITED_TITLE = re.compile(r"\b(nghiêm cấm|bị cấm|hành vi bị cấm)\b", re.I)


@dataclass(frozen=True)
class Modality:
    forbid: bool
    not_must: bool
    must: bool
    permit: bool
    negated: bool
    exception: bool
    condition: bool
    procedural: bool = False  # a step of a procedure, stated without 'phải' (what one does, hence must do)
    freed: bool = False  # not_must said by a negation ('không phải nộp'), not only by 'theo nhu cầu'

    @property
    def any(self) -> bool:
        return self.forbid or self.not_must or self.must or self.permit


_DUTY_TITLE = re.compile(r"^(?:trách nhiệm|nghĩa vụ|nhiệm vụ)\b", re.I)
_RIGHT_TITLE = re.compile(r"^quyền\b", re.I)
_NOUN_PHRASE_DUOC = re.compile(r"^\S+(?:\s+\S+)?\s+được\s+\S+.*\s+là\s+", re.I)  # 'Người được cấp thẻ … là …'
_EXCEPTED_ITEMS = re.compile(r"\btrừ\s+(?:những|các)?\s*trường hợp\s+(?:sau|dưới)", re.I)


def _flags(text: str) -> dict[str, bool]:
    text = re.sub(r"\([^)]*\)", " ", text)  # '(nếu có nhu cầu)' is a side note, not the sentence's modality
    permit_text = _NOT_PERMIT_USE.sub(" ", re.sub(r"\bkhông được\b", " ", text, flags=re.I))
    if _NOUN_PHRASE_DUOC.match(text):
        permit_text = permit_text.split("được", 1)[-1].split(" là ", 1)[-1]
    return {
        "forbid": bool(_FORBID.search(text)),
        "not_must": bool(_NOT_MUST.search(text)),
        "freed": bool(_FREED.search(text)),
        "must": bool(_MUST.search(re.sub(r"\bkhông phải\b", " ", text, flags=re.I)))
        and not re.search(r"\bkhông (bắt buộc|phải)\b", text, re.I),
        "permit": bool(_PERMIT.search(permit_text)),
        "negated": bool(_NEGATION.search(text)),
    }


def modality(segment: Segment) -> Modality:
    """What the sentence does with its act: forbids it, frees from it, requires it or allows it. A điểm or item
    takes the modality of its lead-in when it has none of its own ('Công dân phải nộp lệ phí …, trừ những trường
    hợp sau đây: a) …' frees from the fee), and a khoản of a duties / rights / prohibitions article that of the
    article's title."""
    own = _flags(segment.text)
    text = segment.text
    if (segment.point or segment.item) and segment.lead and not any(own[k] for k in ("forbid", "not_must", "must", "permit")):
        lead = _flags(_EXCEPTION.split(segment.lead)[0])
        if _EXCEPTED_ITEMS.search(segment.lead):  # the listed cases are the exceptions: the rule turns round
            lead = {**lead, "must": False, "not_must": lead["must"], "freed": lead["must"], "permit": lead["forbid"],
                    "forbid": lead["permit"] and not lead["must"]}
        own = {**own, **{k: lead[k] for k in ("forbid", "not_must", "must", "permit", "freed")}}
    in_article = segment.clause is not None or segment.point or segment.item
    if in_article and not any(own[k] for k in ("forbid", "not_must", "must", "permit")):
        title = segment.title
        own["must"] = bool(_DUTY_TITLE.search(title))
        own["permit"] = bool(_RIGHT_TITLE.search(title))
    return Modality(
        forbid=own["forbid"] or by_title(segment),
        not_must=own["not_must"],
        must=own["must"],
        permit=own["permit"],
        negated=own["negated"],
        exception=bool(_EXCEPTION.search(text)),
        condition=bool(_CONDITION.search(text)),
        procedural=(segment.step is not None or bool(_PROCEDURE_TITLE.search(segment.title))) and not own["negated"],
        freed=own["freed"],
    )


_PROCEDURE_TITLE = re.compile(r"\b(trình tự|thủ tục|quy trình)\b", re.I)


def excepts_listed_cases(segment: Segment) -> bool:
    """A lead-in that states a rule and lists its exceptions below ('…, trừ những trường hợp sau đây:')."""
    return segment.text.rstrip().endswith(":") and bool(_EXCEPTED_ITEMS.search(segment.text))


def by_title(segment: Segment) -> bool:
    """A khoản of an article whose title says its acts are prohibited ('Các hành vi bị nghiêm cấm')."""
    return bool(_PROHIBITED_TITLE.search(segment.title) and (segment.clause or segment.point or segment.item))


def modal_fragment(text: str) -> tuple[str, bool]:
    """The part of the sentence that carries a prohibition, when it starts a sub-clause ('…, không được xâm
    phạm …'): (fragment, True); otherwise the whole sentence, (text, False)."""
    match = re.search(r"(?:^|[,;]\s+)((?:không được|nghiêm cấm|bị cấm|không phải|không bắt buộc)\b.*)$", text, re.I)
    if match and match.start(1) > 0:
        return match.group(1), True
    return text, False


# -- numbers with their units ----------------------------------------------------------------------
_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_DATE = re.compile(r"\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\b\d{1,2}/\d{1,2}/\d{4}\b|\btháng\s+\d{1,2}\s+năm\s+\d{4}"
                   r"|\bnăm\s+\d{4}\b")
_DURATION = re.compile(
    r"(?:(?:trong\s+thời\s+hạn|trong\s+thời\s+gian|trong\s+vòng|không\s+quá|chậm\s+nhất(?:\s+là)?|tối\s+đa|ít\s+nhất|trong|sau|trước|"
    r"định\s+kỳ|thời\s+hạn(?:\s+là)?)\s+)?"
    r"\b(\d+)\s+(lần\s*/\s*(?:năm|tháng|tuần)|ngày\s+làm\s+việc|ngày|giờ|tháng|năm|phút|tuần)\b"
    r"(?:\s*,?\s*(?:kể\s+từ|tính\s+từ|sau\s+khi|trước\s+khi|từ\s+khi|từ\s+ngày|từ\s+thời\s+điểm|khi)\b"
    r"(?:(?!\s+(?:theo|đối\s+với|với|tại|để)\b)[^,;.:()])*)?",
    re.I)
_AGE = re.compile(r"(?:(?:khi\s+)?(?:từ\s+)?(?:đủ|dưới|trên|chưa\s+đủ)\s+)?\b\d+\s+tuổi(?:\s+trở\s+lên)?"
                  r"(?:(?:\s*,\s*|\s+và\s+|\s+đến\s+(?:dưới\s+)?|\s+hoặc\s+)\d+\s+tuổi(?:\s+trở\s+lên)?)*", re.I)
_AMOUNT = re.compile(r"\b\d+\s+(?:chữ\s+số|số|lần|%|phần\s+trăm|đồng|triệu\s+đồng|loại|mức)\b|\bcấp\s+độ\s+\d+(?:\s+trở\s+lên)?"
                     r"|\bmức\s+độ\s+0?\d+\b|\b\d+\s+(?:tài\s+khoản|số\s+định\s+danh|căn\s+cước)\b", re.I)
_UNIT_OF = (("ngày làm việc", "ngày làm việc"), ("chữ số", "chữ số"), ("tuổi", "tuổi"), ("ngày", "ngày"), ("giờ", "giờ"),
            ("tháng", "tháng"), ("năm", "năm"), ("cấp độ", "cấp độ"), ("mức độ", "mức độ"), ("lần", "lần"), ("số", "chữ số"))


@dataclass(frozen=True)
class Quantity:
    value: int
    unit: str  # normalised: 'ngày làm việc', 'tuổi', 'chữ số', 'cấp độ' …
    relation: str = "="  # '<' (dưới, chưa đủ), '>=' (từ đủ, trên, … trở lên) or '='


def _masked(text: str) -> str:
    """Dates blanked out (same length), so '31 tháng 12 năm 2024' is not read as durations."""
    return _DATE.sub(lambda m: " " * len(m.group(0)), text)


_PLAIN_DATE = re.compile(r"\b(?:ngay\s+)?(\d{1,2})(?:/|\s+thang\s+)(\d{1,2})(?:/|\s+nam\s+)(\d{4})\b")


def dates_in(text: str) -> set[tuple[int, int, int]]:
    """(day, month, year) of every full date, '30/6/2024' and '30 tháng 6 năm 2024' alike."""
    return {(int(d), int(m), int(y)) for d, m, y in _PLAIN_DATE.findall(plain_text(text))}


def duration_spans(text: str) -> list[str]:
    masked = _masked(text)
    return [text[m.start():m.end()].strip(" ,") for m in _DURATION.finditer(masked)]


def age_spans(text: str) -> list[str]:
    return [m.group(0).strip(" ,") for m in _AGE.finditer(text)]


def amount_spans(text: str) -> list[str]:
    masked = _masked(text)
    return [text[m.start():m.end()].strip() for m in _AMOUNT.finditer(masked)]


def quantities(text: str) -> list[Quantity]:
    """Every number with its unit ('9 chữ số', '18 tuổi', '07 ngày làm việc', 'cấp độ 3'); plain or accented."""
    out = []
    plain = plain_text(_masked(nfc(text)))
    for match in re.finditer(r"\b(cap do|muc do|muc)\s+0?(\d+)\b|\b(\d+)\s+(ngay lam viec|chu so|tuoi|ngay|gio|thang|nam|lan|so)\b",
                             plain):
        if match.group(1):
            unit = "cấp độ" if match.group(1) == "cap do" else "mức độ"  # 'mức 2' is said for 'mức độ 02'
            out.append(Quantity(int(match.group(2)), unit))
            continue
        unit = next(u for p, u in _UNIT_OF if plain_text(p) == match.group(4))
        before = plain[max(0, match.start() - 12):match.start()]
        after = plain[match.end():match.end() + 10]
        relation = "<" if re.search(r"\b(duoi|chua du)\s*$", before) else \
            ">=" if re.search(r"\b(tu du|tren|tu)\s*$", before) or after.startswith(" tro len") else "="
        out.append(Quantity(int(match.group(3)), unit, relation))
    return out


# -- bodies, places, times ------------------------------------------------------------------------
_BODY_HEAD = (r"(?:Bộ|Cục|Cơ quan|cơ quan|Công an|Chính phủ|Thủ tướng|Ủy ban|Trưởng|Giám đốc|Cục trưởng|Người đứng đầu|"
              r"Thủ trưởng|Bên|Chủ thể|Tổ chức|tổ chức|Người|Cá nhân|Doanh nghiệp|Đơn vị|Lực lượng|Hội đồng|Cán bộ|Công dân)")
_VERB = (r"(?:có trách nhiệm|có thẩm quyền|chủ trì|phối hợp|thực hiện|quyết định|xác lập|thống nhất quản lý|quản lý|"
         r"là đầu mối|là cơ quan|phải|được|tiếp nhận|cấp(?!\s+(?:xã|tỉnh|huyện|trung ương|bộ|cơ sở)\b)|xem xét|kiểm tra|ban hành|hướng dẫn|có quyền|xây dựng|lưu|"
         r"chịu trách nhiệm|tổ chức thực hiện|giúp|trình|đề nghị|thu thập|cập nhật|điều chỉnh|giải quyết|tiến hành|"
         r"khai thác|cung cấp|bảo đảm|thông báo|kết nối|chia sẻ|gửi|nộp|làm|sử dụng|có|là)")
_SUBJECT = re.compile(rf"^({_BODY_HEAD}\b.{{0,160}}?)\s+{_VERB}\b")
# '… khi …, thì cơ quan X là đầu mối …': verbs that cannot be part of the body's name ('quản lý' can)
_THEN_SUBJECT = re.compile(rf"\bthì\s+({_BODY_HEAD}\b.{{0,160}}?)\s+(?:là đầu mối|là cơ quan|có trách nhiệm|có thẩm quyền|"
                           r"chủ trì|phối hợp|tiếp nhận|phải)\b")
# '… do các tổ chức, doanh nghiệp tự bố trí': a list of bodies, then what they do themselves
_AGENT = re.compile(rf"\b(?:do|bởi|được)\s+(?:các\s+|những\s+)?({_BODY_HEAD}\b[^,;.]{{0,140}}?(?:,\s+(?:{_BODY_HEAD}|doanh nghiệp|cá nhân|đơn vị)\b[^,;.]{{0,40}}?)*)"
                    rf"\s+(?:{_VERB}|xác lập|cấp|quản lý|tạo lập|tự\s+\w+)\b")
_TITLE_BODY = re.compile(r"\b(?:trách nhiệm|nhiệm vụ(?:, quyền hạn)?|thẩm quyền|quyền hạn)\s+(?:của\s+)?(.+)$", re.I)
_PLACE = re.compile(r"(?:(?:trực tuyến|trực tiếp)\s+)?\b(?:tại|trên|qua|đến|tới|ở|gửi đến|gửi tới|nộp cho|gửi)\s+"
                    r"(?!(?:các\s+|những\s+)?(?:điểm|khoản|Điều|Chương|Mục|Phụ lục|Mẫu)\b)"
                    r"(?=(?:Cổng|cổng|Ứng dụng|ứng dụng|Công an|công an|cơ quan|Cơ quan|nơi|trụ sở|hệ thống|Hệ thống|Bộ|Cục|"
                    r"địa chỉ|Trang|trang|Ủy ban|nước ngoài|thiết bị|Trung tâm|trung tâm|Sở|bộ phận|tổng đài|thư điện tử)\b)"
                    r"[^;.]*")
_PLACE_START = re.compile(_PLACE.pattern.removesuffix("[^;.]*"))  # where each place begins, overlaps included
_TIME = re.compile(r"(?:\b(?:từ|đến hết|đến|kể từ|trước|sau|vào|trong)\s+)?\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
                   r"|(?:\b(?:từ|kể từ|đến|đến hết)\s+)?\bngày\s+\d{1,2}/\d{1,2}/\d{4}"
                   r"|\bđến hết thời hạn (?:được )?(?:in|ghi) trên [^,;.]+", re.I)
_WHEN = re.compile(r"\b(?:khi|sau khi|trước khi|trong trường hợp|trường hợp|kể từ khi|kể từ ngày|từ ngày|đến khi)\b(?!\s+sau đây)[^;.:]*", re.I)


_LEADING_CONDITION = re.compile(r"^(?:Trường hợp|Trong trường hợp|Khi|Sau khi|Đối với|Trong thời hạn|Ngay sau khi)\b[^;]*?,\s+"
                                r"(?=" + _BODY_HEAD + r"\b)")
_RECIPIENT = re.compile(rf"\b(?:thông báo|gửi|báo cáo|nộp|chuyển|đề nghị|chia sẻ|cung cấp)\s+(?:\w+\s+){{0,6}}?(?:cho|đến|tới|về)\s+({_BODY_HEAD}\b[^;.,(]{{0,120}}?(?:\([^)]*\))?)"
                        r"(?=\s+(?:chậm nhất|trong thời hạn|trong vòng|theo|để|kèm|qua|trước|sau|thì)\b|[,;.]|$)")


def subject(text: str) -> str | None:
    """The body a sentence opens with: 'Cơ quan quản lý căn cước của Bộ Công an xác lập …' -> that body
    (after a leading 'Trường hợp …,' / 'Khi …,')."""
    text = _LEADING_CONDITION.sub("", text, count=1)
    match = _SUBJECT.match(text) or _THEN_SUBJECT.search(text)
    if match and len(match.group(1).split()) <= 30:
        return match.group(1).rstrip(" ,")
    return None


def recipient(text: str) -> str | None:
    """The body something is sent or reported to: '… thông báo cho Bộ Công an (Cục An ninh mạng …) chậm nhất …'."""
    match = _RECIPIENT.search(text)
    return match.group(1).rstrip(" ,") if match else None


_HELD_BY = re.compile(rf"\b(?:tại|thuộc về)\s+({_BODY_HEAD}\b[^,;.]{{0,120}})")


def agent(text: str) -> str | None:
    """The body behind a passive: '… do Bộ Công an thống nhất quản lý …' -> 'Bộ Công an'; '… quản lý tập trung
    tại cơ quan quản lý căn cước của Bộ Công an' -> that body."""
    match = _AGENT.search(text) or _HELD_BY.search(text)
    return match.group(1).rstrip(" ,") if match else None


_CONSENT_OF = re.compile(r"\bđồng ý của\s+([^.;]{2,160}?)(?=\s+(?:theo|trừ|trước|khi|để)\b|[.;]|$)", re.I)


def consent_of(text: str) -> list[str]:
    """Whose consent a sentence requires: '… sự đồng ý của trẻ em …, của cha, mẹ hoặc người giám hộ …'."""
    return [m.group(1).rstrip(" ,") for m in _CONSENT_OF.finditer(text)]


def title_body(title: str) -> str | None:
    """'Trách nhiệm của cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an' -> the body."""
    match = _TITLE_BODY.search(title.strip("[] "))
    if not match:
        return None
    body = match.group(1).strip()
    return body if re.match(_BODY_HEAD, body[:1].upper() + body[1:]) else None


def place_spans(text: str) -> list[str]:
    """The places a sentence names ('tại …', 'đến Công an cấp xã …'), each up to the next place or the end of its
    phrase: '… đã đăng ký tại cơ quan có thẩm quyền của nước ngoài nhưng chưa được cấp số … đến Công an cấp xã nơi
    gần nhất để …' names two places, not one running on."""
    starts = [m.start() for m in _PLACE_START.finditer(text)]
    out = []
    covered = -1
    for i, start in enumerate(starts):
        m = _PLACE.match(text, start)
        if m is None or start < covered:
            continue
        # the next place that is not joined to this one ('tại … hoặc qua …' is one answer) ends it
        end = next((n for n in starts[i + 1:] if n < m.end()
                    and not re.search(r"(?:\bhoặc|\bvà|\bthông|,)\s*$", text[start:n])), m.end())  # 'thông qua
        span = text[start:end]
        covered = end
        span = re.split(r",\s+(?=(?:xuất trình|để|thực hiện|kèm|đồng thời|cung cấp|nộp|trong thời hạn|trường hợp|nếu|"
                        r"theo|và thực hiện|không có)\b)|\s+thì\s+|\s+(?=(?:nhưng|hiện đang|mà chưa)\s)", span)[0]
        out.append(span.strip(" ,"))
    return out


def time_spans(text: str) -> list[str]:
    return [m.group(0).strip(" ,") for m in _TIME.finditer(text)]


_CROSS_REFERENCE = re.compile(r"^(?:trong )?trường hợp (?:quy định tại|nêu tại|tại) (?:điểm|khoản|điều|mục)\b", re.I)


def condition_spans(text: str) -> list[str]:
    """'khi …', 'trường hợp …' clauses; not a bare pointer elsewhere ('trường hợp quy định tại khoản 3 Điều này')."""
    return [span for m in _WHEN.finditer(text) if not _CROSS_REFERENCE.match(span := m.group(0).strip(" ,"))]


# -- definitions and lists ------------------------------------------------------------------------
_DEFINES = re.compile(r"^(.{2,120}?)\s+(là|được hiểu là|có nghĩa là|bao gồm|gồm)\s+", re.I)


def defined_term(text: str) -> str | None:
    """'Sinh trắc học là …' -> 'Sinh trắc học'."""
    match = _DEFINES.match(text)
    return match.group(1) if match else None


def items(group: list[Segment], per_clause: bool = False) -> list[Segment]:
    """The listed items among sentences: điểm or (n) items, else (or with ``per_clause``) one entry per khoản
    (its heading when it has one, else its first sentence)."""
    listed = [s for s in group if s.point or s.item]
    if len(listed) >= 2 and not per_clause:
        first: dict[tuple, Segment] = {}
        for s in listed:
            first.setdefault((s.clause, s.step, s.point, s.item), s)
        return list(first.values())
    by_clause: dict[tuple, Segment] = {}
    for s in group:
        if s.clause is not None:
            by_clause.setdefault((s.article_key, s.clause), s)
    return list(by_clause.values()) if len(by_clause) >= 2 else []


def item_text(segment: Segment, per_clause: bool = False) -> str:
    """One list item as said in a conclusion: a khoản's heading when it has one, else its sentence."""
    use_heading = segment.heading and (per_clause or not (segment.point or segment.item)) and segment.step is None
    text = segment.heading if use_heading else segment.whole
    if not per_clause and (segment.item is not None or segment.point is not None):
        text = _whole_item(segment) or text  # every sentence of the điểm or item, not its first one
    if per_clause and not use_heading and segment.text.rstrip().endswith(":"):
        points = _clause_points(segment)
        if points:  # "… bao gồm:" says nothing without its điểm: they are the item
            return f"{text.rstrip(' ;,.:')}: {points}"
    if per_clause and not use_heading and segment.clause is not None and segment.step is None:
        text = _whole_clause(segment) or text  # a khoản is every sentence of it, not its first one
    return text.rstrip(" ;,.:")


def _whole_item(segment: Segment) -> str:
    """Every sentence of a điểm or an item, its paragraphs included."""
    key = (segment.clause, segment.step, segment.point, segment.item)
    sentences = [s.whole.rstrip(" .") for s in segments([segment.unit]) if (s.clause, s.step, s.point, s.item) == key]
    return ". ".join(sentences) if len(sentences) > 1 else ""


def _whole_clause(segment: Segment) -> str:
    """Every sentence of the segment's khoản before its first điểm or item ('…; Sau 07 ngày, nếu …')."""
    unit = dataclasses.replace(segment.unit, clause=segment.clause, point=None, step=None)
    sentences = []
    for s in segments([unit]):
        if s.point or s.item or s.text == s.heading:
            break
        sentences.append(s.whole.rstrip(" ."))
    return ". ".join(sentences) if len(sentences) > 1 else ""


MIN_TITLE_WORDS = 4
TITLE_COVERAGE = 0.85  # share of a heading's words the question uses
QUESTION_IS_TITLE = 0.7  # share of the question's words the heading holds


def heading_words(text: str) -> set[str]:
    """The content words of a question or heading, with their tones when the text has them: 'điện tử' must not
    match 'trình tự'."""
    keep = set(content_words(text))
    if not has_diacritics(text):
        return keep
    return {w for w in re.findall(r"\w+", nfc(text).lower()) if plain_text(w) in keep}


_PLACE_TITLE = re.compile(r"^(Nơi|Địa điểm)\b", re.I)


def is_place_title(title: str) -> bool:
    """An article on where something is done ('Nơi làm thủ tục …'); compared with tones: 'Nội dung …' is not one."""
    return bool(_PLACE_TITLE.match(title.strip("[] ")))


def names_heading(question: str, title: str) -> float:
    """How fully a question is an article's heading ("Nơi làm thủ tục cấp, cấp đổi, cấp lại thẻ căn cước?" - people
    paste headings): the F1 of the two coverages when the heading is nearly all in the question and the question
    nearly all heading, else 0. Compared with tones unless the question was typed without them."""
    asked = heading_words(question)
    words = heading_words(title.strip("[] ")) if has_diacritics(question) else set(content_words(title.strip("[] ")))
    if len(words) < MIN_TITLE_WORDS or not asked:
        return 0.0
    shared = len(words & asked)
    of_title, of_question = shared / len(words), shared / len(asked)
    if of_title < TITLE_COVERAGE or of_question < QUESTION_IS_TITLE:
        return 0.0
    return 2 * of_title * of_question / (of_title + of_question)


def _clause_points(segment: Segment) -> str:
    """The điểm of the segment's khoản, 'a) …, b) …', each without its closing punctuation."""
    clause = segment.unit.article.clause(segment.clause) if segment.clause is not None else None
    if clause is None or not clause.points or any(p.text.rstrip().endswith(":") for p in clause.points):
        return ""  # điểm that introduce further text (an amending article's new wording) are not a short list
    return ", ".join(f"{p.letter}) {lower_first_word(p.text.rstrip(' ;,.'))}" for p in clause.points)


def lower_first_word(text: str) -> str:
    """'Hình Quốc huy …' -> 'hình Quốc huy …' (an all-caps word or a name-like second word keeps its case)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _listed_under(lines: list[str], lead: int) -> range:
    """The lines a lead-in ('… bao gồm:') introduces: its điểm up to the next khoản."""
    end = lead + 1
    while end < len(lines) and lines[end].strip() and not re.match(r"^\d+\.\s", lines[end].strip()):
        end += 1
    return range(lead + 1, end)


def focus_lines(quote: str, used: "list[Segment] | tuple[Segment, ...]") -> list[str] | None:
    """The verbatim lines of ``quote`` that carry the ``used`` sentences, with the lines that introduce them (the
    khoản's first line, the lead-in of a điểm); None when that is every line or none."""
    lines = nfc(quote).split("\n")
    wanted: set[int] = set()
    for segment in used:
        for i, line in enumerate(lines):
            if segment.text and segment.text in clean_line(line):
                wanted.add(i)
                if segment.lead:
                    wanted |= {j for j, l in enumerate(lines[:i]) if clean_line(l) == segment.lead}
                elif line.rstrip().endswith(":"):
                    wanted |= set(_listed_under(lines, i))  # a lead-in used as such: what it introduces too
    if not wanted:
        return None
    for i in sorted(wanted):
        if _ITEM_START.match(lines[i].strip()):  # an item is quoted with its paragraphs, as it is listed
            j = i + 1
            while j < len(lines) and lines[j].strip() and not _ITEM_START.match(lines[j].strip()) \
                    and not lines[j].rstrip().endswith(":"):
                wanted.add(j)
                j += 1
    wanted.add(0)
    if len(wanted) == len(lines):
        return None
    return [lines[i] for i in sorted(wanted)]
