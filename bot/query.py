"""Question normalisation: NFC, spacing, abbreviations and synonyms, and diacritic restoration
(core/diacritics.py; the restorer is learnt from the corpus at ingest and loaded with the index)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.diacritics import DiacriticRestorer
from core.text import accent_ratio, clean_spaces, nfc, strip_diacritics, syllables


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
_DOC_ABBREV = re.compile(r"\b(tt|nđ|nd)\s*(\d{1,3})", re.IGNORECASE)


@dataclass(frozen=True)
class NormalisedQuery:
    original: str
    text: str  # NFC, spacing, abbreviations expanded, synonyms appended (BM25 input)
    restored: str  # the question with abbreviations expanded and diacritics restored (embedding input)
    accented: bool  # the user typed diacritics


def expand_abbreviations(text: str) -> str:
    """Abbreviations and colloquial forms written out, word by word."""
    text = _DOC_ABBREV.sub(lambda m: ("thông tư " if m.group(1).lower() == "tt" else "nghị định ") + m.group(2), text)
    return clean_spaces(" ".join(GLOSSARY.get(strip_diacritics(w).lower().strip(",.?!;:"), w) for w in text.split(" ")))


def expand(text: str) -> str:
    """Expand abbreviations and append synonyms of phrases the question uses (what BM25 searches with)."""
    expanded = expand_abbreviations(text)
    plain = " ".join(strip_diacritics(w) for w in syllables(expanded))
    extra = [full for phrase, full in SYNONYMS if re.search(rf"\b{phrase}\b", plain)]
    return clean_spaces(" ".join([expanded, *extra]))


def normalise(question: str, restorer: DiacriticRestorer | None) -> NormalisedQuery:
    text = clean_spaces(nfc(question))
    expanded = expand(text)
    accented = accent_ratio(text) >= 0.2
    # the embedder gets the question itself (abbreviations written out, diacritics restored), not the appended
    # synonyms: they help BM25, while every extra token costs query-embedding time, 80% of an answer's
    short = expand_abbreviations(text)
    restored = short if accented or restorer is None else restorer.restore(short)
    return NormalisedQuery(original=question, text=expanded, restored=restored, accented=accented)
