"""The fast ways of reading a glossary give exactly what the full ways give.

The loader reads most files line by line (``yamlread.parse_simple``) and leaves any other to
PyYAML's events (``parse_events``); the tree must be the same either way, lines and columns
included, and every message about broken YAML still comes from PyYAML. The same holds for
the cheap tests in front of ``implicit_kind`` and ``text.fold``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import HAZARDS, block_yaml, examples

from glossary import yamlread
from glossary.errors import LoadError
from glossary.loader import load_file
from glossary.sources import packaged_data_dir
from glossary.text import _APOSTROPHE_MAP, fold
from glossary.yamlread import Map, Scalar, Seq, parse_events, parse_simple

DATA = Path(__file__).parent / "data"
FIXTURES = sorted(DATA.rglob("*.yaml")) + sorted(packaged_data_dir().glob("*.yaml"))


def budget(count: int) -> settings:
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def events(text: str, parser: str) -> object:
    """The tree through PyYAML's events, from the libyaml parser or the pure one."""
    if parser == "libyaml":
        return parse_events(text, "x.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.delattr(yaml, "CSafeLoader", raising=False)
        return parse_events(text, "x.yaml")


def assert_same_or_given_up(text: str) -> None:
    simple = parse_simple(text)
    if simple is not None:
        for parser in ("libyaml", "pure"):
            assert simple == events(text, parser), parser


# -- the line reader ----------------------------------------------------------------------------

# Trailing spaces are written \x20.
TYPICAL = """\
# A comment, then a blank line.

concepts:
- id: c000001-voga
  domain: document
  it:
    terms:
    - text: voga
      type: full-form
      plural: voge
    -   text: 'l''Isis'
        type: "acronym"
    definition: Guramu, pufo [niru] {poni} http://x.org/a#b città 😀 — e  due  spazi\x20\x20
  related: [a-b, c d , città]
  notes:
  - >-
    Folded over
    two lines.
  - |-
    Kept on
    two lines.
  sources:
    - citation: "Quoted over\x20\x20
        two: lines  "
      url: https://example.org/x
    - citation: [a,
        b ,
       c]

  empty: []
articles:
  it-x:
      title: T
      language: it
"""


def test_a_typical_file_is_read_line_by_line_as_pyyaml_reads_it() -> None:
    tree = parse_simple(TYPICAL)
    assert isinstance(tree, Map)
    assert tree == events(TYPICAL, "libyaml") == events(TYPICAL, "pure")
    concept = tree.items["concepts"].items[0]  # type: ignore[union-attr]
    assert isinstance(concept, Map) and (concept.line, concept.column) == (4, 3)
    related = concept.items["related"]
    assert isinstance(related, Seq) and [(s.value, s.column) for s in related.items] == [  # type: ignore[union-attr]
        ("a-b", 13),
        ("c d", 18),
        ("città", 24),
    ]
    assert concept.items["domain"] == Scalar("document", True, 5, 11)
    assert concept.items["notes"] == Seq(
        [Scalar("Folded over two lines.", False, 16, 5), Scalar("Kept on\ntwo lines.", False, 19, 5)], 16, 3
    )
    quoted, listed = concept.items["sources"].items  # type: ignore[union-attr]
    assert quoted.items["citation"] == Scalar("Quoted over two: lines  ", False, 23, 17)  # type: ignore[union-attr]
    assert [(s.value, s.line, s.column) for s in listed.items["citation"].items] == [  # type: ignore[union-attr]
        ("a", 26, 18),
        ("b", 27, 9),
        ("c", 28, 8),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a: b\n  c\n",  # a plain value continued on the next line
        "a: >\n  b\n",  # a block scalar that keeps its final line break
        "a: >-\n  b\n\n  c\n",  # a blank line inside a block scalar
        "a: >-\n  b\n    c\n",  # a more indented line
        "a: |-\n  b \n",  # trailing spaces, which a block scalar keeps
        "a: >-\nb: c\n",  # an empty block scalar
        "a: >- # comment\n  b\n",
        "a: 'b\n  c'\n",  # a single-quoted value over two lines
        'a: "b\n\n  c"\n',  # a blank line inside a quoted value
        'a: "b\n  c" d\n',
        'a: "b\n c\\td"\n',
        'a: "b\\tc"\n',  # an escape
        "a: [b\n  , c]\n",
        "a: [b,\nc]\n",  # a flow list's next line not indented past its key
        "a: b # comment\n",
        "a:\nb: c\n",  # an empty value
        "a:\n-\n",  # an empty entry
        "a: &x b\n",
        "a: *x\n",
        "a: !t b\n",
        "a: {b: c}\n",
        "a: [b, [c]]\n",
        "a: b\na: c\n",  # a duplicate key
        "'a': b\n",  # a quoted key
        "a b: c\n",
        "---\na: b\n",
        "%YAML 1.1\n---\na: b\n",
        "- a\n",  # a list at the root
        "  a: b\n",
        "a: b\r\nc: d\r\n",
        "a:\tb\n",
        "a: b\u2028c\n",
        "a: b\x85c\n",
        "a: b\ufeffc\n",
        "a: b\x01\n",
        "a: b\n- c\n",
        "a:\n  - b\n c: d\n",
        "",
        "# only a comment\n",
    ],
)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert parse_simple(text) is None


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_reads_the_same_both_ways(path: Path) -> None:
    try:
        text = yamlread.decode(path.read_bytes(), str(path))
    except yamlread.YamlProblem:
        return
    assert_same_or_given_up(text)


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.yaml")), ids=lambda p: p.name)
def test_every_broken_fixture_is_refused_the_same_without_the_line_reader(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(LoadError) as fast:
        load_file(path)
    monkeypatch.setattr(yamlread, "parse_simple", lambda text: None)
    with pytest.raises(LoadError) as full:
        load_file(path)
    assert fast.value.problems == full.value.problems


@budget(300)
@given(text=block_yaml())
def test_the_line_reader_gives_pyyamls_tree_or_gives_up(text: str) -> None:
    assert_same_or_given_up(text)


# -- cheap tests in front of the full ones -----------------------------------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$")


def implicit_kind_by_patterns(value: str) -> str:
    """``implicit_kind`` of a plain scalar as the patterns alone decide it."""
    if _NULL.match(value):
        return "null"
    if _BOOL.match(value):
        return "boolean"
    if yamlread._NUMBER.match(value):
        return "number"
    if yamlread._TIMESTAMP.match(value):
        return "date"
    return "text"


@budget(300)
@given(
    value=st.one_of(
        st.sampled_from(HAZARDS),
        st.sampled_from(HAZARDS).map(lambda v: v + "\n"),
        st.text(alphabet="~nulyesofftrueFALSE0123456789+-.:_eEbxX\n ", max_size=8),
        st.text(),
    )
)
def test_implicit_kind_agrees_with_the_patterns(value: str) -> None:
    assert yamlread.implicit_kind(Scalar(value, True, 1, 1)) == implicit_kind_by_patterns(value)


def fold_by_normalising(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHE_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.casefold())


@budget(200)
@given(text=st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
def test_folding_ascii_text_takes_a_short_way_to_the_same_result(text: str) -> None:
    assert fold.__wrapped__(text) == fold_by_normalising(text)  # type: ignore[attr-defined]
