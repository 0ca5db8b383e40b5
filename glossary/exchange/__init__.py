"""Interchange: the glossary out to CAT tools and MT services, their term bases in.

Exports (``export_glossary``): TBX-Basic (TBX v3, DCA), OmegaT and DeepL glossaries (one
direction each), CSV and JSON. Imports (``import_to_yaml``): TBX v3 and our CSV, written as a
YAML glossary file atomically and then checked. The format modules are imported only when a
format is used, so that importing this package costs nothing (lxml included).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..check import CheckReport
from ..errors import InputError
from ..model import LANGUAGES, Article, Concept
from .common import Export, Streamed, Tally
from .errors import ExchangeError, OutputError, OutputExistsError, UnreadableInputError
from .imported import Imported

EXPORT_FORMATS: tuple[str, ...] = ("tbx", "tbx2", "omegat", "deepl", "csv", "json")
IMPORT_FORMATS: tuple[str, ...] = ("tbx", "csv", "omegat", "deepl")
#: What ``--delimiter`` takes, and the character each names.
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}
#: Formats that hold one direction (source -> target) rather than the whole glossary.
DIRECTED_FORMATS: tuple[str, ...] = ("omegat", "deepl")
_SUFFIXES = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".txt": "omegat", ".tab": "omegat", ".tsv": "deepl"}

__all__ = [
    "DIRECTED_FORMATS",
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "PART_CONCEPTS",
    "ExchangeError",
    "Export",
    "ImportOutcome",
    "Imported",
    "OutputError",
    "OutputExistsError",
    "UnreadableInputError",
    "direction",
    "export_glossary",
    "export_stream",
    "import_format",
    "import_to_yaml",
    "read_term_base",
    "schema_path",
]


def schema_path() -> Path:
    """The JSON Schema of the YAML format, shipped in the package."""
    return Path(__file__).resolve().parent.parent / "schema" / "glossary.schema.json"


def direction(fmt: str, source: str | None, target: str | None) -> tuple[str, str]:
    """(source, target) languages for a directed format; Italian to English unless told."""
    if fmt not in DIRECTED_FORMATS:
        if source is not None or target is not None:
            raise InputError(f"--from and --to apply to {' and '.join(DIRECTED_FORMATS)} only, not {fmt}")
        return ("it", "en")
    for value in (source, target):
        if value is not None and value not in LANGUAGES:
            raise InputError(f"unknown language '{value}': use {' or '.join(LANGUAGES)}")
    if source is None and target is None:
        source = "it"
    if source is None:
        source = next(code for code in LANGUAGES if code != target)
    if target is None:
        target = next(code for code in LANGUAGES if code != source)
    if source == target:
        raise InputError(f"--from and --to are both '{source}': give two different languages")
    return (source, target)


def export_glossary(
    fmt: str,
    concepts: Iterable[Concept],
    articles: Mapping[str, Article],
    *,
    source: str | None = None,
    target: str | None = None,
    raw: bool = False,
) -> Export:
    """The glossary in one interchange format; InputError for an unknown format or direction.

    Cells of the tabular formats (CSV, OmegaT, DeepL) that a spreadsheet would run as a
    formula are guarded with a leading apostrophe, unless ``raw``."""
    from .. import __version__

    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format '{fmt}': use one of {', '.join(EXPORT_FORMATS)}")
    from_lang, to_lang = direction(fmt, source, target)
    if fmt in ("tbx", "tbx2"):
        from .tbx import export_tbx

        return export_tbx(concepts, version=__version__, tbx_version=2 if fmt == "tbx2" else 3)
    if fmt == "json":
        from .jsonexport import export_json

        return export_json(concepts, articles)
    from . import tabular
    from .common import as_is, guard_cell

    cell = as_is if raw else guard_cell
    if fmt == "omegat":
        return tabular.export_omegat(concepts, from_lang, to_lang, version=__version__, cell=cell)
    if fmt == "deepl":
        return tabular.export_deepl(concepts, from_lang, to_lang, cell)
    return tabular.export_csv(concepts, cell)


def export_stream(
    fmt: str,
    concepts: Callable[[], Iterable[Concept]],
    articles: Mapping[str, Article],
    *,
    source: str | None = None,
    target: str | None = None,
    raw: bool = False,
) -> Streamed:
    """``export_glossary`` a chunk at a time: TBX (v3 and v2) in bounded memory, reading
    ``concepts()`` twice; the other formats are made whole, then handed on."""
    from .. import __version__

    if fmt in ("tbx", "tbx2"):
        direction(fmt, source, target)  # refuses --from and --to
        from .tbx import tbx_chunks

        tally = Tally()
        chunks = tbx_chunks(concepts, tally, version=__version__, tbx_version=2 if fmt == "tbx2" else 3)
        return Streamed(chunks, tally)
    return Streamed.of(export_glossary(fmt, concepts(), articles, source=source, target=target, raw=raw))


def import_format(path: Path, fmt: str | None) -> str:
    """The import format: as given, or from the file's suffix."""
    if fmt is not None:
        if fmt not in IMPORT_FORMATS:
            raise InputError(f"unknown import format '{fmt}': use one of {', '.join(IMPORT_FORMATS)}")
        return fmt
    guessed = _SUFFIXES.get(path.suffix.lower())
    if guessed is None:
        raise InputError(
            f"cannot tell the format of '{path.name}' from its name: give --format {', '.join(IMPORT_FORMATS)}"
        )
    return guessed


