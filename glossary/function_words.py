"""Function words between Italian and English: articles, prepositions and conjunctions,
rendered by what surrounds them (the term after them, the gap, elision)."""

from __future__ import annotations

from .agreement import (
    PLURAL_ARTICLES,
    bare_in_english,
    english_indefinite,
    italian_article,
    italian_indefinite,
)
from .model import Number
from .rendering import Rendering
from .text import APOSTROPHES, DASHES

# Italian -> English: (translation, whether it carries "the").
# fmt: off
IT_EN: dict[str, tuple[str, bool]] = {
    **{w: ("the", True) for w in "il lo la l i gli le".split()},
    **{w: ("a", False) for w in "un uno una".split()},
    "di": ("of", False), "d": ("of", False), "a": ("to", False), "ad": ("to", False),
    "da": ("from", False), "in": ("in", False), "con": ("with", False), "su": ("on", False),
    "per": ("for", False), "tra": ("between", False), "fra": ("between", False),
    **{w: ("of the", True) for w in "del dello della dell dei degli delle".split()},
    **{w: ("to the", True) for w in "al allo alla all ai agli alle".split()},
    **{w: ("from the", True) for w in "dal dallo dalla dall dai dagli dalle".split()},
    **{w: ("in the", True) for w in "nel nello nella nell nei negli nelle".split()},
    **{w: ("on the", True) for w in "sul sullo sulla sull sui sugli sulle".split()},
    **{w: ("with the", True) for w in "col coi".split()},
    "e": ("and", False), "ed": ("and", False), "o": ("or", False), "od": ("or", False),
    "ma": ("but", False),
}
# English -> Italian prepositions, and the Italian preposition they fuse with articles.
EN_IT_PREP = {"of": "di", "to": "a", "from": "da", "in": "in", "on": "su", "with": "con",
               "for": "per", "between": "tra", "among": "tra", "by": "da", "at": "a"}
EN_IT_CONJ = {"and": "e", "or": "o", "but": "ma", "nor": "né", "if": "se", "that": "che"}
# fmt: on
#: Every word the function-word rules may render, by source language: any other word is
#: left as it is without asking them (most words of a long text).
FUNCTION_WORDS = {
    "it": frozenset(IT_EN),
    "en": frozenset([*EN_IT_PREP, *EN_IT_CONJ, "the", "a", "an"]),
}

#: Italian words that are function words only elided ("l'", "dell'"): alone, a letter or a word.
ELIDED_ONLY = frozenset(("l", "d", "dell", "all", "dall", "nell", "sull"))


def function_word(
    original: str, gap: str, source: str, following: Rendering | None, next_word: str = ""
) -> tuple[str, int] | None:
    """(rendering, characters of the following gap it absorbs) for a function word, or None.

    ``gap`` is the text between the word and the next one; ``following`` the rendering of
    the term right after it, when there is one.
    """
    word = original.casefold()  # accents kept: "è" (is) is not "e" (and), "dà" not "da"
    if gap[:1] in DASHES:
        return None  # part of a name: al-Baghdadi, el-Sisi
    elided = bool(gap) and gap[0] in APOSTROPHES
    term = following.term if following else None
    if source == "it":
        if word not in IT_EN:
            return None
        if word in ELIDED_ONLY and not elided:
            return None  # not an elision: a letter standing alone
        rendering, has_article = IT_EN[word]
        bare = term is not None and following is not None and bare_in_english(term, following.domain)
        if has_article and bare and word not in PLURAL_ARTICLES:  # i talebani: the Taliban
            rendering = rendering.removesuffix("the").strip()
            if not rendering and gap.isspace():
                return "", len(gap)  # il Belgio: Belgium, without the space the article had
        if rendering == "a":
            rendering = english_indefinite(following.text if following and following.text else next_word)
        if elided:
            return (rendering + " " if rendering else ""), 1
        return rendering, 0
    # English -> Italian
    after = following.text if following is not None and following.text else next_word
    if word in EN_IT_CONJ:
        return _euphonic(EN_IT_CONJ[word], after), 0
    if word == "the":
        if term is not None and term.gender and following is not None:
            article = italian_article(term, following.plural or term.number is Number.PLURAL)
            if article.endswith("'") and gap.isspace():
                return article, len(gap)  # l'hotspot: the elided article takes no space
            return article, 0
        return None
    if word in ("a", "an") and term is not None and term.gender and following is not None:
        if following.plural:
            return None
        article = italian_indefinite(term)
        if article.endswith("'") and gap.isspace():
            return article, len(gap)  # un'organizzazione
        return article, 0
    if word in EN_IT_PREP:
        return _euphonic(EN_IT_PREP[word], after), 0
    return None


def _euphonic(word: str, after: str) -> str:
    """Italian 'a' and 'e' take a euphonic d before the same vowel: "ad al-Qaeda", "ed Europol"."""
    return word + "d" if word in ("a", "e") and after[:1].casefold() == word else word
