"""What every export returns, and the text clean-up the formats share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Characters XML 1.0 forbids even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Export:
    """The bytes of one export, how many records they hold, and what was left out and why."""

    data: bytes
    count: int
    dropped: tuple[str, ...] = ()


@dataclass(slots=True)
class Tally:
    """How many records a streamed export wrote and what it left out: complete once its
    chunks have all been read."""

    count: int = 0
    dropped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Streamed:
    """An export written a chunk at a time, in bounded memory, and its tally."""

    chunks: Iterator[bytes]
    tally: Tally

    @classmethod
    def of(cls, export: Export) -> Streamed:
        return cls(iter((export.data,)), Tally(export.count, list(export.dropped)))


def one_line(text: str) -> str:
    """Whitespace runs (tabs, newlines, Unicode line breaks) collapsed to one space, ends trimmed."""
    return " ".join(text.split())


def without_controls(text: str) -> str:
    """The text without C0/C1 control characters (format characters such as ZWJ stay)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cc")


def xml_text(text: str) -> str:
    """Text fit for an XML 1.0 document: without the characters XML cannot carry (glossary text
    holds none of them, nor line breaks; text the writer makes up may)."""
    return _NOT_XML.sub("", text)


def forbidden_in(text: str) -> str | None:
    """Why imported text cannot go into a glossary (see ``loader.FORBIDDEN_CHARACTERS``), said
    as the loader says it, or None."""
    from ..loader import FORBIDDEN_CHARACTERS, forbidden

    found = FORBIDDEN_CHARACTERS.search(text)
    return forbidden(found.group()) if found else None


#: What a spreadsheet takes for the start of a formula in a cell (OWASP, "CSV Injection").
FORMULA_STARTS = frozenset("=+-@\t\r")


def guard_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs: one that would start a formula gets
    a leading apostrophe, as OWASP recommends; so does one that already begins with
    apostrophes before such a character, so that ``unguard_cell`` gives back every cell."""
    first = text[:1]
    if first in FORMULA_STARTS or (first == "'" and text.lstrip("'")[:1] in FORMULA_STARTS):
        return "'" + text
    return text


def unguard_cell(text: str) -> str:
    """The cell ``guard_cell`` guarded, as it was."""
    if text[:1] == "'" and text[1:].lstrip("'")[:1] in FORMULA_STARTS:
        return text[1:]
    return text


def as_is(text: str) -> str:
    """A cell written as it is (``--raw``)."""
    return text


def read_text_file(path: Path) -> str:
    """A text file an import reads: UTF-8 (a byte-order mark allowed), or one located error."""
    from .errors import UnreadableInputError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableInputError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