def read_term_base(
    path: Path,
    fmt: str,
    source: str = "it",
    target: str = "en",
    *,
    strict: bool = False,
    delimiter: str | None = None,
) -> Imported:
    """A term base as a glossary document; UnreadableInputError if it cannot be read.
    ``source`` and ``target``: the languages of an OmegaT or DeepL glossary's two sides. A
    row of a CSV, OmegaT or DeepL list that holds what a glossary cannot is left out and
    named in ``rejected``; ``strict``: the whole file is refused instead. ``delimiter``: the
    cell separator of a CSV or DeepL file, where it is not to be detected."""
    if delimiter is not None and fmt not in ("csv", "deepl"):
        raise InputError(f"--delimiter applies to csv and deepl files, not {fmt}")
    if delimiter is not None and delimiter not in DELIMITERS:
        raise InputError(f"unknown --delimiter {delimiter!r}: use ',', ';' or tab")
    delimiter = DELIMITERS.get(delimiter or "")
    if fmt == "tbx":
        from .tbximport import read_tbx

        return read_tbx(path, strict=strict)
    if fmt in ("omegat", "deepl"):
        from .bilingual import read_deepl, read_omegat

        if fmt == "omegat":
            return read_omegat(path, source, target, strict=strict)
        return read_deepl(path, source, target, strict=strict, delimiter=delimiter)
    from .csvimport import read_csv

    return read_csv(path, strict=strict, delimiter=delimiter)


#: Concepts a file holds when an import is written to a folder: small files keep an edit
#: cheap (the index re-reads only the file that changed) and stay far below the size limit.
PART_CONCEPTS = 1000


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    imported: Imported
    #: The file written, or the folder of files.
    output: Path
    #: The check of what was written, on its own.
    report: CheckReport
    #: Ids of the entries that have errors or warnings, in file order.
    needs_work: tuple[str, ...] = ()
    #: How many YAML files were written.
    files: int = 1


