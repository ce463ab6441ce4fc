"""The Gradio page (Vietnamese): the question first, then the answer, its sources, the staff checklist, feedback.

Only wiring lives here; the actions are in web/handlers.py, the look in web/static/page.css and the page's
small behaviours (scroll to the new answer, checklist progress, print and save, Vietnamese labels for
Gradio's own buttons) in web/static/page.js. Gradio is imported inside the functions (it takes seconds to
import), so importing this module is cheap.

Layout: a header (title, one-line scope), then the ask bar (mode, date for staff, question box) so that it
is on the first screen of a laptop (1366×768) and of a phone (390×844); the chat below it; on the side the
checklist, the sources and the example questions. On a phone the side panel comes right after the answer.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import UserError
from web.feedback import FeedbackStore
from web.handlers import (
    EXAMPLES,
    SOURCES_PLACEHOLDER,
    AnswersQuestions,
    Coverage,
    ask,
    record_feedback,
)
from web.security import GradioPolicy, is_heavy
from web.sessions import Conversation, ConversationStore, new_token

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger(__name__)
TITLE = "Trợ lý hỏi đáp về Cơ sở dữ liệu quốc gia về dân cư"
STATIC_DIR = Path(__file__).parent / "static"
STATIC_URL = "/web-static"
EVALUATOR_PAGE = "/danh-gia"
# 2 cores, and the embedder runs one query at a time (it is locked): a few events in flight keep the CPU busy
# without piling threads on it; the rest wait in the queue, which must hold every waiting user (20+).
ASK_CONCURRENCY = 4
QUEUE_SIZE = 256
LONG_QUESTION_WAIT_S = 15.0  # a long page question waits this long for its turn (one long answer at a time)
BUSY_WITH_LONG_QUESTIONS = ("Máy chủ đang bận trả lời các câu hỏi dài. Hãy rút gọn câu hỏi (mỗi lần một vấn đề) "
                            "hoặc thử lại sau ít phút.")

# The style sheet is imported, not inlined: Gradio rewrites inline rules (it scopes those inside @media to
# elements under its container, so the page's own container could not be styled for a phone).
CSS = f'@import url("{STATIC_URL}/page.css");'

# Loaded by Gradio into the page's <head> (served by this server: no CDN).
PAGE_HEAD = f'<script src="{STATIC_URL}/page.js" defer></script>'

BUSY_JS = "() => { window.dancu && window.dancu.busy(true); }"
DONE_JS = "() => { window.dancu && window.dancu.answered(); }"
FAILED_JS = "() => { window.dancu && window.dancu.busy(false); }"


def theme() -> "gr.themes.Base":
    """Fonts served by this server only (no Google Fonts); Source Sans Pro's 400/700 files cover Vietnamese.
    Colours darkened where Gradio's defaults miss the WCAG AA contrast ratio."""
    import gradio as gr

    return gr.themes.Default(
        font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "DejaVu Sans", "sans-serif"],
        font_mono=["DejaVu Sans Mono", "monospace"],
        primary_hue=gr.themes.colors.blue,
    ).set(
        body_text_color_subdued="#4b5563",
        block_info_text_color="#4b5563",
        input_placeholder_color="#6b7280",
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="#ffffff",
        checkbox_label_text_color_selected="#1e3a8a",
    )


def _documents_of(service: AnswersQuestions) -> Any:
    try:
        return service.documents
    except UserError:  # no index yet: the page still opens and says what to do when asked
        return {}


def header_html() -> str:
    return (
        '<header class="page-header">'
        f'<h1>{html.escape(TITLE)}</h1>'
        '<p class="scope">Hỏi về kết nối, chia sẻ, khai thác thông tin dân cư, căn cước và định danh điện tử; '
        'trả lời kèm điều, khoản trích dẫn. <strong>Thông tin tham khảo</strong>, không thay thế tư vấn pháp lý. '
        'Đừng nhập số căn cước hay thông tin cá nhân. '
        f'<a class="evaluator-link" href="{EVALUATOR_PAGE}">Trang người đánh giá</a></p>'
        '</header>'
    )


