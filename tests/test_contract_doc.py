"""docs/CONTRACT.md stays in sync with the code: its field tables name exactly the fields of the answer models
(``bot.models``), and its environment table lists every variable of ``core.settings.Settings`` with its default.

Fast: reads the document and the model classes only (no model, no index).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import AliasChoices, BaseModel
from pydantic_core import PydanticUndefined

from bot.models import Answer, Citation, RetrievedRef
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "CONTRACT.md"
FIELD_HEADER = ["field", "type", "meaning"]
ENV_HEADER = ["variable", "default", "meaning"]


def cells(line: str) -> list[str]:
    """The cells of a Markdown table row (``\\|`` is a literal bar inside a cell)."""
    inner = line.strip().strip("|")
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def tables(text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of a Markdown text as (the heading above it, header cells, body rows)."""
    out: list[tuple[str, list[str], list[list[str]]]] = []
    heading = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|[\s:|-]+\|", lines[i + 1].strip()):
            header = [c.lower() for c in cells(line)]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            out.append((heading, header, rows))
            continue
        i += 1
    return out


def names(cell: str) -> list[str]:
    """The `code` names of a cell (a row may name several, e.g. `CHROMA_HOST`, `CHROMA_PORT`)."""
    return re.findall(r"`([^`]+)`", cell)


@pytest.fixture(scope="module")
def doc() -> str:
    return CONTRACT.read_text(encoding="utf-8")


def field_table(doc: str, model: type[BaseModel]) -> list[list[str]]:
    """The `| field | type | meaning |` table under the heading naming ``bot.models.<Model>``."""
    marker = f"`bot.models.{model.__name__}`"
    found = [rows for heading, header, rows in tables(doc) if header == FIELD_HEADER and marker in heading]
    assert len(found) == 1, f"docs/CONTRACT.md needs one field table under a heading naming {marker}"
    return found[0]


def documented_fields(rows: list[list[str]]) -> list[str]:
    out = []
    for row in rows:
        assert len(row) == 3 and all(row), f"incomplete row {row}"
        field = names(row[0])
        assert len(field) == 1, f"the field cell must be one `name`: {row[0]!r}"
        out.append(field[0])
    return out


def model_fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields) | set(model.model_computed_fields)


@pytest.mark.parametrize("model", [Answer, Citation, RetrievedRef], ids=lambda m: m.__name__)
def test_field_table_names_exactly_the_model_fields(doc: str, model: type[BaseModel]) -> None:
    fields = documented_fields(field_table(doc, model))
    assert len(fields) == len(set(fields)), f"a field is listed twice: {fields}"
    assert set(fields) == model_fields(model)


def test_the_computed_label_is_documented(doc: str) -> None:
    assert "label" in Citation.model_computed_fields
    assert "label" in documented_fields(field_table(doc, Citation))


def settings_aliases() -> dict[str, object]:
    """Each environment variable of Settings with its field's default."""
    out: dict[str, object] = {}
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
        for choice in choices:
            if isinstance(choice, str):
                out[choice] = field.default
    return out


def env_rows(doc: str) -> dict[str, str]:
    """Variable -> its default cell, from the `| variable | default | meaning |` tables."""
    out: dict[str, str] = {}
    for _, header, rows in tables(doc):
        if header == ENV_HEADER:
            for row in rows:
                for name in names(row[0]):
                    out[name] = row[1]
    return out


def test_every_settings_variable_is_documented(doc: str) -> None:
    aliases = settings_aliases()
    assert aliases, "Settings has no environment variables?"
    rows = env_rows(doc)
    assert sorted(set(aliases) - set(rows)) == []
    for alias in aliases:
        assert f"`{alias}`" in doc


def test_documented_defaults_match_settings(doc: str) -> None:
    rows = env_rows(doc)
    for alias, default in settings_aliases().items():
        cell = rows[alias]
        if default is None:
            assert "unset" in cell, f"{alias}: default is unset, the document says {cell!r}"
        elif isinstance(default, (bool, int, float, str)) and default is not PydanticUndefined:
            assert str(default) in names(cell), f"{alias}: default {default!r}, the document says {cell!r}"


def test_the_parser_reads_escaped_bars_and_multiple_names() -> None:
    text = "## T `bot.models.X`\n\n| field | type | meaning |\n|---|---|---|\n| `a` | `x` \\| null | m |\n"
    [(heading, header, rows)] = tables(text)
    assert heading == "T `bot.models.X`" and header == FIELD_HEADER
    assert rows == [["`a`", "`x` | null", "m"]]
    assert names("`CHROMA_HOST`, `CHROMA_PORT`") == ["CHROMA_HOST", "CHROMA_PORT"]


@pytest.mark.parametrize("path", ["docs/CONTRACT.md", "README.md", "evals/README.md"])
def test_the_contract_is_referred_to_inside_the_repository(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert "shared/CONTRACT" not in text
    if path != "docs/CONTRACT.md":
        assert "docs/CONTRACT.md" in text
