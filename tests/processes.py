"""What the tests that run the command as a process share."""

from __future__ import annotations

import os
from pathlib import Path


def user_environment(cache: Path, **extra: str) -> dict[str, str]:
    """The environment a command under test runs in: the caller's, with its own cache folder
    and no GLOSSARY_PATH layers, and ``extra`` on top."""
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "GLOSSARY_PATH": "", **extra}
