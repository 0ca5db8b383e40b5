"""Queries for the site's search, made from a glossary's own terms the way readers write them:
as recorded, in capitals or lower case, without accents, after an elided article or a
preposition, as a plural, as an unrecorded inflection, misspelt."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable

from glossary.model import Concept


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _misspelt(term: str, rng: random.Random) -> str | None:
    """The term with two inner letters swapped or one doubled or dropped, or None if short."""
    if len(term) < 7 or not term.isalpha():
        return None
    at = rng.randrange(2, len(term) - 2)
    how = rng.choice(("swap", "drop", "double"))
    if how == "swap":
        return term[:at] + term[at + 1] + term[at] + term[at + 2 :]
    if how == "drop":
        return term[:at] + term[at + 1 :]
    return term[:at] + term[at] + term[at:]


def queries(concepts: Iterable[Concept], *, every: int = 9, seed: int = 23) -> tuple[list[str], list[str]]:
    """(queries that name a concept in some form, misspelt queries), deterministic."""
    rng = random.Random(seed)
    found: list[str] = []
    misspelt: list[str] = []
    for n, concept in enumerate(concepts):
        if n % every:
            continue
        for lang, term in concept.terms():
            text = term.text
            found.append(text)
            if n % (every * 2) == 0:
                found.append(text.upper() if len(text) > 3 else text.lower())
            if _unaccented(text) != text:
                found.append(_unaccented(text))
            found.extend(term.plurals[:1])
            found.extend(term.forms[:1])
            if lang == "it" and text[:1].lower() in "aeiou":
                found.append(rng.choice(("dell’", "l'", "all’", "nell'")) + text)
            elif lang == "it":
                found.append(rng.choice(("della ", "il ", "sulla ", "per ")) + text)
            elif lang == "en":
                found.append(rng.choice(("the ", "of ")) + text)
            if lang == "en" and text.isalpha() and text.islower() and not term.plurals:
                found.append(text + "s")
            if lang == "it" and text.isalpha() and text.islower() and text[-1] in "oa":
                found.append(text[:-1] + ("i" if text[-1] == "o" else "e"))
            wrong = _misspelt(text, rng)
            if wrong is not None and len(misspelt) < 40:
                misspelt.append(wrong)
    return list(dict.fromkeys(found)), list(dict.fromkeys(misspelt))
