"""The JSON API next to the page: ``POST /api/ask`` (the contract's answer object) and ``GET /api/health``."""

from __future__ import annotations

import logging
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from bot import Answer, AnswerService
from core.errors import IndexCorruptError, IndexMissingError, StoreUnavailableError, UserError

log = logging.getLogger(__name__)
MAX_HISTORY = 20               # turns in `history`
MAX_USER_TURN_CHARS = 2000     # a user turn is an earlier question: as long as a question may be
MAX_ASSISTANT_TURN_CHARS = 16_000  # an earlier answer (staff mode quotes whole clauses)
MAX_HISTORY_CHARS = 32_000     # all turns together (the body itself is capped at 64 KB by web/security.py)
# Errors of the deployment, not of the request: the client can retry later, the operator must act.
UNAVAILABLE = (IndexMissingError, IndexCorruptError, StoreUnavailableError)
INTERNAL_ERROR = "Máy chủ gặp lỗi khi trả lời câu hỏi này. Hãy thử lại sau; nếu vẫn lỗi, báo cho quản trị viên."
STORE_BROKEN = "Chỉ mục đang phục vụ bị hỏng hoặc đã bị xoá. Hãy chạy: dancu ingest --rebuild"


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


def api_router(service: AnswerService) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["Hỏi đáp"])

    # A plain `def`: FastAPI runs it in its thread pool, so a slow answer never blocks the event loop.
    @router.post(
        "/ask",
        response_model=Answer,
        summary="Trả lời một câu hỏi",
        responses={400: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut}},
    )
    def ask(request: AskRequest) -> Any:
        history = [turn.model_dump() for turn in request.history]
        try:
            return service.answer(request.question, history=history, mode=request.mode, as_of=request.as_of)
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


def install_api(app: FastAPI, service: AnswerService) -> None:
    app.include_router(api_router(service))
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
