"""Issue #13 against a real `dancu serve` (loopback, small corpus, real model): an invalid or private ``fn_index``
leaves no traceback in the server's log, and SIGTERM stops the server within 10 s while requests are in
flight (a slow client trickling its body, an open event stream, answers being computed, an idle keep-alive).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers import small_corpus
from tests.test_api import running_server

PROJECT = Path(__file__).resolve().parents[1]
QUESTION = "Số định danh cá nhân là gì?"
SHUTDOWN_LIMIT_S = 10.0
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("hostile-server")
    env = {**os.environ, "DANCU_DATA_DIR": str(root / "data"), "DANCU_CORPUS_DIR": str(small_corpus(root / "corpus")),
           "GRADIO_ANALYTICS_ENABLED": "False", "DANCU_RATE_LIMIT": "100000/minute"}
    done = subprocess.run([sys.executable, "-m", "dancu.cli", "ingest", "--quiet"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return env


def _ask_fn(url: str) -> tuple[int, list[int]]:
    dependencies = httpx.get(f"{url}/config", timeout=30).json()["dependencies"]
    ask = next(d["id"] for d in dependencies if d["api_name"] == "on_ask")  # the page's question box
    return ask, [d["id"] for d in dependencies if not d["backend_fn"]]


def test_bad_and_private_fn_index_leave_no_traceback(env: dict[str, str], tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with running_server(env, log, timeout_s=180) as (url, _):
        ask, js_only = _ask_fn(url)
        with httpx.Client(base_url=url, timeout=30) as http:
            for fn_index in (999, -1, "x", None, *js_only):
                response = http.post("/gradio_api/queue/join",
                                     json={"fn_index": fn_index, "data": [], "session_hash": "tan-cong"})
                assert response.status_code == 400, (fn_index, response.text)
            for name in ("on_new_chat", "handler", "today", "khong_co"):
                assert http.post(f"/gradio_api/call/{name}", json={"data": []}).status_code == 403
            assert http.get("/gradio_api/deep_link?session_hash=tan-cong").status_code == 403
            joined = http.post("/gradio_api/queue/join",
                               json={"fn_index": ask, "data": [QUESTION, "", "citizen", None], "session_hash": "ok"})
            assert joined.status_code == 200
            assert http.post("/api/ask", json={"question": QUESTION}).status_code == 200
    text = log.read_text()
    assert "Traceback" not in text and "IndexError" not in text and "KeyError" not in text, text[-3000:]


def _slow_loris(port: int, stop: threading.Event) -> None:
    """A POST /api/ask announcing 2 KB and sending one byte a second."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 2048\r\n\r\n{")
        while not stop.is_set():
            try:
                sock.sendall(b" ")
            except OSError:
                return
            stop.wait(1.0)


def _event_stream(url: str, ask: int, stop: threading.Event) -> None:
    """The page's open event stream (Gradio's queue/data), as a browser tab keeps it."""
    session = "dang-mo"
    try:
        with httpx.Client(base_url=url, timeout=None) as http:
            http.post("/gradio_api/queue/join", json={"fn_index": ask, "data": [QUESTION, "", "citizen", None],
                                                       "session_hash": session})
            with http.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as stream:
                for _ in stream.iter_lines():
                    if stop.is_set():
                        return
    except httpx.HTTPError:
        return


def _askers(url: str, stop: threading.Event, n: int = 6) -> list[threading.Thread]:
    def ask_forever(k: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while not stop.is_set():
                try:
                    http.post("/api/ask", json={"question": f"{QUESTION} (lần {k})"})
                except httpx.HTTPError:
                    return

    return [threading.Thread(target=ask_forever, args=(k,), daemon=True) for k in range(n)]


def test_sigterm_stops_the_server_within_10_s_with_requests_in_flight(env: dict[str, str], tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    stop = threading.Event()
    with running_server(env, log, timeout_s=180) as (url, proc):
        port = int(url.rsplit(":", 1)[1])
        ask, _ = _ask_fn(url)
        idle = socket.create_connection(("127.0.0.1", port))  # an idle keep-alive connection
        clients = [threading.Thread(target=_slow_loris, args=(port, stop), daemon=True),
                   threading.Thread(target=_event_stream, args=(url, ask, stop), daemon=True),
                   *_askers(url, stop)]
        for client in clients:
            client.start()
        time.sleep(3.0)  # everything in flight
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - started
        print(f"SIGTERM → exit {code} after {took:.1f} s")
        stop.set()
        idle.close()
    assert code is not None and took <= SHUTDOWN_LIMIT_S, f"still running {took:.1f} s after SIGTERM"
    assert code in (0, -signal.SIGTERM), code
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
