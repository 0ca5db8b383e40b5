"""The Typer application: one screenful per command, all decisions in the library."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli import completion as complete
from cli.exitcodes import ExitCode
from cli.session import Settings, fail, read_text_argument, read_text_file
from cli.session import lookup as lookup_command

app = typer.Typer(
    name="glossary",
    help="Italian/English terminology for news on jihadist foreign fighters.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Lang = Annotated[
    str | None, typer.Option("--lang", help="Search only this side: it or en.", autocompletion=complete.LANGS)
]
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output (documented in the README).")]


def _when(name: str, help: str) -> typer.models.OptionInfo:
    """An option that takes auto, always or never."""
    return typer.Option(name, metavar="auto|always|never", help=help, autocompletion=complete.WHEN)  # type: ignore[no-any-return]


def _version(value: bool) -> None:
    if value:
        from glossary import __version__

        sys.stdout.write(f"glossary {__version__}\n")
        raise typer.Exit()


def _check_lang(value: str | None) -> str | None:
    """The language code given, in any case ("EN", "It")."""
    if value is None:
        return None
    if value.lower() not in ("it", "en"):
        raise typer.BadParameter("use 'it' or 'en'")
    return value.lower()


@app.callback()
def main(
    ctx: typer.Context,
    glossary: Annotated[
        list[str] | None,  # not Path, which would read "" as the current folder
        typer.Option(
            "--glossary",
            "-g",
            metavar="<path>",
            help="Extra glossary file or folder, layered after the packaged data (repeatable).",
        ),
    ] = None,
    no_default: Annotated[
        bool, typer.Option("--no-default", help="Leave out the packaged glossary.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read the YAML files, neither using nor updating the index cache."),
    ] = False,
    color: Annotated[str | None, _when("--color", "Colour and styles in the output.")] = None,
    pager: Annotated[str | None, _when("--pager", "Page long output in a terminal.")] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Look up, translate and check Italian/English terminology.

    Example: glossary lookup "dell’Isis"
    """
    for name, value in (("--color", color), ("--pager", pager)):
        if value is not None and value not in ("auto", "always", "never"):
            raise typer.BadParameter("use auto, always or never", param_hint=name)
    paths = list(glossary or [])
    if ctx.invoked_subcommand == "config":  # `config path` must answer even when the file is broken
        ctx.obj = Settings(paths=paths, default=not no_default, cache=not no_cache)
        return
    ctx.obj = Settings.resolve(paths, default=not no_default, cache=not no_cache, color=color, pager=pager)


@app.command()
def lookup(
    ctx: typer.Context,
    term: Annotated[
        str,
        typer.Argument(
            help="A term in any form: Isis, dell’Isis, jihadisti ...", autocompletion=complete.terms
        ),
    ],
    lang: Lang = None,
    json: Json = False,
    brief: Annotated[
        bool | None,
        typer.Option(
            "--brief/--full",
            "-b",
            help="One line a match, or the whole entry (default: the config's 'brief').",
        ),
    ] = None,
) -> None:
    """Show the entry for a term, in Italian or English, in any form.

    Example: glossary lookup "stato islamico"
    """
    settings: Settings = ctx.obj
    lang = _check_lang(lang) or settings.lang
    code = lookup_command(settings, term, lang, json, brief=settings.brief if brief is None else brief)
    if code:
        raise typer.Exit(int(code))


@app.command("list")
def list_(
    ctx: typer.Context,
    domain: Annotated[
        str | None,
        typer.Option(
            "--domain",
            help="Only entries of this domain (see 'glossary domains').",
            autocompletion=complete.domains,
        ),
    ] = None,
    lang: Lang = None,
    contains: Annotated[
        str | None, typer.Option("--contains", help="Only entries with a term containing this text.")
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="Sort by id, it or en.", autocompletion=complete.SORTS)
    ] = "id",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="table|tsv|csv|json",
            help="Output format.",
            autocompletion=complete.LIST_FORMATS,
        ),
    ] = "table",
    json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
) -> None:
    """List entries: id, Italian and English preferred terms, domain.

    Example: glossary list --domain person --sort en --format csv
    """
    from glossary.errors import InputError
    from glossary.listing import list_entries, resolve_domain

    if sort not in ("id", "it", "en"):
        raise typer.BadParameter("use id, it or en", param_hint="--sort")
    if fmt not in LIST_FORMATS:
        raise typer.BadParameter("use table, tsv, csv or json", param_hint="--format")
    settings: Settings = ctx.obj
    index = settings.index()
    if domain is not None:
        try:
            domain = resolve_domain(index, domain)
        except InputError as exc:
            fail(str(exc), ExitCode.USAGE)
    rows = list_entries(
        index, domain=domain, lang=_check_lang(lang) or settings.lang, contains=contains, sort=sort
    )
    _print_rows(rows, "json" if json else fmt)
    if not rows:
        raise typer.Exit(int(ExitCode.NEGATIVE))


