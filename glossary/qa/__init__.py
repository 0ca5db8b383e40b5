"""Terminology QA of a translation against the glossary, as Xbench and Verifika check it, but
with the glossary's own matcher: "dell’Isis" and "jihadisti" are found as the terms they are.

    document = open_document([Path("job.xlf")])
    report = check_document(document, index.store, index.concept)
    for finding in report.findings:
        print(finding.line(report.path))

Readers (``xmlreaders``: XLIFF 1.2 and 2.0, TMX; ``textreaders``: TSV/CSV, parallel text, one
language), format and language detection (``detect``), the checks (``checks``, over the
matcher's hits from ``terms``), the codes (``codes``) and the findings (``report``).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InputError
from ..forms import FormStore
from ..match import collector_paused
from ..model import Concept
from .checks import Pair, Renderings, check_line, check_pair, consistency
from .codes import QaCode, explain, selector
from .detect import Document, open_document, open_text
from .report import Finding, QaReport, Span
from .terms import Finder, TermBook

__all__ = [
    "Document",
    "Finding",
    "QaCode",
    "QaReport",
    "Span",
    "check_document",
    "check_text",
    "explain",
    "open_document",
    "open_text",
    "selector",
]


def check_document(
    document: Document,
    store: FormStore,
    concept: Callable[[str], Concept | None],
    *,
    select: Callable[[QaCode], bool] | None = None,
) -> QaReport:
    """Every finding of a bilingual document, segment by segment, then the consistency of the
    whole file; ``select``: only the codes it accepts. The document is read to its end before
    anything is returned, so that a file that turns out unreadable reports nothing."""
    wanted = select or (lambda code: True)
    book = TermBook(concept)
    finder = Finder(store, book)
    renderings = Renderings()
    findings: list[Finding] = []
    directions: dict[tuple[str, str | None], None] = {}
    checked = skipped = 0
    with collector_paused():
        for position, (segment, source_lang, target_lang) in enumerate(document.segments):
            if segment.target is None or target_lang is None:
                skipped += 1
                continue
            checked += 1
            directions.setdefault((source_lang, target_lang), None)
            pair = Pair(segment.id, position, segment.source, segment.target, source_lang, target_lang)
            findings += check_pair(pair, finder, book, wanted, renderings)
    if wanted(QaCode.INCONSISTENT_RENDERING):
        findings += consistency(renderings, QaCode.INCONSISTENT_RENDERING)
    return _report(document, directions, checked, skipped, findings)


def check_text(
    document: Document,
    store: FormStore,
    concept: Callable[[str], Concept | None],
    *,
    select: Callable[[QaCode], bool] | None = None,
) -> QaReport:
    """The one-language lint of ``--text``: deprecated terms (Q102) and inconsistent variants
    (Q203), line by line."""
    wanted = select or (lambda code: True)
    book = TermBook(concept)
    finder = Finder(store, book)
    renderings = Renderings()
    findings: list[Finding] = []
    directions: dict[tuple[str, str | None], None] = {}
    checked = 0
    with collector_paused():
        for position, (segment, lang, _) in enumerate(document.segments):
            checked += 1
            directions.setdefault((lang, None), None)
            found = check_line(segment.id, position, segment.source, lang, finder, book, renderings)
            findings += [f for f in found if wanted(f.code)]
    if wanted(QaCode.INCONSISTENT_VARIANTS):
        findings += consistency(renderings, QaCode.INCONSISTENT_VARIANTS)
    return _report(document, directions, checked, 0, findings)


def _report(
    document: Document,
    directions: dict[tuple[str, str | None], None],
    checked: int,
    skipped: int,
    findings: list[Finding],
) -> QaReport:
    if not checked and not skipped:
        raise InputError(f"{document.path}: no segments to check")
    findings.sort(key=lambda f: f.position)  # stable: within a segment, in the order found
    return QaReport(document.path, document.format, tuple(directions), checked, skipped, tuple(findings))
