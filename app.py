"""The web app: one server on DANCU_HOST:DANCU_PORT with the Gradio page at "/" and the JSON API under /api.

    python app.py        (or `dancu serve`, or `make run`)

    /            the page (chat, sources, staff checklist, feedback)
    /api/ask     POST {"question", "history", "mode"} -> the contract's answer object
    /api/health  index status
    /docs        OpenAPI docs of the JSON API; Gradio's own API stays at /gradio_api/

Nothing heavy happens at import: Gradio, the index and the models load in build_app()/serve().
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import sys
from typing import TYPE_CHECKING

from core.errors import IndexMissingError, UserError
from core.pii import mask_every_log_record
from core.settings import Settings, apply_offline_env

if TYPE_CHECKING:
    from fastapi import FastAPI

    from web.feedback import FeedbackStore
    from bot import AnswerService

log = logging.getLogger("dancu.app")
SHUTDOWN_GRACE_S = 5  # seconds in-flight requests get after SIGTERM (the whole exit stays under 10 s)
SHUTDOWN_CANCELLED = "Máy chủ đang dừng: đã ngắt một yêu cầu chưa xong."

API_DESCRIPTION = (
    "API hỏi đáp pháp luật về Cơ sở dữ liệu quốc gia về dân cư. `POST /api/ask` trả về đối tượng trả lời "
    "(kết luận, căn cứ pháp lý có trích dẫn, các bước). Câu trả lời là thông tin tham khảo."
)


def build_app(service: "AnswerService", store: "FeedbackStore | None" = None) -> "FastAPI":
    """The FastAPI app: JSON API routes first (they take precedence), then the Gradio page mounted at '/'."""
    apply_offline_env()  # must precede the gradio import: its analytics read the environment
    import gradio as gr
    from fastapi_offline import FastAPIOffline

    from web.feedback import FeedbackStore
    from web.api import AnswerWorkers, default_workers, install_api
    from web.security import GradioPolicy, install_security
    from web.ui import CSS, PAGE_HEAD, TITLE, build_ui, install_page_assets, theme

    # FastAPIOffline: the same FastAPI app, but /docs loads Swagger UI from this server instead of a CDN.
    app = FastAPIOffline(title=TITLE, description=API_DESCRIPTION, version="0.1.0", docs_url="/docs", redoc_url=None)
    from evals.dataset import parse_lines  # the evaluator workbench (/danh-gia, /api/eval/…) scores like `dancu eval`
    from evals.metrics import score_question
    from evals.outputs import from_answer
    from web.eval_api import install_eval_api
    from web.evaluator import EvalTools
    install_eval_api(app, service, EvalTools(parse_lines, lambda q, a: score_question(q, from_answer(a), service.article_text)))
    install_page_assets(app)
    policy = GradioPolicy()  # what the page's queue may call: filled by build_ui below
    install_security(app, service.settings, policy)  # bounds, rate limits, Host check, headers: every route
    workers = AnswerWorkers(default_workers())  # its heavy_gate: one long question at a time, API and page alike
    install_api(app, service, workers)
    blocks = build_ui(service, store or FeedbackStore.for_settings(service.settings), policy=policy,
                      heavy_gate=workers.heavy_gate)
    return gr.mount_gradio_app(
        app, blocks, path="/", theme=theme(), css=CSS,
        ssr_mode=False,          # SSR needs a Node server; plain client rendering is enough here
        footer_links=[], head=PAGE_HEAD,  # no English footer (Gradio's API stays at /gradio_api/); the page's script
        run_history=False,       # do not keep users' questions in their browser storage
        show_error=False,        # unexpected errors: our own message, not a traceback
        mcp_server=False, pwa=False, enable_monitoring=False,
    )


class _Progress:
    """Ingest progress on the console (tqdm), so a first start that builds the index is visibly working."""

    def __init__(self, total: int, label: str) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=total, desc=label, unit="đoạn", file=sys.stderr, dynamic_ncols=True)

    def update(self, n: int) -> None:
        self._bar.update(n)

    def close(self) -> None:
        self._bar.close()


def ensure_index(settings: Settings, build_index: bool = True) -> None:
    """Build the index when there is none (with progress), or say which command builds it."""
    from ingest import index_layout

    try:
        index_layout.require_current(settings.index_dir)
        return
    except IndexMissingError:
        if not build_index:
            raise
    from ingest.pipeline import run_ingest

    print(f"Chưa có chỉ mục trong {settings.index_dir}: đang lập chỉ mục từ {settings.corpus_dir} "
          "(lần đầu mất vài phút; lần sau dùng lại bộ đệm)…", file=sys.stderr, flush=True)
    report = run_ingest(settings, progress=_Progress)
    print(f"Đã lập chỉ mục: {report.documents} văn bản, {report.chunks} đoạn, {report.seconds:.0f} giây.",
          file=sys.stderr, flush=True)


def _require_free_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserError(
                    f"Cổng {port} trên {host} đang được dùng. Đặt DANCU_PORT khác, ví dụ DANCU_PORT=7861."
                ) from None
            raise UserError(f"Không mở được {host}:{port} ({exc.strerror}). Kiểm tra DANCU_HOST/DANCU_PORT.") from None


def serve(settings: Settings | None = None, build_index: bool = True) -> None:
    """Start the server (blocks until Ctrl+C). Raises UserError (e.g. no index with build_index=False)."""
    apply_offline_env()
    settings = settings or Settings.from_env()
    _require_free_port(settings.host, settings.port)
    ensure_index(settings, build_index)

    import uvicorn

    from bot import AnswerService

    print("Đang nạp chỉ mục và mô hình…", file=sys.stderr, flush=True)
    service = AnswerService(settings)
    service.hold_leases()  # `dancu ingest` never deletes the generation served; a new one is picked up live
    service.warm_up()  # the first user should not wait for the model
    app = build_app(service)
    print(f"Trợ lý đang chạy tại http://{settings.host}:{settings.port}/ "
          f"(API: /api/ask, tài liệu API: /docs). Nhấn Ctrl+C để dừng.", file=sys.stderr, flush=True)
    # SIGTERM/Ctrl+C: requests in flight get SHUTDOWN_GRACE_S, then uvicorn cancels them (an open event stream
    # or a client trickling its body would otherwise hold the server up for ever).
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning",
                            timeout_graceful_shutdown=SHUTDOWN_GRACE_S)
    logging.getLogger("uvicorn.error").addFilter(QuietShutdownCancel())  # after Config: it configures logging
    uvicorn.Server(config).run()


class QuietShutdownCancel(logging.Filter):
    """A request cancelled because the server is stopping is expected: one line instead of uvicorn's traceback
    ("Exception in ASGI application" + CancelledError)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, asyncio.CancelledError):
            record.msg, record.args, record.exc_info, record.exc_text = SHUTDOWN_CANCELLED, (), None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def main() -> int:
    apply_offline_env()
    mask_every_log_record()  # no ID number, phone or e-mail reaches a log, whatever logger writes it
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for noisy in ("bm25s", "chromadb", "httpx"):  # bm25s sets itself to DEBUG on import
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        serve(Settings.from_env())
    except UserError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
