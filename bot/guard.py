"""When not to answer: prompt injection, requests for a person's data, articles or documents the
sources do not have, and questions the retrieved evidence does not cover."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import Retrieved
from ingest.textnorm import nfc, strip_diacritics, syllables

WHERE_TO_ASK = (
    "Bạn có thể hỏi cơ quan Công an nơi cư trú, Cổng dịch vụ công quốc gia (dichvucong.gov.vn) "
    "hoặc một luật sư, trợ giúp viên pháp lý."
)
COVERAGE = (
    "Trợ lý chỉ trả lời về Cơ sở dữ liệu quốc gia về dân cư: kết nối, chia sẻ, khai thác thông tin "
    "(Thông tư 46/2022/TT-BCA), căn cước và số định danh cá nhân (Luật Căn cước 2023, Nghị định 70/2024/NĐ-CP), "
    "định danh và xác thực điện tử (Nghị định 69/2024/NĐ-CP) và bảo vệ dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)."
)

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


@dataclass(frozen=True)
class Refusal:
    reason: str  # injection | person_data | missing_article | missing_document | off_topic | weak_evidence
    message: str


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


def check_request(question: str) -> Refusal | None:
    """Refusals decided from the question alone."""
    plain = strip_diacritics(nfc(question)).lower()
    if len(content_words(question)) < 2:
        return Refusal("injection", "Câu hỏi không có nội dung pháp lý nào để trả lời. " + COVERAGE)
    if _PERSON_DATA.search(plain):
        return Refusal(
            "person_data",
            "Trợ lý không tra cứu và không cung cấp thông tin cá nhân của bất kỳ ai. Thông tin trong Cơ sở dữ liệu "
            "quốc gia về dân cư chỉ được khai thác theo quy định của pháp luật, qua cơ quan có thẩm quyền. "
            + WHERE_TO_ASK,
        )
    if _OFF_TOPIC.search(plain) and not _DOMAIN.search(plain):
        return Refusal("off_topic", "Các văn bản mà trợ lý đang có không đề cập đến vấn đề này. " + COVERAGE + " " + WHERE_TO_ASK)
    return None


def check_evidence(question: str, retrieved: list[Retrieved], min_similarity: float, min_overlap: float) -> Refusal | None:
    """Refuse when the best evidence neither resembles the question nor shares its words."""
    if not retrieved:
        return Refusal("weak_evidence", "Không tìm thấy đoạn văn bản nào liên quan. " + COVERAGE + " " + WHERE_TO_ASK)
    best_similarity = max((r.dense_similarity or 0.0) for r in retrieved[:5])
    words = set(content_words(question))
    top_words = set()
    for r in retrieved[:3]:
        top_words |= set(content_words(r.chunk.text))
    overlap = len(words & top_words) / max(len(words), 1)
    plain = strip_diacritics(nfc(question)).lower()
    evidence = " ".join(strip_diacritics(r.chunk.text).lower() for r in retrieved[:3])
    for term in _MUST_MATCH:
        if re.search(rf"\b{term}\b", plain) and not re.search(rf"\b{term}\b", evidence):
            return Refusal(
                "weak_evidence",
                "Các văn bản mà trợ lý đang có không quy định nội dung này (ví dụ mức phạt, giá, lệ phí cụ thể). "
                + COVERAGE + " " + WHERE_TO_ASK,
            )
    if best_similarity < min_similarity and (overlap < min_overlap or not _DOMAIN.search(plain)):
        return Refusal("weak_evidence", "Các văn bản mà trợ lý đang có không đề cập đến vấn đề này. " + COVERAGE + " " + WHERE_TO_ASK)
    return None


def evidence_features(question: str, retrieved: list[Retrieved]) -> dict[str, float]:
    """The numbers ``check_evidence`` looks at (for calibration and reports)."""
    words = set(content_words(question))
    top_words = set()
    for r in retrieved[:3]:
        top_words |= set(content_words(r.chunk.text))
    return {
        "similarity": max((r.dense_similarity or 0.0) for r in retrieved[:5]) if retrieved else 0.0,
        "overlap": len(words & top_words) / max(len(words), 1),
        "domain": float(bool(_DOMAIN.search(strip_diacritics(nfc(question)).lower()))),
    }
