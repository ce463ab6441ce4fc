"""Loading the corpus (and reporting broken files) and cutting it into chunks with stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.settings import DEFAULT_CORPUS
from ingest.chunking import LONG_CLAUSE_CHARS, corpus_chunks
from ingest.corpus import load_corpus
from tests.helpers import small_corpus

LAW = """---
id: thu-nghiem
so_hieu: "1/2099/TT-BCA"
title: "Thông tư thử nghiệm"
short_title: "Thông tư 1/2099/TT-BCA"
loai: "Thông tư"
status: {{text: "không rõ", source: "", checked: "2026-11-27"}}
completeness: {{level: full, articles: "Điều 1–2"}}
---
{body}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_real_corpus_loads_without_problems():
    corpus = load_corpus(DEFAULT_CORPUS)
    assert corpus.problems == []
    assert {d.so_hieu for d in corpus.laws} == {
        "46/2022/TT-BCA", "26/2023/QH15", "70/2024/NĐ-CP", "13/2023/NĐ-CP", "69/2024/NĐ-CP", "17/2024/TT-BCA", "59/2014/QH13",
        "58/2026/NĐ-CP",
    }
    assert len(corpus.faqs) >= 25
    tt46 = corpus.law("46/2022/TT-BCA")
    assert tt46.is_partial and tt46.ngay_hieu_luc == "2022-12-19"
    assert not corpus.law("59/2014/QH13").in_force


def test_broken_files_are_reported_with_file_and_line_and_the_rest_loads(tmp_path):
    root = small_corpus(tmp_path / "c")
    _write(root / "laws", "bad-yaml.md", "---\nso_hieu: [unclosed\n---\nĐiều 1. A\n")
    _write(root / "laws", "no-articles.md", LAW.format(body="Chỉ có lời nói đầu, không có điều nào."))
    (root / "laws" / "latin1.md").write_bytes("---\nso_hieu: x\n---\nĐiều 1. Á".encode("latin-1", "replace"))
    _write(root / "faq", "bad-cite.md", "---\nquestion: q\nconclusion: c\ncites: []\n---\nx\n")
    corpus = load_corpus(root)
    problems = {p.path.name: p for p in corpus.problems}
    assert set(problems) == {"bad-yaml.md", "no-articles.md", "latin1.md", "bad-cite.md"}
    assert problems["bad-yaml.md"].line == 2 and "YAML" in problems["bad-yaml.md"].message
    assert "không tìm thấy điều nào" in problems["no-articles.md"].message
    assert "UTF-8" in problems["latin1.md"].message
    assert [d.so_hieu for d in corpus.laws] == ["46/2022/TT-BCA"]
    assert len(corpus.faqs) == 3


def test_chunk_ids_are_deterministic_and_carry_provenance():
    corpus = load_corpus(DEFAULT_CORPUS)
    first = corpus_chunks(corpus)
    second = corpus_chunks(load_corpus(DEFAULT_CORPUS))
    assert [c.id for c in first] == [c.id for c in second]
    assert [c.content_hash for c in first] == [c.content_hash for c in second]
    assert len({c.id for c in first}) == len(first)
    by_id = {c.id: c for c in first}
    k2 = by_id["tt-46-2022-bca:d3:k2"]
    assert (k2.so_hieu, k2.article, k2.clause, k2.kind) == ("46/2022/TT-BCA", 3, 2, "law")
    assert k2.text.startswith("Thông tư 46/2022/TT-BCA — Điều 3. Nguyên tắc")
    assert k2.body.startswith("2. Không làm ảnh hưởng")
    assert {by_id["tt-46-2022-bca:d7:b1"].step, by_id["tt-46-2022-bca:d7:b2"].step} == {1, 2}
    faq = by_id["faq:faq-001"]
    assert faq.kind == "faq" and json.loads(faq.cites)[0] == {"so_hieu": "46/2022/TT-BCA", "article": 3, "clause": 2}
    meta = k2.metadata()
    assert meta["point"] == "" and meta["step"] == -1 and len(meta["content_hash"]) == 64


def test_short_article_is_one_chunk_and_long_clause_splits_at_points(tmp_path):
    long_points = "\n".join(f"{letter}) " + "nội dung dài " * 40 for letter in "abcde")
    body = f"Điều 1. Ngắn\nMột câu ngắn.\n\nĐiều 2. Dài\n1. Khoản có nhiều điểm:\n{long_points}\n2. Khoản ngắn.\n"
    _write(tmp_path / "c" / "laws", "x.md", LAW.format(body=body))
    chunks = corpus_chunks(load_corpus(tmp_path / "c"))
    ids = [c.id for c in chunks]
    assert ids[0] == "thu-nghiem:d1"
    # the article cut into several chunks is also indexed whole; the short one is its own whole chunk
    assert ids[1:] == [f"thu-nghiem:d2:k1:p{p}" for p in "abcde"] + ["thu-nghiem:d2:k2", "thu-nghiem:d2:article"]
    assert chunks[-1].kind == "article" and chunks[-1].body == load_corpus(tmp_path / "c").laws[0].article(2).body
    assert len(long_points) > LONG_CLAUSE_CHARS
    point_b = chunks[2]
    assert point_b.point == "b" and point_b.body.startswith("b) ") and "1. Khoản có nhiều điểm:" in point_b.text


@pytest.mark.parametrize("so_hieu,article", [("46/2022/TT-BCA", 7), ("26/2023/QH15", 9), ("13/2023/NĐ-CP", 44)])
def test_every_article_has_chunks(so_hieu, article):
    chunks = corpus_chunks(load_corpus(DEFAULT_CORPUS))
    assert any(c.so_hieu == so_hieu and c.article == article and c.kind == "law" for c in chunks)


def test_no_law_text_has_words_glued_together():
    """Source pages copied from HTML lose spaces ('quaỨng dụng', 'vàxử lý'): a Vietnamese syllable has one vowel
    group, so a word with two (outside a short list of loan words) is two words glued together."""
    import re

    from core.text import plain_text

    loan_words = {"vneid", "internet", "email", "online", "website", "mobile"}
    glued = []
    for path in sorted((DEFAULT_CORPUS / "laws").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for number, line in enumerate(body.splitlines(), start=1):
            if "<!--" in line or "-->" in line:
                continue
            for word in re.findall(r"\w+", line):
                plain = plain_text(word).lower()
                groups = re.findall(r"[aeiouy]+", re.sub(r"^(gi|qu)(?=[aeiouy])", "g", plain))
                if len(groups) > 1 and plain not in loan_words and not plain.isdigit():
                    glued.append(f"{path.name}: {word}")
    assert glued == []


def test_every_article_held_on_a_day_has_a_title_even_one_held_only_through_its_amendment():
    # Điều 14 Nghị định 70/2024 is held only as rewritten by khoản 8 Điều 5 Nghị định 58/2026: its title is the
    # editorial one given with the amendment, in brackets like every editorial title of the corpus
    from core.versions import article_numbers
    from tests.helpers import parsed_index

    index = parsed_index()
    assert index.article("70/2024/NĐ-CP", 14, "2026-11-30").title == "[Điều chỉnh thông tin trong Cơ sở dữ liệu căn cước]"
    untitled = [(so_hieu, number) for so_hieu, doc in index.documents.items() for number in article_numbers(doc)
                if (found := index.article(so_hieu, number, "2026-11-30")) is not None and not found.title.strip()]
    assert untitled == []
