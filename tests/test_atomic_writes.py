"""Files the tool writes (export -o, import -o, the index cache) appear whole or not at all.

A write that fails or is killed halfway leaves the old file as it was and no temporary file;
processes writing the same output at once leave one complete file; a cache that is damaged,
from another version, in the way or unwritable never stops a command from answering.
test_export.py and test_cache.py have the first cases of each; these go further.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Self

import pytest

from glossary.cache import database_path
from glossary.sources import source_layers

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
MINI = DATA / "valid" / "mini.yaml"
FIXTURE = DATA / "exchange" / "fixture.yaml"
CORE_TBX = DATA / "exchange" / "core-only.tbx"

#: Runs the command line with one step replaced by SIGKILL to the process itself: a crash at
#: a known point. "fsync": the data is written but not yet named; "half": half the data is
#: written; "settle": the index cache is about to be committed.
CRASH = """
import os, signal, sys

where, arguments = sys.argv[1], sys.argv[2:]


def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


if where == "fsync":
    os.fsync = die
elif where == "half":
    real_fdopen = os.fdopen

    class HalfThenDie:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            self.stream.flush()
            die()

    os.fdopen = lambda *args, **kwargs: HalfThenDie(real_fdopen(*args, **kwargs))
elif where == "settle":
    import glossary.cache.build

    glossary.cache.build._settle = die
sys.argv = ["glossary", *arguments]
from cli.main import run

run()
"""


def environment(cache: Path) -> dict[str, str]:
    return dict(os.environ, XDG_CACHE_HOME=str(cache), GLOSSARY_PATH="")


def crash(where: str, args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CRASH, where, *args],
        cwd=ROOT,
        env=environment(cache),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def glossary(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=environment(cache),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- a crash while writing --------------------------------------------------------------------

WRITERS = {
    "export": lambda out: ["--no-default", "-g", str(FIXTURE), "export", "--format", "tbx", "-o", str(out)],
    "import": lambda out: ["--no-default", "import", str(CORE_TBX), "-o", str(out)],
}


@pytest.mark.parametrize("where", ["fsync", "half"])
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_process_killed_while_writing_leaves_the_old_file_and_nothing_else(
    tmp_path: Path, command: str, where: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / ("terms.tbx" if command == "export" else "terms.yaml")
    out.write_bytes(b"the old file\n")
    result = crash(where, [*WRITERS[command](out), "--force"], tmp_path / "cache")
    assert result.returncode == -signal.SIGKILL, result.stderr  # it did die while writing
    assert out.read_bytes() == b"the old file\n"
    assert [p.name for p in folder.iterdir()] == [out.name]


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_process_killed_while_writing_a_new_file_leaves_nothing(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / ("terms.tbx" if command == "export" else "terms.yaml")
    result = crash("fsync", WRITERS[command](out), tmp_path / "cache")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert list(folder.iterdir()) == []


@pytest.fixture(params=["unnamed", "named"])
def temporary_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of writing: an unnamed file (Linux), and a named temporary file (elsewhere)."""
    if request.param == "named":
        from glossary.exchange import files

        monkeypatch.setattr(files, "_unnamed_file", lambda folder: None)
    return str(request.param)


class _FailingHalfway:
    """A file stream that takes half of what it is given, then raises."""

    def __init__(self, stream, error: BaseException) -> None:  # type: ignore[no-untyped-def]
        self.stream, self.error = stream, error

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise self.error


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_full_disk_halfway_is_one_line_and_keeps_the_old_file(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, temporary_kind: str
) -> None:
    out = tmp_path / ("terms.tbx" if command == "export" else "terms.yaml")
    out.write_bytes(b"the old file\n")
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        os,
        "fdopen",
        lambda *a, **k: _FailingHalfway(real_fdopen(*a, **k), OSError(28, "No space left on device")),
    )
    result = invoke(*WRITERS[command](out), "--force")
    assert (result.exit_code, result.stderr) == (
        2,
        f"glossary: {out}: cannot write: No space left on device\n",
    )
    assert out.read_bytes() == b"the old file\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_an_interrupt_halfway_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temporary_kind: str
) -> None:
    from glossary.exchange.files import write_atomic

    out = tmp_path / "terms.csv"
    out.write_bytes(b"the old file\n")
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        os, "fdopen", lambda *a, **k: _FailingHalfway(real_fdopen(*a, **k), KeyboardInterrupt())
    )
    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, b"new content\n" * 1000, force=True)
    assert out.read_bytes() == b"the old file\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_written_file_is_whole_and_has_ordinary_permissions(tmp_path: Path, temporary_kind: str) -> None:
    from glossary.exchange import OutputExistsError
    from glossary.exchange.files import write_atomic

    out = tmp_path / "terms.csv"
    data = bytes(range(256)) * 4096
    write_atomic(out, data)
    with pytest.raises(OutputExistsError, match="file exists"):
        write_atomic(out, b"refused")
    write_atomic(out, data[::-1], force=True)
    assert out.read_bytes() == data[::-1]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["terms.csv"]


