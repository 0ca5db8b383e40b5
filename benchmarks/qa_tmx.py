"""A large translation memory for timing ``glossary qa``: TMX 1.4 segment pairs written from
the packaged glossary's own terms in news-like sentences, with the inline codes CAT tools
put in (<bpt>/<ept> around a term, a <ph> placeholder), and a term left out now and then.

    python benchmarks/qa_tmx.py         # times qa on 50,000 pairs against annotate (~1 minute)

``benchmarks/run.py`` adds the same rows to its table.
"""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

SEGMENTS = 50_000
#: Sentences of the kind the glossary's field writes, one Italian and one English each.
_SENTENCES = [
    (
        "Secondo fonti di sicurezza, {a} e {b} sono al centro dell’indagine aperta nel {y}.",
        "According to security sources, {a} and {b} are at the centre of the inquiry opened in {y}.",
    ),
    (
        "Il rapporto cita {a} tra le minacce principali per {b}.",
        "The report names {a} among the main threats to {b}.",
    ),
    (
        "Nel {y} {a} ha diffuso un nuovo messaggio rivolto a {b}.",
        "In {y} {a} released a new message addressed to {b}.",
    ),
    (
        "Gli analisti ritengono che {a} abbia rafforzato i legami con {b}.",
        "Analysts believe that {a} has strengthened its ties with {b}.",
    ),
    (
        "La procura ha chiesto informazioni su {a} e su {b} alle autorità di altri paesi.",
        "Prosecutors asked the authorities of other countries about {a} and {b}.",
    ),
]


def term_pairs() -> list[tuple[str, str]]:
    """(Italian, English) preferred terms of every concept that has both, in id order."""
    from glossary.loader import load_glossary

    pairs = []
    for concept in sorted(load_glossary().concepts.values(), key=lambda c: c.id):
        it, en = concept.preferred("it"), concept.preferred("en")
        if it and en:
            pairs.append((it.text, en.text))
    return pairs


def write_tmx(path: Path, segments: int = SEGMENTS, seed: int = 11) -> tuple[Path, Path]:
    """The TMX (made once and reused) and a text of its Italian segments, one a line, for
    annotating the same source text alone."""
    text = path.with_suffix(".it.txt")
    if path.exists() and text.exists():
        return path, text
    rng = random.Random(seed)
    pairs = term_pairs()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as tmx, open(text, "w", encoding="utf-8") as source:
        tmx.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        tmx.write(
            '  <header creationtool="benchmark" creationtoolversion="1" o-tmf="benchmark" adminlang="en"'
            ' datatype="html" segtype="sentence" srclang="it-IT"/>\n  <body>\n'
        )
        for number in range(1, segments + 1):
            (it_a, en_a), (it_b, en_b) = rng.choice(pairs), rng.choice(pairs)
            if number % 25 == 0:  # a term the translator rendered by another entry's
                en_b = rng.choice(pairs)[1]
            year = str(rng.randint(2011, 2024))
            it_template, en_template = rng.choice(_SENTENCES)
            it_plain = it_template.format(a=it_a, b=it_b, y=year)
            source.write(it_plain + "\n")
            tmx.write(
                f'    <tu>\n      <tuv xml:lang="it-IT"><seg>{_tagged(it_template, it_a, it_b, year, number)}</seg></tuv>\n'
            )
            tmx.write(
                f'      <tuv xml:lang="en-GB"><seg>{_tagged(en_template, en_a, en_b, year, number)}</seg></tuv>\n    </tu>\n'
            )
        tmx.write("  </body>\n</tmx>\n")
    return path, text


def _tagged(template: str, a: str, b: str, year: str, number: int) -> str:
    """A sentence as TMX writes it: every third with the first term in bold, every fifth
    with a line-break placeholder at the end."""
    if number % 3 == 0:
        a = f'<bpt i="1" x="1">&lt;b&gt;</bpt>{escape(a)}<ept i="1">&lt;/b&gt;</ept>'
    else:
        a = escape(a)
    body = escape(template).format(a=a, b=escape(b), y=year)
    return body + ('<ph x="2">&lt;br/&gt;</ph>' if number % 5 == 0 else "")


def qa_figures(work: Path, glossary: list[str], env: dict[str, str], rows: list) -> None:  # type: ignore[type-arg]
    """Rows for run.py: qa of the TMX (median of three, peak memory), and its ratio to
    annotate of the same Italian text alone."""
    from run import Row, judge, once, peak_rss_mb, secs

    tmx, text = write_tmx(work / f"qa-{SEGMENTS}.tmx")
    checking = [*glossary, "qa", str(tmx)]
    annotating = [*glossary, "annotate", str(text), "--lang", "it", "--json"]
    once(checking, env, ok=(0, 1))  # the index cache built, the files in the page cache
    checked = statistics.median(once(checking, env, ok=(0, 1)) for _ in range(3))
    annotated = statistics.median(once(annotating, env, ok=(0, 1)) for _ in range(3))
    peak = peak_rss_mb(checking, env)
    size = tmx.stat().st_size / (1024 * 1024)
    rows.append(
        Row(
            f"`qa` TMX of {SEGMENTS:,} segment pairs ({size:.0f} MB), packaged glossary",
            secs(checked),
            f"peak {peak:.0f} MB",
            "",
            "< 10 s",
            judge(checked < 10.0),
        )
    )
    rows.append(
        Row(
            "`annotate --lang it` of the same Italian segments alone",
            secs(annotated),
            "qa / annotate",
            f"{checked / annotated:.2f}x",
        )
    )


def main() -> None:
    from run import WORK, child_env, glossary_command, precompile, render

    WORK.mkdir(exist_ok=True)
    precompile()
    rows: list = []  # type: ignore[type-arg]
    qa_figures(WORK, glossary_command(), child_env(WORK / "cache-packaged"), rows)
    print(render(rows, "`python benchmarks/qa_tmx.py`"))


if __name__ == "__main__":
    main()
