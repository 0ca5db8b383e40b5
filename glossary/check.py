"""Coded checks of a glossary: what the loader rejects, plus consistency and neutrality.

Each finding is a :class:`~glossary.errors.Problem` with a code, a message and the place in
the YAML it concerns, so that the report reads like compiler output.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import spoofing
from .errors import Code, LoadError, Location, Problem, Severity, code_selector
from .loader import Glossary, load_files, merge
from .model import DOMAINS, LANGUAGES, Concept, LanguageSection, Status
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
    configured: Sequence[str | os.PathLike[str]] = (),
    select: Callable[[Code], bool] | None = None,
) -> CheckReport:
    """Load what would be loaded (never raising for bad files) and check all of it; ``select``:
    only the codes it accepts (see ``selector``)."""
    try:
        layers = source_layers(paths, default=default, environ=environ, configured=configured)
    except LoadError as exc:  # an empty path: reported like any other problem
        return CheckReport(tuple(exc.problems), 0, 0)
    files, problems = load_files(layers)
    glossary = merge(files)
    if select is not None:
        problems = [p for p in problems if select(p.code)]
    problems.extend(check_glossary(glossary, select))
    return CheckReport(tuple(problems), len(glossary.concepts), len(glossary.files))


def check_glossary(glossary: Glossary, select: Callable[[Code], bool] | None = None) -> list[Problem]:
    """Every consistency, completeness and neutrality problem of a loaded glossary, check by
    check in the order of the table (``select``: only the codes it accepts)."""
    wanted = select or (lambda code: True)
    problems: list[Problem] = []
    for code, check in GLOSSARY_CHECKS.items():
        if code in _BEFORE_CONCEPTS and wanted(code):
            problems.extend(check(glossary))
    concept_checks = [check for code, check in CONCEPT_CHECKS.items() if wanted(code)]
    for concept in glossary.concepts.values():
        for concept_check in concept_checks:
            problems.extend(concept_check(concept, glossary))
    for code, check in GLOSSARY_CHECKS.items():
        if code not in _BEFORE_CONCEPTS and wanted(code):
            problems.extend(check(glossary))
    return problems


def _sections(concept: Concept) -> Iterator[tuple[str, LanguageSection, Location | None]]:
    """Each language section that has terms, with the place to point at."""
    for lang in LANGUAGES:
        section = concept.section(lang)
        if section is not None and section.terms:
            yield lang, section, section.origin or concept.origin


def _duplicate_ids(glossary: Glossary) -> Iterator[Problem]:
    """E201: an id is defined once in a layer; of two definitions the second wins, and is reported."""
    for first, second in glossary.duplicates:
        message = f"id '{second.id}' is defined twice in one layer (first at {first.origin}); the second wins"
        yield Problem(Code.DUPLICATE_ID, message, second.origin)


def _replacements(glossary: Glossary) -> Iterator[Problem]:
    """N401 (a note): an id defined again in a later layer replaces the earlier entry."""
    for earlier, later in glossary.replaced:
        yield Problem(Code.REPLACED, f"'{later.id}' replaces the entry at {earlier.origin}", later.origin)


def _common_word_names(glossary: Glossary) -> Iterator[Problem]:
    """N402 (a note): a name that seems also a common word of its language in another sense
    ("la Base", "NATO" in Italian, "Prevent"), the common words being those the glossary's
    own definitions and notes use in lower case. DeepL and OmegaT exports leave it out as a
    source, since a tool applying them would replace the common word wherever it stands.
    Mark the term 'common_word: true' to confirm, or 'common_word: false' (the same sense) to
    keep it as a source; either silences the note."""
    from .commonwords import judged, prose_words

    prose = prose_words(glossary.concepts.values())
    for concept in glossary.concepts.values():
        for lang, term in concept.terms():
            settled = term.status.retired or term.common_word is not None
            word = None if settled else judged(concept, lang, term, prose[lang])
            if word is not None:
                message = (
                    f"'{concept.id}': {lang} name '{term.text}' is also the common word '{word}';"
                    " exports leave it out as a source (mark it common_word: true or false)"
                )
                yield Problem(Code.COMMON_WORD_NAME, message, term.origin or concept.origin)


def _unknown_domain(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """W303: a domain is one of those the packaged glossary uses (others load, with a warning)."""
    if concept.domain not in DOMAINS:
        message = f"'{concept.id}': domain '{concept.domain}' is not one of: {', '.join(DOMAINS)}"
        yield Problem(Code.UNKNOWN_DOMAIN, message, concept.origin)


def _unknown_related(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """E202: every id in 'related' names a concept of the glossary."""
    for related in concept.related:
        if related not in glossary.concepts:
            message = f"'{concept.id}': related id '{related}' does not exist"
            yield Problem(Code.UNKNOWN_RELATED, message, concept.origin)


def _missing_source(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """E205: every concept cites at least one source."""
    if not concept.sources:
        yield Problem(Code.MISSING_SOURCE, f"'{concept.id}' cites no source", concept.origin)


def _discontinued_source(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """W305: no source is one that is no longer published (the list kept in
    glossary/wordlists/discontinued-sources.txt: The World Factbook, ended on 4 February 2026)."""
    for source in concept.sources:
        ended = _discontinued(source.citation, source.url)
        if ended:
            message = f"'{concept.id}' cites a discontinued source ({ended}): '{source.citation}'"
            yield Problem(Code.DISCONTINUED_SOURCE, message, concept.origin)


def _unknown_article(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """E207: provenance names an article of the glossary's 'articles' list (when it has one)."""
    if not glossary.articles:
        return
    for record in concept.provenance:
        if record.article not in glossary.articles:
            message = f"'{concept.id}': provenance names unknown article '{record.article}'"
            yield Problem(Code.UNKNOWN_ARTICLE, message, concept.origin)


