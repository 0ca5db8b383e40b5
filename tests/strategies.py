"""Hypothesis strategies for glossaries and texts, shared by the property tests and fuzz/.

``glossaries()`` draws a valid glossary file as YAML source together with what the loader
must make of it, written the many ways YAML allows (plain, single- and double-quoted scalars,
flow and block collections, comments) and full of values YAML would misread if they were not
quoted (``yes``, ``null``, ``1984``, ``key: value``, ``#tag``, ``*alias``, ``&anchor`` ...).
``mutated()`` breaks such a file a line at a time. ``any_text()`` is every string Python
can hold, lone surrogates included; ``encodable_text()`` leaves those out, for text that
must pass through a file, an argument or a pipe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from glossary.exchange.yamlwrite import double_quoted
from glossary.loader import FORBIDDEN_CHARACTERS, ID_PATTERN
from glossary.model import DOMAINS, Gender, Number, PartOfSpeech, Status, TermType
from glossary.yamlread import Scalar, implicit_kind

#: How many examples a test runs by default is its own business; a profile that asks for
#: more (``--hypothesis-profile=fuzz``, see fuzz/README.md) raises every test to that.
_DEFAULT_EXAMPLES = 100


def examples(count: int) -> int:
    """``count`` examples, or the loaded profile's number when that is larger than the default."""
    wanted = settings.default.max_examples
    return wanted if wanted > _DEFAULT_EXAMPLES and wanted > count else count


# -- text --------------------------------------------------------------------------------------

#: Values that YAML reads as something other than the text they look like, or that break
#: its syntax when left bare.
# fmt: off
HAZARDS = (
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "",
    "1984", "-12", "+3", "0o17", "017", "0x1F", "0b101", "1e3", "1_000", ".5", ".inf", "-.Inf", ".NaN",
    "12:30:45", "2016-09-01", "2016-09-01T12:00:00Z",
    "key: value", "a #hash", "#hashtag", "trailing:", "- dash", "? question", "[flow]", "{map}",
    "*alias", "&anchor", "!tag", "!!str x", "%YAML 1.2", "@handle", "`tick", "|", ">-", "'", '"', "\\",
    "---", "...", ",", "=", "<<",
    "tab\tinside", "line\nbreak", "two\n\nparagraphs", "carriage\rreturn", "nel\x85line", "sep\u2028line",
    "para\u2029graph", "bell\x07", "nul\x00byte", "del\x7f", "c1\x9b[31m", "bom\ufeffinside", "\ufffd",
    "dell’Isis", "l'ONU", "Al-Qa‘ida", "Ḥizb", "Σύνταγμα", "Δ", "日本", "😀 emoji", "e\u0301", "ǅ",
    "  leading and trailing  ", "ends with space ", " starts with space",
)
# fmt: on

_LETTERS = "abcdefghijklmnopqrstuvwxyzàèéìòù"


def encodable_text(**kwargs: Any) -> st.SearchStrategy[str]:
    """Any Unicode text that can be encoded as UTF-8 (no lone surrogates)."""
    return st.text(alphabet=st.characters(exclude_categories=("Cs",)), **kwargs)


def any_text(**kwargs: Any) -> st.SearchStrategy[str]:
    """Any text Python can hold, lone surrogates included, often with words of the glossary."""
    words = st.sampled_from(
        [
            "Isis",
            "IS",
            "is",
            "Stato islamico",
            "dell’Isis",
            "califfato",
            "califfati",
            "foreign fighters",
            "disertori",
            "cellule terroristiche",
            "the",
            "of the",
            "della",
            "l’",
            "Daesh",
            "\n",
            " ",
            "-",
            "’",
        ]
    )
    pieces = st.lists(st.one_of(st.text(**kwargs), words), max_size=12)
    return st.one_of(st.text(**kwargs), pieces.map("".join))


def values() -> st.SearchStrategy[str]:
    """Text for any text field: non-blank once stripped, as the loader requires."""
    words = st.lists(st.text(alphabet=_LETTERS, min_size=1, max_size=8), min_size=1, max_size=4).map(" ".join)
    mixed = st.lists(
        st.one_of(st.sampled_from(HAZARDS), words, encodable_text(max_size=6)), min_size=1, max_size=3
    )
    drawn = st.one_of(words, st.sampled_from(HAZARDS), mixed.map(" ".join), encodable_text(min_size=1))
    # Control characters are refused in glossary text (E108): leave them out of valid values.
    return drawn.map(lambda value: FORBIDDEN_CHARACTERS.sub("", value)).filter(
        lambda value: bool(value.strip())
    )


# -- YAML source --------------------------------------------------------------------------------

