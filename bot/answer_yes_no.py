"""Yes/no parts: "Có" / "Không" / "Tùy trường hợp", decided by the modality of the sentence that answers (được,
không được, nghiêm cấm, phải, không phải, theo nhu cầu …) against what is asked, and by the numbers a question
states (an age inside or outside the group a khoản rules), never by a keyword alone; the sentence follows, its
condition or exception included, with its citation. The story told before the ask can turn the answer: a
requirement of the sentence it says is not met ('chưa đạt cấp độ 3', 'không kèm sự đồng ý', a purpose of gain against
'phù hợp với chức năng, nhiệm vụ') makes it 'Không, vì …'; a claim someone told the asker ('cán bộ bảo …, đúng không?')
is confirmed only by a sentence that states it, else 'Không, quy định hiện có không nói như vậy' with what it does say.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from bot import extract as X
from bot.answer_lists import first_item, list_of, referred_lines
from bot.answer_types import ASKS_ANY_HARM, Part, act_words, asked_modality, is_claim, last_sentence, question_parts, tells_only
from bot.extract import Segment
from bot.guard import content_words
from bot.question import Question
from bot.ranker import word_pairs
from bot.wording import RELATIVE, Scored, Written, accented, agency_duty, asker_subject, capitalised, duty_bearer, lower_first, rank_sentences, said_in_turn, sentence_of, siblings, source_cut, stated_with_label, with_full_stop, with_lead
from core.legal_refs import resolve_so_hieu
from core.text import nfc, plain_text


def _verdict(asked: str, m: X.Modality) -> str | None:
    """'Có' / 'Không' for what is asked (permit, must, forbid, not_must, fact) given what the law does."""
    if asked == "permit":
        if m.forbid:
            return "Không"
        if m.permit or m.must or m.not_must:
            return "Có"
        # a plain statement that the act is done ('Cơ sở dữ liệu về y tế … chia sẻ thông tin … cho …'), if it is
        # the best match and names the verb asked
        return "Có?" if not (m.any or m.negated or m.condition or m.procedural) else None
    if asked == "must":
        if m.forbid or m.not_must:
            return "Không"
        return "Có" if (m.must or m.procedural) else None
    if asked == "forbid":
        if m.forbid:
            return "Có"
        return "Không" if (m.permit or m.not_must) else None
    if asked == "not_must":
        if m.must or m.procedural:
            return "Không"
        return "Có" if m.not_must else None
    if m.forbid or m.freed or (m.not_must and not m.permit):
        return "Không"
    if m.permit or m.must:
        return "Có"
    return "Không" if m.negated else "Có?"  # 'Có?': a plain statement of the fact asked, if it is the best match


# Who a rule is for, read from its first words, and who asks, read from the words before the modal verb asked.
_PERSON_RULE = re.compile(r"^(?:Cá nhân|Công dân|Người dân|Chủ thể)\b")
_BODY_RULE = re.compile(r"^(?:Cơ quan|Tổ chức|Doanh nghiệp|Bộ|Ủy ban|Công an|Người đứng đầu|Thủ trưởng)\b")
_BODY_ASKER = re.compile(r"\b(?:co quan|to chuc|don vi|cong ty|doanh nghiep|ngan hang|cong an|bo|uy ban|so|chung toi)\b")
_PERSON_ASKER = re.compile(r"\b(?:toi|em|minh|nguoi dan|cong dan|ca nhan)\b")
_ASKED_MODAL = re.compile(r"\b(?:co duoc|duoc|co phai|phai|co can|can|co bi|bi)\b")
OTHER_GROUP = 0.7  # a rule for another group ('Cơ quan nhà nước … được khai thác') answers a person's question less well


def asker_group(part_plain: str) -> str | None:
    """'person' or 'body': who asks whether they may or must ('người dân có được xem …' -> person), from the asking
    sentence's words before the modal verb; None when it cannot be told."""
    asking = last_sentence(part_plain)
    modal = _ASKED_MODAL.search(asking)
    subject = asking[:modal.start()] if modal else ""
    if _BODY_ASKER.search(subject):
        return "body"
    return "person" if _PERSON_ASKER.search(subject) else None


def _other_group(asker: str | None, segment: Segment) -> bool:
    """Whether the sentence rules for the other group than the asker's ('Cá nhân được khai thác thông tin của mình'
    is a person's rule; 'Tổ chức và cá nhân …' is both, so neither)."""
    if asker is None:
        return False
    head = " ".join(segment.text.split()[:8])
    group = "person" if _PERSON_RULE.match(head) else "body" if _BODY_RULE.match(head) and "cá nhân" not in head.lower() else None
    return group is not None and group != asker


# a body by its kind and its first words ('Cục Cảnh sát quản lý …', 'Cục An ninh mạng …'): a claim naming one body
# for what the law gives to another of the same kind is wrong
_BODY = re.compile(r"\b(cuc|vu|bo|so|ban|tong cuc) ((?:[a-z]+ ){2}[a-z]+)")
_BODY_KINDS_NAMED = ("cuc", "tong cuc", "vu")  # 'bộ', 'sở', 'ban' are also everyday words: not compared


# … and the holder of an office the law gives a power to ('Giám đốc Công an tỉnh' claimed, 'Cục trưởng Cục Cảnh sát
# quản lý hành chính …' stated)
_HOLDER = re.compile(r"\b(giam doc cong an(?: cap)? (?:tinh|thanh pho)|truong cong an (?:cap )?(?:xa|phuong|huyen|quan)|"
                     r"cuc truong|chu tich (?:uy ban nhan dan|ubnd)(?: cap)? (?:tinh|xa|huyen)|bo truong)\b")


_MINISTRY = re.compile(r"\bthuoc bo ([a-z]+ [a-z]+)")


def _other_body(asked_plain: str, segment: Segment) -> bool:
    """Whether the question claims a body ('… là Cục An ninh mạng …') where the sentence names another of the same
    kind ('… là Cục Cảnh sát quản lý hành chính …') and not the one claimed; or the holder of an office where the
    sentence gives the power to another holder."""
    said = plain_text(segment.text).lower()
    claimed = [(k, n) for k, n in _BODY.findall(asked_plain) if k in _BODY_KINDS_NAMED]
    stated = {(k, n) for k, n in _BODY.findall(said) if k in _BODY_KINDS_NAMED}
    if bool(claimed and stated) and not any(c in stated for c in claimed) and \
            any(k == c[0] for k, _ in stated for c in claimed):
        return True
    # … the holder of the power, or the ministry a body belongs to ('Cục Kỹ thuật nghiệp vụ thuộc Bộ Khoa học …'
    # claimed, '… thuộc Bộ Công an' stated)
    return _names_another(_HOLDER, asked_plain, said) or _names_another(_MINISTRY, asked_plain, said)


def _names_another(pattern: re.Pattern[str], asked_plain: str, said: str) -> bool:
    """Both name one (of ``pattern``) and none is the same."""
    claimed, stated = set(pattern.findall(asked_plain)), set(pattern.findall(said))
    return bool(claimed and stated) and not claimed & stated


CLAIM_SUPPORT = 0.5  # share of a claim's words the confirming sentences must hold (blind sets: wrong 'Có' at 0.28–0.35)


def _support(question: Question, used: Sequence[Segment]) -> float:
    """Share of the question's content words that the sentences an answer rests on hold (their lead-ins included)."""
    asked = set(content_words(question.plain))
    said = set(content_words(plain_text(" ".join(f"{s.lead} {s.text}" for s in used)).lower()))
    return len(asked & said) / len(asked) if asked else 0.0


