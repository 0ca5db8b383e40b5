"""Loading glossary files: find them, read them strictly, validate them into the model.

A file either loads completely or is rejected with located problems; nothing is guessed and
nothing is dropped silently. Layers (the packaged data, then the user's paths) are merged by
concept id, and every replacement is recorded so that ``check`` can report it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import NamedTuple, TypeVar

from . import yamlread
from .errors import Code, LoadError, Location, Problem
from .model import (
    LANGUAGES,
    MEMBERS,
    Article,
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
from .sources import layer_files, read_bytes, source_layers
from .text import CONTROL_CHARACTERS
from .yamlread import Map, Node, Scalar, Seq

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: What glossary text may not hold, written out or as an escape ("\e", "\u202e", "\n"): the
#: control characters of ``text.CONTROL_CHARACTERS``; line breaks and tabs, since every text
#: is one line (a note is one item of ``notes``; OmegaT, DeepL and the CSV's multi-valued
#: cells are line-based); and U+FFFE and U+FFFF, which XML, and so TBX, cannot carry at all.
#: What is left, every exchange format writes so that it reads back as itself.
FORBIDDEN_CHARACTERS = re.compile(f"{CONTROL_CHARACTERS.pattern}|[\t\n\u2028\u2029\ufffe\uffff]")
_LINE_BREAKS = frozenset("\t\n\u2028\u2029")

_FILE_KEYS = {"concepts": False, "articles": False}
_CONCEPT_KEYS = {
    "id": True,
    "domain": True,
    "it": False,
    "en": False,
    "related": False,
    "sources": False,
    "provenance": False,
    "source_id": False,
}
_SECTION_KEYS = {"terms": False, "definition": False, "notes": False}
_TERM_KEYS = {
    "text": True,
    "type": True,
    "status": True,
    "pos": False,
    "gender": False,
    "number": False,
    "plural": False,
    "forms": False,
    "note": False,
    "homonym": False,
    "common_word": False,
    "article": False,
}
_SOURCE_KEYS = {"citation": True, "url": False}
_PROVENANCE_KEYS = {"article": True, "forms": True}
_ARTICLE_KEYS = {"title": True, "language": True, "file": False}


class _Shape(NamedTuple):
    """The keys a mapping may hold, as the validator asks about them."""

    allowed: frozenset[str]
    required: tuple[str, ...]  # in the order they are written, for the messages
    #: The required keys as a set, which a mapping's keys are compared with in one step.
    required_set: frozenset[str]

    @classmethod
    def of(cls, keys: dict[str, bool]) -> _Shape:
        required = tuple(key for key, needed in keys.items() if needed)
        return cls(frozenset(keys), required, frozenset(required))


_FILE = _Shape.of(_FILE_KEYS)
_CONCEPT = _Shape.of(_CONCEPT_KEYS)
_SECTION = _Shape.of(_SECTION_KEYS)
_TERM = _Shape.of(_TERM_KEYS)
_SOURCE = _Shape.of(_SOURCE_KEYS)
_PROVENANCE = _Shape.of(_PROVENANCE_KEYS)
_ARTICLE = _Shape.of(_ARTICLE_KEYS)


def forbidden(character: str) -> str:
    """What a text holding ``character`` (one FORBIDDEN_CHARACTERS matched) is told."""
    code_point = f"U+{ord(character):04X}"
    if character in _LINE_BREAKS:
        return f"contains a tab or line break ({code_point}): every glossary text is one line"
    if character in "\ufffe\uffff":
        return f"contains the non-character {code_point}, which no exchange format can carry"
    return f"contains control character {code_point}"


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """What one YAML file holds, once validated."""

    path: str
    layer: int
    concepts: tuple[Concept, ...]
    articles: tuple[Article, ...]


@dataclass(slots=True)
class Glossary:
    """The merged glossary: concepts by id in load order, plus what merging replaced."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    files: list[GlossaryFile] = field(default_factory=list)
    #: (earlier, later) pairs where a later layer redefined an id.
    replaced: list[tuple[Concept, Concept]] = field(default_factory=list)
    #: (first, second) pairs where one layer defines an id twice; the second wins.
    duplicates: list[tuple[Concept, Concept]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, concept_id: str) -> Concept | None:
        return self.concepts.get(concept_id)


# ---------------------------------------------------------------------------------------
# Reading and merging


