"""Terms that look like what they are not: the spoofing checks on the look-alikes a hostile
layer would use, and on the packaged glossary, which has none."""

from __future__ import annotations

import pytest

from glossary.check import check_paths
from glossary.errors import Code
from glossary.spoofing import invisible, skeleton


@pytest.mark.parametrize(
    "char", ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060", "\ufe0f", "\u180e"]
)
def test_each_kind_of_invisible_character_is_found(char: str) -> None:
    assert invisible(f"Is{char}is") == char


@pytest.mark.parametrize("text", ["Isis", "al-Qaeda", "Stato islamico", "Côte d'Ivoire", "ISIS‑K", "دولة"])
def test_visible_text_has_no_invisible_character(text: str) -> None:
    assert invisible(text) is None


@pytest.mark.parametrize(
    ("spoof", "real"), [("Іsis", "Isis"), ("Іѕіѕ", "Isis"), ("ΙSΙS", "ISIS"), ("Al-Qа'ida", "al-Qa'ida")]
)
def test_a_look_alike_has_the_skeleton_of_the_real_term(spoof: str, real: str) -> None:
    assert spoof != real and skeleton(spoof) == skeleton(real)


def test_different_words_keep_different_skeletons() -> None:
    assert skeleton("Isis") != skeleton("Isil") and skeleton("Mali") != skeleton("Mail")


def test_the_packaged_glossary_holds_no_look_alike() -> None:
    report = check_paths([], default=True, environ={})
    spoofing = {Code.INVISIBLE_CHARACTER, Code.MIXED_SCRIPT, Code.CONFUSABLE, Code.MATCHER_COLLISION}
    assert [str(p) for p in report.problems if p.code in spoofing] == []
