"""`dancu bench attack --json`: normal questions alone, then under attack, in one run; here on a tiny in-process
server (small corpus, hash embedder, the whole app with its guard) for a few seconds: the command runs, the
attackers are refused as the limits say, and the last line is the JSON summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import UserError
from core.settings import Settings
from tests.helpers import HashEmbedder, small_corpus
from tests.test_hostile_cancel import serve_app  # noqa: F401  (fixture)

KEYS = {"alone_p50_ms", "alone_p95_ms", "attack_p50_ms", "attack_p95_ms", "ratio_p50", "ratio_p95", "alone_answers",
        "attack_answers", "alone_errors", "attack_errors", "attack_responses"}


def test_bench_attack_prints_both_phases_and_the_json_keys(tmp_path: Path, serve_app, capsys,  # noqa: F811
                                                          monkeypatch) -> None:
    import web.security
    from app import build_app
    from benchmarks.cli import run_bench_command
    from bot.service import AnswerService
    from dancu.cli import build_parser
    from ingest.pipeline import run_ingest

    embedder = HashEmbedder()
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus(tmp_path / "corpus"), rate_limit="60/minute")
    run_ingest(settings, embedder=embedder)
    monkeypatch.setattr(web.security, "BURST_LIMIT", "20 per 10 seconds")  # a 3 s flood reaches it on a busy machine
    service = AnswerService(settings, embedder=embedder)
    service.load()
    url = serve_app(build_app(service)) + "/api/ask"
    args = build_parser().parse_args(["bench", "attack", "--url", url, "--seconds", "3", "--users", "2",
                                      "--rate-limit", "60/minute", "--limit", "5", "--json"])
    assert run_bench_command(args, settings) == 0
    out = capsys.readouterr().out
    summary = json.loads(out.strip().splitlines()[-1])
    assert set(summary) == KEYS
    assert summary["alone_answers"] > 0 and summary["attack_answers"] > 0
    assert summary["ratio_p95"] is not None and summary["ratio_p95"] > 0
    responses = summary["attack_responses"]
    assert set(responses) == {"big", "gradio", "flood", "slow"}
    assert "429" in responses["flood"]          # the flood hits the burst limit
    assert "200" in responses["big"]            # the heaviest accepted body is accepted…
    assert "Attack: normal questions alone" in out and "under attack" in out


def test_bench_attack_is_loopback_only() -> None:
    from benchmarks.attack import QuestionFeed, run_phase

    with pytest.raises(UserError, match="Chỉ đo tải trên máy này"):
        run_phase("alone", "http://10.0.0.1:7860/api/ask", QuestionFeed(["Căn cước là gì?"]), 1.0, 1, 1.0)


def test_the_two_phases_never_ask_the_same_question() -> None:
    from benchmarks.attack import QuestionFeed

    feed = QuestionFeed(["Căn cước là gì?", "Số định danh cá nhân là gì?"])
    first, second = [feed() for _ in range(20)], [feed() for _ in range(20)]
    assert not set(first) & set(second)


def test_the_worst_body_is_at_every_cap_and_accepted_by_the_api_model() -> None:
    import random

    from benchmarks.attack import MAX_BODY_BYTES, legal_text, worst_body
    from web.api import MAX_HISTORY_CHARS, MAX_USER_TURN_CHARS, AskRequest

    text = legal_text()
    for follow_up in (False, True):
        body = worst_body(text, random.Random(1), follow_up)
        assert len(body) <= MAX_BODY_BYTES
        request = AskRequest.model_validate_json(body)
        assert len(request.history) == 20
        assert max(len(t.content) for t in request.history if t.role == "user") == MAX_USER_TURN_CHARS
        assert sum(len(t.content) for t in request.history) == MAX_HISTORY_CHARS
        assert request.history[-1].role == "user"  # a follow-up is joined to it
