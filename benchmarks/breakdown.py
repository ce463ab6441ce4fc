"""Where the time of one answer goes: the stages report their own milliseconds (``Answer.timings``).

Each question is asked once with the query-embedding cache cleared, so the embedding is paid every time.
Nothing is patched: the numbers are what the pipeline measured around its own stages.
"""

from __future__ import annotations

from typing import Any, Sequence

from benchmarks.report import Table, ms, percentile
from core.errors import UserError

# (stage key in Answer.timings, label) in the order they run.
STAGES = (
    ("read", "read: injection strip, follow-up, normalise, restore diacritics, classify, references"),
    ("check", "check: request rules + article lookups"),
    ("embed_query", "retrieve: query embedding (not cached)"),
    ("dense_search", "retrieve: Chroma query, top 50 (ids + distances)"),
    ("lexical_rank", "retrieve: BM25, fusion, article ranking"),
    ("select", "select evidence (+ quote check)"),
    ("compose", "compose: conclusion + Markdown"),
)


def measure(service: Any, questions: Sequence[str]) -> tuple[list[dict[str, float]], list[float]]:
    """Per-question stage milliseconds and each answer's total latency (ms)."""
    per_question: list[dict[str, float]] = []
    totals: list[float] = []
    for question in questions:
        service.clear_query_cache()
        try:
            answer = service.answer(question)
        except UserError:
            continue
        per_question.append(dict(answer.timings))
        totals.append(answer.latency_ms)
    return per_question, totals


def breakdown_table(per_question: list[dict[str, float]], totals: list[float]) -> Table:
    n = len(per_question)
    mean_total = sum(totals) / n if n else float("nan")
    rows = []
    accounted = 0.0
    for key, label in STAGES:
        values = [q[key] for q in per_question if key in q]
        mean = sum(values) / n if n else float("nan")
        accounted += mean if n else 0.0
        rows.append((label, f"{len(values)}/{n}", ms(mean, 2), ms(percentile(values, 50), 2), ms(percentile(values, 95), 2),
                     f"{100 * mean / mean_total:.0f}%" if n and mean_total else "—"))
    rows.append(("answer total (AnswerService.answer)", f"{n}/{n}", ms(mean_total, 2), ms(percentile(totals, 50), 2),
                 ms(percentile(totals, 95), 2), "100%"))
    return Table(
        "Where the time of one answer goes (warm process, each question asked once, embedding not cached)",
        ("stage", "ran in", "mean ms per answer", "p50 ms (when run)", "p95 ms (when run)", "share of mean total"),
        tuple(rows),
        ("Stage times are reported by the pipeline itself (Answer.timings); refused questions skip later stages.",
         f"Unaccounted (validation, model copies): {ms(mean_total - accounted, 2)} ms per answer."),
    )
