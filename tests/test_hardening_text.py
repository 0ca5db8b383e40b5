"""Any text given to translate and annotate: no crash, and offsets that are the input's own.

Through every way in (argument, file, standard input), ``translate --json`` segments add up to
the input exactly and each one slices it; ``annotate --json`` offsets slice the input to the
hit's text, with its line and column. Text that is not UTF-8 gives one line and exit 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.render import clean
from glossary.annotate import annotate
from glossary.index import Index
from glossary.loader import load_glossary
from glossary.text import APOSTROPHES, DASHES
from glossary.translate import translate

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"

TEXTS = {
    "single-letter": "a",
    "single-accented-letter": "è",
    "single-emoji": "😀",
    "single-apostrophe": "’",
    "nul-bytes": "Isis\x00dell’Isis\x00\x00califfato",
    "arabic-script": "أبو بكر البغدادي proclamò il califfato dell’Isis a Mosul (الموصل).",
    "arabic-harakat": "مُحَمَّد e l’Isis",
    "mixed-scripts": "Исламское государство (Isis, داعش, 伊斯兰国, ISIS, Ισλαμικό Κράτος)",
    "apostrophes": " ".join(f"dell{a}Isis" for a in APOSTROPHES),
    "dashes": " ".join(f"fighter{d}bomber caccia{d}bombardieri" for d in DASHES),
    "emoji": "🇮🇹 Isis 👩🏽‍💻 califfato ❤️‍🔥 1️⃣ 🏳️‍🌈Daesh",
    "bidi-marks": "\u200fIsis\u200e \u202ecaliffato\u202c \u2067Daesh\u2069 \u061c disertori \u202d",
    "combining": unicodedata.normalize("NFD", "Città, perché è l’Isis")
    + " e\u0301\u0302 I\u0308sis Isis\u0301",
    "controls": "Isis\x1b[31m red \x07\x08\r califfato \x9b\x85 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    "crlf": "Isis\r\ncaliffato\r\n\r\ndisertori\r\n",
    "zero-width": "Is\u200bis cali\u00adffato Isis\u200d Da\ufeffesh",
    "line-separators": "Isis\u2028califfato\u2029disertori\x0c\x0b",
    "fullwidth": "ＩＳＩＳ ｃａｌｉｆｆａｔｏ",
    "markup": "[bold red]Isis[/] [link=http://x]califfato[/link] \\[Daesh]",
}


def check_segments(data: dict[str, Any], text: str) -> None:
    segments = data["segments"]
    assert "".join(s["source"] for s in segments) == text
    position = 0
    for segment in segments:
        assert segment["start"] == position
        assert text[segment["start"] : segment["end"]] == segment["source"]
        position = segment["end"]
    assert position == len(text)


def check_hits(data: dict[str, Any], text: str) -> None:
    for hit in data["hits"]:
        start = hit["start"]
        assert text[start : hit["end"]] == hit["text"]
        assert hit["line"] == text.count("\n", 0, start) + 1
        assert hit["column"] == start - (text.rfind("\n", 0, start) + 1) + 1


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("way", ["argument", "stdin"])
def test_translate_segments_add_up_to_the_input(mini, name: str, way: str) -> None:
    text = TEXTS[name]
    if way == "argument":
        result = mini("translate", text, "--json")
    else:
        result = mini("translate", "-", "--json", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    check_segments(data, text)
    assert data["text"] == "".join(s["target"] for s in data["segments"])


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("way", ["file", "stdin"])
def test_annotate_offsets_slice_the_input(mini, tmp_path: Path, name: str, way: str) -> None:
    text = TEXTS[name]
    if way == "file":
        path = tmp_path / "text.txt"
        path.write_bytes(text.encode("utf-8"))
        result = mini("annotate", str(path), "--json")
    else:
        result = mini("annotate", "-", "--json", input=text.encode("utf-8"))
    data = json.loads(result.stdout)
    assert result.exit_code == (0 if data["hits"] else 1)
    check_hits(data, text)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_pretty_output_never_fails(mini, tmp_path: Path, name: str) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes(TEXTS[name].encode("utf-8"))
    for args in (("translate", TEXTS[name]), ("annotate", str(path), "--show", "--missing")):
        result = mini(*args)
        assert result.exit_code in (0, 1), result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)
    # --show prints the text itself, neutralised (tests/test_terminal_safety.py), then a blank line.
    assert result.stdout.startswith(clean(TEXTS[name]) + "\n\n")


def test_show_prints_nested_terms_once(invoke, tmp_path: Path) -> None:
    """A term inside a longer one ("Londra" in "King college di Londra") was printed twice."""
    path = tmp_path / "nested.yaml"
    path.write_text(
        "concepts:\n- id: london\n  domain: place\n  it:\n    terms:\n"
        "    - {text: Londra, type: full-form, status: preferred, pos: proper-noun, gender: feminine}\n"
        "- id: kings-college\n  domain: institution\n  it:\n    terms:\n"
        "    - {text: King college di Londra, type: full-form, status: preferred, pos: proper-noun, gender: masculine}\n",
        encoding="utf-8",
    )
    text = "Uno studio del King college di Londra, a Londra.\n"
    result = invoke("--no-default", "-g", str(path), "annotate", "-", "--show", input=text.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout.startswith(text + "\n")
    data = json.loads(
        invoke("--no-default", "-g", str(path), "annotate", "-", "--json", input=text.encode("utf-8")).stdout
    )
    assert [(h["text"], h["id"], h.get("inside")) for h in data["hits"]] == [
        ("King college di Londra", "kings-college", None),
        ("Londra", "london", "kings-college"),
        ("Londra", "london", None),
    ]


def test_the_expected_terms_are_found_through_the_noise(mini) -> None:
    """Not only no crash: the terms in these texts are found where they stand."""
    found = {}
    for name in (
        "nul-bytes",
        "apostrophes",
        "dashes",
        "emoji",
        "bidi-marks",
        "combining",
        "controls",
        "crlf",
    ):
        data = json.loads(mini("annotate", "-", "--json", input=TEXTS[name].encode("utf-8")).stdout)
        found[name] = [(h["text"], h["id"]) for h in data["hits"]]
    assert found["nul-bytes"] == [
        ("Isis", "islamic-state"),
        ("Isis", "islamic-state"),
        ("califfato", "caliphate"),
    ]
    assert found["apostrophes"] == [("Isis", "islamic-state")] * len(APOSTROPHES)
    assert found["dashes"] == [
        (f"{word}{d}{rest}", "fighter-bomber")
        for d in DASHES
        for word, rest in (("fighter", "bomber"), ("caccia", "bombardieri"))
    ]
    assert found["emoji"] == [
        ("Isis", "islamic-state"),
        ("califfato", "caliphate"),
        ("Daesh", "islamic-state"),
    ]
    assert found["bidi-marks"] == [
        ("Isis", "islamic-state"),
        ("califfato", "caliphate"),
        ("Daesh", "islamic-state"),
        ("disertori", "defector"),
    ]
    # Decomposed accents belong to their word, and are ignored as composed ones are.
    assert found["combining"] == [
        ("Isis", "islamic-state"),
        ("I\u0308sis", "islamic-state"),
        ("Isis\u0301", "islamic-state"),
    ]
    assert found["controls"] == [("Isis", "islamic-state"), ("califfato", "caliphate")]
    assert found["crlf"] == [("Isis", "islamic-state"), ("califfato", "caliphate"), ("disertori", "defector")]


def test_empty_and_blank_input(mini, tmp_path: Path) -> None:
    for text in ("", " \t\r\n \u3000"):
        result = mini("translate", text)
        assert (result.exit_code, result.stderr) == (
            2,
            "glossary: the phrase is empty: give some text to translate\n",
        )
        result = mini("translate", "-", input=text.encode("utf-8"))
        assert (result.exit_code, result.stderr) == (
            2,
            "glossary: the phrase is empty: give some text to translate\n",
        )
        path = tmp_path / "blank.txt"
        path.write_text(text, encoding="utf-8")
        result = mini("annotate", str(path), "--json")
        assert result.exit_code == 1
        assert json.loads(result.stdout) == {"language": None, "hits": [], "concepts": []}
        result = mini("annotate", "-")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", "No glossary term found.\n")


# ---------------------------------------------------------------------------------------
# Regressions: accents, apostrophes and decomposed text


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_every_apostrophe_elides(mini, apostrophe: str) -> None:
    """ʼ (U+02BC) and ʹ (U+02B9) are letters to Unicode: they used to glue "dellʼIsis" into one word."""
    text = f"i disertori dell{apostrophe}Isis"
    data = json.loads(mini("translate", text, "--json").stdout)
    assert data["text"] == "the defectors of ISIS"
    check_segments(data, text)
    lookup = json.loads(mini("lookup", f"dell{apostrophe}Isis", "--json").stdout)
    assert [m["concept"]["id"] for m in lookup["matches"]] == ["islamic-state"]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_an_accented_word_is_not_its_plain_twin(mini, form: str) -> None:
    """ "è" (is) is no "e" (and), composed or decomposed; it used to come out as "and"."""
    text = unicodedata.normalize(form, "È l’Isis, e il califfato è caduto")
    data = json.loads(mini("translate", text, "--json").stdout)
    assert data["text"] == unicodedata.normalize(form, "È ISIS, and the caliphate è caduto")
    check_segments(data, text)


@pytest.fixture()
def accented(tmp_path: Path) -> Path:
    path = tmp_path / "accented.yaml"
    path.write_text(
        "concepts:\n- id: vatican-city\n  domain: place\n  it:\n    terms:\n"
        "    - {text: Città del Vaticano, type: full-form, status: preferred, pos: proper-noun, gender: feminine}\n"
        "  en:\n    terms:\n    - {text: Vatican City, type: full-form, status: preferred, pos: proper-noun}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_decomposed_text_matches_like_composed_text(invoke, accented: Path, form: str) -> None:
    """Combining accents used to split words: "Citta" + U+0300 matched nothing and translated
    to "City" + U+0300."""
    text = unicodedata.normalize(form, "Andò nella Città del Vaticano.")
    result = invoke(
        "--no-default", "-g", str(accented), "annotate", "-", "--json", input=text.encode("utf-8")
    )
    data = json.loads(result.stdout)
    check_hits(data, text)
    assert [(h["text"], h["id"]) for h in data["hits"]] == [
        (unicodedata.normalize(form, "Città del Vaticano"), "vatican-city")
    ]
    data = json.loads(
        invoke("--no-default", "-g", str(accented), "translate", text, "--from", "it", "--json").stdout
    )
    check_segments(data, text)
    assert [(s["source"], s["target"]) for s in data["segments"] if s["kind"] == "term"] == [
        (unicodedata.normalize(form, "Città del Vaticano"), "Vatican City")
    ]


# ---------------------------------------------------------------------------------------
# Large input: a 10 MB line with no spaces, run in a process of its own and streamed through
# files, so that this process stays small (a child process inherits its peak memory figure)

LINE_BYTES = 10_000_000

# Checks a --json output against the input in a process of its own, printing a small summary.
_SUMMARY = """
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
data = json.load(open(sys.argv[2], encoding="utf-8"))
if "segments" in data:
    segments = data["segments"]
    print(json.dumps({
        "adds_up": "".join(s["source"] for s in segments) == text,
        "slices": all(text[s["start"]:s["end"]] == s["source"] for s in segments),
        "segments": [[s["start"], s["end"], s["kind"]] for s in segments],
        "text": [len(data["text"]), data["text"][-6:]],
    }))
