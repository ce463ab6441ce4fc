"""Issue #13: a client that hangs up used to keep its answer queued and computed (the embedding lock is shared by
every request, so eight abandoned requests made the next user wait for all eight); a request had no time limit.

Fast: the JSON API (web/api.py) on a real uvicorn server in this process (loopback, a real socket, so a hang-up
is a real disconnect), in front of a slow fake service whose answers queue behind one lock like the embedder's.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from typing import Any, Iterator, Sequence

import httpx
import pytest

from bot.models import Answer
from tests.helpers import uvicorn_in_thread
from web.api import AnswerWorkers, install_api

QUESTION = "Số định danh cá nhân là gì?"


class SlowService:
    """Each answer holds one shared lock for ``seconds`` (the embedder's lock); counts the answers started."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started: list[str] = []
        self._lock = threading.Lock()

    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
               as_of: str | None = None) -> Answer:
        self.started.append(question)
        with self._lock:
            time.sleep(self.seconds)
        return Answer(question=question, answer="Trả lời.", conclusion="Trả lời.")


@pytest.fixture
def serve_app() -> Iterator:
    """serve_app(asgi_app) -> base URL of a uvicorn server in a thread on a free loopback port; stopped afterwards."""
    with contextlib.ExitStack() as servers:
        yield lambda app: servers.enter_context(uvicorn_in_thread(app))


@pytest.fixture
def serve(serve_app) -> Any:
    """serve(service, secure=False, **install_api options) -> base URL of the JSON API alone on uvicorn."""
    from fastapi import FastAPI

    def start(service: Any, secure: bool = False, **options: Any) -> str:
        app = FastAPI()
        install_api(app, service, **options)  # type: ignore[arg-type]
        if secure:
            from web.security import SecurityMiddleware

            app.add_middleware(SecurityMiddleware, rate_limit="1000/minute")
        return serve_app(app)

    return start


def _send_and_hang_up(url: str, question: str) -> None:
    """A whole POST /api/ask, then the socket closed before any answer."""
    port = int(url.rsplit(":", 1)[1])
    body = json.dumps({"question": question}).encode()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        time.sleep(0.1)


def test_clients_that_hang_up_do_not_make_the_next_one_wait(serve) -> None:
    service = SlowService(seconds=0.6)
    url = serve(service, workers=AnswerWorkers(2))
    leavers = [threading.Thread(target=_send_and_hang_up, args=(url, f"bỏ đi {n}")) for n in range(8)]
    for t in leavers:
        t.start()
    for t in leavers:
        t.join()
    time.sleep(0.5)  # the server notices the hang-ups (it looks every 0.2 s)
    started = time.perf_counter()
    response = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=30)
    waited = time.perf_counter() - started
    assert response.status_code == 200 and response.json()["question"] == QUESTION
    # without cancellation: 8 × 0.6 s of abandoned answers first (≈ 5 s); with it, at most the two already running
    assert waited < 3.0, f"waited {waited:.1f} s behind abandoned requests"
    assert len([q for q in service.started if q.startswith("bỏ đi")]) <= 2, service.started


def test_a_request_over_its_time_is_a_vietnamese_504_and_frees_its_place(serve) -> None:
    service = SlowService(seconds=1.5)
    url = serve(service, workers=AnswerWorkers(1), timeout_s=0.5)
    with httpx.Client(base_url=url, timeout=30) as http:
        started = time.perf_counter()
        slow = http.post("/api/ask", json={"question": "câu đầu"})
        assert slow.status_code == 504 and time.perf_counter() - started < 1.5
        assert "chưa trả lời kịp" in slow.json()["detail"]
        # queued behind the running answer, then timed out before it started: skipped, never computed
        assert http.post("/api/ask", json={"question": "câu hai"}).status_code == 504
    time.sleep(1.8)
    assert service.started == ["câu đầu"]


def test_errors_still_map_to_their_status(serve) -> None:
    from core.errors import IndexMissingError, QuestionError

    class Failing:
        def __init__(self, error: Exception) -> None:
            self.error = error

        def answer(self, *args: Any, **kwargs: Any) -> Answer:
            raise self.error

    for error, status in ((QuestionError("Câu hỏi đang trống."), 400), (IndexMissingError("Chưa có chỉ mục."), 503),
                          (RuntimeError("lỗi lập trình"), 500)):
        response = httpx.post(f"{serve(Failing(error))}/api/ask", json={"question": QUESTION}, timeout=30)
        assert response.status_code == status and response.json()["detail"]


def test_a_client_trickling_its_body_is_cut_with_a_vietnamese_408(serve, monkeypatch) -> None:
    """The slow-loris try: a body announced, then a byte a second; the connection is closed after the limit."""
    import web.security

    monkeypatch.setattr(web.security, "BODY_TIMEOUT_S", 1.0)
    service = SlowService(seconds=0.0)
    url = serve(service, secure=True)
    port = int(url.rsplit(":", 1)[1])
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(10)
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 2048\r\n\r\n{")
        reply = b""
        for _ in range(8):
            try:
                sock.sendall(b" ")
            except OSError:
                break
            time.sleep(0.3)
            sock.setblocking(False)
            try:
                reply += sock.recv(65536)
            except BlockingIOError:
                pass
            sock.setblocking(True)
            if reply:
                break
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert "quá chậm" in reply.decode("utf-8", "replace") and time.perf_counter() - started < 5
    assert service.started == []


class LongIsSlowService(SlowService):
    """Long questions hold the shared lock for ``seconds`` (a 2000-character embedding), short ones briefly."""

    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
               as_of: str | None = None) -> Answer:
        self.started.append(question)
        with self._lock:
            time.sleep(self.seconds if len(question) > 400 else 0.02)
        return Answer(question=question, answer="Trả lời.", conclusion="Trả lời.")


def test_a_normal_question_waits_for_at_most_one_long_one(serve) -> None:
    """The attack benchmark's finding: in one line, a normal question waited behind every long question queued
    before it (50 s under attack); long ones now have their own lane, one at a time."""
    service = LongIsSlowService(seconds=0.8)
    url = serve(service, workers=AnswerWorkers(2))
    long_question = "Kết nối dữ liệu dân cư " * 40   # 920 characters
    heavy = [threading.Thread(target=httpx.post, args=(f"{url}/api/ask",),
                              kwargs={"json": {"question": f"{long_question} {n}"}, "timeout": 30}) for n in range(5)]
    for t in heavy:
        t.start()
    time.sleep(0.3)  # the long ones are queued first
    started = time.perf_counter()
    response = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=30)
    waited = time.perf_counter() - started
    assert response.status_code == 200
    # one line for all: ≈ 5 × 0.8 s; own lane: one long answer, two if the lock is not handed over fairly
    assert waited < 2.6, f"a normal question waited {waited:.1f} s behind long ones"
    for t in heavy:
        t.join()


def test_the_long_question_gate_lets_normal_questions_go_first_but_never_starves_long_ones() -> None:
    from web.api import LongQuestionGate

    gate = LongQuestionGate(defer_s=0.5)
    gate.light_started()
    started = time.perf_counter()
    assert gate.acquire(timeout=0.2) is False            # a normal question is there: the long one waits
    assert gate.acquire(timeout=5.0) is True              # …but not longer than defer_s
    assert 0.4 < time.perf_counter() - started < 2.0
    assert gate.acquire(timeout=0.1) is False             # one long question at a time
    gate.release()
    gate.light_done()
    assert gate.acquire(timeout=0.1) is True and not gate.release()
