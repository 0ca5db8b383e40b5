"""``glossary qa``: each check code on a fixture in each input format, run as a user runs the
command (a process, its output through a pipe), with the exact lines it prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from processes import run_glossary

DATA = Path(__file__).parent / "data" / "qa"
ROOT = Path(__file__).resolve().parents[1]

# The Italian → English cases, written in XLIFF 1.2, XLIFF 2.0, TMX and CSV; the segment ids
# are each format's own: a trans-unit id, unit/segment ids, a tuid or the tu's number, a line.
IT_EN = {
    "Q101-missing-term": (
        "{id}: Q101 missing term 'jihadisti' (jihadist): no English term of the entry in the target;"
        " expected 'jihadist'"
    ),
    "Q102-deprecated-term": "{id}: Q102 deprecated term 'Upper Volta' (burkina-faso); use 'Burkina Faso' instead",
    "Q201-inconsistent-rendering": (
        "{id}: Q201 inconsistent rendering of 'Isis' (islamic-state): 'ISIL' here;"
        " in this file 'ISIS' 2×, 'ISIL' 1×"
    ),
    "Q202-untranslated-term": (
        "{id}: Q202 untranslated term 'Stato islamico' (islamic-state) is left in Italian;"
        " the entry's English term is 'Islamic State'"
    ),
    "Q301-acronym-mismatch": (
        "{id}: Q301 acronym mismatch: the acronym 'Onu' (united-nations) is rendered by the"
        " spelled-out form 'United Nations'; the entry's English acronym is 'UN'"
    ),
}
#: The segment id each format gives the segment of each case.
IT_EN_IDS = {
    "xliff12": {"Q101": "2", "Q102": "1", "Q201": "3", "Q202": "1", "Q301": "1"},
    "xliff20": {"Q101": "u2/s1", "Q102": "u1/s1", "Q201": "u3/s1", "Q202": "u1/s1", "Q301": "u1/s1"},
    "tmx": {"Q101": "tu-002", "Q102": "1", "Q201": "3", "Q202": "1", "Q301": "1"},
    "csv": {"Q101": "2", "Q102": "1", "Q201": "3", "Q202": "1", "Q301": "1"},
}
SUFFIX = {"xliff12": "xlf", "xliff20": "xlf", "tmx": "tmx", "csv": "csv"}

# The English → Italian cases, as a TSV with a header row of languages and as two parallel
# files; the ids are line numbers (the TSV's header is line 1).
EN_IT = {
    "Q101-missing-term": (
        "{id}: Q101 missing term 'jihadists' (jihadist): no Italian term of the entry in the target;"
        " expected 'jihadista'"
    ),
    "Q102-deprecated-term": (
        "{id}: Q102 deprecated term 'traffico di esseri umani' (human-trafficking);"
        " use 'tratta di esseri umani' instead"
    ),
    "Q201-inconsistent-rendering": (
        "{id}: Q201 inconsistent rendering of 'ISIS' (islamic-state): 'Daesh' here;"
        " in this file 'Isis' 2×, 'Daesh' 1×"
    ),
    "Q202-untranslated-term": (
        "{id}: Q202 untranslated term 'Islamic State' (islamic-state) is left in English;"
        " the entry's Italian term is 'Stato islamico'"
    ),
    "Q301-acronym-mismatch": (
        "{id}: Q301 acronym mismatch: the acronym 'UN' (united-nations) is rendered by the"
        " spelled-out form 'Nazioni Unite'; the entry's Italian acronym is 'ONU'"
    ),
}
EN_IT_LINES = {"Q101": 1, "Q102": 1, "Q201": 3, "Q202": 1, "Q301": 1}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index cache for the module: every test reads the packaged glossary."""
    return tmp_path_factory.mktemp("qa-cache")


