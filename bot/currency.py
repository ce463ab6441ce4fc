"""What the reader must know about the law's currency on the date asked: a replaced document (said first),
an amended provision, an amending law the corpus does not hold, the two-level local government, a spent
transitional rule, and when each status was last checked. Pure functions of the cited documents."""

from __future__ import annotations

import datetime as dt
import re
from typing import Mapping, Sequence

from bot.models import Citation
from core.legal import LawDocument, ProvisionNote, Relation, vn_date

TWO_LEVEL_NOTE = ("Từ {date} chính quyền địa phương tổ chức theo hai cấp (tỉnh, xã), không còn cấp huyện: "
                  "quy định nêu cấp huyện tại {where} cần được đọc theo tổ chức mới và các văn bản sửa đổi.")
# The reader must learn where to go now, not only that the district level is gone (graded outdated otherwise) —
# and that the amendment saying it amended other provisions than the one quoted (it must not be cited as its source).
READS_NOW = (" Ở những quy định đã được sửa ({source}), văn bản sửa đổi ghi “{phrase}” thay cho cấp huyện; quy định trích "
             "ở trên thì kho dữ liệu chưa có bản sửa.")


def _district_notes(doc: LawDocument, cited: Sequence[Citation], day: str) -> list[ProvisionNote]:
    """The document's two-level-government notes in effect on ``day`` for a cited provision whose quoted wording
    still names the district level (an amended wording may not)."""
    return [n for n in doc.notes if n.kind == "two_level_government" and n.effective <= day
            and any(c.article == n.article and (n.clause is None or c.clause in (None, n.clause)) and "huyện" in c.quote
                    for c in cited)]


# The conclusion itself says where the district level stood (a reader who stops at item (1) must not go to a body that
# no longer exists): right after the first item naming it.
DISTRICT_INLINE = " (từ {date} không còn cấp huyện{reads_now})"
READS_NOW_INLINE = ": nay đọc là “{phrase}”, như văn bản sửa đổi ghi ở {source}"


def with_district_reading(conclusion: str, citations: Sequence[Citation], documents: Mapping[str, LawDocument],
                          day: str) -> str | None:
    """The conclusion with the two-level reading said inside it, after the first item that names the district level
    ('(1) cơ quan quản lý căn cước của Công an huyện, … nơi công dân cư trú (từ 01/07/2025 không còn cấp huyện: nay đọc
    là “…”, …);');
    None when it names no district level or none of its provisions has the note."""
    found = re.search(r"\b(huyện|cấp huyện)\b", conclusion)
    if found is None:
        return None
    for so_hieu in dict.fromkeys(c.so_hieu for c in citations):
        doc = documents.get(so_hieu)
        places = _district_notes(doc, [c for c in citations if c.so_hieu == so_hieu], day) if doc is not None else []
        if places:
            now = _reading(places)
            said = READS_NOW_INLINE.format(phrase=now.reads_now, source=now.reads_now_source) if now else ""
            end = re.compile(r";|\.(?:\s|$)|\s\(\d+\)").search(conclusion, found.end())
            cut = end.start() if end else len(conclusion.rstrip("."))
            return conclusion[:cut] + DISTRICT_INLINE.format(date=vn_date(places[0].effective), reads_now=said) + conclusion[cut:]
    return None


def with_replaced_status(conclusion: str, used: Sequence[str], documents: Mapping[str, LawDocument], day: str,
                         asks_now: bool = False) -> str | None:
    """A conclusion resting only on documents no longer in force on ``day`` says so in its first sentence, with where
    the rule in force is ('Có, theo quy định áp dụng đến hết ngày 31/12/2025 (Nghị định 13/2023/NĐ-CP đã hết hiệu lực
    từ 01/01/2026; quy định hiện hành nằm ở … (kho dữ liệu chưa có)). Theo khoản 3 Điều 9 …'); a verdict stays its
    first word — unless the question asks for the rule in force now (``asks_now``), which the sources do not hold:
    that is said first. None when any document it rests on applies on ``day``."""
    found = [documents.get(s) for s in dict.fromkeys(used)]
    docs = [d for d in found if d is not None and not d.in_force_on(day) and d.valid_to]
    if not found or len(docs) < len(found):
        return None
    said = "; ".join(f"{doc.short_title} đã hết hiệu lực từ {vn_date(doc.valid_to)}; quy định hiện hành nằm ở "
                     f"{_replaced_by(doc, documents)}" for doc in docs)
    last_day = vn_date((dt.date.fromisoformat(min(d.valid_to for d in docs)) - dt.timedelta(days=1)).isoformat())
    if asks_now:  # 'theo quy định hiện hành …?': the sources cannot say; the old rule only follows, as such
        return f"Kho dữ liệu không có quy định hiện hành về việc này: {said}. Theo quy định áp dụng đến hết ngày {last_day}: " \
               f"{conclusion}"
    until = f"theo quy định áp dụng đến hết ngày {last_day} ({said})"
    verdict = re.match(r"(Có|Không|Tùy trường hợp)([.,:])\s*", conclusion)
    if verdict is None:
        return f"{until[0].upper()}{until[1:]}: {conclusion}"
    return f"{verdict[1]}, {until}{verdict[2]} {conclusion[verdict.end():]}"