else:
    print(json.dumps([[h["start"], h["end"], h["line"], h["column"], text[h["start"]:h["end"]], h["id"]]
                      for h in data["hits"]]))
"""


@pytest.fixture(scope="module")
def long_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "line.txt"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(LINE_BYTES // 1_000_000):
            out.write("x" * 1_000_000)
        out.write(",Isis")
    return path


def glossary_process(tmp_path: Path, *args: str, stdin: Path | None = None) -> tuple[int, Path, bytes]:
    """``python -m cli`` on the test glossary; returns the exit code, the stdout file, stderr."""
    out = tmp_path / "stdout"
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), GLOSSARY_PATH="")
    with open(stdin or os.devnull, "rb") as source, out.open("wb") as sink:
        done = subprocess.run(
            [sys.executable, "-m", "cli", "--no-default", "-g", str(MINI), *args],
            stdin=source,
            stdout=sink,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            check=False,
        )
    return done.returncode, out, done.stderr


def summary(text: Path, output: Path) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", _SUMMARY, str(text), str(output)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("way", ["file", "stdin"])
def test_a_10_mb_line_annotated(tmp_path: Path, long_line: Path, way: str) -> None:
    if way == "file":
        code, out, err = glossary_process(tmp_path, "annotate", str(long_line), "--json")
    else:
        code, out, err = glossary_process(tmp_path, "annotate", "-", "--json", stdin=long_line)
    assert (code, err) == (0, b"")
    assert summary(long_line, out) == [
        [LINE_BYTES + 1, LINE_BYTES + 5, 1, LINE_BYTES + 2, "Isis", "islamic-state"]
    ]


def test_a_10_mb_line_translated(tmp_path: Path, long_line: Path) -> None:
    code, out, err = glossary_process(tmp_path, "translate", "-", "--json", stdin=long_line)
    assert (code, err) == (0, b"")
    assert summary(long_line, out) == {
        "adds_up": True,
        "slices": True,
        "segments": [
            [0, LINE_BYTES, "untranslated"],
            [LINE_BYTES, LINE_BYTES + 1, "text"],
            [LINE_BYTES + 1, LINE_BYTES + 5, "term"],
        ],
        "text": [LINE_BYTES + 5, "x,ISIS"],
    }


def test_show_prints_the_text_s_own_lines(tmp_path: Path, long_line: Path) -> None:
    """--show leaves wrapping to the terminal: rich's own wrapping of a 10 MB line took
    minutes (its cost grows with the square of the length)."""
    code, out, err = glossary_process(tmp_path, "annotate", str(long_line), "--show")
    assert (code, err) == (0, b"")
    with out.open("rb") as printed, long_line.open("rb") as given:
        assert printed.read(LINE_BYTES + 6) == given.read() + b"\n"
    code, out, err = glossary_process(tmp_path, "translate", "-", stdin=long_line)
    assert (code, err) == (0, b"")
    with out.open("rb") as printed:
        assert printed.readline() == "it → en (detected)\n".encode()
        line = printed.readline()
    assert (len(line), line[-7:]) == (LINE_BYTES + 6, b"x,ISIS\n")


# ---------------------------------------------------------------------------------------
# Input that is not text


def test_a_file_that_is_not_utf8(mini, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Isis\ncaliffato\nil caffè".encode("latin-1"))
    result = mini("annotate", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"glossary: {path}:3: not UTF-8 text (byte 0xe8 at offset 22)\n"


@pytest.mark.parametrize(
    ("content", "byte", "offset"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "0x89", 0),
        ("Isis".encode("utf-16"), "0xff", 0),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "0x80", 136),
        (b"Isis \xed\xa0\x80", "0xed", 5),  # an encoded surrogate is not UTF-8
    ],
    ids=["png", "utf-16", "elf", "encoded-surrogate"],
)
def test_a_binary_file_gives_one_line(mini, tmp_path: Path, content: bytes, byte: str, offset: int) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(content)
    result = mini("annotate", str(path), "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    line = content.count(b"\n", 0, offset) + 1
    assert result.stderr == f"glossary: {path}:{line}: not UTF-8 text (byte {byte} at offset {offset})\n"
    result = mini("annotate", "-", input=content)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"glossary: standard input is not UTF-8 (byte {byte} at offset {offset})\n"


def test_invalid_utf8_on_standard_input_of_translate(mini) -> None:
    result = mini("translate", "-", input=b"il califfato\n\xff")
    assert (result.exit_code, result.stderr) == (
        2,
        "glossary: standard input is not UTF-8 (byte 0xff at offset 13)\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("translate", "caf\udce9 Isis"), "the phrase is not UTF-8 (byte 0xe9 at offset 3)"),
        (("translate", "città\udcff", "--json"), "the phrase is not UTF-8 (byte 0xff at offset 6)"),
        (("lookup", "caf\udce9"), "the term is not UTF-8 (byte 0xe9 at offset 3)"),
        (("lookup", "Isis\ud800", "--json"), "the term is not UTF-8 (U+D800 at offset 4)"),
    ],
)
def test_an_argument_that_is_not_utf8(mini, args: tuple[str, ...], message: str) -> None:
    """Python hands undecodable argument bytes over as lone surrogates: they used to reach the
    output and fail there with a traceback (UnicodeEncodeError) under a UTF-8 locale."""
    result = mini(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"glossary: {message}\n")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX arguments are bytes")
def test_an_argument_that_is_not_utf8_in_a_real_process(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), GLOSSARY_PATH="", PYTHONIOENCODING="utf-8:strict")
    base = [sys.executable, "-m", "cli", "--no-default", "-g", str(MINI)]
    for args, message in (
        ([b"translate", b"caf\xe9", b"--json"], b"the phrase is not UTF-8 (byte 0xe9 at offset 3)"),
        ([b"lookup", b"dell\xe2\x80Isis"], b"the term is not UTF-8 (byte 0xe2 at offset 4)"),
    ):
        done = subprocess.run(
            [*map(os.fsencode, base), *args], capture_output=True, env=env, cwd=ROOT, check=False
        )
        assert (done.returncode, done.stdout, done.stderr) == (2, b"", b"glossary: " + message + b"\n")


def test_annotate_a_folder_or_a_missing_file(mini, tmp_path: Path) -> None:
    result = mini("annotate", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"glossary: {tmp_path}: is a folder, not a text file\n")
    result = mini("annotate", str(tmp_path / "none.txt"))
    assert (result.exit_code, result.stderr) == (2, f"glossary: {tmp_path / 'none.txt'}: no such file\n")


def test_annotate_an_unreadable_file_simulated(mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cli.session

    def refuse(file: object, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(file))

    path = tmp_path / "secret.txt"
    path.write_text("Isis", encoding="utf-8")
    monkeypatch.setattr(cli.session, "open", refuse, raising=False)
    result = mini("annotate", str(path))
    assert (result.exit_code, result.stderr) == (2, f"glossary: {path}: cannot read: permission denied\n")


def test_texts_over_the_limit_are_refused_from_a_file_and_from_stdin(
    mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Standard input used to be read whole, however large; now it has the files' limit."""
    import cli.session

    monkeypatch.setattr(cli.session, "MAX_TEXT_BYTES", 1024 * 1024)
    exact = b"x" * (1024 * 1024 - 5) + b" Isis"
    path = tmp_path / "exact.txt"
    path.write_bytes(exact)
    assert mini("annotate", str(path), "--json").exit_code == 0
    assert mini("annotate", "-", "--json", input=exact).exit_code == 0
    path.write_bytes(exact + b"x")
    result = mini("annotate", str(path))
    assert (result.exit_code, result.stderr) == (2, f"glossary: {path}: larger than 1 MiB; split it\n")
    for command in ("annotate", "translate"):
        result = mini(command, "-", input=exact + b"x")
        assert (result.exit_code, result.stderr) == (
            2,
            "glossary: standard input: larger than 1 MiB; split it\n",
        )


