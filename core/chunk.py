"""A chunk: one indexed piece of text with its provenance (document, Điều/khoản/điểm/Bước, source).

Ids are deterministic (``tt-46-2022-bca:d3:k2``), and the content hash makes re-ingest idempotent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    body: str
    kind: str  # law | faq | faq_external
    doc_id: str
    so_hieu: str
    document: str
    article: int | None
    clause: int | None
    point: str | None
    step: int | None
    title: str
    status: str
    source: str
    cites: str = "[]"  # JSON list of {so_hieu, article, clause} for FAQ chunks
    valid_from: str = ""  # ISO date this wording applies from ('' = since the document took effect)
    valid_to: str = ""  # ISO date it stopped applying ('' = still in force)
    amended_by: str = ""  # the provision that gave this wording ('khoản 4 Điều 5 Nghị định 58/2026/NĐ-CP, hiệu lực …')

    @property
    def content_hash(self) -> str:
        return text_hash("\x1f".join((self.text, self.status, self.valid_from, self.valid_to, self.amended_by)))

    def valid_on(self, day: str) -> bool:
        return self.valid_from <= day and (not self.valid_to or day < self.valid_to)

    def metadata(self) -> dict[str, str | int]:
        """Chroma metadata: scalars only, None stored as '' / -1."""
        meta = {k: v for k, v in asdict(self).items() if k not in ("id", "text", "body")}
        out: dict[str, str | int] = {}
        for key, value in meta.items():
            if value is None:
                out[key] = -1 if key in ("article", "clause", "step") else ""
            else:
                out[key] = value
        out["content_hash"] = self.content_hash
        return out

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> "Chunk":
        return cls(**json.loads(line))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
