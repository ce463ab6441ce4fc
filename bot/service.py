"""The public entry of the answering engine: ``AnswerService(settings).answer(question, history, mode)``.

Validates the question, loads the index, the embedder and (optionally) the LLM once, on first use, and runs
the pipeline (bot/pipeline.py). Everything the web app, the evaluations and the benchmarks need goes through
this class: they never reach into the stages.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from typing import Any, Mapping, Sequence

from bot.models import Answer
from core.errors import IndexCorruptError, QuestionError
from core.legal import LawDocument
from core.settings import Settings

log = logging.getLogger(__name__)
MODES = ("citizen", "staff")
MAX_HISTORY_TURNS = 12
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


def parse_as_of(value: dt.date | str | None) -> dt.date | None:
    """A date for 'as of' questions; raises QuestionError (Vietnamese) for a malformed one."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise QuestionError(f"Ngày áp dụng không hợp lệ: '{text}'. Dùng dạng YYYY-MM-DD, ví dụ 2025-06-01.") from None


class AnswerService:
    def __init__(self, settings: Settings | None = None, *, embedder: Any = None, llm: Any = None) -> None:
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._llm = llm
        self._pipeline: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        """The pipeline, built on first use (index, embedder, LLM): nothing heavy at construction."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._build()
        return self._pipeline

    def _build(self) -> Any:
        from bot.checks import RequestChecker
        from bot.compose import ExtractiveComposer
        from bot.evidence import EvidenceSelector
        from bot.index import load_index
        from bot.pipeline import AnswerPipeline
        from bot.query import DiacriticRestorer
        from bot.question import QuestionReader
        from bot.retrieval import HybridRetriever
        from ingest.embeddings import make_embedder

        index = load_index(self.settings)
        embedder = self._embedder or make_embedder(self.settings.embeddings, self.settings.threads)
        if index.embedder_name != embedder.name:
            raise IndexCorruptError(
                f"Chỉ mục được tạo bằng mô hình '{index.embedder_name}', nhưng đang dùng '{embedder.name}'. "
                "Hãy chạy: dancu ingest (hoặc đặt lại DANCU_EMBEDDINGS như lúc lập chỉ mục)."
            )
        composer = ExtractiveComposer(index)
        llm = None
        if self._llm is not None or self.settings.llm:
            from bot.llm import LlmComposer, make_chat_model

            llm = LlmComposer(self._llm or make_chat_model(self.settings.llm), composer)
        restorer = DiacriticRestorer(c.text for c in index.chunks if c.kind in ("law", "faq"))
        return AnswerPipeline(QuestionReader(restorer), RequestChecker(index),
                              HybridRetriever(index, embedder, self.settings.top_k), EvidenceSelector(index), composer, llm)

    # -- the facade ----------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
               as_of: dt.date | str | None = None) -> Answer:
        """Answer with the law in force on ``as_of`` (a date or 'YYYY-MM-DD'; default today)."""
        started = time.perf_counter()
        day = parse_as_of(as_of)
        if mode not in MODES:
            raise QuestionError(f"Chế độ không hợp lệ: '{mode}'. Dùng 'citizen' (người dân) hoặc 'staff' (cán bộ).")
        text = clean_question(question, self.settings.max_question_chars)
        turns = list(history or [])[-MAX_HISTORY_TURNS:]
        result = self._loaded().run(text, turns, mode, day)
        return result.model_copy(update={"latency_ms": (time.perf_counter() - started) * 1000.0})

    def load(self) -> None:
        """Load the index and models now instead of on the first question."""
        self._loaded()

    def warm_up(self) -> None:
        """Load everything and run the embedder once, so the first user does not wait."""
        self._loaded().retriever.embed_query("khởi động")

    def clear_query_cache(self) -> None:
        """Forget cached question embeddings (evaluations and benchmarks time each question afresh)."""
        self._loaded().retriever.embed_query.clear()

    @property
    def documents(self) -> Mapping[str, LawDocument]:
        """The documents of the served index, by số hiệu (with their parsed articles)."""
        return self._loaded().composer.index.documents

    def article_text(self, so_hieu: str, number: int) -> str | None:
        return self._loaded().composer.index.article_text(so_hieu, number)

    def index_generation_on_disk(self) -> str:
        """The generation CURRENT names (raises IndexMissingError when there is none); loads nothing."""
        from ingest.index_layout import require_current

        return require_current(self.settings.index_dir)

    @property
    def index_info(self) -> dict[str, str]:
        index = self._loaded().composer.index
        return {"generation": index.generation, "embedder": index.embedder_name}


_DEFAULT: AnswerService | None = None


def default_service() -> AnswerService:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = AnswerService()
    return _DEFAULT
