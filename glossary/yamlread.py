"""Strict YAML reading: a tree of raw nodes that remember where they stand.

PyYAML's parser (the libyaml one when present) yields events; this module builds the tree
itself instead of using a constructor, which lets it refuse what a glossary has no use for
(anchors, aliases, tags, several documents, duplicate keys) at the place it occurs, and skip
PyYAML's implicit type resolution, which is where most of its loading time goes.

Most glossary files use a small part of YAML: block mappings and lists, one-line scalars,
one-line flow lists. ``parse`` first reads a file line by line as that subset, which takes
half the time of PyYAML's events, and builds the very tree PyYAML's events would give. At the
first line outside the subset (or anything to report) it gives up and PyYAML reads the whole
file, so every message about broken YAML still comes from PyYAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse(text: str, path: str) -> Node | None:
    """Parse one YAML document into raw nodes; None for a file with no content."""
    simple = parse_simple(text)
    if simple is not None:
        return simple
    return parse_events(text, path)


def parse_events(text: str, path: str) -> Node | None:
    """``parse`` through PyYAML's events: any YAML, and every error located."""
    # Imported here: commands answered from the index cache never parse YAML, and importing
    # PyYAML costs ~12 ms at every start. The libyaml parser is several times faster; the
    # pure one reads the same YAML.
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    except yaml.reader.ReaderError as exc:  # the pure parser checks every character up front
        raise _unreadable(text, path, exc) from exc
    stack: list[Map | Seq] = []
    pending_keys: list[str | None] = []
    root: Node | None = None
    documents = 0
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if kind is yaml.AliasEvent:
                raise _fail(Code.ALIAS, "aliases are not allowed in a glossary", path, line, column)
            if kind in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if event.anchor is not None:
                    raise _fail(
                        Code.ALIAS,
                        f"anchors are not allowed in a glossary (&{event.anchor})",
                        path,
                        line,
                        column,
                    )
                if event.tag is not None:
                    raise _fail(
                        Code.WRONG_TYPE, f"tags are not allowed ({event.tag})", path, line, column
                    )
            node: Node
            if kind is yaml.ScalarEvent:
                node = Scalar(event.value, bool(event.implicit[0]), line, column)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _fail(
                        Code.WRONG_TYPE,
                        f"nesting deeper than {MAX_DEPTH} levels",
                        path,
                        line,
                        column,
                    )
                container: Map | Seq = (
                    Map({}, line, column) if kind is yaml.MappingStartEvent else Seq([], line, column)
                )
                stack.append(container)
                pending_keys.append(None)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = stack.pop()
                pending_keys.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _fail(
                        Code.SYNTAX, "more than one YAML document in one file", path, line, column
                    )
                continue
            elif kind is yaml.StreamEndEvent:
                return root
            else:
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if isinstance(parent, Seq):
                parent.items.append(node)
                continue
            key = pending_keys[-1]
            if key is None:
                if not isinstance(node, Scalar):
                    raise _fail(
                        Code.WRONG_TYPE, "a key must be plain text", path, node.line, node.column
                    )
                if node.value in parent.key_positions:
                    first = parent.key_positions[node.value][0]
                    raise _fail(
                        Code.DUPLICATE_KEY,
                        f"duplicate key '{node.value}' (first at line {first})",
                        path,
                        node.line,
                        node.column,
                    )
                parent.key_positions[node.value] = (node.line, node.column)
                pending_keys[-1] = node.value
            else:
                parent.items[key] = node
                pending_keys[-1] = None
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = where.line + 1 if where else None
        column = where.column + 1 if where else None
        raise _fail(Code.SYNTAX, f"YAML syntax error: {problem}", path, line, column) from exc
    except yaml.reader.ReaderError as exc:
        raise _unreadable(text, path, exc) from exc
    except yaml.YAMLError as exc:
        raise _fail(Code.SYNTAX, f"YAML error: {_one_line(str(exc))}", path, None, None) from exc
    finally:
        loader.dispose()


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


