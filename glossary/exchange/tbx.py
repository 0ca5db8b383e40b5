"""TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style: what is written and how it maps.
TBX v2 is the same tree under v2's names (``tbxv2.py``); both are written a chunk at a time.

One concept becomes one ``conceptEntry`` whose id is the concept id behind a ``c-`` prefix
(an NCName whatever the slug starts with). The mapping, both ways:

=====================  =====================================================================
glossary               TBX-Basic
=====================  =====================================================================
domain                 ``descrip type="subjectField"`` on the conceptEntry
related                ``ref type="crossReference"`` with ``target`` when the id is exported
definition, sources    ``descripGrp`` in the langSec: the ``definition`` and an
                       ``admin type="source"`` per source (concept level when no definition)
source URL             ``xref type="externalCrossReference"`` on the conceptEntry whose text
                       is the source's citation
notes (language)       ``note`` in the langSec
term type              ``termNote type="termType"`` (transliteration has no value: a note)
status                 ``termNote type="administrativeStatus"`` (``-admn-sts`` values)
part of speech         ``termNote type="partOfSpeech"`` (proper noun and phrase: ``noun`` /
                       ``other`` plus a note)
gender                 ``termNote type="grammaticalGender"`` (common: ``other`` plus a note)
source id              ``note`` on the conceptEntry: ``source-id: IATE-1234567`` (the entry's
                       own ``id`` is the concept id, which the import keeps)
anything else          ``note`` with a label in the YAML key's name: ``plural: …``,
                       ``forms: …``, ``number: plural``, ``homonym: true``, ``provenance: …``
=====================  =====================================================================

A term's own note is written as it is, or behind ``note:`` when it would read as a label,
so that import tells every note apart and an export of an import is byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any

from ..model import LANGUAGES, Concept, Gender, LanguageSection, Number, PartOfSpeech, Status, Term, TermType
from .common import Export, Tally, xml_text
from .tbxv2 import DIALECT, DOCTYPE, V2_NAMES, XCS

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
ID_PREFIX = "c-"
RNG_URL = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
SCH_URL = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"

TERM_TYPE = {
    TermType.FULL_FORM: "fullForm",
    TermType.ACRONYM: "acronym",
    TermType.ABBREVIATION: "abbreviation",
    TermType.SHORT_FORM: "shortForm",
    TermType.VARIANT: "variant",
}
STATUS = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.DEPRECATED: "deprecatedTerm-admn-sts",
    Status.SUPERSEDED: "supersededTerm-admn-sts",
}
PART_OF_SPEECH = {
    PartOfSpeech.NOUN: "noun",
    PartOfSpeech.PROPER_NOUN: "noun",
    PartOfSpeech.ADJECTIVE: "adjective",
    PartOfSpeech.VERB: "verb",
    PartOfSpeech.ADVERB: "adverb",
    PartOfSpeech.PHRASE: "other",
}
GENDER = {Gender.MASCULINE: "masculine", Gender.FEMININE: "feminine", Gender.COMMON: "other"}

#: Labels of the notes that carry what TBX-Basic has no category for, per level.
TERM_LABELS = (
    "pos",
    "type",
    "gender",
    "number",
    "plural",
    "forms",
    "homonym",
    "article",
    "common_word",
    "note",
)
CONCEPT_LABELS = ("provenance", "source-id")
TERM_LABEL = re.compile(r"^(" + "|".join(TERM_LABELS) + r"): (.*)$", re.DOTALL)
CONCEPT_LABEL = re.compile(r"^(" + "|".join(CONCEPT_LABELS) + r"): (.*)$", re.DOTALL)
#: Separates the forms of one provenance record inside its note.
FORM_SEPARATOR = " | "


def entry_id(concept_id: str) -> str:
    return ID_PREFIX + concept_id


class _Writer:
    """Indented XML, escaped by hand so that the bytes depend on nothing but the data.
    ``names`` renames elements on the way out (TBX v2's names for v3's levels)."""

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.lines: list[str] = []
        self.depth = 0
        self.names = names or {}

    def open(self, tag: str, **attributes: str) -> None:
        tag = self.names.get(tag, tag)
        self.lines.append(f"{'  ' * self.depth}<{tag}{_attributes(attributes)}>")
        self.depth += 1

    def close(self, tag: str) -> None:
        tag = self.names.get(tag, tag)
        self.depth -= 1
        self.lines.append(f"{'  ' * self.depth}</{tag}>")

    def take(self) -> bytes:
        """The lines written so far, as UTF-8 with a line end each; the writer keeps none."""
        data = ("\n".join(self.lines) + "\n").encode("utf-8") if self.lines else b""
        self.lines = []
        return data

    def leaf(self, tag: str, text: str, **attributes: str) -> None:
        tag = self.names.get(tag, tag)
        self.lines.append(
            f"{'  ' * self.depth}<{tag}{_attributes(attributes)}>{_escape(xml_text(text))}</{tag}>"
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attributes(attributes: dict[str, str]) -> str:
    out = []
    for name, value in attributes.items():
        name = "xml:lang" if name == "xml_lang" else name
        out.append(f' {name}="{_escape(xml_text(value)).replace(chr(34), "&quot;")}"')
    return "".join(out)


def exportable(concept: Concept) -> bool:
    """TBX needs at least one language section with at least one term."""
    return any(section is not None and section.terms for section in (concept.it, concept.en))


def export_tbx(concepts: Iterable[Concept], *, version: str, tbx_version: int = 3) -> Export:
    """A TBX-Basic document of the concepts, TBX v3 (DCA style) or v2 (``<martif>``, the same
    tree under v2's names); concepts without any term are left out and named."""
    chosen = list(concepts)
    tally = Tally()
    data = b"".join(tbx_chunks(lambda: chosen, tally, version=version, tbx_version=tbx_version))
    return Export(data, tally.count, tuple(tally.dropped))


#: Lines a streamed document gathers before it hands them on as one chunk.
CHUNK_LINES = 4096


def tbx_chunks(
    concepts: Callable[[], Iterable[Concept]], tally: Tally, *, version: str, tbx_version: int = 3
) -> Iterator[bytes]:
    """``export_tbx`` a chunk at a time, in bounded memory whatever the glossary's size:
    ``concepts`` is read twice, first for the ids that cross-references may point to."""
    ids = {concept.id for concept in concepts() if exportable(concept)}
    out = _Writer(V2_NAMES if tbx_version == 2 else None)
    root = _head_v2(out) if tbx_version == 2 else _head_v3(out)
    out.open("fileDesc")
    out.open("titleStmt")
    out.leaf("title", "Italian/English terminology for news on jihadist foreign fighters")
    out.close("titleStmt")
    out.open("sourceDesc")
    out.leaf("p", f"Exported by glossary {version} from its YAML term base.")
    out.close("sourceDesc")
    out.close("fileDesc")
    if tbx_version == 2:
        out.open("encodingDesc")
        out.leaf("p", XCS, type="XCSURI")
        out.close("encodingDesc")
    out.close(root + "Header")
    out.open("text")
    partial: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    if ids:  # the schemas want a body to hold at least one entry
        out.open("body")
        for concept in concepts():
            if not exportable(concept):
                tally.dropped.append(f"'{concept.id}' left out: TBX needs at least one term")
                continue
            _concept(out, concept, ids)
            tally.count += 1
            for lang in LANGUAGES:
                section = concept.section(lang)
                if section is not None and not section.terms and (section.definition or section.notes):
                    partial[lang].append(
                        f"'{concept.id}': the {lang} definition and notes are left out: no {lang} term"
                    )
            if len(out.lines) >= CHUNK_LINES:
                yield out.take()
        out.close("body")
    else:
        tally.dropped.extend(f"'{c.id}' left out: TBX needs at least one term" for c in concepts())
    out.close("text")
    out.close(root)
    tally.dropped.extend(line for lang in LANGUAGES for line in partial[lang])
    yield out.take()


def _head_v3(out: _Writer) -> str:
    """The declaration, schema links and root of a v3 document, its header opened."""
    out.lines.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.lines.append(
        f'<?xml-model href="{RNG_URL}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>'
    )
    out.lines.append(
        f'<?xml-model href="{SCH_URL}" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>'
    )
    out.open("tbx", xmlns=NAMESPACE, type="TBX-Basic", style="dca", xml_lang="en")
    out.open("tbxHeader")
    return "tbx"


def _head_v2(out: _Writer) -> str:
    """The declaration, DOCTYPE and root of a v2 document, its header opened."""
    out.lines.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.lines.append(DOCTYPE)
    out.open("martif", type=DIALECT, xml_lang="en")
    out.open("martifHeader")
    return "martif"


def _concept(out: _Writer, concept: Concept, ids: set[str]) -> None:
    out.open("conceptEntry", id=entry_id(concept.id))
    out.leaf("descrip", concept.domain, type="subjectField")
    has_definition = any(
        section is not None and section.terms and section.definition for section in (concept.it, concept.en)
    )
    if not has_definition:
        for source in concept.sources:
            out.leaf("admin", source.citation, type="source")
    for source in concept.sources:
        if source.url:
            out.leaf("xref", source.citation, type="externalCrossReference", target=source.url)
    for related in concept.related:
        if related in ids:
            out.leaf("ref", related, type="crossReference", target=entry_id(related))
        else:  # an IDREF must point inside the document: name the id without a link
            out.leaf("ref", related, type="crossReference")
    for record in concept.provenance:
        out.leaf("note", f"provenance: {record.article}: {FORM_SEPARATOR.join(record.forms)}")
    if concept.source_id:
        out.leaf("note", f"source-id: {concept.source_id}")
    for lang in LANGUAGES:
        section = concept.section(lang)
        if section is not None and section.terms:
            _language(out, lang, section, concept)
    out.close("conceptEntry")


def _language(out: _Writer, lang: str, section: LanguageSection, concept: Concept) -> None:
    out.open("langSec", xml_lang=lang)
    if section.definition:
        out.open("descripGrp")
        out.leaf("descrip", section.definition, type="definition")
        for source in concept.sources:
            out.leaf("admin", source.citation, type="source")
        out.close("descripGrp")
    for note in section.notes:
        out.leaf("note", note)
    for term in section.terms:
        _term(out, term)
    out.close("langSec")


def _term(out: _Writer, term: Term) -> None:
    out.open("termSec")
    out.leaf("term", term.text)
    if term.type in TERM_TYPE:
        out.leaf("termNote", TERM_TYPE[term.type], type="termType")
    out.leaf("termNote", STATUS[term.status], type="administrativeStatus")
    out.leaf("termNote", PART_OF_SPEECH[term.pos], type="partOfSpeech")
    if term.gender is not None:
        out.leaf("termNote", GENDER[term.gender], type="grammaticalGender")
    for note in term_notes(term):
        out.leaf("note", note)
    out.close("termSec")


def term_notes(term: Term) -> list[str]:
    """The labelled notes of a term, in a fixed order, for what TBX-Basic cannot say."""
    notes: list[str] = []
    if term.note:
        notes.append(f"note: {term.note}" if TERM_LABEL.match(xml_text(term.note)) else term.note)
    if term.pos in (PartOfSpeech.PROPER_NOUN, PartOfSpeech.PHRASE):
        notes.append(f"pos: {term.pos.value}")
    if term.type not in TERM_TYPE:
        notes.append(f"type: {term.type.value}")
    if term.gender is Gender.COMMON:
        notes.append(f"gender: {term.gender.value}")
    if term.number is not Number.SINGULAR:
        notes.append(f"number: {term.number.value}")
    notes.extend(f"plural: {plural}" for plural in term.plurals)
    notes.extend(f"forms: {form}" for form in term.forms)
    if term.homonym:
        notes.append("homonym: true")
    if term.article:
        notes.append("article: true")
    if term.common_word is not None:
        notes.append(f"common_word: {'true' if term.common_word else 'false'}")
    return notes


def read_term_labels(notes: list[str]) -> tuple[dict[str, Any], list[str]]:
    """What a term's labelled notes ("plural: cellule", "number: plural" ...) say, by the YAML
    key they stand for, and the notes that are plain text."""
    labels: dict[str, Any] = {}
    plain: list[str] = []
    choices: dict[str, type[Enum]] = {
        "pos": PartOfSpeech,
        "type": TermType,
        "gender": Gender,
        "number": Number,
    }
    for note in notes:
        match = TERM_LABEL.match(note)
        label, value = match.groups() if match else ("", note)
        if label in choices and value in {m.value for m in choices[label]}:
            labels[label] = choices[label](value)
        elif label in ("plural", "forms") and value:
            labels.setdefault(label, []).append(value)
        elif label in ("homonym", "article") and value == "true":
            labels[label] = True
        elif label == "common_word" and value in ("true", "false"):
            labels[label] = value == "true"
        elif label == "note":
            plain.append(value)
        elif note:
            plain.append(note)
    return labels, plain
