"""The files of the shared folder beside the checkout (``../shared``) that some tests read:
the TBX schemas and example, and the seed articles.

Without the folder those tests skip, each naming the path it wanted. With
``GLOSSARY_REQUIRE_SHARED=1`` (CI sets it) a missing file fails the test instead, so that a
run cannot pass by skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REQUIRE = "GLOSSARY_REQUIRE_SHARED"


def shared(relative: str) -> Path:
    """A path in the shared folder, whether or not it is there."""
    return SHARED / relative


def require(*relative: str) -> tuple[Path, ...]:
    """The shared files named, or a skip (a failure under ``GLOSSARY_REQUIRE_SHARED=1``)
    that names the ones missing."""
    paths = tuple(SHARED / r for r in relative)
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        message = f"needs {', '.join(missing)} (the shared folder beside the checkout)"
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{message}; {REQUIRE}=1 forbids skipping it", pytrace=False)
        pytest.skip(message)
    return paths


def needs(*relative: str) -> pytest.MarkDecorator:
    """Mark a test (or a module, as ``pytestmark``) as needing these shared files."""
    return pytest.mark.shared(*relative)
