"""The site's search index: what ``glossary lookup`` files its forms under, as data for the page.

The browser runs lookup's steps (``glossary.lookup.find``) over tables built here from the
library's own forms (``glossary.forms.forms_of``) and folding (``glossary.text``), so that the
site and the command line cannot drift apart: the script holds the steps, never a rule of its
own. The tables are split into parts loaded on demand, each a script that hands its data to
``GlossarySearch.add`` (a page opened from a folder may not ``fetch`` local files):

- ``k/<part>.js``: forms by the strings lookup asks for: their key (the folded tokens joined
  by spaces), their compact key (joined without), and, for the stemmed step, their first
  token; with the inflections (``inflections``) of the glossary's words;
- ``n/<part>.js``: the spellings of names of several words, by their first and by their last
  word: what lookup's name parts ("Calvar" of "Patrick Calvar") compare;
- ``s/<part>.js``: every spelling, what suggestions for a misspelt query are drawn from: one
  part for a glossary of up to ``ALL_SPELLINGS`` spellings (the same candidates as lookup),
  else a part for each first character or two (the candidates that begin as the query does);
- ``manifest.js``: which parts exist, and the folding data: the peeled function words, the
  apostrophes and dashes, the combining marks, and how each non-ASCII character of the
  glossary folds.

A part holds the strings that begin with the same two characters (three beyond ``WIDE``
strings, so that a keystroke on a large glossary loads a few hundred kilobytes at most).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import eq

from ..forms import MIN_STEM_TOKEN, Form, FormKind, _stemmer, forms_of
from ..lookup import SUGGESTION_CUTOFF
from ..match import _INFLECTIONS
from ..model import LANGUAGES, Concept
from ..text import _MARKS, APOSTROPHES, DASHES, PEELABLE, canonical, fold

#: Up to this many spellings, suggestions are drawn from all of them, as lookup draws them.
ALL_SPELLINGS = 60_000
#: Beyond this many strings, parts are named by three characters rather than two, so that a
#: keystroke loads a part of a few hundred kilobytes at most.
WIDE = 200_000
_LANGUAGE = {lang: n for n, lang in enumerate(LANGUAGES)}
#: Roles of a string for the forms filed under it (as ``glossary.forms`` names them).
KEY, COMPACT, FIRST_STEMMABLE = 2, 4, 8


def inflections(lang: str, tokens: Iterable[str]) -> dict[str, list[str]]:
    """The tokens that lookup's stemmed step takes for inflections of each of ``tokens``
    (``glossary.match.same_word``), as inflected token -> the tokens it is an inflection of:
    a root of the token (``_roots``) plus an inflectional ending, of the same Snowball stem.
    The page looks these up rather than stem the query.

    Tokens that are short or hold a digit have no inflections (their stem is themselves);
    the stems are asked for in one batch: a large glossary has millions of candidates."""
    endings = sorted(_INFLECTIONS[lang])
    stemmer = _stemmer(lang)
    words = [t for t in tokens if len(t) >= MIN_STEM_TOKEN and t.isalpha()]
    candidates: list[str] = []
    owners: list[str] = []
    same: list[bool] = []
    # An ending at a time over all tokens, not a token at a time, and the stems compared by
    # map: the loops run in C. (root + another ending is never the token itself.)
    for ending in endings:
        having = [t for t in words if t.endswith(ending)]
        roots = [t[: len(t) - len(ending)] for t in having]
        stems = stemmer.stemWords(having)
        for other in endings:
            if other == ending:
                continue
            made = [root + other for root in roots]
            candidates += made
            owners += having
            same += map(eq, stemmer.stemWords(made), stems)
    out: dict[str, list[str]] = defaultdict(list)
    for candidate, owner in compress(zip(candidates, owners, strict=True), same):
        if len(candidate) >= MIN_STEM_TOKEN:
            out[candidate].append(owner)
    return {candidate: list(dict.fromkeys(found)) for candidate, found in out.items()}


def part_name(text: str, width: int = 2) -> str:
    """The name of the part a string is filed in: the code points of its first ``width``
    characters in hex ("ab" -> "61-62"); the script computes the same."""
    return _hex_name(text[:width])


@lru_cache(maxsize=65536)
def _hex_name(prefix: str) -> str:
    return "-".join(f"{ord(c):x}" for c in prefix)


def script_json(value: object) -> str:
    """JSON that is safe inside a script: no '<', '>', '&', U+2028 or U+2029 as such."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _registration(kind: str, name: str, data: object) -> bytes:
    return f"GlossarySearch.add({script_json(kind)},{script_json(name)},{script_json(data)});\n".encode()


