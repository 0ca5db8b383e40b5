"""Plain data (dicts and lists) of model records, in the YAML format's own key names.

The same shape serves ``--json`` output, the JSON export and YAML writing, so that one
documented format describes them all.
"""

from __future__ import annotations

from typing import Any

from .model import LANGUAGES, Article, Concept, LanguageSection, Term


def term_to_dict(term: Term) -> dict[str, Any]:
    out: dict[str, Any] = {"text": term.text, "type": term.type.value, "status": term.status.value}
    out["pos"] = term.pos.value
    if term.gender is not None:
        out["gender"] = term.gender.value
    out["number"] = term.number.value
    if term.plurals:
        out["plural"] = list(term.plurals)
    if term.forms:
        out["forms"] = list(term.forms)
    if term.note:
        out["note"] = term.note
    if term.homonym:
        out["homonym"] = True
    if term.article:
        out["article"] = True
    if term.common_word is not None:
        out["common_word"] = term.common_word
    return out


def section_to_dict(section: LanguageSection) -> dict[str, Any]:
    out: dict[str, Any] = {"terms": [term_to_dict(t) for t in section.terms]}
    if section.definition:
        out["definition"] = section.definition
    if section.notes:
        out["notes"] = list(section.notes)
    return out


def concept_to_dict(concept: Concept) -> dict[str, Any]:
    out: dict[str, Any] = {"id": concept.id, "domain": concept.domain}
    for lang in LANGUAGES:
        section = concept.section(lang)
        if section is not None:
            out[lang] = section_to_dict(section)
    if concept.related:
        out["related"] = list(concept.related)
    if concept.sources:
        out["sources"] = [
            {"citation": s.citation, **({"url": s.url} if s.url else {})} for s in concept.sources
        ]
    if concept.provenance:
        out["provenance"] = [{"article": p.article, "forms": list(p.forms)} for p in concept.provenance]
    if concept.source_id:
        out["source_id"] = concept.source_id
    return out


def article_to_dict(article: Article) -> dict[str, Any]:
    out: dict[str, Any] = {"title": article.title, "language": article.language}
    if article.file:
        out["file"] = article.file
    return out
