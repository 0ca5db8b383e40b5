"""The config file and the settings: where each comes from, what wins, and a broken file.

Options override the environment, which overrides the file; layers add up in the order
packaged, the file's layers, the user glossary, GLOSSARY_PATH, -g."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from processes import run_glossary

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"


@pytest.fixture()
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Write the config file (where GLOSSARY_CONFIG names) with the given text."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("GLOSSARY_CONFIG", str(path))

    def write(text: str) -> Path:
        path.write_text(text, encoding="utf-8")
        return path

    return write


def settings(cache: Path, *args: str, **env: str) -> dict[str, tuple[object, str]]:
    done = run_glossary(cache, *args, "config", "show", "--json", **env)
    assert done.returncode == 0, done.stderr
    return {row["setting"]: (row["value"], row["from"]) for row in json.loads(done.stdout)}


def test_defaults_with_no_file(private_cache: Path, config) -> None:  # type: ignore[no-untyped-def]
    found = settings(private_cache)
    assert found["lang"] == (None, "default")
    assert found["pager"] == ("auto", "default")
    assert found["config file"][1] == "environment GLOSSARY_CONFIG (no such file: defaults apply)"


def test_options_override_the_environment_which_overrides_the_file(private_cache: Path, config) -> None:  # type: ignore[no-untyped-def]
    path = config('# mine\nlang = "en"\npager = "never"\ncolor = "never"\nbrief = true\n')
    found = settings(private_cache)
    assert found["lang"] == ("en", f"file {path}:2")
    assert found["brief"] == (True, f"file {path}:5")
    found = settings(private_cache, GLOSSARY_LANG="it", GLOSSARY_PAGER="always")
    assert found["lang"] == ("it", "environment GLOSSARY_LANG")
    assert found["pager"] == ("always", "environment GLOSSARY_PAGER")
    found = settings(private_cache, "--pager", "auto", GLOSSARY_PAGER="always")
    assert found["pager"] == ("auto", "option --pager")


def test_lang_and_brief_from_the_file_and_their_overrides(private_cache: Path, config) -> None:  # type: ignore[no-untyped-def]
    config('lang = "en"\nbrief = true\n')
    # An Italian term is not looked for on the English side.
    assert run_glossary(private_cache, "lookup", "jihadisti").returncode == 1
    done = run_glossary(private_cache, "lookup", "jihadisti", GLOSSARY_LANG="it")
    assert done.returncode == 0
    assert done.stdout.count("\n") == 1  # brief: one line
    assert run_glossary(private_cache, "lookup", "jihadisti", "--lang", "it", "--full").stdout.count("\n") > 5
    assert (
        run_glossary(private_cache, "lookup", "jihadisti", "--lang", "en", GLOSSARY_LANG="it").returncode == 1
    )


def test_layers_add_up_in_order(private_cache: Path, config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "terms" / "mine.yaml"
    mine.parent.mkdir()
    mine.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(
        MINI.read_text(encoding="utf-8").replace(
            "Forma di governo islamica guidata da un califfo.", "Definizione dello strato di GLOSSARY_PATH."
        ),
        encoding="utf-8",
    )
    config('layers = ["terms/mine.yaml"]\n')  # relative to the config file's folder
    found = settings(private_cache, "--no-default")
    assert found["layers"][0] == [str(mine)]

    def definition(**env: str) -> str:
        done = run_glossary(private_cache, "--no-default", "lookup", "califfato", "--json", **env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["matches"][0]["concept"]["it"]["definition"]

    assert definition() == "Forma di governo islamica guidata da un califfo."
    assert definition(GLOSSARY_PATH=str(other)) == "Definizione dello strato di GLOSSARY_PATH."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('lang = "it"\npager = \n', ":2:9: not valid TOML: Invalid value"),
        (
            'lang = "it"\n\ncolour = "never"\n',
            ":3: unknown setting 'colour' (settings: brief, color, lang, layers, pager, user_glossary)",
        ),
        ('lang = "de"\n', ":1: 'lang' must be one of it, en, not 'de'"),
        ("layers = 'one.yaml'\n", ":1: 'layers' must be a list of paths"),
        ("brief = 1\n", ":1: 'brief' must be true or false, not 1"),
    ],
)
def test_a_broken_config_file_is_one_located_line_and_exit_3(
    private_cache: Path,
    config,
    text: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    path = config(text)
    assert run_glossary(private_cache, "config", "path").stdout == f"{path}\n"  # to find the file to mend
    for args in (["lookup", "isis"], ["list"], ["config", "show"]):
        done = run_glossary(private_cache, *args)
        assert done.returncode == 3
        assert done.stdout == ""
        assert done.stderr.startswith(f"glossary: {path}{message}")
        assert done.stderr.count("\n") == 1


def test_a_bad_environment_value_names_the_variable(private_cache: Path) -> None:
    done = run_glossary(private_cache, "lookup", "isis", GLOSSARY_BRIEF="maybe")
    assert (done.returncode, done.stderr) == (
        3,
        "glossary: GLOSSARY_BRIEF: use 1 or 0 (true or false), not 'maybe'\n",
    )


def test_config_path(private_cache: Path, config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_glossary(private_cache, "config", "path")
    assert done.stdout == f"{tmp_path / 'config.toml'}\n"


def test_config_path_in_the_platform_folder(private_cache: Path) -> None:
    import os

    done = run_glossary(private_cache, "config", "path")
    assert done.stdout == f"{Path(os.environ['XDG_CONFIG_HOME']) / 'glossary' / 'config.toml'}\n"


def test_colour_never_and_always(private_cache: Path, config) -> None:  # type: ignore[no-untyped-def]
    config('color = "always"\n')
    assert "\x1b[" in run_glossary(private_cache, "lookup", "isis").stdout
    assert "\x1b[" not in run_glossary(private_cache, "--color", "never", "lookup", "isis").stdout
    assert "\x1b[" not in run_glossary(private_cache, "lookup", "isis", GLOSSARY_COLOR="never").stdout
    done = run_glossary(private_cache, "--color", "sometimes", "lookup", "isis")
    assert done.returncode == 2 and "use auto, always or never" in done.stderr


def test_a_config_that_is_a_fifo_or_a_folder_is_refused_not_waited_on(
    private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer for ever
    monkeypatch.setenv("GLOSSARY_CONFIG", str(fifo))
    done = run_glossary(private_cache, "lookup", "isis", timeout=30)
    assert (done.returncode, done.stderr) == (
        3,
        f"glossary: {fifo}: cannot read the config file: not a regular file\n",
    )
    monkeypatch.setenv("GLOSSARY_CONFIG", str(tmp_path))
    done = run_glossary(private_cache, "lookup", "isis", timeout=30)
    assert (done.returncode, done.stderr) == (
        3,
        f"glossary: {tmp_path}: cannot read the config file: Is a directory\n",
    )
