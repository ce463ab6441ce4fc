"""Question normalisation: NFC, spacing, abbreviations and synonyms, and diacritic restoration.

e5 loses most of its recall on text typed without diacritics, so an unaccented question is given
back its diacritics from the corpus's own vocabulary (the most frequent accented form of each
stripped bigram, then syllable) before it is embedded. BM25 works on stripped tokens anyway.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from core.text import accent_ratio, clean_spaces, has_diacritics, nfc, strip_diacritics, syllables


# Abbreviation or colloquial form (diacritics-stripped, lower case) -> full form.
GLOSSARY: dict[str, str] = {
    "csdlqg": "cơ sở dữ liệu quốc gia",
    "csdlqgdc": "cơ sở dữ liệu quốc gia về dân cư",
    "csdl": "cơ sở dữ liệu",
    "cccd": "căn cước công dân thẻ căn cước",
    "cmnd": "chứng minh nhân dân",
    "cmt": "chứng minh nhân dân",
    "bca": "bộ công an",
    "vneid": "vneid ứng dụng định danh quốc gia tài khoản định danh điện tử",
    "ddcn": "số định danh cá nhân",
    "sdd": "số định danh cá nhân",
    "dlcn": "dữ liệu cá nhân",
    "ko": "không",
    "k": "không",
    "kh": "không",
    "hok": "không",
    "dc": "được",
    "đc": "được",
    "ntn": "như thế nào",
    "j": "gì",
    "cq": "cơ quan",
    "tc": "tổ chức",
    "tctd": "tổ chức tín dụng",
    "nh": "ngân hàng",
    "ttdt": "thông tin điện tử",
    "tk": "tài khoản",
}
# Phrases (stripped) -> what the law calls them; appended so both sides of a synonym match.
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("dinh danh muc 2", "tài khoản định danh điện tử mức độ 2"),
    ("dinh danh muc do 2", "tài khoản định danh điện tử mức độ 2"),
    ("dinh danh muc 1", "tài khoản định danh điện tử mức độ 1"),
    ("can cuoc cong dan", "căn cước"),
    ("the can cuoc", "căn cước công dân"),
    ("ngan hang", "tổ chức tín dụng"),
    ("to chuc tin dung", "ngân hàng"),
    ("rieng tu", "đời sống riêng tư bí mật cá nhân"),
    ("bi mat ca nhan", "đời sống riêng tư"),
    ("ket noi", "kết nối chia sẻ"),
    ("thu tuc", "trình tự thủ tục quy trình"),
    ("quy trinh", "trình tự thủ tục các bước"),
    ("cac buoc", "quy trình bước"),
    ("lam can cuoc", "cấp thẻ căn cước"),
    ("doi can cuoc", "cấp đổi thẻ căn cước"),
    ("cap lai can cuoc", "cấp lại thẻ căn cước"),
    ("dan cu", "cơ sở dữ liệu quốc gia về dân cư"),
    ("du lieu dan cu", "cơ sở dữ liệu quốc gia về dân cư"),
)
# Everyday words of questions that the legal corpus rarely uses (stripped form -> accented form);
# they win over the corpus's unigram guess ("toi" is "tôi", not "tới"), never over a known bigram.
COMMON_WORDS: dict[str, str] = {
    w: a for a, w in ((a, strip_diacritics(a)) for a in (
        "tôi có nào gì bao cần mấy vậy lâu năm mới đó không được làm sao thì là ai đâu nếu phải bị hay "
        "muốn hỏi cho giúp mình em anh chị bạn ơi nhé ạ rồi chưa nữa gì đi đến ở tại sẽ đã đang nhà con "
        "nó họ ngày tháng tuổi mất lại xin nộp cấp đổi thẻ"
    ).split())
}
_DOC_ABBREV = re.compile(r"\b(tt|nđ|nd)\s*(\d{1,3})", re.IGNORECASE)


@dataclass(frozen=True)
class NormalisedQuery:
    original: str
    text: str  # NFC, spacing, abbreviations expanded
    restored: str  # ``text`` with diacritics restored where it was typed without them
    accented: bool  # the user typed diacritics


def expand(text: str) -> str:
    """Expand abbreviations word by word and append synonyms of phrases the question uses."""
    text = _DOC_ABBREV.sub(lambda m: ("thông tư " if m.group(1).lower() == "tt" else "nghị định ") + m.group(2), text)
    words = text.split(" ")
    out = [GLOSSARY.get(strip_diacritics(w).lower().strip(",.?!;:"), w) for w in words]
    expanded = " ".join(out)
    plain = " ".join(strip_diacritics(w) for w in syllables(expanded))
    extra = [full for phrase, full in SYNONYMS if re.search(rf"\b{phrase}\b", plain)]
    return clean_spaces(" ".join([expanded, *extra]))


class DiacriticRestorer:
    """Most frequent accented form per stripped bigram / syllable, learnt from the corpus."""

    def __init__(self, texts: Iterable[str]) -> None:
        unigrams: dict[str, Counter[str]] = defaultdict(Counter)
        bigrams: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
        for text in texts:
            sylls = syllables(text)
            for s in sylls:
                unigrams[strip_diacritics(s)][s] += 1
            for a, b in zip(sylls, sylls[1:]):
                bigrams[(strip_diacritics(a), strip_diacritics(b))][(a, b)] += 1
        self._unigram = {k: c.most_common(1)[0][0] for k, c in unigrams.items()}
        self._bigram = {k: c.most_common(1)[0][0] for k, c in bigrams.items() if sum(c.values()) >= 2}

    def restore(self, text: str) -> str:
        words = syllables(text)
        plain = [strip_diacritics(w) for w in words]
        out = list(words)
        fixed = [has_diacritics(w) for w in words]
        for i in range(len(words) - 1):
            pair = self._bigram.get((plain[i], plain[i + 1]))
            if pair is None:
                continue
            for j, form in ((i, pair[0]), (i + 1, pair[1])):
                if not fixed[j]:
                    out[j] = form
                    fixed[j] = True
        for i, w in enumerate(words):
            if not fixed[i]:
                out[i] = COMMON_WORDS.get(plain[i]) or self._unigram.get(plain[i], w)
        return " ".join(out)


def normalise(question: str, restorer: DiacriticRestorer | None) -> NormalisedQuery:
    text = clean_spaces(nfc(question))
    expanded = expand(text)
    accented = accent_ratio(text) >= 0.2
    restored = expanded if accented or restorer is None else restorer.restore(expanded)
    return NormalisedQuery(original=question, text=expanded, restored=restored, accented=accented)