def _replaced_by(doc: LawDocument, documents: Mapping[str, LawDocument]) -> str:
    """The documents that replaced ``doc``, and whether the corpus lacks them."""
    successors = doc.related("replaced_by")
    by = " và ".join(_name(r, documents) for r in successors) or "văn bản khác"
    return by if successors and all(r.held for r in successors) else f"{by} (kho dữ liệu chưa có)"


def _reading(places: Sequence[ProvisionNote]) -> ProvisionNote | None:
    """The note that says what an amending text in force writes instead of the district level, if any."""
    return next((n for n in places if n.reads_now), None)


def _reads_now(places: Sequence[ProvisionNote]) -> str:
    now = _reading(places)
    return READS_NOW.format(phrase=now.reads_now, source=now.reads_now_source) if now else ""


def replaced_warnings(citations: Sequence[Citation], documents: Mapping[str, LawDocument], day: str) -> list[str]:
    """Said before anything else: a cited document no longer applies on ``day``."""
    out = []
    for so_hieu in dict.fromkeys(c.so_hieu for c in citations):
        doc = documents.get(so_hieu)
        if doc is None or doc.in_force_on(day):
            continue
        successors = doc.related("replaced_by")
        by = " và ".join(_name(r, documents) for r in successors) or "văn bản khác"
        held = all(r.held for r in successors) and successors
        out.append(f"⚠️ {doc.short_title} đã hết hiệu lực từ {vn_date(doc.valid_to)}, được thay thế bởi {by}. "
                   + ("" if held else "Kho dữ liệu chưa có văn bản mới, nên nội dung trích dưới đây là quy định trước ngày đó; "
                      "hãy đối chiếu văn bản hiện hành."))
    return out


def currency_notes(citations: Sequence[Citation], documents: Mapping[str, LawDocument], day: str) -> list[str]:
    notes: list[str] = []
    for so_hieu in dict.fromkeys(c.so_hieu for c in citations):
        doc = documents.get(so_hieu)
        if doc is None:
            continue
        cited = [c for c in citations if c.so_hieu == so_hieu]
        for relation in doc.related("amended_by"):
            if not relation.held and relation.effective <= day:
                name = relation.title or relation.so_hieu
                notes.append(f"{doc.short_title} đã được sửa đổi bởi {name}, hiệu lực {vn_date(relation.effective)}; "
                             "kho dữ liệu chưa có văn bản sửa đổi này, nên lời văn trích có thể đã thay đổi.")
        places = _district_notes(doc, cited, day)
        if places:
            where = ", ".join(dict.fromkeys(_place(n.article, n.clause, doc) for n in places))
            notes.append(TWO_LEVEL_NOTE.format(date=vn_date(places[0].effective), where=where) + _reads_now(places))
        for n in doc.notes:
            if n.kind == "transitional" and n.effective <= day and any(
                    c.article == n.article and c.clause in (None, n.clause) for c in cited):
                notes.append(f"{_place(n.article, n.clause, doc).capitalize()} là quy định chuyển tiếp, chỉ áp dụng đến "
                             f"{vn_date(n.effective)}; nay đã hết thời hạn áp dụng.")
        if any(c.amended_by for c in cited):
            amending = next((documents.get(r.so_hieu) for r in doc.related("amended_by") if r.so_hieu in documents), None)
            if amending is not None and amending.text_quality == "ocr":
                notes.append(f"Lời văn sửa đổi của {amending.short_title} được đọc từ bản quét (OCR) của văn bản đã ký; "
                             "các lỗi nhận dạng rõ ràng đã được sửa và ghi lại trong kho dữ liệu.")
    return notes


def _place(article: int, clause: int | None, doc: LawDocument) -> str:
    return (f"khoản {clause} " if clause is not None else "") + f"Điều {article} {doc.short_title}"


