"""Bad glossary files, every kind: one located line and exit 3, never a traceback.

Each case is refused the same way by the library (``load_file``), by a command answering from
the index cache (``-g FILE lookup x``), by one reading the YAML directly (``--no-cache``), by
``check`` (the problem line and exit 1, as a report), and as a ``GLOSSARY_PATH`` layer.
tests/test_loading.py has one fixture file per defect; these cases are the many variants,
written inline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import glossary.loader
import glossary.sources
from glossary import LoadError, load_glossary
from glossary.loader import load_file
from glossary.sources import MAX_FILE_BYTES, read_bytes
from glossary.yamlread import MAX_DEPTH, parse

ROOT = Path(__file__).resolve().parents[1]
HEAD = "concepts:\n- id: a\n  domain: concept\n"
TERM = "    - {text: x, type: full-form, status: preferred, gender: masculine}\n"


@dataclass(frozen=True)
class Case:
    content: str | bytes
    code: str
    where: str  # "line:column", or "" when the problem has no position
    message: str


def case(content: str | bytes, code: str, where: str, message: str) -> Case:
    return Case(content, code, where, message)


def syntax(content: str, where: str, message: str) -> Case:
    return Case(content, "E101", where, f"YAML syntax error: {message}")


SYNTAX = {
    "tab-indent": syntax("concepts:\n\t- id: a\n", "2:1", "found character that cannot start any token"),
    "unclosed-double-quote": syntax('concepts:\n- id: "a\n', "3:1", "found unexpected end of stream"),
    "unclosed-single-quote": syntax("concepts:\n- id: 'a\n", "3:1", "found unexpected end of stream"),
    "unclosed-flow-list": syntax("concepts: [a, b\n", "2:1", "did not find expected ',' or ']'"),
    "unclosed-flow-mapping": syntax("concepts: {a: b\n", "2:1", "did not find expected ',' or '}'"),
    "stray-bracket": syntax("concepts: ]\n", "1:11", "did not find expected node content"),
    "missing-node": syntax(HEAD + "  it: [\n", "5:1", "did not find expected node content"),
    "unknown-escape": syntax('concepts: "\\q"\n', "1:12", "found unknown escape character"),
    "surrogate-escape": syntax(
        'concepts:\n- id: "\\ud800"\n', "2:10", "found invalid Unicode character escape code"
    ),
    "reserved-at": syntax("concepts: @x\n", "1:11", "found character that cannot start any token"),
    "reserved-backquote": syntax("concepts: `x\n", "1:11", "found character that cannot start any token"),
    "block-scalar-dedent": syntax("concepts: |\n  a\n b\n", "3:2", "did not find expected key"),
    "block-scalar-indicator": syntax(
        "concepts: |x\n  a\n", "1:12", "did not find expected comment or line break"
    ),
    "list-dedent": syntax("concepts:\n  - id: a\n - id: b\n", "3:2", "did not find expected key"),
    "colon-in-plain-value": syntax(
        "concepts:\n- id: a: b\n", "2:8", "mapping values are not allowed in this context"
    ),
    "key-after-list-item": syntax(
        HEAD + "- b\n  c: d\n", "5:4", "mapping values are not allowed in this context"
    ),
    "empty-anchor": syntax("concepts: &\n", "1:12", "did not find expected alphabetic or numeric character"),
    "duplicate-directive": syntax(
        "%YAML 1.1\n%YAML 1.1\n---\nconcepts: []\n", "2:1", "found duplicate %YAML directive"
    ),
    "unknown-directive": syntax("%FOO bar\n---\nconcepts: []\n", "1:5", "found unknown directive name"),
    "yaml-2": syntax("%YAML 2.0\n---\nconcepts: []\n", "1:1", "found incompatible YAML document"),
    "directive-only": syntax("%YAML 1.1\n", "2:1", "did not find expected <document start>"),
    "text-after-end": syntax("concepts: []\n...\nfoo\n", "3:1", "did not find expected <document start>"),
    "two-documents": case(
        "concepts: []\n---\nconcepts: []\n", "E101", "2:1", "more than one YAML document in one file"
    ),
    "list-as-key": case("concepts:\n? [a]\n: b\n", "E106", "2:3", "a key must be plain text"),
    "mapping-as-key": case("concepts: []\n? {a: b}\n", "E106", "2:3", "a key must be plain text"),
    "tag-shorthand": case(
        "%TAG ! tag:x,2000:\n---\nconcepts: !a []\n", "E106", "3:11", "tags are not allowed (tag:x,2000:a)"
    ),
    "tag-str": case(
        HEAD.replace("concept\n", "!!str concept\n"),
        "E106",
        "3:11",
        "tags are not allowed (tag:yaml.org,2002:str)",
    ),
    # Characters YAML does not allow written as they are: located, whatever comes before them.
    "bell": syntax("concepts:\n- id: a\x07\n", "2:8", "character U+0007 is not allowed in a YAML file"),
    "nul": syntax("concepts: a\x00b\n", "1:12", "character U+0000 is not allowed in a YAML file"),
    "escape-raw": syntax("concepts: \x1b[31mred\n", "1:11", "character U+001B is not allowed in a YAML file"),
    "c1-after-accents": syntax(
        "concepts:\n- id: città\x9b\n", "2:12", "character U+009B is not allowed in a YAML file"
    ),
    "c1-after-emoji": syntax(
        "concepts:\n- id: 😀😀\x85\x90\n", "2:10", "character U+0090 is not allowed in a YAML file"
    ),
    "non-character": syntax("concepts: \ufffe\n", "1:11", "character U+FFFE is not allowed in a YAML file"),
    "crlf-control": syntax(
        "concepts:\r\n- id: a\x08\r\n", "2:8", "character U+0008 is not allowed in a YAML file"
    ),
}

DUPLICATE_KEYS = {
    "top-level": case(
        "concepts: []\nconcepts: []\n", "E103", "2:1", "duplicate key 'concepts' (first at line 1)"
    ),
    "concept": case(HEAD + "  id: b\n", "E103", "4:3", "duplicate key 'id' (first at line 2)"),
    "quoted-and-plain": case(
        HEAD + '  "domain": place\n', "E103", "4:3", "duplicate key 'domain' (first at line 3)"
    ),
    "section": case(
        HEAD + "  en:\n    terms: []\n    terms: []\n",
        "E103",
        "6:5",
        "duplicate key 'terms' (first at line 5)",
    ),
    "term-block": case(
        HEAD + "  en:\n    terms:\n    - text: x\n      type: full-form\n      text: y\n",
        "E103",
        "8:7",
        "duplicate key 'text' (first at line 6)",
    ),
    "term-flow": case(
        HEAD + "  en:\n    terms:\n    - {text: x, type: full-form, status: preferred, type: acronym}\n",
        "E103",
        "6:53",
        "duplicate key 'type' (first at line 6)",
    ),
    "source": case(
        HEAD + "  sources:\n  - {citation: a, url: 'https://a', url: 'https://b'}\n",
        "E103",
        "5:37",
        "duplicate key 'url' (first at line 5)",
    ),
    "provenance": case(
        HEAD + "  provenance:\n  - article: x\n    forms: [a]\n    article: y\n",
        "E103",
        "7:5",
        "duplicate key 'article' (first at line 5)",
    ),
    "article-id": case(
        "articles:\n  x: {title: T, language: it}\n  x: {title: U, language: en}\n",
        "E103",
        "3:3",
        "duplicate key 'x' (first at line 2)",
    ),
    "article-field": case(
        "articles:\n  x:\n    title: T\n    language: it\n    title: U\n",
        "E103",
        "5:5",
        "duplicate key 'title' (first at line 3)",
    ),
    "inside-unknown-key": case(
        HEAD + "  colour: {a: {b: {c: 1, c: 2}}}\n", "E103", "4:26", "duplicate key 'c' (first at line 4)"
    ),
}

UNKNOWN_KEYS = {
    "file": case(
        "concept: []\n",
        "E105",
        "1:1",
        "unknown key 'concept' in a glossary file (allowed: articles, concepts)",
    ),
    "section": case(
        HEAD + "  en:\n    term: []\n",
        "E105",
        "5:5",
        "unknown key 'term' in the 'en' section (allowed: definition, notes, terms)",
    ),
    "term": case(
        HEAD + "  it:\n    terms:\n    - {text: x, type: full-form, status: preferred, genre: masculine}\n",
        "E105",
        "6:53",
        "unknown key 'genre' in a term (allowed: article, common_word, forms, gender, homonym, note, number, plural, pos, status, text, type)",
    ),
    "source": case(
        HEAD + "  sources: [{citation: a, link: b}]\n",
        "E105",
        "4:27",
        "unknown key 'link' in a source (allowed: citation, url)",
    ),
    "provenance": case(
        HEAD + "  provenance: [{article: a, forms: [b], form: c}]\n",
        "E105",
        "4:41",
        "unknown key 'form' in a provenance record (allowed: article, forms)",
    ),
    "article": case(
        "articles:\n  x: {title: T, language: it, url: u}\n",
        "E105",
        "2:31",
        "unknown key 'url' in article 'x' (allowed: file, language, title)",
    ),
    "language-not-known": case(
        HEAD + "  fr: {definition: x}\n",
        "E105",
        "4:3",
        "unknown key 'fr' in a concept (allowed: domain, en, id, it, provenance, related, source_id, sources)",
    ),
    "empty-key": case(
        HEAD + '  "": x\n',
        "E105",
        "4:3",
        "unknown key '' in a concept (allowed: domain, en, id, it, provenance, related, source_id, sources)",
    ),
}

WRONG_TYPES = {
    "concepts-mapping": case(
        "concepts: {id: a}\n", "E106", "1:11", "'concepts' must be a list, not a mapping"
    ),
    "concepts-empty": case("concepts:\n", "E106", "1:10", "'concepts' must be a list, not an empty value"),
    "concept-text": case("concepts: [a]\n", "E106", "1:12", "a concept must be a mapping, not text"),
    "articles-list": case(
        "articles: []\n", "E106", "1:11", "'articles' must be a mapping of ids, not a list"
    ),
    "id-number": case(
        "concepts:\n- id: 42\n  domain: concept\n",
        "E106",
        "2:7",
        "'id' must be text, not a number (quote it to make it text)",
    ),
    "id-list": case(
        "concepts:\n- id: [a]\n  domain: concept\n", "E106", "2:7", "'id' must be text, not a list"
    ),
    "domain-null": case(
        "concepts:\n- id: a\n  domain: ~\n",
        "E106",
        "3:11",
        "'domain' must be text, not an empty value (quote it to make it text)",
    ),
    "section-list": case(
        HEAD + "  en: []\n", "E106", "4:7", "the 'en' section must be a mapping, not a list"
    ),
    "terms-text": case(HEAD + "  en: {terms: x}\n", "E106", "4:15", "'terms' must be a list, not text"),
    "term-text": case(HEAD + "  en: {terms: [x]}\n", "E106", "4:16", "a term must be a mapping, not text"),
    "text-date": case(
        HEAD + "  en:\n    terms:\n    - {text: 2014-06-29, type: full-form, status: preferred}\n",
        "E106",
        "6:14",
        "'text' must be text, not a date (quote it to make it text)",
    ),
    "text-float": case(
        HEAD + "  en:\n    terms:\n    - {text: 1.5, type: full-form, status: preferred}\n",
        "E106",
        "6:14",
        "'text' must be text, not a number (quote it to make it text)",
    ),
    "text-mapping": case(
        HEAD + "  en:\n    terms:\n    - {text: {a: b}, type: full-form, status: preferred}\n",
        "E106",
        "6:14",
        "'text' must be text, not a mapping",
    ),
    "status-list": case(
        HEAD + "  en:\n    terms:\n    - {text: x, type: full-form, status: [preferred]}\n",
        "E106",
        "6:42",
        "'status' must be text, not a list",
    ),
    "homonym-yes": case(
        HEAD + "  en:\n    terms:\n    - {text: x, type: full-form, status: preferred, homonym: yes}\n",
        "E106",
        "6:62",
        "'homonym' must be true or false",
    ),
    "homonym-quoted": case(
        HEAD + "  en:\n    terms:\n    - {text: x, type: full-form, status: preferred, homonym: 'true'}\n",
        "E106",
        "6:62",
        "'homonym' must be true or false",
    ),
    "plural-mapping": case(
        HEAD + "  en:\n    terms:\n    - {text: x, type: full-form, status: preferred, plural: {a: b}}\n",
        "E106",
        "6:61",
        "'plural' must be a list of text, not a mapping",
    ),
    "forms-item-number": case(
        HEAD + "  en:\n    terms:\n    - {text: x, type: full-form, status: preferred, forms: [1]}\n",
        "E106",
        "6:61",
        "each item of 'forms' must be text, not a number (quote it to make it text)",
    ),
    "definition-list": case(
        HEAD + "  en: {definition: [a]}\n", "E106", "4:20", "'definition' must be text, not a list"
    ),
    "notes-text": case(
        HEAD + "  en: {notes: a}\n", "E106", "4:15", "'notes' must be a list of text, not text"
    ),
    "related-mapping": case(
        HEAD + "  related: {a: b}\n", "E106", "4:12", "'related' must be a list of text, not a mapping"
    ),
    "sources-text": case(HEAD + "  sources: a\n", "E106", "4:12", "'sources' must be a list, not text"),
    "citation-bool": case(
        HEAD + "  sources: [{citation: no}]\n",
        "E106",
        "4:24",
        "'citation' must be text, not a boolean (quote it to make it text)",
    ),
    "provenance-forms-text": case(
        HEAD + "  provenance: [{article: a, forms: b}]\n",
        "E106",
        "4:36",
        "'forms' must be a list of text, not text",
    ),
    "empty-definition": case(HEAD + "  en: {definition: '  '}\n", "E108", "4:20", "'definition' is empty"),
}

ANCHORS = {
    "billion-laughs": case(
        "concepts: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10)),
        "E104",
        "1:11",
        "anchors are not allowed in a glossary (&a0)",
    ),
    "alias-before-anchor": case("concepts: *a\n", "E104", "1:11", "aliases are not allowed in a glossary"),
    "merge-key": case(
        "concepts:\n- <<: *x\n  id: a\n", "E104", "2:7", "aliases are not allowed in a glossary"
    ),
    "anchor-on-scalar": case(
        "concepts:\n- id: &x a\n  domain: concept\n",
        "E104",
        "2:7",
        "anchors are not allowed in a glossary (&x)",
    ),
    "anchor-on-mapping": case(
        "concepts:\n- &x\n  id: a\n", "E104", "2:3", "anchors are not allowed in a glossary (&x)"
    ),
}

# Control characters written as escapes, the only way YAML lets them in: refused where they stand.
CONTROLS = {
    "escape-in-definition": case(
        HEAD + '  en: {definition: "red \\e[31m alert"}\n',
        "E108",
        "4:20",
        "'definition' contains control character U+001B",
    ),
    "osc-in-term": case(
        HEAD
        + '  en:\n    terms:\n    - {text: "\\x1b]52;c;aGk=\\x07", type: full-form, status: preferred}\n',
        "E108",
        "6:14",
        "'text' contains control character U+001B",
    ),
    "bell-in-note": case(
        HEAD + '  en:\n    terms:\n    - {text: x, type: full-form, status: preferred, note: "\\a"}\n',
        "E108",
        "6:59",
        "'note' contains control character U+0007",
    ),
    "nul-in-citation": case(
        HEAD + '  sources: [{citation: "a\\0b"}]\n',
        "E108",
        "4:24",
        "'citation' contains control character U+0000",
    ),
    "c1-in-url": case(
        HEAD + '  sources: [{citation: a, url: "https://a\\x9b"}]\n',
        "E108",
        "4:32",
        "'url' contains control character U+009B",
    ),
    "nel-in-plural": case(
        HEAD + '  en:\n    terms:\n    - {text: x, type: full-form, status: preferred, plural: "a\\Nb"}\n',
        "E108",
        "6:61",
        "'plural' contains control character U+0085",
    ),
    "carriage-return-in-notes": case(
        HEAD + '  it: {notes: ["a\\rb"]}\n',
        "E108",
        "4:16",
        "each item of 'notes' contains control character U+000D",
    ),
    "backspace-in-id": case(
        'concepts:\n- id: "a\\b"\n  domain: concept\n',
        "E108",
        "2:7",
        "'id' contains control character U+0008",
    ),
    "leading-control-is-not-stripped": case(
        HEAD + '  en: {definition: "\\x1f"}\n',
        "E108",
        "4:20",
        "'definition' contains control character U+001F",
    ),
    "bidi-override-raw": case(
        HEAD + "  en: {definition: evil\u202etxt.exe}\n",
        "E108",
        "4:20",
        "'definition' contains control character U+202E",
    ),
    "bidi-isolate-escaped": case(
        HEAD + '  en: {definition: "a\\u2066b"}\n',
        "E108",
        "4:20",
        "'definition' contains control character U+2066",
    ),
    "article-title": case(
        'articles:\n  x: {title: "T\\e", language: it}\n',
        "E108",
        "2:14",
        "'title' contains control character U+001B",
    ),
}

ENCODINGS = {
    "latin-1": case(
        HEAD.encode() + "  en: {definition: café}\n".encode("latin-1"),
        "E102",
        "4:23",
        "not UTF-8: byte 0xe9 cannot be decoded",
    ),
    "latin-1-after-accents": case(
        HEAD.encode() + "  en: {definition: città ".encode() + b"caf\xe9}\n",
        "E102",
        "4:29",
        "not UTF-8: byte 0xe9 cannot be decoded",
    ),
    "bom-then-latin-1": case(
        b"\xef\xbb\xbfconcepts: caf\xe9\n", "E102", "1:14", "not UTF-8: byte 0xe9 cannot be decoded"
    ),
    "utf-16": case(
        "concepts: []\n".encode("utf-16"), "E102", "1:1", "not UTF-8: byte 0xff cannot be decoded"
    ),
    "encoded-surrogate": case(
        b"concepts: \xed\xa0\x80\n", "E102", "1:11", "not UTF-8: byte 0xed cannot be decoded"
    ),
    "truncated-sequence": case(
        b"concepts: caf\xc3", "E102", "1:14", "not UTF-8: byte 0xc3 cannot be decoded"
    ),
    "binary": case(b"\x89PNG\r\n\x1a\n\x00\x00", "E102", "1:1", "not UTF-8: byte 0x89 cannot be decoded"),
}

EMPTY = {
    "zero-bytes": case(b"", "E107", "1:1", "empty file: expected a mapping with 'concepts'"),
    "whitespace": case("   \n\n  \n", "E107", "1:1", "empty file: expected a mapping with 'concepts'"),
    "comment": case("# nothing yet\n", "E107", "1:1", "empty file: expected a mapping with 'concepts'"),
    "bom-only": case(b"\xef\xbb\xbf", "E107", "1:1", "empty file: expected a mapping with 'concepts'"),
    "crlf-only": case(b"\r\n\r\n", "E107", "1:1", "empty file: expected a mapping with 'concepts'"),
    "document-start-only": case(
        "---\n", "E106", "2:1", "a glossary file must be a mapping, not an empty value"
    ),
    "null": case("~\n", "E106", "1:1", "a glossary file must be a mapping, not an empty value"),
    "empty-mapping": case("{}\n", "E107", "1:1", "a glossary file needs 'concepts' or 'articles'"),
}

# BOM and CRLF do not move the positions: lines and columns are those an editor shows.
LINE_ENDS = {
    "crlf-syntax": syntax(
        "concepts:\r\n- id: a\r\n  domain: [\r\n", "4:1", "did not find expected node content"
    ),
    "crlf-duplicate": case(
        HEAD.replace("\n", "\r\n") + "  id: b\r\n", "E103", "4:3", "duplicate key 'id' (first at line 2)"
    ),
    "bom-syntax-line-1": case(
        b"\xef\xbb\xbfconcepts: ]\n", "E101", "1:11", "YAML syntax error: did not find expected node content"
    ),
    "bom-control-line-1": case(
        b"\xef\xbb\xbfconcepts: \x07\n",
        "E101",
        "1:11",
        "YAML syntax error: character U+0007 is not allowed in a YAML file",
    ),
    "bom-crlf-unknown-key": case(
        b"\xef\xbb\xbfconcepts:\r\n- id: a\r\n  domain: concept\r\n  colour: red\r\n",
        "E105",
        "4:3",
        "unknown key 'colour' in a concept (allowed: domain, en, id, it, provenance, related, source_id, sources)",
    ),
    "old-mac-line-ends": syntax(
        "concepts:\r- id: a\r  domain: [\r", "4:1", "did not find expected node content"
    ),
}

CASES = {
    **{f"syntax/{k}": v for k, v in SYNTAX.items()},
    **{f"duplicate/{k}": v for k, v in DUPLICATE_KEYS.items()},
    **{f"unknown/{k}": v for k, v in UNKNOWN_KEYS.items()},
    **{f"type/{k}": v for k, v in WRONG_TYPES.items()},
    **{f"anchor/{k}": v for k, v in ANCHORS.items()},
    **{f"control/{k}": v for k, v in CONTROLS.items()},
    **{f"encoding/{k}": v for k, v in ENCODINGS.items()},
    **{f"empty/{k}": v for k, v in EMPTY.items()},
    **{f"line-ends/{k}": v for k, v in LINE_ENDS.items()},
}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / (name.replace("/", "-") + ".yaml")
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def located(path: Path, item: Case) -> str:
    return f"{path}:{item.where}" if item.where else str(path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_library_refuses_with_one_located_problem(tmp_path: Path, name: str) -> None:
    item = CASES[name]
    path = write(tmp_path, name, item.content)
    with pytest.raises(LoadError) as caught:
        load_file(path)
    assert str(caught.value) == f"{located(path, item)}: {item.message}"
    assert [p.code.value for p in caught.value.problems] == [item.code]


#: Every way a bad file reaches the command line.
ROUTES = ("lookup", "lookup --no-cache", "check", "GLOSSARY_PATH")


def assert_refused(invoke, route: str, path: Path | str, where: str, code: str, message: str) -> None:
    """``lookup`` prints one line on stderr and exits 3, whether it answers from the index
    cache or reads the YAML, and whether the file is given with -g or GLOSSARY_PATH; ``check``
    reports the same problem on stdout and exits 1."""
    location = f"{path}:{where}" if where else str(path)
    if route == "check":
        result = invoke("--no-default", "-g", str(path), "check")
        assert result.exit_code == 1
        assert result.stdout == (
            f"{location}: {code} {message}\n0 concepts in 0 files: 1 errors, 0 warnings, 0 notes — not clean\n"
        )
        return
    if route == "GLOSSARY_PATH":
        result = invoke("--no-default", "lookup", "x", env={"GLOSSARY_PATH": str(path)})
    else:
        result = invoke(*route.split()[1:], "--no-default", "-g", str(path), "lookup", "x")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"glossary: {location}: {message}\n"


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_command_line_refuses_with_one_line(invoke, tmp_path: Path, name: str, route: str) -> None:
    item = CASES[name]
    path = write(tmp_path, name, item.content)
    assert_refused(invoke, route, path, item.where, item.code, item.message)


def test_a_bad_layer_on_top_of_the_packaged_data_stops_the_command(invoke, tmp_path: Path) -> None:
    path = write(tmp_path, "bad", CASES["anchor/billion-laughs"].content)
    extra = write(tmp_path, "good", HEAD)
    result = invoke("lookup", "Isis", env={"GLOSSARY_PATH": os.pathsep.join([str(extra), str(path)])})
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"glossary: {path}:1:11: anchors are not allowed in a glossary (&a0)\n"


def test_check_json_locates_the_problem(invoke, tmp_path: Path) -> None:
    path = write(tmp_path, "dup", DUPLICATE_KEYS["term-flow"].content)
    result = invoke("--no-default", "-g", str(path), "check", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"] == [
        {
            "code": "E103",
            "severity": "error",
            "message": "duplicate key 'type' (first at line 6)",
            "path": str(path),
            "line": 6,
            "column": 53,
        }
    ]


# ---------------------------------------------------------------------------------------
# What does load: BOM, CRLF, tabs and new lines inside text


def test_crlf_block_scalars_load_without_carriage_returns(tmp_path: Path) -> None:
    text = (
        "concepts:\n- id: a\n  domain: concept\n  en:\n    terms:\n"
        + TERM
        + "    definition: >\n      First line.\n      Second line.\n    notes:\n    - >-\n      folded\n      note\n"
    )
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    section = load_file(path).concepts[0].en
    assert section is not None
    assert (section.definition, section.notes) == ("First line. Second line.", ("folded note",))


ONE_LINE = "every glossary text is one line (write a long one as a folded block, '>-')"


@pytest.mark.parametrize(
    ("value", "where", "code_point"),
    [
        ('"one\\ttwo"', "5:17", "0009"),
        ('"one\\ntwo"', "5:17", "000A"),
        ('"one\\u2028two"', "5:17", "2028"),
        ('"one\\u2029two"', "5:17", "2029"),
        ("|\n      First line.\n      Second line.", "5:17", "000A"),
    ],
    ids=["tab", "new-line", "line-separator", "paragraph-separator", "literal-block"],
)
def test_a_text_over_several_lines_is_refused_where_it_stands(
    tmp_path: Path, value: str, where: str, code_point: str
) -> None:
    # No exchange format carries a line break everywhere (TBX collapses whitespace, OmegaT and
    # DeepL are a line an entry), so that none can change a text, the glossary holds none.
    path = tmp_path / "lines.yaml"
    path.write_text(HEAD + "  en:\n    definition: " + value + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_file(path)
    message = f"'definition' contains a tab or line break (U+{code_point}): {ONE_LINE}"
    assert str(caught.value) == f"{path}:{where}: {message}"


@pytest.mark.parametrize("code_point", ["FFFE", "FFFF"])
def test_a_non_character_xml_cannot_carry_is_refused(tmp_path: Path, code_point: str) -> None:
    path = tmp_path / "nonchar.yaml"
    path.write_text(HEAD + f'  en: {{definition: "a \\u{code_point} b"}}\n', encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_file(path)
    message = f"'definition' contains the non-character U+{code_point}, which no exchange format can carry"
    assert str(caught.value).endswith(f": {message}")


def test_right_to_left_marks_and_arabic_script_are_text(tmp_path: Path) -> None:
    path = tmp_path / "arabic.yaml"
    path.write_text(
        HEAD + '  en: {definition: "Abu Bakr al-Baghdadi (\u200fأبو بكر البغدادي\u200f)"}\n', encoding="utf-8"
    )
    section = load_file(path).concepts[0].en
    assert section is not None and section.definition == "Abu Bakr al-Baghdadi (\u200fأبو بكر البغدادي\u200f)"


# ---------------------------------------------------------------------------------------
# Paths that are not readable files, and files too large to read


def _big_glossary(path: Path, size: int) -> None:
    """A valid glossary of about ``size`` bytes, written in chunks."""
    entry = (
        "- id: c{n}\n  domain: concept\n  en:\n    terms:\n"
        "    - {{text: term {n}, type: full-form, status: preferred}}\n"
        "    definition: Definition number {n} of a generated concept, long enough to be typical.\n"
        "  sources: [{{citation: 'Source {n}'}}]\n"
    )
    written = 0
    number = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("concepts:\n")
        while written < size:
            chunk = "".join(entry.format(n=n) for n in range(number, number + 2000))
            number += 2000
            out.write(chunk)
            written += len(chunk)


@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 MB of valid glossary, over MAX_FILE_BYTES (32 MiB): refused, from its size."""
    path = tmp_path_factory.mktemp("big") / "terms.yaml"
    _big_glossary(path, 50 * 1000 * 1000)
    return path


