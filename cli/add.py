"""``glossary add`` and ``glossary edit``: a user's own entries, written and checked."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli import completion as complete
from cli.exitcodes import ExitCode
from cli.session import Settings, fail

if TYPE_CHECKING:
    from glossary.authoring import Draft, Placement
    from glossary.errors import Problem

DRAFT_NAME = "add-draft.yaml"


_It = Annotated[list[str] | None, typer.Option("--it", help="An Italian term; the first is preferred.")]
_En = Annotated[list[str] | None, typer.Option("--en", help="An English term; the first is preferred.")]
_Domain = Annotated[
    str,
    typer.Option(
        "--domain", help="The entry's domain (see 'glossary domains').", autocompletion=complete.domains
    ),
]
_Id = Annotated[str | None, typer.Option("--id", help="The entry's id (default: from the English term).")]
_DefIt = Annotated[str | None, typer.Option("--def-it", help="The Italian definition.")]
_DefEn = Annotated[str | None, typer.Option("--def-en", help="The English definition.")]
_Sources = Annotated[
    list[str] | None, typer.Option("--source", help="A URL, or 'citation | URL' (repeatable).")
]
_Gender = Annotated[
    str | None, typer.Option("--gender", help="The Italian terms' gender.", autocompletion=complete.GENDERS)
]
_Edit = Annotated[bool, typer.Option("--edit", "-e", help="Open the entry in the editor first.")]
_Resume = Annotated[bool, typer.Option("--resume", help="Reopen the draft a failed add kept.")]
_Replace = Annotated[bool, typer.Option("--replace", help="Replace an entry with the same id.")]


def add(
    ctx: typer.Context,
    it: _It = None,
    en: _En = None,
    domain: _Domain = "concept",
    concept_id: _Id = None,
    def_it: _DefIt = None,
    def_en: _DefEn = None,
    source: _Sources = None,
    gender: _Gender = None,
    edit: _Edit = False,
    resume: _Resume = False,
    replace: _Replace = False,
) -> None:
    """Add an entry to your glossary file, checked as 'glossary check' checks.

    The file is the -g file, else the config's user_glossary, else user.yaml in the
    platform's data folder, loaded from then on. With no terms, in a terminal, a template
    opens in $VISUAL or $EDITOR. An entry that fails its check is kept as a draft.

    Example: glossary add --en "hijrah traveller" --it "viaggiatore della hijra" --gender masculine --def-it "..." --def-en "..." --source https://...
    """
    from glossary.authoring import draft_from_options, draft_text

    settings: Settings = ctx.obj
    target = _target(settings)
    draft_path = _draft_path()
    if resume:
        if not draft_path.is_file():
            fail("no draft to resume: the last add succeeded or none failed", ExitCode.USAGE)
        text = _edited(draft_path, draft_path.read_text(encoding="utf-8"))
    else:
        draft = draft_from_options(
            it=it or [],
            en=en or [],
            domain=domain,
            concept_id=concept_id,
            def_it=def_it,
            def_en=def_en,
            sources=source or [],
            gender=gender,
        )
        if edit or (not it and not en and sys.stdin.isatty() and sys.stdout.isatty()):
            text = _edited(draft_path, draft_text(draft, target, template=True))
        elif not it and not en:
            fail(
                "give the terms (--it, --en), or run in a terminal or with --edit for a template",
                ExitCode.USAGE,
            )
        else:
            text = draft_text(draft, target, template=False)
    _add(settings, target, draft_path, text, replace=replace)


def _add(settings: Settings, target: Path, draft_path: Path, text: str, *, replace: bool) -> None:
    from glossary.authoring import check_placement, draft_text, read_draft, with_id
    from glossary.errors import InputError

    try:
        parsed = read_draft(text, str(draft_path))
    except InputError as exc:
        _keep(draft_path, text)
        fail(f"{exc}; the draft is kept (glossary add --resume)", ExitCode.NEGATIVE)
    if parsed is None:
        draft_path.unlink(missing_ok=True)
        fail("nothing added: the entry is empty", ExitCode.NEGATIVE)
    draft = with_id(parsed)
    placement = _placed(settings, target, draft, draft_path, text, replace=replace)
    problems = check_placement(
        placement, target, settings.paths, default=settings.default, configured=settings.configured
    )
    if problems:
        normal = draft_text(draft, target, template=False)
        _keep(draft_path, normal)
        first_line = normal.count("\n") - (placement.last - placement.first)
        for problem in problems:
            sys.stderr.write(_in_draft(problem, draft_path, placement, first_line) + "\n")
        fail(
            f"not added: the entry has {len(problems)} problem{'s' * (len(problems) > 1)}; "
            f"the draft is kept: {draft_path} (glossary add --resume)",
            ExitCode.NEGATIVE,
        )
    _write(target, placement.text)
    draft_path.unlink(missing_ok=True)
    verb = "replaced" if placement.replaced else "added"
    sys.stdout.write(f"{verb} '{draft.entry['id']}' in {target}:{placement.first}\n")


def _placed(
    settings: Settings, target: Path, draft: Draft, draft_path: Path, text: str, *, replace: bool
) -> Placement:
    """Where the entry goes in the target file; an id taken elsewhere is refused unless
    ``replace`` (then the new entry overrides it, as a later layer does)."""
    from glossary.authoring import place
    from glossary.errors import InputError, LoadError
    from glossary.sources import read_bytes

    existing = None
    if target.exists():
        try:
            existing = read_bytes(target).decode("utf-8")
        except (LoadError, UnicodeDecodeError) as exc:
            fail(f"{target}: cannot add to it: {exc}", ExitCode.LOAD)
    concept_id = draft.entry.get("id")
    try:
        placement = place(existing, draft, str(target), replace=replace)
    except InputError as exc:
        _keep(draft_path, text)
        fail(f"{exc}; use --replace to replace it (the draft is kept)", ExitCode.NEGATIVE)
    except LoadError as exc:
        fail(str(exc), ExitCode.LOAD)
    other = settings.index().concept(concept_id) if isinstance(concept_id, str) else None
    if other is not None and not placement.replaced and not replace:
        _keep(draft_path, text)
        fail(
            f"'{concept_id}' is an entry already ({other.origin}); use --replace to override it "
            f"from {target}, or another --id (the draft is kept)",
            ExitCode.NEGATIVE,
        )
    return placement


def _in_draft(problem: Problem, draft_path: Path, placement: Placement, first_line: int) -> str:
    """The problem as a line of the draft file the user will open."""
    from glossary.errors import Location

    location = problem.location
    line = location.line if location else None
    where = Location(str(draft_path), first_line + line - placement.first if line else None, None)
    return f"{where}: {problem.code.value} {problem.message}"


def _target(settings: Settings) -> Path:
    """The file an entry goes to: the last -g, else the config's user glossary."""
    if settings.paths:
        target = Path(settings.paths[-1]).expanduser()
        if target.is_dir():
            fail(f"{target}: is a folder; give -g the YAML file to add to", ExitCode.USAGE)
        if target.suffix not in (".yaml", ".yml"):
            fail(f"{target}: a glossary file's name ends in .yaml or .yml", ExitCode.USAGE)
        if target.exists() and not target.is_file():  # a FIFO would hold the read for ever
            fail(f"{target}: not a regular file; give -g a YAML file", ExitCode.USAGE)
        return target
    assert settings.config is not None
    return settings.config.user_glossary


