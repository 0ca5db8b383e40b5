"""The cheap tests in front of ``implicit_kind`` and ``text.fold`` give exactly what the full
ways give: the patterns, and Unicode normalisation.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import HAZARDS, examples

from glossary import yamlread
from glossary.text import _APOSTROPHE_MAP, fold
from glossary.yamlread import Scalar


def budget(count: int) -> settings:
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- cheap tests in front of the full ones -----------------------------------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$"
)


def implicit_kind_by_patterns(value: str) -> str:
    """``implicit_kind`` of a plain scalar as the patterns alone decide it."""
    if _NULL.match(value):
        return "null"
    if _BOOL.match(value):
        return "boolean"
    if yamlread._NUMBER.match(value):
        return "number"
    if yamlread._TIMESTAMP.match(value):
        return "date"
    return "text"


@budget(300)
@given(
    value=st.one_of(
        st.sampled_from(HAZARDS),
        st.sampled_from(HAZARDS).map(lambda v: v + "\n"),
        st.text(alphabet="~nulyesofftrueFALSE0123456789+-.:_eEbxX\n ", max_size=8),
        st.text(),
    )
)
def test_implicit_kind_agrees_with_the_patterns(value: str) -> None:
    assert yamlread.implicit_kind(Scalar(value, True, 1, 1)) == implicit_kind_by_patterns(value)


def fold_by_normalising(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHE_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.casefold())


@budget(200)
@given(text=st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
def test_folding_ascii_text_takes_a_short_way_to_the_same_result(text: str) -> None:
    assert fold.__wrapped__(text) == fold_by_normalising(text)  # type: ignore[attr-defined]
