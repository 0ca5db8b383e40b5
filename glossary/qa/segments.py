"""What every reader of a bilingual document hands over: segments, their ids and languages,
and the text of an inline-tagged XML element with its tags set aside.

Offsets that ``glossary qa`` reports count characters of a segment's text with its inline
tags left out; where each tag stood is kept (``Segment.source_tags``), so that a tool can put
a finding back into the tagged text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..errors import InputError
from ..model import LANGUAGES

if TYPE_CHECKING:
    from lxml import etree


class Tag(NamedTuple):
    """An inline tag of a segment: where it stood in the text without tags, and its name."""

    offset: int
    name: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment pair: the id the file gives it, the source and target text (tags left out),
    and the languages the file names for them (as written: 'it-IT'), where it names them."""

    id: str
    source: str
    target: str | None
    source_lang: str | None = None
    target_lang: str | None = None
    source_tags: tuple[Tag, ...] = ()
    target_tags: tuple[Tag, ...] = ()


#: Elements whose content is native code, not text (XLIFF 1.2 and TMX paired and isolated
#: codes, placeholders, unknown tags): left out whole.
CODE_ELEMENTS = frozenset(("bpt", "ept", "ph", "it", "ut", "originalData"))
#: Empty markers (XLIFF 1.2 <x/>, <bx/>, <ex/>; XLIFF 2.0 <ph/>, <sc/>, <ec/>, <sm/>, <em/>).
MARKER_ELEMENTS = frozenset(("x", "bx", "ex", "sc", "ec", "sm", "em"))


def inline_text(element: etree._Element) -> tuple[str, tuple[Tag, ...]]:
    """The text of a source, target or seg element, its inline tags left out and noted.

    Code elements lose their content (it is the document's native markup); containers (<g>,
    <mrk>, <pc>, <hi> and any other) keep theirs; XLIFF 2.0's <cp hex="..."/> is the character
    it stands for.
    """
    parts: list[str] = []
    tags: list[Tag] = []
    _collect(element, parts, tags, [0])
    return "".join(parts), tuple(tags)


def _collect(element: etree._Element, parts: list[str], tags: list[Tag], length: list[int]) -> None:
    """Append an element's own text and its children's, each tag noted at the length so far."""

    def add(text: str | None) -> None:
        if text:
            parts.append(text)
            length[0] += len(text)

    add(element.text)
    for child in element:
        name = _name(child)
        if name is None:  # a comment or processing instruction the parser kept
            add(child.tail)
            continue
        tags.append(Tag(length[0], name))
        if name == "cp":
            add(_code_point(child.get("hex", "")))
        elif name not in CODE_ELEMENTS and name not in MARKER_ELEMENTS:
            _collect(child, parts, tags, length)
            tags.append(Tag(length[0], "/" + name))
        add(child.tail)


def _name(element: etree._Element) -> str | None:
    tag = element.tag
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2]


def _code_point(hex_value: str) -> str:
    """The character of XLIFF 2.0's <cp hex="..."/>; nothing for a value that names none."""
    try:
        return chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        return ""


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


@lru_cache(maxsize=64)
def primary_language(tag: str) -> str:
    """The primary subtag of a language tag, lower case: 'it' for 'it-IT', 'en' for 'EN_us'."""
    return re.split("[-_]", tag.strip(), maxsplit=1)[0].lower()


@lru_cache(maxsize=64)
def glossary_language(tag: str, where: str, side: str) -> str:
    """'it' or 'en' for a language tag a file or an option gives; InputError for another."""
    code = primary_language(tag)
    if code not in LANGUAGES or not _LANGUAGE_TAG.fullmatch(tag.strip()):
        raise InputError(
            f"{where}: the {side} language is '{tag}'; the glossary holds Italian (it) and English (en)"
        )
    return code


def looks_like_language(tag: str) -> bool:
    """Whether a cell could be a language tag ('it', 'en-GB'), as a header row names columns."""
    return bool(_LANGUAGE_TAG.fullmatch(tag.strip()))
