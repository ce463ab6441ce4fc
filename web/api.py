"""The JSON API next to the page: ``POST /api/ask`` (the contract's answer object) and ``GET /api/health``."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import queue
import threading
import time
from typing import Any, Awaitable, Callable, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from bot import Answer, AnswerService
from core.errors import IndexCorruptError, IndexMissingError, StoreUnavailableError, UserError
from web.security import api_ask_chars, is_heavy

log = logging.getLogger(__name__)
MAX_HISTORY = 20               # turns in `history`
MAX_USER_TURN_CHARS = 2000     # a user turn is an earlier question: as long as a question may be
MAX_ASSISTANT_TURN_CHARS = 16_000  # an earlier answer (staff mode quotes whole clauses)
MAX_HISTORY_CHARS = 32_000     # all turns together (the body itself is capped at 64 KB by web/security.py)
# Errors of the deployment, not of the request: the client can retry later, the operator must act.
UNAVAILABLE = (IndexMissingError, IndexCorruptError, StoreUnavailableError)
INTERNAL_ERROR = "Máy chủ gặp lỗi khi trả lời câu hỏi này. Hãy thử lại sau; nếu vẫn lỗi, báo cho quản trị viên."
STORE_BROKEN = "Chỉ mục đang phục vụ bị hỏng hoặc đã bị xoá. Hãy chạy: dancu ingest --rebuild"
TIMED_OUT = "Máy chủ đang bận, chưa trả lời kịp trong {seconds:.0f} giây. Hãy thử lại sau ít phút."
ASK_TIMEOUT_S = 60.0   # a request waits this long for its answer at most (normal answers take about a second)
POLL_S = 0.2           # how often a waiting request looks whether its client is still there
LONG_DEFER_S = 3.0     # a long question lets normal ones go first for at most this long
CLIENT_GONE = 499      # nginx's "client closed request": nobody reads it, the access log shows what happened


class HistoryTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_ASSISTANT_TURN_CHARS)

    @model_validator(mode="after")
    def _user_turn_is_a_question(self) -> "HistoryTurn":
        if self.role == "user" and len(self.content) > MAX_USER_TURN_CHARS:
            raise PydanticCustomError(
                "turn_too_long", "lượt hỏi trước quá dài ({n} ký tự; tối đa {limit})",
                {"n": len(self.content), "limit": MAX_USER_TURN_CHARS})
        return self


class AskRequest(BaseModel):
    question: str = Field(description="Câu hỏi (tối đa 2000 ký tự).", examples=["Số định danh cá nhân là gì?"])
    history: list[HistoryTurn] = Field(
        default_factory=list, max_length=MAX_HISTORY,
        description="Các lượt hỏi đáp trước (định dạng messages), để hiểu câu hỏi tiếp nối.",
    )
    mode: Literal["citizen", "staff"] = Field("citizen", description="citizen: người dân; staff: cán bộ.")
    as_of: str | None = Field(None, description="Trả lời theo pháp luật có hiệu lực vào ngày này (YYYY-MM-DD; mặc định hôm nay).",
                              examples=["2025-06-01"])

    @model_validator(mode="after")
    def _history_is_bounded(self) -> "AskRequest":
        total = sum(len(turn.content) for turn in self.history)
        if total > MAX_HISTORY_CHARS:
            raise PydanticCustomError(
                "history_too_long", "lịch sử hội thoại quá dài ({n} ký tự; tối đa {limit})",
                {"n": total, "limit": MAX_HISTORY_CHARS})
        return self


class ErrorOut(BaseModel):
    detail: str


_VALIDATION_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "string_type": "phải là chuỗi văn bản",
    "literal_error": "giá trị không hợp lệ",
    "list_type": "phải là một danh sách",
    "too_long": f"quá nhiều phần tử (tối đa {MAX_HISTORY})",
    "string_too_long": f"quá dài (tối đa {MAX_ASSISTANT_TURN_CHARS} ký tự)",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
}


def validation_message(errors: list[dict[str, Any]]) -> str:
    """A short Vietnamese summary of pydantic's errors ('question: thiếu trường bắt buộc')."""
    parts = []
    for error in errors[:5]:
        if error.get("type") == "json_invalid":
            parts.append("nội dung không phải JSON hợp lệ")
            continue
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "nội dung"
        parts.append(f"{where}: {_VALIDATION_MESSAGES.get(error.get('type', ''), error.get('msg', 'không hợp lệ'))}")
    return "Yêu cầu không hợp lệ — " + "; ".join(parts) + ". Xem /docs."


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    brief = [{k: e.get(k) for k in ("loc", "type", "msg")} for e in errors]  # no echo of the input itself
    return JSONResponse(status_code=422, content={"detail": validation_message(errors), "errors": brief})


