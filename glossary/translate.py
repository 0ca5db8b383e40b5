"""Term-by-term translation: glossary terms and function words, nothing guessed.

The text is cut into segments that add back up to the input exactly. Glossary terms become
the target language's preferred term, agreeing in number with what was matched; articles,
prepositions and conjunctions come from a small closed-class table; every other word stays
as it was and is marked untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .errors import InputError
from .language import detect
from .match import FormStore, Match, scan
from .model import Concept, Gender, Number, PartOfSpeech, Status, Term, TermType
from .text import APOSTROPHES, fold, key, sentence_start, tokenize


class SegmentKind(str, Enum):
    TERM = "term"
    FUNCTION = "function"
    UNTRANSLATED = "untranslated"
    TEXT = "text"  # spaces, punctuation and numbers: carried over unchanged


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    source: str
    target: str
    kind: SegmentKind
    concept_id: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Translation:
    source_lang: str
    target_lang: str
    detected: bool
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.target for s in self.segments)


# Italian -> English: (translation, whether it carries "the").
# fmt: off
_IT_EN: dict[str, tuple[str, bool]] = {
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
_EN_IT_PREP = {"of": "di", "to": "a", "from": "da", "in": "in", "on": "su", "with": "con",
               "for": "per", "between": "tra", "among": "tra", "by": "da", "at": "a"}
_EN_IT_CONJ = {"and": "e", "or": "o", "but": "ma", "nor": "né", "if": "se", "that": "che"}
_FUSED = {"di": "de", "a": "a", "da": "da", "in": "ne", "su": "su"}
# fmt: on


def italian_article(term: Term, plural: bool) -> str:
    """The Italian definite article a term takes: il, lo, l', la, i, gli or le."""
    word = fold(term.plurals[0] if plural and term.plurals else term.text)
    vowel = word[:1] in "aeiouh"
    lo_like = bool(re.match(r"(s[^aeiou]|z|gn|ps|pn|x|y|i[aeiou])", word))
    feminine = term.gender is Gender.FEMININE
    if plural:
        return "le" if feminine else ("gli" if vowel or lo_like else "i")
    if vowel:
        return "l'"
    return "la" if feminine else ("lo" if lo_like else "il")


def fuse(preposition: str, article: str) -> str:
    """An Italian preposition fused with a definite article: di + il = del, in + l' = nell'."""
    if preposition not in _FUSED:
        return f"{preposition} {article}"
    stem = _FUSED[preposition]
    if article == "il":
        return stem + "l"
    if article == "i":
        return stem + "i"
    if article == "l'":
        return stem + "ll'"
    return stem + "l" + article


def translate(
    text: str,
    store: FormStore,
    concept: Callable[[str], Concept | None],
    *,
    source: str | None = None,
    target: str | None = None,
) -> Translation:
    """Translate ``text`` term by term; ``concept`` gives a concept from its id."""
    if not text.strip():
        raise InputError("the phrase is empty: give some text to translate")
    detected = False
    if source is None:
        source = detect(text) or ({"it": "en", "en": "it"}[target] if target else None)
        detected = True
        if source is None:
            matches = scan(text, store)
            langs = {c.form.lang for m in matches for c in m.candidates}
            source = langs.pop() if len(langs) == 1 else "it"
    if target is None:
        target = "en" if source == "it" else "it"
    if source == target:
        raise InputError(f"source and target are both '{source}'")
    matches = scan(text, store, langs=(source,), stem_langs=(source,))
    return Translation(source, target, detected, tuple(_segments(text, matches, concept, source, target)))


@dataclass(frozen=True, slots=True)
class _Rendering:
    """How a matched term comes out in the target language (text None: left as it was)."""

    text: str | None
    term: Term | None
    plural: bool
    concept_id: str | None
    note: str | None


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    kind: SegmentKind
    match: Match | None = None


