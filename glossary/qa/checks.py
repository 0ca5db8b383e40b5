"""The checks of ``glossary qa``, each a function of one rule over the terms the matcher found
in a segment's source and target (``terms.Hit``); the rule is its docstring.

Two traps are avoided on purpose, since a QA tool that cries wolf is switched off: a generic
word the glossary records only as a retired or short designation of one entry ("document"
for a UN report) names that entry only when the source names it too; and a stop word in a
headline of capitals ("THIS IS WHY") is no acronym.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .codes import QaCode
from .detect import LANGUAGE_NAMES
from .report import Finding
from .terms import Finder, Hit, TermBook, headline_word


@dataclass(frozen=True, slots=True)
class Pair:
    """One segment as the checks see it: its id and place, its texts and languages."""

    segment: str
    position: int
    source: str
    target: str
    source_lang: str
    target_lang: str

    def finding(
        self, code: QaCode, message: str, concept_id: str, source: list[Hit], target: list[Hit]
    ) -> Finding:
        return Finding(
            code,
            self.segment,
            message,
            concept_id,
            self.source,
            self.target or None,
            tuple(h.span for h in source),
            tuple(h.span for h in target),
            self.position,
        )


class Place(NamedTuple):
    """Where a term was used, for the consistency checks: the segment, the entry and the
    terms' hits there (a tuple: a long file records one for most of its segments)."""

    pair: Pair
    concept_id: str
    source: tuple[Hit, ...]
    target: tuple[Hit, ...]


@dataclass
class Renderings:
    """How each entry is written across a file, for the consistency checks: by key (an entry
    and the source term, or an entry, language and kind), each term used and where."""

    seen: dict[tuple[str, ...], dict[str, list[Place]]] = field(default_factory=dict)

    def record(self, key: tuple[str, ...], term: str, where: Place) -> None:
        self.seen.setdefault(key, {}).setdefault(term, []).append(where)

    def departures(self) -> Iterator[tuple[str, str, Place]]:
        """(the count line, the term used, the place) for each use of a term other than the
        most used one of its key (the first seen, on a tie)."""
        for terms in self.seen.values():
            if len(terms) < 2:
                continue
            ranked = sorted(terms.items(), key=lambda item: -len(item[1]))
            counts = ", ".join(f"'{term}' {len(places)}×" for term, places in ranked)
            for term, places in ranked[1:]:
                for place in places:
                    yield counts, term, place


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks of a document share: the matcher, the glossary's word on each term, the
    codes asked for, and the renderings seen so far."""

    finder: Finder
    book: TermBook
    wanted: Callable[[QaCode], bool]
    renderings: Renderings


@dataclass(frozen=True, slots=True)
class Found:
    """The terms found in a segment pair: the source's that count (``source_terms``) and the
    target's; ``copied``: those of the source language found in the target, looked for only
    where a source term has no rendering (``left_out``)."""

    source: list[Hit]
    target: list[Hit]
    copied: list[Hit] = field(default_factory=list)


def source_terms(pair: Pair, found: list[Hit]) -> list[Hit]:
    """The source's terms that a target must render: not one inside another, not a generic
    word or a name that is also a common word, not a stop word in a headline."""
    return [
        h
        for h in found
        if not h.nested and not h.generic and not headline_word(h, pair.source, pair.source_lang)
    ]


def left_out(source: list[Hit], target: list[Hit]) -> bool:
    """Whether a source term's entry (or a homonym of it) has no term in the target."""
    rendered = {c for h in target for c in h.concepts}
    return any(rendered.isdisjoint(h.concepts) for h in source)