def qa(cache: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_glossary(cache, "qa", *args, cwd=ROOT)


def summary(path: str, segments: int, problems: str) -> str:
    noun = "segment" if segments == 1 else "segments"
    return f"glossary: {path}: {segments} {noun} checked; {problems}\n"


@pytest.mark.parametrize("fmt", sorted(IT_EN_IDS))
@pytest.mark.parametrize("case", sorted(IT_EN))
def test_each_code_in_each_format_italian_to_english(cache: Path, fmt: str, case: str) -> None:
    path = f"tests/data/qa/{fmt}/{case}.{SUFFIX[fmt]}"
    code = case[:4]
    result = qa(cache, path)
    line = IT_EN[case].format(id=IT_EN_IDS[fmt][code])
    assert result.stdout == f"{path}:{line}\n"
    segments = {"Q101": 2, "Q102": 2, "Q201": 3, "Q202": 1, "Q301": 1}[code]
    assert result.stderr == summary(path, segments, f"1 problem: {code} ×1")
    assert result.returncode == (0 if code == "Q301" else 1)  # a note fails nothing by default


@pytest.mark.parametrize("case", sorted(EN_IT))
def test_each_code_in_a_tsv_english_to_italian(cache: Path, case: str) -> None:
    path = f"tests/data/qa/tsv/{case}.tsv"
    code = case[:4]
    result = qa(cache, path)
    assert result.stdout == f"{path}:" + EN_IT[case].format(id=EN_IT_LINES[code] + 1) + "\n"
    assert result.returncode == (0 if code == "Q301" else 1)


@pytest.mark.parametrize("case", sorted(EN_IT))
def test_each_code_in_parallel_text_files(cache: Path, case: str) -> None:
    source, target = f"tests/data/qa/parallel/{case}.en.txt", f"tests/data/qa/parallel/{case}.it.txt"
    result = qa(cache, source, target)
    assert result.stdout == f"{source}:" + EN_IT[case].format(id=EN_IT_LINES[case[:4]]) + "\n"


def test_every_code_has_a_fixture_in_every_bilingual_format() -> None:
    from glossary.qa import QaCode

    bilingual = {code.value for code in QaCode} - {"Q203"}
    for folder in ("xliff12", "xliff20", "tmx", "csv", "tsv", "parallel"):
        have = {path.name[:4] for path in (DATA / folder).iterdir() if path.name[:1] == "Q"}
        assert have == bilingual, folder
    assert {path.name[:4] for path in (DATA / "text").iterdir()} == {"Q102", "Q203"}


def test_one_language_lint_finds_deprecated_terms(cache: Path) -> None:
    path = "tests/data/qa/text/Q102-deprecated-term.txt"
    result = qa(cache, "--text", path, "--lang", "it")
    assert result.stdout == (
        f"{path}:1: Q102 deprecated term 'Alto Volta' (burkina-faso); use 'Burkina Faso' instead\n"
        f"{path}:2: Q102 deprecated term 'traffico di esseri umani' (human-trafficking);"
        " use 'tratta di esseri umani' instead\n"
    )
    assert result.returncode == 1


def test_one_language_lint_finds_inconsistent_variants(cache: Path) -> None:
    path = "tests/data/qa/text/Q203-inconsistent-variants.txt"
    result = qa(cache, "--text", path)  # the language detected
    assert result.stdout == (
        f"{path}:3: Q203 inconsistent variants of foreign-fighter: 'combattente straniero' here;"
        " in this text 'foreign fighter' 3×, 'combattente straniero' 1×\n"
    )
    assert result.stderr == summary(path, 4, "1 problem: Q203 ×1")


def test_inflected_and_elided_forms_are_neither_missed_nor_flagged(cache: Path) -> None:
    """dell’Isis / of ISIS, combattenti stranieri / foreign fighters, jihadisti / jihadists,
    both ways; a generic word ("document") and a stop word in a headline ("IS") are no terms;
    a nationality adjective rendered by an acronym ("raid americano" / "US raid") is no acronym
    mismatch."""
    for path, segments in (
        ("tests/data/qa/clean/inflections.xlf", 6),
        ("tests/data/qa/clean/inflections.tsv", 5),
        ("tests/data/qa/clean/news.tsv", 12),
    ):
        result = qa(cache, path)
        assert (result.stdout, result.stderr, result.returncode) == (
            "",
            summary(path, segments, "no problems"),
            0,
        )


def test_tags_are_skipped_and_code_content_is_not_text(cache: Path) -> None:
    """Okapi-style segmentation (<seg-source>, <mrk mtype="seg">): a segment a mark; the word
    "Isis" inside a <bpt>, a <ph> and the id of an <x/> is native code, never a term; a unit
    marked translate="no" is left out, and one without a target counted apart."""
    path = "tests/data/qa/xliff12/segmented-okapi.xlf"
    result = qa(cache, path, "--json")
    report = json.loads(result.stdout)
    assert (report["format"], report["segments"], report["skipped"]) == ("xliff-1.2", 3, 1)
    [problem] = report["problems"]
    assert problem["segment"] == "1/1"
    assert problem["source"] == "Molti jihadisti sono tornati in Francia."
    assert problem["source_spans"] == [{"start": 6, "end": 15, "text": "jihadisti"}]
    assert problem["target"] == "Many militants have returned to France."


def test_json_gives_offsets_into_each_segment(cache: Path) -> None:
    result = qa(cache, "tests/data/qa/xliff20/Q201-inconsistent-rendering.xlf", "--json")
    report = json.loads(result.stdout)
    assert report["directions"] == [{"from": "it", "to": "en"}]
    assert report["counts"] == {"Q201": 1}
    [problem] = report["problems"]
    assert problem == {
        "code": "Q201",
        "severity": "warning",
        "segment": "u3/s1",
        "id": "islamic-state",
        "message": "inconsistent rendering of 'Isis' (islamic-state): 'ISIL' here; in this file 'ISIS' 2×, 'ISIL' 1×",
        "source": "I capi dell’Isis.",
        "target": "The leaders of ISIL.",
        "source_spans": [{"start": 12, "end": 16, "text": "Isis"}],
        "target_spans": [{"start": 15, "end": 19, "text": "ISIL"}],
    }
    assert result.returncode == 1


def test_qa_json_imports_no_rich(cache: Path) -> None:
    from test_lazy_imports import imported, tops

    modules = imported(["qa", "tests/data/qa/tmx/Q101-missing-term.tmx", "--json"], cache)
    assert "rich" not in tops(modules)
    assert "glossary.qa" in modules


def test_news_sentences_english_to_italian_are_clean(cache: Path, tmp_path: Path) -> None:
    """The same news pairs the other way, as parallel files: a verb form of an entry with no
    Italian verb ("arrested" / "ha arrestato") is not called missing."""
    rows = [
        line.split("\t") for line in (DATA / "clean" / "news.tsv").read_text(encoding="utf-8").splitlines()
    ]
    source, target = tmp_path / "news.en.txt", tmp_path / "news.it.txt"
    source.write_text("".join(row[1] + "\n" for row in rows[1:]), encoding="utf-8")
    target.write_text("".join(row[0] + "\n" for row in rows[1:]), encoding="utf-8")
    result = qa(cache, str(source), str(target))
    assert (result.stdout, result.returncode) == ("", 0)


def test_the_readme_shows_what_qa_prints(cache: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in (
        "qa tests/data/qa/sample.xlf",
        "qa --text tests/data/qa/text/Q203-inconsistent-variants.txt",
    ):
        block = readme.split(f"    $ glossary {command}\n", 1)[1].split("\n\n", 1)[0]
        shown = [line.removeprefix("    ") for line in block.splitlines()]
        result = qa(cache, *command.split()[1:])
        assert shown == (result.stdout + result.stderr).splitlines()
