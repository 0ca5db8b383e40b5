"""Finding concepts from one term as a user types it, with suggestions when nothing matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import InputError
from .forms import Form, FormKind, FormStore, stem
from .match import Rank, same_word
from .model import LANGUAGES, Concept, Term
from .text import PEELABLE, canonical, fold, token_texts

#: Suggestions scoring below this (rapidfuzz's normalised similarity, 0-100) are not shown.
SUGGESTION_CUTOFF = 50.0
#: A suggestion is the closest entry, worth showing whole, when it scores at least this much
#: and this much more than the next entry (califato: califfato 94, then califfo 80).
CLEAR_SCORE = 85.0
CLEAR_LEAD = 10.0


@dataclass(frozen=True, slots=True)
class Hit:
    """A concept found for a query, and the form and evidence that found it."""

    concept_id: str
    lang: str
    form: str
    term: str
    rank: Rank


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A concept whose term is close to a query that matched nothing."""

    concept_id: str
    lang: str
    term: str
    score: float


@dataclass(frozen=True, slots=True)
class LookupResult:
    query: str
    hits: tuple[Hit, ...]
    suggestions: tuple[Suggestion, ...]


def find(query: str, store: FormStore, *, lang: str | None = None, suggestions: int = 5) -> LookupResult:
    """Concepts named by ``query`` in any recorded or inflected form, best evidence first.

    Raises InputError for a query with no letters or digits.
    """
    text = canonical(query)
    originals = token_texts(text)
    if not originals:
        raise InputError("the term is empty: give a word or phrase to look up")
    langs = (lang,) if lang else LANGUAGES
    folded = [fold(t) for t in originals]
    hits: list[Hit] = []

    def add(forms: Sequence[Form], rank: Rank | None) -> None:
        for form in forms:
            if form.lang not in langs:
                continue
            grade = rank
            if grade is None:
                if form.kind is not FormKind.LEMMA:
                    grade = Rank.RECORDED
                elif canonical(form.surface) == text:
                    grade = Rank.EXACT
                else:
                    grade = Rank.FOLDED
            hits.append(Hit(form.concept_id, form.lang, form.surface, form.term, grade))

    add(store.by_key(" ".join(folded)), None)
    add(store.by_compact("".join(folded)), Rank.RECORDED)
    if len(folded) > 1:
        add([f for f in store.by_key("".join(folded)) if len(f.tokens) == 1], Rank.RECORDED)
    if not hits:
        peeled = _peel(folded)
        if peeled != folded:
            add(store.by_key(" ".join(peeled)), Rank.PEELED)
        if not hits:
            for code in langs:
                for form in store.by_stem(code, stem(code, peeled[0])):
                    if (
                        form.lang == code
                        and len(form.tokens) == len(peeled)
                        and all(same_word(code, a, b) for a, b in zip(peeled, form.tokens))
                    ):
                        add([form], Rank.STEMMED)
    best: dict[str, Hit] = {}
    for hit in sorted(hits, key=lambda h: h.rank):
        best.setdefault(hit.concept_id, hit)
    found = tuple(best.values())
    suggested: tuple[Suggestion, ...] = ()
    if not found:
        found, suggested = _search_spellings(folded, store, langs=langs, limit=suggestions)
    return LookupResult(query, found, suggested)


def _peel(folded: list[str]) -> list[str]:
    """Drop leading articles and prepositions (dell', the, of) and a trailing possessive 's."""
    out = list(folded)
    if len(out) > 1 and out[-1] == "s":
        out.pop()
    while len(out) > 1 and out[0] in PEELABLE:
        out.pop(0)
    return out


def _search_spellings(
    folded: Sequence[str], store: FormStore, *, langs: Sequence[str], limit: int, parts: bool = True
) -> tuple[tuple[Hit, ...], tuple[Suggestion, ...]]:
    """What a query that matched no term finds among all the glossary's spellings, in one pass
    over them (a group at a time, so that memory stays bounded on a term base of any size):

    - name parts: concepts whose name begins or ends with the query as whole words, the
      whole of it not ("Calvar" of "Patrick Calvar", "Schengen" of "Schengen area"; "West
      Africa" is no part of "Islamic State West Africa Province"); only names count (a term
      that begins with a capital), and never a query of function words ("al", "bin"); the
      shortest names first;
    - else up to ``limit`` suggestions, one per concept, closest first.
    """
    from rapidfuzz import fuzz, process

    query = " ".join(folded)
    head, tail = f"{query} ", f" {query}"
    parts = parts and any(w not in PEELABLE and len(w) >= 3 for w in folded)
    keep = limit * 8
    named: dict[str, Hit] = {}
    best: list[tuple[float, int, str, str, str]] = []  # score, length gap, id, lang, term
    for group in store.spellings(langs):
        keys = group.keys
        if parts:
            # A plain substring test first (in C), the word boundaries only for what passes it.
            for at in [i for i, k in enumerate(keys) if query in k]:
                entry = group.entry(at)
                if entry is None or not (keys[at].startswith(head) or keys[at].endswith(tail)):
                    continue
                concept_id, term = entry
                if term[:1].isupper() and concept_id not in named:
                    named[concept_id] = Hit(concept_id, group.lang, term, term, Rank.NAME_PART)
        if named or not limit:
            continue  # a name part is an answer: suggestions are no longer wanted
        ranked = process.extract(query, keys, scorer=fuzz.ratio, limit=keep, score_cutoff=SUGGESTION_CUTOFF)
        for choice, score, index in ranked:
            entry = group.entry(index)
            if entry is not None:
                best.append((-score, abs(len(choice) - len(query)), entry[0], group.lang, entry[1]))
        best = sorted(best)[:keep]
    if named:  # the closest names first: the fewer other words, the likelier the one meant
        return tuple(sorted(named.values(), key=lambda hit: len(hit.term))), ()
    out: dict[str, Suggestion] = {}
    for negative, _gap, concept_id, lang, term in best:
        if concept_id not in out:
            out[concept_id] = Suggestion(concept_id, lang, term, round(float(-negative), 1))
        if len(out) == limit:
            break
    return (), tuple(out.values())


def equivalents(concept: Concept, lang: str, term_text: str) -> tuple[Term | None, list[Term]]:
    """The term of ``concept`` a lookup matched, and the other language's terms to render it by:
    the one translate would choose (like for like, same part of speech), then the best ranked
    other of that part of speech (the preferred term, mostly); never a deprecated one."""
    from .rendering import alternatives, target_term

    matched = next((t for _, t in concept.terms(lang) if t.text == term_text), None)
    other = LANGUAGES[1 - LANGUAGES.index(lang)]
    chosen, _ = target_term(concept, matched, term_text, other)
    if chosen is None:
        return matched, []
    others = set(alternatives(concept, chosen, other))  # same part of speech, none deprecated
    second = next((t for _, t in concept.terms(other) if t.text in others), None)
    return matched, [chosen, *([second] if second is not None else [])]


def clear_winner(suggestions: Sequence[Suggestion]) -> Suggestion | None:
    """The one suggestion far enough ahead of the others to be shown whole, if there is one."""
    if not suggestions or suggestions[0].score < CLEAR_SCORE:
        return None
    runner_up = next((s for s in suggestions[1:] if s.concept_id != suggestions[0].concept_id), None)
    if runner_up is not None and suggestions[0].score - runner_up.score < CLEAR_LEAD:
        return None
    return suggestions[0]
