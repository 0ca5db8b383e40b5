"""Glossary text and input text are data: never rich markup, never terminal control codes.

The loader refuses control characters in glossary data (tests/test_hardening_yaml.py); the
renderer still neutralises them, so these tests also load a hostile glossary with that check
switched off, as if data had come in some other way. Rich markup in data is legal text and
must print as written. ``--json`` stays valid and holds the data exactly, escaped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import glossary.loader
from cli.output import emit
from cli.render import clean

# What must never reach a terminal: C0 controls but tab and line feed, DEL, C1 controls,
# bidirectional embeddings, overrides and isolates.
MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The only sequences rich itself writes when it believes it drives a terminal: colours.
SGR = re.compile(r"\x1b\[[0-9;]*m")

MARKUP = "[bold red]alarm[/bold red] [link=https://evil.example]click[/link] [/] \\[x] :warning: [reverse]"
ESCAPES = (
    "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b]52;c;aGVsbG8=\x07clip"
    " \x1bc bare\x1b bell\x07 back\x08 cr\r c1\x9b31m nel\x85 \u202eevil \u2066iso\u2069"
)
VISIBLE = "red link clip c bare bell back cr c131m nel evil iso"  # ESCAPES once neutralised
TERM = "[bold red]Islamic[/bold red] \x1b[5mState\x1b[0m\u202e"
TERM_VISIBLE = "[bold red]Islamic[/bold red] State"


def assert_safe(output: str, *, terminal: bool = False) -> None:
    if terminal:
        output = SGR.sub("", output)
    assert UNSAFE.findall(output) == []


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding ``text``, control characters as escapes."""
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif UNSAFE.match(char) or char in "\t\n\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def hostile_yaml() -> str:
    both = MARKUP + " " + ESCAPES
    return f"""articles:
  art: {{title: {quoted(both)}, language: it}}
concepts:
- id: islamic-state
  domain: organisation
  it:
    terms:
    - {{text: Isis, type: acronym, status: preferred, pos: proper-noun, gender: masculine, note: {quoted(both)}}}
    definition: {quoted("Definizione " + both)}
    notes: [{quoted(both)}]
  en:
    terms:
    - {{text: {quoted(TERM)}, type: full-form, status: preferred, pos: proper-noun}}
    definition: {quoted("Definition " + both)}
  related: [{quoted("[bold]ghost[/bold]")}]
  sources: [{{citation: {quoted(both)}, url: {quoted("https://evil.example/[bold]x" + ESCAPES)}}}]
  provenance: [{{article: art, forms: [{quoted(both)}]}}]
"""


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A glossary full of markup and escape sequences, loaded with the loader's refusal off."""
    monkeypatch.setattr(glossary.loader, "FORBIDDEN_CHARACTERS", re.compile("(?!)"))
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_yaml(), encoding="utf-8")
    return path


@pytest.fixture(params=[False, True], ids=["piped", "terminal"])
def terminal(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture()
def run(invoke, hostile: Path, tmp_path: Path, terminal: bool):
    """Run a command on the hostile glossary, wide enough that nothing wraps."""
    env = {"GLOSSARY_PATH": "", "COLUMNS": "2000", "TTY_COMPATIBLE": "1" if terminal else "0"}

    def go(*args: str, input: str | bytes | None = None) -> Any:
        result = invoke("--no-default", "-g", str(hostile), *args, input=input, env=env)
        assert_safe(result.stdout, terminal=terminal)
        assert_safe(result.stderr, terminal=terminal)
        return result

    return go


def plain(output: str) -> str:
    return SGR.sub("", output)


def test_the_real_loader_refuses_the_hostile_glossary(invoke, tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_yaml(), encoding="utf-8")
    result = invoke("--no-default", "-g", str(path), "lookup", "Isis")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"glossary: {path}:2:16: 'title' contains control character U+001B (+8 more: run 'glossary check')\n"
    )


def test_lookup_card(run) -> None:
    result = run("lookup", "Isis")
    assert result.exit_code == 0
    out = plain(result.stdout)
    for literal in (
        f"Isis · {TERM_VISIBLE}",
        f"note: {MARKUP} {VISIBLE}",
        f"Definizione {MARKUP} {VISIBLE}",
        f"• {MARKUP} {VISIBLE}",
        f"Definition {MARKUP} {VISIBLE}",
        "Related: [bold]ghost[/bold] (?)",
        f"1. {MARKUP} {VISIBLE} — https://evil.example/[bold]x{VISIBLE}",
        f"{MARKUP} {VISIBLE} (it): {MARKUP} {VISIBLE}",
    ):
        assert literal in out