def _disjoint(asked: X.Quantity, stated: X.Quantity) -> bool:
    """Whether two ranges of one unit cannot overlap: '< 6' and '>= 14', '>= 60' and '< 14', '10' and '>= 14'."""
    if asked.relation == "<" and stated.relation == ">=":
        return stated.value >= asked.value
    if asked.relation == ">=" and stated.relation == "<":
        return stated.value <= asked.value
    if asked.relation == "=" and stated.relation in ("<", ">="):  # 'con tôi 10 tuổi' is outside 'từ đủ 14 tuổi'
        return (asked.value < stated.value) == (stated.relation == ">=")
    return False


# 'nếu tôi không bấm đồng ý thì … có tự … được không?' against '… phải được chủ thể … đồng ý': no
_WITHOUT_CONSENT = re.compile(r"\b(?:khong|chua) (?:he )?(?:(?:bam|nhan|chiu|xac nhan|ky)(?: hay \w+(?: \w+)?)? )?(?:dong y|cho phep)\b"
                              r"|\b(?:khong|chua he|chua) (?:co|kem|kem theo|xin|lay) (?:y kien |su )?dong y\b|\bthieu (?:y kien|su dong y)\b"
                              r"|\btu y\b|\bkhong (?:can )?(?:hoi|xin) (?:y kien|y|phep)\b")
# 'có tự đi làm một mình được không?': whether one may act alone (the story before it may say 'phải …'); a rule that
# requires a representative answers it, whether or not it names the act ('không cần cùng người đại diện' requires none)
_ALONE_ASKED = re.compile(r"\b(?:mot minh|tu (?:di|minh) (?:lam|nop|dang ky))\b.{0,40}\bduoc (?:khong|ko|hong)\b")
_ACCOMPANIED = re.compile(r"(?<!không cần )\b(?:phải có|cùng|cùng với) người (?:đại diện|giám hộ)")
# '… có phải tự đi khai không, hay bên nào sẽ cập nhật / hay số đó được cấp thế nào?': the asker's duty or another's
# work ('hay mình sẽ được cấp' is the asker again)
_SELF_OR_BODY = re.compile(r"\b(?:toi|minh|em|chung toi)\b.{0,20}\bphai\b.{0,100}\b(?:khong|ko|hong)\b,? hay (?:la )?"
                           r"(?:(?:ben|co quan|ai|don vi|cong an)\b|(?!(?:toi|minh|em|chung toi) )(?:[a-z]+ ){1,3}(?:se )?duoc "
                           r"(?:cap|chuyen|xac lap|thuc hien|dong bo)\b)")
# what a body does as far as it can or when it sees the need: no duty owed to whoever asks for it
_AT_DISCRETION = re.compile(r"\b(?:trong điều kiện, khả năng|trong trường hợp cần thiết|khi cần thiết|khi thấy cần thiết)\b", re.I)
# 'nghiêm cấm … chia sẻ … trái phép …': forbidding the unlawful act says nothing of whether the act is lawful in the
# case asked ('CSDL y tế có được chia sẻ sang CSDL dân cư không?'); such a rule answers only if nothing else does —
# unless the question tells the act as unlawful ('tự ý', 'không có sự đồng ý', 'lén')
_UNLAWFUL_ONLY = re.compile(r"\b(?:trái phép|trái quy định|trái pháp luật|không đúng quy định|không được phép)\b")
_UNLAWFUL_ASKED = re.compile(r"\b(?:trai phep|trai quy dinh|trai luat|trai phap luat|tu y|len|khong (?:co )?(?:su )?"
                             r"(?:dong y|cho phep|xin phep)|chua (?:duoc )?(?:dong y|cho phep)|gia mao|lam gia)\b")
_CONSENT_NEEDED = re.compile(r"\b(?:phải|chỉ)\s+(?:được|có|khi có|khi được|thể hiện rõ|thể hiện)\s+(?:sự\s+|ý kiến\s+)?(?:[^,;.]{0,60}?\s)?đồng ý\b"
                             r"|\b(?:khi|sau khi) (?:được|có)\s+(?:sự\s+)?(?:[^,;.]{0,80}?\s)?đồng ý\b")


_EXCEPTION = re.compile(r"\btrừ (?!(?:các |những )?trường hợp (?:pháp luật|luật|quy định|sau)|(?:các |những )?trường hợp sau)"
                        r"([^;.:]+)")
EXCEPTION_WORDS = 2  # specific words a question must share with an exception ('trừ lực lượng Quân đội …') to be in it


def _excepted(words: list[str], segment: Segment) -> str | None:
    """The exception a sentence makes ('Nghề nghiệp, trừ lực lượng Quân đội nhân dân, Công an nhân dân, Cơ yếu') when
    the question is about it ('nghề nghiệp của quân nhân như tôi có được lưu không?'): the answer turns round."""
    match = _EXCEPTION.search(segment.text)
    if match is None:
        return None
    phrase = match.group(1).strip(" ,")
    own = set(plain_text(phrase).split()) - set(plain_text(segment.text[:match.start()]).split()) - X.GENERIC_WORDS
    return phrase if len(own & set(words)) >= EXCEPTION_WORDS else None


_AGE_RANGE = re.compile(r"\btu du (\d+) tuoi den duoi (\d+) tuoi\b")


def _states_value(asked_text: str, segment: Segment) -> bool:
    """Whether the sentence states a value the question names, other than an age ('mức độ 02' for 'mức 2')."""
    stated = {(q.unit, q.value) for q in X.quantities(segment.text)}
    return any((q.unit, q.value) in stated for q in X.quantities(asked_text) if q.unit != "tuổi")


# 'người dưới 14 tuổi, người được giám hộ, người được đại diện': the age is one group of several, not a bound
_AGE_AMONG_GROUPS = re.compile(r"\bngười (?:từ đủ \d+ tuổi đến )?(?:dưới|từ đủ) \d+ tuổi(?: trở lên)?(?:,| hoặc| và) người\b")


_ABROAD_ASKED = re.compile(r"\b(?:o|tai|song o|dinh cu o|cu tru o|sinh song o) nuoc ngoai\b")


def _abroad_against_home(asked_text: str, segment: Segment) -> bool:
    """The question places the person abroad; the rule covers only those in Việt Nam ('người gốc Việt Nam chưa xác
    định được quốc tịch đang sinh sống tại Việt Nam')."""
    text = f"{segment.lead} {segment.text}".lower()
    return bool(_ABROAD_ASKED.search(asked_text)) and "sinh sống tại việt nam" in text and "nước ngoài" not in text


_HOURS = {"giờ": 1, "ngày": 24, "ngày làm việc": 24, "tháng": 720, "năm": 8760}


def _in_hours(found: list[X.Quantity]) -> list[X.Quantity]:
    """Time limits in one unit ('30 ngày làm việc' and '72 giờ' are both hours), other quantities as they are."""
    return [X.Quantity(q.value * _HOURS[q.unit], "giờ", q.relation) if q.unit in _HOURS else q for q in found]


