"""Telling Italian from English text, and the closed-class words of each."""

from __future__ import annotations

from .text import fold, token_texts

_ITALIAN = frozenset(
    """il lo la i gli le un uno una di del della dei degli delle dell da dal dalla nel nella
    nei nelle sul sulla che non per con sono è e ma come anche più questo questa quello
    loro essere ha hanno stato stata si ci gia già ancora dopo tra fra al alla ai agli alle
    l d nell all dall sull in""".split()
)
_ENGLISH = frozenset(
    """the a an of and or but to in on at from by with for is are was were be been has have
    had this that these those it its they their which who not as also more than into over
    after between s""".split()
)


#: Enough text to tell the language of a document: its first this many characters.
SAMPLE_CHARS = 100_000


def detect(text: str) -> str | None:
    """'it' or 'en' by the closed-class words a text uses (in its first SAMPLE_CHARS
    characters); None when there is no evidence."""
    italian = english = 0
    for token in token_texts(text[:SAMPLE_CHARS]):
        word = fold(token)
        italian += word in _ITALIAN
        english += word in _ENGLISH
    if italian == english:
        return None
    return "it" if italian > english else "en"
