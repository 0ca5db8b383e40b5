"""Adding an entry to a user glossary file: the draft a user fills in, the entry it makes,
where it goes in the file, and its check.

The file's existing text is kept byte for byte: the entry is inserted as lines after the
last entry of its ``concepts`` list (or replaces the lines of the entry it replaces), and
nothing else is rewritten.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlread
from .commonwords import NAME_DOMAINS
from .errors import Code, InputError, LoadError, Location, Problem, Severity
from .exchange.imported import slug
from .exchange.yamlwrite import dump
from .model import DOMAINS

#: Lines of a draft that start with this are instructions, removed before it is read.
COMMENT = "#"
HEADER = """\
# A new glossary entry. Fill in the values, then save and close the editor.
# Lines starting with '#' are left out; an entry left empty adds nothing.
# Leave 'id' empty to make it from the English preferred term.
# domain: {domains}
# type: full-form, acronym, abbreviation, short-form, variant, transliteration
# status: preferred (one a language), admitted, deprecated, superseded
# pos: noun, proper-noun, adjective, verb, adverb, phrase
# Italian nouns need a gender: masculine, feminine or common. Empty values are left out.
# The standard for definitions and sources is in the README ("Content").
# To be written to: {target}
"""


@dataclass(frozen=True, slots=True)
class Draft:
    """What the user asked for: the entry's values (as YAML would hold them)."""

    entry: dict[str, Any]


def draft_from_options(
    *,
    it: Sequence[str],
    en: Sequence[str],
    domain: str,
    concept_id: str | None,
    def_it: str | None,
    def_en: str | None,
    sources: Sequence[str],
    gender: str | None,
) -> Draft:
    """The entry that ``glossary add``'s options describe: each language's first term
    preferred, the others admitted variants; names (person, place ...) proper nouns. A
    domain may be given by either language's name ("persona")."""
    from .listing import domain_named

    domain = domain_named(domain)
    pos = "proper-noun" if domain in NAME_DOMAINS else "noun"

    def terms(texts: Sequence[str], lang: str) -> list[dict[str, Any]]:
        out = []
        for n, text in enumerate(texts):
            term: dict[str, Any] = {
                "text": text,
                "type": "full-form" if n == 0 else "variant",
                "status": "preferred" if n == 0 else "admitted",
                "pos": pos,
            }
            if lang == "it":
                term["gender"] = gender
            out.append(term)
        blank: dict[str, Any] = {"text": None, "type": "full-form", "status": "preferred", "pos": pos}
        return out or [{**blank, "gender": gender} if lang == "it" else blank]

    entry: dict[str, Any] = {
        "id": concept_id,
        "domain": domain,
        "it": {"terms": terms(it, "it"), "definition": def_it},
        "en": {"terms": terms(en, "en"), "definition": def_en},
        "sources": [_source(text) for text in sources] or [{"citation": None, "url": None}],
    }
    return Draft(entry)


def _source(text: str) -> dict[str, Any]:
    """A source from ``--source``: a URL (its own citation), or "citation | URL"."""
    citation, bar, url = text.rpartition("|")
    if bar and url.strip():
        return {"citation": citation.strip() or url.strip(), "url": url.strip()}
    text = text.strip()
    return {"citation": text, "url": text} if re.match(r"https?://", text) else {"citation": text}


def draft_text(draft: Draft, target: Path, *, template: bool) -> str:
    """The text a user edits: the instructions, then the entry. A template keeps its empty
    values, for the user to fill in; a draft to fix has only what was given."""
    header = HEADER.format(domains=", ".join(DOMAINS), target=target)
    entry = draft.entry if template else _pruned(draft.entry)
    return header + _entry_yaml(entry, blanks=template)


