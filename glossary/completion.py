"""Terms for shell completion: those that begin as a half-typed word does, in either language.

Answered from the index cache alone, and only when it is up to date: completion must answer
in a blink, so it never builds the index nor reads the YAML (any other command brings the
cache up to date, and completion offers terms again from then on).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .text import fold

if TYPE_CHECKING:
    from .cache.store import CachedGlossary

#: At most this many terms are offered: a shell shows a screenful.
MAX_TERMS = 40


def complete_ids(
    typed: str,
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    default: bool = True,
    configured: Sequence[str | os.PathLike[str]] = (),
    cache_dir: Path | None = None,
) -> list[str]:
    """The entry ids that begin with ``typed`` (for ``glossary edit``); empty when the index
    cache is missing or out of date."""
    source = _current(paths, default, configured, cache_dir)
    if source is None:
        return []
    try:
        return source.names_starting(typed.strip().lower(), MAX_TERMS)
    finally:
        source.close()


def _current(
    paths: Sequence[str | os.PathLike[str]],
    default: bool,
    configured: Sequence[str | os.PathLike[str]],
    cache_dir: Path | None,
) -> CachedGlossary | None:
    from .cache import open_current
    from .errors import LoadError
    from .sources import source_layers

    try:
        layers = source_layers(paths, default=default, configured=configured)
    except LoadError:
        return None
    return open_current(layers, root=cache_dir)


def complete_terms(
    typed: str,
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    default: bool = True,
    configured: Sequence[str | os.PathLike[str]] = (),
    cache_dir: Path | None = None,
) -> list[str]:
    """The terms and recorded forms that begin as ``typed`` does, ignoring case, accents and
    apostrophes, shortest first. Each keeps what was typed as it was typed and goes on as the
    term is written ("stato is" → "stato islamico"), since shells keep only candidates that
    begin with the word on the line. Empty when the index cache is missing or out of date."""
    wanted = " ".join(fold(typed).split())
    if not wanted:
        return []
    source = _current(paths, default, configured, cache_dir)
    if source is None:
        return []
    try:
        first, _, rest = wanted.partition(" ")
        forms = source.forms_starting(first, rest.split(" ")[0] if rest else None)
        found: dict[str, str] = {}
        for form in forms:
            folded = " ".join(fold(form.surface).split())
            if folded.startswith(wanted):
                found.setdefault(folded, _continued(typed, form.surface))
    finally:
        source.close()
    return [found[k] for k in sorted(found, key=lambda k: (len(k), k))][:MAX_TERMS]


def _continued(typed: str, surface: str) -> str:
    """The surface form, begun with the typed text where the two fold alike letter for letter
    (the usual case), else the surface form as it is written."""
    head = surface[: len(typed)]
    if len(head) == len(typed) and fold(head) == fold(typed):
        return typed + surface[len(typed) :]
    return surface
