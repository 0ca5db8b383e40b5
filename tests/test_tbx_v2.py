"""TBX v2 (``<martif>``, ISO 30042:2008) as IATE, Microsoft's Terminology Collection, the
TBX-Basic v2 sample, translate-toolkit and Pontoon write it comes in with every data category
the glossary has a place for, and says what it leaves out. Our v2 export is valid against the
published core structure DTD, and both versions round-trip byte for byte.

The fixtures under data/exchange/tbx2 copy each tool's structure with our own content; their
README lists what each holds, and where the structure was taken from.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from glossary.exchange import UnreadableInputError, export_glossary, import_to_yaml, read_term_base
from glossary.loader import load_file, load_glossary
from tests.processes import run_glossary

DATA = Path(__file__).parent / "data" / "exchange" / "tbx2"
DTD_FILE = DATA / "TBXcoreStructV02.dtd"
FIXTURES = ("iate.tbx", "microsoft.tbx", "basic.tbx", "translate-toolkit.tbx", "pontoon.tbx", "multiterm.tbx")


def concepts(name: str) -> dict[str, dict[str, Any]]:
    """The imported concepts of a fixture by the id the file gave them."""
    imported = read_term_base(DATA / name, "tbx")
    return {c.get("source_id", c["id"]): c for c in imported.document["concepts"]}


def terms(concept: dict[str, Any], lang: str) -> list[tuple[str, ...]]:
    """(text, type, status, pos, gender) of a section's terms; pos 'noun' when not written."""
    return [
        (t["text"], t["type"], t["status"], t.get("pos", "noun"), t.get("gender", "-"))
        for t in concept[lang]["terms"]
    ]


def dtd_errors(data: bytes) -> list[str]:
    dtd = etree.DTD(str(DTD_FILE))
    parser = etree.XMLParser(load_dtd=False, resolve_entities=False, no_network=True)
    valid = dtd.validate(etree.fromstring(data, parser))
    return [] if valid else [str(error) for error in dtd.error_log]


# -- what each tool's file brings in -----------------------------------------------------------


def test_an_iate_download() -> None:
    imported = read_term_base(DATA / "iate.tbx", "tbx")
    found = concepts("iate.tbx")
    assert list(found) == [f"IATE-900000{n}" for n in range(1, 6)]
    assert [c["id"] for c in found.values()] == [
        "foreign-fighter",
        "islamic-state",
        "radicalisation",
        "returnee",
        "nationality",
    ]
    assert [c["domain"] for c in found.values()] == ["1216", "1216", "2831", "2811", "1231"]
    assert terms(found["IATE-9000001"], "it") == [
        ("combattente straniero", "full-form", "preferred", "noun", "-"),
        ("foreign fighter", "full-form", "deprecated", "noun", "-"),
    ]
    assert terms(found["IATE-9000002"], "en") == [
        ("Islamic State", "full-form", "admitted", "noun", "-"),
        ("ISIS", "abbreviation", "admitted", "noun", "-"),
        ("Da’esh", "abbreviation", "admitted", "noun", "-"),
        ("Islamic State of Iraq and the Levant", "full-form", "superseded", "noun", "-"),
    ]
    assert found["IATE-9000003"]["en"]["definition"] == (
        "process by which a person comes to adopt extremist beliefs that may lead to support for,"
        " or use of, violence"
    )
    assert found["IATE-9000003"]["sources"] == [{"citation": "glossary editors"}]
    assert "15 × descrip reliabilityCode on a termSec" in imported.unmapped
    assert not any("superseded" in line for line in imported.unmapped)  # kept as superseded


def test_a_microsoft_terminology_collection_export() -> None:
    imported = read_term_base(DATA / "microsoft.tbx", "tbx")
    found = concepts("microsoft.tbx")
    assert list(found) == ["9101_91011", "9102_91021", "9103_91031", "9104_91041", "9105_91051"]
    # Part of speech as Microsoft capitalises it: Noun, Verb, Adjective.
    assert terms(found["9102_91021"], "en") == [("radicalize", "full-form", "admitted", "verb", "-")]
    assert terms(found["9102_91021"], "it") == [("radicalizzare", "full-form", "admitted", "verb", "-")]
    assert terms(found["9103_91031"], "it") == [("jihadista", "full-form", "admitted", "adjective", "-")]
    assert found["9101_91011"]["en"]["definition"].startswith("A person who leaves their country")
    assert "definition" not in found["9104_91041"]["en"]  # Microsoft wrote none for it
    assert "5 × region subtags of xml:lang (read as the language: en-US as en)" in imported.unmapped
    assert "5 × region subtags of xml:lang (read as the language: it-IT as it)" in imported.unmapped


