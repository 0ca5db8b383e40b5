"""Compiling the YAML files into what the index stores, in this process or in workers.

The loader parses and validates each file; each concept is then packed (``codec``) with its
matcher forms and the rows that file them. Workers are used when there is enough to read.
"""

from __future__ import annotations

import gc
import marshal
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import LoadError, Problem
from ..forms import forms_of
from .codec import Filing, filed_under, pack_concept, pack_forms, pack_spellings
from .freshness import Stat, read_signed

if TYPE_CHECKING:
    from . import Progress

#: Below this many bytes to parse, worker processes cost more than they save.
PARALLEL_BYTES = 4 * 1024 * 1024


class Compiled(NamedTuple):
    """One file, ready to insert: or the problems that keep it out."""

    path: str
    stat: Stat | None
    digest: bytes
    # pos, id, record, forms, keys
    concepts: list[tuple[int, str, bytes, bytes, list[Filing]]]
    articles: list[tuple[int, str, str, str, str | None]]
    problems: list[Problem]
    spellings: tuple[bytes, bytes] = (b"", b"")  # the keys, then their concepts and terms


def _compile(job: tuple[str, int]) -> Compiled:
    """Parse and validate one file with the loader, then pack what the index needs.

    The stat is taken before the file is read, and the digest is that of the very bytes
    parsed: a file that changes meanwhile has a new stat, so the next use hashes it again
    and sees the change.
    """
    import hashlib

    from ..loader import load_file

    path, layer = job
    try:
        stat, data = read_signed(path)
        loaded = load_file(Path(path), layer, data)
    except LoadError as exc:
        return Compiled(path, None, b"", [], [], exc.problems)
    digest = hashlib.sha256(data).digest()
    concepts = []
    spelled = []
    for pos, concept in enumerate(loaded.concepts):
        forms = forms_of(concept)
        keys = [filing for n, form in enumerate(forms) for filing in filed_under(form, n)]
        concepts.append((pos, concept.id, pack_concept(concept), pack_forms(forms), keys))
        spelled.append((concept.id, forms))
    articles = [(pos, a.id, a.title, a.language, a.file) for pos, a in enumerate(loaded.articles)]
    return Compiled(path, stat, digest, concepts, articles, [], pack_spellings(spelled))


def compile_all(
    jobs: list[tuple[str, int]], sizes: list[int], progress: Progress | None
) -> Iterator[Compiled]:
    """Compiled files in job order, in worker processes when there is enough to read."""
    total = sum(sizes)
    done = 0
    workers = min(os.cpu_count() or 1, len(jobs))
    if progress is not None:
        progress("reading", 0, total)
    if workers > 1 and total >= PARALLEL_BYTES:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .lock import BuildLock

        context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_worker_start,
            initargs=(os.getpid(), BuildLock.held_fd),
        ) as pool:
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


def _worker_start(parent: int, lock_fd: int) -> None:
    """A worker's first step: hold no lock, and die with the process that started it.

    A forked worker shares the builders' lock with its parent until it closes its copy;
    should the parent die, whatever the signal, the kernel kills the worker (Linux's
    parent-death signal), so that no orphan keeps working on a build nobody will finish.
    """
    gc.disable()
    if lock_fd >= 0:
        try:
            os.close(lock_fd)
        except OSError:
            pass
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _compile_to_send(job: tuple[str, int]) -> Compiled | bytes:
    """``_compile`` in a worker process. A file that loaded travels back as marshal bytes:
    pickling its thousands of tuples would cost the worker twice as much."""
    compiled = _compile(job)
    if compiled.problems or compiled.stat is None:
        return compiled
    return marshal.dumps(
        (
            compiled.path,
            tuple(compiled.stat),
            compiled.digest,
            compiled.concepts,
            compiled.articles,
            compiled.spellings,
        )
    )


def _received(sent: Compiled | bytes) -> Compiled:
    """What ``_compile_to_send`` sent, as ``_compile`` returned it."""
    if isinstance(sent, Compiled):
        return sent
    path, stat, digest, concepts, articles, spellings = marshal.loads(sent)
    return Compiled(path, Stat(*stat), digest, concepts, articles, [], spellings)
