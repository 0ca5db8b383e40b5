"""The environment the suite runs in is one of the locks, package for package and version for
version: what the README's commands install is what was tested (``scripts/lock`` refreshes
the locks; ``scripts/test-newest`` runs the suite on the newest versions instead)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

LOCKS = sorted((Path(__file__).resolve().parents[1] / "requirements").glob("lock*.txt"))
#: Installed by venv itself, or the project: not part of any lock.
NOT_LOCKED = {"pip", "glossary"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", re.MULTILINE)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    return {canonical(name): version for name, version in _PIN.findall(lock.read_text(encoding="utf-8"))}


def test_every_lock_pins_with_hashes() -> None:
    assert [p.name for p in LOCKS] == ["lock-dev.txt", "lock-test.txt", "lock.txt"]
    for lock in LOCKS:
        text = lock.read_text(encoding="utf-8")
        entries = re.findall(r"^[A-Za-z0-9].*?(?=^[A-Za-z0-9]|\Z)", text, re.MULTILINE | re.DOTALL)
        assert entries, lock
        for entry in entries:
            assert "==" in entry and "--hash=sha256:" in entry, f"{lock.name}: {entry.splitlines()[0]}"


def test_the_environment_is_the_lock() -> None:
    installed = {
        canonical(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if canonical(dist.metadata["Name"]) not in NOT_LOCKED
    }
    locks = {lock.name: pins(lock) for lock in LOCKS}
    if installed in locks.values():
        return
    name, closest = min(locks.items(), key=lambda item: len(set(item[1].items()) ^ set(installed.items())))
    extra = sorted(f"{n}=={v}" for n, v in installed.items() if closest.get(n) != v)
    missing = sorted(f"{n}=={v}" for n, v in closest.items() if installed.get(n) != v)
    pytest.fail(f"the environment is not a lock (closest: {name}): installed {extra}, locked {missing}")
