"""Term-by-term translation: glossary terms and function words, nothing guessed.

The text is cut into segments that add back up to the input exactly. Glossary terms become
the target's term of the same kind and part of speech (``rendering``), agreeing in number
with what was matched; a noun and the adjective or name beside it come out in the target's
order; articles, prepositions and conjunctions come from a small closed-class table and
agree with the term that follows (``agreement``); every other word stays as it was and is
marked untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from .agreement import (
    PLURAL_ARTICLES,
    fuse,
    italian_article,
    match_case,
)
from .errors import InputError
from .forms import FormStore
from .function_words import EN_IT_CONJ, EN_IT_PREP, FUNCTION_WORDS, function_word
from .language import detect
from .match import Match, scan
from .model import Concept, Number, PartOfSpeech, TermType
from .rendering import Rendering, pair_adjective, render_term
from .text import APOSTROPHES, at_most_tokens, fold, sentence_start, token_at, token_spans


class SegmentKind(str, Enum):
    TERM = "term"
    FUNCTION = "function"
    UNTRANSLATED = "untranslated"
    TEXT = "text"  # spaces, punctuation and numbers: carried over unchanged


class Segment(NamedTuple):
    """A stretch of the text and what it becomes. A NamedTuple: a long text makes one for
    every word and gap, and a frozen dataclass costs several times as much to make."""

    start: int
    end: int
    source: str
    target: str
    kind: SegmentKind
    concept_id: str | None = None
    note: str | None = None
    #: The target's other admitted terms for the concept, for the translator to choose from.
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Translation:
    source_lang: str
    target_lang: str
    detected: bool
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.target for s in self.segments)


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
    detected = source is None
    if source is None:
        source = _source_language(text, store, target)
    if target is None:
        target = "en" if source == "it" else "it"
    if source == target:
        raise InputError(f"source and target are both '{source}'")
    matches = scan(text, store, langs=(source,), stem_langs=(source,))
    return Translation(source, target, detected, tuple(_segments(text, matches, concept, source, target)))


#: Up to this many words, the glossary's terms say more about a text's language than its
#: function words do ("Daesh fighters in Libya": "in" is both languages').
_SHORT = 8


def _source_language(text: str, store: FormStore, target: str | None) -> str:
    if target is not None:
        return "en" if target == "it" else "it"
    covered = {}
    if at_most_tokens(text, _SHORT):
        for lang in ("it", "en"):
            covered[lang] = sum(m.end - m.start for m in scan(text, store, langs=(lang,), stem_langs=(lang,)))
        if covered["it"] != covered["en"]:
            return max(covered, key=lambda lang: covered[lang])
    found = detect(text)
    if found:
        return found
    if not covered:
        langs = {c.form.lang for m in scan(text, store) for c in m.candidates}
        if len(langs) == 1:
            return langs.pop()
    return "it"


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    kind: SegmentKind
    match: Match | None = None


def _pieces(text: str, matches: list[Match], source: str) -> list[_Piece]:
    """Terms, function words, numbers and the gaps between them in order, covering the whole
    text. The other words, with the gaps between them, make one untranslated piece a run:
    what is rendered looks at most a few pieces around a term or function word, and a long
    text is mostly such runs."""
    pieces: list[_Piece] = []
    add, piece = pieces.append, _Piece  # bound once: a long text has a token every few bytes
    text_kind, word_kind = SegmentKind.TEXT, SegmentKind.UNTRANSLATED
    function_words = FUNCTION_WORDS[source]
    position = 0
    run = -1  # where the current run of plain words began
    queue = iter(matches)
    upcoming = next(queue, None)
    next_start = upcoming.start if upcoming is not None else -1
    starts, ends, words, _gaps = token_spans(text)  # lists, not an object a token: long texts
    for start, end, word in zip(starts, ends, words, strict=True):
        if start < position:
            continue
        if start != next_start and not word.isdigit() and word.casefold() not in function_words:
            if run < 0:
                if position < start:
                    add(piece(position, start, text_kind))
                run = start
            position = end
            continue
        if run >= 0:
            add(piece(run, position, word_kind))
            run = -1
        if position < start:
            add(piece(position, start, text_kind))
        if start == next_start and upcoming is not None:
            add(piece(start, upcoming.end, SegmentKind.TERM, upcoming))
            position = upcoming.end
            upcoming = next(queue, None)
            next_start = upcoming.start if upcoming is not None else -1
            continue
        add(piece(start, end, text_kind if word.isdigit() else word_kind))
        position = end
    if run >= 0:
        add(piece(run, position, word_kind))
    if position < len(text):
        add(piece(position, len(text), text_kind))
    return pieces


def _segments(
    text: str,
    matches: list[Match],
    concept: Callable[[str], Concept | None],
    source: str,
    target: str,
) -> list[Segment]:
    pieces = _pieces(text, matches, source)
    rendered = _render_terms(text, pieces, concept, source, target)
    overrides = _fused_prepositions(text, pieces, rendered) if source == "en" and target == "it" else {}
    out: list[Segment] = []
    plain = _Plain(text, out)
    function_words = FUNCTION_WORDS[source]
    untranslated, term_kind = SegmentKind.UNTRANSLATED, SegmentKind.TERM
    covered = 0  # where the last segment ended: a pair of terms takes in what lies between
    for index, piece in enumerate(pieces):
        start, end, kind = piece.start, piece.end, piece.kind
        if end <= covered:
            continue
        if index in overrides:
            word: tuple[str, int] | None = overrides[index]
        elif kind is term_kind and piece.match is not None:
            rendering = rendered[index]
            if rendering.end is not None:
                piece.end = covered = rendering.end
            plain.flush()
            out.append(_term_segment(text, piece, rendering))
            continue
        elif kind is untranslated and text[start:end].casefold() in function_words:
            word = _function_word_at(text, pieces, rendered, index, source)
        else:
            word = None
        if word is None:
            if kind is untranslated:
                plain.word(start, end)
            elif start < end:
                plain.gap(start, end)
            continue
        rendered_word, consumed = word
        end += consumed
        if index not in overrides:  # a fused preposition is already what it should be
            rendered_word = match_case(text[start : piece.end], rendered_word, sentence_start(text, start))
        plain.flush()
        out.append(Segment(start, end, text[start:end], rendered_word, SegmentKind.FUNCTION))
        if consumed:
            pieces[index + 1].start += consumed
    plain.flush()
    return out


class _Plain:
    """Words left as they are, gathered with the spaces and punctuation between them into one
    untranslated segment, and spaces, punctuation and numbers with nothing to render into one
    text segment: a long text makes a segment a run, not a word. A run of words ends at its
    last word; what follows it, up to the next segment of another kind, is text."""

    __slots__ = ("out", "text", "text_end", "text_start", "word_end", "word_start")

    def __init__(self, text: str, out: list[Segment]) -> None:
        self.text, self.out = text, out
        self.word_start = self.word_end = self.text_start = self.text_end = -1

    def word(self, start: int, end: int) -> None:
        if self.word_start < 0:
            if self.text_start >= 0:
                self._emit(self.text_start, self.text_end, SegmentKind.TEXT)
            self.word_start = start
        self.word_end, self.text_start = end, -1  # the run takes in the text since its last word

    def gap(self, start: int, end: int) -> None:
        if self.text_start < 0:
            self.text_start = start
        self.text_end = end

    def flush(self) -> None:
        if self.word_start >= 0:
            self._emit(self.word_start, self.word_end, SegmentKind.UNTRANSLATED)
        if self.text_start >= 0:
            self._emit(self.text_start, self.text_end, SegmentKind.TEXT)
        self.word_start = self.word_end = self.text_start = self.text_end = -1

    def _emit(self, start: int, end: int, kind: SegmentKind) -> None:
        original = self.text[start:end]
        self.out.append(Segment(start, end, original, original, kind))


def _term_segment(text: str, piece: _Piece, rendering: Rendering) -> Segment:
    """A matched term's segment: rendered, or left as it was with the reason in its note."""
    original = text[piece.start : piece.end]
    if rendering.text is None:
        return Segment(
            piece.start,
            piece.end,
            original,
            original,
            SegmentKind.UNTRANSLATED,
            rendering.concept_id,
            rendering.note,
        )
    return Segment(
        piece.start,
        piece.end,
        original,
        match_case(original, rendering.text, sentence_start(text, piece.start)),
        SegmentKind.TERM,
        rendering.concept_id,
        rendering.note,
        rendering.alternatives,
    )


