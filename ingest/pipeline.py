"""`dancu ingest`: corpus -> chunks -> embeddings (cached) -> a new index generation -> switch."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from core.errors import CorpusError, IndexCorruptError
from core.settings import Settings
from ingest import index_layout as layout
from core.chunk import Chunk
from core.diacritics import DiacriticRestorer
from ingest.chunking import corpus_chunks
from ingest.corpus import Corpus, CorpusProblem, load_corpus
from ingest.embedding_cache import EmbeddingCache, embed_with_cache
from ingest.embeddings import Embedder, make_embedder
from ingest.qa_pages import extra_chunks_warning, read_qa_dir
from ingest.question_bank import load_question_bank
from ingest.stores import BM25Index, chroma_client, create_collection

log = logging.getLogger(__name__)
EMBED_BATCH = 16
ProgressFactory = Callable[[int, str], "Progress"]


class Progress:
    """Minimal progress sink; the CLI passes a tqdm bar, tests pass nothing."""

    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class IngestReport:
    documents: int
    articles: int
    chunks: int
    embedded: int
    cached: int
    removed: int
    seconds: float
    generation: str
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, int | float]:
        return {
            "documents": self.documents,
            "articles": self.articles,
            "chunks": self.chunks,
            "embedded": self.embedded,
            "cached": self.cached,
            "removed": self.removed,
            "seconds": round(self.seconds, 3),
        }


def _validate_faq_cites(corpus: Corpus) -> None:
    """An FAQ entry must cite articles the corpus holds; otherwise it is dropped and reported."""
    for entry in list(corpus.faqs):
        missing = [
            f"Điều {c.article} {c.so_hieu}"
            for c in entry.cites
            if (doc := corpus.law(c.so_hieu)) is None
            or (art := doc.article(c.article)) is None
            or (c.clause is not None and art.clause(c.clause) is None)
        ]
        if missing:
            corpus.problems.append(CorpusProblem(entry.path, 2, f"dẫn tới {', '.join(missing)} không có trong kho văn bản"))
            corpus.faqs.remove(entry)


def _signature(chunks: Sequence[Chunk], embedder_name: str, documents_json: str) -> str:
    """Changes when any chunk, any document's metadata or the embedding model changes."""
    digest = hashlib.sha256(embedder_name.encode())
    digest.update(documents_json.encode())
    for chunk in sorted(chunks, key=lambda c: c.id):
        digest.update(f"{chunk.id}\x1f{chunk.content_hash}\x1e".encode())
    return digest.hexdigest()


def _embed_missing(
    chunks: Sequence[Chunk], embedder: Embedder, cache: EmbeddingCache, progress: ProgressFactory | None
) -> tuple[dict[str, np.ndarray], int, int]:
    vectors, embedded = embed_with_cache([c.text for c in chunks], embedder, cache, progress, batch=EMBED_BATCH)
    return {c.id: v for c, v in zip(chunks, vectors)}, embedded, len(chunks) - embedded


def _previous_ids(settings: Settings, generation: str | None) -> set[str]:
    if generation is None:
        return set()
    try:
        return set(layout.read_manifest(settings.index_dir, generation)["chunk_hashes"])
    except (IndexCorruptError, KeyError):
        return set()


def _probe_store(settings: Settings) -> None:
    """Write, read and drop a scratch collection: a store can list collections yet fail on writes."""
    client = chroma_client(settings)
    client.list_collections()
    name = f"dancu-probe-{uuid.uuid4().hex[:8]}"
    probe = create_collection(client, name, settings)
    try:
        probe.add(ids=["probe"], embeddings=[[1.0, 0.0, 0.0]], documents=["probe"])
        probe.query(query_embeddings=[[1.0, 0.0, 0.0]], n_results=1)
    finally:
        client.delete_collection(name)


def _reset_store_if_broken(settings: Settings) -> None:
    """--rebuild: a local Chroma store that fails a write/read probe is set aside and a fresh one made."""
    if settings.chroma_host or not settings.chroma_dir.exists():
        return
    try:
        _probe_store(settings)
    except Exception as exc:  # a corrupt sqlite file surfaces as several exception types
        from chromadb.api.shared_system_client import SharedSystemClient

        aside = settings.chroma_dir.with_name(f"chroma.corrupt-{int(time.time())}")
        log.warning("Kho Chroma hỏng (%s); chuyển sang %s và tạo kho mới.", exc, aside.name)
        settings.chroma_dir.rename(aside)
        SharedSystemClient.clear_system_cache()  # chromadb caches the broken client per path