def _pieces(text: str, matches: list[Match]) -> list[_Piece]:
    """Tokens and matches in order, with the gaps between them, covering the whole text."""
    pieces: list[_Piece] = []
    position = 0
    queue = iter(matches)
    upcoming = next(queue, None)
    for token in tokenize(text):
        if token.start < position:
            continue
        if upcoming is not None and token.start == upcoming.start:
            if position < upcoming.start:
                pieces.append(_Piece(position, upcoming.start, SegmentKind.TEXT))
            pieces.append(_Piece(upcoming.start, upcoming.end, SegmentKind.TERM, upcoming))
            position = upcoming.end
            upcoming = next(queue, None)
            continue
        if position < token.start:
            pieces.append(_Piece(position, token.start, SegmentKind.TEXT))
        kind = SegmentKind.TEXT if token.text.isdigit() else SegmentKind.UNTRANSLATED
        pieces.append(_Piece(token.start, token.end, kind))
        position = token.end
    if position < len(text):
        pieces.append(_Piece(position, len(text), SegmentKind.TEXT))
    return pieces


def _segments(
    text: str,
    matches: list[Match],
    concept: Callable[[str], Concept | None],
    source: str,
    target: str,
) -> list[Segment]:
    pieces = _pieces(text, matches)
    # Render the terms first: function words depend on the term that follows them.
    rendered: dict[int, _Rendering] = {}
    for index, piece in enumerate(pieces):
        if piece.kind is SegmentKind.TERM and piece.match is not None:
            rendered[index] = _render_term(piece.match, concept, target)
    overrides = _fused_prepositions(text, pieces, rendered) if source == "en" and target == "it" else {}
    out: list[Segment] = []
    for index, piece in enumerate(pieces):
        original = text[piece.start : piece.end]
        if index in overrides:
            rendered_word, consumed = overrides[index]
            out.append(
                Segment(
                    piece.start,
                    piece.end + consumed,
                    text[piece.start : piece.end + consumed],
                    rendered_word,
                    SegmentKind.FUNCTION,
                )
            )
            if consumed:
                pieces[index + 1].start += consumed
            continue
        if piece.kind is SegmentKind.TERM and piece.match is not None:
            rendering = rendered[index]
            if rendering.text is None:
                out.append(
                    Segment(
                        piece.start,
                        piece.end,
                        original,
                        original,
                        SegmentKind.UNTRANSLATED,
                        rendering.concept_id,
                        rendering.note,
                    )
                )
                continue
            target_text = _match_case(original, rendering.text, sentence_start(text, piece.start))
            out.append(
                Segment(
                    piece.start,
                    piece.end,
                    original,
                    target_text,
                    SegmentKind.TERM,
                    rendering.concept_id,
                    rendering.note,
                )
            )
            continue
        if piece.kind is SegmentKind.UNTRANSLATED:
            following = _next_term(pieces, rendered, index)
            gap = (
                text[piece.end : pieces[index + 1].end]
                if index + 1 < len(pieces) and pieces[index + 1].kind is SegmentKind.TEXT
                else ""
            )
            word = _function_word(original, gap, source, following)
            if word is not None:
                rendered_word, consumed = word
                out.append(
                    Segment(
                        piece.start,
                        piece.end + consumed,
                        original + text[piece.end : piece.end + consumed],
                        _match_case(original, rendered_word, sentence_start(text, piece.start)),
                        SegmentKind.FUNCTION,
                    )
                )
                if consumed:
                    pieces[index + 1].start += consumed
                continue
        if piece.start < piece.end:
            out.append(Segment(piece.start, piece.end, original, original, piece.kind))
    return out


def _fused_prepositions(
    text: str, pieces: list[_Piece], rendered: dict[int, _Rendering]
) -> dict[int, tuple[str, int]]:
    """English 'of the' + a term of known gender -> one Italian fused form ('dello'), with
    'the' rendered as nothing and absorbing the space after it."""
    out: dict[int, tuple[str, int]] = {}
    for i in range(len(pieces) - 4):
        prep, gap1, the, gap2, term = pieces[i : i + 5]
        words = (fold(text[prep.start : prep.end]), fold(text[the.start : the.end]))
        if (
            words[0] in _EN_IT_PREP
            and words[1] == "the"
            and term.kind is SegmentKind.TERM
            and gap1.kind is SegmentKind.TEXT
            and gap2.kind is SegmentKind.TEXT
            and text[gap1.start : gap1.end].isspace()
            and text[gap2.start : gap2.end].isspace()
        ):
            rendering = rendered.get(i + 4)
            if rendering and rendering.term is not None and rendering.term.gender:
                article = italian_article(rendering.term, rendering.plural)
                fused = fuse(_EN_IT_PREP[words[0]], article)
                elided = fused.endswith("'")
                out[i] = (fused, gap1.end - gap1.start if elided else 0)
                out[i + 2] = ("", gap2.end - gap2.start)
    return out


