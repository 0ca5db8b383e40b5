"""Terms that look like what they are not: the checks of ``glossary check`` against spoofing.

A user layer can add a term that reads as another concept's term but is not the same text:
"Is\u200dis" (an invisible joiner inside), "Іsis" (a Cyrillic capital I). The matcher folds the
first into "Isis" and would answer with it beside the Islamic State; a reader cannot tell
the second from the real one. These checks find both kinds, and two terms of different
concepts that the matcher itself would take for one another.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from .errors import Code, Problem
from .forms import forms_of
from .loader import Glossary
from .model import Concept, Term
from .text import fold, key

#: Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt): characters
#: that show nothing, or nothing where they stand.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip


def invisible(text: str) -> str | None:
    """The first invisible (default-ignorable) character of a text, or None."""
    for char in text:
        code = ord(char)
        if code >= 0xAD and any(low <= code <= high for low, high in _DEFAULT_IGNORABLE):
            return char
    return None


def _texts(term: Term) -> Iterator[str]:
    yield term.text
    yield from term.plurals
    yield from term.forms


def invisible_characters(concept: Concept, glossary: Glossary) -> list[Problem]:
    """E209: no term (nor its plurals or other forms) holds an invisible character: a
    zero-width space or joiner, a soft hyphen, a byte-order mark, a variation selector, or
    any other character Unicode calls default-ignorable. The matcher would fold it away,
    and the term would pass for another."""
    out = []
    for lang, term in concept.terms():
        for text in _texts(term):
            char = invisible(text)
            if char is not None:
                name = unicodedata.name(char, f"U+{ord(char):04X}")
                message = f"{lang} term '{text}' holds an invisible character, U+{ord(char):04X} {name}"
                out.append(Problem(Code.INVISIBLE_CHARACTER, message, term.origin or concept.origin))
    return out


def _scripts(word: str) -> set[str]:
    from confusable_homoglyphs import categories

    return {name for name in categories.unique_aliases(word) if name not in ("COMMON", "INHERITED")}


def mixed_scripts(concept: Concept, glossary: Glossary) -> list[Problem]:
    """W306: no word of a term mixes scripts (Latin letters with a Cyrillic or Greek one,
    by Unicode's script data): a look-alike letter from another alphabet makes a word that
    reads as another and matches nothing."""
    out = []
    for lang, term in concept.terms():
        for word in term.text.split():
            scripts = _scripts(word)
            if len(scripts) > 1:
                listed = ", ".join(sorted(s.lower() for s in scripts))
                message = f"{lang} term '{term.text}': the word '{word}' mixes scripts ({listed})"
                out.append(Problem(Code.MIXED_SCRIPT, message, term.origin or concept.origin))
                break
    return out


@lru_cache(maxsize=65536)
def _prototype(char: str) -> str:
    """The character a confusable one is taken for, by Unicode's confusables data (UTS #39):
    of the character and those it can be confused with, an ASCII one first, then the lowest."""
    from confusable_homoglyphs.confusables import confusables_data

    entries = confusables_data.get(char)
    if not entries:
        return char
    candidates = [char, *(entry["c"] for entry in entries)]
    return str(min(candidates, key=lambda c: (not c.isascii(), c)))


def skeleton(text: str) -> str:
    """What a text looks like, whatever alphabet its letters come from: folded as the matcher
    folds it, then each character replaced by its confusables' prototype."""
    return "".join(_prototype(char) for char in unicodedata.normalize("NFD", fold(text)))


def confusable_terms(glossary: Glossary) -> list[Problem]:
    """W307: a term does not look like another concept's term without being the same text:
    the same skeleton (UTS #39 confusables: Cyrillic 'і' for Latin 'i', '0' for 'O' ...) but
    a different spelling once folded. Homonyms ('homonym: true' on both) are exempt."""
    seen: dict[tuple[str, str], list[tuple[Concept, Term]]] = defaultdict(list)
    for concept in glossary.concepts.values():
        for lang, term in concept.terms():
            seen[(lang, skeleton(term.text))].append((concept, term))
    out = []
    for (lang, _), claims in seen.items():
        spellings = {fold(term.text) for _, term in claims}
        concepts = {concept.id for concept, _ in claims}
        if len(spellings) < 2 or len(concepts) < 2 or all(term.homonym for _, term in claims):
            continue
        concept, term = claims[-1]
        others = sorted({f"'{t.text}' ({c.id})" for c, t in claims if c.id != concept.id})
        message = f"{lang} term '{term.text}' looks like {', '.join(others)}"
        out.append(Problem(Code.CONFUSABLE, message, term.origin or concept.origin))
    return out


def matcher_collisions(glossary: Glossary) -> list[Problem]:
    """W308: no two concepts' terms are one for the matcher: the same words once folded as
    the matcher folds them, spaces, hyphens and invisible characters aside ('fighterbomber'
    for 'fighter-bomber', 'Is\u200dis' for 'Isis'), unless both are marked 'homonym: true'."""
    owners: dict[tuple[str, str], dict[str, tuple[Concept, Term]]] = defaultdict(dict)
    for concept in glossary.concepts.values():
        terms = {(lang, term.text): term for lang, term in concept.terms()}
        for form in forms_of(concept):
            term = terms.get((form.lang, form.term))
            if term is not None:
                owners[(form.lang, "".join(form.tokens))].setdefault(concept.id, (concept, term))
    out = []
    for (lang, compact), claims in owners.items():
        if len(claims) < 2 or all(term.homonym for _, term in claims.values()):
            continue
        keys = {key(term.text) for _, term in claims.values()}
        if len(keys) < 2:
            continue  # the same words: W301 reports it
        concept, term = list(claims.values())[-1]
        others = ", ".join(sorted(cid for cid in claims if cid != concept.id))
        message = f"{lang} term '{term.text}' is the same for the matcher as a term of {others} ('{compact}')"
        out.append(Problem(Code.MATCHER_COLLISION, message, term.origin or concept.origin))
    return out
