"""Records of the on-disk index as bytes, and the rows that file a form: no SQLite here.

A concept is stored as its frozen model packed with ``marshal``; its matcher forms are packed
each on its own, so that one of them can be unpacked without the others; the spellings that
fuzzy suggestions compare are kept apart from both. ``unpack_concept(pack_concept(c), path)``
is ``c``. Anything that does not unpack (a damaged database) raises ``CacheError``.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Sequence
from typing import Any

from ..errors import CacheError, Location
from ..forms import ANY_ROLE, COMPACT, KEY, Case, Form, FormKind, filings
from ..model import (
    MEMBERS,
    Concept,
    Gender,
    LanguageSection,
    Number,
    PartOfSpeech,
    Provenance,
    Source,
    Status,
    Term,
    TermType,
)

_TERM_TYPES = MEMBERS[TermType]
_STATUSES = MEMBERS[Status]
_POS = MEMBERS[PartOfSpeech]
_GENDERS = MEMBERS[Gender]
_NUMBERS = MEMBERS[Number]
_CASES = {m.value: m for m in Case}
_KINDS = {m.value: m for m in FormKind}

_Where = tuple[int, int] | None


def _where(location: Location | None) -> _Where:
    if location is None or location.line is None:
        return None
    return (location.line, location.column or 0)


def _location(path: str, where: _Where) -> Location | None:
    return Location(path, where[0], where[1] or None) if where is not None else None


# Packing reads an enum member's value as ``_value_``, its plain attribute: the ``value``
# property costs several times as much, and a build packs every term of the glossary.


def _pack_term(term: Term) -> tuple[object, ...]:
    return (
        term.text,
        term.type._value_,
        term.status._value_,
        term.pos._value_,
        term.gender._value_ if term.gender is not None else None,
        term.number._value_,
        term.plurals,
        term.forms,
        term.note,
        term.homonym,
        term.article,
        term.common_word,
        _where(term.origin),
    )


def _pack_section(section: LanguageSection | None) -> tuple[object, ...] | None:
    if section is None:
        return None
    return (
        tuple(_pack_term(t) for t in section.terms),
        section.definition,
        section.notes,
        _where(section.origin),
    )


# Every record carries the CRC-32 of its bytes before them, checked as it is read: a byte
# damaged where no write changed the file's times (see ``freshness.seal_broken``) is found
# there, and never served as data.


def _sealed(data: bytes) -> bytes:
    return zlib.crc32(data).to_bytes(4, "little") + data


def _opened(blob: bytes, what: str) -> memoryview:
    """The bytes of a record whose checksum holds; CacheError when it does not."""
    if type(blob) is not bytes or len(blob) < 4:
        raise CacheError(f"damaged {what} record")
    data = memoryview(blob)[4:]
    if zlib.crc32(data) != int.from_bytes(blob[:4], "little"):
        raise CacheError(f"damaged {what} record: its checksum does not match")
    return data


def pack_concept(concept: Concept) -> bytes:
    """A concept as compact bytes; ``unpack_concept`` rebuilds an equal one."""
    record: Any = (
        concept.id,
        concept.domain,
        _pack_section(concept.it),
        _pack_section(concept.en),
        concept.related,
        tuple((s.citation, s.url) for s in concept.sources),
        tuple((p.article, p.forms) for p in concept.provenance),
        concept.source_id,
        _where(concept.origin),
    )
    return _sealed(marshal.dumps(record))


def _unpack_term(data: tuple, path: str) -> Term:  # type: ignore[type-arg]
    text, kind, status, pos, gender, number, plurals, forms, note, homonym, article, common, where = data
    return Term(
        text=text,
        type=_TERM_TYPES[kind],
        status=_STATUSES[status],
        pos=_POS[pos],
        gender=_GENDERS[gender] if gender is not None else None,
        number=_NUMBERS[number],
        plurals=plurals,
        forms=forms,
        note=note,
        homonym=homonym,
        article=article,
        common_word=common,
        origin=_location(path, where),
    )


def _unpack_section(data: tuple | None, path: str) -> LanguageSection | None:  # type: ignore[type-arg]
    if data is None:
        return None
    terms, definition, notes, where = data
    return LanguageSection(
        tuple(_unpack_term(t, path) for t in terms), definition, notes, _location(path, where)
    )


def unpack_concept(data: bytes, path: str) -> Concept:
    """The concept packed by ``pack_concept``; ``path`` is the file it came from."""
    try:
        concept_id, domain, it, en, related, sources, provenance, source_id, where = _loaded(
            data, "concept", tuple
        )
        return Concept(
            id=concept_id,
            domain=domain,
            it=_unpack_section(it, path),
            en=_unpack_section(en, path),
            related=related,
            sources=tuple(Source(c, u) for c, u in sources),
            provenance=tuple(Provenance(a, f) for a, f in provenance),
            source_id=source_id,
            origin=_location(path, where),
        )
    except _DAMAGED as exc:
        raise CacheError(f"damaged concept record: {exc}") from exc


def pack_forms(forms: Sequence[Form]) -> bytes:
    """A concept's forms as compact bytes, each packed on its own so that one of them can be
    unpacked without the others (``unpack_form``)."""
    packed = marshal.dumps(
        tuple(
            marshal.dumps(
                (
                    f.concept_id,
                    f.lang,
                    f.term,
                    f.surface,
                    f.tokens,
                    tuple([c._value_ for c in f.cases]),
                    f.kind._value_,
                    f.plural,
                    f.status_rank,
                    f.stemmable,
                )
            )
            for f in forms
        )
    )
    return _sealed(packed)


#: The cases of a form's tokens, by their packed values: a form has few tokens, and the
#: same few patterns recur.
_CASE_RUNS: dict[tuple[str, ...], tuple[Case, ...]] = {}


def _unpack_form(data: bytes) -> Form:
    cid, lang, term, surface, tokens, cases, kind, plural, rank, stemmable = marshal.loads(data)
    known = _CASE_RUNS.get(cases)
    if known is None:
        known = tuple(_CASES[c] for c in cases)
        if len(_CASE_RUNS) < 4096:
            _CASE_RUNS[cases] = known
    return Form(cid, lang, term, surface, tokens, known, _KINDS[kind], plural, rank, stemmable)


_DAMAGED = (ValueError, EOFError, TypeError, KeyError, IndexError)


def _loaded(data: bytes, what: str, kind: type) -> Any:
    """A sealed record unpacked, of the type expected; CacheError for any damage."""
    try:
        record = marshal.loads(_opened(data, what))
    except _DAMAGED as exc:
        raise CacheError(f"damaged {what} record: {exc}") from exc
    if type(record) is not kind:
        raise CacheError(f"damaged {what} record: not a {kind.__name__}")
    return record


def unpack_forms(data: bytes) -> list[Form]:
    """The forms packed by ``pack_forms``."""
    parts = unpack_parts(data)
    return [unpack_form(parts, index) for index in range(len(parts))]


def unpack_parts(data: bytes) -> tuple[bytes, ...]:
    """The forms packed by ``pack_forms``, each still packed (``unpack_form``)."""
    parts: tuple[bytes, ...] = _loaded(data, "form", tuple)
    return parts


def unpack_form(parts: tuple[bytes, ...], index: int) -> Form:
    """One of the forms of ``unpack_parts``, by its place among them."""
    try:
        return _unpack_form(parts[index])
    except _DAMAGED as exc:
        raise CacheError(f"damaged form record: {exc}") from exc


def pack_spellings(concepts: Sequence[tuple[str, Sequence[Form]]]) -> tuple[bytes, bytes]:
    """A file's spellings, for misses: by language, the keys of all its forms as one text (a
    key a line), which a miss reads for every file; and, apart, the concept id and term of
    each and its concept's place in the file, which it reads only for a file where something
    came close. ``concepts``: each concept's id and forms, in the file's order."""
    keys: dict[str, list[str]] = {}
    entries: dict[str, tuple[list[str], list[str], list[int]]] = {}
    for pos, (name, forms) in enumerate(concepts):
        for form in forms:
            keys.setdefault(form.lang, []).append(" ".join(form.tokens))
            names, terms, places = entries.setdefault(form.lang, ([], [], []))
            names.append(name)
            terms.append(form.term)
            places.append(pos)
    joined = {lang: "\n".join(lang_keys) for lang, lang_keys in keys.items()}
    rows = {lang: (tuple(n), tuple(t), tuple(p)) for lang, (n, t, p) in entries.items()}
    return _sealed(marshal.dumps(joined)), _sealed(marshal.dumps(rows))


def unpack_spelling_keys(data: bytes) -> dict[str, str]:
    """The keys of ``pack_spellings``, by language, a key a line."""
    keys: dict[str, str] = _loaded(data, "spelling", dict)
    return keys


def unpack_spelling_entries(
    data: bytes, lang: str
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
    """The concept ids, terms and concepts' places in the file of ``pack_spellings``, in
    one language, at the keys' places."""
    try:
        names, terms, places = _loaded(data, "spelling", dict)[lang]
    except _DAMAGED as exc:
        raise CacheError(f"damaged spelling record: {exc}") from exc
    return names, terms, places


#: The roles under which a match sorts forms by their first two tokens before reading them.
GROUPED = ANY_ROLE & ~(KEY | COMPACT)

#: A row of the index: the string a form is filed under, the form's place among its
#: concept's forms, the roles the string plays for it, and for the roles a match sorts forms
#: by (first token, stem) the form's first token (None where that is the string) and its
#: second ("" for a form of one token); None and "" for the other roles.
Filing = tuple[str, int, int, str | None, str]


def filed_under(form: Form, place: int = 0) -> list[Filing]:
    """The rows of the index's ``keys`` table for a form (less the concept's row id): where
    ``filings`` files it, with what the roles a match sorts by need."""
    tokens = form.tokens
    first = tokens[0]
    second = tokens[1] if len(tokens) > 1 else ""
    return [
        (k, place, roles, None if k == first else first, second)
        if roles & GROUPED
        else (k, place, roles, None, "")
        for k, roles in filings(form).items()
    ]
