"""Writing files atomically: a temporary file in the same folder, then one rename.

A reader (or a crash) never sees a half-written file, and an existing file is replaced only
when asked: without ``force`` the final step is a hard link, which fails if the name exists,
so even a file created meanwhile by someone else is not overwritten.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import OutputError, OutputExistsError


def refuse_existing(path: Path, *, force: bool) -> None:
    """Fail early, before any work, when the output exists and may not be replaced."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if path.exists() and not force:
        raise OutputExistsError(f"{path}: file exists (use --force to replace it)")


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` in one step; without ``force`` an existing file is kept."""
    refuse_existing(path, force=force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); a written file gets the usual permissions.
        os.chmod(temporary, 0o666 & ~_umask())
        if force:
            os.replace(temporary, path)
        else:
            _link_no_clobber(temporary, path)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _link_no_clobber(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError as exc:
        raise OutputExistsError(f"{path}: file exists (use --force to replace it)") from exc
    except OSError as exc:
        # Some file systems have no hard links: fall back to a checked rename.
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
            raise
        if path.exists():
            raise OutputExistsError(f"{path}: file exists (use --force to replace it)") from exc
        os.replace(temporary, path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
