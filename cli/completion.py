"""What the shell completes, beyond commands and options (which Typer completes itself):
terms from the index, domain names, and the values of options that take a few.

Each function here is given to Typer as an option's ``autocompletion``; it answers from the
index cache alone (``glossary.completion``) and never fails: a completion that cannot be
had offers nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from typer._click.shell_completion import CompletionItem

#: Characters bash would read as syntax in an inserted word.
_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&;|<>()*?#~{}\[\]])""")


def complete_in_shell(app: typer.Typer, args: list[str]) -> NoReturn:
    """Answer the shell's completion script (Typer's protocol), with two changes made through
    Click's completion-class registry: bash gets each candidate escaped as typed text (it
    inserts candidates as they are, and a term of two words would become two arguments),
    and zsh and fish get each command's help as written, where Typer would import Rich to
    strip markup this app's help texts do not hold (doubling the time a completion takes)."""
    from typer import _completion_classes as shells
    from typer._click.shell_completion import add_completion_class
    from typer.main import get_command

    class Bash(shells.BashComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return _BASH_SPECIAL.sub(r"\\\1", item.value)

    class Zsh(shells.ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            # _arguments's spec: "value":"help", each quoted for zsh's eval of the output
            value = f'"{_zsh_quoted(item.value)}"'
            return f'{value}:"{_zsh_quoted(item.help)}"' if item.help else value

    class Fish(shells.FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}\t{' '.join(item.help.split())}" if item.help else item.value

    command = get_command(app)  # registers Typer's own classes, which these then replace
    for shell in (Bash, Zsh, Fish):
        add_completion_class(shell, shell.name)
    command.main(args=args, prog_name="glossary")
    raise SystemExit(0)  # not reached: main ends with SystemExit


def _zsh_quoted(text: str) -> str:
    """Text inside double quotes of an _arguments spec that zsh evaluates."""
    for plain, quoted in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`"), (":", "\\\\:")):
        text = text.replace(plain, quoted)
    return text


def terms(ctx: typer.Context, incomplete: str) -> list[str]:
    """Terms and forms of the loaded glossary (-g layers and the config's count) that begin
    as the word being typed."""
    from glossary.completion import complete_terms

    paths, default, configured = _layers(ctx)
    return complete_terms(incomplete, paths, default=default, configured=configured)


def ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Entry ids of the loaded glossary that begin as the word being typed."""
    from glossary.completion import complete_ids

    paths, default, configured = _layers(ctx)
    return complete_ids(incomplete, paths, default=default, configured=configured)


def _layers(ctx: typer.Context) -> tuple[list[str], bool, list[Path]]:
    """(-g paths, packaged?, configured layers) as the command line being completed gives
    them; a broken config file counts for nothing here (the command itself will say so)."""
    from glossary.config import resolve
    from glossary.errors import LoadError

    params = ctx.find_root().params
    paths = list(params.get("glossary") or [])
    try:
        configured = resolve().loaded_layers(paths)
    except LoadError:
        configured = []
    return paths, not params.get("no_default"), configured


def choices(*values: str) -> Callable[[str], list[str]]:
    """Completion for an option that takes one of a few values."""

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete.lower())]

    return complete


def domains(incomplete: str) -> list[str]:
    from glossary.model import DOMAINS

    return [name for name in DOMAINS if name.startswith(incomplete.lower())]


LANGS = choices("it", "en")
WHEN = choices("auto", "always", "never")
EXPORT_FORMATS = choices("tbx", "tbx2", "omegat", "deepl", "csv", "json", "stardict")
IMPORT_FORMATS = choices("tbx", "csv", "omegat", "deepl")
LIST_FORMATS = choices("table", "tsv", "csv", "json")
SORTS = choices("id", "it", "en")
GENDERS = choices("masculine", "feminine", "common")
SEVERITIES = choices("error", "warning", "note")
QA_FORMATS = choices("auto", "lines", "table")
