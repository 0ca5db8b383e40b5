"""The on-disk index of a layered glossary: one SQLite file that answers without reading YAML.

The YAML files stay the only source of truth; this is a cache of what the loader makes of
them, keyed by their content. One database serves one list of layers. It holds, for every
file, its stat signature and SHA-256; for every concept, its record (the frozen model packed
with ``marshal``) and its matcher forms (``match.forms_of``, packed the same way); and an
index from every string the matcher can ask for (a form's first token, its compact key,
the stem of its first token) to the forms filed under it, with the roles the string plays
for each form and the form's first two tokens.

A question to the store (``filed_by_first("isis")``) fetches the rows filed under that
string in the role asked about, and reads no form: the matcher sorts the rows by the word
that must come next and reads (``read``) only those that the text goes on with. A long text
on a large glossary meets ten times more forms than it can match. Reading a group of rows
finds their concepts' places in load order and leaves out the concepts a later layer
replaced, so that what is read is exactly what a ``MemoryStore`` files under the string, in
the same order. The words of a text and their stems are asked for at once (``expect``). A
form is not filed under its whole key, which would take a row for every multi-word form:
``by_key`` keeps, of the forms whose key begins with the same word, those whose key is the
one asked for.

Freshness: a file whose (size, mtime_ns, ctime_ns, inode) are unchanged is trusted; one
whose stat changed is hashed, and re-parsed only if its bytes changed. A file written within
``RACY_NS`` of being indexed is hashed on every use until that window has passed, because a
second write in the same timestamp tick would leave its stat unchanged. Editing one file of a
large glossary therefore re-reads that file only.

Writes: a fresh database is built in a temporary file and moved into place with
``os.replace``; updates run in one SQLite transaction. Builders take an exclusive lock on a
side file, so that two processes building at once both succeed and the second reuses the
first one's work. A database SQLite cannot read is deleted and rebuilt.

This module imports ``sqlite3`` at the top: it is itself only imported when an index is
opened, never by ``import glossary``.
"""

from __future__ import annotations

import gc
import marshal
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, NamedTuple, Self, TypeVar

from .errors import CacheError, LoadError, Location, Problem
from .match import Case, Filed, Form, FormKind, MemoryStore, collector_paused, forms_of, stem
from .model import (
    LANGUAGES,
    MEMBERS,
    Article,
    Concept,
    Gender,
    LanguageSection,
    Number,
    PartOfSpeech,
    Provenance,
    Source,
    Status,
    Term,
    TermType,
)
from .sources import files_of, read_bytes

#: Bump when the layout or the packing changes; older databases are then rebuilt.
FORMAT = 4
#: A file modified this close to being indexed is verified by hash until the window passes.
RACY_NS = 2_000_000_000
#: Below this many bytes to parse, worker processes cost more than they save.
PARALLEL_BYTES = 4 * 1024 * 1024
#: How long a process waits for another one's build or write to finish.
BUSY_TIMEOUT_S = 300.0
#: Databases unused for this long are removed when a new one is built.
STALE_AFTER_S = 30 * 24 * 3600
#: How many answered strings a store remembers (a long text asks for the same words often).
REMEMBERED = 100_000
#: How many unpacked forms it shares between those answers.
REMEMBERED_FORMS = 4 * REMEMBERED

#: Called during a build with the stage ("reading" or "indexing"), work done and work total.
Progress = Callable[[str, int, int], None]

