"""Small test helpers: a deterministic embedder and a tiny corpus built from the real one."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Sequence

import numpy as np

from core.settings import DEFAULT_CORPUS


class HashEmbedder:
    """Deterministic vectors from a hash of the text: exact, repeatable, and counts its calls."""

    def __init__(self, dim: int = 32) -> None:
        self.name = f"hash-{dim}"
        self.dim = dim
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        if role == "passage":
            self.embedded += list(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.stack(rows) if rows else np.zeros((0, self.dim), np.float32)


def small_corpus(dest: Path, laws: Sequence[str] = ("tt-46-2022-bca",), faqs: Sequence[str] = ("faq-001", "faq-002", "faq-003")) -> Path:
    """A copy of part of the real corpus (real text, fewer chunks)."""
    (dest / "laws").mkdir(parents=True)
    (dest / "faq").mkdir(parents=True)
    for name in laws:
        shutil.copy(DEFAULT_CORPUS / "laws" / f"{name}.md", dest / "laws")
    for name in faqs:
        shutil.copy(DEFAULT_CORPUS / "faq" / f"{name}.md", dest / "faq")
    return dest