def _function_word_at(
    text: str, pieces: list[_Piece], rendered: dict[int, Rendering], index: int, source: str
) -> tuple[str, int] | None:
    """The function word at piece ``index`` rendered by what surrounds it, or None."""
    piece = pieces[index]
    following = _next_term(pieces, rendered, index)
    gap = (
        text[piece.end : pieces[index + 1].end]
        if index + 1 < len(pieces) and pieces[index + 1].kind is SegmentKind.TEXT
        else ""
    )
    after = index + 2 if index + 2 < len(pieces) else None
    next_word = text[pieces[after].start : pieces[after].end] if after is not None else ""
    word = function_word(text[piece.start : piece.end], gap, source, following, next_word)
    if word is not None and source == "en" and _head_after_name(text, pieces, rendered, index):
        return None  # "a UN report": the article is the untranslated noun's, not the name's
    return word


def _render_terms(
    text: str, pieces: list[_Piece], concept: Callable[[str], Concept | None], source: str, target: str
) -> dict[int, Rendering]:
    """Each term rendered, by the index of its piece; a noun with an adjective beside it is
    rendered as the pair, under the first of the two (the other is left out). Terms come
    first: the function words before them depend on them."""
    rendered: dict[int, Rendering] = {}
    for index, piece in enumerate(pieces):
        if piece.kind is SegmentKind.TERM and piece.match is not None:
            hint = source == "it" and _after_plural_article(text, pieces, index)
            rendered[index] = render_term(piece.match, concept, source, target, plural_hint=hint)
    for index in sorted(rendered):
        if index not in rendered:
            continue  # taken in by the pair before it
        pair = _adjective_pair(text, pieces, rendered, index, concept, source, target)
        if pair is None and source == "en" and target == "it":
            pair = _genitive_pair(text, pieces, rendered, index)
        if pair is not None:
            rendered[index] = pair
            later = index + 1  # the pieces the pair takes in follow it: no scan of every term
            while later < len(pieces) and pieces[later].end <= (pair.end or 0):
                rendered.pop(later, None)
                later += 1
    return rendered


