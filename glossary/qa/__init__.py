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

import itertools
from collections.abc import Callable, Iterator

from ..errors import InputError
from ..forms import FormStore
from ..match import collector_paused
from ..model import Concept
from .checks import (
    Context,
    Found,
    Pair,
    Renderings,
    check_line,
    check_pair,
    consistency,
    left_out,
    source_terms,
)
from .codes import QaCode, explain, selector
from .detect import Document, open_document, open_text
from .report import Finding, QaReport, Span
from .segments import Segment
from .terms import Finder, Hit, TermBook

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
    context = Context(Finder(store, book), book, wanted, Renderings())
    findings: list[Finding] = []
    directions: dict[tuple[str, str | None], None] = {}
    checked = skipped = 0
    with collector_paused():
        for batch in _batches(document):
            pairs = []
            for position, segment, source_lang, target_lang in batch:
                if not (segment.target and segment.target.strip()) or target_lang is None:
                    skipped += 1
                    continue
                directions.setdefault((source_lang, target_lang), None)
                pairs.append(
                    Pair(segment.id, position, segment.source, segment.target, source_lang, target_lang)
                )
            checked += len(pairs)
            for pair, found in zip(pairs, _pairs_found(context, pairs), strict=True):
                findings += check_pair(pair, found, context)
    if wanted(QaCode.INCONSISTENT_RENDERING):
        findings += consistency(context.renderings, QaCode.INCONSISTENT_RENDERING)
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
    context = Context(Finder(store, book), book, wanted, Renderings())
    findings: list[Finding] = []
    directions: dict[tuple[str, str | None], None] = {}
    checked = 0
    with collector_paused():
        for batch in _batches(document):
            found = _found(
                context.finder, [(segment.source, lang) for _, segment, lang, _ in batch], nested=False
            )
            for (position, segment, lang, _), hits in zip(batch, found, strict=True):
                checked += 1
                directions.setdefault((lang, None), None)
                findings += check_line(
                    Pair(segment.id, position, segment.source, "", lang, lang), hits, context
                )
    if wanted(QaCode.INCONSISTENT_VARIANTS):
        findings += consistency(context.renderings, QaCode.INCONSISTENT_VARIANTS)
    return _report(document, directions, checked, 0, findings)


#: Segments matched in one scan: enough that a scan's own cost is spread thin, few enough
#: that memory stays bounded.
BATCH = 1024


def _batches(document: Document) -> Iterator[list[tuple[int, Segment, str, str | None]]]:
    """The document's segments with their places, BATCH at a time."""
    numbered = ((n, s, a, b) for n, (s, a, b) in enumerate(document.segments))
    while batch := list(itertools.islice(numbered, BATCH)):
        yield batch


def _found(finder: Finder, texts: list[tuple[str, str]], *, nested: bool = True) -> list[list[Hit]]:
    """The terms of each text (given with its language), each language in one scan; without
    ``nested``, not those inside other terms."""
    found: list[list[Hit]] = [[] for _ in texts]
    for lang in dict.fromkeys(lang for _, lang in texts):
        indexes = [n for n, (_, code) in enumerate(texts) if code == lang]
        for n, hits in zip(
            indexes, finder.find_many([texts[n][0] for n in indexes], lang, nested=nested), strict=True
        ):
            found[n] = hits
    return found


def _pairs_found(context: Context, pairs: list[Pair]) -> list[Found]:
    """The terms of a batch of pairs: sources and targets each in one scan a language, and,
    where a source term has no rendering, the target again in the source language (is the
    term left untranslated?), those targets in one scan too."""
    finder = context.finder
    found = _found(finder, [(p.source, p.source_lang) for p in pairs], nested=False)
    sources = [source_terms(pair, hits) for pair, hits in zip(pairs, found, strict=True)]
    targets = _found(finder, [(p.target, p.target_lang) for p in pairs])
    result = [Found(source, target) for source, target in zip(sources, targets, strict=True)]
    if context.wanted(QaCode.MISSING_TERM) or context.wanted(QaCode.UNTRANSLATED_TERM):
        again = [n for n, item in enumerate(result) if left_out(item.source, item.target)]
        copied = _found(finder, [(pairs[n].target, pairs[n].source_lang) for n in again])
        for n, hits in zip(again, copied, strict=True):
            result[n] = Found(result[n].source, result[n].target, hits)
    return result


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