def status_html(message: str) -> str:
    """The line under the question box (a problem with the question, or why no answer came)."""
    if not message:
        return '<p class="ask-status" role="status"></p>'
    return f'<p class="ask-status is-problem" role="alert">⚠️ {html.escape(message)}</p>'


def today() -> str:
    return dt.date.today().isoformat()


def asked_chars_of(question: Any, turns: Any) -> int:
    """The question and the conversation's previous one (a follow-up is joined to it before embedding)."""
    previous = turns[-1].question if turns else ""
    return len(question if isinstance(question, str) else "") + len(previous)


def build_ui(service: AnswersQuestions, store: FeedbackStore, conversations: ConversationStore | None = None,
             policy: GradioPolicy | None = None, heavy_gate: Any = None) -> "gr.Blocks":
    """The page. Conversations live in ``conversations`` under a token the browser holds (see web/sessions.py);
    ``policy`` is filled with what the page's queue may call (web/security.py refuses the rest); a long question
    runs only while it holds ``heavy_gate`` (web/api.py LongQuestionGate, shared with /api/ask)."""
    import gradio as gr

    conversations = conversations if conversations is not None else ConversationStore()

    def answer_in_turn(question: str, turns: Any, mode: str, as_of: str | None) -> Any:
        if heavy_gate is None:
            return ask(service, question, turns, mode, as_of)
        if not is_heavy(asked_chars_of(question, turns)):
            heavy_gate.light_started()  # long questions let this one go first
            try:
                return ask(service, question, turns, mode, as_of)
            finally:
                heavy_gate.light_done()
        # waiting holds one of the page's few worker slots: give up after a while rather than block normal users
        if not heavy_gate.acquire(timeout=LONG_QUESTION_WAIT_S):
            raise UserError(BUSY_WITH_LONG_QUESTIONS)
        try:
            return ask(service, question, turns, mode, as_of)
        finally:
            heavy_gate.release()

    def on_ask(question: str, token: str | None, mode: str, as_of: str | None, remember: bool = True) -> Any:
        conversation = conversations.get(token)
        try:
            outcome = answer_in_turn(question, conversation.turns if conversation else (), mode,
                                     as_of if mode == "staff" else None)
        except UserError as exc:
            skip = gr.skip()
            return skip, skip, skip, skip, skip, skip, status_html(str(exc))
        except Exception:
            log.exception("answering failed")  # the user gets no internals
            skip = gr.skip()
            return skip, skip, skip, skip, skip, skip, status_html(
                "Đã có lỗi khi trả lời câu hỏi. Hãy thử lại sau ít phút.")
        if conversation is None:  # first question of this tab (or its conversation expired): a new token
            token = new_token() if remember else ""
        if remember:
            conversations.put(token, Conversation(turns=outcome.turns, target=outcome.feedback_target))
        checklist = gr.update(value=outcome.checklist_html, visible=bool(outcome.checklist_html))
        return "", outcome.chat, token, outcome.sources_html, checklist, "", status_html("")

    def on_feedback(rating: str):
        def handler(token: str | None, comment: str) -> Any:
            conversation = conversations.get(token)
            try:
                return record_feedback(store, conversation.target if conversation else None, rating, comment), ""
            except UserError as exc:
                return f"⚠️ {html.escape(str(exc))}", gr.skip()

        return handler

    def on_new_chat(token: str | None) -> Any:
        conversations.forget(token)
        return [], "", SOURCES_PLACEHOLDER, gr.update(value="", visible=False), "", status_html("")

    def on_api_ask(question: str, mode: str) -> Any:
        """Gradio's public endpoint 'ask' (its signature as before: question, mode): one question, nothing kept."""
        return tuple(value for n, value in enumerate(on_ask(question, None, mode, None, remember=False)) if n != 2)

    def on_mode(mode: str) -> Any:
        return gr.update(visible=mode == "staff")

    def asked_chars(args: list[Any]) -> int:
        """The text an ask call makes the embedder read (web/security.py charges by it)."""
        question = args[0] if args and isinstance(args[0], str) else ""
        conversation = conversations.get(args[1]) if len(args) > 1 and isinstance(args[1], str) else None
        return asked_chars_of(question, conversation.turns if conversation else ())

    coverage = Coverage.from_documents(_documents_of(service))
    with gr.Blocks(title=TITLE) as demo:
        # The conversation's token (web/sessions.py): held by this browser tab only, never in Gradio's state.
        token = gr.Textbox(value="", visible=False, elem_id="session-token")
        # The date field's value, as a state: Gradio's API endpoint "ask" keeps its inputs (question, mode).
        as_of_value = gr.State(None)
        gr.HTML(header_html(), elem_id="page-header", js_on_load=None)
        with gr.Row(equal_height=False, elem_id="main-row"):
            with gr.Column(scale=3, elem_id="main-col"):
                with gr.Row(elem_id="ask-options", equal_height=False):
                    mode = gr.Radio(
                        [("Người dân", "citizen"), ("Cán bộ", "staff")], value="citizen", label="Chế độ",
                        elem_id="mode", scale=2, min_width=220,
                    )
                    as_of = gr.Textbox(
                        value="", label="Ngày áp dụng (YYYY-MM-DD)", placeholder="YYYY-MM-DD", max_lines=1,
                        visible=False, elem_id="as-of", scale=1, min_width=170,
                    )
                with gr.Row(elem_id="ask-bar", equal_height=True):
                    question = gr.Textbox(
                        label="Câu hỏi", placeholder="Nhập câu hỏi, nhấn Enter để gửi…",
                        lines=1, max_lines=6, scale=5, elem_id="question", autofocus=True,  # lines=1: Enter sends
                    )
                    send = gr.Button("Gửi", variant="primary", scale=1, min_width=80, elem_id="send")
                status = gr.HTML(status_html(""), elem_id="ask-status", js_on_load=None)
                chat = gr.Chatbot(
                    label="Hỏi đáp", show_label=False, elem_id="chat", height="auto", min_height=160,
                    autoscroll=False, feedback_options=None, buttons=["copy"], latex_delimiters=[],
                    placeholder="Câu trả lời sẽ hiện ở đây: kết luận trước, rồi căn cứ pháp lý có trích dẫn.",
                )
                with gr.Column(elem_id="feedback"):
                    with gr.Row(equal_height=False):
                        comment = gr.Textbox(
                            label="Góp ý về câu trả lời gần nhất (không bắt buộc)", lines=1, max_lines=4,
                            scale=4, elem_id="comment",
                        )
                        up = gr.Button("👍 Hữu ích", size="sm", scale=1, elem_id="feedback-up")
                        down = gr.Button("👎 Chưa đúng", size="sm", scale=1, elem_id="feedback-down")
                    feedback_status = gr.Markdown(elem_id="feedback-status")
                    new_chat = gr.Button("Cuộc hỏi mới", size="sm", elem_id="new-chat")
            with gr.Column(scale=2, elem_id="side-col"):
                with gr.Column(elem_id="answer-side"):
                    checklist = gr.HTML(visible=False, elem_id="checklist", js_on_load=None)
                    gr.HTML('<h2 class="panel-title" id="sources-title">Nguồn trích dẫn</h2>', js_on_load=None)
                    sources = gr.HTML(SOURCES_PLACEHOLDER, elem_id="sources", js_on_load=None)
                with gr.Accordion("Câu hỏi mẫu (bấm để hỏi)", open=True, elem_id="examples"):
                    example_buttons = [gr.Button(q, size="sm", elem_classes=["example"]) for q in EXAMPLES]
                with gr.Accordion("Phạm vi: các văn bản trợ lý dựa vào", open=False, elem_id="coverage"):
                    gr.Markdown(coverage.markdown())

        ask_io: dict[str, Any] = {
            "fn": on_ask,
            "inputs": [question, token, mode, as_of_value],
            "outputs": [question, chat, token, sources, checklist, feedback_status, status],
            "show_progress": "hidden",
        }

        def wire(event: Any, **extra: Any) -> None:
            event(**ask_io, **extra).then(None, js=DONE_JS, queue=False, api_visibility="private")

        # The "working" line first (a client-side listener, registered before the answer's own).
        question.submit(None, js=BUSY_JS, queue=False, api_visibility="private")
        wire(question.submit, api_visibility="private")
        send.click(None, js=BUSY_JS, queue=False, api_visibility="private")
        wire(send.click, api_visibility="private")
        for button, text in zip(example_buttons, EXAMPLES, strict=True):
            button.click(lambda text=text: text, outputs=question, queue=False, api_visibility="private",
                         js=BUSY_JS.replace("() =>", "(...a) =>")).then(
                **ask_io, api_visibility="private").then(None, js=DONE_JS, queue=False, api_visibility="private")
        mode.change(on_mode, mode, as_of, queue=False, api_visibility="private")
        as_of.change(lambda day: day, as_of, as_of_value, queue=False, api_visibility="private")
        feedback = [on_feedback("up"), on_feedback("down")]
        up.click(feedback[0], [token, comment], [feedback_status, comment], api_visibility="private")
        down.click(feedback[1], [token, comment], [feedback_status, comment], api_visibility="private")
        new_chat_io: dict[str, Any] = {
            "fn": on_new_chat, "inputs": [token], "outputs": [chat, token, sources, checklist, feedback_status, status],
            "queue": False, "api_visibility": "private",
        }
        new_chat.click(**new_chat_io).then(None, js=FAILED_JS, queue=False, api_visibility="private")
        chat.clear(**new_chat_io)  # the chat's own bin button starts a new conversation too
        # The public API (`/gradio_api/call/ask`): an event of a button the page never shows, so the page's own
        # events, which carry the conversation's token, stay private.
        api_only = gr.Button(visible=False, elem_id="api-ask")
        api_only.click(on_api_ask, [question, mode], [question, chat, sources, checklist, feedback_status, status],
                       api_name="ask", show_progress="hidden")
        # Today's date when the page opens (not when the server started); private like every page event.
        demo.load(today, outputs=as_of, queue=False, api_visibility="private")
    demo.queue(default_concurrency_limit=ASK_CONCURRENCY, max_size=QUEUE_SIZE)
    if policy is not None:
        policy.update(page_policy(demo, (on_ask, on_api_ask), feedback, asked_chars))
    return demo