def import_to_yaml(
    source: Path,
    output: Path,
    *,
    fmt: str | None = None,
    force: bool = False,
    langs: tuple[str, str] = ("it", "en"),
    strict: bool = False,
    delimiter: str | None = None,
) -> ImportOutcome:
    """Read a term base, write it as a YAML glossary (atomically), and check what was written.

    ``output`` is a .yaml file, or a folder (a name without a suffix), which receives the
    concepts in files of PART_CONCEPTS: what a large term base needs, since one file may not
    exceed the loader's size limit.
    """
    from .. import __version__
    from ..check import check_paths
    from ..sources import MAX_FILE_BYTES, YAML_SUFFIXES
    from .files import refuse_existing, refuse_existing_folder, write_atomic, write_folder_atomic

    chosen = import_format(source, fmt)
    folder = output.suffix == "" or output.is_dir()
    if folder:
        refuse_existing_folder(output, force=force)
    elif output.suffix not in YAML_SUFFIXES:
        raise InputError(f"{output}: give a .yaml file name, or a folder name (no suffix) for several files")
    else:
        refuse_existing(output, force=force)
    imported = read_term_base(source, chosen, *langs, strict=strict, delimiter=delimiter)
    comments = [f"Imported from {source.name} ({chosen}) by glossary {__version__}."]
    texts = _yaml_texts(imported, output, folder, comments)
    for path, text in texts.items():
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            hint = (
                "give a folder as the output to write it in several files"
                if not folder
                else "its concepts are too large"
            )
            raise InputError(
                f"{path}: {size / (1024 * 1024):.1f} MiB of YAML, over the {limit} MiB a glossary file may hold: {hint}"
            )
    if folder:
        write_folder_atomic(output, {p.name: t.encode("utf-8") for p, t in texts.items()}, force=force)
    else:
        write_atomic(output, texts[output].encode("utf-8"), force=force)
    # What was written, alone, with no GLOSSARY_PATH layers: is it a clean glossary?
    report = check_paths([output], default=False, environ={})
    needs_work = _entries_with_problems({str(p): t for p, t in texts.items()}, report)
    return ImportOutcome(imported, output, report, needs_work, len(texts))


def _yaml_texts(imported: Imported, output: Path, folder: bool, comments: list[str]) -> dict[Path, str]:
    """The YAML of an import by the file it goes to: one file, or parts of PART_CONCEPTS."""
    from .yamlwrite import dump

    if not folder:
        return {output: dump(imported.document, schema=modeline_schema(output), comments=comments)}
    texts: dict[Path, str] = {}
    concepts = imported.document.get("concepts", [])
    parts = max(1, -(-len(concepts) // PART_CONCEPTS))
    width = max(4, len(str(parts)))
    for number in range(parts):
        part = dict(imported.document)
        part["concepts"] = concepts[number * PART_CONCEPTS : (number + 1) * PART_CONCEPTS]
        if number:
            part.pop("articles", None)  # named once, in the first file
        path = output / f"{output.name}-{number + 1:0{width}d}.yaml"
        texts[path] = dump(part, schema=modeline_schema(path), comments=comments)
    return texts


def _entries_with_problems(texts: dict[str, str], report: CheckReport) -> tuple[str, ...]:
    """The ids of the concepts in whose lines the check found errors or warnings, in the
    order written; ``texts`` are the written files by path."""
    from bisect import bisect_right

    from ..errors import Severity
    from ..yamlread import Map, Scalar, Seq, YamlProblem, parse

    placed = [
        (p.location.path, p.location.line)
        for p in report.problems
        if p.severity is not Severity.NOTE and p.location is not None and p.location.line is not None
    ]
    # Per file with problems: the line each concept starts on, and its id.
    starts: dict[str, tuple[list[int], list[str]]] = {}
    for path in {path for path, _ in placed} & texts.keys():
        try:
            root = parse(texts[path], path)
        except YamlProblem:  # cannot happen for what yamlwrite writes; the report still says it all
            continue
        lines, ids = starts[path] = ([], [])
        concepts = root.items.get("concepts") if isinstance(root, Map) else None
        if isinstance(concepts, Seq):
            for item in concepts.items:
                if isinstance(item, Map) and isinstance(item.items.get("id"), Scalar):
                    lines.append(item.line)
                    ids.append(item.items["id"].value)  # type: ignore[union-attr]
    found: set[str] = set()
    for path, line in placed:
        lines, ids = starts.get(path, ([], []))
        position = bisect_right(lines, line) - 1
        if position >= 0:
            found.add(ids[position])
    ordered = (concept_id for path in texts if path in starts for concept_id in starts[path][1])
    return tuple(dict.fromkeys(concept_id for concept_id in ordered if concept_id in found))


def modeline_schema(output: Path) -> str:
    """Where the written file's modeline points: relative for a file inside the package
    (it moves with the schema), an absolute file URI anywhere else."""
    schema = schema_path()
    folder = output.resolve().parent
    package = schema.parent.parent
    if folder != package and package not in folder.parents:
        return schema.as_uri()
    return Path(os.path.relpath(schema, folder)).as_posix()
