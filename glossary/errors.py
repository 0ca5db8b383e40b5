"""The exception tree of the library and the coded problems it reports.

Every message follows the compiler convention ``path:line:col: message`` so that editors and
terminals can jump to the place; a problem without a position drops the parts it lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

# Line breaks and other control characters, which a value quoted in a message may hold.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """A message on one line: line breaks and control characters written as escapes (\\n, \\x01)."""
    return _UNPRINTABLE.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


class Severity(str, Enum):
    """How bad a problem is: errors fail a check, warnings too, notes only inform."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Code(str, Enum):
    """Every problem the loader or the checker can report, named once.

    The value is what users see and search for; the member name says what it is.
    """

    # The loader rejects these: the file cannot be used at all (exit 3 outside `check`).
    UNREADABLE = "E100"
    SYNTAX = "E101"
    ENCODING = "E102"
    DUPLICATE_KEY = "E103"
    ALIAS = "E104"
    UNKNOWN_KEY = "E105"
    WRONG_TYPE = "E106"
    MISSING_FIELD = "E107"
    BAD_VALUE = "E108"
    TOO_LARGE = "E109"
    # The checker finds these in glossaries that load.
    DUPLICATE_ID = "E201"
    UNKNOWN_RELATED = "E202"
    MISSING_LANGUAGE = "E203"
    MISSING_DEFINITION = "E204"
    MISSING_SOURCE = "E205"
    MISSING_GENDER = "E206"
    UNKNOWN_ARTICLE = "E207"
    PREFERRED_COUNT = "E208"
    INVISIBLE_CHARACTER = "E209"
    SHARED_TERM = "W301"
    LOADED_WORD = "W302"
    UNKNOWN_DOMAIN = "W303"
    LONG_DEFINITION = "W304"
    DISCONTINUED_SOURCE = "W305"
    MIXED_SCRIPT = "W306"
    CONFUSABLE = "W307"
    MATCHER_COLLISION = "W308"
    REPLACED = "N401"
    COMMON_WORD_NAME = "N402"

    @property
    def severity(self) -> Severity:
        return {"E": Severity.ERROR, "W": Severity.WARNING, "N": Severity.NOTE}[self.value[0]]


@dataclass(frozen=True, slots=True)
class Location:
    """Where something stands in a file; line and column count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One coded finding, located where it can be."""

    code: Code
    message: str
    location: Location | None = None

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return one_line(f"{where}{self.code.value} {self.message}")


class GlossaryError(Exception):
    """Root of every error the library raises on purpose."""


class LoadError(GlossaryError):
    """A glossary source could not be loaded; carries every problem found, first one first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        where = f"{first.location}: " if first.location else ""
        more = f" (+{len(problems) - 1} more: run 'glossary check')" if len(problems) > 1 else ""
        super().__init__(one_line(f"{where}{first.message}{more}"))


class InputError(GlossaryError):
    """Text given to the tool (a phrase, a file to annotate) cannot be used."""


class CacheError(GlossaryError):
    """The on-disk index is unusable; callers rebuild it rather than show this."""


_C = TypeVar("_C", bound=Enum)


def code_selector(
    codes: Iterable[_C], select: Sequence[str], ignore: Sequence[str], *, kind: str, listing: str
) -> Callable[[_C], bool]:
    """Which codes to report: those starting with one of ``select`` (all when empty), but none
    starting with one of ``ignore``; a prefix such as "W3" or "Q2" names a group. InputError
    for a prefix no code has, naming the ``kind`` of code and the ``listing`` of them."""
    known = [code.value for code in codes]
    chosen = tuple(p.upper() for p in select)
    dropped = tuple(p.upper() for p in ignore)
    for prefix in chosen + dropped:
        if not any(value.startswith(prefix) for value in known):
            raise InputError(f"no {kind} code starts with '{prefix}' (codes: {listing})")
    return lambda code: (
        (not chosen or code.value.startswith(chosen)) and not code.value.startswith(dropped or ("\0",))
    )