def page_policy(demo: "gr.Blocks", asks: tuple[Any, ...], feedback: list[Any], asked_chars: Any) -> GradioPolicy:
    """What the page's queue may run: its events with a Python function; by name only the public API."""
    fns = [f for f in demo.fns.values() if f.fn is not None]
    return GradioPolicy(
        callable_fns=frozenset(f._id for f in fns),
        public_names=frozenset(str(f.api_name) for f in fns if f.api_visibility == "public"),
        ask_fns=frozenset(f._id for f in fns if f.fn in asks),
        feedback_fns=frozenset(f._id for f in fns if f.fn in feedback),
        page_chars=asked_chars,
    )


# -- the page's <html lang> ------------------------------------------------------------------------
class VietnamesePage:
    """ASGI middleware: Gradio's page template declares ``lang="en"`` and English link previews; this page is
    Vietnamese (screen readers pick their voice from ``lang``). Rewrites the HTML of ``/`` only."""

    REPLACEMENTS = (
        (b'lang="en"', b'lang="vi"'),
        (b'content="Click to try out the app!"', 'content="Hỏi đáp pháp luật về Cơ sở dữ liệu quốc gia về dân cư"'.encode()),
        (b'property="og:title" content="Gradio"', f'property="og:title" content="{TITLE}"'.encode()),
        (b'name="twitter:title" content="Gradio"', f'name="twitter:title" content="{TITLE}"'.encode()),
    )

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") != "/" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        # Ask for the plain page (no gzip), so it can be edited.
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            out_headers = list(start.get("headers", []))
            content_type = next((v for k, v in out_headers if k.lower() == b"content-type"), b"")
            if content_type.startswith(b"text/html"):
                for old, new in self.REPLACEMENTS:
                    body = body.replace(old, new, 1)
                out_headers = [(k, v) for k, v in out_headers if k.lower() != b"content-length"]
                out_headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": out_headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


def install_page_assets(app: Any) -> None:
    """Serve web/static (the page's script and style sheet, the workbench's) and mark the page Vietnamese."""
    from starlette.staticfiles import StaticFiles

    app.mount(STATIC_URL, StaticFiles(directory=STATIC_DIR), name="web-static")
    app.add_middleware(VietnamesePage)
