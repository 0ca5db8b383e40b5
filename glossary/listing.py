"""The rows of ``glossary list``: filtered and sorted entries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .errors import InputError
from .index import Index
from .model import DOMAIN_LABELS, DOMAINS, LANGUAGES
from .text import fold


@dataclass(frozen=True, slots=True)
class DomainCount:
    """A domain, its names in both languages (empty for one the packaged data does not
    use) and how many loaded entries it has."""

    domain: str
    it: str
    en: str
    count: int


def domain_counts(index: Index) -> list[DomainCount]:
    """Every domain, the packaged ones first in their order (even when none is loaded), then
    any other a loaded entry uses, by name."""
    counts = Counter(concept.domain for concept in index.concepts())
    names = [*DOMAINS, *sorted(set(counts) - set(DOMAINS))]
    return [DomainCount(name, *DOMAIN_LABELS.get(name, ("", "")), counts[name]) for name in names]


def domain_named(value: str) -> str:
    """The domain a name or either language's label stands for, in any case or accents
    ("Luogo" → place); else the value as given."""
    wanted = fold(value.strip())
    for domain, labels in DOMAIN_LABELS.items():
        if wanted in (fold(domain), *map(fold, labels)):
            return domain
    return value.strip()


def resolve_domain(index: Index, value: str) -> str:
    """The domain a ``--domain`` value names: its name or either language's label, in any
    case or accents ("Persona", "PLACE"), or another domain a loaded entry uses; InputError
    naming the valid ones otherwise."""
    domains = domain_counts(index)
    named = domain_named(value)
    for entry in domains:
        if fold(named) == fold(entry.domain):
            return entry.domain
    wanted = fold(value.strip())
    import difflib

    names = [entry.domain for entry in domains]
    close = difflib.get_close_matches(wanted, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise InputError(f"unknown domain '{value}': {hint}domains: {', '.join(names)}")


def list_entries(
    index: Index,
    *,
    domain: str | None = None,
    lang: str | None = None,
    contains: str | None = None,
    sort: str = "id",
) -> list[tuple[str, str, str, str]]:
    """(id, Italian preferred, English preferred, domain) rows.

    ``lang`` keeps entries that have terms in that language and limits ``contains`` (a
    case- and accent-insensitive substring) to that side.
    """
    needle = fold(contains) if contains else None
    langs = (lang,) if lang else LANGUAGES
    rows = []
    for concept in index.concepts():
        if domain and concept.domain != domain:
            continue
        if lang and concept.section(lang) is None:
            continue
        if needle and not any(needle in fold(t.text) for code in langs for _, t in concept.terms(code)):
            continue
        it, en = concept.preferred("it"), concept.preferred("en")
        rows.append((concept.id, it.text if it else "", en.text if en else "", concept.domain))
    column = {"id": 0, "it": 1, "en": 2}[sort]
    rows.sort(key=lambda row: (fold(row[column]) or "\uffff", row[0]))
    return rows
