"""The everyday commands, run as a user would, with exact expectations."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize(
    "query", ["dell’Isis", "dell'Isis", "DAESH", "stato islamico", "Stato Islamico", "isis"]
)
def test_lookup_any_form_lands_on_the_concept(mini, query: str) -> None:
    result = mini("lookup", query, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [m["concept"]["id"] for m in data["matches"]] == ["islamic-state"]


def test_lookup_exact_form_is_reported_as_exact(mini) -> None:
    data = json.loads(mini("lookup", "Isis", "--json").stdout)
    assert data["matches"][0]["matched"] == {"form": "Isis", "term": "Isis", "lang": "it", "how": "exact"}


def test_lookup_peeled_form_says_so(mini) -> None:
    data = json.loads(mini("lookup", "dell’Isis", "--json").stdout)
    assert data["matches"][0]["matched"]["how"] == "peeled"


def test_lookup_plural_finds_the_recorded_form(mini) -> None:
    data = json.loads(mini("lookup", "cellule terroristiche", "--json").stdout)
    assert data["matches"][0]["concept"]["id"] == "terrorist-cell"
    assert data["matches"][0]["matched"]["how"] == "recorded"


def test_lookup_unknown_term_exits_1_with_suggestions(mini) -> None:
    result = mini("lookup", "califato", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["matches"] == []
    assert data["suggestions"][0]["id"] == "caliphate"


def test_lookup_unknown_term_pretty_labels_the_suggestion(mini) -> None:
    result = mini("lookup", "califato")
    assert result.exit_code == 1
    assert "No entry for 'califato'." in result.stderr
    assert "Suggestions (not matches):" in result.stdout
    # Each suggestion: the term, its language and the other side, the entry it belongs to.
    assert "  califfato  (it → en: caliphate; entry caliphate; similarity 94%)" in result.stdout
    # One clear winner (94 against 71 in the small glossary): shown whole, under a plain heading.
    assert "No entry for 'califato'; closest: califfato\n" in result.stdout
    assert "Closest: 'califfato' (similarity 94%)" in result.stdout


def test_a_miss_without_a_clear_winner_prints_the_suggestions_only(mini) -> None:
    """A miss is a miss: no entry is printed whole when no suggestion is far ahead (terrorist
    cell 60, disertore 53) or none is close enough (califfato 71 for "calif")."""
    result = mini("lookup", "terror")
    assert result.exit_code == 1
    assert result.stdout.startswith("Suggestions (not matches):\n")
    assert "closest:" not in result.stdout and "╭" not in result.stdout
    assert "╭" not in mini("lookup", "calif").stdout


def test_lookup_lang_restricts_the_side(mini) -> None:
    assert mini("lookup", "califfato", "--lang", "en", "--json").exit_code == 1
    assert mini("lookup", "califfato", "--lang", "it", "--json").exit_code == 0


def test_lookup_bad_lang_is_a_usage_error(mini) -> None:
    result = mini("lookup", "califfato", "--lang", "fr")
    assert result.exit_code == 2


def test_lookup_empty_term_is_a_usage_error(mini) -> None:
    result = mini("lookup", " ’ ")
    assert result.exit_code == 2
    assert result.stderr == "glossary: the term is empty: give a word or phrase to look up\n"


def test_lookup_card_shows_both_languages_sources_and_provenance(mini) -> None:
    result = mini("lookup", "Daesh")
    assert result.exit_code == 0
    for text in (
        "Stato Islamico",
        "Islamic State",
        "A Salafi-jihadist armed organisation.",
        "Encyclopaedia Britannica, Islamic State",
        "A test article (it): dell’Isis",
        "caliphate (califfato / caliphate)",
    ):
        assert text in result.stdout


def test_list_json_sorted_by_english(mini) -> None:
    result = mini("list", "--sort", "en", "--json")
    assert result.exit_code == 0
    assert [row["en"] for row in json.loads(result.stdout)] == [
        "caliphate",
        "defector",
        "fighter-bomber",
        "Islamic State",
        "terrorist cell",
    ]


def test_list_filters(mini) -> None:
    rows = json.loads(mini("list", "--domain", "concept", "--json").stdout)
    assert [r["id"] for r in rows] == ["caliphate", "defector", "terrorist-cell"]
    rows = json.loads(mini("list", "--contains", "CELLULA", "--lang", "it", "--json").stdout)
    assert [r["id"] for r in rows] == ["terrorist-cell"]
    assert mini("list", "--contains", "cellula", "--lang", "en", "--json").exit_code == 1


def test_list_plain_when_piped(mini) -> None:
    result = mini("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "islamic-state" in result.stdout and "\x1b[" not in result.stdout
    assert len(lines) == 6  # header and five rows


def test_translate_reads_naturally(mini) -> None:
    result = mini("translate", "i disertori dell’Isis", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["text"] == "the defectors of ISIS"
    assert (data["from"], data["to"], data["detected"]) == ("it", "en", True)
    assert [(s["source"], s["kind"]) for s in data["segments"]] == [
        ("i", "function"),
        (" ", "text"),
        ("disertori", "term"),
        (" ", "text"),
        ("dell’", "function"),
        ("Isis", "term"),
    ]


def test_translate_longest_match_and_untranslated_words(mini) -> None:
    data = json.loads(
        mini("translate", "Le cellule terroristiche dello Stato Islamico crescono.", "--json").stdout
    )
    assert data["text"] == "The terrorist cells of the Islamic State crescono."
    kinds = {s["source"]: s["kind"] for s in data["segments"]}
    assert kinds["crescono"] == "untranslated"
    assert kinds["Stato Islamico"] == "term"


def test_translate_english_to_italian(mini) -> None:
    data = json.loads(mini("translate", "the defectors and the terrorist cells", "--json").stdout)
    assert data["text"] == "i disertori e le cellule terroristiche"


def test_translate_from_stdin(mini) -> None:
    result = mini("translate", "-", "--to", "en", input="il califfato\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("it → en")
    assert "the caliphate" in result.stdout


def test_translate_empty_phrase_is_a_usage_error(mini) -> None:
    result = mini("translate", "   ")
    assert result.exit_code == 2
    assert result.stderr == "glossary: the phrase is empty: give some text to translate\n"


def test_translate_invalid_utf8_on_stdin(mini) -> None:
    result = mini("translate", "-", input=b"caf\xe9")
    assert result.exit_code == 2
    assert result.stderr == "glossary: standard input is not UTF-8 (byte 0xe9 at offset 3)\n"


def test_check_clean_fixture(mini) -> None:
    result = mini("check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings, 0 notes — clean")


def test_version_and_help(invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("glossary ")
    for command in ("lookup", "list", "translate", "check"):
        help_text = invoke(command, "--help").stdout
        assert "Example: glossary " + command in help_text


def test_help_paragraphs_flow_as_the_terminal_allows(invoke) -> None:
    """A help paragraph after the first is one flow of text, not the docstring's own lines."""
    wide = invoke("import", "--help", env={"GLOSSARY_PATH": "", "COLUMNS": "400"}).stdout
    assert any(
        line.strip().startswith("Says on stderr")
        and line.strip().endswith("glossary import iate.tbx -o iate")
        for line in wide.splitlines()
    ), wide


