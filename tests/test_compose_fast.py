"""The conclusion, the Markdown and the composed answer, from articles parsed out of the real corpus files.

Fast and exact: no embedding model, no Chroma. Each test builds ``bot.evidence.Unit``s (or ``Citation``s)
from real articles and checks the sentence or the Markdown the user would read.
"""

from __future__ import annotations

import dataclasses

from bot import conclusion as C
from bot.compose import ExtractiveComposer
from bot.evidence import Evidence, Unit
from bot.models import Citation
from bot.question import Question, QuestionReader
from bot.refusals import not_covered, person_data
from bot.render import DISCLAIMER, FOCUS_NOTE, document_notes, render_answer, render_refusal, status_line
from core.text import strip_diacritics
from tests.helpers import parsed_index

TT46 = "46/2022/TT-BCA"
LAW = "26/2023/QH15"  # Luật Căn cước 2023
ND13 = "13/2023/NĐ-CP"
SEED_PERMISSION = ("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin "
                   "về đời sống riêng tư, bí mật cá nhân hay không?")
SEED_PROCEDURE = "Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện theo quy trình nào?"
SEED_RESPONSIBILITY = ("Cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an có trách nhiệm gì về hoạt động kết nối, "
                       "chia sẻ và khai thác thông tin giữa Cơ sở dữ liệu quốc gia về dân cư?")
PRIVACY_CLAUSE = ("2. Không làm ảnh hưởng đến quyền lợi và trách nhiệm của cơ quan, tổ chức, cá nhân có liên quan, không được "
                  "xâm phạm quyền về đời sống riêng tư, bí mật cá nhân, bí mật gia đình trừ trường hợp pháp luật khác có quy định.")
STEP_2 = (
    "Bước 2: Tiếp nhận và xử lý đơn đề nghị\n"
    "Ngay sau khi nhận được văn bản đề nghị, cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an thực hiện:\n"
    "(1) Cung cấp tài liệu kỹ thuật phục vụ kết nối, chia sẻ, khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư "
    "cho cơ quan, tổ chức có đề nghị kết nối;\n"
    "(2) Hỗ trợ các cơ quan, tổ chức thực hiện kết nối, điều chỉnh phần mềm và kiểm thử kỹ thuật các dịch vụ chia sẻ, "
    "khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư;\n"
    "(3) Phối hợp với Cục An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao, Cục Kỹ thuật nghiệp vụ thuộc Bộ Công an "
    "và đơn vị có liên quan tiến hành kiểm tra, đánh giá việc bảo đảm an ninh, an toàn thông tin hệ thống thông tin của "
    "cơ quan, tổ chức có đề nghị kết nối."
)
FOOTER = f"_{DISCLAIMER}_"


def unit(so_hieu: str, article: int, **where) -> Unit:
    doc = parsed_index().documents[so_hieu]
    art = doc.article(article)
    assert art is not None, f"Điều {article} {so_hieu} is not in the corpus"
    return Unit(doc, art, **where)


def ask(text: str) -> Question:
    return QuestionReader(None).run(text)


def test_the_real_text_these_tests_quote_is_unchanged():
    """Guards the literals below: if the corpus wording changes, this fails first, with the reason."""
    assert unit(TT46, 3, clause=2).quote == PRIVACY_CLAUSE
    assert unit(TT46, 7, step=2).quote == STEP_2
    assert ask(SEED_PERMISSION).qtype == "permission"
    assert ask(SEED_PROCEDURE).qtype == "procedure"
    assert ask(SEED_RESPONSIBILITY).qtype == "responsibility"


# -- conclusion: permission ---------------------------------------------------------------------------
def test_prohibition_answers_no_with_the_asker_as_subject_and_the_exception():
    text = C.conclude(ask(SEED_PERMISSION), [unit(TT46, 3, clause=2)], None)
    assert text == ("Không. Cơ quan, tổ chức không được xâm phạm quyền về đời sống riêng tư, bí mật cá nhân, bí mật gia đình, "
                    "trừ trường hợp pháp luật khác có quy định (khoản 2 Điều 3 Thông tư 46/2022/TT-BCA).")


def test_prohibition_without_diacritics_cites_the_clause_first():
    """No subject is taken from a question typed without diacritics (it would be shown unaccented)."""
    text = C.conclude(ask(strip_diacritics(SEED_PERMISSION)), [unit(TT46, 3, clause=2)], None)
    assert text == ("Không. Theo khoản 2 Điều 3 Thông tư 46/2022/TT-BCA: không được xâm phạm quyền về đời sống riêng tư, "
                    "bí mật cá nhân, bí mật gia đình, trừ trường hợp pháp luật khác có quy định.")


