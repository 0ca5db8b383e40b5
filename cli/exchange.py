"""The interchange commands: ``export`` and ``import``. All decisions live in glossary.exchange."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cli import completion as complete


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="tbx (v3), tbx2 (v2, <martif>), omegat, deepl, csv, json or stardict.",
            autocompletion=complete.EXPORT_FORMATS,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (default: standard output); stardict: to this folder."
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="omegat/deepl: source language, it or en (default: it).",
            autocompletion=complete.LANGS,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="omegat/deepl: target language (default: the other one).",
            autocompletion=complete.LANGS,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="csv/omegat/deepl: write cells as they are, even those a spreadsheet would run as a"
            " formula (=, +, -, @), which are otherwise written after an apostrophe.",
        ),
    ] = False,
) -> None:
    """Export the glossary for CAT tools and MT services: TBX-Basic (v3, or v2 for the tools
    that read only <martif>), OmegaT, DeepL, CSV or JSON; or as a StarDict dictionary for
    GoldenDict, sdcv and e-readers.

    Example: glossary export --format tbx -o glossary.tbx
    """
    if output is not None and str(output) == "-":
        output = None  # -o -: standard output, as everywhere
    if fmt == "stardict":
        _export_stardict(ctx, output, force)
    else:
        _export_file(ctx, fmt, output, (source, target), force=force, raw=raw)


def _export_file(
    ctx: typer.Context,
    fmt: str,
    output: Path | None,
    direction: tuple[str | None, str | None],
    *,
    force: bool,
    raw: bool,
) -> None:
    """Export in one file format, to standard output or atomically to ``output``."""
    from cli.exitcodes import ExitCode
    from cli.render import clean
    from cli.session import fail
    from glossary.errors import InputError
    from glossary.exchange import OutputError, export_stream
    from glossary.exchange.files import refuse_existing, write_atomic

    source, target = direction
    try:
        if output is not None:
            refuse_existing(output, force=force)
        index = ctx.obj.index()
        result = export_stream(fmt, index.concepts, index.articles, source=source, target=target, raw=raw)
        if output is None:
            sys.stdout.flush()
            for chunk in result.chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            write_atomic(output, result.chunks, force=force)
        for line in result.tally.dropped:
            sys.stderr.write(clean(f"glossary: {fmt}: {line}") + "\n")
        if output is not None:
            count = result.tally.count
            sys.stderr.write(clean(f"glossary: wrote {output} ({fmt}, {count} {_unit(fmt, count)})") + "\n")
    except (InputError, OutputError) as exc:
        fail(str(exc), ExitCode.USAGE)


def _export_stardict(ctx: typer.Context, output: Path | None, force: bool) -> None:
    """A StarDict dictionary is four files: it goes to a folder, written whole or not at all."""
    from cli.exitcodes import ExitCode
    from cli.render import clean
    from cli.session import fail
    from glossary import __version__
    from glossary.exchange import OutputError
    from glossary.exchange.files import write_folder_atomic
    from glossary.exchange.stardict import SUFFIXES, export_stardict

    if output is None:
        fail("stardict: a dictionary is four files; give a folder with -o", ExitCode.USAGE)
    index = ctx.obj.index()
    files, count, dropped = export_stardict(index.concepts(), version=__version__)
    for line in dropped:
        sys.stderr.write(clean(f"glossary: stardict: {line}") + "\n")
    try:
        write_folder_atomic(output, files, force=force, kept=SUFFIXES)
    except OutputError as exc:
        fail(str(exc), ExitCode.USAGE)
    sys.stderr.write(clean(f"glossary: wrote {output} (stardict, {count} entries)") + "\n")


def _unit(fmt: str, count: int) -> str:
    unit = {"tbx": "concept", "tbx2": "concept", "json": "concept", "csv": "term row"}.get(fmt, "entry")
    if count == 1:
        return unit
    return "entries" if unit == "entry" else unit + "s"


#: How many ids of entries that need work an import names; the rest are counted.
SHOWN_IDS = 20


_ImportOutput = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="The YAML glossary file to write, or a folder (no suffix) to write it in files of 1,000 concepts.",
    ),
]
_Delimiter = Annotated[
    str | None,
    typer.Option("--delimiter", help="csv/deepl: the cell separator: , ; or tab (default: detected)."),
]


_ImportFormat = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="tbx (v3 or v2), csv, omegat or deepl (default: from the file name).",
        autocompletion=complete.IMPORT_FORMATS,
    ),
]
_ColumnFrom = Annotated[
    str,
    typer.Option(
        "--from",
        help="omegat/deepl: the language of the first column (default: it).",
        autocompletion=complete.LANGS,
    ),
]
_ColumnTo = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="omegat/deepl: the second column's (default: the other one).",
        autocompletion=complete.LANGS,
    ),
]


def import_(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="The term base: TBX (v3 or v2), CSV, OmegaT or DeepL.")],
    output: _ImportOutput,
    fmt: _ImportFormat = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    source_lang: _ColumnFrom = "it",
    target_lang: _ColumnTo = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse the whole file for one row it cannot take (exit 3).")
    ] = False,
    delimiter: _Delimiter = None,
    json: Annotated[
        bool, typer.Option("--json", help="The report as JSON on stdout: what came in, what was not kept.")
    ] = False,
) -> None:
    """Import a term base into a YAML glossary file or folder, then check it: TBX v3 or v2, our
    CSV or a CSV with a column per language, an OmegaT glossary (.txt/.tab) or a DeepL one (.tsv).

    Says on stderr what could not be mapped and which entries need work (exit 1); rows or
    entries left out for what they hold are named, the rest imported (exit 5). A large term
    base goes into a folder: glossary import iate.tbx -o iate

    Example: glossary import terms.tbx -o terms.yaml
    """
    from cli.exitcodes import ExitCode
    from cli.session import fail
    from glossary.errors import InputError
    from glossary.exchange import OutputError, UnreadableInputError, import_to_yaml

    if str(output) == "-":
        fail("-o -: an import writes a YAML file or folder; give its name", ExitCode.USAGE)
    langs = _direction(source_lang, target_lang)
    try:
        outcome = import_to_yaml(
            source, output, fmt=fmt, force=force, langs=langs, strict=strict, delimiter=delimiter
        )
    except (InputError, OutputError) as exc:
        fail(str(exc), ExitCode.USAGE)
    except UnreadableInputError as exc:
        fail(str(exc), ExitCode.LOAD)
    if json:
        _report_import_json(outcome, source, output)
    else:
        _report_import(outcome, source, output)


def _report_import_json(outcome: Any, source: Path, output: Path) -> None:
    """The import's report as one JSON document; the exit code as for the text report."""
    from cli.exitcodes import ExitCode
    from cli.output import check_json, emit

    imported = outcome.imported
    not_mapped = [line.split(" × ", 1) for line in imported.unmapped]
    emit(
        {
            "source": str(source),
            "output": str(output),
            "files": outcome.files,
            "concepts": imported.concepts,
            "not_mapped": [{"count": int(count), "what": what} for count, what in not_mapped],
            "left_out": [{"where": r.where, "reason": r.reason} for r in imported.rejected],
            "left_out_by_reason": [
                {"count": count, "reason": reason} for reason, count in imported.rejected_by_reason()
            ],
            "problems": check_json(outcome.report)["problems"],
            "needs_work": list(outcome.needs_work),
        }
    )
    if imported.rejected:
        raise typer.Exit(int(ExitCode.PARTIAL))
    if not outcome.report.clean:
        raise typer.Exit(int(ExitCode.NEGATIVE))


