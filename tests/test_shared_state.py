"""Several processes, shared state (issue #13): two `dancu serve` processes on one data directory, a real
`chroma run` server as their vector store and a real PostgreSQL as their database. Both answer `/api/ask` with
a citation, both take a 👍/👎 through the page's queue (as the browser sends it), and every row of both lands in
the one database, personal data masked.

One index build for the session (``real_settings``); the Chroma server is filled from its embedding cache.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from core.settings import Settings
from tests.helpers import running_chroma
from tests.test_api import SEED_PRIVACY, running_server
from web.feedback import PHONE_MASK, FeedbackStore

pytestmark = pytest.mark.slow


class Page:
    """The page's Gradio queue over HTTP, as the browser drives it: the events are found in ``/config`` by the
    elem_id of the component that triggers them, inputs are filled by elem_id."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        config = http.get("/config").json()
        self.elem_ids = {c["id"]: c.get("props", {}).get("elem_id") for c in config["components"]}
        self.dependencies = config["dependencies"]
        self.session_hash = secrets.token_hex(6)
        self.values: dict[str, Any] = {"mode": "citizen", "session-token": ""}

    def _event(self, elem_id: str, trigger: str) -> dict[str, Any]:
        """The event with a Python function that ``trigger`` on ``elem_id`` runs (not the js-only helpers)."""
        for dep in self.dependencies:
            targets = [(self.elem_ids.get(t[0]), t[1]) for t in dep.get("targets", [])]
            if (elem_id, trigger) in targets and dep.get("backend_fn", True) and dep.get("outputs"):
                return dep
        raise AssertionError(f"no server event for {trigger} on #{elem_id}")

    def run(self, elem_id: str, trigger: str) -> dict[str, Any]:
        """Run the event; returns the new values of its outputs by elem_id."""
        dep = self._event(elem_id, trigger)
        data = [self.values.get(self.elem_ids.get(i)) for i in dep["inputs"]]
        joined = self.http.post("/gradio_api/queue/join", json={
            "fn_index": dep["id"], "data": data, "session_hash": self.session_hash, "trigger_id": None})
        assert joined.status_code == 200, joined.text[:300]
        with self.http.stream("GET", f"/gradio_api/queue/data?session_hash={self.session_hash}") as stream:
            for line in stream.iter_lines():
                message = json.loads(line[5:]) if line.startswith("data:") else {}
                if message.get("msg") == "process_completed":
                    assert message.get("success"), message
                    outputs = dict(zip((self.elem_ids.get(o) for o in dep["outputs"]), message["output"]["data"]))
                    if outputs.get("session-token"):  # the conversation's token, sent back with the next event
                        self.values["session-token"] = outputs["session-token"]
                    return outputs
        raise AssertionError("the queue closed without process_completed")

    def ask(self, question: str) -> None:
        self.values["question"] = question
        self.run("question", "submit")

    def rate(self, rating: str, comment: str) -> str:
        self.values["comment"] = comment
        return str(self.run(f"feedback-{rating}", "click").get("feedback-status"))


@pytest.fixture
def chroma_data_dir(warm_data_dir: Path, tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A data directory whose index lives in a `chroma run` server (vectors from the session's cache)."""
    from ingest.pipeline import run_ingest

    with running_chroma(tmp_path / "chroma-server") as port:
        report = run_ingest(Settings(data_dir=warm_data_dir, chroma_host="127.0.0.1", chroma_port=port))
        assert report.embedded == 0, "the vectors come from the session's embedding cache"
        yield warm_data_dir, port


def test_two_servers_one_data_dir_a_chroma_server_and_postgresql(chroma_data_dir, postgres_server,
                                                                 tmp_path: Path) -> None:
    data, chroma_port = chroma_data_dir
    database = postgres_server.new_database("serve")
    env = {**os.environ, "DANCU_DATA_DIR": str(data), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port),
           "DANCU_DATABASE_URL": database, "GRADIO_ANALYTICS_ENABLED": "False"}
    with running_server(env, tmp_path / "first.log") as (first, _), \
            running_server(env, tmp_path / "second.log") as (second, _):
        assert first != second
        for number, base in enumerate((first, second), start=1):
            with httpx.Client(base_url=base, timeout=180) as http:
                response = http.post("/api/ask", json={"question": SEED_PRIVACY})
                assert response.status_code == 200, response.text[:500]
                body = response.json()
                assert not body["refused"] and body["citations"], body
                assert (body["citations"][0]["so_hieu"], body["citations"][0]["article"]) == ("46/2022/TT-BCA", 3)
                page = Page(http)
                page.ask(SEED_PRIVACY)
                status = page.rate("up" if number == 1 else "down", f"máy chủ {number}, gọi tôi 0912 345 678")
                assert "Cảm ơn" in status, status
        health = [httpx.get(f"{base}/api/health", timeout=30).json() for base in (first, second)]
        assert health[0]["index"] == health[1]["index"], "both serve the same generation"

    rows = FeedbackStore(database).rows()
    assert [(r["rating"], r["comment"]) for r in rows] == [("up", f"máy chủ 1, gọi tôi {PHONE_MASK}"),
                                                            ("down", f"máy chủ 2, gọi tôi {PHONE_MASK}")]
    assert all(r["question"] == SEED_PRIVACY for r in rows)
    assert not (data / "feedback.sqlite").exists(), "with DANCU_DATABASE_URL nothing goes to a local file"
    assert not (data / "chroma").exists(), "with a Chroma server nothing goes to a local vector store"
