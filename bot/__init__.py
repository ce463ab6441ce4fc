"""The answering engine. Its public facade is what other packages import:

    from bot import AnswerService, Answer, Citation, RetrievedRef, clean_question, answer, ArticleRanker

A question flows: AnswerService.answer (bot/service.py) -> AnswerPipeline.run (bot/pipeline.py):
read (question.py) -> check (checks.py) -> retrieve (retrieval.py) -> select evidence (evidence.py) ->
compose (compose.py, or llm.py) -> Answer (models.py).
"""

from __future__ import annotations

from typing import Any

from bot.models import Answer, Citation, RetrievedRef
from bot.ranker import ArticleRanker
from bot.retrieval import MAX_EMBED_CHARS
from bot.service import AnswerService, clean_question

__all__ = ["Answer", "AnswerService", "ArticleRanker", "Citation", "MAX_EMBED_CHARS", "RetrievedRef", "answer", "clean_question"]


def answer(question: str, history: list[Any] | None = None, mode: str = "citizen") -> Answer:
    """Answer one question with the default settings (index loaded once per process)."""
    from bot.service import default_service

    return default_service().answer(question, history=history, mode=mode)