def load_file(path: Path, layer: int = 0, data: bytes | None = None) -> GlossaryFile:
    """Read and validate one YAML file; a LoadError lists every problem in it.

    ``data``, when given, are the file's bytes already read (the index hashes them first).
    """
    name = str(path)
    if data is None:
        data = read_bytes(path)
    try:
        text = yamlread.decode(data, name)
        root = yamlread.parse(text, name)
    except yamlread.YamlProblem as exc:
        raise LoadError([exc.problem]) from exc
    return _Validator(name, layer).file(root)


def load_files(
    layers: Iterable[Path],
) -> tuple[list[GlossaryFile], list[Problem]]:
    """Every file of every layer: those that loaded, and the problems of those that did not."""
    loaded: list[GlossaryFile] = []
    paths, problems = layer_files(layers)
    for number, path in paths:
        try:
            loaded.append(load_file(path, number))
        except LoadError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def merge(files: Iterable[GlossaryFile]) -> Glossary:
    """Merge files in order: a later layer's id replaces an earlier one, and is recorded."""
    glossary = Glossary()
    layer_of: dict[str, int] = {}
    for loaded in files:
        glossary.files.append(loaded)
        for article in loaded.articles:
            glossary.articles[article.id] = article
        for concept in loaded.concepts:
            earlier = glossary.concepts.get(concept.id)
            if earlier is not None:
                if layer_of[concept.id] == loaded.layer:
                    glossary.duplicates.append((earlier, concept))
                else:
                    glossary.replaced.append((earlier, concept))
                del glossary.concepts[concept.id]
            glossary.concepts[concept.id] = concept
            layer_of[concept.id] = loaded.layer
    return glossary


def load_glossary(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    default: bool = True,
    environ: Mapping[str, str] | None = None,
    configured: Sequence[str | os.PathLike[str]] = (),
) -> Glossary:
    """Load the layered glossary, or raise LoadError with every problem found."""
    files, problems = load_files(
        source_layers(paths, default=default, environ=environ, configured=configured)
    )
    if problems:
        raise LoadError(problems)
    return merge(files)


# ---------------------------------------------------------------------------------------
# Validation of raw nodes


_KIND_NAMES = {Map: "a mapping", Seq: "a list", Scalar: "text"}
_E = TypeVar("_E", bound=Enum)


