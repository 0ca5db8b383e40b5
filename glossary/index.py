"""The searchable form of a loaded glossary: concepts by id plus the matcher's form store.

An Index is backed either by a glossary loaded into memory (``Index(glossary)``: what
``check`` and the tests use) or by the on-disk cache (``Index.open(...)``: what the everyday
commands use, so that a lookup never parses YAML that has not changed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .forms import FormStore, MemoryStore
from .model import Article, Concept

if TYPE_CHECKING:
    from .cache import Progress
    from .loader import Glossary


class ConceptSource(Protocol):
    """What an Index reads concepts from: a loaded glossary or the cache."""

    @property
    def store(self) -> FormStore: ...

    def concept(self, concept_id: str) -> Concept | None: ...

    def concepts(self) -> Iterator[Concept]: ...

    @property
    def articles(self) -> dict[str, Article]: ...

    def __len__(self) -> int: ...


class _Loaded:
    """A glossary held in memory, with every form in dictionaries."""

    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        self.store: FormStore = MemoryStore(glossary.concepts.values())

    def concept(self, concept_id: str) -> Concept | None:
        return self._glossary.concepts.get(concept_id)

    def concepts(self) -> Iterator[Concept]:
        return iter(self._glossary.concepts.values())

    @property
    def articles(self) -> dict[str, Article]:
        return self._glossary.articles

    def __len__(self) -> int:
        return len(self._glossary.concepts)


class Index:
    """What commands query: a form store for matching and concepts by id."""

    def __init__(self, glossary: Glossary | None = None, *, source: ConceptSource | None = None) -> None:
        if (glossary is None) == (source is None):
            raise TypeError("Index needs a glossary or a source, not both")
        self._source: ConceptSource = source if source is not None else _Loaded(glossary)  # type: ignore[arg-type]
        self.store: FormStore = self._source.store

    @classmethod
    def open(
        cls,
        paths: Sequence[str | os.PathLike[str]] = (),
        *,
        default: bool = True,
        environ: Mapping[str, str] | None = None,
        configured: Sequence[str | os.PathLike[str]] = (),
        cache: bool = True,
        cache_dir: Path | None = None,
        progress: Progress | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> Index:
        """The layered glossary (as ``load_glossary`` reads it), from the on-disk cache.

        The cache is built or brought up to date first (``progress`` hears how that goes);
        with ``cache=False``, or when the cache folder cannot be written, the YAML is loaded
        into memory instead; ``notify`` hears of damage found in the cache (see
        ``open_cached``). Raises LoadError as ``load_glossary`` does.
        """
        from .sources import source_layers

        if cache:
            from .cache import cache_root, open_cached
            from .errors import CacheError

            layers = source_layers(paths, default=default, environ=environ, configured=configured)
            try:
                root = cache_dir or cache_root(environ)
                return cls(source=open_cached(layers, root=root, progress=progress, notify=notify))
            except (OSError, CacheError):
                pass  # no writable cache folder: answer from memory, as correctly and slower
        from .loader import load_glossary

        return cls(load_glossary(paths, default=default, environ=environ, configured=configured))

    def reopened(self) -> Index:
        """This index for a forked process: the same database on a connection of its own (an
        index held in memory is the child's own copy already)."""
        reopen = getattr(self._source, "reopened", None)
        return Index(source=reopen()) if reopen is not None else self

    def concept(self, concept_id: str) -> Concept | None:
        return self._source.concept(concept_id)

    def concepts(self) -> Iterator[Concept]:
        return self._source.concepts()

    @property
    def articles(self) -> dict[str, Article]:
        return self._source.articles

    def __len__(self) -> int:
        return len(self._source)
