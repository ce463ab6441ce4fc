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
    RELOAD_CHECK_S = 3.0      # look at CURRENT at most this often (between requests)
    LEASE_REFRESH_S = 15.0    # heartbeat of this process's lease (ingest treats it as live for 60 s)
    RETIRE_GRACE_S = 30.0     # keep the lease of a replaced generation while in-flight requests finish

    def __init__(self, settings: Settings | None = None, *, embedder: Any = None, llm: Any = None) -> None:
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._llm = llm
        self._pipeline: Any = None
        self._served: str | None = None
        self._lock = threading.Lock()         # first load
        self._reload_lock = threading.Lock()  # one reload at a time; requests never wait for it
        self._checked = time.monotonic()
        self._leasing = False
        self._retired: dict[str, float] = {}  # replaced generation -> when

    def _loaded(self) -> Any:
        """The pipeline, built on first use (index, embedder, LLM): nothing heavy at construction. Afterwards,
        a new generation named in CURRENT is loaded and swapped in (see _maybe_reload)."""
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    pipeline = self._build()
                    self._install(pipeline)
            return self._pipeline
        self._maybe_reload()
        return self._pipeline  # one reference read: a request keeps the pipeline it got, even across a swap

    def _install(self, pipeline: Any) -> None:
        generation = pipeline.composer.index.generation
        if self._leasing:
            self._write_lease(generation)  # before the swap: ingest must not delete what is about to serve
        old = self._served
        self._pipeline, self._served = pipeline, generation
        self._checked = time.monotonic()
        if old and old != generation:
            self._retired[old] = time.monotonic()
            log.warning("Đã chuyển sang chỉ mục mới %s (trước: %s)", generation, old)

    def _maybe_reload(self, force: bool = False) -> None:
        """Switch atomically to the generation CURRENT names, if it changed; errors keep the served one."""
        if not force and time.monotonic() - self._checked < self.RELOAD_CHECK_S:
            return
        if not self._reload_lock.acquire(blocking=False):
            return  # another thread is reloading: serve the current pipeline meanwhile
        try:
            self._checked = time.monotonic()
            from ingest.index_layout import current_generation

            try:
                on_disk = current_generation(self.settings.index_dir)
            except Exception as exc:  # a garbage CURRENT: keep serving what is loaded
                log.warning("Không đọc được CURRENT: %s", exc)
                return
            if not on_disk or on_disk == self._served or not (self.settings.index_dir / on_disk).is_dir():
                return
            try:
                pipeline = self._build()
            except Exception as exc:
                log.warning("Không nạp được chỉ mục mới %s: %s — vẫn dùng %s", on_disk, exc, self._served)
                return
            self._install(pipeline)
        finally:
            self._reload_lock.release()

    @property
    def served_generation(self) -> str | None:
        """The generation answering questions now (None before the first load)."""
        return self._served

    # -- leases ---------------------------------------------------------------------------------
    def _write_lease(self, generation: str) -> None:
        from ingest.index_layout import write_lease

        try:
            write_lease(self.settings.index_dir, generation)
        except OSError as exc:
            log.warning("Không ghi được tệp giữ chỉ mục %s: %s", generation, exc)

    def heartbeat(self) -> None:
        """Refresh this process's lease, release those of generations replaced a while ago, look for a new one."""
        from ingest.index_layout import release_lease

        self._maybe_reload()
        if self._served:
            self._write_lease(self._served)
        for generation, since in list(self._retired.items()):
            if time.monotonic() - since > self.RETIRE_GRACE_S:
                release_lease(self.settings.index_dir, generation)
                del self._retired[generation]

    def hold_leases(self) -> None:
        """For a long-running server: keep a lease on the served generation (so `dancu ingest` never deletes it)
        and look for a new generation in the background; leases are released at exit."""
        import atexit

        if self._leasing:
            return
        self._leasing = True
        if self._served:
            self._write_lease(self._served)

        def beat() -> None:
            while True:
                time.sleep(self.LEASE_REFRESH_S)
                try:
                    self.heartbeat()
                except Exception as exc:  # the heartbeat must never die
                    log.warning("Lỗi khi giữ chỉ mục: %s", exc)

        threading.Thread(target=beat, name="dancu-lease", daemon=True).start()
        atexit.register(self.release_leases)

    def release_leases(self) -> None:
        from ingest.index_layout import release_lease

        for generation in {self._served, *self._retired} - {None}:
            release_lease(self.settings.index_dir, generation)  # type: ignore[arg-type]

    def _build(self) -> Any:
        from bot.checks import RequestChecker
        from bot.clause_ranker import MODEL_PATH as CLAUSE_MODEL_PATH
        from bot.compose import ExtractiveComposer
        from bot.evidence import EvidenceSelector
        from bot.index import load_index
        from bot.pipeline import AnswerPipeline
        from bot.question import QuestionReader
        from bot.ranker import ArticleRanker
        from bot.retrieval import HybridRetriever
        from ingest.embeddings import make_embedder

        index = load_index(self.settings)
        embedder = self._embedder or make_embedder(self.settings.embeddings, self.settings.threads)
        self._embedder = embedder  # a reload (new generation) reuses the model
        if index.embedder_name != embedder.name:
            raise IndexCorruptError(
                f"Chỉ mục được tạo bằng mô hình '{index.embedder_name}', nhưng đang dùng '{embedder.name}'. "
                "Hãy chạy: dancu ingest (hoặc đặt lại DANCU_EMBEDDINGS như lúc lập chỉ mục)."
            )
        composer = ExtractiveComposer(index)
        llm = None
        if self._llm is not None or self.settings.llm:
            from bot.llm import LlmComposer, make_chat_model

            self._llm = self._llm or make_chat_model(self.settings.llm)
            llm = LlmComposer(self._llm, composer)
        return AnswerPipeline(QuestionReader(index.restorer), RequestChecker(index),
                              HybridRetriever(index, embedder, self.settings.top_k, ArticleRanker.load()),
                              EvidenceSelector(index, ArticleRanker.load(CLAUSE_MODEL_PATH)), composer, llm)

    # -- the facade ----------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
               as_of: dt.date | str | None = None) -> Answer:
        """Answer with the law in force on ``as_of`` (a date or 'YYYY-MM-DD'; default today)."""
        started = time.perf_counter()
        day = parse_as_of(as_of)
        if mode not in MODES:
            raise QuestionError(f"Chế độ không hợp lệ: '{mode}'. Dùng 'citizen' (người dân) hoặc 'staff' (cán bộ).")
        text = clean_question(question, self.settings.max_question_chars)
        turns = [self._bounded_turn(t) for t in list(history or [])[-MAX_HISTORY_TURNS:]]
        try:
            result = self._loaded().run(text, turns, mode, day)
        except Exception:
            self._checked = 0.0  # the served store may be gone: look at CURRENT on the next request
            raise
        return result.model_copy(update={"latency_ms": (time.perf_counter() - started) * 1000.0})

    def _bounded_turn(self, turn: Any) -> Any:
        """A history turn with its text cut to the longest question: a follow-up joins the previous user turn
        to the question, so the embedder never works on more than twice DANCU_MAX_QUESTION_CHARS."""
        limit = self.settings.max_question_chars
        if isinstance(turn, Mapping) and isinstance(turn.get("content"), str):
            return {**turn, "content": turn["content"][:limit]}
        if isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            return (turn[0][:limit], *turn[1:])
        if isinstance(turn, str):
            return turn[:limit]
        return turn

    def article_candidates(self, question: str, as_of: dt.date | str | None = None) -> list[dict[str, Any]]:
        """Candidate articles for ``question``, best first, each with the ranker's features and score."""
        text = clean_question(question, self.settings.max_question_chars)
        return self._loaded().candidates(text, parse_as_of(as_of))

    def clause_candidates(self, question: str, as_of: dt.date | str | None = None) -> list[dict[str, Any]]:
        """The khoản of the first-ranked articles for ``question``, each with the clause model's features."""
        text = clean_question(question, self.settings.max_question_chars)
        return self._loaded().clause_candidates(text, parse_as_of(as_of))

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
        """Every wording the article had, one after another (a quote is verbatim when it is in one of them)."""
        return self._loaded().composer.index.all_wordings(so_hieu, number)

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
