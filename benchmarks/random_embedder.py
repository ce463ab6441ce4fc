"""A stand-in for the embedding model at sizes the real model cannot embed in time on 2 cores.

Each text gets a fixed random unit vector: a normal draw seeded by the text's hash, normalised. The
same text always gets the same vector (so the embedding cache and re-ingest behave as with a model),
and a vector costs microseconds. Ranking quality on the dense side is meaningless with these vectors:
they measure the cost of storing and searching vectors, not the quality of retrieval. Tables say so.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np

DIM = 384


class RandomUnitEmbedder:
    """Implements the ``Embedder`` protocol with seeded random unit vectors (no model)."""

    def __init__(self, dim: int = DIM, seed: int = 0) -> None:
        if dim <= 0:
            raise ValueError(f"dim must be > 0, got {dim}")
        self.name = f"random-unit:{dim}:{seed}"
        self.dim = dim
        self._seed = seed

    def vector(self, text: str, role: str) -> np.ndarray:
        digest = hashlib.blake2b(f"{self._seed}\x1f{role}\x1f{text}".encode("utf-8"), digest_size=8).digest()
        v = np.random.default_rng(int.from_bytes(digest, "little")).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.vector(t, role) for t in texts])