# -- two writers at once ----------------------------------------------------------------------


def _start(args: list[str], cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=environment(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_writers_racing_with_force_leave_one_complete_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    sources = {"packaged": [], "fixture": ["--no-default", "-g", str(FIXTURE)]}
    expected = {}
    for name, layers in sources.items():  # what each writes, and a warm cache for the race
        result = glossary([*layers, "export", "--format", "json"], cache)
        assert result.returncode == 0, result.stderr
        expected[name] = result.stdout
    assert expected["packaged"] != expected["fixture"]
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "glossary.json"
    processes = [
        _start([*layers, "export", "--format", "json", "-o", str(out), "--force"], cache)
        for _ in range(3)
        for layers in sources.values()
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert out.read_text(encoding="utf-8") in expected.values()
    json.loads(out.read_text(encoding="utf-8"))
    assert [p.name for p in folder.iterdir()] == ["glossary.json"]


def test_writers_racing_without_force_one_wins_and_the_others_are_told(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert glossary(["lookup", "Isis", "--json"], cache).returncode == 0  # a warm cache
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "glossary.tbx"
    processes = [_start(["export", "--format", "tbx", "-o", str(out)], cache) for _ in range(4)]
    outcomes = [(process.communicate(timeout=120)[1], process.returncode) for process in processes]
    wins = [stderr for stderr, code in outcomes if code == 0]
    from glossary.loader import load_glossary

    assert wins == [f"glossary: wrote {out} (tbx, {len(load_glossary())} concepts)\n"]
    refused = [(code, stderr) for stderr, code in outcomes if code != 0]
    assert refused == [(2, f"glossary: {out}: file exists (use --force to replace it)\n")] * 3
    assert out.read_text(encoding="utf-8").endswith("</tbx>\n")
    assert [p.name for p in folder.iterdir()] == ["glossary.tbx"]


# -- the index cache --------------------------------------------------------------------------


def cache_files(cache: Path) -> list[str]:
    return sorted(p.name for p in (cache / "glossary").iterdir())


def mini_database(cache: Path) -> Path:
    return database_path(source_layers([MINI], default=False, environ={}), cache / "glossary")


def lookup_isis(cache: Path) -> subprocess.CompletedProcess[str]:
    return glossary(["--no-default", "-g", str(MINI), "lookup", "Isis", "--json"], cache)


def answers(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return [m["concept"]["id"] for m in json.loads(result.stdout)["matches"]]


def test_a_build_killed_halfway_leaves_no_temporary_database(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    killed = crash("settle", ["--no-default", "-g", str(MINI), "lookup", "Isis", "--json"], cache)
    assert killed.returncode == -signal.SIGKILL
    assert any(name.endswith(".tmp") for name in cache_files(cache))  # what the crash left
    assert answers(lookup_isis(cache)) == ["islamic-state"]
    database = mini_database(cache)
    assert cache_files(cache) == [database.name, database.name + ".lock", database.name + ".seal"]


def test_an_update_killed_halfway_is_rolled_back_and_redone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    terms = tmp_path / "terms.yaml"
    terms.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["--no-default", "-g", str(terms), "lookup", "disertore", "--json"]
    assert answers(glossary(args, cache)) == ["defector"]
    terms.write_text(
        terms.read_text(encoding="utf-8")
        .replace("disertore", "transfuga")
        .replace("disertori", "transfughi"),
        encoding="utf-8",
    )
    killed = crash("settle", args, cache)  # killed inside the update's transaction
    assert killed.returncode == -signal.SIGKILL
    assert glossary(args, cache).returncode == 1  # the edit is seen: no 'disertore' any more
    assert answers(glossary([*args[:-2], "transfuga", "--json"], cache)) == ["defector"]
    assert not [name for name in cache_files(cache) if name.endswith((".tmp", "-journal"))]


@pytest.mark.parametrize(
    "schema",
    [
        (
            "CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('code', 'format 0; python 3.9');"
            "CREATE TABLE concepts(id INTEGER PRIMARY KEY, data BLOB);"
        ),
        "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('another program''s database');",
    ],
    ids=["an-older-format", "another-programs-database"],
)
def test_a_database_of_another_version_is_rebuilt(tmp_path: Path, schema: str) -> None:
    cache = tmp_path / "cache"
    database = mini_database(cache)
    database.parent.mkdir(parents=True)
    with sqlite3.connect(database) as db:
        db.executescript(schema)
    db.close()
    assert answers(lookup_isis(cache)) == ["islamic-state"]
    with sqlite3.connect(database) as db:  # rebuilt in the current format
        assert db.execute("SELECT count(*) FROM concepts WHERE live").fetchone() == (5,)
    db.close()
    assert answers(lookup_isis(cache)) == ["islamic-state"]


def test_a_database_missing_a_table_answers_from_the_yaml_then_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert answers(lookup_isis(cache)) == ["islamic-state"]
    database = mini_database(cache)
    with sqlite3.connect(database) as db:
        db.execute("DROP TABLE keys")
    db.close()
    damaged = lookup_isis(cache)  # the write broke the seal: built again, with a note
    assert (
        damaged.stderr
        == f"glossary: note: {database}: the index cache was changed since it was built; building it again\n"
    )
    assert [m["concept"]["id"] for m in json.loads(damaged.stdout)["matches"]] == ["islamic-state"]
    assert answers(lookup_isis(cache)) == ["islamic-state"]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM keys").fetchone()[0] > 0
    db.close()


@pytest.mark.parametrize("blocked", ["database", "lock"])
def test_a_folder_where_the_cache_writes_does_not_stop_the_command(tmp_path: Path, blocked: str) -> None:
    cache = tmp_path / "cache"
    database = mini_database(cache)
    in_the_way = database if blocked == "database" else database.with_name(database.name + ".lock")
    (in_the_way / "something").mkdir(parents=True)
    assert answers(lookup_isis(cache)) == ["islamic-state"]
    assert answers(glossary(["--no-default", "-g", str(MINI), "lookup", "caliphate", "--json"], cache)) == [
        "caliphate"
    ]
    assert (in_the_way / "something").is_dir()  # nothing of the user's is removed
    assert not [name for name in cache_files(cache) if name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders anyway")
@pytest.mark.parametrize("built", [False, True], ids=["empty", "with-a-stale-database"])
def test_a_read_only_cache_folder_still_answers(tmp_path: Path, built: bool) -> None:
    cache = tmp_path / "cache"
    terms = tmp_path / "terms.yaml"
    terms.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["--no-default", "-g", str(terms), "lookup", "disertore", "--json"]
    (cache / "glossary").mkdir(parents=True)
    if built:
        assert answers(glossary(args, cache)) == ["defector"]
        terms.write_text(
            terms.read_text(encoding="utf-8")
            .replace("disertore", "transfuga")
            .replace("disertori", "transfughi"),
            encoding="utf-8",
        )
    before = cache_files(cache)
    (cache / "glossary").chmod(0o555)
    try:
        assert answers(glossary([*args[:-2], "transfuga" if built else "disertore", "--json"], cache)) == [
            "defector"
        ]
    finally:
        (cache / "glossary").chmod(0o755)
    assert cache_files(cache) == before


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError])
def test_a_folder_swap_stopped_between_its_renames_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    """The old folder is renamed aside, then the new one into its place: Ctrl-C or an error
    between the two must not lose the old one (an import's folder, a site)."""
    from glossary.exchange import files

    old = tmp_path / "out"
    old.mkdir()
    (old / "kept.yaml").write_text("old\n")
    new = tmp_path / ".out.new.tmp"
    new.mkdir()
    (new / "new.yaml").write_text("new\n")
    renames = []
    real_rename = os.rename

    def rename(source: object, target: object) -> None:
        renames.append((source, target))
        if len(renames) == 2:  # the new folder into the old one's place
            raise stop()
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "rename", rename)
    with pytest.raises(stop):
        files.replace_folder(new, old)
    monkeypatch.setattr(files.os, "rename", real_rename)
    assert (old / "kept.yaml").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.new.tmp", "out"]


def test_an_interrupt_in_a_forced_folder_import_keeps_the_old_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glossary.exchange import files

    old = tmp_path / "out"
    old.mkdir()
    (old / "kept.yaml").write_text("old\n")
    calls = []
    real_rename = os.rename

    def rename(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 3:  # into place, refused (not empty); aside; then the new one in: stopped
            raise KeyboardInterrupt
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        files.write_folder_atomic(old, {"new.yaml": b"new\n"}, force=True)
    monkeypatch.setattr(files.os, "rename", real_rename)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (old / "kept.yaml").read_text() == "old\n"
