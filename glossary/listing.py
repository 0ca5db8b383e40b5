"""The rows of ``glossary list``: filtered and sorted entries."""

from __future__ import annotations

from .index import Index
from .model import LANGUAGES
from .text import fold


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
