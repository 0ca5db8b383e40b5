"""The text of an inline-tagged segment: whatever tags a CAT tool puts between or around the
words, the text checked is the words as written, and every tag is noted where it stood."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from glossary.qa.segments import inline_text

#: (opening, closing) of each kind of inline markup: containers keep their text, code elements
#: hold native code that is never text, markers are empty.
CONTAINERS = [
    ('<g id="1">', "</g>"),
    ('<mrk mtype="term">', "</mrk>"),
    ("<hi>", "</hi>"),
    ('<pc id="2">', "</pc>"),
]
CODES = [
    '<bpt id="1">&lt;b title="Isis"&gt;</bpt>',
    '<ept id="1">&lt;/b&gt;</ept>',
    "<ph>&lt;br/&gt;</ph>",
    "<ut>{\\b}</ut>",
]
MARKERS = [
    '<x id="3"/>',
    '<bx id="4"/>',
    '<ex id="4"/>',
    '<sc id="5"/>',
    '<ec startRef="5"/>',
    '<sm id="m"/>',
]

words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=0, max_size=8)


@st.composite
def tagged(draw: st.DrawFn) -> tuple[str, str]:
    """(the segment as XML, its text): words with tags of every kind among them."""
    xml, text = [], []
    for word in draw(st.lists(words, max_size=12)):
        kind = draw(st.sampled_from(["plain", "container", "code", "marker"]))
        if kind == "container":
            opening, closing = draw(st.sampled_from(CONTAINERS))
            xml.append(f"{opening}{escape(word)}{closing}")
        else:
            if kind != "plain":
                xml.append(draw(st.sampled_from(CODES if kind == "code" else MARKERS)))
            xml.append(escape(word))
        text.append(word)
    return f"<source>{''.join(xml)}</source>", "".join(text)


@given(tagged())
def test_the_text_is_the_words_and_every_tag_has_its_place(case: tuple[str, str]) -> None:
    xml, text = case
    element = etree.fromstring(xml.encode("utf-8"))
    found, tags = inline_text(element)
    assert found == text
    offsets = [tag.offset for tag in tags]
    assert offsets == sorted(offsets)
    assert all(0 <= offset <= len(found) for offset in offsets)


def test_xliff2_code_points_and_nested_containers() -> None:
    element = etree.fromstring(
        '<source xmlns="urn:oasis:names:tc:xliff:document:2.0">Lo <pc id="1">Stato <mrk id="m1">islamico</mrk></pc>'
        '<cp hex="00A0"/>dell<cp hex="2019"/>Iraq<ph id="2"/>.</source>'
    )
    text, tags = inline_text(element)
    assert text == "Lo Stato islamico\u00a0dell\u2019Iraq."
    assert [(t.offset, t.name) for t in tags] == [
        (3, "pc"),
        (9, "mrk"),
        (17, "/mrk"),
        (17, "/pc"),
        (17, "cp"),
        (22, "cp"),
        (27, "ph"),
    ]
