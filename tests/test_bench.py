"""The benchmark tooling itself: statistics, tables, the synthetic corpus, the load client, the CLI.

No timing is asserted here (benchmarks print numbers; tests check the tools are right).
"""

from __future__ import annotations

import json
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from benchmarks.questions import PREFIXES, SUFFIXES, load_questions, variants
from benchmarks.random_embedder import RandomUnitEmbedder
from benchmarks.report import Table, dir_size, percentile, ratio
from dancu.cli import build_parser
from core.errors import UserError
from core.settings import DEFAULT_CORPUS


@pytest.mark.parametrize("values,q,expected", [
    ([1, 2, 3, 4], 50, 2.5),
    ([1, 2, 3, 4], 0, 1),
    ([1, 2, 3, 4], 100, 4),
    ([10], 95, 10),
    ([3, 1, 2], 50, 2),
    (list(range(1, 101)), 95, 95.05),
])
def test_percentile_interpolates_like_numpy(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_of_nothing_is_nan_and_q_is_checked():
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError, match="q must be within"):
        percentile([1], 101)


def test_ratio_formats_and_guards_zero():
    assert ratio(30.0, 15.0) == "2.00×"
    assert ratio(1.0, 0.0) == "—"
    assert ratio(float("nan"), 1.0) == "—"


def test_table_markdown_escapes_pipes_and_checks_width():
    table = Table("T", ("a", "b"), (("x|y", "1"),), ("note",))
    text = table.to_markdown()
    assert "### T" in text and "| x\\|y | 1 |" in text and "- note" in text and "|---|---|" in text
    with pytest.raises(ValueError, match="2 columns"):
        Table("T", ("a", "b"), (("only one",),))


def test_dir_size_counts_files(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 5)
    assert dir_size(tmp_path) == 15
    assert dir_size(tmp_path / "missing") == 0


def test_random_embedder_gives_fixed_unit_vectors():
    embedder = RandomUnitEmbedder(dim=16, seed=3)
    a = embedder.embed(["một", "hai", "một"], "passage")
    assert a.shape == (3, 16) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
    assert np.array_equal(a[0], a[2]) and not np.array_equal(a[0], a[1])
    assert not np.array_equal(embedder.embed(["một"], "query")[0], a[0])
    assert np.array_equal(RandomUnitEmbedder(dim=16, seed=3).embed(["hai"], "passage")[0], a[1])
    assert embedder.embed([], "query").shape == (0, 16)
    with pytest.raises(ValueError, match="dim must be > 0, got 0"):
        RandomUnitEmbedder(dim=0)


def test_dev_questions_load_and_variants_are_distinct():
    questions = load_questions(limit=5)
    assert len(questions) == 5 and all(isinstance(q, str) and q for q in questions)
    stream = variants(questions)
    first = [next(stream) for _ in range(5 * len(PREFIXES) * len(SUFFIXES))]
    assert len(set(first)) == len(first)
    assert first[:5] == questions


def test_bad_questions_file_is_a_user_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(UserError, match="bad.jsonl:2"):
        load_questions(bad)
    with pytest.raises(UserError, match="Không đọc được"):
        load_questions(tmp_path / "missing.jsonl")


def test_synthetic_documents_parse_and_give_one_chunk_per_clause(tmp_path):
    from benchmarks.synthetic import CHUNKS_PER_DOCUMENT, build_corpus
    from ingest.chunking import corpus_chunks
    from ingest.corpus import load_corpus

    real = load_corpus(DEFAULT_CORPUS)
    real_chunks = len(corpus_chunks(real))
    documents = build_corpus(DEFAULT_CORPUS, tmp_path / "corpus", 3 * CHUNKS_PER_DOCUMENT)
    corpus = load_corpus(tmp_path / "corpus")
    assert documents == 3 and corpus.problems == []
    assert len(corpus.laws) == len(real.laws) + 3
    chunks = corpus_chunks(corpus)
    synthetic = [c for c in chunks if c.so_hieu.endswith("/2099/TT-TH")]
    assert len(synthetic) >= 0.95 * 3 * CHUNKS_PER_DOCUMENT
    assert len(chunks) - len(synthetic) == real_chunks
    vocabulary = {w for c in real.laws for a in c.articles for w in a.body.split()}
    words = [w for c in synthetic for w in c.body.split()[1:]]
    assert sum(w.rstrip(".") in vocabulary or w in vocabulary for w in words) / len(words) > 0.95
    again = tmp_path / "again"
    build_corpus(DEFAULT_CORPUS, again, CHUNKS_PER_DOCUMENT)
    first = sorted((tmp_path / "corpus" / "laws").glob("tt-tonghop-000001.md"))[0]
    assert (again / "laws" / first.name).read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["http://example.com/api/ask", "https://127.0.0.1/api/ask", "http://10.0.0.1:7860/api/ask"])
