"""Small test helpers: a deterministic embedder, a tiny corpus built from the real one, a `chroma run` server."""

from __future__ import annotations

import functools
import hashlib
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

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


@functools.lru_cache(maxsize=1)
def parsed_corpus():
    """The real corpus files, parsed once per test process (no embeddings)."""
    from ingest.corpus import load_corpus

    return load_corpus(DEFAULT_CORPUS)


@functools.lru_cache(maxsize=1)
def parsed_index():
    """The real corpus parsed and chunked, in a ``LoadedIndex`` without BM25 or Chroma.

    What the stages after retrieval read (``documents``, ``article``, ``chunks``): the evidence selector, the
    request checker and the composer run on it exactly as on a built index, in milliseconds.
    """
    import dataclasses

    from bot.index import LoadedIndex
    from ingest.chunking import corpus_chunks

    corpus = parsed_corpus()
    values = {"generation": "parsed", "embedder_name": "none", "chunks": corpus_chunks(corpus),
              "documents": {d.so_hieu: d for d in corpus.laws}}
    # the search structures (BM25, Chroma, the diacritic restorer…) are not read after retrieval: None
    for f in dataclasses.fields(LoadedIndex):
        if f.name not in values and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            values[f.name] = None
    return LoadedIndex(**values)


def chunk(chunk_id: str):
    """A real chunk of the parsed corpus by its id ('tt-46-2022-bca:d3:k2', 'faq:faq-001')."""
    found = [c for c in parsed_index().chunks if c.id == chunk_id]
    assert len(found) == 1, f"no single chunk {chunk_id!r} in the corpus"
    return found[0]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(proc: subprocess.Popen, timeout_s: float = 30) -> None:
    """Terminate, and kill what does not exit within ``timeout_s``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def uvicorn_in_thread(app: Any, start_timeout_s: float = 20, stop_timeout_s: float = 10, **config: Any) -> Iterator[str]:
    """An ASGI app served by uvicorn in a daemon thread on a free loopback port: yields its base URL
    ('http://127.0.0.1:PORT') once started; asked to exit on leaving."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    try:
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=stop_timeout_s)


@contextmanager
def running_chroma(path: Path, timeout_s: float = 60) -> Iterator[int]:
    """A real `chroma run` server storing under ``path``, on a free loopback port: yields the port once it
    accepts connections; stopped on leaving."""
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chroma run did not start on port {port} (exit {server.poll()})") from None
                time.sleep(0.3)
        yield port
    finally:
        stop_process(server)