def test_a_no_from_the_law_beats_our_faq_wording():
    text = C.conclude(ask(SEED_PERMISSION), [unit(TT46, 3, clause=2)], "Có, được phép.")
    assert text.startswith("Không. Cơ quan, tổ chức không được xâm phạm") and "được phép" not in text


def test_permission_granted_in_words_answers_yes():
    text = C.permission("Cơ quan có được kết nối với Cơ sở dữ liệu quốc gia về dân cư không?", [unit(TT46, 3, clause=4)])
    assert text == ("Có. Theo khoản 4 Điều 3 Thông tư 46/2022/TT-BCA: cơ quan, tổ chức, cá nhân được kết nối, chia sẻ, "
                    "khai thác thông tin với Cơ sở dữ liệu quốc gia về dân cư phải bảo đảm điều kiện hạ tầng hệ thống thông "
                    "tin, mô hình kết nối, cấu trúc dữ liệu, an ninh, an toàn, bảo mật thông tin theo quy định của pháp luật.")


def test_a_clause_that_does_not_speak_to_what_is_asked_is_stated_not_answered_yes_or_no():
    question = ask("Cơ quan quản lý có được xây dựng tài liệu hướng dẫn không?")
    assert question.qtype == "permission"
    assert C.permission(question.cleaned, [unit(TT46, 4, clause=1)]) is None
    text = C.conclude(question, [unit(TT46, 4, clause=1)], None)
    assert not text.startswith(("Có", "Không"))
    assert text.startswith("Cơ sở dữ liệu hộ tịch điện tử dùng chung, Cơ sở dữ liệu về cư trú")
    assert "khoản 1 Điều 4 Thông tư 46/2022/TT-BCA" in text


def test_a_clause_of_a_prohibitions_article_answers_no():
    text = C.permission("Cán bộ có được nhũng nhiễu khi giải quyết thủ tục không?", [unit(LAW, 7, clause=3)])
    assert text.startswith("Không. ")
    assert "hoản 3 Điều 7 Luật Căn cước 2023" in text  # 'khoản' or 'Khoản', as the sentence puts it
    assert text.endswith("nhũng nhiễu, gây phiền hà, phân biệt đối xử khi giải quyết thủ tục hành chính liên quan đến căn cước, "
                         "Cơ sở dữ liệu quốc gia về dân cư và Cơ sở dữ liệu căn cước.")


# -- conclusion: procedure, listing, statement -----------------------------------------------------------
STEP_1_SAID = (
    "Bước 1 – Lập văn bản đề nghị kết nối: cơ quan, tổ chức quản lý hệ thống thông tin có văn bản đề nghị kết nối với "
    "Cơ sở dữ liệu quốc gia về dân cư gửi cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an; văn bản đề nghị "
    "kết nối Cơ sở dữ liệu quốc gia về dân cư vớ cơ sở dữ liệu quốc gia sẽ bao gồm các nội dung sau: (1) đơn vị đăng ký; "
    "chức năng, nhiệm vụ, quyền hạn được giao; (2) tên hệ thống thông tin, cơ sở dữ liệu đề nghị được kết nối, chia sẻ; "
    "(3) thông tin cán bộ phụ trách kết nối, chia sẻ và khai thông tin; (4) mục đích, phạm vi, nội dung thông tin, số "
    "lượng trường thông tin cần chia sẻ; (5) dịch vụ đăng ký sử dụng trong Cơ sở dữ liệu quốc gia về dân cư, tài liệu mô "
    "tả kỹ thuật thành phần hệ thống có kết nối với Cơ sở dữ liệu quốc gia về dân cư.")
STEP_2_BODY = (
    "ngay sau khi nhận được văn bản đề nghị, cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an thực hiện: "
    "(1) cung cấp tài liệu kỹ thuật phục vụ kết nối, chia sẻ, khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư "
    "cho cơ quan, tổ chức có đề nghị kết nối; (2) hỗ trợ các cơ quan, tổ chức thực hiện kết nối, điều chỉnh phần mềm và "
    "kiểm thử kỹ thuật các dịch vụ chia sẻ, khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư; (3) phối hợp với "
    "Cục An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao, Cục Kỹ thuật nghiệp vụ thuộc Bộ Công an và đơn vị có "
    "liên quan tiến hành kiểm tra, đánh giá việc bảo đảm an ninh, an toàn thông tin hệ thống thông tin của cơ quan, tổ "
    "chức có đề nghị kết nối.")
