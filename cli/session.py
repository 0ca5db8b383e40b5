"""What the commands share, without Typer: global settings, the one-line failure, reading
text arguments and files, and the body of ``lookup``.

Nothing here imports typer or rich, so that the entry point can answer a plain lookup
without paying for either (see ``cli.main``); the Typer app in ``cli.app`` calls the same
functions, so both ways give the same output and exit codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

from cli.exitcodes import ExitCode

if TYPE_CHECKING:
    from glossary.config import Config
    from glossary.index import Index

#: Texts larger than this are refused rather than read into memory.
MAX_TEXT_BYTES = 256 * 1024 * 1024


@dataclass
class Settings:
    """Global options, passed to commands through ``ctx.obj``."""

    paths: Sequence[str | os.PathLike[str]] = field(default_factory=list)
    default: bool = True
    cache: bool = True
    #: The config file's layers and the user glossary, loaded after the packaged data.
    configured: Sequence[str | os.PathLike[str]] = ()
    #: Defaults from the config file or the environment, which options override.
    lang: str | None = None
    brief: bool = False
    config: Config | None = None
    _index: Index | None = None

    @classmethod
    def resolve(
        cls,
        paths: Sequence[str | os.PathLike[str]] = (),
        *,
        default: bool = True,
        cache: bool = True,
        color: str | None = None,
        pager: str | None = None,
    ) -> Settings:
        """The global options over the config file and the environment; a config file that
        cannot be used ends the command with one located line and exit 3."""
        from cli.display import set_display
        from glossary.config import resolve
        from glossary.errors import LoadError

        try:
            config = resolve()
        except LoadError as exc:
            fail(str(exc), ExitCode.LOAD)
        set_display(color or config.value("color"), pager or config.value("pager"))
        return cls(
            paths=paths,
            default=default,
            cache=cache,
            configured=config.loaded_layers(paths),
            lang=config.value("lang"),
            brief=config.value("brief"),
            config=config,
        )

    def index(self) -> Index:
        """The loaded glossary's index (from the on-disk cache unless --no-cache); a load
        failure ends the command with exit 3."""
        if self._index is None:
            from cli.progress import BuildProgress
            from glossary.errors import LoadError
            from glossary.index import Index

            try:
                with BuildProgress() as progress:
                    self._index = Index.open(
                        self.paths,
                        default=self.default,
                        configured=self.configured,
                        cache=self.cache,
                        progress=progress,
                        notify=_note,
                    )
            except LoadError as exc:
                fail(str(exc), ExitCode.LOAD)
        return self._index


def _note(message: str) -> None:
    """One line on stderr about something the library put right (a damaged index cache)."""
    from cli.render import clean

    sys.stderr.write(f"glossary: note: {clean(message)}\n")


def fail(message: str, code: ExitCode) -> NoReturn:
    """One line on stderr, then the exit code."""
    from cli.render import clean

    sys.stderr.write(f"glossary: {clean(message)}\n")
    raise SystemExit(int(code))


def lookup(settings: Settings, term: str, lang: str | None, json: bool, *, brief: bool = False) -> ExitCode:
    """The ``lookup`` command once its options are parsed (``lang`` already checked)."""
    from glossary.errors import InputError
    from glossary.lookup import find

    if term == "-":
        return lookup_batch(settings, lang, json)
    term = text_argument(term, "the term")
    index = settings.index()
    try:
        result = find(term, index.store, lang=lang)
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    if json:
        from cli.output import emit, lookup_json

        emit(lookup_json(result, index))
    elif brief and result.hits:
        from cli.render import render_brief

        render_brief(result, index)
    else:
        from cli.render import render_lookup

        render_lookup(result, index)
    return ExitCode.OK if result.hits else ExitCode.NEGATIVE


def lookup_batch(settings: Settings, lang: str | None, json: bool) -> ExitCode:
    """``lookup -``: one term a line from standard input, each answered on its own: the brief
    lines of its matches, or one JSON object a line with ``--json``. No suggestions: a script
    asks about many terms and wants each answer at once. Exit 1 when any term is not found."""
    import json as json_module

    from cli.output import lookup_json, safe_json
    from cli.render import brief_lines
    from glossary.errors import InputError
    from glossary.lookup import LookupResult, find

    text = read_text_argument("-")
    index = settings.index()
    missed = False
    out: list[str] = []
    for line in text.splitlines():
        query = line.strip()
        if not query:
            continue
        try:
            result = find(query, index.store, lang=lang, suggestions=0)
        except InputError:  # a line with no letters or digits: not found
            result = LookupResult(query, (), ())
        missed = missed or not result.hits
        if json:
            out.append(safe_json(json_module.dumps(lookup_json(result, index), ensure_ascii=False)) + "\n")
        elif result.hits:
            out.extend(brief_lines(result, index))
        else:
            out.append(f"{query} (no entry)\n")
    sys.stdout.write("".join(out))
    return ExitCode.NEGATIVE if missed else ExitCode.OK


def read_text_file(name: str) -> str:
    """The UTF-8 text of a file, or of standard input for '-'; one clear error otherwise."""
    if name == "-":
        return read_text_argument("-")
    try:
        with open(name, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
    except FileNotFoundError:
        fail(f"{name}: no such file", ExitCode.USAGE)
    except IsADirectoryError:
        fail(f"{name}: is a folder, not a text file", ExitCode.USAGE)
    except PermissionError:
        fail(f"{name}: cannot read: permission denied", ExitCode.USAGE)
    except OSError as exc:
        fail(f"{name}: cannot read: {exc.strerror}", ExitCode.USAGE)
    if len(data) > MAX_TEXT_BYTES:
        fail(f"{name}: larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB; split it", ExitCode.USAGE)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        fail(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            ExitCode.USAGE,
        )


def read_text_argument(value: str, what: str = "the phrase") -> str:
    """A text argument, or standard input for '-': UTF-8 only, one clear error otherwise."""
    if value != "-":
        return text_argument(value, what)
    data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        fail(f"standard input: larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB; split it", ExitCode.USAGE)
    return _utf8(data, "standard input")


def text_argument(value: str, what: str) -> str:
    """A command-line argument as text. Python hands over bytes that are not UTF-8 as lone
    surrogates (U+DC80-U+DCFF), which could be neither matched nor printed: a usage error."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        offset = len(value[: exc.start].encode("utf-8"))
        code = ord(value[exc.start])
        found = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        fail(f"{what} is not UTF-8 ({found} at offset {offset})", ExitCode.USAGE)
    return value


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        fail(f"{what} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", ExitCode.USAGE)
