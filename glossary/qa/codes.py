"""The codes of ``glossary qa``: one per terminology problem, each with its severity and its
rule, named once as ``glossary check`` names its own (``glossary.errors.Code``).

The first digit is the severity: Q1 errors (the translation is wrong against the glossary),
Q2 warnings (it may be wrong), Q3 notes (worth a look).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum

from ..errors import InputError, Severity, code_selector


class QaCode(str, Enum):
    """Every problem ``glossary qa`` reports; the value is what users see and search for."""

    MISSING_TERM = "Q101"
    DEPRECATED_TERM = "Q102"
    INCONSISTENT_RENDERING = "Q201"
    UNTRANSLATED_TERM = "Q202"
    INCONSISTENT_VARIANTS = "Q203"
    ACRONYM_MISMATCH = "Q301"

    @property
    def severity(self) -> Severity:
        return _SEVERITIES[self.value[1]]

    @property
    def rule(self) -> str:
        """The rule behind the code, as ``glossary qa --explain`` prints it."""
        return RULES[self]


_SEVERITIES = {"1": Severity.ERROR, "2": Severity.WARNING, "3": Severity.NOTE}

#: The rule behind each code, one sentence or two, as the README's table gives it.
RULES: dict[QaCode, str] = {
    QaCode.MISSING_TERM: (
        "a glossary term occurs in the source (in any form the matcher finds), and the target holds"
        " none of that entry's terms in the target language, in any form."
    ),
    QaCode.DEPRECATED_TERM: (
        "the target (or, with --text, the text) uses a term the glossary marks deprecated or"
        " superseded for its entry; the message names the preferred term to use instead."
    ),
    QaCode.INCONSISTENT_RENDERING: (
        "one source term is rendered by different target terms of its entry in different segments"
        " of one file; reported at each segment that departs from the most frequent rendering,"
        " with the count of each."
    ),
    QaCode.UNTRANSLATED_TERM: (
        "a source term is copied into the target unchanged, where the entry records a different"
        " term in the target language."
    ),
    QaCode.INCONSISTENT_VARIANTS: (
        "with --text: one entry is written with different terms of the same kind (full forms and"
        " variants, or acronyms) in one document; reported at each line that departs from the"
        " most frequent, with the count of each."
    ),
    QaCode.ACRONYM_MISMATCH: (
        "an acronym in the source is rendered only by a spelled-out term (a full or short form)"
        " where the entry records an acronym in the target language, or a spelled-out term only"
        " by an acronym where the entry records a spelled-out one."
    ),
}

#: The codes, as the usage error lists them.
CODE_LIST = "Q101-Q102, Q201-Q203, Q301"


def selector(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Callable[[QaCode], bool]:
    """Which codes to report, as ``glossary check`` selects its own ("Q2" names a group)."""
    return code_selector(QaCode, select, ignore, kind="qa", listing=CODE_LIST)


def explain(name: str) -> str:
    """'CODE (severity): rule' for a code given in any case; InputError for an unknown one."""
    codes = {code.value: code for code in QaCode}
    code = codes.get(name.strip().upper())
    if code is None:
        raise InputError(f"no qa code '{name}' (codes: {CODE_LIST})")
    return f"{code.value} ({code.severity.value}): {code.rule}"
