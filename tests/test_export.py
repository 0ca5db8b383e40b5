"""Exports: golden files on a small fixture, validity on the packaged glossary, the CLI's edges.

Golden files live in tests/data/exchange/golden/; after an intended change of an export,
regenerate them with GLOSSARY_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from lxml import etree
from shared_files import REQUIRE, needs, require, shared

from glossary.commonwords import prose_words
from glossary.exchange import export_glossary
from glossary.exchange.common import Export
from glossary.exchange.files import write_atomic
from glossary.exchange.tabular import CSV_COLUMNS, DEEPL_MAX_ENTRY_BYTES, export_deepl, source_pairs
from glossary.exchange.tbx import NAMESPACE
from glossary.loader import load_glossary
from glossary.model import Concept, LanguageSection, Status, Term, TermType
from glossary.serialize import article_to_dict, concept_to_dict

DATA = Path(__file__).parent / "data" / "exchange"
FIXTURE = DATA / "fixture.yaml"
GOLDEN = DATA / "golden"
RNG = shared("tbx/TBXcoreStructV03.rng")
SCH = shared("tbx/TBX-Basic_DCA.sch")
needs_tbx_schemas = needs("tbx/TBXcoreStructV03.rng", "tbx/TBX-Basic_DCA.sch")


@pytest.fixture(scope="module")
def fixture_glossary():
    return load_glossary([FIXTURE], default=False, environ={})


@pytest.fixture(scope="module")
def packaged():
    return load_glossary(environ={})


def export(glossary, fmt: str, **direction: str) -> Export:
    return export_glossary(fmt, glossary.concepts.values(), glossary.articles, **direction)


def golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("GLOSSARY_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def fixture_cli(invoke, *args: str):
    return invoke("--no-default", "--glossary", str(FIXTURE), "export", *args)


# -- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("--format", "tbx"), "fixture.tbx"),
        (("--format", "omegat"), "fixture.omegat-it-en.txt"),
        (("--format", "omegat", "--from", "en"), "fixture.omegat-en-it.txt"),
        (("--format", "deepl", "--from", "it", "--to", "en"), "fixture.deepl-it-en.tsv"),
        (("--format", "deepl", "--to", "it"), "fixture.deepl-en-it.tsv"),
        (("--format", "csv"), "fixture.csv"),
        (("--format", "json"), "fixture.json"),
        (("--format", "tbx2"), "fixture-v2.tbx"),
    ],
)
def test_export_matches_golden_file(invoke, args: tuple[str, ...], name: str) -> None:
    result = fixture_cli(invoke, *args)
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout_bytes)


def test_deepl_says_what_it_dropped_and_why(invoke) -> None:
    result = fixture_cli(invoke, "--format", "deepl")
    assert result.stderr == (
        "glossary: deepl: 'califfato' (islamic-state): deprecated, not a source to replace\n"
        "glossary: deepl: 'partiti per la Siria' (foreign-fighter): deprecated, not a source to replace\n"
    )
    assert "partiti per la Siria" not in result.stdout
    assert "califfato\tcaliphate\n" in result.stdout  # the deprecated claim no longer makes it ambiguous


def test_export_to_file_is_quiet_on_stdout_and_names_the_file(invoke, tmp_path: Path) -> None:
    out = tmp_path / "fixture.tbx"
    result = fixture_cli(invoke, "--format", "tbx", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"glossary: wrote {out} (tbx, 4 concepts)\n"
    assert out.read_bytes() == (GOLDEN / "fixture.tbx").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["fixture.tbx"]  # no temporary file left


def test_existing_output_needs_force(invoke, tmp_path: Path) -> None:
    out = tmp_path / "terms.csv"
    out.write_text("keep me", encoding="utf-8")
    result = fixture_cli(invoke, "--format", "csv", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"glossary: {out}: file exists (use --force to replace it)\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    result = fixture_cli(invoke, "--format", "csv", "-o", str(out), "--force")
    assert result.exit_code == 0
    assert out.read_bytes() == (GOLDEN / "fixture.csv").read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--format", "xlsx"),
            "unknown export format 'xlsx': use one of tbx, tbx2, omegat, deepl, csv, json",
        ),
        (("--format", "tbx", "--from", "en"), "--from and --to apply to omegat and deepl only, not tbx"),
        (("--format", "deepl", "--from", "fr"), "unknown language 'fr': use it or en"),
        (
            ("--format", "omegat", "--from", "en", "--to", "en"),
            "--from and --to are both 'en': give two different languages",
        ),
    ],
)
def test_bad_export_options_are_usage_errors(invoke, args: tuple[str, ...], message: str) -> None:
    result = fixture_cli(invoke, *args)
    assert result.exit_code == 2
    assert result.stderr == f"glossary: {message}\n"
    assert result.stdout == ""


def test_output_into_a_folder_is_a_usage_error(invoke, tmp_path: Path) -> None:
    result = fixture_cli(invoke, "--format", "tbx", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"glossary: {tmp_path}: is a folder; give a file name\n"


def test_help_has_examples(invoke) -> None:
    assert "Example: glossary export" in invoke("export", "--help").stdout
    assert "Example: glossary import" in invoke("import", "--help").stdout


# -- TBX ------------------------------------------------------------------------------------


def check_tbx(data: bytes) -> etree._Element:
    """What every TBX export must be: valid against both schemas (when they are at hand, and
    always under GLOSSARY_REQUIRE_SHARED=1), and the shape TBX-Basic DCA asks for beyond them."""
    assert b"<!DOCTYPE" not in data
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if RNG.exists() and SCH.exists() or os.environ.get(REQUIRE) == "1":
        import tbx_rules

        require("tbx/TBXcoreStructV03.rng", "tbx/TBX-Basic_DCA.sch")
        schema = etree.RelaxNG(etree.parse(str(RNG)))
        assert schema.validate(root), schema.error_log
        assert tbx_rules.failures(etree.ElementTree(root), SCH) == []
    assert root.tag == f"{{{NAMESPACE}}}tbx"
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    ns = {"t": NAMESPACE}
    assert root.xpath("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p/text()", namespaces=ns)
    ncname = re.compile(r"^[A-Za-z_][\w.\-]*$")
    for element in root.iter():
        if element.get("id") is not None:
            assert ncname.match(element.get("id")), element.get("id")
    for term_sec in root.iter(f"{{{NAMESPACE}}}termSec"):
        names = [etree.QName(child).localname for child in term_sec]
        assert names[0] == "term"
        notes = [i for i, n in enumerate(names) if n == "termNote"]
        rest = [i for i, n in enumerate(names[1:], 1) if n != "termNote"]
        assert not notes or not rest or max(notes) < min(rest), names
    return root


@needs_tbx_schemas
@pytest.mark.parametrize("which", ["fixture", "packaged"])
def test_tbx_export_is_valid_tbx_basic(which: str, fixture_glossary, packaged) -> None:
    import tbx_rules

    glossary = fixture_glossary if which == "fixture" else packaged
    root = check_tbx(export(glossary, "tbx").data)  # validates, as for every TBX in these tests
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    assert schema.validate(root), schema.error_log
    assert tbx_rules.failures(etree.ElementTree(root), SCH) == []


def test_tbx_export_maps_every_category(fixture_glossary) -> None:
    root = check_tbx(export(fixture_glossary, "tbx").data)
    ns = {"t": NAMESPACE}
    entry = root.xpath("//t:conceptEntry[@id='c-islamic-state']", namespaces=ns)[0]
    assert entry.xpath("t:descrip[@type='subjectField']/text()", namespaces=ns) == ["organisation"]
    assert entry.xpath("t:ref[@type='crossReference']/@target", namespaces=ns) == [
        "c-caliphate",
        "c-foreign-fighter",
    ]
    italian = entry.xpath("t:langSec[@xml:lang='it']", namespaces=ns)[0]
    assert italian.xpath("t:descripGrp/t:admin[@type='source']/text()", namespaces=ns) == [
        "Encyclopaedia Britannica, Islamic State",
        "Treccani, Stato Islamico",
    ]
    daesh = italian.xpath("t:termSec[t:term='Daesh']", namespaces=ns)[0]
    assert daesh.xpath("t:termNote[@type='termType']", namespaces=ns) == []  # transliteration: a note
    assert daesh.xpath("t:note/text()", namespaces=ns) == [
        'Dalla sigla araba; nei titoli: «Daesh» & "Isis" <sigla>.',
        "pos: proper-noun",
        "type: transliteration",
    ]
    deprecated = italian.xpath("t:termSec[t:term='califfato']", namespaces=ns)[0]
    assert deprecated.xpath("t:termNote[@type='administrativeStatus']/text()", namespaces=ns) == [
        "deprecatedTerm-admn-sts"
    ]
    caliphate = root.xpath(
        "//t:conceptEntry[@id='c-caliphate']//t:termSec[t:term='califfato']", namespaces=ns
    )[0]
    # A term note that reads like a label is written behind 'note: ', so import tells them apart.
    assert caliphate.xpath("t:note/text()", namespaces=ns) == [
        "note: forms: anche «Califfato», con la maiuscola, per quello dell’Isis",
        "plural: califfati",
        "homonym: true",
    ]


def test_tbx_leaves_out_concepts_without_terms_and_says_so() -> None:
    bare = Concept(id="9-11", domain="event", it=LanguageSection(definition="Gli attentati."))
    named = Concept(
        id="2015-paris-attacks",
        domain="event",
        en=LanguageSection(terms=(Term("Paris attacks", TermType.FULL_FORM, Status.PREFERRED),)),
        related=("9-11",),
    )
    result = export_glossary("tbx", [bare, named], {})
    assert result.count == 1
    assert result.dropped == ("'9-11' left out: TBX needs at least one term",)
    root = check_tbx(result.data)
    assert root.xpath("//t:conceptEntry/@id", namespaces={"t": NAMESPACE}) == ["c-2015-paris-attacks"]
    # A related id that is not in the document is named, never pointed at.
    assert b'<ref type="crossReference">9-11</ref>' in result.data


# -- OmegaT and DeepL -----------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), [("it", "en"), ("en", "it")])
def test_omegat_on_the_packaged_glossary(packaged, source: str, target: str) -> None:
    result = export(packaged, "omegat", source=source, target=target)
    text = result.data.decode("utf-8")
    lines = text.split("\n")
    assert lines[-1] == ""
    assert lines[0].startswith("# ") and "-*- coding: utf-8 -*-" in lines[0]
    rows = [line.split("\t") for line in lines[1:-1]]
    prose = prose_words(packaged.concepts.values())[source]
    expected = [
        (pair[0].text, pair[1])
        for concept in packaged.concepts.values()
        for pair in source_pairs(concept, source, target, prose)
        if not isinstance(pair, str)
    ]
    assert [(r[0], r[1]) for r in rows] == expected  # one line per safe source term (test_safe_sources)
    assert all(len(r) == 3 and all(cell == cell.strip() and cell for cell in r) for r in rows)
    assert "\r" not in text and not any(r[0].startswith("#") for r in rows)


@pytest.mark.parametrize(("source", "target"), [("it", "en"), ("en", "it")])
def test_deepl_on_the_packaged_glossary(packaged, source: str, target: str) -> None:
    result = export(packaged, "deepl", source=source, target=target)
    lines = result.data.decode("utf-8").split("\n")
    assert lines[-1] == ""
    entries = [line.split("\t") for line in lines[:-1]]
    assert all(len(entry) == 2 for entry in entries)
    sources = [s for s, _ in entries]
    assert len(sources) == len(set(sources))
    for entry in entries:
        for side in entry:
            assert side and side == side.strip()
            assert not any(ord(c) < 32 or 127 < ord(c) < 160 or c in "\u2028\u2029" for c in side)
            assert len(side.encode("utf-8")) <= DEEPL_MAX_ENTRY_BYTES
    # What is not written is said: every source term is either an entry or a dropped line.
    dropped_sources = {re.match(r"'(.*)'(?: \([^)]*\))?: ", line).group(1) for line in result.dropped}  # type: ignore[union-attr]
    for concept in packaged.concepts.values():
        for _, term in concept.terms(source):
            assert term.text in sources or term.text in dropped_sources


def _concept(concept_id: str, it: list[str], en: list[str]) -> Concept:
    def section(texts: list[str]) -> LanguageSection:
        return LanguageSection(
            terms=tuple(
                Term(text, TermType.FULL_FORM, Status.PREFERRED if i == 0 else Status.ADMITTED)
                for i, text in enumerate(texts)
            )
        )

    return Concept(
        id=concept_id, domain="concept", it=section(it) if it else None, en=section(en) if en else None
    )


def test_deepl_drops_what_deepl_refuses() -> None:
    long = "x" * (DEEPL_MAX_ENTRY_BYTES // 2) + "è" * (DEEPL_MAX_ENTRY_BYTES // 4 + 1)
    concepts = [
        _concept("a", ["alfa", "a\u0085b", long], ["alpha"]),
        _concept("b", ["beta"], []),
        _concept("c", ["alfa"], ["alpha"]),
        _concept("d", ["delta"], ["delta"]),
    ]
    result = export_deepl(concepts, "it", "en")
    assert result.data == b"alfa\talpha\ndelta\tdelta\n"
    assert result.count == 2
    assert result.dropped == (
        "'a b' (a): source contains a control character",  # shown on one line
        f"'{long}' (a): source longer than DeepL's 1024 UTF-8 bytes",
        "'beta' (b): no en noun",
        "'alfa': duplicate source (also in c); written once",
    )


# -- CSV and JSON ---------------------------------------------------------------------------


def test_csv_on_the_packaged_glossary(packaged) -> None:
    data = export(packaged, "csv").data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    # RFC 4180: records end in CRLF; a line break inside a (quoted) cell is a bare LF.
    assert data.count(b"\r\n") == len(rows)
    assert tuple(rows[0]) == CSV_COLUMNS
    terms = [
        (c.id, lang, t.text)
        for c in packaged.concepts.values()
        for lang in ("it", "en")
        if c.section(lang)
        for t in c.section(lang).terms
    ]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == terms
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    assert data.endswith(b"\r\n") and not data.startswith(b"\xef\xbb\xbf")


def test_json_is_the_whole_glossary_in_the_yaml_format(packaged) -> None:
    document = json.loads(export(packaged, "json").data)
    assert document == {
        "articles": {key: article_to_dict(a) for key, a in packaged.articles.items()},
        "concepts": [concept_to_dict(c) for c in packaged.concepts.values()],
    }


@pytest.mark.parametrize("which", ["fixture", "packaged"])
def test_json_export_validates_against_the_shipped_schema(which: str, fixture_glossary, packaged) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    glossary = fixture_glossary if which == "fixture" else packaged
    schema = json.loads(
        (Path(__file__).resolve().parents[1] / "glossary/schema/glossary.schema.json").read_text()
    )
    jsonschema.Draft7Validator.check_schema(schema)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(json.loads(export(glossary, "json").data)))
    assert errors == []


def test_json_export_loads_back_as_a_glossary_file(tmp_path: Path, fixture_glossary) -> None:
    path = tmp_path / "fixture.json"
    path.write_bytes(export(fixture_glossary, "json").data)
    again = load_glossary([path], default=False, environ={})
    assert list(again.concepts.values()) == list(fixture_glossary.concepts.values())
    assert again.articles == fixture_glossary.articles


# -- writing files --------------------------------------------------------------------------


def test_write_atomic_keeps_the_old_file_when_the_write_fails(tmp_path: Path, monkeypatch) -> None:
    from glossary.exchange.errors import OutputError

    target = tmp_path / "out.tbx"
    target.write_bytes(b"old")

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.tbx"]


def test_write_atomic_gives_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# -- the JSON Schema, for editors ----------------------------------------------------------

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "glossary" / "schema" / "glossary.schema.json"
MODELINE = "# yaml-language-server: $schema=../schema/glossary.schema.json"


def test_every_packaged_data_file_points_its_editor_at_the_schema() -> None:
    from glossary.sources import packaged_data_dir

    files = sorted(packaged_data_dir().glob("*.yaml"))
    assert files
    for path in files:
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE, path.name
        assert (path.parent / MODELINE.split("=", 1)[1]).resolve() == SCHEMA_PATH


def test_the_schema_says_what_the_loader_accepts() -> None:
    from glossary import loader
    from glossary.model import DOMAINS, Gender, Number, PartOfSpeech, Status, TermType

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema["definitions"]
    pairs = [
        (schema, loader._FILE_KEYS),
        (defs["concept"], loader._CONCEPT_KEYS),
        (defs["section"], loader._SECTION_KEYS),
        (defs["term"], loader._TERM_KEYS),
        (defs["source"], loader._SOURCE_KEYS),
        (defs["provenance"], loader._PROVENANCE_KEYS),
        (defs["article"], loader._ARTICLE_KEYS),
    ]
    for node, keys in pairs:
        assert set(node["properties"]) == set(keys)
        assert set(node.get("required", [])) == {key for key, required in keys.items() if required}
        assert node["additionalProperties"] is False
    term = defs["term"]["properties"]
    for name, enum in [
        ("type", TermType),
        ("status", Status),
        ("pos", PartOfSpeech),
        ("gender", Gender),
        ("number", Number),
    ]:
        assert term[name]["enum"] == [member.value for member in enum], name
    assert defs["concept"]["properties"]["id"]["pattern"] == loader.ID_PATTERN.pattern
    assert defs["concept"]["properties"]["domain"]["anyOf"][0]["enum"] == list(DOMAINS)


def test_the_schema_accepts_the_packaged_files_and_refuses_broken_ones() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    validator = jsonschema.Draft7Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    from glossary.sources import packaged_data_dir

    for path in sorted(packaged_data_dir().glob("*.yaml")):
        assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path.name
    invalid = Path(__file__).parent / "data" / "invalid"
    for name in (
        "bad-id.yaml",
        "bad-value.yaml",
        "missing-field.yaml",
        "unknown-key.yaml",
        "wrong-type.yaml",
    ):
        assert list(validator.iter_errors(yaml.safe_load((invalid / name).read_text(encoding="utf-8")))), name


def test_importing_the_exchange_package_or_the_cli_loads_no_lxml() -> None:
    import subprocess
    import sys

    code = "import sys, glossary.exchange, cli.app; print('lxml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
