"""Reading untrusted XML safely and in constant memory.

Term bases come from other people's tools, so the parser is set up to do nothing but parse:
no DTD is loaded, no entity is expanded, nothing is fetched from the network or the disk.
More than that, a DOCTYPE is refused before the parser sees a byte of the document (TBX v3
documents have none; a DOCTYPE is how billion-laughs and external-entity attacks start), and
the parser's own view of the document is checked again at its first event. The one exception
is the bare declaration older formats carry by habit (``<!DOCTYPE martif SYSTEM
"TBXcoreStructV02.dtd">``): a root the caller names, an external id, no internal subset. It
declares nothing, and it is blanked out before the parser sees it, so that the DTD it names
is never read or fetched (libxml2 reads an external subset even with DTD loading off).

The bytes must be UTF-8. Events are produced while the file is read in chunks, and the
caller clears what it has used, so a file of any size is read in bounded memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from .common import forbidden_in
from .errors import UnreadableInputError

if TYPE_CHECKING:
    from lxml import etree

CHUNK_BYTES = 1 << 16
#: A prolog (declaration, comments, processing instructions) longer than this is refused.
MAX_PROLOG_BYTES = 1 << 20
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_SPACE = b" \t\r\n"


def local_name(element: etree._Element) -> tuple[str, str]:
    """(namespace, local name) of an element; the namespace is '' when there is none."""
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ("", "")
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return (namespace, name)
    return ("", tag)


class ForbiddenText(ValueError):
    """Text that a glossary may not hold, with the line of the file it stands on."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line


#: A run of XML white space that holds a tab or a line break: how pretty-printing lays text
#: out, read as one space. Spaces alone, and U+2028 and the other Unicode spaces, are text.
_XML_SPACE = re.compile("[ \t\r\n]*[\t\r\n][ \t\r\n]*")


def text_of(element: etree._Element) -> str:
    """The text of an element and its inline children, runs of XML white space with a line
    break or tab in them read as one space, ends trimmed; ForbiddenText (with the element's
    line) if it holds what a glossary may not."""
    text = _XML_SPACE.sub(" ", "".join(str(part) for part in element.itertext())).strip(" ")
    problem = forbidden_in(text)
    if problem:
        line = element.sourceline
        raise ForbiddenText(line if isinstance(line, int) else None, problem)
    return text


def events(
    path: Path,
    tags: Sequence[str] | None = None,
    *,
    doctype_roots: Sequence[str] = (),
    why_no_dtd: str = "TBX v3 has none",
) -> Iterator[tuple[str, etree._Element]]:
    """('start' | 'end', element) events of a UTF-8 XML file that declares no DOCTYPE, or only
    a bare one (external id, no internal subset) for a root named in ``doctype_roots``.

    ``tags`` (lxml's ``{*}name`` wildcards allowed) limits the events to those elements; the
    others are still parsed and kept in the tree until the caller frees them. Raises
    UnreadableInputError, with the place where it can, for anything else: an I/O error,
    bytes that are not UTF-8, another declared encoding, a DOCTYPE, or malformed XML.
    ``why_no_dtd`` ends the message that refuses a DOCTYPE (the format the caller reads).
    """
    from lxml import etree

    parser = _pull_parser(tags)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    lines = 1
    checked = False
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the with-block below closes it
    except OSError as exc:
        raise UnreadableInputError(f"{path}: cannot read: {exc.strerror}") from exc
    with handle:
        pending: bytes | None = _prolog(handle, path, doctype_roots, why_no_dtd)
        while True:
            if pending is not None:
                chunk, pending = pending, None
            else:
                try:
                    chunk = handle.read(CHUNK_BYTES)
                except OSError as exc:
                    raise UnreadableInputError(f"{path}: cannot read: {exc.strerror}") from exc
            _check_utf8(decoder, chunk, path, lines, offset)
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except etree.XMLSyntaxError as exc:
                raise UnreadableInputError(_syntax_message(path, exc)) from exc
            for event, item in parser.read_events():
                element = cast("etree._Element", item)  # start and end events carry elements
                if not checked:
                    _check_tree(element, path, why_no_dtd)
                    checked = True
                yield event, element
            if not chunk:
                return
            offset += len(chunk)
            lines += chunk.count(b"\n")