# What YAML 1.1 allows to stand as itself in a stream; the rest must be escaped.
_PRINTABLE = re.compile(r"^[\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]")
_PLAIN = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ’.()/-]*$")


def _foldable(value: str) -> bool:
    """Whether a one-line block scalar holds exactly this value."""
    return (
        bool(value)
        and value == value.strip()
        and bool(_PRINTABLE.match(value))
        and not _LINE_BREAKS.search(value)
        and "\t" not in value
        and "\ufeff" not in value
    )


def _styles(value: str, flow: bool) -> list[str]:
    """The ways this value can be written as a scalar, each read back as exactly ``value``."""
    styles = [double_quoted(value)]
    bare = value == value.strip() and value
    if bare and _PRINTABLE.match(value) and not re.search("[\t\ufeff\r\n\x85\u2028\u2029]", value):
        styles.append("'" + value.replace("'", "''") + "'")
    if (
        bare
        and _PLAIN.match(value)
        and not value.endswith(("-", "."))
        and implicit_kind(Scalar(value, True, 0, 0)) == "text"
        and not (flow and re.search(r"[()/]", value))
    ):
        styles.append(value)
    return styles


@dataclass(frozen=True)
class Drawn:
    """A glossary file as YAML source and what the loader must read in it."""

    source: str
    #: The file's content in serialize's shape: ``{"articles": {...}, "concepts": [...]}``.
    expected: dict[str, Any]


