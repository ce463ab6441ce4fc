"""Attack: the latency of normal questions alone, then while attackers send the worst requests the server's limits
allow, in the same run (issue #13: "the p95 of normal questions while an attacker sends the worst request").

Loopback only. Every client connects from its own loopback address (127.0.0.x: Linux routes all of 127/8 to the
loopback interface), so the server's per-IP rate limit treats each as a different machine: normal users stay
under their budget (they are paced), each attacker spends its whole budget. The attackers, each a thread:

- ``big``: ``POST /api/ask`` bodies near the 64 KB cap: a question of the maximum length, or a short follow-up
  after 20 history turns at the per-turn and total caps, in legal text (every word a BM25 hit, never cached);
- ``gradio``: the page's queue (``/gradio_api/queue/join``) with maximum-length questions;
- ``flood``: tiny malformed requests as fast as possible, from one address (the burst limit answers 429);
- ``slow``: slow-loris clients announcing a 60 KB body and sending a byte a second (cut by the body timeout).
"""

from __future__ import annotations

import http.client
import json
import math
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from benchmarks.load import check_loopback
from benchmarks.questions import QuestionFeed
from benchmarks.report import Table, ms, percentile, ratio
from core.errors import UserError
from core.settings import DEFAULT_CORPUS, Settings
from web.api import MAX_HISTORY_CHARS, MAX_USER_TURN_CHARS
from web.security import ASK_MAX_BYTES as MAX_BODY_BYTES

NORMAL_BASE = 2      # normal users connect from 127.0.0.2, .3, …
ATTACKER_BASE = 100  # attackers from 127.0.0.100, .101, …
MAX_QUESTION_CHARS: int = Settings.model_fields["max_question_chars"].default  # the default limits (also web/api.py)
MAX_ASSISTANT_TURN_CHARS = 1200  # with 10 user turns at their cap, what is left of the total for 10 answers
ATTACK_MIX = {"big": 6, "gradio": 2, "flood": 2, "slow": 6}  # threads per kind (with 6 normal users: 22 clients)


