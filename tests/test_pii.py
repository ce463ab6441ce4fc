"""Personal data masking (core/pii.py): the issue's formats exactly, generated numbers and e-mails in many
separator styles inside Vietnamese text (hypothesis), the log filter, and feedback stored masked."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.pii import (
    EMAIL_MASK,
    ID_MASK,
    PHONE_MASK,
    PiiLogFilter,
    has_id_like_number,
    install_pii_log_filter,
    mask_every_log_record,
    mask_personal_data,
    normalize,
)
from web.feedback import FeedbackEntry, FeedbackStore

ZWSP, NBSP, THIN, NNBSP = "\u200b", "\u00a0", "\u2009", "\u202f"


def reassembled_digits(text: str) -> list[str]:
    """What a reader gets back from the text: digit runs once every non-letter, non-digit character is removed."""
    kept = "".join(ch for ch in normalize(text) if ch.isalnum())
    return re.findall(r"\d+", kept)


def recognisable(text: str) -> bool:
    masked = normalize(text)
    return any(len(run) >= 9 for run in reassembled_digits(masked)) or "@" in masked


def recognisable_beyond(masked: str, filler: str) -> bool:
    """Recognisable, leaving aside what the surrounding words alone spell: legal references next to each other
    ('năm 2023 , 46/2022/TT-BCA') reassemble into a long digit run though no one's number is in them."""
    already = {run for run in reassembled_digits(filler) if len(run) >= 9}
    return "@" in normalize(masked) or any(len(run) >= 9 and not any(run in a for a in already)
                                           for run in reassembled_digits(masked))


# -- the issue's formats, exactly -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Gọi tôi: 0912 345678", f"Gọi tôi: {PHONE_MASK}"),
    ("sđt (091) 234-5678 nhé", f"sđt {PHONE_MASK} nhé"),
    ("máy bàn (024) 3823-4567", f"máy bàn {PHONE_MASK}"),
    ("+84 912 345 678", PHONE_MASK),
    ("CCCD 001-099-012345", f"CCCD {ID_MASK}"),
    (f"CCCD 001{NBSP}099{NBSP}012{NBSP}345", f"CCCD {ID_MASK}"),
    (f"số 0912{THIN}345{THIN}678", f"số {PHONE_MASK}"),
    (f"số 0912{NNBSP}345{NNBSP}678", f"số {PHONE_MASK}"),
    ("số 0912–345–678 (gạch ngang)", f"số {PHONE_MASK} (gạch ngang)"),
    ("số 0912—345—678", f"số {PHONE_MASK}"),
    ("CCCD 001/099/012/345", f"CCCD {ID_MASK}"),
    ("CCCD 001_099_012_345", f"CCCD {ID_MASK}"),
    ("CCCD 0 0 1 0 9 9 0 1 2 3 4 5", f"CCCD {ID_MASK}"),
    (f"góp ý: gọi 09{ZWSP}12{ZWSP}345{ZWSP}678 ạ", f"góp ý: gọi {PHONE_MASK} ạ"),
    (f"CCCD 0010{ZWSP}99012345", f"CCCD {ID_MASK}"),
    ("email tran.b＠gmail.com", f"email {EMAIL_MASK}"),
    ("email user@localhost.", f"email {EMAIL_MASK}."),
    (f"email tran{ZWSP}.b@gmail{ZWSP}.com", f"email {EMAIL_MASK}"),
    ("email tran.b﹫gmail.com", f"email {EMAIL_MASK}"),
    ("email tran.b [at] gmail [dot] com", f"email {EMAIL_MASK}"),
    ("０９１２３４５６７８", PHONE_MASK),
    ("CMND 123.456.789", f"CMND {ID_MASK}"),
    ("gọi (0912345678) nhé", f"gọi ({PHONE_MASK}) nhé"),
    ("năm 2023 tôi đổi số 0912345678", f"năm 2023 tôi đổi số {PHONE_MASK}"),
    ("001099012345 20 lần", f"{ID_MASK} 20 lần"),
    # Legal references, dates and short numbers stay as written.
    ("khoản 2 Điều 3 Thông tư 46/2022/TT-BCA; Điều 9 Luật 26/2023/QH15", None),
    ("hiệu lực 19-12-2022, 46 điều, năm 2023, 12 chữ số", None),
    ("lúc 10:30:45 ngày 01/07/2024 từ 192.168.100.200:8000", None),
    ("CCCD 079.203.001.234", f"CCCD {ID_MASK}"),
])
def test_issue_formats(text: str, expected: str | None) -> None:
    assert mask_personal_data(text) == (text if expected is None else expected)


def test_every_format_of_the_issue_leaves_nothing_recognisable() -> None:
    issue = ("0912 345678, (091) 234-5678, (024) 3823-4567, 001-099-012345, 0912\u00a0345\u00a0678, "
             "0912\u2009345\u2009678, 0912\u2013345\u2013678, 0912/345/678, 0912_345_678, 0 9 1 2 3 4 5 6 7 8, "
             f"09{ZWSP}12345678, tran.b＠gmail.com, user@localhost")
    masked = mask_personal_data(f"Góp ý của tôi: {issue}. Cảm ơn!")
    assert not recognisable(masked), masked
    assert masked.count(PHONE_MASK) == 10 and masked.count(ID_MASK) == 1 and masked.count(EMAIL_MASK) == 2


