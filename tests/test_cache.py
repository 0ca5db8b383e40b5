"""The on-disk index: same answers as the YAML in memory, and never stale, broken or raced."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from glossary.annotate import annotate
from glossary.cache import CachedGlossary, cache_root, database_path, open_cached
from glossary.cache import build as cache_build
from glossary.cache import codec as cache_codec
from glossary.forms import Filed, Form, FormStore, stem
from glossary.index import Index
from glossary.loader import load_glossary
from glossary.lookup import find
from glossary.model import LANGUAGES
from glossary.sources import packaged_data_dir, source_layers
from glossary.translate import translate

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"
LAYERED = Path(__file__).parent / "data" / "layered"
CROWDED = [LAYERED / "crowded-forms.yaml", LAYERED / "crowded-forms-override.yaml"]

ONE = """concepts:
- id: {id}
  domain: concept
  it:
    terms:
    - {{text: {it}, type: full-form, status: preferred, gender: masculine}}
  en:
    terms:
    - {{text: {en}, type: full-form, status: preferred}}
"""


def concept_yaml(concept_id: str, it: str, en: str) -> str:
    return ONE.format(id=concept_id, it=it, en=en)


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture()
def cli(root: Path):
    """Run the app with the cache under ``root`` (as XDG_CACHE_HOME would put it)."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), env={"GLOSSARY_PATH": "", "XDG_CACHE_HOME": str(root)})

    return run


def lookup_ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["concept"]["id"] for m in json.loads(result.stdout)["matches"]]


def databases(root: Path) -> list[Path]:
    return sorted((root / "glossary").glob("*.sqlite"))


# ---------------------------------------------------------------------------------------
# The cache answers as the YAML does


@pytest.mark.parametrize("layers", [[packaged_data_dir()], [MINI]], ids=["packaged", "mini"])
def test_cached_index_equals_the_loaded_one(root: Path, layers: list[Path]) -> None:
    cached = open_cached(layers, root=root)
    loaded = Index(load_glossary(layers, default=False))
    assert [c.id for c in cached.concepts()] == [c.id for c in loaded.concepts()]
    for concept in loaded.concepts():
        again = cached.concept(concept.id)
        assert again == concept
        assert again is not None and again.origin == concept.origin
        for lang in ("it", "en"):
            section, copy = concept.section(lang), again.section(lang)
            if section is not None and copy is not None:
                assert copy.origin == section.origin
                assert [t.origin for t in copy.terms] == [t.origin for t in section.terms]
    assert cached.articles == loaded.articles
    assert len(cached) == len(loaded)
    assert cached.concept("no-such-id") is None


LAYERS = [[packaged_data_dir()], [MINI], CROWDED]
LAYER_IDS = ["packaged", "mini", "crowded"]


@pytest.mark.parametrize("layers", LAYERS, ids=LAYER_IDS)
def test_cached_store_answers_as_the_memory_store(root: Path, layers: list[Path]) -> None:
    memory = Index(load_glossary(layers, default=False)).store
    assert_same_answers(open_cached(layers, root=root).store, memory)


def test_updated_store_answers_as_the_memory_store(tmp_path: Path, root: Path) -> None:
    """A file re-read by an update gets new rows after those of the files loaded after it:
    answers must still come in load order."""
    layers = [tmp_path / "base.yaml", tmp_path / "override.yaml"]
    for copy, original in zip(layers, CROWDED):
        copy.write_bytes(original.read_bytes())
    open_cached(layers, root=root)
    layers[0].write_bytes(CROWDED[0].read_bytes() + b"# edited\n")
    memory = Index(load_glossary(layers, default=False)).store
    assert_same_answers(open_cached(layers, root=root).store, memory)


def spelled(store: FormStore) -> list[tuple[str, str, str, str]]:
    """Every spelling a store lists, as (language, key, concept id, term), in its order; those
    of replaced concepts left out."""
    return [
        (group.lang, key, *entry)
        for group in store.spellings(LANGUAGES)
        for n, key in enumerate(group.keys)
        if (entry := group.entry(n)) is not None
    ]


