"""The builders' lock: one process at a time builds or updates a database.

An exclusive ``flock`` on a side file. The kernel releases it when the process holding it
dies, whatever ends it; worker processes forked while it is held close their copy of the
descriptor at once (``compile.compile_all``), so they never hold it. A process that finds
it held waits at most ``timeout()`` seconds (``GLOSSARY_LOCK_TIMEOUT``, 300 by default),
then gives up with ``IndexBusyError``, naming the holder: the lock file holds its pid.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Self

from ..errors import Code, LoadError, Location, Problem

#: How long a process waits for another one's build, by default.
DEFAULT_TIMEOUT_S = 300.0


class IndexBusyError(LoadError):
    """Another process held the builders' lock for longer than the wait allowed."""


def timeout(environ: dict[str, str] | None = None) -> float:
    """Seconds to wait for the lock: GLOSSARY_LOCK_TIMEOUT when it is a number, else 300."""
    value = (os.environ if environ is None else environ).get("GLOSSARY_LOCK_TIMEOUT", "")
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return seconds if seconds >= 0 else DEFAULT_TIMEOUT_S


class BuildLock:
    """Held while building or updating a database; ``fd`` is the descriptor workers close."""

    held_fd = -1  # the descriptor of the lock this process holds, for workers to close

    def __init__(self, path: Path, wait: float | None = None) -> None:
        self.path = path
        self.wait = timeout() if wait is None else wait
        self.fd = -1

    def __enter__(self) -> Self:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking remains
            return self
        deadline = time.monotonic() + self.wait
        pause = 0.005
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self._holder()
                    os.close(self.fd)
                    raise IndexBusyError([Problem(Code.UNREADABLE, _busy(holder), Location(str(self.path)))])
                time.sleep(pause)
                pause = min(pause * 2, 0.2)
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\n".encode("ascii"), 0)
        BuildLock.held_fd = self.fd
        return self

    def _holder(self) -> int | None:
        try:
            text = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def __exit__(self, *exc: object) -> None:
        BuildLock.held_fd = -1
        os.close(self.fd)  # closing the descriptor releases the lock


def _busy(holder: int | None) -> str:
    who = f"process {holder}" if holder else "another process"
    return f"the index is being built by {who}; try again, or use --no-cache"