def read_draft(text: str, where: str) -> Draft | None:
    """The entry a draft holds, or None when it holds nothing (the user emptied it);
    InputError, located in the draft, when it is not one entry."""
    kept = "\n".join("" if line.lstrip().startswith(COMMENT) else line for line in text.splitlines())
    if not kept.strip():
        return None
    body = "concepts:\n" + kept + "\n"
    try:
        root = yamlread.parse(body, where)
    except yamlread.YamlProblem as exc:
        problem = exc.problem
        location = problem.location
        line = location.line - 1 if location and location.line else None
        column = location.column if location else None
        raise InputError(f"{Location(where, line, column)}: {problem.message}") from exc
    items = root.items.get("concepts") if isinstance(root, yamlread.Map) else None
    if (
        not isinstance(items, yamlread.Seq)
        or len(items.items) != 1
        or not isinstance(items.items[0], yamlread.Map)
    ):
        raise InputError(f"{where}: write one entry, as a list item that starts with '- id:'")
    plain = yamlread.to_plain(items.items[0])
    assert isinstance(plain, dict)
    return Draft(plain)


def with_id(draft: Draft) -> Draft:
    """The draft with an id: its own, or one made from its English (else Italian) preferred
    term, lower case ASCII words joined by hyphens ("Islamic State" → islamic-state)."""
    entry = dict(draft.entry)
    if isinstance(entry.get("id"), str) and entry["id"].strip():
        return draft
    for lang in ("en", "it"):
        terms = (entry.get(lang) or {}).get("terms") or []
        text = next((t.get("text") for t in terms if isinstance(t, dict) and t.get("text")), None)
        if isinstance(text, str):
            made = slug(text)
            if made:
                entry.pop("id", None)
                return Draft({"id": made, **entry})
    return draft


def entry_lines(draft: Draft, indent: int = 0) -> str:
    """The entry as the YAML lines it adds to a file, at the list's indentation."""
    text = _entry_yaml(_pruned(draft.entry), blanks=False)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


_BLANK = "BLANK-VALUE-TO-FILL-IN"


def _entry_yaml(entry: dict[str, Any], *, blanks: bool) -> str:
    """The entry's YAML lines; with ``blanks``, a value left out (None) is written as a key
    with nothing after it, for the user to fill in."""
    text = dump({"concepts": [_blanked(entry) if blanks else entry]})
    text = text.split("\n", 1)[1]  # the entry alone, without "concepts:"
    return text.replace(f": {_BLANK}\n", ":\n") if blanks else text


def _blanked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _blanked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_blanked(v) for v in value]
    return _BLANK if value is None else value


def _pruned(value: Any) -> Any:
    """The value without what was left empty: null or blank values, empty lists and maps."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        items = [_pruned(v) for v in value]
        return [v for v in items if v not in (None, "", [], {})]
    if isinstance(value, str):
        return value.strip()
    return value


@dataclass(frozen=True, slots=True)
class Placement:
    """The file's new text and where the entry sits in it (1-based lines, inclusive)."""

    text: str
    first: int
    last: int
    replaced: bool


def place(existing: str | None, draft: Draft, where: str, *, replace: bool) -> Placement:
    """The file's text with the entry added after its last entry, or put in the place of
    the entry with its id when ``replace``; every other byte as it was. LoadError for a file
    that cannot be read as a glossary; InputError for an id the file has, without replace."""
    concept_id = draft.entry.get("id")
    existing = existing or ""
    root = _parsed(existing, where)
    items = root.items.get("concepts") if isinstance(root, yamlread.Map) else None
    if root is not None and not isinstance(root, yamlread.Map):
        raise _load_error(where, 1, "the file is not a glossary: its top level is not a mapping")
    if items is None:
        lead = existing if not existing or existing.endswith("\n") else existing + "\n"
        new = lead + "concepts:\n" + entry_lines(draft)
        first = lead.count("\n") + 2
        return Placement(new, first, new.count("\n"), False)
    assert isinstance(root, yamlread.Map)
    empty = isinstance(items, yamlread.Scalar) and not items.value  # "concepts:" and nothing
    if not empty and not (isinstance(items, yamlread.Seq) and items.items):
        raise _load_error(where, items.line, "'concepts' must be a block list to add to ('- id: ...' lines)")
    lines = existing.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    end = _list_end(lines, root, "concepts")
    if not isinstance(items, yamlread.Seq):
        return _spliced(lines, end, end, entry_lines(draft), False)
    indent = items.items[0].column - 1 - 2
    starts = [item.line for item in items.items]
    for n, item in enumerate(items.items):
        if isinstance(item, yamlread.Map) and _scalar(item.items.get("id")) == concept_id:
            if not replace:
                raise InputError(f"{where}:{item.line}: the file has an entry '{concept_id}' already")
            stop = _back_over_comments(lines, starts[n + 1] - 1) if n + 1 < len(starts) else end
            return _spliced(lines, item.line - 1, stop, entry_lines(draft, indent), True)
    return _spliced(lines, end, end, entry_lines(draft, indent), False)