STEPS_SAID = f"{STEP_1_SAID} Bước 2 – Tiếp nhận và xử lý đơn đề nghị: {STEP_2_BODY}"


def test_procedure_says_every_step_in_order_whole_and_that_the_corpus_holds_only_these():
    """Điều 7 is held in part (its completeness note): the conclusion says which steps the corpus has, then each step
    with what it says — who sends the request to whom, what it contains, what the ministry does on receiving it."""
    steps = [unit(TT46, 7, step=1), unit(TT46, 7, step=2)]
    text = C.procedure(steps)
    assert text == f"Theo Điều 7 Thông tư 46/2022/TT-BCA, kho dữ liệu chỉ có Bước 1–2 của quy trình. {STEPS_SAID}"
    assert C.conclude(ask(SEED_PROCEDURE), steps, None) == text


def test_procedure_of_a_wholly_held_article_counts_its_steps():
    doc = dataclasses.replace(parsed_index().documents[TT46], completeness="full")
    steps = [Unit(doc, doc.article(7), step=n) for n in (1, 2)]
    assert C.procedure(steps) == f"Theo Điều 7 Thông tư 46/2022/TT-BCA, trình tự gồm 2 bước. {STEPS_SAID}"


def test_procedure_with_one_step():
    assert C.procedure([unit(TT46, 7, step=2)]) == (
        f"Theo Bước 2 Điều 7 Thông tư 46/2022/TT-BCA (Tiếp nhận và xử lý đơn đề nghị): {STEP_2_BODY}")


def test_procedure_needs_steps():
    assert C.procedure([unit(TT46, 11, clause=1), unit(TT46, 11, clause=2)]) is None


DUTIES = (
    "xây dựng tài liệu hướng dẫn và hỗ trợ kỹ thuật thực hiện kết nối, chia sẻ, khai thác thông tin trong Cơ sở dữ liệu "
    "quốc gia về dân cư",
    "chủ trì, phối hợp với cơ quan, tổ chức có hệ thống thông tin kết nối với Cơ sở dữ liệu quốc gia về dân cư và cơ quan "
    "có liên quan giải quyết, xử lý sự cố vướng mắc phát sinh trong quá trình thực hiện",
    "phối hợp đơn vị có liên quan thực hiện việc kiểm tra theo quy định việc bảo đảm an ninh, an toàn thông tin của hệ thống "
    "thông tin có kết nối, chia sẻ thông tin với Cơ sở dữ liệu quốc gia về dân cư",
)


def test_listing_counts_the_clauses_of_one_article_and_gives_each_whole():
    clauses = [unit(TT46, 11, clause=n) for n in (1, 2, 3)]
    text = C.listing(clauses)
    assert "có 3 " in text and "(Điều 11 Thông tư 46/2022/TT-BCA)" in text
    assert text.endswith("; ".join(f"({n}) {duty}" for n, duty in enumerate(DUTIES, start=1)) + ".")
    assert C.conclude(ask(SEED_RESPONSIBILITY), clauses, None) == text


def test_a_list_names_every_item_of_the_article_even_when_the_evidence_held_some():
    """Two of the three khoản of Điều 19 were cited: the conclusion lists all three (the composer then cites them)."""
    text = C.listing([unit(LAW, 19, clause=1), unit(LAW, 19, clause=3)])
    assert "3 nội dung (Điều 19 Luật Căn cước 2023)" in text
    assert text.endswith(": (1) người được cấp thẻ căn cước là công dân Việt Nam; "
                         "(2) công dân Việt Nam từ đủ 14 tuổi trở lên phải thực hiện thủ tục cấp thẻ căn cước; "
                         "(3) công dân Việt Nam dưới 14 tuổi được cấp thẻ căn cước theo nhu cầu.")
    assert C.listing([unit(TT46, 11, clause=1)]) == C.listing([unit(TT46, 11, clause=n) for n in (1, 2, 3)])


def test_listing_of_a_step_gives_its_numbered_items_after_its_lead_in():
    text = C.listing([unit(TT46, 7, step=2)])
    assert text.startswith("Ngay sau khi nhận được văn bản đề nghị, cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an "
                           "thực hiện (Bước 2 Điều 7 Thông tư 46/2022/TT-BCA): (1) cung cấp tài liệu kỹ thuật phục vụ kết nối")
    assert "; (3) phối hợp với Cục An ninh mạng" in text and "(4)" not in text


