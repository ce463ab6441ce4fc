"""`dancu ranker train` / `dancu ranker report`: learn the article ranker's weights from questions with gold
articles, and show them with the figures on the validation questions.

Training questions: our dev set and the train split of the Q&A-page questions (each as written and without
diacritics). Every candidate article of a question is one example, labelled 1 when it is a gold article.
Boosted trees or a logistic regression (scikit-learn) learn the score; the model is written as JSON (feature
names, the trees' nodes or the weights, what it was trained on and its validation figures), reviewable without
scikit-learn.
"""

from __future__ import annotations

import json
from collections import Counter
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


def clause_examples(questions: Sequence[EvalQuestion], candidates: Candidates, features: Sequence[str]) -> list[list[Example]]:
    """For the clause model: one list of examples per question and gold article that the gold names a khoản of,
    each khoản of that article (among the first-ranked ones) labelled 1 when the gold names it."""
    out = []
    for q in questions:
        clauses: dict[tuple[str, int], set[int]] = {}
        for g in q.gold:
            if g.clause is not None:
                clauses.setdefault(g.article_key, set()).add(g.clause)
        if not q.answerable or not clauses:
            continue
        by_article: dict[tuple[str, int], list[Example]] = {}
        for c in candidates(q.question):
            key = (c["so_hieu"], c["article"])
            if key in clauses:
                by_article.setdefault(key, []).append(Example(q.id, [float(c["features"].get(f, 0.0)) for f in features],
                                                              int(c["clause"] in clauses[key]), key))
        out += [group for group in by_article.values() if any(e.label for e in group)]
    return out


def fit(groups: Sequence[Sequence[Example]], features: Sequence[str], c: float = 1.0, kind: str = "linear") -> dict[str, Any]:
    """A logistic regression (``kind='linear'``, L2 strength ``1/c``) or boosted trees (``kind='trees'``) over the
    examples, as a JSON-ready model that ``bot.ranker.ArticleRanker`` reads."""
    rows = [e for group in groups for e in group]
    if not rows or len({e.label for e in rows}) < 2:
        raise ValueError("need candidate articles with and without gold labels to train")
    x = np.array([e.features for e in rows], dtype=np.float64)
    y = np.array([e.label for e in rows])
    if kind == "trees":
        return _fit_trees(x, y, features)
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y)
    return {"features": list(features), "weights": [round(float(w), 6) for w in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6)}


# Shallow trees, a slow rate, no early stopping: the same data give the same model, and a candidate's score can
# depend on two or three signals together (a high dense score counts for less when the cue does not match).
TREE_DEPTH, TREE_ROUNDS, TREE_RATE = 3, 200, 0.05


def _fit_trees(x: np.ndarray, y: np.ndarray, features: Sequence[str]) -> dict[str, Any]:
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_depth=TREE_DEPTH, max_iter=TREE_ROUNDS, learning_rate=TREE_RATE,
                                           l2_regularization=1.0, early_stopping=False, random_state=0)
    model.fit(x, y)
    trees = []
    for (predictor,) in model._predictors:  # one tree per round for a binary target
        trees.append([[-1, 0.0, 0, 0, round(float(n["value"]), 6)] if n["is_leaf"] else
                      [int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]), 0.0]
                      for n in predictor.nodes])
    return {"kind": "trees", "features": list(features), "baseline": round(float(model._baseline_prediction.ravel()[0]), 6),
            "depth": TREE_DEPTH, "rate": TREE_RATE, "trees": trees}


def can_blend(linear: dict[str, Any], features: Sequence[str]) -> bool:
    """Whether a model may be blended into trees over ``features``: a linear model over the same features."""
    return linear.get("kind") != "trees" and linear.get("features") == list(features)