def assert_same_answers(store: FormStore, memory: FormStore) -> None:
    forms = list(memory.forms())
    assert sorted(map(repr, store.forms())) == sorted(map(repr, forms))
    assert sorted(spelled(store)) == sorted(spelled(memory))
    strings = {"nothing-like-this", ""}
    for form in forms:
        strings |= {form.key, form.key.split(" ")[0], "".join(form.tokens), *form.tokens}
        strings |= {stem(lang, token) for lang in LANGUAGES for token in form.tokens}
    # Every question with every string: one string is a first token, a key, a compact key
    # or a stem for different forms, and must answer each question with its own forms only,
    # in load order.
    for text in sorted(strings):
        assert list(store.by_first(text)) == list(memory.by_first(text)), text
        assert list(store.by_key(text)) == list(memory.by_key(text)), text
        assert list(store.by_compact(text)) == list(memory.by_compact(text)), text
        assert_same_filed(store, store.filed_by_first(text), memory.by_first(text))
        for lang in (*LANGUAGES, "de"):
            assert list(store.by_stem(lang, text)) == list(memory.by_stem(lang, text)), (lang, text)
            assert_same_filed(store, store.filed_by_stem(lang, text), memory.by_stem(lang, text))


def assert_same_filed(store: FormStore, filed: Sequence[Filed], forms: Sequence[Form]) -> None:
    """Forms as filed (before they are read) are the forms: read together, in load order;
    one by one, each with its own first two tokens, which a match sorts them by."""
    assert store.read(filed) == list(forms)
    for row in filed:
        for form in store.read([row]):  # none for a form of a concept replaced since
            assert (row[0], row[1]) == (form.tokens[0], form.tokens[1] if len(form.tokens) > 1 else "")


def test_crowded_layers_answer_from_the_layer_in_force(root: Path) -> None:
    """What the equality with memory above rests on, spelled out for the crowded fixture."""
    store = open_cached(CROWDED, root=root).store
    rete = [(f.concept_id, f.surface) for f in store.by_first("rete")]
    # Load order, the replaced entries at their new place; "network"'s old plural is gone.
    assert rete == [
        ("national-water-network", "rete idrica nazionale"),
        ("aqueduct", "rete idrica"),
        ("power-grid", "rete elettrica"),
        ("safety-net", "rete di sicurezza"),
        ("rete-party", "RETE"),
        ("rete-party", "Rete Nazionale"),
        ("network", "rete"),
        ("water-network", "rete idrica"),
        ("grid", "rete"),
    ]
    assert [f.concept_id for f in store.by_key("reti")] == ["network"]
    assert [f.surface for f in store.by_first("networks")] == ["networks security"]
    assert [f.concept_id for f in store.by_compact("reteidrica")] == ["aqueduct", "water-network"]
    assert [(f.concept_id, f.surface) for f in store.by_key("reteidrica")] == [("aqueduct", "reteidrica")]
    assert {f.lang for f in store.by_stem("en", "sport")} == {"en"}
    assert {f.lang for f in store.by_stem("it", "sport")} == {"it"}
    assert [f.surface for f in store.by_stem("it", "sport")] == ["sport", "sport estremi"]


@pytest.mark.parametrize("layers", LAYERS, ids=LAYER_IDS)
def test_cached_matching_answers_as_memory(root: Path, layers: list[Path]) -> None:
    cached = Index(source=open_cached(layers, root=root))
    loaded = Index(load_glossary(layers, default=False))
    lines = []
    for form in loaded.store.forms():
        surface = form.surface
        lines.append(f"{surface}, {surface.upper()}; {surface.title()} e {surface}i - {surface}s.")
    text = "\n".join(lines)
    assert annotate(text, cached.store) == annotate(text, loaded.store)
    for lang in LANGUAGES:
        assert annotate(text, cached.store, lang=lang) == annotate(text, loaded.store, lang=lang)
        assert translate(text, cached.store, cached.concept, source=lang) == translate(
            text, loaded.store, loaded.concept, source=lang
        )


@pytest.mark.parametrize("layers", [CROWDED, [MINI]], ids=["crowded", "mini"])
def test_cached_matching_answers_as_memory_on_every_pair_of_words(root: Path, layers: list[Path]) -> None:
    """Each word of the glossary followed by each other one, and by words it lacks: forms
    that share a first word but not a second, forms replaced by a later layer, stems both
    languages share. The on-disk store reads a form only once the text goes on as the form
    does, and must find what memory finds."""
    cached = Index(source=open_cached(layers, root=root))
    loaded = Index(load_glossary(layers, default=False))
    words = {word for form in loaded.store.forms() for word in form.surface.split()}
    words |= {"sports", "estremi", "idriche", "reti", "retine", "nets", "zzzz", "qwerty"}
    ordered = sorted(words)
    text = "\n".join(f"{a} {b}, {a.upper()} {b}; {a.lower()} {b.lower()}." for a in ordered for b in ordered)
    assert annotate(text, cached.store) == annotate(text, loaded.store)
    for lang in LANGUAGES:
        assert annotate(text, cached.store, lang=lang) == annotate(text, loaded.store, lang=lang)
        assert translate(text, cached.store, cached.concept, source=lang) == translate(
            text, loaded.store, loaded.concept, source=lang
        )


