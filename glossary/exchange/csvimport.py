"""Reading our CSV (``glossary export --format csv``, maybe edited in a spreadsheet) back into YAML.

Cells are taken as they are: a value the YAML format does not accept (a misspelt status, say)
is written all the same, and ``glossary check`` on the output then names the entry and the
line, instead of the import guessing what was meant.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import LANGUAGES
from .bilingual import language_columns, read_language_columns, sniff_delimiter
from .common import forbidden_in, read_text_file, unguard_cell
from .errors import UnreadableInputError
from .imported import UNSPECIFIED_DOMAIN, Imported, Rejection, Unmapped
from .tabular import CSV_COLUMNS, FORM_SEPARATOR

REQUIRED = ("id", "lang", "text")
_SOURCE = re.compile(r"^(.*?)\s*<(https?://[^<>\s]+)>$")
_CONCEPT_FIELDS = ("domain", "related", "sources", "provenance", "source_id")
_SECTION_FIELDS = ("definition", "notes")
#: Rows of more than this many bytes are refused (a cell is a term or a definition).
MAX_FIELD_BYTES = 1 << 20


@dataclass(slots=True)
class _Concept:
    first_row: int
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)


#: Columns that hold one item a line.
_MULTI_VALUED = frozenset(("plural", "forms", "notes", "related", "sources", "provenance"))


def _lines(cell: str) -> list[str]:
    """The items of a multi-valued cell: its lines (CRLF or LF; a U+2028 is text, not a break)."""
    return [line.strip() for line in cell.replace("\r\n", "\n").split("\n") if line.strip()]


def _forbidden(cells: dict[str, str], path: Path, line: int) -> Rejection | None:
    """Why a row cannot come in: the first cell holding what a glossary text may not hold."""
    for name, cell in cells.items():
        for item in _lines(cell) if name in _MULTI_VALUED else (cell,):
            problem = forbidden_in(item)
            if problem:
                return Rejection(f"{path}:{line}", f"column '{name}' {problem}")
    return None


def read_csv(path: Path, *, strict: bool = False, delimiter: str | None = None) -> Imported:
    """The concepts of a glossary CSV, grouped by id in the order they first appear; a row
    that holds what a glossary cannot is left out and named (``strict``: the file refused).
    ``delimiter``: the cell separator, detected from the header when not given."""
    text = read_text_file(path)
    csv.field_size_limit(MAX_FIELD_BYTES)
    # Records end at CRLF or LF only: str.splitlines would also end one at U+2028, U+0085 or a
    # form feed inside a quoted cell.
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter or sniff_delimiter(first_line)
    header_cells = next(csv.reader([first_line], delimiter=delimiter), [])
    if delimiter != "," or (
        not set(REQUIRED) <= {c.strip() for c in header_cells} and len(language_columns(header_cells)) >= 2
    ):
        return read_language_columns(path, text, header_cells, delimiter, strict=strict)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    unmapped = Unmapped()
    rejected: list[Rejection] = []
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise UnreadableInputError(
                f"{path}:1: not a glossary CSV: it has no {', '.join(repr(m) for m in missing)} "
                f"{'column' if len(missing) == 1 else 'columns'} (the columns are: {', '.join(CSV_COLUMNS)})"
            )
        for name in header:
            if name not in CSV_COLUMNS:
                unmapped.add(f"column '{name}'")
        concepts: dict[str, _Concept] = {}
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            cells = {
                name: (unguard_cell(row[i].strip()) if i < len(row) else "") for i, name in enumerate(header)
            }
            problem = _forbidden(cells, path, reader.line_num)
            if problem is not None:
                if strict:
                    raise UnreadableInputError(str(problem))
                rejected.append(problem)
                continue
            _row(cells, reader.line_num, concepts, unmapped)
    except csv.Error as exc:
        raise UnreadableInputError(f"{path}:{reader.line_num}: not valid CSV: {exc}") from exc
    documents = [_document(concept_id, concept, unmapped) for concept_id, concept in concepts.items()]
    return Imported({"concepts": documents}, "csv", tuple(unmapped.lines()), tuple(rejected))


def _row(cells: dict[str, str], line: int, concepts: dict[str, _Concept], unmapped: Unmapped) -> None:
    concept_id, lang, text = cells["id"], cells["lang"], cells["text"]
    if not concept_id:
        unmapped.add("rows without an id (left out)")
        return
    if lang not in LANGUAGES:
        unmapped.add(f"rows of language '{lang}' (only it and en are kept)")
        return
    concept = concepts.setdefault(concept_id, _Concept(line))
    for name in _CONCEPT_FIELDS:
        _keep(concept.fields, name, cells.get(name, ""), line, concept_id, unmapped)
    section = concept.sections.setdefault(lang, {"terms": [], "fields": {}})
    for name in _SECTION_FIELDS:
        _keep(section["fields"], name, cells.get(name, ""), line, f"{concept_id} ({lang})", unmapped)
    if not text:
        unmapped.add("rows without term text (left out)")
        return
    section["terms"].append(_term(cells))


def _keep(
    fields: dict[str, tuple[str, int]], name: str, value: str, line: int, owner: str, unmapped: Unmapped
) -> None:
    """The first non-empty value of a repeated field wins; a different later one is reported."""
    if not value:
        return
    if name not in fields:
        fields[name] = (value, line)
    elif fields[name][0] != value:
        unmapped.add(f"line {line}: {name} of '{owner}' differs from line {fields[name][1]} (kept that one)")


def _term(cells: dict[str, str]) -> dict[str, Any]:
    term: dict[str, Any] = {"text": cells["text"]}
    for name in ("type", "status"):
        if cells.get(name):
            term[name] = cells[name]
    if cells.get("pos") and cells["pos"] != "noun":
        term["pos"] = cells["pos"]
    if cells.get("gender"):
        term["gender"] = cells["gender"]
    if cells.get("number") and cells["number"] != "singular":
        term["number"] = cells["number"]
    plurals = _lines(cells.get("plural", ""))
    if plurals:
        term["plural"] = plurals[0] if len(plurals) == 1 else plurals
    forms = _lines(cells.get("forms", ""))
    if forms:
        term["forms"] = forms
    if cells.get("note"):
        term["note"] = cells["note"]
    article = cells.get("article", "")
    if article and article != "false":
        term["article"] = True if article == "true" else article
    common = cells.get("common_word", "")
    if common:  # anything but true or false is written as text, for the check to name
        term["common_word"] = {"true": True, "false": False}.get(common, common)
    homonym = cells.get("homonym", "")
    if homonym and homonym != "false":
        # Anything but true is written as text, so that the check names the cell to fix.
        term["homonym"] = True if homonym == "true" else homonym
    return term


def _document(concept_id: str, concept: _Concept, unmapped: Unmapped) -> dict[str, Any]:
    fields = {name: value for name, (value, _) in concept.fields.items()}
    if "domain" not in fields:
        unmapped.add(f"concepts without a domain (written as '{UNSPECIFIED_DOMAIN}')")
    out: dict[str, Any] = {"id": concept_id, "domain": fields.get("domain", UNSPECIFIED_DOMAIN)}
    for lang in LANGUAGES:
        section = concept.sections.get(lang)
        if section is None:
            continue
        body: dict[str, Any] = {"terms": section["terms"]}
        section_fields = {name: value for name, (value, _) in section["fields"].items()}
        if "definition" in section_fields:
            body["definition"] = section_fields["definition"]
        if "notes" in section_fields:
            body["notes"] = _lines(section_fields["notes"])
        out[lang] = body
    if "related" in fields:
        out["related"] = _lines(fields["related"])
    if "sources" in fields:
        sources = []
        for line in _lines(fields["sources"]):
            match = _SOURCE.match(line)
            sources.append(
                {"citation": match.group(1), "url": match.group(2)}
                if match and match.group(1)
                else {"citation": line}
            )
        out["sources"] = sources
    if "provenance" in fields:
        records = []
        for line in _lines(fields["provenance"]):
            article, _, forms = line.partition(": ")
            records.append(
                {
                    "article": article,
                    "forms": [f.strip() for f in forms.split(FORM_SEPARATOR.strip()) if f.strip()],
                }
            )
        out["provenance"] = records
    if "source_id" in fields:
        out["source_id"] = fields["source_id"]
    return out
