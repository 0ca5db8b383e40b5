"""Reading TBX into the YAML format: TBX-Basic fully (v3 in DCA and DCT style, and v2),
TBX-Core, TBX-Default and other dialects in part.

The file is streamed (one conceptEntry at a time, cleared once read). Every category that
``tbx.py`` writes maps back to the same field, so that importing an export gives the same
concepts; everything else a term base may hold (transactions, images, context sentences,
languages other than Italian and English, unknown categories) is counted and reported, never
dropped silently. Where TBX leaves out a field the YAML format requires, the import writes
the value that claims least and says so: a term without a status is written as admitted (so
that ``glossary check`` asks for a preferred one), one without a type as full-form.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import DOMAINS, LANGUAGES, Gender, Number, PartOfSpeech, Status, TermType
from .errors import UnreadableInputError
from .imported import Imported, Rejection, Unmapped
from .safexml import ForbiddenText, events, forget, local_name, text_of
from .tbx import (
    CONCEPT_LABEL,
    FORM_SEPARATOR,
    GENDER,
    NAMESPACE,
    STATUS,
    TERM_TYPE,
    read_term_labels,
)
from .tbxconcepts import ReadConcept, Section, documents, join_notes
from .tbxdct import read_as_dca
from .tbxv2 import ROOT as V2_ROOT
from .tbxv2 import read_as_v3

if TYPE_CHECKING:
    from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_TERM_TYPES = {value: key for key, value in TERM_TYPE.items()}
_STATUSES = {value: key for key, value in STATUS.items()}
_POS = {  # by the value folded: term bases write "Verb", "noun", "properNoun"
    "noun": PartOfSpeech.NOUN,
    "propernoun": PartOfSpeech.PROPER_NOUN,
    "adjective": PartOfSpeech.ADJECTIVE,
    "verb": PartOfSpeech.VERB,
    "adverb": PartOfSpeech.ADVERB,
}
_GENDERS = {value: key for key, value in GENDER.items() if key is not Gender.COMMON}
_STATUS_CATEGORIES = ("administrativeStatus", "normativeAuthorization")
#: The term categories read, by their name folded: tools write "language-planningQualifier"
#: (MultiTerm converted) or "PartOfSpeech" for the ISO names.
_TERM_CATEGORIES = {
    name.lower(): name
    for name in (
        "termType",
        "partOfSpeech",
        "grammaticalGender",
        "grammaticalNumber",
        "languagePlanningQualifier",
        *_STATUS_CATEGORIES,
    )
}
#: TBX-Default's languagePlanningQualifier, read where no administrativeStatus is given.
_PLANNING = {
    "recommendedterm": Status.PREFERRED,
    "nonstandardterm": Status.DEPRECATED,
    "proposedterm": Status.ADMITTED,
    "newterm": Status.ADMITTED,
}


class _Reader:
    def __init__(self, path: Path, strict: bool = False) -> None:
        self.path = path
        self.strict = strict
        self.rejected: list[Rejection] = []
        self.namespace = NAMESPACE
        self.version = 3
        self.root_lang = ""
        self.unmapped = Unmapped()
        self.concepts: list[ReadConcept] = []

    # -- the stream ----------------------------------------------------------------------

    def read(self) -> Imported:
        try:
            return self._read()
        except ForbiddenText as exc:
            where = f"{self.path}:{exc.line}" if exc.line else str(self.path)
            raise UnreadableInputError(f"{where}: a text {exc}") from exc

    def _read(self) -> Imported:
        seen_root = False
        # Only these elements raise events; the parser still builds (and _forget frees) the rest.
        tags = (
            "{*}tbx",
            "{*}martif",
            "{*}tbxHeader",
            "{*}martifHeader",
            "{*}conceptEntry",
            "{*}termEntry",
            "{*}back",
        )
        for event, element in events(self.path, tags, doctype_roots=(V2_ROOT,)):
            if not seen_root:
                self.root(element.getroottree().getroot())
                seen_root = True
            if event != "end":
                continue
            namespace, name = local_name(element)
            if namespace != self.namespace:
                continue
            if name == ("conceptEntry" if self.version == 3 else "termEntry"):
                if self.version == 2:
                    read_as_v3(element)
                self.entry(element)
                forget(element)
            elif name == "back":
                self.unmapped.add("back matter (refObjectSec: people, organisations, …)")
                forget(element)
            elif name in ("tbxHeader", "martifHeader"):
                forget(element)
        if not seen_root:
            raise UnreadableInputError(f"{self.path}: not TBX: no <tbx> or <martif> root element")
        return self.finish()

    def entry(self, element: etree._Element) -> None:
        """Read one entry; one that holds a text a glossary cannot take is left out and
        named (``strict``: the whole file is refused, by ``read``)."""
        try:
            self.concepts.append(self.concept(element))
        except ForbiddenText as exc:
            if self.strict:
                raise
            line = f":{exc.line}" if exc.line else ""
            name = element.get("id")
            where = f"{self.path}{line}" + (f": entry '{name}'" if name else "")
            self.rejected.append(Rejection(where, f"a text {exc}"))

    def root(self, element: etree._Element) -> None:
        namespace, name = local_name(element)
        if name == V2_ROOT and not namespace:
            self.version, self.namespace = 2, ""
            self.root_lang = _primary(element.get(XML_LANG, ""))
            return
        if name == V2_ROOT:
            raise UnreadableInputError(
                f"{self.path}: not TBX: the root element <martif> is in the namespace '{namespace}'; TBX v2 has none"
            )
        if name != "tbx":
            raise UnreadableInputError(
                f"{self.path}: not TBX: the root element is <{name}>, not <tbx> (v3) or <martif> (v2)"
            )
        if namespace != NAMESPACE:
            self.unmapped.add(f"root namespace '{namespace}' is not TBX v3's ({NAMESPACE}); read anyway")
        self.namespace = namespace
        self.root_lang = _primary(element.get(XML_LANG, ""))

    def mine(self, element: etree._Element) -> str | None:
        """The local name of a TBX element, or None (and counted) for a foreign one."""
        namespace, name = local_name(element)
        if not name:
            return None
        if namespace != self.namespace:
            self.unmapped.add(f"elements of another namespace ({namespace or 'none'}: DCT style)")
            return None
        return name

    # -- levels --------------------------------------------------------------------------

    def concept(self, element: etree._Element) -> ReadConcept:
        read_as_dca(element, self.namespace)  # DCT style: <basic:definition> as <descrip type=...>
        concept = ReadConcept(element.get("id", ""))
        concept_definition: str | None = None
        for child in element:
            name = self.mine(child)
            kind = child.get("type", "")
            if name is None:
                continue
            if name in ("descrip", "descripGrp"):
                descrip, extras = _group(child, name)
                dtype = descrip.get("type", "") if descrip is not None else ""
                if descrip is not None and dtype == "subjectField" and concept.domain is None:
                    concept.domain = _domain(text_of(descrip))
                elif descrip is not None and dtype in ("definition", "") and concept_definition is None:
                    # untyped: how translate-toolkit writes an entry's definition
                    concept_definition = text_of(descrip) or None
                else:
                    self.unmapped.add(f"descrip {dtype or '?'} on a conceptEntry")
                self.extras(extras, concept, "a conceptEntry descripGrp")
            elif name in ("admin", "adminGrp"):
                self.admin(child, name, concept, "a conceptEntry")
            elif name == "note":
                self.concept_note(text_of(child), concept)
            elif name == "ref" and kind == "crossReference":
                concept.related.append((child.get("target"), text_of(child)))
            elif name == "xref" and kind == "externalCrossReference":
                self.link(child, concept)
            elif name == "langSec":
                self.language(child, concept)
            else:
                self.unmapped.add(_describe(name, kind, "a conceptEntry"))
        self.entry_level(concept, concept_definition)
        return concept

    def entry_level(self, concept: ReadConcept, definition: str | None) -> None:
        """A definition and plain notes on the concept entry go to the section of the file's
        language (TBX v2 files and TBX-Basic's sample put them there); without one, counted."""
        section = concept.sections.get(self.root_lang)
        if definition is not None:
            if section is not None and section.definition is None:
                section.definition = definition
            else:
                self.unmapped.add(
                    "definition on a conceptEntry (no langSec of the file's language to hold it)"
                )
        if concept.notes and section is not None and section.terms:
            section.notes[:0] = concept.notes
        elif concept.notes:
            self.unmapped.add(
                "note on a conceptEntry (no langSec of the file's language to hold it)", len(concept.notes)
            )

    def language(self, element: etree._Element, concept: ReadConcept) -> None:
        code = element.get(XML_LANG, "")
        lang = _primary(code)
        if lang not in LANGUAGES:
            self.unmapped.add(f'langSec xml:lang="{code}" (only it and en are kept)')
            return
        section = concept.sections.setdefault(lang, Section())
        if section.tag is None:
            section.tag = code
        variant = self.region(code, section)
        for child in element:
            name = self.mine(child)
            kind = child.get("type", "")
            if name is None:
                continue
            if name in ("descrip", "descripGrp"):
                descrip, extras = _group(child, name)
                dtype = descrip.get("type", "") if descrip is not None else ""
                if descrip is not None and dtype == "definition" and section.definition is None:
                    section.definition = text_of(descrip) or None
                else:
                    self.unmapped.add(f"descrip {dtype or '?'} on a langSec")
                self.extras(extras, concept, "a langSec descripGrp")
            elif name in ("admin", "adminGrp"):
                self.admin(child, name, concept, "a langSec")
            elif name == "note":
                text = text_of(child)
                if text:
                    section.notes.append(text)
            elif name == "xref" and kind == "externalCrossReference":
                self.link(child, concept)
            elif name == "termSec":
                term = self.term(child, concept)
                if term is not None:
                    section.terms.append(_as_variant(term, code) if variant else term)
            else:
                self.unmapped.add(_describe(name, kind, "a langSec"))

    def region(self, code: str, section: Section) -> bool:
        """Whether a langSec's terms are regional variants: a second region of a language
        already read in this concept (en-US after en-GB). The first region's terms are the
        language's own; the region tag itself is counted as not kept."""
        if "-" in code or "_" in code:
            self.unmapped.add(
                f"region subtags of xml:lang (read as the language: {code} as {_primary(code)})"
            )
        if code.lower() == (section.tag or "").lower():
            return False
        self.unmapped.add(
            "terms of a second region of a language (written as variants, the region in their note)"
        )
        return True

    def term(self, element: etree._Element, concept: ReadConcept) -> dict[str, Any] | None:
        text = ""
        categories: dict[str, str] = {}
        notes: list[str] = []
        for child in element:
            name = self.mine(child)
            kind = child.get("type", "")
            if name is None:
                continue
            if name == "term":
                text = text_of(child)
            elif name in ("termNote", "termNoteGrp"):
                note, extras = _group(child, name)
                if note is not None:
                    written = note.get("type", "")
                    category = _TERM_CATEGORIES.get(written.replace("-", "").lower())
                    if category is None or category in categories:
                        self.unmapped.add(f"termNote {written or '?'}")
                    else:
                        categories[category] = text_of(note)
                self.extras(extras, concept, "a termNoteGrp")
            elif name == "note":
                notes.append(text_of(child))
            elif name in ("descrip", "descripGrp"):
                descrip, _ = _group(child, name)
                dtype = descrip.get("type", "") if descrip is not None else ""
                what = (
                    "context sentences (descrip context, with their sources)"
                    if dtype == "context"
                    else (f"descrip {dtype or '?'} on a termSec")
                )
                self.unmapped.add(what)
            elif name in ("admin", "adminGrp"):
                self.admin(child, name, concept, "a termSec")
            elif name == "ref" and kind == "crossReference":
                concept.related.append((child.get("target"), text_of(child)))
            elif name == "xref" and kind == "externalCrossReference":
                self.link(child, concept)
            else:
                self.unmapped.add(_describe(name, kind, "a termSec"))
        if not text:
            self.unmapped.add("termSec without term text")
            return None
        return self.build_term(text, categories, notes)

    # -- values --------------------------------------------------------------------------

    def build_term(self, text: str, categories: dict[str, str], notes: list[str]) -> dict[str, Any]:
        """A term of the YAML format from a termSec's categories and notes: the labelled notes
        this tool writes say what TBX-Basic cannot, and override the categories; what neither
        says is reported as not mapped."""
        raw_type, raw_pos = categories.get("termType"), categories.get("partOfSpeech")
        raw_gender = categories.get("grammaticalGender")
        labels, plain = read_term_labels(notes)
        term_type: TermType | None = labels.get("type", _TERM_TYPES.get(raw_type or ""))
        pos: PartOfSpeech | None = labels.get("pos")
        if pos is None:
            pos = PartOfSpeech.PHRASE if raw_type == "phrase" else _POS.get((raw_pos or "").strip().lower())
        gender: Gender | None = labels.get("gender", _GENDERS.get(raw_gender or ""))
        status = self.status(categories)
        if raw_gender is not None and gender is None:
            self.unmapped.add(f"grammaticalGender '{raw_gender}'")
        if raw_pos is not None and pos is None:
            self.unmapped.add(f"partOfSpeech '{raw_pos}'")
        if term_type is None:
            self.unmapped.add(
                "termType 'phrase' (written as full-form with pos phrase)"
                if raw_type == "phrase"
                else (
                    f"termType '{raw_type}' (written as full-form)"
                    if raw_type
                    else "terms without termType (written as full-form)"
                )
            )
            term_type = TermType.FULL_FORM
        out: dict[str, Any] = {"text": text, "type": term_type.value, "status": status.value}
        if pos is not None and pos is not PartOfSpeech.NOUN:
            out["pos"] = pos.value
        if gender is not None:
            out["gender"] = gender.value
        number = labels.get("number", self.number(categories.get("grammaticalNumber")))
        if number is not Number.SINGULAR:
            out["number"] = number.value
        plurals = labels.get("plural", [])
        if plurals:
            out["plural"] = plurals[0] if len(plurals) == 1 else plurals
        if labels.get("forms"):
            out["forms"] = labels["forms"]
        if plain:
            out["note"] = join_notes(plain)
        out.update({flag: True for flag in ("homonym", "article") if labels.get(flag)})
        if "common_word" in labels:
            out["common_word"] = labels["common_word"]
        return out

    def number(self, raw: str | None) -> Number:
        """A grammaticalNumber: singular and plural are kept; others (dual, mass noun …)
        are counted and read as singular."""
        value = (raw or "singular").strip().lower()
        if value in ("singular", "plural"):
            return Number(value)
        self.unmapped.add(f"grammaticalNumber '{raw}' (written as singular)")
        return Number.SINGULAR

    def status(self, categories: dict[str, str]) -> Status:
        """A term's status from its administrativeStatus; admitted (reported) when unknown."""
        raw_status = next((categories[c] for c in _STATUS_CATEGORIES if c in categories), None)
        status = _STATUSES.get(raw_status or "")
        planning = categories.get("languagePlanningQualifier")
        if raw_status is None and planning is not None:
            status = _PLANNING.get(planning.strip().lower())
            if status in (Status.ADMITTED, None):  # proposed, new or unknown: no such status here
                self.unmapped.add(f"languagePlanningQualifier '{planning}' (written as admitted)")
            return status or Status.ADMITTED
        if status is None:
            self.unmapped.add(
                f"administrativeStatus '{raw_status}' (written as admitted)"
                if raw_status
                else "terms without administrativeStatus (written as admitted)"
            )
        return status or Status.ADMITTED

    def admin(self, element: etree._Element, name: str, concept: ReadConcept, level: str) -> None:
        admin, extras = _group(element, name)
        kind = admin.get("type", "") if admin is not None else ""
        if admin is not None and kind == "source":
            citation = text_of(admin)
            if citation:
                concept.citations.append(citation)
        else:
            self.unmapped.add(f"admin {kind or '?'} on {level}")
        self.extras(extras, concept, f"an adminGrp on {level}")

    def extras(self, elements: list[etree._Element], concept: ReadConcept, level: str) -> None:
        """The members of a group after its head: sources are kept, the rest is counted."""
        for element in elements:
            name = self.mine(element)
            if name is None:
                continue
            if name == "admin" and element.get("type") == "source":
                citation = text_of(element)
                if citation:
                    concept.citations.append(citation)
            else:
                self.unmapped.add(_describe(name, element.get("type", ""), level))

    def link(self, element: etree._Element, concept: ReadConcept) -> None:
        target = (element.get("target") or "").strip()
        if target.startswith(("https://", "http://")):
            concept.links.append((text_of(element), target))
        else:
            self.unmapped.add("externalCrossReference to a target that is not a web address")

    def concept_note(self, text: str, concept: ReadConcept) -> None:
        match = CONCEPT_LABEL.match(text)
        if match and match.group(1) == "source-id" and concept.source_id is None:
            concept.source_id = match.group(2).strip() or None
            return
        if match and match.group(1) == "provenance":
            article, sep, forms = match.group(2).partition(": ")
            parts = [form for form in forms.split(FORM_SEPARATOR) if form] if sep else []
            if article and parts:
                concept.provenance.append({"article": article, "forms": parts})
                return
        if text:
            concept.notes.append(text)

    def finish(self) -> Imported:
        found = documents(self.concepts, self.unmapped)
        return Imported({"concepts": found}, "tbx", tuple(self.unmapped.lines()), tuple(self.rejected))


def _domain(subject: str) -> str | None:
    """A subject field as a domain: one of the glossary's own in any case ("Person"), else as
    written (``glossary check`` then asks for one of them, W303)."""
    folded = subject.strip().casefold()
    return folded if folded in DOMAINS else (subject or None)


def _as_variant(term: dict[str, Any], code: str) -> dict[str, Any]:
    """A term of a second region (en-US after en-GB) as the YAML format can hold it: a
    variant, never preferred (the first region's term is), its region named in its note."""
    out = dict(term)
    if out["type"] == TermType.FULL_FORM.value:
        out["type"] = TermType.VARIANT.value
    if out["status"] == Status.PREFERRED.value:
        out["status"] = Status.ADMITTED.value
    region = f"Used in {code}."
    out["note"] = f"{region} {out['note']}" if out.get("note") else region
    return out


def _group(element: etree._Element, name: str) -> tuple[etree._Element | None, list[etree._Element]]:
    """The head of a *Grp element (its first child) and the rest; a plain element is its own head."""
    if not name.endswith("Grp"):
        return element, []
    children = [child for child in element if isinstance(child.tag, str)]
    return (children[0], children[1:]) if children else (None, [])


def _describe(name: str, kind: str, level: str) -> str:
    if name == "transacGrp":
        return "transacGrp (transaction dates and responsibility)"
    if name == "xref" and kind == "xGraphic":
        return "xref xGraphic (images)"
    return f"{name}{' ' + kind if kind else ''} on {level}"


def _primary(code: str) -> str:
    return code.split("-")[0].split("_")[0].strip().lower()


def read_tbx(path: Path, *, strict: bool = False) -> Imported:
    """The concepts of a TBX file (v3 or v2), in the YAML format, what could not be mapped,
    and the entries left out for what they hold (``strict``: the file is refused instead)."""
    return _Reader(path, strict).read()
