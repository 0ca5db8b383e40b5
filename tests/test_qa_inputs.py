"""``glossary qa`` on inputs that are wrong or hostile, and its options: one line on stderr and
a documented exit code, never a traceback or a half-written report."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from processes import run_glossary, user_environment

DATA = Path(__file__).parent / "data" / "qa"
ROOT = Path(__file__).resolve().parents[1]
REFUSED = "refused: the file declares a DOCTYPE; DTDs and entities are not read (XLIFF and TMX need none)"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("qa-cache")


def qa(cache: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_glossary(cache, "qa", *args, cwd=ROOT, **env)


def refusal(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The one line on stderr of a refused input, with nothing on stdout."""
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.returncode == code, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize("name", ["billion-laughs.xlf", "external-entity.tmx", "internal-subset.xlf"])
def test_hostile_xml_is_refused_with_one_line(cache: Path, name: str) -> None:
    path = f"tests/data/qa/hostile/{name}"
    assert refusal(qa(cache, path), 3) == f"glossary: {path}: {REFUSED}\n"


def test_a_bare_tmx_doctype_is_read_and_its_dtd_never_fetched(cache: Path) -> None:
    path = "tests/data/qa/hostile/bare-doctype.tmx"
    result = qa(cache, path)
    assert (result.stdout, result.returncode) == ("", 0)
    assert result.stderr == f"glossary: {path}: 1 segment checked; no problems\n"


def test_bytes_that_are_not_utf8(cache: Path, tmp_path: Path) -> None:
    tsv = tmp_path / "latin1.tsv"
    tsv.write_bytes(b"Lo Stato islamico\tThe Islamic State\nPerch\xe9 l'Isis\tWhy ISIS\n")
    assert refusal(qa(cache, str(tsv)), 3) == f"glossary: {tsv}:2: not UTF-8 (byte 0xe9 at column 6)\n"
    xliff = tmp_path / "latin1.xlf"
    xliff.write_bytes(
        (DATA / "xliff12" / "Q101-missing-term.xlf").read_bytes().replace(b"Siria", b"Sir\xeda")
    )
    assert refusal(qa(cache, str(xliff)), 3).startswith(f"glossary: {xliff}:9: not UTF-8 (byte 0xed")


