"""The application database (web/database.py): the setting, private SQLite files, one engine per URL, table
creation racing between processes, and the Vietnamese error when the database cannot be reached.

The store tests run on SQLite and on a real PostgreSQL (``db_location`` in conftest.py); the feedback and grade
behaviour itself is tested in test_web_handlers.py, test_pii.py, test_eval_scoring.py and test_evaluator.py.
"""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import DatabaseUnavailableError, SettingsError, StoreUnavailableError
from core.settings import Settings
from tests.postgres import free_port
from web.database import engine_for, open_private, shown_url, sqlite_url
from web.feedback import UNAVAILABLE_FOR_USERS, FeedbackEntry, FeedbackStore, export_csv, export_csv_file
from web.grades import HumanScore, ScoreStore

PROJECT = Path(__file__).resolve().parents[1]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """A umask that would leave new files world-readable and writable: the app must not rely on the umask."""
    old = os.umask(0)
    yield
    os.umask(old)


# -- the setting ---------------------------------------------------------------------------------------
def test_the_setting_reads_dancu_database_url_and_keeps_it_out_of_repr() -> None:
    url = "postgresql+psycopg://lan:bi-mat@db.example/dancu"
    settings = Settings.from_env({"DANCU_DATABASE_URL": url})
    assert settings.database_url == url and "bi-mat" not in repr(settings)
    assert Settings.from_env({"DANCU_DATABASE_URL": ""}).database_url is None


def test_unset_each_store_keeps_its_file_of_earlier_versions(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None)
    assert FeedbackStore.for_settings(settings).path == (tmp_path / "feedback.sqlite").absolute()
    assert ScoreStore.for_settings(settings).path == (tmp_path / "eval_scores.sqlite").absolute()
    assert ScoreStore.in_dir(tmp_path).path == (tmp_path / "eval_scores.sqlite").absolute()


def test_set_both_stores_share_the_database(db_location: Path | str, tmp_path: Path) -> None:
    url = db_location if isinstance(db_location, str) else sqlite_url(db_location)
    settings = Settings(data_dir=tmp_path / "data", database_url=url)
    FeedbackStore.for_settings(settings).add(FeedbackEntry(rating="up", question="Hỏi?"))
    ScoreStore.for_settings(settings).add(HumanScore("d", "q1", "?", "a", "correct", "Lan"))
    assert [r["question"] for r in FeedbackStore(url).rows()] == ["Hỏi?"]
    assert [s.question_id for s in ScoreStore(url).all()] == ["q1"]
    assert not (tmp_path / "data").exists(), "with a URL nothing is written to the data directory"


def test_the_workbench_grades_into_the_configured_database(db_location: Path | str, tmp_path: Path) -> None:
    from web.evaluator import Workbench

    url = db_location if isinstance(db_location, str) else sqlite_url(db_location)
    workbench = Workbench(service=None, tools=None, data_dir=tmp_path, database_url=url)  # type: ignore[arg-type]
    workbench.store.add(HumanScore("d", "q1", "?", "a", "wrong", "Minh", cause="cut_quote"))
    assert [(s.evaluator, s.cause) for s in ScoreStore(url).all("d")] == [("Minh", "cut_quote")]
    assert not (tmp_path / "eval_scores.sqlite").exists()


def test_a_feedback_file_of_the_sqlite3_version_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite"
    with sqlite3.connect(path) as db:  # the table exactly as the sqlite3 version created it
        db.execute("CREATE TABLE IF NOT EXISTS feedback ("
                   " id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
                   " rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), mode TEXT NOT NULL,"
                   " question TEXT NOT NULL, conclusion TEXT NOT NULL, citations TEXT NOT NULL, comment TEXT NOT NULL)")
        db.execute("INSERT INTO feedback (created_at, rating, mode, question, conclusion, citations, comment) "
                   "VALUES ('2026-01-01T00:00:00+00:00', 'down', 'staff', 'cũ?', '', '', 'sai')")
    db.close()
    store = FeedbackStore(path)
    assert store.add(FeedbackEntry(rating="up", question="mới?")) == 2
    assert [(r["id"], r["question"], r["mode"]) for r in store.rows()] == [(1, "cũ?", "staff"), (2, "mới?", "citizen")]


