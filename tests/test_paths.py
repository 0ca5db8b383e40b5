"""Where layers come from: one rule for an empty path in -g and in GLOSSARY_PATH, and the
files a folder layer leaves out (what editors and tools leave beside glossary files)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from processes import run_glossary

from glossary.errors import LoadError
from glossary.sources import files_of, source_layers

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"


def glossary(
    tmp_path: Path, *args: str, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return run_glossary(tmp_path / "cache", *args, cwd=cwd, **env)


def test_an_empty_g_is_an_error_not_the_current_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / ".venv").mkdir(parents=True)
    (project / ".venv" / "broken.yaml").write_text("- not: a glossary\n", encoding="utf-8")
    for args in (
        ["-g", "", "lookup", "Isis"],
        ["-g", "", "lookup", "Isis", "--json"],
        ["--glossary=", "check"],
    ):
        result = glossary(tmp_path, *args, cwd=project)
        assert "an empty path names no glossary file or folder" in result.stderr + result.stdout, args
        assert result.returncode in (1, 3) and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", [":", "{mini}:", ":{mini}", "{mini}::{mini}", " : "])
def test_an_empty_entry_of_glossary_path_is_the_same_error(tmp_path: Path, value: str) -> None:
    result = glossary(
        tmp_path, "lookup", "Isis", GLOSSARY_PATH=value.format(mini=MINI).replace(":", os.pathsep)
    )
    assert (result.returncode, result.stderr) == (
        3,
        "glossary: GLOSSARY_PATH: an empty path names no glossary file or folder\n",
    )


def test_glossary_path_set_to_nothing_is_unset() -> None:
    assert source_layers([], default=False, environ={"GLOSSARY_PATH": ""}) == []
    with pytest.raises(LoadError):
        source_layers([""], default=False, environ={})


def test_a_folder_layer_leaves_out_editor_droppings_and_hidden_folders(tmp_path: Path) -> None:
    layer = tmp_path / "terms"
    (layer / "sub").mkdir(parents=True)
    shutil.copy(MINI, layer / "mini.yaml")
    shutil.copy(MINI, layer / "sub" / "more.yml")
    (layer / "mini.yaml~").write_text("backup", encoding="utf-8")
    (layer / ".mini.yaml.swp").write_bytes(b"\x00vim swap")
    (layer / ".hidden.yaml").write_text("- x\n", encoding="utf-8")
    os.symlink("user@host.1234:1700000000", layer / ".#mini.yaml")  # an Emacs lock link
    for hidden in (".git", ".venv/lib"):
        (layer / hidden).mkdir(parents=True)
        (layer / hidden / "x.yaml").write_text("- not a glossary\n", encoding="utf-8")
    assert files_of(layer) == [layer / "mini.yaml", layer / "sub" / "more.yml"]
    result = glossary(tmp_path, "--no-default", "-g", str(layer), "lookup", "Isis", "--json")
    assert result.returncode == 0, result.stderr