LIST_FORMATS = ("table", "tsv", "csv", "json")


def _print_rows(rows: list[tuple[str, str, str, str]], fmt: str) -> None:
    if fmt == "json":
        from cli.output import emit, list_json

        emit(list_json(rows))
    elif fmt in ("tsv", "csv"):
        from cli.output import list_delimited

        sys.stdout.write(list_delimited(rows, fmt))
    else:
        from cli.render import render_list

        render_list(rows)


@app.command()
def domains(ctx: typer.Context, json: Json = False) -> None:
    """List the domains, with their names in both languages and how many entries each has.

    Example: glossary domains
    """
    from glossary.listing import domain_counts

    counts = domain_counts(ctx.obj.index())
    if json:
        from cli.output import domains_json, emit

        emit(domains_json(counts))
    else:
        from cli.render import render_domains

        render_domains(counts)


@app.command()
def translate(
    ctx: typer.Context,
    phrase: Annotated[str, typer.Argument(help="Text to translate, or - to read standard input.")],
    source: Annotated[
        str | None,
        typer.Option("--from", help="Source language (default: detected).", autocompletion=complete.LANGS),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--to", help="Target language (default: the other one).", autocompletion=complete.LANGS),
    ] = None,
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
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to check on top of the loaded glossary.")
    ] = None,
    json: Json = False,
    select: Annotated[
        str | None, typer.Option("--select", help="Only these codes or groups, comma-separated: E2,W302.")
    ] = None,
    ignore: Annotated[
        str | None, typer.Option("--ignore", help="Leave out these codes or groups: W3.")
    ] = None,
    explain: Annotated[
        str | None, typer.Option("--explain", help="Say the rule behind a code and exit.")
    ] = None,
) -> None:
    """Validate the glossary: structure, references, completeness and neutral wording.

    Example: glossary check my-terms.yaml --ignore W3
    """
    from glossary.check import check_paths, selector
    from glossary.errors import Code, InputError

    if explain is not None:
        from glossary.check import explain as rule_of

        codes = {code.value: code for code in Code}
        if explain.upper() not in codes:
            fail(
                f"no check code '{explain}' (codes: E100-E109, E201-E209, W301-W308, N401-N402)",
                ExitCode.USAGE,
            )
        sys.stdout.write(rule_of(codes[explain.upper()]) + "\n")
        return
    try:
        wanted = selector(_codes(select), _codes(ignore))
    except InputError as exc:
        fail(str(exc), ExitCode.USAGE)
    settings: Settings = ctx.obj
    report = check_paths(
        [*settings.paths, *(paths or [])],
        default=settings.default,
        configured=settings.configured,
        select=wanted,
    )
    if json:
        from cli.output import check_json, emit

        emit(check_json(report))
    else:
        from cli.render import render_check

        render_check(report)
    if not report.clean:
        raise typer.Exit(int(ExitCode.NEGATIVE))


def _codes(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@app.command()
def annotate(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A UTF-8 text file, or - to read standard input.")],
    show: Annotated[bool, typer.Option("--show", help="Print the text with the terms highlighted.")] = False,
    missing: Annotated[
        bool, typer.Option("--missing", help="Also list names and words the glossary lacks.")
    ] = False,
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
    result = run_annotation(text, index.store, lang=_check_lang(lang) or ctx.obj.lang)
    candidates = missing_terms(text, result) if missing else None
    if json:
        from cli.output import annotation_json, emit

        emit(annotation_json(result, candidates))
    else:
        from cli.render import render_annotation

        render_annotation(text, result, index, candidates, show=show)
    if not result.occurrences:
        raise typer.Exit(int(ExitCode.NEGATIVE))


from cli import add as _add
from cli import config as _config
from cli import exchange as _exchange

app.command("export")(_exchange.export)
app.command("import")(_exchange.import_)
app.command("add")(_add.add)
app.command("edit")(_add.edit)
app.add_typer(_config.config_app, name="config")

from cli import qa as _qa

app.command("qa")(_qa.qa)

from cli import site as _site

app.command("site")(_site.site)


def _reflowed(doc: str) -> str:
    """A docstring with each paragraph on one line: Typer keeps the line breaks of the
    paragraphs after the first as written, and the terminal wraps them again."""
    import inspect

    return "\n\n".join(" ".join(paragraph.split()) for paragraph in inspect.cleandoc(doc).split("\n\n"))


for _command in app.registered_commands:
    if _command.help is None and _command.callback is not None and _command.callback.__doc__:
        _command.help = _reflowed(_command.callback.__doc__)