def test_listings_keep_load_order_after_an_update_reads_an_early_file_again(
    tmp_path: Path, root: Path
) -> None:
    """The rows of a file read again come after those of the files loaded after it:
    listings must still come in load order (suggestions break ties by it)."""
    layers = [tmp_path / "base.yaml", tmp_path / "override.yaml"]
    for copy, original in zip(layers, CROWDED):
        copy.write_bytes(original.read_bytes())
    fresh = open_cached(layers, root=root)
    assert fresh._rows_in_load_order()
    spellings, forms = spelled(fresh.store), list(fresh.store.forms())
    fresh.close()
    layers[0].write_bytes(CROWDED[0].read_bytes() + b"# edited\n")
    updated = open_cached(layers, root=root)
    assert not updated._rows_in_load_order()
    assert spelled(updated.store) == spellings
    assert list(updated.store.forms()) == forms
    # What telling the two apart rests on: a file's rows follow its concepts' order.
    for (file,) in updated._db.execute("SELECT id FROM files"):
        rows = updated._db.execute("SELECT pos FROM concepts WHERE file = ? ORDER BY id", (file,))
        places = [pos for (pos,) in rows]
        assert places == sorted(places)


@pytest.mark.parametrize("damage", ["records", "file"])
def test_damage_found_while_reading_forms_falls_back_to_the_yaml(root: Path, damage: str) -> None:
    """Forms are read after they were found: damage seen only then still answers from the
    YAML, with the very forms the rows stood for."""
    cached = open_cached(CROWDED, root=root)
    memory = Index(load_glossary(CROWDED, default=False)).store
    filed = cached.store.filed_by_first("rete")
    stemmed = cached.store.filed_by_stem("it", stem("it", "reti"))
    path = database_path(CROWDED, root)
    if damage == "records":
        with sqlite3.connect(path) as db:
            db.execute("UPDATE concepts SET forms = x'00'")
        db.close()
    else:
        path.write_bytes(path.read_bytes()[:1024])
    idrica = [row for row in filed if row[1] == "idrica"]
    assert cached.store.read(idrica) == [f for f in memory.by_first("rete") if f.tokens[1:2] == ("idrica",)]
    assert not path.exists()  # the next command builds a new one
    assert cached.store.read(filed) == list(memory.by_first("rete"))
    assert cached.store.read(stemmed) == list(memory.by_stem("it", stem("it", "reti")))
    assert find("rete idrica", cached.store) == find("rete idrica", memory)


def test_damage_found_while_reading_by_key_or_compact_falls_back_to_the_yaml(root: Path) -> None:
    """Rows answered before the damage, read after it: the whole key and the spacing variant
    still answer from the YAML."""
    cached = open_cached(CROWDED, root=root)
    memory = Index(load_glossary(CROWDED, default=False)).store
    cached.store.expect(["rete", "reteidrica"])  # the rows, not yet the forms
    with sqlite3.connect(database_path(CROWDED, root)) as db:
        db.execute("UPDATE concepts SET forms = x'00'")
    db.close()
    assert list(cached.store.by_compact("reteidrica")) == list(memory.by_compact("reteidrica"))
    assert cached._fallback is not None
    assert list(cached.store.by_key("rete idrica")) == list(memory.by_key("rete idrica"))


def test_lookup_and_translate_agree_with_memory(root: Path) -> None:
    cached = Index.open(cache_dir=root)
    loaded = Index(load_glossary())
    assert isinstance(cached._source, CachedGlossary)
    for query in ("Isis", "dell’Isis", "jihadisti", "califato", "stato islamico", "zzzz"):
        assert find(query, cached.store) == find(query, loaded.store), query
    text = "I foreign fighters dello Stato islamico e i disertori dell’Isis fuggono dalla Siria."
    assert translate(text, cached.store, cached.concept) == translate(text, loaded.store, loaded.concept)


