"""What the shell completes, beyond commands and options (which Typer completes itself):
terms from the index, domain names, and the values of options that take a few.

Each function here is given to Typer as an option's ``autocompletion``; it answers from the
index cache alone (``glossary.completion``) and never fails: a completion that cannot be
had offers nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import typer

#: Characters bash would read as syntax in an inserted word.
_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&;|<>()*?#~{}\[\]])""")


def _for_shell(values: list[str]) -> list[str]:
    """Values as the shell's completion script inserts them: bash inserts what it is given
    as typed text, so a term of two words needs its space escaped; zsh and fish quote."""
    if os.environ.get("_GLOSSARY_COMPLETE", "").endswith("bash"):
        return [_BASH_SPECIAL.sub(r"\\\1", value) for value in values]
    return values


def terms(ctx: typer.Context, incomplete: str) -> list[str]:
    """Terms and forms of the loaded glossary (-g layers and the config's count) that begin
    as the word being typed."""
    from glossary.completion import complete_terms

    params = ctx.find_root().params
    paths = list(params.get("glossary") or [])
    from glossary.config import resolve
    from glossary.errors import LoadError

    try:
        config = resolve()
        user = config.user_glossary
        configured = [*config.layers, *([user] if user.is_file() else [])]
    except LoadError:  # a broken config file: the command itself will say so
        configured = []
    return _for_shell(
        complete_terms(incomplete, paths, default=not params.get("no_default"), configured=configured)
    )


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
