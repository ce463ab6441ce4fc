"""Human scoring: storage in SQLite, the terminal session, the comparison with automatic verdicts."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from dancu.cli import main
from evals.scoring import (
    HumanScore,
    ScoreStore,
    ToScore,
    answer_hash,
    interactive_session,
    parse_verdict,
    store_path,
    summarise_human,
)


def test_scores_persist_with_evaluator_and_time(tmp_path: Path) -> None:
    path = store_path(tmp_path)
    store = ScoreStore(path)
    saved = store.add(HumanScore("dev.jsonl", "dev-001", "Câu hỏi?", "Trả lời.", "partly", " Lan ", "thiếu khoản 3"))
    store.close()
    assert saved.evaluator == "Lan" and saved.created_at
    reopened = ScoreStore(path)
    (score,) = reopened.all("dev.jsonl")
    assert (score.question_id, score.verdict, score.evaluator, score.note) == ("dev-001", "partly", "Lan", "thiếu khoản 3")
    assert score.created_at == saved.created_at
    assert reopened.all("other.jsonl") == []
    reopened.close()
    with sqlite3.connect(path) as conn:  # plain SQLite, readable by other tools
        assert conn.execute("SELECT evaluator, verdict FROM human_scores").fetchall() == [("Lan", "partly")]


def test_latest_score_per_question_and_evaluator_counts(db_location: Path | str) -> None:
    store = ScoreStore(db_location)
    store.add(HumanScore("d", "q1", "?", "a", "wrong", "Lan", created_at="2026-01-01T10:00:00"))
    store.add(HumanScore("d", "q1", "?", "a", "correct", "Lan", created_at="2026-01-02T10:00:00"))
    store.add(HumanScore("d", "q1", "?", "a", "partly", "Minh"))
    latest = {(s.question_id, s.evaluator): s.verdict for s in store.latest("d")}
    assert latest == {("q1", "Lan"): "correct", ("q1", "Minh"): "partly"}
    store.close()


def test_invalid_scores_are_rejected() -> None:
    with pytest.raises(ValueError, match="verdict must be one of"):
        HumanScore("d", "q", "?", "a", "great", "Lan")
    with pytest.raises(ValueError, match="evaluator name is empty"):
        HumanScore("d", "q", "?", "a", "wrong", "  ")


@pytest.mark.parametrize("text, verdict", [("đ", "correct"), ("D", "correct"), ("đúng", "correct"), ("1", "correct"),
                                           ("m", "partly"), ("đúng một phần", "partly"), ("s", "wrong"),
                                           ("sai", "wrong"), ("3", "wrong"), ("x", None), ("", None)])
def test_parse_verdict(text: str, verdict: str | None) -> None:
    assert parse_verdict(text) == verdict


def test_interactive_session_saves_skips_and_quits(db_location: Path | str) -> None:
    store = ScoreStore(db_location)
    items = [ToScore("q1", "Câu 1?", "Trả lời 1"), ToScore("q2", "Câu 2?", "Trả lời 2"),
             ToScore("q3", "Câu 3?", "Trả lời 3"), ToScore("q4", "Câu 4?", "Trả lời 4")]
    replies = iter(["?", "đ", "", "b", "s", "dẫn sai điều", "q"])
    shown: list[str] = []
    saved = interactive_session(items, store, "d", "Lan", ask=lambda _: next(replies), say=shown.append)
    assert saved == 2
    assert [(s.question_id, s.verdict, s.note) for s in store.all("d")] == [("q1", "correct", ""), ("q3", "wrong", "dẫn sai điều")]
    assert any("Không hiểu lựa chọn" in line for line in shown)
    # A second session skips what this evaluator already scored (same answer text) and stops at end of input.
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        raise EOFError

    assert interactive_session(items, store, "d", "Lan", ask=ask, say=lambda _: None) == 0
    assert len(asked) == 1  # q2 was the first unscored one
    store.close()


def test_summarise_human_beside_automatic_verdicts() -> None:
    scores = [HumanScore("d", "q1", "?", "a1", "correct", "Lan"), HumanScore("d", "q2", "?", "a2", "wrong", "Lan"),
              HumanScore("d", "q3", "?", "old", "partly", "Lan"), HumanScore("d", "q9", "?", "x", "wrong", "Lan")]
    auto = {"q1": True, "q2": True, "q3": False}
    summary = summarise_human(scores, auto, {"q1": "a1", "q2": "a2", "q3": "new"})
    assert summary["n"] == 3  # q9 is not in this run
    assert summary["human_accuracy"] == pytest.approx(1.5 / 3)
    assert summary["human_strict_accuracy"] == pytest.approx(1 / 3)
    assert summary["auto_accuracy_same_questions"] == pytest.approx(2 / 3)
    assert summary["agreement"] == 0.5  # q1 agrees, q2 does not; q3 (partly) is left out
    assert summary["stale"] == 1
    assert [d["id"] for d in summary["disagreements"]] == ["q2"]
    assert answer_hash("a1") == scores[0].answer_hash


def test_score_command_reads_answers_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    dataset = tmp_path / "d.jsonl"
    dataset.write_text('{"id": "q1", "question": "Số định danh cá nhân có mấy chữ số?", "type": "definition", '
                       '"answerable": true, "gold": [{"so_hieu": "26/2023/QH15", "article": 12, "clause": 1}], '
                       '"facts": ["12 chữ số"]}\n', encoding="utf-8")
    answers = tmp_path / "answers.jsonl"
    answers.write_text('{"run": "naive/accented", "id": "q1", "output": {"answer": "naive"}}\n'
                       '{"run": "ours/accented", "id": "q1", "output": {"answer": "Gồm 12 chữ số."}}\n', encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("đ\nổn\n"))
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "eval", "score", "--dataset", str(dataset), "--answers", str(answers),
                 "--evaluator", "Lan"]) == 0
    out = capsys.readouterr().out
    assert "Gồm 12 chữ số." in out and "khoản 1 Điều 12 26/2023/QH15" in out and "12 chữ số" in out
    store = ScoreStore(store_path(data))
    (score,) = store.all()
    assert (score.dataset, score.question_id, score.answer, score.verdict, score.note) == (
        "d.jsonl", "q1", "Gồm 12 chữ số.", "correct", "ổn")
    store.close()


def test_score_command_needs_an_evaluator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DANCU_EVALUATOR", raising=False)
    dataset = tmp_path / "d.jsonl"
    dataset.write_text('{"id": "q1", "question": "Hỏi?", "type": "other", "answerable": false}\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "eval", "score", "--dataset", str(dataset)]) == 1
    assert "--evaluator" in capsys.readouterr().err