def test_has_id_like_number() -> None:
    assert has_id_like_number("số 001 099 012 345 của ai")
    assert has_id_like_number(f"0912{THIN}345{THIN}678")
    assert not has_id_like_number("Điều 3 Thông tư 46/2022/TT-BCA, năm 2023")


def test_empty_and_plain_text_are_unchanged() -> None:
    assert mask_personal_data("") == ""
    assert mask_personal_data("Số định danh cá nhân là gì?") == "Số định danh cá nhân là gì?"


def test_a_megabyte_is_masked_in_linear_time() -> None:
    import time

    for text in ("a" * 1_000_000 + "@", ("a" * 64 + "@") * 15_000, "1 " * 300_000, " at" * 200_000):
        started = time.perf_counter()
        mask_personal_data(text)
        assert time.perf_counter() - started < 5


# -- property: generated numbers and e-mails inside Vietnamese text ---------------------------------------------
WORDS = ("Tôi", "muốn", "hỏi", "về", "thẻ", "căn", "cước", "của", "mình", "số", "điện", "thoại", "là", "gọi", "nhé",
         "CCCD", "cảm", "ơn", "Điều 3", "năm 2023", "khoản 2", "46/2022/TT-BCA", "sđt:", "email:", "(", ")", ",", ".")
SEPARATORS = (" ", "  ", "-", " - ", ".", ". ", "/", "_", NBSP, THIN, NNBSP, "\u2013", "\u2014", "\u2212",
              "\u2010", "\u2011", "(", ")", ") ", " (", "·", "\u3000", "\t", ZWSP + " ", "\uff0d", "\uff0e", ",")
INVISIBLE = ("", "", "", ZWSP, "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def spelled_number(draw) -> tuple[str, str]:
    """A 9–12 digit number (phone, CMND, CCCD) split into groups with separators, sometimes full-width."""
    length = draw(st.sampled_from([9, 10, 10, 11, 12, 12]))
    digits = draw(st.text("0123456789", min_size=length, max_size=length))
    cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=5)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, length])]
    spelled = groups[0]
    for group in groups[1:]:
        spelled += draw(st.sampled_from(SEPARATORS)) + draw(st.sampled_from(INVISIBLE)) + group
    if length == 11 and digits.startswith("84") and draw(st.booleans()):
        spelled = "+" + spelled
    if draw(st.booleans()):
        spelled = spelled.translate(FULLWIDTH)
    return spelled, digits


@st.composite
def spelled_email(draw) -> str:
    word = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
    parts = draw(st.lists(st.tuples(st.sampled_from("._+-"), word), max_size=2))
    local = draw(word) + "".join(sep + part for sep, part in parts)
    at = draw(st.sampled_from(["@", "＠", "﹫", " @ ", "(at)", " [at] ", "@" + ZWSP]))
    domain = draw(st.sampled_from(["localhost", "gmail.com", "mail.example.com.vn", "công-ty.vn", "x.io"]))
    if draw(st.booleans()):
        domain = domain.replace(".", ZWSP + ".")
    return local + at + domain


def sentence(draw, secret: str) -> str:
    before = draw(st.lists(st.sampled_from(WORDS), max_size=6))
    after = draw(st.lists(st.sampled_from(WORDS), max_size=6))
    glue = draw(st.sampled_from([" ", ": ", " (", "\n", ""]))
    return " ".join(before) + glue + secret + draw(st.sampled_from([" ", ")", ". ", "\n", ""])) + " ".join(after)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_generated_number_survives(data) -> None:
    spelled, digits = data.draw(spelled_number())
    text = sentence(data.draw, spelled)
    masked = mask_personal_data(text)
    assert not recognisable_beyond(masked, text.replace(spelled, " ")), (text, masked)
    assert digits not in "".join(reassembled_digits(masked)), (text, masked)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_generated_email_survives(data) -> None:
    email = data.draw(spelled_email())
    text = sentence(data.draw, email)
    masked = mask_personal_data(text)
    assert EMAIL_MASK in masked, (text, masked)
    assert not recognisable_beyond(masked, text.replace(email, " ")) and "(at)" not in masked and "[at]" not in masked, (
        text, masked)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .-/_()@ab ") + [ZWSP, NBSP, "đ", "ư"]), max_size=80))
def test_masking_is_idempotent_and_leaves_no_number(text: str) -> None:
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once
    assert not any(len(run) >= 9 for run in reassembled_digits(once)), (text, once)


def test_normalize_drops_invisibles_and_folds_width() -> None:
    assert normalize(f"a{ZWSP}b\u00adc\ufeffd\u200ee") == "abcde"
    assert normalize("０９１２＠") == "0912@"
    assert normalize("٠٩١٢") == "0912"
    assert unicodedata.is_normalized("NFC", normalize("Dữ liệu dân cư"))
    assert normalize("Dữ liệu dân cư\nxuống dòng\tvà tab") == "Dữ liệu dân cư\nxuống dòng\tvà tab"


