"""Report plots (matplotlib, Agg backend) as PNG bytes: recall@k curves, per-type bars, latency histogram.

Input is the plain data of metrics.json, so plots can be redrawn from a saved run.
"""

from __future__ import annotations

import io
import math
from typing import Any, Mapping, Sequence

RUN_STYLE = {
    # Accented lines are wider and drawn first, so an identical unaccented line stays visible on top.
    "ours/accented": dict(color="#1f5fa8", linestyle="-", marker="o", linewidth=4.5, markersize=8, alpha=0.55,
                          label="Ours · có dấu"),
    "ours/unaccented": dict(color="#e07b00", linestyle="-", marker="s", linewidth=1.8, markersize=4,
                            label="Ours · không dấu"),
    "naive/accented": dict(color="#1f5fa8", linestyle="--", marker="^", linewidth=4.5, markersize=8, alpha=0.55,
                           label="Naive · có dấu"),
    "naive/unaccented": dict(color="#e07b00", linestyle="--", marker="v", linewidth=1.8, markersize=4,
                             label="Naive · không dấu"),
}
BAR_COLOR = {"ours/accented": "#1f5fa8", "ours/unaccented": "#6fa8dc", "naive/accented": "#b45f06",
             "naive/unaccented": "#f6b26b"}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    _pyplot().close(fig)
    return buf.getvalue()


def recall_curves(curves: Mapping[str, Sequence[float | None]]) -> bytes:
    """recall@k for k = 1..10, one line per run."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for run, values in curves.items():
        style = RUN_STYLE.get(run, dict(label=run))
        ks = [k for k, v in enumerate(values, start=1) if v is not None]
        ax.plot(ks, [v for v in values if v is not None], **style)
    ax.set_xlabel("k (số đoạn truy hồi đầu tiên)")
    ax.set_ylabel("recall@k (mức điều)")
    ax.set_title("Recall@k: ours so với naive, có dấu và không dấu")
    ax.set_xticks(range(1, 11))
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return _png(fig)


def per_type_bars(by_type: Mapping[str, Mapping[str, Mapping[str, Any]]], metrics: Sequence[tuple[str, str]]) -> bytes:
    """Grouped bars per question type; one panel per (metric key, title). by_type: run -> type -> metrics."""
    plt = _pyplot()
    runs = list(by_type)
    types = sorted({t for per in by_type.values() for t in per})
    fig, axes = plt.subplots(len(metrics), 1, figsize=(max(9, 1.4 * len(types) + 2), 3.3 * len(metrics)), squeeze=False)
    width = 0.8 / max(len(runs), 1)
    for ax, (key, title) in zip(axes[:, 0], metrics):
        for i, run in enumerate(runs):
            values = [by_type[run].get(t, {}).get(key) for t in types]
            xs = [j + (i - (len(runs) - 1) / 2) * width for j in range(len(types))]
            heights = [v if v is not None else 0.0 for v in values]
            bars = ax.bar(xs, heights, width=width, color=BAR_COLOR.get(run), label=RUN_STYLE.get(run, {}).get("label", run))
            for bar, v in zip(bars, values):
                if v is None or v == 0:  # tell "no such questions" (–) from a real zero (0)
                    ax.text(bar.get_x() + bar.get_width() / 2, 0.02, "–" if v is None else "0", ha="center",
                            fontsize=7, color="#555")
        n = by_type[runs[0]] if runs else {}
        ax.set_xticks(range(len(types)))
        ax.set_xticklabels([f"{t}\n(n={n.get(t, {}).get('n', 0)})" for t in types], fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
    axes[0, 0].legend(ncol=4, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.12))
    fig.tight_layout()
    return _png(fig)


def latency_histogram(latencies: Mapping[str, Sequence[float]]) -> bytes:
    """Latency per question (ms), log-spaced bins, one outline per run."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    values = [v for vs in latencies.values() for v in vs if v > 0]
    if values:
        low, high = math.log10(max(min(values), 0.1)), math.log10(max(values))
        bins = [10 ** (low + (high - low + 1e-9) * i / 30) for i in range(31)]
        for run, vs in latencies.items():
            style = RUN_STYLE.get(run, {})
            ax.hist([v for v in vs if v > 0], bins=bins, histtype="step", linewidth=min(style.get("linewidth", 2), 3),
                    alpha=style.get("alpha", 1.0), linestyle=style.get("linestyle", "-"), color=style.get("color"),
                    label=style.get("label", run))
        ax.set_xscale("log")
    ax.set_xlabel("thời gian trả lời mỗi câu (ms, thang log)")
    ax.set_ylabel("số câu hỏi")
    ax.set_title("Phân bố độ trễ")
    ax.grid(alpha=0.3)
    ax.legend()
    return _png(fig)
