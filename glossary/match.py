"""The one matcher behind ``lookup``, ``translate`` and ``annotate``.

Every term of the glossary is indexed under each of its recorded forms (the term, its
plurals, its other inflected forms) as a sequence of folded tokens. Text is matched token by
token, longest match first, with four grades of evidence that always rank in this order:
the same text, the same text once folded, a recorded inflection or spacing variant, and
the same Snowball stems (for lower-case common words only, so that names never drift).
Names and acronyms that look like ordinary words must keep their own case in running text:
"IS" is not "is", "UN" is not "un", "Mali" is not "mali".
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum, IntEnum
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from .model import LANGUAGES, STATUS_ORDER, Concept, PartOfSpeech, Term, TermType
from .text import (
    DASHES,
    fold,
    gap_joins,
    token_spans_joined,
    token_texts,
)

#: Tokens shorter than this are compared whole, never by stem: stems of short words collide.
MIN_STEM_TOKEN = 4


class Rank(IntEnum):
    """How strong the evidence for a match is; lower is better."""

    EXACT = 0
    FOLDED = 1
    RECORDED = 2
    PEELED = 3
    STEMMED = 4
    NAME_PART = 5  # a part of a longer name: "Calvar" of "Patrick Calvar" (lookup only)


class FormKind(str, Enum):
    LEMMA = "lemma"
    PLURAL = "plural"
    FORM = "form"


class Case(str, Enum):
    """What a running-text token must look like to match a token of a form."""

    ANY = "any"
    TITLE = "title"  # capital initial: names
    CAPS = "caps"  # capital initial, all capitals welcome: longer acronyms ("Isis", "ISIS")
    UPPER = "upper"  # all capitals: short acronyms that are words in lower case ("IS", "UN")

    @staticmethod
    def of(token: str) -> Case:
        if len(token) >= 2 and token.isupper():
            return Case.UPPER if len(token) <= 3 else Case.CAPS
        if token[:1].isupper():
            return Case.TITLE
        return Case.ANY

    def admits(self, token: str) -> bool:
        if self is Case.ANY:
            return True
        if self is Case.UPPER:
            return token.isupper()
        return token[:1].isupper()


class Form(NamedTuple):
    """One indexed surface form of one term.

    A NamedTuple rather than a frozen dataclass: a long text on a large glossary reads a
    hundred thousand of them from the index, and a tuple costs a quarter as much to make.
    """

    concept_id: str
    lang: str
    term: str
    surface: str
    tokens: tuple[str, ...]
    cases: tuple[Case, ...]
    kind: FormKind
    plural: bool
    status_rank: int
    stemmable: bool

    @property
    def key(self) -> str:
        return " ".join(self.tokens)


@dataclass(frozen=True, slots=True)
class Candidate:
    form: Form
    rank: Rank
    plural: bool


@dataclass(frozen=True, slots=True)
class Match:
    """A span of text and the concepts it names, best first."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate:
        return self.candidates[0]

    @property
    def concept_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for candidate in self.candidates:
            seen.setdefault(candidate.form.concept_id, None)
        return list(seen)


#: A form as a store files it, before it is read: its first token, its second ("" for a form
#: of one token), then whatever the store needs to read it (``FormStore.read``). A long text
#: meets many forms that begin like one of its words, and reads only those that go on as
#: the text does.
Filed = tuple[Any, ...]


class FormStore(Protocol):
    """Where the matcher finds forms: in memory, or in the on-disk index."""

    def by_first(self, token: str) -> Sequence[Form]: ...

    def by_key(self, key: str) -> Sequence[Form]: ...

    def by_compact(self, compact: str) -> Sequence[Form]: ...

    def by_stem(self, lang: str, stem: str) -> Sequence[Form]: ...

    def filed_by_first(self, token: str) -> Sequence[Filed]:
        """``by_first``, each form as filed."""
        ...

    def filed_by_stem(self, lang: str, stem: str) -> Sequence[Filed]:
        """``by_stem``, each form as filed."""
        ...

    def read(self, filed: Iterable[Filed]) -> list[Form]:
        """The forms of what ``filed_by_first`` or ``filed_by_stem`` answered, in order."""
        ...

    def expect(self, texts: Iterable[str]) -> None:
        """Strings about to be asked for (the words of a text and their stems): a store may
        fetch what is filed under them at once."""
        ...

    def forms(self) -> Iterable[Form]:
        """Every form."""
        ...

    def spellings(self) -> Iterable[tuple[str, str, str, str]]:
        """Every form as (key, concept id, language, term): what fuzzy suggestions compare,
        without building a Form for each."""
        ...


