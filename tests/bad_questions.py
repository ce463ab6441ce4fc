"""The one table of questions every entry must reject with a Vietnamese message.

Used by the answer service tests (hash embedder and real model), the page handler, the JSON API (in-process
and on the real server) and the command line (in-process and in a subprocess). Add a case here, never in a
test file: every entry then checks it.

Each case says what a user sees:
- ``message``: a fragment of the ``QuestionError`` the service, the page and ``dancu ask`` show;
- ``http_status``: what ``POST /api/ask {"question": value}`` answers (400 from the service, 422 when the
  request itself is malformed), with ``http_message`` in ``detail``; ``None`` when JSON cannot carry the value;
- ``cli_exit``: the exit status of ``dancu ask -- value``; ``None`` when a command line cannot carry the value
  (not text, a NUL byte, a lone surrogate, more than the kernel's 128 KiB per argument).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

EMPTY = "Câu hỏi đang trống"
TOO_LONG = "Câu hỏi quá dài"
NOT_TEXT = "Câu hỏi phải là văn bản"
API_NOT_TEXT = "question: phải là chuỗi văn bản"


@dataclass(frozen=True)
class BadQuestion:
    id: str
    value: Any
    message: str
    http_status: int | None
    cli_exit: int | None

    @property
    def http_message(self) -> str:
        return self.message if self.http_status == 400 else API_NOT_TEXT

    @property
    def param(self):
        return pytest.param(self, id=self.id)

    @property
    def json_body(self) -> bytes:
        """``{"question": value}`` as a client sends it (ASCII escapes: a lone surrogate stays a ``\\ud800`` escape)."""
        return json.dumps({"question": self.value}).encode("ascii")


BAD_QUESTIONS: tuple[BadQuestion, ...] = (
    BadQuestion("empty", "", EMPTY, 400, 1),
    BadQuestion("one-space", " ", EMPTY, 400, 1),
    BadQuestion("spaces", "     ", EMPTY, 400, 1),
    BadQuestion("spaces-newline", "  \n ", EMPTY, 400, 1),
    BadQuestion("spaces-newline-tab", "   \n\t ", EMPTY, 400, 1),
    BadQuestion("whitespace-ascii", " \t\n\r ", EMPTY, 400, 1),
    BadQuestion("whitespace-mix", " \t\n\r\u00a0\u3000 ", EMPTY, 400, 1),
    BadQuestion("only-control-chars", "\x00\x01\x02\x1b\x7f", EMPTY, 400, None),
    BadQuestion("only-control-chars-no-nul", "\x01\x02\x1b\x7f", EMPTY, 400, 1),
    BadQuestion("only-zero-width", "\u200b\u200c\u200d\ufeff", EMPTY, 400, 1),
    BadQuestion("only-lone-surrogates", "\ud800 \udfff", EMPTY, 400, None),
    BadQuestion("2001-chars", "x" * 2001, TOO_LONG, 400, 1),
    BadQuestion("2001-accented", "ý" * 2001, TOO_LONG, 400, 1),
    BadQuestion("20k-chars", "a" * 20_000, TOO_LONG, 400, 1),  # a bigger body is refused earlier (413, 64 KB)
    BadQuestion("20k-vietnamese", ("dữ liệu dân cư " * 1500)[:20_000], TOO_LONG, 400, None),
    BadQuestion("none", None, NOT_TEXT, 422, None),
    BadQuestion("number", 12345, NOT_TEXT, 422, None),
    BadQuestion("bytes", "Căn cước".encode("utf-8"), NOT_TEXT, None, None),
    BadQuestion("list", ["Căn cước là gì?"], NOT_TEXT, 422, None),
)

ALL = [c.param for c in BAD_QUESTIONS]
TEXT = [c.param for c in BAD_QUESTIONS if isinstance(c.value, str)]
HTTP = [c.param for c in BAD_QUESTIONS if c.http_status is not None]
CLI = [c.param for c in BAD_QUESTIONS if c.cli_exit is not None]
