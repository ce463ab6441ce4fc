"""On-disk layout of index generations and the atomic switch between them.

    <data>/index/CURRENT                 name of the generation being served
    <data>/index/<gen>/manifest.json     embedder, collection name, chunk ids + hashes, counts
    <data>/index/<gen>/chunks.jsonl      the chunks (text, body, metadata)
    <data>/index/<gen>/documents.json    documents with their parsed articles (for citations)
    <data>/index/<gen>/bm25/             the bm25s index
    Chroma collection 'dancu-<gen>'      the vectors (embedded store or server)

A new generation is written under '<gen>.tmp', renamed, and only then named in CURRENT
(os.replace), so a killed ingest leaves the previous generation serving.

    <data>/index/<gen>.<pid>.lease       a running server holds <gen>: {"pid", "heartbeat"} (refreshed)

Garbage collection (ingest) never deletes a generation with a live lease: its pid is alive and its heartbeat
is less than LEASE_TTL_S old. One file per process, so several servers can share a data directory.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from core.errors import IndexCorruptError, IndexMissingError
from core.legal import Amendment, Detail, LawDocument, ProvisionNote, Relation
from core.legal import Article, Clause, Item, Point, Step

CURRENT = "CURRENT"


def current_generation(index_dir: Path) -> str | None:
    pointer = index_dir / CURRENT
    if not pointer.exists():
        return None
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise IndexCorruptError(f"Tệp {pointer} bị hỏng. Hãy chạy: dancu ingest --rebuild") from None
    if name and not name.replace("-", "").replace("T", "").isalnum():
        raise IndexCorruptError(f"Tệp {pointer} bị hỏng. Hãy chạy: dancu ingest --rebuild")
    return name or None


def set_current(index_dir: Path, generation: str) -> None:
    tmp = index_dir / f"{CURRENT}.tmp"
    tmp.write_text(generation, encoding="utf-8")
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)


def collection_name(generation: str) -> str:
    return f"dancu-{generation}"


def read_manifest(index_dir: Path, generation: str) -> dict[str, Any]:
    path = index_dir / generation / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorruptError(f"Thiếu tệp {path}. Hãy chạy: dancu ingest --rebuild") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise IndexCorruptError(f"Tệp {path} bị hỏng. Hãy chạy: dancu ingest --rebuild") from None


def require_current(index_dir: Path) -> str:
    generation = current_generation(index_dir)
    if generation is None or not (index_dir / generation).is_dir():
        raise IndexMissingError(
            f"Chưa có chỉ mục trong {index_dir}. Hãy chạy: dancu ingest (hoặc make run, tự tạo chỉ mục)."
        )
    return generation


def documents_to_json(documents: list[LawDocument]) -> str:
    def doc_dict(doc: LawDocument) -> dict[str, Any]:
        data = asdict(doc)
        data["path"] = doc.path.name
        return data

    return json.dumps([doc_dict(d) for d in documents], ensure_ascii=False)


def _article(data: dict[str, Any]) -> Article:
    return Article(
        number=data["number"],
        title=data["title"],
        intro=data["intro"],
        clauses=tuple(
            Clause(c["number"], c["text"], tuple(Point(**p) for p in c["points"]), tuple(Item(**i) for i in c["items"]))
            for c in data["clauses"]
        ),
        steps=tuple(Step(s["number"], s["title"], s["text"], tuple(Item(**i) for i in s["items"])) for s in data["steps"]),
        chapter=data.get("chapter"),
        section=data.get("section"),
        note=data.get("note"),
        line=data.get("line", 0),
    )


def _amendment(data: dict[str, Any]) -> Amendment:
    data = dict(data)
    data["clauses"] = tuple(data["clauses"]) if data.get("clauses") is not None else None
    data["wording"] = _article(data["wording"]) if data.get("wording") else None
    return Amendment(**data)


def documents_from_json(text: str) -> list[LawDocument]:
    out = []
    for data in json.loads(text):
        data = dict(data)
        data["path"] = Path(data["path"])
        data["sources"] = tuple(data["sources"])
        data["articles"] = tuple(_article(a) for a in data["articles"])
        data["relations"] = tuple(Relation(**r) for r in data.get("relations", ()))
        data["amendments"] = tuple(_amendment(a) for a in data.get("amendments", ()))
        data["notes"] = tuple(ProvisionNote(**n) for n in data.get("notes", ()))
        data["details"] = tuple(Detail(d["article"], d["law"], tuple(d["law_articles"])) for d in data.get("details", ()))
        out.append(LawDocument(**data))
    return out


def remove_generation_dir(index_dir: Path, generation: str) -> None:
    shutil.rmtree(index_dir / generation, ignore_errors=True)


# -- leases: a running server holds the generation it serves ------------------------------------------------
LEASE_TTL_S = 60.0
LEASE_SUFFIX = ".lease"


def lease_path(index_dir: Path, generation: str, pid: int | None = None) -> Path:
    return index_dir / f"{generation}.{pid or os.getpid()}{LEASE_SUFFIX}"


def write_lease(index_dir: Path, generation: str, pid: int | None = None) -> Path:
    """Create or refresh this process's lease on ``generation`` (atomic: never a half-written file)."""
    path = lease_path(index_dir, generation, pid)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"pid": pid or os.getpid(), "generation": generation, "heartbeat": time.time()}),
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def release_lease(index_dir: Path, generation: str, pid: int | None = None) -> None:
    lease_path(index_dir, generation, pid).unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def leased_generations(index_dir: Path, now: float | None = None) -> set[str]:
    """Generations held by a live lease; stale lease files (dead pid, old heartbeat, unreadable) are removed."""
    now = time.time() if now is None else now
    held: set[str] = set()
    if not index_dir.is_dir():
        return held
    for path in index_dir.glob(f"*{LEASE_SUFFIX}"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            generation, pid, beat = str(data["generation"]), int(data["pid"]), float(data["heartbeat"])
        except (OSError, ValueError, KeyError, TypeError):
            generation, pid, beat = "", 0, 0.0
        if generation and _pid_alive(pid) and now - beat < LEASE_TTL_S:
            held.add(generation)
        else:
            path.unlink(missing_ok=True)
    return held
