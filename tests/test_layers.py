"""The packages are layered (core < ingest < bot < web < evals < benchmarks; dancu, the CLI, and app.py on top) and import
only downward; web, evals and benchmarks use the bot only through its public facade (``import bot``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["core", "ingest", "bot", "web", "evals", "benchmarks", "dancu"]
FACADE_ONLY = {"web", "evals", "benchmarks"}  # may import `bot` itself, never `bot.<module>`


def imports_of(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def violations(package: str) -> list[str]:
    rank = LAYERS.index(package)
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module, line in imports_of(path):
            top = module.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line} imports {module}"
            if (top == "app" and package != "dancu") or (top in LAYERS and LAYERS.index(top) > rank):
                out.append(where + " (upward)")
            elif package in FACADE_ONLY and top == "bot" and module != "bot":
                out.append(where + " (past bot's facade)")
    return out


@pytest.mark.parametrize("package", LAYERS)
def test_imports_only_go_down(package: str) -> None:
    assert violations(package) == []


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from web.api import install_api\nimport bot.pipeline\nimport bot\n", encoding="utf-8")
    assert [m for m, _ in imports_of(bad)] == ["web.api", "bot.pipeline", "bot"]


def test_core_imports_nothing_of_ours_but_core() -> None:
    for path in (ROOT / "core").rglob("*.py"):
        ours = {m.split(".")[0] for m, _ in imports_of(path)} & set(LAYERS)
        assert ours <= {"core"}, path


@pytest.mark.parametrize("variable, value, message", [
    ("DANCU_PORT", "abc", "DANCU_PORT='abc' không hợp lệ (cần một số nguyên)"),
    ("DANCU_THREADS", "0", "DANCU_THREADS='0' không hợp lệ"),
])
def test_a_bad_setting_is_a_vietnamese_message_and_exit_1(monkeypatch, capsys, variable, value, message) -> None:
    from dancu.cli import main

    monkeypatch.setenv(variable, value)
    assert main(["ask", "x"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
