"""Building and updating the database: its schema, inserting compiled files, the lock.

A fresh database is built in a temporary file and moved into place with ``os.replace``;
updates run in one SQLite transaction. Builders take an exclusive lock on a side file, so
that two processes building at once both succeed and the second reuses the first one's
work. A database SQLite cannot read is deleted and rebuilt.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Progress
    from .compile import Compiled

from ..errors import CacheError, LoadError, Problem
from ..match import collector_paused
from .freshness import (
    DAMAGE,
    Known,
    Wanted,
    code_key,
    digest_of,
    header_sound,
    is_racy,
    known_files,
    read_meta,
    seal_broken,
    seal_path,
    up_to_date,
    wanted_files,
    write_seal,
)

#: How long a process waits for another one's build or write to finish.
BUSY_TIMEOUT_S = 300.0
#: Databases unused for this long are removed when a new one is built.
STALE_AFTER_S = 30 * 24 * 3600

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    layer INTEGER NOT NULL,
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    digest BLOB NOT NULL,
    racy INTEGER NOT NULL,
    spell_keys BLOB NOT NULL,
    spell_entries BLOB NOT NULL,
    UNIQUE(layer, path)
);
CREATE TABLE concepts(
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    name TEXT NOT NULL,
    live INTEGER NOT NULL DEFAULT 1,
    record BLOB NOT NULL,
    forms BLOB NOT NULL
);
-- Each form (by its place in its concept's packed forms) under each string it answers to.
-- Under its first token and its stem, which the matcher sorts forms by before it reads them,
-- also its first token (NULL where that is the string) and its second ('' for one token);
-- NULL and '' under the other strings.
CREATE TABLE keys(
    k TEXT NOT NULL,
    concept INTEGER NOT NULL,
    form INTEGER NOT NULL,
    role INTEGER NOT NULL,
    first TEXT,
    second TEXT NOT NULL,
    PRIMARY KEY(k, concept, form)
) WITHOUT ROWID;
CREATE TABLE articles(
    file INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    source TEXT
);
"""
# Created after a fresh build's bulk insert, which is several times faster than keeping
# them up to date row by row.
_INDEXES = """
CREATE INDEX concepts_name ON concepts(name);
CREATE INDEX concepts_file ON concepts(file);
CREATE INDEX articles_file ON articles(file);
"""


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        uri = "file:" + _uri_path(path) + "?mode=ro"
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    else:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    return db


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()))


def remove_database(path: Path) -> None:
    for victim in (path, path.with_name(path.name + "-journal"), seal_path(path)):
        try:
            os.remove(victim)
        except FileNotFoundError:
            pass


def _prune(root: Path, keep: Path) -> None:
    """Remove databases nobody has used for a month (each one names one list of layers)."""
    limit = time.time() - STALE_AFTER_S
    for candidate in root.glob("*.sqlite"):
        try:
            used = max(candidate.stat().st_mtime, _mtime(seal_path(candidate)))
            if candidate != keep and used < limit:
                remove_database(candidate)
        except OSError:
            pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _touch(path: Path) -> None:
    """Mark a database as used, at most once a day, so that pruning spares it: its seal is
    touched, not the database, whose times the seal records."""
    seal = seal_path(path)
    try:
        if seal.stat().st_mtime < time.time() - 24 * 3600:
            os.utime(seal)
    except OSError:
        pass


def _insert(db: sqlite3.Connection, compiled: Compiled, file_id: int, next_concept: int) -> int:
    """Insert a compiled file's concepts, keys and articles; the next free concept id."""
    concept_rows: list[tuple[int, int, int, str, bytes, bytes]] = []
    key_rows: list[tuple[str, int, int, int, str | None, str]] = []
    for pos, name, record, forms, keys in compiled.concepts:
        concept_rows.append((next_concept, file_id, pos, name, record, forms))
        key_rows.extend((k, next_concept, n, role, first, second) for k, n, role, first, second in keys)
        next_concept += 1
    db.executemany(
        "INSERT INTO concepts(id, file, pos, name, record, forms) VALUES (?, ?, ?, ?, ?, ?)",
        concept_rows,
    )
    _insert_rows(db, "INSERT INTO keys(k, concept, form, role, first, second)", key_rows, 6)
    db.executemany(
        "INSERT INTO articles(file, pos, name, title, language, source) VALUES (?, ?, ?, ?, ?, ?)",
        [(file_id, *row) for row in compiled.articles],
    )
    return next_concept


#: Rows one INSERT statement carries (within the 999 parameters older SQLite allows): a
#: statement per row, as executemany runs, costs twice as much for a table of small rows.
_ROWS_PER_INSERT = 200


