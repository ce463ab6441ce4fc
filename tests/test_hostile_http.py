"""Issue #13, the HTTP tries, replayed in-process against the whole app (API + Gradio page, web/security.py in
front): huge bodies, huge history turns, floods, missing security headers, foreign Host, anonymous uploads.

Fast: a small corpus indexed with a hash embedder, Starlette's TestClient (no socket, no model).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pytest

from core.settings import Settings
from tests.helpers import HashEmbedder, small_corpus

VIETNAMESE = "ăâđêôơưáàảãạ"


class RecordingEmbedder(HashEmbedder):
    """Also remembers every query text it was asked to embed."""

    def __init__(self) -> None:
        super().__init__(dim=32)
        self.queries: list[str] = []

    def embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        if role != "passage":
            self.queries += list(texts)
        return super().embed(texts, role)


@pytest.fixture(scope="module")
def embedder() -> RecordingEmbedder:
    return RecordingEmbedder()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, embedder: RecordingEmbedder) -> Settings:
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("hostile-http")
    settings = Settings(data_dir=root / "data", corpus_dir=small_corpus(root / "corpus"), rate_limit="1000/minute")
    run_ingest(settings, embedder=embedder)
    return settings


def _client(settings: Settings, embedder: RecordingEmbedder, **changes: object):
    from fastapi.testclient import TestClient

    from app import build_app
    from bot.service import AnswerService

    service = AnswerService(settings.with_(**changes), embedder=embedder)
    service.load()
    return TestClient(build_app(service), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(settings: Settings, embedder: RecordingEmbedder) -> Iterator:
    with _client(settings, embedder) as http:
        yield http


def _vietnamese(response) -> str:
    detail = response.json()["detail"]
    assert any(ch in detail.lower() for ch in VIETNAMESE), detail
    return detail


def test_a_normal_question_still_answers(client) -> None:
    response = client.post("/api/ask", json={"question": "Số định danh cá nhân là gì?"})
    assert response.status_code == 200, response.text[:300]


def test_a_10_mb_body_is_413_before_the_app_reads_it(client) -> None:
    started = time.perf_counter()
    body = json.dumps({"question": "Căn cước là gì?", "history": [{"role": "user", "content": "a" * 10_000_000}]})
    response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "tối đa 64 KB" in _vietnamese(response)
    assert time.perf_counter() - started < 5


def test_a_streamed_body_without_content_length_is_counted(client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "C\xc4\x83n c\xc6\xb0\xe1\xbb\x9bc l\xc3\xa0 g\xc3\xac?", "history": [{"role": "user", "content": "'
        for _ in range(200):
            yield b"a" * 1024
        yield b'"}]}'

    response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    _vietnamese(response)


def test_a_small_streamed_body_goes_through(client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": '
        yield json.dumps("Số định danh cá nhân là gì?").encode()
        yield b"}"

    response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text[:300]


def test_a_1_3_mb_history_turn_is_refused_quickly(client) -> None:
    """The issue's try: a short follow-up after a 1.3 MB user turn (was: 12 minutes of embedding for everyone)."""
    started = time.perf_counter()
    history = [{"role": "user", "content": "Căn cước " * 145_000}, {"role": "assistant", "content": "…"}]
    response = client.post("/api/ask", json={"question": "còn bước 2?", "history": history})
    assert response.status_code in (413, 422) and time.perf_counter() - started < 5
    _vietnamese(response)


@pytest.mark.parametrize("history,where", [
    ([{"role": "user", "content": "Căn cước là gì? " * 130}], "lượt hỏi trước quá dài"),
    ([{"role": "user", "content": "Căn cước?"}] * 21, "tối đa 20"),
    ([{"role": "assistant", "content": "x" * 16_001}], "quá dài"),
    ([{"role": "assistant", "content": "a " * 7_000}] * 3, "lịch sử hội thoại quá dài"),
])
def test_history_bounds_are_422_in_vietnamese(client, history, where) -> None:
    response = client.post("/api/ask", json={"question": "còn bước 2?", "history": history})
    assert response.status_code == 422, response.text[:300]
    assert where in _vietnamese(response)


