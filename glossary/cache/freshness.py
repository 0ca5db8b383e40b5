"""Whether the database still answers for the YAML files, and for the code that wrote it.

A file whose (size, mtime_ns, ctime_ns, inode) are unchanged is trusted; one whose stat
changed is hashed, and re-parsed only if its bytes changed. A file written within
``RACY_NS`` of being indexed is hashed on every use until that window has passed, because a
second write in the same timestamp tick would leave its stat unchanged. Editing one file of a
large glossary therefore re-reads that file only.

The code is part of the key too (``version``): every module of this package, and the
modules and word lists whose content decides what is stored.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..errors import CacheError, LoadError
from ..sources import layer_files, read_bytes

#: What reading a damaged database raises: SQLite's own errors, text that is no longer UTF-8,
#: and the codec's CacheError for a record whose checksum does not hold.
DAMAGE = (sqlite3.DatabaseError, UnicodeDecodeError, CacheError)

#: Bump when the layout or the packing changes; older databases are then rebuilt.
FORMAT = 5
#: A file modified this close to being indexed is verified by hash until the window passes.
RACY_NS = 2_000_000_000

#: Besides every module of this package, the files of the glossary package whose content
#: decides what is stored: a change to any of them (an editable install, an upgrade)
#: invalidates every database.
CODE_FILES = (
    "forms.py",
    "loader.py",
    "yamlread.py",
    "model.py",
    "text.py",
    "sources.py",
    "errors.py",
    "annotate.py",
    "wordlists/stopwords.it.txt",
    "wordlists/stopwords.en.txt",
)


def code_files(package: Path | None = None) -> list[Path]:
    """The files ``version`` watches, in the glossary package at ``package``."""
    here = package or Path(__file__).resolve().parent.parent
    return sorted((here / "cache").glob("*.py")) + [here / name for name in CODE_FILES]


def code_key(package: Path | None = None) -> str:
    """What, besides the YAML, decides the database's content: the format, the Python and
    marshal versions, the size and modification time of every file of ``code_files``, and
    the stemmer's."""
    here = package or Path(__file__).resolve().parent.parent
    parts = [
        f"format {FORMAT}",
        f"python {sys.version_info[0]}.{sys.version_info[1]}",
        f"marshal {marshal.version}",
    ]
    for path in code_files(here):
        info = os.stat(path)
        parts.append(f"{path.relative_to(here).as_posix()} {info.st_size} {info.st_mtime_ns}")
    # The stemmer decides which stems are filed; a new version may stem differently.
    import importlib.util

    spec = importlib.util.find_spec("Stemmer")
    origin = spec.origin if spec is not None else None
    if origin:
        info = os.stat(origin)
        parts.append(f"Stemmer {info.st_size} {info.st_mtime_ns}")
    return "; ".join(parts)


# Records of this module are NamedTuples: a frozen dataclass costs ten times as much to
# define, and this module is imported by every command.


