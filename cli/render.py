"""Every rich rendering of the command line, in one place, imported only when needed.

Data is always wrapped in ``Text`` objects, never interpolated into markup, so that a
definition containing "[bold red]" prints those characters; control characters from data
are removed before they reach the terminal.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING

from glossary.text import CONTROL_CHARACTERS

if TYPE_CHECKING:
    from glossary.annotate import Annotation, Candidate
    from glossary.check import CheckReport
    from glossary.index import Index
    from glossary.listing import DomainCount
    from glossary.lookup import LookupResult
    from glossary.model import Concept
    from glossary.translate import Translation

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
#: Lone surrogates: bytes of a file name that is not UTF-8, which a UTF-8 terminal cannot take.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Text safe for a terminal: escape sequences and control characters removed, and what is
    not text at all shown as U+FFFD."""
    return CONTROL_CHARACTERS.sub("", _SURROGATE.sub("\ufffd", _ANSI.sub("", text)))


#: The width of a table written to a pipe or a file: wide enough that a record is never
#: wrapped or cut, so that grep and friends see one record a line.
_UNBOUNDED = 100_000


def _console(stderr: bool = False, *, records: bool = False):  # type: ignore[no-untyped-def]
    """A console for standard output (or error); ``records``: tables of records, which keep
    one record a line when they do not go to a terminal."""
    from rich.console import Console

    from cli.display import console_options

    console = Console(stderr=stderr, highlight=False, soft_wrap=False, **console_options())  # type: ignore[arg-type]
    if records and not console.is_terminal:
        console.width = _UNBOUNDED
    return console


def _t(text: str, style: str = ""):  # type: ignore[no-untyped-def]
    from rich.text import Text

    return Text(clean(text), style=style)


_RANK_WORDS = {
    "EXACT": "exact match",
    "FOLDED": "same term, ignoring case, accents and apostrophes",
    "RECORDED": "recorded form (plural, inflection or spelling variant)",
    "PEELED": "after removing an article or preposition",
    "STEMMED": "same word stem (inflected form)",
    "NAME_PART": "part of a longer name",
}


def render_lookup(result: LookupResult, index: Index) -> None:
    console = _console()
    if not result.hits:
        err = _console(stderr=True)
        err.print(_t(f"No entry for '{result.query}'.", "bold"))
        if not result.suggestions:
            err.print(_t("No close terms either: try another spelling or 'glossary list --contains'."))
            return
        lines = _console(records=True)  # one suggestion a line, whatever the width
        lines.print(_t("Suggestions (not matches):", "bold yellow"))
        for s in result.suggestions:
            concept = index.concept(s.concept_id)
            other = _other_side(concept, s.lang) if concept else ""
            lines.print(_t(f"  {s.term}  ({s.lang}{other}; entry {s.concept_id}; similarity {s.score:.0f}%)"))
        from glossary.lookup import clear_winner

        winner = clear_winner(result.suggestions)
        top = index.concept(winner.concept_id) if winner is not None else None
        if winner is not None and top is not None:
            console.print()
            console.print(_t(f"No entry for '{result.query}'; closest: {winner.term}", "bold"))
            _print_card(
                console, top, index, f"Closest: '{winner.term}' (similarity {winner.score:.0f}%)", "yellow"
            )
        return

    def cards(console) -> None:  # type: ignore[no-untyped-def]
        for hit in result.hits:
            concept = index.concept(hit.concept_id)
            if concept is not None:
                how = _RANK_WORDS[hit.rank.name]
                _print_card(console, concept, index, f"Matched '{hit.form}' ({hit.lang}): {how}", "green")

    _paged(console, cards)


def _paged(console, draw) -> None:  # type: ignore[no-untyped-def]
    """Draw on the console, through the pager when the display setting and the output's
    height ask for it (never when standard output or input is not a terminal)."""
    from cli.display import may_page, pages

    if not may_page():
        draw(console)
        return
    with console.capture() as capture:
        draw(console)
    text = capture.get()
    if pages(text.count("\n"), console.size.height):
        from rich.text import Text

        os.environ.setdefault("LESS", "-R")  # colours through less, as git does
        with console.pager(styles=True):
            console.print(Text.from_ansi(text), end="")
    else:
        console.file.write(text)


def _other_side(concept: Concept, lang: str) -> str:
    other = "en" if lang == "it" else "it"
    term = concept.preferred(other)
    return f" → {other}: {term.text}" if term else ""


def _term_details(term) -> str:  # type: ignore[no-untyped-def]
    bits = [term.type.value.replace("-", " "), term.status.value]
    if term.pos.value not in ("noun",):
        bits.append(term.pos.value.replace("-", " "))
    if term.gender:
        bits.append(term.gender.value)
    if term.number.value == "plural":
        bits.append("plural only")
    if term.plurals:
        bits.append("pl. " + ", ".join(term.plurals))
    if term.article:
        bits.append("with the article")
    return " · ".join(bits)