def blended(trees: dict[str, Any], linear: dict[str, Any], share: float) -> dict[str, Any]:
    """Trees whose score is blended with an earlier linear model over the same features (``share`` of the score)."""
    if not can_blend(linear, trees["features"]):
        raise ValueError("the model to blend with must be a linear model over the same features")
    return {**trees, "linear": {"features": linear["features"], "weights": linear["weights"],
                                "intercept": linear["intercept"]}, "linear_share": share}


def scorer(model: dict[str, Any]) -> Callable[[Sequence[float]], float]:
    """The model's score of one candidate's feature values (the model read once, for scoring many)."""
    from bot import ArticleRanker

    return ArticleRanker.from_dict(model).score_values


def score(model: dict[str, Any], values: Sequence[float]) -> float:
    return scorer(model)(values)


def top1(groups: Sequence[Sequence[Example]], rank: Callable[[Example], float], total: int | None = None) -> float:
    """Share of questions whose first-ranked article is gold (a question with no gold candidate counts as a miss)."""
    hits = 0
    for group in groups:
        if group and max(group, key=lambda e: (rank(e), -group.index(e))).label:
            hits += 1
    return hits / (total or len(groups) or 1)


def evaluate(groups: Sequence[Sequence[Example]], model: dict[str, Any] | None, features: Sequence[str]) -> dict[str, float]:
    """Top-1 of the model beside the order it replaces: the fused ranking for articles, the first hit for khoản."""
    if "fused_rr" in features:
        fused = features.index("fused_rr")
        out = {"questions": len(groups), "top1_fused": round(top1(groups, lambda e: e.features[fused]), 3)}
    else:
        first = features.index("is_first")
        out = {"groups": len(groups), "top1_first_hit": round(top1(groups, lambda e: e.features[first]), 3)}
    if model is not None:
        ranked = scorer(model)  # 200 trees read once, not once per candidate
        out["top1_ranker"] = round(top1(groups, lambda e: ranked(e.features)), 3)
    return out


def with_unaccented(dataset: Dataset) -> list[EvalQuestion]:
    return list(dataset.questions) + list(dataset.unaccented().questions)


def write_model(model: dict[str, Any], path: Path) -> None:
    if model.get("kind") != "trees":
        path.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    # one tree per line: the file stays a few lines per tree for review and diffs
    head = {k: v for k, v in model.items() if k != "trees"}
    trees = ",\n".join(json.dumps(tree, separators=(",", ":")) for tree in model["trees"])
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "trees": [\n' + trees + "\n ]\n}\n"
    path.write_text(text, encoding="utf-8")


_NAMES = {"article": "Bộ xếp hạng điều luật", "clause": "Bộ chọn khoản"}


def report(model: dict[str, Any]) -> str:
    if model.get("kind") == "trees":
        splits = Counter(node[0] for tree in model["trees"] for node in tree if node[0] >= 0)
        lines = ["| feature | splits |", "|---|---:|"]
        lines += [f"| {model['features'][i]} | {n} |" for i, n in splits.most_common()]
        out = [f"### {_NAMES[model.get('level', 'article')]}: {len(model['trees'])} cây, sâu {model['depth']}, tốc độ học {model['rate']}"
               + (f", pha {model['linear_share']:.0%} điểm của mô hình tuyến tính trước" if model.get("linear") else ""),
               "", *lines, ""]
    else:
        lines = ["| feature | weight |", "|---|---:|"]
        for name, weight in sorted(zip(model["features"], model["weights"]), key=lambda t: -abs(t[1])):
            lines.append(f"| {name} | {weight:+.3f} |")
        lines.append(f"| (intercept) | {model['intercept']:+.3f} |")
        out = [f"### Trọng số của {_NAMES[model.get('level', 'article')].lower()}", "", *lines, ""]
    for name, figures in (model.get("evaluation") or {}).items():
        out.append(f"- {name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    if model.get("trained_on"):
        out.append("- huấn luyện trên: " + ", ".join(f"{k} {v}" for k, v in model["trained_on"].items()))
    return "\n".join(out) + "\n"
