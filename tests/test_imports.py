"""The library never pulls in the command line's dependencies."""

from __future__ import annotations

import subprocess
import sys


def test_import_glossary_loads_neither_typer_nor_rich() -> None:
    code = (
        "import sys, glossary; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')); "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
