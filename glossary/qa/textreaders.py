"""Readers of the plain-text bilingual inputs: a two-column TSV or CSV, two parallel files
aligned by line, and a one-language text for ``--text``. Streamed line by line, each line
decoded on its own, so that the place of a byte that is not UTF-8 can be named."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..exchange.errors import UnreadableInputError
from ..model import LANGUAGES
from .segments import Segment, looks_like_language, primary_language

#: A line longer than this is refused: no segment is that long, and it would be read whole.
MAX_LINE_CHARS = 1 << 20


def open_binary(path: Path) -> BinaryIO:
    """A file opened for reading; UnreadableInputError naming it if it cannot be."""
    try:
        return open(path, "rb")
    except OSError as exc:
        raise UnreadableInputError(f"{path}: cannot read: {exc.strerror}") from exc


def lines(path: Path, handle: BinaryIO) -> Iterator[str]:
    """The lines of a UTF-8 file without their line ends (a leading byte-order mark dropped);
    UnreadableInputError at the first line that is not UTF-8, or too long to be a segment."""
    number = 0
    while True:
        try:
            raw = handle.readline(MAX_LINE_CHARS + 1)
        except OSError as exc:
            raise UnreadableInputError(f"{path}: cannot read: {exc.strerror}") from exc
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_CHARS:
            raise UnreadableInputError(f"{path}:{number}: a line longer than 1 MiB; not a text of segments")
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableInputError(
                f"{path}:{number}: not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
            ) from exc
        yield line.rstrip("\r\n")


def read_text(path: Path, lang: str | None) -> Iterator[Segment]:
    """A one-language text: a segment a line that holds anything, its line number its id."""
    with open_binary(path) as handle:
        for number, line in enumerate(lines(path, handle), 1):
            if line.strip():
                yield Segment(str(number), line, None, lang)


def read_parallel(source: Path, target: Path) -> Iterator[Segment]:
    """Two files aligned by line: line N of one is the translation of line N of the other.
    InputError, before anything is reported, when they do not have as many lines (the caller
    reads the whole document before it reports). Lines empty on both sides are skipped."""
    with open_binary(source) as left_handle, open_binary(target) as right_handle:
        left, right = lines(source, left_handle), lines(target, right_handle)
        number = 0
        for source_line in left:
            target_line = next(right, None)
            if target_line is None:
                raise InputError(_unaligned(source, number + 1 + sum(1 for _ in left), target, number))
            number += 1
            if source_line.strip() or target_line.strip():
                yield Segment(str(number), source_line, target_line if target_line.strip() else None)
        rest = sum(1 for _ in right)
    if rest:
        raise InputError(_unaligned(source, number, target, number + rest))


def _unaligned(source: Path, source_lines: int, target: Path, target_lines: int) -> str:
    return (
        f"{source} has {source_lines} lines and {target} has {target_lines}:"
        " parallel files are read line by line and must have as many"
    )


def delimiter_of(first_line: str) -> str:
    """Tab when the first line has one, else a semicolon when it has one and no comma, else a
    comma: how spreadsheets and CAT tools write two columns."""
    if "\t" in first_line:
        return "\t"
    if ";" in first_line and "," not in first_line:
        return ";"
    return ","


def read_tabular(path: Path) -> Iterator[Segment]:
    """A two-column TSV or CSV (source, target; further columns, such as a comment, are not
    read): a segment a row, its first line number its id. A first row that names two
    languages ('it<TAB>en', 'en-GB,it-IT') is a header, and gives the segments' languages."""
    with open_binary(path) as handle:
        source = lines(path, handle)
        first = next(source, None)
        if first is None:
            return
        delimiter = delimiter_of(first)
        numbered = _NumberedLines(_chain(first, source))
        rows = csv.reader((line for _, line in numbered), delimiter=delimiter, strict=True)
        header: tuple[str, str] | None = None
        while True:
            start = numbered.next_number
            try:
                row = next(rows, None)
            except csv.Error as exc:
                raise UnreadableInputError(f"{path}:{start}: not a valid CSV row: {exc}") from exc
            if row is None:
                return
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < 2:
                raise InputError(f"{path}:{start}: one column; qa reads two (source, target)")
            if start == 1 and _is_header(row[0], row[1]):
                header = (row[0].strip(), row[1].strip())
                continue
            target = row[1] if row[1].strip() else None
            languages = header or (None, None)
            yield Segment(str(start), row[0], target, languages[0], languages[1])


def _is_header(first: str, second: str) -> bool:
    """Whether a first row names the columns' languages: two tags of the glossary's languages."""
    return all(looks_like_language(cell) and primary_language(cell) in LANGUAGES for cell in (first, second))


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


class _NumberedLines:
    """Lines with their numbers, remembering the number of the next one to be read (where the
    row the csv reader asks for begins)."""

    def __init__(self, source: Iterator[str]) -> None:
        self._source = source
        self.next_number = 1

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return self

    def __next__(self) -> tuple[int, str]:
        line = next(self._source)
        number = self.next_number
        self.next_number += 1
        return number, line + "\n"