def test_statement_gives_the_clause_and_its_citation():
    text = C.statement([unit(TT46, 3, clause=2)])
    assert text.startswith(PRIVACY_CLAUSE[len("2. "):].rstrip("."))
    assert text.endswith("(khoản 2 Điều 3 Thông tư 46/2022/TT-BCA).")


def test_statement_joins_a_lead_in_to_its_points_without_their_letters():
    text = C.statement([unit(ND13, 2, clause=3)])
    assert text.startswith("Dữ liệu cá nhân cơ bản bao gồm (khoản 3 Điều 2 Nghị định 13/2023/NĐ-CP): "
                           "(1) họ, chữ đệm và tên khai sinh, tên gọi khác (nếu có); (2) ngày, tháng, năm sinh;")
    assert "a)" not in text and "b)" not in text


def test_the_law_s_answer_beats_our_faq_wording():
    steps = [unit(TT46, 7, step=1), unit(TT46, 7, step=2)]
    assert C.conclude(ask(SEED_PROCEDURE), steps, "Gồm Bước 1 và Bước 2.") == C.conclude(ask(SEED_PROCEDURE), steps, None)


def test_our_faq_wording_is_used_when_the_law_s_text_gives_no_direct_answer():
    question = ask("Thời hạn giải quyết đề nghị kết nối là bao lâu?")
    units = [unit(TT46, 11, clause=1)]
    assert C.conclude(question, units, None).startswith("Trợ lý chưa tìm thấy thời hạn cho việc này trong nguồn hiện có")
    assert C.conclude(question, units, "  Trong   30 ngày. ") == "Trong 30 ngày (khoản 1 Điều 11 Thông tư 46/2022/TT-BCA)."


def test_a_responsibility_question_cited_with_clauses_lists_them():
    clauses = [unit(TT46, 11, clause=n) for n in (1, 2, 3)]
    text = C.conclude(ask("Cơ quan quản lý có những trách nhiệm gì?"), clauses, None)
    assert [f"({n}) {duty}" in text for n, duty in enumerate(DUTIES, start=1)] == [True] * 3 and "(4)" not in text


def test_any_question_cited_with_steps_says_the_steps():
    text = C.conclude(ask("Điều 7 Thông tư 46 quy định gì?"), [unit(TT46, 7, step=1), unit(TT46, 7, step=2)], None)
    assert text.startswith("Theo Điều 7 Thông tư 46/2022/TT-BCA, ") and text.endswith(STEPS_SAID)


def test_no_units_no_conclusion():
    assert C.conclude(ask(SEED_PERMISSION), [], "Không.") is None


# -- rendering ------------------------------------------------------------------------------------------
def cite(so_hieu: str, article: int, **where) -> Citation:
    return unit(so_hieu, article, **where).citation()


def plain_citation(**fields) -> Citation:
    """A citation with made-up document facts, for the parts of the Markdown that do not depend on the corpus."""
    base = dict(so_hieu="1/2099/TT-X", document="Thông tư 1/2099/TT-X", article=5, clause=None, point=None,
                quote="Nội dung.", status="Còn hiệu lực.", title="Điều 5. Tên điều")
    return Citation(**(base | fields))


def test_render_answer_conclusion_first_then_quoted_basis_then_notes_then_disclaimer():
    markdown = render_answer("Không.", [plain_citation(clause=2, quote="2. Khoản hai.")], [], ["Ghi chú một", "Ghi chú hai"],
                             "citizen")
    assert markdown == (
        "**Kết luận:** Không.\n\n"
        "**Căn cứ pháp lý**\n\n"
        "- Khoản 2 Điều 5 Thông tư 1/2099/TT-X — Tên điều:\n> 2. Khoản hai.\n\n"
        "**Lưu ý**\n- Ghi chú một\n- Ghi chú hai\n\n"
        f"{FOOTER}"
    )


def test_render_answer_cites_the_real_clause_with_its_article_title():
    markdown = render_answer(None, [cite(TT46, 3, clause=2)], [], [], "citizen")
    title = parsed_index().documents[TT46].article(3).title
    assert f"- Khoản 2 Điều 3 Thông tư 46/2022/TT-BCA — {title}:\n> {PRIVACY_CLAUSE}\n\n" in markdown