def default_workers() -> int:
    """Threads answering API questions: one per core (the embedder runs one query at a time anyway), so the
    rest wait in a line where a request whose client left is dropped before it costs anything."""
    return max(1, min(4, os.cpu_count() or 1))


class LongQuestionGate:
    """Lets one long question run at a time, and only when no normal question waits or runs (a long one is
    deferred at most ``defer_s``, so it is never starved): a long embedding cannot be interrupted, so normal
    questions should not find one running. Normal questions say they are there with ``light_started`` /
    ``light_done``; long ones take the gate (``acquire``/``release``, or ``with gate:``)."""

    def __init__(self, defer_s: float = LONG_DEFER_S) -> None:
        self.defer_s = defer_s
        self._changed = threading.Condition()
        self._long_running = False
        self._light = 0

    def light_started(self) -> None:
        with self._changed:
            self._light += 1

    def light_done(self) -> None:
        with self._changed:
            self._light -= 1
            self._changed.notify_all()

    def acquire(self, timeout: float | None = None) -> bool:
        now = time.monotonic()
        give_up = None if timeout is None else now + timeout
        defer_until = now + self.defer_s
        with self._changed:
            while True:
                now = time.monotonic()
                if not self._long_running and (self._light == 0 or now >= defer_until):
                    self._long_running = True
                    return True
                if give_up is not None and now >= give_up:
                    return False
                wake = [t for t in (give_up, None if self._long_running else defer_until) if t is not None]
                self._changed.wait(timeout=max(0.0, min(wake) - now) if wake else None)

    def release(self) -> None:
        with self._changed:
            self._long_running = False
            self._changed.notify_all()

    def __enter__(self) -> "LongQuestionGate":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class AnswerWorkers:
    """Daemon threads that answer API questions in two lanes, each in arrival order: light questions (most of them)
    on ``workers`` threads, heavy ones (long texts to embed, see ``is_heavy``) on one thread. ``heavy_gate`` lets
    one heavy answer run at a time in the whole process (the page takes it too, web/ui.py), after the normal
    questions waiting: embedding 2000 characters takes ~50 times as long as a normal question and the embedder
    runs one text at a time, so without lanes a normal question waited behind every long one queued before it
    (`dancu bench attack`).

    Not ``ThreadPoolExecutor``: its threads are joined at interpreter exit, so an answer in progress would hold
    up a SIGTERM'd server. A job is a ``concurrent.futures.Future``: cancelled while still waiting (its client
    left, or it timed out), it is skipped when its turn comes.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._light: queue.SimpleQueue[tuple[concurrent.futures.Future, Callable[[], Any]]] = queue.SimpleQueue()
        self._heavy: queue.SimpleQueue[tuple[concurrent.futures.Future, Callable[[], Any]]] = queue.SimpleQueue()
        self.heavy_gate = LongQuestionGate()
        self._started = False
        self._start_lock = threading.Lock()
        self.skipped = 0

    def submit(self, work: Callable[[], Any], heavy: bool = False) -> concurrent.futures.Future:
        self._start()
        future: concurrent.futures.Future = concurrent.futures.Future()
        if not heavy:
            self.heavy_gate.light_started()  # from now on, long questions let this one go first
            future.add_done_callback(lambda _: self.heavy_gate.light_done())
        (self._heavy if heavy else self._light).put((future, work))
        return future

    def _start(self) -> None:
        """Threads are started on the first request, not at import or app construction."""
        with self._start_lock:
            if self._started:
                return
            lanes = [(f"dancu-answer-{n}", self._light, None) for n in range(self.workers)]
            for name, jobs, gate in [*lanes, ("dancu-answer-long", self._heavy, self.heavy_gate)]:
                threading.Thread(target=self._run, args=(jobs, gate), name=name, daemon=True).start()
            self._started = True

    def _run(self, jobs: queue.SimpleQueue, gate: LongQuestionGate | None) -> None:
        while True:
            future, work = jobs.get()
            if not future.set_running_or_notify_cancel():
                self.skipped += 1  # its client left (or its time ran out) while it waited: no work done
                continue
            try:
                if gate is None:
                    result = work()
                else:
                    with gate:
                        result = work()
                future.set_result(result)
            except BaseException as exc:  # handed to the waiting request, which maps it to a status
                future.set_exception(exc)


async def wait_for_answer(future: concurrent.futures.Future, client_left: Callable[[], Awaitable[bool]],
                          timeout_s: float, poll_s: float = POLL_S) -> str:
    """Wait for ``future``: 'done', or 'left' (the client hung up) / 'timeout', after cancelling the job (a job
    not started yet is skipped; one already running finishes in the background and its result is dropped)."""
    loop = asyncio.get_running_loop()
    ready = asyncio.Event()

    def wake(_: concurrent.futures.Future) -> None:  # runs in the worker thread
        try:
            loop.call_soon_threadsafe(ready.set)
        except RuntimeError:
            pass  # the event loop is closed: the server stopped, nobody waits any more

    future.add_done_callback(wake)
    waiter = asyncio.ensure_future(ready.wait())
    deadline = loop.time() + timeout_s
    try:
        while True:
            remaining = deadline - loop.time()
            if remaining > 0:
                done, _ = await asyncio.wait({waiter}, timeout=min(poll_s, remaining))
                if done:
                    return "done"
            outcome = "timeout" if remaining <= 0 else "left" if await client_left() else ""
            if outcome:
                future.cancel()
                return outcome
    finally:
        waiter.cancel()


def api_router(service: AnswerService, workers: AnswerWorkers | None = None,
               timeout_s: float = ASK_TIMEOUT_S) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["Hỏi đáp"])
    pool = workers or AnswerWorkers(default_workers())

    # The answer runs in a worker thread (the event loop stays free) while the request watches its client and
    # its deadline: a client that hangs up, or a request over its time, stops waiting at once and frees its
    # place in the line.
    @router.post(
        "/ask",
        response_model=Answer,
        summary="Trả lời một câu hỏi",
        responses={400: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut},
                   504: {"model": ErrorOut}},
    )
    async def ask(payload: AskRequest, request: Request) -> Any:
        history = [turn.model_dump() for turn in payload.history]
        heavy = is_heavy(api_ask_chars(payload.model_dump()))
        future = pool.submit(lambda: service.answer(payload.question, history=history, mode=payload.mode,
                                                    as_of=payload.as_of), heavy=heavy)
        outcome = await wait_for_answer(future, request.is_disconnected, timeout_s)
        if outcome == "left":
            log.info("/api/ask: người hỏi đã ngắt kết nối, bỏ câu trả lời")
            return JSONResponse(status_code=CLIENT_GONE, content={"detail": "Người hỏi đã ngắt kết nối."})
        if outcome == "timeout":
            log.warning("/api/ask: quá %.0f giây, bỏ chờ câu trả lời", timeout_s)
            return JSONResponse(status_code=504, content={"detail": TIMED_OUT.format(seconds=timeout_s)})
        try:
            return future.result()
        except UNAVAILABLE as exc:
            return JSONResponse(status_code=503, content={"detail": str(exc)})
        except UserError as exc:
            return JSONResponse(status_code=400, content={"detail": str(exc)})
        except Exception:  # never a plain-text 500
            log.exception("Lỗi khi trả lời qua /api/ask")
            return JSONResponse(status_code=500, content={"detail": INTERNAL_ERROR})

    @router.get("/health", summary="Tình trạng máy chủ và chỉ mục")
    def health() -> Any:
        try:
            on_disk = service.index_generation_on_disk()
        except IndexMissingError as exc:
            return JSONResponse(status_code=503, content={"status": "no_index", "detail": str(exc)})
        except IndexCorruptError as exc:
            return JSONResponse(status_code=503, content={"status": "index_corrupt", "detail": str(exc)})
        except Exception as exc:  # an unreadable index directory: still JSON, still Vietnamese
            log.warning("health: %s", exc)
            return JSONResponse(status_code=503, content={"status": "index_corrupt", "detail": STORE_BROKEN})
        served = service.served_generation or on_disk
        if not (service.settings.index_dir / served).is_dir():
            return JSONResponse(status_code=503, content={"status": "index_gone", "index": served, "detail": STORE_BROKEN})
        return {"status": "ok", "index": served, "on_disk": on_disk}

    return router


def install_api(app: FastAPI, service: AnswerService, workers: AnswerWorkers | None = None,
                timeout_s: float = ASK_TIMEOUT_S) -> None:
    app.include_router(api_router(service, workers, timeout_s))
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