# ---------------------------------------------------------------------------------------
# The common subset, read line by line
#
# Block mappings and lists, scalars on one line (plain, or quoted without escapes) and flow
# lists of plain items; and as values of a mapping key, a flow list or a double-quoted
# scalar over several lines and a block scalar stripped of its final line break (>- or |-).

# One line: indentation, a list entry's dash, a mapping key and the spaces after its colon,
# and the rest (a value, or nothing when a nested block follows). A key is a plain word: no
# spaces, quotes or indicators, and short (YAML caps a simple key at 1024 characters).
_LINE = re.compile(r"^( *)(- +)?(?:([A-Za-z0-9_][A-Za-z0-9_-]{0,200}):( +|$))?(.*)$", re.MULTILINE)
# Characters after which the subset reader gives up on the whole file: tabs (indentation
# rules), line breaks other than LF (YAML also breaks lines at CR, NEL, LS and PS), a BOM
# inside the text, and what YAML refuses in a stream (PyYAML locates it).
_NOT_SIMPLE = ("\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff")
# First characters of a value that are YAML indicators (or could be: '-', '?', ':').
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# First characters of a value that may go on over the next lines.
_OPENERS = frozenset('>|"[')
# Blocks nest at most this deep in the subset, leaving room for a flow list inside.
_SIMPLE_DEPTH = MAX_DEPTH - 1
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
# An item of a one-line flow list: plain, with nothing a flow context would read otherwise
# (PyYAML's pure parser also ends a plain scalar at "?" there).
_FLOW_ITEM = re.compile(r"[^ ,\[\]{}#&*!|>'\"%@`?:-][^,\[\]{}#:?\"]*")


class _NotSimple(Exception):
    """The text leaves the subset: PyYAML reads it instead."""


def parse_simple(text: str) -> Node | None:
    """The tree of a document written in the common subset, exactly as PyYAML's events give
    it (values, styles, lines and columns); None when the text is anything else."""
    # Every character _NOT_SIMPLE or _NOT_IN_YAML names is unprintable: when all the lines
    # are printable (a quick test), the slower searches are not needed.
    if not text.replace("\n", "").isprintable() and (
        any(character in text for character in _NOT_SIMPLE) or _NOT_IN_YAML.search(text)
    ):
        return None
    try:
        return _read_simple(text)
    except _NotSimple:
        return None


