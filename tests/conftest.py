from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings
from shared_files import require
from typer.testing import CliRunner

from cli.app import app

# `pytest --hypothesis-profile=fuzz tests/test_properties.py` runs the property tests at length
# (see fuzz/README.md); it is registered here, before the profile option is read.
settings.register_profile("fuzz", max_examples=5000, deadline=None)
# No property test has a deadline: on a machine busy with other work an example may take a
# second, which is no failure (a hang is pytest-timeout's to catch).
settings.register_profile("unhurried", deadline=None)
settings.load_profile("unhurried")

DATA = Path(__file__).parent / "data"
MINI = DATA / "valid" / "mini.yaml"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def invoke(runner: CliRunner):
    """Run the app with arguments; returns the click Result (stdout and stderr apart)."""

    def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env=env or {"GLOSSARY_PATH": ""})

    return run


@pytest.fixture()
def mini(invoke):
    """Run the app on the small test glossary only."""

    def run(*args: str, input: str | bytes | None = None):
        return invoke("--no-default", "--glossary", str(MINI), *args, input=input)

    return run


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test builds its index cache in a folder of its own, never in the user's cache,
    and sees no config file, user glossary or setting of the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    home = tmp_path_factory.mktemp("home")
    for variable, name in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(variable, str(home / name))
    for variable in ("GLOSSARY_CONFIG", "GLOSSARY_USER_GLOSSARY", "GLOSSARY_LANG", "GLOSSARY_BRIEF"):
        monkeypatch.delenv(variable, raising=False)
    for variable in ("GLOSSARY_PAGER", "GLOSSARY_COLOR", "VISUAL", "EDITOR"):
        monkeypatch.delenv(variable, raising=False)
    return folder


def pytest_configure(config: pytest.Config) -> None:
    # A suite started in the background of a shell without job control (as a CI runner may
    # start it) inherits SIGINT ignored, and so would every command a test interrupts. A
    # handled signal is reset to the default in a child, where an ignored one stays ignored.
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    config.addinivalue_line("markers", "shared(*paths): needs these files of ../shared (see shared_files)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("shared"):
        require(*mark.args)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test, so that a fixture can tell that it failed
    (the browser tests then save a screenshot)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