def test_the_tbx_basic_v2_sample_structure_keeps_every_basic_category() -> None:
    imported = read_term_base(DATA / "basic.tbx", "tbx")
    found = concepts("basic.tbx")
    state, radicalisation, caliphate, arrest = (found[f"c{n}"] for n in range(1, 5))
    assert (state["id"], state["domain"]) == ("islamic-state", "terrorism")
    assert terms(state, "it") == [
        ("Stato islamico", "full-form", "preferred", "proper-noun", "masculine"),
        ("Isis", "acronym", "admitted", "proper-noun", "masculine"),
    ]
    assert state["en"]["definition"].startswith("Jihadist organisation that proclaimed a caliphate")
    assert state["en"]["notes"] == ["Italian newspapers usually write the acronym as Isis."]
    assert state["related"] == ["caliphate"] and caliphate["related"] == ["islamic-state"]
    assert state["sources"] == [
        {"citation": "glossary editors"},
        {"citation": "Wikipedia: Islamic State", "url": "https://en.wikipedia.org/wiki/Islamic_State"},
    ]
    # en-GB first, en-US second: the second region's term is a variant, named in its note.
    assert terms(radicalisation, "en") == [
        ("radicalisation", "full-form", "preferred", "noun", "-"),
        ("radicalization", "variant", "admitted", "noun", "-"),
    ]
    assert radicalisation["en"]["terms"][1]["note"] == "Used in en-US."
    assert caliphate["en"]["definition"].startswith("Form of Islamic government headed by a caliph")
    assert terms(arrest, "en") == [("arrest", "full-form", "admitted", "verb", "-")]
    assert arrest["en"]["terms"][0]["note"] == "Transitive verb."
    assert "4 × context sentences (descrip context, with their sources)" in imported.unmapped
    assert "3 × transacGrp (transaction dates and responsibility)" in imported.unmapped


def test_a_multiterm_export_converted_to_tbx() -> None:
    """MultiTerm writes its own XML; BYU's mt2tbx converts it to TBX with MultiTerm's quirks:
    upper-case language tags, '_101' ids, a status as a hyphenated languagePlanningQualifier."""
    imported = read_term_base(DATA / "multiterm.tbx", "tbx")
    found = concepts("multiterm.tbx")
    assert list(found) == ["_101", "_102", "_103", "_104"]
    assert [c["id"] for c in found.values()] == ["foreign-fighter", "returnee", "radicalisation", "arrest"]
    assert terms(found["_101"], "it") == [
        ("combattente straniero", "full-form", "preferred", "noun", "masculine"),
        ("foreign fighter", "full-form", "admitted", "noun", "masculine"),
    ]
    assert terms(found["_102"], "en") == [
        ("returnee", "full-form", "preferred", "noun", "-"),
        ("returning foreign fighter", "full-form", "admitted", "noun", "-"),  # proposedTerm
    ]
    assert terms(found["_104"], "it") == [("arrestare", "full-form", "preferred", "verb", "-")]
    assert found["_101"]["it"]["definition"].startswith("Persona che lascia il paese")
    assert "1 × languagePlanningQualifier 'proposedTerm' (written as admitted)" in imported.unmapped
    assert "4 × region subtags of xml:lang (read as the language: EN-GB as en)" in imported.unmapped
    assert "30 × transacGrp (transaction dates and responsibility)" in imported.unmapped


def test_what_translate_toolkit_writes() -> None:
    imported = read_term_base(DATA / "translate-toolkit.tbx", "tbx")
    found = concepts("translate-toolkit.tbx")
    assert [c["id"] for c in found.values()] == ["foreign-fighter", "returnee", "to-arrest", "caliphate"]
    assert found["arrest-verb"]["id"] == "to-arrest"  # the one entry the toolkit gave an id
    # The toolkit writes a definition as an untyped descrip on the entry.
    assert found["foreign-fighter"]["en"]["definition"].startswith("A person who leaves their country")
    assert found["returnee"]["it"]["notes"] == ["Plurale: rimpatriati. È anche aggettivo."]
    assert found["arrest-verb"]["en"]["notes"] == ["Headline verb; keep the infinitive."]
    # Its part of speech is an untyped termNote beside the langSets: said, not guessed.
    assert "2 × termNote on a conceptEntry" in imported.unmapped