def numbers_against(asked_text: str, segment: Segment, one_time_unit: bool = False) -> str:
    """How the numbers a question states ('9 chữ số', 'dưới 14 tuổi') meet those of the sentence, unit by unit:
    'other' (the sentence speaks of another range of the same number: 'từ đủ 14 tuổi trở lên' for 'dưới 14
    tuổi'), 'contradicts' (same unit, none of its values: 12 chữ số for 9), else 'ok'."""
    asked = X.quantities(asked_text)
    stated = X.quantities(f"{segment.lead} {segment.text}")  # a điểm's range is in its lead-in ('từ đủ 14 tuổi …:')
    if one_time_unit:  # a claim's time limit against the law's, whatever the unit
        asked, stated = _in_hours(asked), _in_hours(stated)
    verdict = "ok"
    for q in asked:
        same_unit = [s for s in stated if s.unit == q.unit]
        if not same_unit or (q.unit == "tuổi" and _AGE_AMONG_GROUPS.search(f"{segment.lead} {segment.text}")):
            continue
        if any(s.value == q.value and (s.relation == q.relation or "=" in (s.relation, q.relation)) for s in same_unit):
            continue
        if any(s.value == q.value for s in same_unit):
            return "other"
        ranges = [(int(a), int(b)) for a, b in _AGE_RANGE.findall(plain_text(f"{segment.lead} {segment.text}"))]
        if q.unit == "tuổi" and q.relation == "=" and ranges and len(same_unit) == 2 * len(ranges) \
                and not any(a <= q.value < b for a, b in ranges):
            return "other"  # 'con 4 tuổi' is outside 'từ đủ 06 tuổi đến dưới 14 tuổi'
        if all(_disjoint(q, s) for s in same_unit):
            return "other"  # 'từ đủ 14 tuổi trở lên' says nothing of 'dưới 6 tuổi'
        if q.relation == "=" and all(s.relation == "=" for s in same_unit):
            verdict = "contradicts"
    return verdict


