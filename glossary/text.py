"""Normalisation and tokenisation shared by every way of finding a term.

Folding removes what a reader does not see as a difference: case, accents, the kind of
apostrophe or dash. Tokens are runs of letters and digits; everything between them (spaces,
apostrophes, hyphens, punctuation) is kept as the gap, so that text can always be rebuilt.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

#: Every character that stands for an apostrophe in real text.
APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4\u2032\u02b9\u201b\uff07"
#: Every character that stands for a hyphen or dash.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"

#: What text from a glossary file may not hold and a terminal must never receive: C0 controls
#: but tab and line feed, DEL, C1 controls, bidirectional embeddings, overrides and isolates,
#: lone surrogates. The loader refuses them in glossary text; the terminal renderer removes them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

_APOSTROPHE_MAP = str.maketrans({c: "'" for c in APOSTROPHES} | {c: "-" for c in DASHES})
#: Combining marks (accents of decomposed text: "e" + U+0300 for "è"; Hebrew points, Arabic
#: harakat), which ``\w`` leaves out: inside a word they belong to it, not to the gap.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a"
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
#: A letter or digit. U+02BC and U+02B9 are letters to Unicode, apostrophes in text ("dellʼIsis").
_LETTER = r"[^\W_\u02b9\u02bc]"
_TOKEN = re.compile(rf"{_LETTER}+(?:[{_MARKS}]+{_LETTER}*)*")
_SPLIT = re.compile(f"({_TOKEN.pattern})")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and dash-insensitive form of a text."""
    if text.isascii():
        # Nothing to decompose or strip, and casefold() is lower(); of the apostrophes and
        # dashes only the grave accent changes. Most words of either language take this way.
        return text.replace("`", "'").lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHE_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.casefold())


def canonical(text: str) -> str:
    """A text with apostrophes and dashes unified and spaces collapsed, case and accents kept."""
    return " ".join(unicodedata.normalize("NFC", text.translate(_APOSTROPHE_MAP)).split())


@dataclass(frozen=True, slots=True)
class Token:
    """A run of letters or digits (with their combining marks) and where it stands in the text."""

    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold(self.text)


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def at_most_tokens(text: str, count: int) -> bool:
    """Whether a text has at most ``count`` tokens, without tokenising all of a long one."""
    return sum(1 for _ in zip(range(count + 1), _TOKEN.finditer(text))) <= count


def token_spans(text: str) -> tuple[list[int], list[int], list[str], list[str]]:
    """Starts, ends and texts of the tokens of a text, and the gaps around them (one more
    gap than tokens: before the first, between each pair, after the last).

    This is ``tokenize`` without an object per token, for long texts.
    """
    parts = _SPLIT.split(text)  # gap, token, gap, token, ..., gap
    offsets = list(accumulate(map(len, parts)))
    return offsets[0:-1:2], offsets[1::2], parts[1::2], parts[0::2]


#: An acronym written with dots: U.S., U.K., E.U.
_DOTTED = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}")


def token_spans_joined(text: str) -> tuple[list[int], list[int], list[str], list[str]]:
    """``token_spans``, an acronym written with dots ("U.S.") taken as one token of its
    letters ("US") that spans the dots, the last one included."""
    starts, ends, originals, gaps = token_spans(text)
    dotted = {m.start(): m.end() for m in _DOTTED.finditer(text)}
    if not dotted:
        return starts, ends, originals, gaps
    out_s: list[int] = []
    out_e: list[int] = []
    out_o: list[str] = []
    out_g: list[str] = [gaps[0]]
    i = 0
    while i < len(starts):
        end = dotted.get(starts[i])
        j = i
        if end is None:
            out_e.append(ends[i])
            out_o.append(originals[i])
            out_g.append(gaps[i + 1])
        else:
            while j + 1 < len(starts) and starts[j + 1] < end:
                j += 1
            out_e.append(end)
            out_o.append(text[starts[i] : end].replace(".", ""))
            out_g.append(gaps[j + 1][1:])  # the last dot belongs to the acronym
        out_s.append(starts[i])
        i = j + 1
    return out_s, out_e, out_o, out_g


def token_at(text: str, position: int) -> str:
    """The token that begins at ``position`` of a text ('' when none does)."""
    found = _TOKEN.match(text, position)
    return found.group() if found else ""


def token_texts(text: str) -> list[str]:
    return _TOKEN.findall(text)


def key(text: str) -> str:
    """The lookup key of a term or query: its folded tokens joined by single spaces."""
    return " ".join(fold(t) for t in _TOKEN.findall(text))


def gap_joins(gap: str) -> bool:
    """Whether two tokens separated by this gap can belong to one term.

    Spaces (but not a blank line), hyphens and apostrophes join; other punctuation ends a term.
    """
    return gap.count("\n") <= 1 and all(c.isspace() or c in APOSTROPHES or c in DASHES for c in gap)


# Closed classes used to peel words off a term and to render function words.
ITALIAN_ARTICLES = frozenset("il lo la i gli le l un uno una".split())
ITALIAN_PREPOSITIONS = frozenset("di d a ad da in con su per tra fra".split())
ITALIAN_ARTICULATED = frozenset(
    """del dello della dei degli delle dell al allo alla ai agli alle all dal dallo dalla dai
    dagli dalle dall nel nello nella nei negli nelle nell sul sullo sulla sui sugli sulle sull
    col coi coll quest quell questo questa quello quella""".split()
)
ENGLISH_FUNCTION = frozenset("the a an of".split())
PEELABLE = ITALIAN_ARTICLES | ITALIAN_PREPOSITIONS | ITALIAN_ARTICULATED | ENGLISH_FUNCTION

_OPENERS = frozenset(" \t\"“«'’‘(")


def sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` begins a sentence: only spaces and openers since . ! ? : or a line end."""
    i = position - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in ".!?:\n"