@pytest.mark.parametrize(
    ("english", "italian"),
    [
        ("the defectors of the Islamic State", "i disertori dello Stato Islamico"),
        ("the defectors of the ISIS", "i disertori dell'Isis"),
        ("in the caliphate", "nel califfato"),
        ("the caliphate and the terrorist cell", "il califfato e la cellula terroristica"),
    ],
)
def test_translate_fuses_italian_prepositions_and_articles(mini, english: str, italian: str) -> None:
    data = json.loads(mini("translate", english, "--json").stdout)
    assert data["text"] == italian
    assert "".join(s["source"] for s in data["segments"]) == english


def test_lookup_brief_prints_one_line_a_match_like_for_like(mini) -> None:
    """sdcv and dict users expect one line a match: the term found, its language and kind, the
    other language's term of the same kind (same letters first), the preferred one, the entry."""
    result = mini("lookup", "Isis", "--brief")
    assert (result.exit_code, result.stdout) == (
        0,
        "Isis (it, acronym) → ISIS · Islamic State · [islamic-state]\n",
    )
    result = mini("lookup", "califfati", "-b")
    assert result.stdout == "califfato (it, full-form) → caliphate · [caliphate]\n"
    result = mini("lookup", "Islamic State", "-b", "--lang", "en")
    assert result.stdout == "Islamic State (en, full-form) → Stato Islamico · Isis · [islamic-state]\n"


def test_lookup_brief_on_a_miss_gives_the_suggestions_and_exit_1(mini) -> None:
    result = mini("lookup", "califato", "--brief")
    assert result.exit_code == 1
    assert result.stderr == "No entry for 'califato'.\n"
    assert result.stdout.startswith("Suggestions (not matches):\n  califfato  (it → en: caliphate;")


def test_lookup_dash_answers_one_term_a_line(mini) -> None:
    result = mini("lookup", "-", input="Isis\ncalifato\n\ncellule terroristiche\n")
    assert result.exit_code == 1  # one term was not found
    assert result.stdout == (
        "Isis (it, acronym) → ISIS · Islamic State · [islamic-state]\n"
        "califato (no entry)\n"
        "cellula terroristica (it, full-form) → terrorist cell · [terrorist-cell]\n"
    )


def test_lookup_dash_json_is_one_object_a_line(mini) -> None:
    result = mini("lookup", "-", "--json", input="Isis\n???\ncaliphate\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["query"], [m["concept"]["id"] for m in r["matches"]]) for r in rows] == [
        ("Isis", ["islamic-state"]),
        ("???", []),
        ("caliphate", ["caliphate"]),
    ]
    assert result.exit_code == 1
    assert mini("lookup", "-", input="Isis\ncaliphate\n").exit_code == 0


def test_an_entry_keeps_every_address_whole_on_one_line(invoke) -> None:
    """Sources print under the box, one a line: a box edge never breaks an address."""
    out = invoke("lookup", "Isis").stdout
    lines = out.splitlines()
    assert "Sources" in lines
    urls = [line for line in lines[lines.index("Sources") + 1 :] if "http" in line]
    assert urls and all(not line.startswith("│") for line in urls)
    assert "https://www.britannica.com/topic/Islamic-State-in-Iraq-and-the-Levant" in out


def test_below_sixty_columns_an_entry_prints_without_a_box(invoke) -> None:
    narrow = invoke("lookup", "califfato", env={"GLOSSARY_PATH": "", "COLUMNS": "50"}).stdout
    assert "╭" not in narrow and "│" not in narrow
    assert narrow.splitlines()[0] == "califfato · caliphate"
    wide = invoke("lookup", "califfato", env={"GLOSSARY_PATH": "", "COLUMNS": "100"}).stdout
    assert wide.startswith("╭─ califfato · caliphate")
