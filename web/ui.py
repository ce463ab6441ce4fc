"""The Gradio page (Vietnamese): chat, sources panel, staff checklist, examples, feedback.

Only wiring lives here; the actions are in web/handlers.py. Gradio is imported inside the functions
(it takes seconds to import), so importing this module is cheap.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING, Any

from web.feedback import FeedbackStore
from web.handlers import (
    EXAMPLES,
    SOURCES_PLACEHOLDER,
    AnswersQuestions,
    Coverage,
    Turn,
    ask,
    record_feedback,
)
from core.errors import UserError

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger(__name__)
TITLE = "Trợ lý hỏi đáp về Cơ sở dữ liệu quốc gia về dân cư"
# 2 cores, and the embedder runs one query at a time (it is locked): a few events in flight keep the CPU busy
# without piling threads on it; the rest wait in the queue, which must hold every waiting user (20+).
ASK_CONCURRENCY = 4
QUEUE_SIZE = 256

CSS = """
#sources mark, #checklist mark { background: #fff3a3; padding: 0 2px; }
.source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 6px 10px; margin-bottom: 8px; }
.source > summary { cursor: pointer; font-weight: 600; }
.doc-facts { margin: 6px 0; font-size: 0.92em; }
.doc-facts th { text-align: left; padding-right: 8px; vertical-align: top; white-space: nowrap; }
.law-line { margin: 4px 0; }
.sources-empty { color: var(--body-text-color-subdued); }
.checklist ol.steps { padding-left: 1.2em; }
.checklist .step { margin-bottom: 8px; }
.checklist .step-cite { font-size: 0.9em; color: var(--body-text-color-subdued); }
button.example { text-align: left; white-space: normal; justify-content: flex-start; }
#feedback-up, #feedback-down { align-self: center; }
/* Gradio titles its toasts with the English level name and ignores title=; keep the page Vietnamese. */
.toast-title.warning, .toast-title.error { font-size: 0; }
.toast-title.warning::before { content: "Lưu ý"; font-size: var(--text-lg); }
.toast-title.error::before { content: "Lỗi"; font-size: var(--text-lg); }
"""


def theme() -> "gr.themes.Base":
    """Fonts served by this server only (no Google Fonts); Source Sans Pro's 400/700 files cover Vietnamese."""
    import gradio as gr

    return gr.themes.Default(
        font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "DejaVu Sans", "sans-serif"],
        font_mono=["DejaVu Sans Mono", "monospace"],
    )


def _documents_of(service: AnswersQuestions) -> Any:
    try:
        return service.documents
    except UserError:  # no index yet: the page still opens and says what to do when asked
        return {}


def build_ui(service: AnswersQuestions, store: FeedbackStore) -> "gr.Blocks":
    import gradio as gr

    def on_ask(question: str, turns: tuple[Turn, ...], mode: str) -> Any:
        try:
            outcome = ask(service, question, turns or (), mode)
        except UserError as exc:
            gr.Warning(html.escape(str(exc)), title="Lưu ý")
            return gr.skip()
        except Exception:
            log.exception("answering failed")
            raise gr.Error(
                "Đã có lỗi khi trả lời câu hỏi. Hãy thử lại sau.", title="Lỗi", print_exception=False
            ) from None  # logged above; the user gets no internals
        checklist = gr.update(value=outcome.checklist_html, visible=bool(outcome.checklist_html))
        return "", outcome.chat, outcome.turns, outcome.sources_html, checklist, outcome.feedback_target, ""

    def on_feedback(rating: str):
        def handler(target: dict[str, str] | None, comment: str) -> Any:
            try:
                return record_feedback(store, target, rating, comment), ""
            except UserError as exc:
                gr.Warning(html.escape(str(exc)), title="Lưu ý")
                return gr.skip()

        return handler

    def on_new_chat() -> Any:
        return [], (), SOURCES_PLACEHOLDER, gr.update(value="", visible=False), None, ""

    with gr.Blocks(title=TITLE) as demo:
        turns = gr.State(())
        target = gr.State(None)
        gr.Markdown(f"# {TITLE}")
        gr.Markdown(Coverage.from_documents(_documents_of(service)).markdown(), elem_id="coverage")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                mode = gr.Radio(
                    [("Người dân", "citizen"), ("Cán bộ", "staff")], value="citizen", label="Chế độ",
                    info="Cán bộ: thủ tục hiện thành danh mục kiểm tra, trích dẫn đầy đủ.", elem_id="mode",
                )
                chat = gr.Chatbot(
                    label="Hỏi đáp", elem_id="chat", height=560, feedback_options=None, buttons=["copy"],
                    latex_delimiters=[], placeholder="Đặt câu hỏi ở ô bên dưới, hoặc chọn một câu hỏi mẫu.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        label="Câu hỏi", placeholder="Nhập câu hỏi (tối đa 2000 ký tự), nhấn Enter để gửi…",
                        lines=1, max_lines=6, scale=5, elem_id="question",  # lines=1: Enter sends
                    )
                    send = gr.Button("Gửi", variant="primary", scale=1, elem_id="send")
                with gr.Row(equal_height=False):
                    comment = gr.Textbox(
                        label="Góp ý về câu trả lời gần nhất (không bắt buộc)", lines=1, max_lines=4,
                        scale=4, elem_id="comment",
                    )
                    up = gr.Button("👍 Hữu ích", size="sm", scale=1, elem_id="feedback-up")
                    down = gr.Button("👎 Chưa đúng", size="sm", scale=1, elem_id="feedback-down")
                feedback_status = gr.Markdown(elem_id="feedback-status")
                new_chat = gr.Button("Cuộc hỏi mới", size="sm", elem_id="new-chat")
            with gr.Column(scale=2):
                checklist = gr.HTML(visible=False, elem_id="checklist")
                gr.Markdown("### Nguồn trích dẫn")
                sources = gr.HTML(SOURCES_PLACEHOLDER, elem_id="sources")
                with gr.Accordion("Câu hỏi mẫu (bấm để hỏi)", open=True, elem_id="examples"):
                    example_buttons = [gr.Button(q, size="sm", elem_classes=["example"]) for q in EXAMPLES]

        ask_io: dict[str, Any] = {
            "fn": on_ask,
            "inputs": [question, turns, mode],
            "outputs": [question, chat, turns, sources, checklist, target, feedback_status],
        }
        question.submit(**ask_io, api_name="ask")
        send.click(**ask_io, api_visibility="private")
        for button, text in zip(example_buttons, EXAMPLES, strict=True):
            button.click(lambda text=text: text, outputs=question, queue=False, api_visibility="private").then(
                **ask_io, api_visibility="private"
            )
        up.click(on_feedback("up"), [target, comment], [feedback_status, comment], api_visibility="private")
        down.click(on_feedback("down"), [target, comment], [feedback_status, comment], api_visibility="private")
        new_chat.click(
            on_new_chat, outputs=[chat, turns, sources, checklist, target, feedback_status],
            queue=False, api_visibility="private",
        )
    demo.queue(default_concurrency_limit=ASK_CONCURRENCY, max_size=QUEUE_SIZE)
    return demo
