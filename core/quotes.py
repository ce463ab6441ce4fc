"""The one rule for a verbatim quote: it occurs in the source text, case-sensitive, whitespace-insensitive (NFC).

Used by the answer (evidence and LLM checks) and by the evaluation's quote-verification metric alike.
"""

from __future__ import annotations

from core.text import clean_spaces, nfc


def normalise_quote(text: str) -> str:
    return clean_spaces(nfc(text))


def verify_quote(quote: str, source: str | None) -> bool:
    """True when ``quote`` is non-empty and occurs verbatim in ``source``."""
    if not quote or not quote.strip() or not source:
        return False
    return normalise_quote(quote) in normalise_quote(source)
