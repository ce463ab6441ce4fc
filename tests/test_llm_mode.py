"""LLM mode with LangChain's fake chat models: grounded citations kept, invented ones removed and
flagged, and the extractive answer as the fallback when nothing grounded remains. (The reply check itself
runs fast, on the parsed corpus; the rest uses the real index and is slow.)"""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.llm import check_reply
from bot.service import AnswerService

QUESTION = "Khi kết nối, cơ quan có được lấy thông tin về đời sống riêng tư của công dân không?"
GOOD = (
    "KẾT LUẬN: Không, trừ trường hợp pháp luật khác có quy định.\n"
    "GIẢI THÍCH: Việc kết nối không được xâm phạm đời sống riêng tư [1].\n"
    "TRÍCH DẪN:\n"
    '[1] "không được xâm phạm quyền về đời sống riêng tư, bí mật cá nhân, bí mật gia đình"'
)
CITES_UNRETRIEVED = (
    "KẾT LUẬN: Có, theo Điều 99.\nGIẢI THÍCH: Được phép theo Điều 99 [7].\nTRÍCH DẪN:\n[7] \"được phép lấy mọi thông tin\""
)
MISQUOTES = (
    "KẾT LUẬN: Có.\nGIẢI THÍCH: Cơ quan được lấy mọi thông tin [1].\nTRÍCH DẪN:\n"
    '[1] "cơ quan, tổ chức được lấy mọi thông tin về đời sống riêng tư"'
)


def _service(real_settings, reply: str) -> AnswerService:
    return AnswerService(real_settings, llm=FakeListChatModel(responses=[reply]))


@pytest.mark.slow
def test_grounded_reply_is_used(real_settings):
    answer = _service(real_settings, GOOD).answer(QUESTION)
    assert answer.mode == "llm" and not answer.flags
    assert answer.conclusion == "Không, trừ trường hợp pháp luật khác có quy định."
    assert [(c.article, c.clause) for c in answer.citations] == [(3, 2)]
    assert "[1]" in answer.answer


@pytest.mark.slow
def test_citation_of_an_unretrieved_clause_is_removed_and_falls_back(real_settings):
    answer = _service(real_settings, CITES_UNRETRIEVED).answer(QUESTION)
    assert answer.mode == "extractive"
    assert "citation_not_retrieved:[7]" in answer.flags and "llm_fallback" in answer.flags
    assert "Điều 99" not in answer.answer and answer.citations[0].article == 3


@pytest.mark.slow
def test_misquote_is_removed_and_falls_back(real_settings):
    answer = _service(real_settings, MISQUOTES).answer(QUESTION)
    assert "quote_not_verbatim:[1]" in answer.flags and answer.mode == "extractive"
    assert answer.conclusion.startswith("Không")


@pytest.mark.slow
def test_backend_error_falls_back(real_settings):
    class Broken(FakeListChatModel):
        def _call(self, *args, **kwargs):
            raise ConnectionError("máy chủ LLM không trả lời")

    answer = AnswerService(real_settings, llm=Broken(responses=["x"])).answer(QUESTION)
    assert answer.mode == "extractive" and "llm_error" in answer.flags


def test_check_reply_keeps_good_and_flags_bad_markers():
    from bot.evidence import Unit
    from core.settings import DEFAULT_CORPUS
    from ingest.corpus import load_corpus

    tt46 = load_corpus(DEFAULT_CORPUS).law("46/2022/TT-BCA")
    units = [Unit(tt46, tt46.article(3), clause=2)]
    # one clause was given: [2] and [3] point at nothing, and [1] quotes it verbatim
    reply = GOOD.replace("[1].", "[1] [3].") + '\n[2] "bịa đặt"'
    checked = check_reply(reply, units)
    assert checked.citations == [(1, "không được xâm phạm quyền về đời sống riêng tư, bí mật cá nhân, bí mật gia đình")]
    assert checked.conclusion == "Không, trừ trường hợp pháp luật khác có quy định."
    assert checked.explanation.startswith("Việc kết nối không được xâm phạm đời sống riêng tư [1]")
    assert "[3]" not in checked.explanation
    assert checked.flags == ["citation_not_retrieved:[2]", "marker_removed:[3]"]
    # a quote of the given clause that is not in it
    misquoted = check_reply(MISQUOTES, units)
    assert misquoted.citations == [] and misquoted.flags == ["marker_removed:[1]", "quote_not_verbatim:[1]"]
