"""Each command imports only what it needs: `--json` never rich, `--version`/`--help` no glossary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Runs the command line in a fresh interpreter, then reports which modules it imported.
_PROBE = """
import json, sys
from cli.main import run
sys.argv = ["glossary", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def imported(args: list[str], cache: Path) -> set[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), GLOSSARY_PATH="")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    line = done.stderr.rsplit("MODULES ", 1)[1]
    return set(json.loads(line))


def tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.fixture()
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_lookup_json_imports_no_rich(cache: Path) -> None:
    first = imported(["lookup", "Isis", "--json"], cache)  # builds the cache
    assert "rich" not in tops(first)
    warm = imported(["lookup", "Isis", "--json"], cache)
    assert "rich" not in tops(warm)


def test_warm_lookup_json_reads_no_yaml_and_loads_no_checker(cache: Path) -> None:
    imported(["lookup", "Isis", "--json"], cache)
    warm = imported(["lookup", "Isis", "--json"], cache)
    assert "yaml" not in tops(warm)
    assert not {"glossary.check", "glossary.translate", "glossary.annotate", "rapidfuzz"} & warm


def test_pretty_lookup_does_use_rich(cache: Path) -> None:
    assert "rich" in tops(imported(["lookup", "Isis"], cache))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["lookup", "--help"]])
def test_version_and_help_load_no_glossary(cache: Path, args: list[str]) -> None:
    modules = imported(args, cache)
    assert not {"glossary.loader", "glossary.cache", "glossary.index", "yaml", "sqlite3"} & modules
    assert not cache.exists()


def test_import_glossary_imports_no_submodule() -> None:
    code = "import sys, glossary; print(sorted(m for m in sys.modules if m.startswith('glossary.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_every_public_name_still_resolves() -> None:
    import glossary

    for name in glossary.__all__:
        assert getattr(glossary, name) is not None, name
    from glossary import translate
    from glossary.translate import translate as function

    assert translate is function
