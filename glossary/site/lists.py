"""The site's other pages: the home page with the search box, an A–Z list per language, a
page per domain and per article (with their indexes), and the about page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import LANGUAGES, Article, Concept
from ..text import fold
from .html import LANGUAGE_NAMES, Layout, attr, lang_span, text
from .pages import article_file, concept_path, domain_file, heading, label


@dataclass(frozen=True, slots=True)
class Entry:
    """What a list shows of a concept: its id, domain, labels and every term by language."""

    id: str
    domain: str
    labels: tuple[str, str]
    terms: tuple[tuple[str, str], ...]  # (language, term)
    uses: tuple[tuple[str, tuple[str, ...]], ...]  # (article id, forms)

    @classmethod
    def of(cls, concept: Concept) -> Entry:
        terms = tuple((lang, term.text) for lang, term in concept.terms())
        uses = tuple((p.article, p.forms) for p in concept.provenance)
        return cls(concept.id, concept.domain, label(concept), terms, uses)


def _pair(entry: Entry) -> str:
    names = [lang_span(t, lang) for lang, t in zip(LANGUAGES, entry.labels, strict=True) if t]
    return " · ".join(names) or text(entry.id)


def home_page(layout: Layout, count: int) -> bytes:
    body = (
        f"<h1>{text(layout.title)}</h1>"
        f'<p class="lede">{count} concepts in Italian and English. Type a term in either language,'
        " in any form: case, accents, apostrophes, articles and recorded plurals do not matter.</p>"
        '<div class="search" role="search">'
        '<label for="q">Search the glossary</label>'
        '<input id="q" type="search" autocomplete="off" spellcheck="false" role="combobox"'
        ' aria-autocomplete="list" aria-expanded="false" aria-controls="results"'
        ' aria-describedby="status" placeholder="dell’Isis, jihadisti, caliphate…">'
        '<p id="status" role="status" aria-live="polite"></p>'
        '<ul id="results" role="listbox" aria-label="Results"></ul></div>'
        "<noscript><p>The search needs JavaScript; the A–Z lists work without it.</p></noscript>"
    )
    return layout.page("index.html", "Search", body, scripts=("search.js", "home.js", "search/manifest.js"))


def _initial(term: str) -> str:
    first = fold(term)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def az_page(layout: Layout, entries: Sequence[Entry], lang: str) -> bytes:
    """Every term of one language, folded order, under its initial."""
    rows = sorted(
        ((fold(term), term, entry) for entry in entries for code, term in entry.terms if code == lang),
        key=lambda row: (row[0], row[1], row[2].id),
    )
    groups: dict[str, list[str]] = defaultdict(list)
    other = LANGUAGES[1 - LANGUAGES.index(lang)]
    for _, term, entry in rows:  # the term takes its language from its list
        translation = entry.labels[LANGUAGES.index(other)]
        rendered = f' <span class="other" lang="{other}">{text(translation)}</span>' if translation else ""
        groups[_initial(term)].append(
            f'<li><a href="{concept_path(entry.id)}">{text(term)}</a>{rendered}</li>'
        )
    order = sorted(groups, key=lambda g: (g == "#", g))
    jump = "".join(f'<a href="#l-{attr(g)}">{text(g)}</a>' for g in order)
    sections = "".join(
        f'<section class="letter"><h2 id="l-{attr(g)}">{text(g)}</h2><ul class="az" lang="{lang}">{"".join(groups[g])}</ul></section>'
        for g in order
    )
    name = LANGUAGE_NAMES[lang]
    body = f'<h1>A–Z: {name}</h1><nav class="jump" aria-label="Initials">{jump}</nav>{sections}'
    return layout.page(f"az-{lang}.html", f"A–Z {name}", body)


def domain_pages(layout: Layout, entries: Sequence[Entry]) -> Iterable[tuple[str, bytes]]:
    by_domain: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_domain[entry.domain].append(entry)
    index = []
    for domain in sorted(by_domain):
        members = sorted(by_domain[domain], key=lambda e: (fold(e.labels[1] or e.labels[0]), e.id))
        items = "".join(f'<li><a href="../{concept_path(e.id)}">{_pair(e)}</a></li>' for e in members)
        path = f"d/{domain_file(domain)}"
        body = f'<h1>Domain: {text(domain)}</h1><p>{len(members)} concepts.</p><ul class="list">{items}</ul>'
        yield path, layout.page(path, f"Domain {domain}", body)
        index.append(f'<li><a href="{attr(path)}">{text(domain)}</a> ({len(members)})</li>')
    body = f'<h1>Domains</h1><ul class="list">{"".join(index)}</ul>'
    yield "domains.html", layout.page("domains.html", "Domains", body)


def article_pages(
    layout: Layout, entries: Sequence[Entry], articles: dict[str, Article]
) -> Iterable[tuple[str, bytes]]:
    users: dict[str, list[tuple[Entry, tuple[str, ...]]]] = defaultdict(list)
    for entry in entries:
        for article_id, forms in entry.uses:
            users[article_id].append((entry, forms))
    index = []
    for article in articles.values():
        path = f"a/{article_file(article.id)}"
        used = users.get(article.id, [])
        items = "".join(
            f'<li><a href="../{concept_path(e.id)}">{_pair(e)}</a>: '
            f"{', '.join(lang_span(f, article.language) for f in forms)}</li>"
            for e, forms in used
        )
        body = (
            f"<h1>{lang_span(article.title, article.language)}</h1>"
            f"<p>An article in {LANGUAGE_NAMES.get(article.language, text(article.language))}; "
            f'it uses {len(used)} of the glossary\'s concepts, in these forms:</p><ul class="list">{items}</ul>'
        )
        yield path, layout.page(path, article.title, body)
        index.append(
            f'<li><a href="{attr(path)}">{lang_span(article.title, article.language)}</a> ({len(used)})</li>'
        )
    body = f'<h1>Articles</h1><p>The articles whose use of the terms the glossary records.</p><ul class="list">{"".join(index)}</ul>'
    yield "articles.html", layout.page("articles.html", "Articles", body)


def about_page(layout: Layout, count: int, sources: int, example: Concept | None, date: str) -> bytes:
    from .pages import citation

    cite = ""
    if example is not None:
        link = layout.permalink(concept_path(example.id))
        cite = (
            "<p>Cite an entry by its terms, the glossary's title, its permalink (the address of"
            " its page, which does not change while its id does not) and the day you consulted it:</p>"
            f'<p class="citation">{citation(heading(example), layout.title, link, date)}</p>'
            f"<p>Every entry's page ends with its own citation, ready to copy: {heading(example)}.</p>"
        )
    body = (
        f"<h1>About {text(layout.title)}</h1>"
        f"<p>A bilingual Italian–English glossary of {count} concepts. Each concept has its terms in"
        " both languages (the preferred one first, each with its type, status, gender and plural),"
        " a definition in each language, and the sources the definitions rest on.</p>"
        f"<h2>Sources</h2><p>The entries cite {sources} sources, listed on each entry's page with links."
        ' Where the seed articles use a concept, the entry records the forms they use (see <a href="articles.html">Articles</a>).</p>'
        f"<h2>How to cite an entry</h2>{cite}"
        "<h2>This site</h2><p>A static site: it works opened from its folder or from any web server,"
        " and makes no request outside its folder. The search gives the answers of the command line's"
        " <code>glossary lookup</code>.</p>"
    )
    return layout.page("about.html", "About", body)
