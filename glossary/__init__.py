"""glossary: a bilingual Italian/English terminology library for news on jihadist foreign fighters.

The library holds every decision (loading, validation, matching, translation, export) and
imports neither typer nor rich; the command line in ``cli`` only presents what it returns.
"""

from __future__ import annotations

from .check import CheckReport, check_glossary, check_paths
from .errors import Code, GlossaryError, InputError, LoadError, Location, Problem, Severity
from .index import Index
from .loader import Glossary, load_file, load_glossary, packaged_data_dir, source_layers
from .lookup import Hit, LookupResult, Suggestion, find
from .match import Match, Rank, scan
from .model import (
    DOMAINS,
    LANGUAGES,
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
from .translate import Segment, SegmentKind, Translation, translate

__version__ = "0.1.0"

__all__ = [
    "DOMAINS",
    "LANGUAGES",
    "Article",
    "CheckReport",
    "Code",
    "Concept",
    "Gender",
    "Glossary",
    "GlossaryError",
    "Hit",
    "Index",
    "InputError",
    "LanguageSection",
    "LoadError",
    "Location",
    "LookupResult",
    "Match",
    "Number",
    "PartOfSpeech",
    "Problem",
    "Provenance",
    "Rank",
    "Segment",
    "SegmentKind",
    "Severity",
    "Source",
    "Status",
    "Suggestion",
    "Term",
    "TermType",
    "Translation",
    "__version__",
    "check_glossary",
    "check_paths",
    "find",
    "load_file",
    "load_glossary",
    "packaged_data_dir",
    "scan",
    "source_layers",
    "translate",
]
