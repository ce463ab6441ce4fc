"""Answer latency: warm p50/p95 (ours vs the naive RAG baseline, same run), cold start, peak memory.

Warm: models and index loaded, each dev question asked once (the query embedding is computed), then
the same questions again (answered with the in-process query-embedding cache). Cold start and memory
are measured in child processes so that each starts from nothing: process start -> first answer.
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from benchmarks.report import Table, mib, ms, percentile, ratio
from core.errors import UserError
from core.settings import PROJECT_ROOT, Settings

Answerer = Callable[[str], Any]


class NaiveUnavailable(Exception):
    """The naive baseline (evals/naive.py) cannot be built in this checkout."""


def naive_answerer(settings: Settings) -> tuple[Answerer, Callable[[], None]]:
    """The naive LangChain RAG of ``evals/naive.py`` (imported lazily), warmed up: (answer, clear query cache)."""
    try:
        naive = importlib.import_module("evals.naive")
    except ImportError as exc:
        raise NaiveUnavailable(f"evals/naive.py is not available ({exc})") from None
    rag = naive.NaiveRag.from_settings(settings)
    rag.warm_up()  # split, embed (cached) and index the corpus in its in-memory Chroma
    return rag.answer, rag.reset


def ours_answerer(settings: Settings) -> tuple[Answerer, Any]:
    from bot import AnswerService

    service = AnswerService(settings)
    service.warm_up()
    return service.answer, service


@dataclass(frozen=True)
class Pass:
    times_ms: tuple[float, ...]
    errors: int

    @property
    def p50(self) -> float:
        return percentile(self.times_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)


def timed_passes(answerers: Sequence[Answerer], questions: Sequence[str]) -> list[Pass]:
    """One pass over the questions for each answerer, interleaved question by question, so that a
    change in the machine's load during the run affects every system alike."""
    times: list[list[float]] = [[] for _ in answerers]
    errors = [0 for _ in answerers]
    for question in questions:
        for i, answer in enumerate(answerers):
            start = time.perf_counter()
            try:
                answer(question)
            except UserError:
                errors[i] += 1
                continue
            times[i].append((time.perf_counter() - start) * 1000)
    return [Pass(tuple(t), e) for t, e in zip(times, errors)]


def summary(ours: Pass, naive: Pass | None) -> dict[str, float | None]:
    """The contract's one-line latency summary (first pass: every question embedded afresh), from one run."""
    def rounded(value: float | None) -> float | None:
        return None if value is None or value != value else round(value, 1)

    ours_p50, naive_p50 = ours.p50, (naive.p50 if naive else None)
    return {"ours_p50_ms": rounded(ours_p50), "naive_p50_ms": rounded(naive_p50), "ours_p95_ms": rounded(ours.p95),
            "naive_p95_ms": rounded(naive.p95 if naive else None),
            "ratio_p50": round(ours_p50 / naive_p50, 3) if naive_p50 else None}


def warm_table(questions: Sequence[str], ours: tuple[Pass, Pass], naive: tuple[Pass, Pass] | str) -> Table:
    rows = []
    labels = ("first time each question (query embedded)", "repeated question (query-embedding cache)")
    for label, mine, theirs in zip(labels, ours, naive if not isinstance(naive, str) else (None, None)):
        rows.append(("ours", label, ms(mine.p50), ms(mine.p95), str(len(mine.times_ms)), str(mine.errors), "1.00×"))
        if theirs is not None:
            rows.append(("naive RAG", label, ms(theirs.p50), ms(theirs.p95), str(len(theirs.times_ms)), str(theirs.errors),
                         ratio(theirs.p50, mine.p50)))
    notes = [f"{len(questions)} questions from evals/data/dev.jsonl, asked one after another in one warm process.",
             "Ratio column: p50 of that row divided by ours p50 for the same pass. The systems take turns question by question.", "Target: ours p50 ≤ 40 ms warm on 2 cores."]
    if isinstance(naive, str):
        notes.append(f"Naive baseline not measured: {naive}")
    return Table("Warm answer latency (ms)", ("system", "pass", "p50 ms", "p95 ms", "answers", "user errors", "p50 ratio"),
                 tuple(rows), tuple(notes))


