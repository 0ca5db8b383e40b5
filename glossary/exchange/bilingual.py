"""Bilingual term lists as other tools write them: OmegaT glossaries (source, target,
comment, tab-separated), DeepL glossaries (TSV, or CSV rows of source, target and maybe their
languages), and spreadsheets whose header names the languages of their columns (``it,en``,
``Italiano;English``, ``en-GB<TAB>it-IT``).

Each row becomes one concept: its source and target terms, the source preferred, nouns by
default, the domain unspecified, an OmegaT comment as a note. What cannot be placed (other
columns, rows with one side empty) is counted in the import's report.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..text import fold
from .common import forbidden_in, read_text_file, unguard_cell
from .errors import UnreadableInputError
from .imported import UNSPECIFIED_DOMAIN, Imported, Rejection, Unmapped, slug

#: Header names of a language column, folded.
LANGUAGE_NAMES = {
    "it": ("it", "it-it", "it_it", "ita", "italian", "italiano"),
    "en": ("en", "en-gb", "en_gb", "en-us", "en_us", "eng", "english", "inglese"),
}


def _language(name: str) -> str | None:
    folded = fold(name.strip())
    return next((lang for lang, names in LANGUAGE_NAMES.items() if folded in names), None)


def language_columns(header: list[str]) -> dict[str, int]:
    """The column of each language a header names ("it", "English" ...), by language."""
    found: dict[str, int] = {}
    for number, name in enumerate(header):
        lang = _language(name)
        if lang is not None and lang not in found:
            found[lang] = number
    return found


class _Builder:
    """Concepts made from rows, with ids unique in the file."""

    def __init__(self, path: Path, source: str, target: str, strict: bool = False) -> None:
        self.path, self.source, self.target, self.strict = path, source, target, strict
        self.rejected: list[Rejection] = []
        self.concepts: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.unmapped = Unmapped()

    def row(self, line: int, texts: dict[str, str], note: str = "") -> None:
        for text in (*texts.values(), note):
            problem = forbidden_in(text)
            if problem:
                if self.strict:
                    raise UnreadableInputError(f"{self.path}:{line}: {problem}")
                self.rejected.append(Rejection(f"{self.path}:{line}", problem))
                return
        if not all(texts.get(lang, "").strip() for lang in (self.source, self.target)):
            self.unmapped.add("rows without a term in both languages (left out)")
            return
        base = slug(texts[self.source]) or f"concept-{len(self.concepts) + 1}"
        concept_id, n = base, 1
        while concept_id in self.ids:
            n += 1
            concept_id = f"{base}-{n}"
        self.ids.add(concept_id)
        concept: dict[str, Any] = {"id": concept_id, "domain": UNSPECIFIED_DOMAIN}
        for lang in (self.source, self.target):
            term = {"text": texts[lang].strip(), "type": "full-form", "status": "preferred"}
            concept[lang] = {"terms": [term]}
        if note.strip():
            concept[self.source]["notes"] = [note.strip()]
        self.concepts.append(concept)

    def imported(self, fmt: str) -> Imported:
        if self.concepts:
            self.unmapped.add(
                f"concepts without a domain (written as '{UNSPECIFIED_DOMAIN}')", len(self.concepts)
            )
        return Imported({"concepts": self.concepts}, fmt, tuple(self.unmapped.lines()), tuple(self.rejected))


def read_omegat(path: Path, source: str, target: str, *, strict: bool = False) -> Imported:
    """An OmegaT glossary: a line an entry, source TAB target [TAB comment]; lines that begin
    with '#' are comments, as OmegaT reads them."""
    built = _Builder(path, source, target, strict)
    for number, line in enumerate(read_text_file(path).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [unguard_cell(cell) for cell in line.split("\t")]
        if len(cells) < 2:
            built.unmapped.add("lines without a tab between source and target (left out)")
            continue
        built.row(number, {source: cells[0], target: cells[1]}, cells[2] if len(cells) > 2 else "")
    return built.imported("omegat")


def read_deepl(
    path: Path, source: str, target: str, *, strict: bool = False, delimiter: str | None = None
) -> Imported:
    """A DeepL glossary: TSV rows of source and target, or CSV rows of source, target and
    maybe their language codes (which, when given, decide the direction of the row). A first
    row that names a language per column (``en<TAB>it``, as AWS custom terminology files
    begin) is a header: the file is read as a column per language."""
    text = read_text_file(path)
    delimiter = delimiter or ("\t" if "\t" in text.split("\n", 1)[0] else ",")
    header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    if len(language_columns(header)) >= 2 and all(_language(cell) for cell in header if cell.strip()):
        return read_language_columns(path, text, header, delimiter, strict=strict)
    built = _Builder(path, source, target, strict)
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [unguard_cell(cell) for cell in cells]
        if len(cells) < 2:
            built.unmapped.add("rows without a target (left out)")
            continue
        langs = [_language(code) for code in cells[2:4]] if len(cells) >= 4 else []
        if len(langs) == 2 and langs[0] and langs[1] and langs[0] != langs[1]:
            built.row(number, {langs[0]: cells[0], langs[1]: cells[1]})
        else:
            built.row(number, {source: cells[0], target: cells[1]})
    return built.imported("deepl")


def read_language_columns(
    path: Path, text: str, header: list[str], delimiter: str, *, strict: bool = False
) -> Imported:
    """A spreadsheet whose header names the languages of its columns: a row a concept, the
    first language column's term preferred as the source."""
    columns = language_columns(header)
    if len(columns) < 2:
        raise UnreadableInputError(f"{path}:1: not a glossary CSV, nor a column per language (it, en)")
    source, target = sorted(columns, key=lambda lang: columns[lang])
    built = _Builder(path, source, target, strict)
    for name in header:
        if _language(name) is None and name.strip():
            built.unmapped.add(f"column '{name.strip()}'")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        texts = {lang: unguard_cell(cells[i]) if i < len(cells) else "" for lang, i in columns.items()}
        built.row(reader.line_num, texts)
    return built.imported("csv")


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a header line: the one of comma, semicolon and tab it holds most."""
    return max((",", ";", "\t"), key=first_line.count)
