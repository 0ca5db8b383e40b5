"""Escaped HTML for the site's pages: every string from a glossary passes through ``text`` or
``attr`` here, and only http(s) addresses become links (``source_link``)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlsplit

#: No remote loads, no inline script or style, no eval, no forms posting anywhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'none'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)

#: The interface's words for the model's values.
LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}


def text(value: str) -> str:
    """A glossary string as element content: markup shows as the characters it is made of."""
    if "&" in value or "<" in value or ">" in value:  # most text has none: no copies made
        return html.escape(value, quote=False)
    return value


def attr(value: str) -> str:
    """A string as a double-quoted attribute value."""
    return html.escape(value, quote=True)


def lang_span(value: str, lang: str, cls: str = "") -> str:
    """A piece of text in one language, marked as such for screen readers and hyphenation."""
    extra = f' class="{attr(cls)}"' if cls else ""
    return f'<span lang="{attr(lang)}"{extra}>{text(value)}</span>'


def web_address(url: str | None) -> str | None:
    """The address if it is one a reader's browser may follow (http or https), else None:
    ``javascript:``, ``data:``, ``file:`` and anything unparsable are shown as text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def source_link(citation: str, url: str | None) -> str:
    """A source: its citation, a link when its address is a web address (on paper the
    address is printed after it), else followed by the address as text."""
    address = web_address(url)
    if address is not None:
        return f'<a href="{attr(address)}">{text(citation)}</a>'
    if url:
        return f'{text(citation)} — <span class="url">{text(url)}</span>'
    return text(citation)


@dataclass(frozen=True, slots=True)
class Layout:
    """What every page shares: the site's title, and where it will be published (if known)."""

    title: str
    base_url: str | None = None

    def page(self, path: str, heading: str, body: str, *, scripts: tuple[str, ...] = ()) -> bytes:
        """A whole page at ``path`` (relative to the site's root, "c/isis.html")."""
        up = "../" * path.count("/")
        canonical = ""
        if self.base_url:
            canonical = f'<link rel="canonical" href="{attr(self.base_url + path)}">'
        loads = "".join(f'<script src="{up}{attr(s)}" defer></script>' for s in scripts)
        nav = "".join(
            f'<a href="{up}{href}">{label}</a>'
            for href, label in (
                ("index.html", "Search"),
                ("az-it.html", "A–Z italiano"),
                ("az-en.html", "A–Z English"),
                ("domains.html", "Domains"),
                ("articles.html", "Articles"),
                ("about.html", "About"),
            )
        )
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">'
            f"<title>{text(heading)} · {text(self.title)}</title>"
            f'<link rel="stylesheet" href="{up}site.css">{canonical}{loads}</head>\n'
            f'<body><a class="skip" href="#main">Skip to content</a>'
            f'<header class="top"><a class="brand" href="{up}index.html">{text(self.title)}</a>'
            f'<nav aria-label="Site">{nav}</nav></header>\n'
            f'<main id="main">{body}</main>\n'
            f'<footer><a href="{up}about.html">About this glossary and how to cite it</a></footer>'
            "</body></html>\n"
        ).encode()

    def permalink(self, path: str) -> str:
        """The address to cite a page by: under the base URL, else its path in the site."""
        return (self.base_url or "") + path
