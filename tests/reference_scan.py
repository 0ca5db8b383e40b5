"""The matcher as it was first written, kept as the reference the fast one must agree with.

At every token it tries every form that starts with the token, every spacing variant and
every form of the same word, then lets ``best_candidates`` choose: plain enough to be
obviously right, and far too slow for a large glossary. ``scan`` must return exactly what
this returns (spans, candidates and their order) for any text and any store.
"""

from __future__ import annotations

from collections.abc import Sequence

from glossary.forms import Case, Form, FormKind, FormStore, stem
from glossary.match import (
    Candidate,
    Match,
    Rank,
    _plural_by_ending,
    best_candidates,
    same_word,
)
from glossary.model import LANGUAGES
from glossary.text import DASHES, fold, gap_joins, token_spans, token_texts


def reference_scan(
    text: str, store: FormStore, *, langs: Sequence[str] = LANGUAGES, stem_langs: Sequence[str] = ()
) -> list[Match]:
    starts, ends, originals, gaps = token_spans(text)
    folded = [fold(t) for t in originals]
    gaps[0] = ""
    gaps.pop()
    joins = [gap_joins(g) for g in gaps]
    if joins:
        joins[0] = False
    dashed = [bool(g) and not g.strip(DASHES) for g in gaps] + [False]
    count = len(folded)

    def runs(i: int, width: int) -> bool:
        return i + width <= count and all(joins[i + k] for k in range(1, width))

    def hyphenated(i: int, width: int) -> bool:
        return i + width <= count and all(dashed[i + k] for k in range(1, width))

    def candidates_at(i: int) -> tuple[int, tuple[Candidate, ...]] | None:
        token = folded[i]
        found: list[tuple[int, Candidate]] = []
        for form in store.by_first(token):
            if form.lang not in langs:
                continue
            width = len(form.tokens)
            if not runs(i, width) or any(folded[i + k] != form.tokens[k] for k in range(width)):
                continue
            if not all(form.cases[k].admits(originals[i + k]) for k in range(width)):
                continue
            if form.kind is not FormKind.LEMMA:
                rank = Rank.RECORDED
            elif originals[i : i + width] == token_texts(form.surface):
                rank = Rank.EXACT
            else:
                rank = Rank.FOLDED
            found.append((width, Candidate(form, rank, form.plural)))
        for form in store.by_compact(token):
            if form.lang in langs and all(c is Case.ANY for c in form.cases):
                found.append((1, Candidate(form, Rank.RECORDED, form.plural)))
        if dashed[i + 1]:
            for width in (2, 3):
                if not hyphenated(i, width):
                    break
                for form in store.by_key("".join(folded[i : i + width])):
                    if form.lang in langs and len(form.tokens) == 1 and form.cases[0] is Case.ANY:
                        found.append((width, Candidate(form, Rank.RECORDED, form.plural)))
        for lang in stem_langs:
            if lang not in langs:
                continue
            for form in store.by_stem(lang, stem(lang, token)):
                if form.lang != lang or not _same_words(lang, folded, i, form):
                    continue
                plural = _plural_by_ending(form, folded[i + len(form.tokens) - 1])
                found.append((len(form.tokens), Candidate(form, Rank.STEMMED, plural)))
        return best_candidates(found)

    def _same_words(lang: str, folded: list[str], i: int, form: Form) -> bool:
        width = len(form.tokens)
        return runs(i, width) and all(same_word(lang, folded[i + k], form.tokens[k]) for k in range(width))

    matches: list[Match] = []
    i = 0
    while i < count:
        found = candidates_at(i)
        if found is None:
            i += 1
            continue
        width, candidates = found
        start, end = starts[i], ends[i + width - 1]
        matches.append(Match(start, end, text[start:end], candidates))
        i += width
    return matches
