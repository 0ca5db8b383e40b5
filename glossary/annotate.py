"""Finding every glossary term in a text, and the names and words the glossary still lacks."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .forms import FormStore
from .language import detect
from .match import Match, Rank, collector_paused, scan
from .model import LANGUAGES
from .text import APOSTROPHES, DASHES, Token, fold, sentence_start, tokenize


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One term found in the text: where, which concept, and on what evidence."""

    start: int
    end: int
    text: str
    line: int
    column: int
    concept_id: str
    lang: str
    term: str
    rank: Rank
    plural: bool
    #: Other concepts the same words could name (homonyms), best first.
    also: tuple[str, ...] = ()
    #: For a term inside a longer one ("Londra" in "King college di Londra"): the outer concept.
    inside: str | None = None


@dataclass(frozen=True, slots=True)
class ConceptSummary:
    concept_id: str
    forms: tuple[str, ...]
    count: int
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name or word the glossary may be missing."""

    text: str
    count: int
    kind: str  # "name" or "word"
    first_line: int


@dataclass(frozen=True, slots=True)
class Annotation:
    language: str | None
    occurrences: tuple[Occurrence, ...]

    def summary(self) -> list[ConceptSummary]:
        """Concepts in order of first appearance, with the forms found, count and lines."""
        grouped: dict[str, list[Occurrence]] = {}
        for occurrence in self.occurrences:
            grouped.setdefault(occurrence.concept_id, []).append(occurrence)
        out = []
        for concept_id, hits in grouped.items():
            forms = tuple(dict.fromkeys(h.text for h in hits))
            lines = tuple(dict.fromkeys(h.line for h in hits))
            out.append(ConceptSummary(concept_id, forms, len(hits), lines))
        return out


class _Lines:
    """Line and column (from 1) of character offsets."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


@dataclass
class AnnotationMemo:
    """What annotations of many short texts in one language may share (the segments of a
    translation): what the store holds for each word, and the terms found inside each
    multi-word term, so that each is worked out once for them all."""

    words: dict[str, Any] = field(default_factory=dict)
    nested: dict[str, list[tuple[Match, int]]] = field(default_factory=dict)


def annotate(
    text: str, store: FormStore, *, lang: str | None = None, memo: AnnotationMemo | None = None
) -> Annotation:
    """Every glossary term in ``text``; names and acronyms must keep their case.

    ``lang`` says what language the text is in: only that side's terms are matched (an
    English "Is" is no Italian acronym). Unsaid, terms of both languages are found in their
    recorded forms; the stemmer of the text's language (given, or detected) finds
    inflections nobody recorded. Texts annotated with the same ``lang`` may share a
    ``memo`` (``AnnotationMemo``).
    """
    language = lang or detect(text)
    langs = (lang,) if lang else LANGUAGES
    stem_langs = (language,) if language else LANGUAGES
    lines = _Lines(text)
    occurrences: list[Occurrence] = []

    def record(match: Match, offset: int, inside: str | None) -> None:
        best = match.best
        start, end = match.start + offset, match.end + offset
        line, column = lines.at(start)
        others = tuple(c for c in match.concept_ids if c != best.form.concept_id)
        occurrences.append(
            Occurrence(
                start,
                end,
                match.text,
                line,
                column,
                best.form.concept_id,
                best.form.lang,
                best.form.term,
                best.rank,
                best.plural,
                others,
                inside,
            )
        )

    def record_nested(top: Match) -> None:
        # A loop: a closure calling itself is a reference cycle (holding the occurrences)
        # that the command line, running without the cyclic collector, never frees.
        pending: list[tuple[Match, int, Match | None]] = [(top, 0, None)]
        while pending:
            match, base, outer = pending.pop()
            if outer is not None and match.best.form.concept_id != outer.best.form.concept_id:
                record(match, base, outer.best.form.concept_id)
            inside = nested.get(match.text)
            if inside is None:  # the same multi-word terms recur: each is taken apart once
                inside = nested[match.text] = _nested(match, store, langs, stem_langs, shared.words)
            pending.extend((inner, offset + base + match.start, match) for inner, offset in reversed(inside))

    shared = memo or AnnotationMemo()
    nested = shared.nested
    with collector_paused():
        for match in scan(text, store, langs=langs, stem_langs=stem_langs, memo=shared.words):
            record(match, 0, None)
            record_nested(match)
    occurrences.sort(key=lambda o: (o.start, -o.end))
    return Annotation(language, tuple(occurrences))


def _nested(
    match: Match, store: FormStore, langs: Sequence[str], stem_langs: Sequence[str], memo: dict[str, Any]
) -> list[tuple[Match, int]]:
    """Shorter terms inside a multi-word match, with the offset (in the match) of the text
    they came from.

    Any shorter term leaves out the match's first word or its last, so scanning the span
    without each of them finds them all.
    """
    tokens = tokenize(match.text)
    if len(tokens) < 2:
        return []
    seen: set[tuple[int, int, str]] = set()
    out: list[tuple[Match, int]] = []
    for start, end in ((0, tokens[-2].end), (tokens[1].start, len(match.text))):
        span = match.text[start:end]
        for inner in scan(span, store, langs=langs, stem_langs=stem_langs, memo=memo):
            ident = (inner.start + start, inner.end + start, inner.best.form.concept_id)
            if ident not in seen:
                seen.add(ident)
                out.append((inner, start))
    out.sort(key=lambda item: item[0].start + item[1])
    return out


