"""Imports: round trips, the real TBX-Basic example, hostile and broken files, CSV, YAML writing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from shared_files import needs, shared

from glossary.exchange import export_glossary, import_to_yaml
from glossary.exchange.yamlwrite import MODELINE, scalar
from glossary.loader import load_file, load_glossary
from glossary.yamlread import Map, Scalar, implicit_kind, parse

DATA = Path(__file__).parent / "data" / "exchange"
FIXTURE = DATA / "fixture.yaml"
EXAMPLE = shared("tbx/Example_Astronomy_DCA_VALID.tbx")
needs_example = needs("tbx/Example_Astronomy_DCA_VALID.tbx")


@pytest.fixture(scope="module")
def fixture_glossary():
    return load_glossary([FIXTURE], default=False, environ={})


def cli_export(invoke, fmt: str, out: Path, glossary: Path = FIXTURE):
    return invoke("--no-default", "--glossary", str(glossary), "export", "--format", fmt, "-o", str(out))


# -- round trips ----------------------------------------------------------------------------


def test_tbx_round_trip_through_the_cli_is_byte_identical(invoke, tmp_path: Path, fixture_glossary) -> None:
    first, imported, second = tmp_path / "first.tbx", tmp_path / "imported.yaml", tmp_path / "second.tbx"
    assert cli_export(invoke, "tbx", first).exit_code == 0
    result = invoke("import", str(first), "-o", str(imported))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Imported 4 concepts from {first} into {imported}.\n"
    assert result.stderr == ""  # everything mapped, and the file passes the check
    assert imported.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert list(load_file(imported).concepts) == list(fixture_glossary.concepts.values())
    assert cli_export(invoke, "tbx", second, glossary=imported).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_tbx_round_trip_of_the_packaged_glossary(tmp_path: Path) -> None:
    packaged = load_glossary(environ={})
    first = export_glossary("tbx", packaged.concepts.values(), {})
    (tmp_path / "first.tbx").write_bytes(first.data)
    import_to_yaml(tmp_path / "first.tbx", tmp_path / "imported.yaml")
    concepts = load_file(tmp_path / "imported.yaml").concepts
    assert list(concepts) == list(packaged.concepts.values())
    assert export_glossary("tbx", concepts, {}).data == first.data


@pytest.mark.parametrize("which", ["fixture", "packaged"])
def test_csv_round_trip(tmp_path: Path, which: str) -> None:
    glossary = (
        load_glossary([FIXTURE], default=False, environ={})
        if which == "fixture"
        else load_glossary(environ={})
    )
    (tmp_path / "all.csv").write_bytes(export_glossary("csv", glossary.concepts.values(), {}).data)
    outcome = import_to_yaml(tmp_path / "all.csv", tmp_path / "imported.yaml")
    assert outcome.imported.unmapped == ()
    assert list(load_file(tmp_path / "imported.yaml").concepts) == list(glossary.concepts.values())


# -- the real TBX-Basic example -------------------------------------------------------------


@needs_example
def test_the_published_tbx_basic_example_imports_and_says_what_needs_work(invoke, tmp_path: Path) -> None:
    out = tmp_path / "astronomy.yaml"
    result = invoke("import", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == f"Imported 39 concepts from {EXAMPLE} into {out}.\n"
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("glossary: not mapped: ")] == [
        "glossary: not mapped: 200 × transacGrp (transaction dates and responsibility)",
        "glossary: not mapped: 53 × context sentences (descrip context, with their sources)",
        'glossary: not mapped: 39 × langSec xml:lang="es" (only it and en are kept)',
        "glossary: not mapped: 39 × terms without termType (written as full-form)",
        "glossary: not mapped: 38 × terms without administrativeStatus (written as admitted)",
        "glossary: not mapped: 34 × xref xGraphic (images)",
        "glossary: not mapped: 6 × concepts with no Italian or English term (left out)",
        'glossary: not mapped: 6 × langSec xml:lang="zu" (only it and en are kept)',
        "glossary: not mapped: 1 × back matter (refObjectSec: people, organisations, …)",
    ]
    assert f"{out}:4:3: E203 'open-cluster' has no it terms" in lines
    assert lines[-1].startswith("glossary: 39 entries need work (117 problems): open-cluster, ")
    concepts = load_file(out).concepts  # the strict loader reads what import wrote
    assert len(concepts) == 39 and len({c.id for c in concepts}) == 39
    open_cluster = concepts[0]
    assert open_cluster.id == "open-cluster" and open_cluster.domain == "General"
    assert open_cluster.source_id == "c1"  # named by its preferred term, the file's id kept
    # The entry's own note, kept in the section of the file's language (xml:lang="en").
    assert open_cluster.en.notes == ("G-Source: http://www.physics.drexel.edu/observatory/dump.shtml",)
    assert open_cluster.en is not None and open_cluster.it is None
    assert [(t.text, t.status.value) for t in open_cluster.en.terms] == [
        ("open cluster", "preferred"),
        ("galactic cluster", "superseded"),  # supersededTerm-admn-sts in the file
    ]
    assert open_cluster.en.definition == "A group of stars formed together in the spiral arms of a galaxy."
    assert [s.citation for s in open_cluster.sources] == ["Oxford2007"]


def test_a_tbx_core_file_is_read_in_part(invoke, tmp_path: Path) -> None:
    out = tmp_path / "core.yaml"
    result = invoke("import", str(DATA / "core-only.tbx"), "-o", str(out))
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "not mapped" in line] == [
        "glossary: not mapped: 3 × terms without administrativeStatus (written as admitted)",
        "glossary: not mapped: 3 × terms without termType (written as full-form)",
        "glossary: not mapped: 2 × concepts without subjectField (domain written as 'unspecified')",
        "glossary: not mapped: 1 × elements of another namespace (urn:example:ext: DCT style)",
        'glossary: not mapped: 1 × langSec xml:lang="fr" (only it and en are kept)',
        "glossary: not mapped: 1 × region subtags of xml:lang (read as the language: en-GB as en)",
        "glossary: not mapped: 1 × region subtags of xml:lang (read as the language: it-IT as it)",
    ]
    libya, tripoli = load_file(out).concepts
    assert (libya.id, tripoli.id) == ("libya", "tripoli")  # ids made from the English terms
    assert (libya.source_id, tripoli.source_id) == ("0042", "e-tripoli")
    assert libya.related == ("tripoli",)  # the cross-reference follows the renamed entry
    assert libya.it is not None and libya.it.definition == "Stato sovrano dell’Africa settentrionale."
    assert [t.text for t in libya.it.terms] == ["Libia"] and [t.text for t in libya.en.terms] == ["Libya"]


def test_values_yaml_would_misread_are_quoted(tmp_path: Path) -> None:
    out = tmp_path / "tricky.yaml"
    import_to_yaml(DATA / "tricky-values.tbx", out)
    (concept,) = load_file(out).concepts
    assert [t.text for t in concept.en.terms] == [
        "yes",
        "1984",
        "null",
        "- dash",
        "key: value",
        "#hashtag",
        '"quoted"',
        "2016-09-01",
        "0o17",
        "~",
        "tab inside",
        "Off",
    ]
    assert concept.en.definition == "Definition: with a colon # and a hash"
    assert concept.sources[0].citation == "&anchor *alias !tag"


# -- hostile and broken input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "xml-bomb.tbx",
            "refused: the file declares a DOCTYPE; DTDs and entities are not read (TBX v3 has none)",
        ),
        (
            "external-entity.tbx",
            "refused: the file declares a DOCTYPE; DTDs and entities are not read (TBX v3 has none)",
        ),
        (
            "external-dtd.tbx",
            "refused: the file declares a DOCTYPE; DTDs and entities are not read (TBX v3 has none)",
        ),
    ],
)
def test_dangerous_xml_is_refused_with_exit_3(invoke, tmp_path: Path, name: str, message: str) -> None:
    out = tmp_path / "out.yaml"
    result = invoke("import", str(DATA / name), "-o", str(out))
    assert result.exit_code == 3
    assert result.stderr == f"glossary: {DATA / name}: {message}\n"
    assert result.stdout == ""
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "malformed.tbx",
            ":6:59: not well-formed XML: Opening and ending tag mismatch: term line 6 and termSec",
        ),
        ("not-utf8.tbx", ":3: not UTF-8 (byte 0xe0 at offset 202)"),
        ("latin1-declared.tbx", ":1: declares encoding ISO-8859-1; only UTF-8 is read"),
        ("wrong-root.tbx", ": not TBX: no <tbx> or <martif> root element"),
        ("not-utf8.csv", ":2: not UTF-8 (byte 0xe0 at offset 58)"),
        (
            "not-a-glossary.csv",
            (
                ":1: not a glossary CSV: it has no 'id', 'lang', 'text' columns (the columns are: id, domain, lang, "
                "text, type, status, pos, gender, number, plural, forms, note, homonym, article, common_word, definition, notes, related, "
                "sources, provenance, source_id)"
            ),
        ),
    ],
)
def test_unreadable_input_is_one_line_and_exit_3(invoke, tmp_path: Path, name: str, message: str) -> None:
    out = tmp_path / "out.yaml"
    result = invoke("import", str(DATA / name), "-o", str(out))
    assert result.exit_code == 3
    assert result.stderr == f"glossary: {DATA / name}{message}\n"
    assert not out.exists()


def test_empty_and_missing_files(invoke, tmp_path: Path) -> None:
    empty = tmp_path / "empty.tbx"
    empty.write_bytes(b"")
    result = invoke("import", str(empty), "-o", str(tmp_path / "out.yaml"))
    assert (result.exit_code, result.stderr) == (3, f"glossary: {empty}: empty file: no XML element in it\n")
    missing = tmp_path / "missing.tbx"
    result = invoke("import", str(missing), "-o", str(tmp_path / "out.yaml"))
    assert (result.exit_code, result.stderr) == (
        3,
        f"glossary: {missing}: cannot read: No such file or directory\n",
    )


def test_a_huge_file_is_streamed(tmp_path: Path) -> None:
    """30 MB of TBX: a parsed tree would take some 270 MB; the streaming import stays small."""
    path = tmp_path / "big.tbx"
    bulk = (
        '<transacGrp><transac type="transactionType">origination</transac><date>2010-04-17</date></transacGrp>'
        * 40
    )
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(
            '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
            "<tbxHeader><fileDesc><sourceDesc><p>big</p></sourceDesc></fileDesc></tbxHeader><text><body>\n"
        )
        handle.writelines(
            f'<conceptEntry id="e{i}">{bulk}<langSec xml:lang="en">{bulk}<termSec><term>term {i}</term>'
            "</termSec></langSec></conceptEntry>\n"
            for i in range(3600)
        )
        handle.write("</body></text></tbx>\n")
    assert path.stat().st_size > 29_000_000
    # The child's own peak: VmHWM where there is /proc. ru_maxrss carries over the parent's peak
    # (inherited through fork and exec), so a test process grown past the limit failed this.
    code = (
        "import os, resource, sys; from pathlib import Path; "
        "from glossary.exchange.tbximport import read_tbx; r = read_tbx(Path(sys.argv[1])); "
        "status = '/proc/self/status'; "
        "peak = int(next(l for l in open(status) if l.startswith('VmHWM:')).split()[1]) "
        "if os.path.exists(status) else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        "print(r.concepts, peak // 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    concepts, peak_mib = map(int, out.stdout.split())
    assert concepts == 3600
    assert peak_mib < 120, f"peak memory {peak_mib} MiB: the file was not streamed"


# -- output and options ---------------------------------------------------------------------


def test_existing_output_is_kept_without_force(invoke, tmp_path: Path) -> None:
    out = tmp_path / "terms.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    result = invoke("import", str(DATA / "core-only.tbx"), "-o", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        f"glossary: {out}: file exists (use --force to replace it)\n",
    )
    assert out.read_text(encoding="utf-8") == "keep me\n"
    result = invoke("import", str(DATA / "core-only.tbx"), "-o", str(out), "--force")
    assert result.exit_code == 1  # replaced; the imported entries still need work
    assert [c.id for c in load_file(out).concepts] == ["libya", "tripoli"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xml"), "unknown import format 'xml': use one of tbx, csv, omegat, deepl"),
        ((), "cannot tell the format of 'fixture.yaml' from its name: give --format tbx, csv, omegat, deepl"),
    ],
)
def test_bad_import_options_are_usage_errors(
    invoke, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = invoke("import", str(FIXTURE), "-o", str(tmp_path / "out.yaml"), *args)
    assert (result.exit_code, result.stderr) == (2, f"glossary: {message}\n")


def test_the_output_must_be_a_yaml_file(invoke, tmp_path: Path) -> None:
    out = tmp_path / "terms.txt"
    result = invoke("import", str(DATA / "core-only.tbx"), "-o", str(out))
    expected = f"glossary: {out}: give a .yaml file name, or a folder name (no suffix) for several files\n"
    assert (result.exit_code, result.stderr) == (2, expected)
    assert not out.exists()


def test_csv_values_the_format_refuses_are_named_with_their_entry(invoke, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    result = invoke("import", str(DATA / "misspelt-status.csv"), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{out}:10:15: E108 'status' 'prefered' is not one of: preferred, admitted, deprecated, superseded\n"
        "glossary: 1 entry needs work (1 problem): caliphate\n"
    )


def test_csv_conflicts_and_other_languages_are_reported(tmp_path: Path) -> None:
    outcome = import_to_yaml(DATA / "conflicting-rows.csv", tmp_path / "out.yaml")
    assert outcome.imported.unmapped == (
        "1 × line 3: domain of 'caliphate' differs from line 2 (kept that one)",
        "1 × rows of language 'fr' (only it and en are kept)",
    )
    assert load_file(tmp_path / "out.yaml").concepts[0].domain == "concept"
    assert outcome.needs_work == ("caliphate",)


def test_import_modeline_points_at_the_shipped_schema(tmp_path: Path) -> None:
    import_to_yaml(DATA / "core-only.tbx", tmp_path / "out.yaml")
    first = (tmp_path / "out.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = Path(__file__).resolve().parents[1] / "glossary" / "schema" / "glossary.schema.json"
    assert first == MODELINE.format(schema=schema.as_uri())  # tmp_path shares no tree with the package


# -- the YAML writer ------------------------------------------------------------------------


@example("\ufffe")  # YAML cannot hold it raw: a plain scalar holding it was unreadable
@example("\uffff x")
@given(st.text())
def test_every_text_reads_back_as_itself(text: str) -> None:
    node = parse(f"key: {scalar(text)}\n{scalar(text)}: value\n", "t.yaml")
    assert isinstance(node, Map)
    value = node.items["key"]
    assert isinstance(value, Scalar) and value.value == text
    assert implicit_kind(value) == "text"  # never read as a number, boolean, null or date
    assert list(node.items)[1] == text
