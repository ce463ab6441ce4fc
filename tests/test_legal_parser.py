"""The legal-text parser on real text: our corpus layout, the seed page's Điều 7, and an official-portal paste."""

from __future__ import annotations

import pytest

from core.settings import DEFAULT_CORPUS
from ingest.corpus import split_front_matter
from ingest.legal_parser import parse_legal_text
from tests.conftest import shared_path


def _tt46():
    text = (DEFAULT_CORPUS / "laws" / "tt-46-2022-bca.md").read_text(encoding="utf-8")
    _, body, first = split_front_matter(text)
    return parse_legal_text(body, first_line=first)


def test_tt46_articles_in_order():
    parsed = _tt46()
    assert [a.number for a in parsed.articles] == [3, 4, 6, 7, 8, 11]
    assert parsed.problems == []


def test_dieu_7_has_two_steps_with_five_and_three_items():
    article = next(a for a in _tt46().articles if a.number == 7)
    assert [s.number for s in article.steps] == [1, 2]
    assert [len(s.items) for s in article.steps] == [5, 3]
    assert article.steps[0].title == "Lập văn bản đề nghị kết nối"
    assert article.steps[0].items[0].text.startswith("Đơn vị đăng ký")
    assert article.steps[1].items[2].text.startswith("Phối hợp với Cục An ninh mạng")
    assert article.clauses == ()


def test_dieu_3_clauses_and_provenance_note():
    article = next(a for a in _tt46().articles if a.number == 3)
    assert [c.number for c in article.clauses] == [1, 2, 3, 4]
    assert "đời sống riêng tư" in article.clause(2).text
    assert article.note and "thuvienphapluat.vn" in article.note
    assert "<!--" not in article.text


def test_seed_page_steps_parse_the_same_way():
    """The seed page's own lines (third-party page, read at run time) give the same step structure."""
    seed = next(shared_path("seed").glob("*.txt")).read_text(encoding="utf-8")
    start = seed.index("Bước 1:")
    end = seed.index("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì")
    parsed = parse_legal_text("Điều 7. Quy trình\n" + seed[start:end])
    steps = parsed.articles[0].steps
    assert [len(s.items) for s in steps] == [5, 3]


PORTAL_PASTE = """\
**BỘ CÔNG AN**
Số: 99/2099/TT-BCA
THÔNG TƯ
Chương I
QUY ĐỊNH CHUNG
Điều 1.Phạm vi điều chỉnh
Thông tư này quy định về việc thử nghiệm.
Điều 2: Giải thích từ ngữ
Trong Thông tư này, các từ ngữ dưới đây được hiểu như sau:
1. Kết nối là việc ...
2.Chia sẻ là việc:
a) cung cấp;
đ) trao đổi.
Chương II
Mục 1. THỦ TỤC
Điều 3. Quy trình
Bước 1: Gửi văn bản
(1) Tên đơn vị;
(2) Mục đích.
Bước 2. Xử lý
Nơi nhận:
- Như Điều 3;
Điều 9. Không phải một điều (sau phần chữ ký)
"""


def test_official_portal_paste():
    parsed = parse_legal_text(PORTAL_PASTE)
    assert [a.number for a in parsed.articles] == [1, 2, 3]
    first, second, third = parsed.articles
    assert first.title == "Phạm vi điều chỉnh" and first.chapter == "Chương I QUY ĐỊNH CHUNG"
    assert [c.number for c in second.clauses] == [1, 2]
    assert [p.letter for p in second.clause(2).points] == ["a", "đ"]
    assert third.section == "Mục 1. THỦ TỤC" and third.chapter.startswith("Chương II")
    assert [s.title for s in third.steps] == ["Gửi văn bản", "Xử lý"]
    assert [i.number for i in third.steps[0].items] == [1, 2]
    assert "Số: 99/2099/TT-BCA" in parsed.preamble


def test_duplicate_article_is_reported_with_line():
    parsed = parse_legal_text("Điều 1. A\nnội dung\nĐiều 1. B\n", first_line=10)
    assert parsed.problems and parsed.problems[0].line == 12
    assert "Điều 1" in parsed.problems[0].message


@pytest.mark.parametrize("line", ["1.11.NĐ.1.1", "2023. năm"])
def test_numbers_that_are_not_clauses(line):
    parsed = parse_legal_text(f"Điều 5. Thử\n{line}\n")
    assert parsed.articles[0].clauses == ()
