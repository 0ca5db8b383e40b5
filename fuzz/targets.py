"""The fuzz targets: bytes in, and either a correct result or the one error each may raise.

Each ``check_*`` function raises AssertionError when an invariant fails and lets any other
unexpected exception through; the engines (atheris or hypothesis, see run.py) report both as
findings. The targets import the library lazily so that atheris can instrument it first.
"""

from __future__ import annotations

import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "valid" / "mini.yaml"
# The invariants are the property tests' own (tests/invariants.py).
sys.path.insert(0, str(ROOT / "tests"))

_SCRATCH = Path(tempfile.mkdtemp(prefix="glossary-fuzz-"))


def library_modules() -> list[str]:
    """The modules the targets exercise (imported under atheris' instrumentation)."""
    return [
        "glossary.yamlread",
        "glossary.loader",
        "glossary.text",
        "glossary.language",
        "glossary.match",
        "glossary.lookup",
        "glossary.translate",
        "glossary.annotate",
        "glossary.exchange.safexml",
        "glossary.exchange.tbximport",
        "glossary.exchange.yamlwrite",
        "glossary.exchange.jsonexport",
        "glossary.serialize",
        "glossary.errors",
        "glossary.forms",
        "glossary.cache.codec",
        "glossary.cache.freshness",
        "glossary.cache.build",
        "glossary.cache.store",
    ]


# -- the YAML loader ---------------------------------------------------------------------


def check_yaml(data: bytes) -> None:
    """Any bytes as a glossary file: it loads (and writes back the same), or every problem is
    located in that file on one line."""
    from invariants import check_load_error

    from glossary.errors import LoadError
    from glossary.loader import load_file

    path = _SCRATCH / "fuzz.yaml"
    path.write_bytes(data)
    try:
        loaded = load_file(path)
    except LoadError as exc:
        check_load_error(exc, path, data)
        return
    _check_round_trip(loaded)


def _check_round_trip(loaded: Any) -> None:
    """What loads is written back (as import writes YAML, and as the JSON export) and reads back
    the same."""
    from glossary.exchange.jsonexport import export_json
    from glossary.exchange.yamlwrite import dump
    from glossary.loader import load_file
    from glossary.serialize import article_to_dict, concept_to_dict

    document: dict[str, Any] = {}
    if loaded.articles:
        document["articles"] = {a.id: article_to_dict(a) for a in loaded.articles}
    document["concepts"] = [concept_to_dict(c) for c in loaded.concepts]
    again = _SCRATCH / "again.yaml"
    again.write_text(dump(document), encoding="utf-8")
    exported = _SCRATCH / "again.json"
    exported.write_bytes(export_json(loaded.concepts, {a.id: a for a in loaded.articles}).data)
    for path in (again, exported):
        reloaded = load_file(path)
        assert reloaded.concepts == loaded.concepts, path.name
        assert reloaded.articles == loaded.articles, path.name


# -- matching, translation, annotation ---------------------------------------------------


@lru_cache(maxsize=1)
def _index() -> Any:
    from glossary.index import Index
    from glossary.loader import load_glossary

    return Index(load_glossary([MINI], environ={}))


def check_text(data: bytes) -> None:
    """Any text (lone surrogates included): scan, translate, annotate and lookup never fail."""
    from invariants import check_text_invariants

    check_text_invariants(data.decode("utf-8", "surrogateescape"), _index())


# -- TBX import --------------------------------------------------------------------------


def check_tbx(data: bytes) -> None:
    """Any bytes as a TBX file: a document that writes as valid YAML, or one clear error."""
    from glossary.exchange import UnreadableInputError
    from glossary.exchange.tbximport import read_tbx

    path = _SCRATCH / "fuzz.tbx"
    path.write_bytes(data)
    try:
        imported = read_tbx(path)
    except UnreadableInputError as exc:
        message = str(exc)
        assert message.startswith(f"{path}"), f"the error does not name the file: {message!r}"
        assert "\n" not in message and "\r" not in message, f"not one line: {message!r}"
        return
    check_written_yaml(imported.document)


def check_written_yaml(document: dict[str, Any]) -> None:
    """The YAML that import writes for a document parses back to exactly that document."""
    from glossary.exchange.yamlwrite import dump
    from glossary.yamlread import parse, to_plain

    text = dump(document, comments=["fuzz"])
    root = parse(text, "imported.yaml")
    assert root is not None and to_plain(root) == _as_text(document)


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_text(item) for item in value]
    return value


# -- the index cache -----------------------------------------------------------------------

_QUERIES = ("Isis", "califfato", "disertori", "Daesh", "cellula", "Isys", "xyz")


def _answers(index: Any) -> Any:
    """What commands print, in data: every concept, and each query's hits and suggestions."""
    from glossary.lookup import find
    from glossary.translate import translate

    concepts = [index.concept(c.id) for c in index.concepts()]
    found = [find(q, index.store) for q in _QUERIES]
    translated = translate("i disertori dell'Isis e il califfato", index.store, index.concept)
    return concepts, found, translated.text, len(index), sorted(index.articles)


@lru_cache(maxsize=1)
def _truth() -> Any:
    from glossary.index import Index
    from glossary.loader import load_glossary

    return _answers(Index(load_glossary([MINI], default=False, environ={})))


def _database() -> Path:
    from glossary.cache import database_path
    from glossary.sources import source_layers

    return database_path(source_layers([MINI], default=False, environ={}), _SCRATCH / "cache")


def check_cache(data: bytes) -> None:
    """Any bytes as the database of a glossary, sealed as if a build had left them (so that
    only the records' checksums and the reader's own checks stand between them and an
    answer): every answer is the YAML's, whatever they hold."""
    from glossary.cache.freshness import write_seal
    from glossary.index import Index

    path = _database()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    write_seal(path)
    index = Index.open([MINI], default=False, environ={}, cache_dir=_SCRATCH / "cache")
    assert _answers(index) == _truth(), "the damaged cache gave another answer"


def _built_database() -> Path:
    """A database of the mini glossary as a build leaves it: the seed to mutate."""
    from glossary.index import Index

    Index.open([MINI], default=False, environ={}, cache_dir=_SCRATCH / "cache")
    return _database()


TARGETS = {"yaml": check_yaml, "text": check_text, "tbx": check_tbx, "cache": check_cache}


def seeds(target: str) -> list[Path]:
    """Files to start from: the project's own test data for that input."""
    if target == "cache":
        seed = _SCRATCH / "seed.sqlite"
        seed.write_bytes(_built_database().read_bytes())
        return [seed]
    data = ROOT / "tests" / "data"
    patterns = {
        "yaml": [data / "valid", data / "invalid"],
        "text": [data / "articles"],
        "tbx": [data / "exchange"],
    }[target]
    found = [p for folder in patterns for p in sorted(folder.iterdir()) if p.is_file()]
    if target == "text":
        shared = ROOT.parent / "shared" / "articles"
        if shared.is_dir():
            found += sorted(shared.glob("*.txt"))
    if target == "tbx":
        found = [p for p in found if p.suffix == ".tbx"]
    return found


def cleanup() -> None:
    import shutil

    shutil.rmtree(_SCRATCH, ignore_errors=True)
