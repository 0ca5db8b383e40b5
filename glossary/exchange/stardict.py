"""StarDict export: the dictionary format that GoldenDict, sdcv, KOReader and many e-readers
read, written with the standard library.

A StarDict dictionary is four files with one base name (StarDict's own documentation, "doc/
StarDictFileFormat" in its sources): ``.ifo`` (a text header), ``.idx`` (the headwords,
sorted, each with the offset and size of its article in ``.dict``), ``.dict`` (the articles)
and ``.syn`` (other words, each pointing at a headword by its place in ``.idx``). Sorting is
StarDict's own: ASCII letters compared without case first, then the bytes as they are.

Each concept is one article under its Italian preferred term (the English one when it has no
Italian). Every other term of both languages, every recorded plural and form, and the
Italian elisions a reader meets ("dell'Isis", "l'hotspot") are synonyms of it, so that a
lookup of any of them finds the entry. Articles are plain UTF-8 text (type ``m``).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..function_words import ELIDED_ONLY
from ..model import LANGUAGES, Concept, Term
from .common import one_line

BOOKNAME = "Glossario jihadismo / Jihadism glossary (it-en)"
BASENAME = "glossary"
#: The files a dictionary folder holds (a folder of these may be replaced with --force).
SUFFIXES = (".ifo", ".idx", ".dict", ".syn", ".dz")
_APOSTROPHES = ("'", "\u2019")


def _order(word: bytes) -> tuple[bytes, bytes]:
    """StarDict's order: g_ascii_strcasecmp, then strcmp, on the UTF-8 bytes."""
    return word.lower(), word


def _headword(concept: Concept) -> str | None:
    for lang in LANGUAGES:
        term = concept.preferred(lang)
        if term is not None:
            return term.text
    return None


def _article(concept: Concept) -> str:
    lines = []
    for lang, label in (("it", "IT"), ("en", "EN")):
        section = concept.section(lang)
        if section is None:
            continue
        terms = "; ".join(_described(term) for term in section.terms)
        lines.append(f"{label}: {terms}")
        if section.definition:
            lines.append(one_line(section.definition))
        lines.extend(f"  - {one_line(note)}" for note in section.notes)
    if concept.sources:
        lines.append("Fonti / Sources: " + "; ".join(one_line(s.citation) for s in concept.sources))
    lines.append(f"[{concept.id}] ({concept.domain})")
    return "\n".join(lines)


def _described(term: Term) -> str:
    details = [term.type.value, term.status.value]
    if term.gender is not None:
        details.append(term.gender.value)
    if term.plurals:
        details.append("pl. " + ", ".join(term.plurals))
    return f"{term.text} ({', '.join(details)})"


def _spellings(concept: Concept) -> Iterator[str]:
    """Every word a reader may look the concept up by."""
    for lang, term in concept.terms():
        for text in (term.text, *term.plurals, *term.forms):
            yield text
            if lang == "it" and text[:1].lower() in "aeiouàèéìòù":
                for word in ELIDED_ONLY:  # the elided articles and prepositions: "dell'Isis"
                    for apostrophe in _APOSTROPHES:
                        yield f"{word}{apostrophe}{text}"


def export_stardict(concepts: Iterable[Concept], *, version: str) -> tuple[dict[str, bytes], int, list[str]]:
    """The files of the dictionary by name, the number of entries, and what was left out."""
    entries: list[tuple[bytes, bytes, list[bytes]]] = []  # headword, article, synonyms
    dropped: list[str] = []
    for concept in concepts:
        head = _headword(concept)
        if head is None:
            dropped.append(f"'{concept.id}' left out: a dictionary entry needs a term")
            continue
        synonyms = sorted({s.encode("utf-8") for s in _spellings(concept)} - {head.encode("utf-8")})
        entries.append((head.encode("utf-8"), _article(concept).encode("utf-8"), synonyms))
    entries.sort(key=lambda entry: _order(entry[0]))
    index, data = bytearray(), bytearray()
    syn_rows: list[tuple[bytes, int]] = []
    for number, (word, article, synonyms) in enumerate(entries):
        index += word + b"\0" + struct.pack(">II", len(data), len(article))
        data += article
        syn_rows.extend((synonym, number) for synonym in synonyms)
    syn_rows.sort(key=lambda row: _order(row[0]))
    syn = b"".join(word + b"\0" + struct.pack(">I", number) for word, number in syn_rows)
    ifo = (
        "StarDict's dict ifo file\n"
        "version=3.0.0\n"
        f"bookname={BOOKNAME}\n"
        f"wordcount={len(entries)}\n"
        f"synwordcount={len(syn_rows)}\n"
        f"idxfilesize={len(index)}\n"
        "sametypesequence=m\n"
        f"description=Italian/English terminology of news on jihadist foreign fighters (glossary {version}).\n"
    )
    files = {
        f"{BASENAME}.ifo": ifo.encode("utf-8"),
        f"{BASENAME}.idx": bytes(index),
        f"{BASENAME}.dict": bytes(data),
        f"{BASENAME}.syn": syn,
    }
    return files, len(entries), dropped


def read_stardict(folder: Path, base: str = BASENAME) -> dict[str, list[str]]:
    """A StarDict dictionary read back: each headword and synonym with its articles (used by
    the tests to check what a reader of the format sees)."""
    index = (folder / f"{base}.idx").read_bytes()
    data = (folder / f"{base}.dict").read_bytes()
    heads: list[tuple[str, str]] = []
    at = 0
    while at < len(index):
        end = index.index(b"\0", at)
        offset, size = struct.unpack(">II", index[end + 1 : end + 9])
        heads.append((index[at:end].decode("utf-8"), data[offset : offset + size].decode("utf-8")))
        at = end + 9
    words: dict[str, list[str]] = {}
    for head, article in heads:
        words.setdefault(head, []).append(article)
    syn_path = folder / f"{base}.syn"
    syn = syn_path.read_bytes() if syn_path.exists() else b""
    at = 0
    while at < len(syn):
        end = syn.index(b"\0", at)
        (number,) = struct.unpack(">I", syn[end + 1 : end + 5])
        words.setdefault(syn[at:end].decode("utf-8"), []).append(heads[number][1])
        at = end + 5
    return words
