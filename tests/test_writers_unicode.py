"""Every writer over all of Unicode: a character either stands in glossary text, and then every
format writes it so that it reads back as itself, or it is refused with a located message, by
the loader and by the imports alike.

The drawn text goes into a term, its note, its plural, a definition and a usage note of one
concept, surrounded by letters (the ends of a value are trimmed, as the loader trims them).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import examples

from glossary.errors import LoadError
from glossary.exchange import export_glossary, import_to_yaml
from glossary.exchange.errors import UnreadableInputError
from glossary.exchange.yamlwrite import dump
from glossary.loader import FORBIDDEN_CHARACTERS, GlossaryFile, load_file
from glossary.model import Concept
from glossary.serialize import concept_to_dict

#: Any code point at all: lone surrogates, non-characters, controls, private use, unassigned.
ANY_TEXT = st.text(st.characters(codec=None), min_size=1, max_size=6).map(lambda t: f"a{t}z")


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar standing for ``text``, every character but ASCII escaped."""
    return '"' + "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\U{ord(c):08x}" for c in text) + '"'


def source(text: str) -> str:
    value = yaml_string(text)
    return (
        "concepts:\n- id: drawn\n  domain: concept\n  it:\n    terms:\n"
        f"    - {{text: {value}, type: full-form, status: preferred, gender: feminine,"
        f" plural: {value}, note: {value}}}\n"
        f"    definition: {value}\n    notes: [{value}]\n"
        "  en:\n    terms:\n    - {text: word, type: full-form, status: preferred}\n"
        "    definition: A definition.\n  sources:\n  - citation: A source\n"
    )


def settings_for(count: int) -> settings:
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("unicode")


def load_drawn(scratch: Path, text: str) -> GlossaryFile | None:
    """The drawn concept loaded, or None when the loader refused the text, as it must."""
    path = scratch / "drawn.yaml"
    path.write_text(source(text), encoding="utf-8", errors="surrogatepass")
    forbidden = FORBIDDEN_CHARACTERS.search(text)
    try:
        loaded = load_file(path)
    except LoadError as error:
        assert forbidden, f"refused text with nothing forbidden in it: {error}"
        assert str(error).startswith(f"{path}:6:"), str(error)  # located, on the term's line
        return None
    assert not forbidden, f"loaded {forbidden.group()!r}"
    (concept,) = loaded.concepts
    assert concept.it is not None and concept.it.definition == text
    return loaded


def imported(scratch: Path, data: bytes, suffix: str) -> Concept:
    original = scratch / f"export{suffix}"
    original.write_bytes(data)
    output = scratch / "imported.yaml"
    import_to_yaml(original, output, force=True)
    (concept,) = load_file(output).concepts
    return concept


def drawn_fields(concept: Concept) -> dict[str, object]:
    """What the drawn text went into, as exchange formats carry it."""
    assert concept.it is not None
    term = concept.it.terms[0]
    return {
        "text": term.text,
        "plurals": term.plurals,
        "note": term.note,
        "definition": concept.it.definition,
        "notes": concept.it.notes,
    }


@settings_for(150)
@given(text=ANY_TEXT)
def test_yaml_and_json_writers_read_back_the_same(scratch: Path, text: str) -> None:
    loaded = load_drawn(scratch, text)
    if loaded is None:
        return
    document = {"concepts": [concept_to_dict(c) for c in loaded.concepts]}
    again = scratch / "again.yaml"
    again.write_text(dump(document, schema="x.json", comments=[]), encoding="utf-8")
    assert load_file(again).concepts == loaded.concepts
    exported = export_glossary("json", loaded.concepts, {}).data
    (scratch / "again.json").write_bytes(exported)
    assert load_file(scratch / "again.json").concepts == loaded.concepts


@settings_for(150)
@given(text=ANY_TEXT)
def test_csv_and_tbx_exports_import_back_the_same(scratch: Path, text: str) -> None:
    loaded = load_drawn(scratch, text)
    if loaded is None:
        return
    for fmt, suffix in (("csv", ".csv"), ("tbx", ".tbx")):
        data = export_glossary(fmt, loaded.concepts, {}).data
        assert drawn_fields(imported(scratch, data, suffix)) == drawn_fields(loaded.concepts[0]), fmt


@settings_for(150)
@given(text=ANY_TEXT)
def test_deepl_and_omegat_lines_hold_the_term_as_it_is(scratch: Path, text: str) -> None:
    loaded = load_drawn(scratch, text)
    if loaded is None:
        return
    deepl = export_glossary("deepl", loaded.concepts, {}, source="it", target="en")
    omegat = export_glossary("omegat", loaded.concepts, {}, source="it", target="en")
    for export, skip in ((deepl, 0), (omegat, 1)):
        rows = list(
            csv.reader(
                io.StringIO(export.data.decode("utf-8"), newline=""), delimiter="\t", quoting=csv.QUOTE_NONE
            )
        )
        if export.dropped:  # left out, and said why (DeepL refuses what it cannot take)
            assert rows[skip:] == []
            continue
        (row,) = rows[skip:]
        assert row[:2] == [text, "word"]


