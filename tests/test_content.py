"""The packaged glossary: clean under its own check, traceable to the articles, found in them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from shared_files import require

from glossary import check_paths, load_glossary
from glossary.annotate import annotate
from glossary.index import Index

SENTENCES = Path(__file__).parent / "data" / "articles" / "sentences.yaml"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(environ={})


@pytest.fixture(scope="module")
def index(glossary) -> Index:
    return Index(glossary)


def test_packaged_glossary_is_clean() -> None:
    report = check_paths(environ={})
    assert [str(p) for p in report.problems] == []
    assert report.concepts >= 100


def test_cli_check_on_packaged_glossary(invoke) -> None:
    result = invoke("check", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["clean"] is True and data["problems"] == []


def article_text(glossary, article_id: str) -> str:
    article = glossary.articles[article_id]
    (path,) = require(f"articles/{article.file}")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("article_id", ["it-isis-in-crisi", "en-un-dossier-libya"])
def test_every_provenance_form_occurs_in_its_article(glossary, article_id: str) -> None:
    text = article_text(glossary, article_id)
    absent = [
        (concept.id, form)
        for concept in glossary.concepts.values()
        for record in concept.provenance
        if record.article == article_id
        for form in record.forms
        if form not in text
    ]
    assert absent == []


@pytest.mark.parametrize("article_id", ["it-isis-in-crisi", "en-un-dossier-libya"])
def test_annotate_finds_every_concept_the_article_uses(glossary, index: Index, article_id: str) -> None:
    text = article_text(glossary, article_id)
    found = {o.concept_id for o in annotate(text, index.store).occurrences}
    expected = {
        c.id for c in glossary.concepts.values() if any(p.article == article_id for p in c.provenance)
    }
    assert sorted(expected - found) == []


def test_every_concept_cites_a_source_and_both_languages(glossary) -> None:
    for concept in glossary.concepts.values():
        assert concept.sources, concept.id
        assert concept.it and concept.it.definition and concept.en and concept.en.definition, concept.id


CASES = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_annotate_exact_hits_on_quoted_sentences(index: Index, case: dict) -> None:
    found = [o.concept_id for o in annotate(case["text"], index.store).occurrences]
    assert sorted(set(found)) == sorted(case["expected"])


@pytest.mark.parametrize("query", ["dell’Isis", "DAESH", "stato islamico"])
def test_issue_queries_land_on_islamic_state(invoke, query: str) -> None:
    result = invoke("lookup", query, "--json")
    assert result.exit_code == 0
    assert [m["concept"]["id"] for m in json.loads(result.stdout)["matches"]] == ["islamic-state"]


def test_nonsense_term_exits_1_with_suggestions(invoke) -> None:
    result = invoke("lookup", "nonsense-term", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["matches"] == [] and 1 <= len(data["suggestions"]) <= 5


def test_misspelt_califato_suggests_the_caliphate_first(invoke) -> None:
    result = invoke("lookup", "califato")
    assert result.exit_code == 1
    assert "No entry for 'califato'; closest: califfato\n" in result.stdout
    assert json.loads(invoke("lookup", "califato", "--json").stdout)["suggestions"][0]["id"] == "caliphate"


def test_packaged_files_carry_the_schema_modeline() -> None:
    from glossary.sources import packaged_data_dir

    for path in sorted(packaged_data_dir().glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/glossary.schema.json", path.name