# ---------------------------------------------------------------------------------------
# Stemming


@lru_cache(maxsize=2)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import Stemmer  # PyStemmer: the Snowball algorithms, compiled

    # No cache of its own: ``stem`` keeps one, and PyStemmer's slows down once it is full.
    return Stemmer.Stemmer({"it": "italian", "en": "english"}[lang], 0)


@lru_cache(maxsize=262144)
def stem(lang: str, folded_token: str) -> str:
    """The Snowball stem of a folded token, or the token itself when it is short."""
    if len(folded_token) < MIN_STEM_TOKEN or not folded_token.isalpha():
        return folded_token
    return str(_stemmer(lang).stemWord(folded_token))


# ---------------------------------------------------------------------------------------
# Building forms from concepts


def forms_of(concept: Concept) -> list[Form]:
    """Every indexed form of every term of a concept."""
    out: list[Form] = []
    for lang in LANGUAGES:
        section = concept.section(lang)
        if section is None:
            continue
        for term in section.terms:
            out.extend(_term_forms(concept.id, lang, term))
    return out


def _term_forms(concept_id: str, lang: str, term: Term) -> list[Form]:
    text = term.text
    stemmable = (
        term.type not in (TermType.ACRONYM, TermType.ABBREVIATION)
        and term.pos is not PartOfSpeech.PROPER_NOUN
        and not any(map(str.isupper, text))
    )
    rank = STATUS_ORDER[term.status]
    surfaces = [(text, FormKind.LEMMA, term.number.value == "plural")]
    surfaces += [(p, FormKind.PLURAL, True) for p in term.plurals]
    surfaces += [(f, FormKind.FORM, False) for f in term.forms]
    out = []
    seen: set[str] = set()
    for surface, kind, plural in surfaces:
        originals = token_texts(surface)
        if not originals or surface in seen:
            continue
        seen.add(surface)
        if surface.isascii():
            # Folding ASCII is lowering (and the grave accent, a gap either way, turning into
            # an apostrophe): the tokens of the lowered surface are the folded tokens. A build
            # makes millions of forms, most of them of ASCII words each seen once.
            lowered = surface.lower()
            if lowered == surface:
                tokens = tuple(originals)
                cases = (Case.ANY,) * len(tokens)
            else:
                tokens = tuple(token_texts(lowered))
                cases = tuple(map(Case.of, originals))
        else:
            tokens = tuple(map(fold, originals))
            cases = tuple(map(Case.of, originals))
        if lang == "it" and term.type is TermType.ACRONYM and Case.UPPER in cases:
            # The Italian press writes acronyms with a capital initial alone ("Onu", "Ue",
            # "Usa", "Ftf"): in Italian text a short acronym takes that spelling too, unless
            # it is then a common word of either language ("Un", "Is", "In").
            cases = tuple(
                Case.CAPS if case is Case.UPPER and token not in _common_words() else case
                for case, token in zip(cases, tokens, strict=True)
            )
        out.append(Form(concept_id, lang, text, surface, tokens, cases, kind, plural, rank, stemmable))
    return out


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The stop words of both languages, folded: words a title-case acronym must not be."""
    from .annotate import stopwords  # annotate imports this module

    return stopwords("it") | stopwords("en")


def _filed(form: Form) -> Filed:
    tokens = form.tokens
    return (tokens[0], tokens[1] if len(tokens) > 1 else "", form)


class MemoryStore:
    """Forms of a glossary held in dictionaries; built in one pass over the concepts."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._first: dict[str, list[Form]] = defaultdict(list)
        self._key: dict[str, list[Form]] = defaultdict(list)
        self._compact: dict[str, list[Form]] = defaultdict(list)
        self._stem: dict[tuple[str, str], list[Form]] = defaultdict(list)
        for concept in concepts:
            for form in forms_of(concept):
                self.add(form)

    def add(self, form: Form) -> None:
        self._first[form.tokens[0]].append(form)
        self._key[form.key].append(form)
        if len(form.tokens) > 1:
            self._compact["".join(form.tokens)].append(form)
        if form.stemmable:
            self._stem[(form.lang, stem(form.lang, form.tokens[0]))].append(form)

    def by_first(self, token: str) -> Sequence[Form]:
        return self._first.get(token, ())

    def by_key(self, key: str) -> Sequence[Form]:
        return self._key.get(key, ())

    def by_compact(self, compact: str) -> Sequence[Form]:
        return self._compact.get(compact, ())

    def by_stem(self, lang: str, stem_: str) -> Sequence[Form]:
        return self._stem.get((lang, stem_), ())

    def filed_by_first(self, token: str) -> Sequence[Filed]:
        return [_filed(f) for f in self.by_first(token)]

    def filed_by_stem(self, lang: str, stem_: str) -> Sequence[Filed]:
        return [_filed(f) for f in self.by_stem(lang, stem_)]

    @staticmethod
    def read(filed: Iterable[Filed]) -> list[Form]:
        return [f[2] for f in filed]

    def expect(self, texts: Iterable[str]) -> None:
        pass  # every answer is at hand

    def forms(self) -> Iterable[Form]:
        for forms in self._key.values():
            yield from forms

    def spellings(self) -> Iterable[tuple[str, str, str, str]]:
        for key, forms in self._key.items():
            for form in forms:
                yield key, form.concept_id, form.lang, form.term


