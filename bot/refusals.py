"""Why the assistant does not answer, and what it tells the user instead: the one catalogue of refusal texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

WHERE_TO_ASK = (
    "Bạn có thể hỏi cơ quan Công an nơi cư trú, Cổng dịch vụ công quốc gia (dichvucong.gov.vn) "
    "hoặc một luật sư, trợ giúp viên pháp lý."
)
COVERAGE = (
    "Trợ lý chỉ trả lời về Cơ sở dữ liệu quốc gia về dân cư: kết nối, chia sẻ, khai thác thông tin "
    "(Thông tư 46/2022/TT-BCA), căn cước và số định danh cá nhân (Luật Căn cước 2023, Nghị định 70/2024/NĐ-CP), "
    "định danh và xác thực điện tử (Nghị định 69/2024/NĐ-CP) và bảo vệ dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP, "
    "đã được thay thế từ 01/01/2026; kho dữ liệu chưa có văn bản mới)."
)
NOT_COVERED = "Các văn bản mà trợ lý đang có không đề cập đến vấn đề này. " + COVERAGE + " " + WHERE_TO_ASK
# where a fine is set, named by its kind (the corpus holds no sanctions decree, so no number or article is given)
FINES_ELSEWHERE = ("Mức phạt vi phạm hành chính được quy định tại nghị định của Chính phủ về xử phạt vi phạm hành chính "
                   "trong lĩnh vực an ninh, trật tự, an toàn xã hội; kho dữ liệu không có nghị định này, hãy tra văn "
                   "bản đó hoặc hỏi cơ quan Công an.")


def asks_fine(plain: str) -> bool:
    """Whether a question (diacritics stripped) asks about a fine ('bị phạt bao nhiêu')."""
    return bool(re.search(r"\bphat\b", plain))


@dataclass(frozen=True)
class Refusal:
    reason: str  # empty | person_data | missing_article | missing_clause | missing_document | off_topic | weak_evidence
    message: str


def empty() -> Refusal:
    return Refusal("empty", "Câu hỏi không có nội dung pháp lý nào để trả lời. " + COVERAGE)


def person_data() -> Refusal:
    return Refusal(
        "person_data",
        "Trợ lý không tra cứu và không cung cấp thông tin cá nhân của bất kỳ ai. Thông tin trong Cơ sở dữ liệu "
        "quốc gia về dân cư chỉ được khai thác theo quy định của pháp luật, qua cơ quan có thẩm quyền. " + WHERE_TO_ASK,
    )


def off_topic() -> Refusal:
    return Refusal("off_topic", NOT_COVERED)


def outside_sources() -> Refusal:
    """A question of another area of law, named by none of the sources' words: pointed to that area's body, not the
    police."""
    return Refusal("off_topic", "Các văn bản mà trợ lý đang có không quy định vấn đề này. " + COVERAGE + " Bạn có thể "
                                "hỏi cơ quan nhà nước quản lý lĩnh vực đó (thủ tục của từng lĩnh vực được công bố trên "
                                "Cổng dịch vụ công quốc gia, dichvucong.gov.vn) hoặc một luật sư, trợ giúp viên pháp lý.")


def not_covered() -> Refusal:
    return Refusal("weak_evidence", NOT_COVERED)


def no_evidence() -> Refusal:
    return Refusal("weak_evidence", "Không tìm thấy đoạn văn bản nào liên quan. " + COVERAGE + " " + WHERE_TO_ASK)


def no_amounts(fine: bool = False) -> Refusal:
    """No sum the question asks is in the sources; a fine asked is pointed to where fines are set."""
    return Refusal(
        "weak_evidence",
        "Các văn bản mà trợ lý đang có không quy định nội dung này (ví dụ mức phạt, giá, lệ phí cụ thể). "
        + (FINES_ELSEWHERE + " " if fine else "") + COVERAGE + " " + WHERE_TO_ASK,
    )


# where another law's procedure is done, by its area of law: the asker is pointed there, not to the police
_AREA_OFFICE = {
    "hộ tịch": "Ủy ban nhân dân cấp xã nơi cư trú",
    "nuôi con nuôi": "Ủy ban nhân dân cấp xã nơi cư trú",
    "chứng thực": "Ủy ban nhân dân cấp xã hoặc một tổ chức hành nghề công chứng",
    "nghĩa vụ quân sự": "Ban Chỉ huy quân sự cấp xã nơi cư trú",
    "đăng ký doanh nghiệp, hộ kinh doanh": "cơ quan đăng ký kinh doanh (cấp xã đối với hộ kinh doanh, cấp tỉnh đối với "
                                           "doanh nghiệp)",
    "đất đai": "Văn phòng đăng ký đất đai hoặc Ủy ban nhân dân cấp xã nơi có đất",
    "thương mại điện tử": "Bộ Công Thương (Cổng thông tin quản lý hoạt động thương mại điện tử)",
    "công chứng, dân sự": "một tổ chức hành nghề công chứng",
    "giáo dục": "cơ quan, cơ sở giáo dục đã cấp văn bằng",
    "an toàn thực phẩm": "cơ quan quản lý an toàn thực phẩm của tỉnh hoặc Ủy ban nhân dân cấp xã nơi kinh doanh",
    "giao dịch điện tử, chữ ký số": "một tổ chức cung cấp dịch vụ chứng thực chữ ký số công cộng",
    "bảo hiểm xã hội": "cơ quan bảo hiểm xã hội nơi cư trú",
    "việc làm, bảo hiểm thất nghiệp": "trung tâm dịch vụ việc làm hoặc cơ quan bảo hiểm xã hội nơi cư trú",
    "lao động": "cơ quan quản lý nhà nước về lao động cấp tỉnh nơi người lao động làm việc",
    "bảo hiểm y tế": "cơ quan bảo hiểm xã hội nơi cư trú",
    "kinh doanh rượu, thuốc lá": "Ủy ban nhân dân cấp xã nơi kinh doanh hoặc Sở Công Thương",
    "xuất nhập cảnh": "cơ quan quản lý xuất nhập cảnh (Bộ Công an hoặc Công an cấp tỉnh)",
    "nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài": "cơ quan quản lý xuất nhập cảnh (Bộ Công an hoặc "
                                                                     "Công an cấp tỉnh)",
}


def other_law(procedure: str, area: str) -> Refusal:
    office = _AREA_OFFICE.get(area)
    where = (f"Bạn có thể hỏi {office}, Cổng dịch vụ công quốc gia (dichvucong.gov.vn) hoặc một luật sư, trợ giúp viên "
             "pháp lý.") if office else WHERE_TO_ASK
    return Refusal("off_topic", f"Các văn bản mà trợ lý đang có không quy định thủ tục {procedure} (thuộc pháp luật về "
                                f"{area}). " + COVERAGE + " " + where)


def missing_document(named: str) -> Refusal:
    return Refusal("missing_document",
                   f"Nguồn của trợ lý không có văn bản \"{named}\", nên không thể xác nhận nội dung được hỏi. " + COVERAGE)


def missing_article(article: int, document: str, held: str | None) -> Refusal:
    held_note = f" (kho dữ liệu có: {held})" if held else ""
    return Refusal("missing_article",
                   f"Không có Điều {article} của {document} trong nguồn của trợ lý{held_note}, "
                   "nên không thể xác nhận nội dung câu hỏi. " + WHERE_TO_ASK)


def missing_clause(clause: int, article: int, document: str, held: tuple[int, ...] = ()) -> Refusal:
    held_note = f" (kho dữ liệu có: khoản {', '.join(map(str, held))})" if held else ""
    return Refusal("missing_clause",
                   f"Không có khoản {clause} Điều {article} của {document} trong nguồn của trợ lý{held_note}, "
                   "nên không thể xác nhận nội dung câu hỏi. " + WHERE_TO_ASK)
