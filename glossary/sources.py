"""Where a glossary comes from: its layers, their YAML files, and reading a file's bytes.

Kept apart from the loader so that a command answered from the index cache finds and
checks the files without importing the YAML reader.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import Code, LoadError, Location, Problem

#: A glossary file larger than this is refused: split large term bases across files.
MAX_FILE_BYTES = 32 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


def packaged_data_dir() -> Path:
    """The folder of YAML files shipped inside the package."""
    return Path(__file__).resolve().parent / "data"


def source_layers(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    default: bool = True,
    environ: Mapping[str, str] | None = None,
    configured: Sequence[str | os.PathLike[str]] = (),
) -> list[Path]:
    """The layers in load order: packaged data, the ``configured`` ones (the config file's
    layers and the user glossary), then GLOSSARY_PATH, then explicit paths.

    One rule for an empty path, wherever it is given: it names nothing, and is a LoadError
    (``-g ""``, or an empty entry of GLOSSARY_PATH, "a::b"), since loading the current
    folder in its place would pick up any YAML under it. GLOSSARY_PATH set to nothing at all
    is the same as unset.
    """
    env = os.environ if environ is None else environ
    layers: list[Path] = [packaged_data_dir()] if default else []
    layers.extend(Path(path) for path in configured)
    variable = env.get("GLOSSARY_PATH", "")
    if variable:
        for part in variable.split(os.pathsep):
            if not part.strip():
                raise LoadError([Problem(Code.UNREADABLE, EMPTY_PATH, Location("GLOSSARY_PATH"))])
            layers.append(Path(part.strip()))
    for path in paths:
        if not str(path).strip() or os.fspath(path) == "":
            raise LoadError([Problem(Code.UNREADABLE, EMPTY_PATH, Location("-g"))])
        layers.append(Path(path))
    return layers


EMPTY_PATH = "an empty path names no glossary file or folder"


def same_path(one: str | os.PathLike[str], other: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same file (links followed; neither need exist yet)."""
    return Path(one).expanduser().resolve() == Path(other).expanduser().resolve()


def files_of(layer: Path) -> list[Path]:
    """The YAML files of a layer: the file itself, or a folder's YAML files in name order,
    less what editors and tools leave beside them: hidden files and folders (".#x.yaml" lock
    links, ".x.yaml.swp", ".git", ".venv") and backups ("x.yaml~")."""
    if layer.is_dir():
        found = sorted(p for p in layer.rglob("*") if _glossary_file(p, layer))
        if not found:
            raise LoadError([Problem(Code.UNREADABLE, "no .yaml files in this folder", Location(str(layer)))])
        return found
    return [layer]


def layer_files(layers: Iterable[Path]) -> tuple[list[tuple[int, Path]], list[Problem]]:
    """Every YAML file of every layer, with its layer's number, and the problems of the
    layers that could not be listed (a folder with no YAML file in it)."""
    found: list[tuple[int, Path]] = []
    problems: list[Problem] = []
    for number, layer in enumerate(layers):
        try:
            found.extend((number, path) for path in files_of(layer))
        except LoadError as exc:
            problems.extend(exc.problems)
    return found, problems


def _glossary_file(path: Path, layer: Path) -> bool:
    if path.suffix not in YAML_SUFFIXES:  # "x.yaml~", "x.yaml.swp" end otherwise
        return False
    if any(part.startswith(".") for part in path.relative_to(layer).parts):
        return False
    return not path.is_dir()


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, or a LoadError that says in one line why they cannot be had."""
    where = Location(str(path))
    limit_text = f"the limit is {limit // (1024 * 1024)} MiB a file: split it"
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                message = f"file too large ({size / (1024 * 1024):.1f} MiB; {limit_text})"
                raise LoadError([Problem(Code.TOO_LARGE, message, where)])
            data = handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise LoadError([Problem(Code.UNREADABLE, "no such file or folder", where)]) from exc
    except IsADirectoryError as exc:
        raise LoadError([Problem(Code.UNREADABLE, "is a folder, not a file", where)]) from exc
    except PermissionError as exc:
        raise LoadError([Problem(Code.UNREADABLE, "cannot read: permission denied", where)]) from exc
    except OSError as exc:
        raise LoadError([Problem(Code.UNREADABLE, f"cannot read: {exc.strerror}", where)]) from exc
    if len(data) > limit:  # it grew after the size check, or has no size (a device, a pipe)
        raise LoadError([Problem(Code.TOO_LARGE, f"file too large ({limit_text})", where)])
    return data
