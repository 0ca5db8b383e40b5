"""The shared matcher: normalisation, elision, inflection and precision, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_scan import reference_scan

from glossary import load_glossary
from glossary.cache import open_cached
from glossary.index import Index
from glossary.lookup import find
from glossary.match import Rank, scan
from glossary.text import canonical, fold, key

FIXTURE = Path(__file__).parent / "data" / "valid" / "matching.yaml"


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(load_glossary([FIXTURE], default=False))


def found(index: Index, text: str, stem_langs: tuple[str, ...] = ("it", "en")) -> list[tuple[str, str]]:
    return [(m.text, m.best.form.concept_id) for m in scan(text, index.store, stem_langs=stem_langs)]


# -- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("Califfàto", "califfato"),
        ("L’ISIS", "l'isis"),
        ("l‘isis", "l'isis"),
        ("lʼIsis", "l'isis"),
        ("siro–irachena", "siro-irachena"),
        ("ÉTAT", "etat"),
    ],
)
def test_fold(variant: str, expected: str) -> None:
    assert fold(variant) == expected


def test_key_ignores_hyphens_spaces_and_punctuation_around() -> None:
    assert key("  fighter-bomber, ") == key("fighter bomber") == "fighter bomber"


@pytest.mark.parametrize("query", ["fighter-bomber", "fighter bomber", "fighterbomber", "Fighter–Bomber"])
def test_lookup_spacing_variants(index: Index, query: str) -> None:
    assert [h.concept_id for h in find(query, index.store).hits] == ["fighter-bomber"]


def test_exact_accented_match_ranks_first(index: Index) -> None:
    assert find("Stato Islamico", index.store).hits[0].rank is Rank.EXACT
    assert find("stato islamico", index.store).hits[0].rank is Rank.FOLDED


@pytest.mark.parametrize("text", ["siro-irachena", "siro irachena", "siro–irachena", "siroirachena"])
def test_running_text_hyphen_variants(index: Index, text: str) -> None:
    assert [c for _, c in found(index, f"la zona {text}")] == ["syria-iraq-zone"]


# -- elision and articulated prepositions -----------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "dell’Isis",
        "dell'Isis",
        "l’Isis",
        "nell’Isis",
        "all’Isis",
        "dall’Isis",
        "sull’Isis",
        "quest’Isis",
        "d’Isis",
        "dello Stato Islamico",
        "nello Stato Islamico",
        "the Islamic State",
        "Isis’s",
    ],
)
def test_lookup_peels_articles_and_prepositions(index: Index, query: str) -> None:
    hits = find(query, index.store).hits
    assert [h.concept_id for h in hits] == ["islamic-state"]


def test_running_text_elision(index: Index) -> None:
    assert found(index, "i disertori dell’Isis e l'ISIS") == [
        ("Isis", "islamic-state"),
        ("ISIS", "islamic-state"),
    ]


# -- inflection -------------------------------------------------------------------------


def test_recorded_plural_outranks_stem(index: Index) -> None:
    matches = scan("le cellule terroristiche", index.store, stem_langs=("it",))
    assert [(m.text, m.best.rank, m.best.plural) for m in matches] == [
        ("cellule terroristiche", Rank.RECORDED, True)
    ]


def test_multiword_inflects_word_by_word_by_stem(index: Index) -> None:
    matches = scan("two air raids and the terrorist cells", index.store, stem_langs=("en",))
    assert [(m.text, m.best.form.concept_id, m.best.rank, m.best.plural) for m in matches] == [
        ("air raids", "air-raid", Rank.STEMMED, True),
        ("terrorist cells", "terrorist-cell", Rank.STEMMED, True),
    ]


def test_stemmer_finds_unrecorded_forms(index: Index) -> None:
    assert found(index, "Fighter-bombers", ("en",)) == [("Fighter-bombers", "fighter-bomber")]
    assert found(index, "jihadisti e radicalizzazioni", ("it",)) == [
        ("jihadisti", "jihadist"),
        ("radicalizzazioni", "radicalisation"),
    ]


def test_lookup_inflected_forms(index: Index) -> None:
    assert find("jihadisti", index.store).hits[0].rank is Rank.RECORDED
    assert find("radicalizations", index.store).hits[0].rank is Rank.STEMMED


def test_misspelling_is_only_a_suggestion(index: Index) -> None:
    result = find("jihadissta", index.store)
    assert result.hits == ()
    assert result.suggestions[0].concept_id == "jihadist"
    assert found(index, "i jihadissta") == []


# -- precision: names and acronyms that are ordinary words --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IS fighters", [("IS", "islamic-state")]),
        ("this is what it is", []),
        ("Is it true?", []),
        ("il rapporto UN", [("UN", "united-nations")]),
        ("un rapporto e un’analisi", []),
        ("Un rapporto", []),
        ("two fighters who fought in Mali", [("Mali", "mali")]),
        ("i mali della società", []),
        ("from Niger to Libya", [("Niger", "niger")]),
        ("from Nigeria and Sudan", [("Nigeria", "nigeria")]),
        ("La Base’s strategy", [("La Base", "al-qaeda")]),
        ("la base della strategia", []),
        ("La base della strategia", []),
        ("ISIS IN CRISI", [("ISIS", "islamic-state")]),
        ("isis", []),
    ],
)
def test_precision(index: Index, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(index, text) == expected


def test_terms_do_not_span_punctuation(index: Index) -> None:
    assert found(index, "the terrorist. Cell") == []


# -- properties ---------------------------------------------------------------------------


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert canonical(canonical(text)) == canonical(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_scan_never_raises_and_spans_are_in_text(index: Index, text: str) -> None:
    for match in scan(text, index.store, stem_langs=("it", "en")):
        assert text[match.start : match.end] == match.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200))
def test_translation_segments_add_up_to_the_input(index: Index, text: str) -> None:
    from glossary.errors import InputError
    from glossary.translate import translate

    for source in ("it", "en"):
        try:
            result = translate(text, index.store, index.concept, source=source)
        except InputError:
            assert not text.strip()
            return
        assert "".join(s.source for s in result.segments) == text
        assert all(text[s.start : s.end] == s.source for s in result.segments)


# -- the fast matcher answers as the plain one ------------------------------------------

CROWDED = [
    Path(__file__).parent / "data" / "layered" / "crowded-forms.yaml",
    Path(__file__).parent / "data" / "layered" / "crowded-forms-override.yaml",
]
#: What separates words in the drawn texts: gaps that join words into a term and gaps that
#: end one, hyphens (which also join the parts of a compound) and elision.
_GAPS = (" ", " ", " ", "-", " - ", "–", "’", "'", ", ", ". ", "\n", "\n\n", "")


@pytest.fixture(scope="module")
def crowded() -> Index:
    return Index(load_glossary([FIXTURE, *CROWDED], default=False))


@pytest.fixture(scope="module")
def crowded_on_disk(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The same glossary answered from its on-disk index, which reads forms only as a text
    needs them."""
    return Index(source=open_cached([FIXTURE, *CROWDED], root=tmp_path_factory.mktemp("index")))


