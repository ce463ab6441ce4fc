"""The JSON API on the real server: `dancu serve` in a subprocess on a free loopback port, a real HTTP client."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from core.settings import Settings
from tests import bad_questions
from tests.bad_questions import BadQuestion
from tests.helpers import free_port, stop_process

PROJECT = Path(__file__).resolve().parents[1]
SEED_PRIVACY = ("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin "
                "về đời sống riêng tư, bí mật cá nhân hay không?")
SEED_PROCEDURE = ("Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện "
                  "theo quy trình nào?")
CONTRACT_KEYS = {"question", "answer", "conclusion", "steps", "citations", "refused", "retrieved", "mode", "latency_ms"}
STARTUP_TIMEOUT_S = 240


def serve_command(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "dancu.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *extra]


@contextmanager
def running_server(env: dict[str, str], log: Path, timeout_s: float = STARTUP_TIMEOUT_S) -> Iterator[tuple[str, subprocess.Popen]]:
    """`dancu serve` in its own process on a free loopback port: (url, process) once /api/health answers 200;
    stopped (terminate, then kill) on leaving."""
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(serve_command(port, "--no-build"), cwd=PROJECT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server not up after {timeout_s} s:\n{log.read_text()}")
            time.sleep(0.5)
        yield url, proc
    finally:
        stop_process(proc, timeout_s=20)


@pytest.fixture(scope="module")
def base_url(real_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server (`dancu serve`) on the session's index, in its own process."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "DANCU_DATA_DIR": str(real_settings.data_dir), "GRADIO_ANALYTICS_ENABLED": "False"}
    with running_server(env, log) as (url, _):
        yield url


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=120) as http:
        yield http


@pytest.mark.slow
def test_health(client: httpx.Client) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["index"]


@pytest.mark.slow
def test_ask_seed_question_returns_the_contract_object(client: httpx.Client) -> None:
    response = client.post("/api/ask", json={"question": SEED_PRIVACY, "history": [], "mode": "citizen"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= CONTRACT_KEYS
    assert body["question"] == SEED_PRIVACY and body["refused"] is False and body["mode"] == "extractive"
    first = body["citations"][0]
    assert (first["so_hieu"], first["article"], first["clause"]) == ("46/2022/TT-BCA", 3, 2)
    assert "đời sống riêng tư" in first["quote"]
    assert "khoản 2 Điều 3 Thông tư 46/2022/TT-BCA" in body["answer"]
    assert len(body["retrieved"]) >= 10 and isinstance(body["retrieved"][0]["score"], float)
    assert isinstance(body["latency_ms"], float)


@pytest.mark.slow
def test_ask_staff_mode_and_follow_up(client: httpx.Client) -> None:
    first = client.post("/api/ask", json={"question": SEED_PROCEDURE, "mode": "staff"}).json()
    assert [s.split(":")[0] for s in first["steps"]][:2] == ["Bước 1", "Bước 2"]
    assert "- [ ] **Bước 1" in first["answer"]
    history = [{"role": "user", "content": SEED_PROCEDURE}, {"role": "assistant", "content": first["answer"]}]
    follow = client.post("/api/ask", json={"question": "còn bước 2 thì sao?", "history": history}).json()
    assert any(c["article"] == 7 and c["so_hieu"] == "46/2022/TT-BCA" for c in follow["citations"])


@pytest.mark.slow
@pytest.mark.parametrize("case", bad_questions.HTTP)
def test_ask_bad_question_is_4xx_with_a_vietnamese_message(client: httpx.Client, case: BadQuestion) -> None:
    response = client.post("/api/ask", content=case.json_body, headers={"content-type": "application/json"})
    assert response.status_code == case.http_status, response.text[:300]
    assert case.http_message in response.json()["detail"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "content, where",
    [
        (json.dumps({}), "question: thiếu trường bắt buộc"),
        (json.dumps({"question": 42}), "question: phải là chuỗi văn bản"),
        (json.dumps({"question": "Hỏi?", "mode": "admin"}), "mode: giá trị không hợp lệ"),
        (json.dumps({"question": "Hỏi?", "history": "không phải danh sách"}), "history: phải là một danh sách"),
        (json.dumps({"question": "Hỏi?", "history": [{"role": "system", "content": "x"}]}), "history.0.role"),
        ("{không phải json", "không phải JSON hợp lệ"),
    ],
)
def test_ask_malformed_request_is_422_with_a_vietnamese_message(client: httpx.Client, content: str, where: str) -> None:
    response = client.post("/api/ask", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Yêu cầu không hợp lệ") and where in response.json()["detail"]


@pytest.mark.slow
def test_openapi_docs_are_served_without_a_cdn(client: httpx.Client) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "cdn." not in docs.text and "https://" not in docs.text.replace("https://fastapi", "")
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/api/ask" in spec["paths"] and "/api/health" in spec["paths"]


@pytest.mark.slow
def test_page_and_gradio_api_still_work(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "gradio" in page.text.lower()
    # Gradio's own API: the chat's submit event, named "ask" (the conversation state is not an API input).
    started = client.post("/gradio_api/call/ask", json={"data": ["Số định danh cá nhân là gì?", "citizen"]})
    assert started.status_code == 200, started.text
    event_id = started.json()["event_id"]
    stream = client.get(f"/gradio_api/call/ask/{event_id}")
    assert "event: complete" in stream.text, stream.text[:500]
    data = json.loads(stream.text.split("event: complete\ndata:", 1)[1].strip().splitlines()[0])
    chat = data[1]
    assert chat[-1]["role"] == "assistant" and "Điều" in json.dumps(chat[-1], ensure_ascii=False)


@pytest.mark.slow
def test_twenty_simultaneous_questions_all_get_answers(client: httpx.Client, base_url: str) -> None:
    """Not a timing test: 20 concurrent API users each get a complete answer (the benchmark measures speed)."""
    from concurrent.futures import ThreadPoolExecutor

    questions = [SEED_PRIVACY, SEED_PROCEDURE, "Số định danh cá nhân là gì?", "Ai được khai thác thông tin dân cư?"] * 5

    def one(question: str) -> int:
        with httpx.Client(base_url=base_url, timeout=300) as http:
            return http.post("/api/ask", json={"question": question}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert list(pool.map(one, questions)) == [200] * 20


# -- start-up errors, without a running server --------------------------------------------------------
@pytest.mark.slow  # imports Gradio (seconds)
def test_missing_index_gives_503_with_the_command_to_run(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from app import build_app
    from bot.service import AnswerService

    app = build_app(AnswerService(Settings(data_dir=tmp_path / "empty")))
    with TestClient(app) as http:
        response = http.post("/api/ask", json={"question": "Số định danh cá nhân là gì?"})
        assert response.status_code == 503 and "dancu ingest" in response.json()["detail"]
        health = http.get("/api/health")
        assert health.status_code == 503 and health.json()["status"] == "no_index"


@pytest.mark.slow
def test_startup_builds_a_missing_index_and_says_so(warm_data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    from app import ensure_index
    from ingest import index_layout

    settings = Settings(data_dir=warm_data_dir)
    ensure_index(settings, build_index=True)
    err = capsys.readouterr().err
    assert "Chưa có chỉ mục" in err and re.search(r"Đã lập chỉ mục: \d+ văn bản, \d+ đoạn", err)
    assert index_layout.current_generation(settings.index_dir)
    ensure_index(settings, build_index=True)  # present now: nothing to do, nothing printed
    assert capsys.readouterr().err == ""


def test_serve_without_index_and_no_build_says_which_command_to_run(tmp_path: Path) -> None:
    env = {**os.environ, "DANCU_DATA_DIR": str(tmp_path / "empty")}
    done = subprocess.run(serve_command(free_port(), "--no-build"), cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "dancu ingest" in done.stderr and "Traceback" not in done.stderr


def test_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "DANCU_DATA_DIR": str(tmp_path)}
        done = subprocess.run(serve_command(port), cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"Cổng {port}" in done.stderr and "DANCU_PORT" in done.stderr