def yes_no(question: Question, part: Part, segments: list[Segment], words: list[str], context: list[str]) -> Written | None:
    if (own := _own_group_without_consent(question, segments)) is not None:
        return own
    asking = last_sentence(part.text)
    story = _story_of(question.plain, part)
    if _EXCEPTION_ASKED.search(asking) and \
            (excepting := _with_exception(words, context, segments, bool(_ABSOLUTE_ASKED.search(asking)))):
        return excepting
    # what the asking sentence asks ('… tôi có phải nộp lệ phí không'), not a modal word of the story told before it
    # ('chưa từng có thẻ căn cước' reads 'có thể' without diacritics); the whole part when it asks none
    asked = asked_modality(asking)
    asked = asked if asked != "fact" else asked_modality(part.text)
    claim = is_claim(question.plain) or is_claim(part.text)
    told = claim and _reported(question)  # a claim someone told the asker, not a plain ask
    act = act_words(part.text)
    ranked = rank_sentences(words, context, segments, act=act)
    best_any = max((r.score for r in ranked), default=0.0)
    if best_any <= 0:
        return None
    numbered = bool(X.quantities(part.text))
    # the numbers the asking sentence claims, or the story when it points back at it ('… 80 tuổi … nhu vay that a')
    claimed = X.quantities(part.text if _POINTS_AT_STORY.search(asking) else asking) if claim else []
    asker = asker_group(part.text)
    verb = asked_verb(question, act) if act else ""
    done = _done_to_asked(question, verb)
    other_range: list[Segment] = []
    asked_dates = X.dates_in(part.text)
    candidates: list[tuple[Scored, str]] = []
    unmet: set[int] = set()  # sentences whose requirement the story says is not met
    omitted = omitted_acts(part.text)
    alone = bool(_ALONE_ASKED.search(asking))  # the asking sentence, not the story's 'phải'
    on_omission = [s for s in segments if names_omission(s, omitted)]
    # what the asker would leave undone ('không làm thẻ …', 'tắt việc lưu nhật ký …')
    skipped = omitted_acts(re.sub(r"\bko\b", "khong", asking)) + _STOPPED.findall(asking)
    if on_omission:
        # 'không làm thẻ có vi phạm không?': the rule on not doing that act ('Không thực hiện thủ tục cấp thẻ …')
        segments = on_omission
        ranked = rank_sentences(words, context, segments, act=act)
        best_any = max((r.score for r in ranked), default=0.0)
    numbers_of = {s.index: numbers_against(part.text, s, claim) for s in segments} if numbered else {}
    stated_as_asked = numbered and any(_states_value(part.text, s) for s in segments if numbers_of[s.index] != "other")
    for scored in ranked:
        if asked_dates & X.dates_in(scored.segment.text):
            scored = Scored(scored.score * DATE_MATCH, scored.segment)  # the rule for the very date asked about
        if scored.score < RELATIVE * best_any / 1.3:
            continue
        segment = scored.segment
        numbers = numbers_of.get(segment.index, "ok")
        if numbers == "other":
            other_range.append(segment)  # a rule for another age group says nothing about the one asked …
            continue
        if _abroad_against_home(part.text, segment) and scored.score >= RELATIVE * best_any:
            candidates.append((scored, "Không*", True))  # 'đang sống ở nước ngoài' against '… tại Việt Nam'
            continue
        if claim and scored.score >= RELATIVE * best_any and _other_body(question.plain, segment):
            candidates.append((scored, "Không*", True))  # 'theo khoản 4 Điều 3, cơ quan … là Cục An ninh mạng …'
            continue
        if numbers == "contradicts" and (claim or (asked in ("permit", "must") and not stated_as_asked)) \
                and scored.score >= RELATIVE * best_any:
            # 'đăng ký mức 2 cho con 4 tuổi được không?' against 'dưới 06 tuổi … mức độ 01': no, only level 01 —
            # unless another rule for the age asked does give the value asked
            candidates.append((scored, "Không*", True))
            continue
        m = X.modality(segment)
        verdict = _verdict(asked, m)
        if verdict == "Không" and not m.forbid and _leaves_out_another(part.text, segment):
            verdict = None  # '…, không bao gồm thông tin về nhóm máu' says 'no' only of what it leaves out
        if act and not X.overlap(act, segment) and not _names_by_synonym(question, act, segment):
            verdict = None  # a sentence that does not name the act asked about answers nothing about it
        if verdict == "Có?" and asked == "permit" and not _done_as_asked(verb, part.text, segment):
            verdict = None  # 'Người được cấp thẻ căn cước là công dân Việt Nam' does not say a foreigner may get one
        if verdict == "Có?":
            verdict = "Có" if scored.score >= 0.9 * best_any else None
        if verdict == "Có" and asked == "permit" and act and not names_verb(verb, segment):
            verdict = None  # a permission to do something else ('được khai thác') is no permission to 'bán'
        if verdict == "Có" and done and not names_verb(done, segment, modal_scope=True):
            verdict = None  # 'người bị giữ thẻ … được trả lại thẻ': what is permitted is returning it, not keeping it
        if verdict == "Không" and asked == "forbid" and not act and ASKS_ANY_HARM.search(part.text):
            verdict = None  # 'làm vậy có sao không?' with no act named: only a prohibition answers, never a bare 'được'
        if verdict in ("Có", "Có?") and claim and _number_unsaid(claimed, segment):
            verdict = None  # 'phải chờ 30 ngày thẩm định, đúng không?' is not confirmed by a sentence naming no days
        if verdict in ("Có", None) and asked == "permit" and m.must and not m.permit and _duty_left_undone(skipped, segment):
            # 'không làm thẻ như vậy có được không?' against 'phải làm thủ tục cấp thẻ': a duty, which decides (a
            # permission for another age group beside it does not make it 'it depends')
            verdict = "Không*"
        if verdict == "Có" and asked == "must" and not m.must and _AT_DISCRETION.search(segment.text):
            # '… có bắt buộc phải sang làm lưu động không?' against '… tổ chức lưu động … trong điều kiện, khả năng'
            verdict = "Không"
        if alone and _ACCOMPANIED.search(with_lead(segment)):
            verdict = "Không"  # 'mẹ có tự đi làm một mình được không?' against 'phải có người đại diện hợp pháp hỗ trợ'
        if verdict not in ("Không", "Không*") and asked in ("permit", "fact") and not m.forbid \
                and (not act or X.overlap(act, segment) or _names_by_synonym(question, act, segment)) \
                and (((m.must or m.condition) and _condition_unmet(story, asking, segment))
                     or _purpose_unmet(story, segment)):
            verdict = "Không"  # 'máy chủ chưa làm hồ sơ cấp độ … có được kết nối không?' against 'phải đáp ứng … cấp độ 3'
            unmet.add(segment.index)

        if verdict:
            direct = {"permit": m.permit, "must": m.must or m.not_must, "forbid": m.forbid,
                      "not_must": m.not_must or m.must}.get(asked, False)
            weighted = scored.score * (1.3 if direct else 1.0) * (OTHER_GROUP if _other_group(asker, segment) else 1.0)
            if weighted >= RELATIVE * best_any:
                candidates.append((Scored(weighted, segment), verdict, direct))
    if not candidates:
        return _claimed_number_unsaid(claimed, ranked) if told else None
    if alone and (accompanied := [c for c in candidates if _ACCOMPANIED.search(with_lead(c[0].segment))]):
        candidates = accompanied  # a rule requiring a representative decides 'may one go alone', whatever else permits
    # What the law says of the act asked about (a permission for 'có được') comes before what it says of a
    # neighbouring one ('phải' for another age group), if it speaks to the question at all.
    if _REISSUE_ASKED.search(question.plain) and any("lần đầu" not in c[0].segment.text for c in candidates):
        # a re-issue ('làm lại thẻ bị mất') is not answered by the rule for the first issue ('cấp … lần đầu')
        candidates = [c for c in candidates if "lần đầu" not in c[0].segment.text]
    elif _FIRST_ISSUE_TOLD.search(question.plain) and any("lần đầu" in c[0].segment.text for c in candidates):
        # … and one who never had a card ('chưa từng có thẻ căn cước') asks about a first issue, which its own rule
        # answers ('không phải nộp lệ phí khi được cấp thẻ căn cước lần đầu'), not the rule for re-issues beside it
        candidates = [c for c in candidates if "lần đầu" in c[0].segment.text]
    agency = (lambda seg: asked in ("must", "not_must") and agency_duty(seg, part.text))
    unlawful = (lambda seg: asked == "permit" and bool(_UNLAWFUL_ONLY.search(seg.text))
                and not _UNLAWFUL_ASKED.search(part.text))
    candidates.sort(key=lambda c: (unlawful(c[0].segment), agency(c[0].segment), not c[2], -c[0].score, c[0].segment.index))
    candidates = [(c[0], c[1]) for c in candidates]
    candidates = _most_specific_point_first(candidates, question.resolved)
    candidates = _both_options_first(candidates, question.resolved)
    referred_case: Segment | None = None  # a listed exception that is the asker's case through what it refers to
    outside: Segment | None = None  # a rule none of whose listed exceptions is the asker's re-issue
    if candidates and candidates[0][1] != "Không*" and X.excepts_listed_cases(candidates[0][0].segment):
        # a rule with listed exceptions ('phải nộp lệ phí …, trừ những trường hợp sau đây:') answers 'it depends',
        # unless one of the listed cases itself matches the question nearly as well
        lead = candidates[0][0]
        outside = lead.segment if _reissue_outside_cases(question, lead.segment, segments) else None
        case = None if outside else next((c for c in candidates[1:] if c[0].segment.lead == lead.segment.text
                                          and c[0].segment.clause == lead.segment.clause
                                          and c[0].score >= 0.6 * lead.score and X.own_words(words, c[0].segment)), None)
        if case is None and outside is None and (case := _case_by_reference(question, asked, lead.segment, segments)):
            referred_case = case[0].segment
        candidates = [case] + [c for c in candidates if c is not case] if case else\
            candidates if outside is not None else [(lead, "Tùy trường hợp")] + candidates[1:]
    contradiction = next((c for c in candidates if c[1] == "Không*"), None)
    (best, verdict) = contradiction or candidates[0]
    verdict = verdict.rstrip("*")
    if verdict == "Tùy trường hợp":
        rule = _yes_no_sentence(question, "", [best.segment], False, segments).lstrip(". ")
        return Written(f"Tùy trường hợp: {lower_first(rule)}", (best.segment,))
    others = [c for c in candidates if c[0] is not best and c[1].rstrip("*") != verdict
              and c[0].score >= 0.85 * best.score and c[0].segment.clause != best.segment.clause
              and not agency(c[0].segment)]  # 'có phải đổi thẻ không?' is not 'it depends' by the agency's duty
    if others and contradiction is None and not claim:
        other = others[0][0].segment
        first, second = sorted((best.segment, other), key=lambda s: s.index)
        parts = [_yes_no_sentence(question, "", [s], False, segments).lstrip(". ").rstrip(".")
                 if s.text.rstrip().endswith(":") else stated_with_label(s) for s in (first, second)]
        return Written(f"Tùy trường hợp: {lower_first(parts[0])}; {lower_first(parts[1])}.", (first, second))
    opposite = {c[0].segment for c in candidates if c[1].rstrip("*") != verdict}
    same = [r for r in ranked if r.segment not in opposite
            and not r.segment.text.rstrip().endswith(":") and r.segment.point == best.segment.point
            and r.segment.item == best.segment.item]
    same = [best] + [r for r in same if r.segment is not best.segment and r.segment not in other_range]
    used = siblings(best, same, 3, YES_NO_SIBLING) if contradiction is None else [best.segment]
    if numbered and contradiction is None:
        # 'dưới 14 tuổi có được …?': every group of the khoản inside the age asked has its own answer ('từ đủ 6 đến
        # dưới 14 tuổi … mức độ 02'; 'dưới 6 tuổi … mức độ 01'): all are said, in the law's order
        units_asked = {q.unit for q in X.quantities(part.text)}
        kin = [t for t in segments if t.article_key == best.segment.article_key and t.clause == best.segment.clause
               and t.item == best.segment.item and t not in used and t not in other_range
               and any(q.unit in units_asked for q in X.quantities(t.text))]
        inside = [t for t in kin if numbers_of[t.index] == "ok"]
        # … and a group inside it whose rule differs on another number asked ('dưới 6 tuổi … mức độ 01' when
        # 'mức độ 2' is asked) turns the answer into 'it depends'
        against = [t for t in kin if numbers_of[t.index] == "contradicts"]
        used = sorted(used + inside + against, key=lambda t: t.index)
        if against and verdict == "Có" and not claim:
            verdict = "Tùy trường hợp"
    text = _yes_no_sentence(question, verdict, used, bool(contradiction), segments)
    if verdict in ("Có", "Không") and best.segment is outside:
        text = f"{text.rstrip('.')}. {REISSUE_NOT_EXCEPTED}"
    if referred_case is not None and best.segment is referred_case:
        text = f"{text.rstrip('.')}, tức: {lower_first(referred_lines(referred_case)[-1].rstrip('.'))}."
    if verdict == "Có" and contradiction is None and (lapsed := _lapsed_on(used, question.as_of)):
        text = f"Không, nay không còn: quy định này chỉ áp dụng đến hết ngày {lapsed}, mốc đó đã qua. {text[len('Có. '):]}"
    elif verdict == "Có" and contradiction is None and _WITHOUT_CONSENT.search(part.text) and \
            (needed := next((u for u in used if _CONSENT_NEEDED.search(u.text)), None)) is not None:
        text = f"Không, vì phải có sự đồng ý ({needed.label}). {text[len('Có. '):]}"
    elif verdict == "Không" and contradiction is None and best.segment.index in unmet and text.startswith("Không. "):
        # say why: the requirement the story does not meet ('… phải đáp ứng … cấp độ 3 trở lên' for a level-2 system)
        if _WITHOUT_CONSENT.search(story) and _CONSENT_NEEDED.search(best.segment.text):
            why = "phải có sự đồng ý"
        elif _purpose_unmet(story, best.segment):
            why = "luật chỉ cho phép việc này đúng mục đích được nêu, không cho mục đích riêng hay kiếm lời"
        else:
            why = "chưa đáp ứng điều kiện luật đặt ra"
        text = f"Không, vì {why} ({best.segment.label}). {text[len('Không. '):]}"
    elif verdict == "Có" and contradiction is None and asked == "must" and _SELF_OR_BODY.search(question.plain) \
            and agency(best.segment) and (body := duty_bearer(best.segment) or X.subject(best.segment.text)):
        # 'mình có phải tự đi khai không hay bên nào sẽ cập nhật?': the duty the law gives is the agency's
        text = f"Không, {lower_first(body)} có trách nhiệm làm việc này ({best.segment.label}). {text[len('Có. '):]}"
    elif verdict in ("Có", "Không") and contradiction is None and (excepted := _excepted(words, best.segment)):
        flipped = "Không" if verdict == "Có" else "Có"
        text = f"{flipped}, vì thuộc trường hợp loại trừ ({excepted}). {text[len(verdict) + 2:]}"
    by_number = bool(claimed) and not _number_unsaid(claimed, best.segment) and numbers_of.get(best.segment.index) == "ok"
    if claim and text.startswith("Có.") and _support(question, used) < CLAIM_SUPPORT and not told:
        return None  # a claim is confirmed only by a sentence that states most of it
    if claim and contradiction is None and text.startswith("Có") and told and not by_number:
        # what someone told the asker ('cán bộ bảo …, nói vậy có đúng không?') is asked because it is doubted: unless
        # the sentence states the number claimed ('07 ngày' for '07 ngày làm việc'), it shows what the law says
        # instead (blind sets: 'Có' to such claims was wrong 9 times in 10)
        return Written(f"{NOT_SAID}. {text.split('. ', 1)[-1]}", tuple(used))
    extra = _counterpart(question, claim, verdict, best.segment, candidates, segments, words, context)
    if extra is None and claim:
        # … but a claim that mixed up two groups ('mọi trẻ dưới 14 tuổi đều bắt buộc') needs the other group's rule
        beside = next((s for s in other_range if s.article_key == best.segment.article_key and s.clause != best.segment.clause), None)
        extra = (f"còn theo {beside.label}: {lower_first(sentence_of(beside))}", beside) if beside else None
    if extra is not None:
        return Written(f"{text[:-1]}; {extra[0]}.", tuple(used) + (extra[1],))
    return Written(text, tuple(used))


