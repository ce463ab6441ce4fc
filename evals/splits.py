"""Train / validation / test splits of a dataset built from third-party Q&A pages, by page.

Questions from one page share wording and gold articles, so a page goes wholly into one split. The split is
fixed by a seed and committed as page-id lists (``evals/data/faq_split.json``), never the questions: the
pages are copyrighted and stay outside the repository. Tune on train (and our own dev set), choose on
validation, and run test once at the end.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterable, Sequence

from core.errors import UserError
from core.settings import PROJECT_ROOT
from evals.dataset import Dataset, EvalQuestion

SPLITS = ("train", "validation", "test")
SPLIT_FILE = PROJECT_ROOT / "evals" / "data" / "faq_split.json"
SEED = 2026
SHARES = (0.5, 0.25, 0.25)


def page_of(question: EvalQuestion) -> str:
    """The page a question came from ('02443e7d122e560f'), from its recorded source."""
    source = str(question.extra.get("source") or "")
    return Path(source).stem


def make_split(pages: Iterable[str], seed: int = SEED, shares: Sequence[float] = SHARES) -> dict[str, list[str]]:
    """Pages shuffled with ``seed`` and cut by ``shares`` (sorted lists, so the file diffs cleanly)."""
    ordered = sorted(set(pages))
    random.Random(seed).shuffle(ordered)
    n_train = round(len(ordered) * shares[0])
    n_val = round(len(ordered) * shares[1])
    parts = (ordered[:n_train], ordered[n_train : n_train + n_val], ordered[n_train + n_val :])
    return {name: sorted(part) for name, part in zip(SPLITS, parts)}


def write_split(split: dict[str, list[str]], path: Path = SPLIT_FILE) -> None:
    data = {"seed": SEED, "shares": list(SHARES), "unit": "page (file stem of the Q&A page)", **split}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_split(path: Path = SPLIT_FILE) -> dict[str, frozenset[str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"Không đọc được tệp chia bộ {path} ({exc}).") from None
    return {name: frozenset(data.get(name, ())) for name in SPLITS}


def select(dataset: Dataset, split: str, path: Path = SPLIT_FILE) -> Dataset:
    """The questions of ``dataset`` whose page is in ``split``."""
    if split not in SPLITS:
        raise UserError(f"--split phải là một trong {', '.join(SPLITS)}, nhận được '{split}'.")
    pages = load_split(path)[split]
    kept = tuple(q for q in dataset.questions if page_of(q) in pages)
    if not kept:
        raise UserError(f"Không có câu hỏi nào của bộ '{split}' trong {dataset.name} (câu hỏi cần trường 'source').")
    return Dataset(f"{dataset.name}-{split}", kept, dataset.path)
