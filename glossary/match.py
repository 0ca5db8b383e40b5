"""The one matcher behind ``lookup``, ``translate`` and ``annotate``.

Every term of the glossary is indexed under each of its recorded forms (``glossary.forms``).
Text is matched token by
token, longest match first, with four grades of evidence that always rank in this order:
the same text, the same text once folded, a recorded inflection or spacing variant, and
the same Snowball stems (for lower-case common words only, so that names never drift).
Names and acronyms that look like ordinary words must keep their own case in running text:
"IS" is not "is", "UN" is not "un", "Mali" is not "mali".
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Any

from .forms import MIN_STEM_TOKEN, Case, Filed, Form, FormKind, FormStore, stem
from .model import LANGUAGES
from .text import (
    DASHES,
    fold,
    gap_joins,
    token_spans_joined,
    token_texts,
)


class Rank(IntEnum):
    """How strong the evidence for a match is; lower is better."""

    EXACT = 0
    FOLDED = 1
    RECORDED = 2
    PEELED = 3
    STEMMED = 4
    NAME_PART = 5  # a part of a longer name: "Calvar" of "Patrick Calvar" (lookup only)


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


# ---------------------------------------------------------------------------------------
# Running text


def _recorded_rank(form: Form, originals: list[str]) -> Rank:
    """How well text tokens (as written) that fold to a recorded form match it: written
    exactly as its term, the same once folded, or as another of the term's recorded forms."""
    if form.kind is not FormKind.LEMMA:
        return Rank.RECORDED
    if originals == token_texts(form.surface):
        return Rank.EXACT
    return Rank.FOLDED


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
            out.append((width, Candidate(form, _recorded_rank(form, originals[i : i + width]), form.plural)))
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
            found.append((1, Candidate(form, _recorded_rank(form, [original]), form.plural)))
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
