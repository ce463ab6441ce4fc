"""User feedback (👍/👎 + optional comment), personal data masked before storage (question, comment, conclusion
and citations alike, by core/pii.py).

Stored through SQLAlchemy (``web.database``): in ``DANCU_DATABASE_URL`` when set (PostgreSQL for several server
processes), else in ``DANCU_DATA_DIR/feedback.sqlite`` as before (WAL and a busy timeout, so several threads
and processes may write at once).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, TextIO

from sqlalchemy import CheckConstraint, Column, Integer, Table, Text, insert, select

from core.errors import DatabaseUnavailableError, UserError
from core.pii import EMAIL_MASK, ID_MASK, PHONE_MASK, mask_personal_data  # noqa: F401 (re-exported)
from core.settings import Settings
from web.database import METADATA, database_url, guarded, is_url, open_database, open_private, sqlite_file, sqlite_url

FILE_NAME = "feedback.sqlite"
RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000
COLUMNS = ("id", "created_at", "rating", "mode", "question", "conclusion", "citations", "comment")
UNAVAILABLE_FOR_USERS = "Chưa lưu được góp ý lúc này: cơ sở dữ liệu không phản hồi. Hãy thử lại sau ít phút."

# The table as the sqlite3 version created it (same names, types and check), so its files keep working.
FEEDBACK = Table(
    "feedback", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),  # ISO 8601, UTC
    Column("rating", Text, CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"), nullable=False),
    Column("mode", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("conclusion", Text, nullable=False),
    Column("citations", Text, nullable=False),
    Column("comment", Text, nullable=False),
    sqlite_autoincrement=True,
)


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
    """The feedback table. ``location`` is a SQLite file or a SQLAlchemy URL (``postgresql+psycopg://…``);
    connections come from the engine's pool, so any thread can write."""

    def __init__(self, location: Path | str) -> None:
        self.url = str(location) if is_url(location) else sqlite_url(location)
        self.path: Path | None = sqlite_file(self.url)  # None for a database server
        self._engine = open_database(self.url, FEEDBACK)

    @classmethod
    def for_settings(cls, settings: Settings) -> "FeedbackStore":
        return cls(database_url(settings, FILE_NAME))

    def add(self, entry: FeedbackEntry) -> int:
        """Store one entry (masked here, so nothing unmasked ever reaches the database); returns its id."""
        if len(entry.comment) > MAX_COMMENT_CHARS:
            raise UserError(f"Góp ý quá dài ({len(entry.comment)} ký tự; tối đa {MAX_COMMENT_CHARS}).")
        clean = entry.masked()
        row = {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rating": clean.rating,
               "mode": clean.mode, "question": clean.question, "conclusion": clean.conclusion,
               "citations": clean.citations, "comment": clean.comment}
        try:
            with guarded(self.url), self._engine.begin() as db:
                return int(db.execute(insert(FEEDBACK).values(row).returning(FEEDBACK.c.id)).scalar_one())
        except DatabaseUnavailableError:
            # Shown on the public page: no host or user name there (the log has them, the password masked).
            raise DatabaseUnavailableError(UNAVAILABLE_FOR_USERS) from None

    def rows(self) -> list[dict[str, object]]:
        query = select(*(FEEDBACK.c[name] for name in COLUMNS)).order_by(FEEDBACK.c.id)
        with guarded(self.url), self._engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(query)]


def write_csv(rows: Iterable[dict[str, object]], stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def export_csv(settings: Settings, stream: TextIO) -> int:
    """`dancu feedback export --csv`: every stored entry, oldest first; returns the number of rows."""
    url = database_url(settings, FILE_NAME)
    path = sqlite_file(url)
    rows = [] if path is not None and not path.exists() else FeedbackStore(url).rows()  # an export creates nothing
    write_csv(rows, stream)
    return len(rows)


def export_csv_file(settings: Settings, path: Path) -> int:
    """The export written to a file only its owner can read (it holds what users wrote)."""
    with open_private(Path(path)) as stream:
        return export_csv(settings, stream)