def _read_simple(text: str) -> Node | None:
    root: Map | None = None
    # Open blocks, innermost last, and the column their keys or dashes stand in.
    blocks: list[Map | Seq] = []
    columns: list[int] = []
    top: Map | Seq | None = None
    top_column = -1
    # A key of ``top`` with nothing after its colon: the next line opens its nested block.
    waiting: str | None = None
    # A mapping key's value that goes on over the next lines.
    continued: _Continued | None = None
    number = 0
    for line in _LINE.finditer(text):  # lazily: a file that leaves the subset early costs little
        indent, dash, key, gap, rest = line.groups()
        number += 1
        if continued is not None:
            if continued.take(line.group(), len(indent), number):
                if continued.node is not None:
                    continued = None
                continue
            continued = None  # a block scalar ended before this line
        if not dash and not key:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment
            raise _NotSimple  # a bare scalar or something else YAML may make sense of
        column = len(indent)
        if waiting is not None:
            # A list may stand at its key's own column; a mapping must be indented further.
            # Anything else leaves the key empty (null), positioned where PyYAML decides.
            if column < top_column or (column == top_column and not dash) or len(blocks) >= _SIMPLE_DEPTH:
                raise _NotSimple
            assert isinstance(top, Map)
            block: Map | Seq = Seq([], number, column + 1) if dash else Map({}, number, column + 1)
            top.items[waiting] = block
            waiting = None
            blocks.append(block)
            columns.append(column)
            top, top_column = block, column
        elif column != top_column or isinstance(top, Seq) is not bool(dash):
            # A line less indented closes the blocks it is left of; it must then continue
            # one that is open at its very column. A deeper one (the continuation of a
            # multi-line plain value) or one in between is for PyYAML to read or refuse.
            while columns and columns[-1] > column:
                blocks.pop()
                columns.pop()
            if not columns:
                if root is not None or column or dash:
                    raise _NotSimple  # a second document, an indented or non-mapping root
                root = Map({}, number, 1)
                blocks.append(root)
                columns.append(0)
            elif columns[-1] != column:
                raise _NotSimple
            elif not dash and isinstance(blocks[-1], Seq):
                blocks.pop()  # a key after a list at its key's own column ends the list
                columns.pop()
                if not columns or columns[-1] != column:
                    raise _NotSimple
            top, top_column = blocks[-1], column
        if dash:
            if not isinstance(top, Seq):
                raise _NotSimple
            if not key:
                if not rest:
                    raise _NotSimple  # an empty entry, or one whose block follows
                value_column = column + len(dash) + 1
                if rest[0] in _OPENERS:
                    continued = _Continued.start(rest.rstrip(" "), top, None, number, value_column, column)
                    if continued is not None:
                        continue
                top.items.append(_simple_value(rest, number, value_column))
                continue
            column += len(dash)
            if len(blocks) >= _SIMPLE_DEPTH:
                raise _NotSimple
            entry = Map({}, number, column + 1)
            top.items.append(entry)
            blocks.append(entry)
            columns.append(column)
            top, top_column = entry, column
        elif not isinstance(top, Map):
            raise _NotSimple
        positions = top.key_positions
        if key in positions:
            raise _NotSimple  # a duplicate key: PyYAML's events locate it
        positions[key] = (number, column + 1)
        if not rest:
            waiting = key
            continue
        value_column = column + len(key) + len(gap) + 2
        if rest[0] in _OPENERS:
            continued = _Continued.start(rest.rstrip(" "), top, key, number, value_column, column)
            if continued is not None:
                continue
        top.items[key] = _simple_value(rest, number, value_column)
    if waiting is not None or (continued is not None and not continued.end()):
        raise _NotSimple
    return root


class _Continued:
    """A value that goes on over the next lines: a block scalar (``>-`` folds its lines with
    spaces, ``|-`` keeps their breaks), a double-quoted scalar (its lines are folded with
    spaces) or a flow list. Each line must be indented further than the value's key or list
    dash, and be neither blank nor, in a block scalar, indented further than the first."""

    def __init__(
        self, kind: str, parent: Map | Seq, key: str | None, line: int, column: int, key_column: int
    ) -> None:
        self.kind = kind
        #: Where the value goes: under ``key`` of a mapping, or at the end of a list.
        self.parent = parent
        self.key = key
        self.line = line
        self.column = column
        #: The column (from 0) of the key or dash: every line of the value is indented further.
        self.key_column = key_column
        self.parts: list[str] = []
        self.items: list[Node] = []
        self.indent = -1
        self.trailing = False
        #: The value, once its last line is read.
        self.node: Node | None = None

    @classmethod
    def start(
        cls, value: str, parent: Map | Seq, key: str | None, line: int, column: int, key_column: int
    ) -> _Continued | None:
        """The value that ``value`` (a line's end) opens; None when it ends on this line."""
        kind = value[0]
        if kind in ">|":
            if value[1:] != "-":
                raise _NotSimple  # keep or clip the final break, an indentation digit, a comment
            return cls(kind, parent, key, line, column, key_column)
        if kind == '"':
            if value.count('"') > 1:
                return None
            if "\\" in value or len(value) == 1:
                raise _NotSimple  # an escape, or nothing on the first line
            opened = cls(kind, parent, key, line, column, key_column)
            opened.parts.append(value[1:])
            return opened
        if value[-1] == "]":
            return None
        if value[-1] != ",":
            raise _NotSimple  # an item going on over the next line
        opened = cls(kind, parent, key, line, column, key_column)
        _flow_items(value[1:-1], line, column + 1, opened.items)
        return opened

    def take(self, raw: str, indent: int, line: int) -> bool:
        """Read the next line: whether it belongs to the value. The last line of a quoted
        scalar or a flow list completes the value; a line less indented ends a block scalar."""
        blank = not raw.strip(" ")
        if self.kind in ">|":
            if blank:
                # Blank lines at the end of a block scalar go with its final break; any
                # before more of its lines, or with spaces past its indentation, are kept.
                if self.indent < 0 or len(raw) > self.indent:
                    raise _NotSimple
                self.trailing = True
                return True
            if self.indent < 0:
                if indent <= self.key_column:
                    raise _NotSimple  # an empty block scalar
                self.indent = indent
            elif indent < self.indent:
                self.end()
                return False
            if indent > self.indent or raw[-1] == " " or self.trailing:
                raise _NotSimple  # a more indented line, trailing spaces (kept in the value)
            self.parts.append(raw[indent:])
            return True
        if blank:
            raise _NotSimple  # a line break of its own in the value
        if indent <= self.key_column:
            raise _NotSimple
        content = raw[indent:].rstrip(" ")
        if self.kind == '"':
            if "\\" in content:
                raise _NotSimple
            quote = content.find('"')
            if quote < 0:
                self.parts.append(content)  # spaces before a line break are dropped
                return True
            if quote != len(content) - 1:
                raise _NotSimple  # text after the closing quote
            self.parts.append(content[:quote])  # spaces before the closing quote are kept
            self._complete(Scalar(" ".join(self.parts), False, self.line, self.column))
            return True
        last = content[-1]
        if last not in ",]":
            raise _NotSimple  # an item going on over the next line
        _flow_items(content[:-1], line, indent + 1, self.items)
        if last == "]":
            self._complete(Seq(self.items, self.line, self.column))
        return True

    def end(self) -> bool:
        """End a block scalar at a line less indented, or at the end of the text: whether
        the value is complete."""
        if self.kind not in ">|" or not self.parts:
            return self.node is not None
        self._complete(Scalar((" " if self.kind == ">" else "\n").join(self.parts), False, self.line, self.column))
        return True

    def _complete(self, node: Node) -> None:
        self.node = node
        if isinstance(self.parent, Seq):
            self.parent.items.append(node)
        else:
            assert self.key is not None
            self.parent.items[self.key] = node


