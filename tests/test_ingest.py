"""Ingest: idempotent, incremental, atomic; bad corpus files reported; empty corpus refused.

Uses a deterministic embedder so counts are exact; the real-model paths are in test_ingest_real.py.
"""

from __future__ import annotations


import pytest

from bot.index import load_index
from core.errors import CorpusError, IndexMissingError
from core.settings import Settings
from ingest import index_layout
from ingest.pipeline import run_ingest
from tests.helpers import HashEmbedder, small_corpus


@pytest.fixture
def setup(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    return settings, HashEmbedder()


def test_unchanged_corpus_reingests_with_zero_embeddings(setup):
    settings, embedder = setup
    first = run_ingest(settings, embedder=embedder)
    assert first.embedded == first.chunks > 10 and first.cached == 0
    second = run_ingest(settings, embedder=embedder)
    assert (second.chunks, second.embedded, second.removed) == (first.chunks, 0, 0)
    assert second.generation == first.generation
    assert len(embedder.embedded) == first.chunks


def test_changed_article_reembeds_only_its_chunks(setup):
    settings, embedder = setup
    first = run_ingest(settings, embedder=embedder)
    law = settings.corpus_dir / "laws" / "tt-46-2022-bca.md"
    text = law.read_text(encoding="utf-8")
    law.write_text(text.replace("1. Xây dựng tài liệu hướng dẫn", "1. Xây dựng, cập nhật tài liệu hướng dẫn"), encoding="utf-8")
    embedder.embedded.clear()
    second = run_ingest(settings, embedder=embedder)
    # its khoản 1 and the whole-article chunk of Điều 11, nothing else
    assert second.embedded == 2 and second.cached == first.chunks - 2
    assert len(embedder.embedded) == 2 and all(t.startswith("Thông tư 46/2022/TT-BCA — Điều 11.") for t in embedder.embedded)
    index = load_index(settings)
    assert index.generation == second.generation != first.generation
    assert "cập nhật tài liệu" in index.article("46/2022/TT-BCA", 11).clause(1).text


def test_removed_file_chunks_are_deleted(setup):
    settings, embedder = setup
    first = run_ingest(settings, embedder=embedder)
    (settings.corpus_dir / "faq" / "faq-003.md").unlink()
    second = run_ingest(settings, embedder=embedder)
    assert second.removed == 1 and second.chunks == first.chunks - 1 and second.embedded == 0
    assert all(c.id != "faq:faq-003" for c in load_index(settings).chunks)


def test_old_generations_and_collections_are_cleaned_up(setup):
    settings, embedder = setup
    gens = []
    for word in ("một", "hai", "ba"):
        faq = settings.corpus_dir / "faq" / "faq-001.md"
        faq.write_text(faq.read_text(encoding="utf-8") + f"\n{word}\n", encoding="utf-8")
        gens.append(run_ingest(settings, embedder=embedder).generation)
    kept = sorted(p.name for p in settings.index_dir.iterdir() if p.is_dir())
    assert kept == sorted(gens[-2:])
    from ingest.stores import chroma_client

    names = sorted(c.name for c in chroma_client(settings).list_collections())
    assert names == sorted(index_layout.collection_name(g) for g in gens[-2:])


def test_broken_file_is_skipped_unless_strict(setup):
    settings, embedder = setup
    (settings.corpus_dir / "laws" / "broken.md").write_text("---\nloai: [\n---\n", encoding="utf-8")
    report = run_ingest(settings, embedder=embedder)
    assert report.documents == 1 and len(report.problems) == 1 and "broken.md" in report.problems[0]
    with pytest.raises(CorpusError, match="broken.md"):
        run_ingest(settings, strict=True, embedder=embedder)


def test_empty_corpus_is_an_error(tmp_path):
    (tmp_path / "corpus" / "laws").mkdir(parents=True)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    with pytest.raises(CorpusError, match="Không có văn bản"):
        run_ingest(settings, embedder=HashEmbedder())


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissingError, match="dancu ingest"):
        load_index(Settings(data_dir=tmp_path / "nothing"))


def test_a_failed_ingest_keeps_serving_the_previous_generation(setup):
    settings, embedder = setup
    first = run_ingest(settings, embedder=embedder)

    class Exploding(HashEmbedder):
        def embed(self, texts, role):
            raise RuntimeError("mất điện giữa chừng")

    law = settings.corpus_dir / "laws" / "tt-46-2022-bca.md"
    law.write_text(law.read_text(encoding="utf-8") + "\nĐiều 12. Điều mới\nNội dung mới.\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        run_ingest(settings, embedder=Exploding())
    assert index_layout.current_generation(settings.index_dir) == first.generation
    assert load_index(settings).generation == first.generation


def test_extra_qa_pages_are_ingested_as_external_faq(setup):
    from tests.conftest import shared_path

    settings, embedder = setup
    seed_dir = shared_path("seed")
    report = run_ingest(settings.with_(extra_dirs=(seed_dir,)), embedder=embedder)
    index = load_index(settings)
    external = [c for c in index.chunks if c.kind == "faq_external"]
    assert {(c.so_hieu, c.article) for c in external} == {("46/2022/TT-BCA", 3), ("46/2022/TT-BCA", 7), ("46/2022/TT-BCA", 11)}
    assert report.chunks == len(index.chunks)
