"""Bilingual term lists as other tools write them come in: OmegaT and DeepL glossaries, and
spreadsheets whose header names the languages of their columns (comma, semicolon or tab, a
byte-order mark or not). Our own OmegaT and DeepL exports read back to the same pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.exchange import read_term_base
from glossary.exchange.tabular import export_deepl, export_omegat
from glossary.loader import load_glossary


def pairs(imported, source: str = "it", target: str = "en") -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (c[source]["terms"][0]["text"], c[target]["terms"][0]["text"]) for c in imported.document["concepts"]
    ]


def write(tmp_path: Path, name: str, text: str, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_an_omegat_glossary_with_its_comments(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "project.txt",
        "# Glossary made in OmegaT -*- coding: utf-8 -*-\n"
        "califfato\tcaliphate\tthe state the group proclaimed\n"
        "\n"
        "disertore\tdefector\n"
        "solo una colonna\n",
    )
    imported = read_term_base(path, "omegat")
    assert pairs(imported) == [("califfato", "caliphate"), ("disertore", "defector")]
    assert imported.document["concepts"][0]["it"]["notes"] == ["the state the group proclaimed"]
    assert "1 × lines without a tab between source and target (left out)" in imported.unmapped


def test_a_deepl_glossary_in_tsv_and_in_csv_with_its_languages(tmp_path: Path) -> None:
    tsv = write(tmp_path, "g.tsv", "foreign fighter\tcombattente straniero\nreturnee\trimpatriato\n")
    assert pairs(read_term_base(tsv, "deepl", "en", "it"), "en", "it") == [
        ("foreign fighter", "combattente straniero"),
        ("returnee", "rimpatriato"),
    ]
    csv = write(tmp_path, "g.csv", "returnee,rimpatriato,en,it\ncaliffato,caliphate,it,en\n")
    assert pairs(read_term_base(csv, "deepl", "en", "it"), "en", "it") == [
        ("returnee", "rimpatriato"),
        ("caliphate", "califfato"),
    ]


@pytest.mark.parametrize(
    ("text", "bom"),
    [
        ("en,it\ncaliphate,califfato\ndefector,disertore\n", False),
        ("Italiano;English;Note\ncaliffato;caliphate;x\ndisertore;defector;\n", True),
        ("it-IT\ten-GB\ncaliffato\tcaliphate\ndisertore\tdefector\n", False),
    ],
    ids=["comma-en-it", "semicolon-named-bom", "tab-regions"],
)
def test_a_spreadsheet_with_a_column_per_language(tmp_path: Path, text: str, bom: bool) -> None:
    imported = read_term_base(write(tmp_path, "sheet.csv", text, bom), "csv")
    assert pairs(imported) == [("califfato", "caliphate"), ("disertore", "defector")]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("terms.csv", "en,it,fr\ncaliphate,califfato,califat\ndefector,disertore,déserteur\n"),
        ("terms.tsv", "en\tit\ncaliphate\tcaliffato\ndefector\tdisertore\n"),
    ],
    ids=["csv", "tsv"],
)
def test_an_aws_custom_terminology_file_reads_its_language_header(
    tmp_path: Path, name: str, text: str
) -> None:
    """AWS Translate's custom terminology: a header row of language codes, a row a term. A
    .tsv is read as a DeepL glossary unless its first row names a language per column."""
    path = write(tmp_path, name, text, bom=True)
    imported = read_term_base(path, "deepl" if name.endswith(".tsv") else "csv")
    assert pairs(imported) == [("califfato", "caliphate"), ("disertore", "defector")]
    assert [c["id"] for c in imported.document["concepts"]] == ["caliphate", "defector"]
    assert ("1 × column 'fr'" in imported.unmapped) is name.endswith(".csv")


def test_a_row_with_one_side_empty_is_left_out_and_counted(tmp_path: Path) -> None:
    imported = read_term_base(write(tmp_path, "sheet.csv", "it,en\ncaliffato,caliphate\nsolo,\n"), "csv")
    assert pairs(imported) == [("califfato", "caliphate")]
    assert "1 × rows without a term in both languages (left out)" in imported.unmapped


@pytest.mark.parametrize(("fmt", "name"), [("omegat", "back.txt"), ("deepl", "back.tsv")])
def test_our_own_exports_read_back_to_the_same_pairs(tmp_path: Path, fmt: str, name: str) -> None:
    concepts = list(load_glossary().concepts.values())
    exported = (
        export_omegat(concepts, "it", "en", version="t")
        if fmt == "omegat"
        else export_deepl(concepts, "it", "en")
    ).data
    path = tmp_path / name
    path.write_bytes(exported)
    lines = [line.split("\t")[:2] for line in exported.decode().splitlines() if not line.startswith("#")]
    assert pairs(read_term_base(path, fmt)) == [(a, b) for a, b in lines]


def test_the_cli_imports_an_omegat_glossary_by_its_name(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path, "terms.tab", "califfato\tcaliphate\n")
    out = tmp_path / "terms.yaml"
    result = invoke("import", str(source), "-o", str(out))
    assert result.stdout.startswith(f"Imported 1 concept from {source} into {out}.")
    assert load_glossary([out], default=False).concepts["califfato"].preferred("en").text == "caliphate"


def test_a_row_holding_what_a_glossary_cannot_is_left_out_named_and_exit_5(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(
        tmp_path, "terms.tab", "califfato\tcaliphate\ndisertore\tdefec\u202etor\nrimpatriato\treturnee\n"
    )
    out = tmp_path / "terms.yaml"
    result = invoke("import", str(source), "-o", str(out))
    assert result.exit_code == 5
    assert result.stdout.startswith(f"Imported 2 concepts from {source} into {out}.")
    assert f"glossary: left out: {source}:2: contains " in result.stderr
    assert result.stderr.endswith("glossary: 1 row left out, the rest imported\n")
    assert set(load_glossary([out], default=False).concepts) == {"califfato", "rimpatriato"}
    strict = invoke("import", str(source), "-o", str(tmp_path / "strict.yaml"), "--strict")
    assert strict.exit_code == 3 and f"{source}:2: contains " in strict.stderr
    assert not (tmp_path / "strict.yaml").exists()


def test_the_import_report_as_json(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    source = write(tmp_path, "terms.csv", "it;en;Note\ncaliffato;caliphate;x\ndisertore;defec\u202etor;\n")
    out = tmp_path / "terms.yaml"
    result = invoke("import", str(source), "-o", str(out), "--json")
    assert result.exit_code == 5
    report = json.loads(result.stdout)
    assert (report["concepts"], report["files"], report["output"]) == (1, 1, str(out))
    assert {"count": 1, "what": "column 'Note'"} in report["not_mapped"]
    (left_out,) = report["left_out"]
    assert left_out["where"] == f"{source}:3" and left_out["reason"].startswith("contains ")
    assert report["left_out_by_reason"] == [{"count": 1, "reason": left_out["reason"]}]
    assert report["needs_work"] == ["califfato"]
    assert {p["code"] for p in report["problems"]} >= {"E204", "E205", "E206"}


def test_the_delimiter_can_be_given_where_detection_would_guess_wrong(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Semicolons between the cells, and more commas inside a quoted header cell: the
    detector would take the comma; --delimiter settles it."""
    source = write(tmp_path, "sheet.csv", 'it;en;"note, in full, with commas"\ncaliffato;caliphate, the;x\n')
    out = tmp_path / "sheet.yaml"
    result = invoke("import", str(source), "-o", str(out), "--delimiter", ";")
    assert result.stdout == f"Imported 1 concept from {source} into {out}.\n", result.stderr
    assert "glossary: not mapped: 1 × column 'note, in full, with commas'" in result.stderr
    (concept,) = load_glossary([out], default=False).concepts.values()
    assert [t.text for t in concept.en.terms] == ["caliphate, the"]
    assert [t.text for t in concept.it.terms] == ["califfato"]
    for args, message in (
        (("--delimiter", "|"), "unknown --delimiter '|': use ',', ';' or tab"),
        (
            ("--delimiter", "tab", "--format", "omegat"),
            "--delimiter applies to csv and deepl files, not omegat",
        ),
    ):
        refused = invoke("import", str(source), "-o", str(tmp_path / "no.yaml"), *args)
        assert (refused.exit_code, refused.stderr) == (2, f"glossary: {message}\n")