def test_load_refuses_anything_but_loopback(url):
    from benchmarks.load import check_loopback

    with pytest.raises(UserError, match="127.0.0.1"):
        check_loopback(url)


class _FakeApi(BaseHTTPRequestHandler):
    """Answers every other request with 500, the rest with an answer object."""

    count = 0
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with _FakeApi.lock:
            _FakeApi.count += 1
            fail = _FakeApi.count % 2 == 0
        payload = b'{"detail": "x"}' if fail else json.dumps({"answer": body["question"], "latency_ms": 1.5}).encode()
        self.send_response(500 if fail else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def test_load_client_counts_answers_and_errors():
    from benchmarks.load import load_table, run_clients

    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/ask"
        result = run_clients(url, clients=3, duration_s=0.5, questions=["Căn cước là gì?"])
    finally:
        server.shutdown()
    total = result.ok + sum(result.errors.values())
    assert total == _FakeApi.count and result.ok > 0
    assert set(result.errors) == {"HTTP 500"} and abs(result.ok - result.errors["HTTP 500"]) <= 3
    assert result.server_ms and set(result.server_ms) == {1.5}
    table = load_table([result], url, 0.5)
    assert table.rows[0][0] == "3" and "HTTP 500" in table.rows[0][-1]


def test_breakdown_reads_the_stage_timings_the_pipeline_reports(tmp_path):
    """Stage times come from Answer.timings: every stage of an answered question is there, refusals skip retrieval."""
    from benchmarks.breakdown import STAGES, breakdown_table, measure
    from bot import AnswerService
    from core.settings import Settings
    from ingest.pipeline import run_ingest
    from tests.helpers import HashEmbedder, small_corpus

    embedder = HashEmbedder(dim=16)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus(tmp_path / "corpus"))
    run_ingest(settings, embedder=embedder)
    service = AnswerService(settings, embedder=embedder)
    per_question, totals = measure(service, ["Quy trình kết nối gồm mấy bước?", "   ", "Căn cước công dân là gì?"])
    assert len(per_question) == len(totals) == 2  # the blank question is a user error, not a sample
    assert all(set(q) >= {"read", "check", "embed_query", "dense_search", "lexical_rank"} for q in per_question)
    assert all(q["embed_query"] > 0 and q["dense_search"] > 0 for q in per_question)
    assert all(sum(q[k] for k, _ in STAGES if k in q) <= total for q, total in zip(per_question, totals))
    table = breakdown_table(per_question, totals)
    assert len(table.rows) == len(STAGES) + 1


@pytest.mark.parametrize("argv,field,value", [
    (["bench", "scale", "--sizes", "1000,20_000"], "sizes", [1000, 20000]),
    (["bench", "load", "--clients", "2", "--duration", "5"], "clients", [2]),
    (["bench", "latency", "--no-naive", "--limit", "3"], "limit", 3),
    (["bench", "all", "--duration", "1"], "duration", 1.0),
])
def test_bench_arguments(argv, field, value):
    args = build_parser().parse_args(argv)
    assert getattr(args, field) == value


@pytest.mark.parametrize("argv", [["bench"], ["bench", "scale", "--sizes", "0"], ["bench", "load", "--duration", "-1"],
                                  ["bench", "load", "--clients", "a,b"]])
def test_bench_bad_arguments_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(argv)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_every_bench_option_has_help():
    import argparse

    parser = build_parser()
    bench = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == "bench")[1]
    sub = next(a for a in bench._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        for action in p._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"dancu bench {name} {action.option_strings} has no help"


def test_bench_latency_without_index_is_a_clear_message(tmp_path, capsys):
    from dancu.cli import main

    assert main(["--data-dir", str(tmp_path / "none"), "bench", "latency", "--no-naive", "--no-cold", "--no-threads"]) == 1
    assert "dancu ingest" in capsys.readouterr().err