def _draft_path() -> Path:
    from glossary.config import drafts_folder

    return drafts_folder() / DRAFT_NAME


def _keep(draft_path: Path, text: str) -> None:
    from glossary.exchange.files import write_atomic

    draft_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(draft_path, text.encode("utf-8"), force=True)


def _write(target: Path, text: str) -> None:
    from glossary.exchange.errors import OutputError
    from glossary.exchange.files import write_atomic

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"), force=True)
    except OutputError as exc:
        fail(str(exc), ExitCode.STREAM)
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror}", ExitCode.STREAM)


def _edited(draft_path: Path, text: str) -> str:
    """The draft after the user's editor has had it (kept on disk meanwhile)."""
    _keep(draft_path, text)
    run_editor(draft_path)
    return draft_path.read_text(encoding="utf-8")


def run_editor(path: Path, line: int | None = None) -> None:
    """Open the file in $VISUAL, else $EDITOR, else vi, at ``line`` (``+LINE``, which vi,
    Vim, Emacs, nano and most others take), and wait for it to close."""
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = [*shlex.split(editor), *([f"+{line}"] if line else []), str(path)]
    except ValueError as exc:
        fail(f"cannot read the editor command {editor!r}: {exc}", ExitCode.USAGE)
    try:
        status = subprocess.run(command, check=False).returncode
    except FileNotFoundError:
        fail(f"cannot run the editor '{command[0]}': not found (set VISUAL or EDITOR)", ExitCode.USAGE)
    except OSError as exc:
        fail(f"cannot run the editor '{command[0]}': {exc.strerror}", ExitCode.USAGE)
    if status != 0:
        fail(f"the editor exited with status {status}; {path} is as it left it", ExitCode.NEGATIVE)