def test_what_pontoon_writes() -> None:
    imported = read_term_base(DATA / "pontoon.tbx", "tbx")
    found = concepts("pontoon.tbx")
    assert [terms(c, "en")[0][0] for c in found.values()] == [
        "foreign fighter",
        "radicalization",
        "arrest",
        "jihadist",
        "nationality",
    ]
    assert terms(found["c103"], "en") == [("arrest", "full-form", "admitted", "verb", "-")]
    assert terms(found["c104"], "en") == [("jihadist", "full-form", "admitted", "adjective", "-")]
    assert "definition" not in found["c104"]["en"]  # an empty definition element is no definition
    assert found["c105"]["en"]["definition"] == "The legal bond between a person and a state."
    assert "5 × descrip context on a conceptEntry" in imported.unmapped


# -- export, validated, and round trips ---------------------------------------------------------


def test_the_dtd_is_the_published_copy() -> None:
    """Byte for byte the file ORIGIN.md names (its SHA-256 there)."""
    digest = hashlib.sha256(DTD_FILE.read_bytes()).hexdigest()
    assert digest == "9a1c3fa1f7adff448873f1b1c25878ad382775db0f1d81221ef7f2e053231aa4"
    assert digest in (DATA / "ORIGIN.md").read_text(encoding="utf-8")


def test_the_dtd_copy_tells_valid_from_invalid() -> None:
    """The check the export tests rely on can fail: the files its producers wrote invalid are."""
    assert dtd_errors((DATA / "basic.tbx").read_bytes()) == []
    assert dtd_errors((DATA / "iate.tbx").read_bytes()) == []
    assert any("langSet" in error for error in dtd_errors((DATA / "pontoon.tbx").read_bytes()))


def test_the_v2_export_of_the_packaged_glossary_is_valid_against_the_dtd() -> None:
    glossary = load_glossary(environ={})
    result = export_glossary("tbx2", glossary.concepts.values(), glossary.articles)
    assert result.data.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
        b'<martif type="TBX-Basic-V1" xml:lang="en">\n'
    )
    assert dtd_errors(result.data) == []
    assert result.count == len(glossary.concepts)


def round_trip(source: Path, fmt: str, folder: Path) -> tuple[bytes, bytes]:
    """Import, export in ``fmt``, import that, export again: the two exports."""
    first_yaml = folder / "first.yaml"
    import_to_yaml(source, first_yaml, force=True)
    first = export_glossary(fmt, load_file(first_yaml).concepts, {}).data
    (folder / "first.tbx").write_bytes(first)
    second_yaml = folder / "second.yaml"
    import_to_yaml(folder / "first.tbx", second_yaml, force=True)
    second = export_glossary(fmt, load_file(second_yaml).concepts, {}).data
    return first, second


@pytest.mark.parametrize("fmt", ["tbx2", "tbx"])
@pytest.mark.parametrize("name", FIXTURES)
def test_a_v2_file_round_trips_byte_identical_on_the_second_pass(tmp_path: Path, name: str, fmt: str) -> None:
    first, second = round_trip(DATA / name, fmt, tmp_path)
    assert first == second
    if fmt == "tbx2":
        assert dtd_errors(first) == []  # whatever the tool wrote, what we write is valid
    # The file's own ids survive both passes.
    given = [c.get("source_id") for c in read_term_base(DATA / name, "tbx").document["concepts"]]
    assert [c.source_id for c in load_file(tmp_path / "second.yaml").concepts] == given
    assert any(given)


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
@pytest.mark.parametrize("name", ["dct-basic.tbx", "core-only.tbx", "tricky-values.tbx"])
def test_a_v3_file_round_trips_byte_identical_on_the_second_pass(tmp_path: Path, name: str, fmt: str) -> None:
    first, second = round_trip(DATA.parent / name, fmt, tmp_path)
    assert first == second
    assert load_file(tmp_path / "first.yaml").concepts == load_file(tmp_path / "second.yaml").concepts


def test_the_packaged_glossary_round_trips_through_v2(tmp_path: Path) -> None:
    glossary = load_glossary(environ={})
    exported = export_glossary("tbx2", glossary.concepts.values(), glossary.articles).data
    (tmp_path / "all.tbx").write_bytes(exported)
    import_to_yaml(tmp_path / "all.tbx", tmp_path / "all.yaml")
    again = load_file(tmp_path / "all.yaml").concepts
    assert list(again) == list(glossary.concepts.values())
    assert export_glossary("tbx2", again, {}).data == exported


# -- the DOCTYPE a v2 file carries ---------------------------------------------------------------

BODY = (
    '<martif type="TBX" xml:lang="en"><text><body><termEntry id="e1"><langSet xml:lang="en">'
    "<tig><term>returnee</term></tig></langSet></termEntry></body></text></martif>\n"
)


