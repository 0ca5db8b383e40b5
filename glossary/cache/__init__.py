"""The on-disk index of a layered glossary: one SQLite file that answers without reading YAML.

The YAML files stay the only source of truth; this is a cache of what the loader makes of
them, keyed by their content. One database serves one list of layers. It holds, for every
file, its stat signature and SHA-256; for every concept, its record and its matcher forms;
and an index from every string the matcher can ask for to the forms filed under it
(``glossary.forms.filings``). The package's modules, by concern:

- ``codec``: records as bytes (pack and unpack), and the rows that file a form; no SQLite;
- ``freshness``: whether the database answers for the files as they are, and for this code;
- ``compile``: the YAML files made into records, in worker processes when it pays;
- ``build``: the schema, building a fresh database, updating one, the builders' lock;
- ``store``: answering from it (``CachedGlossary``), and ``formstore`` the matcher's
  questions (``SqliteStore``).

This package imports ``sqlite3``: it is itself only imported when an index is opened, never
by ``import glossary``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..errors import CacheError
from .build import open_database, open_if_fresh
from .formstore import SqliteStore
from .store import CachedGlossary

#: Called during a build with the stage ("reading" or "indexing"), work done and work total.
Progress = Callable[[str, int, int], None]


def cache_root(environ: Mapping[str, str] | None = None) -> Path:
    """The user's cache folder for the glossary: $XDG_CACHE_HOME/glossary when it is set."""
    from ..config import user_folder

    return user_folder("cache", os.environ if environ is None else environ)


def database_path(layers: Sequence[Path], root: Path) -> Path:
    """The database of one list of layers: one file per distinct list.

    A checksum names it (hashlib's import costs more than a whole warm lookup's queries);
    two lists that collided would only take turns updating one database.
    """
    import zlib

    data = "\n".join(str(layer.absolute()) for layer in layers).encode("utf-8", "surrogateescape")
    return root / f"layers-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.sqlite"


def open_cached(
    layers: Sequence[Path],
    *,
    root: Path | None = None,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
) -> CachedGlossary:
    """The glossary of these layers, answered from its (re)built database under ``root``.

    ``notify`` hears, in one line, of damage found in the database: when it is opened (it
    is built again) or while answering (the command finishes from the YAML)."""
    path = database_path(layers, root or cache_root())
    try:
        db = open_database(layers, path, progress, notify)
    except sqlite3.Error as exc:  # e.g. still locked by another build after BUSY_TIMEOUT_S
        raise CacheError(f"the index cache cannot be used: {exc}") from exc
    return CachedGlossary(db, path, layers, notify)


__all__ = ["CachedGlossary", "Progress", "SqliteStore", "cache_root", "database_path", "open_cached"]


def open_current(layers: Sequence[Path], *, root: Path | None = None) -> CachedGlossary | None:
    """The glossary of these layers from its database when that is up to date, else None
    (nothing is built or read from YAML)."""
    try:
        db = open_if_fresh(layers, database_path(layers, root or cache_root()))
    except (OSError, sqlite3.Error):
        return None
    return CachedGlossary(db, database_path(layers, root or cache_root()), layers, None) if db else None
