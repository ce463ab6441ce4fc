"""User feedback (👍/👎 + optional comment) in SQLite under DANCU_DATA_DIR, personal data masked before storage
(question, comment, conclusion and citations alike, by core/pii.py).

Several server threads and processes may write at once: WAL lets readers and one writer work side by side,
and the busy timeout makes a second writer wait for the lock instead of failing with "database is locked".
"""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, TextIO

from core.errors import UserError
from core.pii import EMAIL_MASK, ID_MASK, PHONE_MASK, mask_personal_data  # noqa: F401 (re-exported)
from core.settings import Settings

FILE_NAME = "feedback.sqlite"
RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000
BUSY_TIMEOUT_S = 30.0
COLUMNS = ("id", "created_at", "rating", "mode", "question", "conclusion", "citations", "comment")


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
            citations=mask_personal_data(self.citations),
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
