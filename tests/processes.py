"""What the tests that run the command as a process share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def user_environment(cache: Path, **extra: str) -> dict[str, str]:
    """The environment a command under test runs in: the caller's, with its own cache folder
    and no GLOSSARY_PATH layers, and ``extra`` on top."""
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "GLOSSARY_PATH": "", **extra}


def run_glossary(
    cache: Path,
    *args: str,
    input: str | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
    **extra: str,
) -> subprocess.CompletedProcess[str]:
    """``glossary ARGS`` as a user runs it, in ``user_environment(cache, **extra)``: its exit
    code and its output and errors as text."""
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        check=False,
        input=input,
        capture_output=True,
        text=True,
        env=user_environment(cache, **extra),
        cwd=cwd,
        timeout=timeout,
    )
