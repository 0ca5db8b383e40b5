"""Strict YAML reading: a tree of raw nodes that remember where they stand.

PyYAML's parser (the libyaml one when present) yields events; this module builds the tree
itself instead of using a constructor, which lets it refuse what a glossary has no use for
(anchors, aliases, tags, several documents, duplicate keys) at the place it occurs, and skip
PyYAML's implicit type resolution, which is where most of its loading time goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import Code, Location, Problem

#: Nesting deeper than this is no glossary and would only feed a stack-exhaustion attack.
MAX_DEPTH = 24


@dataclass(slots=True)
class Scalar:
    value: str
    plain: bool
    line: int
    column: int


@dataclass(slots=True)
class Seq:
    items: list[Node]
    line: int
    column: int


@dataclass(slots=True)
class Map:
    items: dict[str, Node]
    line: int
    column: int
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)


Node = Scalar | Seq | Map


class YamlProblem(Exception):
    """A problem that makes a file unreadable; carries a located Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _fail(code: Code, message: str, path: str, line: int | None, column: int | None) -> YamlProblem:
    return YamlProblem(Problem(code, message, Location(path, line, column)))


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a file (a leading BOM is dropped), or a located encoding problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as the YAML parser's do; a leading BOM is not one.
        start = before[before.rfind(b"\n") + 1 :].decode("utf-8")
        column = len(start.removeprefix("\ufeff") if line == 1 else start) + 1
        raise _fail(
            Code.ENCODING,
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
            path,
            line,
            column,
        ) from exc
    return text.removeprefix("\ufeff")


def parse(text: str, path: str) -> Node | None:
    """Parse one YAML document into raw nodes; None for a file with no content."""
    # Imported here: commands answered from the index cache never parse YAML, and importing
    # PyYAML costs ~12 ms at every start. The libyaml parser is several times faster; the
    # pure one reads the same YAML.
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    except yaml.reader.ReaderError as exc:  # the pure parser checks every character up front
        raise _unreadable(text, path, exc) from exc
    try:
        return _tree(loader.get_event, yaml, path)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = where.line + 1 if where else None
        column = where.column + 1 if where else None
        if line is not None and column is not None and loader.__class__ is not yaml.SafeLoader:
            _refuse_as_the_pure_parser_would(text, path, line, column, yaml)
        raise _fail(Code.SYNTAX, f"YAML syntax error: {problem}", path, line, column) from exc
    except yaml.reader.ReaderError as exc:
        raise _unreadable(text, path, exc) from exc
    except yaml.YAMLError as exc:
        raise _fail(Code.SYNTAX, f"YAML error: {_one_line(str(exc))}", path, None, None) from exc
    finally:
        loader.dispose()


#: How much text before a parser error is read again with the pure parser (about a second).
RETRY_BYTES = 1 << 20


