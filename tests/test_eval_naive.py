"""The naive baseline on a tiny corpus with a deterministic bag-of-words embedder (exact assertions)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from evals.naive import CachedEmbeddings, NaiveRag, law_provenance, line_map, load_documents, split_documents
from ingest.embedding_cache import EmbeddingCache


class BagOfWords:
    """Vectors from hashed lower-cased words: texts sharing words are close, known exactly."""

    name = "test-bow-64"

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts, role):
        self.calls += len(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


LAW = """---
so_hieu: "1/2024/TT-X"
title: "Thông tư thử"
loai: "Thông tư"
---

Điều 1. Phạm vi
Thông tư này quy định về cây cam.
Điều 2. Trách nhiệm
1. Người trồng tưới nước cho cây cam mỗi ngày.
2. Người bán bảo quản quả chanh trong kho lạnh.
Điều 3. Hiệu lực
Thông tư có hiệu lực từ ngày ký.
"""

FAQ = """---
id: faq-1
question: "Ai bảo quản quả chanh?"
type: responsibility
conclusion: "Người bán."
cites:
  - {so_hieu: "1/2024/TT-X", article: 2, clause: 2}
---
Khoản 2 Điều 2 nói người bán bảo quản quả chanh.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "laws").mkdir()
    (tmp_path / "faq").mkdir()
    (tmp_path / "laws" / "tt.md").write_text(LAW, encoding="utf-8")
    (tmp_path / "laws" / "README.md").write_text("not a law", encoding="utf-8")
    (tmp_path / "faq" / "faq-1.md").write_text(FAQ, encoding="utf-8")
    return tmp_path


def test_line_map_tracks_article_and_clause() -> None:
    body = "Điều 1. A\nchữ\nĐiều 2. B\n1. một\nb) tiếp\n2. hai\n"
    lines = line_map(body)
    assert [(l.article, l.clause, l.heading) for l in lines[:6]] == [
        (1, None, True), (1, None, False), (2, 0, True), (2, 1, False), (2, 1, False), (2, 2, False)]


def test_law_provenance_cites_the_article_owning_most_of_the_chunk() -> None:
    body = "Điều 1. A\nchữ\nĐiều 2. B\n1. một một một một\n2. hai hai hai hai hai\n"
    lines = line_map(body)
    start = body.index("1. một")
    covers, cite = law_provenance(lines, "X", start, len(body) - start)
    assert covers == frozenset({("X", 2, 1), ("X", 2, 2)})
    assert (cite.so_hieu, cite.article, cite.clause) == ("X", 2, 2)  # khoản 2 has more characters
    covers, cite = law_provenance(lines, "X", 0, len(body))
    assert (cite.article, cite.clause) == (2, None)  # heading inside the chunk: the whole article


def test_documents_keep_law_body_and_whole_faq(corpus: Path) -> None:
    docs = load_documents(corpus)
    assert [d.metadata["source"] for d in docs] == ["laws/tt.md", "faq/faq-1.md"]
    assert docs[0].page_content.lstrip().startswith("Điều 1. Phạm vi") and docs[0].metadata["so_hieu"] == "1/2024/TT-X"
    assert "question:" in docs[1].page_content
    chunks = split_documents(docs, chunk_size=80, chunk_overlap=0)
    assert all(len(c.text) <= 80 for c in chunks)
    assert chunks[-1].covers == frozenset({("1/2024/TT-X", 2, 2)})


def test_naive_rag_answers_with_the_top_chunk_and_its_article(corpus: Path, tmp_path: Path) -> None:
    embedder = BagOfWords()
    rag = NaiveRag(corpus, embedder, cache_path=tmp_path / "cache" / "e.sqlite", top_k=3, chunk_size=80, chunk_overlap=0)
    try:
        out = rag.answer("người trồng tưới nước cho cây cam")
        assert out.citations[0].article == 2 and out.citations[0].clause == 1
        assert out.answer.startswith("1. Người trồng tưới nước") and not out.refused
        assert len(out.retrieved) == 3 and ("1/2024/TT-X", 2, 1) in out.retrieved[0].covers
        assert out.citations[0].quote == out.answer
        embedded = rag.embeddings.embedded
        assert embedded == len(rag.chunks)
    finally:
        rag.close()
    # A second baseline over the same files takes every passage vector from the cache.
    again = NaiveRag(corpus, embedder, cache_path=tmp_path / "cache" / "e.sqlite", top_k=3, chunk_size=80, chunk_overlap=0)
    try:
        again.warm_up()
        assert again.embeddings.embedded == 0
    finally:
        again.close()


def test_naive_collection_carries_our_embedding_function(corpus: Path) -> None:
    rag = NaiveRag(corpus, BagOfWords(), chunk_size=80, chunk_overlap=0)
    try:
        rag.warm_up()
        collection = rag._store._collection
        assert collection.configuration_json["embedding_function"]["name"] == "dancu"
        assert collection._embedding_function is None  # LangChain embeds; Chroma never embeds by itself
    finally:
        rag.close()


def test_cached_embeddings_do_not_mix_query_and_passage_vectors(tmp_path: Path) -> None:
    class RoleAware(BagOfWords):
        def embed(self, texts, role):
            vectors = super().embed(texts, role)
            return vectors if role == "passage" else -vectors

    cache = EmbeddingCache(tmp_path / "e.sqlite")
    emb = CachedEmbeddings(RoleAware(), cache)
    passage = emb.embed_documents(["cây cam"])[0]
    assert emb.embed_query("cây cam") == [-v for v in passage]
    cache.close()


@pytest.mark.parametrize("kwargs, message", [({"top_k": 0}, "top_k must be > 0, got 0"),
                                             ({"chunk_size": 100, "chunk_overlap": 100}, "chunk_overlap < chunk_size")])
def test_naive_rag_validates_its_settings(corpus: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NaiveRag(corpus, BagOfWords(), **kwargs)