def _direction(source: str, target: str | None) -> tuple[str, str]:
    from cli.exitcodes import ExitCode
    from cli.session import fail

    source = source.lower()
    target = (target or ("en" if source == "it" else "it")).lower()
    if {source, target} != {"it", "en"}:
        fail(f"--from {source} --to {target}: the languages are it and en, one each", ExitCode.USAGE)
    return source, target


def _report_import(outcome: Any, source: Path, output: Path) -> None:
    """What an import did: the count on stdout; what was not mapped, the rows left out, the
    problems and the entries that need work on stderr (then exit 5 for rows left out, else 1
    for entries that need work)."""
    from cli.exitcodes import ExitCode
    from cli.render import clean
    from glossary.errors import Severity

    imported, report = outcome.imported, outcome.report
    noun = "concept" if imported.concepts == 1 else "concepts"
    into = str(output)
    if outcome.files > 1 or not output.suffix:
        into += f" ({outcome.files} {'file' if outcome.files == 1 else 'files'})"
    sys.stdout.write(clean(f"Imported {imported.concepts} {noun} from {source} into {into}.") + "\n")
    for line in imported.unmapped:
        sys.stderr.write(clean(f"glossary: not mapped: {line}") + "\n")
    for rejection in imported.rejected:
        sys.stderr.write(clean(f"glossary: left out: {rejection}") + "\n")
    problems = [p for p in report.problems if p.severity is not Severity.NOTE]
    for problem in problems:
        sys.stderr.write(clean(str(problem)) + "\n")
    if not report.clean:
        count = len(outcome.needs_work)
        shown = SHOWN_IDS if count > SHOWN_IDS + 1 else count
        which = ", ".join(outcome.needs_work[:shown]) or "see the problems above"
        if count > shown:
            which += f" and {count - shown} more"
        sys.stderr.write(
            clean(
                f"glossary: {count} {'entry needs' if count == 1 else 'entries need'} work "
                f"({len(problems)} {'problem' if len(problems) == 1 else 'problems'}): {which}"
            )
            + "\n"
        )
    if imported.rejected:
        unit = ("entry", "entries") if imported.source_format == "tbx" else ("row", "rows")
        for reason, count in imported.rejected_by_reason():
            sys.stderr.write(clean(f"glossary: left out: {count} × {reason}") + "\n")
        rows = len(imported.rejected)
        sys.stderr.write(f"glossary: {rows} {unit[rows != 1]} left out, the rest imported\n")
        raise typer.Exit(int(ExitCode.PARTIAL))
    if not report.clean:
        raise typer.Exit(int(ExitCode.NEGATIVE))
