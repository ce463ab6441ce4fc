"""Issue #13, the page's Gradio side replayed in-process: private functions called by ``fn_index`` or by name, an
invalid ``fn_index`` (was a 500 and a 40-line traceback), a conversation read back with only its Gradio
``session_hash`` (the deep link, a replayed queue call), feedback spam.

Fast: a small corpus indexed with a hash embedder, Starlette's TestClient driving Gradio's real queue
(``queue/join`` then the ``queue/data`` event stream), web/security.py in front.
"""

from __future__ import annotations

import json
import secrets
from typing import Any, Iterator

import pytest

from core.settings import Settings
from tests.helpers import HashEmbedder, small_corpus
from web.sessions import Conversation, ConversationStore

QUESTION = "Số định danh cá nhân là gì?"
VIETNAMESE = "ăâđêôơưáàảãạ"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("hostile-gradio")
    settings = Settings(data_dir=root / "data", corpus_dir=small_corpus(root / "corpus"), rate_limit="1000/minute")
    run_ingest(settings, embedder=HashEmbedder())
    return settings


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator:
    from fastapi.testclient import TestClient

    from app import build_app
    from bot.service import AnswerService

    service = AnswerService(settings, embedder=HashEmbedder())
    service.load()
    with TestClient(build_app(service), raise_server_exceptions=False) as http:
        yield http


@pytest.fixture(scope="module")
def fns(client) -> dict[str, int]:
    """fn_index by the page's function name (``ask`` is the public one, ``handler`` the 👍, …)."""
    return {d["api_name"]: d["id"] for d in client.get("/config").json()["dependencies"]}


def join(client, fn_index: Any, data: list[Any], session_hash: str):
    return client.post("/gradio_api/queue/join",
                       json={"fn_index": fn_index, "data": data, "session_hash": session_hash, "trigger_id": None})


def call(client, fn_index: int, data: list[Any], session_hash: str | None = None) -> list[Any]:
    """Run one page function through Gradio's queue, as the browser does; its output values."""
    session_hash = session_hash or secrets.token_hex(6)
    joined = join(client, fn_index, data, session_hash)
    assert joined.status_code == 200, joined.text[:300]
    with client.stream("GET", f"/gradio_api/queue/data?session_hash={session_hash}") as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed":
                assert message.get("success"), message
                return message["output"]["data"]
    raise AssertionError("no process_completed message")


def chat_text(chat: Any) -> str:
    return json.dumps(chat, ensure_ascii=False)


def _vietnamese(response) -> str:
    detail = response.json()["detail"]
    assert any(ch in detail.lower() for ch in VIETNAMESE), detail
    return detail


# -- private functions ------------------------------------------------------------------------------
@pytest.mark.parametrize("fn_index", [999, -1, "1", None, 1.5, True])
def test_an_invalid_fn_index_is_a_vietnamese_400_without_traceback(client, fn_index, capfd) -> None:
    response = join(client, fn_index, [], "phien-thu")
    assert response.status_code == 400
    _vietnamese(response)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


@pytest.mark.parametrize("fn_index", [999, -1, None, "x"])
def test_an_invalid_fn_index_on_the_unqueued_route_is_refused_too(client, fn_index, capfd) -> None:
    """The page posts its queue=False events (mode switch, new conversation…) to /gradio_api/run/predict."""
    response = client.post("/gradio_api/run/predict", json={"fn_index": fn_index, "data": [], "session_hash": "s"})
    assert response.status_code == 400
    _vietnamese(response)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


def test_the_pages_unqueued_events_still_run(client, fns) -> None:
    response = client.post("/gradio_api/run/predict",
                           json={"fn_index": fns["on_mode"], "data": ["staff"], "session_hash": "s", "trigger_id": 7})
    assert response.status_code == 200 and response.json()["data"][0]["visible"] is True