def test_one_engine_per_url_per_process(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "a.sqlite")
    assert engine_for(url) is engine_for(url)
    assert engine_for(url) is not engine_for(sqlite_url(tmp_path / "b.sqlite"))
    assert str(engine_for(url).pool.__class__.__name__) != "NullPool" and engine_for(url).pool._pre_ping


# -- files readable by their owner only ------------------------------------------------------------------
def test_sqlite_database_and_its_wal_are_created_0600(tmp_path: Path, open_umask: None) -> None:
    data = tmp_path / "data"
    store = FeedbackStore.for_settings(Settings(data_dir=data, database_url=None))
    store.add(FeedbackEntry(rating="down", question="Hỏi?", comment="gọi 0912345678"))
    grades = ScoreStore.in_dir(data)
    grades.add(HumanScore("d", "q1", "?", "a", "correct", "Lan"))
    files = sorted(p.name for p in data.iterdir())
    assert {"feedback.sqlite", "feedback.sqlite-wal", "eval_scores.sqlite", "eval_scores.sqlite-wal"} <= set(files)
    assert {name: oct(mode_of(data / name)) for name in files} == {name: "0o600" for name in files}


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite"
    FeedbackStore(path).add(FeedbackEntry(rating="up", question="Hỏi?"))
    os.chmod(path, 0o644)  # as the sqlite3 version left it
    # a new process (a server restarted after the upgrade) opens it again
    done = subprocess.run([sys.executable, "-c", "import sys; from web.feedback import FeedbackStore; "
                           "print(len(FeedbackStore(sys.argv[1]).rows()))", str(path)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1" and mode_of(path) == 0o600


def test_a_feedback_export_to_a_file_is_0600(tmp_path: Path, open_umask: None) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None)
    FeedbackStore.for_settings(settings).add(FeedbackEntry(rating="up", question="Hỏi?"))
    out = tmp_path / "exports" / "feedback.csv"
    assert export_csv_file(settings, out) == 1
    assert mode_of(out) == 0o600 and out.read_text(encoding="utf-8").splitlines()[1].split(",")[4] == "Hỏi?"
    out.chmod(0o666)
    with open_private(out) as stream:  # rewriting an existing file tightens it too
        stream.write("x")
    assert mode_of(out) == 0o600 and out.read_text() == "x"


def test_an_export_of_an_empty_data_dir_creates_no_database(tmp_path: Path) -> None:
    buffer = io.StringIO()
    assert export_csv(Settings(data_dir=tmp_path, database_url=None), buffer) == 0
    assert list(tmp_path.iterdir()) == []


# -- several processes -----------------------------------------------------------------------------------
STARTER = """
import sys, time
from web.feedback import FeedbackEntry, FeedbackStore
from web.grades import HumanScore, ScoreStore
while time.time() < float(sys.argv[2]):  # every process creates the tables at the same moment
    time.sleep(0.005)
FeedbackStore(sys.argv[1]).add(FeedbackEntry(rating="up", question=sys.argv[3]))
ScoreStore(sys.argv[1]).add(HumanScore("d", sys.argv[3], "?", "a", "correct", "Lan"))
"""


def test_processes_starting_at_once_all_create_and_use_the_tables(db_location: Path | str) -> None:
    start_at = time.time() + 4  # after the imports of every process
    procs = [subprocess.Popen([sys.executable, "-c", STARTER, str(db_location), str(start_at), f"p{n}"], cwd=PROJECT,
                              stderr=subprocess.PIPE, text=True) for n in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert sorted(r["question"] for r in FeedbackStore(db_location).rows()) == ["p0", "p1", "p2", "p3"]
    assert sorted(s.question_id for s in ScoreStore(db_location).all()) == ["p0", "p1", "p2", "p3"]


# -- errors ----------------------------------------------------------------------------------------------
def test_an_unreachable_server_is_a_vietnamese_error_with_the_password_masked() -> None:
    url = f"postgresql://lan:bi-mat-123@127.0.0.1:{free_port()}/dancu"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailableError) as caught:
        FeedbackStore(url)
    message = str(caught.value)
    assert time.monotonic() - started < 15
    assert message.startswith("Không kết nối được cơ sở dữ liệu (DANCU_DATABASE_URL=postgresql://lan:***@"
                              "127.0.0.1:"), message
    assert message.endswith("Kiểm tra máy chủ và biến môi trường.") and "bi-mat-123" not in message
    assert isinstance(caught.value, StoreUnavailableError)  # the API's 503 family
    with pytest.raises(DatabaseUnavailableError, match="lan:\\*\\*\\*@"):
        ScoreStore.for_settings(Settings(database_url=url))


def test_the_command_line_prints_it_and_exits_1(tmp_path: Path) -> None:
    env = {**os.environ, "DANCU_DATABASE_URL": f"postgresql://lan:bi-mat-123@127.0.0.1:{free_port()}/dancu"}
    done = subprocess.run([sys.executable, "-m", "dancu.cli", "--data-dir", str(tmp_path), "feedback", "export",
                           "--csv"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert "Không kết nối được cơ sở dữ liệu (DANCU_DATABASE_URL=postgresql://lan:***@" in done.stderr
    assert "bi-mat-123" not in done.stderr and "Traceback" not in done.stderr


def test_a_database_that_went_away_mid_run_is_the_same_error(postgres_server, postgres_url: str) -> None:
    store = FeedbackStore(postgres_url)
    store.add(FeedbackEntry(rating="up", question="Hỏi?"))
    import psycopg

    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user=postgres_server.user, dbname="postgres",
                         autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # also ends the store's pooled connection
    with pytest.raises(DatabaseUnavailableError) as caught:
        store.add(FeedbackEntry(rating="up", question="Hỏi lần nữa?"))
    assert str(caught.value) == UNAVAILABLE_FOR_USERS  # shown on the public page: no host, no user name
    with pytest.raises(DatabaseUnavailableError, match="Không kết nối được cơ sở dữ liệu \\(DANCU_DATABASE_URL="):
        store.rows()  # `dancu feedback export`, for the operator: which database


def test_an_unopenable_sqlite_file_is_a_vietnamese_error(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseUnavailableError, match="Không mở được cơ sở dữ liệu \\(tệp .*feedback.sqlite\\)"):
        FeedbackStore(path)


def test_a_malformed_url_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="DANCU_DATABASE_URL=.*không phải URL cơ sở dữ liệu hợp lệ"):
        FeedbackStore("postgresql://lan:bi-mat@host:cổng/dancu")
    with pytest.raises(SettingsError, match="không có trình điều khiển"):
        FeedbackStore("mysql+nosuchdriver://lan:bi-mat@host/dancu")
    assert "bi-mat" not in shown_url("postgresql://lan:bi-mat@host/dancu")


# -- the test PostgreSQL itself ----------------------------------------------------------------------------
def test_without_postgresql_the_fixture_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    import tests.postgres as pg

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pg, "DEBIAN_BIN_GLOB", str(tmp_path / "postgresql" / "*" / "bin"))
    with pytest.raises(pg.PostgresUnavailable, match="make postgres-deps"):
        pg.find_bin_dir()
    (tmp_path / "postgresql" / "16" / "bin").mkdir(parents=True)
    for name in ("initdb", "pg_ctl"):
        (tmp_path / "postgresql" / "16" / "bin" / name).touch()
    assert pg.find_bin_dir() == tmp_path / "postgresql" / "16" / "bin"  # Debian's layout, not on PATH
