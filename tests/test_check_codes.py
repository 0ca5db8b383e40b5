"""Every code the checker reports has a fixture (tests/data/check/<CODE>-<defect>.yaml) and a
test of the exact line a user sees; --select, --ignore and --explain work on the same table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.check import CONCEPT_CHECKS, GLOSSARY_CHECKS, LOADER_RULES, explain
from glossary.errors import Code

FIXTURES = Path(__file__).parent / "data" / "check"
MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"

#: (place, message) of the one problem each fixture holds; {path} is the fixture, {mini} the base.
EXPECTED = {
    "E201": ("19:3", "id 'uno' is defined twice in one layer (first at {path}:2:3); the second wins"),
    "E202": ("2:3", "'uno': related id 'nessuno' does not exist"),
    "E203": ("2:3", "'uno' has no en terms"),
    "E204": ("12:5", "'uno' has no en definition"),
    "E205": ("2:3", "'uno' cites no source"),
    "E206": ("6:7", "'uno': Italian noun 'parola uno' has no gender"),
    "E207": ("6:3", "'uno': provenance names unknown article 'falso'"),
    "E208": ("12:5", "'uno' has 2 preferred en terms; exactly one is needed"),
    "W301": ("30:7", "en term 'word uno' is claimed by due, uno (mark each 'homonym: true' if intended)"),
    "W302": ("12:5", "'uno': en definition uses the loaded word 'brutal'"),
    "W303": (
        "2:3",
        (
            "'uno': domain 'recipe' is not one of: organisation, person, place, institution, office, "
            "document, publication, event, concept, equipment"
        ),
    ),
    "W304": ("12:5", "'uno': en definition has 5 sentences; the limit is one plus three of context"),
    "W305": (
        "2:3",
        (
            "'uno' cites a discontinued source (the CIA ended The World Factbook on 4 February 2026): "
            "'CIA, The World Factbook'"
        ),
    ),
    "E209": ("13:7", "en term 'Is\u200dis' holds an invisible character, U+200D ZERO WIDTH JOINER"),
    "W306": ("13:7", "en term 'Islamic St\u0430te': the word 'St\u0430te' mixes scripts (cyrillic, latin)"),
    "W307": ("30:7", "en term '\u0406\u0455\u0456\u0455' looks like 'Isis' (uno)"),
    "W308": (
        "30:7",
        "en term 'fighter bomber' is the same for the matcher as a term of uno ('fighterbomber')",
    ),
    "N401": ("3:3", "'caliphate' replaces the entry at {mini}:26:3"),
    "N402": (
        "16:7",
        (
            "'uno': en name 'the Base' is also the common word 'base'; exports leave it out as a source"
            " (mark it common_word: true or false)"
        ),
    ),
}


def fixture(code: str) -> Path:
    (path,) = FIXTURES.glob(f"{code}-*.yaml")
    return path


def layers(code: str) -> list[str]:
    """The -g options a fixture is checked with: N401 needs a layer to replace."""
    base = ["-g", str(MINI)] if code == "N401" else []
    return ["--no-default", *base, "-g", str(fixture(code))]


def test_every_code_of_the_checker_has_one_fixture_and_an_expected_line() -> None:
    codes = {code.value for code in (*GLOSSARY_CHECKS, *CONCEPT_CHECKS)}
    assert codes == set(EXPECTED)
    assert sorted(p.name.split("-")[0] for p in FIXTURES.glob("*.yaml")) == sorted(codes)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_a_fixture_gives_its_code_on_one_located_line(invoke, code: str) -> None:
    place, message = EXPECTED[code]
    path = fixture(code)
    result = invoke(*layers(code), "check")
    line = f"{path}:{place}: {code} " + message.format(path=path, mini=MINI)
    assert result.stdout.splitlines()[0] == line
    assert len(result.stdout.splitlines()) == 2  # the problem, then the summary
    assert result.exit_code == (0 if code.startswith("N") else 1)
    data = json.loads(invoke(*layers(code), "check", "--json").stdout)
    assert [p["code"] for p in data["problems"]] == [code]


def test_select_and_ignore_take_codes_and_groups(invoke) -> None:
    both = [*layers("N401"), "-g", str(fixture("W302"))]

    def codes(*extra: str) -> list[str]:
        result = invoke(*both, "check", "--json", *extra)
        return [p["code"] for p in json.loads(result.stdout)["problems"]]

    assert sorted(codes()) == ["N401", "W302"]
    assert codes("--select", "W3") == ["W302"]
    assert codes("--ignore", "w302,E1") == ["N401"]
    assert codes("--select", "N,W", "--ignore", "N401") == ["W302"]
    refused = invoke(*both, "check", "--select", "X1")
    assert refused.exit_code == 2 and "no check code starts with 'X1'" in refused.stderr


def test_explain_says_the_rule_of_every_code(invoke) -> None:
    for code in Code:
        rule = explain(code)
        assert rule.startswith((f"{code.value}: ", f"{code.value} (a note): ")), rule
    assert set(LOADER_RULES) == {code for code in Code if code.value.startswith("E1")}
    result = invoke("check", "--explain", "w304")
    assert (result.exit_code, result.stdout) == (
        0,
        "W304: a definition is one sentence, then at most three of context.\n",
    )
    assert invoke("check", "--explain", "E999").exit_code == 2