def _pull_parser(tags: Sequence[str] | None) -> etree.XMLPullParser:
    """lxml's pull parser with everything unsafe off: no entities, DTDs or network."""
    from lxml import etree

    return etree.XMLPullParser(
        events=("start", "end"),
        tag=list(tags) if tags else None,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def _check_utf8(
    decoder: codecs.IncrementalDecoder, chunk: bytes, path: Path, lines: int, offset: int
) -> None:
    """Feed a chunk to the UTF-8 decoder (an empty one ends the file); UnreadableInputError,
    with the line and offset, at the first byte that is not UTF-8."""
    try:
        decoder.decode(chunk, final=not chunk)
    except UnicodeDecodeError as exc:
        at = max(exc.start, 0)
        bad = chunk[at] if at < len(chunk) else None
        what = f"byte 0x{bad:02x}" if bad is not None else "a truncated character"
        line = lines + chunk[:at].count(b"\n")
        raise UnreadableInputError(f"{path}:{line}: not UTF-8 ({what} at offset {offset + at})") from exc


def _prolog(handle: BinaryIO, path: Path, doctype_roots: Sequence[str], why_no_dtd: str) -> bytes:
    """The bytes before the root element, read and checked: declaration, encoding, and no
    DOCTYPE but a bare one for a root in ``doctype_roots``.

    Returns everything read so far (the prolog and the start of the root element), which the
    caller feeds to the parser first.
    """
    data = handle.read(CHUNK_BYTES)
    if not data.removeprefix(codecs.BOM_UTF8).strip():  # editors may save an empty file with a BOM
        raise UnreadableInputError(f"{path}: empty file: no XML element in it")
    position = 3 if data.startswith(codecs.BOM_UTF8) else 0
    match = _DECLARED_ENCODING.match(data[position:])
    if match and match.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UnreadableInputError(
            f"{path}:1: declares encoding {match.group(1).decode('ascii')}; only UTF-8 is read"
        )
    while True:
        rest = data[position:]
        end = {b"<?": b"?>", b"<!--": b"-->"}.get(rest[:4] if rest.startswith(b"<!--") else rest[:2])
        if len(rest) < 16 or (end is not None and end not in rest):
            more = handle.read(CHUNK_BYTES)
            if not more:
                return data  # what is left is for the parser to judge
            data += more
            if len(data) > MAX_PROLOG_BYTES:
                raise UnreadableInputError(f"{path}: refused: more than 1 MiB before the root element")
            continue
        if rest[:1] in (b" ", b"\t", b"\r", b"\n"):
            position += len(rest) - len(rest.lstrip(_SPACE))
        elif end is not None:
            position += rest.index(end) + len(end)
        elif rest[:9].upper() == b"<!DOCTYPE":
            bare = _BARE_DOCTYPE.match(rest)
            if bare is None or bare.group(1).decode("ascii") not in doctype_roots:
                raise UnreadableInputError(_DOCTYPE.format(path=path, why=why_no_dtd))
            # Blanked before the parser sees it (line breaks kept, so that places in the
            # file stay true): libxml2 would read the DTD it names even with loading off.
            blank = bytes(byte if byte in b"\r\n" else 0x20 for byte in bare.group(0))
            data = data[:position] + blank + data[position + bare.end() :]
            position += bare.end()
        else:  # the root element, or something the parser will call malformed
            return data


_DOCTYPE = "{path}: refused: the file declares a DOCTYPE; DTDs and entities are not read ({why})"
_QUOTED = rb"(?:\"[^\"<>\[\]]*\"|'[^'<>\[\]]*')"
#: A DOCTYPE that only names its DTD: ``<!DOCTYPE root SYSTEM "uri">`` or ``PUBLIC "id" "uri"``.
_BARE_DOCTYPE = re.compile(
    rb"<!DOCTYPE[ \t\r\n]+([A-Za-z_][A-Za-z0-9_.-]*)[ \t\r\n]+(?:SYSTEM[ \t\r\n]+"
    + _QUOTED
    + rb"|PUBLIC[ \t\r\n]+"
    + _QUOTED
    + rb"[ \t\r\n]+"
    + _QUOTED
    + rb")[ \t\r\n]*>"
)


def _check_tree(element: etree._Element, path: Path, why_no_dtd: str) -> None:
    """The parser's view at the first event: no DOCTYPE (a bare one was blanked out before)."""
    info = element.getroottree().docinfo
    if getattr(info, "doctype", "") or info.internalDTD is not None or info.externalDTD is not None:
        raise UnreadableInputError(_DOCTYPE.format(path=path, why=why_no_dtd))


def _syntax_message(path: Path, exc: Exception) -> str:
    position = getattr(exc, "position", None)
    message = getattr(exc, "msg", None) or str(exc)
    log = getattr(exc, "error_log", None)
    if log and (not position or not position[0]):
        # The pull parser reports some errors only in its log, with a generic message.
        last = log[-1]
        position, message = (last.line, last.column), last.message
    first = re.sub(r",? line \d+, column \d+$", "", " ".join(str(message).split()))
    where = f"{path}:{position[0]}:{position[1]}" if position and position[0] else str(path)
    return f"{where}: not well-formed XML: {first}"


def forget(element: etree._Element) -> None:
    """Free what a stream has read: the element's content and the siblings before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