def _missing_language(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """E203: a concept has terms in both languages, Italian and English."""
    for lang in LANGUAGES:
        section = concept.section(lang)
        if section is None or not section.terms:
            yield Problem(Code.MISSING_LANGUAGE, f"'{concept.id}' has no {lang} terms", concept.origin)


def _missing_definition(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """E204: each language that has terms has a definition."""
    for lang, section, spot in _sections(concept):
        if not section.definition:
            yield Problem(Code.MISSING_DEFINITION, f"'{concept.id}' has no {lang} definition", spot)


def _loaded_word(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """W302: a definition uses no evaluative or emotive word of the lists kept in
    glossary/wordlists/loaded-words.*.txt (brutal, famigerato ...): facts carry the weight."""
    for lang, section, spot in _sections(concept):
        for word in loaded_words(lang).findall(fold(section.definition or "")):
            message = f"'{concept.id}': {lang} definition uses the loaded word '{word}'"
            yield Problem(Code.LOADED_WORD, message, spot)


def _long_definition(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """W304: a definition is one sentence, then at most three of context."""
    for lang, section, spot in _sections(concept):
        if section.definition:
            sentences = len(_SENTENCE_END.findall(section.definition.strip())) + 1
            if sentences > MAX_DEFINITION_SENTENCES:
                message = (
                    f"'{concept.id}': {lang} definition has {sentences} sentences; "
                    f"the limit is one plus three of context"
                )
                yield Problem(Code.LONG_DEFINITION, message, spot)


def _preferred_count(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """E208: each language that has terms marks exactly one of them preferred."""
    for lang, section, spot in _sections(concept):
        preferred = sum(1 for t in section.terms if t.status is Status.PREFERRED)
        if preferred != 1:
            message = f"'{concept.id}' has {preferred} preferred {lang} terms; exactly one is needed"
            yield Problem(Code.PREFERRED_COUNT, message, spot)


def _missing_gender(concept: Concept, glossary: Glossary) -> Iterator[Problem]:
    """E206: every Italian noun and proper noun records its grammatical gender."""
    for lang, section, spot in _sections(concept):
        if lang == "it":
            for term in section.terms:
                if term.is_noun and term.gender is None:
                    message = f"'{concept.id}': Italian noun '{term.text}' has no gender"
                    yield Problem(Code.MISSING_GENDER, message, term.origin or spot)


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
    """W301: a term (folded) belongs to one concept in each language, unless every concept
    that claims it marks it 'homonym: true'."""
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


#: The checks of the whole glossary and of each concept, by the code they report: each rule is
#: its function's docstring (``glossary check --explain CODE``). Duplicates and replacements
#: are reported first, the concepts' problems next, the shared terms last.
GLOSSARY_CHECKS: dict[Code, Callable[[Glossary], Iterable[Problem]]] = {
    Code.DUPLICATE_ID: _duplicate_ids,
    Code.REPLACED: _replacements,
    Code.SHARED_TERM: _shared_terms,
    Code.MATCHER_COLLISION: spoofing.matcher_collisions,
    Code.CONFUSABLE: spoofing.confusable_terms,
    Code.COMMON_WORD_NAME: _common_word_names,
}
_BEFORE_CONCEPTS = frozenset((Code.DUPLICATE_ID, Code.REPLACED))
CONCEPT_CHECKS: dict[Code, Callable[[Concept, Glossary], Iterable[Problem]]] = {
    Code.UNKNOWN_DOMAIN: _unknown_domain,
    Code.UNKNOWN_RELATED: _unknown_related,
    Code.MISSING_SOURCE: _missing_source,
    Code.DISCONTINUED_SOURCE: _discontinued_source,
    Code.UNKNOWN_ARTICLE: _unknown_article,
    Code.MISSING_LANGUAGE: _missing_language,
    Code.MISSING_DEFINITION: _missing_definition,
    Code.LOADED_WORD: _loaded_word,
    Code.LONG_DEFINITION: _long_definition,
    Code.PREFERRED_COUNT: _preferred_count,
    Code.MISSING_GENDER: _missing_gender,
    Code.INVISIBLE_CHARACTER: spoofing.invisible_characters,
    Code.MIXED_SCRIPT: spoofing.mixed_scripts,
}


def explain(code: Code) -> str:
    """The rule behind a code, as its check (or the loader) states it."""
    check = GLOSSARY_CHECKS.get(code) or CONCEPT_CHECKS.get(code)
    if check is not None and check.__doc__:
        return " ".join(check.__doc__.split())
    return LOADER_RULES[code]


#: What the loader refuses, by code: a file with one of these does not load at all.
LOADER_RULES: dict[Code, str] = {
    Code.UNREADABLE: "E100: a glossary file can be found and read (exists, is a file, readable).",
    Code.SYNTAX: "E101: a glossary file is valid YAML, one document, nested no deeper than 24 levels.",
    Code.ENCODING: "E102: a glossary file is UTF-8 (a leading byte order mark is allowed).",
    Code.DUPLICATE_KEY: "E103: no key appears twice in one mapping.",
    Code.ALIAS: "E104: no anchors or aliases: every value is written where it is used.",
    Code.UNKNOWN_KEY: "E105: every key is one the format defines (see 'The YAML format').",
    Code.WRONG_TYPE: "E106: every value has the type its key asks for (text, list, mapping, no tags).",
    Code.MISSING_FIELD: "E107: every required key is present (id and domain; a term's text, type, status).",
    Code.BAD_VALUE: (
        "E108: every value is valid: ids are slugs, choices are among their values, and text is one "
        "line with no control characters and no U+FFFE or U+FFFF."
    ),
    Code.TOO_LARGE: "E109: a glossary file is at most 32 MiB.",
}


def selector(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Callable[[Code], bool]:
    """Which codes to report: those starting with one of ``select`` (all when empty), but none
    starting with one of ``ignore``; prefixes such as "W3" or "E20" name a group."""
    listing = "E100-E109, E201-E209, W301-W308, N401-N402"
    return code_selector(Code, select, ignore, kind="check", listing=listing)
