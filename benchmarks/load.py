"""Load: N simultaneous HTTP clients against the running app's ``POST /api/ask``, loopback only.

Each client is a thread with its own keep-alive connection that sends the next question as soon as
its previous answer arrives, for a bounded duration. Questions are dev questions with rotating
prefixes/suffixes, so the server's query-embedding cache does not answer them after the first round.
The app is started here (``dancu serve`` in a child process) unless ``--url`` names one already running.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

from benchmarks.questions import QuestionFeed
from benchmarks.report import Table, ms, percentile, ratio
from core.errors import UserError
from core.settings import PROJECT_ROOT, Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else float("nan")


def check_loopback(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise UserError(f"Chỉ đo tải trên máy này (http://127.0.0.1:…), không dùng địa chỉ '{url}'.")
    return parts.hostname, parts.port or 80, parts.path or "/api/ask"


def _client(host: str, port: int, path: str, feed: QuestionFeed, start: threading.Barrier, deadline_box: list[float],
            result: LoadResult, lock: threading.Lock, timeout_s: float) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=timeout_s)
    start.wait()
    deadline = deadline_box[0]
    while time.perf_counter() < deadline:
        body = json.dumps({"question": feed(), "history": [], "mode": "citizen"}, ensure_ascii=False).encode("utf-8")
        began = time.perf_counter()
        error = None
        server_ms = None
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            if response.status != 200:
                error = f"HTTP {response.status}"
            else:
                obj = json.loads(data)
                if not isinstance(obj, dict) or not isinstance(obj.get("answer"), str):
                    error = "bad answer object"
                else:
                    server_ms = obj.get("latency_ms")
        except (OSError, http.client.HTTPException, ValueError) as exc:
            error = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=timeout_s)
        elapsed = (time.perf_counter() - began) * 1000
        with lock:
            if error:
                result.errors[error] += 1
            else:
                result.latencies_ms.append(elapsed)
                if isinstance(server_ms, (int, float)):
                    result.server_ms.append(float(server_ms))
    conn.close()


def run_clients(url: str, clients: int, duration_s: float, questions: Sequence[str], timeout_s: float = 120.0) -> LoadResult:
    if clients <= 0:
        raise ValueError(f"clients must be > 0, got {clients}")
    host, port, path = check_loopback(url)
    result = LoadResult(clients, 0.0)
    feed, lock = QuestionFeed(questions), threading.Lock()
    deadline_box = [0.0]
    barrier = threading.Barrier(clients + 1)
    threads = [threading.Thread(target=_client, args=(host, port, path, feed, barrier, deadline_box, result, lock, timeout_s),
                                daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    started = time.perf_counter()
    deadline_box[0] = started + duration_s
    barrier.wait()
    for t in threads:
        t.join(duration_s + timeout_s + 5)
    result.seconds = time.perf_counter() - started
    return result


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`dancu serve` in a child process on a free loopback port; stopped by its pid."""

    def __init__(self, settings: Settings, log_path: Path, extra_env: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.extra_env = dict(extra_env or {})
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/ask"
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "AppServer":
        if not (PROJECT_ROOT / "app.py").exists():
            raise UserError("Chưa có app.py (ứng dụng web) trong bản này, không đo tải được.")
        # the benchmark is the only client: no per-client rate limit unless --server-env sets one
        env = dict(os.environ, DANCU_DATA_DIR=str(self.settings.data_dir), DANCU_HOST="127.0.0.1", DANCU_PORT=str(self.port),
                   **{"DANCU_RATE_LIMIT": "1000000/minute", **self.extra_env})
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "dancu.cli", "serve", "--host", "127.0.0.1", "--port",
                                      str(self.port), "--no-build"], env=env, cwd=str(PROJECT_ROOT), stdout=self._log,
                                     stderr=subprocess.STDOUT)
        self._wait_ready(300.0)
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.time() + timeout_s
        body = json.dumps({"question": "Căn cước là gì?"}).encode("utf-8")
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dancu serve exited ({self.proc.returncode}); log: {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                conn.request("POST", "/api/ask", body=body, headers={"Content-Type": "application/json"})
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"dancu serve did not answer within {timeout_s:.0f} s; log: {self.log_path}")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def load_table(results: list[LoadResult], url: str, duration_s: float, server_env: Sequence[str] = ()) -> Table:
    base = results[0]
    rows = []
    for r in results:
        errors = sum(r.errors.values())
        kinds = ", ".join(f"{k}: {v}" for k, v in r.errors.most_common()) or "—"
        rows.append((str(r.clients), f"{r.seconds:.1f}", str(r.ok), f"{r.throughput:.2f}", ratio(r.throughput, base.throughput),
                     ms(percentile(r.latencies_ms, 50)), ms(percentile(r.latencies_ms, 95)), ratio(percentile(r.latencies_ms, 95),
                     percentile(base.latencies_ms, 95)), ms(percentile(r.server_ms, 50)), str(errors), kinds))
    return Table(
        "Load: simultaneous clients on POST /api/ask",
        ("clients", "seconds", "answers", "answers/s", "throughput vs 1 client", "p50 ms", "p95 ms", "p95 vs 1 client",
         "server latency_ms p50", "errors", "error kinds"),
        tuple(rows),
        (f"{url}, each client a thread with a keep-alive connection sending the next question when the previous answer "
         f"arrives, for {duration_s:.0f} s (answers in flight at the deadline are waited for and counted).",
         "Questions: dev questions with rotating prefixes/suffixes (distinct texts: no query-cache hits in the server).",
         "Client-side latency includes HTTP and queueing in the app; 'server latency_ms' is the answer object's own field.",
         "The load generator runs on the same 2 cores as the server. Target: 20 users with 0 errors.",
         f"Extra server environment: {', '.join(server_env) if server_env else 'none'}."),
    )
