"""The shape of the code: no function over 60 lines but the documented hot loop, and no
library module over about 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500
#: yamlread._tree: every event of every file passes through it, kept in one piece on purpose.
LONG_FUNCTIONS = {("glossary/yamlread.py", "_tree")}


def sources() -> list[Path]:
    return sorted([*(ROOT / "glossary").rglob("*.py"), *(ROOT / "cli").rglob("*.py")])


def test_no_function_is_longer_than_sixty_lines() -> None:
    long = set()
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            functions = ast.FunctionDef | ast.AsyncFunctionDef
            if isinstance(node, functions) and (node.end_lineno or 0) - node.lineno + 1 > MAX_FUNCTION_LINES:
                long.add((path.relative_to(ROOT).as_posix(), node.name))
    assert long == LONG_FUNCTIONS


def test_no_library_module_is_longer_than_five_hundred_lines() -> None:
    long = {
        path.relative_to(ROOT).as_posix()
        for path in sources()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES
    }
    assert long == set()
