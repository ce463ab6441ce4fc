"""Vietnamese text normalisation shared by indexing and querying."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """'Dữ liệu dân cư' -> 'Du lieu dan cu' (đ/Đ become d/D)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


def syllables(text: str) -> list[str]:
    """Lower-cased NFC syllables (Vietnamese words are space-separated syllables)."""
    return _WORD.findall(nfc(text).lower())


def accent_ratio(text: str) -> float:
    """Share of alphabetic syllables that carry a diacritic (0.0 for text typed without them)."""
    words = [w for w in syllables(text) if w.isalpha()]
    if not words:
        return 0.0
    return sum(1 for w in words if has_diacritics(w)) / len(words)


def search_tokens(text: str, *, accented: bool = True) -> list[str]:
    """Tokens for BM25: stripped syllables, stripped bigrams, and (optionally) accented syllables.

    Stripped forms make 'du lieu dan cu' match 'dữ liệu dân cư'; accented syllables add precision
    when the text has its diacritics.
    """
    sylls = syllables(text)
    plain = [strip_diacritics(s) for s in sylls]
    tokens = list(plain)
    tokens += [f"{a}_{b}" for a, b in zip(plain, plain[1:])]
    if accented:
        tokens += [f"~{s}" for s in sylls if has_diacritics(s)]
    return tokens


def plain_text(text: str) -> str:
    """NFC, diacritics stripped, lower-cased: the form every rule on question wording matches against."""
    return strip_diacritics(nfc(text)).lower()