def _spliced(lines: list[str], start: int, stop: int, entry: str, replaced: bool) -> Placement:
    """``lines[start:stop]`` (0-based) replaced by the entry's lines."""
    head = "".join(lines[:start])
    new = head + entry + "".join(lines[stop:])
    first = start + 1
    return Placement(new, first, first + entry.count("\n") - 1, replaced)


def _list_end(lines: list[str], root: yamlread.Map, key: str) -> int:
    """The 0-based line where the list under ``key`` ends: the next top-level key's line
    (less the comments and blank lines just above it), or the end of the file."""
    keys = sorted(line for line, _ in root.key_positions.values())
    own = root.key_positions[key][0]
    after = [line for line in keys if line > own]
    if not after:
        return len(lines)
    return _back_over_comments(lines, after[0] - 1)


def _back_over_comments(lines: list[str], stop: int) -> int:
    while stop > 0 and (not lines[stop - 1].strip() or lines[stop - 1].startswith(COMMENT)):
        stop -= 1
    return stop


def _scalar(node: yamlread.Node | None) -> str | None:
    return node.value if isinstance(node, yamlread.Scalar) else None


def _parsed(text: str, where: str) -> yamlread.Node | None:
    try:
        return yamlread.parse(text, where)
    except yamlread.YamlProblem as exc:
        raise LoadError([exc.problem]) from exc


def _load_error(where: str, line: int | None, message: str) -> LoadError:
    return LoadError([Problem(Code.BAD_VALUE, message, Location(where, line))])


def check_placement(
    placement: Placement,
    target: Path,
    paths: Sequence[str | os.PathLike[str]],
    *,
    default: bool,
    configured: Sequence[str | os.PathLike[str]],
) -> list[Problem]:
    """The errors and warnings of ``glossary check`` that fall in the new entry, with the
    whole glossary loaded as it will be: these layers, with the target file's new text in its
    place (or after them, for a new user glossary, loaded from then on)."""
    from .check import check_paths

    with tempfile.TemporaryDirectory(prefix="glossary-add-") as folder:
        temporary = Path(folder) / (target.name if target.suffix in (".yaml", ".yml") else "entry.yaml")
        temporary.write_text(placement.text, encoding="utf-8")
        given, more = _stand_in(target, temporary, list(paths), list(configured))
        report = check_paths(given, default=default, configured=more)
        name = str(temporary)
        found = [
            p
            for p in report.problems
            if p.severity is not Severity.NOTE
            and p.location is not None
            and p.location.path == name
            and (p.location.line is None or placement.first <= p.location.line <= placement.last)
        ]
        return sorted(found, key=lambda p: (p.location.line or 0) if p.location else 0)


def _stand_in(
    target: Path, temporary: Path, paths: list[Any], configured: list[Any]
) -> tuple[list[Any], list[Any]]:
    """The layers with ``temporary`` in the place of ``target``, or added last."""
    from .sources import same_path

    for layer in (paths, configured):
        for n, path in enumerate(layer):
            if same_path(path, target):
                layer[n] = temporary
                return paths, configured
    return paths, [*configured, temporary]
