"""What kind of answer a question asks for, read from its plain wording (diacritics stripped, lower-case).

``core.question_type`` gives five coarse types (which article heading fits); this module is finer and
answer-shaped: ``yes_no``, ``duration``, ``age``, ``amount``, ``who``, ``where``, ``when``, ``list``,
``procedure``, ``definition`` or ``other``. A question may have several parts ("làm ở đâu và mất bao
lâu?"): ``question_parts`` splits it and gives each part its kind. For a yes/no part, ``asked_modality``
says what is asked of the law: may (``permit``), must (``must``), is it forbidden (``forbid``), need not
(``not_must``) or a plain fact (``fact``). Pure functions; tested against the labelled question bank in
``corpus/questions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.guard import content_words

KINDS = ("yes_no", "duration", "age", "amount", "who", "where", "when", "list", "procedure", "definition", "other")
MODALITIES = ("permit", "must", "forbid", "not_must", "fact")

_Y = r"(khong|ko|k|hong|hem|chua|khong vay|khong a|khong nhi|khong ta)"  # a yes/no question's last word
# Checked in this order: the first kind whose pattern matches wins within one part.
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("definition", re.compile(r"\b(la gi|la cai gi|nghia la (gi|sao|nhu the nao)|duoc hieu (la|nhu|the|ra sao|gom)|"
                              r"hieu (la|nhu) the nao|dinh nghia|khai niem|hieu don gian)\b")),
    ("age", re.compile(r"\b(bao nhieu tuoi|may tuoi|do tuoi|tuoi nao|nhung tuoi|moc tuoi|tu may tuoi|du may tuoi|tuoi bao nhieu|tuoi may)\b")),
    ("duration", re.compile(r"\b(bao lau|may ngay|bao nhieu ngay|may gio|bao nhieu gio|may thang|bao nhieu thang|"
                            r"may nam|bao nhieu nam|thoi han (nao|bao lau|la bao lau|may|bao nhieu)|trong thoi han nao|"
                            r"han chot|mat bao lau|mat may|trong vong bao lau|cham nhat (la )?(bao lau|may|khi nao|luc nao))\b")),
    ("procedure", re.compile(r"\b(cac buoc|may buoc|nhung buoc|gom nhung buoc)\b")),
    # 'ngoài mấy mục cơ bản như …' points at fields, it does not ask how many
    ("amount", re.compile(r"\b(bao nhieu (tien|chu so|so|lan|phan tram|dong|muc|cap do|loai)|"
                          r"(?<!ngoai )may (chu so|so|lan|loai|muc)(?! (?:co ban|nhu|do|nay|kia|tren)\b)|"
                          r"muc (phi|le phi|phat|thu) (la )?(bao nhieu|nao)|cap do (may|nao|bao nhieu)|muc do (may|nao)|(?:muc|cap) may\b|"
                          r"dai may|gom may|la bao nhieu|bao nhieu\b(?! (ngay|gio|thang|nam|tuoi)))")),
    ("when", re.compile(r"\b(khi nao|bao gio|luc nao|ngay nao|thoi diem nao|tu ngay nao|den khi nao|den bao gio|tu khi nao|"
                        r"nam nao|tu luc nao|dip nao|hieu luc tu|bat dau (co hieu luc|ap dung)|tu bao gio)\b")),
    ("procedure", re.compile(r"\b(thu tuc (gi|nao|the nao|ra sao|gom|nhu the nao|ra lam sao)|quy trinh|trinh tu|cac buoc|may buoc|nhung buoc|lam the nao|lam sao|lam gi de|"
                             r"thuc hien (nhu )?the nao|thuc hien ra sao|phai lam gi|phai lam nhung gi|can lam gi|bang cach nao|"
                             r"se lam (nhung )?(gi|viec gi)|xu ly (the nao|ra sao)|(theo )?(thu tu|trinh tu) nao|thu tuc\b.{0,60}\b(nhu the nao|the nao|ra sao)|"
                             r"^(doi(?! tuong)|cap doi|cap lai|lam lai|lam|dang ky|kich hoat|xin cap|nop ho so)\b.{0,60}\b(nhu the nao|ra sao))\b")),
    ("where", re.compile(r"\b(o dau|tai dau|noi nao|cho nao|qua dau|den dau|o cho nao|dia chi nao|dia diem nao|(o|tai|den) (nhung|cac) (co quan|noi|dia diem|cho) nao|(toi|vao|den|gui|nop) (dau|noi nao)|(gui|nop) (cho|toi|den|ve) (co quan|cong an|noi|don vi) nao|qua (cong|kenh|cong thong tin|ung dung|he thong) nao|(o|tai|ve) "
                         r"(co quan|cong an) (cap )?nao|cong an cap nao|nop (cho|o|tai) (dau|cap nao|ai)|ghi (dia chi|noi) nao)\b")),
    ("who", re.compile(r"(?<!\bla )(?<!\bchua )(?<!\bkhong )(?<!\bmoi )\bai\b(?! cung\b)|\b(co quan nao|don vi nao|to chuc nao|bo nao|ben nao|nguoi nao|cap nao|"
                       r"tham quyen (cua )?(ai|co quan nao)|thuoc tham quyen|(ai|co quan nao|don vi nao) co tham quyen|"
                       r"ai chu tri|dau moi|su dong y cua ai|(can|phai|duoc) ai dong y)\b")),
    ("list", re.compile(r"\b(nhung (gi|nao|ai)|(gom|bao gom|co|la|liet ke) nhung|"
                        r"nhung [a-z]+( [a-z]+){0,2} (gi|nao)|(nhung |cac )?truong hop nao|gom (nhung )?gi|bao gom|co nhung|doi tuong nao|"
                        r"cac (truong hop|quyen|nghia vu|loai|hanh vi|kenh|nguon) nao|"
                        r"(trach nhiem|nghia vu|nhiem vu|quyen|yeu cau|dieu kien) gi|liet ke|ke ten|nhung gi)\b")),
    ("yes_no", re.compile(rf"\b(co|duoc|phai|bi|can|bat buoc|nen) .{{0,80}}\b{_Y}\s*$|\b(dung|phai) {_Y}\b|"
                          rf"\bdung vay {_Y}\b|\bco dung (vay|la|khong)\b|\b(duoc|co duoc|co phai|co bi|co can) .{{0,60}}\b{_Y}\b|"
                          r"\bhay khong\b|\bduoc (khong|ko|hong|hem)\b|\bco .{0,60} (khong|ko|hong)\b(?! (?:ai|biet|co|duoc|phai|can|the|nen|hieu|ro)\b)|\bxac nhan\b|\b(?:that|dung) (?:a|ha|sao)\W*$|"
                          r"\b(vi sao|tai sao) .{0,80}\b(bat buoc|phai|duoc|cam|khong duoc)\b|\bco (phai|bi|can|duoc)\b")),
)
# A part answered by the law's modality: the answer to "có được …?" is a permission, to "có phải …?" an obligation.
# '… như vậy có sao không' asks whether the act is wrong, not whether it is allowed
ASKS_ANY_HARM = re.compile(r"\bco (?:sao|van de gi) (?:khong|ko|hong)\b")
_FORBID_ASKED = re.compile(r"\b(bi cam|nghiem cam|cam khong|pham luat|pham phap|co vi pham|la vi pham|vi pham (phap )?luat|"
                           r"bi xu ly|bi phat|bi xu phat|bi truy cuu)\b|" + ASKS_ANY_HARM.pattern)
_NOT_MUST_ASKED = re.compile(r"\b(chi can|khong can|khong phai (qua|lam|nop|co|xin|gui)|khong bat buoc|khong phai|khoi (?:phai|can))\b")
_MUST_ASKED = re.compile(r"\b(bat buoc|co phai (?!la\b)\w+|phai (?:di )?(lam|nop|doi|dang ky|co|xin|gui|thong bao|bao|chiu|"
                         r"luu|cho|cap|thuc hien|duoc)|co can|can phai|buoc phai|co nghia vu|co trach nhiem|moi duoc)\b")
_PERMIT_ASKED = re.compile(r"\b(co duoc|duoc phep|duoc (khong|ko|hong|hem)|co quyen|co the|duoc (\w+ ){1,6}(khong|ko|hong)|"
                           r"\w+ duoc (khong|ko|hong|hem|chu|ko ta|khong ta|hong ta)|(xai|dung|lam|su dung) .{0,30}duoc)\b")
_WRITTEN_WHERE = re.compile(r"\b(ghi|in|the hien)\b.{0,40}\b(cho nao|dia chi nao|noi nao|o dau)\b")
_CLAIMED_PERMISSION = re.compile(r"\b(?<!khong )duoc (?!(?:khong|ko|hong|hem|chu|hieu|goi|quy dinh|ap dung)\b)[a-z]+")
_CLAIM = re.compile(r"\b((?<!su )(?:dung|phai) (?:khong|ko|hong|hok)|co dung (vay|khong|nhu vay|nhu the|quy dinh (khong|ko)|(?:nguoi|co quan|noi|cho) (?:co tham quyen )?(?:khong|ko))|dung nhu vay khong|dung vay khong|dung chu|xac nhan|vi sao|tai sao|that khong|(?:that|dung) (?:a|ha|sao)(?=\W*$))\b")
# 'mấy' asks only before what it counts ('mấy ngày'); 'may' before anything else is 'máy' ('máy tính', 'máy quét')
_QUESTION_WORD = re.compile(r"\b(gi|nao|sao|the nao|ra sao|bao nhieu|dau|ai|may (?:ngay|thang|nam|tuoi|lan|buoc|loai|so|"
                            r"chu so|gio|phut|tuan|nguoi|truong hop|muc|cap|nhom|cach|noi|bo|ban|to|tieng|dong|tram|nghin|"
                            r"trieu|phan tram))\b")
# Right after a finished ask ('… không', '… là gì', '… ở đâu', '… bao lâu', '… nào', '… bao nhiêu'): where a comma
# or 'hay' starts the next part (plain text; one fixed-width look-behind per word)
FINISHED_ASK = r"(?:(?<=\bkhong)|(?<=\bko)|(?<=\bgi)|(?<=\bdau)|(?<=\blau)|(?<=\bnao)|(?<=\bnhieu))"
# (2), (b) … start a part even after a comma; (1) stays with the story before it, which only leads to it
_SPLIT = re.compile(r"\?+|;|\s(?=\((?:[2-9]|[b-e])\)\s)|" + FINISHED_ASK + r",? hay (?=\w)|" + FINISHED_ASK + r"\s*,\s+(?=\w+ \w+)|, (?=(?:ai|bao lau|o dau|khi nao|bao nhieu|the nao|lam sao)\b)|(?:,? va|, con|,? roi) (?=(?:[\w ]{0,80}?)\b(?:(?:o|toi|den|qua|tai) dau|bao lau|ai|khi nao|bao nhieu|may|the nao|"
                    r"lam gi|nhung gi|gi\b|nao\b|(?:co )?(?:duoc|phai|can|bi) .{0,40}(?:khong|ko|hong)))|, (?=(?:co|lieu|vay) )")


@dataclass(frozen=True)
class Part:
    """One question inside a question: its plain wording and the kind of answer it asks for."""

    text: str
    kind: str


# 'không đăng ký được … ở đâu, …' says 'nowhere', 'chưa hỏi ai' 'no one': a negation before a wh-word that ends the
# clause makes it no ask ('không biết … ở đâu' still asks; in '… không phải nơi cư trú thì chuyển tới đâu?' 'thì'
# starts the ask)
_INDEFINITE = re.compile(r"\b(?:khong|chua|chang)\b(?!\s+(?:biet|ro|hieu|chac|nho)\b)(?:\s+(?!thi\b|ma\b|nen\b)\w+){0,12}?\s+(?:o dau|dau|ai|gi)"
                         r"(?: (?:khac|ca|het|nua))?(?=\s*[,.;]|\s*$)")  # 'chưa đăng ký ở đâu khác' tells
_ENDS_INDEFINITE = re.compile(_INDEFINITE.pattern + "$")


# '… không có biện pháp bảo vệ dữ liệu nào', 'không cần đạt cấp độ an toàn nào': none at all, told
_NONE_AT_ALL = re.compile(r"\bkhong (?:he )?(?:co|can)(?: (?!nhung\b|cac\b|biet\b)\w+){1,7} nao$")


def indefinite(piece: str) -> bool:
    """The piece ends with a negated wh-word: it tells, it does not ask."""
    piece = piece.strip(" ,.")
    return bool(_ENDS_INDEFINITE.search(piece) or _NONE_AT_ALL.search(piece))


def _asks(piece: str, kind: str) -> bool:
    """Whether a piece whose kind is ``kind`` asks something: it has a kind, a question word or offers a choice ('cấp lại
    hay cấp mới')."""
    return kind != "other" or bool(_QUESTION_WORD.search(piece)) or " hay " in f" {piece} "


def tells_only(piece: str) -> bool:
    """A piece that asks nothing: it ends with a negated wh-word ('… không có biện pháp bảo vệ nào') or has neither a
    kind nor a question word ('Sim điện thoại tôi đang dùng do vợ tôi đứng tên')."""
    return indefinite(piece) or not _asks(piece, _asked_kind(piece))


def answer_kind(plain: str) -> str:
    """The kind of the first part that has one ('other' when none): 'bao lâu' -> duration."""
    parts = question_parts(plain)
    return parts[0].kind if parts else "other"


def kind_of(text: str) -> str:
    """The kind of one part; wh-words outrank a trailing 'không' ('ở đâu, có phải … không' is asked as a place)."""
    text = _INDEFINITE.sub("", text)
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            if kind == "where" and _WRITTEN_WHERE.search(text):
                return "other"  # 'trên thẻ ghi nơi cư trú là chỗ nào?' asks what is written, not where to go
            return kind
    return "other"


def asking_sentence(plain: str) -> str:
    """The sentence that asks, without the story told before it ('Năm 2025 công ty tôi gửi hồ sơ … bị yêu cầu
    hoàn thiện. Theo Nghị định 13/2023: (1) công ty có bao nhiêu ngày để hoàn thiện hồ sơ' -> the last clause):
    the fact asked is looked for by these words, the story stays in the context."""
    last = re.split(r"[.:]\s+|\(\d\)\s*", plain)[-1]
    return last if len(content_words(last)) >= 3 else plain


def last_sentence(plain: str) -> str:
    """The last sentence of a question told as a story then asked: the one that asks."""
    return plain.rsplit(". ", 1)[-1]


def _asked_kind(piece: str) -> str:
    """The kind of a piece told as a story then asked ('tôi muốn xem … đang ghi những gì về mình. người dân có được
    xem … không'): its last sentence asks; the story's words decide only when that sentence has no kind."""
    last = last_sentence(piece)
    if last != piece and (kind := kind_of(last)) != "other":
        return kind
    kind = kind_of(piece)
    if kind == "yes_no" and last != piece and _QUESTION_WORD.search(last):
        return "other"  # '… chưa thu được thẻ. … phải xử lý theo hướng nào?': the story's 'chưa' asks nothing
    return kind


NUMBERED = re.compile(r"\((\d|[a-e])\)\s")  # '(2) đến tháng 3/2028 …, tôi có phải đi cấp đổi thẻ không', '(b) còn …'


def question_parts(plain: str) -> tuple[Part, ...]:
    """'đăng ký ở đâu và mất bao lâu?' -> (where, duration). A piece that asks nothing belongs to the part before
    it, a preamble to the part after it (the part's kind is then read again from the joined words)."""
    pieces = [p.strip(" ,.") for p in _SPLIT.split(plain) if p and p.strip(" ,.")]
    texts: list[str] = []
    kinds: list[str] = []
    asking: list[bool] = []
    for piece in pieces:
        vague = indefinite(piece)
        kind = "other" if vague else _asked_kind(piece)
        asks = not vague and _asks(piece, kind)
        # two yes/no asks in a row are one part ('có được không, hay phải …'), unless the asker numbered them;
        # two asks of another kind ask of two things ('ở địa phương cơ quan nào …, ở trung ương cơ quan nào …')
        numbered = bool(NUMBERED.match(piece)) and asks
        if texts and (not asks or not asking[-1] or (kind == kinds[-1] == "yes_no" and not numbered)):
            texts[-1] = f"{texts[-1]}, {piece}"
            kinds[-1] = _asked_kind(texts[-1])
            asking[-1] = asking[-1] or asks
        else:
            texts.append(piece)
            kinds.append(kind)
            asking.append(asks)
    return tuple(Part(t, k) for t, k in zip(texts, kinds))


def asked_modality(plain: str) -> str:
    """What a yes/no part asks of the law: forbid ('có bị cấm'), not_must ('chỉ cần … đúng không'), must
    ('có phải nộp'), permit ('có được'), or fact ('có giá trị không'). A prohibition asked about wins; otherwise
    the modality asked first ('được không hay phải chờ …' asks a permission)."""
    if _FORBID_ASKED.search(plain):
        return "forbid"
    found = []
    if is_claim(plain) and (m := _NOT_MUST_ASKED.search(plain)):
        found.append((m.start(), "not_must"))
    if m := _MUST_ASKED.search(plain):
        found.append((m.start(), "must"))
    if m := _PERMIT_ASKED.search(plain):
        found.append((m.start(), "permit"))
    elif is_claim(plain) and (m := _CLAIMED_PERMISSION.search(plain)):
        found.append((m.start(), "permit"))  # 'công an được bán dữ liệu … đúng không?' claims a permission
    return min(found)[1] if found else "fact"


def is_claim(plain: str) -> bool:
    """The question states something and asks whether it is true ('… đúng không?', 'vì sao …')."""
    return bool(_CLAIM.search(plain))


# 'đã được kết nối … nên có quyền bán … đúng không?': 'đã được' tells what happened, the ask is after it
# ('khỏi phải chụp ảnh' says what is spared, it asks no duty)
_ACT_AFTER = re.compile(r"\b(?:duoc phep|co duoc|co quyen|co the|bi cam|co bi|co phai|bat buoc|co can|can phai|(?<!khoi )phai|(?<!da )duoc)\s+"
                        r"((?:[a-z]+\s+){0,3}[a-z]+)")
# "cho thuê thẻ như vậy có được không": the act is before the filler that points back at it
_ACT_BEFORE = re.compile(r"((?:[a-z]+\s+){1,3}?)(?:(lam )?(?:nhu vay|nhu the nay|nhu the|vay|kieu nay|kieu do|the nay) )?(?:co )?"
                         r"duoc (?:khong|ko|hong|hem|chu)\b")
_NOT_ACT = {"khong", "ko", "hong", "hem", "la", "cac", "nhung", "mot", "nay", "do", "toi", "minh", "em", "cho", "ve", "voi",
            "phep", "tu", "phap", "luat", "phai", "duoc", "bi", "lam", "di", "len", "co", "con", "nguoi", "ta", "the nao",
            "gi", "nao", "ai", "thi", "ma", "da", "se", "dang", "van", "cung", "hay", "nua", "roi", "a", "vay", "nhe",
            "no", "ho", "chung", "anh", "chi", "tui", "gio", "nay", "ngay", "luon", "ca", "het", "them", "ay", "giup",
            "dum", "thoi", "lan"}  # '… chỉ dùng 1 lần thôi thì có được không': how often is no act


_OBJECT_HEADS = {"the", "tai", "thong", "du", "giay", "so"}  # thẻ, tài khoản, thông tin, dữ liệu, giấy tờ, số …
# not the act before 'như vậy': who acts, and a claim's own words ('có đúng như vậy không')
_PRONOUNS = {"toi", "minh", "em", "chi", "anh", "ay", "ho", "ong", "ba", "co", "chu", "bac", "cong", "ty", "ben", "don", "vi",
             "dung", "sai", "that", "phai", "noi"}
_POINTS_BACK = re.compile(r"\b(lam (?:nhu )?vay|nhu vay|nhu the|viec do|viec nay|dieu do|dieu nay)\b")
_TOLD_ACT = re.compile(r"\b(?:sua|xoa|ban|cho thue|lay|chia se|thay doi|lam gia|tiet lo|dang len|mua)(?: (?!cua\b)[a-z]+){1,2}")
# logging in with an account is using it, in the law's words ('người giám hộ sử dụng tài khoản … của người được giám hộ')
# '… mức 1 cho bé được không': whom the act is for is not the act ('làm thay cho anh' is acting in his stead)
_BENEFICIARY = re.compile(r"(?<!thay )\bcho (?:be|con|chau|me|bo|vo|chong|ong|ba|em|anh|chi|nguoi than|nguoi khac)"
                          r"(?: (?:toi|minh|em|nha minh|nha toi))? (?=(?:co )?duoc (?:khong|ko|hong|hem|chu)\b)")
_LOGIN = re.compile(r"\b(?:dang nhap|vao) (?:bang |vao )?tai khoan\b")


def act_words(plain: str) -> list[str]:
    """The act a yes/no part asks about, from its first modal: 'tôi được bán dữ liệu …' -> ['ban', 'du', 'lieu'];
    'làm lại trên mạng được không' -> ['lai', 'tren', 'mang']."""
    plain = _BENEFICIARY.sub(" ", _LOGIN.sub("su dung tai khoan", plain))
    # the sentence that asks, from the last: 'Chú tôi … chưa xác định được quốc tịch … Loại giấy này có dùng để làm
    # những giao dịch như vậy được không?' asks about 'giao dịch', not 'quốc tịch'
    sentences = [s for s in re.split(r"[.?!]\s+", plain) if s.strip()] or [plain]
    for n, sentence in enumerate(reversed(sentences)):
        after = _ACT_AFTER.search(sentence)
        before = _ACT_BEFORE.search(sentence)
        match = before if before and (not after or before.start() < after.start()) else after
        if before is not None and match is before and before.group(2):
            match = None  # 'Trường làm vậy có được không?': who did it stands before 'làm vậy', the act was told before
        words = [w for w in match.group(1).split() if w not in _NOT_ACT] if match is not None else []
        if words and match is before and words[0] in _OBJECT_HEADS:
            # 'giữ thẻ căn cước như vậy có được không': the window holds the thing, the verb is the word before it
            verb = sentence[:match.start(1)].split()[-1:]
            words = [w for w in verb if w not in _NOT_ACT and w not in _PRONOUNS] + words
        if words:
            return list(dict.fromkeys(words[:3]))
        back = _POINTS_BACK.search(sentence) if n == 0 else None
        if back is not None:
            # 'tôi bán như vậy có phạm luật không?': the verb before 'như vậy'; '… nhờ chị sửa năm sinh của bố …
            # Chị ấy làm giúp như vậy có được không?': none there, so the act told before it
            before = sentence[:back.start()].split()
            said = [w for w in before if w not in _NOT_ACT and w not in _PRONOUNS]
            if 0 < len(said) <= 3 and len(before) <= 6 and not back.group(1).startswith("lam"):
                # a short clause, 'tôi bán như vậy', not a whole statement nor who did it ('trường làm vậy')
                return said
            told = [m for s in sentences[:-1] for m in _TOLD_ACT.finditer(s)]
            if told and _PERMIT_ASKED.search(sentence):
                return [w for w in told[-1].group(0).split() if w not in _NOT_ACT][:3]
    return []