def _mib(path: Path) -> str:
    return f"{path.stat().st_size / (1024 * 1024):.1f}"


def _refuse_to_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Opening ``path`` raises PermissionError, as it does for a user without read permission."""

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(glossary.sources, "open", guarded, raising=False)


PATHS = ("folder-without-yaml", "missing", "unreadable-simulated", "50-mb", "device-without-size")


@pytest.fixture()
def bad_path(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, str, str]:
    """(path, code, message) of one path that cannot be loaded, by name."""
    kind = request.param
    if kind == "folder-without-yaml":
        folder = tmp_path / "terms.yaml"  # a folder, whatever its name says
        (folder / "sub.yaml").mkdir(parents=True)  # folders inside are not files to read
        return folder, "E100", "no .yaml files in this folder"
    if kind == "missing":
        return tmp_path / "gone" / "terms.yaml", "E100", "no such file or folder"
    if kind == "unreadable-simulated":  # runs as root too, which reads any file
        path = write(tmp_path, "secret", HEAD)
        _refuse_to_open(monkeypatch, path)
        return path, "E100", "cannot read: permission denied"
    if kind == "50-mb":
        path = request.getfixturevalue("fifty_mb")
        return path, "E109", f"file too large ({_mib(path)} MiB; the limit is 32 MiB a file: split it)"
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    # A size of 0 that never ends: read up to the limit, then refused.
    return Path("/dev/zero"), "E109", "file too large (the limit is 32 MiB a file: split it)"


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("bad_path", PATHS, indirect=True)
def test_a_path_that_cannot_be_read(invoke, bad_path: tuple[Path, str, str], route: str) -> None:
    path, code, message = bad_path
    assert_refused(invoke, route, path, "", code, message)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
@pytest.mark.parametrize("route", ROUTES)
def test_a_file_without_read_permission(invoke, tmp_path: Path, route: str) -> None:
    path = write(tmp_path, "secret", HEAD)
    path.chmod(0)
    try:
        assert_refused(invoke, route, path, "", "E100", "cannot read: permission denied")
    finally:
        path.chmod(0o644)


def test_reading_a_folder_as_a_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        read_bytes(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a file"


def test_a_50_mb_file_is_refused_without_being_read(fifty_mb: Path) -> None:
    assert MAX_FILE_BYTES < fifty_mb.stat().st_size
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as caught:
            load_file(fifty_mb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        f"{fifty_mb}: file too large ({_mib(fifty_mb)} MiB; the limit is 32 MiB a file: split it)"
    )
    assert caught.value.problems[0].code.value == "E109"
    assert peak < 1024 * 1024, f"{peak} bytes allocated: the file was read"


def test_the_limit_is_inclusive(tmp_path: Path) -> None:
    path = write(tmp_path, "small", HEAD)
    size = path.stat().st_size
    assert read_bytes(path, limit=size) == HEAD.encode()
    with pytest.raises(LoadError) as caught:
        read_bytes(path, limit=size - 1)
    assert caught.value.problems[0].code.value == "E109"


# ---------------------------------------------------------------------------------------
# Nesting: refused at MAX_DEPTH, long before any recursion limit


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("concepts: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:34"),
        ("concepts: " + "[" * 100_000 + "\n", "1:34"),
        ("concepts: " + "{a: " * 100_000 + "\n", "1:103"),
        ("".join(" " * depth + "- \n" for depth in range(1000)), "25:25"),
    ],
    ids=["flow-lists", "unclosed-flow-lists", "flow-mappings", "block-lists"],
)
@pytest.mark.parametrize("parser", ["libyaml", "pure"])
def test_deep_nesting_is_refused_not_recursed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, where: str, parser: str
) -> None:
    # libyaml 0.2.6 (PyYAML 6.0.4) refuses deep flow nesting itself, with its own message,
    # before it yields the events where the tool's limit is crossed: the message is the
    # tool's, at the tool's place, whichever parser reads the file.
    if parser == "pure":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no libyaml parser")
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_file(path)
    assert str(caught.value) == f"{path}:{where}: nesting deeper than {MAX_DEPTH} levels"


def test_nesting_up_to_the_limit_parses() -> None:
    deepest = parse("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n", "x.yaml")
    assert deepest is not None
    with pytest.raises(Exception, match=f"nesting deeper than {MAX_DEPTH} levels"):
        parse("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", "x.yaml")


# ---------------------------------------------------------------------------------------
# Without libyaml (a PyYAML built from source): the same refusals from the pure parser


@pytest.fixture()
def pure_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)


@pytest.mark.usefixtures("pure_yaml")
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # The pure reader checks characters when it is created: this used to escape as a traceback.
        (
            "concepts:\n- id: città\x07\n",
            "2:12: YAML syntax error: character U+0007 is not allowed in a YAML file",
        ),
        ("concepts: " + "[" * 100_000 + "\n", "1:34: nesting deeper than 24 levels"),
        # The pure parser reads a lone surrogate from an escape; the loader refuses it.
        ('concepts:\n- id: "\\ud800"\n  domain: concept\n', "2:7: 'id' contains control character U+D800"),
        ("concepts: &a [x]\n", "1:11: anchors are not allowed in a glossary (&a)"),
    ],
    ids=["control-character", "deep-nesting", "lone-surrogate", "anchor"],
)
def test_pure_python_parser(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "pure.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_glossary([path], default=False)
    assert str(caught.value) == f"{path}:{expected}"


# ---------------------------------------------------------------------------------------
# A file name that is not UTF-8 (Latin-1 names on a Linux disk): a real process, strict UTF-8 output


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Such a name used to stop every command with a traceback: the index cache could not
    store it (the commands now read the YAML instead) and `check` could not print it."""
    good = tmp_path / os.fsdecode(b"glossario-\xe8.yaml")
    good.write_bytes((Path(__file__).parent / "data" / "valid" / "mini.yaml").read_bytes())
    bad = tmp_path / os.fsdecode(b"rotto-\xe8.yaml")
    bad.write_text("concepts: &a []\n", encoding="utf-8")
    env = dict(
        os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), GLOSSARY_PATH="", PYTHONIOENCODING="utf-8:strict"
    )

    def glossary_command(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
        argv = [sys.executable, "-m", "cli", "--no-default", *(os.fsencode(a) for a in args)]
        return subprocess.run(argv, capture_output=True, env=env, cwd=ROOT, check=False)

    done = glossary_command("-g", good, "lookup", "Isis", "--json")
    assert (done.returncode, done.stderr) == (0, b"")
    assert [m["concept"]["id"] for m in json.loads(done.stdout)["matches"]] == ["islamic-state"]
    shown = f"{tmp_path}/rotto-\ufffd.yaml".encode()  # the byte that is not text, as U+FFFD
    done = glossary_command("-g", bad, "lookup", "x")
    assert (done.returncode, done.stdout) == (3, b"")
    assert done.stderr == b"glossary: " + shown + b":1:11: anchors are not allowed in a glossary (&a)\n"
    done = glossary_command("check", bad)
    assert (done.returncode, done.stderr) == (1, b"")
    assert done.stdout.splitlines()[0] == shown + b":1:11: E104 anchors are not allowed in a glossary (&a)"
