"""TBX-Basic in DCT style (data categories as elements of the TBX-Min and TBX-Basic
namespaces) is read as fully as DCA style: definitions, subject field, part of speech,
gender, usage status and term type all come in."""

from __future__ import annotations

from pathlib import Path

from glossary.exchange.tbximport import read_tbx

DCT = Path(__file__).parent / "data" / "exchange" / "dct-basic.tbx"


def test_every_dct_data_category_comes_in() -> None:
    imported = read_tbx(DCT)
    (concept,) = imported.document["concepts"]
    assert concept["domain"] == "concept"
    assert concept["en"]["definition"].startswith("A polity claiming authority over all Muslims")
    assert concept["it"]["definition"].startswith("Entità politica che rivendica")
    italian = {t["text"]: t for t in concept["it"]["terms"]}
    assert italian["califfato"]["gender"] == "masculine" and italian["califfato"]["status"] == "preferred"
    assert italian["califato"]["status"] == "deprecated"
    assert concept["en"]["terms"][0] == {"text": "caliphate", "type": "full-form", "status": "preferred"}
    assert not any("namespace" in line for line in imported.unmapped)  # no DCT element dropped


def test_the_cli_imports_it_and_the_result_loads(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from glossary.loader import load_glossary

    out = tmp_path / "dct.yaml"
    result = invoke("import", str(DCT), "-o", str(out))
    assert result.stdout.startswith(f"Imported 1 concept from {DCT} into {out}.")
    concept = load_glossary([out], default=False).concepts["caliphate"]
    assert concept.preferred("it").text == "califfato" and concept.en is not None and concept.en.definition


def test_a_part_of_speech_in_any_case_is_kept(tmp_path: Path) -> None:
    """Term bases write "Verb" or "Noun" as often as "verb": the value is read without case."""
    text = DCT.read_text(encoding="utf-8").replace(
        "<term>caliphate</term>\n            <min:partOfSpeech>noun</min:partOfSpeech>",
        "<term>to proclaim</term>\n            <min:partOfSpeech>Verb</min:partOfSpeech>",
    )
    path = tmp_path / "verb.tbx"
    path.write_text(text, encoding="utf-8")
    imported = read_tbx(path)
    assert imported.document["concepts"][0]["en"]["terms"][0]["pos"] == "verb"
    assert not any("partOfSpeech" in line for line in imported.unmapped)
