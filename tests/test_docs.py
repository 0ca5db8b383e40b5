"""The README documents every command and the exit codes the code defines."""

from __future__ import annotations

from pathlib import Path

from cli.app import app
from cli.exitcodes import ExitCode

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert names
    for name in names:
        assert f"glossary {name}" in README, name


def test_every_exit_code_is_in_the_readme() -> None:
    for code in ExitCode:
        assert f"| {int(code)} |" in README, code


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -q --require-hashes -r requirements/lock-test.txt && .venv/bin/pip install -q --no-deps --no-build-isolation . && .venv/bin/python -m pytest"
    assert f"    {command}\n" in README
    assert ci.rstrip("\n").splitlines()[-1].endswith(command)
    assert "export GLOSSARY_REQUIRE_SHARED=1" in ci
