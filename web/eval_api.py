"""The evaluator workbench over HTTP: its page at ``/danh-gia`` and its JSON API under ``/api/eval/…``.

Every ``/api/eval/…`` route (unknown ones too) needs the evaluator token of ``DANCU_EVAL_TOKEN`` in
``Authorization: Bearer <token>``; without it, or when the server has no token set, the answer is 401 with a
Vietnamese ``detail``. The page itself holds no data: it asks for the token and then uses the API.

Also here: ``GET /api/ask`` (and any method but POST) answers 405 with a Vietnamese ``detail`` instead of
falling through to the page's 404.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from core.errors import DatabaseUnavailableError, UserError
from web.evaluator import EvalTools, Workbench, WorkbenchError
from web.grades import CAUSES, VERDICT_LABEL
from web.render import page_html
from web.ui import EVALUATOR_PAGE, STATIC_URL

NOT_ENABLED = ("Trang đánh giá chưa được bật trên máy chủ này: quản trị viên cần đặt biến môi trường "
               "DANCU_EVAL_TOKEN rồi khởi động lại.")
BAD_TOKEN = ("Thiếu hoặc sai mã người đánh giá. Gửi mã (DANCU_EVAL_TOKEN) trong tiêu đề "
             "Authorization: Bearer <mã>.")
ASK_ONLY_POST = ("Phương thức {method} không dùng được cho /api/ask: hãy gửi POST với JSON "
                 '{{"question": "…"}}. Xem /docs.')


def token_ok(header: str, expected: str | None) -> bool:
    """``Authorization: Bearer <token>`` carries the expected token (compared in constant time)."""
    scheme, _, given = (header or "").partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), (expected or "").encode())


class EvalTokenGuard:
    """ASGI middleware: every request under /api/eval/ needs the evaluator token, checked before anything
    else (routing, body parsing), so a request without it learns nothing but 401."""

    def __init__(self, app: Any, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == "/api/eval" or path.startswith("/api/eval/")):
            header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"authorization"), "")
            if not token_ok(header, self.token):
                detail = BAD_TOKEN if self.token else NOT_ENABLED
                response = JSONResponse(status_code=401, content={"detail": detail},
                                        headers={"WWW-Authenticate": "Bearer"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _workbench_error(request: Request, exc: WorkbenchError) -> JSONResponse:
    return JSONResponse(status_code=exc.status, content={"detail": str(exc)})


async def _database_error(request: Request, exc: DatabaseUnavailableError) -> JSONResponse:
    """The grade database is down: the evaluator may retry later (503), told which database in Vietnamese."""
    return JSONResponse(status_code=503, content={"detail": str(exc)})


class UploadIn(BaseModel):
    filename: str = Field("bo-cau-hoi.jsonl", max_length=200, description="Tên tệp (đuôi .jsonl).")
    content: str = Field(description="Nội dung tệp JSONL, mỗi dòng một câu hỏi (định dạng trong docs/CONTRACT.md).")


class RunIn(BaseModel):
    dataset: str = Field(description="Tên bộ câu hỏi, ví dụ dev.jsonl.")
    limit: int | None = Field(None, description="Chỉ chạy N câu đầu.")
    mode: Literal["citizen", "staff"] = "citizen"


class GradeIn(BaseModel):
    run_id: str
    question_id: str
    evaluator: str = Field(max_length=200)
    verdict: Literal["correct", "partly", "wrong"]
    cause: str = Field("", description="Mã nguyên nhân (bắt buộc khi chưa đúng hoàn toàn).")
    comment: str = Field("", max_length=4000)


def eval_router(workbench: Workbench) -> APIRouter:
    router = APIRouter(prefix="/api/eval", tags=["Đánh giá"])

    def guarded(call: Any) -> Any:
        try:
            return call()
        except WorkbenchError:
            raise
        except UserError as exc:  # a malformed dataset file and the like
            raise WorkbenchError(str(exc)) from None

    @router.get("/session", summary="Kiểm tra mã người đánh giá; nhãn đánh giá và mã nguyên nhân")
    def session() -> Any:
        return {"ok": True, "verdicts": VERDICT_LABEL, "causes": CAUSES}

    @router.get("/datasets", summary="Các bộ câu hỏi có thể chạy")
    def datasets() -> Any:
        return {"datasets": workbench.datasets()}

    @router.post("/datasets", summary="Tải lên một bộ câu hỏi JSONL")
    def upload(body: UploadIn) -> Any:
        return guarded(lambda: workbench.upload(body.filename, body.content))

    @router.post("/runs", status_code=202, summary="Chạy một bộ câu hỏi (trả lời trong nền)")
    def start(body: RunIn) -> Any:
        return guarded(lambda: workbench.start_run(body.dataset, body.limit, body.mode).brief())

    @router.get("/runs", summary="Các lượt chạy, mới nhất trước")
    def runs() -> Any:
        return {"runs": workbench.runs()}

    @router.get("/runs/{run_id}", summary="Tiến độ và câu trả lời của một lượt chạy, kèm điểm đã chấm")
    def run(run_id: str, since: int = 0) -> Any:
        return workbench.run_view(run_id, max(0, since))

    @router.post("/grades", summary="Chấm một câu trả lời")
    def grade(body: GradeIn) -> Any:
        return workbench.grade(body.run_id, body.question_id, body.evaluator, body.verdict, body.cause, body.comment)

    @router.get("/summary", summary="Kết quả: độ chính xác, nguyên nhân, kappa, bất đồng, chỉ số tự động")
    def summary(dataset: str, run_id: str | None = None) -> Any:
        return workbench.summary(dataset, run_id)

    @router.get("/export.csv", summary="Mọi điểm chấm dưới dạng CSV")
    def export(dataset: str | None = None) -> Any:
        name = (dataset or "tat-ca").replace(".jsonl", "")
        return Response(workbench.export_csv(dataset), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="diem-cham-{_ascii(name)}.csv"'})

    @router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def unknown(rest: str) -> Any:
        return JSONResponse(status_code=404, content={"detail": f"Không có đường dẫn /api/eval/{rest}."})

    return router


def _ascii(text: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text)[:80] or "tat-ca"


def workbench_page() -> str:
    return page_html("workbench.html", static=STATIC_URL, home="/", causes=CAUSES, verdicts=VERDICT_LABEL)


def install_method_not_allowed(app: FastAPI) -> None:
    """``/api/ask`` takes POST only: other methods get 405 (not the page's 404)."""

    async def ask_only_post(request: Request) -> JSONResponse:
        return JSONResponse(status_code=405, content={"detail": ASK_ONLY_POST.format(method=request.method)},
                            headers={"Allow": "POST"})

    app.add_api_route("/api/ask", ask_only_post, methods=["GET", "PUT", "PATCH", "DELETE"], include_in_schema=False)


def install_eval_api(app: FastAPI, service: Any, tools: EvalTools, token: str | None = None,
                     data_dir: Path | None = None) -> Workbench:
    """The workbench's page and API, and the 405 of ``/api/ask``, on ``app`` (before the page is mounted)."""
    settings = service.settings
    workbench = Workbench(service, tools, data_dir or settings.data_dir, database_url=settings.database_url)
    app.add_exception_handler(WorkbenchError, _workbench_error)  # type: ignore[arg-type]
    app.add_exception_handler(DatabaseUnavailableError, _database_error)  # type: ignore[arg-type]
    app.include_router(eval_router(workbench))
    app.add_middleware(EvalTokenGuard, token=token if token is not None else settings.eval_token)
    page = workbench_page()
    app.add_api_route(EVALUATOR_PAGE, lambda: HTMLResponse(page), methods=["GET"], include_in_schema=False)
    install_method_not_allowed(app)
    return workbench
