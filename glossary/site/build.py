"""Writing the site: every page and the search index into a temporary folder beside the output,
which then takes the output's place in one rename. Readers (and a server serving it) see the
old site or the new one, never a part; an interrupted build leaves the old one as it was."""

from __future__ import annotations

import datetime
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Self

from ..exchange.errors import OutputError, OutputExistsError
from ..exchange.files import replace_folder
from ..index import Index
from .html import Layout, web_address
from .lists import Entry, about_page, article_pages, az_page, domain_pages, home_page
from .pages import concept_page, concept_path, label
from .searchindex import SearchIndex

#: The file that marks a folder as a site this command wrote: such a folder is replaced by a
#: new build without --force; any other folder that is not empty only with it.
MARKER = ".glossary-site"
STATIC = ("site.css", "search.js", "home.js")
#: From this many concepts on, the concept pages are written by a second process, beside the
#: search index and the lists, where the machine has a second core and can fork.
FORK_FROM = 5_000


@dataclass(frozen=True, slots=True)
class SiteSummary:
    concepts: int
    files: int
    bytes: int


def check_base_url(base_url: str | None) -> str | None:
    """The base URL with a trailing slash; raises OutputError unless it is an http(s) address."""
    if base_url is None:
        return None
    if web_address(base_url) is None:
        raise OutputError(f"--base-url: {base_url!r} is not an http:// or https:// address")
    return base_url if base_url.endswith("/") else base_url + "/"


def build_site(
    index: Index, out: Path, *, title: str, base_url: str | None = None, force: bool = False
) -> SiteSummary:
    """Write the site of a loaded glossary to the folder ``out``.

    Raises OutputExistsError for a folder that is not empty and not a previous site (unless
    ``force``), OutputError when the folder cannot be written.
    """
    layout = Layout(title, check_base_url(base_url))
    refuse_folder(out, force=force)
    parent = out.parent if str(out.parent) else Path(".")
    # Named here and made inside the try: a Ctrl-C at any moment leaves no folder behind.
    temporary = parent / f".{out.name}.{secrets.token_hex(6)}.tmp"
    date = datetime.date.today().isoformat()
    try:
        temporary.mkdir(mode=0o700)
        with _PageWriter(index, temporary, layout, date) as pages:
            count, size = _write(temporary, _files(index, layout, date, pages=not pages.elsewhere))
        count, size = count + pages.count, size + pages.size
        os.chmod(temporary, 0o777 & ~_umask())
        _swap(temporary, out, force=force)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from exc
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return SiteSummary(len(index), count, size)


def _files(index: Index, layout: Layout, date: str, *, pages: bool) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, (path, content), a concept at a time; the concept pages only
    with ``pages`` (else another process writes them)."""
    articles = index.articles
    search = SearchIndex()
    entries: list[Entry] = []
    sources: set[tuple[str, str | None]] = set()
    labels = search.labels
    waiting = []  # pages that link to concepts not yet read: written once all are
    example = None
    for concept in index.concepts():
        example = example or concept
        search.add(concept)
        entries.append(Entry.of(concept))
        sources.update((s.citation, s.url) for s in concept.sources)
        if not pages:
            continue
        if all(other in labels for other in concept.related):
            yield f"c/{concept.id}.html", concept_page(concept, layout, labels.get, articles, date)
        else:
            waiting.append(concept)
    for concept in waiting:
        yield f"c/{concept.id}.html", concept_page(concept, layout, labels.get, articles, date)
    for path, data in search.files():
        yield f"search/{path}", data
    yield "index.html", home_page(layout, len(entries))
    for lang in ("it", "en"):
        yield f"az-{lang}.html", az_page(layout, entries, lang)
    yield from domain_pages(layout, entries)
    yield from article_pages(layout, entries, articles)
    yield "about.html", about_page(layout, len(entries), len(sources), example, date)
    static = resources.files("glossary.site") / "static"
    for name in STATIC:
        yield name, (static / name).read_bytes()
    yield MARKER, b"A site written by glossary site; a new build replaces this folder.\n"


class _PageWriter:
    """Writes the concept pages of a large glossary in a forked process, while the building
    process makes the search index and the lists (on 200,000 concepts each half takes about as
    long as the other). ``elsewhere`` says whether it does; ``count`` and ``size`` are what it
    wrote, once the block has ended. An error or Ctrl-C in the block stops the process before
    the caller removes the folder."""

    def __init__(self, index: Index, folder: Path, layout: Layout, date: str) -> None:
        self.count = self.size = 0
        self._process: Any = None
        self._receive: Any = None
        self.elsewhere = len(index) >= FORK_FROM and (os.cpu_count() or 1) > 1 and _can_fork()
        self._job = (index, folder, layout, date)

    def __enter__(self) -> Self:
        if self.elsewhere:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_write_pages, args=(*self._job, send), daemon=True)
            self._process.start()
            send.close()
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        process = self._process
        if process is None:
            return
        if kind is not None:
            process.terminate()
            process.join()
            return
        try:
            outcome = self._receive.recv()
        except EOFError:
            outcome = f"the process writing the pages ended with status {process.exitcode}"
        process.join()
        if isinstance(outcome, str):
            raise OSError(0, outcome)
        self.count, self.size = outcome


def _can_fork() -> bool:
    import sys

    return sys.platform.startswith("linux")


def _write_pages(index: Index, folder: Path, layout: Layout, date: str, send: Any) -> None:
    """The forked process: every concept page, from the index on a connection of its own.
    Ctrl-C is its parent's to answer (it stops this process)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        own = index.reopened()
        articles = own.articles

        def labels(concept_id: str) -> tuple[str, str] | None:
            other = own.concept(concept_id)
            return label(other) if other is not None else None

        pages = (
            (concept_path(c.id), concept_page(c, layout, labels, articles, date)) for c in own.concepts()
        )
        send.send(_write(folder, pages))
    except OSError as exc:
        send.send(exc.strerror or str(exc))


def _write(folder: Path, files: Iterable[tuple[str, bytes]]) -> tuple[int, int]:
    made: set[Path] = set()
    count = size = 0
    for name, data in files:
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        count += 1
        size += len(data)
    return count, size


def refuse_folder(out: Path, *, force: bool) -> None:
    """Fail before any work when the output cannot be replaced."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file; give a folder name")
    if not force and out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputExistsError(
            f"{out}: folder exists, is not empty and is not a site of this command (use --force to replace it)"
        )


def _swap(temporary: Path, out: Path, *, force: bool) -> None:
    """Put the new site in the output's place; the old folder goes only once the new is there."""
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        os.replace(temporary, out)
        return
    refuse_folder(out, force=force)  # filled meanwhile?
    replace_folder(temporary, out)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
