"""The web page's actions as plain functions (no Gradio): ask a question, send feedback.

The Gradio layer (web/ui.py) only wires these to components and turns UserError into a message on the
page, so everything here is testable without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Sequence

from web.feedback import FeedbackEntry, FeedbackStore
from bot import Answer
from web.render import chat_answer_markdown, checklist_html, escape_user_text, sources_html
from core.errors import UserError
from core.legal import LawDocument

EXAMPLES = (
    "Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin về đời "
    "sống riêng tư, bí mật cá nhân hay không?",
    "Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện theo quy "
    "trình nào?",
    "Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì về hoạt động kết nối, chia "
    "sẻ và khai thác thông tin giữa Cơ sở dữ liệu quốc gia về dân cư?",
    "Công dân có quyền gì đối với thông tin của mình trong Cơ sở dữ liệu quốc gia về dân cư?",
    "Số định danh cá nhân là gì?",
    "Thủ tục điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư theo đề nghị của công dân như thế nào?",
)

SOURCES_PLACEHOLDER = '<p class="sources-empty">Các điều luật được trích dẫn sẽ hiện ở đây, kèm toàn văn điều.</p>'


class AnswersQuestions(Protocol):
    """bot.service.AnswerService, or a fake in tests."""

    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
               as_of: str | None = None) -> Answer: ...

    @property
    def documents(self) -> Mapping[str, LawDocument]: ...


@dataclass(frozen=True)
class Turn:
    """One exchange, as asked (raw text, used for follow-ups) and as answered."""

    question: str
    answer_markdown: str
    mode: str = "citizen"
    checklist: bool = False  # the checklist panel shows this answer's procedure


@dataclass(frozen=True)
class ChatOutcome:
    turns: tuple[Turn, ...]
    answer: Answer
    sources_html: str
    checklist_html: str

    @property
    def chat(self) -> list[dict[str, str]]:
        return chat_messages(self.turns)

    @property
    def feedback_target(self) -> dict[str, str]:
        """What a 👍/👎 refers to: the latest question and answer."""
        return {
            "question": self.answer.question,
            "conclusion": self.answer.conclusion or "",
            "citations": "; ".join(c.label for c in self.answer.citations),
            "mode": self.turns[-1].mode,
        }


def history_of(turns: Sequence[Turn]) -> list[dict[str, str]]:
    """The conversation as 'messages' for AnswerService.answer (raw user text, for follow-up resolution)."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        messages += [{"role": "user", "content": turn.question}, {"role": "assistant", "content": turn.answer_markdown}]
    return messages


def chat_messages(turns: Sequence[Turn]) -> list[dict[str, str]]:
    """The conversation as shown in the chat: user text escaped, answers with HTML and links disabled.

    The latest answer's checklist is in the checklist panel, so the chat points there instead of repeating
    it; earlier answers keep theirs (the panel no longer shows them).
    """
    messages: list[dict[str, str]] = []
    for n, turn in enumerate(turns, start=1):
        in_panel = turn.checklist and n == len(turns)
        messages.append({"role": "user", "content": escape_user_text(turn.question)})
        messages.append({"role": "assistant", "content": chat_answer_markdown(turn.answer_markdown, in_panel)})
    return messages


def ask(service: AnswersQuestions, question: str, turns: Sequence[Turn], mode: str,
        as_of: str | None = None) -> ChatOutcome:
    """Answer ``question`` in the context of ``turns`` with the law in force on ``as_of`` ('YYYY-MM-DD';
    None or '' = today); raises UserError (Vietnamese) for bad input."""
    answer = service.answer(question, history=history_of(turns), mode=mode, as_of=(as_of or "").strip() or None)
    checklist = checklist_html(answer.steps, answer.citations, answer.question, answer.as_of) if mode == "staff" else ""
    new_turns = (*turns, Turn(question=answer.question, answer_markdown=answer.answer, mode=mode,
                              checklist=bool(checklist)))
    return ChatOutcome(
        turns=new_turns,
        answer=answer,
        sources_html=sources_html(answer.citations, service.documents, answer.as_of or None),
        checklist_html=checklist,
    )


def record_feedback(store: FeedbackStore, target: dict[str, str] | None, rating: str, comment: str = "") -> str:
    """Store a 👍/👎 for the latest answer; returns the confirmation to show."""
    if not target:
        raise UserError("Hãy đặt câu hỏi trước, rồi đánh giá câu trả lời.")
    store.add(
        FeedbackEntry(
            rating=rating,
            question=target.get("question", ""),
            conclusion=target.get("conclusion", ""),
            citations=target.get("citations", ""),
            comment=(comment or "").strip(),
            mode=target.get("mode", "citizen"),
        )
    )
    return "Cảm ơn bạn đã góp ý! Số giấy tờ, số điện thoại và email (nếu có) đã được che trước khi lưu."


@dataclass(frozen=True)
class Coverage:
    """The notice at the top of the page: what the assistant knows, and that it is reference information."""

    documents: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_documents(cls, docs: Mapping[str, LawDocument]) -> "Coverage":
        return cls(tuple(
            f"{d.short_title}" + (" (một phần)" if d.is_partial else "") for d in docs.values()
        ))

    def markdown(self) -> str:
        listed = ", ".join(self.documents) if self.documents else "các văn bản trong kho dữ liệu"
        return (
            "Trợ lý trả lời câu hỏi về Cơ sở dữ liệu quốc gia về dân cư (kết nối, chia sẻ, khai thác thông tin; "
            f"căn cước, định danh điện tử, bảo vệ dữ liệu cá nhân), chỉ dựa trên: {listed}. "
            "Câu trả lời là **thông tin tham khảo**, không thay thế văn bản pháp luật chính thức hay tư vấn "
            "pháp lý. Không nhập số căn cước, số điện thoại hay thông tin cá nhân khác."
        )
