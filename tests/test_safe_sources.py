"""Exports that an MT engine or a CAT tool applies blindly (DeepL, OmegaT) never force a
mistranslation: each rule checked over every entry of the packaged glossary."""

from __future__ import annotations

import pytest

from glossary.annotate import stopwords
from glossary.commonwords import common_word_of, prose_words
from glossary.exchange.tabular import export_deepl, export_omegat, source_pairs
from glossary.loader import load_glossary
from glossary.model import Number, PartOfSpeech, Status, TermType
from glossary.text import fold, token_texts

DIRECTIONS = [("it", "en"), ("en", "it")]


def nominal(pos: PartOfSpeech) -> PartOfSpeech:
    """Nouns, proper nouns and noun phrases name things alike, as translate treats them
    ("islam sunnita" renders "Sunni Islam"); adjectives, verbs and adverbs stay apart."""
    return PartOfSpeech.NOUN if pos in (PartOfSpeech.PROPER_NOUN, PartOfSpeech.PHRASE) else pos


@pytest.fixture(scope="module")
def concepts():  # type: ignore[no-untyped-def]
    return list(load_glossary().concepts.values())


def pairs(concepts, source: str, target: str):  # type: ignore[no-untyped-def]
    prose = prose_words(concepts)[source]
    for concept in concepts:
        for pair in source_pairs(concept, source, target, prose):
            if not isinstance(pair, str):
                term, translation = pair
                chosen = next(t for _, t in concept.terms(target) if translation in (t.text, *t.plurals))
                yield concept, term, chosen, translation


@pytest.mark.parametrize(("source", "target"), DIRECTIONS)
def test_no_deprecated_term_and_no_common_word_is_a_source(concepts, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    common = stopwords(source)
    for _concept, term, _chosen, _translation in pairs(concepts, source, target):
        assert term.status is not Status.DEPRECATED, term.text
        assert not all(fold(w) in common for w in token_texts(term.text)), term.text


@pytest.mark.parametrize(("source", "target"), DIRECTIONS)
def test_like_for_like_and_the_same_part_of_speech(concepts, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    for concept, term, chosen, _translation in pairs(concepts, source, target):
        assert nominal(chosen.pos) is nominal(term.pos), (concept.id, term.text, chosen.text)
        if term.type is TermType.ACRONYM and any(
            t.type is TermType.ACRONYM and t.pos is term.pos for _, t in concept.terms(target)
        ):
            assert chosen.type is TermType.ACRONYM, (concept.id, term.text, chosen.text)


@pytest.mark.parametrize(("source", "target"), DIRECTIONS)
def test_a_plural_source_gets_a_plural_target(concepts, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    for _concept, term, chosen, translation in pairs(concepts, source, target):
        if term.number is Number.PLURAL and chosen.number is not Number.PLURAL and chosen.plurals:
            assert translation == chosen.plurals[0]


def test_the_examples_of_forced_mistranslation_are_gone(concepts) -> None:  # type: ignore[no-untyped-def]
    deepl_it = dict(
        line.split("\t") for line in export_deepl(concepts, "it", "en").data.decode().splitlines()
    )
    deepl_en = dict(
        line.split("\t") for line in export_deepl(concepts, "en", "it").data.decode().splitlines()
    )
    assert deepl_it["Isis"] == "ISIS" and deepl_it["Daesh"] == "Daesh"
    assert deepl_it["francese"] == "French" and deepl_en["French"] == "francese"
    assert deepl_it["cellula"] == "cell" and deepl_it["attentato"] == "attack"
    assert deepl_en["UN"] == "ONU" and "IS" not in deepl_en
    omegat = export_omegat(concepts, "it", "en", version="test").data.decode().splitlines()
    assert any(line.startswith("Isis\tISIS\t") for line in omegat)


@pytest.mark.parametrize(("source", "target"), DIRECTIONS)
def test_no_name_that_is_also_a_common_word_is_a_source(concepts, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    prose = prose_words(concepts)[source]
    for concept, term, _chosen, _translation in pairs(concepts, source, target):
        assert common_word_of(concept, source, term, prose) is None, term.text


def test_names_that_are_common_words_are_told_apart(concepts) -> None:  # type: ignore[no-untyped-def]
    """Flagged: a name that is one common word once its article is set aside. Not flagged:
    a name of several words, a lower-case term (the glossary's own sense), an adjective, or
    a name whose concept records the same word in lower case (one sense)."""
    by_id = {concept.id: concept for concept in concepts}
    prose = prose_words(concepts)

    def flagged(concept_id: str, lang: str) -> list[str]:
        concept = by_id[concept_id]
        return [t.text for _, t in concept.terms(lang) if common_word_of(concept, lang, t, prose[lang])]

    assert flagged("al-qaeda", "it") == ["la Base"] and flagged("al-qaeda", "en") == ["the Base"]
    assert flagged("nato", "it") == ["NATO"] and flagged("nato", "en") == []
    assert flagged("mali", "it") == ["Mali"]
    assert flagged("islamic-state", "it") == []  # "Stato islamico": two words
    assert flagged("peshmerga", "en") == []  # recorded in lower case too: one sense
    assert flagged("terrorist-cell", "en") == []  # "cell": lower case, the glossary's sense
    deepl_it = export_deepl(concepts, "it", "en").data.decode()
    assert "\nla Base\t" not in "\n" + deepl_it and "\nNATO\t" not in "\n" + deepl_it


def test_a_mark_on_the_term_settles_what_the_rule_guesses(tmp_path, invoke) -> None:  # type: ignore[no-untyped-def]
    """Unmarked, 'the Base' is noted (N402) and left out; common_word: false keeps it as a
    source and silences the note; common_word: true leaves out a name the rule does not
    catch ('Storm', a word the definitions never use)."""

    def glossary(base_mark: str, storm_mark: str) -> list[str]:
        path = tmp_path / "g.yaml"
        path.write_text(
            "concepts:\n"
            "- id: uno\n  domain: organisation\n"
            "  it:\n    terms:\n    - {text: la Base, type: full-form, status: preferred, gender: feminine}\n"
            "    definition: Gruppo di prova.\n"
            "  en:\n    terms:\n"
            f"    - {{text: the Base, type: full-form, status: preferred, pos: proper-noun{base_mark}}}\n"
            f"    - {{text: Storm, type: variant, status: admitted, pos: proper-noun{storm_mark}}}\n"
            "    definition: A test group whose base is in a desert.\n"
            "  sources:\n  - citation: A source\n",
            encoding="utf-8",
        )
        check = invoke("--no-default", "-g", str(path), "check", "--json")
        notes = [p["message"] for p in __import__("json").loads(check.stdout)["problems"]]
        deepl = invoke("--no-default", "-g", str(path), "export", "--format", "deepl", "--from", "en")
        return [*notes, *(line.split("\t")[0] for line in deepl.stdout.splitlines())]

    assert glossary("", "") == [
        (
            "'uno': en name 'the Base' is also the common word 'base'; exports leave it out as a source"
            " (mark it common_word: true or false)"
        ),
        "Storm",
    ]
    assert glossary(", common_word: false", "") == ["the Base", "Storm"]
    assert glossary(", common_word: true", ", common_word: true") == []