def test_lookup_suggestions(run) -> None:
    result = run("lookup", "Isiss")
    assert result.exit_code == 1
    assert "No entry for 'Isiss'." in plain(result.stderr)
    assert f"Isis  (it → en: {TERM_VISIBLE}; entry islamic-state; similarity" in plain(result.stdout)


def test_lookup_json_holds_the_data_exactly(run) -> None:
    result = run("lookup", "Isis", "--json")
    concept = json.loads(result.stdout)["matches"][0]["concept"]
    assert concept["en"]["terms"][0]["text"] == TERM
    assert concept["it"]["definition"] == "Definizione " + MARKUP + " " + ESCAPES
    assert concept["sources"][0]["url"] == "https://evil.example/[bold]x" + ESCAPES


def test_list(run) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert f"islamic-state  Isis      {TERM_VISIBLE}  organisation" in plain(result.stdout)
    rows = json.loads(run("list", "--json").stdout)
    assert rows == [{"id": "islamic-state", "it": "Isis", "en": TERM, "domain": "organisation"}]


def test_translate_table(run) -> None:
    result = run("translate", "l’Isis", "--to", "en")
    assert result.exit_code == 0
    out = plain(result.stdout)
    assert f"\nthe {TERM_VISIBLE}\n" in out or f"\n{TERM_VISIBLE}\n" in out
    # The entry says why the full form renders an acronym: the test glossary has no English one.
    assert f"│ Isis   │ {TERM_VISIBLE} │ islamic-state (no en acronym" in out
    data = json.loads(run("translate", "l’Isis", "--to", "en", "--json").stdout)
    assert [s["target"] for s in data["segments"] if s["kind"] == "term"] == [TERM]


