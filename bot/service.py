"""Public entry: ``AnswerService(settings).answer(question, history, mode)``.

Loads the index, the embedder and (optionally) the LLM once, validates the question, runs the chain.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
from typing import Any, Sequence

from dancu.errors import IndexCorruptError, QuestionError
from dancu.settings import Settings
from bot.models import Answer

log = logging.getLogger(__name__)
MODES = ("citizen", "staff")
# Control characters, invisible formatting marks and lone surrogates (which cannot be encoded).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff\ud800-\udfff]")


def clean_question(question: Any, max_chars: int) -> str:
    """Validate a user's question; raises QuestionError with a Vietnamese message."""
    if not isinstance(question, str):
        raise QuestionError("Câu hỏi phải là văn bản.")
    text = _CONTROL.sub(" ", question).strip()
    if not text:
        raise QuestionError("Câu hỏi đang trống. Hãy nhập câu hỏi về Cơ sở dữ liệu quốc gia về dân cư.")
    if len(text) > max_chars:
        raise QuestionError(
            f"Câu hỏi quá dài ({len(text)} ký tự; tối đa {max_chars}). Hãy rút gọn, mỗi lần hỏi một vấn đề."
        )
    return text


class AnswerService:
    def __init__(self, settings: Settings | None = None, *, embedder: Any = None, llm: Any = None) -> None:
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._llm = llm
        self._chain = None
        self._lock = threading.Lock()

    @property
    def chain(self):
        """Loaded on first use (index, embedder, retriever): nothing heavy at construction."""
        with self._lock:
            if self._chain is None:
                from bot.chain import AnswerChain
                from bot.index import load_index
                from bot.retrieval import HybridRetriever
                from ingest.embeddings import make_embedder

                index = load_index(self.settings)
                embedder = self._embedder or make_embedder(self.settings.embeddings, self.settings.threads)
                if index.embedder_name != embedder.name:
                    raise IndexCorruptError(
                        f"Chỉ mục được tạo bằng mô hình '{index.embedder_name}', nhưng đang dùng '{embedder.name}'. "
                        "Hãy chạy: dancu ingest (hoặc đặt lại DANCU_EMBEDDINGS như lúc lập chỉ mục)."
                    )
                retriever = HybridRetriever(index, embedder, self.settings.top_k)
                composer = None
                if self._llm is not None or self.settings.llm:
                    from bot.llm import LlmComposer, make_chat_model

                    composer = LlmComposer(self._llm or make_chat_model(self.settings.llm))
                self._chain = AnswerChain(index, retriever, composer)
                if composer is not None:
                    composer.chain = self._chain
        return self._chain

    def warm_up(self) -> None:
        self.chain.retriever.embed_query("khởi động")

    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen") -> Answer:
        started = time.perf_counter()
        if mode not in MODES:
            raise QuestionError(f"Chế độ không hợp lệ: '{mode}'. Dùng 'citizen' (người dân) hoặc 'staff' (cán bộ).")
        text = clean_question(question, self.settings.max_question_chars)
        history = [h for h in (history or [])][-12:]
        result: Answer = self.chain.runnable.invoke({"question": text, "history": history, "mode": mode})
        return dataclasses.replace(result, latency_ms=(time.perf_counter() - started) * 1000.0)


_DEFAULT: AnswerService | None = None


def default_service() -> AnswerService:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = AnswerService()
    return _DEFAULT