def _words(index: Index) -> list[str]:
    """Words of the glossary's forms, with the case and the endings running text gives them."""
    words: set[str] = set()
    for form in index.store.forms():
        for word in [form.surface, *form.surface.split()]:
            for variant in (word, word.upper(), word.title(), word.lower()):
                words |= {variant, variant + "i", variant + "s", variant[:-1] + "e", variant[:-1]}
    return sorted(w for w in words if w)


@st.composite
def _texts(draw: st.DrawFn, words: list[str]) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(words), st.sampled_from(_GAPS)), max_size=25))
    return "".join(word + gap for word, gap in parts)


@pytest.mark.parametrize(
    ("langs", "stem_langs"),
    [(("it", "en"), ()), (("it", "en"), ("it",)), (("it", "en"), ("en", "it")), (("en",), ("en",))],
)
@pytest.mark.parametrize("where", ["memory", "on disk"])
def test_scan_answers_as_the_reference_matcher(
    crowded: Index,
    crowded_on_disk: Index,
    where: str,
    langs: tuple[str, ...],
    stem_langs: tuple[str, ...],
) -> None:
    """Spans, candidates and their order, with a memo shared by successive texts as
    ``annotate`` shares it, whether forms come from memory or from the on-disk index."""
    words = _words(crowded)
    store = crowded.store if where == "memory" else crowded_on_disk.store

    @settings(max_examples=150, deadline=None)
    @given(texts=st.lists(_texts(words), min_size=1, max_size=3))
    def check(texts: list[str]) -> None:
        memo: dict[str, object] = {}
        for text in texts:
            expected = reference_scan(text, crowded.store, langs=langs, stem_langs=stem_langs)
            assert scan(text, store, langs=langs, stem_langs=stem_langs, memo=memo) == expected

    check()
