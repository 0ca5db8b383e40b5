"""Every way a glossary file can be broken is rejected with one located line and exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary import LoadError, load_glossary
from glossary.loader import load_file

INVALID = Path(__file__).parent / "data" / "invalid"

CASES = {
    "syntax-error.yaml": "4:6: YAML syntax error: mapping values are not allowed in this context",
    "duplicate-key.yaml": "6:5: duplicate key 'definition' (first at line 5)",
    "unknown-key.yaml": "4:3: unknown key 'colour' in a concept "
    "(allowed: domain, en, id, it, provenance, related, source_id, sources)",
    "wrong-type.yaml": "4:12: 'related' must be a list of text, not text",
    "wrong-type-boolean.yaml": "6:14: 'text' must be text, not a boolean (quote it to make it text)",
    "missing-field.yaml": "2:3: a concept is missing required key 'domain'",
    "missing-term-type.yaml": "6:7: a term is missing required key 'type'",
    "bad-value.yaml": "6:50: 'status' 'favourite' is not one of: preferred, admitted, deprecated, superseded",
    "bad-id.yaml": "2:7: id 'Caliphate Concept' must be a slug: lowercase letters and digits joined by single hyphens",
    "anchor-alias.yaml": "4:12: anchors are not allowed in a glossary (&src)",
    "alias-only.yaml": "4:12: aliases are not allowed in a glossary",
    "tag.yaml": "3:11: tags are not allowed (tag:yaml.org,2002:python/object:os.system)",
    "empty.yaml": "1:1: empty file: expected a mapping with 'concepts'",
    "two-documents.yaml": "2:1: more than one YAML document in one file",
    "not-utf8.yaml": "5:21: not UTF-8: byte 0xe9 cannot be decoded",
    "not-a-mapping.yaml": "1:1: a glossary file must be a mapping, not a list",
}


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_rejects_with_location_and_exit_3(invoke, name: str) -> None:
    path = INVALID / name
    result = invoke("--no-default", "--glossary", str(path), "lookup", "caliphate")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == f"glossary: {path}:{CASES[name]}\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_library_raises_load_error(name: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_file(INVALID / name)
    assert str(caught.value) == f"{INVALID / name}:{CASES[name]}"


def test_missing_path(invoke, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = invoke("--no-default", "--glossary", str(missing), "lookup", "x")
    assert result.exit_code == 3
    assert result.stderr == f"glossary: {missing}: no such file or folder\n"


def test_folder_without_yaml(invoke, tmp_path: Path) -> None:
    result = invoke("--no-default", "--glossary", str(tmp_path), "lookup", "x")
    assert result.exit_code == 3
    assert result.stderr == f"glossary: {tmp_path}: no .yaml files in this folder\n"


def test_several_problems_are_counted_on_the_one_line(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("concepts:\n- id: a\n  domain: concept\n  colour: red\n  size: big\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_glossary([path], default=False)
    assert str(caught.value) == (
        f"{path}:4:3: unknown key 'colour' in a concept "
        "(allowed: domain, en, id, it, provenance, related, source_id, sources) (+1 more: run 'glossary check')"
    )


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    text = "concepts:\r\n- id: caliph\r\n  domain: person\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    glossary = load_glossary([path], default=False)
    assert list(glossary.concepts) == ["caliph"]


def test_layers_replace_by_id_and_record_it(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text("concepts:\n- id: caliph\n  domain: person\n", encoding="utf-8")
    second.write_text("concepts:\n- id: caliph\n  domain: office\n", encoding="utf-8")
    glossary = load_glossary([first, second], default=False)
    assert glossary.concepts["caliph"].domain == "office"
    assert [(a.domain, b.domain) for a, b in glossary.replaced] == [("person", "office")]


def test_glossary_path_environment_is_a_layer(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("concepts:\n- id: caliph\n  domain: person\n", encoding="utf-8")
    glossary = load_glossary(default=False, environ={"GLOSSARY_PATH": str(extra)})
    assert list(glossary.concepts) == ["caliph"]


def test_check_warns_about_a_discontinued_source(invoke, tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(
        "concepts:\n- id: syria\n  domain: place\n"
        "  it: {terms: [{text: Siria, type: full-form, status: preferred, gender: feminine}], definition: Stato.}\n"
        "  en: {terms: [{text: Syria, type: full-form, status: preferred}], definition: A country.}\n"
        "  sources:\n  - citation: Central Intelligence Agency, The World Factbook, Syria\n",
        encoding="utf-8",
    )
    result = invoke("--no-default", "check", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:2:3: W305 'syria' cites a discontinued source (the CIA ended The World Factbook"
        " on 4 February 2026): 'Central Intelligence Agency, The World Factbook, Syria'"
    )
