"""Evaluation datasets: JSONL, one question a line, in the contract's format (docs/CONTRACT.md).

    {"id": "…", "question": "…", "type": "permission|…", "answerable": true,
     "gold": [{"so_hieu": "46/2022/TT-BCA", "article": 3, "clause": 2}], "facts": ["…"]}

Other keys (``style``, ``topic``, ``source`` …) are kept as ``extra``. A bad line is a ``DatasetError``
naming the file and line. ``EvalQuestion.unaccented()`` is the same question typed without diacritics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from core.errors import UserError
from core.text import nfc, strip_diacritics

QUESTION_TYPES = ("permission", "procedure", "responsibility", "definition", "out_of_scope", "false_premise", "other")
CORE_KEYS = ("id", "question", "type", "answerable", "gold", "facts")


class DatasetError(UserError):
    """A dataset file the user must fix (message names the file and line)."""


@dataclass(frozen=True, order=True)
class GoldRef:
    so_hieu: str
    article: int
    clause: int | None = None

    @property
    def article_key(self) -> tuple[str, int]:
        return (self.so_hieu, self.article)

    def label(self) -> str:
        clause = f"khoản {self.clause} " if self.clause is not None else ""
        return f"{clause}Điều {self.article} {self.so_hieu}"

    def to_dict(self) -> dict[str, Any]:
        return {"so_hieu": self.so_hieu, "article": self.article, "clause": self.clause}


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    type: str
    answerable: bool
    gold: tuple[GoldRef, ...] = ()
    facts: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("question id is empty")
        if not self.question.strip():
            raise ValueError(f"question {self.id!r} has no text")
        if self.type not in QUESTION_TYPES:
            raise ValueError(f"type must be one of {QUESTION_TYPES}, got {self.type!r}")
        if self.answerable and not self.gold:
            raise ValueError(f"question {self.id!r} is answerable but has no gold article")

    @property
    def gold_articles(self) -> frozenset[tuple[str, int]]:
        return frozenset(g.article_key for g in self.gold)

    def unaccented(self) -> "EvalQuestion":
        """The same question, gold and facts, typed without diacritics."""
        return replace(self, question=strip_diacritics(self.question))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "type": self.type,
            "answerable": self.answerable,
            "gold": [g.to_dict() for g in self.gold],
            "facts": list(self.facts),
        }
        data.update({k: v for k, v in self.extra.items() if k not in data})
        return data


@dataclass(frozen=True)
class Dataset:
    name: str
    questions: tuple[EvalQuestion, ...]
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self):
        return iter(self.questions)

    def limit(self, n: int | None) -> "Dataset":
        if n is None:
            return self
        if n <= 0:
            raise ValueError(f"limit must be > 0, got {n}")
        return replace(self, questions=self.questions[:n])

    def unaccented(self) -> "Dataset":
        return replace(self, questions=tuple(q.unaccented() for q in self.questions))

    def by_id(self) -> dict[str, EvalQuestion]:
        return {q.id: q for q in self.questions}


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} phải là số nguyên, nhận được {value!r}")
    return value


def _gold(item: Any) -> GoldRef:
    if not isinstance(item, dict) or "so_hieu" not in item or "article" not in item:
        raise ValueError(f"mỗi mục 'gold' cần so_hieu và article, nhận được {item!r}")
    so_hieu = item["so_hieu"]
    if not isinstance(so_hieu, str) or not so_hieu.strip():
        raise ValueError(f"so_hieu phải là chuỗi khác rỗng, nhận được {so_hieu!r}")
    clause = item.get("clause")
    return GoldRef(nfc(so_hieu.strip()), _int(item["article"], "article"),
                   None if clause is None else _int(clause, "clause"))


def parse_question(obj: Any) -> EvalQuestion:
    """One dataset record -> EvalQuestion; ValueError (Vietnamese message) when it breaks the format."""
    if not isinstance(obj, dict):
        raise ValueError("mỗi dòng phải là một đối tượng JSON")
    missing = [k for k in ("id", "question", "type", "answerable") if k not in obj]
    if missing:
        raise ValueError(f"thiếu trường {', '.join(missing)}")
    if not isinstance(obj["question"], str):
        raise ValueError("'question' phải là chuỗi")
    if obj["type"] not in QUESTION_TYPES:
        raise ValueError(f"'type' phải là một trong {', '.join(QUESTION_TYPES)}, nhận được {obj['type']!r}")
    if not isinstance(obj["answerable"], bool):
        raise ValueError(f"'answerable' phải là true hoặc false, nhận được {obj['answerable']!r}")
    gold = obj.get("gold") or []
    facts = obj.get("facts") or []
    if not isinstance(gold, list):
        raise ValueError("'gold' phải là một danh sách")
    if not isinstance(facts, list) or not all(isinstance(f, str) and f.strip() for f in facts):
        raise ValueError("'facts' phải là danh sách chuỗi khác rỗng")
    if obj["answerable"] and not gold:
        raise ValueError("câu hỏi answerable=true cần ít nhất một điều luật trong 'gold'")
    if not obj["question"].strip():
        raise ValueError("'question' đang trống")
    return EvalQuestion(
        id=str(obj["id"]),
        question=nfc(obj["question"].strip()),
        type=obj["type"],
        answerable=obj["answerable"],
        gold=tuple(dict.fromkeys(_gold(g) for g in gold)),
        facts=tuple(nfc(f.strip()) for f in facts),
        extra={k: v for k, v in obj.items() if k not in CORE_KEYS},
    )


def parse_lines(lines: Iterable[str], source: str = "<dataset>") -> tuple[EvalQuestion, ...]:
    questions: list[EvalQuestion] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question = parse_question(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{source}:{number}: JSON không hợp lệ ({exc.msg}, cột {exc.colno}).") from None
        except ValueError as exc:
            raise DatasetError(f"{source}:{number}: {exc}.") from None
        if question.id in seen:
            raise DatasetError(f"{source}:{number}: id '{question.id}' trùng với dòng {seen[question.id]}.")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise DatasetError(f"{source}: tệp không có câu hỏi nào.")
    return tuple(questions)


def read_json_lines(path: Path, bad_line: str) -> list[tuple[int, Any]]:
    """(line number, parsed value) of every non-empty line of a JSONL file the evaluations write or keep (answers,
    grades); an unreadable file or a line that is not JSON is a Vietnamese error with the path and line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"Không đọc được {path}: {exc.strerror or exc}") from None
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append((number, json.loads(line)))
        except ValueError:
            raise UserError(f"{path}:{number}: {bad_line}") from None
    return out


def load_dataset(path: Path) -> Dataset:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"Không tìm thấy tệp bộ câu hỏi: {path}") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: tệp không phải UTF-8 (byte {exc.start}).") from None
    except OSError as exc:
        raise DatasetError(f"Không đọc được {path}: {exc.strerror}") from None
    return Dataset(path.name, parse_lines(text.splitlines(), str(path)), path)


def write_dataset(questions: Iterable[EvalQuestion], path: Path) -> int:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(q.to_dict(), ensure_ascii=False) for q in questions]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return len(lines)
