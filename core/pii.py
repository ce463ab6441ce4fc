"""Personal data masking: ID numbers, phone numbers and e-mail addresses in any common spelling.

Pure functions of text (no I/O), used for everything stored or logged: feedback questions, comments,
conclusions and citations, and every log record (``PiiLogFilter``).

Before matching, ``normalize`` makes spelling tricks harmless: NFKC (full-width ``０９１２``, ``＠``, ``．``
become ASCII; NBSP and thin spaces become spaces), every Unicode decimal digit becomes 0-9, and invisible
characters (zero-width space / joiners, word joiner, soft hyphen, bidi marks, BOM, control characters,
variation selectors, Hangul fillers) are dropped. Digits then count as one number when nothing but
separators stands between them — any character that is neither a letter nor a digit (spaces,
hyphens and dashes, dots, slashes, underscores, brackets, quotes, emoji …; a comma or semicolon only when no
blank follows it, so a list "19-12-2022, 46 điều" is not one number; never a colon), at most
``MAX_SEPARATOR_RUN`` in a row. An IPv4 address is left alone.

A run of digits joined that way is cut into numbers of 9–12 digits (CMND 9, mobile 10, landline and
"+84…" 11, CCCD / số định danh cá nhân 12); whatever still adds up to 9 or more digits is masked too.
It errs on the side of masking: a false positive costs a number in a comment, a false negative stores
someone's CCCD.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from typing import Any

ID_MASK = "[số định danh]"
PHONE_MASK = "[số điện thoại]"
EMAIL_MASK = "[email]"

MIN_DIGITS = 9  # CMND
MAX_NUMBER_DIGITS = 12  # CCCD / số định danh cá nhân
MAX_SEPARATOR_RUN = 6

# Invisible characters outside the Cf/Cc categories: variation selectors, Mongolian free variation
# selectors, combining grapheme joiner, Khmer inherent vowels, Hangul fillers, Braille blank.
_EXTRA_INVISIBLE = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)


@functools.cache
def _invisible() -> re.Pattern[str]:
    """Every format (Cf) and control (Cc) character of the BMP but newline and tab, plus the extras above."""
    codes = [c for c in range(0x10000) if unicodedata.category(chr(c)) in ("Cf", "Cc", "Cs")
             and chr(c) not in "\n\t"]
    spans: list[str] = []
    start = prev = codes[0]
    for code in codes[1:] + [-1]:
        if code == prev + 1:
            prev = code
            continue
        spans.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = code
    return re.compile("[" + "".join(spans) + _EXTRA_INVISIBLE + "]+")


@functools.cache
def _digits() -> dict[int, str]:
    """Decimal digits NFKC leaves alone (Arabic-Indic, Devanagari, Thai, mathematical …) -> ASCII."""
    return {c: str(unicodedata.decimal(chr(c))) for c in range(0x80, 0x1FC00)
            if unicodedata.decimal(chr(c), None) is not None}


# A comma or semicolon followed by a blank ends a number ("19-12-2022, 46 điều"); "0912,345,678" stays one.
# A colon always does ("10:30", "127.0.0.1:8000").
_SEP = r"(?:[^\w,;:]|_|[,;](?!\s))"  # e-mails are masked first: a leftover '@' is a separator too
# An IPv4 address (octets 0-255 without leading zeros) is not a number to mask; "079.203.001.234" is a CCCD.
_IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)")
_CHAIN = re.compile(rf"(?P<pre>[(+]{{0,3}})(?P<body>[0-9]+(?:{_SEP}{{1,{MAX_SEPARATOR_RUN}}}[0-9]+)*)")
_GROUP = re.compile(r"[0-9]+")

# E-mail addresses are found from their '@' (or '(at)', '[at]', ' at '): the local part is matched backwards
# from it, the domain forwards, lengths bounded as in RFC 5321, so a megabyte without an address costs linear time.
_AT = re.compile(r"@|\(at\)|\[at\]|\{at\}|<at>|(?<=[ \t])at(?=[ \t])", re.IGNORECASE)
_LOCAL_CHARS = frozenset(".!#$%&'*+/=?^`{|}~-_")
_LABEL = r"[\w-]{1,63}"
_DOT = r"(?:\.|[ \t]{0,3}(?:\(dot\)|\[dot\]|\{dot\}|<dot>)[ \t]{0,3})"
_DOMAIN_AFTER = re.compile(rf"[ \t]{{0,3}}{_LABEL}(?:{_DOT}{_LABEL}){{0,10}}", re.IGNORECASE)  # b.c, localhost
_DOMAIN_WORDS_AFTER = re.compile(rf"[ \t]{{1,3}}{_LABEL}(?:[ \t]+dot[ \t]+{_LABEL}){{1,10}}", re.IGNORECASE)  # b dot c


def normalize(text: str) -> str:
    """NFKC, ASCII digits, no invisible characters: the form masking and the person-data guard work on."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = text.translate(_digits())
    return _invisible().sub("", text)


