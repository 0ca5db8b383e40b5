"""glossary: a bilingual Italian/English terminology library for news on jihadist foreign fighters.

The library holds every decision (loading, validation, matching, translation, export) and
imports neither typer nor rich; the command line in ``cli`` only presents what it returns.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__)
    from .check import CheckReport, check_glossary, check_paths
    from .errors import Code, GlossaryError, InputError, LoadError, Location, Problem, Severity
    from .index import Index
    from .loader import Glossary, load_file, load_glossary
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
    from .sources import packaged_data_dir, source_layers
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

# Where each public name lives. Importing the package imports none of them, so that a
# command pays only for the modules it uses (`lookup --json` never loads the YAML reader
# or the checker); `from glossary import Concept` still works as usual.
# fmt: off
_HOMES = {
    "CheckReport": "check", "check_glossary": "check", "check_paths": "check",
    "Code": "errors", "GlossaryError": "errors", "InputError": "errors", "LoadError": "errors",
    "Location": "errors", "Problem": "errors", "Severity": "errors",
    "Index": "index",
    "Glossary": "loader", "load_file": "loader", "load_glossary": "loader",
    "packaged_data_dir": "sources", "source_layers": "sources",
    "Hit": "lookup", "LookupResult": "lookup", "Suggestion": "lookup", "find": "lookup",
    "Match": "match", "Rank": "match", "scan": "match",
    "DOMAINS": "model", "LANGUAGES": "model", "Article": "model", "Concept": "model",
    "Gender": "model", "LanguageSection": "model", "Number": "model", "PartOfSpeech": "model",
    "Provenance": "model", "Source": "model", "Status": "model", "Term": "model", "TermType": "model",
    "Segment": "translate", "SegmentKind": "translate", "Translation": "translate", "translate": "translate",
}
# fmt: on


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'glossary' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """Keeps ``glossary.translate`` the function, as the eager imports made it, even after
    the submodule of the same name is imported (which would bind the module there)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "translate" and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