def test_render_answer_labels_points_and_amended_wording():
    markdown = render_answer(None, [plain_citation(clause=1, point="b", quote="b) Điểm b."),
                                    plain_citation(clause=2, amended_by="khoản 4 Điều 5 Nghị định 9/2099/NĐ-CP, hiệu lực 01/01/2099")],
                             [], [], "citizen")
    assert markdown == (
        "**Căn cứ pháp lý**\n\n"
        "- Điểm b khoản 1 Điều 5 Thông tư 1/2099/TT-X — Tên điều:\n> b) Điểm b.\n\n"
        "- Khoản 2 Điều 5 Thông tư 1/2099/TT-X (được sửa đổi bởi khoản 4 Điều 5 Nghị định 9/2099/NĐ-CP, hiệu lực "
        "01/01/2099) — Tên điều:\n> Nội dung.\n\n"
        f"{FOOTER}"
    )


def test_a_khoan_cut_by_its_source_is_quoted_as_it_is_not_said_to_hold_the_steps():
    """Khoản 4 Điều 41 Luật Căn cước ends with the source's own cut mark ('...'): that line is no điểm, so the khoản
    is quoted as it is beside the steps of TT 46 Điều 7, not shown as 'các điểm của khoản này là các bước'."""
    cut = plain_citation(clause=4, quote="4. Xây dựng, trình Chính phủ quy định về việc xác lập số định danh cá nhân.\n...")
    markdown = render_answer("Kết luận.", [cut], ["Bước 1: Lập văn bản đề nghị kết nối\nCơ quan … gửi …."], [], "citizen")
    assert "các bước ở mục Các bước" not in markdown
    assert "> 4. Xây dựng, trình Chính phủ quy định về việc xác lập số định danh cá nhân." in markdown


def test_render_answer_puts_warnings_before_the_conclusion():
    markdown = render_answer("Có.", [], [], [], "citizen", ["⚠️ Văn bản đã hết hiệu lực."])
    assert markdown == f"**⚠️ Văn bản đã hết hiệu lực.**\n\n**Kết luận:** Có.\n\n{FOOTER}"


def test_render_answer_quotes_every_line_and_never_cuts_a_quote():
    long_clause = next(c for c in parsed_index().documents[ND13].article(2).clauses if len(c.text) > 700)
    for mode in ("citizen", "staff"):
        markdown = render_answer(None, [cite(ND13, 2, clause=long_clause.number)], [], [], mode)
        assert "\n".join(f"> {line}" for line in long_clause.text.split("\n")) + "\n\n" in markdown
        assert "…" not in markdown


def test_a_citizen_reads_only_the_answering_lines_of_a_long_quote_staff_the_whole():
    long_clause = next(c for c in parsed_index().documents[ND13].article(2).clauses if len(c.text) > 700)
    lines = long_clause.text.split("\n")
    focus = {0: [lines[0], lines[3]]}
    citizen = render_answer(None, [cite(ND13, 2, clause=long_clause.number)], [], [], "citizen", (), focus)
    staff = render_answer(None, [cite(ND13, 2, clause=long_clause.number)], [], [], "staff", (), focus)
    assert f":\n> {lines[0]}\n> {lines[3]}\n\n  {FOCUS_NOTE}\n\n" in citizen and lines[1] not in citizen
    assert "\n".join(f"> {line}" for line in lines) in staff and FOCUS_NOTE not in staff


def test_a_short_quote_is_shown_whole_even_with_focus_lines():
    citation = plain_citation(quote="Dòng một.\nDòng hai.")
    markdown = render_answer(None, [citation], [], [], "citizen", (), {0: ["Dòng hai."]})
    assert "> Dòng một.\n> Dòng hai." in markdown and FOCUS_NOTE not in markdown


def test_a_citizen_reads_the_quotes_the_conclusion_relies_on_and_the_others_by_label():
    citations = [plain_citation(clause=1, quote="1. Một."), plain_citation(clause=2, quote="2. Hai.")]
    citizen = render_answer("Kết luận.", citations, [], [], "citizen", (), None, [1])
    staff = render_answer("Kết luận.", citations, [], [], "staff", (), None, [1])
    assert "- Khoản 1 Điều 5 Thông tư 1/2099/TT-X — Tên điều.\n\n- Khoản 2 Điều 5 Thông tư 1/2099/TT-X — Tên điều:\n> 2. Hai." in citizen
    assert "> 1. Một." not in citizen
    assert "> 1. Một." in staff and "> 2. Hai." in staff


