"""The in-memory model: frozen, typed records built from validated YAML.

Positions (``origin``) ride along for messages but never take part in equality, so that a
concept read from a TBX import equals the one it was exported from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .errors import Location

LANGUAGES: tuple[str, ...] = ("it", "en")


class TermType(str, Enum):
    FULL_FORM = "full-form"
    ACRONYM = "acronym"
    ABBREVIATION = "abbreviation"
    SHORT_FORM = "short-form"
    VARIANT = "variant"
    TRANSLITERATION = "transliteration"


class Status(str, Enum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    #: Replaced by a newer term (TBX's supersededTerm): like deprecated, not to be used.
    SUPERSEDED = "superseded"

    @property
    def retired(self) -> bool:
        """Not to be used: deprecated or superseded."""
        return self in (Status.DEPRECATED, Status.SUPERSEDED)


class PartOfSpeech(str, Enum):
    NOUN = "noun"
    PROPER_NOUN = "proper-noun"
    ADJECTIVE = "adjective"
    VERB = "verb"
    ADVERB = "adverb"
    PHRASE = "phrase"


class Gender(str, Enum):
    MASCULINE = "masculine"
    FEMININE = "feminine"
    COMMON = "common"


class Number(str, Enum):
    SINGULAR = "singular"
    PLURAL = "plural"


#: The domains the packaged glossary uses; others load but `check` warns about them.
DOMAINS: tuple[str, ...] = (
    "organisation",
    "person",
    "place",
    "institution",
    "office",
    "document",
    "publication",
    "event",
    "concept",
    "equipment",
)

#: Each domain's name in Italian and English, as `glossary domains` shows them.
DOMAIN_LABELS: dict[str, tuple[str, str]] = {
    "organisation": ("organizzazione", "organisation"),
    "person": ("persona", "person"),
    "place": ("luogo", "place"),
    "institution": ("istituzione", "institution"),
    "office": ("carica", "office"),
    "document": ("documento", "document"),
    "publication": ("pubblicazione", "publication"),
    "event": ("evento", "event"),
    "concept": ("concetto", "concept"),
    "equipment": ("equipaggiamento", "equipment"),
}

STATUS_ORDER = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.SUPERSEDED: 3}
#: Each choice's members by value (a dictionary answers faster than calling the enum): for
#: the loader's validation and for unpacking the index's records.
MEMBERS: dict[type[Enum], dict[str, Any]] = {
    enum: {member.value: member for member in enum}
    for enum in (TermType, Status, PartOfSpeech, Gender, Number)
}


@dataclass(frozen=True, slots=True)
class Term:
    """One designation of a concept in one language."""

    text: str
    type: TermType
    status: Status
    pos: PartOfSpeech = PartOfSpeech.NOUN
    gender: Gender | None = None
    number: Number = Number.SINGULAR
    plurals: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    note: str | None = None
    homonym: bool = False
    #: A name that takes the definite article in running text (the Sahel, the Maghreb).
    article: bool = False
    #: Whether a name is also a common word of its language in another sense ("la Base"):
    #: True, never a source of an MT or CAT glossary; False, the same sense (checked, kept);
    #: None, as ``commonwords`` judges (and ``glossary check`` asks, N402).
    common_word: bool | None = None
    origin: Location | None = field(default=None, compare=False, repr=False)

    @property
    def is_noun(self) -> bool:
        return self.pos in (PartOfSpeech.NOUN, PartOfSpeech.PROPER_NOUN)


@dataclass(frozen=True, slots=True)
class LanguageSection:
    """The terms, definition and usage notes of a concept in one language."""

    terms: tuple[Term, ...] = ()
    definition: str | None = None
    notes: tuple[str, ...] = ()
    origin: Location | None = field(default=None, compare=False, repr=False)

    @property
    def preferred(self) -> Term | None:
        """The preferred term, or the best-ranked one when none is marked preferred."""
        if not self.terms:
            return None
        return min(self.terms, key=lambda t: STATUS_ORDER[t.status])


@dataclass(frozen=True, slots=True)
class Source:
    citation: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a source article uses the concept, with the exact surface forms there."""

    article: str
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    language: str
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept with its designations in both languages."""

    id: str
    domain: str
    it: LanguageSection | None = None
    en: LanguageSection | None = None
    related: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    #: The concept's id in the term base it was imported from (a TBX entry's id).
    source_id: str | None = None
    origin: Location | None = field(default=None, compare=False, repr=False)

    def section(self, lang: str) -> LanguageSection | None:
        if lang == "it":
            return self.it
        if lang == "en":
            return self.en
        raise ValueError(f"unknown language {lang!r}")

    def preferred(self, lang: str) -> Term | None:
        section = self.section(lang)
        return section.preferred if section else None

    def terms(self, lang: str | None = None) -> list[tuple[str, Term]]:
        """(language, term) pairs, preferred first within each language."""
        out: list[tuple[str, Term]] = []
        for code in (lang,) if lang else LANGUAGES:
            section = self.section(code)
            if section:
                ranked = sorted(section.terms, key=lambda t: STATUS_ORDER[t.status])
                out.extend((code, term) for term in ranked)
        return out