class _Validator:
    """Turns the raw tree of one file into model records, collecting located problems."""

    def __init__(self, path: str, layer: int) -> None:
        self.path = path
        self.layer = layer
        self.problems: list[Problem] = []
        #: Plain values already found to be text, and that text.
        self.plain_texts: dict[str, str] = {}

    def problem(
        self, code: Code, message: str, node: Node | None = None, pos: tuple[int, int] | None = None
    ) -> None:
        if node is not None:
            pos = (node.line, node.column)
        location = Location(self.path, *pos) if pos else Location(self.path)
        self.problems.append(Problem(code, message, location))

    # -- shapes ------------------------------------------------------------------------

    def mapping(self, node: Node, shape: _Shape, what: str) -> Mapping[str, Node] | None:
        """The node's fields when it is a mapping of the shape's keys (read only)."""
        if not isinstance(node, Map):
            self.problem(Code.WRONG_TYPE, f"{what} must be a mapping, not {self.kind(node)}", node)
            return None
        items = node.items
        present = items.keys()
        if present <= shape.allowed and present >= shape.required_set:
            return items
        ok = True
        for key in items:
            if key not in shape.allowed:
                allowed = ", ".join(sorted(shape.allowed))
                self.problem(
                    Code.UNKNOWN_KEY,
                    f"unknown key '{key}' in {what} (allowed: {allowed})",
                    pos=node.key_positions[key],
                )
                ok = False
        for key in shape.required:
            if key not in items:
                self.problem(Code.MISSING_FIELD, f"{what} is missing required key '{key}'", node)
                ok = False
        return items if ok else None

    def kind(self, node: Node) -> str:
        if isinstance(node, Scalar):
            kind = yamlread.implicit_kind(node)
            return {"text": "text", "null": "an empty value"}.get(kind, f"a {kind}")
        return _KIND_NAMES[type(node)]

    def text(self, node: Node, what: str) -> str | None:
        if isinstance(node, Scalar) and node.plain:
            # What a plain value means does not depend on where it stands, and files repeat
            # the same few values ("full-form", "preferred", "noun") thousands of times.
            known = self.plain_texts.get(node.value)
            if known is not None:
                return known
        if isinstance(node, Scalar) and yamlread.implicit_kind(node) == "text":
            # The line break a block scalar ends with, and spaces or tabs around a value, are
            # not part of it; anything else forbidden is refused wherever it stands.
            if bad := FORBIDDEN_CHARACTERS.search(node.value.strip(" \t\n")):
                hint = " (write a long one as a folded block, '>-')" if bad.group() in _LINE_BREAKS else ""
                self.problem(Code.BAD_VALUE, f"{what} {forbidden(bad.group())}{hint}", node)
                return None
            value = node.value.strip()
            if value:
                if node.plain:
                    self.plain_texts[node.value] = value
                return value
            self.problem(Code.BAD_VALUE, f"{what} is empty", node)
            return None
        hint = " (quote it to make it text)" if isinstance(node, Scalar) and node.value else ""
        self.problem(Code.WRONG_TYPE, f"{what} must be text, not {self.kind(node)}{hint}", node)
        return None

    def texts(self, node: Node, what: str, *, single_ok: bool = False) -> tuple[str, ...] | None:
        if single_ok and isinstance(node, Scalar):
            one = self.text(node, what)
            return (one,) if one is not None else None
        if not isinstance(node, Seq):
            self.problem(Code.WRONG_TYPE, f"{what} must be a list of text, not {self.kind(node)}", node)
            return None
        each = f"each item of {what}"
        out = [self.text(item, each) for item in node.items]
        if any(item is None for item in out):
            return None
        return tuple(item for item in out if item is not None)

    def choice(self, node: Node, enum: type[_E], what: str) -> _E | None:
        if isinstance(node, Scalar) and node.plain:
            # A plain value spelled as a member is text: neither null, boolean, number nor
            # date, with no space to strip and no control character.
            member: _E | None = MEMBERS[enum].get(node.value)
            if member is not None:
                return member
        value = self.text(node, what)
        if value is None:
            return None
        chosen: _E | None = MEMBERS[enum].get(value)
        if chosen is None:
            allowed = ", ".join(member.value for member in enum)
            self.problem(Code.BAD_VALUE, f"{what} '{value}' is not one of: {allowed}", node)
        return chosen

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
            return node.value == "true"
        self.problem(Code.WRONG_TYPE, f"{what} must be true or false", node)
        return None

    def items(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, Seq):
            return node.items
        self.problem(Code.WRONG_TYPE, f"{what} must be a list, not {self.kind(node)}", node)
        return []

    # -- records -----------------------------------------------------------------------

    def file(self, root: Node | None) -> GlossaryFile:
        concepts: list[Concept] = []
        articles: list[Article] = []
        if root is None:
            self.problem(Code.MISSING_FIELD, "empty file: expected a mapping with 'concepts'", pos=(1, 1))
        else:
            fields = self.mapping(root, _FILE, "a glossary file")
            if fields is not None:
                if not fields:
                    self.problem(Code.MISSING_FIELD, "a glossary file needs 'concepts' or 'articles'", root)
                if "articles" in fields:
                    articles = self.articles(fields["articles"])
                if "concepts" in fields:
                    for item in self.items(fields["concepts"], "'concepts'"):
                        concept = self.concept(item)
                        if concept is not None:
                            concepts.append(concept)
        if self.problems:
            raise LoadError(self.problems)
        return GlossaryFile(self.path, self.layer, tuple(concepts), tuple(articles))

    def articles(self, node: Node) -> list[Article]:
        if not isinstance(node, Map):
            self.problem(Code.WRONG_TYPE, f"'articles' must be a mapping of ids, not {self.kind(node)}", node)
            return []
        out = []
        for key, value in node.items.items():
            fields = self.mapping(value, _ARTICLE, f"article '{key}'")
            if fields is None:
                continue
            title = self.text(fields["title"], "'title'")
            language = self.text(fields["language"], "'language'")
            file = self.text(fields["file"], "'file'") if "file" in fields else None
            if language is not None and language not in LANGUAGES:
                self.problem(
                    Code.BAD_VALUE, f"'language' must be one of: {', '.join(LANGUAGES)}", fields["language"]
                )
                continue
            if title and language:
                out.append(Article(key, title, language, file))
        return out

    def concept(self, node: Node) -> Concept | None:
        fields = self.mapping(node, _CONCEPT, "a concept")
        if fields is None:
            return None
        before = len(self.problems)
        concept_id = self.text(fields["id"], "'id'")
        if concept_id is not None and not ID_PATTERN.match(concept_id):
            self.problem(
                Code.BAD_VALUE,
                f"id '{concept_id}' must be a slug: lowercase letters and digits joined by single hyphens",
                fields["id"],
            )
        domain = self.text(fields["domain"], "'domain'")
        sections = {lang: self.section(fields[lang], lang) for lang in LANGUAGES if lang in fields}
        related = self.texts(fields["related"], "'related'") if "related" in fields else ()
        sources = tuple(
            source
            for item in (self.items(fields["sources"], "'sources'") if "sources" in fields else [])
            if (source := self.source(item)) is not None
        )
        provenance = tuple(
            record
            for item in (self.items(fields["provenance"], "'provenance'") if "provenance" in fields else [])
            if (record := self.provenance(item)) is not None
        )
        source_id = self.text(fields["source_id"], "'source_id'") if "source_id" in fields else None
        if len(self.problems) > before or concept_id is None or domain is None:
            return None
        return Concept(
            id=concept_id,
            domain=domain,
            it=sections.get("it"),
            en=sections.get("en"),
            related=related or (),
            sources=sources,
            provenance=provenance,
            source_id=source_id,
            origin=Location(self.path, node.line, node.column),
        )

    def section(self, node: Node, lang: str) -> LanguageSection | None:
        fields = self.mapping(node, _SECTION, f"the '{lang}' section")
        if fields is None:
            return None
        terms = tuple(
            term
            for item in (self.items(fields["terms"], "'terms'") if "terms" in fields else [])
            if (term := self.term(item)) is not None
        )
        definition = self.text(fields["definition"], "'definition'") if "definition" in fields else None
        notes = self.texts(fields["notes"], "'notes'") if "notes" in fields else ()
        return LanguageSection(terms, definition, notes or (), Location(self.path, node.line, node.column))

    def term(self, node: Node) -> Term | None:
        fields = self.mapping(node, _TERM, "a term")
        if fields is None:
            return None
        before = len(self.problems)
        get = fields.get
        text = self.text(fields["text"], "'text'")
        term_type = self.choice(fields["type"], TermType, "'type'")
        status = self.choice(fields["status"], Status, "'status'")
        pos = (
            PartOfSpeech.NOUN if (value := get("pos")) is None else self.choice(value, PartOfSpeech, "'pos'")
        )
        gender = None if (value := get("gender")) is None else self.choice(value, Gender, "'gender'")
        number = (
            Number.SINGULAR if (value := get("number")) is None else self.choice(value, Number, "'number'")
        )
        plurals = () if (value := get("plural")) is None else self.texts(value, "'plural'", single_ok=True)
        forms = () if (value := get("forms")) is None else self.texts(value, "'forms'")
        note = None if (value := get("note")) is None else self.text(value, "'note'")
        homonym = False if (value := get("homonym")) is None else self.boolean(value, "'homonym'")
        article = False if (value := get("article")) is None else self.boolean(value, "'article'")
        common = None if (value := get("common_word")) is None else self.boolean(value, "'common_word'")
        if len(self.problems) > before:
            return None
        # Positional, in the order of the fields: a build makes thousands of terms a file.
        return Term(
            text,  # type: ignore[arg-type]
            term_type,  # type: ignore[arg-type]
            status,  # type: ignore[arg-type]
            pos,  # type: ignore[arg-type]
            gender,
            number,  # type: ignore[arg-type]
            plurals or (),
            forms or (),
            note,
            bool(homonym),
            bool(article),
            common,
            Location(self.path, node.line, node.column),
        )

    def source(self, node: Node) -> Source | None:
        fields = self.mapping(node, _SOURCE, "a source")
        if fields is None:
            return None
        citation = self.text(fields["citation"], "'citation'")
        url = self.text(fields["url"], "'url'") if "url" in fields else None
        if url is not None and not url.startswith(("https://", "http://")):
            self.problem(Code.BAD_VALUE, f"'url' must start with https:// or http://: '{url}'", fields["url"])
            return None
        return Source(citation, url) if citation else None

    def provenance(self, node: Node) -> Provenance | None:
        fields = self.mapping(node, _PROVENANCE, "a provenance record")
        if fields is None:
            return None
        article = self.text(fields["article"], "'article'")
        forms = self.texts(fields["forms"], "'forms'")
        if article is None or forms is None:
            return None
        return Provenance(article, forms)
