"""The standard streams as the world hands them over: closed, full, non-blocking, in an
encoding that cannot show every term, on a terminal of no width.

``prepare`` runs before any command and makes each of these an ordinary condition; the
entry point (``cli.main.run``) then turns what is left into one line on standard error and an
exit code (``report``), never a traceback:

- a closed standard output, input or error is replaced by a stand-in that raises
  ``ClosedStream`` when used, so that a command that does not need it (an export to a file)
  still runs, and one that does ends with one line and ``ExitCode.STREAM``;
- a non-blocking standard output is made blocking, so that a slow reader gets all of it;
- an output encoding that cannot encode every character (ASCII, Latin-1) writes what it
  cannot show as a backslash escape, and one warning on standard error says so at the end;
- ``COLUMNS`` and ``LINES`` too small to lay anything out are treated as unknown.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from typing import Any

#: Narrower than this, a table or a box has no room for a single letter: treat it as unknown.
MIN_COLUMNS = 20
MIN_LINES = 5
_ESCAPE = "glossary-escape"


class ClosedStream(OSError):
    """A standard stream that was closed when the command started."""

    def __init__(self, name: str) -> None:
        super().__init__(errno.EBADF, f"standard {name} is closed")
        self.name = name


class _Closed(io.TextIOBase):
    """Stands in for a closed standard stream: any use but asking about it raises."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def buffer(self) -> Any:
        return self  # stdout.buffer.write, stdin.buffer.read: the same refusal

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise ClosedStream(self._name)

    def write(self, text: Any) -> int:
        raise ClosedStream(self._name)

    def read(self, size: int | None = -1) -> Any:
        raise ClosedStream(self._name)

    def flush(self) -> None:
        pass  # nothing was written, so nothing is lost


class _Escapes:
    """The error handler for characters an output encoding cannot show: a backslash escape,
    and a note that one was needed."""

    used = False

    @classmethod
    def handle(cls, error: UnicodeError) -> tuple[str, int]:
        cls.used = True
        replacement, end = codecs.backslashreplace_errors(error)
        return str(replacement), end


def prepare() -> None:
    """Make the standard streams and the terminal size safe to use (see the module)."""
    for name, label in (("stdin", "input"), ("stdout", "output")):
        if getattr(sys, name) is None:
            setattr(sys, name, _Closed(label))
    if sys.stderr is None:
        # Nowhere to report to: say nothing. It stays open for the life of the process.
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    try:
        if not os.get_blocking(sys.stdout.fileno()):
            os.set_blocking(sys.stdout.fileno(), True)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    codecs.register_error(_ESCAPE, _Escapes.handle)
    for stream in (sys.stdout, sys.stderr):
        if not _shows_everything(stream) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=_ESCAPE)
    for variable, least in (("COLUMNS", MIN_COLUMNS), ("LINES", MIN_LINES)):
        value = os.environ.get(variable)
        if value is not None and not (value.strip().isdigit() and int(value) >= least):
            del os.environ[variable]


def _shows_everything(stream: Any) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def ascii_only() -> bool:
    """Whether standard output cannot show every character (JSON is then written in ASCII)."""
    return not _shows_everything(sys.stdout)


def finish() -> None:
    """The one warning owed when characters had to be escaped on the way out."""
    if _Escapes.used:
        encoding = getattr(sys.stdout, "encoding", "") or "this"
        sys.stderr.write(
            f"glossary: warning: the {encoding} output encoding cannot show some characters;"
            " they are written as backslash escapes (use a UTF-8 locale or PYTHONIOENCODING=utf-8)\n"
        )


#: What writing to a full, failing or vanished output raises.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EAGAIN, errno.EBADF})


def report(exc: OSError) -> str:
    """The one line for a stream that failed under a command."""
    if isinstance(exc, ClosedStream):
        return f"glossary: {exc.strerror}"
    if exc.errno in _OUTPUT_ERRORS:
        return f"glossary: cannot write the output: {exc.strerror}"
    return f"glossary: {exc.strerror or exc}"


def silence_stdout() -> None:
    """After output failed, point standard output at nothing, so that the interpreter's own
    flush at exit finds nothing left to fail on."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def arguments(argv: list[str]) -> list[str]:
    """Command-line arguments as the user typed them: under a locale that is not UTF-8
    (LC_ALL=C without UTF-8 mode) Python decodes UTF-8 bytes as lone surrogates; read those
    bytes again as UTF-8 where they are UTF-8."""
    out = []
    for arg in argv:
        if not arg.isascii():
            try:
                arg = os.fsencode(arg).decode("utf-8")
            except UnicodeDecodeError:
                pass  # not UTF-8 at all: the command says so
        out.append(arg)
    return out
