"""Which format a bilingual document is, told by its content, and the languages of its
segments: as the file says them, else as the options say, else detected from the text."""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..errors import InputError
from ..exchange.errors import UnreadableInputError
from ..language import detect
from .segments import Segment, glossary_language
from .textreaders import open_binary, read_parallel, read_tabular, read_text
from .xmlreaders import XLIFF12, XLIFF20, read_tmx, read_xliff12, read_xliff20

if TYPE_CHECKING:
    from lxml import etree

#: Segments read ahead to detect the languages of a file that does not name them.
DETECTION_SEGMENTS = 200
_OTHER = {"it": "en", "en": "it"}
LANGUAGE_NAMES = {"it": "Italian", "en": "English"}


@dataclass(frozen=True, slots=True)
class Document:
    """A bilingual document opened for checking: its format and its segments, each with the
    glossary languages of its source and target ('it', 'en'; target None for --text)."""

    path: str
    format: str
    segments: Iterator[tuple[Segment, str, str | None]]


def open_document(paths: Sequence[Path], *, source: str | None = None, target: str | None = None) -> Document:
    """One XLIFF 1.2, XLIFF 2.0, TMX, TSV or CSV file, or two parallel text files.

    InputError when the options or the files cannot make a pair of glossary languages, or two
    files do not align; UnreadableInputError for a file that cannot be read safely."""
    first = paths[0]
    kind = _sniff(first)
    if len(paths) == 2:
        if kind == "xml" or _sniff(paths[1]) == "xml":
            raise InputError(f"{first} {paths[1]}: two files are read as parallel plain text, not XML")
        return Document(
            str(first), "parallel", _languages(read_parallel(first, paths[1]), str(first), source, target)
        )
    if kind == "text":
        return Document(str(first), "tabular", _languages(read_tabular(first), str(first), source, target))
    fmt, segments = _xml(first, (source, target))
    return Document(str(first), fmt, _languages(segments, str(first), source, target))


def open_text(path: Path, *, lang: str | None = None) -> Document:
    """A one-language text for ``--text``: a segment a line, in ``lang`` or the detected one."""
    if _sniff(path) == "xml":
        raise InputError(f"{path}: --text reads plain text; this is XML")
    segments = read_text(path, None)
    head = list(itertools.islice(segments, DETECTION_SEGMENTS))
    language = lang or detect(" ".join(s.source for s in head))
    if language is None:
        raise InputError(f"{path}: cannot tell the text's language; give --lang it or --lang en")
    rest = itertools.chain(head, segments)
    return Document(str(path), "text", ((segment, language, None) for segment in rest))


def _sniff(path: Path) -> str:
    """'xml' when the file begins (after a byte-order mark and spaces) with '<', else 'text';
    InputError for an empty file."""
    with open_binary(path) as handle:
        try:
            head = handle.read(4096)
        except OSError as exc:
            raise UnreadableInputError(f"{path}: cannot read: {exc.strerror}") from exc
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not start:
        raise InputError(f"{path}: empty file: no segments to check")
    return "xml" if start.startswith(b"<") else "text"


def _xml(path: Path, wanted: tuple[str | None, str | None]) -> tuple[str, Iterator[Segment]]:
    """The format of an XML document by its root, and a reader of its units. The root is read
    from a first stream, closed at once; the reader's own stream yields only the elements it
    reads (the parser still checks and builds the rest), which halves the cost of a large file."""
    from ..exchange.safexml import local_name

    first = _stream(path)
    _, root = next(first)
    namespace, name = local_name(root)
    attributes = {str(key): str(value) for key, value in root.attrib.items()}
    first.close()
    version = attributes.get("version", "")
    if name == "xliff" and (namespace == XLIFF12 or version.startswith("1.")):  # 1.0 and 1.1 alike
        return "xliff-1.2", read_xliff12(_stream(path, ("{*}file", "{*}trans-unit")))
    if name == "xliff" and (namespace == XLIFF20 or version.startswith("2.")):
        languages = attributes.get("srcLang"), attributes.get("trgLang")
        return "xliff-2.0", read_xliff20(_stream(path, ("{*}unit",)), languages)
    if name == "tmx":
        return "tmx", read_tmx(_stream(path, ("{*}header", "{*}tu")), wanted)
    raise UnreadableInputError(
        f"{path}: an XML document with root <{name}>; qa reads XLIFF 1.2, XLIFF 2.0 and TMX"
    )


def _stream(
    path: Path, tags: Sequence[str] | None = None
) -> Generator[tuple[str, etree._Element], None, None]:
    """The safe event stream of an XML file (``safexml.events``). A bare <!DOCTYPE tmx SYSTEM
    "tmx14.dtd"> is how many tools still write TMX (and some XLIFF 1.2): it names a DTD that is
    never read; anything more is refused."""
    from ..exchange.safexml import events

    stream = events(path, tags, doctype_roots=("tmx", "xliff"), why_no_dtd="XLIFF and TMX need none")
    return cast("Generator[tuple[str, etree._Element], None, None]", stream)  # a generator: closable


def _languages(
    segments: Iterator[Segment], where: str, source: str | None, target: str | None
) -> Iterator[tuple[Segment, str, str | None]]:
    """Each segment with its glossary languages: the file's, else the options', else the
    other of the one known, else detected from the first segments' text."""
    detected: tuple[str, str] | None = None
    head = list(itertools.islice(segments, DETECTION_SEGMENTS))
    for segment in itertools.chain(head, segments):
        said_source = _said(segment.source_lang, source, where, "source")
        said_target = _said(segment.target_lang, target, where, "target")
        if said_source is None and said_target is None:
            detected = detected or _detect(head, where)
            said_source, said_target = detected
        pair_source = said_source or _OTHER[said_target or ""]
        pair_target = said_target or _OTHER[pair_source]
        if pair_source == pair_target:
            raise InputError(f"{where}: source and target are both {LANGUAGE_NAMES[pair_source]}")
        yield segment, pair_source, pair_target


def _said(tag: str | None, option: str | None, where: str, side: str) -> str | None:
    """The glossary language of one side: the file's tag, checked against the option."""
    if not tag:
        return option
    language = glossary_language(tag, where, side)
    if option and option != language:
        flag = "--from" if side == "source" else "--to"
        raise InputError(f"{where}: {flag} {option}, but the file says its {side} language is '{tag}'")
    return language


def _detect(head: list[Segment], where: str) -> tuple[str, str]:
    source = detect(" ".join(s.source for s in head))
    if source is None:
        other = detect(" ".join(s.target or "" for s in head))
        source = _OTHER[other] if other else None
    if source is None:
        raise InputError(f"{where}: cannot tell the languages; give --from it or --from en")
    return source, _OTHER[source]
