"""The searchable form of a loaded glossary: concepts by id plus the matcher's form store."""

from __future__ import annotations

from collections.abc import Iterator

from .loader import Glossary
from .match import FormStore, MemoryStore
from .model import Article, Concept


class Index:
    """What commands query: a form store for matching and concepts by id."""

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
