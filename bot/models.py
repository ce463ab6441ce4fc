"""The answer object of the contract (``dancu ask --json``, ``POST /api/ask``, ``bot.answer``), as frozen
pydantic models: the REST API serves them directly, so there is one definition of each field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_serializer

from core.legal import provision_label


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class RetrievedRef(_Frozen):
    """One retrieved chunk, in rank order."""

    id: str
    so_hieu: str | None
    article: int | None
    clause: int | None
    point: str | None = None
    step: int | None = None
    kind: str = "law"
    score: float
    cites: list[dict[str, Any]] = Field(default_factory=list, description="FAQ chunks: the articles they rely on")


class Citation(_Frozen):
    so_hieu: str
    document: str
    article: int
    clause: int | None
    point: str | None
    quote: str
    status: str
    title: str = ""
    step: int | None = None
    partial_document: bool = False
    amended_by: str | None = Field(None, description="the amending provision that gave this wording, with its date")
    status_checked: str = Field("", description="when the document's status was last checked (ISO date)")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        """'khoản 2 Điều 3 Thông tư 46/2022/TT-BCA'."""
        return provision_label(self.article, self.document, self.clause, self.point, self.step)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


class Answer(_Frozen):
    question: str
    answer: str = Field(description="Markdown shown to the user")
    conclusion: str | None
    steps: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    refused: bool = False
    retrieved: tuple[RetrievedRef, ...] = ()
    mode: str = "extractive"
    latency_ms: float = 0.0
    question_type: str = "other"
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    timings: dict[str, float] = Field(default_factory=dict, description="milliseconds spent in each stage")
    as_of: str = Field("", description="the date (ISO) the law was read as of")

    @field_serializer("latency_ms")
    def _round_latency(self, value: float) -> float:
        return round(value, 1)

    @field_serializer("timings")
    def _round_timings(self, value: dict[str, float]) -> dict[str, float]:
        return {k: round(v, 2) for k, v in value.items()}

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
