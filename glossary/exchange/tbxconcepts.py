"""What a TBX import has read of each concept, and the YAML documents it becomes: ids (the
preferred term's slug, or ours behind ``c-``, the file's own kept as ``source_id``),
cross-references followed to the renamed entries, sources joined with their links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..loader import ID_PATTERN
from ..model import LANGUAGES, Status
from .imported import UNSPECIFIED_DOMAIN, Unmapped, slug
from .tbx import ID_PREFIX


@dataclass(slots=True)
class Section:
    terms: list[dict[str, Any]] = field(default_factory=list)
    definition: str | None = None
    notes: list[str] = field(default_factory=list)
    #: The language tag of the first langSec read into this section ("en-GB", "en").
    tag: str | None = None


@dataclass(slots=True)
class ReadConcept:
    entry_id: str
    domain: str | None = None
    sections: dict[str, Section] = field(default_factory=dict)
    related: list[tuple[str | None, str]] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    provenance: list[dict[str, Any]] = field(default_factory=list)
    source_id: str | None = None
    #: Plain notes on the concept entry, kept in the section of the file's language.
    notes: list[str] = field(default_factory=list)


def documents(concepts: list[ReadConcept], unmapped: Unmapped) -> list[dict[str, Any]]:
    """The YAML documents of the concepts read: those with an Italian or English term, each
    named by its preferred term (or our own id behind ``c-``), the file's id kept beside it."""
    kept = [c for c in concepts if any(s.terms for s in c.sections.values())]
    if len(kept) < len(concepts):
        unmapped.add("concepts with no Italian or English term (left out)", len(concepts) - len(kept))
    own_ids = _assign_ids(kept)
    for concept, own in zip(kept, own_ids):
        # An entry is named by its preferred term; the file's own id is kept beside it.
        if concept.source_id is None and concept.entry_id and concept.entry_id != ID_PREFIX + own:
            concept.source_id = concept.entry_id
    by_entry: dict[str, str] = {}
    for concept, own in zip(kept, own_ids):
        by_entry.setdefault(concept.entry_id, own)
    return [_document(c, own, by_entry, unmapped) for c, own in zip(kept, own_ids)]


def _assign_ids(concepts: list[ReadConcept]) -> list[str]:
    """Concept ids: ours behind the ``c-`` prefix, else slugs of the preferred term."""
    ids: list[str | None] = []
    taken: set[str] = set()
    for concept in concepts:
        own = concept.entry_id[len(ID_PREFIX) :] if concept.entry_id.startswith(ID_PREFIX) else ""
        if own and ID_PATTERN.match(own) and own not in taken:
            ids.append(own)
            taken.add(own)
        else:
            ids.append(None)
    out: list[str] = []
    for number, (concept, given) in enumerate(zip(concepts, ids), 1):
        if given is None:
            base = _name_of(concept) or slug(concept.entry_id) or f"concept-{number}"
            given, suffix = base, 2
            while given in taken:
                given, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(given)
        out.append(given)
    return out


def _document(concept: ReadConcept, own_id: str, ids: dict[str, str], unmapped: Unmapped) -> dict[str, Any]:
    """The YAML document of a concept read, named ``own_id``; ``ids``: entry id -> own id."""
    if concept.domain is None:
        unmapped.add(f"concepts without subjectField (domain written as '{UNSPECIFIED_DOMAIN}')")
    out: dict[str, Any] = {"id": own_id, "domain": concept.domain or UNSPECIFIED_DOMAIN}
    for lang in LANGUAGES:
        section = concept.sections.get(lang)
        if section is None or not section.terms:
            continue
        body: dict[str, Any] = {"terms": section.terms}
        if section.definition:
            body["definition"] = section.definition
        if section.notes:
            body["notes"] = section.notes
        out[lang] = body
    related: list[str] = []
    for target, text in concept.related:
        resolved = ids.get(target) if target else (text if ID_PATTERN.match(text) else None)
        if resolved is None:
            unmapped.add("crossReferences to entries not in the file")
        elif resolved != own_id and resolved not in related:
            related.append(resolved)
    if related:
        out["related"] = related
    sources = _sources(concept)
    if sources:
        out["sources"] = sources
    if concept.provenance:
        out["provenance"] = concept.provenance
    if concept.source_id:
        out["source_id"] = concept.source_id
    return out


def _sources(concept: ReadConcept) -> list[dict[str, str]]:
    """Citations in order, each with the URL of the link that bears its text."""
    links = list(concept.links)
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for citation in concept.citations:
        if citation in seen:
            continue
        seen.add(citation)
        source = {"citation": citation}
        for index, (text, url) in enumerate(links):
            if text == citation:
                source["url"] = url
                del links[index]
                break
        out.append(source)
    for text, url in links:
        out.append({"citation": text or url, "url": url})
    return out


def _name_of(concept: ReadConcept) -> str:
    for lang in ("en", "it"):
        section = concept.sections.get(lang)
        if section and section.terms:
            best = next((t for t in section.terms if t["status"] == Status.PREFERRED.value), section.terms[0])
            return slug(best["text"])
    return ""


def join_notes(notes: list[str]) -> str:
    """Several TBX notes as the one note a term has: sentences run on, fragments take '; '."""
    out = notes[0]
    for note in notes[1:]:
        out += (" " if out.endswith((".", "!", "?", ";", ":")) else "; ") + note
    return out
