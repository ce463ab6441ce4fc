"""Grades kept as data (``evals/data/grades-*.jsonl``, ids only) loaded into the score store with
``dancu eval score --import``, so that ``dancu eval`` reports graded accuracy beside the automatic metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dancu.cli import main
from evals.dataset import load_dataset
from evals.scoring import ScoreStore, latest_build, read_grades, summarise_human
from evals.splits import load_split
from web.grades import CAUSES, VERDICTS

DATA = Path(__file__).resolve().parents[1] / "evals" / "data"


def _grade(qid: str, verdict: str, build: str, evaluator: str = "grader-1", cause: str | None = None) -> str:
    return json.dumps({"id": qid, "verdict": verdict, "cause": cause, "comment": f"{verdict} ({build})",
                       "evaluator": evaluator, "graded_at": "2026-11-30" if build == "new" else "2026-11-01",
                       "run": "ours/accented", "build": build}, ensure_ascii=False)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    dataset = tmp_path / "d.jsonl"
    dataset.write_text("".join(json.dumps({"id": q, "question": f"Câu hỏi {q}?", "type": "other", "answerable": True,
                                           "gold": [{"so_hieu": "26/2023/QH15", "article": 12}]},
                                          ensure_ascii=False) + "\n" for q in ("q1", "q2")), encoding="utf-8")
    grades = tmp_path / "grades.jsonl"
    grades.write_text("\n".join([_grade("q1", "wrong", "old", cause="wrong_article"), _grade("q1", "correct", "new"),
                                 _grade("q2", "partly", "new", cause="incomplete_list")]) + "\n", encoding="utf-8")
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps({"run": "ours/accented", "id": q, "output": {"answer": f"Trả lời {q}."}},
                                          ensure_ascii=False) + "\n" for q in ("q1", "q2")), encoding="utf-8")
    return {"dataset": dataset, "grades": grades, "answers": answers, "data": tmp_path / "data"}


def _import(files: dict[str, Path], *extra: str) -> int:
    return main(["--data-dir", str(files["data"]), "eval", "score", "--dataset", str(files["dataset"]),
                 "--import", str(files["grades"]), "--answers", str(files["answers"]), *extra])


def test_the_newest_pass_is_imported_with_the_graded_answers_and_twice_adds_nothing(files, capsys) -> None:
    assert _import(files) == 0
    assert "Đã nạp 2 điểm chấm (bản dựng new; 0 đã có sẵn)" in capsys.readouterr().err
    assert _import(files) == 0
    assert "Đã nạp 0 điểm chấm (bản dựng new; 2 đã có sẵn)" in capsys.readouterr().err
    store = ScoreStore.in_dir(files["data"])
    scores = sorted(store.all("d.jsonl"), key=lambda s: s.question_id)
    store.close()
    assert [(s.question_id, s.verdict, s.cause, s.answer) for s in scores] == [
        ("q1", "correct", "", "Trả lời q1."), ("q2", "partly", "incomplete_list", "Trả lời q2.")]
    summary = summarise_human(scores, {"q1": True, "q2": False}, {"q1": "Trả lời q1.", "q2": "Trả lời q2."})
    assert (summary["n"], summary["human_strict_accuracy"], summary["stale"]) == (2, 0.5, 0)


def test_an_earlier_pass_can_be_imported_by_name(files, capsys) -> None:
    assert _import(files, "--build", "old") == 0
    store = ScoreStore.in_dir(files["data"])
    (score,) = store.all("d.jsonl")
    store.close()
    assert (score.question_id, score.verdict, score.cause) == ("q1", "wrong", "wrong_article")


@pytest.mark.parametrize("line, message", [
    ('{"id": "q1", "verdict": "great", "evaluator": "x"}', "không hợp lệ"),
    ("not json", "dòng điểm chấm không hợp lệ"),
    ('{"id": "q9", "verdict": "correct", "evaluator": "x", "build": "b"}', "không có trong bộ câu hỏi"),
])
def test_a_bad_grades_file_is_a_vietnamese_error_with_its_line(files, capsys, line: str, message: str) -> None:
    files["grades"].write_text(line + "\n", encoding="utf-8")
    assert _import(files) == 1
    assert message in capsys.readouterr().err


def test_the_committed_grades_are_valid_ids_only_and_of_the_right_questions() -> None:
    dev_ids = {q.id for q in load_dataset(DATA / "dev.jsonl")}
    split = load_split(DATA / "faq_split.json")
    pages = {part: {p[:12] for p in split[part]} for part in ("train", "validation", "test")}
    blind = {path.name: {q.id for q in load_dataset(DATA / path.name.removeprefix("grades-"))}
             for path in sorted(DATA.glob("grades-blind-*.jsonl"))}
    assert len(blind) >= 10  # sets a–j
    named = [("grades-dev.jsonl", lambda qid: qid in dev_ids),
             ("grades-faq-train.jsonl", lambda qid: qid.split("-")[1] in pages["train"]),
             ("grades-faq-validation.jsonl", lambda qid: qid.split("-")[1] in pages["validation"]),
             ("grades-faq-test.jsonl", lambda qid: qid.split("-")[1] in pages["test"])]
    for name, belongs in named + [(name, ids.__contains__) for name, ids in blind.items()]:
        grades = read_grades(DATA / name)
        assert grades and all(belongs(g.question_id) for g in grades), name
        assert all(g.verdict in VERDICTS and (not g.cause or g.cause in CAUSES) for g in grades)
        rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        assert all("question" not in r and "answer" not in r for r in rows)  # ids only: no question or answer text
        newest = [g for g in grades if g.build == latest_build(grades)]
        # one grade per question and evaluator in the newest pass (several evaluators may grade one build)
        assert len({(g.evaluator, g.question_id) for g in newest}) == len(newest)


def test_on_the_same_day_the_pass_written_later_is_the_newest() -> None:
    from evals.scoring import GradeRecord

    def grade(build: str, day: str = "2026-12-01") -> GradeRecord:
        return GradeRecord("q1", "correct", "", "", "x", day, build)

    # commit hashes do not sort by time: the later line of the file is the later pass
    assert latest_build([grade("f00d123"), grade("0abc999")]) == "0abc999"
    assert latest_build([grade("0abc999", "2026-12-02"), grade("f00d123")]) == "0abc999"
