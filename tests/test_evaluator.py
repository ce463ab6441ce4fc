"""The evaluator workbench without a browser: the grade store (moved from evals.scoring, now with cause codes),
Cohen's kappa, the workbench's runs, grades and results, and its HTTP API (/api/eval/…, the 401s, the 405 of
GET /api/ask) on a FastAPI app without Gradio.

Fast: the corpus is parsed (not embedded) and a fake answer service answers from it; the automatic scorer is
the real one of ``dancu eval``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Sequence

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from bot.models import Answer, Citation
from core.settings import DEFAULT_CORPUS, Settings
from evals.dataset import parse_lines
from evals.metrics import score_question
from evals.outputs import from_answer
from ingest.corpus import load_corpus
from web.api import install_api
from web.eval_api import BAD_TOKEN, NOT_ENABLED, install_eval_api, install_method_not_allowed
from web.evaluator import EvalTools, Workbench, WorkbenchError
from web.grades import (
    CAUSES,
    HumanScore,
    ScoreStore,
    agreement,
    cohen_kappa,
    kappa_meaning,
    parse_cause,
    store_path,
)

TOKEN = "ma-bi-mat-nguoi-danh-gia-2026"
TT46 = "46/2022/TT-BCA"


# -- a fake answer service over the real corpus ---------------------------------------------------
@functools.cache
def corpus_documents() -> dict[str, Any]:
    return {d.so_hieu: d for d in load_corpus(DEFAULT_CORPUS).laws}


class CorpusService:
    """Answers every question with khoản 2 Điều 3 TT 46 (right for dev-001 only), or refuses when asked to."""

    def __init__(self, data_dir: Path, token: str | None = TOKEN) -> None:
        self.documents = corpus_documents()
        self.settings = Settings(data_dir=data_dir).with_(eval_token=token)
        self.calls: list[tuple[str, str, Any]] = []

    def article_text(self, so_hieu: str, number: int) -> str | None:
        doc = self.documents.get(so_hieu)
        article = doc.article(number) if doc else None
        return article.text if article else None

    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
               as_of: Any = None) -> Answer:
        self.calls.append((question, mode, as_of))
        doc = self.documents[TT46]
        clause = doc.article(3).clause(2)
        cite = Citation(so_hieu=TT46, document=doc.short_title, article=3, clause=2, point=None, quote=clause.text,
                        status=doc.status, title=doc.article(3).heading, partial_document=doc.is_partial)
        return Answer(question=question, answer=f"**Kết luận:** Không.\n\n**Căn cứ pháp lý**\n\n- Khoản 2 Điều 3:\n> {clause.text}",
                      conclusion="Không.", citations=(cite,), latency_ms=12.0, as_of=as_of or "2026-01-01")


def tools_for(service: CorpusService) -> EvalTools:
    return EvalTools(parse_lines, lambda q, a: score_question(q, from_answer(a), service.article_text))


@pytest.fixture
def service(tmp_path: Path) -> CorpusService:
    return CorpusService(tmp_path / "data")


@pytest.fixture
def workbench(service: CorpusService) -> Workbench:
    return Workbench(service, tools_for(service), service.settings.data_dir)


# -- the grade store -------------------------------------------------------------------------------
def test_grades_keep_evaluator_time_verdict_cause_and_comment(db_location: Path | str) -> None:
    store = ScoreStore(db_location)
    saved = store.add(HumanScore("dev.jsonl", "dev-001", "Hỏi?", "Đáp.", "wrong", " Lan ", "dẫn Điều 4",
                                 cause="wrong_article"))
    assert saved.evaluator == "Lan" and saved.created_at and saved.cause == "wrong_article"
    [row] = store.rows()
    assert (row["evaluator"], row["verdict"], row["cause"], row["cause_label"], row["comment"]) == (
        "Lan", "wrong", "wrong_article", "Dẫn sai điều", "dẫn Điều 4")
    assert [(s.question_id, s.cause) for s in ScoreStore(db_location).all("dev.jsonl")] == [("dev-001", "wrong_article")]
    if isinstance(db_location, str):  # PostgreSQL: the rows above came back through a second store
        return
    with sqlite3.connect(db_location) as db:  # plain SQLite, readable by other tools
        assert db.execute("SELECT evaluator, verdict, cause FROM human_scores").fetchall() == [
            ("Lan", "wrong", "wrong_article")]


def test_a_store_written_before_cause_codes_is_upgraded(tmp_path: Path) -> None:
    path = store_path(tmp_path)
    with sqlite3.connect(path) as db:  # the table as the first `dancu eval score` created it
        db.execute("CREATE TABLE human_scores (id INTEGER PRIMARY KEY AUTOINCREMENT, dataset TEXT NOT NULL, "
                   "question_id TEXT NOT NULL, question TEXT NOT NULL, system TEXT NOT NULL, answer TEXT NOT NULL, "
                   "answer_hash TEXT NOT NULL, verdict TEXT NOT NULL, note TEXT NOT NULL, evaluator TEXT NOT NULL, "
                   "created_at TEXT NOT NULL)")
        db.execute("INSERT INTO human_scores (dataset, question_id, question, system, answer, answer_hash, verdict, "
                   "note, evaluator, created_at) VALUES ('d', 'q1', '?', 'ours', 'a', 'h', 'partly', '', 'Lan', 't')")
    store = ScoreStore(path)
    [old] = store.all("d")
    assert (old.verdict, old.cause) == ("partly", "")
    store.add(HumanScore("d", "q2", "?", "a", "wrong", "Minh", cause="cut_quote"))
    assert [s.cause for s in store.all("d")] == ["", "cut_quote"]


def test_cause_codes_are_validated_and_numbered() -> None:
    assert len(CAUSES) == 13 and list(CAUSES)[0] == "wrong_article" and list(CAUSES)[-1] == "other"
    assert parse_cause("1") == "wrong_article" and parse_cause("outdated_law") == "outdated_law"
    assert parse_cause("12") == "missed_refusal" and parse_cause("14") is None and parse_cause("x") is None
    with pytest.raises(ValueError, match="cause must be one of"):
        HumanScore("d", "q", "?", "a", "wrong", "Lan", cause="typo")


def test_the_terminal_session_takes_a_cause_after_the_verdict(tmp_path: Path) -> None:
    from evals.scoring import ToScore, interactive_session, parse_reply

    assert parse_reply("s 1") == ("wrong", "wrong_article")
    assert parse_reply("m incomplete_list") == ("partly", "incomplete_list")
    assert parse_reply("đ") == ("correct", "") and parse_reply("1") == ("correct", "")
    store = ScoreStore(store_path(tmp_path))
    replies = iter(["s 5", "cắt mất nửa câu", "q"])
    shown: list[str] = []
    saved = interactive_session([ToScore("q1", "Câu 1?", "Trả lời 1"), ToScore("q2", "Câu 2?", "Trả lời 2")], store,
                                "d", "Lan", ask=lambda _: next(replies), say=shown.append)
    assert saved == 1 and any("1. Dẫn sai điều (wrong_article)" in line for line in shown)
    [score] = store.all("d")
    assert (score.verdict, score.cause, score.note) == ("wrong", "cut_quote", "cắt mất nửa câu")


# -- agreement -----------------------------------------------------------------------------------
def test_cohen_kappa_known_values() -> None:
    a = ["correct", "correct", "wrong", "wrong", "partly"]
    b = ["correct", "wrong", "wrong", "wrong", "partly"]
    # p_o = 4/5; p_e = (2·1 + 2·3 + 1·1) / 25 = 9/25; kappa = (0.8 - 0.36) / 0.64
    assert cohen_kappa(a, b) == pytest.approx(0.6875)
    assert cohen_kappa(a, a) == pytest.approx(1.0)
    assert cohen_kappa(["correct"] * 3, ["correct"] * 3) == 1.0  # one label throughout: full agreement
    assert cohen_kappa(["correct", "wrong"], ["wrong", "correct"]) == pytest.approx(-1.0)
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError, match="same items"):
        cohen_kappa(["correct"], [])


def test_cohen_kappa_matches_scikit_learn() -> None:
    sklearn = pytest.importorskip("sklearn.metrics")
    import random

    rng = random.Random(7)
    for _ in range(20):
        a = [rng.choice(["correct", "partly", "wrong"]) for _ in range(30)]
        b = [x if rng.random() < 0.6 else rng.choice(["correct", "partly", "wrong"]) for x in a]
        assert cohen_kappa(a, b) == pytest.approx(sklearn.cohen_kappa_score(a, b))


def test_agreement_uses_the_latest_grade_and_lists_disagreements() -> None:
    grades = [HumanScore("d", "q1", "Câu 1?", "a", "wrong", "Lan", created_at="1"),
              HumanScore("d", "q1", "Câu 1?", "a", "correct", "Lan", created_at="2"),  # Lan changed her mind
              HumanScore("d", "q1", "Câu 1?", "a", "correct", "Minh"),
              HumanScore("d", "q2", "Câu 2?", "a", "wrong", "Lan", cause="wrong_article"),
              HumanScore("d", "q2", "Câu 2?", "a", "partly", "Minh", "thiếu khoản", cause="incomplete_list"),
              HumanScore("d", "q3", "Câu 3?", "a", "wrong", "Lan", cause="cut_quote")]  # only Lan: not compared
    result = agreement(grades, "Lan", "Minh")
    assert (result.n, result.agreed) == (2, 1)
    assert result.kappa == pytest.approx(cohen_kappa(["correct", "wrong"], ["correct", "partly"]))
    [differ] = result.disagreements
    assert differ["question_id"] == "q2" and differ["verdicts_differ"]
    assert [g["cause_label"] for g in differ["grades"]] == ["Dẫn sai điều", "Liệt kê thiếu"]
    assert kappa_meaning(0.9) == "gần như tuyệt đối" and kappa_meaning(-0.1) == "kém hơn ngẫu nhiên"


# -- the workbench ---------------------------------------------------------------------------------
def test_a_run_answers_each_question_and_scores_it_automatically(workbench: Workbench, service: CorpusService) -> None:
    run = workbench.start_run("dev.jsonl", limit=5, background=False)
    assert (run.status, run.done, run.total) == ("done", 5, 5)
    first = run.items[0]
    assert first["id"] == "dev-001" and first["gold"] == ["khoản 2 Điều 3 46/2022/TT-BCA"]
    assert first["auto"]["auto_ok"] is True and first["auto"]["cited_recall"] == 1.0
    assert run.items[1]["auto"]["auto_ok"] is False  # the same clause does not answer the procedure question
    assert "<mark>" in first["sources_html"] and "<strong>Kết luận:</strong>" in first["answer_html"]
    assert len(service.calls) == 5
    saved = json.loads((service.settings.data_dir / "eval_runs" / f"{run.id}.json").read_text(encoding="utf-8"))
    assert saved["status"] == "done" and len(saved["items"]) == 5  # a second evaluator can grade it later
    again = Workbench(service, tools_for(service), service.settings.data_dir)
    assert again.get_run(run.id).done == 5


def test_a_question_with_a_date_is_answered_as_of_that_date(workbench: Workbench, service: CorpusService) -> None:
    run = workbench.start_run("currency.jsonl", limit=3, background=False)
    dated = [(item["id"], item["as_of"]) for item in run.items if item["as_of"]]
    assert dated, "currency.jsonl has questions with as_of"
    assert all(call[2] in {d for _, d in dated} | {None} for call in service.calls)
    assert any(call[2] for call in service.calls)


def test_grades_need_a_cause_unless_correct(workbench: Workbench) -> None:
    run = workbench.start_run("dev.jsonl", limit=2, background=False)
    with pytest.raises(WorkbenchError, match="chọn nguyên nhân"):
        workbench.grade(run.id, "dev-002", "Lan", "wrong")
    with pytest.raises(WorkbenchError, match="ghi rõ"):
        workbench.grade(run.id, "dev-002", "Lan", "partly", "other", "  ")
    with pytest.raises(WorkbenchError, match="Cần tên người chấm"):
        workbench.grade(run.id, "dev-002", "  ", "correct")
    with pytest.raises(WorkbenchError, match="chưa có câu") as missing:
        workbench.grade(run.id, "dev-099", "Lan", "correct")
    assert missing.value.status == 404
    saved = workbench.grade(run.id, "dev-001", "Lan", "correct", "cut_quote", "ổn")
    assert saved["cause"] == "" and saved["same_answer"]  # a correct answer has no cause


def test_results_accuracy_by_type_and_cause_kappa_and_csv(workbench: Workbench) -> None:
    run = workbench.start_run("dev.jsonl", limit=5, background=False)
    ids = [item["id"] for item in run.items]
    lan = ["correct", "wrong", "wrong", "partly", "wrong"]
    minh = ["correct", "wrong", "partly", "partly", "wrong"]
    causes = {"wrong": "wrong_article", "partly": "incomplete_list", "correct": ""}
    for qid, a, b in zip(ids, lan, minh):
        workbench.grade(run.id, qid, "Lan", a, causes[a])
        workbench.grade(run.id, qid, "Minh", b, causes[b], "khác Lan" if a != b else "")
    summary = workbench.summary("dev.jsonl")
    assert summary["evaluators"] == ["Lan", "Minh"]
    assert summary["overall"]["n"] == 10 and summary["overall"]["accuracy"] == pytest.approx((2 + 0.5 * 3) / 10)
    [pair] = summary["agreement"]
    assert pair["n"] == 5 and pair["agreed"] == 4
    assert pair["kappa"] == pytest.approx(round(cohen_kappa(lan, minh), 4))
    assert [d["question_id"] for d in pair["disagreements"]] == [ids[2]]
    by_cause = {c["cause"]: c["n"] for c in summary["by_cause"]}
    assert by_cause["wrong_article"] == 5 and by_cause["incomplete_list"] == 3 and by_cause["cut_quote"] == 0
    by_type = {t["type"]: t for t in summary["by_type"]}
    value = {"correct": 1.0, "partly": 0.5, "wrong": 0.0}
    for kind in {item["type"] for item in run.items}:
        mine = [value[v] for item, a, b in zip(run.items, lan, minh) if item["type"] == kind for v in (a, b)]
        autos = [item["auto"]["auto_ok"] for item in run.items if item["type"] == kind]
        assert by_type[kind]["accuracy"] == pytest.approx(sum(mine) / len(mine))
        assert by_type[kind]["auto_accuracy"] == pytest.approx(sum(autos) / len(autos))
    autos = [item["auto"]["auto_ok"] for item in run.items]
    assert autos[0] and not autos[1]  # dev-001 is answered right by the fake, dev-002 (a procedure) is not
    assert summary["auto"]["n"] == 5 and summary["auto"]["auto_accuracy"] == pytest.approx(sum(autos) / 5)
    assert summary["human_vs_auto"]["n"] == 10
    rows = list(csv.DictReader(io.StringIO(workbench.export_csv("dev.jsonl"))))
    assert len(rows) == 10 and {r["evaluator"] for r in rows} == {"Lan", "Minh"}
    assert rows[0]["question_id"] == "dev-001" and rows[0]["auto_ok"] == "1" and rows[0]["type"] == "permission"
    assert {r["cause_label"] for r in rows} >= {"Dẫn sai điều", "Liệt kê thiếu"}


def test_an_uploaded_dataset_is_checked_then_listed(workbench: Workbench) -> None:
    with pytest.raises(Exception, match=r"bo-cua-toi.jsonl:2"):
        workbench.upload("bộ của tôi.jsonl", '{"id": "a", "question": "Hỏi?", "type": "other", "answerable": false}\n'
                                            '{"id": "a", "question": "Trùng?", "type": "other", "answerable": false}\n')
    entry = workbench.upload("../../etc/bộ của tôi.jsonl",
                             '{"id": "u1", "question": "Số định danh là gì?", "type": "definition", '
                             '"answerable": true, "gold": [{"so_hieu": "26/2023/QH15", "article": 12}]}')
    assert entry == {"name": "bo-cua-toi.jsonl", "source": "tải lên", "questions": 1}
    assert (workbench.upload_dir / "bo-cua-toi.jsonl").exists()
    assert {"name": "bo-cua-toi.jsonl", "source": "tải lên", "questions": 1} in workbench.datasets()
    assert workbench.upload("dev.jsonl", '{"id": "u1", "question": "Hỏi?", "type": "other", "answerable": false}'
                            )["name"] == "dev-tai-len.jsonl"  # never shadows a dataset of evals/data


# -- the HTTP API ------------------------------------------------------------------------------------
def api_app(service: CorpusService, token: str | None = TOKEN) -> FastAPI:
    app = FastAPI()
    install_api(app, service)  # type: ignore[arg-type]
    install_eval_api(app, service, tools_for(service), token=token)
    return app


@pytest.fixture
def client(service: CorpusService):
    with TestClient(api_app(service)) as http:
        yield http


AUTH = {"Authorization": f"Bearer {TOKEN}"}
EVAL_ROUTES = [("GET", "/api/eval/session"), ("GET", "/api/eval/datasets"), ("POST", "/api/eval/datasets"),
               ("POST", "/api/eval/runs"), ("GET", "/api/eval/runs"), ("GET", "/api/eval/runs/x"),
               ("POST", "/api/eval/grades"), ("GET", "/api/eval/summary?dataset=dev.jsonl"),
               ("GET", "/api/eval/export.csv"), ("GET", "/api/eval/khong-co"), ("GET", "/api/eval")]


@pytest.mark.parametrize("method, path", EVAL_ROUTES)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer sai"}, {"Authorization": TOKEN}],
                         ids=["no-token", "wrong-token", "no-bearer"])
def test_every_eval_route_is_401_without_the_token(client: TestClient, method: str, path: str,
                                                   headers: dict[str, str]) -> None:
    response = client.request(method, path, headers=headers, content=b"{not json")
    assert response.status_code == 401
    assert response.json() == {"detail": BAD_TOKEN} and response.headers["www-authenticate"] == "Bearer"


def test_eval_routes_are_401_when_the_server_has_no_token(service: CorpusService) -> None:
    with TestClient(api_app(service, token="")) as http:
        for method, path in EVAL_ROUTES:
            response = http.request(method, path, headers=AUTH)
            assert response.status_code == 401 and response.json()["detail"] == NOT_ENABLED
    assert "DANCU_EVAL_TOKEN" in NOT_ENABLED


def test_the_token_comes_from_the_settings(tmp_path: Path) -> None:
    service = CorpusService(tmp_path, token="tu-bien-moi-truong")
    with TestClient(api_app(service, token=None)) as http:
        assert http.get("/api/eval/session", headers={"Authorization": "Bearer tu-bien-moi-truong"}).status_code == 200
        assert http.get("/api/eval/session", headers=AUTH).status_code == 401
    assert Settings.from_env({"DANCU_EVAL_TOKEN": "abc"}).eval_token == "abc"
    assert "abc" not in repr(Settings.from_env({"DANCU_EVAL_TOKEN": "abc"}))  # never printed with the settings


def test_an_unreachable_grade_database_is_a_vietnamese_503(service: CorpusService) -> None:
    from tests.postgres import free_port

    service.settings = service.settings.with_(
        database_url=f"postgresql://lan:bi-mat-123@127.0.0.1:{free_port()}/dancu")  # nothing listens there
    with TestClient(api_app(service)) as http:
        response = http.get("/api/eval/summary?dataset=dev.jsonl", headers=AUTH)
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert detail.startswith("Không kết nối được cơ sở dữ liệu (DANCU_DATABASE_URL=postgresql://lan:***@")
    assert "bi-mat-123" not in detail


def test_the_api_flow_run_grade_summary_export(client: TestClient) -> None:
    session = client.get("/api/eval/session", headers=AUTH).json()
    assert session["causes"]["wrong_clause"] and session["verdicts"]["partly"] == "đúng một phần"
    names = [d["name"] for d in client.get("/api/eval/datasets", headers=AUTH).json()["datasets"]]
    assert {"dev.jsonl", "currency.jsonl"} <= set(names)
    started = client.post("/api/eval/runs", headers=AUTH, json={"dataset": "dev.jsonl", "limit": 5})
    assert started.status_code == 202
    run_id = started.json()["id"]
    deadline = time.monotonic() + 30
    while (view := client.get(f"/api/eval/runs/{run_id}", headers=AUTH).json())["status"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert view["done"] == 5 and len(view["items"]) == 5 and view["items"][0]["grades"] == {}
    assert client.get(f"/api/eval/runs/{run_id}?since=3", headers=AUTH).json()["items"][0]["id"] == "dev-004"
    for who, verdict in (("Lan", "correct"), ("Minh", "wrong")):
        body = {"run_id": run_id, "question_id": "dev-001", "evaluator": who, "verdict": verdict,
                "cause": "" if verdict == "correct" else "wrong_clause", "comment": ""}
        assert client.post("/api/eval/grades", headers=AUTH, json=body).status_code == 200
    graded = client.get(f"/api/eval/runs/{run_id}", headers=AUTH).json()["items"][0]["grades"]
    assert graded["Lan"]["verdict"] == "correct" and graded["Minh"]["cause_label"] == "Đúng điều, sai khoản/điểm"
    summary = client.get("/api/eval/summary", headers=AUTH, params={"dataset": "dev.jsonl"}).json()
    assert summary["agreement"][0]["n"] == 1 and summary["agreement"][0]["disagreements"][0]["question_id"] == "dev-001"
    export = client.get("/api/eval/export.csv", headers=AUTH, params={"dataset": "dev.jsonl"})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert 'filename="diem-cham-dev.csv"' in export.headers["content-disposition"]
    assert [r["evaluator"] for r in csv.DictReader(io.StringIO(export.text))] == ["Lan", "Minh"]


@pytest.mark.parametrize(
    "method, path, body, status, message",
    [
        ("POST", "/api/eval/runs", {"dataset": "khong-co.jsonl"}, 404, "Không có bộ câu hỏi"),
        ("POST", "/api/eval/runs", {"dataset": "dev.jsonl", "limit": 0}, 400, "Số câu phải từ 1"),
        ("POST", "/api/eval/runs", {"limit": 3}, 422, "dataset: thiếu trường bắt buộc"),
        ("POST", "/api/eval/grades", {"run_id": "x", "question_id": "q", "evaluator": "Lan", "verdict": "đúng"}, 422,
         "verdict: giá trị không hợp lệ"),
        ("POST", "/api/eval/grades", {"run_id": "x", "question_id": "q", "evaluator": "Lan", "verdict": "correct"}, 404,
         "Không có lượt chạy"),
        ("POST", "/api/eval/datasets", {"filename": "a.jsonl", "content": "{"}, 400, "a.jsonl:1: JSON không hợp lệ"),
        ("GET", "/api/eval/summary", None, 422, "dataset: thiếu trường bắt buộc"),
        ("DELETE", "/api/eval/runs", None, 404, "Không có đường dẫn"),
    ],
)
def test_eval_errors_are_vietnamese(client: TestClient, method: str, path: str, body: Any, status: int,
                                    message: str) -> None:
    response = client.request(method, path, headers=AUTH, json=body)
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_ask_answers_405_to_anything_but_post(method: str) -> None:
    app = FastAPI()
    install_method_not_allowed(app)
    with TestClient(app) as http:
        response = http.request(method, "/api/ask")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.json()["detail"].startswith(f"Phương thức {method} không dùng được cho /api/ask")


def test_the_workbench_page_is_vietnamese_with_a_label_for_every_control(client: TestClient) -> None:
    import re

    page = client.get("/danh-gia")
    assert page.status_code == 200 and '<html lang="vi">' in page.text
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page.text))
    labelled = set(re.findall(r'<label for="([^"]+)"', page.text))
    assert ids and ids <= labelled
    assert all(label in page.text for label in CAUSES.values())
    assert "https://" not in page.text and "http://" not in page.text  # nothing from outside