def test_a_js_only_event_cannot_be_run_on_the_server(client, fns, capfd) -> None:
    """The page's 'working…' indicator has no Python function: Gradio used to log a traceback for it."""
    js_only = [i for name, i in fns.items() if name.startswith("js_fn")]
    assert js_only
    for fn_index in js_only:
        assert join(client, fn_index, [], "phien-thu").status_code == 400
        assert client.post("/gradio_api/run/predict", json={"fn_index": fn_index, "data": []}).status_code == 400
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


def test_every_page_event_but_ask_is_private(client, fns) -> None:
    public = [d["api_name"] for d in client.get("/config").json()["dependencies"] if d["api_visibility"] == "public"]
    assert public == ["ask"]
    assert set(client.get("/gradio_api/info").json()["named_endpoints"]) == {"/ask"}


@pytest.mark.parametrize("route", ["/gradio_api/call/{name}", "/gradio_api/call/v2/{name}", "/gradio_api/run/{name}",
                                   "/gradio_api/api/{name}"])
@pytest.mark.parametrize("name", ["on_new_chat", "handler", "handler_1", "today", "lambda", "on_mode", "js_fn", "khong_co"])
def test_private_functions_are_not_callable_by_name(client, route, name) -> None:
    response = client.post(route.format(name=name), json={"data": []})
    assert response.status_code == 403
    assert "không mở cho bên ngoài" in _vietnamese(response)


def test_the_public_ask_endpoint_keeps_its_signature_and_keeps_nothing(client) -> None:
    """Gradio's public `ask(question, mode)`, as before the token; it starts no server-side conversation."""
    info = client.get("/gradio_api/info").json()["named_endpoints"]["/ask"]
    assert [p["parameter_name"] for p in info["parameters"]] == ["question", "mode"]
    response = client.post("/gradio_api/call/ask", json={"data": [QUESTION, "citizen"]})
    assert response.status_code == 200
    result = client.get(f"/gradio_api/call/ask/{response.json()['event_id']}").text
    assert "event: complete" in result
    values = json.loads(result.split("data:", 1)[1].strip().splitlines()[0])
    assert len(values) == 6 and "Số định danh" in chat_text(values[1])


# -- conversations: an unguessable server-side token, not the session hash ----------------------------
def test_a_session_hash_alone_does_not_read_a_conversation(client, fns) -> None:
    victim = secrets.token_hex(6)
    first = call(client, fns["on_ask"], ["Công dân có quyền gì đối với thông tin của mình?", "", "citizen", None], victim)
    token = first[2]
    assert isinstance(token, str) and len(token) >= 43  # secrets.token_urlsafe(32)
    follow = call(client, fns["on_ask"], ["còn nghĩa vụ thì sao?", token, "citizen", None], victim)
    assert "Công dân có quyền gì" in chat_text(follow[1]) and follow[2] == token  # the owner keeps the thread

    # The attacker knows the victim's session_hash (it travels in clear in every queue URL).
    deep = client.get(f"/gradio_api/deep_link?session_hash={victim}")
    assert deep.status_code == 403 and "Công dân" not in deep.text
    for guess in ("", "null", secrets.token_urlsafe(32)):
        stolen = call(client, fns["on_ask"], [QUESTION, guess, "citizen", None], victim)
        assert "Công dân có quyền gì" not in chat_text(stolen[1])
        assert "nghĩa vụ" not in chat_text(stolen[1]) and stolen[2] != token


def test_two_sessions_do_not_see_each_others_history(client, fns) -> None:
    a = call(client, fns["on_ask"], ["Công dân có quyền gì đối với thông tin của mình?", "", "citizen", None])
    b = call(client, fns["on_ask"], [QUESTION, "", "citizen", None])
    assert a[2] != b[2]
    b2 = call(client, fns["on_ask"], ["còn gì nữa?", b[2], "citizen", None])
    assert "Số định danh" in chat_text(b2[1]) and "Công dân có quyền" not in chat_text(b2[1])


