"""How a matched term comes out in the other language: which target term, in which number.

Like for like: the target's own spelling of the very name the source used (ISIS for Isis),
else a term of the same kind (an acronym for an acronym, a full form for a full form, a short
form for a short form), else the preferred term, said in a note. Never a term of another part
of speech: an English verb form found through the stem of a noun stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .agreement import inflect
from .match import Match, Rank
from .model import STATUS_ORDER, Concept, Gender, PartOfSpeech, Term, TermType
from .text import fold, key, token_texts

#: Kinds of term a rendering keeps: a variant or a transliteration is a spelling, not a kind.
_KINDS = (TermType.ACRONYM, TermType.ABBREVIATION, TermType.SHORT_FORM, TermType.FULL_FORM)
#: The endings a noun or an adjective takes, by the ending of its citation form: what a word
#: found through the stem of such a term must end in to be one of its forms ("rimpatria" is a
#: verb, not a form of the noun "rimpatrio").
_ITALIAN_ENDINGS = {
    "noun": {"o": "oi", "a": "aei", "e": "ei", "i": "i"},
    "adjective": {"o": "oaie", "a": "ae", "e": "ei", "i": "i"},
}


def inflects(lang: str, pos: PartOfSpeech, lemma: str, word: str) -> bool:
    """Whether ``word`` may be a form of the last word of ``lemma``, a noun or an adjective."""
    if lang == "en":
        return word in (lemma, lemma + "s", lemma + "es", lemma[:-1] + "ies")
    table = _ITALIAN_ENDINGS["adjective" if pos is PartOfSpeech.ADJECTIVE else "noun"]
    endings = table.get(lemma[-1:])
    return word == lemma or (endings is not None and word[-1:] in endings and word[:-1] == lemma[:-1])


@dataclass(frozen=True, slots=True)
class Rendering:
    """How a matched term comes out in the target language (text None: left as it was)."""

    text: str | None
    term: Term | None
    plural: bool
    concept_id: str | None
    note: str | None
    #: The source term that was matched, when the concept has it.
    source_term: Term | None = None
    alternatives: tuple[str, ...] = ()
    #: Where the rendering ends in the text, when it takes in the next term too (an adjective).
    end: int | None = None
    #: The concept's domain (place, organisation ...), which articles depend on.
    domain: str | None = None


def _noun_like(pos: PartOfSpeech) -> bool:
    return pos in (PartOfSpeech.NOUN, PartOfSpeech.PROPER_NOUN, PartOfSpeech.PHRASE)


def _same_pos(a: Term, b: Term) -> bool:
    return a.pos is b.pos or (_noun_like(a.pos) and _noun_like(b.pos))


def _ranked(terms: tuple[Term, ...]) -> list[Term]:
    return sorted((t for t in terms if not t.status.retired), key=lambda t: STATUS_ORDER[t.status])


def target_term(
    concept: Concept, source: Term | None, source_text: str, target: str
) -> tuple[Term | None, str | None]:
    """The target term for a source term, like for like, and a note when it is not."""
    section = concept.section(target)
    if section is None or not section.terms:
        return None, f"no {target} term in the glossary"
    usable = _ranked(section.terms)
    if source is not None:
        usable = [t for t in usable if _same_pos(t, source)]
        if not usable:
            return None, f"no {target} {source.pos.value} in the glossary"
    wanted = key(source_text)
    same_name = next((t for t in usable if key(t.text) == wanted), None)
    if same_name is not None:
        return same_name, None
    if source is not None and source.type in _KINDS:
        same_kind = next((t for t in usable if t.type is source.type), None)
        if same_kind is not None:
            return same_kind, None
    chosen = usable[0] if usable else section.preferred
    note = None
    if source is not None and chosen is not None and source.type in _KINDS and chosen.type is not source.type:
        note = f"no {target} {source.type.value} recorded: the preferred term"
    return chosen, note


def alternatives(concept: Concept, chosen: Term, target: str) -> tuple[str, ...]:
    """The target's other admitted terms of the same part of speech, for the translator."""
    section = concept.section(target)
    if section is None:
        return ()
    return tuple(t.text for t in _ranked(section.terms) if t.text != chosen.text and _same_pos(t, chosen))


def render_term(
    match: Match, concept: Callable[[str], Concept | None], source: str, target: str, *, plural_hint: bool
) -> Rendering:
    best = match.best
    found = concept(best.form.concept_id)
    if found is None:
        return Rendering(None, None, False, best.form.concept_id, "concept missing from the glossary")
    section = found.section(source)
    source_term = next((t for t in section.terms if t.text == best.form.term), None) if section else None
    words = token_texts(match.text)
    last_word = fold(words[-1]) if words else ""
    if (
        best.rank is Rank.STEMMED
        and source_term is not None
        and source_term.pos is not PartOfSpeech.VERB
        and not inflects(source, source_term.pos, best.form.tokens[-1], last_word)
    ):
        verb_note = f"not a form of the {source_term.pos.value} '{source_term.text}': left as it is"
        return Rendering(None, None, False, found.id, verb_note, source_term)
    term, note = target_term(found, source_term, best.form.term, target)
    if term is None:
        return Rendering(None, None, False, found.id, note, source_term)
    if len(match.concept_ids) > 1:
        note = "; ".join(filter(None, [note, "ambiguous: " + ", ".join(match.concept_ids)]))
    plural = (best.plural or plural_hint) and term.number.value != "plural"
    text = inflect(term, plural, target)
    choices = alternatives(found, term, target)
    return Rendering(text, term, plural, found.id, note, source_term, choices, domain=found.domain)


def adjective_for(concept: Concept, noun: Term, plural: bool, target: str) -> str | None:
    """An adjective of ``concept`` in the target language agreeing with a rendered noun."""
    section = concept.section(target)
    if section is None:
        return None
    adjectives = [t for t in _ranked(section.terms) if t.pos is PartOfSpeech.ADJECTIVE]
    if not adjectives:
        return None
    if target == "it":
        agreeing = [t for t in adjectives if t.gender in (noun.gender, Gender.COMMON)] or adjectives
        chosen = agreeing[0]
        return chosen.plurals[0] if plural and chosen.plurals else chosen.text
    return adjectives[0].text


def pair_adjective(
    noun: Rendering, adjective: Rendering, adjective_concept: Concept, target: str, end: int
) -> Rendering | None:
    """A noun and the adjective beside it rendered in the target's order: "the French
    jihadists", "i foreign fighters francesi"; None when they do not pair."""
    if noun.term is None or noun.text is None or noun.source_term is None or adjective.source_term is None:
        return None
    if not _noun_like(noun.source_term.pos) or adjective.source_term.pos is not PartOfSpeech.ADJECTIVE:
        return None
    agreeing = adjective_for(adjective_concept, noun.term, noun.plural, target)
    if agreeing is None:
        return None
    text = f"{agreeing} {noun.text}" if target == "en" else f"{noun.text} {agreeing}"
    note = f"with {adjective_concept.id}: the adjective in {target} order"
    return Rendering(
        text,
        noun.term,
        noun.plural,
        noun.concept_id,
        note,
        noun.source_term,
        noun.alternatives,
        end,
        noun.domain,
    )