_VALID_UNTIL = re.compile(r"\b(?:gia tri su dung|duoc su dung|duoc ap dung|ap dung)\s+den het ngay "
                          r"(\d{1,2}) thang (\d{1,2}) nam (\d{4})\b")


def _lapsed_on(used: Sequence[Segment], day: str) -> str | None:
    """The end date of a permission bounded in time ('… tiếp tục có giá trị sử dụng đến hết ngày 30 tháng 6 năm
    2024') when the question is asked after it: such a rule answers 'yes' only for the days it covered."""
    for segment in used:
        found = _VALID_UNTIL.search(plain_text(segment.text))
        if not found:
            continue
        d, m, y = (int(g) for g in found.groups())
        try:
            until = dt.date(y, m, d)
        except ValueError:
            continue
        if day and until.isoformat() < day:
            return f"{d:02d}/{m:02d}/{y}"
    return None


BOTH_OPTIONS_SHARE = 0.7


def _both_options_first(candidates: list[tuple[Scored, str]], question: str) -> list[tuple[Scored, str]]:
    """'… còn dùng được không hay bắt buộc phải đổi sang thẻ mới?': of the sentences giving the same answer nearly as
    well, the one that also speaks to the second option ('… khi có nhu cầu thì được cấp đổi sang thẻ căn cước'),
    compared with tones ('đổi sang' is not 'sửa đổi, bổ sung' by 'đổi' alone)."""
    asking = re.split(r"[.!]\s+", nfc(question).strip())[-1]  # a 'hay' in the story before it offers no option
    match = re.search(r"\bhay\b(.+)$", asking, re.I)
    if not candidates or match is None:
        return candidates
    second = X.heading_words(match.group(1)) - X.heading_words(asking[:match.start()])
    top, verdict = candidates[0]

    def speaks(c: tuple[Scored, str]) -> int:  # the whole khoản: the second option may be its next sentence
        segment = c[0].segment
        clause = segment.unit.article.clause(segment.clause) if segment.clause is not None else None
        return len(second & X.heading_words(clause.text if clause is not None else segment.text))

    mode = X.modality(top.segment)
    near = [c for c in candidates if c[1] == verdict and c[0].score >= BOTH_OPTIONS_SHARE * top.score
            and (X.modality(c[0].segment).permit, X.modality(c[0].segment).must) == (mode.permit, mode.must)]
    best = max(near, key=speaks)
    if speaks(best) > speaks(candidates[0]):
        return [best] + [c for c in candidates if c is not best]
    return candidates


def _most_specific_point_first(candidates: list[tuple[Scored, str]], question: str) -> list[tuple[Scored, str]]:
    """Among the điểm of one list that give the same answer, the one naming what the question names beyond the
    lead-in ('… được thu thập từ hồ sơ cấp, quản lý thẻ căn cước?' -> 'b) Từ tàng thư căn cước; hồ sơ cấp, quản
    lý thẻ …', not 'd) … ADN và giọng nói …' which only repeats 'thu thập' more often)."""
    if not candidates:
        return candidates
    top, verdict = candidates[0]
    if not ((top.segment.point or top.segment.item) and top.segment.lead):
        return candidates
    peers = [c for c in candidates if c[1] == verdict and c[0].segment.lead == top.segment.lead
             and c[0].segment.clause == top.segment.clause]
    asked = X.heading_words(question) - X.heading_words(top.segment.lead)  # with tones: 'đúng' is not 'dụng'

    def own(segment: Segment) -> int:
        return len(asked & X.heading_words(segment.text))

    best = max(peers, key=lambda c: own(c[0].segment))
    if own(best[0].segment) > own(top.segment):
        return [best] + [c for c in candidates if c is not best]
    return candidates


def omitted_acts(plain: str) -> list[str]:
    """The law's words for an act the question asks about not doing ('không làm thẻ …' -> 'lam', 'cap', 'thuc hien'),
    diacritics stripped."""
    out: list[str] = []
    for verb in re.findall(r"\bkhong (\w+)", plain):
        forms = next((f for k, f in _VERB_FORMS.items() if plain_text(k) == verb), (verb,))
        out += [plain_text(f) for f in forms if plain_text(f) not in ("co", "duoc", "phai", "can", "bi")]
    return list(dict.fromkeys(out))


# a time limit may be said in any of these ('07 ngày' claimed, '07 ngày làm việc' or '72 giờ' stated)
_KIND_OF_UNIT = {unit: "time" for unit in ("ngày làm việc", "ngày", "giờ", "tháng", "năm")}