def with_doctype(folder: Path, doctype: str) -> Path:
    """A small v2 file that declares ``doctype``."""
    path = folder / "v2.tbx"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n{BODY}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">',
        '<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">',
        "<!DOCTYPE martif\n  SYSTEM 'TBXBasiccoreStructV02.dtd'>",
    ],
    ids=["system", "public", "single-quotes-over-two-lines"],
)
def test_the_usual_bare_doctype_is_accepted(tmp_path: Path, doctype: str) -> None:
    imported = read_term_base(with_doctype(tmp_path, doctype), "tbx")
    assert [c["source_id"] for c in imported.document["concepts"]] == ["e1"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_the_dtd_a_doctype_names_is_never_opened(tmp_path: Path) -> None:
    """libxml2 reads the external subset a DOCTYPE names even with DTD loading off; a DTD
    that is a named pipe would block it for ever, and one that declares an entity would
    define it. Neither happens: the declaration is blanked before the parser sees it."""
    fifo = tmp_path / "never.dtd"
    os.mkfifo(fifo)
    path = with_doctype(tmp_path, f'<!DOCTYPE martif SYSTEM "{fifo}">')
    result = run_glossary(
        tmp_path / "cache", "import", str(path), "-o", str(tmp_path / "out.yaml"), timeout=60
    )
    assert result.stdout == f"Imported 1 concept from {path} into {tmp_path / 'out.yaml'}.\n", result.stderr
    leaky = tmp_path / "leaky.dtd"
    leaky.write_text('<!ENTITY secret "LEAKED">\n', encoding="utf-8")
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "{leaky}">\n'
        + BODY.replace("returnee", "returnee &secret;"),
        encoding="utf-8",
    )
    with pytest.raises(
        UnreadableInputError, match=r"v2\.tbx:3:\d+: not well-formed XML: Entity 'secret' not defined"
    ):
        read_term_base(path, "tbx")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd" [<!ENTITY x "y">]>',
        "<!DOCTYPE martif [<!ELEMENT martif ANY>]>",
        '<!DOCTYPE tbx SYSTEM "TBXcoreStructV02.dtd">',
    ],
    ids=["internal-subset", "no-external-id", "another-root"],
)
def test_any_other_doctype_is_still_refused(tmp_path: Path, doctype: str) -> None:
    with pytest.raises(UnreadableInputError, match="refused: the file declares a DOCTYPE"):
        read_term_base(with_doctype(tmp_path, doctype), "tbx")


# -- as a user runs it ---------------------------------------------------------------------------


def test_the_cli_exports_v2_and_imports_it_back(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    exported = run_glossary(cache, "export", "--format", "tbx2", "-o", str(tmp_path / "all.tbx"))
    assert exported.returncode == 0, exported.stderr
    assert f"glossary: wrote {tmp_path / 'all.tbx'} (tbx2, " in exported.stderr
    imported = run_glossary(cache, "import", str(tmp_path / "all.tbx"), "-o", str(tmp_path / "all.yaml"))
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""
    assert imported.stdout.startswith(f"Imported {len(load_glossary(environ={}).concepts)} concepts from ")


def test_a_martif_root_in_a_namespace_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "v2.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + BODY.replace("<martif ", '<martif xmlns="urn:x" '),
        encoding="utf-8",
    )
    with pytest.raises(UnreadableInputError) as caught:
        read_term_base(path, "tbx")
    assert str(caught.value) == (
        f"{path}: not TBX: the root element <martif> is in the namespace 'urn:x'; TBX v2 has none"
    )


def test_lookup_shows_the_id_an_entry_had_in_its_term_base(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "mt.yaml"
    run_glossary(cache, "import", str(DATA / "multiterm.tbx"), "-o", str(out))
    shown = run_glossary(cache, "--no-default", "-g", str(out), "lookup", "returnee", COLUMNS="100")
    assert shown.returncode == 0, shown.stderr
    assert "Source id: _102 (its id in the term base it came from)" in shown.stdout


def test_a_subject_field_that_is_one_of_the_glossarys_domains_comes_in_as_it(tmp_path: Path) -> None:
    """ "Person" is the glossary's 'person'; "Terrorism" is no domain of it and stays as written,
    for glossary check to ask about (W303)."""
    path = tmp_path / "v2.tbx"
    entries = "".join(
        f'<termEntry id="e{n}"><descrip type="subjectField">{field}</descrip><langSet xml:lang="en">'
        f"<tig><term>term {n}</term></tig></langSet></termEntry>"
        for n, field in enumerate(["Person", " PLACE ", "Terrorism"])
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX"><text><body>{entries}</body></text></martif>\n',
        encoding="utf-8",
    )
    domains = [c["domain"] for c in read_term_base(path, "tbx").document["concepts"]]
    assert domains == ["person", "place", "Terrorism"]