# ---------------------------------------------------------------------------------------
# Running text


def _plural_by_ending(form: Form, token: str) -> bool:
    """Whether a stem-matched last token looks plural where the recorded one is not."""
    if form.plural:
        return True
    lemma = form.tokens[-1]
    if token == lemma:
        return False
    if form.lang == "en":
        return token.endswith("s") and not lemma.endswith("s")
    return (token.endswith("i") and lemma[-1:] in "oea") or (token.endswith("e") and lemma.endswith("a"))


def scan(
    text: str,
    store: FormStore,
    *,
    langs: Sequence[str] = LANGUAGES,
    stem_langs: Sequence[str] = (),
    memo: dict[str, Any] | None = None,
) -> list[Match]:
    """Every term of the glossary in a text, left to right, longest match first.

    ``langs`` limits which languages' terms can match at all; ``stem_langs`` names the
    languages whose Snowball stemmer may be used for forms nobody recorded. Several scans
    with the same store and languages may share a ``memo`` (an empty dict to begin with),
    so that what the store holds for each word is asked once for all of them.
    """
    with collector_paused():
        return _Scanner(text, store, langs, stem_langs, memo).run()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while matching a text, or building the index.

    Both make many small objects (forms, candidates, matches; records and rows) and no
    reference cycles: the collector would only walk them, and everything made so far, again
    and again (a quarter of the time of a long text on a large glossary, a third of the
    loader's).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _Scanner:
    """Matches a text token by token. What the store holds for a token (forms starting with
    it, spacing variants, forms sharing its stem) is asked once per distinct token, since
    running text repeats its words: the cost of a text grows with its length, not with the
    size of the glossary."""

    def __init__(
        self,
        text: str,
        store: FormStore,
        langs: Sequence[str],
        stem_langs: Sequence[str],
        memo: dict[str, Any] | None = None,
    ) -> None:
        self.text = text
        self.store = store
        self.langs = langs
        self.stem_langs = stem_langs
        starts, ends, originals, gaps = token_spans_joined(text)
        self.starts, self.ends, self.originals = starts, ends, originals
        self.folded = [fold(t) for t in originals]
        gaps[0] = ""  # what comes before the first token joins it to nothing
        gaps.pop()
        joins: dict[str, bool] = {}
        dashed: dict[str, bool] = {}
        for gap in set(gaps):
            joins[gap] = gap_joins(gap)
            dashed[gap] = bool(gap) and not gap.strip(DASHES)
        self.joins = [joins[g] for g in gaps]
        if gaps:
            self.joins[0] = False
        self.dashed = [dashed[g] for g in gaps] + [False]
        self._memo: dict[str, _TokenForms | None] = {} if memo is None else memo

    def run(self) -> list[Match]:
        matches: list[Match] = []
        folded, dashed, memo = self.folded, self.dashed, self._memo
        new = [token for token in dict.fromkeys(folded) if token not in memo]
        if new:
            langs = [lang for lang in self.stem_langs if lang in self.langs]
            self.store.expect(new + [stem(lang, token) for lang in langs for token in new])
        i, count = 0, len(folded)
        while i < count:
            token = folded[i]
            forms = memo[token] if token in memo else self.forms_for(token)
            found = self.candidates_at(i, forms) if forms is not None or dashed[i + 1] else None
            if found is None:
                i += 1
                continue
            width, candidates = found
            start, end = self.starts[i], self.ends[i + width - 1]
            matches.append(Match(start, end, self.text[start:end], candidates))
            i += width
        return matches

    def runs(self, i: int, width: int) -> bool:
        return i + width <= len(self.folded) and all(self.joins[i + k] for k in range(1, width))

    def hyphenated(self, i: int, width: int) -> bool:
        return i + width <= len(self.folded) and all(self.dashed[i + k] for k in range(1, width))

    def forms_for(self, token: str) -> _TokenForms | None:
        """What the store holds for one folded token (None: nothing), remembered. The forms
        stay as filed until a match needs them (``_TokenForms``)."""
        langs, store = self.langs, self.store
        single: list[Filed] = []
        multi: dict[str, list[Filed]] = {}
        for filed in store.filed_by_first(token):
            second = filed[1]
            if not second:
                single.append(filed)
            elif (following := multi.get(second)) is None:
                multi[second] = [filed]
            else:
                following.append(filed)
        # Spacing variants: "fighterbomber" for "fighter-bomber".
        compact = tuple(
            f for f in store.by_compact(token) if f.lang in langs and all(c is Case.ANY for c in f.cases)
        )
        stemmed_single: list[tuple[str, list[Filed]]] = []
        stemmed_multi: dict[tuple[str, str], list[Filed]] = {}
        for lang in self.stem_langs:
            if lang not in langs:
                continue
            same: dict[str, bool] = {}  # forms sharing a stem often share their first word too
            alone: list[Filed] = []
            for filed in store.filed_by_stem(lang, stem(lang, token)):
                first, second = filed[0], filed[1]
                alike = same.get(first)
                if alike is None:
                    alike = same[first] = same_word(lang, token, first)
                if not alike:
                    continue
                if not second:
                    alone.append(filed)
                else:
                    # Words that are the same word have the same stem: a text's next word
                    # can only continue the forms filed under its own stem.
                    after = (lang, stem(lang, second))
                    if (following := stemmed_multi.get(after)) is None:
                        stemmed_multi[after] = [filed]
                    else:
                        following.append(filed)
            if alone:
                stemmed_single.append((lang, alone))
        known = (
            _TokenForms(store, langs, single, multi, compact, stemmed_single, stemmed_multi)
            if single or multi or compact or stemmed_single or stemmed_multi
            else None
        )
        self._memo[token] = known
        return known

    def candidates_at(self, i: int, forms: _TokenForms | None) -> tuple[int, tuple[Candidate, ...]] | None:
        """The best matches starting at token ``i``, as ``best_candidates`` ranks them.

        Only the widest matches count, so the one-token ones are looked at only when no
        longer form matches; they depend on the token's text alone, and are ranked once
        per distinct text.
        """
        found: list[tuple[int, Candidate]] = []
        after = i + 1
        joined = after < len(self.folded) and self.joins[after]
        if forms is not None and joined and self.folded[after] in forms.multi:
            found += self._multi_word(i, forms)
        if self.dashed[after]:
            found += self._hyphen_joined(i)
        if forms is not None and joined and forms.stemmed_multi:
            found += self._stemmed_wider(i, forms, max([width for width, _ in found], default=1))
        if found:
            return best_candidates(found)
        if forms is None:
            return None
        original = self.originals[i]
        if original in forms.alone:
            return forms.alone[original]
        best = forms.alone[original] = self._alone(original, self.folded[i], forms)
        return best

    def _multi_word(self, i: int, forms: _TokenForms) -> list[tuple[int, Candidate]]:
        """Recorded forms of several words that the text goes on with, case admitted."""
        folded, originals = self.folded, self.originals
        out = []
        for form in forms.following(folded[i + 1]):
            tokens = form.tokens
            width = len(tokens)
            if not (
                i + width <= len(folded)
                and all(folded[i + k] == tokens[k] for k in range(2, width))
                and self.runs(i, width)
            ):
                continue
            if not all(form.cases[k].admits(originals[i + k]) for k in range(width)):
                continue
            if form.kind is not FormKind.LEMMA:
                rank = Rank.RECORDED
            elif originals[i : i + width] == list(token_texts(form.surface)):
                rank = Rank.EXACT
            else:
                rank = Rank.FOLDED
            out.append((width, Candidate(form, rank, form.plural)))
        return out

    def _hyphen_joined(self, i: int) -> list[tuple[int, Candidate]]:
        """ "caccia-bombardieri" for "cacciabombardieri": only hyphens may separate the parts."""
        out = []
        for width in (2, 3):
            if not self.hyphenated(i, width):
                break  # the wider span shares the gap that failed
            for form in self.store.by_key("".join(self.folded[i : i + width])):
                if form.lang in self.langs and len(form.tokens) == 1 and form.cases[0] is Case.ANY:
                    out.append((width, Candidate(form, Rank.RECORDED, form.plural)))
        return out

    def _stemmed_wider(self, i: int, forms: _TokenForms, widest: int) -> list[tuple[int, Candidate]]:
        """Forms the words' stems match: the weakest evidence, which counts only for a match
        wider than ``widest``, the widest found otherwise."""
        folded = self.folded
        out = []
        for lang in self.stem_langs:
            following = (lang, stem(lang, folded[i + 1]))
            if following not in forms.stemmed_multi:
                continue
            for form in forms.stemmed_following(following):
                width = len(form.tokens)
                if width <= widest or not (
                    self.runs(i, width)
                    and all(same_word(lang, folded[i + k], form.tokens[k]) for k in range(1, width))
                ):
                    continue
                plural = _plural_by_ending(form, folded[i + width - 1])
                out.append((width, Candidate(form, Rank.STEMMED, plural)))
        return out

    @staticmethod
    def _alone(original: str, token: str, forms: _TokenForms) -> tuple[int, tuple[Candidate, ...]] | None:
        """The best one-token matches of a token of running text."""
        found: list[tuple[int, Candidate]] = []
        for form in forms.single():
            if not form.cases[0].admits(original):
                continue
            if form.kind is not FormKind.LEMMA:
                rank = Rank.RECORDED
            elif [original] == list(token_texts(form.surface)):
                rank = Rank.EXACT
            else:
                rank = Rank.FOLDED
            found.append((1, Candidate(form, rank, form.plural)))
        for form in forms.compact:
            found.append((1, Candidate(form, Rank.RECORDED, form.plural)))
        if not found:  # the stemmer's evidence is the weakest: it only counts alone
            for form in forms.stemmed_single():
                found.append((1, Candidate(form, Rank.STEMMED, _plural_by_ending(form, token))))
        return best_candidates(found)


class _TokenForms:
    """What the store holds for one folded token, arranged by what a match needs next.

    Forms stay as filed until a match needs them: the longer forms by the word that must
    come next, read when the text goes on with it; the one-token forms when the token stands
    alone. Most of what a long text meets is never read.
    """

    __slots__ = (
        "_langs",
        "_read",
        "_single",
        "_stemmed_single",
        "_store",
        "alone",
        "compact",
        "multi",
        "stemmed_multi",
    )

    def __init__(
        self,
        store: FormStore,
        langs: Sequence[str],
        single: list[Filed],
        multi: dict[str, list[Filed]],
        compact: tuple[Form, ...],
        stemmed_single: list[tuple[str, list[Filed]]],
        stemmed_multi: dict[tuple[str, str], list[Filed]],
    ) -> None:
        self._store = store
        self._langs = langs
        self._single: list[Filed] | tuple[Form, ...] = single  # one-token forms of the token
        self.multi = multi  # longer forms starting with it, by their second token
        self.compact = compact  # spacing variants of longer forms
        # One-token forms of the same word, by the language whose stem found them.
        self._stemmed_single: list[tuple[str, list[Filed]]] | tuple[Form, ...] = stemmed_single
        self.stemmed_multi = stemmed_multi  # longer ones, by language and second stem
        #: One-token answers, by text.
        self.alone: dict[str, tuple[int, tuple[Candidate, ...]] | None] = {}
        self._read: dict[str | tuple[str, str], tuple[Form, ...]] = {}

    def single(self) -> tuple[Form, ...]:
        if isinstance(self._single, list):
            langs = self._langs
            self._single = tuple(f for f in self._store.read(self._single) if f.lang in langs)
        return self._single

    def following(self, second: str) -> tuple[Form, ...]:
        """The longer forms whose second token is ``second``."""
        found = self._read.get(second)
        if found is None:
            langs = self._langs
            found = self._read[second] = tuple(
                f for f in self._store.read(self.multi[second]) if f.lang in langs
            )
        return found

    def stemmed_single(self) -> tuple[Form, ...]:
        if isinstance(self._stemmed_single, list):
            found: list[Form] = []
            for lang, filed in self._stemmed_single:
                found.extend(f for f in self._store.read(filed) if f.lang == lang)
            self._stemmed_single = tuple(found)
        return self._stemmed_single

    def stemmed_following(self, after: tuple[str, str]) -> tuple[Form, ...]:
        """The longer forms of the same word whose second token has the stem ``after``
        (language, stem)."""
        found = self._read.get(after)
        if found is None:
            filed = self.stemmed_multi[after]
            found = self._read[after] = tuple(f for f in self._store.read(filed) if f.lang == after[0])
        return found


def best_candidates(
    found: list[tuple[int, Candidate]],
) -> tuple[int, tuple[Candidate, ...]] | None:
    """The widest matches of the best rank, one per concept and language, best first."""
    if not found:
        return None
    widest = max(width for width, _ in found)
    ranked = sorted(
        (c for width, c in found if width == widest),
        key=lambda c: (c.rank, c.form.status_rank, c.form.kind is not FormKind.LEMMA),
    )
    top = ranked[0].rank
    unique: dict[tuple[str, str], Candidate] = {}
    for candidate in ranked:
        if candidate.rank == top:
            unique.setdefault((candidate.form.concept_id, candidate.form.lang), candidate)
    return widest, tuple(unique.values())


#: What may follow a shared stem for two words to count as inflections of one another
#: (number and gender endings), rather than derivations (terror / terrorism, jihad / jihadism).
_INFLECTIONS = {
    "en": frozenset(["", "s", "es", "e", "y", "i", "ies", "ied"]),
    "it": frozenset(["", "a", "e", "i", "o", "he", "hi", "ie", "ia", "io"]),
}


@lru_cache(maxsize=262144)
def _roots(lang: str, token: str) -> frozenset[str]:
    return frozenset(token[: len(token) - len(e)] for e in _INFLECTIONS[lang] if token.endswith(e))


def same_word(lang: str, text_token: str, form_token: str) -> bool:
    """Whether two tokens are inflections of one word.

    The Snowball stems must agree, and the words must differ only by inflectional endings,
    so that derivations the stemmer conflates (terror / terrorism) stay apart.
    """
    if text_token == form_token:
        return True
    if len(form_token) < MIN_STEM_TOKEN or len(text_token) < MIN_STEM_TOKEN:
        return False
    if stem(lang, text_token) != stem(lang, form_token):
        return False
    return not _roots(lang, text_token).isdisjoint(_roots(lang, form_token))