def test_steps_are_listed_for_citizens_and_as_a_checklist_for_staff_each_with_its_citation():
    citation = cite(TT46, 7, step=2)
    citizen = render_answer(None, [citation], [STEP_2], [], "citizen")
    staff = render_answer(None, [citation], [STEP_2], [], "staff")
    head = "**Bước 2: Tiếp nhận và xử lý đơn đề nghị** (Bước 2 Điều 7 Thông tư 46/2022/TT-BCA)\n"
    items = ("    - Ngay sau khi nhận được văn bản đề nghị, cơ quan quản lý Cơ sở dữ liệu quốc gia về dân cư Bộ Công an thực hiện:\n"
             "    - (1) Cung cấp tài liệu kỹ thuật")
    assert "**Các bước**\n\n- " + head + items in citizen
    assert "**Danh mục kiểm tra (cán bộ)**\n\n- [ ] " + head + items in staff
    # a citizen reads the step once, under "Các bước"; staff also read it quoted in the legal basis
    assert citizen.count("(1) Cung cấp tài liệu kỹ thuật") == 1 and "\n- Bước 2 Điều 7 Thông tư 46/2022/TT-BCA — " in citizen
    assert staff.count("(1) Cung cấp tài liệu kỹ thuật") == 2
    assert citizen.count("\n    - ") == 4 and citizen.endswith(FOOTER)


def test_render_answer_without_content_is_the_disclaimer_only():
    assert render_answer(None, [], [], [], "citizen") == FOOTER


def test_render_refusal():
    message = person_data().message
    assert render_refusal(message) == f"**Kết luận:** {message}\n\n{FOOTER}"


def test_document_notes_once_per_document_with_partial_holdings():
    first = plain_citation(partial_document=True, status="Còn hiệu lực.")
    other = plain_citation(so_hieu="2/2099/NĐ-X", document="Nghị định 2/2099/NĐ-X", status="Hết hiệu lực.",
                           status_checked="2099-01-31")
    notes = document_notes([first, first.model_copy(update={"article": 6}), other], {"1/2099/TT-X": "Điều 5, 6"})
    assert notes == [
        "Tình trạng Thông tư 1/2099/TT-X: Còn hiệu lực.",
        "Kho dữ liệu chỉ có một phần Thông tư 1/2099/TT-X (Điều 5, 6). Các điều khác có thể có quy định liên quan.",
        "Tình trạng Nghị định 2/2099/NĐ-X: Hết hiệu lực. (kiểm tra ngày 31/01/2099)",
    ]


def test_document_notes_partial_document_without_a_known_list():
    notes = document_notes([plain_citation(partial_document=True)], {})
    assert notes[1] == "Kho dữ liệu chỉ có một phần Thông tư 1/2099/TT-X. Các điều khác có thể có quy định liên quan."


def test_status_line_gives_each_documents_first_status_sentence_once():
    first = plain_citation(status="Còn hiệu lực. Chưa có văn bản sửa đổi.", status_checked="2099-01-31")
    other = plain_citation(so_hieu="2/2099/NĐ-X", document="Nghị định 2/2099/NĐ-X", status="Hết hiệu lực; đã bị thay thế.")
    assert status_line([first, first.model_copy(update={"article": 6}), other]) == (
        "Tình trạng: Thông tư 1/2099/TT-X — Còn hiệu lực (kiểm tra ngày 31/01/2099); Nghị định 2/2099/NĐ-X — Hết hiệu lực.")
    assert status_line([]) is None


# -- the extractive composer on the parsed corpus ----------------------------------------------------------
def test_composer_writes_the_seed_permission_answer():
    answer = ExtractiveComposer(parsed_index()).run(ask(SEED_PERMISSION), Evidence((unit(TT46, 3, clause=2),), None, None), [])
    assert not answer.refused and answer.question == SEED_PERMISSION and answer.question_type == "permission"
    assert answer.conclusion.startswith("Không. Cơ quan, tổ chức không được xâm phạm")
    assert [(c.so_hieu, c.article, c.clause, c.label) for c in answer.citations] == [
        (TT46, 3, 2, "khoản 2 Điều 3 Thông tư 46/2022/TT-BCA")]
    assert answer.citations[0].quote == PRIVACY_CLAUSE and answer.citations[0].partial_document
    assert answer.answer.startswith(f"**Kết luận:** {answer.conclusion}\n\n**Căn cứ pháp lý**\n\n- Khoản 2 Điều 3")
    assert f"> {PRIVACY_CLAUSE}" in answer.answer
    assert answer.notes[-1].startswith("Tình trạng: Thông tư 46/2022/TT-BCA — ") and answer.steps == ()