def check_pair(pair: Pair, found: Found, context: Context) -> list[Finding]:
    """Every finding of one segment pair, given the terms found in it (the consistency checks,
    across segments, are only recorded here: see ``consistency``)."""
    book, wanted, renderings = context.book, context.wanted, context.renderings
    source, target = found.source, found.target
    problems: list[Finding] = []
    if wanted(QaCode.DEPRECATED_TERM):
        problems += deprecated_terms(pair, target, {c for h in source for c in h.concepts}, book)
    rendered = {c for h in target for c in h.concepts}
    by_concept: dict[str, list[Hit]] = {}
    for hit in source:
        by_concept.setdefault(hit.concept_id, []).append(hit)
    copied = {c for h in found.copied for c in h.concepts}
    for hits in by_concept.values():
        if rendered.isdisjoint(hits[0].concepts):
            problems += missing_or_untranslated(pair, hits, copied, book, wanted)
    for concept_id, hits in by_concept.items():
        rendering = [h for h in target if h.concept_id == concept_id]
        if not rendering:
            continue
        if wanted(QaCode.ACRONYM_MISMATCH):
            problems += acronym_mismatch(pair, hits, rendering, book)
        if wanted(QaCode.INCONSISTENT_RENDERING):
            _record_rendering(pair, hits, rendering, renderings)
    return problems


def deprecated_terms(pair: Pair, target: list[Hit], named: set[str], book: TermBook) -> list[Finding]:
    """Q102: the target uses a term the glossary marks deprecated or superseded, with the
    preferred one to use instead. A generic word, or words several entries share, count only
    when the source names the entry."""
    found = []
    seen: set[tuple[str, str]] = set()
    for hit in target:
        if not hit.retired or (hit.concept_id, hit.term) in seen:
            continue
        if (hit.generic or hit.also) and hit.concept_id not in named:
            continue
        seen.add((hit.concept_id, hit.term))
        instead = book.suggestion(hit.concept_id, pair.target_lang, hit.kind)
        message = f"deprecated term '{hit.text}' ({hit.concept_id}); use '{instead}' instead"
        found.append(pair.finding(QaCode.DEPRECATED_TERM, message, hit.concept_id, [], [hit]))
    return found


def missing_or_untranslated(
    pair: Pair, hits: list[Hit], copied: set[str], book: TermBook, wanted: Callable[[QaCode], bool]
) -> list[Finding]:
    """Q101: a source term whose entry has none of its target-language terms in the target, in
    any form. Q202 instead when the target holds the source term itself, left untranslated
    (an entry whose term is the same in both languages is found in the target as its own).
    A verb or an adjective whose entry has none in the target language is not checked: the
    glossary does not say how it is rendered ("arrested" of an entry with only the noun
    "arresto" in Italian)."""
    first = hits[0]
    concept_id = first.concept_id
    if not book.renderable(concept_id, pair.source_lang, first.term, pair.target_lang):
        return []
    instead = book.suggestion(concept_id, pair.target_lang, first.kind, first.text)
    if not copied.isdisjoint(first.concepts):
        if not wanted(QaCode.UNTRANSLATED_TERM):
            return []
        message = (
            f"untranslated term '{first.text}' ({concept_id}) is left in {LANGUAGE_NAMES[pair.source_lang]};"
            f" the entry's {LANGUAGE_NAMES[pair.target_lang]} term is '{instead}'"
        )
        return [pair.finding(QaCode.UNTRANSLATED_TERM, message, concept_id, hits, [])]
    if not wanted(QaCode.MISSING_TERM):
        return []
    message = (
        f"missing term '{first.text}' ({concept_id}): no {LANGUAGE_NAMES[pair.target_lang]} term of the"
        f" entry in the target; expected '{instead}'"
    )
    return [pair.finding(QaCode.MISSING_TERM, message, concept_id, hits, [])]