def test_layering_later_layer_replaces_and_removal_restores(tmp_path: Path, root: Path) -> None:
    first = tmp_path / "first.yaml"
    second = tmp_path / "second.yaml"
    first.write_text(
        concept_yaml("alpha", "alfa", "alpha") + concept_yaml("beta", "beta", "beta")[len("concepts:\n") :]
    )
    second.write_text(concept_yaml("alpha", "primo", "first"))
    cached = open_cached([first, second], root=root)
    assert [c.id for c in cached.concepts()] == ["beta", "alpha"]  # the replacement comes later
    assert len(cached) == 2
    assert find("primo", cached.store).hits[0].concept_id == "alpha"
    assert find("alfa", cached.store).hits == ()
    second.write_text(concept_yaml("gamma", "terzo", "third"))
    cached = open_cached([first, second], root=root)
    assert [c.id for c in cached.concepts()] == ["alpha", "beta", "gamma"]
    assert len(cached) == 3
    assert find("alfa", cached.store).hits[0].concept_id == "alpha"


@pytest.mark.parametrize("count", [0, 1, 199, 200, 201, 403])
def test_rows_inserted_many_a_statement_arrive_all_and_in_order(count: int) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t(k TEXT, n INTEGER)")
    rows = [(f"k{i}", i) for i in range(count)]
    cache_build._insert_rows(db, "INSERT INTO t(k, n)", rows, 2)
    assert db.execute("SELECT k, n FROM t ORDER BY rowid").fetchall() == rows


def test_same_id_twice_in_one_layer_second_wins(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text(
        concept_yaml("alpha", "alfa", "alpha") + concept_yaml("alpha", "bis", "encore")[len("concepts:\n") :]
    )
    cached = open_cached([path], root=root)
    assert len(cached) == 1
    concept = cached.concept("alpha")
    assert concept is not None and concept.preferred("it").text == "bis"  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------
# Never stale


def test_an_edit_to_any_file_is_seen_by_the_next_command(tmp_path: Path, root: Path, cli) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "a.yaml").write_text(concept_yaml("alpha", "alfa", "alpha"))
    (folder / "b.yaml").write_text(concept_yaml("beta", "bravo", "bravo"))
    assert lookup_ids(cli("-g", str(folder), "lookup", "bravo", "--json")) == ["beta"]
    # Same size, same inode, right away: only the bytes differ.
    (folder / "b.yaml").write_text(concept_yaml("beta", "xenon", "xenon"))
    assert cli("-g", str(folder), "lookup", "bravo", "--json").exit_code == 1
    assert lookup_ids(cli("-g", str(folder), "lookup", "xenon", "--json")) == ["beta"]
    # A file added to the folder, then one removed.
    (folder / "c.yaml").write_text(concept_yaml("gamma", "gamma", "gamma"))
    assert lookup_ids(cli("-g", str(folder), "lookup", "gamma", "--json")) == ["gamma"]
    (folder / "a.yaml").unlink()
    assert cli("-g", str(folder), "lookup", "alfa", "--json").exit_code == 1
    assert lookup_ids(cli("-g", str(folder), "lookup", "gamma", "--json")) == ["gamma"]
    assert len(databases(root)) == 1


def test_editing_the_packaged_layer_is_seen_too(tmp_path: Path, root: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for path in packaged_data_dir().glob("*.yaml"):
        (data / path.name).write_bytes(path.read_bytes())
    assert find("Isis", open_cached([data], root=root).store).hits
    target = data / "organisations.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("text: Isis\n", "text: Isys\n"), encoding="utf-8"
    )
    store = open_cached([data], root=root).store
    assert not find("Isis", store).hits or find("Isis", store).hits[0].form != "Isis"
    assert find("Isys", store).hits