def test_the_embedder_never_gets_more_than_twice_the_question_limit(settings, embedder) -> None:
    """Through the service (the page calls it without the API's checks): the previous turn is cut."""
    from bot.service import AnswerService

    service = AnswerService(settings, embedder=embedder)
    embedder.queries.clear()
    service.answer("còn bước 2?", history=[{"role": "user", "content": "Kết nối dữ liệu dân cư " * 20_000}])
    service.answer("còn bước 2?", history=[("Kết nối dữ liệu dân cư " * 20_000, "…")])
    assert embedder.queries and max(map(len, embedder.queries)) <= 2 * settings.max_question_chars + 1


def test_security_headers_on_every_kind_of_response(client) -> None:
    for response in (client.get("/"), client.get("/api/health"), client.post("/api/ask", json={}),
                     client.get("/docs"), client.get("/khong-co")):
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_the_page_still_loads(client) -> None:
    response = client.get("/")
    assert response.status_code == 200 and "<html" in response.text.lower()


@pytest.mark.parametrize("path", ["/gradio_api/upload", "/gradio_api/upload?upload_id=x"])
def test_anonymous_uploads_are_refused(client, path) -> None:
    response = client.post(path, files={"files": ("a.txt", b"x" * 1000)})
    assert response.status_code == 403
    _vietnamese(response)


