"""The forms of the glossary's terms, and where a store files them.

Every term is indexed under each of its recorded forms (the term, its plurals, its other
inflected forms) as a sequence of folded tokens (``forms_of``). A store answers the matcher
by the strings a form is filed under: its first token, the head of its key, its compact key
(a spacing variant), the stem of its first token. ``filings`` is the one rule for that; the
memory store here and the on-disk index (``glossary.cache``) both file by it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, Protocol

from .model import LANGUAGES, STATUS_ORDER, Concept, PartOfSpeech, Term, TermType
from .text import fold, token_texts

#: Tokens shorter than this are compared whole, never by stem: stems of short words collide.
MIN_STEM_TOKEN = 4


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


# ---------------------------------------------------------------------------------------
# Where a form is filed


#: The roles a string can play for a form filed under it (bits): its first token; the head
#: of its key (the key up to its first space, which is the first token unless that folds to
#: several words, "ﷺ"); its compact key; the stem of its first token (one bit per language).
FIRST, KEY, COMPACT = 1, 2, 4
STEM = {lang: 8 << n for n, lang in enumerate(LANGUAGES)}
ANY_ROLE = (8 << len(LANGUAGES)) - 1
#: The single roles of each combination of roles.
ROLES_OF = [tuple(1 << b for b in range(3 + len(LANGUAGES)) if n >> b & 1) for n in range(ANY_ROLE + 1)]


def key_head(key: str) -> str:
    """The string a key is filed under: its first word."""
    return key.split(" ", 1)[0]


def filings(form: Form) -> dict[str, int]:
    """The strings a form is filed under, each with the roles it plays for the form.

    Its key is filed under its head alone, which would otherwise take a string for every
    form of several words: a store asked for a key keeps, of the forms filed under its head,
    those whose key it is.
    """
    tokens = form.tokens
    first = tokens[0]
    roles = {first: FIRST}
    head = key_head(first) if " " in first else first
    roles[head] = roles.get(head, 0) | KEY
    if len(tokens) > 1:
        compact = "".join(tokens)
        roles[compact] = roles.get(compact, 0) | COMPACT
    if form.stemmable:
        stem_ = stem(form.lang, first)
        roles[stem_] = roles.get(stem_, 0) | STEM[form.lang]
    return roles


class MemoryRow(NamedTuple):
    """A form as the memory store files it: its first token, its second ("" for a form of
    one token), and the form."""

    first: str
    second: str
    form: Form


#: A form as a store files it, before it is read: its first token (position 0), its second
#: (position 1, "" for a form of one token), then whatever the store needs to read it
#: (``FormStore.read``): a ``MemoryRow``, or a row of the on-disk index
#: (``glossary.cache.store.IndexRow``). A long text meets many forms that begin like one of
#: its words, and reads only those that go on as the text does.
Filed = tuple[Any, ...]


class Spellings:
    """The spellings of many forms of one language: their keys in one list (what a miss
    compares with the query), and, at the same places, whose they are (``entry``), worked
    out only when asked: most groups hold nothing like the query."""

    __slots__ = ("_entries", "_load", "keys", "lang")

    def __init__(
        self,
        lang: str,
        keys: list[str],
        entries: Sequence[tuple[str, str] | None] | None = None,
        load: Callable[[], Sequence[tuple[str, str] | None]] | None = None,
    ) -> None:
        self.lang = lang
        self.keys = keys
        self._entries = entries
        self._load = load

    def entry(self, index: int) -> tuple[str, str] | None:
        """(concept id, term) of the spelling at ``index``; None for a concept that a later
        layer replaced."""
        if self._entries is None:
            assert self._load is not None
            self._entries = self._load()
        return self._entries[index]


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

    def spellings(self, langs: Sequence[str]) -> Iterable[Spellings]:
        """The keys of every form of these languages, in groups (``Spellings``): what fuzzy
        suggestions and name parts compare, without building a Form for each. Should a store
        find damage part way, it may start again from another source: a spelling may then
        come twice, never be missing."""
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


_FORM_OF_ROW = attrgetter("form")


class MemoryStore:
    """Forms of a glossary held in dictionaries, filed by ``filings``; built in one pass
    over the concepts."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._filed: dict[int, dict[str, list[MemoryRow]]] = {
            role: defaultdict(list) for role in ROLES_OF[ANY_ROLE]
        }
        self._all: list[Form] = []
        for concept in concepts:
            for form in forms_of(concept):
                self.add(form)

    def add(self, form: Form) -> None:
        tokens = form.tokens
        row = MemoryRow(tokens[0], tokens[1] if len(tokens) > 1 else "", form)
        filed = self._filed
        for string, roles in filings(form).items():
            for role in ROLES_OF[roles]:
                filed[role][string].append(row)
        self._all.append(form)

    def _rows(self, role: int, string: str) -> list[MemoryRow]:
        return self._filed[role].get(string) or []

    def by_first(self, token: str) -> Sequence[Form]:
        return [row.form for row in self._rows(FIRST, token)]

    def by_key(self, key: str) -> Sequence[Form]:
        return [row.form for row in self._rows(KEY, key_head(key)) if row.form.key == key]

    def by_compact(self, compact: str) -> Sequence[Form]:
        return [row.form for row in self._rows(COMPACT, compact)]

    def by_stem(self, lang: str, stem_: str) -> Sequence[Form]:
        role = STEM.get(lang)
        return [row.form for row in self._rows(role, stem_)] if role is not None else []

    def filed_by_first(self, token: str) -> Sequence[MemoryRow]:
        return self._rows(FIRST, token)

    def filed_by_stem(self, lang: str, stem_: str) -> Sequence[MemoryRow]:
        role = STEM.get(lang)
        return self._rows(role, stem_) if role is not None else []

    @staticmethod
    def read(filed: Iterable[Filed]) -> list[Form]:
        return list(map(_FORM_OF_ROW, filed))  # each a MemoryRow

    def expect(self, texts: Iterable[str]) -> None:
        pass  # every answer is at hand

    def forms(self) -> Iterable[Form]:
        return iter(self._all)

    def spellings(self, langs: Sequence[str]) -> Iterable[Spellings]:
        for lang in langs:
            forms = [form for form in self._all if form.lang == lang]
            if forms:
                yield Spellings(lang, [f.key for f in forms], [(f.concept_id, f.term) for f in forms])
