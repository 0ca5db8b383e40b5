"""Names that are also common words of their language: "la Base" (al-Qaeda), "Prevent" (the
UK programme), "NATO" written in Italian ("nato" is "born"). In a glossary an MT engine or a
CAT tool applies blindly, such a source would replace the common word wherever it stands, in
its own sense; exports leave it out as a source, and ``glossary check`` notes it (N402).

What counts as a common word is read from the glossary itself: the words its definitions and
notes use in lower case, in the same language, and its stop words. Names made of stop words alone ("IS") are left to the exports' own rule. The rule is narrow on
purpose: a name (a proper noun, an acronym or abbreviation, or a term of a concept whose
domain names one thing) written with a capital, one word once leading articles are set
aside, no digit, and not recorded in lower case by its own concept (Peshmerga and
peshmerga are one sense). A term's ``common_word: true`` or ``false`` settles it either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .annotate import stopwords
from .model import DOMAINS, LANGUAGES, Concept, PartOfSpeech, Term, TermType
from .text import fold, token_texts

#: Domains whose concepts are single, named things: their terms are names.
NAME_DOMAINS = frozenset(DOMAINS) - {"concept", "equipment"}
#: A word; words joined by hyphens are one ("eu-member-state" is an id, not "eu").
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: What is not prose of the language: web addresses and file names ("europa.eu"), and forms
#: quoted in guillemets, often of the other language (English notes on Italian «mali»).
_NOT_PROSE = re.compile(r"\S*[./@]\S*[^\W_]|«[^»]*»")
#: The articles a name may begin with ("la Base", "the Base"), set aside before the word.
ARTICLES = {"it": frozenset(("il", "lo", "la", "l", "i", "gli", "le")), "en": frozenset(("the",))}


def prose_words(concepts: Iterable[Concept]) -> dict[str, frozenset[str]]:
    """By language: the folded words the definitions and notes use in lower case, less the
    other language's stop words, which notes quote ("the Italian press writes «un
    rapporto»")."""
    stop = {lang: stopwords(lang) for lang in LANGUAGES}
    found: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for concept in concepts:
        for lang in LANGUAGES:
            section = concept.section(lang)
            if section is None:
                continue
            texts = [section.definition or "", *section.notes, *(term.note or "" for term in section.terms)]
            for text in texts:
                prose = _NOT_PROSE.sub(" ", text)
                found[lang].update(fold(word) for word in _WORD.findall(prose) if word[0].islower())
    out: dict[str, frozenset[str]] = {}
    for lang in LANGUAGES:
        quoted = set().union(*(stop[other] for other in LANGUAGES if other != lang)) - stop[lang]
        out[lang] = frozenset(found[lang] - quoted)
    return out


def common_word_of(concept: Concept, lang: str, term: Term, common: frozenset[str]) -> str | None:
    """The common word a name of ``concept`` also is in ``lang`` ('base' for "la Base"), or
    None: as the term's ``common_word`` says where it says, else as ``judged``."""
    if term.common_word is False:
        return None
    found = judged(concept, lang, term, common)
    if term.common_word and found is None:
        return fold(term.text)
    return found


def judged(concept: Concept, lang: str, term: Term, common: frozenset[str]) -> str | None:
    """The common word a name of ``concept`` is also in ``lang`` by the rule above, or None;
    ``common``: that language's ``prose_words``."""
    text = term.text
    if text == text.lower() or any(char.isdigit() for char in text):
        return None
    is_name = (
        term.pos is PartOfSpeech.PROPER_NOUN
        or term.type in (TermType.ACRONYM, TermType.ABBREVIATION)
        or concept.domain in NAME_DOMAINS
    )
    if not is_name or term.pos is PartOfSpeech.ADJECTIVE:
        return None
    words = [fold(word) for word in token_texts(text)]
    while len(words) > 1 and words[0] in ARTICLES[lang]:
        words.pop(0)
    if len(words) != 1 or words[0] not in common:
        return None
    if words[0] in stopwords(lang):  # "IS": the exports' rule of stop words already has it
        return None
    # The concept's own lower-case term, in either language, is the same sense (peshmerga).
    if any(fold(other.text) == words[0] and other.text == other.text.lower() for _, other in concept.terms()):
        return None
    return words[0]
