"""``glossary list --format`` and ``glossary domains``: what a script or a spreadsheet reads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

HOSTILE = """\
concepts:
- id: formula
  domain: concept
  it:
    terms:
    - {text: "=1+1", type: full-form, status: preferred, gender: masculine}
    definition: Voce di prova.
  en:
    terms:
    - {text: "a, \\"quoted\\" term", type: full-form, status: preferred}
    definition: A test entry.
  sources: [{citation: A test}]
"""


def test_tsv_and_csv(mini) -> None:  # type: ignore[no-untyped-def]
    tsv = mini("list", "--format", "tsv")
    assert tsv.exit_code == 0
    assert tsv.stdout.splitlines()[:3] == [
        "id\tit\ten\tdomain",
        "caliphate\tcaliffato\tcaliphate\tconcept",
        "defector\tdisertore\tdefector\tconcept",
    ]
    out = mini("list", "-f", "csv", "--sort", "en").stdout_bytes.decode()  # .stdout drops the \r
    assert out.startswith("id,it,en,domain\r\ncaliphate,califfato,caliphate,concept\r\n")
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 1 + len(json.loads(mini("list", "--json").stdout))


def test_json_is_the_same_as_the_json_flag(mini) -> None:  # type: ignore[no-untyped-def]
    assert mini("list", "--format", "json").stdout == mini("list", "--json").stdout


def test_cells_a_spreadsheet_would_run_are_guarded_and_quotes_kept(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    out = invoke("--no-default", "-g", str(path), "list", "-f", "csv").stdout
    assert list(csv.reader(io.StringIO(out)))[1] == ["formula", "'=1+1", 'a, "quoted" term', "concept"]
    tsv = invoke("--no-default", "-g", str(path), "list", "-f", "tsv").stdout
    assert tsv.splitlines()[1] == 'formula\t\'=1+1\ta, "quoted" term\tconcept'


def test_an_unknown_format_or_domain_is_a_usage_error(mini) -> None:  # type: ignore[no-untyped-def]
    done = mini("list", "--format", "xml")
    assert done.exit_code == 2 and "use table, tsv, csv or json" in done.stderr
    done = mini("list", "--domain", "persn")
    assert done.exit_code == 2
    assert done.stderr == (
        "glossary: unknown domain 'persn': did you mean 'person'? domains: organisation, person, place, "
        "institution, office, document, publication, event, concept, equipment\n"
    )


def test_a_domain_by_either_language_s_name_in_any_case(mini) -> None:  # type: ignore[no-untyped-def]
    by_name = mini("list", "--domain", "concept", "--json").stdout
    assert json.loads(by_name)
    assert mini("list", "--domain", "Concetto", "--json").stdout == by_name
    assert mini("list", "--domain", "CONCEPT", "--json").stdout == by_name


def test_domains(mini) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(mini("domains", "--json").stdout)
    assert rows[0] == {"domain": "organisation", "it": "organizzazione", "en": "organisation", "count": 1}
    assert {row["domain"]: row["count"] for row in rows}["concept"] == 3
    table = mini("domains").stdout.splitlines()
    assert table[0].split() == ["domain", "italiano", "English", "entries"]
    assert table[1].split() == ["organisation", "organizzazione", "organisation", "1"]
