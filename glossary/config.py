"""The user's settings: the config file, the environment, and what each setting's value is
and where it came from.

The file is TOML, read with the standard library, in the platform's config folder
(``platformdirs``) or where ``GLOSSARY_CONFIG`` names. A setting given in the environment
overrides the file; a command-line option overrides both (the command line applies its
options over what ``resolve`` returns). Layers are the exception that proves the rule: they
add up rather than replace, in the order packaged data, the file's ``layers``, the user
glossary, ``GLOSSARY_PATH``, then ``-g``; a later layer overrides an earlier one's entries.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Code, LoadError, Location, Problem

#: The values a setting of a few choices may take.
CHOICES = {
    "lang": ("it", "en"),
    "pager": ("auto", "always", "never"),
    "color": ("auto", "always", "never"),
}
#: The settings a file may hold, and the environment variable of each.
ENVIRONMENT = {
    "layers": "GLOSSARY_PATH",
    "user_glossary": "GLOSSARY_USER_GLOSSARY",
    "lang": "GLOSSARY_LANG",
    "brief": "GLOSSARY_BRIEF",
    "pager": "GLOSSARY_PAGER",
    "color": "GLOSSARY_COLOR",
}
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
#: The largest config file read: a settings file is a few lines.
MAX_CONFIG_BYTES = 1024 * 1024
USER_GLOSSARY_NAME = "user.yaml"


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting's effective value and where it came from: "default", "file PATH:LINE" or
    "environment NAME"."""

    value: Any
    origin: str