NOT_SAID = "Không, quy định hiện có không nói như vậy"
# someone else's word the asker doubts: 'cán bộ bảo …', 'bạn mình nói …', 'nghe nói …', 'công ty khẳng định …'
_ASKS_IF_TRUE = r"(?=.{0,400}(?<!su )\b(?:dung|that|phai)\b(?: \w+){0,3} (?:khong|ko|hong|k|a|ha|sao|chu|vay)\b)"
_REPORTED_WITH_TONES = re.compile(r"\b(?:nói|bảo(?! (?:hiểm|đảm|vệ|mật|quản|lưu|hành|trì|tồn|toàn))|cho rằng|khẳng định|giải thích|"
                                  r"tư vấn)\b(?=.{0,400}\b(?:đúng|thật|phải)\b(?: \w+){0,3} (?:không|ko|k|à|hả|sao|chứ|vậy)\b)")
# … and typed without them, where 'bao' and 'noi' are also 'bảo hiểm', 'bảo đảm', 'nơi cư trú', 'nơi sinh' …
_REPORTED_PLAIN = re.compile(r"(?:(?<!thong )\b(?:bao|noi)\b(?! (?:hiem|ve|dam|gom|mat|cao|lau|nhieu|tri|luu|hanh|tang|quan|cu tru|"
                             r"thuong tru|tam tru|sinh|o|lam|dang ky|cap|nao|khac|tiep nhan|nhan|song|de|co|xu ly|cu|dung|ket "
                             r"noi|tru)\b)|\b(?:cho rang|nghe noi|khang dinh|giai thich|tu van)\b)" + _ASKS_IF_TRUE)


def _reported(question: Question) -> bool:
    """Whether the question tells what someone said and asks if it is true ('cán bộ bảo …, nói vậy có đúng không?')."""
    if question.accented:
        return bool(_REPORTED_WITH_TONES.search(nfc(question.resolved).lower()))
    return bool(_REPORTED_PLAIN.search(question.plain))


# an asking sentence pointing back at what the story told ('… 80 tuổi …, luật quy định như vậy thật à?'); not the
# act-finding pattern of the same idea in bot/answer_types.py, which also reads 'việc đó', 'điều này'
_POINTS_AT_STORY = re.compile(r"\b(?:nhu vay|nhu the|vay)\b")


def _claimed_number_unsaid(claimed: Sequence[X.Quantity], ranked: Sequence[Scored]) -> Written | None:
    """'… chỉ người từ đủ 80 tuổi mới được làm thẻ tại nhà, luật quy định như vậy thật à?' against the sentence that
    answers best ('trong trường hợp cần thiết … tại chỗ ở của công dân'), which names no such number: 'Không', with
    that sentence; None when nothing is claimed in numbers or the sentence does state one of that kind."""
    best = ranked[0].segment if ranked else None
    if not claimed or best is None or not _number_unsaid(claimed, best):
        return None
    return Written(f"{NOT_SAID}. Theo {best.label}: "
                   f"{lower_first(with_full_stop(sentence_of(best)))}", (best,))


def _number_unsaid(claimed: Sequence[X.Quantity], segment: Segment) -> bool:
    """Whether the sentence states no number in a unit the claim states one in ('30 ngày' against a sentence with no
    days): it cannot confirm the claim."""
    stated = {_KIND_OF_UNIT.get(s.unit, s.unit) for s in X.quantities(f"{segment.lead} {segment.text}")}
    return any(_KIND_OF_UNIT.get(q.unit, q.unit) not in stated for q in claimed)


# '… có được tắt việc lưu nhật ký không?': stopping an act is leaving it undone
_STOPPED = re.compile(r"\b(?:tat|ngung|thoi)(?: (?:viec|chuc nang))? (\w+)")


def _duty_left_undone(skipped: Sequence[str], segment: Segment) -> bool:
    """Whether the sentence makes a duty of an act the asker asks to leave undone ('phải làm thủ tục cấp thẻ' for
    'không làm thẻ … có được không'; 'có trách nhiệm lưu lại nhật ký' for 'có được tắt việc lưu nhật ký không')."""
    said = plain_text(segment.text).lower()
    return any(re.search(rf"\b(?:phai|co trach nhiem|co nghia vu) (?:\w+ ){{0,2}}{verb}\b", said) for verb in skipped)


# What the asker's story says is not (yet) done or had: 'chưa làm hồ sơ cấp độ …', 'chưa xin Bộ Công an xác nhận …',
# 'không có biện pháp bảo vệ dữ liệu nào', 'chưa đối chiếu hay xác thực gì'
_NOT_YET = re.compile(r"\b(?:chua|khong co|chua co|chua tung|chua he|khong he|van chua|thieu|khong kem)\s+"
                      r"(?!(?:ro|biet|hieu|chac|nam|tim hieu|thay)\b)([^,.;:?!()]{6,120})")  # not 'chưa rõ …': a doubt
UNMET_PAIRS = 2  # word pairs the law's requirement shares with what is not done: 'cap do', 'an toan', 'xac nhan'
# where a requirement starts in a rule: 'phải …', 'chỉ làm việc với … có …', '… đã được xác thực', 'khi được … đồng ý'
_REQUIRES = re.compile(r"\b(?:phai|(?<!dia )chi(?! (?:dao|thi|tieu|so)\b)|da duoc|khi duoc|khi co)\b")  # not 'địa chỉ', 'chỉ đạo'…
# pairs too common in these texts to tell one requirement from another; one pair that is none of them is enough
# ('xac thuc' in 'chưa đối chiếu hay xác thực gì' against '… đã được xác thực')
_COMMON_PAIRS = frozenset(tuple(p.split()) for p in (
    "thong tin", "du lieu", "co so", "dan cu", "quoc gia", "can cuoc", "ca nhan", "co quan", "to chuc", "he thong",
    "dinh danh", "tai khoan", "cong dan", "lieu quoc", "gia ve", "ve dan", "so du", "lieu ca", "cong an", "ket noi"))


def _story_of(question_plain: str, part: Part) -> str:
    """What the asker tells for this part: the whole question when it asks one thing; else this part with what the
    others tell before asking (a piece that asks nothing, the sentences before a part's ask) — '…; (3) nếu dữ liệu
    chưa cập nhật …' tells nothing of (1)."""
    parts = question_parts(question_plain)
    if len(parts) < 2:
        return question_plain
    told = [p.text if tells_only(p.text) else p.text.rsplit(". ", 1)[0] if ". " in p.text else ""
            for p in parts if p is not part]
    return ". ".join([t for t in told if t] + [part.text])


def _condition_unmet(story_plain: str, asking_plain: str, segment: Segment) -> bool:
    """Whether the story says something is not done that the sentence requires ('… phải đáp ứng các yêu cầu bảo đảm an
    toàn hệ thống thông tin cấp độ 3 trở lên' for 'máy chủ chưa từng làm hồ sơ xác định cấp độ an toàn hệ thống thông
    tin'): a requirement (after 'phải', 'chỉ', 'đã được', 'khi được', up to the act it conditions) shares two word
    pairs with it, or one that is not common to most rules; the act asked, after the modal verb ('chưa được xác lập
    số định danh' for '… có được xác lập số định danh không?'), is no requirement."""
    said = plain_text(segment.text).lower()
    modal = _ASKED_MODAL.search(asking_plain)  # the act asked follows the modal verb ('… chưa xác thực có được chia sẻ')
    asked = word_pairs(asking_plain[modal.end():] if modal else asking_plain)
    required: set[tuple[str, str]] = set()
    for marker in _REQUIRES.finditer(said):
        rest = re.sub(r"^\s*(?:duoc|co)\b", "", said[marker.end():])
        required |= word_pairs(re.split(r"\b(?:duoc|phai)\b|;", rest, maxsplit=1)[0])

    def unmet(shared: set[tuple[str, str]]) -> bool:
        return len(shared) >= UNMET_PAIRS or bool(shared - _COMMON_PAIRS)

    return any(unmet((word_pairs(m.group(1)) & required) - asked) for m in _NOT_YET.finditer(story_plain))