def _refuse_as_the_pure_parser_would(text: str, path: str, line: int, column: int, yaml: Any) -> None:
    """Raise the tool's own problem if the text before an error of the libyaml parser holds one.

    libyaml scans ahead through flow collections before it yields their first event, and
    since 0.2.6 refuses deep nesting with a limit and a message of its own, far past the
    place where the tool's nesting limit is crossed. The pure parser yields events as it
    goes, so reading the same text up to the error with it finds the tool's problem, at the
    tool's place, whatever the libyaml version. Anything else stays the parser's error.
    """
    offset = _offset(text, line, column)
    if offset > RETRY_BYTES:
        return
    loader = yaml.SafeLoader(text[:offset])
    try:
        _tree(loader.get_event, yaml, path)
    except YamlProblem:
        raise
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _offset(text: str, line: int, column: int) -> int:
    """The character offset of a line and column (from 1)."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return min(start + column - 1, len(text))


def _tree(get_event: Callable[[], Any], yaml: Any, path: str) -> Node | None:
    """The tree of the events ``get_event`` yields, up to the end of the stream.

    Every event passes through here (tens of thousands for a thousand concepts), so the
    open container, whether it is a mapping and its pending key live in local variables,
    saved on a stack only while a nested container is open; scalars, by far the most
    frequent events, are dealt with first.
    """
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    saved: list[tuple[Map | Seq | None, bool, str | None]] = []
    container: Map | Seq | None = None
    in_map = False  # whether ``container`` is a mapping
    key: str | None = None  # a mapping's key waiting for its value
    root: Node | None = None
    documents = 0
    while True:
        event = get_event()
        kind = event.__class__
        node: Node
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise _refused(event, path)
            mark = event.start_mark
            if in_map and key is None:
                value = event.value
                positions = container.key_positions  # type: ignore[union-attr]
                if value in positions:
                    raise _fail(
                        Code.DUPLICATE_KEY,
                        f"duplicate key '{value}' (first at line {positions[value][0]})",
                        path,
                        mark.line + 1,
                        mark.column + 1,
                    )
                positions[value] = (mark.line + 1, mark.column + 1)
                key = value
                continue
            node = Scalar(event.value, bool(event.implicit[0]), mark.line + 1, mark.column + 1)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None:
                raise _refused(event, path)
            mark = event.start_mark
            if len(saved) >= MAX_DEPTH:
                raise _fail(
                    Code.WRONG_TYPE,
                    f"nesting deeper than {MAX_DEPTH} levels",
                    path,
                    mark.line + 1,
                    mark.column + 1,
                )
            saved.append((container, in_map, key))
            in_map = kind is mapping_start
            container = (
                Map({}, mark.line + 1, mark.column + 1) if in_map else Seq([], mark.line + 1, mark.column + 1)
            )
            key = None
            continue
        elif kind is mapping_end or kind is sequence_end:
            node = container  # type: ignore[assignment]
            container, in_map, key = saved.pop()
            if in_map and key is None:
                raise _fail(Code.WRONG_TYPE, "a key must be plain text", path, node.line, node.column)
        elif kind is yaml.AliasEvent:
            mark = event.start_mark
            raise _fail(
                Code.ALIAS, "aliases are not allowed in a glossary", path, mark.line + 1, mark.column + 1
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise _fail(
                    Code.SYNTAX,
                    "more than one YAML document in one file",
                    path,
                    mark.line + 1,
                    mark.column + 1,
                )
            continue
        elif kind is yaml.StreamEndEvent:
            return root
        else:
            continue
        if container is None:
            root = node
        elif in_map:
            container.items[key] = node  # type: ignore[index, call-overload]
            key = None
        else:
            container.items.append(node)  # type: ignore[union-attr]


def _refused(event: Any, path: str) -> YamlProblem:
    """The problem with a node that carries an anchor or a tag."""
    mark = event.start_mark
    line, column = mark.line + 1, mark.column + 1
    if event.anchor is not None:
        return _fail(
            Code.ALIAS, f"anchors are not allowed in a glossary (&{event.anchor})", path, line, column
        )
    return _fail(Code.WRONG_TYPE, f"tags are not allowed ({event.tag})", path, line, column)


def _unreadable(text: str, path: str, exc: Exception) -> YamlProblem:
    """A character YAML does not allow in a stream, located. The two parsers count its offset
    in different units (bytes or characters), so it is found again here."""
    found = _NOT_IN_YAML.search(text)
    if found is None:
        return _fail(Code.SYNTAX, f"YAML error: {_one_line(str(exc))}", path, None, None)
    line, column = _line_column(text, found.start())
    message = f"YAML syntax error: character U+{ord(found.group()):04X} is not allowed in a YAML file"
    return _fail(Code.SYNTAX, message, path, line, column)


#: What YAML 1.1 does not allow in a stream (PyYAML's reader refuses it).
_NOT_IN_YAML = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Plain scalars that YAML 1.1 (PyYAML's dialect) reads as something other than text.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$"
)
_NUMBER = re.compile(
    r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0[0-7_]+"
    r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"
)
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


# What the patterns above can match, for cheap tests first: the null and boolean words, and
# the characters a number or a date starts with.
_NULL_WORDS = frozenset(("~", "null", "Null", "NULL", ""))
_BOOL_WORDS = frozenset(_BOOL.pattern.removeprefix("^(?:").removesuffix(")$").split("|"))
_NUMBER_START = frozenset("+-.0123456789")


def implicit_kind(scalar: Scalar) -> str:
    """What PyYAML would make of a scalar: 'null', 'boolean', 'number', 'date' or 'text'."""
    if not scalar.plain:
        return "text"
    value = scalar.value
    # As the patterns' "$" does, a word may be followed by one final line break.
    word = value[:-1] if value[-1:] == "\n" else value
    if word in _NULL_WORDS:
        return "null"
    if word in _BOOL_WORDS:
        return "boolean"
    if value[:1] in _NUMBER_START:
        if _NUMBER.match(value):
            return "number"
        if _TIMESTAMP.match(value):
            return "date"
    return "text"


def to_plain(node: Node) -> object:
    """Plain Python values of a raw tree (texts stay texts), for tests and tools."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [to_plain(item) for item in node.items]
    return {key: to_plain(value) for key, value in node.items.items()}
