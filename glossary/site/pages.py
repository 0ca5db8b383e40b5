"""The page of one concept (``c/<id>.html``): both languages side by side, every term with its
type, status, gender and plural, the definitions and notes, related concepts, sources, where
the articles use it, and how to cite it."""

from __future__ import annotations

from collections.abc import Callable

from ..model import LANGUAGES, Article, Concept, Number, Term
from .html import LANGUAGE_NAMES, Layout, attr, lang_span, source_link, text

#: A concept's labels by id, for the related concepts' links: (Italian, English) or None.
Labels = Callable[[str], tuple[str, str] | None]


def concept_path(concept_id: str) -> str:
    return f"c/{concept_id}.html"


def label(concept: Concept) -> tuple[str, str]:
    """The concept's preferred term in each language ('' where it has none)."""
    pair = [t.text if (t := concept.preferred(lang)) else "" for lang in LANGUAGES]
    return pair[0], pair[1]


def title_of(pair: tuple[str, str], concept_id: str) -> str:
    return " · ".join(dict.fromkeys(filter(None, pair))) or concept_id


def heading(concept: Concept, pair: tuple[str, str] | None = None) -> str:
    """Both preferred terms, each marked with its language."""
    pair = pair or label(concept)
    parts = [lang_span(term, lang) for lang, term in zip(LANGUAGES, pair, strict=True) if term]
    return " · ".join(parts) or text(concept.id)


def concept_page(
    concept: Concept, layout: Layout, labels: Labels, articles: dict[str, Article], date: str
) -> bytes:
    path = concept_path(concept.id)
    pair = label(concept)
    head = heading(concept, pair)
    body = [
        f'<article class="entry"><h1>{head}</h1>',
        _meta(concept),
        '<div class="langs">',
        *(_language(concept, lang) for lang in LANGUAGES),
        "</div>",
        _related(concept, labels),
        _sources(concept),
        _provenance(concept, articles),
        _citation(concept, head, layout, path, date),
        "</article>",
    ]
    return layout.page(path, title_of(pair, concept.id), "".join(body))


def _meta(concept: Concept) -> str:
    domain = f'<a href="../d/{attr(domain_file(concept.domain))}">{text(concept.domain)}</a>'
    return f'<p class="meta">Domain: {domain} · id <code>{text(concept.id)}</code></p>'


def _language(concept: Concept, lang: str) -> str:
    section = concept.section(lang)
    out = [f'<section class="lang" lang="{lang}"><h2>{LANGUAGE_NAMES[lang]}</h2>']
    if section is None or not section.terms:
        out.append('<p class="none" lang="en">No terms in this language.</p>')
    else:
        out.append('<ul class="terms">')
        out.extend(_term(term, lang) for _, term in concept.terms(lang))
        out.append("</ul>")
        if section.definition:
            out.append(f'<p class="definition" lang="{lang}">{text(section.definition)}</p>')
        if section.notes:
            out.append('<ul class="notes">')
            out.extend(f'<li lang="{lang}">{text(note)}</li>' for note in section.notes)
            out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def _term(term: Term, lang: str) -> str:
    """A term, then its particulars in the interface's language, its own words in its own."""
    facts = [term.type.value.replace("-", " "), term.status.value]
    if term.pos.value != "noun":
        facts.append(term.pos.value.replace("-", " "))
    if term.gender is not None:
        facts.append(term.gender.value)
    if term.number is Number.PLURAL:
        facts.append("plural")
    tags = " · ".join(facts)
    extra = ""
    if term.plurals:
        extra += " · pl. " + ", ".join(lang_span(p, lang) for p in term.plurals)
    if term.forms:
        extra += " · forms: " + ", ".join(lang_span(f, lang) for f in term.forms)
    note = f'<span class="note" lang="{lang}">{text(term.note)}</span>' if term.note else ""
    retired = " retired" if term.status.retired else ""
    return (
        f'<li class="term{retired}">{lang_span(term.text, lang, "t")}'
        f' <span class="facts" lang="en">{text(tags)}{extra}</span>{note}</li>'
    )


def _related(concept: Concept, labels: Labels) -> str:
    if not concept.related:
        return ""
    items = []
    for other in concept.related:
        pair = labels(other)
        if pair is None:  # named but not in the glossary: shown, not linked
            items.append(f"<li>{text(other)}</li>")
            continue
        names = " · ".join(lang_span(t, lang) for lang, t in zip(LANGUAGES, pair, strict=True) if t)
        items.append(f'<li><a href="{attr(other)}.html">{names or text(other)}</a></li>')
    return f'<section class="related"><h2>Related</h2><ul>{"".join(items)}</ul></section>'


def _sources(concept: Concept) -> str:
    if not concept.sources:
        return ""
    items = "".join(f"<li>{source_link(s.citation, s.url)}</li>" for s in concept.sources)
    return f'<section class="sources"><h2>Sources</h2><ol>{items}</ol></section>'


def _provenance(concept: Concept, articles: dict[str, Article]) -> str:
    if not concept.provenance:
        return ""
    items = []
    for used in concept.provenance:
        article = articles.get(used.article)
        forms = ", ".join(lang_span(f, article.language if article else "und") for f in used.forms)
        if article is None:
            items.append(f"<li>{text(used.article)}: {forms}</li>")
        else:
            title = lang_span(article.title, article.language)
            items.append(f'<li><a href="../a/{attr(article_file(article.id))}">{title}</a>: {forms}</li>')
    return f'<section class="provenance"><h2>In the articles</h2><ul>{"".join(items)}</ul></section>'


def _citation(concept: Concept, head: str, layout: Layout, path: str, date: str) -> str:
    link = layout.permalink(path)
    cite = citation(head, layout.title, link, date)
    return (
        '<section class="cite"><h2>How to cite</h2>'
        f'<p class="citation">{cite}</p>'
        f'<p>Permalink: <a href="{attr(concept.id)}.html">{text(link)}</a></p></section>'
    )


def citation(head: str, title: str, link: str, date: str) -> str:
    """The suggested citation of an entry (HTML): its terms (``heading``), the glossary, the
    permalink and the day the site was built, which readers replace with the day they read it."""
    return f"«{head}». In <i>{text(title)}</i>. {text(link)} (consulted {text(date)})."


def domain_file(domain: str) -> str:
    return f"{safe_name(domain)}.html"


def article_file(article_id: str) -> str:
    return f"{safe_name(article_id)}.html"


def safe_name(name: str) -> str:
    """A file name for a domain or an article id: as it is when it is a plain slug, else
    its UTF-8 bytes in hex (a user glossary may name a domain anything)."""
    plain = name.replace("-", "").replace("_", "")
    if plain.isascii() and plain.isalnum() and name == name.lower() and not name.startswith("-"):
        return name
    return "x-" + name.encode("utf-8", "surrogatepass").hex()
