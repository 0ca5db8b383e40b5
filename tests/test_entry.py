"""The entry point answers plain lookups without Typer: exactly as the Typer app would.

Each command line below runs both ways in this process, the entry point's own parsing
(``cli.main.main``) and the Typer app (through CliRunner), and the exit code, standard output
and standard error must be the same. Forms the entry point is not sure of must go to Typer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.main import PlainLookup, main, plain_lookup

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
MINI = DATA / "valid" / "mini.yaml"
MATCHING = DATA / "valid" / "matching.yaml"

PLAIN = [
    ["lookup", "Isis"],
    ["lookup", "Isis", "--json"],
    ["lookup", "--json", "dell’Isis"],
    ["lookup", "jihadisti", "--lang", "it", "--json"],
    ["lookup", "jihadisti", "--lang=en", "--json"],
    ["lookup", "califfato"],
    ["lookup", "califato", "--json"],  # misspelt: suggestions, exit 1
    ["lookup", "Qzxv Wvq"],  # nothing close: exit 1, a line on stderr
    ["lookup", "", "--json"],  # empty: usage error from the library
    ["lookup", "   "],
    ["lookup", "\udcff", "--json"],  # not UTF-8 on the command line
    ["--no-default", "-g", str(MINI), "lookup", "Isis", "--json"],
    ["--no-default", "--glossary", str(MINI), "lookup", "Isis"],
    [f"--glossary={MINI}", "--no-default", "lookup", "Isis", "--json"],
    ["-g", str(MINI), "-g", str(MATCHING), "--no-default", "lookup", "Isis", "--json"],
    ["--no-cache", "lookup", "Isis", "--json"],
    ["--no-default", "-g", str(DATA / "no-such-file.yaml"), "lookup", "Isis"],  # exit 3
    ["--no-default", "-g", str(DATA / "invalid"), "lookup", "Isis", "--json"],
]

DEFERRED = [
    [],
    ["lookup"],
    ["lookup", "--json"],
    ["lookup", "Isis", "extra"],
    ["lookup", "Isis", "--lang", "fr"],
    ["lookup", "Isis", "--lang"],
    ["lookup", "Isis", "--lang", "it", "--lang", "en"],
    ["lookup", "Isis", "--help"],
    ["lookup", "-h"],
    ["lookup", "--", "-x"],
    ["lookup", "-"],
    ["lookup", "Isis", "--jso"],
    ["--help"],
    ["--version"],
    ["-g", "lookup"],
    ["-g", "--no-default", "lookup", "Isis"],
    ["-g", "", "lookup", "Isis"],
    ["--glossary=", "lookup", "Isis"],
    ["--no-defaults", "lookup", "Isis"],
    ["list"],
    ["translate", "lookup"],
    ["look", "Isis"],
]


def _fast(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _typer(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env={"GLOSSARY_PATH": ""})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", PLAIN, ids=lambda a: " ".join(a)[:60])
def test_a_plain_lookup_answers_as_the_typer_app_does(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLOSSARY_PATH", "")
    assert plain_lookup(args) is not None
    expected = _typer(args)
    assert _fast(args, capsys) == expected
    assert expected[0] in (0, 1, 2, 3)


@pytest.mark.parametrize("args", DEFERRED, ids=lambda a: " ".join(a) or "(none)")
def test_anything_else_goes_to_typer(args: list[str]) -> None:
    assert plain_lookup(args) is None


def test_the_version_is_the_same_both_ways(capsys: pytest.CaptureFixture[str]) -> None:
    assert _fast(["--version"], capsys) == _typer(["--version"])


def test_what_the_plain_forms_mean() -> None:
    assert plain_lookup(
        ["-g", "a", "--glossary", "b", f"--glossary={MINI}", "--no-cache", "lookup", "x"]
    ) == (
        PlainLookup([Path("a"), Path("b"), MINI], default=True, cache=False, term="x", lang=None, json=False)
    )
    assert plain_lookup(["--no-default", "lookup", "--lang=it", "--json", "--json", "lookup"]) == (
        PlainLookup([], default=False, cache=True, term="lookup", lang="it", json=True)
    )


def test_the_console_command_answers_a_lookup_without_importing_typer(tmp_path: Path) -> None:
    probe = (
        "import sys; from cli.main import run; sys.argv = ['glossary', *sys.argv[1:]]\n"
        "try:\n    run()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "sys.stderr.write(f'\\nEXIT {code} TYPER {\"typer\" in sys.modules}\\n')\n"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), GLOSSARY_PATH="")
    for args, typer_used in (
        (["lookup", "Isis", "--json"], False),
        (["lookup", "Isis"], False),
        (["list"], True),
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        assert done.stderr.rsplit("\n", 2)[-2] == f"EXIT 0 TYPER {typer_used}", done.stderr