def _insert_rows(db: sqlite3.Connection, insert: str, rows: Sequence[tuple[object, ...]], width: int) -> None:
    """Insert ``rows`` of ``width`` values with ``insert`` ("INSERT INTO t(a, b)"), many a statement."""
    count = min(_ROWS_PER_INSERT, 999 // width)
    row = "(" + ", ".join("?" * width) + ")"
    whole = len(rows) - len(rows) % count
    if whole:
        values = list(chain.from_iterable(rows[:whole]))
        step = count * width
        db.executemany(
            f"{insert} VALUES {', '.join([row] * count)}",
            [values[i : i + step] for i in range(0, len(values), step)],
        )
    if whole < len(rows):
        db.executemany(f"{insert} VALUES {row}", rows[whole:])


def _file_row(file: Wanted, compiled: Compiled) -> tuple[object, ...]:
    compiled_stat = compiled.stat
    assert compiled_stat is not None
    return (
        file.layer,
        file.path,
        file.seq,
        compiled_stat.size,
        compiled_stat.mtime_ns,
        compiled_stat.ctime_ns,
        compiled_stat.inode,
        compiled.digest,
        int(is_racy(compiled_stat)),
        *compiled.spellings,
    )


_INSERT_FILE = (
    "INSERT INTO files(layer, path, seq, size, mtime_ns, ctime_ns, inode, digest, racy, spell_keys, spell_entries) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _settle(db: sqlite3.Connection, version: str, *, fresh: bool = False) -> None:
    """Mark which row of each id is in force (the last in load order) and record the count.

    Each statement that needs no row's record is answered from an index: a scan of the
    concepts table reads every record (a fresh build's rows are all in force already).
    """
    if not fresh:
        db.execute("UPDATE concepts SET live = 1 WHERE live = 0")
    repeated = db.execute("SELECT name, count(*) FROM concepts GROUP BY name HAVING count(*) > 1").fetchall()
    for name, _ in repeated:
        rows = db.execute(
            "SELECT c.id FROM concepts c JOIN files f ON f.id = c.file WHERE c.name = ? ORDER BY f.seq, c.pos",
            (name,),
        ).fetchall()
        db.executemany("UPDATE concepts SET live = 0 WHERE id = ?", rows[:-1])
    (total,) = db.execute("SELECT count(*) FROM concepts").fetchone()
    count = total - sum(times - 1 for _, times in repeated)
    db.executemany(
        "INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)",
        [("code", version), ("concepts", str(count))],
    )


def _build(path: Path, version: str, wanted: list[Wanted], progress: Progress | None) -> None:
    """Build a fresh database in a temporary file, then move it into place."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    # Builds hold the lock: any other temporary database is left by a build that was killed.
    for stale in path.parent.glob(f"{path.name}.*.tmp"):
        remove_database(stale)
    try:
        db = sqlite3.connect(temp, isolation_level=None)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072;"
                "PRAGMA temp_store = MEMORY;"
            )
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
            problems = _insert_files(db, wanted, {}, 1, progress, all_or_nothing=True)
            if problems:
                db.execute("ROLLBACK")
                raise LoadError(problems)
            _finish(db, version, progress, fresh=True)
        finally:
            db.close()
        remove_database(path)  # a stale hot journal must not be applied to the new file
        os.replace(temp, path)
        write_seal(path)
    finally:
        remove_database(temp)


def _update(db: sqlite3.Connection, version: str, wanted: list[Wanted], progress: Progress | None) -> None:
    """Bring a sound database up to date, re-reading only the files whose bytes changed.

    What did load is kept; the broken files keep their old signature, so that the next use
    looks at them again.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        known = known_files(db)
        changed = _changed_files(db, known, wanted)
        (last,) = db.execute("SELECT coalesce(max(id), 0) FROM concepts").fetchone()
        problems = _insert_files(db, changed, known, last + 1, progress, all_or_nothing=False)
        _finish(db, version, progress if changed else None, fresh=False)
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    if problems:
        raise LoadError(problems)


def _insert_files(
    db: sqlite3.Connection,
    files: list[Wanted],
    known: dict[tuple[int, str], Known],
    next_concept: int,
    progress: Progress | None,
    *,
    all_or_nothing: bool,
) -> list[Problem]:
    """Compile ``files`` and insert each one that loads in place of its old rows (``known``);
    the problems of those that do not. All or nothing: once a file has failed, the others
    are only read, so that every problem is reported."""
    problems: list[Problem] = []
    from .compile import compile_all  # imported before any build begins (open_database)

    compiled_files = compile_all([(w.path, w.layer) for w in files], [w.stat.size for w in files], progress)
    for file, compiled in zip(files, compiled_files):
        if compiled.problems or compiled.stat is None:
            problems.extend(compiled.problems)
            continue
        if problems and all_or_nothing:
            continue
        before = known.get((file.layer, file.path))
        if before is not None:
            _drop_file(db, before.id)
        file_id = db.execute(_INSERT_FILE, _file_row(file, compiled)).lastrowid
        assert file_id is not None
        next_concept = _insert(db, compiled, file_id, next_concept)
    return problems


def _finish(db: sqlite3.Connection, version: str, progress: Progress | None, *, fresh: bool) -> None:
    """The "indexing" stage that ends a build or an update: a fresh build's indexes, which
    are made after its bulk insert (several times faster than keeping them up to date row by
    row), the rows in force, the commit."""
    if progress is not None:
        progress("indexing", 0, 1)
    if fresh:
        for statement in _INDEXES.split(";"):
            if statement.strip():
                db.execute(statement)  # not executescript: that would commit
    _settle(db, version, fresh=fresh)
    db.execute("COMMIT")
    if progress is not None:
        progress("indexing", 1, 1)


def _changed_files(
    db: sqlite3.Connection, known: dict[tuple[int, str], Known], wanted: list[Wanted]
) -> list[Wanted]:
    """The files to read again: new ones, and those whose bytes changed. Files no longer
    wanted are dropped; a file whose signature changed but not its bytes (a touch, a copy)
    only has its signature, and its place in the load order, brought up to date."""
    keep = {(w.layer, w.path) for w in wanted}
    for key, gone in known.items():
        if key not in keep:
            _drop_file(db, gone.id)
    changed: list[Wanted] = []
    for file in wanted:
        seen = known.get((file.layer, file.path))
        if seen is None:
            changed.append(file)
            continue
        if seen.stat == file.stat and not seen.racy:
            if seen.seq != file.seq:
                db.execute("UPDATE files SET seq = ? WHERE id = ?", (file.seq, seen.id))
            continue
        try:
            stat, digest = digest_of(file.path)
        except (OSError, LoadError):
            changed.append(file)  # compiling it reports why
            continue
        if digest != seen.digest:
            changed.append(file)
            continue
        db.execute(
            "UPDATE files SET seq = ?, size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, racy = ? WHERE id = ?",
            (file.seq, stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode, int(is_racy(stat)), seen.id),
        )
    return changed


def _drop_file(db: sqlite3.Connection, file_id: int) -> None:
    db.execute("DELETE FROM keys WHERE concept IN (SELECT id FROM concepts WHERE file = ?)", (file_id,))
    db.execute("DELETE FROM concepts WHERE file = ?", (file_id,))
    db.execute("DELETE FROM articles WHERE file = ?", (file_id,))
    db.execute("DELETE FROM files WHERE id = ?", (file_id,))


def _open_fresh(
    path: Path, version: str, wanted: list[Wanted], *, racy_trusted: bool = False
) -> sqlite3.Connection | None:
    """A read-only connection to the database if it answers for these files as they are
    (``racy_trusted``: see ``up_to_date``)."""
    if not path.exists() or not header_sound(path) or seal_broken(path) is not False:
        return None
    try:
        db = _connect(path, readonly=True)
    except sqlite3.Error:
        return None
    try:
        if up_to_date(db, version, wanted, racy_trusted=racy_trusted):
            return db
    except (sqlite3.Error, *DAMAGE):
        pass
    db.close()
    return None


def open_if_fresh(layers: Sequence[Path], path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the database of these layers if it is up to date, else
    None: never builds, never reads a glossary file (what shell completion can afford), so a
    file written in the same instant as the index is taken as its stat shows it."""
    return _open_fresh(path, code_key(), wanted_files(layers), racy_trusted=True)


def open_database(
    layers: Sequence[Path],
    path: Path,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
) -> sqlite3.Connection:
    """A connection to the up-to-date database of these layers, building what is missing.

    Raises LoadError when a file cannot be loaded (as ``load_glossary`` would), OSError
    when the cache folder cannot be written, CacheError when a file name cannot be stored.
    """
    wanted = wanted_files(layers)
    for file in wanted:
        if not file.path.isascii():
            try:
                file.path.encode("utf-8")
            except UnicodeEncodeError as exc:  # SQLite holds text as UTF-8: read the YAML instead
                raise CacheError(f"{file.path!r}: the file name is not UTF-8") from exc
    version = code_key()
    db = _open_fresh(path, version, wanted)
    if db is not None:
        _touch(path)
        return db
    path.parent.mkdir(parents=True, exist_ok=True)
    # What a build needs, imported before it begins (a warm command never gets here): an
    # import interrupted by Ctrl-C part way through a build has ended the process with no
    # message, where an interrupted build itself ends cleanly with exit 130.
    from . import compile as _compile_module  # noqa: F401
    from .lock import BuildLock

    with BuildLock(path.with_name(path.name + ".lock")):
        # Another process may have done the work while this one waited for the lock.
        wanted = wanted_files(layers)
        db = _open_fresh(path, version, wanted)
        if db is not None:
            return db
        sound = False
        if path.exists() and seal_broken(path) and notify is not None:
            notify(f"{path}: the index cache was changed since it was built; building it again")
        if path.exists() and header_sound(path) and seal_broken(path) is False:
            try:
                db = _connect(path)
                sound = read_meta(db).get("code") == version
                if sound:
                    try:
                        with collector_paused():  # many small objects, no cycles
                            _update(db, version, wanted, progress)
                    finally:  # what did load is kept (or nothing changed): seal it as it is
                        write_seal(path)
                    return db
            except DAMAGE:
                sound = False
            finally:
                if not sound and db is not None:
                    db.close()
        with collector_paused():  # many small objects, no cycles
            _build(path, version, wanted, progress)
        _prune(path.parent, path)
    return _connect(path, readonly=True)
