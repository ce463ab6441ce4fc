"""The web page's handlers and renderers without the UI: escaping, sources panel, checklist, ask, feedback.

Fast tests use the real corpus (parsed, not embedded) and a fake answer service with a fixed Answer; the
`slow` ones go through the real AnswerService on the real index.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Sequence

import pytest

from web.feedback import (
    EMAIL_MASK,
    ID_MASK,
    PHONE_MASK,
    FeedbackEntry,
    FeedbackStore,
    export_csv,
    mask_personal_data,
)
from bot.models import Answer, Citation
from bot.service import clean_question
from web.handlers import EXAMPLES, Coverage, Turn, ask, chat_messages, history_of, record_feedback
from web.render import (
    answer_html,
    chat_answer_markdown,
    checklist_html,
    checklist_markdown,
    escape_user_text,
    safe_answer_markdown,
    sources_html,
)
from core.legal import vn_date
from html import escape as escape_html
from core.errors import QuestionError, UserError
from core.settings import DEFAULT_CORPUS, Settings
from core.legal import LawDocument
from ingest.corpus import load_corpus
from core.legal import Article
from tests import bad_questions
from tests.bad_questions import BadQuestion

PROJECT = Path(__file__).resolve().parents[1]
SEED_PRIVACY, SEED_PROCEDURE, SEED_RESPONSIBILITY = EXAMPLES[:3]
TT46 = "46/2022/TT-BCA"


# -- fakes ------------------------------------------------------------------------------------------
class CorpusIndex:
    """The part of LoadedIndex the sources panel reads, from the real corpus files (no embeddings)."""

    def __init__(self) -> None:
        self.documents: dict[str, LawDocument] = {d.so_hieu: d for d in load_corpus(DEFAULT_CORPUS).laws}

    def article(self, so_hieu: str, number: int) -> Article | None:
        doc = self.documents.get(so_hieu)
        return doc.article(number) if doc else None


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex()


def citation(index: CorpusIndex, so_hieu: str, article: int, clause: int | None = None, *,
             point: str | None = None, step: int | None = None) -> Citation:
    doc = index.documents[so_hieu]
    art = doc.article(article)
    assert art is not None
    quote = art.clause(clause).text if clause is not None else (art.step(step).text if step else art.text)
    return Citation(so_hieu=so_hieu, document=doc.short_title, article=article, clause=clause, point=point, quote=quote,
                    status=doc.status, title=art.title, step=step, partial_document=doc.is_partial)


class FakeService:
    """Validates like AnswerService, records each call, answers with a fixed Answer."""

    def __init__(self, answer: Answer, index: Any = None) -> None:
        self.fixed = answer
        self.calls: list[tuple[str, list[Any], str]] = []
        self.documents = index.documents if index is not None else {}

    def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
               as_of: Any = None) -> Answer:  # the signature of AnswerService.answer
        text = clean_question(question, 2000)
        self.calls.append((text, list(history or []), mode))
        return self.fixed.model_copy(update={"question": text})


@pytest.fixture
def privacy_answer(index: CorpusIndex) -> Answer:
    cite = citation(index, TT46, 3, 2)
    return Answer(question="", answer=f"**Kết luận:** Không.\n\n- Khoản 2 Điều 3:\n> {cite.quote}",
                  conclusion="Không.", citations=(cite,))


@pytest.fixture
def procedure_answer(index: CorpusIndex) -> Answer:
    steps = tuple(citation(index, TT46, 7, step=n) for n in (1, 2))
    return Answer(question="", answer="- [ ] **Bước 1: Lập văn bản đề nghị kết nối**",
                  conclusion="Gồm Bước 1 và Bước 2.", steps=tuple(c.quote for c in steps), citations=steps)


# -- escaping ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, must_not_contain",
    [
        ("<img src=http://example.org/x.png onerror=alert(1)>", "<img"),
        ("<script>alert(1)</script>", "<script"),
        ("![ảnh](http://example.org/x.png)", "]("),
        ("[bấm vào đây](javascript:alert(1))", "]("),
        ("**đậm** và _nghiêng_", "**"),
        ("$$x^2$$", "$$"),
    ],
)
def test_escape_user_text_leaves_no_markup(text: str, must_not_contain: str) -> None:
    assert must_not_contain not in escape_user_text(text)


def test_escape_user_text_keeps_vietnamese_letters() -> None:
    question = "Số định danh cá nhân là gì?"
    assert escape_user_text(question) == "Số định danh cá nhân là gì?"


def test_safe_answer_markdown_keeps_markdown_but_not_html() -> None:
    markdown = '**Kết luận:** Không có văn bản "<img src=x onerror=alert(1)>".\n\n> 2. Trích dẫn\n\n![x](http://e.org/a.png)'
    safe = safe_answer_markdown(markdown)
    assert "**Kết luận:**" in safe and "\n> 2. Trích dẫn" in safe
    assert "<img" not in safe and "](" not in safe


# -- sources panel ------------------------------------------------------------------------------------
def test_sources_html_shows_the_full_article_with_the_cited_clause_marked(index: CorpusIndex) -> None:
    html = sources_html([citation(index, TT46, 3, 2)], index.documents)
    marked = re.findall(r"<mark>(.*?)</mark>", html)
    assert marked == [index.article(TT46, 3).clause(2).text]
    assert "đời sống riêng tư" in marked[0]
    assert index.article(TT46, 3).clause(1).text in html  # the rest of the article, unmarked
    assert "Điều 3." in html
    doc = index.documents[TT46]
    for fact in (doc.title, TT46, doc.status.split(";")[0], "chỉ có một phần"):
        assert fact in html


def test_sources_html_groups_clauses_of_one_article(index: CorpusIndex) -> None:
    cites = [citation(index, TT46, 11, n) for n in (1, 2, 3)]
    html = sources_html(cites, index.documents)
    assert html.count("<details") == 1
    assert len(re.findall(r"<mark>", html)) == 3
    assert "Khoản 1 Điều 11 Thông tư 46/2022/TT-BCA; Khoản 2 Điều 11" in html


def test_sources_html_marks_only_the_cited_point(index: CorpusIndex) -> None:
    law = next(d for d in index.documents.values() if d.so_hieu == "26/2023/QH15")
    cite = citation(index, law.so_hieu, 5, 1, point="b")
    marked = re.findall(r"<mark>(.*?)</mark>", sources_html([cite], index.documents))
    assert len(marked) == 1 and marked[0].startswith("b)")


def test_sources_html_says_when_the_corpus_holds_the_whole_document(index: CorpusIndex) -> None:
    full = next(d for d in index.documents.values() if not d.is_partial)
    html = sources_html([citation(index, full.so_hieu, full.articles[0].number)], index.documents)
    assert "toàn văn" in html


def test_sources_html_escapes_corpus_text(index: CorpusIndex) -> None:
    cite = citation(index, TT46, 3, 2).model_copy(update={"so_hieu": "X/<b>", "quote": "<script>x</script>"})
    html = sources_html([cite], index.documents)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_sources_html_without_citations() -> None:
    assert "không trích dẫn" in sources_html([], None)


def test_checklist_html_lists_each_step_with_its_citation(index: CorpusIndex, procedure_answer: Answer) -> None:
    html = checklist_html(procedure_answer.steps, procedure_answer.citations)
    items = [len(step.split("\n")) - 1 for step in procedure_answer.steps]  # sub-items of Bước 1 and Bước 2
    assert html.count('type="checkbox"') == 2 + sum(items)  # every step and every sub-item can be ticked
    assert 'data-key="1"' in html and 'data-key="2"' in html and 'data-key="1.1"' in html
    assert "Bước 1: Lập văn bản đề nghị kết nối" in html and "Bước 2: Tiếp nhận và xử lý đơn đề nghị" in html
    assert "Căn cứ: Bước 1 Điều 7 Thông tư 46/2022/TT-BCA" in html
    assert "Căn cứ: Bước 2 Điều 7 Thông tư 46/2022/TT-BCA" in html
    assert "(1) Đơn vị đăng ký" in html
    assert f"Đã xong <span class=\"checklist-done\">0</span>/{2 + sum(items)} việc" in html
    assert f'<progress id="checklist-meter" class="checklist-meter" max="{2 + sum(items)}" value="0">' in html
    for action in ("In danh mục", "Tải về (Markdown)"):
        assert action in html
    assert checklist_html((), ()) == ""


def test_checklist_html_names_the_question_and_the_date(procedure_answer: Answer) -> None:
    html = checklist_html(procedure_answer.steps, procedure_answer.citations, "Thủ tục <kết nối>?", "2025-06-01")
    assert "Câu hỏi: Thủ tục &lt;kết nối&gt;?" in html and "Ngày áp dụng: 01/06/2025" in html


def test_checklist_markdown_is_printable_with_citations(procedure_answer: Answer) -> None:
    text = checklist_markdown(procedure_answer.steps, procedure_answer.citations, "Quy trình?", "2025-06-01",
                              done={"1", "1.1"})
    lines = text.splitlines()
    assert lines[0] == "# Danh mục kiểm tra thủ tục" and "Ngày áp dụng: 01/06/2025" in lines
    assert "- [x] **Bước 1: Lập văn bản đề nghị kết nối**" in lines
    assert "- [ ] **Bước 2: Tiếp nhận và xử lý đơn đề nghị**" in lines
    assert any(line.startswith("    - [x] ") for line in lines) and any(line.startswith("    - [ ] (1)") for line in lines)
    assert "    - Căn cứ: Bước 1 Điều 7 Thông tư 46/2022/TT-BCA" in lines


def test_sources_panel_order_cited_clause_then_rest_then_document_facts(index: CorpusIndex) -> None:
    cites = [citation(index, TT46, 3, 2), citation(index, TT46, 11, 1)]
    html = sources_html(cites, index.documents)
    first, second = html.split("</details>")[:2]
    assert first.startswith('<details class="source" open') and "<details class=\"source\" open" not in second
    article = index.article(TT46, 3)
    cited = first.index(f"<mark>{article.clause(2).text}</mark>")
    rest = first.index(article.clause(1).text)
    facts = first.index('<table class="doc-facts">')
    assert cited < rest < facts  # the cited clause, then the rest of the article, then the document's facts
    assert first.count(article.clause(2).text) == 1 and "(khoản 2: trích ở trên)" in first
    assert first.index(article.clause(1).text) < first.index("(khoản 2: trích ở trên)") < first.index(
        article.clause(3).text)  # the rest keeps the article's order, with the cited clause's place marked
    doc = index.documents[TT46]
    assert f"kiểm tra ngày {vn_date(doc.status_checked)}" in first


def test_sources_panel_cited_point_comes_with_its_clause_opening(index: CorpusIndex) -> None:
    law = index.documents["26/2023/QH15"]
    clause = law.article(5).clause(1)
    html = sources_html([citation(index, law.so_hieu, 5, 1, point="b")], index.documents)
    cited_part = html.split('<section class="rest"')[0]
    opening = clause.text.split("\n")[0]
    assert opening in cited_part and f"<mark>{opening}</mark>" not in cited_part
    assert re.findall(r"<mark>(.*?)</mark>", cited_part)[0].startswith("b)")
    assert clause.point_text("a") in html.split('<section class="rest"')[1]  # the other points follow


@pytest.mark.parametrize(
    "day, amended",
    [("2025-06-01", False), ("2026-06-01", True)],
)
def test_sources_panel_shows_the_wording_of_the_date_and_the_amendment(index: CorpusIndex, day: str,
                                                                       amended: bool) -> None:
    from core.versions import article_as_of

    nd70 = index.documents["70/2024/NĐ-CP"]
    wording = article_as_of(nd70, 6, day)
    cite = citation(index, nd70.so_hieu, 6, 3).model_copy(update={"quote": wording.clause(3).text})
    html = sources_html([cite], index.documents, day)
    marked = re.findall(r"<mark>(.*?)</mark>", html, re.S)
    assert marked[0] == escape_html(wording.clause(3).text.split("\n")[0])
    assert (nd70.article(6).clause(3).text != wording.clause(3).text) is amended
    facts = html.split('<table class="doc-facts">')[1]
    assert "Khoản 2, 3 được sửa đổi bởi khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực 15/03/2026" in facts
    assert "đọc từ bản quét (OCR)" in facts  # the amending text was read from a scan
    assert ("chưa áp dụng vào ngày 01/06/2025" in facts) is not amended


def test_chat_shows_the_staff_checklist_once(procedure_answer: Answer) -> None:
    markdown = ("**Kết luận:** Gồm hai bước.\n\n**Căn cứ pháp lý**\n\n- Bước 1 Điều 7:\n> Bước 1: Lập\n\n"
                "**Danh mục kiểm tra (cán bộ)**\n\n- [ ] **Bước 1: Lập**\n    - (1) a\n\n- [ ] **Bước 2: Nhận**\n\n"
                "**Lưu ý**\n- x\n\n_Thông tin tham khảo._")
    shown = chat_answer_markdown(markdown, with_checklist_panel=True)
    assert "- [ ]" not in shown and "Danh mục kiểm tra (cán bộ)" not in shown
    assert "Danh mục kiểm tra thủ tục" in shown and "> Bước 1: Lập" in shown and "**Lưu ý**" in shown
    assert chat_answer_markdown(markdown, with_checklist_panel=False).count("- [ ]") == 2
    turns = (Turn("q1", markdown, "staff", checklist=True), Turn("q2", markdown, "staff", checklist=True))
    _, first, _, last = chat_messages(turns)
    assert "- [ ]" in first["content"]  # an earlier answer keeps its own copy
    assert "- [ ]" not in last["content"]  # the latest one points to the panel


def test_answer_html_renders_our_markdown_and_escapes_the_rest() -> None:
    html = answer_html("**Kết luận:** Không <b>x</b>.\n\n**Căn cứ pháp lý**\n\n- Khoản 2 Điều 3:\n> 2. Không làm\n> ảnh hưởng"
                       "\n\n- [ ] **Bước 1**\n    - (1) Đơn\n\n_Thông tin tham khảo._")
    assert "<p><strong>Kết luận:</strong> Không &lt;b&gt;x&lt;/b&gt;.</p>" in html
    assert "<blockquote>2. Không làm<br>ảnh hưởng</blockquote>" in html
    assert "<li><strong>Bước 1</strong><ul><li>(1) Đơn</li></ul></li>" in html
    assert "<em>Thông tin tham khảo.</em>" in html and "<b>" not in html


def test_ask_passes_the_date_and_shows_the_sources_of_that_date(index: CorpusIndex, privacy_answer: Answer) -> None:
    seen: list[Any] = []

    class DatedService(FakeService):
        def answer(self, question: str, history: Sequence[Any] | None = None, mode: str = "citizen",
                   as_of: Any = None) -> Answer:
            seen.append(as_of)
            return super().answer(question, history, mode).model_copy(update={"as_of": as_of or "2026-01-01"})

    service = DatedService(privacy_answer, index)
    assert ask(service, "Hỏi?", (), "staff", " 2025-06-01 ").answer.as_of == "2025-06-01"
    ask(service, "Hỏi?", (), "citizen", "")
    assert seen == ["2025-06-01", None]


# -- ask ----------------------------------------------------------------------------------------------
def test_ask_passes_the_raw_history_and_escapes_what_it_shows(index: CorpusIndex, privacy_answer: Answer) -> None:
    service = FakeService(privacy_answer, index)
    first = ask(service, "  Có được lấy <b>bí mật</b> cá nhân?  ", (), "citizen")
    second = ask(service, "còn bước 2?", first.turns, "citizen")
    assert service.calls[0] == ("Có được lấy <b>bí mật</b> cá nhân?", [], "citizen")
    assert service.calls[1][1] == [
        {"role": "user", "content": "Có được lấy <b>bí mật</b> cá nhân?"},
        {"role": "assistant", "content": privacy_answer.answer},
    ]
    assert [m["role"] for m in second.chat] == ["user", "assistant", "user", "assistant"]
    assert "<b>" not in second.chat[0]["content"] and "&lt;b&gt;" in second.chat[0]["content"]
    assert "<mark>" in second.sources_html
    assert second.checklist_html == ""
    assert second.feedback_target == {"question": "còn bước 2?", "conclusion": "Không.",
                                      "citations": "khoản 2 Điều 3 Thông tư 46/2022/TT-BCA", "mode": "citizen"}


def test_ask_in_staff_mode_builds_the_checklist(index: CorpusIndex, procedure_answer: Answer) -> None:
    outcome = ask(FakeService(procedure_answer, index), SEED_PROCEDURE, (), "staff")
    assert "Bước 1" in outcome.checklist_html and "Bước 2" in outcome.checklist_html
    assert outcome.turns[-1].mode == "staff"


@pytest.mark.parametrize("case", bad_questions.ALL)
def test_ask_rejects_bad_questions_with_a_vietnamese_message(privacy_answer: Answer, case: BadQuestion) -> None:
    service = FakeService(privacy_answer)
    with pytest.raises(QuestionError) as raised:
        ask(service, case.value, (), "citizen")
    assert case.message in str(raised.value)
    assert service.calls == []


def test_history_and_chat_messages_of_turns() -> None:
    turns = (Turn("Hỏi *một*", "**Đáp** một"),)
    assert history_of(turns) == [{"role": "user", "content": "Hỏi *một*"},
                                 {"role": "assistant", "content": "**Đáp** một"}]
    assert chat_messages(turns)[0]["content"] == r"Hỏi \*một\*"


def test_coverage_notice_names_documents_and_says_reference_only(index: CorpusIndex) -> None:
    text = Coverage.from_documents(index.documents).markdown()
    assert "Thông tư 46/2022/TT-BCA (một phần)" in text and "thông tin tham khảo" in text
    assert "các văn bản trong kho dữ liệu" in Coverage.from_documents({}).markdown()


# -- feedback -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("CCCD của tôi là 001099012345.", f"CCCD của tôi là {ID_MASK}."),
        ("CMND 123456789 cũ", f"CMND {ID_MASK} cũ"),
        ("CCCD 001 099 012 345", f"CCCD {ID_MASK}"),
        ("Gọi 0912345678 nhé", f"Gọi {PHONE_MASK} nhé"),
        ("sđt:0912.345.678", f"sđt:{PHONE_MASK}"),
        ("sđt0912-345-678", f"sđt{PHONE_MASK}"),
        ("+84 912 345 678 hoặc +84912345678", f"{PHONE_MASK} hoặc {PHONE_MASK}"),
        ("Máy bàn 024 3826 9999", f"Máy bàn {PHONE_MASK}"),
        ("Email: nguyen.van-a+1@mail.example.com.vn.", f"Email: {EMAIL_MASK}."),
        ("001099012345 20 lần", f"{ID_MASK} 20 lần"),
        # Legal references and dates stay as written.
        ("Khoản 2 Điều 3 Thông tư 46/2022/TT-BCA, hiệu lực 19-12-2022", None),
        ("Luật 26/2023/QH15 có 46 điều, năm 2023", None),
    ],
)
def test_mask_personal_data(text: str, expected: str | None) -> None:
    assert mask_personal_data(text) == (text if expected is None else expected)


def test_feedback_is_masked_before_it_reaches_the_file(db_location: Path | str, tmp_path: Path) -> None:
    store = FeedbackStore(db_location)
    target = {"question": "CCCD 001099012345 có bị lộ không?", "conclusion": "Không.",
              "citations": "khoản 2 Điều 3 Thông tư 46/2022/TT-BCA", "mode": "staff"}
    message = record_feedback(store, target, "down", "  Gọi tôi: 0912 345 678, a.b@example.com  ")
    assert message.startswith("Cảm ơn")
    [row] = store.rows()
    assert row["rating"] == "down" and row["mode"] == "staff"
    assert row["question"] == f"CCCD {ID_MASK} có bị lộ không?"
    assert row["comment"] == f"Gọi tôi: {PHONE_MASK}, {EMAIL_MASK}"
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())  # the SQLite file and its WAL
    for secret in (b"001099012345", b"0912 345 678", b"a.b@example.com"):
        assert secret not in raw


def test_feedback_needs_an_answer_first(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="đặt câu hỏi trước"):
        record_feedback(FeedbackStore(tmp_path / "f.sqlite"), None, "up")


def test_feedback_rejects_a_bad_rating_and_a_long_comment(db_location: Path | str) -> None:
    with pytest.raises(ValueError, match="rating must be one of"):
        FeedbackEntry(rating="meh", question="q")
    store = FeedbackStore(db_location)
    with pytest.raises(UserError, match="Góp ý quá dài"):
        store.add(FeedbackEntry(rating="up", question="q", comment="x" * 2001))
    assert store.rows() == []


def test_feedback_survives_concurrent_writes_from_threads(db_location: Path | str) -> None:
    store = FeedbackStore(db_location)
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(25):
                FeedbackStore(db_location).add(FeedbackEntry(rating="up", question=f"t{worker}-{i}"))
        except BaseException as exc:  # collected: an exception in a thread would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = store.rows()
    assert len(rows) == 200 and len({r["question"] for r in rows}) == 200


WRITER = """
import sys
from web.feedback import FeedbackEntry, FeedbackStore
store = FeedbackStore(sys.argv[1])  # a SQLite file or a database URL
for i in range(int(sys.argv[3])):
    store.add(FeedbackEntry(rating="down", question=f"p{sys.argv[2]}-{i}", comment="gọi 0912345678"))
