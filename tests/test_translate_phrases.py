"""The translation test set: phrases in the style of news on jihadist foreign fighters, in both
directions, each with the rendering a translator would accept term by term
(tests/data/translate/phrases.yaml, written for the project). The README gives the score."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from glossary import load_glossary
from glossary.index import Index
from glossary.translate import translate

PHRASES = yaml.safe_load((Path(__file__).parent / "data" / "translate" / "phrases.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(load_glossary(environ={}))


def test_the_set_is_large_and_goes_both_ways() -> None:
    directions = [case["from"] for case in PHRASES]
    assert len(PHRASES) >= 150 and directions.count("it") >= 75 and directions.count("en") >= 75
    assert len({(case["from"], case["text"]) for case in PHRASES}) == len(PHRASES)


@pytest.mark.parametrize("case", PHRASES, ids=[f"{c['from']}: {c['text']}" for c in PHRASES])
def test_a_phrase_translates_as_expected(index: Index, case: dict[str, str]) -> None:
    result = translate(case["text"], index.store, index.concept, source=case["from"])
    assert result.text == case["expected"]
