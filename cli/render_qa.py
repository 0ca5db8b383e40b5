"""The Rich table of ``glossary qa``: a finding a row, the terms it concerns highlighted in
the segment's source and target. Data goes into ``Text`` objects, never into markup, so that
"[bold]" in a segment prints as written; control characters are removed piece by piece, so
that the highlighted spans stay where they are."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cli.render import _console, _t, clean

if TYPE_CHECKING:
    from glossary.qa import QaReport, Span

_STYLES = {"error": "red", "warning": "yellow", "note": "dim"}


def highlighted(text: str, spans: tuple[Span, ...], style: str):  # type: ignore[no-untyped-def]
    """The text with its spans in ``style``, each piece cleaned on its own."""
    from rich.text import Text

    out = Text()
    position = 0
    for span in sorted(spans):
        if span.start < position:
            continue
        out.append(clean(text[position : span.start]))
        out.append(clean(text[span.start : span.end]), style=style)
        position = span.end
    out.append(clean(text[position:]))
    return out


def render_qa(report: QaReport) -> None:
    from rich.table import Table

    console = _console(records=True)
    if report.findings:
        table = Table(header_style="bold", show_lines=True)
        for name in ("segment", "code", "source", "target", "problem"):
            table.add_column(name, overflow="fold")
        for f in report.findings:
            colour = _STYLES[f.severity.value]
            table.add_row(
                _t(f.segment),
                _t(f.code.value, colour),
                highlighted(f.source, f.source_spans, "bold cyan"),
                highlighted(f.target or "", f.target_spans, f"bold {colour}"),
                _t(f.message),
            )
        console.print(table)
    console.print(_t(report.summary(), "bold red" if report.findings else "bold green"))