# A rule that bounds the purpose ('… được khai thác … phù hợp với chức năng, nhiệm vụ', 'chỉ được xử lý đúng với mục
# đích …') and a story whose purpose is gain or private ('chia hoa hồng', 'chào bán', 'việc riêng'): the bound is not met
_PURPOSE_BOUND = re.compile(r"\b(?:phu hop voi chuc nang, nhiem vu|dung (?:voi )?muc dich|chi duoc (?:xu ly|su dung|khai thac))\b")
_GAIN_OR_PRIVATE = re.compile(r"\b(?:hoa hong|chao moi|chao ban|quang cao|tiep thi|viec rieng|muc dich rieng|doi no|kiem tien|"
                              r"ban lai|ban danh sach|thu loi|gioi thieu san pham|nhan tin moi|goi dien moi)\b")


def _purpose_unmet(story_plain: str, segment: Segment) -> bool:
    """Whether the rule bounds the purpose of the act and the story tells a purpose of gain or a private one."""
    return bool(_PURPOSE_BOUND.search(plain_text(segment.text).lower()) and _GAIN_OR_PRIVATE.search(story_plain))


def names_omission(segment: Segment, omitted: Sequence[str]) -> bool:
    """Whether the sentence is about not doing one of the acts ('Không thực hiện thủ tục cấp thẻ …')."""
    return any(re.search(rf"\bkhong {f}\b", plain_text(segment.text)) for f in omitted)


YES_NO_SIBLING = 0.6


DATE_MATCH = 1.5


OPENING_WORDS = 8  # the words a sentence opens with, where its subject stands
_NOT_SUBJECT = {"toi", "minh", "em", "chung", "ho", "nguoi", "nhu", "co", "con"}  # who asks, not what is asked about


def _done_as_asked(verb: str, part_plain: str, segment: Segment) -> bool:
    """A plain statement says the act asked is done when it names the very verb asked (not a word the law uses for
    it: 'làm' is not 'cấp'), is no definition ('… là …') and opens with what the question asks about ('Cơ sở dữ liệu
    về y tế … chia sẻ …' for 'thông tin trong cơ sở dữ liệu y tế có được chia sẻ …', not 'Người nước ngoài đến …')."""
    said = plain_text(segment.text).lower()
    if not verb or " la " in f" {said} " or not re.search(rf"\b{re.escape(plain_text(verb).lower())}\b", said):
        return False
    asking = last_sentence(part_plain)
    modal = _ASKED_MODAL.search(asking)
    subject = set(content_words(asking[:modal.start()] if modal else "")) - _NOT_SUBJECT
    return bool(subject & set(content_words(" ".join(said.split()[:OPENING_WORDS]))))



# 'nguyên tắc này có ngoại lệ nào không, hay là tuyệt đối?': whether the rule has exceptions, not what it forbids
# '… có bị cấm tuyệt đối không?': whether the rule is absolute, which an exception answers 'no'
_ABSOLUTE_ASKED = re.compile(r"\btuyet doi (?:khong|ko|hong)\b")
_EXCEPTION_ASKED = re.compile(r"\bco (?:ngoai le|truong hop ngoai le|truong hop (?:nao )?(?:duoc )?loai tru)\b"
                              rf"|\bngoai le (?:nao|gi)\b|\bhay (?:la )?tuyet doi\b|{_ABSOLUTE_ASKED.pattern}")


def _with_exception(words: list[str], context: list[str], segments: list[Segment], absolute: bool) -> Written | None:
    """'Có' with the rule that answers and its exception ('…, trừ trường hợp pháp luật khác có quy định'), when the
    sentence that answers best makes one — 'Không' when ``absolute`` was asked ('có bị cấm tuyệt đối không?'); None
    when it makes none (the rule may still have exceptions elsewhere)."""
    ranked = rank_sentences(words, context, segments)
    if not ranked or ranked[0].score <= 0 or not X.modality(ranked[0].segment).exception:
        return None
    best = ranked[0].segment
    opening = "Không, quy định này có ngoại lệ" if absolute else "Có"
    return Written(f"{opening}. Theo {best.label}: {lower_first(with_full_stop(sentence_of(best)))}", (best,))


_LEAVES_OUT = re.compile(r"\bkhong bao gom\b(.*)$")
_ANY_DATA = {"thong", "tin", "du", "lieu", "ve"}


def _leaves_out_another(part_plain: str, segment: Segment) -> bool:
    """The sentence's only 'không' leaves a thing out of what it lists, and the question does not name that thing."""
    said = plain_text(segment.text).lower()
    found = _LEAVES_OUT.search(said)
    if found is None or re.search(r"\bkhong\b", said[:found.start()]):
        return False
    left_out = set(content_words(found.group(1))) - _ANY_DATA
    return not left_out & set(content_words(part_plain))


# Everyday verbs and the law's words for the same act ('dùng thẻ' - 'sử dụng thẻ').
_VERB_FORMS = {"dùng": ("dùng", "sử dụng"), "xài": ("sử dụng",), "lấy": ("lấy", "thu thập", "khai thác"),
               "sửa": ("sửa", "làm thay đổi", "làm sai lệch"),
               "coi": ("xem", "khai thác"), "xem": ("xem", "khai thác"), "làm": ("làm", "cấp", "thực hiện")}


def asked_verb(question: Question, act: list[str]) -> str:
    """The verb of the act asked, as the question wrote it; an act read through the law's words ('đăng nhập bằng tài
    khoản' -> 'sử dụng tài khoản') is not in the question: its plain form, compared without diacritics."""
    text = question.restored or question.resolved
    if len(act) > 1 and " ".join(act[:2]) not in plain_text(text).lower():
        return act[0]
    return accented(text, act[:1])


def _names_by_synonym(question: Question, act: list[str], segment: Segment) -> bool:
    """The sentence names the act by the law's word for it ('sửa năm sinh trong dữ liệu' -> 'làm sai lệch thông
    tin'); 'làm' is too common a verb to count."""
    verb = asked_verb(question, act)
    return verb.lower() in _VERB_FORMS and verb.lower() != "làm" and names_verb(verb, segment)


# acts done to a card or to data that the law also names as what befell someone ('người bị giữ thẻ … được trả lại'):
# a permission answers them only when the act follows the modal verb
_DONE_TO = {"giu", "thu giu", "ban", "mua", "thue", "cho thue", "cam co", "tich hop"}


def _done_to_asked(question: Question, verb: str) -> str | None:
    """The act done to a card or data that the asking sentence asks about ('… có giữ thẻ căn cước của em tôi không?'),
    as typed (``verb``: the verb of the act asked, '' when none); None when it asks about another act."""
    if plain_text(verb) in _DONE_TO:
        return verb
    asking = re.split(r"[.!?]\s+", question.plain.strip(" ?"))[-1]
    found = next((d for d in _DONE_TO if re.search(rf"\bco {d}\b", asking)), None)
    return accented(question.restored or question.resolved, found.split()) if found else None


_MODAL = re.compile(r"\b(?:được|phải|có quyền|có trách nhiệm|có nghĩa vụ|bắt buộc)\s+((?:\w+\s+){0,7}\w+)")


