"""Ingest speed on the real corpus: cold (fresh data dir), unchanged re-ingest, one changed article.

Everything runs on copies in a temporary folder: the corpus is copied so one article can be edited,
and the data dir is new, so the served index is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import Table, ratio
from core.settings import PROJECT_ROOT, Settings


@dataclass(frozen=True)
class IngestRun:
    label: str
    seconds: float
    chunks: int
    embedded: int
    cached: int
    removed: int

    @property
    def chunks_per_s(self) -> float:
        return self.chunks / self.seconds if self.seconds else float("nan")


def change_one_article(corpus: Path) -> str:
    """Edit the first numbered clause of the first law file in place; returns a description."""
    path = sorted((corpus / "laws").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    body_start = text.index("\n---", 3) + 4
    match = re.compile(r"^(1\. .+)$", re.MULTILINE).search(text, body_start)
    if match is None:
        raise RuntimeError(f"no clause '1. …' in {path}")
    edited = text[: match.end()] + " (câu thêm để đo cập nhật một điều)" + text[match.end():]
    path.write_text(edited, encoding="utf-8")
    return f"{path.name}: khoản 1 of the first article edited"


def _run(settings: Settings, label: str) -> IngestRun:
    from ingest.pipeline import run_ingest

    report = run_ingest(settings)
    return IngestRun(label, report.seconds, report.chunks, report.embedded, report.cached, report.removed)


def _cli_seconds(settings: Settings) -> float:
    env = dict(os.environ, DANCU_DATA_DIR=str(settings.data_dir))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dancu.cli", "ingest", "--quiet", "--json", "--corpus", str(settings.corpus_dir)],
                          capture_output=True, text=True, env=env, cwd=str(PROJECT_ROOT), timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"dancu ingest failed: {proc.stderr[-2000:]}")
    return time.perf_counter() - start


def run_ingest_bench(settings: Settings, cache_from: Path | None = None, workdir: Path | None = None) -> Table:
    tmp = Path(tempfile.mkdtemp(prefix="dancu-bench-ingest-", dir=workdir))
    try:
        corpus = tmp / "corpus"
        shutil.copytree(settings.corpus_dir, corpus)
        data = tmp / "data"
        cold_label = "cold: fresh data dir, every chunk embedded"
        if cache_from is not None:
            (data / "cache").mkdir(parents=True)
            shutil.copy(cache_from, data / "cache" / "embeddings.sqlite")
            cold_label = "cold: fresh data dir, embedding cache copied in"
        s = settings.with_(data_dir=data, corpus_dir=corpus)
        runs = [_run(s, cold_label), _run(s, "re-ingest, corpus unchanged (in-process)")]
        unchanged_cli = _cli_seconds(s)
        what = change_one_article(corpus)
        runs.append(_run(s, "one article changed"))
        runs.append(_run(s, "re-ingest after that change, unchanged"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    cold = runs[0]
    rows = [(r.label, f"{r.seconds:.2f}", f"{r.chunks_per_s:.1f}", str(r.chunks), str(r.embedded), str(r.cached), str(r.removed),
             ratio(r.seconds, cold.seconds)) for r in runs]
    rows.insert(2, ("re-ingest, corpus unchanged: `dancu ingest` process wall time", f"{unchanged_cli:.2f}", "—",
                    str(cold.chunks), "0", str(cold.chunks), "0", ratio(unchanged_cli, cold.seconds)))
    return Table(
        "Ingest of the real corpus",
        ("run", "seconds", "chunks/s", "chunks", "embedded", "cached", "removed", "time vs cold"),
        tuple(rows),
        (f"Embedder: {settings.embeddings}, threads={settings.threads}. Change made: {what}.",
         "'seconds' is IngestReport.seconds (in-process, excludes Python start-up and imports) except the CLI row.",
         "Target: re-ingest ≤ 5 s."),
    )
