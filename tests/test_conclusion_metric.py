"""Conclusion-fact coverage and the conclusion defects (evals/metrics.py), their place in metrics.json and the
reports (evals/report.py)."""

from __future__ import annotations

import pytest

from evals.dataset import EvalQuestion, GoldRef
from evals.metrics import conclusion_defects, conclusion_fact_coverage, score_question, summarise
from evals.outputs import CitedRef, SystemOutput, from_answer
from evals.report import SUMMARY_ROWS, failure_reasons

TT46 = "46/2022/TT-BCA"
CONCLUSION = ("Không. Cơ quan, tổ chức không được xâm phạm quyền về đời sống riêng tư, bí mật cá nhân, bí mật gia đình, "
              "trừ trường hợp pháp luật khác có quy định (khoản 2 Điều 3 Thông tư 46/2022/TT-BCA).")


def test_facts_are_found_in_the_conclusion_alone_and_yes_no_must_open_it():
    facts = ["Không", "không được xâm phạm", "Đời sống riêng tư", "trừ trường hợp pháp luật khác có quy định"]
    assert conclusion_fact_coverage(CONCLUSION, facts) == 1.0
    # 'Không' elsewhere in the sentence is not an answer: it must be the first word
    assert conclusion_fact_coverage("Theo khoản 2: không được xâm phạm.", ["Không", "không được xâm phạm"]) == 0.5
    assert conclusion_fact_coverage("Có, khi có nhu cầu.", ["Có"]) == 1.0
    assert conclusion_fact_coverage("Cơ quan quản lý.", ["Có"]) == 0.0  # 'Cơ' is not 'Có'
    assert conclusion_fact_coverage(CONCLUSION, []) is None


@pytest.mark.parametrize("conclusion, defects", [
    (CONCLUSION, ()),
    ("Theo Điều 11, có 3 nội dung: (1) xây dựng tài liệu…; (2) chủ trì.", ("ellipsis",)),
    ("Gồm: (1) ; (2) công dân đề nghị.", ("empty_item",)),
    ("Theo khoản 1 Điều 18 Nghị định 70/2024/NĐ-CP: .", ("dangling_colon",)),
    ("Văn bản ... gồm 2 nội dung: (1) a; (2) .", ("ellipsis", "empty_item")),
    # references to items inside the law's own words are not empty items
    ("Tổ chức không thuộc quy định tại (1), (2), (3), (4) được khai thác (khoản 1 Điều 17).", ()),
    (None, ()),
])
def test_conclusion_defects(conclusion, defects):
    assert conclusion_defects(conclusion) == defects


QUESTION = EvalQuestion("q1", "Có được lấy thông tin đời tư không?", "permission", True, (GoldRef(TT46, 3, 2),),
                        ("đời sống riêng tư",), {"conclusion_facts": ["Không", "không được xâm phạm"]})


def _output(conclusion: str | None, refused: bool = False) -> SystemOutput:
    return SystemOutput((), (CitedRef(TT46, 3, 2, "x"),) if not refused else (), refused,
                        f"**Kết luận:** {conclusion or ''}", 1.0, conclusion=conclusion)


def test_score_and_summary():
    ours = score_question(QUESTION, _output(CONCLUSION), lambda s, a: None)
    cut = score_question(QUESTION, _output("Theo khoản 2 Điều 3: không được xâm phạm…"), lambda s, a: None)
    refused = score_question(QUESTION, _output("Ngoài phạm vi.", refused=True), lambda s, a: None)
    naive = score_question(QUESTION, _output(None), lambda s, a: None)  # writes no conclusion
    assert (ours.conclusion_fact_coverage, cut.conclusion_fact_coverage, refused.conclusion_fact_coverage) == (1.0, 0.5, 0.0)
    assert naive.conclusion_fact_coverage is None
    assert cut.conclusion_defects == ("ellipsis",) and refused.conclusion_defects == ()
    summary = summarise([ours, cut, refused, naive])
    assert summary["conclusion_fact_coverage"] == pytest.approx(0.5)
    assert summary["n_conclusion_facts"] == 3
    assert (summary["conclusions_with_ellipsis"], summary["conclusions_with_empty_item"],
            summary["conclusions_with_dangling_colon"]) == (1, 0, 0)
    assert "kết luận lỗi: ellipsis" in failure_reasons(cut)
    assert cut.to_dict()["conclusion_defects"] == ["ellipsis"]


def test_the_report_lists_the_new_rows_beside_the_others():
    keys = [key for key, _, _ in SUMMARY_ROWS]
    assert keys.index("conclusion_fact_coverage") == keys.index("fact_coverage") + 1
    assert {"conclusions_with_ellipsis", "conclusions_with_empty_item", "conclusions_with_dangling_colon"} <= set(keys)
    assert dict((k, t) for k, _, t in SUMMARY_ROWS)["conclusion_fact_coverage"] == "≥ 0.90"


def test_the_answer_s_conclusion_reaches_the_output_and_survives_answers_jsonl():
    from bot.models import Answer

    output = from_answer(Answer(question="q", answer="**Kết luận:** Có.", conclusion="Có."))
    assert output.conclusion == "Có."
    assert SystemOutput.from_dict(output.to_dict()).conclusion == "Có."
