"""The law as of a date: amendments applied with their history, replaced documents, notes where the law moved.
Exact tests on the real corpus (no model): versions, versioned chunks, notes and corpus errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.currency import currency_notes, replaced_warnings
from bot.models import Citation
from core.settings import DEFAULT_CORPUS
from core.versions import article_as_of, clause_amendment, phrase_targets, version_on, versions
from ingest.chunking import corpus_chunks
from ingest.corpus import load_corpus

ND70, ND13, LCC = "70/2024/NĐ-CP", "13/2023/NĐ-CP", "26/2023/QH15"


@pytest.fixture(scope="module")
def corpus():
    loaded = load_corpus(DEFAULT_CORPUS)
    assert loaded.problems == []
    return loaded


def test_amended_clause_has_old_wording_before_and_new_wording_from_15_03_2026(corpus) -> None:
    nd70 = corpus.law(ND70)
    old = article_as_of(nd70, 6, "2026-03-14").clause(3).text
    new = article_as_of(nd70, 6, "2026-03-15").clause(3).text
    assert "Công an cấp huyện" in old and "Công an cấp huyện" not in new
    assert new.startswith("3. Trường hợp công dân phát hiện thông tin do mình cung cấp")
    assert "đề nghị công an cấp xã thực hiện điều chỉnh thông tin" in new
    # the unamended khoản 1 keeps its wording
    assert article_as_of(nd70, 6, "2026-03-14").clause(1) == article_as_of(nd70, 6, "2026-11-30").clause(1)
    version = version_on(nd70, 6, "2026-11-30")
    assert version.valid_from == "2026-03-15" and version.amended_by[0].cited_as == (
        "khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026")


def test_a_phrase_replaced_by_the_amendment_is_read_in_the_new_words_from_its_date(corpus) -> None:
    """khoản 16 Điều 5 Nghị định 58/2026: 'cơ quan quản lý căn cước của Công an cấp huyện hoặc cấp tỉnh' ->
    'cơ quan quản lý căn cước Công an cấp tỉnh hoặc Công an cấp xã' in khoản 1 Điều 18 (from 15/03/2026)."""
    nd70 = corpus.law(ND70)
    before = article_as_of(nd70, 18, "2026-03-14").clause(1).text
    after = article_as_of(nd70, 18, "2026-03-15").clause(1).text
    assert "gửi cơ quan quản lý căn cước của Công an cấp huyện hoặc cấp tỉnh nơi công dân cư trú" in before
    assert "gửi cơ quan quản lý căn cước Công an cấp tỉnh hoặc Công an cấp xã nơi công dân cư trú" in after
    assert "Công an cấp huyện, cấp tỉnh chuyển yêu cầu" in after  # a phrase the amendment does not name stays
    version = version_on(nd70, 18, "2026-11-30")
    assert clause_amendment(version, 1).cited_as == "khoản 16 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026"


def test_a_phrase_deleted_by_the_amendment_takes_its_separator_with_it(corpus) -> None:
    """khoản 18 Điều 5 Nghị định 58/2026 deletes 'Cổng dịch vụ công Bộ Công an' (khoản 2 Điều 10, khoản 3 Điều 20;
    its 'khoản l1' is unreadable in the scanned copy and is not guessed)."""
    text = article_as_of(corpus.law(ND70), 10, "2026-11-30").clause(2).text
    assert "Cổng dịch vụ công Bộ Công an" not in text
    assert "qua Cơ sở dữ liệu quốc gia về dân cư, Cổng dịch vụ công quốc gia theo hướng dẫn về kết nối" in text
    assert phrase_targets("khoản 2 Điều 10, khoản l1 và khoản 3 Điều 20") == [(10, 2), (20, 3)]
    assert phrase_targets("Điều 1") == [(1, None)]


def test_an_article_given_in_full_by_the_amendment_exists_only_from_its_effective_date(corpus) -> None:
    nd70 = corpus.law(ND70)
    assert nd70.article(12) is None and article_as_of(nd70, 12, "2025-06-01") is None
    current = article_as_of(nd70, 12, "2026-03-15")
    assert current.title == "Thông tin số chứng minh nhân dân 09 số, số định danh cá nhân đã hủy"
    assert "không được yêu cầu công dân phải cung cấp xác nhận số chứng minh nhân dân 09 số" in current.body
    assert [(v.valid_from, v.valid_to) for v in versions(nd70, 21)] == [("", "2026-03-15"), ("2026-03-15", "")]


def test_chunks_hold_both_wordings_with_validity_intervals(corpus) -> None:
    chunks = {c.id: c for c in corpus_chunks(corpus)}
    old, new, kept = chunks["nd-70-2024:d6:k3@2026-03-15"], chunks["nd-70-2024:d6:k3"], chunks["nd-70-2024:d6:k1"]
    assert (old.valid_from, old.valid_to, old.amended_by) == ("", "2026-03-15", "")
    assert (new.valid_from, new.valid_to) == ("2026-03-15", "")
    assert new.amended_by == "khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026"
    assert kept.valid_on("2024-08-01") and kept.valid_on("2026-11-30")
    assert old.valid_on("2026-03-14") and not old.valid_on("2026-03-15") and not new.valid_on("2026-03-14")
    assert len(chunks) == len(corpus_chunks(corpus))  # ids stay unique


def _cite(corpus, so_hieu: str, article: int, clause: int | None, amended_by: str | None = None,
          day: str = "2026-11-30") -> Citation:
    doc = corpus.law(so_hieu)
    quote = article_as_of(doc, article, day).clause(clause).text
    return Citation(so_hieu=so_hieu, document=doc.short_title, article=article, clause=clause, point=None,
                    quote=quote, status=doc.status, amended_by=amended_by)


def test_an_answer_on_a_replaced_decree_opens_with_the_warning_only_after_it_was_replaced(corpus) -> None:
    documents = {d.so_hieu: d for d in corpus.laws}
    cite = [_cite(corpus, ND13, 11, 1)]
    warning = replaced_warnings(cite, documents, "2026-11-30")
    assert len(warning) == 1 and "Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026" in warning[0]
    assert "Luật Bảo vệ dữ liệu cá nhân (91/2025/QH15)" in warning[0] and "356/2025/NĐ-CP" in warning[0]
    assert "Kho dữ liệu chưa có văn bản mới" in warning[0]
    assert replaced_warnings(cite, documents, "2025-06-01") == []


def test_notes_for_two_level_government_spent_transitional_rules_and_the_scanned_amendment(corpus) -> None:
    documents = {d.so_hieu: d for d in corpus.laws}
    notes = currency_notes([_cite(corpus, LCC, 27, 1)], documents, "2026-11-30")
    assert any("hai cấp (tỉnh, xã)" in n and "khoản 1 Điều 27 Luật Căn cước 2023" in n for n in notes)
    # where to go now, in the amending decree's own words, cited to the provisions it amended, not to the one quoted
    assert any(n.endswith("Ở những quy định đã được sửa (khoản 1 Điều 18, khoản 2 Điều 34 Nghị định 70/2024/NĐ-CP, "
                          "theo khoản 16 Điều 5 Nghị định 58/2026/NĐ-CP), văn bản sửa đổi ghi “cơ quan quản lý căn cước "
                          "Công an cấp tỉnh hoặc Công an cấp xã” thay cho cấp huyện; quy định trích ở trên thì kho dữ liệu "
                          "chưa có bản sửa.") for n in notes)
    nd58 = documents["58/2026/NĐ-CP"].articles[[a.number for a in documents["58/2026/NĐ-CP"].articles].index(5)]
    assert "bằng cụm từ \"cơ quan quản lý căn cước Công an cấp tỉnh hoặc Công an cấp xã\"" in nd58.clause(16).text
    assert nd58.clause(16).text.endswith("tại khoản 1 Điều 18, khoản 2 Điều 34")  # and nowhere else
    assert not any("hai cấp" in n for n in currency_notes([_cite(corpus, LCC, 27, 1)], documents, "2025-06-30"))
    spent = currency_notes([_cite(corpus, LCC, 46, 3)], documents, "2026-11-30")
    assert any("quy định chuyển tiếp, chỉ áp dụng đến 30/06/2024" in n for n in spent)
    amended = currency_notes([_cite(corpus, ND70, 6, 3, "khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026")],
                             documents, "2026-11-30")
    assert any("bản quét (OCR)" in n for n in amended)
    # the amended khoản 3 Điều 6 no longer names the district level: no two-level note today, one before
    assert not any("hai cấp" in n for n in amended)
    old = currency_notes([_cite(corpus, ND70, 6, 3, day="2026-03-14")], documents, "2026-03-14")
    assert any("hai cấp" in n and "khoản 3 Điều 6 Nghị định 70/2024/NĐ-CP" in n for n in old)
    lcc_after = currency_notes([_cite(corpus, LCC, 25, 1)], documents, "2026-11-30")
    assert any("đã được sửa đổi bởi Luật sửa đổi" in n and "01/07/2026" in n for n in lcc_after)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('target: "70/2024/NĐ-CP", article: 6,', 'target: "70/2042/NĐ-CP", article: 6,'),
     "văn bản đích '70/2042/NĐ-CP' không có trong kho văn bản"),
    (lambda t: t.replace("by: {article: 5, clause: 4}", "by: {article: 5, clause: 40}"),
     "không có khoản 40 Điều 5 trong chính văn bản"),
    (lambda t: t.replace('article: 6, clauses: [2, 3]', 'article: 6, clauses: [2, 7]'),
     "lời văn mới không có khoản 7 Điều 6"),
    (lambda t: t.replace('effective: "2026-03-15", kind: replace}', 'effective: "15/03/2026", kind: replace}', 1),
     "ngày '15/03/2026' không đúng dạng YYYY-MM-DD"),
])
def test_a_broken_relation_is_a_corpus_error_with_file_and_line(tmp_path: Path, edit, message) -> None:
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus_dir)
    path = corpus_dir / "laws" / "nd-58-2026.md"
    original = path.read_text(encoding="utf-8")
    changed = edit(original)
    assert changed != original
    path.write_text(changed, encoding="utf-8")
    problems = load_corpus(corpus_dir).problems
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].path == path and problems[0].line and problems[0].line > 2


def test_a_held_relation_to_a_document_the_corpus_lacks_is_an_error(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus_dir)
    path = corpus_dir / "laws" / "luat-can-cuoc-cong-dan-2014.md"
    path.write_text(path.read_text(encoding="utf-8").replace('so_hieu: "26/2023/QH15"', 'so_hieu: "26/2032/QH15"'),
                    encoding="utf-8")
    problems = load_corpus(corpus_dir).problems
    assert len(problems) == 1 and "'26/2032/QH15' không có trong kho văn bản" in problems[0].message


def test_a_status_question_gets_a_direct_answer_from_the_recorded_relations(corpus) -> None:
    from bot.currency import asks_about_status, status_conclusion

    documents = {d.so_hieu: d for d in corpus.laws}
    assert asks_about_status("nghi dinh 13 con hieu luc khong") and not asks_about_status("the can cuoc la gi")
    assert not asks_about_status("nguoi dan co bat buoc doi the can cuoc cong dan sang the can cuoc khi luat can cuoc co hieu luc khong")
    # a status told about a past time, then the ask
    assert not asks_about_status("nam 2022 toi xac dinh lai que quan. hoi do luat can cuoc cong dan 2014 con hieu luc, vay "
                                 "truong hop cua toi co duoc doi the khong?")
    assert asks_about_status("luat can cuoc cong dan 2014 nam 2026 con hieu luc khong?")
    assert status_conclusion(documents[ND13], "2026-11-30", documents) == (
        "Không. Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026, được thay thế bởi Luật Bảo vệ dữ liệu cá nhân "
        "(91/2025/QH15) và Nghị định 356/2025/NĐ-CP quy định chi tiết Luật Bảo vệ dữ liệu cá nhân "
        "(tình trạng kiểm tra ngày 30/11/2026).")
    assert status_conclusion(documents[ND13], "2025-06-01", documents).startswith("Có. Nghị định 13/2023/NĐ-CP có hiệu lực từ 01/07/2023")
    assert status_conclusion(documents[ND70], "2026-11-30", documents).startswith(
        "Có. Nghị định 70/2024/NĐ-CP có hiệu lực từ 01/07/2024 và đã được sửa đổi, bổ sung bởi Nghị định 58/2026/NĐ-CP "
        "(hiệu lực 15/03/2026)")


# -- end to end on the real index (real embeddings) -------------------------------------------------------------
QUESTION_ADJUST = "Công dân phát hiện thông tin của mình trong Cơ sở dữ liệu quốc gia về dân cư bị sai thì đề nghị ai điều chỉnh?"


@pytest.mark.slow
def test_an_amended_clause_is_answered_with_the_new_wording_today_and_the_old_one_before(real_service) -> None:
    today = real_service.answer(QUESTION_ADJUST, as_of="2026-11-30")
    before = real_service.answer(QUESTION_ADJUST, as_of="2026-03-14")
    cited_today = {(c.so_hieu, c.article, c.clause): c for c in today.citations}
    cited_before = {(c.so_hieu, c.article, c.clause): c for c in before.citations}
    assert (ND70, 6, 3) in cited_today and (ND70, 6, 3) in cited_before
    new, old = cited_today[(ND70, 6, 3)], cited_before[(ND70, 6, 3)]
    assert "đề nghị công an cấp xã thực hiện điều chỉnh thông tin" in new.quote and "cấp huyện" not in new.quote
    assert new.amended_by == "khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026"
    assert "được sửa đổi bởi khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP" in today.answer
    assert old.amended_by is None and "Công an cấp huyện" in old.quote
    assert (today.as_of, before.as_of) == ("2026-11-30", "2026-03-14")
    assert all("@" not in r.id for r in today.retrieved)  # no superseded wording is retrieved for today


@pytest.mark.slow
def test_answers_resting_on_the_replaced_decree_open_with_the_warning(real_service) -> None:
    answer = real_service.answer("Dữ liệu cá nhân nhạy cảm gồm những loại nào?", as_of="2026-11-30")
    assert answer.citations and answer.citations[0].so_hieu == ND13
    assert answer.answer.startswith("**⚠️ Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026")
    earlier = real_service.answer("Dữ liệu cá nhân nhạy cảm gồm những loại nào?", as_of="2025-06-01")
    assert "đã hết hiệu lực" not in earlier.answer
    status = real_service.answer("Nghị định 13/2023/NĐ-CP còn hiệu lực không?")
    assert status.conclusion.startswith("Không. Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026")
    assert status.citations and status.citations[0].so_hieu == ND13


@pytest.mark.slow
def test_an_article_only_the_amendment_gives_is_refused_before_its_date(real_service) -> None:
    question = "Điều 12 Nghị định 70/2024/NĐ-CP quy định gì?"
    today = real_service.answer(question)
    assert not today.refused and today.citations[0].article == 12
    assert today.citations[0].amended_by == "khoản 7 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026"
    before = real_service.answer(question, as_of="2025-06-01")
    assert before.refused and "Không có Điều 12 của Nghị định 70/2024/NĐ-CP" in before.conclusion


def test_a_malformed_date_is_a_vietnamese_user_error() -> None:
    from bot.service import parse_as_of
    from core.errors import QuestionError

    with pytest.raises(QuestionError, match="Ngày áp dụng không hợp lệ: '01/06/2025'"):
        parse_as_of("01/06/2025")
    assert str(parse_as_of("2025-06-01")) == "2025-06-01" and parse_as_of(" ") is None


def test_a_two_level_note_naming_what_reads_now_must_say_where_the_amendment_says_it(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus_dir)
    path = corpus_dir / "laws" / "luat-can-cuoc-2023.md"
    original = path.read_text(encoding="utf-8")
    changed = "\n".join(line for line in original.split("\n") if not line.strip().startswith("reads_now_source:"))
    assert changed != original
    path.write_text(changed, encoding="utf-8")
    problems = load_corpus(corpus_dir).problems
    # the law is not loaded (the documents that point to it say so too), and the reason names its file and line
    assert any(p.path == path and "'reads_now' cần đi cùng 'reads_now_source'" in p.message for p in problems)


@pytest.mark.parametrize("plain, asked", [
    # 'Theo Nghị định 13/2023 đang áp dụng lúc đó, họ phải … bao lâu?' asks the time limit, not the decree's status
    ("theo nghi dinh 13/2023 dang ap dung luc do, ho phai thuc hien yeu cau nay trong thoi han bao lau", False),
    ("nghi dinh 13/2023 con hieu luc khong", True),
    # the status of something else than a document
    ("theo nghi dinh 13/2023/nd-cp ap dung luc do, su dong y cua toi co tu het hieu luc khi toi nghi tap khong", False),
    ("nghi dinh 13/2023 hien nay con hieu luc khong", True),
    # a status told with its date
    ("ho so nop thang 2/2026, trong khi nghe noi nghi dinh 58/2026 da ap dung tu 15/3/2026. ho so nop truoc do thi can "
     "bo xet theo quy dinh nao", False),
    # the time the law applied, told as the span of the case asked about
    ("tong ket viec thi hanh nghi dinh 13/2023/nd-cp trong thoi gian nghi dinh con ap dung (den het nam 2025). bo nao duoc "
     "giao phoi hop voi bo cong an", False),
    ("nghi dinh 13/2023 den nay con ap dung khong", True),
    # an amendment told
    ("theo nghi dinh 70/2024/nd-cp da duoc sua doi, phuong toi co phai la noi tiep nhan van ban nay khong", False),
    ("thong tu 46/2022 da bi thay the chua", True),
])
def test_a_status_is_asked_only_when_the_question_asks_it_of_a_document(plain: str, asked: bool) -> None:
    from bot.currency import asks_about_status

    assert asks_about_status(plain) is asked
