"""Issue #13 against a real server: `dancu serve` in a subprocess on a free loopback port (small corpus, real
model), attacked over HTTP while `dancu ingest --rebuild` runs twice under it.

Replays: a 10 MB body → 413; a 1.3 MB history turn → 4xx at once; a flood → 429; security headers; two
rebuilds under a running server → it keeps answering 200, never loses the generation it serves (lease) and
switches to the new one; a garbage CURRENT → /api/health is a Vietnamese 503 while answers go on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.helpers import small_corpus
from tests.test_api import running_server

PROJECT = Path(__file__).resolve().parents[1]
QUESTION = "Số định danh cá nhân là gì?"
pytestmark = pytest.mark.slow


def _env(data: Path, corpus: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DANCU_DATA_DIR": str(data), "DANCU_CORPUS_DIR": str(corpus),
            "GRADIO_ANALYTICS_ENABLED": "False", **extra}


def _ingest(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "dancu.cli", "ingest", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, str], subprocess.Popen]]:
    root = tmp_path_factory.mktemp("hostile-swap")
    data, corpus = root / "data", small_corpus(root / "corpus")
    env = _env(data, corpus, DANCU_RATE_LIMIT="100000/minute")
    _ingest(env)
    with running_server(env, root / "server.log", timeout_s=180) as (url, proc):
        yield url, data / "index", env, proc


def test_hostile_bodies_and_headers_on_the_real_server(server) -> None:
    url, *_ = server
    with httpx.Client(base_url=url, timeout=30) as http:
        ok = http.post("/api/ask", json={"question": QUESTION})
        assert ok.status_code == 200
        for name in ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"):
            assert name in ok.headers
        started = time.perf_counter()
        try:
            big = http.post("/api/ask", content=b'{"question": "' + b"a" * 10_000_000 + b'"}',
                            headers={"content-type": "application/json"})
            assert big.status_code == 413 and "KB" in big.json()["detail"]
        except httpx.TransportError:
            pass  # the server answered 413 and closed before the client finished sending: refused all the same
        history = [{"role": "user", "content": "Căn cước " * 145_000}]
        turn = http.post("/api/ask", json={"question": "còn bước 2?", "history": history})
        assert turn.status_code in (413, 422)
        assert time.perf_counter() - started < 10
        assert http.post("/gradio_api/upload", files={"files": ("a.txt", b"x")}).status_code == 403
        assert http.post("/api/ask", json={"question": QUESTION}).status_code == 200  # still serving


def test_two_rebuilds_under_a_running_server(server) -> None:
    url, index_dir, env, proc = server
    first = httpx.get(f"{url}/api/health").json()["index"]
    assert list(index_dir.glob(f"{first}.{proc.pid}.lease")), "the server holds a lease on what it serves"
    codes: list[int] = []
    stop = threading.Event()

    def ask_forever() -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while not stop.is_set():
                try:
                    codes.append(http.post("/api/ask", json={"question": QUESTION}).status_code)
                except httpx.TransportError:
                    codes.append(-1)
                time.sleep(0.2)

    asker = threading.Thread(target=ask_forever)
    asker.start()
    try:
        _ingest(env, "--rebuild")
        _ingest(env, "--rebuild")
        newest = (index_dir / "CURRENT").read_text().strip()
        assert newest != first
        assert (index_dir / first).is_dir(), "a generation held by a running server was deleted"
        deadline = time.monotonic() + 30
        while httpx.get(f"{url}/api/health").json()["index"] != newest:
            assert time.monotonic() < deadline, "the server never switched to the new generation"
            time.sleep(0.5)
        time.sleep(1)
    finally:
        stop.set()
        asker.join()
    assert codes and set(codes) == {200}, codes
    health = httpx.get(f"{url}/api/health").json()
    assert health == {"status": "ok", "index": newest, "on_disk": newest}


def test_garbage_current_is_a_vietnamese_503_and_answers_go_on(server) -> None:
    url, index_dir, _, _ = server
    pointer = index_dir / "CURRENT"
    saved = pointer.read_text()
    try:
        pointer.write_text("../../etc/passwd\n")
        health = httpx.get(f"{url}/api/health")
        assert health.status_code == 503 and health.json()["status"] == "index_corrupt"
        assert "dancu ingest" in health.json()["detail"]
        time.sleep(3.5)  # past the reload check: a garbage CURRENT keeps the served generation
        assert httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=60).status_code == 200
    finally:
        pointer.write_text(saved)


def test_rate_limit_on_the_real_server(tmp_path: Path) -> None:
    """A separate server with a tiny limit (the shared one allows floods for the swap test)."""
    # the flood itself is cheap: refused requests never reach the model
    data, corpus = tmp_path / "data", small_corpus(tmp_path / "corpus")
    env = _env(data, corpus, DANCU_RATE_LIMIT="5/minute")
    _ingest(env)
    with running_server(env, tmp_path / "server.log", timeout_s=180) as (url, _):
        with httpx.Client(base_url=url, timeout=60) as http:
            codes = [http.post("/api/ask", json={"question": QUESTION}).status_code for _ in range(8)]
            assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3
            refused = http.post("/api/ask", json={"question": QUESTION})
            assert int(refused.headers["retry-after"]) >= 1 and "quá nhiều" in json.loads(refused.text)["detail"]
            assert http.get("/api/health").status_code == 200