def test_a_byte_order_mark_is_not_part_of_the_text(mini, tmp_path: Path) -> None:
    """Offsets count characters after a leading BOM, whether the text comes from a file or
    from standard input (which used to keep it, shifting every offset by one)."""
    content = "\ufeffLe cellule terroristiche dell’Isis\n".encode("utf-8")
    path = tmp_path / "bom.txt"
    path.write_bytes(content)
    from_file = json.loads(mini("annotate", str(path), "--json").stdout)
    from_stdin = json.loads(mini("annotate", "-", "--json", input=content).stdout)
    assert from_file == from_stdin
    assert [(h["start"], h["text"]) for h in from_file["hits"]] == [
        (3, "cellule terroristiche"),
        (30, "Isis"),
    ]
    translated = json.loads(mini("translate", "-", "--json", input=content).stdout)
    check_segments(translated, "Le cellule terroristiche dell’Isis\n")


# ---------------------------------------------------------------------------------------
# The same invariants on any text, in the library


@pytest.fixture(scope="module")
def mini_index() -> Index:
    return Index(load_glossary([MINI], default=False, environ={}))


_PIECES = st.sampled_from(
    [
        "Isis",
        "ISIS",
        "IS",
        "is",
        "Daesh",
        "califfato",
        "califfati",
        "disertori",
        "cellule terroristiche",
        "Stato Islamico",
        "fighter",
        "bomber",
        "caccia",
        "bombardieri",
        "dell",
        "il",
        "the",
        "of",
        "e",
        "è",
        "e\u0300",
        "Citta\u0300",
        "😀",
        "👩🏽‍💻",
        "مُحَمَّد",
        "داعش",
        "\u200f",
        "\u202e",
        "\x1b[31m",
        "\x00",
        "\x9b",
        "\r\n",
        "\n",
        " ",
        "  ",
        "\t",
        ",",
        ".",
        "’",
        "ʼ",
        "—",
        "-",
        "\u0301",
        "\u00ad",
        "\ufeff",
        "[bold]",
        "[/]",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_any_text_keeps_its_offsets(mini_index: Index, text: str) -> None:
    annotation = annotate(text, mini_index.store)
    for occurrence in annotation.occurrences:
        assert text[occurrence.start : occurrence.end] == occurrence.text
        assert occurrence.line == text.count("\n", 0, occurrence.start) + 1
    if not text.strip():
        return
    translation = translate(text, mini_index.store, mini_index.concept)
    assert "".join(s.source for s in translation.segments) == text
    position = 0
    for segment in translation.segments:
        assert (segment.start, text[segment.start : segment.end]) == (position, segment.source)
        position = segment.end