#: Narrower than this, an entry prints without its box, which would leave too little room.
MIN_BOX_WIDTH = 60


def _print_card(console, concept: Concept, index: Index, banner: str, colour: str) -> None:  # type: ignore[no-untyped-def]
    """An entry: in a box, its sources under it, one line each, so that no address is ever
    broken by the box's edge; below MIN_BOX_WIDTH columns, without the box."""
    from rich.console import Group
    from rich.panel import Panel

    it, en = concept.preferred("it"), concept.preferred("en")
    title = " · ".join(t.text for t in (it, en) if t) or concept.id
    body = Group(*_card_parts(concept, index, banner, colour))  # type: ignore[arg-type]
    if console.width < MIN_BOX_WIDTH:
        console.print(_t(title, "bold"))
        console.print(body)
        console.print(_t(f"{concept.id} · {concept.domain}", "dim"))
    else:
        subtitle = _t(f"{concept.id} · {concept.domain}")
        console.print(
            Panel(
                body,
                title=_t(title, "bold"),
                subtitle=subtitle,
                title_align="left",
                subtitle_align="right",
                expand=False,
            )
        )
    if concept.sources:
        console.print(_t("Sources", "bold"))
        for number, source in enumerate(concept.sources, 1):
            line = f"{number}. {source.citation}" + (f" — {source.url}" if source.url else "")
            console.print(_t(line), soft_wrap=True)


def _card_parts(concept: Concept, index: Index, banner: str, colour: str) -> list[object]:
    from rich.table import Table
    from rich.text import Text

    parts: list[object] = [_t(banner, f"italic {colour}")]
    for lang in ("it", "en"):
        section = concept.section(lang)
        if section is None:
            continue
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for _, term in concept.terms(lang):
            style = "bold" if term.status.value == "preferred" else ("dim" if term.status.retired else "")
            table.add_row(_t(term.text, style), _t(_term_details(term), "dim"))
            if term.note:
                table.add_row(Text(""), _t(f"note: {term.note}", "dim italic"))
        parts.append(Text(""))
        parts.append(_t({"it": "ITALIANO", "en": "ENGLISH"}[lang], "bold cyan"))
        parts.append(table)
        if section.definition:
            parts.append(_t(section.definition))
        for note in section.notes:
            parts.append(_t(f"• {note}", "italic"))
    if concept.related:
        parts.append(Text(""))
        names = []
        for related in concept.related:
            other = index.concept(related)
            label = (
                " / ".join(t.text for t in (other.preferred("it"), other.preferred("en")) if t)
                if other
                else "?"
            )
            names.append(f"{related} ({label})")
        parts.append(_t("Related: " + "; ".join(names)))
    if concept.provenance:
        parts.append(Text(""))
        parts.append(_t("In the articles", "bold"))
        for record in concept.provenance:
            article = index.articles.get(record.article)
            title = f"{article.title} ({article.language})" if article else record.article
            parts.append(_t(f"{title}: " + ", ".join(record.forms)))
    if concept.source_id:
        parts.append(Text(""))
        parts.append(_t(f"Source id: {concept.source_id} (its id in the term base it came from)", "dim"))
    return parts


def render_list(rows: list[tuple[str, str, str, str]]) -> None:
    from rich.table import Table

    console = _console(records=True)
    if not rows:
        _console(stderr=True).print(_t("No entries match."))
        return
    table = Table(show_lines=False, header_style="bold", box=None)
    for name in ("id", "italiano", "English", "domain"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(_t(cell) for cell in row))
    _paged(console, lambda console: console.print(table))
    if console.is_terminal:
        _console(stderr=True).print(_t(f"{len(rows)} entries", "dim"))


