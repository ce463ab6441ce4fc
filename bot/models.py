"""Frozen result types passed between the stages and returned to users (the contract's answer object)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.chunking import Chunk


@dataclass(frozen=True)
class Retrieved:
    chunk: Chunk
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None
    dense_similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "id": c.id,
            "so_hieu": c.so_hieu,
            "article": c.article,
            "clause": c.clause,
            "point": c.point,
            "step": c.step,
            "kind": c.kind,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Citation:
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

    @property
    def label(self) -> str:
        """'khoản 2 Điều 3 Thông tư 46/2022/TT-BCA'."""
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        if self.step is not None:
            parts.append(f"Bước {self.step}")
        parts.append(f"Điều {self.article} {self.document}")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["label"] = self.label
        return data


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    conclusion: str | None
    steps: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    refused: bool = False
    retrieved: tuple[Retrieved, ...] = ()
    mode: str = "extractive"
    latency_ms: float = 0.0
    question_type: str = "other"
    notes: tuple[str, ...] = field(default_factory=tuple)
    flags: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "conclusion": self.conclusion,
            "steps": list(self.steps),
            "citations": [c.to_dict() for c in self.citations],
            "refused": self.refused,
            "retrieved": [r.to_dict() for r in self.retrieved],
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 1),
            "question_type": self.question_type,
            "notes": list(self.notes),
            "flags": list(self.flags),
        }