def _write_generation(settings: Settings, generation: str, chunks: list[Chunk], vectors: dict[str, np.ndarray],
                      corpus: Corpus, documents_json: str, signature: str, embedder_name: str,
                      progress: ProgressFactory | None) -> None:
    index_dir = settings.index_dir
    tmp = index_dir / f"{generation}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "chunks.jsonl").write_text("\n".join(c.to_json() for c in chunks) + "\n", encoding="utf-8")
    (tmp / "documents.json").write_text(documents_json, encoding="utf-8")
    BM25Index.build([c.text for c in chunks]).save(tmp / "bm25")
    # learnt once here, loaded with the index (rebuilding it at every start cost 95% of loading at 100k chunks)
    restorer = DiacriticRestorer(c.text for c in chunks if c.kind in ("law", "faq") and not c.valid_to)
    (tmp / "restorer.json").write_text(restorer.to_json(), encoding="utf-8")

    client = chroma_client(settings)
    name = layout.collection_name(generation)
    collection = create_collection(client, name, settings)
    bar = progress(len(chunks), "Ghi vào Chroma") if progress else Progress()
    for start in range(0, len(chunks), 256):
        part = chunks[start : start + 256]
        collection.add(
            ids=[c.id for c in part],
            embeddings=[vectors[c.id].tolist() for c in part],
            documents=[c.text for c in part],
            metadatas=[c.metadata() for c in part],
        )
        bar.update(len(part))
    bar.close()
    manifest = {
        "generation": generation,
        "signature": signature,
        "embedder": embedder_name,
        "collection": name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "documents": len(corpus.laws),
        "articles": sum(len(d.articles) for d in corpus.laws),
        "chunks": len(chunks),
        "chunk_hashes": {c.id: c.content_hash for c in chunks},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.rename(index_dir / generation)


def _collect_garbage(settings: Settings, keep: set[str]) -> None:
    """Delete generations (and their collections) other than the served one, its predecessor and those a
    running server holds (a live lease, see index_layout.leased_generations)."""
    index_dir = settings.index_dir
    keep = keep | layout.leased_generations(index_dir)
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.startswith("gen-") and path.name not in keep:
            layout.remove_generation_dir(index_dir, path.name)
    try:
        client = chroma_client(settings)
        for col in client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith("dancu-gen-") and name.removeprefix("dancu-") not in keep:
                client.delete_collection(name)
    except Exception as exc:  # cleanup must never fail an ingest that already switched
        log.warning("Không dọn được collection cũ: %s", exc)


def run_ingest(
    settings: Settings,
    *,
    rebuild: bool = False,
    strict: bool = False,
    progress: ProgressFactory | None = None,
    embedder: Embedder | None = None,
) -> IngestReport:
    started = time.perf_counter()
    corpus = load_corpus(settings.corpus_dir)
    _validate_faq_cites(corpus)
    external = [block for folder in settings.extra_dirs for block in read_qa_dir(Path(folder))]
    bank, bank_problems = load_question_bank(settings.corpus_dir / "questions", {d.so_hieu: d for d in corpus.laws})
    problems = tuple(str(p) for p in corpus.problems) + tuple(f"{p.path}: {p.message}" for p in bank_problems)
    for problem in problems:
        log.warning("Bỏ qua: %s", problem)
    if problems and strict:
        raise CorpusError("Kho văn bản có tệp lỗi (--strict):\n" + "\n".join(problems))
    chunks = corpus_chunks(corpus, external, bank)
    if warning := extra_chunks_warning(sum(c.kind == "faq_external" for c in chunks)):
        log.warning(warning)
    if not corpus.laws or not chunks:
        raise CorpusError(
            f"Không có văn bản nào để lập chỉ mục trong {settings.corpus_dir}. "
            "Hãy thêm tệp .md vào corpus/laws/ (xem corpus/README.md)."
        )
    embedder = embedder or make_embedder(settings.embeddings, settings.threads)
    documents_json = layout.documents_to_json(corpus.laws)
    signature = _signature(chunks, embedder.name, documents_json)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    try:
        previous = layout.current_generation(settings.index_dir)
    except IndexCorruptError as exc:
        log.warning("%s — tạo chỉ mục mới.", exc)
        previous = None
    counts = dict(documents=len(corpus.laws), articles=sum(len(d.articles) for d in corpus.laws), chunks=len(chunks))

    if rebuild:
        _reset_store_if_broken(settings)
    elif previous and _is_intact(settings, previous, signature):
        return IngestReport(**counts, embedded=0, cached=len(chunks), removed=0,
                            seconds=time.perf_counter() - started, generation=previous, problems=problems)

    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
    try:
        vectors, embedded, cached = _embed_missing(chunks, embedder, cache, progress)
    finally:
        cache.close()
    # Unique even for two rebuilds of the same corpus within one second.
    generation = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{signature[:8]}-{uuid.uuid4().hex[:6]}"
    _write_generation(settings, generation, chunks, vectors, corpus, documents_json, signature, embedder.name, progress)
    layout.set_current(settings.index_dir, generation)
    removed = len(_previous_ids(settings, previous) - {c.id for c in chunks})
    _collect_garbage(settings, keep={generation} | ({previous} if previous else set()))
    return IngestReport(**counts, embedded=embedded, cached=cached, removed=removed,
                        seconds=time.perf_counter() - started, generation=generation, problems=problems)


def _is_intact(settings: Settings, generation: str, signature: str) -> bool:
    """The served generation matches this corpus and its stores open: nothing to do."""
    try:
        manifest = layout.read_manifest(settings.index_dir, generation)
        if manifest.get("signature") != signature:
            return False
        client = chroma_client(settings)
        from ingest.stores import get_collection

        if get_collection(client, manifest["collection"], settings).count() != manifest["chunks"]:
            return False
        BM25Index.load(settings.index_dir / generation / "bm25")
        return (settings.index_dir / generation / "chunks.jsonl").is_file()
    except Exception as exc:
        log.info("Chỉ mục hiện tại không dùng lại được (%s); tạo lại.", exc)
        return False