def _render_term(match: Match, concept: Callable[[str], Concept | None], target: str) -> _Rendering:
    best = match.best
    found = concept(best.form.concept_id)
    note = "ambiguous: " + ", ".join(match.concept_ids) if len(match.concept_ids) > 1 else None
    if found is None:
        return _Rendering(None, None, False, best.form.concept_id, "concept missing from the glossary")
    term = _target_term(found, best.form.term, target)
    if term is None:
        return _Rendering(None, None, False, found.id, f"no {target} term in the glossary")
    plural = best.plural and term.number is not Number.PLURAL
    return _Rendering(_inflect(term, plural, target), term, plural, found.id, note)


def _target_term(concept: Concept, source_term: str, target: str) -> Term | None:
    """The target's own spelling of the very name the source used (ISIS for Isis, Daesh for
    Daesh), when the target language admits it; otherwise the target's preferred term."""
    section = concept.section(target)
    if section is None or not section.terms:
        return None
    wanted = key(source_term)
    for term in section.terms:
        if key(term.text) == wanted and term.status is not Status.DEPRECATED:
            return term
    return section.preferred


def _inflect(term: Term, plural: bool, lang: str) -> str:
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


def _next_term(pieces: list[_Piece], rendered: dict[int, _Rendering], index: int) -> _Rendering | None:
    """The rendering of the term right after piece ``index`` (only a short gap between), if any."""
    for later in range(index + 1, min(index + 4, len(pieces))):
        piece = pieces[later]
        if piece.kind is SegmentKind.TERM:
            return rendered.get(later)
        if piece.kind is not SegmentKind.TEXT or (piece.end - piece.start) > 3:
            return None
    return None


_ELIDED_ONLY = frozenset(("l", "d", "dell", "all", "dall", "nell", "sull"))


def _function_word(
    original: str, gap: str, source: str, following: _Rendering | None
) -> tuple[str, int] | None:
    """(rendering, characters of the following gap it absorbs) for a function word, or None.

    ``gap`` is the text between the word and the next one; ``following`` the rendering of
    the term right after it, when there is one.
    """
    word = original.casefold()  # accents kept: "è" (is) is not "e" (and), "dà" not "da"
    elided = bool(gap) and gap[0] in APOSTROPHES
    term = following.term if following else None
    if source == "it":
        if word not in _IT_EN:
            return None
        if word in _ELIDED_ONLY and not elided:
            return None  # not an elision: a letter standing alone
        rendering, has_article = _IT_EN[word]
        if has_article and term is not None and _bare_in_english(term):
            rendering = rendering.removesuffix("the").strip()
        if rendering == "a" and following and following.text and following.text[:1].lower() in "aeiou":
            rendering = "an"
        if elided:
            return (rendering + " " if rendering else ""), 1
        return rendering, 0
    # English -> Italian
    if word in _EN_IT_CONJ:
        return _EN_IT_CONJ[word], 0
    if word == "the":
        if term is not None and term.gender and following is not None:
            article = italian_article(term, following.plural)
            if article.endswith("'") and gap.isspace():
                return article, len(gap)  # l'hotspot: the elided article takes no space
            return article, 0
        return None
    if word in _EN_IT_PREP:
        return _EN_IT_PREP[word], 0
    return None


def _bare_in_english(term: Term) -> bool:
    """Whether an English name takes no article: acronyms and one-word singular names."""
    if term.type is TermType.ACRONYM:
        return True
    return term.pos is PartOfSpeech.PROPER_NOUN and " " not in term.text and term.number is Number.SINGULAR


def _match_case(source: str, target: str, at_start: bool) -> str:
    if not target:
        return target
    words = [w for w in source.split() if len(w) > 1]
    if len(words) > 1 and all(w.isupper() for w in words):
        return target.upper()  # a headline in capitals stays in capitals
    if at_start and source[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target