@lru_cache(maxsize=2)
def stopwords(lang: str) -> frozenset[str]:
    path = Path(__file__).parent / "wordlists" / f"stopwords.{lang}.txt"
    words: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            words.extend(fold(w) for w in line.split())
    return frozenset(words)


def missing_terms(
    text: str, annotation: Annotation, *, min_count: int = 2, limit: int = 30
) -> list[Candidate]:
    """Candidate terms the glossary lacks: capitalised names, and frequent content words.

    Names are runs of capitalised words (joined by spaces, hyphens, apostrophes and by de,
    di, al, bin ...), except a single capitalised word opening a sentence; words are lower-case
    words of five letters or more that occur at least ``min_count`` times. Anything inside a
    found term, and any stop word, is left out.
    """
    reader = _CandidateReader(text, annotation)
    for token in tokenize(text):
        reader.read(token)
    reader.close_run()
    stop = reader.stop
    out = [Candidate(n, c, "name", reader.first[n]) for n, c in reader.names.items() if fold(n) not in stop]
    out += [Candidate(w, c, "word", reader.first[w]) for w, c in reader.words.items() if c >= min_count]
    out.sort(key=lambda c: (-c.count, c.kind != "name", c.first_line, c.text))
    return out[:limit]


class _CandidateReader:
    """Reads a text token by token for ``missing_terms``: the name being read (a run of
    capitalised words and what joins them), and the names and words counted so far."""

    def __init__(self, text: str, annotation: Annotation) -> None:
        self.text = text
        self.lines = _Lines(text)
        self.stop = stopwords("it") | stopwords("en")
        self.covered = _covered_spans(annotation)
        self.starts = [s for s, _ in self.covered]
        self.names: Counter[str] = Counter()
        self.words: Counter[str] = Counter()
        self.first: dict[str, int] = {}
        self.run: list[str] = []  # words of the name being read, and the gaps inside it
        self.run_start = 0
        self.run_at_sentence_start = False
        self.previous_end = 0
        self._capitals: dict[int, bool] = {}

    def inside(self, offset: int) -> bool:
        """Whether an offset falls inside a term the annotation found."""
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and self.covered[i][0] <= offset < self.covered[i][1]

    def capitals_line(self, offset: int) -> bool:
        """Whether the line of an offset is a headline in capitals (its case names nothing)."""
        line = self.lines.at(offset)[0]
        if line not in self._capitals:
            start = self.lines.starts[line - 1]
            end = self.lines.starts[line] if line < len(self.lines.starts) else len(self.text)
            self._capitals[line] = _is_capitals(self.text[start:end])
        return self._capitals[line]

    def close_run(self) -> None:
        """Count the name being read, without the links and joiners it ends with; one
        capitalised word opening a sentence is no evidence of a name, two are."""
        run = self.run
        while run and (fold(run[-1]) in _NAME_LINKS or not run[-1].strip(_NAME_JOINERS)):
            run.pop()
        if run and not (self.run_at_sentence_start and len(run) == 1):
            name = "".join(run)
            self.names[name] += 1
            self.first.setdefault(name, self.lines.at(self.run_start)[0])
        run.clear()

    def read(self, token: Token) -> None:
        """One token: part of a name, a link inside one, a content word, or nothing."""
        gap = self.text[self.previous_end : token.start]
        self.previous_end = token.end
        joined = gap == " " or (not gap.strip(_NAME_JOINERS) and "\n\n" not in gap)
        if self.run and not joined or self.inside(token.start):
            self.close_run()
            if self.inside(token.start):
                return
        word, folded = token.text, fold(token.text)
        if word.isupper() and self.capitals_line(token.start):
            word = word.lower()  # a headline in capitals names nothing by its case
        if word[:1].isupper() and not word.isupper() or (word.isupper() and len(word) > 1):
            self._name_word(word, folded, gap, token.start)
        elif self.run and folded in _NAME_LINKS:
            self.run += [" " if gap.isspace() else gap, word]
        else:
            self.close_run()
            if word.isalpha() and word.islower() and len(word) >= 5 and folded not in self.stop:
                self.words[folded] += 1
                self.first.setdefault(folded, self.lines.at(token.start)[0])

    def _name_word(self, word: str, folded: str, gap: str, start: int) -> None:
        at_sentence_start = not self.run and sentence_start(self.text, start)
        if at_sentence_start and folded in self.stop:
            return
        if self.run:
            self.run.append(" " if gap.isspace() else gap)
        else:
            self.run_start = start
            self.run_at_sentence_start = at_sentence_start and not word.isupper()
        self.run.append(word)


def _covered_spans(annotation: Annotation) -> list[tuple[int, int]]:
    """The spans of the found terms, nested and overlapping ones merged, in order."""
    covered: list[tuple[int, int]] = []
    for start, end in sorted((o.start, o.end) for o in annotation.occurrences):
        if covered and start <= covered[-1][1]:
            covered[-1] = (covered[-1][0], max(covered[-1][1], end))
        else:
            covered.append((start, end))
    return covered


def _is_capitals(line: str) -> bool:
    """True for a line of capitals (a headline): letters, and none of them lower case."""
    return not any(c.islower() for c in line) and sum(c.isalpha() for c in line) > 12


#: What may stand between the words of one name: spaces, hyphens, apostrophes (al-Baghdadi).
_NAME_JOINERS = " \t\n" + DASHES + APOSTROPHES

_NAME_LINKS = frozenset("de di da del della al el bin ibn abu le la van von".split())
