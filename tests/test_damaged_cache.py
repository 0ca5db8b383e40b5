"""The index cache is untrusted input: bytes flipped in it, by any program or by the disk,
never become an answer. Each command, on a database damaged many ways, prints exactly what it
prints from the YAML, with at most a note on stderr."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from processes import run_glossary

from glossary.cache import database_path
from glossary.cache.freshness import write_seal
from glossary.sources import packaged_data_dir, source_layers

SEEDS = 12
FLIPPED = 200
COMMANDS = [
    ["lookup", "Isis", "--json"],
    ["lookup", "al-Shabab", "--json"],
    ["lookup", "Boko Haramm", "--json"],  # a miss: suggestions
    ["list", "--sort", "id"],
    ["translate", "i combattenti di al-Shabaab e di Boko Haram", "--json"],
    ["annotate", "-", "--json"],
    ["export", "--format", "csv"],
]
TEXT = "Lo Stato islamico e al-Qaeda nel Sahel: JNIM, Boko Haram, ISWAP e al-Shabaab.\n"


@pytest.fixture(scope="module")
def layer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layer")
    shutil.copy(packaged_data_dir() / "organisations-jihadist.yaml", folder / "groups.yaml")
    return folder


def run(layer: Path, cache: Path, args: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    return run_glossary(
        cache, "--no-default", *extra, "-g", str(layer), *args, input=TEXT, GLOSSARY_LOCK_TIMEOUT="30"
    )


@pytest.fixture(scope="module")
def truth(layer: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    cache = tmp_path_factory.mktemp("truth")
    answers = {}
    for args in COMMANDS:
        result = run(layer, cache, args, "--no-cache")
        assert result.returncode in (0, 1), result.stderr
        answers[" ".join(args)] = (result.returncode, result.stdout)
    return answers


@pytest.fixture(scope="module")
def built(layer: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the layer as a build leaves it."""
    cache = tmp_path_factory.mktemp("built")
    assert run(layer, cache, ["lookup", "Isis"]).returncode == 0
    return database_path(source_layers([str(layer)], default=False, environ={}), cache / "glossary")


def damaged_copy(built: Path, cache: Path, seed: int, *, reseal: bool) -> Path:
    """The built database in a new cache folder, with FLIPPED bytes flipped at random;
    ``reseal``: as if the disk had flipped them, with no write that the file's times show."""
    target = database_path([], cache / "glossary").parent / built.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(built, target)
    data = bytearray(target.read_bytes())
    rng = random.Random(seed)
    for _ in range(FLIPPED):
        data[rng.randrange(100, len(data))] ^= 1 << rng.randrange(8)  # past the header
    target.write_bytes(bytes(data))
    if reseal:
        write_seal(target)
    return target


def assert_same_answers(
    layer: Path, built: Path, tmp_path: Path, seed: int, *, reseal: bool, truth: dict
) -> None:
    for args in COMMANDS:
        cache = tmp_path / f"cache-{seed}-{'-'.join(args[:2])}"
        damaged_copy(built, cache, seed, reseal=reseal)
        result = run(layer, cache, args)
        expected = truth[" ".join(args)]
        assert (result.returncode, result.stdout) == expected, (seed, args, result.stderr)
        for line in result.stderr.splitlines():
            assert line.startswith("glossary: note: "), (seed, args, result.stderr)


@pytest.mark.parametrize("seed", range(SEEDS))
def test_bytes_flipped_by_a_write_are_never_an_answer(
    layer: Path, built: Path, tmp_path: Path, seed: int, truth: dict[str, tuple[int, str]]
) -> None:
    assert_same_answers(layer, built, tmp_path, seed, reseal=False, truth=truth)


@pytest.mark.parametrize("seed", range(SEEDS))
def test_bytes_flipped_with_no_write_to_show_it_are_never_an_answer(
    layer: Path, built: Path, tmp_path: Path, seed: int, truth: dict[str, tuple[int, str]]
) -> None:
    """Bit rot: the file's times say nothing changed; the records' checksums, the rows'
    agreement with their forms and SQLite's own checks find the damage."""
    assert_same_answers(layer, built, tmp_path, seed + 1000, reseal=True, truth=truth)


def test_a_damaged_record_the_file_times_do_not_show_is_found_by_its_checksum(
    layer: Path, built: Path, tmp_path: Path, truth: dict[str, tuple[int, str]]
) -> None:
    """Bit rot: a byte of a definition changes with no write; its record's checksum finds it."""
    cache = tmp_path / "cache"
    target = database_path([], cache / "glossary").parent / built.name
    target.parent.mkdir(parents=True)
    shutil.copy(built, target)
    data = bytearray(target.read_bytes())
    at = data.find(b"organizzazione")
    assert at > 0
    data[at] ^= 0x20
    target.write_bytes(bytes(data))
    write_seal(target)
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)  # SQLite sees nothing wrong
    db.close()
    result = run(layer, cache, COMMANDS[-1])  # the export reads every record
    assert (result.returncode, result.stdout) == truth[" ".join(COMMANDS[-1])]
    assert "glossary: note: " in result.stderr and "checksum" in result.stderr


@pytest.mark.parametrize("page_size", [b"\x00\x00", b"\x00\x07", b"\x01\x01", b"\x03\x00"])
def test_a_header_with_an_impossible_page_size_is_damage_not_a_crash(
    layer: Path, built: Path, tmp_path: Path, page_size: bytes, truth: dict[str, tuple[int, str]]
) -> None:
    """A fuzz finding: a page size of 0 in the header divided by zero while the database was
    being checked; any size SQLite cannot have means the file is not sound."""
    cache = tmp_path / "cache"
    target = database_path([], cache / "glossary").parent / built.name
    target.parent.mkdir(parents=True)
    data = bytearray(built.read_bytes())
    data[16:18] = page_size
    target.write_bytes(bytes(data))
    write_seal(target)
    result = run(layer, cache, COMMANDS[0])
    assert (result.returncode, result.stdout) == truth[" ".join(COMMANDS[0])], result.stderr