# -- cold start and memory, in child processes ------------------------------------------------------
_CHILD = r"""
import json, os, sys, time
T0 = float(os.environ["DANCU_BENCH_T0"])
marks = {"python_ready": time.time() - T0}
which = sys.argv[1]
questions = json.loads(sys.stdin.read())
from benchmarks.report import peak_rss_bytes
from core.settings import Settings, apply_offline_env
apply_offline_env()
settings = Settings.from_env()
if which == "ours":
    import bot.pipeline, bot.index, bot.retrieval, ingest.stores, chromadb  # what loading the pipeline imports
    marks["imports_done"] = time.time() - T0
    from bot import AnswerService
    service = AnswerService(settings)
    service.load()
    marks["index_loaded"] = time.time() - T0
    answer = service.answer
    def clear():
        service.clear_query_cache()
else:
    from benchmarks.latency import naive_answerer
    answer, clear = naive_answerer(settings)
    marks["index_loaded"] = time.time() - T0
answer(questions[0])
marks["first_answer"] = time.time() - T0
rss_first = peak_rss_bytes()
for q in questions:
    try:
        answer(q)
    except Exception as exc:
        if type(exc).__name__ not in ("QuestionError", "UserError"):
            raise
rss_all = peak_rss_bytes()
import tracemalloc
clear()
tracemalloc.start()
for q in questions:
    try:
        answer(q)
    except Exception:
        pass
traced_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print("BENCH " + json.dumps({"marks": marks, "rss_first": rss_first, "rss_all": rss_all, "traced_peak": traced_peak}))
"""


def cold_child(which: str, settings: Settings, questions: Sequence[str]) -> dict[str, Any]:
    env = dict(os.environ, DANCU_DATA_DIR=str(settings.data_dir), DANCU_EMBEDDINGS=settings.embeddings,
               PYTHONPATH=str(PROJECT_ROOT))
    env["DANCU_BENCH_T0"] = repr(time.time())
    proc = subprocess.run([sys.executable, "-c", _CHILD, which], input=json.dumps(list(questions)), capture_output=True,
                          text=True, env=env, cwd=str(PROJECT_ROOT), timeout=3600)
    wall = time.time() - float(env["DANCU_BENCH_T0"])
    line = next((l for l in proc.stdout.splitlines() if l.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"cold-start child ({which}) failed: {proc.stderr[-3000:]}")
    result = json.loads(line[6:])
    result["wall"] = wall
    return result


def cli_cold_start(settings: Settings, question: str, repeat: int) -> list[float]:
    """Wall seconds of `dancu ask --json QUESTION` in a fresh process (what a shell user waits)."""
    env = dict(os.environ, DANCU_DATA_DIR=str(settings.data_dir), DANCU_EMBEDDINGS=settings.embeddings)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "dancu.cli", "ask", "--json", question], capture_output=True,
                              text=True, env=env, cwd=str(PROJECT_ROOT), timeout=600)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"dancu ask failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return times


def cold_table(ours: dict[str, Any], naive: dict[str, Any] | str, cli_times: list[float]) -> Table:
    def rows_for(name: str, r: dict[str, Any], base: dict[str, Any] | None) -> list[tuple[str, ...]]:
        m = r["marks"]

        def rat(key: str, value: float) -> str:
            return ratio(value, base["marks"][key]) if base else "1.00×"

        rows = [(name, "python running (interpreter start)", f"{m['python_ready']:.2f} s", rat("python_ready", m["python_ready"]))]
        if "imports_done" in m:
            rows.append((name, "imports done (langchain, chromadb, bm25s, bot)", f"{m['imports_done']:.2f} s", "—"))
        return rows + [
            (name, "index + retriever loaded", f"{m['index_loaded']:.2f} s", rat("index_loaded", m["index_loaded"])),
            (name, "first answer returned (model loaded lazily)", f"{m['first_answer']:.2f} s", rat("first_answer", m["first_answer"])),
            (name, "peak RSS after first answer", f"{mib(r['rss_first'])} MiB",
             ratio(r["rss_first"], base["rss_first"]) if base else "1.00×"),
            (name, "peak RSS after all dev questions", f"{mib(r['rss_all'])} MiB",
             ratio(r["rss_all"], base["rss_all"]) if base else "1.00×"),
            (name, "tracemalloc peak (Python heap) over all dev questions", f"{mib(r['traced_peak'])} MiB",
             ratio(r["traced_peak"], base["traced_peak"]) if base else "1.00×"),
        ]

    rows = rows_for("ours", ours, None)
    notes = ["Times from the parent's clock just before the child process was started (process start -> event).",
             "Peak RSS = VmHWM of the child (/proc/self/status); tracemalloc counts Python allocations "
             "only (not the C engine, Chroma's Rust core or numpy buffers from C)."]
    if isinstance(naive, str):
        notes.append(f"Naive baseline not measured: {naive}")
    else:
        rows += rows_for("naive RAG", naive, ours)
    if cli_times:
        rows.append(("ours", f"`dancu ask --json` wall time, median of {len(cli_times)}", f"{statistics.median(cli_times):.2f} s",
                     f"min {min(cli_times):.2f} s"))
    return Table("Cold start and memory", ("system", "event", "value", "ratio to ours"), tuple(rows), tuple(notes))