@dataclass
class Phase:
    """Normal users' latencies in one phase, and what the attackers got back."""

    name: str
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    attack: dict[str, Counter] = field(default_factory=dict)

    def p(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


def loopback_source(n: int) -> tuple[str, int]:
    return (f"127.0.0.{n}", 0)


def check_sources(count: int) -> None:
    """Binding to 127.0.0.x must work (Linux): otherwise every client shares one rate-limit budget."""
    try:
        with socket.socket() as sock:
            sock.bind(loopback_source(ATTACKER_BASE + count))
    except OSError as exc:
        raise UserError(f"Không dùng được các địa chỉ 127.0.0.x làm nguồn ({exc.strerror}): phép đo tấn công cần "
                        "Linux (mỗi máy khách một địa chỉ).") from None


def legal_text() -> str:
    """The corpus's laws as one string: attackers' questions are windows of it (every word matches something)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((DEFAULT_CORPUS / "laws").glob("*.md")))
    return " ".join(text.split())


def window(text: str, chars: int, rng: random.Random) -> str:
    start = rng.randrange(0, max(1, len(text) - chars))
    return text[start:start + chars]


def worst_body(text: str, rng: random.Random, follow_up: bool) -> bytes:
    """The largest accepted /api/ask body: a maximum question, or a follow-up after maximum history; ≤ 64 KB."""
    question = "còn bước 2 thì sao?" if follow_up else window(text, MAX_QUESTION_CHARS, rng)
    history: list[dict[str, str]] = []
    budget = MAX_HISTORY_CHARS
    for turn in range(20):
        role = "user" if turn % 2 == 0 else "assistant"
        size = min(MAX_USER_TURN_CHARS if role == "user" else MAX_ASSISTANT_TURN_CHARS, budget)
        history.append({"role": role, "content": window(text, size, rng)})
        budget -= size
    # the user turns last: a follow-up is joined to the previous user turn
    history = history[1:] + history[:1]
    body = json.dumps({"question": question, "history": history, "mode": "staff"}, ensure_ascii=False).encode()
    while len(body) > MAX_BODY_BYTES - 512:
        history.pop(0)
        body = json.dumps({"question": question, "history": history, "mode": "staff"}, ensure_ascii=False).encode()
    return body


class Target:
    def __init__(self, url: str) -> None:
        self.host, self.port, self.path = check_loopback(url)

    def connection(self, source: int, timeout_s: float = 120.0) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout_s,
                                          source_address=loopback_source(source))


def post(conn: http.client.HTTPConnection, path: str, body: bytes) -> tuple[int, bytes]:
    conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


def _normal_user(target: Target, source: int, feed: Callable[[], str], interval_s: float, until: Callable[[], bool],
                 phase: Phase, lock: threading.Lock) -> None:
    conn = target.connection(source)
    next_at = time.perf_counter()
    while not until():
        time.sleep(max(0.0, next_at - time.perf_counter()))
        next_at += interval_s
        body = json.dumps({"question": feed()}, ensure_ascii=False).encode()
        began = time.perf_counter()
        try:
            status, _ = post(conn, target.path, body)
            error = None if status == 200 else f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            conn.close()
            conn = target.connection(source)
        elapsed = (time.perf_counter() - began) * 1000
        with lock:
            if error:
                phase.errors[error] += 1
            else:
                phase.latencies_ms.append(elapsed)
    conn.close()


def _attacker(kind: str, target: Target, source: int, until: Callable[[], bool], seen: Counter,
              lock: threading.Lock, text: str, fn_index: int | None) -> None:
    rng = random.Random(f"{kind}-{source}-{threading.get_ident()}")
    conn = target.connection(source, timeout_s=60)
    n = 0
    while not until():
        n += 1
        try:
            if kind == "slow":
                status = _slow_loris(target, source, until)
            elif kind == "flood":
                status, _ = post(conn, target.path, b"{}")  # refused cheaply (422), counted by the burst limit
            elif kind == "gradio":
                data = {"fn_index": fn_index, "session_hash": f"tan-cong-{source}-{n}", "trigger_id": None,
                        "data": [window(text, MAX_QUESTION_CHARS, rng), "staff"]}  # the public ask(question, mode)
                status, _ = post(conn, "/gradio_api/queue/join", json.dumps(data, ensure_ascii=False).encode())
            else:
                status, _ = post(conn, target.path, worst_body(text, rng, follow_up=n % 2 == 0))
            outcome = str(status)
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
            conn.close()
            conn = target.connection(source, timeout_s=60)
        with lock:
            seen[outcome] += 1
        if outcome == "429" and kind != "flood":
            time.sleep(0.2)  # a budget attacker retries soon after: the moment its budget refills, it spends it
    conn.close()


def _slow_loris(target: Target, source: int, until: Callable[[], bool]) -> int | str:
    """One connection trickling a body until the server answers (408) or the phase ends."""
    with socket.create_connection((target.host, target.port), timeout=30, source_address=loopback_source(source)) as sock:
        sock.sendall(f"POST {target.path} HTTP/1.1\r\nHost: {target.host}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {60 * 1024}\r\n\r\n{{".encode())
        sock.settimeout(1.0)
        while not until():
            try:
                reply = sock.recv(4096)
                return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else "closed"
            except TimeoutError:  # nothing from the server yet
                pass
            try:
                sock.sendall(b" ")
            except OSError:
                return "closed"
    return "held to the end"


def gradio_ask_fn(target: Target) -> int | None:
    """The fn_index of the page's public 'ask' API event (None when the server has no Gradio page)."""
    conn = http.client.HTTPConnection(target.host, target.port, timeout=30)
    try:
        conn.request("GET", "/config")
        response = conn.getresponse()
        config = json.loads(response.read()) if response.status == 200 else {}
    except (OSError, http.client.HTTPException, ValueError):
        return None
    finally:
        conn.close()
    return next((d["id"] for d in config.get("dependencies", []) if d.get("api_name") == "ask"), None)


def run_phase(name: str, url: str, feed: QuestionFeed, duration_s: float, users: int, interval_s: float,
              attack: dict[str, int] | None = None) -> Phase:
    """``users`` paced normal users for ``duration_s``; with ``attack``, attackers (threads per kind) meanwhile."""
    target = Target(url)
    phase = Phase(name)
    lock = threading.Lock()

    stop_at = [float("inf")]

    def until() -> bool:
        return time.perf_counter() >= stop_at[0]

    threads: list[threading.Thread] = []
    if attack:
        text, fn_index = legal_text(), gradio_ask_fn(target)
        source = ATTACKER_BASE
        for kind, count in attack.items():
            if kind == "gradio" and fn_index is None:
                continue
            phase.attack[kind] = Counter()
            for n in range(count):
                # one address per thread (each spends a whole budget), but the flood comes from one address
                address = source if kind == "flood" else source + n
                threads.append(threading.Thread(target=_attacker, daemon=True, args=(
                    kind, target, address, until, phase.attack[kind], lock, text, fn_index)))
            source += 1 if kind == "flood" else count
    users_threads = [threading.Thread(target=_normal_user, daemon=True, args=(
        target, NORMAL_BASE + k, feed, interval_s, until, phase, lock)) for k in range(users)]
    started = time.perf_counter()
    stop_at[0] = started + duration_s
    for t in threads:
        t.start()
    time.sleep(min(2.0, duration_s / 10) if attack else 0.0)  # the attack is under way before users are timed
    for t in users_threads:
        t.start()
    for t in users_threads + threads:
        t.join(duration_s + 120)
    phase.seconds = time.perf_counter() - started
    return phase


def pacing_interval(rate_limit: str) -> float:
    """Seconds between a normal user's questions: a quarter under the server's per-client budget."""
    from limits import parse

    limit = parse(rate_limit)
    return 1.25 * limit.get_expiry() / limit.amount


def summary(alone: Phase, attacked: Phase) -> dict[str, Any]:
    def rounded(value: float) -> float | None:
        return None if math.isnan(value) else round(value, 1)

    def over(a: float, b: float) -> float | None:
        return round(a / b, 2) if not (math.isnan(a) or math.isnan(b)) and b > 0 else None

    return {
        "alone_p50_ms": rounded(alone.p(50)), "alone_p95_ms": rounded(alone.p(95)),
        "attack_p50_ms": rounded(attacked.p(50)), "attack_p95_ms": rounded(attacked.p(95)),
        "ratio_p50": over(attacked.p(50), alone.p(50)), "ratio_p95": over(attacked.p(95), alone.p(95)),
        "alone_answers": len(alone.latencies_ms), "attack_answers": len(attacked.latencies_ms),
        "alone_errors": sum(alone.errors.values()), "attack_errors": sum(attacked.errors.values()),
        "attack_responses": {kind: dict(seen) for kind, seen in attacked.attack.items()},
    }


def attack_table(alone: Phase, attacked: Phase, url: str, users: int, interval_s: float, rate_limit: str,
                 mix: dict[str, int] | None = None) -> Table:
    rows = []
    for phase in (alone, attacked):
        kinds = "; ".join(f"{kind}: " + ", ".join(f"{k}×{v}" for k, v in seen.most_common())
                          for kind, seen in phase.attack.items()) or "—"
        errors = ", ".join(f"{k}: {v}" for k, v in phase.errors.most_common()) or "0"
        rows.append((phase.name, f"{phase.seconds:.0f}", str(len(phase.latencies_ms)), ms(phase.p(50)), ms(phase.p(95)),
                     ratio(phase.p(95), alone.p(95)), errors, kinds))
    return Table(
        "Attack: normal questions alone, then under the worst requests the limits allow",
        ("phase", "seconds", "normal answers", "p50 ms", "p95 ms", "p95 vs alone", "normal errors", "attackers got"),
        tuple(rows),
        (f"{url}; {users} normal users, each from its own loopback address, one question every {interval_s:.1f} s "
         f"(under the server's per-client limit {rate_limit}).",
         "Attackers, each thread from its own address: " + ", ".join(f"{k} ×{v}" for k, v in (mix or ATTACK_MIX).items())
         + " (big: ~60 KB /api/ask bodies at every length cap; gradio: maximum questions through the page's queue; "
           "flood: tiny requests without pause; slow: slow-loris bodies).",
         "Both phases in the same run, same server; the attackers run on the same 2 cores as the server."),
    )
