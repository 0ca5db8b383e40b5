"""What ``glossary qa`` finds: coded findings located by segment, and the report of a file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ..errors import Severity, one_line
from .codes import QaCode

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


class Span(NamedTuple):
    """Where a term stands in a segment's text (tags left out): offsets in characters."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One coded problem in one segment, with the spans of the source and target it concerns."""

    code: QaCode
    segment: str
    message: str
    concept_id: str
    source: str
    target: str | None
    source_spans: tuple[Span, ...] = ()
    target_spans: tuple[Span, ...] = ()
    #: The segment's place in the file (from 0): findings are listed in the file's order.
    position: int = 0

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def line(self, path: str) -> str:
        """The compiler-style line: 'FILE:SEGMENT-ID: CODE message'."""
        return one_line(f"{path}:{self.segment}: {self.code.value} {self.message}")


@dataclass(frozen=True, slots=True)
class QaReport:
    """The findings of one document, in the order of its segments, and what was read."""

    path: str
    format: str
    #: The (source, target) languages met, in order ('it', 'en'; target None for --text).
    directions: tuple[tuple[str, str | None], ...]
    segments: int
    #: Segments left out: no target yet, or a target in neither glossary language.
    skipped: int
    findings: tuple[Finding, ...]

    def counts(self) -> dict[QaCode, int]:
        """Findings by code, in the order of the codes."""
        counted = Counter(f.code for f in self.findings)
        return {code: counted[code] for code in QaCode if counted[code]}

    def fails(self, threshold: Severity) -> bool:
        """Whether a finding is at least as severe as ``threshold``."""
        limit = _SEVERITY_ORDER[threshold]
        return any(_SEVERITY_ORDER[f.severity] <= limit for f in self.findings)

    def summary(self) -> str:
        """One line: what was read and what was found, by code."""
        counts = ", ".join(f"{code.value} ×{n}" for code, n in self.counts().items())
        skipped = f" ({self.skipped} without a target, not checked)" if self.skipped else ""
        many = "problem" if len(self.findings) == 1 else "problems"
        found = f"{len(self.findings)} {many}: {counts}" if self.findings else "no problems"
        noun = "segment" if self.segments == 1 else "segments"
        return f"{self.path}: {self.segments} {noun} checked{skipped}; {found}"
