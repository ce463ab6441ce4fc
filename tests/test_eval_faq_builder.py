"""`dancu eval build-from-faq` on the seed page, and the dataset format it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from dancu.cli import main
from core.settings import DEFAULT_CORPUS
from evals.dataset import DatasetError, GoldRef, load_dataset, parse_lines
from core.question_type import classify
from evals.faq_builder import build_questions, conclusion_facts, corpus_article_text, read_pages
from ingest.qa_pages import parse_qa_page

TT46 = "46/2022/TT-BCA"


def seed_page() -> Path:
    pages = sorted(shared_path("seed").glob("*.txt"))
    if not pages:
        pytest.skip("no seed page")
    return pages[0]


def test_seed_page_gives_its_three_questions_with_articles_3_7_11() -> None:
    questions, stats = build_questions(read_pages(seed_page()), article_text=corpus_article_text(DEFAULT_CORPUS))
    assert (stats.blocks, stats.kept) == (3, 3)
    assert [q.gold for q in questions] == [(GoldRef(TT46, 3),), (GoldRef(TT46, 7),), (GoldRef(TT46, 11),)]
    assert questions[0].question.startswith("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức")
    assert questions[1].question.startswith("Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư")
    assert questions[2].question.startswith("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì")
    assert [q.type for q in questions] == ["permission", "procedure", "responsibility"]
    assert all(q.answerable for q in questions)
    # Facts come from the page's 'Như vậy …' conclusion and occur verbatim in Điều 3.
    assert "bí mật gia đình" in questions[0].facts


def test_cli_writes_a_valid_dataset(tmp_path: Path) -> None:
    out = tmp_path / "seed.jsonl"
    assert main(["eval", "build-from-faq", str(seed_page().parent), "-o", str(out)]) == 0
    dataset = load_dataset(out)
    assert len(dataset) == 3
    assert {g.article for q in dataset for g in q.gold} == {3, 7, 11}
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) >= {"id", "question", "type", "answerable", "gold", "facts"}


def test_cli_build_errors_are_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "build-from-faq", str(tmp_path / "missing"), "-o", str(tmp_path / "x.jsonl")]) == 1
    assert "Không tìm thấy thư mục" in capsys.readouterr().err
    assert main(["eval", "build-from-faq", str(tmp_path)]) == 1
    assert "Thiếu -o" in capsys.readouterr().err


PAGE = """**Công dân có được khai thác thông tin của mình trong Cơ sở dữ liệu quốc gia về dân cư không?**
Căn cứ khoản 2 Điều 10 Luật Căn cước 2023 quy định như sau:
2. Công dân được khai thác thông tin của mình.
Như vậy, công dân được khai thác thông tin của mình trong cơ sở dữ liệu.
**Doanh nghiệp phải làm gì khi sáp nhập theo quy định mới nhất hiện nay?**
Căn cứ Điều 200 Luật Doanh nghiệp 2020 quy định như sau:
Như vậy, doanh nghiệp phải làm thủ tục.
**Thời hạn cấp tài khoản định danh điện tử là bao lâu theo quy định?**
Căn cứ Điều 99 Nghị định 69/2024/NĐ-CP quy định như sau:
Như vậy, không quá 3 ngày.
"""


def fake_articles(so_hieu: str, number: int) -> str | None:
    texts = {("26/2023/QH15", 10): "Điều 10. Khai thác\n2. Công dân được khai thác thông tin của mình trong cơ sở dữ liệu."}
    return texts.get((so_hieu, number))


def test_law_names_map_to_so_hieu_and_outside_refs_are_dropped() -> None:
    questions, stats = build_questions(parse_qa_page(PAGE, "page.md"), article_text=fake_articles)
    assert [q.gold for q in questions] == [(GoldRef("26/2023/QH15", 10, 2),)]
    assert (stats.blocks, stats.kept, stats.no_corpus_document, stats.missing_article) == (3, 1, 1, 1)
    kept, _ = build_questions(parse_qa_page(PAGE, "page.md"), article_text=fake_articles, keep_missing=True)
    assert [g.so_hieu for q in kept for g in q.gold] == ["26/2023/QH15", "69/2024/NĐ-CP"]


def test_conclusion_facts_are_phrases_of_the_article_not_of_the_question() -> None:
    facts = conclusion_facts("Như vậy, công dân được khai thác thông tin của mình, trừ khi bị cấm.",
                             "Công dân có được làm gì?", ["Công dân được khai thác thông tin của mình."])
    assert facts == ("công dân được khai thác thông tin của mình",)
    assert conclusion_facts(None, "q", ["x"]) == ()


@pytest.mark.parametrize("question, expected", [
    ("Cơ quan nào có trách nhiệm cấp thẻ?", "responsibility"),
    ("Thủ tục cấp đổi thẻ căn cước như thế nào?", "procedure"),
    ("Số định danh cá nhân là gì?", "definition"),
    ("Có được dùng thẻ căn cước thay hộ chiếu không?", "permission"),
    ("Thẻ căn cước có màu gì?", "other"),
])
def test_built_questions_are_typed_by_the_answers_classifier(question: str, expected: str) -> None:
    assert classify(question) == expected


# -- dataset format -----------------------------------------------------------------------------
def test_dev_set_loads_and_follows_the_contract() -> None:
    dataset = load_dataset(Path(__file__).resolve().parents[1] / "evals" / "data" / "dev.jsonl")
    assert len(dataset) >= 60
    assert sum(1 for q in dataset if not q.answerable) >= 10
    assert all(q.gold for q in dataset if q.answerable)


@pytest.mark.parametrize("line, message", [
    ('{"id": "x", "question": "q?", "type": "weird", "answerable": true, "gold": []}', "'type' phải là"),
    ('{"id": "x", "question": "q?", "type": "other", "answerable": true, "gold": []}', "cần ít nhất một điều"),
    ('{"id": "x", "question": "q?", "type": "other", "answerable": "yes"}', "'answerable' phải là"),
    ('{"id": "x", "question": "q?", "type": "other", "answerable": true, "gold": [{"so_hieu": "a", "article": "3"}]}',
     "article phải là số nguyên"),
    ('{"id": "x", "question": "q?"', "JSON không hợp lệ"),
])
def test_bad_dataset_lines_name_file_and_line(line: str, message: str) -> None:
    with pytest.raises(DatasetError, match=message) as info:
        parse_lines(["", line], "dev.jsonl")
    assert str(info.value).startswith("dev.jsonl:2:")


def test_duplicate_ids_are_rejected() -> None:
    line = '{"id": "x", "question": "q?", "type": "other", "answerable": false}'
    with pytest.raises(DatasetError, match="trùng với dòng 1"):
        parse_lines([line, line], "d.jsonl")


def test_unaccented_variant_strips_diacritics_only() -> None:
    (question,) = parse_lines(['{"id": "x", "question": "Đổi thẻ căn cước ở đâu?", "type": "other", '
                               '"answerable": true, "gold": [{"so_hieu": "26/2023/QH15", "article": 27}], "topic": "t"}'])
    plain = question.unaccented()
    assert plain.question == "Doi the can cuoc o dau?"
    assert plain.gold == question.gold and plain.id == question.id
    assert question.to_dict()["topic"] == "t"
