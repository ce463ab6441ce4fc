"""`dancu ranker train` / `dancu ranker report`: learn the article ranker's weights from questions with gold
articles, and show them with the figures on the validation questions.

Training questions: our dev set and the train split of the Q&A-page questions (each as written and without
diacritics). Every candidate article of a question is one example, labelled 1 when it is a gold article. A
logistic regression (scikit-learn) learns one weight per feature; the model is written as JSON (feature
names, weights, intercept, what it was trained on and its validation figures), small and reviewable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from evals.dataset import Dataset, EvalQuestion

Candidates = Callable[[str], list[dict[str, Any]]]


@dataclass(frozen=True)
class Example:
    question_id: str
    features: list[float]
    label: int
    key: tuple[str, int]


def examples(questions: Sequence[EvalQuestion], candidates: Candidates, features: Sequence[str],
             progress: Any = None) -> list[list[Example]]:
    """One list of candidate examples per answerable question that has gold articles."""
    out = []
    for q in questions:
        if progress is not None:
            progress.update(1)
        if not q.answerable or not q.gold:
            continue
        gold = q.gold_articles
        out.append([Example(q.id, [float(c["features"].get(f, 0.0)) for f in features], int((c["so_hieu"], c["article"]) in gold),
                            (c["so_hieu"], c["article"])) for c in candidates(q.question)])
    if progress is not None:
        progress.close()
    return out


def fit(groups: Sequence[Sequence[Example]], features: Sequence[str], c: float = 1.0) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    rows = [e for group in groups for e in group]
    if not rows or len({e.label for e in rows}) < 2:
        raise ValueError("need candidate articles with and without gold labels to train")
    x = np.array([e.features for e in rows], dtype=np.float64)
    y = np.array([e.label for e in rows])
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y)
    return {"features": list(features), "weights": [round(float(w), 6) for w in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6)}


def score(model: dict[str, Any], values: Sequence[float]) -> float:
    z = model["intercept"] + sum(w * v for w, v in zip(model["weights"], values))
    return float(1.0 / (1.0 + np.exp(-z)))


def top1(groups: Sequence[Sequence[Example]], rank: Callable[[Example], float], total: int | None = None) -> float:
    """Share of questions whose first-ranked article is gold (a question with no gold candidate counts as a miss)."""
    hits = 0
    for group in groups:
        if group and max(group, key=lambda e: (rank(e), -group.index(e))).label:
            hits += 1
    return hits / (total or len(groups) or 1)


def evaluate(groups: Sequence[Sequence[Example]], model: dict[str, Any] | None, features: Sequence[str]) -> dict[str, float]:
    fused = features.index("fused_rr")
    out = {"questions": len(groups), "top1_fused": round(top1(groups, lambda e: e.features[fused]), 3)}
    if model is not None:
        out["top1_ranker"] = round(top1(groups, lambda e: score(model, e.features)), 3)
    return out


def with_unaccented(dataset: Dataset) -> list[EvalQuestion]:
    return list(dataset.questions) + list(dataset.unaccented().questions)


def write_model(model: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def report(model: dict[str, Any]) -> str:
    lines = ["| feature | weight |", "|---|---:|"]
    for name, weight in sorted(zip(model["features"], model["weights"]), key=lambda t: -abs(t[1])):
        lines.append(f"| {name} | {weight:+.3f} |")
    lines.append(f"| (intercept) | {model['intercept']:+.3f} |")
    out = ["### Trọng số của bộ xếp hạng điều luật", "", *lines, ""]
    for name, figures in (model.get("evaluation") or {}).items():
        out.append(f"- {name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    if model.get("trained_on"):
        out.append("- huấn luyện trên: " + ", ".join(f"{k} {v}" for k, v in model["trained_on"].items()))
    return "\n".join(out) + "\n"