def _simple_value(rest: str, line: int, column: int) -> Node:
    """The scalar or one-line flow list that ``rest`` (a line's end) holds."""
    value = rest.rstrip(" ")
    first = value[0]
    if first not in _INDICATORS:
        # A plain scalar ends at ": " or " #", and ":" at the line's end would be a key; a
        # deeper next line would continue it (the caller gives up on that line).
        if ": " in value or " #" in value or value[-1] == ":":
            raise _NotSimple
        return Scalar(value, True, line, column)
    if first == "'":
        quoted = _SINGLE_QUOTED.fullmatch(value)
        if quoted is None:
            raise _NotSimple  # text after the closing quote, or a multi-line scalar
        return Scalar(quoted.group(1).replace("''", "'"), False, line, column)
    if first == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(value)
        if quoted is None:
            raise _NotSimple  # escapes, text after the closing quote, or several lines
        return Scalar(quoted.group(1), False, line, column)
    if first == "[" and value[-1] == "]":
        return _simple_flow_list(value, line, column)
    raise _NotSimple


def _simple_flow_list(value: str, line: int, column: int) -> Seq:
    """A one-line flow list of plain items: ``[a, b c, d]``."""
    items: list[Node] = []
    if value[1:-1].strip(" "):
        _flow_items(value[1:-1], line, column + 1, items)
    return Seq(items, line, column)


def _flow_items(inner: str, line: int, column: int, items: list[Node]) -> None:
    """Append the plain items of ``inner``, a flow list's text from ``column`` of ``line``."""
    for part in inner.split(","):
        item = part.strip(" ")
        if not _FLOW_ITEM.fullmatch(item):
            raise _NotSimple  # empty, quoted, nested, or with an indicator
        items.append(Scalar(item, True, line, column + len(part) - len(part.lstrip(" "))))
        column += len(part) + 1


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Plain scalars that YAML 1.1 (PyYAML's dialect) reads as something other than text.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$")
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
