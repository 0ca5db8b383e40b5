"""``glossary site`` without a browser: where it writes and what it refuses, the escaping of
what a glossary holds, and the contrast of the site's colours (WCAG AA)."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import run_glossary, user_environment

from glossary.site.html import attr, source_link, text, web_address
from glossary.site.searchindex import inflections, part_name, script_json

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"
CSS = Path(__file__).resolve().parents[1] / "glossary" / "site" / "static" / "site.css"


def site(tmp_path: Path, *args: str) -> tuple[int, str]:
    done = run_glossary(tmp_path / "cache", "--no-default", "-g", str(MINI), "site", *args)
    assert done.stdout == ""
    return done.returncode, done.stderr


def test_writes_a_whole_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    code, err = site(tmp_path, str(out), "--title", "Test <glossary>", "--base-url", "https://example.org/g")
    assert code == 0
    assert re.fullmatch(rf"glossary: wrote {out} \(5 concepts, \d+ files, 0\.\d MB\)\n", err), err
    for name in (
        "index.html",
        "about.html",
        "az-it.html",
        "az-en.html",
        "domains.html",
        "articles.html",
        "c/islamic-state.html",
        "d/organisation.html",
        "a/test-article.html",
        "search/manifest.js",
        "site.css",
        "search.js",
        "home.js",
        ".glossary-site",
    ):
        assert (out / name).is_file(), name
    page = (out / "c" / "islamic-state.html").read_text()
    assert "<title>Stato Islamico · Islamic State · Test &lt;glossary&gt;</title>" in page
    assert '<link rel="canonical" href="https://example.org/g/c/islamic-state.html">' in page
    assert "https://example.org/g/c/islamic-state.html (consulted " in page
    assert "<script" not in page  # a concept's page runs no script at all
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_replaces_its_own_site_but_no_other_folder(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert site(tmp_path, str(out))[0] == 0
    (out / "stale.html").write_text("old")
    assert site(tmp_path, str(out))[0] == 0
    assert not (out / "stale.html").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    code, err = site(tmp_path, str(mine))
    assert (code, err) == (
        2,
        f"glossary: {mine}: folder exists, is not empty and is not a site of this command (use --force to replace it)\n",
    )
    assert (mine / "notes.txt").read_text() == "keep me"
    assert site(tmp_path, str(mine), "--force")[0] == 0
    assert not (mine / "notes.txt").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--base-url", "javascript:alert(1)"],
            "--base-url: 'javascript:alert(1)' is not an http:// or https:// address",
        ),
        (["--serve", "--port", "70000"], "--port: 70000 is not a port number (0 to 65535)"),
    ],
)
def test_refuses_bad_options(tmp_path: Path, args: list[str], message: str) -> None:
    assert site(tmp_path, str(tmp_path / "out"), *args) == (2, f"glossary: {message}\n")
    assert not (tmp_path / "out").exists()


def test_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file")
    assert site(tmp_path, str(tmp_path / "out")) == (
        2,
        f"glossary: {tmp_path / 'out'}: is a file; give a folder name\n",
    )


def test_escapes_what_a_glossary_holds() -> None:
    assert (
        text("<script>alert(1)</script> & [bold]x[/]")
        == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [bold]x[/]"
    )
    assert attr('" onmouseover="x') == "&quot; onmouseover=&quot;x"
    assert text("plain 'text' \"as is\"") == "plain 'text' \"as is\""
    assert text("a > b") == "a &gt; b"
    assert web_address("javascript:alert(1)") is None
    assert web_address("data:text/html,x") is None
    assert web_address("https:no-host") is None
    assert web_address("HTTPS://example.org/a") == "HTTPS://example.org/a"
    assert source_link("A", "javascript:alert(1)") == 'A — <span class="url">javascript:alert(1)</span>'
    assert "<a" not in source_link("A", "file:///etc/passwd")


def test_script_json_cannot_end_its_script() -> None:
    value = {"t": "</script><!-- \u2028\u2029 & >"}
    written = script_json(value)
    assert not set(written) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(written) == value


def test_part_names_and_inflections() -> None:
    assert part_name("ab") == "61-62"
    assert part_name("é", 1) == "e9"
    found = inflections("it", ["jihadista", "jihadisti"])
    assert found["jihadiste"] == ["jihadista", "jihadisti"] and found["jihadisti"] == ["jihadista"]
    assert "terrorism" not in inflections("en", ["terror"])  # a derivation, not an inflection


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _palettes() -> dict[str, dict[str, str]]:
    """The colours of each scheme, as the stylesheet sets its custom properties."""
    css = CSS.read_text()
    blocks = {
        "light": css.split("@media (prefers-color-scheme: dark)")[0],
        "dark": css.split("@media (prefers-color-scheme: dark)")[1].split("}")[0],
    }
    blocks["print"] = css.split("@media print")[1].split("}")[0]
    return {name: dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6})", block)) for name, block in blocks.items()}


def test_the_colours_meet_wcag_aa() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    palettes = _palettes()
    assert (
        set(palettes["light"])
        == set(palettes["dark"])
        >= {"bg", "fg", "muted", "link", "panel", "selected", "retired"}
    )
    for name in ("light", "dark"):
        colours = palettes[name]
        for fg in ("fg", "muted", "link", "retired"):
            for bg in ("bg", "panel", "selected"):
                assert contrast(colours[fg], colours[bg]) >= 4.5, (name, fg, bg)
    printed = palettes["print"]
    assert contrast(printed["fg"], printed["bg"]) >= 7 and contrast(printed["muted"], printed["bg"]) >= 4.5


def test_ctrl_c_during_a_build_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "public"
    cache = tmp_path / "cache"
    assert run_glossary(cache, "lookup", "Isis").returncode == 0  # the index cache, built first
    build = subprocess.Popen(
        [sys.executable, "-m", "cli", "site", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        env=user_environment(cache),
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".public.*.tmp")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130
    assert err in ("", "glossary: interrupted\n")  # as every command (tests/test_interrupts.py)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = site(tmp_path, str(tmp_path / "out"), "--serve", "--port", str(port))
    assert code == 2
    assert (
        err.splitlines()[1] == f"glossary: --serve: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
    assert (tmp_path / "out" / "index.html").is_file()  # the site was written all the same
