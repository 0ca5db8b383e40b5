"""`glossary annotate`: the table, the JSON offsets, --show and --missing, on the small glossary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TEXT = (
    "I disertori dell’Isis lasciano il Califfato.\n"
    "Le cellule terroristiche dell'IS e Abu Bakr al-Baghdadi.\n"
    "Abu Bakr al-Baghdadi parlava; i disertori fuggono. Il rapporto e i rapporti.\n"
)


def test_table_counts_forms_and_lines(mini, tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = mini("annotate", str(path))
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert [r.split("│")[1].strip() for r in rows if r.split("│")[1].strip()] == [
        "disertori",
        "Isis, IS",
        "Califfato",
        "cellule terroristiche",
    ]
    assert "6 terms, 4 concepts" in result.stdout


def test_json_offsets_slice_the_input(mini) -> None:
    result = mini("annotate", "-", "--json", input=TEXT.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "it"
    found = [(h["text"], h["id"], h["how"], h["plural"], h["line"]) for h in data["hits"]]
    assert found == [
        ("disertori", "defector", "recorded", True, 1),
        ("Isis", "islamic-state", "exact", False, 1),
        ("Califfato", "caliphate", "folded", False, 1),
        ("cellule terroristiche", "terrorist-cell", "recorded", True, 2),
        ("IS", "islamic-state", "exact", False, 2),
        ("disertori", "defector", "recorded", True, 3),
    ]
    lines = TEXT.splitlines(keepends=True)
    for hit in data["hits"]:
        assert TEXT[hit["start"] : hit["end"]] == hit["text"]
        line_start = sum(len(line) for line in lines[: hit["line"] - 1])
        assert hit["start"] - line_start + 1 == hit["column"]
    assert {c["id"]: (c["count"], c["lines"]) for c in data["concepts"]} == {
        "defector": (2, [1, 3]),
        "islamic-state": (2, [1, 2]),
        "caliphate": (1, [1]),
        "terrorist-cell": (1, [2]),
    }


def test_missing_lists_names_whole_and_frequent_words(mini) -> None:
    result = mini("annotate", "-", "--missing", "--json", input=TEXT.encode("utf-8"))
    missing = [
        (m["text"], m["kind"], m["count"], m["first_line"]) for m in json.loads(result.stdout)["missing"]
    ]
    # A hyphenated name is one name, also where it opens a sentence; a single capitalised
    # word that only opens a sentence ("Le", "Il") is not a name; terms already found and
    # stop words are left out; a word must occur twice.
    assert missing == [("Abu Bakr al-Baghdadi", "name", 2, 2)]


def test_missing_skips_headlines_nested_terms_and_months(invoke) -> None:
    text = (
        "ISIS IN CRISI: I DISERTORI IN FUGA\n"
        "Lo ha detto a France Presse, in agosto, il portavoce. In October, France.\n"
    )
    result = invoke("annotate", "-", "--missing", "--json", input=text.encode("utf-8"))
    names = [m["text"] for m in json.loads(result.stdout)["missing"] if m["kind"] == "name"]
    assert names == []


def test_show_prints_the_text_then_the_table(mini) -> None:
    result = mini("annotate", "-", "--show", input="I disertori dell’Isis.\n".encode())
    assert result.exit_code == 0
    assert result.stdout.startswith("I disertori dell’Isis.\n")
    assert "2 terms, 2 concepts" in result.stdout


def test_no_term_found_is_exit_1(mini) -> None:
    result = mini("annotate", "-", "--json", input=b"Nothing to see here.\n")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["hits"] == []


def test_not_utf8_is_one_line_and_exit_2(mini, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Città\n".encode("latin-1"))
    result = mini("annotate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"glossary: {path}:1: not UTF-8 text (byte 0xe0 at offset 4)\n"


def test_lang_says_what_language_the_text_is_in(invoke) -> None:
    """'annotate --lang en' reads an English text: the Italian acronym "Is" (the Islamic State)
    is not the English verb, and Italian-side terms are not matched at all."""
    text = "Is it over? The affiliate is active.\n"
    result = invoke("annotate", "-", "--lang", "en", "--json", input=text)
    assert (result.exit_code, json.loads(result.stdout)["hits"]) == (1, [])
    both = invoke("annotate", "-", "--json", input="I disertori dell'Isis.\n")
    assert [h["text"] for h in json.loads(both.stdout)["hits"]] == ["disertori", "Isis"]
    english_only = invoke("annotate", "-", "--lang", "EN", "--json", input="I disertori dell'Isis.\n")
    hits = json.loads(english_only.stdout)["hits"]
    assert [(h["text"], h["lang"]) for h in hits] == [("Isis", "en")]  # the Guardian's spelling


@pytest.mark.parametrize("spelling", ["EN", "En", "en"])
def test_lang_takes_any_case(invoke, spelling: str) -> None:
    result = invoke("lookup", "Isis", "--lang", spelling, "--json")
    assert result.exit_code == 0
    assert {m["matched"]["lang"] for m in json.loads(result.stdout)["matches"]} == {"en"}
