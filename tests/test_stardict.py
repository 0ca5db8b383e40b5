"""The StarDict export, read back as the format's readers read it: with our own reader,
every term, recorded plural and form, and the Italian elisions, find their entry; and, where
Debian's sdcv is installed (CI installs it), by sdcv itself."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from processes import run_glossary

from glossary.exchange.stardict import BASENAME, export_stardict, read_stardict
from glossary.loader import load_glossary


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stardict") / "dict"
    result = run_glossary(folder.parent / "cache", "export", "--format", "stardict", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    count = len(load_glossary().concepts)
    assert result.stderr == f"glossary: wrote {folder} (stardict, {count} entries)\n"
    return folder


def test_every_term_and_recorded_form_finds_its_entry(dictionary: Path) -> None:
    words = read_stardict(dictionary)
    for concept in load_glossary().concepts.values():
        marker = f"[{concept.id}] ("
        for _, term in concept.terms():
            for text in (term.text, *term.plurals, *term.forms):
                assert any(marker in article for article in words[text]), (concept.id, text)
    assert any("[islamic-state]" in article for article in words["dell'Isis"])
    assert any("[islamic-state]" in article for article in words["dell\u2019Isis"])
    assert any("[jihadist]" in article for article in words["jihadisti"])


def test_the_files_follow_the_format(dictionary: Path) -> None:
    ifo = (dictionary / f"{BASENAME}.ifo").read_text(encoding="utf-8").splitlines()
    fields = dict(line.split("=", 1) for line in ifo[1:])
    assert ifo[0] == "StarDict's dict ifo file" and fields["version"] == "3.0.0"
    index = (dictionary / f"{BASENAME}.idx").read_bytes()
    assert int(fields["idxfilesize"]) == len(index)
    heads = []
    at = 0
    while at < len(index):
        end = index.index(b"\0", at)
        heads.append(index[at:end])
        at = end + 9
    assert int(fields["wordcount"]) == len(heads)
    assert heads == sorted(heads, key=lambda word: (word.lower(), word))  # StarDict's own order
    syn = (dictionary / f"{BASENAME}.syn").read_bytes()
    count, at = 0, 0
    while at < len(syn):
        end = syn.index(b"\0", at)
        (number,) = struct.unpack(">I", syn[end + 1 : end + 5])
        assert number < len(heads)
        count, at = count + 1, end + 5
    assert int(fields["synwordcount"]) == count


def test_an_entry_without_terms_is_left_out_and_named() -> None:
    from glossary.model import Concept

    files, count, dropped = export_stardict([Concept(id="empty", domain="concept")], version="test")
    assert (count, dropped) == (0, ["'empty' left out: a dictionary entry needs a term"])
    assert files[f"{BASENAME}.idx"] == b""


@pytest.mark.skipif(shutil.which("sdcv") is None, reason="Debian's sdcv is not installed (CI installs it)")
@pytest.mark.parametrize(
    ("word", "concept_id"),
    [("Isis", "islamic-state"), ("dell'Isis", "islamic-state"), ("jihadisti", "jihadist")],
)
def test_sdcv_finds_the_entries(dictionary: Path, word: str, concept_id: str) -> None:
    result = subprocess.run(
        ["sdcv", "-n", "-e", "--data-dir", str(dictionary), word],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(dictionary.parent)},
    )
    assert result.returncode == 0, result.stderr
    assert f"[{concept_id}] (" in result.stdout


def test_a_dictionary_needs_a_folder(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("export", "--format", "stardict")
    assert (result.exit_code, result.stderr) == (
        2,
        "glossary: stardict: a dictionary is four files; give a folder with -o\n",
    )