def render_domains(counts: list[DomainCount]) -> None:
    from rich.table import Table

    table = Table(header_style="bold", box=None)
    for name, justify in (
        ("domain", "left"),
        ("italiano", "left"),
        ("English", "left"),
        ("entries", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for c in counts:
        table.add_row(_t(c.domain), _t(c.it or "—"), _t(c.en or "—"), _t(str(c.count)))
    _console(records=True).print(table)


def render_settings(rows: list[tuple[str, object, str]]) -> None:
    from rich.table import Table

    table = Table(header_style="bold", box=None)
    for name in ("setting", "value", "from"):
        table.add_column(name, overflow="fold")
    for name, value, origin in rows:
        shown = (
            ", ".join(value)
            if isinstance(value, list)
            else str(value).lower()
            if isinstance(value, bool)
            else str(value)
        )
        table.add_row(_t(name), _t(shown if value not in (None, []) else "—"), _t(origin, "dim"))
    _console(records=True).print(table)


def _words(run: str) -> list[str]:
    """The words of a run of untranslated text, numbers aside."""
    from glossary.text import token_texts

    return [word for word in token_texts(run) if not word.isdigit()]


_SEGMENT_STYLES = {"term": "bold green", "function": "cyan", "untranslated": "yellow", "text": ""}


def render_translation(result: Translation) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console(records=True)
    line = Text()
    for segment in result.segments:
        line.append_text(_t(segment.target, _SEGMENT_STYLES[segment.kind.value]))
    direction = f"{result.source_lang} → {result.target_lang}" + (" (detected)" if result.detected else "")
    console.print(_t(direction, "dim"))
    console.print(line, soft_wrap=True)  # the terminal wraps it: rich's wrapping is quadratic in length
    terms = [s for s in result.segments if s.kind.value == "term"]
    if terms:
        table = Table(header_style="bold")
        for name in ("source", "target", "entry", "alternatives"):
            table.add_column(name)
        for s in terms:
            table.add_row(
                _t(s.source),
                _t(s.target, "green"),
                _t((s.concept_id or "") + (f" ({s.note})" if s.note else "")),
                _t(" · ".join(s.alternatives[:3]) + (" …" if len(s.alternatives) > 3 else "")),
            )
        console.print(table)
    untranslated = sorted(
        {
            word
            for s in result.segments
            if s.kind.value == "untranslated"
            for word in ((s.source,) if s.concept_id else _words(s.source))
        }
    )
    if untranslated:
        left = _t("Not in the glossary, left as is: " + ", ".join(untranslated), "yellow")
        console.print(left, soft_wrap=True)


def render_check(report: CheckReport, *, checked: str | None = None) -> None:
    """The problems, then a summary: of the whole glossary, or of the file ``checked``."""
    from glossary.errors import Severity

    out = _console()
    for problem in report.problems:
        style = {"error": "red", "warning": "yellow", "note": "dim"}[problem.severity.value]
        out.print(_t(str(problem), style), soft_wrap=True)
    errors, warnings, notes = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.NOTE))
    verdict = "clean" if report.clean else "not clean"
    what = checked if checked is not None else f"{report.concepts} concepts in {report.files} files"
    out.print(
        _t(
            f"{what}: {errors} errors, {warnings} warnings, {notes} notes — {verdict}",
            "bold green" if report.clean else "bold red",
        )
    )


def render_annotation(
    text: str, annotation: Annotation, index: Index, missing: list[Candidate] | None, *, show: bool
) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console(records=True)
    if show:
        body = Text()
        position = 0
        for o in annotation.occurrences:
            if o.start < position:
                continue  # a term inside one already highlighted ("Londra" in "King college di Londra")
            body.append(clean(text[position : o.start]))
            body.append(clean(text[o.start : o.end]), style="bold green")
            position = o.end
        body.append(clean(text[position:]))
        console.print(body, soft_wrap=True)  # the text's own lines; rich's wrapping is quadratic
        console.print()
    summary = annotation.summary()
    if summary:
        table = Table(header_style="bold")
        for name in ("found as", "entry", "count", "first lines"):
            table.add_column(name)
        for row in summary:
            concept = index.concept(row.concept_id)
            names = (
                " / ".join(t.text for t in (concept.preferred("it"), concept.preferred("en")) if t)
                if concept
                else ""
            )
            lines = ", ".join(str(n) for n in row.lines[:5]) + (" …" if len(row.lines) > 5 else "")
            table.add_row(
                _t(", ".join(row.forms)), _t(f"{row.concept_id} ({names})"), _t(str(row.count)), _t(lines)
            )
        console.print(table)
        console.print(_t(f"{len(annotation.occurrences)} terms, {len(summary)} concepts", "dim"))
    else:
        _console(stderr=True).print(_t("No glossary term found."))
    if missing is not None:
        if missing:
            table = Table(title="Not in the glossary (candidates)", header_style="bold")
            for name in ("candidate", "kind", "count", "first line"):
                table.add_column(name)
            for c in missing:
                table.add_row(_t(c.text), _t(c.kind), _t(str(c.count)), _t(str(c.first_line)))
            console.print(table)
        else:
            console.print(_t("No candidate terms missing from the glossary."))


def render_brief(result: LookupResult, index: Index) -> None:
    """One plain line a match, as dictionary tools print: never wrapped, greppable."""
    sys.stdout.write("".join(brief_lines(result, index)))


def brief_lines(result: LookupResult, index: Index) -> list[str]:
    """``Isis (it, acronym) → ISIS · Islamic State · [islamic-state]``, a line a match."""
    from glossary.lookup import equivalents

    lines = []
    for hit in result.hits:
        concept = index.concept(hit.concept_id)
        if concept is None:
            continue
        matched, targets = equivalents(concept, hit.lang, hit.term)
        if hit.rank.name == "NAME_PART":
            kind = ", name part"
        else:
            kind = f", {matched.type.value}" if matched is not None else ""
        rendered = " · ".join([*(t.text for t in targets), f"[{concept.id}]"])
        lines.append(clean(f"{hit.term} ({hit.lang}{kind}) → {rendered}") + "\n")
    return lines
