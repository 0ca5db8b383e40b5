"""Writing files atomically: a temporary file in the same folder, then one rename.

A reader (or a crash) never sees a half-written file, and an existing file is replaced only
when asked: without ``force`` the final step is a hard link, which fails if the name exists,
so even a file created meanwhile by someone else is not overwritten. Where the system has
unnamed files (Linux's O_TMPFILE), the data is written to one and named only once complete,
so that a process killed while writing (SIGKILL, a power cut) leaves no temporary file.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError, OutputExistsError


def refuse_existing(path: Path, *, force: bool) -> Path:
    """Where an output named ``path`` goes, checked before any work: a new file, or, with
    ``force``, an existing regular file, or the file an existing symbolic link points to
    (the link is kept). A folder, a device, a FIFO or a socket is never replaced."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    if stat.S_ISLNK(info.st_mode):
        if not force:
            raise OutputExistsError(
                f"{path}: is a symbolic link (use --force to write to the file it points to)"
            )
        target = Path(os.path.realpath(path))
        if target.is_symlink():  # a loop of links
            raise OutputError(f"{path}: the symbolic link cannot be followed")
        return refuse_existing(target, force=force)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{path}: is {_kind(info.st_mode)}, not a regular file; refused")
    if not force:
        raise OutputExistsError(f"{path}: file exists (use --force to replace it)")
    return path


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
    )
    return next(
        (name for test, name in kinds if test(mode)), "a socket" if stat.S_ISSOCK(mode) else "special"
    )


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, force: bool = False) -> None:
    """Write ``data`` (bytes, or chunks of them: a streamed export) to ``path`` in one step;
    without ``force`` an existing file is kept. Nothing is left if writing fails part way."""
    path = refuse_existing(path, force=force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        unnamed = _unnamed_file(folder)
        if unnamed is not None:
            _write_unnamed(unnamed, data, path, force=force)
            return
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            _fill(stream, data)
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


def _unnamed_file(folder: Path) -> int | None:
    """A descriptor of a new file in ``folder`` that has no name yet, where the system has them."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):  # the name is given through /proc
        return None
    try:
        # Created with the usual permissions (0666 less the umask), unlike mkstemp's 0600.
        return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None  # a file system without unnamed files: use a named temporary one
        raise


def _fill(stream: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    if isinstance(data, bytes):
        stream.write(data)
    else:
        for chunk in data:  # noqa: FURB122 - write() alone: all a stream is asked to have
            stream.write(chunk)


def _write_unnamed(handle: int, data: bytes | Iterable[bytes], path: Path, *, force: bool) -> None:
    """Fill an unnamed file, then give it its name: at once, or through a replaced temporary one."""
    try:
        with os.fdopen(handle, "wb", closefd=False) as stream:
            _fill(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        if not force:
            try:
                _name(handle, path)
            except FileExistsError as exc:
                raise OutputExistsError(f"{path}: file exists (use --force to replace it)") from exc
            return
        # os.replace needs a name to move: one that exists only between these two calls.
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        _name(handle, temporary)
        try:
            os.replace(temporary, path)
        finally:
            if os.path.lexists(temporary):
                os.unlink(temporary)
    finally:
        os.close(handle)


def _name(handle: int, path: Path) -> None:
    """Link an open file to a name. linkat() must follow /proc's link to the file, which
    link() does not, and Python calls linkat() only when given a folder descriptor."""
    folder = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(f"/proc/self/fd/{handle}", path.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


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


def refuse_existing_folder(path: Path, *, force: bool, kept: tuple[str, ...] = (".yaml", ".yml")) -> None:
    """Fail early when a folder output cannot be written: a file is in the way, or a folder
    that is not empty may not be replaced (or holds other files than those it is written with,
    ``kept``: YAML files by default, which --force replaces)."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: is a file; give a folder name, or a .yaml file name")
    if not path.is_dir():
        return
    held = list(path.iterdir())
    if held and not force:
        raise OutputExistsError(f"{path}: folder exists and is not empty (use --force to replace it)")
    strangers = [p.name for p in held if p.is_dir() or p.suffix not in kept]
    if strangers:
        what = "YAML" if kept == (".yaml", ".yml") else "its own"
        raise OutputError(f"{path}: holds other files than {what} ({strangers[0]}); not replacing it")


def write_folder_atomic(
    path: Path, files: dict[str, bytes], *, force: bool = False, kept: tuple[str, ...] = (".yaml", ".yml")
) -> None:
    """Write a folder of files in one step: they are written to a temporary folder beside it,
    which is then renamed into place. Readers see the old folder or the new one, never a part.

    An empty folder in the way is replaced; one that is not empty only with ``force``, and
    only if it holds nothing but YAML files.
    """
    refuse_existing_folder(path, force=force, kept=kept)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    try:
        for name, data in files.items():
            with open(temporary / name, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        # mkdtemp makes the folder private (0700); a written folder gets the usual permissions.
        os.chmod(temporary, 0o777 & ~_umask())
        try:
            os.rename(temporary, path)  # replaces an empty folder, and only that
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            if not force:  # filled meanwhile
                raise OutputExistsError(
                    f"{path}: folder exists and is not empty (use --force to replace it)"
                ) from exc
            refuse_existing_folder(path, force=True)
            replace_folder(temporary, path)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def replace_folder(temporary: Path, path: Path) -> None:
    """Put the folder ``temporary`` in the place of the folder ``path``: the old one is renamed
    aside first and removed only once the new one is in place. Whatever stops the swap
    between the two renames (an error, Ctrl-C) puts the old folder back: nothing is lost."""
    retired = path.with_name(f".{path.name}.{secrets.token_hex(6)}.old")
    os.rename(path, retired)
    try:
        os.rename(temporary, path)
    except BaseException:
        os.rename(retired, path)
        raise
    shutil.rmtree(retired, ignore_errors=True)
