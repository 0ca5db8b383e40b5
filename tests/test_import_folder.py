"""Imports into a folder: a large term base is written as several YAML files, in one step.

One YAML file may not exceed the loader's size limit, so a term base of a hundred thousand
concepts must be importable into a folder of files that load back as the same glossary.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import glossary.exchange
import glossary.sources
from glossary.exchange import OutputError, OutputExistsError, export_glossary, import_to_yaml
from glossary.loader import load_glossary

FIXTURE = Path(__file__).parent / "data" / "exchange" / "fixture.yaml"


@pytest.fixture()
def tbx(tmp_path: Path) -> Path:
    """109 concepts of the packaged glossary as TBX, enough for several small parts."""
    packaged = list(load_glossary(environ={}).concepts.values())[:109]
    assert "caliphate" in {c.id for c in packaged}
    path = tmp_path / "base.tbx"
    path.write_bytes(export_glossary("tbx", packaged, {}).data)
    return path


def _concepts(path: Path) -> list:  # type: ignore[type-arg]
    return list(load_glossary([path], default=False, environ={}).concepts.values())


def test_a_folder_receives_the_concepts_in_parts_that_load_as_one_file_does(
    tbx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(glossary.exchange, "PART_CONCEPTS", 25)
    single = import_to_yaml(tbx, tmp_path / "one.yaml")
    folder = import_to_yaml(tbx, tmp_path / "parts")
    names = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert names == [
        "parts-0001.yaml",
        "parts-0002.yaml",
        "parts-0003.yaml",
        "parts-0004.yaml",
        "parts-0005.yaml",
    ]
    assert (folder.files, single.files) == (5, 1)
    one = _concepts(tmp_path / "one.yaml")
    assert len(one) == 109
    assert [c.id for c in _concepts(tmp_path / "parts")] == [c.id for c in one]
    # Equal but for the file each concept now comes from.
    assert [(c.it, c.en, c.sources) for c in _concepts(tmp_path / "parts")] == [
        (c.it, c.en, c.sources) for c in one
    ]
    assert folder.needs_work == single.needs_work


def test_the_command_says_how_many_files_it_wrote(invoke, tbx: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(glossary.exchange, "PART_CONCEPTS", 50)
    out = tmp_path / "terms"
    result = invoke("import", str(tbx), "-o", str(out))
    assert result.stdout == f"Imported 109 concepts from {tbx} into {out} (3 files).\n"
    assert sorted(p.name for p in out.iterdir()) == ["terms-0001.yaml", "terms-0002.yaml", "terms-0003.yaml"]
    lookup = invoke("--no-default", "-g", str(out), "lookup", "califfato", "--json")
    assert lookup.exit_code == 0 and '"id": "caliphate"' in lookup.stdout


def test_a_folder_that_is_not_empty_is_replaced_only_with_force(tbx: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms"
    out.mkdir()
    (out / "old.yaml").write_text("concepts: []\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="folder exists and is not empty"):
        import_to_yaml(tbx, out)
    assert sorted(p.name for p in out.iterdir()) == ["old.yaml"]
    import_to_yaml(tbx, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["terms-0001.yaml"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_an_empty_folder_is_filled(tbx: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms"
    out.mkdir()
    import_to_yaml(tbx, out)
    assert [p.name for p in out.iterdir()] == ["terms-0001.yaml"]


def test_a_folder_with_other_files_is_never_replaced(tbx: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"holds other files than YAML \(notes.txt\)"):
        import_to_yaml(tbx, out, force=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_file_in_the_way_of_a_folder(tbx: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms"
    out.write_text("a file\n", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file; give a folder name"):
        import_to_yaml(tbx, out, force=True)
    assert out.read_text(encoding="utf-8") == "a file\n"


def test_a_failed_swap_puts_the_old_folder_back(
    tbx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "terms"
    out.mkdir()
    (out / "old.yaml").write_text("concepts: []\n", encoding="utf-8")
    real_rename = os.rename
    calls: list[tuple[str, str]] = []

    def rename(src: object, dst: object) -> None:
        calls.append((Path(str(src)).name, Path(str(dst)).name))
        if len(calls) == 3:  # new folder -> place (ENOTEMPTY), old -> aside, new -> place: fails
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OutputError, match="cannot write: No space left on device"):
        import_to_yaml(tbx, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["old.yaml"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_one_file_over_the_size_limit_is_refused_before_writing(
    tbx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(glossary.sources, "MAX_FILE_BYTES", 64 * 1024)
    out = tmp_path / "terms.yaml"
    result = invoke("import", str(tbx), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"glossary: {out}: ")
    assert (
        "MiB of YAML, over the 0 MiB a glossary file may hold: give a folder as the output" in result.stderr
    )
    assert not out.exists()
    monkeypatch.setattr(glossary.exchange, "PART_CONCEPTS", 10)
    folder = invoke("import", str(tbx), "-o", str(tmp_path / "terms"))
    assert folder.exit_code in (0, 1), folder.stderr
    assert len(list((tmp_path / "terms").iterdir())) == 11


def test_a_long_list_of_entries_that_need_work_is_cut_short(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = ["id,domain,lang,text,type,status"]  # no English side, no definition: each needs work
    rows += [f"c{n:03d},concept,it,parola{n},full-form,preferred" for n in range(30)]
    source = tmp_path / "base.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = invoke("import", str(source), "-o", str(tmp_path / "out"))
    last = result.stderr.splitlines()[-1]
    assert result.exit_code == 1
    assert last.startswith("glossary: 30 entries need work (")
    assert last.endswith(
        "c000, c001, c002, c003, c004, c005, c006, c007, c008, c009, c010, c011, c012, "
        "c013, c014, c015, c016, c017, c018, c019 and 10 more"
    )