def edit(
    ctx: typer.Context,
    concept_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The entry's id (see 'glossary list').", autocompletion=complete.ids
        ),
    ],
    packaged: Annotated[
        bool, typer.Option("--packaged", help="Allow editing the packaged glossary's own files.")
    ] = False,
) -> None:
    """Open an entry's file in the editor at its line, then check that file.

    Example: glossary edit returnee
    """
    from glossary.check import CheckReport, check_paths
    from glossary.sources import packaged_data_dir

    settings: Settings = ctx.obj
    found = _locate(settings, concept_id)
    if found is None:
        fail(f"no entry '{concept_id}' (glossary list --contains ... finds ids)", ExitCode.NEGATIVE)
    path, line = found
    if not packaged and path.resolve().is_relative_to(packaged_data_dir().resolve()):
        fail(
            f"'{concept_id}' is in the packaged glossary ({path}); override it in your own file with "
            f"glossary add --replace --id {concept_id} ..., or pass --packaged",
            ExitCode.USAGE,
        )
    run_editor(path, line)
    report = check_paths(settings.paths, default=settings.default, configured=settings.configured)
    mine = tuple(p for p in report.problems if p.location is not None and Path(p.location.path) == path)
    from cli.render import render_check

    render_check(CheckReport(mine, report.concepts, report.files), checked=str(path))
    if not CheckReport(mine, 0, 0).clean:
        raise typer.Exit(int(ExitCode.NEGATIVE))


def _locate(settings: Settings, concept_id: str) -> tuple[Path, int | None] | None:
    """The file and line of an entry: from the loaded glossary, or, when a file no longer
    loads (the mistake the user is coming to mend), from the text of the layers' files."""
    import re

    from glossary.errors import LoadError
    from glossary.index import Index
    from glossary.sources import layer_files, source_layers

    try:
        index = Index.open(settings.paths, default=settings.default, configured=settings.configured)
    except LoadError:
        pattern = re.compile(
            rf"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?{re.escape(concept_id)}[\"']?[ \t]*$", re.MULTILINE
        )
        try:
            layers = source_layers(settings.paths, default=settings.default, configured=settings.configured)
        except LoadError:
            return None
        for _, path in layer_files(layers)[0]:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            hit = pattern.search(text)
            if hit:
                return path, text.count("\n", 0, hit.start()) + 1
        return None
    concept = index.concept(concept_id)
    if concept is None or concept.origin is None:
        return None
    return Path(concept.origin.path), concept.origin.line