"""


def test_feedback_survives_concurrent_writes_from_processes(db_location: Path | str) -> None:
    path = db_location
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n), "60"], cwd=PROJECT,
                         stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]
    # ...while this process writes from two threads as well.
    store = FeedbackStore(path)
    threads = [threading.Thread(target=lambda w=w: [store.add(FeedbackEntry(rating="up", question=f"m{w}-{i}"))
                                                    for i in range(30)]) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    rows = store.rows()
    assert len(rows) == 3 * 60 + 2 * 30
    assert {r["comment"] for r in rows if r["rating"] == "down"} == {f"gọi {PHONE_MASK}"}


def test_export_csv_round_trips(db_location: Path | str, tmp_path: Path) -> None:
    # SQLite: the default file in the data directory; PostgreSQL: DANCU_DATABASE_URL.
    settings = Settings(data_dir=tmp_path, database_url=db_location if isinstance(db_location, str) else None)
    buffer = io.StringIO()
    assert export_csv(settings, buffer) == 0
    assert buffer.getvalue() == "id,created_at,rating,mode,question,conclusion,citations,comment\n"
    store = FeedbackStore.for_settings(settings)
    store.add(FeedbackEntry(rating="up", question="Hỏi, có \"ngoặc\"\nvà xuống dòng", comment="tốt; 0912345678"))
    store.add(FeedbackEntry(rating="down", question="Câu 2", citations="khoản 2 Điều 3 Thông tư 46/2022/TT-BCA"))
    buffer = io.StringIO()
    assert export_csv(settings, buffer) == 2
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [r["rating"] for r in rows] == ["up", "down"]
    assert rows[0]["question"] == "Hỏi, có \"ngoặc\"\nvà xuống dòng"
    assert rows[0]["comment"] == f"tốt; {PHONE_MASK}"
    assert rows[1]["citations"] == "khoản 2 Điều 3 Thông tư 46/2022/TT-BCA"


def test_cli_feedback_export(db_location: Path | str, tmp_path: Path) -> None:
    env = dict(os.environ)
    if isinstance(db_location, str):
        env["DANCU_DATABASE_URL"] = db_location
        FeedbackStore(db_location).add(FeedbackEntry(rating="up", question="Số định danh là gì?"))
    else:
        env.pop("DANCU_DATABASE_URL", None)
        FeedbackStore(tmp_path / "feedback.sqlite").add(FeedbackEntry(rating="up", question="Số định danh là gì?"))
    command = [sys.executable, "-m", "dancu.cli", "--data-dir", str(tmp_path), "feedback", "export", "--csv"]
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].split(",")[2:5] == ["up", "citizen", "Số định danh là gì?"]


# -- with the real answer service ---------------------------------------------------------------------
@pytest.mark.slow
def test_real_seed_question_shows_its_clause(real_service) -> None:
    outcome = ask(real_service, SEED_PRIVACY, (), "citizen")
    first = outcome.answer.citations[0]
    assert (first.so_hieu, first.article, first.clause) == (TT46, 3, 2)
    assert "Điều 3" in outcome.chat[-1]["content"] and TT46 in outcome.chat[-1]["content"]
    assert any("đời sống riêng tư" in m for m in re.findall(r"<mark>(.*?)</mark>", outcome.sources_html))


@pytest.mark.slow
def test_real_staff_procedure_checklist_and_follow_up(real_service) -> None:
    outcome = ask(real_service, SEED_PROCEDURE, (), "staff")
    assert "Bước 1" in outcome.checklist_html and "Bước 2" in outcome.checklist_html
    assert "Căn cứ: Bước 1 Điều 7 Thông tư 46/2022/TT-BCA" in outcome.checklist_html
    assert "- [ ] **Bước 1" in outcome.turns[-1].answer_markdown
    follow = ask(real_service, "còn bước 2 thì sao?", outcome.turns, "staff")
    assert any(c.so_hieu == TT46 and c.article == 7 for c in follow.answer.citations)
    assert len(follow.chat) == 4


@pytest.mark.slow
@pytest.mark.parametrize("case", bad_questions.ALL)
def test_real_service_rejects_bad_questions(real_service, case: BadQuestion) -> None:
    with pytest.raises(QuestionError) as raised:
        ask(real_service, case.value, (), "citizen")
    assert case.message in str(raised.value)


def test_checklist_of_points_said_as_steps_cites_each_point() -> None:
    steps = ["Bước 1 (điểm a khoản 1 Điều 23 Luật Căn cước 2023)\nNgười tiếp nhận kiểm tra, đối chiếu thông tin.",
             "Cách 2, mục 1 (điểm a khoản 2 Điều 21 Nghị định 70/2024/NĐ-CP)\nCông dân lựa chọn thủ tục."]
    lines = checklist_markdown(steps, []).splitlines()
    assert "- [ ] **Bước 1**" in lines and "    - Căn cứ: Điểm a khoản 1 Điều 23 Luật Căn cước 2023" in lines
    assert "- [ ] **Cách 2, mục 1**" in lines and "    - Căn cứ: Điểm a khoản 2 Điều 21 Nghị định 70/2024/NĐ-CP" in lines
