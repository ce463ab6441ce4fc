"""What a system under evaluation (ours or the naive baseline) returns for one question, reduced to what
the metrics need: ranked retrieved items, citations, refusal, answer text, latency.

A retrieved item "covers" a set of (so_hieu, article, clause) keys:
- a law chunk covers its own article and clause (clause None = the whole article, or a part that is not a
  khoản such as a Bước or the article's opening words);
- an FAQ chunk (kind ``faq`` / ``faq_external``) covers every article in its ``cites`` list: it is a hit on
  any article it cites (its ``so_hieu``/``article`` fields only carry the first cite);
- a naive chunk covers the articles and khoản whose text it contains (clause 0 = an article heading or
  opening words without any khoản).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RetrievedRef:
    covers: frozenset[tuple[str, int, int | None]]
    label: str = ""
    kind: str = "law"
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "kind": self.kind, "score": round(self.score, 4),
                "covers": [list(k) for k in sorted(self.covers, key=_key_order)]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RetrievedRef":
        return cls(frozenset((k[0], int(k[1]), k[2]) for k in data["covers"]), data.get("label", ""),
                   data.get("kind", "law"), float(data.get("score", 0.0)))


@dataclass(frozen=True)
class CitedRef:
    so_hieu: str
    article: int
    clause: int | None
    quote: str = ""

    @property
    def label(self) -> str:
        clause = f"k{self.clause} " if self.clause is not None else ""
        return f"{clause}Đ{self.article} {self.so_hieu}"


@dataclass(frozen=True)
class SystemOutput:
    retrieved: tuple[RetrievedRef, ...] = ()
    citations: tuple[CitedRef, ...] = ()
    refused: bool = False
    answer: str = ""
    latency_ms: float = 0.0
    error: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    conclusion: str | None = None  # the answer's conclusion alone (None: the system writes none, e.g. naive)

    def to_dict(self) -> dict[str, Any]:
        return {
            "retrieved": [r.to_dict() for r in self.retrieved],
            "citations": [asdict(c) for c in self.citations],
            "refused": self.refused,
            "answer": self.answer,
            "latency_ms": round(self.latency_ms, 1),
            "error": self.error,
            "flags": list(self.flags),
            "conclusion": self.conclusion,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SystemOutput":
        return cls(
            retrieved=tuple(RetrievedRef.from_dict(r) for r in data.get("retrieved", [])),
            citations=tuple(CitedRef(c["so_hieu"], int(c["article"]), c.get("clause"), c.get("quote", ""))
                            for c in data.get("citations", [])),
            refused=bool(data.get("refused", False)),
            answer=data.get("answer", ""),
            latency_ms=float(data.get("latency_ms", 0.0)),
            error=data.get("error"),
            flags=tuple(data.get("flags", [])),
            conclusion=data.get("conclusion"),
        )


def _key_order(key: tuple) -> tuple:
    return (key[0], key[1], -1 if key[2] is None else key[2])


def key_label(key: tuple) -> str:
    """('46/2022/TT-BCA', 3, 2) -> 'k2 Đ3 46/2022/TT-BCA'."""
    clause = f"k{key[2]} " if key[2] not in (None, 0) else ""
    return f"{clause}Đ{key[1]} {key[0]}"


def chunk_covers(kind: str, so_hieu: str, article: int | None, clause: int | None, cites: str = "[]") -> frozenset:
    """Keys covered by one of our index's chunks (see the module docstring)."""
    if kind in ("faq", "faq_external"):
        items = json.loads(cites or "[]")
        keys = {(c["so_hieu"], int(c["article"]), c.get("clause")) for c in items}
        if keys:
            return frozenset(keys)
    if article is None:
        return frozenset()
    return frozenset({(so_hieu, int(article), clause)})


def from_answer(answer: Any) -> SystemOutput:
    """Our bot's ``bot.models.Answer`` -> SystemOutput."""
    retrieved = []
    for r in answer.retrieved:
        covers = chunk_covers(r.kind, r.so_hieu or "", r.article, r.clause, json.dumps(r.cites))
        if r.kind == "law":
            label = f"law:{key_label((r.so_hieu, r.article, r.clause))}"
        else:
            label = f"{r.id} →" + ", ".join(key_label(k) for k in sorted(covers, key=_key_order))
        retrieved.append(RetrievedRef(covers, label, r.kind, r.score))
    citations = tuple(CitedRef(c.so_hieu, c.article, c.clause, c.quote) for c in answer.citations)
    return SystemOutput(tuple(retrieved), citations, bool(answer.refused), answer.answer, float(answer.latency_ms),
                        None, tuple(answer.flags), answer.conclusion or "")
