"""A term base damaged in any way (bytes cut, repeated or replaced, markup dropped in) either
comes in or is refused with UnreadableInputError: never another exception, never a hang. Drawn
from the TBX v2 fixtures of five tools and the v3 fixtures, DOCTYPE and all."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import examples

from glossary.exchange import UnreadableInputError, read_term_base

DATA = Path(__file__).parent / "data" / "exchange"
SOURCES = sorted([*(DATA / "tbx2").glob("*.tbx"), DATA / "dct-basic.tbx", DATA / "core-only.tbx"])
#: Pieces a damaged file may gain: markup of both versions, entities, a DOCTYPE, odd bytes.
PIECES = [
    b"<termEntry>",
    b"</langSet>",
    b"<ntig><termGrp>",
    b"<term>\xc3\xa8</term>",
    b"&amp;",
    b"&secret;",
    b'<!DOCTYPE martif SYSTEM "x.dtd">',
    b"<![CDATA[x]]>",
    b"\x00",
    b"\xff\xfe",
    b'xml:lang="EN-GB"',
    b'<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>',
    b"\xe2\x80\xae",
]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        span = draw(st.integers(0, 200))
        action = draw(st.sampled_from(["cut", "repeat", "insert", "replace"]))
        if action == "cut":
            del data[at : at + span]
        elif action == "repeat":
            data[at:at] = data[at : at + span]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(PIECES))
        else:
            data[at : at + 1] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(damaged())
def test_a_damaged_term_base_comes_in_or_is_refused_in_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "damaged.tbx"
    path.write_bytes(data)
    try:
        imported = read_term_base(path, "tbx")
    except UnreadableInputError as exc:
        message = str(exc)
        assert message.startswith(str(path)) and "\n" not in message, message
        return
    for concept in imported.document["concepts"]:
        assert concept["id"] and concept["domain"]
        assert any(concept.get(lang, {}).get("terms") for lang in ("it", "en"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_every_source_of_the_fuzzing_comes_in_undamaged(source: Path) -> None:
    """The fuzzing starts from files that import: what it finds is the damage's doing."""
    assert read_term_base(source, "tbx").concepts > 0
