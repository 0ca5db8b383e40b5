"""CSV injection: cells of the tabular exports (CSV, OmegaT, DeepL) that a spreadsheet
would run as a formula are written after an apostrophe, as OWASP recommends; ``--raw``
writes them as they are; our CSV import gives back exactly what was exported."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from processes import run_glossary

from glossary.exchange.common import guard_cell, unguard_cell
from glossary.loader import load_glossary

HOSTILE = """concepts:
- id: hostile
  domain: concept
  it:
    terms:
    - {text: '=HYPERLINK("http://x","y")', type: full-form, status: preferred, pos: noun, gender: masculine}
    - {text: "@SUM(1+1)", type: variant, status: admitted, pos: noun, gender: masculine}
    definition: "+cmd|' /C calc'!A0 apre la calcolatrice."
  en:
    terms:
    - {text: "-2+3", type: full-form, status: preferred, pos: noun}
    - {text: "'=already quoted", type: variant, status: admitted, pos: noun}
    definition: "=1+1 is a formula."
  sources:
  - citation: "=cmd|' /C calc'!A0"
    url: https://example.org/x
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def export(tmp_path: Path, layer: Path, *args: str) -> str:
    result = run_glossary(tmp_path / "cache", "--no-default", "-g", str(layer), "export", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cells(text: str, delimiter: str) -> list[str]:
    rows = (
        csv.reader(io.StringIO(text), delimiter=delimiter)
        if delimiter == ","
        else (line.split("\t") for line in text.splitlines() if not line.startswith("#"))
    )
    return [cell for row in rows for cell in row]


@pytest.mark.parametrize(
    ("args", "delimiter"),
    [
        (["--format", "csv"], ","),
        (["--format", "omegat"], "\t"),
        (["--format", "deepl"], "\t"),
        (["--format", "omegat", "--from", "en"], "\t"),
        (["--format", "deepl", "--from", "en"], "\t"),
    ],
)
def test_no_cell_of_a_tabular_export_starts_a_formula(
    tmp_path: Path, hostile: Path, args: list[str], delimiter: str
) -> None:
    written = cells(export(tmp_path, hostile, *args), delimiter)
    assert written, "nothing exported"
    for cell in written:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    assert any(cell.startswith(("'=", "'-", "'@")) for cell in written)


def test_raw_writes_the_cells_as_they_are(tmp_path: Path, hostile: Path) -> None:
    written = cells(export(tmp_path, hostile, "--format", "csv", "--raw"), ",")
    assert '=HYPERLINK("http://x","y")' in written and "-2+3" in written and "'=already quoted" in written


def test_our_csv_import_gives_back_exactly_what_was_exported(tmp_path: Path, hostile: Path) -> None:
    exported = tmp_path / "out.csv"
    exported.write_text(export(tmp_path, hostile, "--format", "csv"), encoding="utf-8")
    imported = tmp_path / "back.yaml"
    run_glossary(tmp_path / "cache", "import", str(exported), "-o", str(imported))
    before = load_glossary([hostile], default=False).concepts["hostile"]
    after = load_glossary([imported], default=False).concepts["hostile"]
    assert [t.text for _, t in after.terms()] == [t.text for _, t in before.terms()]
    assert after.it is not None and before.it is not None and after.it.definition == before.it.definition
    assert [s.citation for s in after.sources] == [s.citation for s in before.sources]


@pytest.mark.parametrize(
    "text", ["=1", "+1", "-1", "@a", "\tx", "\rx", "'=1", "''+1", "'", "''", "a=1", "", "x"]
)
def test_guarding_is_undone_exactly(text: str) -> None:
    assert unguard_cell(guard_cell(text)) == text
    assert guard_cell(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")