@dataclass(frozen=True, slots=True)
class Config:
    """The effective settings (before command-line options), each with its origin."""

    file: Path
    settings: Mapping[str, Setting] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        return self.settings[name].value

    @property
    def layers(self) -> tuple[Path, ...]:
        """The file's layers (GLOSSARY_PATH's are added where the layers are put together)."""
        return tuple(self.value("layers"))

    @property
    def user_glossary(self) -> Path:
        return Path(self.value("user_glossary"))

    def loaded_layers(self, given: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
        """The layers the settings add after the packaged data: the file's, then the user
        glossary once it exists, unless it is among them or among the ``given`` ones (-g)."""
        from .sources import same_path

        layers = list(self.layers)
        user = self.user_glossary
        if user.is_file() and not any(same_path(user, path) for path in [*layers, *given]):
            layers.append(user)
        return layers


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    """Where the config file is, whether or not it exists."""
    env = os.environ if environ is None else environ
    named = env.get("GLOSSARY_CONFIG", "")
    if named:
        return Path(named).expanduser()
    return user_folder("config", env) / "config.toml"


def default_user_glossary(environ: Mapping[str, str] | None = None) -> Path:
    """The file ``glossary add`` writes to when nothing else is named (loaded when it exists)."""
    return user_folder("data", os.environ if environ is None else environ) / USER_GLOSSARY_NAME


def drafts_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where ``glossary add`` keeps a draft that failed its check."""
    return user_folder("state", os.environ if environ is None else environ)


#: The XDG variable and the folder under the home of each kind of user folder, on Linux.
_XDG = {
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "config": ("XDG_CONFIG_HOME", ".config"),
    "data": ("XDG_DATA_HOME", ".local/share"),
    "state": ("XDG_STATE_HOME", ".local/state"),
}


def user_folder(kind: str, env: Mapping[str, str]) -> Path:
    """The platform's folder of this kind (cache, config, data, state) for the glossary:
    platformdirs' rule, which on Linux is worked out here, since every command asks and
    importing platformdirs costs milliseconds."""
    if sys.platform.startswith("linux"):
        variable, under_home = _XDG[kind]
        xdg = env.get(variable, "").strip()
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / under_home
        return base / "glossary"
    import platformdirs

    finder = {
        "cache": platformdirs.user_cache_path,
        "config": platformdirs.user_config_path,
        "data": platformdirs.user_data_path,
        "state": platformdirs.user_state_path,
    }[kind]
    return Path(finder("glossary", appauthor=False))


def resolve(environ: Mapping[str, str] | None = None) -> Config:
    """The settings from the defaults, the config file and the environment; a LoadError,
    located at the line, for a file that cannot be read or holds a bad setting."""
    env = os.environ if environ is None else environ
    path = config_file(env)
    settings = {
        "layers": Setting((), "default"),
        "user_glossary": Setting(default_user_glossary(env), "default"),
        "lang": Setting(None, "default"),
        "brief": Setting(False, "default"),
        "pager": Setting("auto", "default"),
        "color": Setting("auto", "default"),
    }
    settings.update(_from_file(path))
    settings.update(_from_environment(env))
    return Config(path, settings)


def _from_file(path: Path) -> dict[str, Setting]:
    try:
        data = _read_regular(path)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise _error(path, None, f"cannot read the config file: {exc.strerror}") from exc
    if len(data) > MAX_CONFIG_BYTES:
        raise _error(path, None, "the config file is larger than 1 MiB: is it the right file?")
    import tomllib  # only once there is a file: most runs have none

    try:
        text = data.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise _error(path, data.count(b"\n", 0, exc.start) + 1, "not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from exc
    out: dict[str, Setting] = {}
    for name, raw in table.items():
        line = _line_of(text, name)
        if name not in ENVIRONMENT:
            known = ", ".join(sorted(ENVIRONMENT))
            raise _error(path, line, f"unknown setting '{name}' (settings: {known})")
        try:
            value = _checked(name, raw, path.parent)
        except ValueError as exc:
            raise _error(path, line, str(exc)) from None
        out[name] = Setting(value, f"file {path}:{line}" if line else f"file {path}")
    return out


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, a device or a socket is refused, never opened for
    a read that would wait for a writer for ever."""
    import stat

    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory")
        if not stat.S_ISREG(mode):
            raise OSError(0, "not a regular file")
        chunks = []
        size = 0
        while size <= MAX_CONFIG_BYTES and (chunk := os.read(handle, 65536)):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _from_environment(env: Mapping[str, str]) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for name, variable in ENVIRONMENT.items():
        raw = env.get(variable, "")
        if not raw or name == "layers":  # GLOSSARY_PATH adds layers: read with the others
            continue
        value: Any = raw
        if name == "brief":
            value = _flag(raw)
            if value is None:
                raise _error(variable, None, f"use 1 or 0 (true or false), not {raw!r}")
        try:
            value = _checked(name, value, Path.cwd())
        except ValueError as exc:
            raise _error(variable, None, str(exc)) from None
        out[name] = Setting(value, f"environment {variable}")
    return out


def _checked(name: str, raw: Any, base: Path) -> Any:
    """A setting's value, checked (ValueError says what is wrong); paths relative to
    ``base`` (the config file's folder)."""
    if name in CHOICES:
        if not isinstance(raw, str) or raw.lower() not in CHOICES[name]:
            raise ValueError(f"'{name}' must be one of {', '.join(CHOICES[name])}, not {raw!r}")
        return raw.lower()
    if name == "brief":
        if not isinstance(raw, bool):
            raise ValueError(f"'{name}' must be true or false, not {raw!r}")
        return raw
    if name == "user_glossary":
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError("'user_glossary' must be the path of a YAML file")
        return base / Path(raw).expanduser()
    if not isinstance(raw, list) or not all(isinstance(p, str) and p.strip() for p in raw):
        raise ValueError("'layers' must be a list of paths: layers = [\"~/terms/client.yaml\"]")
    return tuple(base / Path(p).expanduser() for p in raw)


def _flag(raw: str) -> bool | None:
    lowered = raw.strip().lower()
    return True if lowered in _TRUE else False if lowered in _FALSE else None


def _line_of(text: str, name: str) -> int | None:
    found = re.search(rf"^[ \t]*[\"']?{re.escape(name)}[\"']?[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _toml_error(path: Path, exc: Exception) -> LoadError:
    """tomllib says "Invalid value (at line 3, column 8)": the place goes in front."""
    message = str(exc)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        return _error(path, None, f"not valid TOML: {message}")
    return LoadError(
        [
            Problem(
                Code.SYNTAX,
                f"not valid TOML: {message[: found.start()]}",
                Location(str(path), int(found.group(1)), int(found.group(2))),
            )
        ]
    )


def _error(where: Path | str, line: int | None, message: str) -> LoadError:
    return LoadError([Problem(Code.BAD_VALUE, message, Location(str(where), line))])
