"""What an importer hands back: a document in the YAML format and what it could not map."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..text import fold

#: The domain an import writes where the file names none (``glossary check`` then asks for one).
UNSPECIFIED_DOMAIN = "unspecified"


@dataclass(slots=True)
class Unmapped:
    """Counts of what a file holds that the glossary has no place for, by kind."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, what: str, count: int = 1) -> None:
        self.counts[what] += count

    def lines(self) -> list[str]:
        """One line per kind, the most frequent first: '316 × transacGrp (…)'."""
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [f"{count} × {what}" for what, count in ranked]


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row or entry left out of an import for what it holds, and where it stands."""

    #: "path:line" (or the path alone where the line is not known).
    where: str
    #: Why, in words shared by every rejection of the same kind ("column 'text' contains …").
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Imported:
    """A glossary document (``concepts``, maybe ``articles``) in the YAML format's own keys."""

    document: dict[str, Any]
    source_format: str
    unmapped: tuple[str, ...] = ()
    #: Rows or entries left out for what they hold, the rest imported.
    rejected: tuple[Rejection, ...] = ()

    def rejected_by_reason(self) -> list[tuple[str, int]]:
        """(reason, count) of the rejections, the most frequent first."""
        counts = Counter(rejection.reason for rejection in self.rejected)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def concepts(self) -> int:
        return len(self.document.get("concepts", []))


def slug(text: str) -> str:
    """A concept id made from a term: folded, lowercase letters and digits joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))