@dataclass
class SearchIndex:
    """The search tables of a glossary, filled a concept at a time (``add``)."""

    keys: dict[str, list[list[object]]] = field(default_factory=lambda: defaultdict(list))
    spellings: dict[str, list[list[object]]] = field(default_factory=lambda: {lang: [] for lang in LANGUAGES})
    names: dict[str, list[list[object]]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The tokens of stemmable forms, by language: their inflections are worked out at the end.
    inflected: dict[str, set[str]] = field(default_factory=lambda: {lang: set() for lang in LANGUAGES})
    count: int = 0
    characters: set[str] = field(default_factory=set)

    def add(self, concept: Concept) -> None:
        """File every form of a concept as lookup's store files it."""
        labels = tuple(t.text if (t := concept.preferred(lang)) else "" for lang in LANGUAGES)
        self.labels[concept.id] = (labels[0], labels[1])
        for form in forms_of(concept):
            self._file(form)

    def _file(self, form: Form) -> None:
        """File a form under its key, its compact key and (stemmable) its first token, as
        [concept, language, lemma?, surface, tokens, roles, (order, key)]: the concept's id
        becomes its place in the part's labels when the part is written."""
        key, tokens = form.key, form.tokens
        lemma = 1 if form.kind is FormKind.LEMMA else 0
        entry = [form.concept_id, _LANGUAGE[form.lang], lemma, canonical(form.surface), len(tokens)]
        if form.stemmable:
            self.inflected[form.lang].update(tokens)
            if len(tokens) == 1:  # its key is its first token: one entry plays both roles
                self.keys[key].append([*entry, KEY | FIRST_STEMMABLE, self.count])
            else:
                self.keys[key].append([*entry, KEY])
                self.keys[tokens[0]].append([*entry, FIRST_STEMMABLE, self.count, key])
        else:
            self.keys[key].append([*entry, KEY])
        if len(tokens) > 1:
            self.keys["".join(tokens)].append([*entry, COMPACT])
        self.count += 1
        spelt = self.spellings[form.lang]
        order = [LANGUAGES.index(form.lang), len(spelt)]  # where lookup meets it
        spelt.append([key, form.concept_id, form.term])
        if not form.surface.isascii():
            self.characters.update(c for c in form.surface if not c.isascii())
        if form.term[:1].isupper() and " " in key:
            words = key.split(" ")
            for word in {words[0], words[-1]}:
                self.names[word].append([key, form.concept_id, form.term, *order])

    def _variants(self, width: int) -> dict[str, dict[str, dict[str, list[str]]]]:
        """Part -> language -> inflected token -> the tokens of forms it is an inflection of."""
        out: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(
            lambda: {lang: {} for lang in LANGUAGES}
        )
        for lang, tokens in self.inflected.items():
            for token, owners in inflections(lang, sorted(tokens)).items():
                out[part_name(token, width)][lang][token] = owners
        return out

    def files(self) -> Iterator[tuple[str, bytes]]:
        """(path under the search folder, content) of every part and the manifest."""
        concept_labels = self.labels
        width = 3 if len(self.keys) > WIDE else 2
        parts: dict[str, dict[str, list[list[object]]]] = defaultdict(dict)
        for string, entries in self.keys.items():
            parts[part_name(string, width)][string] = entries
        variants = self._variants(width)
        key_parts = set(parts) | set(variants)
        for name in key_parts:
            table = parts.get(name, {})
            labels: dict[object, int] = {}
            for entries in table.values():
                for entry in entries:  # the concept's id -> its place in the labels
                    entry[0] = labels.setdefault(entry[0], len(labels))
            listed = [[concept_id, *concept_labels[str(concept_id)]] for concept_id in labels]
            data = {"forms": table, "labels": listed, "variants": variants.get(name) or {}}
            yield f"k/{name}.js", _registration("k", name, data)
        names: dict[str, dict[str, list[list[object]]]] = defaultdict(dict)
        for word, entries in self.names.items():
            names[part_name(word, width)][word] = entries
        for name, table in names.items():
            yield f"n/{name}.js", _registration("n", name, table)
        spelling_parts = list(self._spelling_parts(width - 1))
        for name, table in spelling_parts:
            yield f"s/{name}.js", _registration("s", name, table)
        manifest = self._manifest(key_parts, names, [name for name, _ in spelling_parts], width)
        yield "manifest.js", manifest

    def _spelling_parts(self, width: int) -> Iterator[tuple[str, dict[str, list[list[object]]]]]:
        """Spellings a language at a time, in lookup's order, with the labels they need."""
        total = sum(map(len, self.spellings.values()))
        split = total > ALL_SPELLINGS
        parts: dict[str, dict[str, list[list[object]]]] = defaultdict(
            lambda: {lang: [] for lang in LANGUAGES}
        )
        for lang, rows in self.spellings.items():
            for row in rows:
                parts[part_name(str(row[0]), width) if split else "all"][lang].append(row)
        yield from parts.items()

    def _manifest(self, keys: Iterable[str], names: Iterable[str], spellings: list[str], width: int) -> bytes:
        folds = {c: fold(c) for c in sorted(self.characters)}
        data = {
            "languages": list(LANGUAGES),
            "keys": sorted(keys),
            "names": sorted(names),
            "spellings": sorted(spellings),
            "spellAll": spellings == ["all"],
            "width": width,
            "folds": folds,
            "peelable": sorted(PEELABLE),
            "apostrophes": APOSTROPHES,
            "dashes": DASHES,
            "marks": _MARKS,
            "cutoff": SUGGESTION_CUTOFF,
            "concepts": len(self.labels),
        }
        return _registration("manifest", "", data)
