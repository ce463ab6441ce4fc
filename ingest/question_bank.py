"""Our question bank (``corpus/questions/*.yaml``): questions written from the law text, each pointing to the
article and khoản that answer it. Indexed as retrieval keys (kind ``question``) that lead to their clauses.

A question that points to an amending provision (Điều 5 Nghị định 58/2026/NĐ-CP quoting the new wording of a
khoản of Nghị định 70/2024/NĐ-CP) is pointed at the amended article instead: answers cite the provision as
amended, and the amending one beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from core.legal import Amendment, LawDocument
from core.text import nfc
from core.versions import article_numbers

STYLES = ("citizen", "staff", "unaccented")


@dataclass(frozen=True)
class BankQuestion:
    text: str
    so_hieu: str
    article: int
    clauses: tuple[int, ...]
    style: str
    kind: str
    source: str  # file name


@dataclass(frozen=True)
class BankProblem:
    path: Path
    message: str


def _amended_target(documents: dict[str, LawDocument], so_hieu: str, article: int, clauses: tuple[int, ...]
                    ) -> tuple[str, int, tuple[int, ...]] | None:
    """(target, article, clauses) when (so_hieu, article, clauses) is an amending provision with a new wording."""
    for doc in documents.values():
        for amendment in doc.amendments:
            if amendment.by_so_hieu == so_hieu and amendment.kind == "replace" and _by_clause(amendment) in clauses:
                return doc.so_hieu, amendment.article, amendment.clauses or ()
    return None


def _by_clause(amendment: Amendment) -> int | None:
    # 'khoản 4 Điều 5 …' or 'điểm a khoản 6 Điều 5 …'
    words = amendment.by_label.split()
    return int(words[words.index("khoản") + 1]) if "khoản" in words else None


def load_question_bank(folder: Path, documents: dict[str, LawDocument]) -> tuple[list[BankQuestion], list[BankProblem]]:
    questions: list[BankQuestion] = []
    problems: list[BankProblem] = []
    if not folder.is_dir():
        return questions, problems
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(BankProblem(path, f"không đọc được ngân hàng câu hỏi: {exc}"))
            continue
        so_hieu = nfc(str(data.get("so_hieu") or ""))
        doc = documents.get(so_hieu)
        if doc is None:
            problems.append(BankProblem(path, f"số hiệu '{so_hieu}' không có trong kho văn bản"))
            continue
        held = set(article_numbers(doc))
        for i, item in enumerate(data.get("questions") or [], start=1):
            try:
                article = int(item["article"])
                clauses = tuple(int(c) for c in item.get("clauses") or ())
                text = nfc(str(item["q"])).strip()
            except (KeyError, TypeError, ValueError):
                problems.append(BankProblem(path, f"câu hỏi thứ {i} thiếu q / article hoặc sai kiểu"))
                continue
            if article not in held or not text:
                problems.append(BankProblem(path, f"câu hỏi thứ {i} trỏ tới Điều {article} không có trong kho"))
                continue
            target = _amended_target(documents, so_hieu, article, clauses)
            where = target or (so_hieu, article, clauses)
            questions.append(BankQuestion(text, where[0], where[1], where[2], str(item.get("style") or ""),
                                          str(item.get("kind") or "other"), path.name))
    return questions, problems