def _genitive_pair(
    text: str, pieces: list[_Piece], rendered: dict[int, Rendering], index: int
) -> Rendering | None:
    """An English name before a noun, as a modifier ("ISIS cell") or a possessive ("the
    Islamic State's defectors"), in the Italian order: the noun, then "di" and the name
    ("cellula dell'Isis", "disertori dello Stato islamico")."""
    first = rendered.get(index)
    possessive = (
        index + 4 < len(pieces)
        and text[pieces[index + 1].start : pieces[index + 1].end] in APOSTROPHES
        and text[pieces[index + 2].start : pieces[index + 2].end] == "s"
        and text[pieces[index + 3].start : pieces[index + 3].end] == " "
    )
    second_index = index + 4 if possessive else index + 2
    second = rendered.get(second_index)
    if first is None or second is None or first.term is None or second.term is None:
        return None
    if not possessive and text[pieces[index + 1].start : pieces[index + 1].end] != " ":
        return None
    name, noun = first.source_term, second.source_term
    if name is None or noun is None or first.text is None or second.text is None:
        return None
    is_name = name.pos is PartOfSpeech.PROPER_NOUN or name.type is TermType.ACRONYM
    if not (is_name or possessive) or noun.pos is not PartOfSpeech.NOUN:
        return None
    if first.term.gender is None:
        of = f"di {first.text}"
    else:
        article = fuse("di", italian_article(first.term, first.plural or first.term.number is Number.PLURAL))
        of = f"{article}{first.text}" if article.endswith("'") else f"{article} {first.text}"
    note = f"with {first.concept_id}: the name after the noun, with di"
    end = pieces[second_index].end
    return Rendering(
        f"{second.text} {of}",
        second.term,
        second.plural,
        second.concept_id,
        note,
        noun,
        second.alternatives,
        end,
    )


def _after_plural_article(text: str, pieces: list[_Piece], index: int) -> bool:
    """Whether an Italian term follows a plural article ("i foreign fighter di ritorno")."""
    if index < 2 or pieces[index - 1].kind is not SegmentKind.TEXT:
        return False
    gap, word = pieces[index - 1], pieces[index - 2]
    return fold(text[word.start : word.end]) in PLURAL_ARTICLES and text[gap.start : gap.end].isspace()


def _adjective_pair(
    text: str,
    pieces: list[_Piece],
    rendered: dict[int, Rendering],
    index: int,
    concept: Callable[[str], Concept | None],
    source: str,
    target: str,
) -> Rendering | None:
    """The term at ``index`` and the one after a space, as a noun and its adjective in the
    target's order, or None. Italian puts the adjective after the noun, English before."""
    if index + 2 not in rendered or index not in rendered:
        return None
    gap = pieces[index + 1]
    if gap.kind is not SegmentKind.TEXT or text[gap.start : gap.end] != " ":
        return None
    first, second = rendered[index], rendered[index + 2]
    noun, adjective = (first, second) if source == "it" else (second, first)
    adjective_concept = concept(adjective.concept_id) if adjective.concept_id else None
    if adjective_concept is None or noun.concept_id == adjective.concept_id:
        return None
    return pair_adjective(noun, adjective, adjective_concept, target, pieces[index + 2].end)