@pytest.mark.parametrize("character", ["\x01", "\x9b", "\u202e", "\u2028", "\t", "\ufffe"])
def test_an_import_refuses_what_a_glossary_cannot_hold_naming_the_line(scratch: Path, character: str) -> None:
    rows = [
        ["id", "domain", "lang", "text", "type", "status"],
        ["a", "concept", "en", "fine", "full-form", "preferred"],
        ["b", "concept", "en", f"bad{character}term", "full-form", "preferred"],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path = scratch / "odd.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(UnreadableInputError) as caught:  # --strict: the file refused
        import_to_yaml(path, scratch / "never.yaml", force=True, strict=True)
    assert str(caught.value).startswith(f"{path}:3: column 'text' contains ")
    assert not (scratch / "never.yaml").exists()
    partial = import_to_yaml(path, scratch / "partial.yaml", force=True)  # the default: the row left out
    assert [c["id"] for c in partial.imported.document["concepts"]] == ["a"]
    (rejected,) = partial.imported.rejected
    assert str(rejected).startswith(f"{path}:3: column 'text' contains ")
    if character in "\t\ufffe":
        return  # in XML a tab is layout, read as a space; U+FFFE the XML parser itself refuses
    escaped = f"&#x{ord(character):x};"
    tbx = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"'
        ' style="dca" xml:lang="en"><tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc>'
        '</tbxHeader><text><body>\n<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>fine'
        '</term></termSec></langSec></conceptEntry>\n<conceptEntry id="c2"><langSec xml:lang="en">'
        f"<termSec><term>bad{escaped}term</term></termSec></langSec></conceptEntry>\n</body></text></tbx>\n"
    )
    path = scratch / "odd.tbx"
    path.write_text(tbx, encoding="utf-8")
    with pytest.raises(UnreadableInputError) as caught:
        import_to_yaml(path, scratch / "never.yaml", force=True, strict=True)
    message = str(caught.value)
    # XML 1.0 forbids C0 controls even as references: lxml refuses those itself, located too.
    assert message.startswith(f"{path}:4: a text contains ") or (
        character == "\x01" and message.startswith(f"{path}:4:")
    ), message
    if character == "\x01":
        return  # not well-formed XML: no entry of it can be read, strict or not
    partial = import_to_yaml(path, scratch / "partial.yaml", force=True)  # the default: the entry left out
    assert [c["id"] for c in partial.imported.document["concepts"]] == ["fine"]
    (rejected,) = partial.imported.rejected
    assert rejected.where == f"{path}:4: entry 'c2'" and rejected.reason.startswith("a text contains ")


def test_json_of_the_drawn_source_is_what_the_property_tests_feed(scratch: Path) -> None:
    """The generator above writes what it means: a text with a tab and a surrogate is refused
    on the term's line, a text with a non-character of another plane loads as itself."""
    assert load_drawn(scratch, "a\tz") is None
    assert load_drawn(scratch, "a\ud800z") is None
    loaded = load_drawn(scratch, "a\U0001fffe\u00a0\u3000z")
    assert loaded is not None
    assert json.loads(export_glossary("json", loaded.concepts, {}).data)["concepts"][0]["id"] == "drawn"


def test_the_article_flag_survives_every_writer(scratch: Path) -> None:
    path = scratch / "sahel.yaml"
    path.write_text(
        "concepts:\n- id: sahel\n  domain: place\n"
        "  it: {terms: [{text: Sahel, type: full-form, status: preferred, pos: proper-noun, gender: masculine}],"
        " definition: Regione.}\n"
        "  en: {terms: [{text: Sahel, type: full-form, status: preferred, pos: proper-noun, article: true}],"
        " definition: A region.}\n  sources:\n  - citation: A source\n",
        encoding="utf-8",
    )
    (concept,) = load_file(path).concepts
    assert concept.en is not None and concept.en.terms[0].article
    for fmt, suffix in (("csv", ".csv"), ("tbx", ".tbx"), ("json", ".json")):
        data = export_glossary(fmt, [concept], {}).data
        if fmt == "json":
            (scratch / "again.json").write_bytes(data)
            again = load_file(scratch / "again.json").concepts[0]
        else:
            again = imported(scratch, data, suffix)
        assert again.en is not None and again.en.terms[0].article, fmt