# a document's status asked: the document named just before ('Nghị định 13/2023 còn hiệu lực không?'), not the
# status of something else ('sự đồng ý của tôi có tự hết hiệu lực không?')
_STATUS_QUESTION = re.compile(r"\b(?:luat|bo luat|nghi dinh|nd|thong tu|tt|van ban|quy dinh|\d+/\d{4}\S*)\b(?:\s+[^\s,.;:?!]+){0,10}?\s+"
                              r"(con|het|co|dang|da) (hieu luc|ap dung|duoc ap dung)\b"
                              # asked ('… đã bị thay thế chưa?'), not told ('theo Nghị định 70 đã được sửa đổi, …')
                              r"|\b(bi|da bi|duoc) (thay the|bai bo|sua doi)\b(?:\s+\S+){0,3}?\s+(chua|khong|ko)\b"
                              r"|\bcon (dung|su dung) duoc\b")


_WHEN_IN_FORCE = re.compile(r"\b(khi|tu khi|sau khi|ke tu khi|truoc khi)\b.{0,60}\b(co|con|het) hieu luc")


# 'Hồi đó Luật … còn hiệu lực, vậy tôi có được đổi thẻ không?': the status is told (of a past time), then the ask
_STATUS_TOLD = re.compile(r"\b(hoi do|luc do|khi do|thoi do|thoi diem do|hoi nam \d{4})\b.{0,60}\b(con|co|dang) "
                          r"(hieu luc|ap dung|duoc ap dung)\b"
                          # 'trong thời gian Nghị định còn áp dụng (đến hết năm 2025)': a time, not an ask
                          r"|\btrong (?:thoi gian|thoi ky|giai doan)\b.{0,40}\b(con|dang) (hieu luc|ap dung|duoc ap dung)\b"
                          r"|\b(con|dang) (hieu luc|ap dung|duoc ap dung) \(?(?:den|toi) (?:het )?(?:ngay|thang|nam) \d"
                          # ('… từ ngày nào vậy, …' closes an ask with 'vậy': no 'so' follows)
                          r"|\b(con|co|dang) (hieu luc|ap dung|duoc ap dung)\b[^?]{0,40}?([,.;]\s*|\s)(vay|nen|thi|vi the)\s+(?=[a-z])"
                          # 'Theo Nghị định 13/2023 đang áp dụng lúc đó, họ phải …': the time told after the status
                          r"|\b(con|dang) (hieu luc|ap dung|duoc ap dung) (luc do|hoi do|khi do|thoi do)\b"
                          # '… nghe nói Nghị định 58/2026 đã áp dụng từ 15/3/2026. Hồ sơ nộp trước đó thì …': told, dated
                          r"|\b(co|da|dang) (hieu luc|ap dung|duoc ap dung) (tu|ke tu) (ngay )?\d{1,2}[/-]\d{1,2}\b[^?]{0,40}[.;,]\s")


def asks_about_status(plain: str) -> bool:
    """'Nghị định 13/2023 còn hiệu lực không?', 'TT 46 đã bị thay thế chưa?' - not 'có bắt buộc đổi thẻ khi Luật
    Căn cước có hiệu lực không?', where the law's entry into force only dates what is asked, nor a status told
    before the ask."""
    return bool(_STATUS_QUESTION.search(plain)) and not _WHEN_IN_FORCE.search(plain) and not _STATUS_TOLD.search(plain)


def _name(relation: Relation, documents: Mapping[str, LawDocument]) -> str:
    if relation.so_hieu in documents:
        return documents[relation.so_hieu].short_title
    if relation.title and relation.so_hieu in relation.title:
        return relation.title
    return f"{relation.title} ({relation.so_hieu})" if relation.title else relation.so_hieu


def status_conclusion(doc: LawDocument, day: str, documents: Mapping[str, LawDocument]) -> str:
    """A direct answer on whether ``doc`` applies on ``day``, from its recorded relations and status."""
    checked = f" (tình trạng kiểm tra ngày {vn_date(doc.status_checked)})" if doc.status_checked else ""
    if not doc.in_force_on(day):
        successors = doc.related("replaced_by")
        by = " và ".join(_name(r, documents) for r in successors) or "văn bản khác"
        return f"Không. {doc.short_title} đã hết hiệu lực từ {vn_date(doc.valid_to)}, được thay thế bởi {by}{checked}."
    changes = [r for r in doc.related("amended_by") if r.effective <= day]
    since = f" từ {vn_date(doc.ngay_hieu_luc)}" if doc.ngay_hieu_luc[:1].isdigit() else ""
    if changes:
        by = "; ".join(f"{_name(r, documents)} (hiệu lực {vn_date(r.effective)})" for r in changes)
        return f"Có. {doc.short_title} có hiệu lực{since} và đã được sửa đổi, bổ sung bởi {by}{checked}."
    return f"Có. {doc.short_title} có hiệu lực{since}; chưa thấy nguồn nào nêu việc sửa đổi, thay thế hay bãi bỏ{checked}."