def _fused_prepositions(
    text: str, pieces: list[_Piece], rendered: dict[int, Rendering]
) -> dict[int, tuple[str, int]]:
    """English 'of the' + a term of known gender -> one Italian fused form ('dello'), with
    'the' rendered as nothing and absorbing the space after it."""
    out: dict[int, tuple[str, int]] = {}
    for i in range(len(pieces) - 4):
        prep, gap1, the, gap2, term = pieces[i : i + 5]
        words = (fold(text[prep.start : prep.end]), fold(text[the.start : the.end]))
        if (
            words[0] in EN_IT_PREP
            and words[1] == "the"
            and term.kind is SegmentKind.TERM
            and gap1.kind is SegmentKind.TEXT
            and gap2.kind is SegmentKind.TEXT
            and text[gap1.start : gap1.end].isspace()
            and text[gap2.start : gap2.end].isspace()
        ):
            rendering = rendered.get(i + 4)
            if rendering and rendering.term is not None and rendering.term.gender:
                article = italian_article(
                    rendering.term, rendering.plural or rendering.term.number is Number.PLURAL
                )
                fused = fuse(EN_IT_PREP[words[0]], article)
                elided = fused.endswith("'")
                out[i] = (fused, gap1.end - gap1.start if elided else 0)
                out[i + 2] = ("", gap2.end - gap2.start)
    for i in range(len(pieces) - 2):
        prep, gap, term = pieces[i : i + 3]
        word = fold(text[prep.start : prep.end])
        if i in out or word not in EN_IT_PREP or term.kind is not SegmentKind.TERM:
            continue
        rendering = rendered.get(i + 2)
        if (
            gap.kind is SegmentKind.TEXT
            and text[gap.start : gap.end].isspace()
            and _named_with_article(rendering)
        ):
            assert rendering is not None and rendering.term is not None
            fused = fuse(
                EN_IT_PREP[word], italian_article(rendering.term, rendering.term.number is Number.PLURAL)
            )
            out[i] = (fused, gap.end - gap.start if fused.endswith("'") else 0)
    return out


def _named_with_article(rendering: Rendering | None) -> bool:
    """Whether an Italian rendering is a name Italian gives the definite article where
    English gives none: an acronym ("on ISIS" -> "sull'Isis", "to NATO" -> "alla Nato")."""
    term = rendering.term if rendering is not None else None
    return (
        term is not None
        and term.gender is not None
        and term.type is TermType.ACRONYM
        and term.pos is PartOfSpeech.PROPER_NOUN
    )


def _next_term(pieces: list[_Piece], rendered: dict[int, Rendering], index: int) -> Rendering | None:
    """The rendering of the term right after piece ``index`` (only a short gap between), if any."""
    for later in range(index + 1, min(index + 4, len(pieces))):
        piece = pieces[later]
        if piece.kind is SegmentKind.TERM:
            return rendered.get(later)
        if piece.kind is not SegmentKind.TEXT or (piece.end - piece.start) > 3:
            return None
    return None


def _head_after_name(text: str, pieces: list[_Piece], rendered: dict[int, Rendering], index: int) -> bool:
    """Whether the English article at ``index`` stands before a name that modifies a word
    the glossary does not have ("a UN report", "the ISIS leadership")."""
    if fold(text[pieces[index].start : pieces[index].end]) not in ("a", "an", "the"):
        return False
    term_at = index + 2
    if term_at + 2 >= len(pieces) or term_at not in rendered or pieces[term_at].kind is not SegmentKind.TERM:
        return False
    name = rendered[term_at]
    if name.end is not None or name.source_term is None:
        return False
    # An acronym before a noun is mostly its modifier ("a UN report"); a longer name is
    # mostly the subject of a verb ("The Islamic State lost").
    is_name = name.source_term.type is TermType.ACRONYM
    gap, head = pieces[term_at + 1], pieces[term_at + 2]
    word = fold(token_at(text, head.start))  # the word itself, or a run's first word
    return (
        is_name
        and text[gap.start : gap.end] == " "
        and head.kind is SegmentKind.UNTRANSLATED
        and word not in EN_IT_PREP | EN_IT_CONJ
        and not _VERB_LIKE.search(word)
        and word not in _AUXILIARIES
    )


#: Words after a name that are likelier its verb than a noun it modifies ("The EU adopted",
#: "the UN warns"): past forms, -ing forms, and a third person's -s (but not -ss, -us, -is).
_VERB_LIKE = re.compile(r"(ed|ing|[^su]s)$")
_AUXILIARIES = frozenset(
    "is are was were be been has have had will would can could may might must should does did".split()
)