def test_annotate_table_and_show(run, tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text("Parla l’Isis.\n", encoding="utf-8")
    result = run("annotate", str(path), "--show")
    assert result.exit_code == 0
    out = plain(result.stdout)
    assert out.startswith("Parla l’Isis.\n")
    assert f"│ Isis     │ islamic-state (Isis / {TERM_VISIBLE}) │ 1     │ 1           │" in out


def test_check(run) -> None:
    result = run("check")
    assert result.exit_code == 1
    assert "'islamic-state': related id '[bold]ghost[/bold]' does not exist" in plain(result.stdout)
    data = json.loads(run("check", "--json").stdout)
    assert "'islamic-state': related id '[bold]ghost[/bold]' does not exist" in [
        p["message"] for p in data["problems"]
    ]


# ---------------------------------------------------------------------------------------
# Input text: escape sequences in what the user asks to translate or annotate


INPUT = f"Isis {ESCAPES} califfato {MARKUP} Daesh e Carlo Rossi, Carlo Rossi."


@pytest.fixture()
def text_run(invoke, terminal: bool):
    env = {"GLOSSARY_PATH": "", "COLUMNS": "2000", "TTY_COMPATIBLE": "1" if terminal else "0"}

    def go(*args: str, input: str | bytes | None = None) -> Any:
        result = invoke("--no-default", "-g", str(MINI), *args, input=input, env=env)
        assert_safe(result.stdout, terminal=terminal)
        assert_safe(result.stderr, terminal=terminal)
        return result

    return go


def test_translate_input_is_neutralised(text_run) -> None:
    result = text_run("translate", INPUT, "--from", "it")
    assert result.exit_code == 0
    data = json.loads(text_run("translate", INPUT, "--from", "it", "--json").stdout)
    assert "".join(s["source"] for s in data["segments"]) == INPUT
    # Each segment is neutralised on its own: a sequence cut by a segment boundary loses its
    # control characters, and what is left of it prints as plain text ("[31m"); a run of
    # untranslated words loses its sequences whole, as VISIBLE shows ("nel" is rendered).
    line = "".join(clean(s["target"]) for s in data["segments"])
    assert plain(result.stdout).split("\n")[1] == line
    assert line.startswith("ISIS [31m" + VISIBLE.replace(" nel ", " in the ") + " caliphate ")
    assert f"caliphate {MARKUP} Daesh and Carlo Rossi" in line


@pytest.mark.parametrize("way", ["file", "stdin"])
def test_annotate_input_is_neutralised(text_run, tmp_path: Path, way: str) -> None:
    path = tmp_path / "input.txt"
    path.write_text(INPUT, encoding="utf-8")
    source = (str(path),) if way == "file" else ("-",)
    result = text_run("annotate", *source, "--show", "--missing", input=INPUT.encode("utf-8"))
    assert result.exit_code == 0
    out = plain(result.stdout)
    assert out.startswith(f"Isis {VISIBLE} califfato {MARKUP} Daesh e Carlo Rossi, Carlo Rossi.\n")
    assert re.search(r"│ Carlo Rossi +│ name +│ 2 +│ 1 +│", out)
    data = json.loads(text_run("annotate", *source, "--json", input=INPUT.encode("utf-8")).stdout)
    assert [INPUT[h["start"] : h["end"]] for h in data["hits"]] == ["Isis", "califfato", "Daesh"]


def test_error_lines_carry_no_control_codes(invoke, tmp_path: Path) -> None:
    """Paths and names in error messages come from the user too."""
    name = "\x1b]52;c;aGVsbG8=\x07\x1b[31mterms\u202e.yaml"
    path = tmp_path / name
    result = invoke("--no-default", "-g", str(path), "lookup", "x")
    assert result.exit_code == 3
    # Escaped as text (so the user sees what the name holds), never sent as control codes.
    shown = "\\x1b]52;c;aGVsbG8=\\x07\\x1b[31mterms.yaml"  # the bidi override is dropped
    assert result.stderr == f"glossary: {tmp_path}/{shown}: no such file or folder\n"
    result = invoke("--no-default", "check", str(path))
    assert_safe(result.stdout)
    assert result.stdout.startswith(f"{tmp_path}/{shown}: E100 no such file or folder\n")
    data = json.loads(invoke("--no-default", "check", str(path), "--json").stdout)
    assert data["problems"][0]["path"] == str(path)
    result = invoke("--no-default", "-g", str(path), "annotate", str(path))
    assert_safe(result.stderr)


# ---------------------------------------------------------------------------------------
# JSON: valid, exact, and safe to print whatever the strings hold


@pytest.mark.parametrize(
    "value",
    [
        "\x00\x07\x1b[31m\r\b",
        "\x7f\x85\x9b",
        "\u202e\u2066\u2069\u202a",
        "\u2028\u2029",
        "\ud800 \udfff",
        "é 😀 \u200f",
    ],
    ids=["c0", "c1", "bidi", "line-separators", "lone-surrogates", "ordinary"],
)
def test_emit_escapes_what_a_terminal_would_act_on(capsys: pytest.CaptureFixture[str], value: str) -> None:
    emit({"value": value, "list": [value]})
    out = capsys.readouterr().out
    assert json.loads(out) == {"value": value, "list": [value]}
    assert_safe(out)
    out.encode("utf-8")  # no lone surrogate left to fail a strict UTF-8 writer
    assert re.search("[\u2028\u2029\ud800-\udfff]", out) is None


def test_yaml_cannot_carry_a_lone_surrogate(tmp_path: Path) -> None:
    """libyaml refuses surrogate escapes, UTF-8 cannot encode them, and the loader refuses
    them from the pure-Python parser (tests/test_hardening_yaml.py): none reaches output."""
    from glossary import LoadError
    from glossary.loader import load_file

    for content in (b'concepts:\n- id: "\\udc00"\n', b"concepts:\n- id: \xed\xb0\x80\n"):
        path = tmp_path / "surrogate.yaml"
        path.write_bytes(content)
        with pytest.raises(LoadError):
            load_file(path)


def test_clean_removes_sequences_whole() -> None:
    assert clean(ESCAPES) == VISIBLE
    assert clean(MARKUP) == MARKUP
    assert clean("tab\tand\nnew line \u200fRLM") == "tab\tand\nnew line \u200fRLM"
    assert clean("rotto-\udce8.yaml") == "rotto-\ufffd.yaml"  # a file name byte that is not UTF-8
