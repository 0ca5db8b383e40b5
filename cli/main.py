"""The console entry point.

A lookup tool is run dozens of times an hour, and importing Typer costs more than answering a
lookup from the index. So the entry point recognises the plain forms of the one command
people type most, ``glossary [-g PATH ...] [--no-default] [--no-cache] lookup TERM [--json]
[--lang it|en]``, and answers them through the same code as the Typer command
(``cli.session.lookup``); ``glossary --version`` alone is answered here too. Everything else, including any form it is not sure of (help,
abbreviations, a value that looks like an option, a mistake to be reported), goes to the
Typer app unchanged, which parses it and reports errors as usual.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


class PlainLookup(NamedTuple):
    """A ``lookup`` command line in one of the plain forms."""

    paths: list[Path]
    default: bool
    cache: bool
    term: str
    lang: str | None
    json: bool


def plain_lookup(args: Sequence[str]) -> PlainLookup | None:
    """The lookup these arguments ask for, or None when Typer should parse them.

    Accepted: the global options ``-g PATH``, ``--glossary PATH``, ``--glossary=PATH``,
    ``--no-default`` and ``--no-cache`` before ``lookup``; after it, one term that does not
    begin with '-', ``--json``, and ``--lang it|en`` or ``--lang=it|en``, in any order. These
    mean here what they mean to Typer (a test runs each through both and compares).
    """
    paths: list[Path] = []
    default = cache = True
    i = 0
    while True:
        if i >= len(args):
            return None
        arg = args[i]
        if arg == "lookup":
            break
        if arg == "--no-default":
            default = False
        elif arg == "--no-cache":
            cache = False
        elif arg in ("-g", "--glossary"):
            i += 1
            if i >= len(args) or not args[i] or args[i].startswith("-"):
                return None
            paths.append(Path(args[i]))
        elif arg.startswith("--glossary=") and len(arg) > len("--glossary="):
            paths.append(Path(arg.removeprefix("--glossary=")))
        else:
            return None
        i += 1
    term: str | None = None
    lang: str | None = None
    json = False
    i += 1
    while i < len(args):
        arg = args[i]
        if arg == "--json":
            json = True
        elif arg == "--lang" or arg.startswith("--lang="):
            if arg == "--lang":
                i += 1
                value = args[i] if i < len(args) else ""
            else:
                value = arg.removeprefix("--lang=")
            value = value.lower()  # --lang EN, --lang It
            if value not in ("it", "en") or lang is not None:
                return None
            lang = value
        elif arg.startswith("-") or term is not None:
            return None
        else:
            term = arg
        i += 1
    if term is None:
        return None
    return PlainLookup(paths, default, cache, term, lang, json)


def main(args: Sequence[str]) -> int:
    """Run the command line; the exit code (or SystemExit, as Typer ends)."""
    if list(args) == ["--version"]:
        from glossary import __version__

        sys.stdout.write(f"glossary {__version__}\n")
        return 0
    plain = plain_lookup(args)
    if plain is None:
        from cli.app import app

        if os.environ.get("_GLOSSARY_COMPLETE"):
            from cli.completion import complete_in_shell

            complete_in_shell(app, list(args))
        app(args=list(args), prog_name="glossary")
        return 0  # not reached: the app ends with SystemExit
    from cli.session import Settings, lookup

    settings = Settings.resolve(plain.paths, default=plain.default, cache=plain.cache)
    return int(lookup(settings, plain.term, plain.lang or settings.lang, plain.json, brief=settings.brief))


def run() -> None:
    """Console entry point: Ctrl-C, a closed pipe and a failing stream end with one line (or
    quietly, for a reader that stopped reading), never with a traceback.

    Ctrl-C is answered here, wherever it lands (in the command, while the streams are set
    up, or while an exit already under way unwinds): the command's own clean-up has run as
    the interrupt passed through it, so nothing is left to unwind."""
    try:
        _run()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("glossary: interrupted\n")
            sys.stderr.flush()
        finally:
            os._exit(130)  # ExitCode.INTERRUPTED


def _run() -> None:
    from cli import streams
    from cli.exitcodes import ExitCode

    streams.prepare()
    # A command runs once and exits, and what it builds holds no reference cycles worth
    # collecting: the cyclic collector would only walk it again and again (the forms read
    # from a large index and the matches of a long text, a fifth of such an annotate; a
    # quarter of a large check). Memory stays the same without it.
    gc.disable()
    try:
        try:
            code = main(streams.arguments(sys.argv[1:]))
        finally:
            # Buffered output meets a closed pipe or a full disk here at the latest, not in
            # the interpreter's own flush at exit (which would print "Exception ignored ...").
            sys.stdout.flush()
            # Nor need the interpreter's last collection, at exit, walk all that again.
            gc.freeze()
            streams.finish()
    except BrokenPipeError:
        # Output was cut short by the reader (glossary list | head -1): nothing to report.
        streams.silence_stdout()
        sys.exit(int(ExitCode.OK))
    except OSError as exc:  # a closed standard stream, a full disk under standard output ...
        streams.silence_stdout()
        sys.stderr.write(streams.report(exc) + "\n")
        sys.exit(int(ExitCode.STREAM))
    sys.exit(code)
