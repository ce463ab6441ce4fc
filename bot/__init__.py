"""The answer: hybrid retrieval and a grounded, cited, conclusion-first answer.

Flow: bot.service.AnswerService.answer(question) -> bot.chain (LangChain runnables):
normalise -> retrieve (dense + BM25, fused) -> guard (refuse?) -> compose (extractive or LLM) -> Answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.models import Answer


def answer(question: str, history: list[Any] | None = None, mode: str = "citizen") -> "Answer":
    """Answer one question with the default settings (index loaded once per process)."""
    from bot.service import default_service

    return default_service().answer(question, history=history, mode=mode)
