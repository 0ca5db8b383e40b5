"""Coded checks of a glossary: what the loader rejects, plus consistency and neutrality.

Each finding is a :class:`~glossary.errors.Problem` with a code, a message and the place in
the YAML it concerns, so that the report reads like compiler output.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import Code, Location, Problem, Severity
from .loader import Glossary, load_files, merge
from .model import DOMAINS, LANGUAGES, Concept, Status
from .sources import source_layers
from .text import fold, key

#: A definition is one sentence plus at most three of context.
MAX_DEFINITION_SENTENCES = 4
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“«(]?[A-ZÀ-Ý])")


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[Problem, ...]
    concepts: int
    files: int

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    @property
    def clean(self) -> bool:
        """No errors and no warnings (notes do not count)."""
        return not any(p.severity is not Severity.NOTE for p in self.problems)


def check_paths(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    default: bool = True,
    environ: Mapping[str, str] | None = None,
) -> CheckReport:
    """Load what would be loaded (never raising for bad files) and check all of it."""
    files, problems = load_files(source_layers(paths, default=default, environ=environ))
    glossary = merge(files)
    problems.extend(check_glossary(glossary))
    return CheckReport(tuple(problems), len(glossary.concepts), len(glossary.files))


def check_glossary(glossary: Glossary) -> list[Problem]:
    """Every consistency, completeness and neutrality problem of a loaded glossary."""
    problems: list[Problem] = []
    for first, second in glossary.duplicates:
        problems.append(
            Problem(
                Code.DUPLICATE_ID,
                f"id '{second.id}' is defined twice in one layer (first at {first.origin}); the second wins",
                second.origin,
            )
        )
    for earlier, later in glossary.replaced:
        problems.append(
            Problem(Code.REPLACED, f"'{later.id}' replaces the entry at {earlier.origin}", later.origin)
        )
    for concept in glossary.concepts.values():
        problems.extend(_check_concept(concept, glossary))
    problems.extend(_shared_terms(glossary))
    return problems


def _check_concept(concept: Concept, glossary: Glossary) -> list[Problem]:
    out: list[Problem] = []
    where = concept.origin
    if concept.domain not in DOMAINS:
        out.append(
            Problem(
                Code.UNKNOWN_DOMAIN,
                f"'{concept.id}': domain '{concept.domain}' is not one of: {', '.join(DOMAINS)}",
                where,
            )
        )
    for related in concept.related:
        if related not in glossary.concepts:
            out.append(
                Problem(Code.UNKNOWN_RELATED, f"'{concept.id}': related id '{related}' does not exist", where)
            )
    out.extend(_check_sources(concept))
    if glossary.articles:
        for record in concept.provenance:
            if record.article not in glossary.articles:
                out.append(
                    Problem(
                        Code.UNKNOWN_ARTICLE,
                        f"'{concept.id}': provenance names unknown article '{record.article}'",
                        where,
                    )
                )
    for lang in LANGUAGES:
        section = concept.section(lang)
        if section is None or not section.terms:
            out.append(Problem(Code.MISSING_LANGUAGE, f"'{concept.id}' has no {lang} terms", where))
            continue
        spot = section.origin or where
        if not section.definition:
            out.append(Problem(Code.MISSING_DEFINITION, f"'{concept.id}' has no {lang} definition", spot))
        else:
            out.extend(_lint_definition(concept.id, lang, section.definition, spot))
        preferred = sum(1 for t in section.terms if t.status is Status.PREFERRED)
        if preferred != 1:
            out.append(
                Problem(
                    Code.PREFERRED_COUNT,
                    f"'{concept.id}' has {preferred} preferred {lang} terms; exactly one is needed",
                    spot,
                )
            )
        if lang == "it":
            for term in section.terms:
                if term.is_noun and term.gender is None:
                    out.append(
                        Problem(
                            Code.MISSING_GENDER,
                            f"'{concept.id}': Italian noun '{term.text}' has no gender",
                            term.origin or spot,
                        )
                    )
    return out


def _check_sources(concept: Concept) -> list[Problem]:
    """A concept cites at least one source, and none that is no longer published."""
    where = concept.origin
    if not concept.sources:
        return [Problem(Code.MISSING_SOURCE, f"'{concept.id}' cites no source", where)]
    out = []
    for source in concept.sources:
        ended = _discontinued(source.citation, source.url)
        if ended:
            message = f"'{concept.id}' cites a discontinued source ({ended}): '{source.citation}'"
            out.append(Problem(Code.DISCONTINUED_SOURCE, message, where))
    return out


def _lint_definition(concept_id: str, lang: str, definition: str, where: Location | None) -> list[Problem]:
    out: list[Problem] = []
    for word in loaded_words(lang).findall(fold(definition)):
        out.append(
            Problem(
                Code.LOADED_WORD,
                f"'{concept_id}': {lang} definition uses the loaded word '{word}'",
                where,
            )
        )
    sentences = len(_SENTENCE_END.findall(definition.strip())) + 1
    if sentences > MAX_DEFINITION_SENTENCES:
        out.append(
            Problem(
                Code.LONG_DEFINITION,
                f"'{concept_id}': {lang} definition has {sentences} sentences; "
                f"the limit is one plus three of context",
                where,
            )
        )
    return out


@lru_cache(maxsize=2)
def loaded_words(lang: str) -> re.Pattern[str]:
    """A pattern of the loaded-language list kept for ``lang`` (whole words, folded)."""
    text = (Path(__file__).parent / "wordlists" / f"loaded-words.{lang}.txt").read_text("utf-8")
    words = [fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    words.sort(key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


@lru_cache(maxsize=1)
def discontinued_sources() -> tuple[tuple[str, str], ...]:
    """(folded text naming the source, what happened to it) from the kept list."""
    text = (Path(__file__).parent / "wordlists" / "discontinued-sources.txt").read_text("utf-8")
    rows = [line.split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((fold(name.strip()), reason.strip()) for name, reason in rows)


def _discontinued(citation: str, url: str | None) -> str | None:
    cited = fold(f"{citation} {url or ''}")
    return next((reason for name, reason in discontinued_sources() if name in cited), None)


def _shared_terms(glossary: Glossary) -> list[Problem]:
    owners: dict[tuple[str, str], list[tuple[Concept, bool, object]]] = defaultdict(list)
    for concept in glossary.concepts.values():
        for lang, term in concept.terms():
            owners[(lang, key(term.text))].append((concept, term.homonym, term.origin))
    out: list[Problem] = []
    for (lang, term_key), claims in owners.items():
        ids = {c.id for c, _, _ in claims}
        if len(ids) < 2 or all(homonym for _, homonym, _ in claims):
            continue
        listed = ", ".join(sorted(ids))
        out.append(
            Problem(
                Code.SHARED_TERM,
                f"{lang} term '{term_key}' is claimed by {listed} (mark each 'homonym: true' if intended)",
                claims[-1][2] or claims[-1][0].origin,  # type: ignore[arg-type]
            )
        )
    return out