def test_an_empty_file(cache: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlf"
    empty.write_bytes(b"\xef\xbb\xbf  \n")
    assert refusal(qa(cache, str(empty)), 2) == f"glossary: {empty}: empty file: no segments to check\n"


def test_malformed_xml_and_another_root(cache: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlf"
    broken.write_text('<xliff version="1.2"><file><body><trans-unit id="1">', encoding="utf-8")
    assert refusal(qa(cache, str(broken)), 3).startswith(f"glossary: {broken}:")
    other = tmp_path / "other.xml"
    other.write_text("<html><body>Stato islamico</body></html>", encoding="utf-8")
    assert refusal(qa(cache, str(other)), 3) == (
        f"glossary: {other}: an XML document with root <html>; qa reads XLIFF 1.2, XLIFF 2.0 and TMX\n"
    )


def test_parallel_files_of_different_lengths(cache: Path, tmp_path: Path) -> None:
    source, target = tmp_path / "a.txt", tmp_path / "b.txt"
    source.write_text("Lo Stato islamico.\nI jihadisti.\nL’Onu.\n", encoding="utf-8")
    target.write_text("The Islamic State.\nThe jihadists.\n", encoding="utf-8")
    assert refusal(qa(cache, str(source), str(target)), 2) == (
        f"glossary: {source} has 3 lines and {target} has 2:"
        " parallel files are read line by line and must have as many\n"
    )


def test_a_language_the_glossary_does_not_hold(cache: Path, tmp_path: Path) -> None:
    german = tmp_path / "de.xlf"
    text = (DATA / "xliff12" / "Q101-missing-term.xlf").read_text(encoding="utf-8")
    german.write_text(text.replace('target-language="en-GB"', 'target-language="de-DE"'), encoding="utf-8")
    assert refusal(qa(cache, str(german)), 2) == (
        f"glossary: {german}: the target language is 'de-DE'; the glossary holds Italian (it) and English (en)\n"
    )


def test_xliff_1_1_and_a_text_lint_in_json(cache: Path, tmp_path: Path) -> None:
    older = tmp_path / "old.xlf"
    text = (DATA / "xliff12" / "Q102-deprecated-term.xlf").read_text(encoding="utf-8")
    older.write_text(
        text.replace(':1.2"', ':1.1"').replace('version="1.2"', 'version="1.1"'), encoding="utf-8"
    )
    assert qa(cache, str(older)).stdout == (
        f"{older}:1: Q102 deprecated term 'Upper Volta' (burkina-faso); use 'Burkina Faso' instead\n"
    )
    lint = qa(cache, "--text", "tests/data/qa/text/Q102-deprecated-term.txt", "--lang", "it", "--json")
    problems = json.loads(lint.stdout)["problems"]
    assert [(p["segment"], p["target"], p["source_spans"]) for p in problems] == [
        ("1", None, [{"start": 26, "end": 36, "text": "Alto Volta"}]),
        ("2", None, [{"start": 3, "end": 27, "text": "traffico di esseri umani"}]),
    ]


def test_an_option_that_contradicts_the_file(cache: Path) -> None:
    path = "tests/data/qa/tmx/Q101-missing-term.tmx"
    assert refusal(qa(cache, path, "--from", "en"), 2) == (
        f"glossary: {path}: --from en, but the file says its source language is 'IT-IT'\n"
    )


def test_a_tsv_of_one_column_and_a_text_of_no_language(cache: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.tsv"
    one.write_text("Lo Stato islamico\n", encoding="utf-8")
    assert (
        refusal(qa(cache, str(one)), 2) == f"glossary: {one}:1: one column; qa reads two (source, target)\n"
    )
    names = tmp_path / "names.csv"
    names.write_text("Raqqa,Raqqa\nMosul,Mosul\n", encoding="utf-8")
    assert refusal(qa(cache, str(names)), 2) == (
        f"glossary: {names}: cannot tell the languages; give --from it or --from en\n"
    )
    result = qa(cache, str(names), "--from", "it")
    assert (result.stdout, result.returncode) == ("", 0)


def test_usage_errors(cache: Path) -> None:
    assert refusal(qa(cache, "missing.xlf"), 2) == "glossary: missing.xlf: no such file\n"
    assert refusal(qa(cache, "tests"), 2) == "glossary: tests: is a folder, not a file\n"
    assert refusal(qa(cache, "/dev/null"), 2) == "glossary: /dev/null: not a regular file\n"
    assert refusal(qa(cache), 2) == (
        "glossary: give one bilingual file, or two parallel text files (source, target)\n"
    )
    path = "tests/data/qa/csv/Q101-missing-term.csv"
    assert refusal(qa(cache, path, "--lang", "it"), 2) == (
        "glossary: --lang goes with --text; a bilingual file takes --from and --to\n"
    )
    assert refusal(qa(cache, "--text", path, "--from", "it"), 2) == (
        "glossary: --text reads one language: give it with --lang, not --from or --to\n"
    )
    assert refusal(qa(cache, path, "--select", "E1"), 2) == (
        "glossary: no qa code starts with 'E1' (codes: Q101-Q102, Q201-Q203, Q301)\n"
    )
    assert refusal(qa(cache, "--explain", "Q999"), 2) == (
        "glossary: no qa code 'Q999' (codes: Q101-Q102, Q201-Q203, Q301)\n"
    )


def test_explain_select_ignore_and_fail_on(cache: Path) -> None:
    explained = qa(cache, "--explain", "q202")
    assert explained.stdout.startswith("Q202 (warning): a source term is copied into the target unchanged")
    note = "tests/data/qa/csv/Q301-acronym-mismatch.csv"
    assert qa(cache, note).returncode == 0
    assert qa(cache, note, "--fail-on", "note").returncode == 1
    assert qa(cache, note, "--ignore", "Q3").stdout == ""
    missing = "tests/data/qa/csv/Q101-missing-term.csv"
    assert qa(cache, missing, "--select", "Q2,Q3").returncode == 0
    assert qa(cache, missing, "--fail-on", "error").returncode == 1


def test_a_users_layer_counts(cache: Path, tmp_path: Path) -> None:
    """A client's term base marks 'militants' wrong for jihadists: -g makes it an error."""
    layer = tmp_path / "client.yaml"
    layer.write_text(
        "concepts:\n- id: jihadist\n  domain: concept\n  sources:\n  - citation: Client style guide\n"
        "  it:\n    terms:\n    - text: jihadista\n      type: full-form\n      status: preferred\n"
        "      gender: common\n      plural: [jihadisti]\n    definition: Chi aderisce al jihadismo.\n"
        "  en:\n    terms:\n    - text: jihadist\n      type: full-form\n      status: preferred\n"
        "      plural: [jihadists]\n    - text: militant\n      type: variant\n      status: deprecated\n"
        "      plural: [militants]\n    definition: A follower of jihadism.\n",
        encoding="utf-8",
    )
    path = "tests/data/qa/csv/Q101-missing-term.csv"
    result = run_glossary(cache, "-g", str(layer), "qa", path, cwd=ROOT)
    assert result.stdout == (
        f"{path}:2: Q102 deprecated term 'militants' (jihadist); use 'jihadist' instead\n"
    ), result.stderr


def test_a_closed_standard_output(tmp_path: Path) -> None:
    command = f"{sys.executable} -m cli qa tests/data/qa/tmx/Q201-inconsistent-rendering.tmx >&-"
    env = user_environment(tmp_path / "cache")
    result = subprocess.run(
        ["/bin/sh", "-c", command], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    assert result.stderr == "glossary: standard output is closed\n"
    assert result.returncode == 4


def test_a_terminal_gets_a_table_with_the_text_as_written(tmp_path: Path) -> None:
    """In a terminal: a table, the spans highlighted; "[bold]" in a segment is text, not markup."""
    tsv = tmp_path / "markup.tsv"
    tsv.write_text(
        "I [bold]jihadisti[/bold] sono fuggiti.\tThe [bold]militants[/bold] fled.\n", encoding="utf-8"
    )
    env = user_environment(tmp_path / "cache", COLUMNS="200", LINES="40", TERM="xterm")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "qa", str(tsv)],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(leader)
    raw = output.decode("utf-8")
    screen = re.sub("\x1b\\[[0-9;]*m", "", raw)
    assert all(f"┃ {name}" in screen for name in ("segment", "code", "source", "target", "problem"))
    assert "I [bold]jihadisti[/bold] sono fuggiti." in screen  # shown as written
    assert "\x1b[1;36mjihadisti\x1b[0m" in raw  # the source span highlighted
    assert "1 segment checked; 1 problem: Q101 ×1" in screen
    assert process.returncode == 1
