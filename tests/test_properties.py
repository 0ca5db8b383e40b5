"""Properties that hold for every glossary and every text (hypothesis; strategies.py draws them).

Loading reads a generated file exactly as written; what the tool writes to be read back (the
YAML that import writes, the JSON export) reads back the same; a broken file either loads or
is refused with every problem located; matching, translation and annotation take any text.
The findings of these properties and of the fuzzer (fuzz/) are kept at the end as examples.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from invariants import check_load_error, check_text_invariants
from strategies import any_text, encodable_text, examples, glossaries, mutated

from glossary.errors import LoadError
from glossary.exchange.jsonexport import export_json
from glossary.exchange.yamlwrite import dump
from glossary.index import Index
from glossary.loader import GlossaryFile, load_file, load_glossary
from glossary.serialize import article_to_dict, concept_to_dict

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"


def budget(count: int) -> settings:
    """``count`` examples (more under --hypothesis-profile=fuzz), no deadline: loading and the
    command line take longer on a busy machine, which is no failure."""
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@pytest.fixture(scope="module")
def index() -> Index:
    """The packaged glossary and the small test one, in memory."""
    return Index(load_glossary([MINI], environ={}))


def content(loaded: GlossaryFile) -> dict[str, Any]:
    return {
        "articles": {a.id: article_to_dict(a) for a in loaded.articles},
        "concepts": [concept_to_dict(c) for c in loaded.concepts],
    }


def load_source(scratch: Path, source: str | bytes, name: str = "drawn.yaml") -> GlossaryFile:
    path = scratch / name
    path.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))
    return load_file(path)


# -- loading and writing back ---------------------------------------------------------------


@budget(50)
@given(drawn=glossaries())
def test_a_generated_glossary_loads_as_written(scratch: Path, drawn) -> None:  # type: ignore[no-untyped-def]
    assert content(load_source(scratch, drawn.source)) == drawn.expected


@budget(40)
@given(drawn=glossaries())
def test_the_yaml_import_writes_reads_back_the_same(scratch: Path, drawn) -> None:  # type: ignore[no-untyped-def]
    loaded = load_source(scratch, drawn.source)
    written = dump(content(loaded), schema="x.json", comments=["Imported from x.tbx (tbx) by glossary."])
    again = load_source(scratch, written, "again.yaml")
    assert again.concepts == loaded.concepts and again.articles == loaded.articles
    assert (
        dump(content(again), schema="x.json", comments=["Imported from x.tbx (tbx) by glossary."]) == written
    )


@budget(40)
@given(drawn=glossaries())
def test_the_json_export_reads_back_the_same(scratch: Path, drawn) -> None:  # type: ignore[no-untyped-def]
    loaded = load_source(scratch, drawn.source)
    exported = export_json(loaded.concepts, {a.id: a for a in loaded.articles}).data
    assert json.loads(exported) == content(loaded)
    again = load_source(scratch, exported, "again.json")
    assert again.concepts == loaded.concepts and again.articles == loaded.articles


@budget(100)
@given(source=mutated())
def test_a_broken_glossary_loads_or_every_problem_is_located(scratch: Path, source: str) -> None:
    path = scratch / "broken.yaml"
    data = source.encode("utf-8")
    path.write_bytes(data)
    try:
        load_file(path)
    except LoadError as error:
        check_load_error(error, path, data)


# -- any text ---------------------------------------------------------------------------------


@budget(150)
@given(text=any_text())
def test_matching_translation_and_annotation_take_any_text(index: Index, text: str) -> None:
    check_text_invariants(text, index)


@budget(30)
@given(text=encodable_text(min_size=1).filter(str.strip))
def test_translate_json_segments_add_up_to_the_input(mini, text: str) -> None:  # type: ignore[no-untyped-def]
    result = mini("translate", "-", "--json", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert "".join(s["source"] for s in json.loads(result.stdout)["segments"]) == text


@budget(30)
@given(text=encodable_text())
def test_annotate_json_points_at_what_it_found(mini, text: str) -> None:  # type: ignore[no-untyped-def]
    result = mini("annotate", "-", "--json", input=text.encode("utf-8"))
    assert result.exit_code in (0, 1), result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert result.exit_code == (0 if hits else 1)
    for hit in hits:
        assert text[hit["start"] : hit["end"]] == hit["text"]


# -- findings, kept as examples ----------------------------------------------------------------


@pytest.mark.parametrize("parser", ["libyaml", "pure"])
def test_a_character_yaml_forbids_is_located(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, parser: str
) -> None:
    """Fuzzer: a control character gave 'YAML error: ... "<unicode string>", position 46' with
    no line or column (and the two parsers count that position in different units)."""
    if parser == "pure":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    with pytest.raises(LoadError) as caught:
        load_source(scratch, "concepts:\n- id: città\n  domain: cöncept\x01\n")
    assert (
        str(caught.value)
        == f"{scratch / 'drawn.yaml'}:3:18: YAML syntax error: character U+0001 is not allowed in a YAML file"
    )


def test_a_control_character_in_a_glossary_is_one_located_line_and_exit_3(invoke, tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_bytes("concepts:\n- id: a\n  domain: \ufffe\n".encode())
    result = invoke("--no-default", "-g", str(path), "lookup", "x")
    assert (result.exit_code, result.stdout) == (3, "")
    assert (
        result.stderr
        == f"glossary: {path}:3:11: YAML syntax error: character U+FFFE is not allowed in a YAML file\n"
    )


def test_a_value_over_several_lines_is_quoted_on_one_line(invoke, tmp_path: Path) -> None:
    """Fuzzer: an invalid value holding line breaks printed its message over several lines."""
    path = tmp_path / "terms.yaml"
    path.write_text(
        "concepts:\n- id: a\n  domain: concept\n  en:\n    terms:\n"
        '    - {text: a, type: full-form, status: "favo\\nurite\\u2028!"}\n',
        encoding="utf-8",
    )
    message = (
        f"{path}:6:42: 'status' contains a tab or line break (U+000A): every glossary text is one line"
        " (write a long one as a folded block, '>-')"
    )
    result = invoke("--no-default", "-g", str(path), "lookup", "x")
    assert (result.exit_code, result.stderr) == (3, f"glossary: {message}\n")
    result = invoke("--no-default", "check", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == message.replace(f"{path}:6:42: ", f"{path}:6:42: E108 ")


def test_annotate_show_prints_a_nested_term_once(invoke) -> None:
    """Found by test_interrupts: a term inside a longer one ("fighters" in "foreign fighters")
    was printed a second time after it ("I foreign fightersfighters dello ...")."""
    text = "I foreign fighters dello Stato islamico.\n"
    result = invoke("annotate", "--show", "-", input=text)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == text.rstrip("\n")


def test_the_json_export_escapes_what_yaml_cannot_read_raw(scratch: Path) -> None:
    """Found by test_the_json_export_reads_back_the_same: a definition holding U+2028 or a
    non-character (valid raw in JSON) made a JSON export the loader refused. (DEL, the C1
    controls, line breaks and U+FFFE/U+FFFF, also found so, are now refused in glossary text
    altogether.) The byte order mark and the other non-characters stay, escaped."""
    odd = "bom\ufeff nonchar\ufdd0 and\U0010ffff end"
    loaded = load_source(
        scratch,
        'concepts:\n- id: odd\n  domain: concept\n  en:\n    terms: []\n    definition: "'
        + odd.encode("unicode_escape").decode("ascii")
        + '"\n',
    )
    assert loaded.concepts[0].en is not None and loaded.concepts[0].en.definition == odd
    exported = export_json(loaded.concepts, {}).data
    assert "\ufeff" not in exported.decode("utf-8")  # escaped
    again = load_source(scratch, exported, "again.json")
    assert again.concepts == loaded.concepts


@budget(60)
@given(drawn=glossaries())
def test_the_index_codec_unpacks_what_it_packed(scratch: Path, drawn) -> None:  # type: ignore[no-untyped-def]
    """What the on-disk index stores of a concept comes back equal: its record, its forms
    (all at once and one by one) and its spellings."""
    from glossary.cache import codec
    from glossary.forms import forms_of

    loaded = load_source(scratch, drawn.source)
    path = str(scratch / "drawn.yaml")
    for concept in loaded.concepts:
        assert codec.unpack_concept(codec.pack_concept(concept), path) == concept
        forms = forms_of(concept)
        packed = codec.pack_forms(forms)
        assert codec.unpack_forms(packed) == forms
        parts = codec.unpack_parts(packed)
        assert [codec.unpack_form(parts, n) for n in range(len(forms))] == forms
        keys, entries = codec.pack_spellings([(concept.id, forms)])
        for lang in {form.lang for form in forms}:
            mine = [form for form in forms if form.lang == lang]
            assert codec.unpack_spelling_keys(keys)[lang].split("\n") == [f.key for f in mine]
            assert codec.unpack_spelling_entries(entries, lang) == (
                tuple(concept.id for _ in mine),
                tuple(f.term for f in mine),
                tuple(0 for _ in mine),
            )


@budget(300)
@given(any_text(), any_text())
def test_a_plain_segment_is_written_as_the_record_encoder_writes_it(source: str, target: str) -> None:
    """translate --json writes plain segments (most of a long text) without the encoder: the
    bytes are the same as the encoder's, whatever the strings hold."""
    from cli.output import _record, _segment, _segment_record
    from glossary.translate import Segment, SegmentKind

    for kind in SegmentKind:
        segment = Segment(3, 3 + len(source), source, target, kind)
        assert _segment(segment) == _record(_segment_record(segment))
        assert json.loads(_segment(segment))["target"] == target
