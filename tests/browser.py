"""What the browser tests share: Debian's chromium driven by Playwright, a page that records
every request and console error, and the query a search box was last answered for."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

#: The installed browser (Playwright's own download cannot be reached where the tests run).
CHROMIUM = os.environ.get("GLOSSARY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Flags for a headless browser on a machine whose network is closed: no sandbox (containers),
#: no GPU, and none of the browser's own calls home.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Where a failing browser test leaves its screenshot (git-ignored).
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def browser_missing(reason: str) -> None:
    """Skip, or fail where the browser tests must run (GLOSSARY_REQUIRE_BROWSER=1, as in CI)."""
    if os.environ.get("GLOSSARY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser tests must run: {reason}")
    pytest.skip(reason)


def launch(playwright: Any) -> Any:
    if not Path(CHROMIUM).exists():
        browser_missing(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


@dataclass
class Watched:
    """A page and what it did: every URL it asked for, every console error and page error."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def search(self, query: str) -> list[tuple[str, str]]:
        """Type a query into the home page's box; the results as (kind, concept id)."""
        self.page.fill("#q", query)
        self.page.wait_for_function(
            "q => document.getElementById('results').dataset.query === q", arg=query, timeout=10_000
        )
        rows: list[list[str]] = self.page.eval_on_selector_all(
            "#results li", "items => items.map(li => [li.dataset.kind, li.dataset.concept])"
        )
        return [(kind, concept) for kind, concept in rows]

    def outside(self, root: str) -> list[str]:
        """The requests that left the site (any URL not under ``root``)."""
        return [url for url in self.requests if not url.startswith(root)]


def watch(context: Any) -> Watched:
    page = context.new_page()
    watched = Watched(page)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and watched.errors.append(message.text))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("dialog", lambda dialog: (watched.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return watched