def test_composer_tells_staff_what_the_corpus_holds_of_the_document():
    question = QuestionReader(None).run(SEED_PERMISSION, mode="staff")
    answer = ExtractiveComposer(parsed_index()).run(question, Evidence((unit(TT46, 3, clause=2),), None, None), [])
    held = parsed_index().documents[TT46].held_articles
    assert f"Kho dữ liệu chỉ có một phần Thông tư 46/2022/TT-BCA ({held}). Các điều khác có thể có quy định liên quan." in answer.notes


def test_composer_gives_the_steps_of_a_procedure_and_says_the_article_is_held_in_part():
    units = (unit(TT46, 7, step=1), unit(TT46, 7, step=2))
    answer = ExtractiveComposer(parsed_index()).run(ask(SEED_PROCEDURE), Evidence(units, None, None), [])
    assert answer.steps == (unit(TT46, 7, step=1).quote, STEP_2)
    assert [(c.article, c.step) for c in answer.citations] == [(7, 1), (7, 2)]
    assert "**Các bước**\n\n- **Bước 1: Lập văn bản đề nghị kết nối** (Bước 1 Điều 7 Thông tư 46/2022/TT-BCA)" in answer.answer
    assert "Kho dữ liệu chỉ có Bước 1–2 của Điều 7 Thông tư 46/2022/TT-BCA." in answer.notes


def test_composer_puts_the_points_of_a_procedure_khoan_under_cac_buoc_and_says_each_step_briefly():
    units = (unit(LAW, 23, clause=1),)
    composer = ExtractiveComposer(parsed_index())
    answer = composer.run(ask("Thủ tục cấp thẻ căn cước cho người từ đủ 14 tuổi gồm các bước nào?"), Evidence(units, None, None), [])
    # each step by its first clause, whole (graded 'empty conclusion' when it only pointed to the steps below)
    assert answer.conclusion == (
        "Trình tự, thủ tục cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên gồm 5 bước (khoản 1 Điều 23 Luật Căn cước "
        "2023): (1) người tiếp nhận kiểm tra, đối chiếu thông tin của người cần cấp thẻ căn cước từ Cơ sở dữ liệu quốc "
        "gia về dân cư, cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành để xác định chính xác người cần cấp thẻ căn "
        "cước; (2) người tiếp nhận thu nhận thông tin nhân dạng và thông tin sinh trắc học gồm ảnh khuôn mặt, vân tay, "
        "mống mắt của người cần cấp thẻ căn cước; (3) người cần cấp thẻ căn cước kiểm tra, ký vào phiếu thu nhận thông "
        "tin căn cước; (4) người tiếp nhận cấp giấy hẹn trả thẻ căn cước; (5) trả thẻ căn cước theo địa điểm ghi trong "
        "giấy hẹn; chi tiết từng bước ở mục Các bước.")
    assert [s.split("\n")[0] for s in answer.steps] == [
        f"Bước {n} (điểm {p} khoản 1 Điều 23 Luật Căn cước 2023)" for n, p in zip(range(1, 6), "abcdđ")]
    assert "**Các bước**\n\n- **Bước 1 (điểm a khoản 1 Điều 23 Luật Căn cước 2023)**\n    - Người tiếp nhận kiểm tra" in answer.answer
    assert "\n\n- **Bước 2 (điểm b khoản 1 Điều 23 Luật Căn cước 2023)**\n    - Người tiếp nhận thu nhận " in answer.answer
    # the citizen reads each point once: the khoản's lead-in in the legal basis, its points as steps
    assert answer.answer.count("Người cần cấp thẻ căn cước kiểm tra, ký vào phiếu thu nhận thông tin căn cước") == 1
    staff = composer.run(QuestionReader(None).run("Thủ tục cấp thẻ căn cước cho người từ đủ 14 tuổi gồm các bước nào?",
                                                  mode="staff"), Evidence(units, None, None), [])
    assert staff.conclusion == answer.conclusion and staff.steps == answer.steps  # same facts, same citations
    assert "- [ ] **Bước 1 (điểm a khoản 1 Điều 23 Luật Căn cước 2023)**" in staff.answer
    assert "> c) Người cần cấp thẻ căn cước kiểm tra, ký vào phiếu thu nhận thông tin căn cước;" in staff.answer


def test_composer_refuses_without_evidence():
    answer = ExtractiveComposer(parsed_index()).run(ask(SEED_PERMISSION), Evidence((), None, None), [])
    assert answer.refused and answer.citations == ()
    assert answer.conclusion == not_covered().message and answer.flags == ("refused:weak_evidence",)