class Stat(NamedTuple):
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def stat_of(path: str) -> Stat:
    info = os.stat(path)
    return Stat(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def digest_of(path: str) -> tuple[Stat, bytes]:
    """The stat signature taken before reading, and the SHA-256 of the bytes read.

    Raises LoadError when the file cannot be read.
    """
    stat, data = read_signed(path)
    import hashlib

    return stat, hashlib.sha256(data).digest()


def read_signed(path: str) -> tuple[Stat, bytes]:
    """The stat signature taken before reading, and the bytes read.

    Raises LoadError when the file cannot be read.
    """
    try:
        before = stat_of(path)
    except OSError:
        read_bytes(Path(path))  # the loader's own one-line reason
        raise
    return before, read_bytes(Path(path))


def is_racy(stat: Stat) -> bool:
    return stat.mtime_ns > time.time_ns() - RACY_NS


class Wanted(NamedTuple):
    """A file the layers hold now, in load order."""

    seq: int
    layer: int
    path: str
    stat: Stat


class Known(NamedTuple):
    """A file as the database last saw it."""

    id: int
    seq: int
    stat: Stat
    digest: bytes
    racy: bool


def wanted_files(layers: Sequence[Path]) -> list[Wanted]:
    """Every file of every layer with its stat, or a LoadError naming every missing one."""
    wanted: list[Wanted] = []
    paths, problems = layer_files(layers)
    for number, path in paths:
        name = str(path)
        try:
            wanted.append(Wanted(len(wanted), number, name, stat_of(name)))
        except OSError:
            try:
                read_bytes(path)  # the loader's own one-line reason
            except LoadError as exc:
                problems.extend(exc.problems)
            else:  # it appeared meanwhile: read it as usual
                wanted.append(Wanted(len(wanted), number, name, stat_of(name)))
    if problems:
        raise LoadError(problems)
    return wanted


def header_sound(path: Path) -> bool:
    """Whether the file is a regular file as long as its SQLite header says: catches
    truncation cheaply, and never opens a FIFO or a device in its place for reading, which
    could block for good (it is opened without blocking, and not through a link)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        header = os.pread(fd, 100, 0)
        size = info.st_size
    except OSError:
        return False
    finally:
        os.close(fd)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):  # SQLite's are powers of two from 512
        return False
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    changes = int.from_bytes(header[24:28], "big")
    if pages == 0 or valid_for != changes:  # the header's size is not to be trusted
        return size % page_size == 0 and size > 0
    return size == pages * page_size


def read_meta(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT name, value FROM meta").fetchall())


def known_files(db: sqlite3.Connection) -> dict[tuple[int, str], Known]:
    rows = db.execute(
        "SELECT id, layer, path, seq, size, mtime_ns, ctime_ns, inode, digest, racy FROM files"
    ).fetchall()
    return {
        (layer, path): Known(fid, seq, Stat(size, mtime, ctime, inode), digest, bool(racy))
        for fid, layer, path, seq, size, mtime, ctime, inode, digest, racy in rows
    }


def up_to_date(
    db: sqlite3.Connection, version: str, wanted: list[Wanted], *, racy_trusted: bool = False
) -> bool:
    """Whether the database answers for exactly these files as they are now.

    ``racy_trusted``: a file whose stat is unchanged is taken as unchanged even when it was
    written in the same instant as the index (which only its bytes could tell): for shell
    completion, which offers candidates and never answers, and must not read the files."""
    if read_meta(db).get("code") != version:
        return False
    known = known_files(db)
    if len(known) != len(wanted):
        return False
    for file in wanted:
        seen = known.get((file.layer, file.path))
        if seen is None or seen.seq != file.seq or seen.stat != file.stat:
            return False
        if seen.racy and not racy_trusted:
            if is_racy(file.stat):
                try:
                    _, digest = digest_of(file.path)
                except (OSError, LoadError):
                    return False
                if digest != seen.digest:
                    return False
            else:
                return False  # old enough now: let an update clear the flag
    return True


# The seal: the database file as its builder left it. Any write to the file since (bytes
# flipped by another program, a copy over it) changes its size, modification or change time
# or inode, which a stat shows at no cost; the change time cannot be set back.


def seal_path(path: Path) -> Path:
    return path.with_name(path.name + ".seal")


def _signature(path: Path) -> str:
    info = os.stat(path)
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}\n"


def write_seal(path: Path) -> None:
    """Record the database file as it is now (after a build or an update), atomically."""
    seal = seal_path(path)
    temporary = seal.with_name(f"{seal.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(_signature(path))
    os.replace(temporary, seal)


def seal_broken(path: Path) -> bool | None:
    """Whether the database file changed since its builder sealed it: True when it did, None
    when there is no seal to tell (a database left by a build that was killed)."""
    try:
        recorded = seal_path(path).read_bytes().decode("ascii")  # no codec import at startup
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return recorded != _signature(path)
    except OSError:
        return True