def names_verb(verb: str, segment: Segment, modal_scope: bool = False) -> bool:
    """Whether the sentence says the verb asked, with its tone when the question has one ('bán' is not 'ban hành');
    ``modal_scope``: within the words right after one of its modal verbs ('được trả lại thẻ' permits returning)."""
    text = " ".join(re.findall(r"\w+", f"{segment.lead} {segment.text}".lower()))
    if modal_scope:
        text = " | ".join(_MODAL.findall(text))
    forms = _VERB_FORMS.get(verb.lower(), (verb.lower(),))
    if plain_text(verb) == verb.lower():  # typed without diacritics: compare without them
        text, forms = plain_text(text), tuple(plain_text(f) for f in forms)
    return any(re.search(rf"\b{re.escape(f)}\b", text) for f in forms)


# 'làm lại thẻ bị mất có phải nộp lệ phí?' against '… phải nộp lệ phí khi cấp đổi, cấp lại …, trừ: a) cấp đổi …;
# b) sai sót … do lỗi của cơ quan …': no listed case is a re-issue the asker caused, so the rule applies as stated
_REISSUE_ASKED = re.compile(r"\b(cap lai|lam lai|bi mat|mat the|danh roi|danh mat|lam mat|hu hong|bi hong)\b")
_FIRST_ISSUE_TOLD = re.compile(r"\b(?:lan dau|chua tung (?:co|lam|duoc cap)|chua (?:co|lam|duoc cap) the)\b")
_AGENCY_FAULT_ASKED = re.compile(r"\b(loi cua|sai sot|in sai|ghi sai|in nham)\b")
REISSUE_NOT_EXCEPTED = "Cấp lại thẻ (bị mất, hư hỏng) không thuộc các trường hợp được trừ ra nêu trên."


def _reissue_outside_cases(question: Question, lead: Segment, segments: Sequence[Segment]) -> bool:
    if not _REISSUE_ASKED.search(question.plain) or _AGENCY_FAULT_ASKED.search(question.plain) \
            or "cấp lại" not in lead.text or not X.excepts_listed_cases(lead):
        return False
    cases = [s for s in segments if s.lead == lead.text and s.clause == lead.clause and s.article_key == lead.article_key]
    said = [s.text.lower() for s in cases]
    return bool(said) and all("cấp lại" not in t and ("cấp đổi" in t or "lỗi của" in t) for t in said)


_CONSENT_NEEDED_ASKED = re.compile(r"\b(?:phai|can|co can|bat buoc) (?:xin |hoi |co )?(?:y kien |su )?dong y\b")
# a group a point of the law starts with ('Cơ quan nhà nước, tổ chức chính trị … được khai thác …')
_GROUP_START = re.compile(r"^((?:Cơ quan nhà nước|Tổ chức và cá nhân|Tổ chức, cá nhân|Cơ quan, tổ chức)[^,;]*?)(?:,|\s+(?:được|phải|khai thác))")


def _own_group_without_consent(question: Question, segments: Sequence[Segment]) -> Written | None:
    """'Là cơ quan nhà nước, chúng tôi có phải xin sự đồng ý của từng người …?' against 'c) Cơ quan nhà nước … được
    khai thác …; d) Tổ chức và cá nhân khai thác … khi được sự đồng ý của công dân đó': the point naming the
    asker's own group lets it act without the consent the next point asks of others: 'Không'."""
    if not _CONSENT_NEEDED_ASKED.search(question.plain):
        return None
    for segment in segments:
        group = _GROUP_START.match(segment.text)
        if group is None or plain_text(group.group(1)).lower() not in question.plain or "đồng ý" in segment.text:
            continue
        others = [t for t in segments if t.article_key == segment.article_key and t.clause == segment.clause
                  and t.lead == segment.lead and t is not segment and "đồng ý" in t.text]
        if others and X.modality(segment).permit:
            other = others[0]
            return Written(f"Không. Theo {segment.label}: {lower_first(sentence_of(segment)).rstrip('.;')}; còn theo "
                           f"{other.label}: {lower_first(other.text).rstrip('.;')}.", (segment, other))
    return None


def _case_by_reference(question: Question, asked_of_law: str, lead: Segment,
                       segments: list[Segment]) -> tuple[Scored, str] | None:
    """The listed exception that is the asker's case only through what it refers to: 'tôi đủ 40 tuổi, đổi thẻ có phải
    nộp lệ phí không?' against 'a) Cấp đổi thẻ căn cước theo quy định tại điểm a … khoản 1 Điều 24', which leads to
    '… khi đủ 14 tuổi, 25 tuổi, 40 tuổi và 60 tuổi' — a number with its unit asked and said there."""
    asked = {(q.value, q.unit) for q in X.quantities(question.resolved)}
    if not asked:
        return None
    for segment in segments:
        if segment.lead == lead.text and segment.clause == lead.clause and segment.article_key == lead.article_key:
            said = {(q.value, q.unit) for q in X.quantities(" ".join(referred_lines(segment)))}
            if asked & said and (verdict := _verdict(asked_of_law, X.modality(segment))) in ("Có", "Không"):
                return Scored(1.0, segment), verdict
    return None


def _yes_no_sentence(question: Question, verdict: str, used: list[Segment], contradiction: bool,
                     segments: Sequence[Segment] = ()) -> str:
    first = used[0]
    if first.text.rstrip().endswith(":") and (item := first_item(first, list(segments))) is not None:
        listed = list_of(item, list(segments))  # a rule with its listed cases ('…, trừ những trường hợp sau đây:')
        if listed is not None and listed.text:
            return f"{verdict}. {listed.text}"
    if len(used) == 1 and verdict == "Không" and not contradiction:
        fragment, cut = X.modal_fragment(source_cut(first))
        fragment = re.sub(r"\s+(trừ trường hợp)", r", \1", fragment).replace(",,", ",").rstrip(" .;")
        subject = asker_subject(question.cleaned)
        if cut and subject:
            return f"Không. {subject} {lower_first(fragment)} ({first.label})."
        if cut:
            return f"Không. Theo {first.label}: {lower_first(fragment)}."
    joined = said_in_turn(used)
    if X.by_title(first) and not re.search(r"\b(cấm|không được)\b", first.text, re.I):
        return f"{verdict}. {capitalised(first.label)} thuộc {lower_first(first.title)}: {with_full_stop(joined)}"
    return f"{verdict}. Theo {first.label}: {with_full_stop(joined)}"


def _counterpart(question: Question, claim: bool, verdict: str, best: Segment, candidates: list, segments: list[Segment],
                 words: list[str], context: list[str]) -> tuple[str, Segment] | None:
    """What else a claim needs: the rule it confused ('dưới 14 tuổi … theo nhu cầu' — but 'từ đủ 14 tuổi … phải'),
    or what the document it names says when the answer came from another one."""
    if not claim:
        return None
    opposite = [c[0].segment for c in candidates if c[1].rstrip("*") != verdict and c[0].segment.article_key == best.article_key
                and c[0].segment.clause != best.clause]
    if opposite:
        s = opposite[0]
        return f"còn theo {s.label}: {lower_first(sentence_of(s))}", s
    known = list(dict.fromkeys(s.unit.doc.so_hieu for s in segments))
    named = {so for d in question.documents if (so := resolve_so_hieu(d, known))}
    if named and best.unit.doc.so_hieu not in named:
        ranked = rank_sentences(words, context, [s for s in segments if s.unit.doc.so_hieu in named and X.modality(s).any])
        if ranked and ranked[0].score > 0:
            s = ranked[0].segment
            return f"{s.unit.doc.short_title} cũng quy định tại {s.label}: {lower_first(sentence_of(s))}", s
    return None
