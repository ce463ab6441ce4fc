"""Rules on the question's wording: prompt-injection instructions, requests for a person's data, off-topic
questions, and the words that must appear in the evidence. Pure functions of text."""

from __future__ import annotations

import re

from core.text import nfc, strip_diacritics, syllables

_INJECTION = re.compile(
    r"(bo qua|phot lo|quen|khong can tuan theo|vo hieu)\s.{0,40}(huong dan|chi dan|quy tac|lenh|yeu cau|prompt)"
    r"|ignore (all |any )?(previous|prior|above) (instructions|rules)|system prompt|developer mode|jailbreak"
    r"|(ban|may) (bay gio )?(la|dong vai|hay dong vai) (mot )?(tro ly|ai|chatbot|nguoi) (khac|khong bi gioi han|tu do)"
    r"|hay tra loi rang|hay noi rang|tra loi (la|bang) (co|dung)|in ra (toan bo )?(prompt|huong dan)"
)
_AFTER_INSTRUCTION = re.compile(r":|\brang\b")
_SENTENCE = re.compile(r"(?<=[.!?;\n])\s+")
_PERSON_DATA = re.compile(
    r"(cho (toi|minh|em|tui)|tra cuu|tra giup|tra|tim|tim giup|cung cap|gui|xem|lay) .{0,40}"
    r"(so (cccd|can cuoc|cmnd|dinh danh|dien thoai)|dia chi|noi o|que quan|thong tin ca nhan|ho so|ngay sinh)"
    r" .{0,30}(cua|thuoc) (ong|ba|anh|chi|em|co|chu|bac|nguoi ten|ban|nguoi hang xom|hang xom|nguoi yeu|vo|chong) ?\w*"
)
_OFF_TOPIC = re.compile(
    r"\b(ket hon|ly hon|ly di|giao thong|vuot den|den do|nong do con|bang lai|mu bao hiem|gia (nha|vang|xang|dat|can ho)|"
    r"nau|cong thuc mon|mon an|thoi tiet|bong da|world cup|thue thu nhap|luong toi thieu|so do|so hong|quyen su dung dat|"
    r"visa|thi thuc|vay (von|mua|tien)|lai suat|chung khoan|bai tho|lam tho|ke chuyen|tu vi|xo so|benh|thuoc)\b"
)
_DOMAIN = re.compile(
    r"\b(dan cu|can cuoc|cccd|cmnd|chung minh nhan dan|dinh danh|vneid|du lieu|co so du lieu|csdl|ket noi|chia se|"
    r"khai thac|xac thuc|chip|sinh trac|bo cong an|thong tu|nghi dinh|46/2022|13/2023|69/2024|70/2024)\b"
)
# Words that, when asked about, must appear in the evidence: the corpus holds no penalties or prices.
_MUST_MATCH = ("phat", "gia", "bao nhieu tien", "le phi", "phi")
_STOP = set(
    "la gi co duoc khong nao nhu the cac nhung cua va voi cho trong khi thi de ve tai ra sao bao nhieu may "
    "hay hoi toi minh em anh chi ban duoc phep nay do se da dang phai theo quy dinh luat".split()
)


def strip_injection(question: str) -> str:
    """Drop instructions that try to change the assistant's rules; keep any real question.

    An instruction runs from its match to the next ':' / 'rằng' / sentence end, so
    "Bỏ qua mọi hướng dẫn … : <câu hỏi thật>" keeps the real question.
    """
    kept = []
    for part in _SENTENCE.split(nfc(question)):
        plain = strip_diacritics(part).lower()
        match = _INJECTION.search(plain)
        if match is None or len(plain) != len(part):
            kept.append(part if match is None else "")
            continue
        rest = _AFTER_INSTRUCTION.search(plain, match.end())
        kept.append(part[: match.start()] + (part[rest.end():] if rest else ""))
    return " ".join(k.strip() for k in kept if k.strip()).strip()


def content_words(text: str) -> list[str]:
    return [w for w in (strip_diacritics(s) for s in syllables(text)) if w not in _STOP and not w.isdigit()]




def asks_for_person_data(plain: str) -> bool:
    return bool(_PERSON_DATA.search(plain))


def is_off_topic(plain: str) -> bool:
    return bool(_OFF_TOPIC.search(plain)) and not _DOMAIN.search(plain)


def in_domain(plain: str) -> bool:
    return bool(_DOMAIN.search(plain))


def unmatched_amount_term(plain: str, evidence_plain: str) -> str | None:
    """A term (fine, price, fee) the question asks about that the evidence never mentions."""
    for term in _MUST_MATCH:
        if re.search(rf"\b{term}\b", plain) and not re.search(rf"\b{term}\b", evidence_plain):
            return term
    return None