# The glossary's own modules whose code decides what is stored: a change to any of them
# (an editable install, an upgrade) invalidates every database.
_CODE_MODULES = ("cache.py", "loader.py", "yamlread.py", "model.py", "match.py", "text.py")

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
    UNIQUE(layer, path)
);
CREATE TABLE concepts(
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    name TEXT NOT NULL,
    live INTEGER NOT NULL DEFAULT 1,
    record BLOB NOT NULL,
    forms BLOB NOT NULL,
    spellings BLOB NOT NULL
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


# ---------------------------------------------------------------------------------------
# Where the database lives


def cache_root(environ: Mapping[str, str] | None = None) -> Path:
    """The user's cache folder for the glossary: $XDG_CACHE_HOME/glossary when it is set."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "glossary"
    if sys.platform.startswith("linux"):
        # platformdirs' rule on Linux, without the milliseconds its import costs.
        return Path.home() / ".cache" / "glossary"
    import platformdirs

    return Path(platformdirs.user_cache_dir("glossary", appauthor=False))


def database_path(layers: Sequence[Path], root: Path) -> Path:
    """The database of one list of layers: one file per distinct list.

    A checksum names it (hashlib's import costs more than a whole warm lookup's queries);
    two lists that collided would only take turns updating one database.
    """
    import zlib

    data = "\n".join(str(layer.absolute()) for layer in layers).encode("utf-8", "surrogateescape")
    return root / f"layers-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.sqlite"


def _code_key() -> str:
    """What, besides the YAML, decides the database's content."""
    here = Path(__file__).resolve().parent
    parts = [
        f"format {FORMAT}",
        f"python {sys.version_info[0]}.{sys.version_info[1]}",
        f"marshal {marshal.version}",
    ]
    for name in _CODE_MODULES:
        info = os.stat(here / name)
        parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
    # The stemmer decides which stems are filed; a new version may stem differently.
    import importlib.util

    spec = importlib.util.find_spec("Stemmer")
    origin = spec.origin if spec is not None else None
    if origin:
        info = os.stat(origin)
        parts.append(f"Stemmer {info.st_size} {info.st_mtime_ns}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------
# Packing the model


_TERM_TYPES = MEMBERS[TermType]
_STATUSES = MEMBERS[Status]
_POS = MEMBERS[PartOfSpeech]
_GENDERS = MEMBERS[Gender]
_NUMBERS = MEMBERS[Number]
_CASES = {m.value: m for m in Case}
_KINDS = {m.value: m for m in FormKind}

_Where = tuple[int, int] | None


def _where(location: Location | None) -> _Where:
    if location is None or location.line is None:
        return None
    return (location.line, location.column or 0)


def _location(path: str, where: _Where) -> Location | None:
    return Location(path, where[0], where[1] or None) if where is not None else None


# Packing reads an enum member's value as ``_value_``, its plain attribute: the ``value``
# property costs several times as much, and a build packs every term of the glossary.


def _pack_term(term: Term) -> tuple[object, ...]:
    return (
        term.text,
        term.type._value_,
        term.status._value_,
        term.pos._value_,
        term.gender._value_ if term.gender is not None else None,
        term.number._value_,
        term.plurals,
        term.forms,
        term.note,
        term.homonym,
        term.article,
        _where(term.origin),
    )


def _pack_section(section: LanguageSection | None) -> tuple[object, ...] | None:
    if section is None:
        return None
    return (
        tuple(_pack_term(t) for t in section.terms),
        section.definition,
        section.notes,
        _where(section.origin),
    )


def pack_concept(concept: Concept) -> bytes:
    """A concept as compact bytes; ``unpack_concept`` rebuilds an equal one."""
    record: Any = (
        concept.id,
        concept.domain,
        _pack_section(concept.it),
        _pack_section(concept.en),
        concept.related,
        tuple((s.citation, s.url) for s in concept.sources),
        tuple((p.article, p.forms) for p in concept.provenance),
        _where(concept.origin),
    )
    return marshal.dumps(record)


def _unpack_term(data: tuple, path: str) -> Term:  # type: ignore[type-arg]
    text, kind, status, pos, gender, number, plurals, forms, note, homonym, article, where = data
    return Term(
        text=text,
        type=_TERM_TYPES[kind],
        status=_STATUSES[status],
        pos=_POS[pos],
        gender=_GENDERS[gender] if gender is not None else None,
        number=_NUMBERS[number],
        plurals=plurals,
        forms=forms,
        note=note,
        homonym=homonym,
        article=article,
        origin=_location(path, where),
    )


def _unpack_section(data: tuple | None, path: str) -> LanguageSection | None:  # type: ignore[type-arg]
    if data is None:
        return None
    terms, definition, notes, where = data
    return LanguageSection(
        tuple(_unpack_term(t, path) for t in terms), definition, notes, _location(path, where)
    )


def unpack_concept(data: bytes, path: str) -> Concept:
    """The concept packed by ``pack_concept``; ``path`` is the file it came from."""
    try:
        concept_id, domain, it, en, related, sources, provenance, where = marshal.loads(data)
        return Concept(
            id=concept_id,
            domain=domain,
            it=_unpack_section(it, path),
            en=_unpack_section(en, path),
            related=related,
            sources=tuple(Source(c, u) for c, u in sources),
            provenance=tuple(Provenance(a, f) for a, f in provenance),
            origin=_location(path, where),
        )
    except (ValueError, EOFError, TypeError, KeyError) as exc:
        raise CacheError(f"damaged concept record: {exc}") from exc


def pack_forms(forms: Sequence[Form]) -> bytes:
    """A concept's forms as compact bytes, each packed on its own so that one of them can be
    unpacked without the others (``unpack_form``)."""
    return marshal.dumps(
        tuple(
            marshal.dumps(
                (
                    f.concept_id,
                    f.lang,
                    f.term,
                    f.surface,
                    f.tokens,
                    tuple([c._value_ for c in f.cases]),
                    f.kind._value_,
                    f.plural,
                    f.status_rank,
                    f.stemmable,
                )
            )
            for f in forms
        )
    )


#: The cases of a form's tokens, by their packed values: a form has few tokens, and the
#: same few patterns recur.
_CASE_RUNS: dict[tuple[str, ...], tuple[Case, ...]] = {}


def _unpack_form(data: bytes) -> Form:
    cid, lang, term, surface, tokens, cases, kind, plural, rank, stemmable = marshal.loads(data)
    known = _CASE_RUNS.get(cases)
    if known is None:
        known = tuple(_CASES[c] for c in cases)
        if len(_CASE_RUNS) < 4096:
            _CASE_RUNS[cases] = known
    return Form(cid, lang, term, surface, tokens, known, _KINDS[kind], plural, rank, stemmable)


_DAMAGED = (ValueError, EOFError, TypeError, KeyError, IndexError)


def unpack_forms(data: bytes) -> list[Form]:
    """The forms packed by ``pack_forms``."""
    try:
        return [_unpack_form(form) for form in marshal.loads(data)]
    except _DAMAGED as exc:
        raise CacheError(f"damaged form record: {exc}") from exc


def unpack_parts(data: bytes) -> tuple[bytes, ...]:
    """The forms packed by ``pack_forms``, each still packed (``unpack_form``)."""
    try:
        parts = marshal.loads(data)
    except _DAMAGED as exc:
        raise CacheError(f"damaged form record: {exc}") from exc
    if type(parts) is not tuple:
        raise CacheError("damaged form record: not a tuple")
    return parts


def unpack_form(parts: tuple[bytes, ...], index: int) -> Form:
    """One of the forms of ``unpack_parts``, by its place among them."""
    try:
        return _unpack_form(parts[index])
    except _DAMAGED as exc:
        raise CacheError(f"damaged form record: {exc}") from exc


def pack_spellings(forms: Sequence[Form]) -> bytes:
    """What fuzzy suggestions and name parts compare, kept apart from the forms so that a miss
    reads it without unpacking a form: (key, language, term) of each form."""
    return marshal.dumps(tuple((" ".join(f.tokens), f.lang, f.term) for f in forms))


def unpack_spellings(name: str, data: bytes) -> list[tuple[str, str, str, str]]:
    """(key, concept id, language, term) of each form of concept ``name``, from the bytes of
    ``pack_spellings``."""
    try:
        return [(key, name, lang, term) for key, lang, term in marshal.loads(data)]
    except _DAMAGED as exc:
        raise CacheError(f"damaged spelling record: {exc}") from exc


#: The roles a string can play for a form filed under it (bits of ``keys.role``): its first
#: token; the head of its key (the key up to its first space, which is the first token
#: unless that folds to several words, "ﷺ"); its compact key; the stem of its first token
#: (one bit per language).
FIRST, KEY, COMPACT = 1, 2, 4
STEM = {lang: 8 << n for n, lang in enumerate(LANGUAGES)}
_ANY_ROLE = (8 << len(LANGUAGES)) - 1
#: The roles under which a match sorts forms by their first two tokens before reading them.
_GROUPED = _ANY_ROLE & ~(KEY | COMPACT)
#: The single roles of each combination of roles.
_ROLES_OF = [tuple(1 << b for b in range(3 + len(LANGUAGES)) if n >> b & 1) for n in range(_ANY_ROLE + 1)]


#: A row of the index: the string a form is filed under, the form's place among its
#: concept's forms, the roles the string plays for it, and for the roles a match sorts forms
#: by (first token, stem) the form's first token (None where that is the string) and its
#: second ("" for a form of one token); None and "" for the other roles.
Filing = tuple[str, int, int, str | None, str]


def filed_under(form: Form, place: int = 0) -> list[Filing]:
    """The strings a form is filed under, with the roles each plays for it: where
    ``MemoryStore.add`` files it, but for its key, whose head stands for it.

    A build files every form of the glossary: the usual shapes are spelled out.
    """
    tokens = form.tokens
    first = tokens[0]
    if " " in first:  # it folds to several words: the key's head is the first of them
        return _filed_under(form, place)
    stemmed = STEM[form.lang] if form.stemmable else 0
    stem_ = stem(form.lang, first) if stemmed else first
    if len(tokens) == 1:
        if stem_ == first:
            return [(first, place, FIRST | KEY | stemmed, None, "")]
        return [(first, place, FIRST | KEY, None, ""), (stem_, place, stemmed, first, "")]
    second = tokens[1]
    compact = "".join(tokens)
    if stem_ == first:
        return [(first, place, FIRST | KEY | stemmed, None, second), (compact, place, COMPACT, None, "")]
    if stem_ == compact:
        return [(first, place, FIRST | KEY, None, second), (compact, place, COMPACT | stemmed, first, second)]
    return [
        (first, place, FIRST | KEY, None, second),
        (compact, place, COMPACT, None, ""),
        (stem_, place, stemmed, first, second),
    ]


def _filed_under(form: Form, place: int) -> list[Filing]:
    """``filed_under`` for any form."""
    tokens = form.tokens
    first = tokens[0]
    roles = {first: FIRST}
    head = _head(form.key)
    roles[head] = roles.get(head, 0) | KEY
    second = ""
    if len(tokens) > 1:
        second = tokens[1]
        compact = "".join(tokens)
        roles[compact] = roles.get(compact, 0) | COMPACT
    if form.stemmable:
        stem_ = stem(form.lang, first)
        roles[stem_] = roles.get(stem_, 0) | STEM[form.lang]
    return [
        (k, place, role, None if k == first else first, second)
        if role & _GROUPED
        else (k, place, role, None, "")
        for k, role in roles.items()
    ]


def _head(key: str) -> str:
    return key.split(" ", 1)[0]


# ---------------------------------------------------------------------------------------
# Compiling one file (in this process or a worker)


# Records of this module are NamedTuples: a frozen dataclass costs ten times as much to
# define, and this module is imported by every command.


class _Stat(NamedTuple):
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def _stat(path: str) -> _Stat:
    info = os.stat(path)
    return _Stat(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class _Compiled(NamedTuple):
    """One file, ready to insert: or the problems that keep it out."""

    path: str
    stat: _Stat | None
    digest: bytes
    # pos, id, record, forms, keys, spellings
    concepts: list[tuple[int, str, bytes, bytes, list[Filing], bytes]]
    articles: list[tuple[int, str, str, str, str | None]]
    problems: list[Problem]


def _digest(path: str) -> tuple[_Stat, bytes]:
    """The stat signature taken before reading, and the SHA-256 of the bytes read.

    Raises LoadError when the file cannot be read.
    """
    stat, data = _read(path)
    import hashlib

    return stat, hashlib.sha256(data).digest()


def _read(path: str) -> tuple[_Stat, bytes]:
    """The stat signature taken before reading, and the bytes read.

    Raises LoadError when the file cannot be read.
    """
    try:
        before = _stat(path)
    except OSError:
        read_bytes(Path(path))  # the loader's own one-line reason
        raise
    return before, read_bytes(Path(path))


def _compile(job: tuple[str, int]) -> _Compiled:
    """Parse and validate one file with the loader, then pack what the index needs.

    The stat is taken before the file is read, and the digest is that of the very bytes
    parsed: a file that changes meanwhile has a new stat, so the next use hashes it again
    and sees the change.
    """
    import hashlib

    from .loader import load_file

    path, layer = job
    try:
        stat, data = _read(path)
        loaded = load_file(Path(path), layer, data)
    except LoadError as exc:
        return _Compiled(path, None, b"", [], [], exc.problems)
    digest = hashlib.sha256(data).digest()
    concepts = []
    for pos, concept in enumerate(loaded.concepts):
        forms = forms_of(concept)
        keys = [filing for n, form in enumerate(forms) for filing in filed_under(form, n)]
        concepts.append(
            (pos, concept.id, pack_concept(concept), pack_forms(forms), keys, pack_spellings(forms))
        )
    articles = [(pos, a.id, a.title, a.language, a.file) for pos, a in enumerate(loaded.articles)]
    return _Compiled(path, stat, digest, concepts, articles, [])


def _compile_all(
    jobs: list[tuple[str, int]], sizes: list[int], progress: Progress | None
) -> Iterator[_Compiled]:
    """Compiled files in job order, in worker processes when there is enough to read."""
    total = sum(sizes)
    done = 0
    workers = min(os.cpu_count() or 1, len(jobs))
    if progress is not None:
        progress("reading", 0, total)
    if workers > 1 and total >= PARALLEL_BYTES:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers, initializer=gc.disable) as pool:
            for size, sent in zip(sizes, pool.map(_compile_to_send, jobs)):
                done += size
                yield _received(sent)
                if progress is not None:
                    progress("reading", done, total)
        return
    for size, job in zip(sizes, jobs):
        done += size
        yield _compile(job)
        if progress is not None:
            progress("reading", done, total)


def _compile_to_send(job: tuple[str, int]) -> _Compiled | bytes:
    """``_compile`` in a worker process. A file that loaded travels back as marshal bytes:
    pickling its thousands of tuples would cost the worker twice as much."""
    compiled = _compile(job)
    if compiled.problems or compiled.stat is None:
        return compiled
    return marshal.dumps(
        (compiled.path, tuple(compiled.stat), compiled.digest, compiled.concepts, compiled.articles)
    )


def _received(sent: _Compiled | bytes) -> _Compiled:
    """What ``_compile_to_send`` sent, as ``_compile`` returned it."""
    if isinstance(sent, _Compiled):
        return sent
    path, stat, digest, concepts, articles = marshal.loads(sent)
    return _Compiled(path, _Stat(*stat), digest, concepts, articles, [])


# ---------------------------------------------------------------------------------------
# The database


class _Wanted(NamedTuple):
    """A file the layers hold now, in load order."""

    seq: int
    layer: int
    path: str
    stat: _Stat


class _Known(NamedTuple):
    """A file as the database last saw it."""

    id: int
    seq: int
    stat: _Stat
    digest: bytes
    racy: bool


def _wanted_files(layers: Sequence[Path]) -> list[_Wanted]:
    """Every file of every layer with its stat, or a LoadError naming every missing one."""
    wanted: list[_Wanted] = []
    problems: list[Problem] = []
    for number, layer in enumerate(layers):
        try:
            paths = files_of(layer)
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        for path in paths:
            name = str(path)
            try:
                wanted.append(_Wanted(len(wanted), number, name, _stat(name)))
            except OSError:
                try:
                    read_bytes(path)  # the loader's own one-line reason
                except LoadError as exc:
                    problems.extend(exc.problems)
                else:  # it appeared meanwhile: read it as usual
                    wanted.append(_Wanted(len(wanted), number, name, _stat(name)))
    if problems:
        raise LoadError(problems)
    return wanted


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


def _header_sound(path: Path) -> bool:
    """Whether the file is as long as its SQLite header says: catches truncation cheaply."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    changes = int.from_bytes(header[24:28], "big")
    if pages == 0 or valid_for != changes:  # the header's size is not to be trusted
        return size % page_size == 0 and size > 0
    return size == pages * page_size


def _meta(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT name, value FROM meta").fetchall())


def _known_files(db: sqlite3.Connection) -> dict[tuple[int, str], _Known]:
    rows = db.execute(
        "SELECT id, layer, path, seq, size, mtime_ns, ctime_ns, inode, digest, racy FROM files"
    ).fetchall()
    return {
        (layer, path): _Known(fid, seq, _Stat(size, mtime, ctime, inode), digest, bool(racy))
        for fid, layer, path, seq, size, mtime, ctime, inode, digest, racy in rows
    }


def _up_to_date(db: sqlite3.Connection, code_key: str, wanted: list[_Wanted]) -> bool:
    """Whether the database answers for exactly these files as they are now."""
    if _meta(db).get("code") != code_key:
        return False
    known = _known_files(db)
    if len(known) != len(wanted):
        return False
    for file in wanted:
        seen = known.get((file.layer, file.path))
        if seen is None or seen.seq != file.seq or seen.stat != file.stat:
            return False
        if seen.racy:
            if _racy(file.stat):
                try:
                    _, digest = _digest(file.path)
                except (OSError, LoadError):
                    return False
                if digest != seen.digest:
                    return False
            else:
                return False  # old enough now: let an update clear the flag
    return True


def _racy(stat: _Stat) -> bool:
    return stat.mtime_ns > time.time_ns() - RACY_NS


class _Lock:
    """An exclusive lock on a side file, held while building or updating a database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def __enter__(self) -> Self:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking remains
            return self
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing the descriptor releases the lock


def _remove(path: Path) -> None:
    for victim in (path, path.with_name(path.name + "-journal")):
        try:
            os.remove(victim)
        except FileNotFoundError:
            pass


def _prune(root: Path, keep: Path) -> None:
    """Remove databases nobody has used for a month (each one names one list of layers)."""
    limit = time.time() - STALE_AFTER_S
    for candidate in root.glob("*.sqlite"):
        try:
            if candidate != keep and candidate.stat().st_mtime < limit:
                _remove(candidate)
        except OSError:
            pass


def _touch(path: Path) -> None:
    """Mark a database as used, at most once a day, so that pruning spares it."""
    try:
        if path.stat().st_mtime < time.time() - 24 * 3600:
            os.utime(path)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------
# Building and updating


def _insert(db: sqlite3.Connection, compiled: _Compiled, file_id: int, next_concept: int) -> int:
    """Insert a compiled file's concepts, keys and articles; the next free concept id."""
    concept_rows: list[tuple[int, int, int, str, bytes, bytes, bytes]] = []
    key_rows: list[tuple[str, int, int, int, str | None, str]] = []
    for pos, name, record, forms, keys, spellings in compiled.concepts:
        concept_rows.append((next_concept, file_id, pos, name, record, forms, spellings))
        key_rows.extend((k, next_concept, n, role, first, second) for k, n, role, first, second in keys)
        next_concept += 1
    db.executemany(
        "INSERT INTO concepts(id, file, pos, name, record, forms, spellings) VALUES (?, ?, ?, ?, ?, ?, ?)",
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


def _file_row(file: _Wanted, compiled_stat: _Stat, digest: bytes) -> tuple[object, ...]:
    return (
        file.layer,
        file.path,
        file.seq,
        compiled_stat.size,
        compiled_stat.mtime_ns,
        compiled_stat.ctime_ns,
        compiled_stat.inode,
        digest,
        int(_racy(compiled_stat)),
    )


_INSERT_FILE = (
    "INSERT INTO files(layer, path, seq, size, mtime_ns, ctime_ns, inode, digest, racy) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _settle(db: sqlite3.Connection, code_key: str, *, fresh: bool = False) -> None:
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
        [("code", code_key), ("concepts", str(count))],
    )


def _build(path: Path, code_key: str, wanted: list[_Wanted], progress: Progress | None) -> None:
    """Build a fresh database in a temporary file, then move it into place."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    # Builds hold the lock: any other temporary database is left by a build that was killed.
    for stale in path.parent.glob(f"{path.name}.*.tmp"):
        _remove(stale)
    problems: list[Problem] = []
    try:
        db = sqlite3.connect(temp, isolation_level=None)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072;"
                "PRAGMA temp_store = MEMORY;"
            )
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
            next_concept = 1
            jobs = [(w.path, w.layer) for w in wanted]
            compiled_files = _compile_all(jobs, [w.stat.size for w in wanted], progress)
            for file, compiled in zip(wanted, compiled_files):
                if compiled.problems or compiled.stat is None:
                    problems.extend(compiled.problems)
                    continue
                if problems:
                    continue  # keep reading only to report every problem
                file_id = db.execute(_INSERT_FILE, _file_row(file, compiled.stat, compiled.digest)).lastrowid
                assert file_id is not None
                next_concept = _insert(db, compiled, file_id, next_concept)
            if problems:
                db.execute("ROLLBACK")
                raise LoadError(problems)
            if progress is not None:
                progress("indexing", 0, 1)
            for statement in _INDEXES.split(";"):
                if statement.strip():
                    db.execute(statement)  # not executescript: that would commit
            _settle(db, code_key, fresh=True)
            db.execute("COMMIT")
            if progress is not None:
                progress("indexing", 1, 1)
        finally:
            db.close()
        _remove(path)  # a stale hot journal must not be applied to the new file
        os.replace(temp, path)
    finally:
        _remove(temp)


def _update(db: sqlite3.Connection, code_key: str, wanted: list[_Wanted], progress: Progress | None) -> None:
    """Bring a sound database up to date, re-reading only the files whose bytes changed."""
    db.execute("BEGIN IMMEDIATE")
    try:
        known = _known_files(db)
        changed = _changed_files(db, known, wanted)
        problems: list[Problem] = []
        (last,) = db.execute("SELECT coalesce(max(id), 0) FROM concepts").fetchone()
        next_concept = last + 1
        compiled_files = _compile_all(
            [(w.path, w.layer) for w in changed], [w.stat.size for w in changed], progress
        )
        for file, compiled in zip(changed, compiled_files):
            if compiled.problems or compiled.stat is None:
                problems.extend(compiled.problems)
                continue
            before = known.get((file.layer, file.path))
            if before is not None:
                _drop_file(db, before.id)
            file_id = db.execute(_INSERT_FILE, _file_row(file, compiled.stat, compiled.digest)).lastrowid
            assert file_id is not None
            next_concept = _insert(db, compiled, file_id, next_concept)
        if progress is not None and changed:
            progress("indexing", 0, 1)
        _settle(db, code_key)
        db.execute("COMMIT")
        if progress is not None and changed:
            progress("indexing", 1, 1)
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    if problems:
        # What did load is kept; the broken files keep their old signature, so the next
        # use looks at them again.
        raise LoadError(problems)


def _changed_files(
    db: sqlite3.Connection, known: dict[tuple[int, str], Any], wanted: list[_Wanted]
) -> list[_Wanted]:
    """The files to read again: new ones, and those whose bytes changed. Files no longer
    wanted are dropped; a file whose signature changed but not its bytes (a touch, a copy)
    only has its signature, and its place in the load order, brought up to date."""
    keep = {(w.layer, w.path) for w in wanted}
    for key, gone in known.items():
        if key not in keep:
            _drop_file(db, gone.id)
    changed: list[_Wanted] = []
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
            stat, digest = _digest(file.path)
        except (OSError, LoadError):
            changed.append(file)  # compiling it reports why
            continue
        if digest != seen.digest:
            changed.append(file)
            continue
        db.execute(
            "UPDATE files SET seq = ?, size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, racy = ? WHERE id = ?",
            (file.seq, stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode, int(_racy(stat)), seen.id),
        )
    return changed


def _drop_file(db: sqlite3.Connection, file_id: int) -> None:
    db.execute("DELETE FROM keys WHERE concept IN (SELECT id FROM concepts WHERE file = ?)", (file_id,))
    db.execute("DELETE FROM concepts WHERE file = ?", (file_id,))
    db.execute("DELETE FROM articles WHERE file = ?", (file_id,))
    db.execute("DELETE FROM files WHERE id = ?", (file_id,))


def _open_fresh(path: Path, code_key: str, wanted: list[_Wanted]) -> sqlite3.Connection | None:
    """A read-only connection to the database if it answers for these files as they are."""
    if not path.exists() or not _header_sound(path):
        return None
    try:
        db = _connect(path, readonly=True)
    except sqlite3.Error:
        return None
    try:
        if _up_to_date(db, code_key, wanted):
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None


def open_database(
    layers: Sequence[Path], root: Path, progress: Progress | None = None
) -> tuple[sqlite3.Connection, Path]:
    """A connection to the up-to-date database of these layers, building what is missing.

    Raises LoadError when a file cannot be loaded (as ``load_glossary`` would), OSError
    when the cache folder cannot be written, CacheError when a file name cannot be stored.
    """
    wanted = _wanted_files(layers)
    for file in wanted:
        if not file.path.isascii():
            try:
                file.path.encode("utf-8")
            except UnicodeEncodeError as exc:  # SQLite holds text as UTF-8: read the YAML instead
                raise CacheError(f"{file.path!r}: the file name is not UTF-8") from exc
    code_key = _code_key()
    path = database_path(layers, root)
    db = _open_fresh(path, code_key, wanted)
    if db is not None:
        _touch(path)
        return db, path
    root.mkdir(parents=True, exist_ok=True)
    with _Lock(path.with_name(path.name + ".lock")):
        # Another process may have done the work while this one waited for the lock.
        wanted = _wanted_files(layers)
        db = _open_fresh(path, code_key, wanted)
        if db is not None:
            return db, path
        sound = False
        if path.exists() and _header_sound(path):
            try:
                db = _connect(path)
                sound = _meta(db).get("code") == code_key
                if sound:
                    with collector_paused():  # many small objects, no cycles
                        _update(db, code_key, wanted, progress)
                    return db, path
            except sqlite3.DatabaseError:
                sound = False
            finally:
                if not sound and db is not None:
                    db.close()
        with collector_paused():  # many small objects, no cycles
            _build(path, code_key, wanted, progress)
        _prune(root, path)
    db = _connect(path, readonly=True)
    return db, path


# ---------------------------------------------------------------------------------------
# Reading


class CachedGlossary:
    """A layered glossary answered from its database: concepts by id, forms by string.

    Should SQLite find the file damaged while answering, the database is deleted (the
    next command rebuilds it) and this command finishes from the YAML in memory.
    """

    def __init__(self, db: sqlite3.Connection, path: Path, layers: Sequence[Path]) -> None:
        self._db = db
        self._path = path
        self._layers = list(layers)
        self._fallback: _Fallback | None = None
        self._articles: dict[str, Article] | None = None
        self._concepts: dict[str, Concept | None] = {}
        self._unpacked: dict[int, Form] = {}  # by concept row and place among its forms
        # By concept row: its place in load order and its packed forms, or None when it is
        # no longer in force.
        self._placed: dict[int, tuple[int, tuple[bytes, ...]] | None] = {}
        self._seq: dict[int, int] | None = None  # each file's place in load order, by its row
        self.store = SqliteStore(self)

    # -- recovery ----------------------------------------------------------------------

    def guarded(self, work: Callable[[], _T], otherwise: Callable[[_Fallback], _T]) -> _T:
        """``work`` on the database, or ``otherwise`` on the glossary read from the YAML:
        at once when the database has already failed, or when it fails now (a damaged or
        vanished file; the next command builds a new one)."""
        if self._fallback is not None:
            return otherwise(self._fallback)
        try:
            return work()
        except (sqlite3.DatabaseError, CacheError) as exc:
            return otherwise(self._recover(exc))

    def _recover(self, exc: Exception) -> _Fallback:
        if self._fallback is None:
            from .loader import load_files, merge

            try:
                self._db.close()
            finally:
                _remove(self._path)
            files, problems = load_files(self._layers)
            if problems:
                raise LoadError(problems) from exc
            glossary = merge(files)
            self._fallback = _Fallback(
                glossary.concepts, glossary.articles, MemoryStore(glossary.concepts.values())
            )
        return self._fallback

    # -- what Index asks -----------------------------------------------------------------

    def concept(self, concept_id: str) -> Concept | None:
        # A translation asks for the concept of every term it meets: the same few, often.
        if self._fallback is None and concept_id in self._concepts:
            return self._concepts[concept_id]
        return self.guarded(
            lambda: self._read_concept(concept_id), lambda memory: memory.concepts.get(concept_id)
        )

    def _read_concept(self, concept_id: str) -> Concept | None:
        row = self._db.execute(
            "SELECT c.record, f.path FROM concepts c JOIN files f ON f.id = c.file WHERE c.name = ? AND c.live",
            (concept_id,),
        ).fetchone()
        concept = unpack_concept(row[0], row[1]) if row else None
        if len(self._concepts) >= REMEMBERED:
            self._concepts.clear()
        self._concepts[concept_id] = concept
        return concept

    def concepts(self) -> Iterator[Concept]:
        given: set[str] = set()
        if self._fallback is None:
            try:
                rows = self._db.execute(
                    "SELECT c.record, f.path FROM concepts c JOIN files f ON f.id = c.file "
                    "WHERE c.live ORDER BY f.seq, c.pos"
                )
                while batch := rows.fetchmany(1024):
                    for concept in [unpack_concept(record, path) for record, path in batch]:
                        given.add(concept.id)
                        yield concept
                return
            except (sqlite3.DatabaseError, CacheError) as exc:
                self._recover(exc)
        assert self._fallback is not None
        yield from (c for c in self._fallback.concepts.values() if c.id not in given)

    @property
    def articles(self) -> dict[str, Article]:
        if self._fallback is None and self._articles is not None:
            return self._articles
        return self.guarded(self._read_articles, lambda memory: memory.articles)

    def _read_articles(self) -> dict[str, Article]:
        rows = self._db.execute(
            "SELECT a.name, a.title, a.language, a.source FROM articles a "
            "JOIN files f ON f.id = a.file ORDER BY f.seq, a.pos"
        ).fetchall()
        self._articles = {name: Article(name, title, lang, source) for name, title, lang, source in rows}
        return self._articles

    def __len__(self) -> int:
        if self._fallback is not None:
            return len(self._fallback.concepts)
        try:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'concepts'").fetchone()
            return int(row[0])
        except (sqlite3.DatabaseError, TypeError, ValueError) as exc:
            return len(self._recover(exc).concepts)

    def close(self) -> None:
        self._db.close()

    # -- what the store asks --------------------------------------------------------------

    def forms_under(self, texts: Sequence[str]) -> dict[str, dict[int, list[Filed]]]:
        """What is filed under each of ``texts`` (those under which nothing is are left out),
        by the role the string plays (``FIRST``, ``KEY``, ``COMPACT``, ``STEM``): each form as
        its first and second tokens, then what ``read`` needs to read it. Forms of concepts no
        longer in force are among them, and the order is not yet load order: ``read`` leaves
        out the former and restores the latter."""
        if self._fallback is not None:
            raise CacheError("the store has fallen back to memory")
        answers: dict[str, dict[int, list[Filed]]] = {}
        for start in range(0, len(texts), _PER_SELECT):
            some = texts[start : start + _PER_SELECT]
            rows = self._db.execute(
                "SELECT coalesce(first, k), second, concept, form, role, k FROM keys "
                f"WHERE k IN ({', '.join('?' * len(some))})",
                some,
            ).fetchall()
            for row in rows:
                filed = answers.get(row[5])
                if filed is None:
                    filed = answers[row[5]] = {}
                for role in _ROLES_OF[row[4] & _ANY_ROLE]:
                    answer = filed.get(role)
                    if answer is None:
                        filed[role] = [row]
                    else:
                        answer.append(row)
        return answers

    def place(self, concepts: Iterable[int]) -> None:
        """Find where these concept rows stand in load order, and their packed forms."""
        placed = self._placed
        wanted = set(concepts)
        missing = [concept for concept in wanted if concept not in placed]
        if not missing:
            return
        if len(placed) + len(missing) > REMEMBERED:
            placed.clear()
            missing = list(wanted)
        if self._seq is None:
            self._seq = dict(self._db.execute("SELECT id, seq FROM files").fetchall())
        seq = self._seq
        for start in range(0, len(missing), _PER_SELECT):
            some = missing[start : start + _PER_SELECT]
            for concept, live, file, pos, forms in self._db.execute(
                f"SELECT id, live, file, pos, forms FROM concepts WHERE id IN ({', '.join('?' * len(some))})",
                some,
            ):
                placed[concept] = (seq[file] << 32 | pos, unpack_parts(forms)) if live else None

    def read(self, filed: Iterable[Filed]) -> list[Form]:
        """The forms of rows that ``forms_under`` answered, in load order, less those of the
        concepts no longer in force.

        A form is filed under several strings (its first token, its stem ...): a long text
        asks for most of them, so each form is unpacked once.
        """
        rows = filed if isinstance(filed, list) else list(filed)
        placed = self._placed
        try:
            in_force = [(place[0], row[3], place[1], row[2]) for row in rows if (place := placed[row[2]])]
        except KeyError:
            self.place(row[2] for row in rows)
            in_force = [(place[0], row[3], place[1], row[2]) for row in rows if (place := placed[row[2]])]
        if len(in_force) > 1:
            in_force.sort()  # by the concept's place in load order, then the form's in the concept
        unpacked = self._unpacked
        out = []
        for _, index, parts, concept in in_force:
            ident = concept << 32 | index
            form = unpacked.get(ident)
            if form is None:
                if len(unpacked) >= REMEMBERED_FORMS:
                    unpacked.clear()
                form = unpacked[ident] = unpack_form(parts, index)
            out.append(form)
        return out

    def _packed_forms(self) -> Iterator[bytes]:
        """The packed forms of each concept in force, in load order."""
        for (forms,) in self._in_load_order("forms"):
            yield forms

    def _in_load_order(self, columns: str) -> Iterator[tuple[Any, ...]]:
        """Columns of each concept in force (a text of their names), in load order."""
        if self._rows_in_load_order():
            # Sorting every row with its packed forms would cost more than reading them.
            rows = self._db.execute(f"SELECT {columns} FROM concepts WHERE live ORDER BY id")
        else:
            prefixed = ", ".join(f"c.{name.strip()}" for name in columns.split(","))
            rows = self._db.execute(
                f"SELECT {prefixed} FROM concepts c JOIN files f ON f.id = c.file WHERE c.live ORDER BY f.seq, c.pos"
            )
        while batch := rows.fetchmany(1024):
            yield from batch

    def _rows_in_load_order(self) -> bool:
        """Whether the concept rows stand in load order: true unless an update re-read a file
        that is not the last one.

        A file's concepts are inserted together in their order in the file (each row after
        the one before), so rows are in load order when the files' rows, taken in load
        order, come one file after the other.
        """
        last = 0
        for first, end in self._db.execute(
            "SELECT (SELECT min(id) FROM concepts WHERE file = files.id), "
            "(SELECT max(id) FROM concepts WHERE file = files.id) FROM files ORDER BY seq"
        ):
            if first is None:
                continue  # a file without concepts
            if first <= last:
                return False
            last = end
        return True

    def all_spellings(self) -> Iterator[tuple[str, str, str, str]]:
        # Read from the spellings kept apart, a concept at a time: no form is unpacked.
        return chain.from_iterable(
            unpack_spellings(name, data) for name, data in self._in_load_order("name, spellings")
        )

    def all_forms(self) -> Iterator[Form]:
        for forms in self._packed_forms():
            yield from unpack_forms(forms)


#: Strings or rows one SELECT asks for (within the 999 parameters older SQLite allows).
_PER_SELECT = 500


class _Fallback(NamedTuple):
    concepts: dict[str, Concept]
    articles: dict[str, Article]
    store: MemoryStore


_Answer = dict[int, list[Filed]]
_NOTHING: _Answer = {}
_T = TypeVar("_T")


class SqliteStore:
    """The matcher's FormStore over the database: each string asked for is answered by what
    is filed under it, sorted by the role the string plays for the forms, and remembered.
    Forms are read from their rows only when asked for (``read``)."""

    def __init__(self, source: CachedGlossary) -> None:
        self._source = source
        self._near: dict[str, _Answer] = {}

    def _filed(self, text: str, role: int) -> Sequence[Filed] | None:
        """The rows of the forms for which ``text`` plays ``role``; None when the database
        has failed and the glossary is answered from memory instead."""
        if self._source._fallback is not None:
            return None
        answer = self._near.get(text)
        if answer is None:
            if not self._ask([text]):
                return None
            answer = self._near[text]
        return answer.get(role, ())

    def expect(self, texts: Iterable[str]) -> None:
        """Fetch what is filed under these strings at once, and place the one-token forms
        they begin: most words of a text are read alone."""
        new = [text for text in dict.fromkeys(texts) if text not in self._near]
        if new and self._ask(new):
            near = self._near
            self._source.guarded(
                lambda: self._source.place(
                    row[2] for text in new for row in near.get(text, _NOTHING).get(FIRST, ()) if not row[1]
                ),
                lambda memory: None,
            )

    def _ask(self, texts: list[str]) -> bool:
        """Remember what is filed under these strings; False when the database has failed
        and the glossary is answered from memory instead."""
        answers = self._source.guarded(lambda: self._source.forms_under(texts), lambda memory: None)
        if answers is None:
            return False
        near = self._near
        if len(near) + len(texts) > REMEMBERED:
            near.clear()
        for text in texts:
            near[text] = answers.get(text, _NOTHING)
        return True

    def _memory(self) -> MemoryStore:
        fallback = self._source._fallback
        assert fallback is not None
        return fallback.store

    def read(self, filed: Iterable[Filed]) -> list[Form]:
        rows = list(filed)
        if not rows or len(rows[0]) == 3:  # answered from memory, after the database failed
            return MemoryStore.read(rows)
        return self._source.guarded(
            lambda: self._source.read(rows), lambda memory: self._read_again(rows, memory.store)
        )

    @staticmethod
    def _read_again(rows: list[Filed], memory: MemoryStore) -> list[Form]:
        """The forms of rows of the database's, from memory.

        Rows read together answer one question: the string they are filed under, in a role
        each of them has (the first token, or the stem in one language). Memory's answer to
        it, less the forms that differ from every row in their first two tokens or in the
        roles the string plays for them, holds the forms of the rows.
        """
        text = rows[0][5]
        common = _ANY_ROLE
        for row in rows:
            common &= row[4]
        if common & FIRST:
            candidates = memory.by_first(text)
        else:
            candidates = next((memory.by_stem(lang, text) for lang, bit in STEM.items() if common & bit), ())
        wanted = {(row[0], row[1], row[4]) for row in rows}
        out = []
        for form in candidates:
            for k, _, roles, first, second in filed_under(form):
                if k == text and (first or k, second, roles) in wanted:
                    out.append(form)
        return out

    def by_first(self, token: str) -> Sequence[Form]:
        return self.read(self.filed_by_first(token))

    def filed_by_first(self, token: str) -> Sequence[Filed]:
        found = self._filed(token, FIRST)
        return found if found is not None else self._memory().filed_by_first(token)

    def _read_all(self, found: Sequence[Filed] | None) -> list[Form] | None:
        """The forms of rows the database answered; None when it has failed, or fails now."""
        if found is None:
            return None
        return self._source.guarded(lambda: self._source.read(found), lambda memory: None)

    def by_key(self, key: str) -> Sequence[Form]:
        forms = self._read_all(self._filed(_head(key), KEY))
        return [f for f in forms if f.key == key] if forms is not None else self._memory().by_key(key)

    def by_compact(self, compact: str) -> Sequence[Form]:
        forms = self._read_all(self._filed(compact, COMPACT))
        return forms if forms is not None else self._memory().by_compact(compact)

    def by_stem(self, lang: str, stem_: str) -> Sequence[Form]:
        return self.read(self.filed_by_stem(lang, stem_))

    def filed_by_stem(self, lang: str, stem_: str) -> Sequence[Filed]:
        role = STEM.get(lang)
        found = self._filed(stem_, role) if role is not None else ()
        return found if found is not None else self._memory().filed_by_stem(lang, stem_)

    def forms(self) -> Iterable[Form]:
        return self._every(MemoryStore.forms, CachedGlossary.all_forms, attrgetter("concept_id"))

    def spellings(self) -> Iterable[tuple[str, str, str, str]]:
        return self._every(MemoryStore.spellings, CachedGlossary.all_spellings, itemgetter(1))

    def _every(
        self,
        in_memory: Callable[[MemoryStore], Iterable[_T]],
        in_database: Callable[[CachedGlossary], Iterator[_T]],
        concept_of: Callable[[_T], str],
    ) -> Iterator[_T]:
        """Every item of a whole-glossary listing, from the database or the memory fallback.

        Damage found part way goes on from the memory fallback with the concepts not yet
        listed (the database lists a concept's items together, so each was listed whole).
        """
        fallback = self._source._fallback
        if fallback is not None:
            yield from in_memory(fallback.store)
            return
        listed: set[str] = set()
        try:
            for item in in_database(self._source):
                listed.add(concept_of(item))
                yield item
        except (sqlite3.DatabaseError, CacheError) as exc:
            recovered = self._source._recover(exc)
            yield from (item for item in in_memory(recovered.store) if concept_of(item) not in listed)


def open_cached(
    layers: Sequence[Path], *, root: Path | None = None, progress: Progress | None = None
) -> CachedGlossary:
    """The glossary of these layers, answered from its (re)built database under ``root``."""
    try:
        db, path = open_database(layers, root or cache_root(), progress)
    except sqlite3.Error as exc:  # e.g. still locked by another build after BUSY_TIMEOUT_S
        raise CacheError(f"the index cache cannot be used: {exc}") from exc
    return CachedGlossary(db, path, layers)


__all__ = ["CachedGlossary", "Progress", "SqliteStore", "cache_root", "database_path", "open_cached"]
