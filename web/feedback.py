"""User feedback (👍/👎 + optional comment) in SQLite under DANCU_DATA_DIR, personal data masked before storage.

Several server threads and processes may write at once: WAL lets readers and one writer work side by side,
and the busy timeout makes a second writer wait for the lock instead of failing with "database is locked".
"""

from __future__ import annotations

import csv
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, TextIO

from core.errors import UserError
from core.settings import Settings

FILE_NAME = "feedback.sqlite"
RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000
BUSY_TIMEOUT_S = 30.0
COLUMNS = ("id", "created_at", "rating", "mode", "question", "conclusion", "citations", "comment")

ID_MASK = "[số định danh]"
PHONE_MASK = "[số điện thoại]"
EMAIL_MASK = "[email]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Grouped numbers ("0912 345 678", "+84 912.345.678", "001 099 012 345") and solid runs ("001099012345").
# Bounded by non-digits only, not word boundaries: "sđt0912345678" must be masked too.
_GROUPED = re.compile(r"(?<!\d)\+?\d{1,4}(?:[ .\-]\d{2,4}){2,5}(?!\d)")
_SOLID = re.compile(r"(?<!\d)\+?\d{9,}(?!\d)")
MIN_DIGITS = 9


def _mask_number(match: re.Match[str]) -> str:
    token = match.group(0)
    digits = sum(ch.isdigit() for ch in token)
    if digits < MIN_DIGITS:
        return token
    # Mobile numbers have 10 digits, landlines and "+84…" 11; CMND 9, CCCD / số định danh cá nhân 12.
    return PHONE_MASK if token.startswith("+") or digits in (10, 11) else ID_MASK


def mask_personal_data(text: str) -> str:
    """Mask e-mail addresses, phone numbers and 9/12-digit ID numbers.

    Errs on the side of masking: any number of 9 or more digits is masked, since a false positive costs a
    number in a comment while a false negative stores someone's CCCD.
    """
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _GROUPED.sub(_mask_number, text)
    return _SOLID.sub(_mask_number, text)


@dataclass(frozen=True)
class FeedbackEntry:
    rating: str
    question: str
    conclusion: str = ""
    citations: str = ""
    comment: str = ""
    mode: str = "citizen"

    def __post_init__(self) -> None:
        if self.rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, got {self.rating!r}")

    def masked(self) -> "FeedbackEntry":
        return FeedbackEntry(
            rating=self.rating,
            question=mask_personal_data(self.question),
            conclusion=mask_personal_data(self.conclusion),
            citations=self.citations,
            comment=mask_personal_data(self.comment),
            mode=self.mode,
        )


class FeedbackStore:
    """One SQLite file; a connection per call so any thread (or process) can write."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS feedback ("
                " id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
                " rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), mode TEXT NOT NULL,"
                " question TEXT NOT NULL, conclusion TEXT NOT NULL, citations TEXT NOT NULL, comment TEXT NOT NULL)"
            )

    @classmethod
    def for_settings(cls, settings: Settings) -> "FeedbackStore":
        return cls(settings.data_dir / FILE_NAME)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")  # persistent in the file; cheap to repeat
        return db

    def add(self, entry: FeedbackEntry) -> int:
        """Store one entry (masked here, so nothing unmasked ever reaches the file); returns its id."""
        if len(entry.comment) > MAX_COMMENT_CHARS:
            raise UserError(f"Góp ý quá dài ({len(entry.comment)} ký tự; tối đa {MAX_COMMENT_CHARS}).")
        clean = entry.masked()
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, rating, mode, question, conclusion, citations, comment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (created, clean.rating, clean.mode, clean.question, clean.conclusion, clean.citations, clean.comment),
            )
            return int(cursor.lastrowid or 0)

    def rows(self) -> list[dict[str, object]]:
        with closing(self._connect()) as db:
            cursor = db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def write_csv(rows: Iterable[dict[str, object]], stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def export_csv(settings: Settings, stream: TextIO) -> int:
    """`dancu feedback export --csv`: every stored entry, oldest first; returns the number of rows."""
    path = settings.data_dir / FILE_NAME
    rows = FeedbackStore(path).rows() if path.exists() else []
    write_csv(rows, stream)
    return len(rows)
