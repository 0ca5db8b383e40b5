"""The site in a real browser (Debian's chromium driven by Playwright), opened from its folder
and from ``glossary site --serve``: the search gives ``glossary lookup``'s answers, pages show
both languages and their sources, nothing leaves the folder, a hostile glossary stays text.

Without chromium or Playwright these tests are skipped; with GLOSSARY_REQUIRE_BROWSER=1 (CI)
they fail instead. A failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import ARTIFACTS, Watched, browser_missing, launch, watch
from processes import run_glossary, user_environment
from site_queries import queries

from glossary.index import Index

HOSTILE = Path(__file__).parent / "data" / "site" / "hostile.yaml"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_missing("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("site-cache")


def _build(cache: Path, out: Path, *args: str) -> Path:
    done = run_glossary(cache, *args, "site", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> str:
    """The packaged glossary's site, opened from its folder."""
    return _build(cache, tmp_path_factory.mktemp("site") / "public").as_uri() + "/"


@pytest.fixture(scope="session")
def served_url(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Iterator[str]:
    """The same site built and served by ``glossary site --serve``, ended by Ctrl-C (exit 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path_factory.mktemp("served") / "public"
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "site", str(out), "--serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        env=user_environment(cache),
    )
    assert server.stderr is not None
    lines = [server.stderr.readline(), server.stderr.readline()]
    assert lines[1] == f"glossary: serving {out} at http://127.0.0.1:{port}/ (Ctrl-C to stop)\n", lines
    yield f"http://127.0.0.1:{port}/"
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=30) == 0
    assert server.stderr.read() == "glossary: stopped serving\n"


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> str:
    out = tmp_path_factory.mktemp("hostile") / "public"
    return _build(cache, out, "--glossary", str(HOSTILE)).as_uri() + "/"


@pytest.fixture()
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """A fresh page; a screenshot of it in test-artifacts/ if the test fails."""
    context = browser.new_context()
    watched = watch(context)
    yield watched
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        watched.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture(scope="session")
def expected(cache: Path) -> dict[str, list[tuple[str, str]]]:
    """What ``glossary lookup --json`` answers for each query: (kind, concept id), best first."""
    found, misspelt = queries(Index.open([], cache=False).concepts(), every=12)
    done = run_glossary(cache, "lookup", "-", "--json", input="\n".join(found) + "\n")
    answers: dict[str, list[tuple[str, str]]] = {}
    for query, line in zip(found, done.stdout.splitlines(), strict=True):
        result = json.loads(line)
        assert result["query"] == query
        answers[query] = [("hit", match["concept"]["id"]) for match in result["matches"]]
    # ``lookup -`` answers a batch without suggestions: a miss is asked again on its own.
    for query in [q for q in found if not answers[q]] + misspelt:
        result = json.loads(run_glossary(cache, "lookup", "--json", query).stdout)
        hits = [("hit", match["concept"]["id"]) for match in result["matches"]]
        answers[query] = hits or [("suggestion", s["id"]) for s in result["suggestions"]]
    return answers


@pytest.mark.parametrize("where", ["site_url", "served_url"])
def test_search_answers_as_lookup_does(
    where: str, page: Watched, expected: dict[str, Any], request: Any
) -> None:
    root = request.getfixturevalue(where)
    page.page.goto(root + "index.html")
    assert len(expected) >= 100
    assert sum(1 for answer in expected.values() if answer and answer[0][0] == "suggestion") >= 20
    wrong = {query: (page.search(query), want) for query, want in expected.items()}
    wrong = {query: pair for query, pair in wrong.items() if pair[0] != pair[1]}
    assert wrong == {}
    assert page.errors == []
    assert page.outside(root) == []


def test_concept_page_shows_both_languages_and_sources(site_url: str, page: Watched) -> None:
    concept = Index.open([], cache=False).concept("islamic-state")
    assert concept is not None and concept.it is not None and concept.en is not None
    page.page.goto(site_url + "c/islamic-state.html")
    p = page.page
    assert p.inner_text("section.lang[lang=it] h2") == "Italiano"
    assert p.inner_text("section.lang[lang=en] h2") == "English"
    assert p.inner_text("section.lang[lang=it] p.definition[lang=it]") == concept.it.definition
    assert p.inner_text("section.lang[lang=en] p.definition[lang=en]") == concept.en.definition
    terms_it = p.eval_on_selector_all(
        "section.lang[lang=it] .t", "els => els.map(e => e.lang + ':' + e.textContent)"
    )
    assert {f"it:{term.text}" for _, term in concept.terms("it")} == set(terms_it)
    links = p.eval_on_selector_all("section.sources a", "els => els.map(e => e.href)")
    assert links == [s.url for s in concept.sources if s.url]
    p.click("section.provenance a >> nth=0")
    assert p.url.startswith(site_url + "a/")
    assert p.locator("main li a[href='../c/islamic-state.html']").count() == 1
    assert page.errors == []
    assert page.outside(site_url) == []


def test_results_are_chosen_with_the_keyboard(site_url: str, page: Watched) -> None:
    page.page.goto(site_url + "index.html")
    assert page.search("dell’Isis") == [("hit", "islamic-state")]
    page.page.press("#q", "ArrowDown")
    assert page.page.get_attribute("#q", "aria-activedescendant") == "r-0"
    assert page.page.get_attribute("#r-0", "aria-selected") == "true"
    page.page.press("#q", "Enter")
    page.page.wait_for_url(site_url + "c/islamic-state.html")
    assert page.errors == []


def test_pages_fit_a_phone_and_follow_dark_mode_and_print(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme="dark")
    watched = watch(context)
    try:
        for path in ("index.html", "c/islamic-state.html", "az-it.html", "about.html"):
            watched.page.goto(site_url + path)
            assert watched.page.evaluate("document.documentElement.scrollWidth") <= 320, path
        background = "getComputedStyle(document.body).backgroundColor"
        assert watched.page.evaluate(background) == "rgb(18, 20, 23)"
        watched.page.emulate_media(media="print", color_scheme="dark")
        assert watched.page.evaluate(background) == "rgb(255, 255, 255)"
        assert watched.page.is_hidden("header.top")
        assert watched.errors == []
    finally:
        context.close()


def test_a_hostile_glossary_shows_as_text(hostile_url: str, page: Watched) -> None:
    p = page.page
    for path in (
        "c/hostile-markup.html",
        "a/hostile-article.html",
        "az-en.html",
        "az-it.html",
        "domains.html",
    ):
        p.goto(hostile_url + path)
        assert p.evaluate("window.__pwned") is None, path
    p.goto(hostile_url + "c/hostile-markup.html")
    assert p.inner_text("h1") == "<script>window.__pwned = 'term'</script> · [bold red]Rich markup[/]"
    assert "</script><script>window.__pwned='definition'</script>" in p.inner_text("p.definition[lang=it]")
    assert p.locator("section.sources a").evaluate_all("els => els.map(e => e.href)") == [
        "https://example.org/%22%3E%3Cscript%3Ewindow.__pwned='source'%3C/script%3E",
        "https://example.org/entry?a=1&b=%3C2%3E",
    ]
    p.goto(hostile_url + "index.html")
    assert page.search("[bold red]Rich markup[/]") == [("hit", "hostile-markup")]
    assert p.inner_text("#results li .form") == "[bold red]Rich markup[/]"
    assert page.search("<script>window.__pwned = 'term'</script>") == [("hit", "hostile-markup")]
    assert p.evaluate("window.__pwned") is None
    assert page.errors == []
    assert page.outside(hostile_url) == []