def test_only_the_edited_file_is_read_again(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "terms"
    folder.mkdir()
    for number in range(3):
        (folder / f"part-{number}.yaml").write_text(
            concept_yaml(f"c{number}", f"parola{number}", f"word{number}")
        )
    open_cached([folder], root=root)
    read: list[str] = []
    import glossary.loader

    original = glossary.loader.load_file
    monkeypatch.setattr(  # the cache's workers call the loader's function
        glossary.loader,
        "load_file",
        lambda path, layer=0, data=None: read.append(path.name) or original(path, layer, data),
    )
    (folder / "part-1.yaml").write_text(concept_yaml("c1", "nuova", "new"))
    cached = open_cached([folder], root=root)
    assert read == ["part-1.yaml"]
    assert find("nuova", cached.store).hits[0].concept_id == "c1"
    read.clear()
    os.utime(folder / "part-2.yaml")  # touched, not changed: hashed, not parsed
    open_cached([folder], root=root)
    assert read == []


def test_a_broken_file_fails_to_load_until_it_is_fixed(tmp_path: Path, root: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "terms.yaml"
    path.write_text(concept_yaml("alpha", "alfa", "alpha"))
    assert cli("-g", str(path), "lookup", "alfa", "--json").exit_code == 0
    path.write_text("concepts:\n- id: alpha\n  domain: [\n")
    broken = cli("-g", str(path), "lookup", "alfa", "--json")
    assert broken.exit_code == 3
    assert broken.stderr == f"glossary: {path}:4:1: YAML syntax error: did not find expected node content\n"
    assert broken.stderr == cli("--no-cache", "-g", str(path), "lookup", "alfa", "--json").stderr
    path.write_text(concept_yaml("alpha", "alfa", "alpha"))
    assert lookup_ids(cli("-g", str(path), "lookup", "alfa", "--json")) == ["alpha"]


def test_a_missing_layer_is_a_load_error(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("-g", str(tmp_path / "absent.yaml"), "lookup", "Isis", "--json")
    assert result.exit_code == 3
    assert result.stderr == f"glossary: {tmp_path / 'absent.yaml'}: no such file or folder\n"


def test_new_code_rebuilds_the_database(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_cached([MINI], root=root)
    built: list[int] = []
    original = cache_build._build
    # Patched where they are defined and called: the builder module of the cache package.
    monkeypatch.setattr(cache_build, "_build", lambda *a: built.append(1) or original(*a))
    open_cached([MINI], root=root)
    assert built == []
    monkeypatch.setattr(cache_build, "code_key", lambda: "some other version")
    assert len(open_cached([MINI], root=root)) == 5
    assert built == [1]  # both patches took effect: the new code key made the build run


# ---------------------------------------------------------------------------------------
# Never broken


@pytest.mark.parametrize("keep", [0.5, 0.0, "garbage"], ids=["half", "empty", "garbage"])
def test_a_damaged_cache_file_is_rebuilt(root: Path, cli, keep: object) -> None:  # type: ignore[no-untyped-def]
    assert lookup_ids(cli("lookup", "Isis", "--json")) == ["islamic-state"]
    (database,) = databases(root)
    data = database.read_bytes()
    if keep == "garbage":
        database.write_bytes(b"this is not a database" * 100)
    else:
        database.write_bytes(data[: int(len(data) * keep)])  # type: ignore[call-overload]
    result = cli("lookup", "Isis", "--json")
    assert result.exit_code == 0, result.stderr
    assert lookup_ids(result) == ["islamic-state"]
    assert result.stderr == (
        f"glossary: note: {database}: the index cache was changed since it was built; building it again\n"
    )
    assert database.stat().st_size == len(data)
    assert isinstance(Index.open(cache_dir=root / "glossary")._source, CachedGlossary)


def test_damage_found_while_answering_falls_back_to_the_yaml(root: Path) -> None:
    cached = open_cached([MINI], root=root)
    path = database_path([MINI], root)
    path.write_bytes(path.read_bytes()[:1024])  # SQLite notices on the next read
    assert find("Isis", cached.store).hits[0].concept_id == "islamic-state"
    assert cached.concept("caliphate") is not None
    assert [c.id for c in cached.concepts()] == [
        c.id for c in load_glossary([MINI], default=False).concepts.values()
    ]
    assert not path.exists()  # the next command builds a new one
    assert len(open_cached([MINI], root=root)) == 5


def test_writes_leave_no_temporary_files(root: Path) -> None:
    open_cached([MINI], root=root)
    names = sorted(p.name for p in root.iterdir())
    assert len(names) == 3  # the database, the builders' lock, the seal
    assert (
        names[0].endswith(".sqlite")
        and names[1].endswith(".sqlite.lock")
        and names[2].endswith(".sqlite.seal")
    )


def test_two_processes_building_at_once_both_succeed(tmp_path: Path) -> None:
    folder = tmp_path / "terms"
    folder.mkdir()
    for part in range(4):
        body = "".join(
            concept_yaml(f"c{part}-{n}", f"parola{part}x{n} uno", f"word{part}x{n} one")[len("concepts:\n") :]
            for n in range(500)
        )
        (folder / f"part-{part}.yaml").write_text("concepts:\n" + body)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), GLOSSARY_PATH="")
    command = [
        sys.executable,
        "-m",
        "cli",
        "--no-default",
        "-g",
        str(folder),
        "lookup",
        "parola3x499 uno",
        "--json",
    ]
    processes = [
        subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (stdout, stderr) in zip(processes, outputs):
        assert process.returncode == 0, stderr
        assert [m["concept"]["id"] for m in json.loads(stdout)["matches"]] == ["c3-499"]
    assert len(databases(tmp_path / "cache")) == 1


# ---------------------------------------------------------------------------------------
# Where it lives, and how to do without it


def test_the_cache_lives_under_xdg_cache_home(tmp_path: Path) -> None:
    assert cache_root({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "glossary"
    assert cache_root({"XDG_CACHE_HOME": "relative/ignored"}) != Path("relative/ignored") / "glossary"


def test_no_cache_neither_reads_nor_writes_it(root: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--no-cache", "lookup", "Isis", "--json")
    assert lookup_ids(result) == ["islamic-state"]
    assert not root.exists()
    assert lookup_ids(cli("lookup", "Isis", "--json")) == ["islamic-state"]
    assert len(databases(root)) == 1


def test_an_unwritable_cache_folder_falls_back_to_the_yaml(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    index = Index.open(environ={"XDG_CACHE_HOME": str(blocker), "GLOSSARY_PATH": ""})
    assert not isinstance(index._source, CachedGlossary)
    assert find("Isis", index.store).hits


def test_one_database_per_list_of_layers(root: Path) -> None:
    packaged = source_layers([], default=True, environ={})
    assert database_path(packaged, root) == database_path(list(packaged), root)
    assert database_path(packaged, root) != database_path([*packaged, MINI], root)


def test_the_database_files_every_form_where_filings_says(root: Path) -> None:
    """One rule files a form, for memory and for the database: the ``keys`` table holds, for
    every form of every concept in force, exactly the strings and roles of ``filings``."""
    from glossary.forms import filings, forms_of

    layers = [packaged_data_dir(), Path(__file__).parent / "data" / "layered"]
    cached = open_cached(layers, root=root)
    db = sqlite3.connect(database_path(layers, root))
    stored: dict[tuple[str, int], dict[str, int]] = {}
    for k, name, place, role in db.execute(
        "SELECT k.k, c.name, k.form, k.role FROM keys k JOIN concepts c ON c.id = k.concept WHERE c.live"
    ):
        stored.setdefault((name, place), {})[k] = role
    expected = {
        (concept.id, place): filings(form)
        for concept in cached.concepts()
        for place, form in enumerate(forms_of(concept))
    }
    assert len(expected) > 500
    assert stored == expected


def test_filed_rows_carry_the_first_two_tokens_under_the_grouping_roles() -> None:
    from glossary.forms import COMPACT, FIRST, KEY, STEM, forms_of

    concept = next(iter(load_glossary([MINI], default=False).concepts.values()))
    for place, form in enumerate(forms_of(concept)):
        for k, at, roles, first, second in cache_codec.filed_under(form, place):
            assert at == place
            if roles & (FIRST | STEM[form.lang]):
                assert (first or k, second) == (
                    form.tokens[0],
                    form.tokens[1] if len(form.tokens) > 1 else "",
                )
            else:
                assert roles & (KEY | COMPACT) == roles and (first, second) == (None, "")


def test_damaged_spellings_fall_back_to_the_yaml(root: Path) -> None:
    """The spellings a miss compares are kept apart from the forms: damage there, found while
    suggesting, still answers from the YAML, and the next command builds a new cache."""
    cached = open_cached(CROWDED, root=root)
    memory = Index(load_glossary(CROWDED, default=False)).store
    path = database_path(CROWDED, root)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE files SET spell_entries = x'00'")
    db.close()
    assert find("retr idrca", cached.store) == find("retr idrca", memory)
    assert not path.exists()


def test_the_code_key_watches_every_module_of_the_cache_package_and_the_forms(tmp_path: Path) -> None:
    """A change to any module that decides what is stored (an editable install, an upgrade)
    must make every database be built again: a module added to the cache package too."""
    import shutil

    import glossary
    from glossary.cache.freshness import code_files, code_key

    copy = tmp_path / "glossary"
    shutil.copytree(
        Path(glossary.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "data")
    )
    watched = {path.relative_to(copy).as_posix() for path in code_files(copy)}
    assert {f"cache/{path.name}" for path in (copy / "cache").glob("*.py")} <= watched
    assert {"forms.py", "loader.py", "yamlread.py", "model.py", "text.py"} <= watched
    before = code_key(copy)
    for path in code_files(copy):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        after = code_key(copy)
        assert after != before, path
        before = after
    (copy / "cache" / "added.py").write_text('"""A new module."""\n', encoding="utf-8")
    assert code_key(copy) != before
