"""Translation of ordinary phrases of the field, as a translator would accept them term by term,
on the packaged glossary: like for like, names kept, press acronyms, adjectives in the
target's order, agreement of articles, plurals, parts of speech, possessives."""

from __future__ import annotations

import json

import pytest

CASES = [
    # like for like: a short form by a short form, an acronym by an acronym
    ("it", "lo Stato islamico e al-Qaeda", "the Islamic State and al-Qaeda"),
    ("it", "l'Isis e l'Onu", "ISIS and the UN"),
    ("en", "the UN and the EU", "l'ONU e l'UE"),
    # names are not function words
    ("it", "al-Baghdadi ha proclamato il califfato", "al-Baghdadi ha proclamato the caliphate"),
    ("it", "il campo di al-Hol", "the al-Hol camp"),
    # Italian press acronyms in title case, after an elided preposition too
    ("it", "un rapporto dell'Onu", "a rapporto of the UN"),
    ("it", "Ue e Usa", "EU and USA"),
    # nationality adjectives in the target's order and agreement
    ("it", "i jihadisti francesi", "the French jihadists"),
    ("en", "French foreign fighters", "Foreign fighters francesi"),
    # the plural an Italian article gives an invariable term
    ("it", "i foreign fighter di ritorno", "the returnees"),
    # a / an by the sound of what follows
    ("it", "un attentato dell'Isis", "an attack of ISIS"),
    ("it", "un'organizzazione terroristica", "an organizzazione terroristica"),
    # articles by the Italian term's gender, number and first letters
    ("en", "the EU and the US", "l'UE e gli USA"),
    ("en", "an ISIS cell", "una cellula dell'Isis"),
    ("en", "the ISIS cells in Libya", "le cellule dell'Isis in Libia"),
    # a verb is not rendered by a noun
    ("en", "the foreign fighters were arrested", "i foreign fighters were arrested"),
    # the English possessive becomes the Italian genitive
    ("en", "the Islamic State's defectors", "i disertori dello Stato islamico"),
]


@pytest.mark.parametrize(("source", "phrase", "expected"), CASES, ids=[c[1] for c in CASES])
def test_a_phrase_of_the_field_translates_as_a_translator_accepts(
    invoke, source: str, phrase: str, expected: str
) -> None:
    result = invoke("translate", phrase, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["from"], data["text"]) == (source, expected)


@pytest.mark.parametrize("phrase", ["Daesh fighters in Libya", "ISIS cells in Europe", "UN report on Libya"])
def test_a_short_phrase_that_starts_with_a_name_is_read_in_its_language(invoke, phrase: str) -> None:
    data = json.loads(invoke("translate", phrase, "--json").stdout)
    assert (data["from"], data["detected"]) == ("en", True)


def test_each_rendered_term_lists_the_alternatives_a_translator_may_choose(invoke) -> None:
    data = json.loads(invoke("translate", "l'Isis", "--json").stdout)
    (term,) = [s for s in data["segments"] if s["kind"] == "term"]
    assert term["target"] == "ISIS"
    assert "Islamic State" in term["alternatives"] and "ISIS" not in term["alternatives"]


def test_piped_tables_keep_one_record_a_line(invoke) -> None:
    listed = invoke("list").stdout.splitlines()
    assert sum("dgsi-director-general" in line for line in listed) == 1
    row = next(line for line in listed if "dgsi-director-general" in line)
    assert "direttore generale della sicurezza interna" in row and "office" in row


@pytest.mark.parametrize(
    ("query", "concept_id"),
    [("Calvar", "patrick-calvar"), ("Schengen", "schengen-area"), ("Le Bret", "didier-le-bret")],
)
def test_a_part_of_a_name_finds_its_entry_as_a_name_part(invoke, query: str, concept_id: str) -> None:
    data = json.loads(invoke("lookup", query, "--json").stdout)
    assert data["matches"][0]["concept"]["id"] == concept_id
    assert data["matches"][0]["matched"]["how"] == "name_part"


def test_a_name_particle_alone_is_no_name_part(invoke) -> None:
    result = invoke("lookup", "al", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["matches"] == []


def test_an_exact_term_ranks_before_any_name_part(invoke) -> None:
    data = json.loads(invoke("lookup", "Baghdadi", "--json").stdout)
    assert data["matches"][0]["matched"]["how"] in ("exact", "folded")


def test_acronyms_written_with_dots_are_found_in_running_text(invoke) -> None:
    text = "The U.S. and the U.K. sent fighters.\n"
    hits = json.loads(invoke("annotate", "-", "--json", input=text).stdout)["hits"]
    assert [(h["text"], h["id"]) for h in hits][:2] == [("U.S.", "united-states"), ("U.K.", "united-kingdom")]
    data = json.loads(invoke("translate", "the U.S. and the U.K.", "--json").stdout)
    assert data["text"] == "gli USA e il Regno Unito"
    assert "".join(s["source"] for s in data["segments"]) == "the U.S. and the U.K."


def test_a_name_part_begins_or_ends_the_name(invoke) -> None:
    """ "West Africa" stands in the middle of "Islamic State West Africa Province": no name part."""
    data = json.loads(invoke("lookup", "West Africa", "--json").stdout)
    assert all(m["matched"]["how"] != "name_part" for m in data["matches"])
    assert "iswap" not in {m["concept"]["id"] for m in data["matches"]}
