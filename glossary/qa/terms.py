"""The glossary as ``qa`` asks it: terms found in a segment by the one matcher, and what the
glossary says of each (status, kind, the term to use instead)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..annotate import AnnotationMemo, annotate, stopwords
from ..forms import Form, FormStore
from ..match import Rank, scan
from ..model import Concept, PartOfSpeech, Term, TermType
from ..rendering import inflects
from ..text import fold, token_texts
from .report import Span

#: Term types that are acronyms for the acronym checks; the rest are full forms but short forms.
ACRONYMS = frozenset((TermType.ACRONYM, TermType.ABBREVIATION))


class Hit(NamedTuple):
    """A term found in a segment: where, which entry, which term, and what the glossary says
    of it (status, kind); ``also``: other entries the same words name (homonyms)."""

    start: int
    end: int
    text: str
    concept_id: str
    term: str
    also: tuple[str, ...]
    nested: bool
    retired: bool
    kind: str  # "acronym", "short" or "full"
    generic: bool  # one lower-case word retired or short: "document" for a UN report

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    @property
    def concepts(self) -> tuple[str, ...]:
        return (self.concept_id, *self.also)


def kind_of(term: Term) -> str:
    """The kind of term a rendering is compared by: acronym, short form or full form."""
    if term.type in ACRONYMS:
        return "acronym"
    return "short" if term.type is TermType.SHORT_FORM else "full"


class TermBook:
    """What the glossary says of the terms found, each entry read once from the index."""

    def __init__(self, concept: Callable[[str], Concept | None]) -> None:
        self._concept = concept
        self._concepts: dict[str, Concept | None] = {}
        self._terms: dict[tuple[str, str, str], Term | None] = {}

    def concept(self, concept_id: str) -> Concept | None:
        if concept_id not in self._concepts:
            self._concepts[concept_id] = self._concept(concept_id)
        return self._concepts[concept_id]

    def term(self, concept_id: str, lang: str, text: str) -> Term | None:
        key = (concept_id, lang, text)
        if key not in self._terms:
            concept = self.concept(concept_id)
            section = concept.section(lang) if concept else None
            self._terms[key] = next((t for t in section.terms if t.text == text), None) if section else None
        return self._terms[key]

    def noun(self, concept_id: str, lang: str, text: str) -> bool:
        """Whether a term is a noun or a name (not an adjective: "americano", "French")."""
        term = self.term(concept_id, lang, text)
        return term is None or term.is_noun

    def renderable(self, concept_id: str, lang: str, text: str, target_lang: str) -> bool:
        """Whether the entry has a term in ``target_lang`` of the part of speech of a term of
        ``lang`` (a noun, or a name, always counts as rendered by the entry's nouns)."""
        term = self.term(concept_id, lang, text)
        concept = self.concept(concept_id)
        if term is None or term.is_noun or concept is None:
            return True
        return any(t.pos is term.pos for _, t in concept.terms(target_lang))

    def suggestion(self, concept_id: str, lang: str, kind: str | None = None, like: str = "") -> str:
        """The term to use in ``lang``: one of ``kind`` in use, spelt as ``like`` once folded
        where the entry has one (ISIS for Isis), else the first of ``kind``, else the
        preferred term."""
        concept = self.concept(concept_id)
        if concept is None:
            return ""
        in_use = [t for _, t in concept.terms(lang) if not t.status.retired]
        alike = [t for t in in_use if kind_of(t) == kind]
        same = [t for t in alike if fold(t.text) == fold(like)]
        ranked = same or alike or in_use or [t for _, t in concept.terms(lang)]
        return ranked[0].text if ranked else ""

    def has_kind(self, concept_id: str, lang: str, kind: str, like: str = "") -> str | None:
        """A term in use of that kind in one language (spelt as ``like`` where one is, else
        the first, preferred first), or None."""
        concept = self.concept(concept_id)
        if concept is None or not any(
            not t.status.retired and kind_of(t) == kind for _, t in concept.terms(lang)
        ):
            return None
        return self.suggestion(concept_id, lang, kind, like)


#: What joins the segments of a batch into one text for the matcher: a blank line, which no
#: term spans (``text.gap_joins``), so that a batch finds what each segment alone would.
SEPARATOR = "\n\n"


class Finder:
    """Finds terms in segments with the one matcher: a batch of segments at a time, joined into
    one text (a scan has a cost of its own besides its words), and one memo per language so
    that each word of a long document is asked of the index once."""

    def __init__(self, store: FormStore, book: TermBook) -> None:
        self._store = store
        self._book = book
        self._memos: dict[str, AnnotationMemo] = {}
        self._facts: dict[tuple[str, str, str], tuple[bool, str, bool]] = {}

    def find(self, text: str, lang: str) -> list[Hit]:
        """Every term of ``lang`` in ``text``, nested ones included (marked)."""
        return self.find_many([text], lang)[0]

    def find_many(self, texts: list[str], lang: str, *, nested: bool = True) -> list[list[Hit]]:
        """``find`` for each of several texts, with one scan of them all; without ``nested``,
        only the terms the scan finds, not those inside them (half the work)."""
        starts = []
        length = 0
        for text in texts:
            starts.append(length)
            length += len(text) + len(SEPARATOR)
        found: list[list[Hit]] = [[] for _ in texts]
        joined = SEPARATOR.join(texts)
        if not joined.strip():
            return found
        for start, end, text, concept_id, term, also, inside in self._terms(joined, lang, nested):
            index = bisect_right(starts, start) - 1
            base = starts[index]
            retired, kind, generic = self._facts_of(concept_id, lang, term)
            hit = Hit(start - base, end - base, text, concept_id, term, also, inside, retired, kind, generic)
            found[index].append(hit)
        return found

    def _terms(
        self, text: str, lang: str, nested: bool
    ) -> Iterator[tuple[int, int, str, str, str, tuple[str, ...], bool]]:
        """(start, end, text, entry, term, other entries, nested) of each term found: from
        ``annotate`` with the terms inside others, else from the scan it makes."""
        memo = self._memos.setdefault(lang, AnnotationMemo())
        if nested:
            for o in annotate(text, self._store, lang=lang, memo=memo).occurrences:
                yield o.start, o.end, o.text, o.concept_id, o.term, o.also, o.inside is not None
            return
        for match in scan(text, self._store, langs=(lang,), stem_langs=(lang,), memo=memo.words):
            form = match.best.form
            if match.best.rank is Rank.STEMMED and not self._inflected(form, match.text, lang):
                continue
            also = tuple(c for c in match.concept_ids if c != form.concept_id)
            yield match.start, match.end, match.text, form.concept_id, form.term, also, False

    def _inflected(self, form: Form, text: str, lang: str) -> bool:
        """Whether words found through the stems of a noun's or adjective's term are a form of
        it, as ``translate`` asks ("arrested" is no form of the noun "arrest")."""
        term = self._book.term(form.concept_id, lang, form.term)
        if term is None or term.pos is PartOfSpeech.VERB:
            return True
        words = token_texts(text)
        return bool(words) and inflects(lang, term.pos, form.tokens[-1], fold(words[-1]))

    def _facts_of(self, concept_id: str, lang: str, text: str) -> tuple[bool, str, bool]:
        """(retired, kind, generic) of a term, as ``Hit`` holds them, worked out once."""
        key = (concept_id, lang, text)
        facts = self._facts.get(key)
        if facts is None:
            term = self._book.term(concept_id, lang, text)
            retired = term.status.retired if term else False
            kind = kind_of(term) if term else "full"
            generic = " " not in text and text.islower() and (retired or kind == "short")
            facts = self._facts[key] = (retired, kind, generic or bool(term and term.common_word))
        return facts


def headline_word(hit: Hit, text: str, lang: str) -> bool:
    """A stop word in a line of capitals ("THIS IS WHY"), which says nothing of an acronym."""
    return hit.text.isupper() and not any(c.islower() for c in text) and fold(hit.text) in stopwords(lang)