class _Writer:
    """Writes plain data as YAML, choosing a style for each scalar and collection."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.lines: list[str] = []

    def scalar(self, value: str, flow: bool = False) -> str:
        return self.draw(st.sampled_from(_styles(value, flow)))

    def comment(self) -> str:
        return self.draw(st.sampled_from(["", "", "", "  # a comment", " #: value # more"]))

    def flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self.scalar(k, True)}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(item) for item in value) + "]"
        if isinstance(value, bool):
            return "true" if value else "false"
        return self.scalar(value, flow=True)

    def entry(self, indent: int, key: str, value: Any) -> None:
        pad = " " * indent
        head = f"{pad}{self.scalar(key)}:"
        if isinstance(value, (dict, list)) and value and self.draw(st.integers(0, 3)) > 0:
            self.lines.append(head + self.comment())
            # A list under a key may stand at the key's own indentation, as the packaged files do.
            self.block(value, indent + 2 if isinstance(value, dict) else indent)
        elif isinstance(value, str) and _foldable(value) and self.draw(st.booleans()):
            self.lines += [f"{head} >-", f"{pad}  {value}"]  # a folded block scalar
        else:
            self.lines.append(f"{head} {self.flow(value)}{self.comment()}")

    def block(self, value: Any, indent: int) -> None:
        pad = " " * indent
        if isinstance(value, dict):
            for key, item in value.items():
                self.entry(indent, key, item)
            return
        for item in value:
            if isinstance(item, dict) and item:
                inner = _Writer(self.draw)
                inner.block(item, indent + 2)
                first = inner.lines[0]
                self.lines.append(pad + "- " + first[indent + 2 :])
                self.lines.extend(inner.lines[1:])
            else:
                self.lines.append(f"{pad}- {self.flow(item)}")


def _slug() -> st.SearchStrategy[str]:
    return st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 24)


@st.composite
def _term(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what the file says, what the loader reads) for one term."""
    written: dict[str, Any] = {
        "text": draw(values()),
        "type": draw(st.sampled_from([m.value for m in TermType])),
        "status": draw(st.sampled_from([m.value for m in Status])),
    }
    optional: dict[str, st.SearchStrategy[Any]] = {
        "pos": st.sampled_from([m.value for m in PartOfSpeech]),
        "gender": st.sampled_from([m.value for m in Gender]),
        "number": st.sampled_from([m.value for m in Number]),
        "plural": st.one_of(values(), st.lists(values(), max_size=3)),
        "forms": st.lists(values(), max_size=3),
        "note": values(),
        "homonym": st.booleans(),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        written[key] = draw(optional[key])
    plural = written.get("plural", [])
    read: dict[str, Any] = {
        "text": written["text"].strip(),
        "type": written["type"],
        "status": written["status"],
        "pos": written.get("pos", "noun"),
    }
    if "gender" in written:
        read["gender"] = written["gender"]
    read["number"] = written.get("number", "singular")
    plurals = [plural] if isinstance(plural, str) else plural
    if plurals:
        read["plural"] = [p.strip() for p in plurals]
    if written.get("forms"):
        read["forms"] = [f.strip() for f in written["forms"]]
    if "note" in written:
        read["note"] = written["note"].strip()
    if written.get("homonym"):
        read["homonym"] = True
    return written, read


@st.composite
def _section(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    terms = draw(st.lists(_term(), max_size=3))
    written: dict[str, Any] = {"terms": [t[0] for t in terms]}
    read: dict[str, Any] = {"terms": [t[1] for t in terms]}
    if draw(st.booleans()):
        written["definition"] = draw(values())
        read["definition"] = written["definition"].strip()
    if draw(st.booleans()):
        written["notes"] = draw(st.lists(values(), max_size=2))
        if written["notes"]:
            read["notes"] = [n.strip() for n in written["notes"]]
    return written, read


@st.composite
def _concept(draw: st.DrawFn, concept_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    domain = draw(st.one_of(st.sampled_from(DOMAINS), values()))
    written: dict[str, Any] = {"id": concept_id, "domain": domain}
    read: dict[str, Any] = {"id": concept_id, "domain": domain.strip()}
    for lang in ("it", "en"):
        if draw(st.booleans()):
            written[lang], read[lang] = draw(_section())
    if draw(st.booleans()):
        written["related"] = draw(st.lists(values(), max_size=3))
        if written["related"]:
            read["related"] = [r.strip() for r in written["related"]]
    if draw(st.booleans()):
        sources = draw(st.lists(st.tuples(values(), st.one_of(st.none(), values())), max_size=2))
        written["sources"] = [
            {"citation": c, **({"url": "https://example.org/" + u.strip()} if u is not None else {})}
            for c, u in sources
        ]
        if sources:
            read["sources"] = [
                {
                    "citation": c.strip(),
                    **({"url": ("https://example.org/" + u.strip()).strip()} if u else {}),
                }
                for c, u in sources
            ]
    if draw(st.booleans()):
        provenance = draw(
            st.lists(st.tuples(values(), st.lists(values(), min_size=1, max_size=2)), max_size=2)
        )
        written["provenance"] = [{"article": a, "forms": f} for a, f in provenance]
        if provenance:
            read["provenance"] = [
                {"article": a.strip(), "forms": [x.strip() for x in f]} for a, f in provenance
            ]
    # Keys in any order: the loader must not care.
    order = draw(st.permutations(list(written)))
    return {key: written[key] for key in order}, read


@st.composite
def glossaries(draw: st.DrawFn, max_concepts: int = 4) -> Drawn:
    """A valid glossary file: YAML source, and what loading it must give."""
    ids = draw(st.lists(_slug(), min_size=1, max_size=max_concepts, unique=True))
    concepts = [draw(_concept(concept_id)) for concept_id in ids]
    document: dict[str, Any] = {}
    articles_read: dict[str, Any] = {}
    if draw(st.booleans()):
        keys = draw(st.lists(values(), min_size=1, max_size=2, unique_by=lambda k: k))
        document["articles"] = {}
        for key in keys:
            article = {"title": draw(values()), "language": draw(st.sampled_from(["it", "en"]))}
            if draw(st.booleans()):
                article["file"] = draw(values())
            document["articles"][key] = article
            articles_read[key] = {k: v.strip() for k, v in article.items()}
    document["concepts"] = [written for written, _ in concepts]
    if draw(st.booleans()):
        document = dict(reversed(document.items()))
    writer = _Writer(draw)
    writer.lines.append(
        draw(st.sampled_from(["", "# yaml-language-server: $schema=x.json", "---", "%YAML 1.1\n---"]))
    )
    writer.block(document, 0)
    source = "\n".join(writer.lines) + draw(st.sampled_from(["\n", "", "\n\n# the end\n", "\n..."]))
    return Drawn(source, {"articles": articles_read, "concepts": [read for _, read in concepts]})


#: Lines that replace a line of a file to break it.
# fmt: off
_RETYPED = (
    "", "-", "- ", "  - x", "key: value", "  id: [", "  domain: {a: b}", "terms: yes", "    - text: 12",
    "  it: null", "concepts: ~", "  - {text: a, type: acronym}", "\t", "   bad indentation: x", "]", "}", "'",
    '"', "&anchor x", "*alias", "!!python/object:os.system x", "? complex", "%TAG ! x", "--- ", "...",
    "  related: [a, [b]]", "  sources: [{citation: x, url: ftp://x}]", "  id: Not A Slug", "\x00",
    "  homonym: maybe", "  status: favourite",
)
# fmt: on


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid glossary file with some of its lines deleted, duplicated, retyped or swapped."""
    lines = draw(glossaries()).source.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "retype", "swap", "indent", "truncate"]))
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "retype":
            lines[at] = draw(st.one_of(st.sampled_from(_RETYPED), encodable_text(max_size=12)))
        elif action == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif action == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
        else:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
    return "\n".join(lines)
