"""Benchmark results as Markdown tables, plus the small statistics every benchmark shares."""

from __future__ import annotations

import math
import os
import platform
import time
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from evals.metrics import percentile as metrics_percentile


@dataclass(frozen=True)
class Table:
    """One result table: a title, column headers, rows of already formatted cells, and notes."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"row has {len(row)} cells, table '{self.title}' has {len(self.headers)} columns: {row}")

    def to_markdown(self) -> str:
        def line(cells: Iterable[str]) -> str:
            return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

        out = [f"### {self.title}", "", line(self.headers), "|" + "|".join("---" for _ in self.headers) + "|"]
        out += [line(row) for row in self.rows]
        if self.notes:
            out.append("")
            out += [f"- {note}" for note in self.notes]
        return "\n".join(out) + "\n"


def percentile(values: Sequence[float], q: float) -> float:
    """numpy's percentile (linear interpolation, q in 0..100); NaN for no values (tables show '—')."""
    value = metrics_percentile(values, q)
    return math.nan if value is None else value


def ms(value: float, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def ratio(value: float, baseline: float) -> str:
    if value is None or baseline is None or math.isnan(value) or math.isnan(baseline) or baseline == 0:
        return "—"
    return f"{value / baseline:.2f}×"


def mib(n_bytes: float) -> str:
    return f"{n_bytes / (1024 * 1024):.1f}"


def dir_size(path: os.PathLike | str) -> int:
    """Bytes used by the files under ``path`` (0 when it does not exist)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def peak_rss_bytes() -> int:
    """This process's peak resident memory.

    /proc/self/status VmHWM where there is one: unlike ``ru_maxrss``, it is not inherited from the parent
    process across fork + exec, so a child started by a big benchmark process reports its own peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class MachineContext:
    """What the machine was doing while a benchmark ran: numbers are only comparable within one run."""

    cores: int
    load_start: float
    load_end: float | None = None
    started: float = field(default_factory=time.time)

    @classmethod
    def capture(cls) -> "MachineContext":
        return cls(cores=os.cpu_count() or 1, load_start=os.getloadavg()[0])

    def finish(self) -> "MachineContext":
        self.load_end = os.getloadavg()[0]
        return self

    def note(self) -> str:
        end = f"{self.load_end:.2f}" if self.load_end is not None else "?"
        busy = self.load_start > self.cores * 0.5
        warning = (" — the machine was already busy when the run started, so absolute times are inflated"
                   if busy else "")
        return (
            f"Machine: {self.cores} cores, Python {platform.python_version()}, "
            f"1-min load average {self.load_start:.2f} at start, {end} at end (the end includes this run's own "
            f"processes){warning}; "
            f"run took {time.time() - self.started:.0f} s."
        )


def render(tables: Sequence[Table], heading: str | None = None) -> str:
    parts = [f"## {heading}\n"] if heading else []
    parts += [t.to_markdown() for t in tables]
    return "\n".join(parts)
