"""Reports from a hand-made evaluation result (no models): tables side by side, failures, human scores,
self-contained HTML, compare; and the CLI's user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dancu.cli import main
from evals.dataset import Dataset, EvalQuestion, GoldRef
from evals.metrics import score_question
from evals.outputs import CitedRef, RetrievedRef, SystemOutput
from evals.report import build_metrics, compare_table, load_metrics, summary_table, table_markdown, write_reports
from evals.runner import EvalResult, Record
from evals.scoring import HumanScore, summarise_human

TT46 = "46/2022/TT-BCA"
QUESTIONS = (
    EvalQuestion("q1", "Có được lấy thông tin bí mật cá nhân không?", "permission", True, (GoldRef(TT46, 3, 2),),
                 ("bí mật cá nhân",)),
    EvalQuestion("q2", "Thời tiết mai thế nào?", "out_of_scope", False),
)


def text(so_hieu: str, number: int) -> str | None:
    return "Điều 3. Nguyên tắc\n2. Không xâm phạm bí mật cá nhân." if (so_hieu, number) == (TT46, 3) else None


def record(question: EvalQuestion, output: SystemOutput) -> Record:
    return Record(question, output, score_question(question, output, text))


GOOD = SystemOutput((RetrievedRef(frozenset({(TT46, 3, 2)}), "law:k2 Đ3"),),
                    (CitedRef(TT46, 3, 2, "2. Không xâm phạm bí mật cá nhân."),), False, "Không xâm phạm bí mật cá nhân.", 12.0)
WRONG = SystemOutput((RetrievedRef(frozenset({(TT46, 4, None)}), "law:Đ4"),), (CitedRef(TT46, 4, None, "x"),), False,
                     "Điều 4 nói khác.", 3.0)
REFUSED = SystemOutput(refused=True, answer="Ngoài phạm vi.", latency_ms=1.0)


def result() -> EvalResult:
    runs = {
        "ours/accented": [record(QUESTIONS[0], GOOD), record(QUESTIONS[1], REFUSED)],
        "ours/unaccented": [record(QUESTIONS[0], WRONG), record(QUESTIONS[1], REFUSED)],
        "naive/accented": [record(QUESTIONS[0], WRONG), record(QUESTIONS[1], WRONG)],
        "naive/unaccented": [record(QUESTIONS[0], WRONG), record(QUESTIONS[1], WRONG)],
    }
    return EvalResult(Dataset("tiny.jsonl", QUESTIONS), runs, {"dataset": "tiny.jsonl", "questions": 2})


def test_summary_table_puts_ours_naive_accented_unaccented_side_by_side() -> None:
    table = summary_table(build_metrics(result()))
    assert table.headers == ["chỉ số", "Ours · có dấu", "Ours · không dấu", "Naive · có dấu", "Naive · không dấu",
                             "Δ không dấu (ours)", "mục tiêu"]
    rows = {row[0]: row for row in table.rows}
    assert rows["recall@5"][1:6] == ["1.000", "0.000", "0.000", "0.000", "-1.000"]
    assert rows["từ chối đúng (refusal accuracy)"][1:5] == ["1.000", "1.000", "0.500", "0.500"]
    assert rows["recall@5"][-1] == "≥ 0.95"
    assert "| recall@5 | 1.000 | 0.000 | 0.000 | 0.000 | -1.000 | ≥ 0.95 |" in table_markdown(table)


def test_failures_list_ours_only_with_reasons() -> None:
    metrics = build_metrics(result())
    assert [(f["run"], f["id"]) for f in metrics["failures"]] == [("ours/unaccented", "q1")]
    failure = metrics["failures"][0]
    assert failure["gold"] == ["khoản 2 Điều 3 46/2022/TT-BCA"]
    assert failure["cited"] == ["Đ4 46/2022/TT-BCA"] and failure["retrieved"] == ["law:Đ4"]
    assert "không có điều đúng trong top 5" in failure["reasons"] and "không dẫn điều nào đúng" in failure["reasons"]


def test_reports_are_written_and_html_is_self_contained(tmp_path: Path) -> None:
    res = result()
    auto = {r.question.id: r.score.auto_ok for r in res.runs["ours/accented"]}
    human = summarise_human([HumanScore("tiny.jsonl", "q1", "?", GOOD.answer, "wrong", "Lan", "thiếu ý")], auto,
                            {"q1": GOOD.answer})
    paths = write_reports(res, tmp_path / "out", human)
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3 and "<script" not in html
    assert "Chỗ người chấm và chỉ số tự động không đồng ý" in html and "thiếu ý" in html
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "![Recall@k](plots/recall.png)" in markdown and (tmp_path / "out" / "plots" / "recall.png").is_file()
    assert "độ chính xác theo người chấm (một phần = 0.5) | 0.000" in markdown
    metrics = load_metrics(tmp_path / "out")
    assert metrics["human"]["disagreements"][0]["id"] == "q1"
    assert len(paths["answers"].read_text(encoding="utf-8").splitlines()) == 8


def test_compare_prints_signed_deltas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = build_metrics(result())
    after = json.loads(json.dumps(before))
    after["runs"]["ours/unaccented"]["summary"]["recall@5"] = 0.5
    rows = {(r[0], r[1]): r for r in compare_table(before, after).rows}
    assert rows[("Ours · không dấu", "recall@5")][2:] == ["0.000", "0.500", "+0.500"]
    assert rows[("Ours · có dấu", "recall@5")][4] == "+0.000"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "metrics.json").write_text(json.dumps(before), encoding="utf-8")
    (tmp_path / "b" / "metrics.json").write_text(json.dumps(after), encoding="utf-8")
    assert main(["eval", "compare", str(tmp_path / "a" / "metrics.json"), str(tmp_path / "b" / "metrics.json")]) == 0
    assert "| Ours · không dấu | recall@5 | 0.000 | 0.500 | +0.500 |" in capsys.readouterr().out


def test_cli_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "eval"]) == 1
    assert "Thiếu --dataset" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "eval", "--dataset", str(tmp_path / "none.jsonl")]) == 1
    assert "Không tìm thấy tệp bộ câu hỏi" in capsys.readouterr().err
    dataset = tmp_path / "d.jsonl"
    dataset.write_text('{"id": "q", "question": "Hỏi?", "type": "other", "answerable": false}\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "empty"), "eval", "--dataset", str(dataset), "--limit", "0"]) == 1
    assert "--limit phải lớn hơn 0" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "empty"), "eval", "--dataset", str(dataset)]) == 1
    assert "dancu ingest" in capsys.readouterr().err  # no index yet: a clear message, no traceback
    assert main(["eval", "compare", str(tmp_path / "a.json")]) == 1
    assert "dancu eval compare" in capsys.readouterr().err
    assert main(["eval", "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["eval", "bogus-action"])
    assert info.value.code == 2


def test_the_summary_shows_the_graded_accuracy_beside_the_automatic_metrics():
    from evals.report import summary_table

    metrics = {"runs": {"ours/accented": {"summary": {"recall@1": 0.9}}, "naive/accented": {"summary": {}}},
               "human": {"n": 4, "human_strict_accuracy": 0.5, "human_accuracy": 0.625}}
    rows = {row[0]: row[1:] for row in summary_table(metrics).rows}
    assert rows["chấm như luật sư: đúng (4 câu)"][:2] == ["0.500", "–"]
    assert rows["chấm như luật sư: một phần = 0.5"][0] == "0.625"
    assert not any(k.startswith("chấm như luật sư") for k in (r[0] for r in summary_table({**metrics, "human": {"n": 0}}).rows))
