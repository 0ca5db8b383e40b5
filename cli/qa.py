"""The ``qa`` command: terminology QA of a translation. All decisions live in glossary.qa."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli import completion as complete

if TYPE_CHECKING:
    from glossary.qa import QaReport


Files = Annotated[
    list[str] | None,
    typer.Argument(
        help="An XLIFF 1.2/2.0, TMX, TSV or CSV file; or two parallel text files (source, target)."
    ),
]
From = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Source language, it or en, where the file does not say it.",
        autocompletion=complete.LANGS,
    ),
]
To = Annotated[
    str | None,
    typer.Option(
        "--to", help="Target language, where the file does not say it.", autocompletion=complete.LANGS
    ),
]
Text = Annotated[
    str | None,
    typer.Option("--text", help="Check one-language text instead: deprecated terms, mixed variants."),
]
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang", help="With --text: its language (default: detected).", autocompletion=complete.LANGS
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output (documented in the README).")]
Select = Annotated[str | None, typer.Option("--select", help="Only these codes or groups: Q1,Q201.")]
Ignore = Annotated[str | None, typer.Option("--ignore", help="Leave out these codes or groups: Q3.")]
Explain = Annotated[str | None, typer.Option("--explain", help="Say the rule behind a code and exit.")]
FailOn = Annotated[
    str,
    typer.Option(
        "--fail-on",
        help="Exit 1 for a problem of this severity or worse: error, warning, note.",
        autocompletion=complete.SEVERITIES,
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        help="lines, table, or auto: a table in a terminal, else lines.",
        autocompletion=complete.QA_FORMATS,
    ),
]


def qa(
    ctx: typer.Context,
    files: Files = None,
    source: From = None,
    target: To = None,
    text: Text = None,
    lang: Lang = None,
    json: Json = False,
    select: Select = None,
    ignore: Ignore = None,
    explain: Explain = None,
    fail_on: FailOn = "warning",
    fmt: Format = "auto",
) -> None:
    """Check a translation's terms against the glossary: missing, deprecated, inconsistent,
    untranslated terms and acronym mismatches, segment by segment.

    Example: glossary qa job.xlf --ignore Q3
    """
    from cli.exitcodes import ExitCode
    from cli.session import fail
    from glossary import qa as lib
    from glossary.errors import InputError, Severity

    if explain is not None:
        try:
            sys.stdout.write(lib.explain(explain) + "\n")
        except InputError as exc:
            fail(str(exc), ExitCode.USAGE)
        return
    threshold = {s.value: s for s in Severity}.get(fail_on.lower())
    if threshold is None:
        raise typer.BadParameter("use error, warning or note", param_hint="--fail-on")
    if fmt not in ("auto", "lines", "table"):
        raise typer.BadParameter("use auto, lines or table", param_hint="--format")
    if text is not None and (source or target):
        fail("--text reads one language: give it with --lang, not --from or --to", ExitCode.USAGE)
    if text is None and lang:
        fail("--lang goes with --text; a bilingual file takes --from and --to", ExitCode.USAGE)
    paths = _paths(files or [], text)
    report = _check(ctx, paths, (source, target), text is not None, lang, (select, ignore))
    _show(report, json, fmt)
    if report.fails(threshold):
        raise typer.Exit(int(ExitCode.NEGATIVE))


def _check(
    ctx: typer.Context,
    paths: list[Path],
    direction: tuple[str | None, str | None],
    one_language: bool,
    lang: str | None,
    codes: tuple[str | None, str | None],
) -> QaReport:
    """The library's report; a bad option or input ends the command with one line: exit 2
    for a usage error, 3 for a file that cannot be read safely."""
    from cli.app import _check_lang, _codes
    from cli.exitcodes import ExitCode
    from cli.session import fail
    from glossary import qa as lib
    from glossary.errors import InputError
    from glossary.exchange.errors import UnreadableInputError

    try:
        wanted = lib.selector(_codes(codes[0]), _codes(codes[1]))
        index = ctx.obj.index()
        if one_language:
            document = lib.open_text(paths[0], lang=_check_lang(lang))
            return lib.check_text(document, index.store, index.concept, select=wanted)
        source, target = (_check_lang(code) for code in direction)
        document = lib.open_document(paths, source=source, target=target)
        return lib.check_document(document, index.store, index.concept, select=wanted)
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    except UnreadableInputError as exc:
        fail(str(exc), ExitCode.LOAD)


def _paths(files: list[str], text: str | None) -> list[Path]:
    """The files to read, checked to exist: one or two bilingual files, or one --text file."""
    from cli.exitcodes import ExitCode
    from cli.session import fail, text_argument

    if text is not None and files:
        fail("--text reads one text file; give no other file", ExitCode.USAGE)
    names = [text] if text is not None else files
    if not 1 <= len(names) <= 2:
        fail("give one bilingual file, or two parallel text files (source, target)", ExitCode.USAGE)
    paths = []
    for name in names:
        path = Path(text_argument(name, "the file name"))
        if not path.exists():
            fail(f"{name}: no such file", ExitCode.USAGE)
        if path.is_dir():
            fail(f"{name}: is a folder, not a file", ExitCode.USAGE)
        if not path.is_file():  # a pipe or a device: read twice (its format, then its segments)
            fail(f"{name}: not a regular file", ExitCode.USAGE)
        paths.append(path)
    return paths


def _show(report: QaReport, json: bool, fmt: str) -> None:
    """The findings as JSON, as a table in a terminal, or as lines; the summary on stderr
    after lines (standard output keeps one finding a line), under the table otherwise."""
    if json:
        from cli.output import emit, qa_json

        emit(qa_json(report))
        return
    from cli.render import clean

    if fmt == "table" or (fmt == "auto" and sys.stdout.isatty()):
        from cli.render_qa import render_qa

        render_qa(report)
        return
    sys.stdout.write("".join(clean(f.line(report.path)) + "\n" for f in report.findings))
    sys.stdout.flush()
    sys.stderr.write(f"glossary: {clean(report.summary())}\n")
