"""Embedding cache in SQLite, keyed by (model, sha256 of the text).

Written after every batch, so an ingest killed mid-way keeps what it had embedded.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from core.chunk import text_hash
from ingest.embeddings import Embedder

ProgressFactory = Callable[[int, str], Any]  # (total, label) -> a bar with update(n) and close()

log = logging.getLogger(__name__)


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS embeddings ("
                "model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL, "
                "PRIMARY KEY (model, text_hash))"
            )
            conn.execute("SELECT count(*) FROM embeddings").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            # A cache is only a cache: set the broken file aside and start empty.
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            log.warning("Bộ đệm embedding hỏng (%s); chuyển sang %s và tạo mới.", exc, aside.name)
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            return self._open()

    def get_many(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model=? AND text_hash IN ({marks})", [model, *part]
            )
            for text_hash, blob in rows:
                found[text_hash] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO embeddings (model, text_hash, vector) VALUES (?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

    def close(self) -> None:
        self._conn.close()


def embed_with_cache(texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache | None,
                     progress: ProgressFactory | None = None, batch: int = 16, label: str = "Tạo embedding"
                     ) -> tuple[list[np.ndarray], int]:
    """Passage vectors for ``texts`` (one per text, in order) and how many texts were not in the cache.

    Identical texts are embedded once; every batch is saved as soon as it is computed, so a killed run loses at
    most one batch. The ingest and the naive baseline both embed through here.
    """
    if batch <= 0:
        raise ValueError(f"batch must be > 0, got {batch}")
    hashes = [text_hash(t) for t in texts]
    found = cache.get_many(embedder.name, hashes) if cache is not None else {}
    missing = sum(1 for h in hashes if h not in found)
    todo = list(dict((h, t) for h, t in zip(hashes, texts) if h not in found).items())
    bar = progress(len(todo), label) if (progress and todo) else None
    for start in range(0, len(todo), batch):
        part = todo[start : start + batch]
        fresh = dict(zip((h for h, _ in part), embedder.embed([t for _, t in part], "passage")))
        if cache is not None:
            cache.put_many(embedder.name, fresh)
        found.update(fresh)
        if bar is not None:
            bar.update(len(part))
    if bar is not None:
        bar.close()
    return [np.asarray(found[h], dtype=np.float32) for h in hashes], missing
