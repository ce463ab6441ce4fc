"""The application database (user feedback, evaluator grades) through SQLAlchemy.

``DANCU_DATABASE_URL`` names it (``postgresql+psycopg://user:password@host/dancu`` when several server processes
share the data); unset, each store keeps its own SQLite file in ``DANCU_DATA_DIR``, the files earlier versions
wrote (``feedback.sqlite``, ``eval_scores.sqlite``), so existing data keeps working without a migration.

This module owns what is the same for every store: one engine per URL per process, table creation that two
processes may run at once, SQLite set up for several writers, files readable by their owner only, and the
Vietnamese error when the database cannot be reached.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from sqlalchemy import Engine, MetaData, Table, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from core.errors import DatabaseUnavailableError, SettingsError
from core.settings import Settings

log = logging.getLogger(__name__)

ENV_NAME = "DANCU_DATABASE_URL"
METADATA = MetaData()
BUSY_TIMEOUT_S = 30.0  # a second SQLite writer waits this long for the lock instead of failing at once
CONNECT_TIMEOUT_S = 10  # an unreachable PostgreSQL host fails within this, not after the TCP default
PRIVATE_FILE_MODE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
EXAMPLE_URL = "postgresql+psycopg://người_dùng:mật_khẩu@máy_chủ:5432/dancu"

_engines: dict[tuple[int, str], Engine] = {}
_engines_lock = threading.Lock()


def sqlite_url(path: Path | str) -> str:
    return URL.create("sqlite", database=str(Path(path).absolute())).render_as_string(hide_password=False)


def database_url(settings: Settings, default_file: str) -> str:
    """``DANCU_DATABASE_URL``, or the store's own SQLite file in the data directory."""
    return settings.database_url or sqlite_url(settings.data_dir / default_file)


def is_url(location: Path | str) -> bool:
    return isinstance(location, str) and "://" in location


def shown_url(url: str) -> str:
    """The URL as it may appear in a message or a log: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<URL không đọc được>"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and for ``:memory:``)."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


# -- engines ---------------------------------------------------------------------------------------
def engine_for(url: str) -> Engine:
    """One engine (and connection pool) per URL per process: a forked child builds its own instead of sharing
    its parent's sockets."""
    key = (os.getpid(), url)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = _create_engine(url)
        return engine


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise SettingsError(f"{ENV_NAME}='{shown_url(url)}' không phải URL cơ sở dữ liệu hợp lệ "
                            f"(ví dụ {EXAMPLE_URL}). Hãy sửa hoặc bỏ biến môi trường đó.") from None
    # Only psycopg (version 3) is installed: plain postgresql:// means it whatever SQLAlchemy's default driver.
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _create_engine(url: str) -> Engine:
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    connect_args: dict[str, object] = {}
    if backend == "sqlite":
        connect_args["timeout"] = BUSY_TIMEOUT_S
        path = sqlite_file(url)
        if path is not None:
            try:
                create_private_file(path)
            except OSError as exc:  # an unwritable or missing directory
                raise unavailable(url, exc) from None
    elif backend == "postgresql":
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    try:
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as exc:
        raise SettingsError(f"{ENV_NAME}='{shown_url(url)}': không có trình điều khiển cho "
                            f"'{parsed.drivername}' ({exc}). Dùng sqlite:/// hoặc {EXAMPLE_URL}.") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers and one writer work side by side; the busy timeout makes a second writer wait for the
    lock instead of failing with "database is locked". WAL is persistent in the file; repeating it is cheap."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


# -- files -----------------------------------------------------------------------------------------
def create_private_file(path: Path) -> None:
    """Create ``path`` readable and writable by its owner only (0600) before SQLite opens it; tighten an
    existing database and its side files, which earlier versions left world-readable.

    SQLite gives the -wal and -shm files it creates later the permissions of the database file, so they are
    private too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE))
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_SIDE_FILES)):
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                os.chmod(candidate, PRIVATE_FILE_MODE)
        except OSError as exc:  # e.g. a file owned by another user: readable as before, and said so
            log.warning("could not restrict %s to its owner: %s", candidate, exc)


def open_private(path: Path) -> TextIO:
    """A text file opened for writing, created 0600: an export holds what users wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE_MODE)
    os.fchmod(fd, PRIVATE_FILE_MODE)  # an existing file keeps its old mode through os.open
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


# -- tables ----------------------------------------------------------------------------------------
def open_database(url: str, *tables: Table) -> Engine:
    """The engine of ``url`` with ``tables`` created if missing; ``DatabaseUnavailableError`` (Vietnamese, the
    password masked) when the database cannot be reached."""
    engine = engine_for(url)
    with guarded(url):
        _create_tables(engine, tables)
    return engine


CREATE_ATTEMPTS = 5  # processes starting at once may each lose the race on a different table


def _create_tables(engine: Engine, tables: tuple[Table, ...]) -> None:
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            METADATA.create_all(engine, tables=list(tables))  # checks first: existing tables are left alone
            return
        except DBAPIError:
            # Two processes starting at once both see no table and both create it; the loser's CREATE fails. Once
            # the tables are there that is fine; a retry may lose again on the next table (four processes, several
            # tables); anything else (the database is unreachable) fails again on the last attempt.
            if all(inspect(engine).has_table(t.name) for t in tables):
                log.info("tables of %s were created by another process at the same time", shown_url(str(engine.url)))
                return
            if attempt == CREATE_ATTEMPTS:
                raise


@contextmanager
def guarded(url: str) -> Iterator[None]:
    """Turn a database failure in the middle of the work (the server went away) into the Vietnamese error."""
    try:
        yield
    except (IntegrityError, DataError):
        raise  # a row the database refuses is a bug of ours, not an unreachable database
    except SQLAlchemyError as exc:
        raise unavailable(url, exc) from None


def unavailable(url: str, exc: BaseException) -> DatabaseUnavailableError:
    """The error shown when the database cannot be used: which one (password masked), why, what to check."""
    cause = getattr(exc, "orig", None) or exc
    reason = " ".join(str(cause).split())[:300].rstrip(".") or type(cause).__name__
    password = _password(url)
    if password and len(password) >= 3:  # a driver may echo what it was given
        reason = reason.replace(password, "***")
    log.warning("database %s unavailable: %s", shown_url(url), reason)
    path = _sqlite_file_or_none(url)
    if path is not None:
        return DatabaseUnavailableError(
            f"Không mở được cơ sở dữ liệu (tệp {path}): {reason}. Kiểm tra tệp, quyền ghi và biến môi trường "
            f"{ENV_NAME}.")
    return DatabaseUnavailableError(
        f"Không kết nối được cơ sở dữ liệu ({ENV_NAME}={shown_url(url)}): {reason}. "
        "Kiểm tra máy chủ và biến môi trường.")


def _sqlite_file_or_none(url: str) -> Path | None:
    try:
        return sqlite_file(url)
    except SettingsError:
        return None


def _password(url: str) -> str | None:
    try:
        return make_url(url).password  # type: ignore[return-value]
    except (ArgumentError, ValueError):
        return None
