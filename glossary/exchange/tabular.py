"""Line-based exports: OmegaT and DeepL glossaries (one direction each) and CSV (all of it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from ..commonwords import prose_words
from ..model import LANGUAGES, Concept, LanguageSection, Number, Term
from ..text import fold
from .common import Export, guard_cell, one_line, without_controls

# DeepL's documented limits ("Manage glossaries", developers.deepl.com/docs/api-reference/
# glossaries): "The maximum size limit for a glossary is 10 MiB = 10485760 bytes and each
# source/target text [...] is limited to 1024 UTF-8 bytes." The OpenAPI spec's error example
# rejects a key that "duplicates key with the index 0", and DeepL's own client libraries
# (deepl-python util.validate_glossary_term) refuse empty terms and terms holding C0 or C1
# control characters or the Unicode line and paragraph separators (U+2028, U+2029); their
# TSV reader trims each term, so leading or trailing whitespace is not part of an entry.
DEEPL_MAX_ENTRY_BYTES = 1024
DEEPL_MAX_GLOSSARY_BYTES = 10 * 1024 * 1024

LANGUAGE_NAMES = {"it": "Italian", "en": "English"}

#: The CSV columns, one row per term; concept and language fields repeat on each row.
CSV_COLUMNS = (
    "id",
    "domain",
    "lang",
    "text",
    "type",
    "status",
    "pos",
    "gender",
    "number",
    "plural",
    "forms",
    "note",
    "homonym",
    "article",
    "common_word",
    "definition",
    "notes",
    "related",
    "sources",
    "provenance",
    "source_id",
)
#: Multi-valued cells hold one item a line; a provenance line lists its forms with this.
FORM_SEPARATOR = " | "


def _deepl_problem(text: str) -> str | None:
    if not text:
        return "empty"
    if any(ord(c) <= 31 or 128 <= ord(c) <= 159 or c in "\u2028\u2029" for c in text):
        return "contains a control character"
    if len(text.encode("utf-8")) > DEEPL_MAX_ENTRY_BYTES:
        return f"longer than DeepL's {DEEPL_MAX_ENTRY_BYTES} UTF-8 bytes"
    return None


#: How a cell is written: guarded against formulas (``guard_cell``), or as it is (``as_is``).
Cell = Callable[[str], str]


def source_pairs(
    concept: Concept, source: str, target: str, prose: frozenset[str] = frozenset()
) -> Iterator[tuple[Term, str] | str]:
    """What a source term of ``concept`` is to become in a glossary an MT engine or a CAT
    tool applies blindly, or why it is left out: never a deprecated source; the target term
    translate would choose (like for like: an acronym for an acronym, a full form for a full
    form; the same part of speech, so that an adjective never becomes a country), in the
    plural for a plural source; never a source that is only common words of its language
    ("IS", which would replace every "is" in a headline in capitals), nor a name that is also
    a common word of it in another sense ("la Base", "NATO" in Italian; ``prose``: the
    source language's ``commonwords.prose_words``)."""
    from ..annotate import stopwords
    from ..commonwords import common_word_of
    from ..rendering import target_term
    from ..text import token_texts

    common = stopwords(source)
    for _, term in concept.terms(source):
        text = term.text.strip()
        if term.status.retired:
            yield f"'{text}' ({concept.id}): {term.status.value}, not a source to replace"
            continue
        if all(fold(word) in common for word in token_texts(text)):
            yield f"'{text}' ({concept.id}): a common word of the language ('{fold(text)}'), not a source to replace"
            continue
        word = common_word_of(concept, source, term, prose)
        if word is not None:
            yield f"'{text}' ({concept.id}): a name that is also the common word '{word}', not a source to replace"
            continue
        chosen, _note = target_term(concept, term, term.text, target)
        if chosen is None:
            yield f"'{text}' ({concept.id}): no {target} {term.pos.value}"
            continue
        translation = chosen.text
        if term.number is Number.PLURAL and chosen.number is not Number.PLURAL and chosen.plurals:
            translation = chosen.plurals[0]
        yield term, translation.strip()


def export_deepl(concepts: Iterable[Concept], source: str, target: str, cell: Cell = guard_cell) -> Export:
    """DeepL glossary entries (TSV, source -> target), with every entry DeepL would refuse left out."""
    candidates: list[tuple[str, str, str]] = []  # (source text, target text, concept id)
    dropped: list[str] = []
    concepts = list(concepts)
    prose = prose_words(concepts)[source]
    for concept in concepts:
        for pair in source_pairs(concept, source, target, prose):
            if isinstance(pair, str):
                dropped.append(pair)
                continue
            term, translation = pair
            text = term.text.strip()
            problem = _deepl_problem(text) or _deepl_problem(translation)
            if problem:
                side = "source" if _deepl_problem(text) else "target"
                dropped.append(f"'{one_line(text)}' ({concept.id}): {side} {problem}")
                continue
            candidates.append((text, translation, concept.id))
    claims: dict[str, list[tuple[str, str]]] = {}
    for text, translation, concept_id in candidates:
        claims.setdefault(text, []).append((translation, concept_id))
    lines: list[str] = []
    size = 0
    written: set[str] = set()
    for text, translation, concept_id in candidates:
        if text in written:
            continue
        targets = claims[text]
        if len({t for t, _ in targets}) > 1:
            if targets[0][1] == concept_id:
                listed = ", ".join(f"{cid} -> '{t}'" for t, cid in targets)
                dropped.append(f"'{text}': ambiguous source ({listed}); DeepL allows one target")
            continue
        if len(targets) > 1 and targets[0][1] == concept_id:
            others = ", ".join(sorted({cid for _, cid in targets[1:]}))
            dropped.append(f"'{text}': duplicate source (also in {others}); written once")
        line = f"{cell(text)}\t{cell(translation)}\n"
        if size + len(line.encode("utf-8")) > DEEPL_MAX_GLOSSARY_BYTES:
            dropped.append(f"'{text}' ({concept_id}): over DeepL's 10 MiB glossary limit")
            continue
        size += len(line.encode("utf-8"))
        lines.append(line)
        written.add(text)
    return Export("".join(lines).encode("utf-8"), len(lines), tuple(dropped))


def _omegat_field(text: str) -> str:
    return without_controls(one_line(text))


def _omegat_comment(concept: Concept, term: Term) -> str:
    comment = f"{concept.id} ({concept.domain}); {term.type.value}, {term.status.value}"
    return comment + (f"; {term.note}" if term.note else "")


def export_omegat(
    concepts: Iterable[Concept], source: str, target: str, *, version: str, cell: Cell = guard_cell
) -> Export:
    """OmegaT's tab-separated glossary: one line per source term, the preferred target, a comment."""
    arrow = f"{LANGUAGE_NAMES[source]} -> {LANGUAGE_NAMES[target]}"
    # OmegaT skips lines that start with '#', and reads the encoding from an Emacs-style
    # magic comment on the first line, whatever the file's extension.
    lines = [f"# Glossary {arrow}, from glossary {version} -*- coding: utf-8 -*-\n"]
    dropped: list[str] = []
    concepts = list(concepts)
    prose = prose_words(concepts)[source]
    for concept in concepts:
        for pair in source_pairs(concept, source, target, prose):
            if isinstance(pair, str):
                dropped.append(pair)
                continue
            term, translation = pair
            text = term.text  # one line, no controls: the loader sees to it
            if not text or text.startswith("#"):
                dropped.append(f"'{text}' ({concept.id}): OmegaT would read the line as a comment")
                continue
            comment = _omegat_field(_omegat_comment(concept, term))
            lines.append(f"{cell(text)}\t{cell(translation)}\t{cell(comment)}\n")
    return Export("".join(lines).encode("utf-8"), len(lines) - 1, tuple(dropped))


def _cell(items: Iterable[str]) -> str:
    # Glossary text is one line (the loader sees to it), so a line break can part the items.
    return "\n".join(items)


def csv_row(concept: Concept, lang: str, section: LanguageSection, term: Term) -> list[str]:
    sources = [s.citation + (f" <{s.url}>" if s.url else "") for s in concept.sources]
    provenance = [f"{p.article}: {FORM_SEPARATOR.join(p.forms)}" for p in concept.provenance]
    values = {
        "id": concept.id,
        "domain": concept.domain,
        "lang": lang,
        "text": term.text,
        "type": term.type.value,
        "status": term.status.value,
        "pos": term.pos.value,
        "gender": term.gender.value if term.gender else "",
        "number": term.number.value,
        "plural": _cell(term.plurals),
        "forms": _cell(term.forms),
        "note": term.note or "",
        "homonym": "true" if term.homonym else "",
        "article": "true" if term.article else "",
        "common_word": "" if term.common_word is None else ("true" if term.common_word else "false"),
        "definition": section.definition or "",
        "notes": _cell(section.notes),
        "related": _cell(concept.related),
        "sources": _cell(sources),
        "provenance": _cell(provenance),
        "source_id": concept.source_id or "",
    }
    return [values[column] for column in CSV_COLUMNS]


def export_csv(concepts: Iterable[Concept], cell: Cell = guard_cell) -> Export:
    """RFC 4180 CSV: a header, then one row per term (CRLF line ends, UTF-8, quotes as needed)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    dropped: list[str] = []
    for concept in concepts:
        written = 0
        for lang in LANGUAGES:
            section = concept.section(lang)
            if section is None:
                continue
            if not section.terms and (section.definition or section.notes):
                dropped.append(
                    f"'{concept.id}': the {lang} definition and notes are left out: no {lang} term"
                )
            for term in section.terms:  # in the file's order, so that an import restores it
                writer.writerow([cell(value) for value in csv_row(concept, lang, section, term)])
                written += 1
        if not written:
            dropped.append(f"'{concept.id}' left out: a CSV row is a term, and it has none")
        rows += written
    return Export(buffer.getvalue().encode("utf-8"), rows, tuple(dropped))
