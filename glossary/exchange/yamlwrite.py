"""Writing the YAML format: block style, one way to spell each value, nothing YAML could misread.

PyYAML's emitter is not used: it picks styles by heuristics, wraps long lines and writes
anchors for repeated objects. This writer emits a small, fixed subset of YAML that the strict
loader reads back to exactly the same text: plain scalars where they are unambiguous, double
quotes with escapes everywhere else, and the editor's schema modeline on the first line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..yamlread import Scalar, implicit_kind

MODELINE = "# yaml-language-server: $schema={schema}"

# Plain scalars may hold only these characters; anything else is quoted. The set is narrower
# than YAML allows, so that YAML 1.1 and 1.2 readers (PyYAML, editors) agree on every value.
_CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff"
_PLAIN_SAFE = re.compile(rf"^[^\s{_CONTROL}\-?:,\[\]{{}}#&*!|>'\"%@`=~<][^{_CONTROL}]*$")
# YAML 1.2 reads these as numbers although YAML 1.1 (and our loader) would not.
_NUMBER_LIKE = re.compile(r"^[-+.]?[0-9]|^\.(?:inf|nan)$", re.IGNORECASE)
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _printable(char: str) -> bool:
    """Whether YAML lets the character stand as itself in a double-quoted scalar."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )


def scalar(text: str) -> str:
    """A string as a YAML scalar that reads back as exactly this string."""
    if (
        _PLAIN_SAFE.match(text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _NUMBER_LIKE.match(text)
        and implicit_kind(Scalar(text, True, 0, 0)) == "text"
    ):
        return text
    return double_quoted(text)


def double_quoted(text: str) -> str:
    """A string as a double-quoted YAML scalar, escaped where YAML requires it."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return scalar(value)
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def _block(value: Any, indent: int, lines: list[str]) -> None:
    """Append the lines of a mapping or sequence whose first line is already placed."""
    pad = " " * indent
    if isinstance(value, Mapping):
        for key, item in value.items():
            _entry(f"{pad}{scalar(str(key))}:", item, indent + 2, lines)
    else:
        for item in value:
            if isinstance(item, Mapping) and item:
                first = True
                for key, sub in item.items():
                    lead = f"{pad}- " if first else f"{pad}  "
                    _entry(f"{lead}{scalar(str(key))}:", sub, indent + 4, lines)
                    first = False
            else:
                _entry(f"{pad}-", item, indent + 2, lines)


def _entry(head: str, value: Any, child_indent: int, lines: list[str]) -> None:
    if isinstance(value, Mapping):
        if not value:
            lines.append(f"{head} {{}}")
            return
        lines.append(head)
        _block(value, child_indent, lines)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        if not value:
            lines.append(f"{head} []")
            return
        lines.append(head)
        # Sequences under a key sit at the key's own indentation, as the packaged files do.
        _block(value, child_indent - 2, lines)
    else:
        lines.append(f"{head} {_value(value)}")


def dump(document: Mapping[str, Any], *, schema: str | None = None, comments: Sequence[str] = ()) -> str:
    """The YAML text of a glossary document (``articles`` and ``concepts``)."""
    lines: list[str] = []
    if schema is not None:
        lines.append(MODELINE.format(schema=schema))
    for comment in comments:
        lines.extend(f"# {line}".rstrip() for line in comment.splitlines())
    _block(document, 0, lines)
    return "\n".join(lines) + "\n"
