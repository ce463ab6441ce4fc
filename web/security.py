"""One ASGI middleware in front of the whole app (API, evaluator workbench, Gradio page).

- **Host allow-list** (``DANCU_ALLOWED_HOSTS``, comma list; unset = any host): other hosts get 400.
- **No anonymous uploads**: ``/gradio_api/upload`` answers 403 (the page uploads nothing).
- **Body bounds**: ``POST /api/ask`` at most 64 KB, Gradio's API at most 1 MB → 413. Checked on
  ``Content-Length`` first, then by counting the streamed bytes (a chunked body has no length), before the app
  sees any of it. A body must arrive within BODY_TIMEOUT_S (a slow-loris client) → 408.
- **The page's Gradio functions** (GradioPolicy, filled by web/ui.py): by name only the public ``ask``
  (``/gradio_api/call/<name>`` …, else 403); by ``fn_index`` (``queue/join``, ``run/predict``) only the page's
  functions with Python code (else 400: Gradio itself answers an unknown or JavaScript-only index with a 500 and
  a traceback); ``/gradio_api/deep_link`` (a session's every component value, for its session_hash) → 403.
- **Rate limit per client IP** (``DANCU_RATE_LIMIT``, e.g. ``30/minute``) on ``POST /api/ask`` and the page's
  questions (``ask`` by ``fn_index`` or by name), with the ``limits`` library (moving windows, in memory) → 429
  with ``Retry-After``. The budget is spent by requests the app accepted (status < 400): a refused request (bad
  question, malformed body) costs no model time and no budget. Every request, accepted or not, also counts
  against a burst limit (BURST_LIMIT), so a flood of parallel requests is cut before any of them is answered.
  👍/👎 have their own budget (FEEDBACK_LIMIT) against feedback spam.
- **Security headers** on every HTTP response: CSP (self only; Gradio needs inline styles/scripts and its
  websocket/SSE queue), ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``.

Every refusal is a JSON ``{"detail": "…"}`` in Vietnamese.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Iterable

from limits import parse as parse_limit
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from bot import MAX_EMBED_CHARS

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ASK_PATH = "/api/ask"
ASK_MAX_BYTES = 64 * 1024
GRADIO_PREFIX = "/gradio_api/"
GRADIO_MAX_BYTES = 1024 * 1024
UPLOAD_PATHS = ("/gradio_api/upload", "/upload")
QUEUE_JOIN = "/gradio_api/queue/join"
# by-name calls: /gradio_api/call/<name>, /call/v2/<name>, /run/<name>, /api/<name> (Gradio's routes.py)
NAMED_CALL = re.compile(r"^/gradio_api/(?:call/v2|call|run|api)/([^/]+)/?$")
PREDICT_PATHS = frozenset({"/gradio_api/run/predict", "/gradio_api/api/predict"})
# Gradio's deep link dumps every component value of a session (the whole chat) to anyone naming its session_hash
PRIVATE_GRADIO_PATHS = frozenset({"/gradio_api/deep_link"})
BURST_LIMIT = "60 per 10 seconds"
BODY_TIMEOUT_S = 15   # seconds to send a whole body (≤ 1 MB): a normal client needs milliseconds
FEEDBACK_LIMIT = "10/minute"
# A question costs one unit of DANCU_RATE_LIMIT per started COST_CHARS of text the embedder reads: embedding
# 2000 characters took ~50 times as long as a normal question (~100 characters) before the embedder was capped
# at the question's last MAX_EMBED_CHARS (`dancu bench attack`).
COST_CHARS = 400   # 👍/👎 per client: one per answer is far below it

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Gradio's client evaluates code (new Function)
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: data:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
])
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]

TOO_LARGE = "Yêu cầu quá lớn ({size}; tối đa {limit} KB). Hãy rút gọn câu hỏi và lịch sử hội thoại."
TOO_MANY = "Bạn gửi quá nhiều yêu cầu ({limit}). Hãy thử lại sau {seconds} giây."
BAD_HOST = "Tên máy chủ (Host) không được phép trên máy chủ này."
NO_UPLOAD = "Máy chủ này không nhận tệp tải lên."
NOT_PUBLIC = "Chức năng này không mở cho bên ngoài gọi. API công khai: POST /api/ask (xem /docs)."
NO_SUCH_FUNCTION = "Yêu cầu không hợp lệ: trang không có chức năng này."
SLOW_BODY = "Yêu cầu gửi quá chậm (quá {seconds} giây). Hãy gửi lại."
TOO_MANY_FEEDBACK = "Bạn gửi góp ý quá nhiều lần ({limit}). Hãy thử lại sau {seconds} giây."


def parse_hosts(value: str | None) -> frozenset[str] | None:
    """``DANCU_ALLOWED_HOSTS`` as a set of lower-case host names (no port); None = any host."""
    if not value or not value.strip():
        return None
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip())


def _host_name(raw: str) -> str:
    raw = raw.strip().lower()
    if raw.startswith("["):  # [::1]:7860
        return raw[: raw.find("]") + 1] if "]" in raw else raw
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


class _TooLarge(Exception):
    pass


@dataclass
class GradioPolicy:
    """What the page's Gradio app lets a client call, filled by web/ui.py once the page is built.

    ``callable_fns``: the fn_index of every event with a Python function (js-only events and unknown numbers are
    refused before Gradio sees them: Gradio answers those with a 500 and a traceback in the log);
    ``public_names``: the api names callable by name (``/gradio_api/call/<name>`` …), the documented API only;
    ``ask_fns`` cost the answer budget (DANCU_RATE_LIMIT; by the length of the text they make the model read,
    ``page_chars``), ``feedback_fns`` the feedback budget; the other page functions (mode switch, new
    conversation…) only count against the burst limit.
    """

    callable_fns: frozenset[int] = frozenset()
    public_names: frozenset[str] = frozenset()
    ask_fns: frozenset[int] = frozenset()
    feedback_fns: frozenset[int] = frozenset()
    page_chars: Callable[[list[Any]], int] | None = None  # text an ask call makes the embedder read

    def update(self, other: "GradioPolicy") -> None:
        self.callable_fns, self.public_names = other.callable_fns, other.public_names
        self.ask_fns, self.feedback_fns, self.page_chars = other.ask_fns, other.feedback_fns, other.page_chars


def named_call(path: str) -> str | None:
    """The api name of a by-name Gradio call (``/gradio_api/call/ask``), else None."""
    match = NAMED_CALL.match(path)
    return match.group(1) if match else None


def by_fn_index(path: str, method: str) -> bool:
    """A call naming its function by ``fn_index`` in the body: the page's queued events (queue/join) and its
    events with ``queue=False`` (the browser posts those to /gradio_api/run/predict)."""
    return method == "POST" and (path == QUEUE_JOIN or path.rstrip("/") in PREDICT_PATHS)


def parse_json(body: bytes) -> Any:
    """The body as JSON, or None (the app answers a malformed body itself, with 422)."""
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None


def fn_index_in(data: Any) -> int | None:
    """The ``fn_index`` of a queue/join body; None when the body is not a JSON object with an integer one."""
    value = data.get("fn_index") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def page_args(data: Any) -> list[Any]:
    """The arguments of a call to a page function (``data`` of a queue/join or by-name body)."""
    args = data.get("data") if isinstance(data, dict) else None
    return args if isinstance(args, list) else []


def api_ask_chars(data: Any) -> int:
    """How much text a POST /api/ask makes the embedder read: the question, plus the previous user turn a
    follow-up is joined to (both at most DANCU_MAX_QUESTION_CHARS: the body was validated against that)."""
    if not isinstance(data, dict):
        return 0
    question = data.get("question")
    history = data.get("history")
    previous = next((t.get("content") for t in reversed(history) if isinstance(t, dict) and t.get("role") == "user"),
                    None) if isinstance(history, list) else None
    return sum(len(text) for text in (question, previous) if isinstance(text, str))


def is_heavy(chars: int) -> bool:
    """A question whose text to embed is longer than a normal one (more than one budget unit)."""
    return request_cost(chars) > 1


def request_cost(chars: int) -> int:
    """Budget units of a question: one per started COST_CHARS of the text the embedder reads (at most
    MAX_EMBED_CHARS of it, the asking end). A normal question (under 300 characters) costs 1, the longest 2."""
    return max(1, math.ceil(min(chars, MAX_EMBED_CHARS) / COST_CHARS))


class _Refusal(Exception):
    def __init__(self, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.extra = status, detail, extra


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, rate_limit: str = "30/minute", allowed_hosts: Iterable[str] | None = None,
                 gradio: GradioPolicy | None = None, feedback_limit: str = FEEDBACK_LIMIT) -> None:
        self.app = app
        self.limit_text = rate_limit
        self.limit = parse_limit(rate_limit)
        burst = parse_limit(BURST_LIMIT)
        # the burst cap is never stricter than the configured rate (a load test raises DANCU_RATE_LIMIT)
        faster = self.limit.amount / self.limit.get_expiry() > burst.amount / burst.get_expiry()
        self.burst = self.limit if faster else burst
        self.feedback_text = feedback_limit
        self.feedback = parse_limit(feedback_limit)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts) if allowed_hosts else None
        self.gradio = gradio

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None and _host_name(headers.get("host", "")) not in self.allowed_hosts:
            await self._refuse(scope, send, 400, BAD_HOST)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        path, method = scope.get("path", ""), scope.get("method", "GET")
        client = (scope.get("client") or ("?", 0))[0]
        spend: Callable[[int], None] | None = None
        try:
            answering = self._check_before_body(path, method, client)
            cap = ASK_MAX_BYTES if path == ASK_PATH else GRADIO_MAX_BYTES if path.startswith(GRADIO_PREFIX) else None
            if cap is not None and method in ("POST", "PUT", "PATCH"):
                length = headers.get("content-length")
                if length is not None and (not length.strip().isdigit() or int(length) > cap):
                    size = f"{int(length)} byte" if length.strip().isdigit() else "độ dài không hợp lệ"
                    raise _Refusal(413, TOO_LARGE.format(size=size, limit=cap // 1024))
                try:
                    async with asyncio.timeout(BODY_TIMEOUT_S):  # a client trickling its body holds a connection
                        receive, body = await self._buffered(receive, cap)
                except _TooLarge:
                    raise _Refusal(413, TOO_LARGE.format(size=f"hơn {cap // 1024} KB", limit=cap // 1024)) from None
                except TimeoutError:
                    raise _Refusal(408, SLOW_BODY.format(seconds=BODY_TIMEOUT_S)) from None
                data = parse_json(body)
                if (path, method) == (ASK_PATH, "POST"):
                    spend = self._charge(client, api_ask_chars(data))
                elif by_fn_index(path, method):
                    spend = self._check_queue_call(fn_index_in(data), page_args(data), client)
                elif answering:  # the public page API by name: /gradio_api/call/ask
                    spend = self._charge(client, self._page_chars(page_args(data)))
        except _Refusal as refusal:
            await self._refuse(scope, send, refusal.status, refusal.detail, refusal.extra)
            return
        await self.app(scope, receive, self._with_headers(send, spend))

    def _check_before_body(self, path: str, method: str, client: str) -> bool:
        """Refusals that need no body: uploads, private Gradio routes, by-name calls of private functions, the
        burst limit. True for a request that asks a question (/api/ask, the page's API by name)."""
        if path in UPLOAD_PATHS or path.startswith("/gradio_api/upload"):
            raise _Refusal(403, NO_UPLOAD)
        if path.rstrip("/") in PRIVATE_GRADIO_PATHS:
            raise _Refusal(403, NOT_PUBLIC)
        name = named_call(path) if method == "POST" and not by_fn_index(path, method) else None
        if name is not None and self.gradio is not None and name not in self.gradio.public_names:
            raise _Refusal(403, NOT_PUBLIC)
        answering = (path, method) == (ASK_PATH, "POST") or name is not None
        if answering or by_fn_index(path, method):
            self._take(self.burst, "burst", client, BURST_LIMIT)
        return answering

    def _check_queue_call(self, fn_index: int | None, args: list[Any], client: str) -> Callable[[int], None] | None:
        """The page's queue: only the page's own functions; answers spend the answer budget, 👍/👎 the
        feedback budget."""
        policy = self.gradio
        if policy is None:  # no page policy (a bare app): every queued call is an answer
            return self._charge(client, 0)
        if fn_index is None or fn_index not in policy.callable_fns:
            raise _Refusal(400, NO_SUCH_FUNCTION)
        if fn_index in policy.feedback_fns:
            self._take(self.feedback, "feedback", client, self.feedback_text)
        if fn_index in policy.ask_fns:
            return self._charge(client, self._page_chars(args))
        return None

    def _page_chars(self, args: list[Any]) -> int:
        return self.gradio.page_chars(args) if self.gradio is not None and self.gradio.page_chars else 0

    def _charge(self, client: str, chars: int) -> Callable[[int], None]:
        """Check the answer budget for a question whose embedded text is ``chars`` long; spent if answered."""
        cost = min(request_cost(chars), self.limit.amount)  # never more than a whole budget: always possible
        self._test(self.limit, "ip", client, self.limit_text, cost)
        return self._spend(client, cost)

    def _test(self, limit: Any, namespace: str, client: str, text: str, cost: int = 1) -> None:
        if not self.limiter.test(limit, namespace, client, cost=cost):
            self._too_many(limit, namespace, client, text)

    def _take(self, limit: Any, namespace: str, client: str, text: str) -> None:
        if not self.limiter.hit(limit, namespace, client):
            self._too_many(limit, namespace, client, text)

    def _too_many(self, limit: Any, namespace: str, client: str, text: str) -> None:
        reset, _ = self.limiter.get_window_stats(limit, namespace, client)
        seconds = max(1, math.ceil(reset - time.time()))
        detail = (TOO_MANY_FEEDBACK if namespace == "feedback" else TOO_MANY).format(limit=text, seconds=seconds)
        raise _Refusal(429, detail, [(b"retry-after", str(seconds).encode())])

    def _spend(self, client: str, cost: int = 1) -> Callable[[int], None]:
        def spend(status: int) -> None:
            if status < 400:
                self.limiter.hit(self.limit, "ip", client, cost=cost)

        return spend

    @staticmethod
    async def _buffered(receive: Receive, cap: int) -> tuple[Receive, bytes]:
        """Read the whole body (at most ``cap`` bytes, else _TooLarge), then hand it to the app in one message;
        also returns the body, for the checks that read it."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                pending: list[Message] = [message]
                break
            body = message.get("body", b"")
            size += len(body)
            if size > cap:
                raise _TooLarge()
            chunks.append(body)
            if not message.get("more_body", False):
                pending = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]
                break

        async def replay() -> Message:
            if pending:
                return pending.pop(0)
            return await receive()

        return replay, b"".join(chunks)

    @staticmethod
    def _with_headers(send: Send, on_status: Callable[[int], None] | None = None) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                if on_status is not None:
                    on_status(int(message["status"]))
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in present]
            await send(message)

        return wrapped

    async def _refuse(self, scope: Scope, send: Send, status: int, detail: str,
                      extra: list[tuple[bytes, bytes]] | None = None) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                   *(extra or []), *SECURITY_HEADERS]
        if status in (408, 413):  # the rest of the body may still be on its way: do not read it
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install_security(app: Any, settings: Any, gradio: GradioPolicy | None = None) -> None:
    """Put the middleware in front of ``app`` (a FastAPI/Starlette app) with the settings' limits and hosts;
    ``gradio`` is the page's policy (filled once the page is built)."""
    app.add_middleware(SecurityMiddleware, rate_limit=settings.rate_limit,
                       allowed_hosts=parse_hosts(settings.allowed_hosts), gradio=gradio)