def test_a_conclusion_naming_the_district_level_says_in_itself_that_it_is_gone_and_what_reads_now():
    answer = ExtractiveComposer(parsed_index()).run(ask("Làm thẻ căn cước ở đâu?"), Evidence((unit(LAW, 27),), None, None), [])
    assert "Công an huyện" in answer.conclusion
    # right after the item that names it, not after the whole list
    assert ("nơi công dân cư trú (từ 01/07/2025 không còn cấp huyện: nay đọc là “cơ quan quản lý căn cước Công an cấp tỉnh "
            "hoặc Công an cấp xã”, như văn bản sửa đổi ghi ở khoản 1 Điều 18, khoản 2 Điều 34 Nghị định 70/2024/NĐ-CP, theo "
            "khoản 16 Điều 5 Nghị định 58/2026/NĐ-CP); (2) cơ quan quản lý căn cước của Bộ Công an") in answer.conclusion, \
        answer.conclusion
    # the notes still say that the quoted provision itself has no amended wording in the corpus
    assert any("quy định trích ở trên thì kho dữ liệu chưa có bản sửa" in n for n in answer.notes)
    other = ExtractiveComposer(parsed_index()).run(ask(SEED_PERMISSION), Evidence((unit(TT46, 3, clause=2),), None, None), [])
    assert "cấp huyện" not in other.conclusion


def test_the_focused_quote_keeps_the_points_of_every_khoan_the_conclusion_states():
    # khoản 1 was held as evidence; the whole Điều 29 replaced it when khoản 2's cases were stated too: the citizen
    # quote showed khoản 1's lead-in without its điểm a)–c)
    answer = ExtractiveComposer(parsed_index()).run(
        ask("Trường hợp nào phải thu hồi, giữ thẻ căn cước từ 01/7/2024?"),
        Evidence((unit(LAW, 29, clause=1), unit(LAW, 29, clause=5)), None, None), [])
    quoted = answer.answer.split("**Căn cứ pháp lý**")[1]
    for line in ("> 1. Thẻ căn cước bị thu hồi trong trường hợp sau đây:", "> c) Thẻ căn cước đã tẩy xóa, sửa chữa.",
                 "> 2. Thẻ căn cước bị giữ trong trường hợp sau đây:", "> b) Người đang bị tạm giữ, tạm giam, chấp hành án phạt tù."):
        assert line in quoted, quoted
    assert quoted.index("> c) Thẻ căn cước đã tẩy xóa") < quoted.index("> 2. Thẻ căn cước bị giữ")


def test_a_conclusion_resting_only_on_a_replaced_decree_says_first_until_when_it_applied_and_where_the_rule_is_now():
    import datetime as dt

    question = "Chủ thể dữ liệu có được xem, chỉnh sửa dữ liệu cá nhân của mình không?"
    evidence = Evidence((unit(ND13, 9, clause=3),), None, None)
    today = ExtractiveComposer(parsed_index()).run(QuestionReader(None).run(question, None, "citizen", dt.date(2026, 11, 30)),
                                                   evidence, [])
    assert today.conclusion.startswith(
        "Có, theo quy định áp dụng đến hết ngày 31/12/2025 (Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026; quy "
        "định hiện hành nằm ở Luật Bảo vệ dữ liệu cá nhân (91/2025/QH15) và Nghị định 356/2025/NĐ-CP"), today.conclusion
    assert "(kho dữ liệu chưa có)). Theo khoản 3 Điều 9 Nghị định 13/2023/NĐ-CP" in today.conclusion
    then = ExtractiveComposer(parsed_index()).run(QuestionReader(None).run(question, None, "citizen", dt.date(2025, 6, 1)),
                                                  evidence, [])
    assert then.conclusion.startswith("Có. Theo khoản 3 Điều 9 Nghị định 13/2023/NĐ-CP")
    # asked for the rule in force now, which the sources do not hold: that comes first, the old rule after it
    now = ExtractiveComposer(parsed_index()).run(
        QuestionReader(None).run(f"Theo quy định hiện hành, {question[0].lower()}{question[1:]}", None, "citizen",
                                 dt.date(2026, 11, 30)), evidence, [])
    assert now.conclusion.startswith("Kho dữ liệu không có quy định hiện hành về việc này: Nghị định 13/2023/NĐ-CP đã hết "
                                     "hiệu lực từ 01/01/2026"), now.conclusion
    assert "Theo quy định áp dụng đến hết ngày 31/12/2025: Có. Theo khoản 3 Điều 9" in now.conclusion

