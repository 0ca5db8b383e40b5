"""Agreement: the articles and prepositions a rendered term takes, and the plural it takes.

Italian articles follow the term's gender, number and first letters (il, lo, l', la, i, gli,
le; un, uno, una, un'); English "a" becomes "an" before a vowel sound, letters of an acronym
included ("an ISIS cell", "a UN report"); prepositions fuse with Italian articles ("dello").
"""

from __future__ import annotations

import re

from .model import Gender, Number, PartOfSpeech, Term, TermType
from .text import fold

#: Italian articles and articulated prepositions that say the noun after them is plural.
PLURAL_ARTICLES = frozenset(
    "i gli le dei degli delle ai agli alle dai dagli dalle nei negli nelle sui sugli sulle coi".split()
)
_FUSED = {"di": "de", "a": "a", "da": "da", "in": "ne", "su": "su"}
_LO = re.compile(r"(s[^aeiou]|z|gn|ps|pn|x|y|i[aeiou])")
#: Letters whose English name begins with a vowel sound, for acronyms read letter by letter.
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")


def _italian_surface(term: Term, plural: bool) -> str:
    return fold(term.plurals[0] if plural and term.plurals else term.text)


def _lo_like(term: Term, word: str) -> bool:
    """Whether a word takes lo/uno/gli: s + consonant, z, gn, ps ... (an acronym read letter by
    letter only before z: "l'IED", "il PKK", "lo ZTL")."""
    if term.type is TermType.ACRONYM:
        return word[:1] == "z"
    return bool(_LO.match(word))


def italian_article(term: Term, plural: bool) -> str:
    """The Italian definite article a term takes: il, lo, l', la, i, gli or le."""
    word = _italian_surface(term, plural)
    vowel = word[:1] in "aeiouh"
    lo_like = _lo_like(term, word)
    feminine = term.gender is Gender.FEMININE
    if plural:
        return "le" if feminine else ("gli" if vowel or lo_like else "i")
    if vowel:
        return "l'"
    return "la" if feminine else ("lo" if lo_like else "il")


def italian_indefinite(term: Term) -> str:
    """The Italian indefinite article of a singular term: un, uno, una or un'."""
    word = _italian_surface(term, False)
    if term.gender is Gender.FEMININE:
        return "un'" if word[:1] in "aeiou" else "una"
    return "uno" if _lo_like(term, word) else "un"


def fuse(preposition: str, article: str) -> str:
    """An Italian preposition fused with a definite article: di + il = del, in + l' = nell'."""
    if preposition not in _FUSED:
        return f"{preposition} {article}"
    stem = _FUSED[preposition]
    if article == "il":
        return stem + "l"
    if article in ("i", "gli"):
        return stem + article  # dei, degli
    if article == "l'":
        return stem + "ll'"
    return stem + "l" + article


def english_indefinite(following: str) -> str:
    """'a' or 'an' before an English word or acronym (by its sound, as far as spelling tells)."""
    word = following.strip()
    if not word:
        return "a"
    first = word.split()[0]
    letters = re.sub(r"[^A-Za-z]", "", first)
    if len(letters) >= 2 and letters.isupper():  # read letter by letter: an FBI agent, a UN report
        return "an" if letters[0] in _VOWEL_LETTERS else "a"
    lower = first.lower()
    if re.match(r"(uni|use|usu|eu|one|once|ukrain|ugand|uyghur|urug|uzbek|u[bcfgklmnprst][aeiou])", lower):
        return "a"  # a union, a European, a one-off: the vowel is sounded "y" or "w"
    if re.match(r"(hour|honest|honour|honor|heir)", lower):
        return "an"
    return "an" if lower[:1] in "aeiou" else "a"


def english_plural(text: str) -> str:
    """The regular English plural of a noun phrase: its last word takes -s, -es or -ies."""
    head, _, last = text.rpartition(" ")
    lower = last.lower()
    if re.search(r"(s|x|z|ch|sh)$", lower):
        last += "es"
    elif re.search(r"[^aeiou]y$", lower):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def inflect(term: Term, plural: bool, lang: str) -> str:
    """A rendered term in the number of what it renders."""
    if not plural:
        return term.text
    if term.plurals:
        return term.plurals[0]
    if (
        lang == "en"
        and term.pos is PartOfSpeech.NOUN
        and term.type not in (TermType.ACRONYM, TermType.ABBREVIATION)
    ):
        return english_plural(term.text)
    return term.text


#: Words of place names that take "the": the United Kingdom, the Central African Republic.
_PLACE_WITH_ARTICLE = frozenset("united republic kingdom emirates islands states nations of".split())


def bare_in_english(term: Term, domain: str | None = None) -> bool:
    """Whether an English name takes no article: acronyms read as words, one-word singular
    names, and place names but those of a union, kingdom or republic (Saudi Arabia, Burkina
    Faso; the United Kingdom)."""
    if term.article:
        return False  # recorded: the Sahel, the Maghreb
    if term.type is TermType.ACRONYM:
        # Read letter by letter, a short acronym takes "the" (the UN, the EU, the SDF); read
        # as a word, it does not (ISIS, NATO, AQIM). IS is the exception the press makes.
        return len(term.text) > 3 or term.text == "IS"
    if term.pos is not PartOfSpeech.PROPER_NOUN or term.number is not Number.SINGULAR:
        return False
    if domain == "place":
        return not _PLACE_WITH_ARTICLE & set(fold(term.text).split())
    return " " not in term.text


def match_case(source: str, target: str, at_start: bool) -> str:
    """A rendering in the case of its source: capitals for a headline in capitals, a capital
    initial at the start of a sentence."""
    if not target:
        return target
    words = [w for w in source.split() if len(w) > 1]
    if len(words) > 1 and all(w.isupper() for w in words):
        return target.upper()  # a headline in capitals stays in capitals
    if at_start and source[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target
