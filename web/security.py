"""One ASGI middleware in front of the whole app (API, evaluator workbench, Gradio page).

- **Host allow-list** (``DANCU_ALLOWED_HOSTS``, comma list; unset = any host): other hosts get 400.
- **No anonymous uploads**: ``/gradio_api/upload`` answers 403 (the page uploads nothing).
- **Body bounds**: ``POST /api/ask`` at most 64 KB, Gradio's API at most 1 MB → 413. Checked on
  ``Content-Length`` first, then by counting the streamed bytes (a chunked body has no length), before the app
  sees any of it.
- **Rate limit per client IP** (``DANCU_RATE_LIMIT``, e.g. ``30/minute``) on ``POST /api/ask`` and the page's
  queue (``/gradio_api/queue/join``), with the ``limits`` library (moving windows, in memory) → 429 with
  ``Retry-After``. The budget is spent by requests the app accepted (status < 400): a refused request (bad
  question, malformed body) costs no model time and no budget. Every request, accepted or not, also counts
  against a burst limit (BURST_LIMIT), so a flood of parallel requests is cut before any of them is answered.
- **Security headers** on every HTTP response: CSP (self only; Gradio needs inline styles/scripts and its
  websocket/SSE queue), ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``.

Every refusal is a JSON ``{"detail": "…"}`` in Vietnamese.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any, Awaitable, Callable, Iterable

from limits import parse as parse_limit
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

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
RATE_LIMITED = {(ASK_PATH, "POST"), ("/gradio_api/queue/join", "POST")}
BURST_LIMIT = "60 per 10 seconds"

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


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, rate_limit: str = "30/minute", allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.limit_text = rate_limit
        self.limit = parse_limit(rate_limit)
        burst = parse_limit(BURST_LIMIT)
        # the burst cap is never stricter than the configured rate (a load test raises DANCU_RATE_LIMIT)
        faster = self.limit.amount / self.limit.get_expiry() > burst.amount / burst.get_expiry()
        self.burst = self.limit if faster else burst
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts) if allowed_hosts else None

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
        if path in UPLOAD_PATHS or path.startswith("/gradio_api/upload"):
            await self._refuse(scope, send, 403, NO_UPLOAD)
            return
        limited_client: str | None = None
        if (path, method) in RATE_LIMITED:
            limited_client = (scope.get("client") or ("?", 0))[0]
            for limit, text in ((self.limit, self.limit_text), (self.burst, BURST_LIMIT)):
                allowed = (self.limiter.test(limit, "ip", limited_client) if limit is self.limit
                           else self.limiter.hit(limit, "burst", limited_client))
                if not allowed:
                    reset, _ = self.limiter.get_window_stats(limit, "ip" if limit is self.limit else "burst", limited_client)
                    seconds = max(1, math.ceil(reset - time.time()))
                    await self._refuse(scope, send, 429, TOO_MANY.format(limit=text, seconds=seconds),
                                       extra=[(b"retry-after", str(seconds).encode())])
                    return
        cap = ASK_MAX_BYTES if path == ASK_PATH else GRADIO_MAX_BYTES if path.startswith(GRADIO_PREFIX) else None
        if cap is not None and method in ("POST", "PUT", "PATCH"):
            length = headers.get("content-length")
            if length is not None and (not length.strip().isdigit() or int(length) > cap):
                await self._refuse(scope, send, 413, TOO_LARGE.format(
                    size=f"{int(length)} byte" if length.strip().isdigit() else "độ dài không hợp lệ", limit=cap // 1024))
                return
            try:
                receive = await self._buffered(receive, cap)
            except _TooLarge:
                await self._refuse(scope, send, 413, TOO_LARGE.format(size=f"hơn {cap // 1024} KB", limit=cap // 1024))
                return
        await self.app(scope, receive, self._with_headers(send, limited_client and self._spend(limited_client)))

    def _spend(self, client: str) -> Callable[[int], None]:
        def spend(status: int) -> None:
            if status < 400:
                self.limiter.hit(self.limit, "ip", client)

        return spend

    @staticmethod
    async def _buffered(receive: Receive, cap: int) -> Receive:
        """Read the whole body (at most ``cap`` bytes, else _TooLarge), then hand it to the app in one message."""
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

        return replay

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
        if status == 413:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install_security(app: Any, settings: Any) -> None:
    """Put the middleware in front of ``app`` (a FastAPI/Starlette app) with the settings' limits and hosts."""
    app.add_middleware(SecurityMiddleware, rate_limit=settings.rate_limit,
                       allowed_hosts=parse_hosts(settings.allowed_hosts))
