"""The concept pages of a large glossary are written by a second process: the same site, and
nothing left behind when the build stops part way."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from glossary.index import Index
from glossary.site import build


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def index(private_cache: Path) -> Index:
    return Index.open(environ={})


def test_the_same_site_either_way(index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = build.build_site(index, tmp_path / "one", title="T")
    monkeypatch.setattr(build, "FORK_FROM", 1)
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)
    two = build.build_site(index, tmp_path / "two", title="T")
    assert (two.files, two.bytes) == (one.files, one.bytes)
    assert _tree(tmp_path / "two") == _tree(tmp_path / "one")


def test_an_interrupted_build_stops_the_page_process_and_leaves_nothing(
    index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "FORK_FROM", 1)
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)

    def interrupted(self: object) -> object:
        raise KeyboardInterrupt
        yield  # a generator, as the real one is

    monkeypatch.setattr(build.SearchIndex, "files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.build_site(index, tmp_path / "site", title="T")
    assert multiprocessing.active_children() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_failing_page_process_is_one_error(
    index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "FORK_FROM", 1)
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(
        build, "concept_page", lambda *args: (_ for _ in ()).throw(OSError(28, "No space left on device"))
    )
    with pytest.raises(build.OutputError, match=r"cannot write: No space left on device$"):
        build.build_site(index, tmp_path / "site", title="T")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