def test_feedback_needs_the_token_of_the_conversation(client, fns) -> None:
    answered = call(client, fns["on_ask"], [QUESTION, "", "citizen", None])
    refused = call(client, fns["handler"], ["", "hay"])            # no token: nothing to rate
    assert "Hãy đặt câu hỏi trước" in refused[0]
    thanked = call(client, fns["handler"], [answered[2], "hay"])
    assert "Cảm ơn" in thanked[0]


def test_the_conversation_store_is_bounded_in_number_age_and_turns() -> None:
    now = [0.0]
    store: ConversationStore[str] = ConversationStore(max_sessions=3, ttl_s=60.0, max_turns=2, clock=lambda: now[0])
    tokens = [store.start() for _ in range(5)]
    assert len(store) == 3 and store.get(tokens[0]) is None and store.get(tokens[4]) is not None
    store.get(tokens[2])                       # used: now the most recent
    store.start()
    assert store.get(tokens[2]) is not None and store.get(tokens[3]) is None  # least recently used dropped
    store.put(tokens[2], Conversation(turns=("a", "b", "c")))
    assert store.get(tokens[2]).turns == ("b", "c")
    now[0] = 61.0
    assert store.get(tokens[2]) is None and len(store) == 0
    assert store.get(None) is None and store.get("") is None
    assert len({store.start() for _ in range(100)}) == 100


def test_ten_thousand_page_loads_keep_at_most_max_sessions() -> None:
    store: ConversationStore[str] = ConversationStore(max_sessions=100)
    for _ in range(10_000):
        store.put(store.start(), Conversation(turns=("x",)))
    assert len(store) == 100


# -- feedback spam --------------------------------------------------------------------------------------
def test_feedback_is_rate_limited_per_client_in_vietnamese(settings) -> None:
    from fastapi.testclient import TestClient

    from app import build_app
    from bot.service import AnswerService
    from web.security import FEEDBACK_LIMIT

    service = AnswerService(settings, embedder=HashEmbedder())
    with TestClient(build_app(service), raise_server_exceptions=False) as http:
        ids = {d["api_name"]: d["id"] for d in http.get("/config").json()["dependencies"]}
        allowed = int(FEEDBACK_LIMIT.split("/")[0])
        codes = [join(http, ids["handler" if n % 2 else "handler_1"], ["", "spam"], "spammer").status_code
                 for n in range(allowed + 3)]
        assert codes[:allowed] == [200] * allowed and codes[allowed:] == [429] * 3
        refused = join(http, ids["handler"], ["", "spam"], "spammer")
        assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
        assert "góp ý quá nhiều" in _vietnamese(refused)
        # answering is a separate budget: the spammer can still ask
        assert http.post("/api/ask", json={"question": QUESTION}).status_code == 200
        assert join(http, ids["on_ask"], [QUESTION, "", "citizen", None], "spammer").status_code == 200


def test_long_page_questions_spend_more_of_the_budget(settings) -> None:
    """2 units (the embedder reads the last 500 characters) against a budget of 5: the third is refused."""
    from fastapi.testclient import TestClient

    from app import build_app
    from bot.service import AnswerService

    long_question = ("Kết nối, chia sẻ dữ liệu dân cư theo Thông tư 46 " * 60)[:1990]  # embedded: last 500 = 2 units
    service = AnswerService(settings.with_(rate_limit="5/minute"), embedder=HashEmbedder())
    with TestClient(build_app(service), raise_server_exceptions=False) as http:
        ids = {d["api_name"]: d["id"] for d in http.get("/config").json()["dependencies"]}
        codes = [join(http, ids["on_ask"], [long_question, "", "citizen", None], f"s{n}").status_code for n in range(3)]
        assert codes == [200, 200, 429]
        assert join(http, ids["on_ask"], [QUESTION, "", "citizen", None], "s9").status_code == 200