def test_a_big_gradio_queue_join_is_413(client) -> None:
    response = client.post("/gradio_api/queue/join", content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_rate_limit_is_429_with_retry_after(settings, embedder) -> None:
    with _client(settings, embedder, rate_limit="3/minute") as http:
        codes = [http.post("/api/ask", json={"question": "Căn cước là gì?"}).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        refused = http.post("/api/ask", json={"question": "Căn cước là gì?"})
        assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
        assert "quá nhiều yêu cầu" in _vietnamese(refused)
        # the page's questions share the budget (by fn_index and by name); health and the page are never limited
        ask_fn = next(d["id"] for d in http.get("/config").json()["dependencies"] if d["api_name"] == "on_ask")
        queued = {"fn_index": ask_fn, "data": ["Căn cước là gì?", "", "citizen", None], "session_hash": "s"}
        assert http.post("/gradio_api/queue/join", json=queued).status_code == 429
        assert http.post("/gradio_api/call/ask", json={"data": ["Căn cước là gì?", "citizen"]}).status_code == 429
        assert http.get("/api/health").status_code == 200 and http.get("/").status_code == 200


def test_refused_requests_spend_no_budget_but_a_flood_hits_the_burst_limit(settings, embedder) -> None:
    with _client(settings, embedder, rate_limit="3/minute") as http:
        bad = [http.post("/api/ask", json={"question": ""}).status_code for _ in range(3)]
        assert bad == [400, 400, 400]
        assert http.post("/api/ask", json={"question": "Căn cước là gì?"}).status_code == 200  # budget intact
        flood = [http.post("/api/ask", json={}).status_code for _ in range(100)]
        assert 429 in flood and set(flood) <= {422, 429}


def test_host_allow_list(settings, embedder) -> None:
    with _client(settings, embedder, allowed_hosts="dancu.example.vn, localhost") as http:
        assert http.get("/api/health", headers={"host": "dancu.example.vn"}).status_code == 200
        assert http.get("/api/health", headers={"host": "localhost:7860"}).status_code == 200
        refused = http.get("/api/health", headers={"host": "evil.example.com"})
        assert refused.status_code == 400 and "Host" in _vietnamese(refused)


def test_bad_rate_limit_setting_is_a_vietnamese_settings_error() -> None:
    from core.errors import SettingsError

    with pytest.raises(SettingsError, match="DANCU_RATE_LIMIT"):
        Settings.from_env({"DANCU_RATE_LIMIT": "nhiều"})


# -- live index swap and leases, in-process (the real-server version is tests/test_hostile_swap.py) -------------
def _indexed_service(tmp_path: Path):
    """A small index (its first generation) and a service that looks for a newer one before every answer."""
    from bot.service import AnswerService
    from ingest.pipeline import run_ingest

    embedder = RecordingEmbedder()
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus(tmp_path / "corpus"))
    first = run_ingest(settings, embedder=embedder).generation
    service = AnswerService(settings, embedder=embedder)
    service.RELOAD_CHECK_S = 0.0
    return settings, embedder, first, service


def test_a_leased_generation_survives_two_rebuilds_and_the_service_switches(tmp_path: Path) -> None:
    from ingest import index_layout as layout
    from ingest.pipeline import run_ingest

    settings, embedder, first, service = _indexed_service(tmp_path)
    service.hold_leases()
    try:
        service.load()
        assert service.served_generation == first
        assert layout.lease_path(settings.index_dir, first).is_file()
        run_ingest(settings, rebuild=True, embedder=embedder)
        newest = run_ingest(settings, rebuild=True, embedder=embedder).generation
        assert (settings.index_dir / first).is_dir(), "ingest deleted the generation a server holds"
        assert service.answer("Số định danh cá nhân là gì?").citations is not None
        assert service.served_generation == newest
        assert layout.lease_path(settings.index_dir, newest).is_file()
    finally:
        service.release_leases()
    assert not list(settings.index_dir.glob("*.lease"))


def test_stale_leases_do_not_hold_anything(tmp_path: Path) -> None:
    from ingest import index_layout as layout

    layout.write_lease(tmp_path, "gen-a")                       # this process, fresh: held
    layout.write_lease(tmp_path, "gen-b", pid=2**22 + 12345)    # no such process: stale
    old = layout.write_lease(tmp_path, "gen-c")
    old.write_text(json.dumps({"pid": __import__("os").getpid(), "generation": "gen-c", "heartbeat": time.time() - 120}))
    (tmp_path / "gen-d.1.lease").write_text("garbage")
    assert layout.leased_generations(tmp_path) == {"gen-a"}
    assert sorted(p.name for p in tmp_path.glob("*.lease")) == [layout.lease_path(tmp_path, "gen-a").name]


def test_a_bad_new_generation_keeps_the_served_one(tmp_path: Path) -> None:
    from ingest import index_layout as layout

    settings, _, first, service = _indexed_service(tmp_path)
    service.load()
    (settings.index_dir / "gen-broken").mkdir()
    layout.set_current(settings.index_dir, "gen-broken")        # no manifest: cannot load
    assert service.answer("Số định danh cá nhân là gì?") and service.served_generation == first
    (settings.index_dir / "CURRENT").write_text("../../etc/passwd")  # garbage
    assert service.answer("Số định danh cá nhân là gì?") and service.served_generation == first


def test_health_is_a_vietnamese_503_for_a_garbage_current(tmp_path: Path) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from bot.service import AnswerService
    from ingest import index_layout as layout
    from ingest.pipeline import run_ingest
    from web.api import install_api

    embedder = RecordingEmbedder()
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus(tmp_path / "corpus"))
    first = run_ingest(settings, embedder=embedder).generation
    app = FastAPI()
    install_api(app, AnswerService(settings, embedder=embedder))
    with TestClient(app, raise_server_exceptions=False) as http:
        assert http.get("/api/health").json() == {"status": "ok", "index": first, "on_disk": first}
        (settings.index_dir / "CURRENT").write_text("../../etc/passwd")
        response = http.get("/api/health")
        assert response.status_code == 503 and response.json()["status"] == "index_corrupt"
        assert "dancu ingest" in response.json()["detail"]
        layout.set_current(settings.index_dir, first)
        layout.remove_generation_dir(settings.index_dir, first)
        assert http.get("/api/health").status_code == 503


def test_a_question_costs_by_the_text_the_embedder_reads(settings, embedder) -> None:
    """The attack benchmark's finding: a 2000-character question took ~50 times the model time of a normal one.
    The embedder now reads a question's last MAX_EMBED_CHARS only, and the budget charges that: 2 units at most."""
    from bot import MAX_EMBED_CHARS
    from web.security import request_cost

    assert request_cost(100) == 1 and request_cost(1990) == request_cost(MAX_EMBED_CHARS) == 2
    long_question = ("Kết nối, chia sẻ dữ liệu dân cư theo Thông tư 46 " * 60)[:1990]
    with _client(settings, embedder, rate_limit="5/minute") as http:
        codes = [http.post("/api/ask", json={"question": long_question}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]                      # 2 + 2, then 2 more would pass 5
        assert http.post("/api/ask", json={"question": "Căn cước là gì?"}).status_code == 200  # 5 of 5
        refused = http.post("/api/ask", json={"question": "Căn cước là gì?"})
        assert refused.status_code == 429 and "quá nhiều yêu cầu" in _vietnamese(refused)
        assert max(len(q) for q in embedder.queries) <= MAX_EMBED_CHARS