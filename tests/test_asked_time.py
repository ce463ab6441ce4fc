"""The past time a question asks the law of (bot/asked_time.py), and the law read as of that time."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.asked_time import time_told
from bot.compose import ExtractiveComposer
from bot.evidence import Evidence
from bot.question import QuestionReader
from core.text import plain_text
from tests.helpers import parsed_index
from tests.test_conclusion_kinds import ND13, unit

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize("question, day", [
    ("Tháng 5/2023 tôi bị mất thẻ căn cước công dân, lúc đó Luật Căn cước công dân 2014 còn hiệu lực. Tôi làm thủ "
     "tục đổi hay cấp lại?", dt.date(2023, 5, 1)),
    ("nam 2022 the cccd cua minh bi gay. hoi do con ap dung luat can cuoc cong dan 2014 thi lam thu tuc gi",
     dt.date(2022, 1, 1)),
    ("Năm 2025 công ty tôi xử lý dữ liệu theo Nghị định 13/2023 áp dụng lúc đó, có phải lập hồ sơ không?",
     dt.date(2025, 1, 1)),
    # a year told for another reason, or no tie to the law of that time: today's law
    ("Tôi sinh năm 1990, thẻ căn cước của tôi hết hạn năm nào?", None),
    ("Thẻ căn cước công dân của mẹ tôi hết hạn tháng 3/2024, nay có phải đổi không?", None),
    # the law's own year is its name, not the time asked
    ("Luật Căn cước công dân năm 2014 còn hiệu lực không?", None),
    ("Năm 2027 thì luật nào còn áp dụng?", None),  # not a past time
    # the end of a year is its last month: the end of this year is today's law
    ("Thi hành Nghị định 13/2023/NĐ-CP trong thời gian Nghị định còn áp dụng (đến hết năm 2025), bộ nào phối hợp?",
     dt.date(2025, 12, 1)),
    ("Đến cuối năm 2026, các quy định về kết nối trong Thông tư còn được áp dụng không?", None),
    # the story's past is what has changed; the ask is about what is to come
    ("Năm 2020 tôi làm thẻ căn cước công dân ở Bình Dương dù thường trú ở Nghệ An, vì hồi đó luật cho công dân tự chọn "
     "nơi làm. Sắp tới cấp đổi sang thẻ căn cước, tôi có còn được tự chọn làm ở Bình Dương như trước không?", None),
])
def test_the_time_a_question_places_its_case_in(question: str, day: dt.date | None) -> None:
    assert time_told(plain_text(question).lower(), TODAY) == day


def test_the_reader_reads_the_law_as_of_the_time_told_unless_a_date_was_chosen() -> None:
    text = "Tháng 5/2023 tôi bị mất thẻ, lúc đó Luật Căn cước công dân 2014 còn hiệu lực. Làm thủ tục gì?"
    told = QuestionReader(None).run(text)
    assert told.as_of == "2023-05-01" and told.as_of_told
    chosen = QuestionReader(None).run(text, as_of="2026-11-30")
    assert chosen.as_of == "2026-11-30" and not chosen.as_of_told


def test_a_law_not_yet_in_force_on_the_day_asked_is_not_a_candidate() -> None:
    index = parsed_index()
    assert ("26/2023/QH15", 24) in index.article_texts("2024-07-01")
    assert ("26/2023/QH15", 24) not in index.article_texts("2023-05-01")  # Luật Căn cước took effect 01/07/2024
    assert ("59/2014/QH13", 23) in index.article_texts("2023-05-01")
    earlier = index.valid_positions("2023-05-01")
    assert not any(index.chunks[i].so_hieu == "26/2023/QH15" and index.chunks[i].kind == "law" for i in earlier)


def test_a_status_asked_now_is_today_s_though_the_case_is_told_in_a_past_year() -> None:
    """Parts (1)–(2) ask the law of 2025 ('áp dụng lúc đó'); part (3) asks whether the decree applies 'hiện nay': it
    does not (replaced from 01/01/2026), whatever the year the case was told in."""
    question = QuestionReader(None).run(
        "Năm 2025 công ty tôi nhập liệu hồ sơ bệnh nhân cho một phòng khám. Xin hỏi: (1) theo Nghị định 13/2023/NĐ-CP "
        "áp dụng lúc đó, khi kết thúc hợp đồng công ty phải xử lý dữ liệu thế nào; (2) hiện nay Nghị định 13/2023/NĐ-CP "
        "còn là văn bản đang áp dụng không?")
    assert question.as_of_told and question.as_of.startswith("2025")
    status = ExtractiveComposer(parsed_index()).status_conclusion(question)
    assert status.startswith("Không. Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026"), status


def test_a_status_part_is_answered_beside_the_other_parts_not_instead_of_them() -> None:
    question = QuestionReader(None).run(
        "Năm 2025 công ty tôi nhập liệu hồ sơ bệnh nhân theo hợp đồng với một phòng khám. Xin hỏi: (1) theo Nghị định "
        "13/2023/NĐ-CP áp dụng lúc đó, công ty phải xử lý dữ liệu cá nhân thế nào; (2) hiện nay Nghị định "
        "13/2023/NĐ-CP còn là văn bản đang áp dụng không?")
    answer = ExtractiveComposer(parsed_index()).run(question, Evidence((unit(ND13, 39, clause=2),), None, None), [])
    assert answer.conclusion.startswith("(1) "), answer.conclusion
    assert "khoản 2 Điều 39 Nghị định 13/2023/NĐ-CP" in answer.conclusion
    assert "(2) Không. Nghị định 13/2023/NĐ-CP đã hết hiệu lực từ 01/01/2026" in answer.conclusion

