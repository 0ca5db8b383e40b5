"""Readers of the XML bilingual formats: XLIFF 1.2, XLIFF 2.0 and TMX 1.4, streamed.

Each takes the event stream of ``glossary.exchange.safexml.events`` (which has refused DTDs,
entities and bombs already) after its root's start event, yields a segment as each unit
ends, and frees the unit, so that memory stays bounded whatever the size of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..exchange.safexml import forget, local_name
from ..model import LANGUAGES
from .segments import Segment, inline_text, primary_language

if TYPE_CHECKING:
    from lxml import etree

    Events = Iterator[tuple[str, etree._Element]]

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child)[1] == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    found = _children(element, name)
    return found[0] if found else None


def read_xliff12(events: Events) -> Iterator[Segment]:
    """XLIFF 1.2: a segment a <trans-unit> (its id), or one a <mrk mtype="seg"> of its
    <seg-source> ('unit-id/mid'), as Okapi and Trados segment; languages from <file>.
    A unit marked translate="no" is left out."""
    source_lang = target_lang = None
    for event, element in events:
        name = local_name(element)[1]
        if event == "start":
            if name == "file":
                source_lang, target_lang = element.get("source-language"), element.get("target-language")
            continue
        if name == "trans-unit":
            if element.get("translate") != "no":
                yield from _xliff12_unit(element, source_lang, target_lang)
            forget(element)


def _xliff12_unit(
    unit: etree._Element, source_lang: str | None, target_lang: str | None
) -> Iterator[Segment]:
    unit_id = unit.get("id", "")
    source, target = _child(unit, "source"), _child(unit, "target")
    segmented = _child(unit, "seg-source")
    marks = _seg_marks(segmented) if segmented is not None else {}
    if marks:
        targets = _seg_marks(target) if target is not None else {}
        for mid, mark in marks.items():
            yield _segment(f"{unit_id}/{mid}", mark, targets.get(mid), source_lang, target_lang)
    elif source is not None:
        yield _segment(unit_id, source, target, source_lang, target_lang)


def _seg_marks(element: etree._Element) -> dict[str, etree._Element]:
    """The <mrk mtype="seg"> of a <seg-source> or <target>, by mid, wherever they nest."""
    return {
        mark.get("mid", ""): mark
        for mark in element.iter()
        if local_name(mark)[1] == "mrk" and mark.get("mtype") == "seg"
    }


def _segment(
    segment_id: str,
    source: etree._Element,
    target: etree._Element | None,
    source_lang: str | None,
    target_lang: str | None,
) -> Segment:
    source_text, source_tags = inline_text(source)
    if target is None:
        return Segment(segment_id, source_text, None, source_lang, target_lang, source_tags)
    target_text, target_tags = inline_text(target)
    return Segment(segment_id, source_text, target_text, source_lang, target_lang, source_tags, target_tags)


def read_xliff20(events: Events, languages: tuple[str | None, str | None]) -> Iterator[Segment]:
    """XLIFF 2.0: a segment a <segment> of each <unit> ('unit-id/segment-id' when the segment
    has an id, 'unit-id/N' when a unit has several without); languages from the root's
    srcLang and trgLang (``languages``). <ignorable> parts hold no text to check."""
    source_lang, target_lang = languages
    for event, element in events:
        if event != "end" or local_name(element)[1] != "unit":
            continue
        unit_id = element.get("id", "")
        parts = _children(element, "segment")
        for number, part in enumerate(parts, 1):
            source = _child(part, "source")
            if source is None:
                continue
            own = part.get("id")
            segment_id = f"{unit_id}/{own}" if own else (f"{unit_id}/{number}" if len(parts) > 1 else unit_id)
            yield _segment(segment_id, source, _child(part, "target"), source_lang, target_lang)
        forget(element)


def read_tmx(events: Events, wanted: tuple[str | None, str | None]) -> Iterator[Segment]:
    """TMX: a segment a <tu> (its tuid, else its number from 1). The source is the <tuv> in
    the header's srclang (or ``wanted[0]``, --from, when the header says '*all*'); the target
    is the <tuv> in ``wanted[1]`` (--to), else the first in the other glossary language."""
    header_lang: str | None = None
    number = 0
    for event, element in events:
        name = local_name(element)[1]
        if event == "start":
            if name == "header":
                header_lang = element.get("srclang")
            continue
        if name != "tu":
            continue
        number += 1
        source_lang = header_lang if header_lang and header_lang != "*all*" else wanted[0]
        yield _tmx_unit(element, element.get("tuid") or str(number), source_lang, wanted[1])
        forget(element)


def _tmx_unit(
    unit: etree._Element, unit_id: str, source_lang: str | None, target_lang: str | None
) -> Segment:
    variants: list[tuple[str, etree._Element]] = []
    for tuv in _children(unit, "tuv"):
        seg = _child(tuv, "seg")
        if seg is not None:
            variants.append((tuv.get(XML_LANG) or tuv.get("lang") or "", seg))
    if not variants:
        return Segment(unit_id, "", None)
    source_code = primary_language(source_lang) if source_lang else primary_language(variants[0][0])
    source = next(((lang, seg) for lang, seg in variants if primary_language(lang) == source_code), None)
    if source is None:
        return Segment(unit_id, "", None, source_lang)
    others = [(lang, seg) for lang, seg in variants if primary_language(lang) != source_code]
    if target_lang:
        others = [
            (lang, seg) for lang, seg in others if primary_language(lang) == primary_language(target_lang)
        ]
    target = next(((lang, seg) for lang, seg in others if primary_language(lang) in LANGUAGES), None)
    if target is None:
        return _segment(unit_id, source[1], None, source[0], None)
    return _segment(unit_id, source[1], target[1], source[0], target[0])