def _label(digits: str, plus: bool) -> str:
    return PHONE_MASK if plus or len(digits) in (10, 11) else ID_MASK


def _numbers(counts: list[int]) -> list[tuple[int, int]]:
    """Cut digit groups (given by their digit counts) into numbers: (first, last) group index, inclusive.

    Greedy from the left: the longest run of groups holding 9–12 digits is one number ("001099012345 20"
    masks the CCCD, keeps the 20); a single group of more than 12 digits is a number on its own; groups left
    over between numbers that still add up to 9 or more digits are masked as well.
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(counts)
    while i < n:
        if counts[i] > MAX_NUMBER_DIGITS:
            spans.append((i, i))
            i += 1
            continue
        total, best, j = 0, None, i
        while j < n and total + counts[j] <= MAX_NUMBER_DIGITS:
            total += counts[j]
            if total >= MIN_DIGITS:
                best = j
            j += 1
        if best is None:
            i += 1
        else:
            spans.append((i, best))
            i = best + 1
    taken = {k for first, last in spans for k in range(first, last + 1)}
    k = 0
    while k < n:
        if k in taken:
            k += 1
            continue
        start = k
        while k < n and k not in taken:
            k += 1
        if sum(counts[start:k]) >= MIN_DIGITS:
            spans.append((start, k - 1))
    return sorted(spans)


def _mask_chain(match: re.Match[str]) -> str:
    pre, body = match.group("pre"), match.group("body")
    if _IPV4.fullmatch(body):
        return match.group(0)
    groups = list(_GROUP.finditer(body))
    counts = [len(g.group(0)) for g in groups]
    spans = _numbers(counts) if sum(counts) >= MIN_DIGITS else []
    if not spans:
        return match.group(0)
    lead, out, cursor = pre, [], 0
    for first, last in spans:
        start, end = groups[first].start(), groups[last].end()
        plus = False
        if first == 0:
            # "+84 …" and "(024) 3823-4567": the plus and a bracket closed inside go with the number.
            plus = "+" in pre
            lead = "(" * pre.count("(") if ")" not in body[start:end] else ""
        out += [body[cursor:start], _label("".join(g.group(0) for g in groups[first:last + 1]), plus)]
        cursor = end
    out.append(body[cursor:])
    return lead + "".join(out)


def _local_start(text: str, end: int, floor: int) -> int | None:
    """Where the local part of an address ending at ``end`` starts (≤ 3 blanks, then ≤ 64 characters), or None."""
    i = end
    while i > floor and end - i < 3 and text[i - 1] in " \t":
        i -= 1
    stop = max(floor, i - 64)
    j = i
    while j > stop and (text[j - 1].isalnum() or text[j - 1] in _LOCAL_CHARS):
        j -= 1
    return j if j < i else None


def mask_emails(text: str) -> str:
    """'a.b@x.vn', 'user@localhost', 'a [at] b [dot] c', 'a at b dot c' -> EMAIL_MASK (text already normalised)."""
    out: list[str] = []
    cursor = 0
    for at in _AT.finditer(text):
        if at.start() < cursor:
            continue
        start = _local_start(text, at.start(), cursor)
        if start is None:
            continue
        words = at.group(0).lower() == "at"
        domain = (_DOMAIN_WORDS_AFTER if words else _DOMAIN_AFTER).match(text, at.end())
        if domain is None:
            continue
        out += [text[cursor:start], EMAIL_MASK]
        cursor = domain.end()
    return "".join(out) + text[cursor:] if out else text


def mask_personal_data(text: str) -> str:
    """Mask e-mail addresses, phone numbers and 9/12-digit ID numbers; returns the normalised text."""
    if not text:
        return text
    return _CHAIN.sub(_mask_chain, mask_emails(normalize(text)))


def digit_runs(text: str) -> list[str]:
    """Each number of the text as one digit string, separators removed (what a reader could reassemble)."""
    return ["".join(_GROUP.findall(m.group("body"))) for m in _CHAIN.finditer(normalize(text))]


def has_id_like_number(text: str) -> bool:
    """The text holds 9 or more digits joined only by separators: an ID or phone number in any spelling."""
    return any(len(run) >= MIN_DIGITS for run in digit_runs(text))


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, tuple):
        return tuple(_mask_value(v) for v in value)
    if isinstance(value, list):
        return [_mask_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_value(v) for k, v in value.items()}
    return value


class PiiLogFilter(logging.Filter):
    """Masks personal data in every log record: its message, its args, its traceback and its stack.

    Args are masked one by one, so formatters that unpack ``record.args`` (uvicorn's access log) keep working;
    when the formatted message would still hold something (a number split across two args, an int arg), the
    record is collapsed to its masked message with no args. A record is never dropped.

    A filter added to a *logger* sees only the records logged on that very logger, not those propagated from
    its children: put it on the handlers too (``install_pii_log_filter`` does both).
    """

    _tracebacks = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if isinstance(record.msg, str):
                record.msg = mask_personal_data(record.msg)
            elif not record.args:
                record.msg = mask_personal_data(str(record.msg))
            if record.args:
                record.args = _mask_value(record.args)
            try:
                message = record.getMessage()
            except Exception:  # a malformed format string: logging reports it; the parts are masked already
                message = None
            if message is not None and (masked := mask_personal_data(message)) != message:
                record.msg, record.args = masked, ()
            if record.exc_info and not record.exc_text:
                record.exc_text = self._tracebacks.formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = mask_personal_data(record.exc_text)
            if record.stack_info:
                record.stack_info = mask_personal_data(record.stack_info)
        except Exception:  # masking must never lose a log line, nor let an unmasked one through
            record.msg, record.args = "[bản ghi log đã bị ẩn: không che được dữ liệu cá nhân]", ()
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def install_pii_log_filter(logger: logging.Logger | None = None) -> PiiLogFilter:
    """Add one ``PiiLogFilter`` to ``logger`` (the root logger by default) and to each of its handlers."""
    logger = logger if logger is not None else logging.getLogger()
    pii_filter = next((f for f in logger.filters if isinstance(f, PiiLogFilter)), None)
    if pii_filter is None:
        pii_filter = PiiLogFilter()
        logger.addFilter(pii_filter)
    for handler in logger.handlers:
        if not any(isinstance(f, PiiLogFilter) for f in handler.filters):
            handler.addFilter(pii_filter)
    return pii_filter


def mask_every_log_record() -> None:
    """Mask every record when it is created, whatever logger, handler or propagation it goes through.

    Wraps ``logging``'s record factory once (idempotent): the surest way to cover loggers that do not propagate
    to the root (uvicorn's) and handlers added later.
    """
    current = logging.getLogRecordFactory()
    if getattr(current, "_dancu_pii", False):
        return
    pii_filter = PiiLogFilter()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        pii_filter.filter(record)
        return record

    factory._dancu_pii = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
