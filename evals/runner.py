"""Run the systems over a dataset in one process and score every answer.

Runs are named ``<system>/<variant>``: system ``ours`` (the bot) or ``naive`` (the baseline), variant
``accented`` (the questions as written) or ``unaccented`` (the same questions with diacritics stripped).
The runs are interleaved question by question, so their latencies are measured under the same machine load.
"""

from __future__ import annotations

import json
import logging
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from core.errors import UserError
from core.settings import PROJECT_ROOT, Settings
from evals.amended_gold import read_as_amended
from evals.dataset import Dataset, EvalQuestion
from evals.metrics import ArticleText, QuestionScore, score_question, summarise, summarise_by_type
from evals.outputs import SystemOutput, from_answer

log = logging.getLogger(__name__)
SYSTEMS = ("ours", "naive")
VARIANTS = ("accented", "unaccented")
Progress = Callable[[str, int], Any]  # (run name, total) -> object with update(n) and close()


class System(Protocol):
    def answer(self, question: str) -> SystemOutput: ...


class OursSystem:
    """The bot behind ``AnswerService`` seen as a System."""

    def __init__(self, service: Any, mode: str = "citizen") -> None:
        self.service = service
        self.mode = mode

    def reset(self) -> None:
        """Forget cached query embeddings, so every answer pays for its own (see ``run_systems``)."""
        self.service.clear_query_cache()

    def answer(self, question: str, as_of: str | None = None) -> SystemOutput:
        """``as_of``: the date the question is asked about (a dataset's optional ``as_of`` field)."""
        started = time.perf_counter()
        try:
            return from_answer(self.service.answer(question, mode=self.mode, as_of=as_of))
        except UserError as exc:
            return SystemOutput(latency_ms=(time.perf_counter() - started) * 1000.0, error=str(exc))


@dataclass(frozen=True)
class Record:
    question: EvalQuestion
    output: SystemOutput
    score: QuestionScore

    def to_dict(self, run: str) -> dict[str, Any]:
        return {"run": run, **self.question.to_dict(), "output": self.output.to_dict(), "score": self.score.to_dict()}


@dataclass
class EvalResult:
    dataset: Dataset
    runs: dict[str, list[Record]]
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, run: str) -> list[QuestionScore]:
        return [r.score for r in self.runs.get(run, [])]

    def summary(self, run: str) -> dict[str, Any]:
        return summarise(self.scores(run))

    def by_type(self, run: str) -> dict[str, dict[str, Any]]:
        return summarise_by_type(self.scores(run))


def run_systems(systems: dict[str, System], variants: dict[str, Dataset], article_text: ArticleText,
                progress: Any = None) -> dict[str, list[Record]]:
    """Every system on every variant of every question, interleaved question by question, so that all runs
    meet the same machine load; cached query embeddings are dropped before each answer, so no run profits
    from another (an unaccented question restored to its accented form would hit the accented run's cache)."""
    records: dict[str, list[Record]] = {f"{name}/{variant}": [] for variant in variants for name in systems}
    sizes = {len(d) for d in variants.values()}
    if len(sizes) != 1:
        raise ValueError(f"variants must hold the same questions, got sizes {sorted(sizes)}")
    for i in range(sizes.pop()):
        for variant, dataset in variants.items():
            question = dataset.questions[i]
            for name, system in systems.items():
                if hasattr(system, "reset"):
                    system.reset()
                as_of = question.extra.get("as_of")
                # only our system reads the law as of a date; the naive baseline has no notion of it
                output = system.answer(question.question, as_of=as_of) if as_of and isinstance(system, OursSystem) \
                    else system.answer(question.question)
                records[f"{name}/{variant}"].append(Record(question, output, score_question(question, output, article_text)))
        if progress is not None:
            progress.update(1)
    if progress is not None:
        progress.close()
    return records


def _git_state() -> dict[str, Any]:
    """The commit evaluated, and whether tracked code differed from it (uncommitted changes)."""
    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5)
            return out.stdout.rstrip("\n") if out.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            return None

    changed = git("status", "--porcelain", "--untracked-files=no", "--", "bot", "ingest", "dancu", "corpus")
    return {"commit": (git("rev-parse", "--short", "HEAD") or "").strip() or None,
            "uncommitted_changes": sorted(line[3:] for line in changed.splitlines() if line.strip()) if changed else []}


def _swap(progress: Progress | None):
    """The runner's (label, total) progress factory as ingest's (total, label) one."""
    return (lambda total, label: progress(label, total)) if progress else None


def run_eval(dataset: Dataset, settings: Settings, *, baseline: str | None = "naive", unaccented: bool = True,
             service: Any = None, naive: Any = None, progress: Progress | None = None) -> EvalResult:
    """Ours (and the naive baseline) on the questions as written (and without diacritics)."""
    if baseline not in (None, "naive"):
        raise ValueError(f"baseline must be 'naive' or None, got {baseline!r}")
    if service is None:
        from bot import AnswerService

        service = AnswerService(settings)
    service.warm_up()
    dataset = read_as_amended(dataset, service.documents)  # an amending khoản named as gold is the khoản it rewrites
    systems: dict[str, System] = {"ours": OursSystem(service)}
    own_naive = baseline == "naive" and naive is None
    if own_naive:
        from evals.naive import NaiveRag

        naive = NaiveRag.from_settings(settings, progress=_swap(progress))
    variants = {"accented": dataset}
    if unaccented:
        variants["unaccented"] = dataset.unaccented()
    article_text = service.article_text
    started = time.time()
    runs: dict[str, list[Record]] = {}
    try:
        if baseline == "naive":
            naive.warm_up()
            systems["naive"] = naive
        bar = progress(f"{'+'.join(systems)} × {'+'.join(variants)}", len(dataset)) if progress else None
        runs = run_systems(systems, variants, article_text, bar)
    finally:
        if own_naive:
            naive.close()
    index = service.index_info
    meta = {
        "dataset": dataset.name,
        "dataset_path": str(dataset.path) if dataset.path else None,
        "questions": len(dataset),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "seconds": round(time.time() - started, 1),
        "embedder": index["embedder"],
        "index_generation": index["generation"],
        "top_k": settings.top_k,
        "llm": settings.llm,
        **_git_state(),
        "baseline": baseline,
        "variants": list(variants),
    }
    if baseline == "naive":
        meta["naive"] = {"chunks": len(naive.chunks) if hasattr(naive, "chunks") else None,
                         "chunk_size": getattr(naive, "chunk_size", None), "chunk_overlap": getattr(naive, "chunk_overlap", None)}
    return EvalResult(dataset, runs, meta)


def write_answers(result: EvalResult, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for run, records in result.runs.items():
            for record in records:
                fh.write(json.dumps(record.to_dict(run), ensure_ascii=False) + "\n")
