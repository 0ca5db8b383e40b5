"""The Typer application: one screenful per command, all decisions in the library."""

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from cli.exitcodes import ExitCode

app = typer.Typer(
    name="glossary",
    help="Italian/English terminology for news on jihadist foreign fighters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Lang = Annotated[Optional[str], typer.Option("--lang", help="Search only this side: it or en.")]
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output (documented in the README).")]


@dataclass
class Settings:
    """Global options, passed to commands through ``ctx.obj``."""

    paths: list[Path] = field(default_factory=list)
    default: bool = True
    cache: bool = True
    _index: Any = None

    def index(self) -> Any:
        """The loaded glossary's index (from the on-disk cache unless --no-cache); a load
        failure ends the command with exit 3."""
        if self._index is None:
            from cli.progress import BuildProgress
            from glossary.errors import LoadError
            from glossary.index import Index

            try:
                with BuildProgress() as progress:
                    self._index = Index.open(
                        self.paths, default=self.default, cache=self.cache, progress=progress
                    )
            except LoadError as exc:
                fail(str(exc), ExitCode.LOAD)
        return self._index


def fail(message: str, code: ExitCode) -> NoReturn:
    """One line on stderr, then the exit code."""
    from cli.render import clean

    sys.stderr.write(f"glossary: {clean(message)}\n")
    raise typer.Exit(int(code))


def _version(value: bool) -> None:
    if value:
        from glossary import __version__

        sys.stdout.write(f"glossary {__version__}\n")
        raise typer.Exit()


def _check_lang(value: str | None) -> str | None:
    if value is not None and value not in ("it", "en"):
        raise typer.BadParameter("use 'it' or 'en'")
    return value


@app.callback()
def main(
    ctx: typer.Context,
    glossary: Annotated[
        Optional[list[Path]],
        typer.Option("--glossary", "-g", help="Extra glossary file or folder, layered after the packaged data (repeatable)."),
    ] = None,
    no_default: Annotated[bool, typer.Option("--no-default", help="Leave out the packaged glossary.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read the YAML files, neither using nor updating the index cache.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Look up, translate and check Italian/English terminology.

    Example: glossary lookup "dell’Isis"
    """
    ctx.obj = Settings(paths=list(glossary or []), default=not no_default, cache=not no_cache)


@app.command()
def lookup(
    ctx: typer.Context,
    term: Annotated[str, typer.Argument(help="A term in any form: Isis, dell’Isis, jihadisti ...")],
    lang: Lang = None,
    json: Json = False,
) -> None:
    """Show the entry for a term, in Italian or English, in any form.

    Example: glossary lookup "stato islamico"
    """
    from glossary.errors import InputError
    from glossary.lookup import find

    term = text_argument(term, "the term")
    index = ctx.obj.index()
    try:
        result = find(term, index.store, lang=_check_lang(lang))
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    if json:
        from cli.output import emit, lookup_json

        emit(lookup_json(result, index))
    else:
        from cli.render import render_lookup

        render_lookup(result, index)
    if not result.hits:
        raise typer.Exit(int(ExitCode.NEGATIVE))


@app.command("list")
def list_(
    ctx: typer.Context,
    domain: Annotated[Optional[str], typer.Option("--domain", help="Only entries of this domain.")] = None,
    lang: Lang = None,
    contains: Annotated[Optional[str], typer.Option("--contains", help="Only entries with a term containing this text.")] = None,
    sort: Annotated[str, typer.Option("--sort", help="Sort by id, it or en.")] = "id",
    json: Json = False,
) -> None:
    """List entries: id, Italian and English preferred terms, domain.

    Example: glossary list --domain person --sort en
    """
    from glossary.listing import list_entries

    if sort not in ("id", "it", "en"):
        raise typer.BadParameter("use id, it or en", param_hint="--sort")
    rows = list_entries(ctx.obj.index(), domain=domain, lang=_check_lang(lang), contains=contains, sort=sort)
    if json:
        from cli.output import emit, list_json

        emit(list_json(rows))
    else:
        from cli.render import render_list

        render_list(rows)
    if not rows:
        raise typer.Exit(int(ExitCode.NEGATIVE))


@app.command()
def translate(
    ctx: typer.Context,
    phrase: Annotated[str, typer.Argument(help="Text to translate, or - to read standard input.")],
    source: Annotated[Optional[str], typer.Option("--from", help="Source language (default: detected).")] = None,
    target: Annotated[Optional[str], typer.Option("--to", help="Target language (default: the other one).")] = None,
    json: Json = False,
) -> None:
    """Translate a phrase term by term between Italian and English.

    Example: glossary translate "i disertori dell’Isis"
    """
    from glossary.errors import InputError
    from glossary.translate import translate as run_translation

    text = read_text_argument(phrase)
    index = ctx.obj.index()
    try:
        result = run_translation(
            text, index.store, index.concept, source=_check_lang(source), target=_check_lang(target)
        )
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    if json:
        from cli.output import emit, translation_json

        emit(translation_json(result))
    else:
        from cli.render import render_translation

        render_translation(result)


@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders to check on top of the loaded glossary.")] = None,
    json: Json = False,
) -> None:
    """Validate the glossary: structure, references, completeness and neutral wording.

    Example: glossary check my-terms.yaml
    """
    from glossary.check import check_paths

    settings: Settings = ctx.obj
    report = check_paths([*settings.paths, *(paths or [])], default=settings.default)
    if json:
        from cli.output import check_json, emit

        emit(check_json(report))
    else:
        from cli.render import render_check

        render_check(report)
    if not report.clean:
        raise typer.Exit(int(ExitCode.NEGATIVE))


@app.command()
def annotate(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A UTF-8 text file, or - to read standard input.")],
    show: Annotated[bool, typer.Option("--show", help="Print the text with the terms highlighted.")] = False,
    missing: Annotated[bool, typer.Option("--missing", help="Also list names and words the glossary lacks.")] = False,
    lang: Lang = None,
    json: Json = False,
) -> None:
    """Find every glossary term in a text: which concepts, how often, on which lines.

    Example: glossary annotate article.txt --missing
    """
    from glossary.annotate import annotate as run_annotation
    from glossary.annotate import missing_terms

    text = read_text_file(file)
    index = ctx.obj.index()
    result = run_annotation(text, index.store, lang=_check_lang(lang))
    candidates = missing_terms(text, result) if missing else None
    if json:
        from cli.output import annotation_json, emit

        emit(annotation_json(result, candidates))
    else:
        from cli.render import render_annotation

        render_annotation(text, result, index, candidates, show=show)
    if not result.occurrences:
        raise typer.Exit(int(ExitCode.NEGATIVE))


#: Texts larger than this are refused rather than read into memory.
MAX_TEXT_BYTES = 256 * 1024 * 1024


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
        fail(f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", ExitCode.USAGE)


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


def run() -> None:
    """Console entry point: Ctrl-C and a closed pipe end quietly, never with a traceback."""
    try:
        try:
            app()
        finally:
            # Buffered output meets a closed pipe here at the latest, not in the interpreter's
            # own flush at exit (which would print "Exception ignored ... BrokenPipeError").
            sys.stdout.flush()
    except KeyboardInterrupt:
        sys.stderr.write("glossary: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # Output was cut short by the reader (glossary list | head -1): nothing to report.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(int(ExitCode.OK))


from cli import exchange as _exchange  # noqa: E402
app.command("export")(_exchange.export)
app.command("import")(_exchange.import_)