# -- the log filter ----------------------------------------------------------------------------------------------
@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    pii_filter = install_pii_log_filter(root)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.removeFilter(pii_filter)
        root.setLevel(old_level)


def test_the_log_filter_masks_messages_args_and_tracebacks(captured) -> None:
    log = logging.getLogger("dancu.test.child")  # propagated to the root's handler
    log.info("câu hỏi: %s", "CCCD 001 099 012 345 của tôi, gọi 0912\u2009345\u2009678")
    log.warning("góp ý %s từ %s", {"comment": "mail tran.b＠gmail.com"}, "user@localhost")
    log.info("số ghép %s%s", "0912", "345678")  # split across two args
    log.info("số nguyên %d", 912345678)
    log.info(f"f-string 001-099-012345 {'0912 345 678'}")
    try:
        raise ValueError("không xử lý được câu hỏi 'sđt 0912.345.678'")
    except ValueError:
        log.exception("lỗi khi trả lời %s", "a@b.vn")
    out = captured.getvalue()
    for secret in ("001 099 012 345", "0912\u2009345\u2009678", "tran.b", "user@localhost", "0912345678", "912345678",
                   "001-099-012345", "0912 345 678", "0912.345.678", "a@b.vn"):
        assert secret not in out, out
    assert not any(len(run) >= 9 for run in reassembled_digits(out)), out
    assert out.count(PHONE_MASK) >= 4 and ID_MASK in out and EMAIL_MASK in out
    assert "Traceback" in out and "ValueError" in out  # the traceback is kept, masked


def test_the_log_filter_keeps_structured_args() -> None:
    """uvicorn's access formatter unpacks record.args: masking keeps it a 5-tuple."""
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/api/ask?sdt=0912345678", "1.1", 200), None)
    assert PiiLogFilter().filter(record) is True
    client, method, path, version, status = record.args
    assert (client, method, version, status) == ("127.0.0.1:5000", "GET", "1.1", 200)
    assert path == f"/api/ask?sdt={PHONE_MASK}"


def test_install_is_idempotent() -> None:
    logger = logging.getLogger("dancu.test.install")
    handler = logging.StreamHandler(io.StringIO())
    logger.addHandler(handler)
    try:
        first = install_pii_log_filter(logger)
        assert install_pii_log_filter(logger) is first
        assert logger.filters.count(first) == 1 and handler.filters.count(first) == 1
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(first)


def test_the_record_factory_masks_loggers_that_do_not_propagate() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("dancu.test.uvicorn-like")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    original = logging.getLogRecordFactory()
    try:
        mask_every_log_record()
        mask_every_log_record()  # idempotent
        logger.warning("lỗi với câu hỏi %s", "CCCD 001 099 012 345, a@b.vn")
        assert stream.getvalue() == f"lỗi với câu hỏi CCCD {ID_MASK}, {EMAIL_MASK}\n"
    finally:
        logging.setLogRecordFactory(original)
        logger.removeHandler(handler)


# -- feedback: every stored field goes through core/pii.py -----------------------------------------------------------
def test_feedback_masks_question_comment_conclusion_and_citations(db_location: Path | str, tmp_path: Path) -> None:
    store = FeedbackStore(db_location)
    store.add(FeedbackEntry(
        rating="down",
        question="Số CCCD 001\u00a0099\u00a0012\u00a0345 là của ai?",
        conclusion="Liên hệ (024) 3823-4567 hoặc tran.b＠gmail.com.",
        citations="khoản 2 Điều 3 Thông tư 46/2022/TT-BCA; gọi 0912–345–678",
        comment=f"sai rồi, gọi tôi 09{ZWSP}12 345678 hoặc user@localhost",
    ))
    [row] = store.rows()
    assert row["question"] == f"Số CCCD {ID_MASK} là của ai?"
    assert row["conclusion"] == f"Liên hệ {PHONE_MASK} hoặc {EMAIL_MASK}."
    assert row["citations"] == f"khoản 2 Điều 3 Thông tư 46/2022/TT-BCA; gọi {PHONE_MASK}"
    assert row["comment"] == f"sai rồi, gọi tôi {PHONE_MASK} hoặc {EMAIL_MASK}"
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())  # SQLite: the file and its WAL
    for secret in ("001\u00a0099", "3823-4567", "tran.b", "345–678", "345678", "localhost"):
        assert secret.encode() not in raw


def test_legal_references_next_to_each_other_are_not_taken_for_a_surviving_number() -> None:
    """Found by the property test above: 'năm 2023 , 46/2022/TT-BCA' reassembles into 10 digits with no one's number."""
    text = "0@localhost năm 2023 , 46/2022/TT-BCA"
    masked = mask_personal_data(text)
    assert masked == f"{EMAIL_MASK} năm 2023 , 46/2022/TT-BCA"
    assert recognisable(masked) and not recognisable_beyond(masked, text.replace("0@localhost", " "))
