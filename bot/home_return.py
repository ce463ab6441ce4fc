"""Whether the asker must go back to their home town or country to do something: 'Tôi ở trọ tại Bình Dương … có
phải về tận quê mới đề nghị sửa được không?', 'Tôi có thể đề nghị sửa ngay từ Đài Loan mà không phải về nước
không?'. The law answers by where the act may be done: 'trực tiếp tại cơ quan Công an nơi gần nhất', 'không phụ
thuộc vào nơi cư trú', or online ('qua Cổng dịch vụ công quốc gia hoặc qua Ứng dụng định danh quốc gia'). A
sentence saying so, for the act asked, answers 'Không' (no need to go back) or 'Có' (it can be done from afar),
'Tùy trường hợp' when it holds only in the cases it names; none found, the other readers decide.
"""

from __future__ import annotations

import re

from bot.extract import Segment, is_heading_like
from bot.wording import Written, lower_first, rank_sentences, sentence_of, with_full_stop

# going back to the home town, the place of permanent residence or the country ('về tận quê', 'về nước', 'về
# công an huyện nơi thường trú')
_BACK = (r"(?:ve|quay ve|tro ve) (?:tan |lai )?(?:que|nuoc|viet nam|noi thuong tru|dia phuong|"
         r"cong an (?:\w+ ){0,3}(?:noi thuong tru|o que|que))")
_MUST_GO_BACK = re.compile(rf"\b(?:phai|bat buoc|buoc phai)\b(?: \w+){{0,3}} {_BACK}\b")
_WITHOUT_GOING_BACK = re.compile(rf"\bkhong (?:phai|can)(?: \w+){{0,2}} {_BACK}\b")
# 'nộp ngay tại công an phường ở Bình Dương được không, hay phải về quê?': the first alternative is what is asked
_HERE_OR_BACK = re.compile(rf"\b(?:duoc|co the)\b.{{0,80}}\b(?:khong|ko)\b,? hay (?:la )?(?:phai|bat buoc)(?: \w+){{0,2}} "
                           rf"{_BACK}\b")
# where the law lets the act be done: anywhere, at the nearest office, or online
_ANYWHERE = re.compile(r"không phụ thuộc (?:vào )?nơi cư trú|nơi gần nhất|trong phạm vi cả nước|Cổng dịch vụ công|"
                       r"Ứng dụng định danh quốc gia|trực tuyến", re.I)
_OPENS_WITH_CASE = re.compile(r"(?:Trường hợp|Khi|Nếu)\b", re.I)  # not 'đối với trường hợp quy định tại …' (a reference)
_SHARE = 0.5  # the sentence must match the question about as well as the best one: it is about the act asked


def return_asked(part: str, question: str) -> str | None:
    """'Có' when the question asks whether the act can be done without going back, 'Không' when it asks whether one
    must go back (the answer given when the law lets it be done from afar); None when neither is asked. The whole
    question is read for '… được không, hay phải về quê?', which is split in two parts."""
    if _WITHOUT_GOING_BACK.search(part) or _HERE_OR_BACK.search(question):
        return "Có"
    if _MUST_GO_BACK.search(part):
        return "Không"
    return None


def home_return(part: str, question: str, segments: list[Segment], words: list[str],
                context: list[str]) -> Written | None:
    """The answer from the sentence that lets the act be done where the asker is, if the evidence holds one."""
    verdict = return_asked(part, question)
    if verdict is None:
        return None
    ranked = rank_sentences(words, context, segments)
    # a lead-in ('Trình tự, thủ tục … thông qua Cổng dịch vụ công …:') names a channel without saying for which case
    free = [r for r in ranked if _ANYWHERE.search(r.segment.text) and r.score > 0 and not _introduces(r.segment)]
    if not ranked or not free or free[0].score < _SHARE * ranked[0].score:
        return None
    best = free[0].segment
    if _OPENS_WITH_CASE.match(best.text):  # 'Trường hợp bị mất thẻ … thì …': from afar only in the cases it names
        verdict = "Tùy trường hợp"
    return Written(f"{verdict}. Theo {best.label}: {lower_first(with_full_stop(sentence_of(best)))}", (best,))


def _introduces(segment: Segment) -> bool:
    return is_heading_like(segment) or segment.text.rstrip().endswith(":")