def acronym_mismatch(pair: Pair, hits: list[Hit], rendering: list[Hit], book: TermBook) -> list[Finding]:
    """Q301: an acronym in the source rendered only by spelled-out terms (a full or short
    form) where the entry records an acronym in the target language, or a spelled-out term
    rendered only by acronyms where the entry records a spelled-out one."""
    acronyms = {h.kind == "acronym" for h in rendering}
    if not all(book.noun(h.concept_id, pair.target_lang, h.term) for h in rendering):
        return []  # an acronym used as an adjective ("a US raid") renders an adjective well
    for hit in hits:
        source_acronym = hit.kind == "acronym"
        if not book.noun(hit.concept_id, pair.source_lang, hit.term):
            continue
        if acronyms != {not source_acronym}:
            continue
        if source_acronym:
            expected = book.has_kind(hit.concept_id, pair.target_lang, "acronym", hit.text)
        else:
            expected = book.has_kind(hit.concept_id, pair.target_lang, hit.kind) or book.has_kind(
                hit.concept_id, pair.target_lang, "full"
            )
        if expected is None:
            continue
        said = (
            ("the acronym", "the spelled-out form")
            if source_acronym
            else ("the spelled-out form", "the acronym")
        )
        message = (
            f"acronym mismatch: {said[0]} '{hit.text}' ({hit.concept_id}) is rendered by {said[1]}"
            f" '{rendering[0].text}'; the entry's {LANGUAGE_NAMES[pair.target_lang]}"
            f" {'acronym' if source_acronym else 'spelled-out form'} is '{expected}'"
        )
        return [pair.finding(QaCode.ACRONYM_MISMATCH, message, hit.concept_id, [hit], rendering)]
    return []


def _record_rendering(pair: Pair, hits: list[Hit], rendering: list[Hit], renderings: Renderings) -> None:
    """Note how a segment renders one source term, when it is unambiguous: one source term
    (in any of its forms) and one target term of the entry."""
    source_terms = {h.term for h in hits}
    target_terms = {h.term for h in rendering}
    if len(source_terms) != 1 or len(target_terms) != 1:
        return
    term, concept_id = hits[0].term, hits[0].concept_id
    where = Place(pair, concept_id, tuple(hits), tuple(rendering))
    renderings.record((concept_id, pair.source_lang, pair.target_lang, term), rendering[0].term, where)


def consistency(renderings: Renderings, code: QaCode) -> list[Finding]:
    """Q201 (across the segment pairs of a file): one source term rendered by different target
    terms of its entry. Q203 (across the lines of a text): one entry written with different
    terms of one kind. Reported at each place that departs from the most used term."""
    found = []
    for counts, term, place in renderings.departures():
        if code is QaCode.INCONSISTENT_RENDERING:
            message = (
                f"inconsistent rendering of '{place.source[0].text}' ({place.concept_id}): '{term}' here;"
                f" in this file {counts}"
            )
        else:
            message = f"inconsistent variants of {place.concept_id}: '{term}' here; in this text {counts}"
        found.append(
            place.pair.finding(code, message, place.concept_id, list(place.source), list(place.target))
        )
    return found


def check_line(pair: Pair, found: list[Hit], context: Context) -> list[Finding]:
    """A line of a one-language text (``pair.source``): Q102 for each retired term (a generic
    word never, since no source says what it names), and its terms recorded for Q203."""
    text, lang = pair.source, pair.source_lang
    hits = [h for h in found if not h.nested and not h.also and not headline_word(h, text, lang)]
    problems = []
    seen: set[tuple[str, str]] = set()
    for hit in hits:
        if hit.retired and not hit.generic and (hit.concept_id, hit.term) not in seen:
            seen.add((hit.concept_id, hit.term))
            instead = context.book.suggestion(hit.concept_id, lang, hit.kind)
            message = f"deprecated term '{hit.text}' ({hit.concept_id}); use '{instead}' instead"
            problems.append(pair.finding(QaCode.DEPRECATED_TERM, message, hit.concept_id, [hit], []))
        if not hit.generic and not hit.retired:
            where = Place(pair, hit.concept_id, (hit,), ())
            context.renderings.record((hit.concept_id, lang, hit.kind), hit.term, where)
    return [p for p in problems if context.wanted(p.code)]
