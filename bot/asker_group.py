"""Articles written for one group of people: 'Trình tự, thủ tục cấp tài khoản định danh điện tử đối với người nước
ngoài' (Điều 11 Nghị định 69/2024) beside its twin 'đối với công dân Việt Nam' (Điều 10). A question that names
no foreigner, no organisation and no người gốc Việt Nam chưa xác định được quốc tịch is a citizen's: the article for
another group answers someone else's question, however close its words (measured on every set: the ranker put
such an article first for 9 questions, none of which it answered).
"""

from __future__ import annotations

import re

# group -> (what an article's title says when written for that group alone, what a question says to be of it)
_GROUPS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "foreigner": (
        re.compile(r"\bdoi voi nguoi nuoc ngoai\b"),
        re.compile(r"\b(nuoc ngoai|ngoai quoc|quoc tich|ho chieu|the thuong tru|the tam tru|viet kieu|nguoi (?:nhat|han|"
                   r"trung quoc|my|phap|duc|anh|uc|nga|an do|thai|lao|campuchia|dai loan|singapore|malaysia|philippines|"
                   r"indonesia|canada))\b")),
    "organisation": (
        re.compile(r"\bdoi voi co quan, to chuc\]?$"),
        re.compile(r"\b(co quan|to chuc|doanh nghiep|cong ty|cty|hop tac xa|ho kinh doanh|ngan hang|truong|benh vien|"
                   r"hoi|don vi|phap nhan|dai dien theo phap luat)\b")),
    "stateless": (
        re.compile(r"\bnguoi goc viet nam chua xac dinh duoc quoc tich\b"),
        re.compile(r"\b(goc viet|chua xac dinh (?:duoc )?quoc tich|giay chung nhan can cuoc)\b")),
}
_ALSO_CITIZENS = re.compile(r"\bcong dan viet nam\b")  # 'Quyền, nghĩa vụ của công dân Việt Nam và người gốc Việt …'


def for_other_group(title_plain: str, question_plain: str) -> bool:
    """Whether an article (by its title, plain and lower-case) is written for a group the question does not name."""
    if _ALSO_CITIZENS.search(title_plain):
        return False
    return any(title.search(title_plain) and not asked.search(question_plain) for title, asked in _GROUPS.values())
