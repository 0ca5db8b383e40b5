"""Do annotate and translate take time in proportion to the text? 0.1, 1 and 10 MB of three kinds.

    python benchmarks/linear.py            # about two minutes on a shared 2-core machine
    python benchmarks/linear.py --cache    # through the on-disk index the commands use (slower)

Library level, on the packaged glossary through ``glossary.index.Index`` (in memory, so that
the figures are those of the matcher and the translator themselves), for three kinds of text:

- news: paragraphs of the two source articles (../shared/articles), shuffled and repeated;
  the sentences in tests/data/articles/sentences.yaml when the articles are absent;
- no spaces: the same text with every space and line break removed, one line;
- mixed scripts: the same sentences among emoji (flags, skin tones, ZWJ sequences),
  Arabic-script names with right-to-left marks, Cyrillic, Chinese and combining accents.

Each step prints seconds, MB/s and the ratio time(10x the size) / time(size): PASS when it is
at most 10 x 1.5 = 15 (linear, with room for noise), FAIL otherwise. Every figure is compared
with one measured in the same run, so the verdicts hold on a slow or busy machine.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import WORK, Row, judge, render, secs  # the house table

ARTICLES = ROOT.parent / "shared" / "articles"
SENTENCES = ROOT / "tests" / "data" / "articles" / "sentences.yaml"
#: Text sizes in bytes of UTF-8 (1 MB = 1,000,000 bytes).
SIZES = (100_000, 1_000_000, 10_000_000)
#: How much slower than proportional a tenfold step may be before it fails.
SLACK = 1.5

_MIXED = [
    "🇮🇹🇫🇷🇱🇾",
    "👩🏽‍💻",
    "❤️‍🔥",
    "🏳️‍🌈",
    "1️⃣",
    "😀😀",
    "\u200fأبو بكر البغدادي\u200f",
    "\u200fداعش\u200f",
    "مُحَمَّد",
    "\u202bالموصل\u202c",
    "Исламское государство",
    "伊斯兰国",
    "Ισλαμικό Κράτος",
    unicodedata.normalize("NFD", "Città è già perché"),
    "\u2067ISIS\u2069",
]


def paragraphs() -> tuple[list[str], str]:
    """The paragraphs of the news text, and where they come from."""
    files = sorted(ARTICLES.glob("*.txt")) if ARTICLES.is_dir() else []
    found = [p.strip() for f in files for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    if found:
        return found, f"{len(files)} articles in {ARTICLES}"
    import yaml

    records = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    return [r["text"] for r in records], f"the sentences in {SENTENCES.relative_to(ROOT)} (no {ARTICLES})"


def cut(text: str, size: int) -> str:
    """``text`` cut to ``size`` bytes of UTF-8, at a character boundary."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def grow(pieces: list[str], size: int, seed: int, joiner: str) -> str:
    """Pieces in a shuffled order, again and again, until ``size`` bytes."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        order = pieces[:]
        rng.shuffle(order)
        for piece in order:
            out.append(piece)
            total += len(piece.encode("utf-8")) + len(joiner)
    return cut(joiner.join(out), size)


def news(pieces: list[str], size: int) -> str:
    return grow(pieces, size, 1, "\n\n")


def no_spaces(pieces: list[str], size: int) -> str:
    return cut(re.sub(r"\s+", "", grow(pieces, size * 3 // 2, 2, " ")), size)


def mixed(pieces: list[str], size: int) -> str:
    rng = random.Random(3)
    sentences = [s for p in pieces for s in re.split(r"(?<=[.!?])\s+", p) if s]
    spiced = [f"{s} {rng.choice(_MIXED)} {rng.choice(_MIXED)}" for s in sentences]
    return grow(spiced, size, 4, "\n")


KINDS: dict[str, Callable[[list[str], int], str]] = {
    "news": news,
    "no spaces": no_spaces,
    "mixed scripts": mixed,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", action="store_true", help="use the on-disk index, as the commands do")
    args = parser.parse_args()
    from glossary.annotate import annotate
    from glossary.index import Index
    from glossary.loader import load_glossary
    from glossary.translate import translate

    if args.cache:
        WORK.mkdir(exist_ok=True)
        index = Index.open(environ={}, cache_dir=WORK / "cache-linear")
    else:
        index = Index(load_glossary(environ={}))
    store = "on-disk index" if args.cache else "index in memory"
    pieces, origin = paragraphs()
    print(f"text from {origin}; packaged glossary, {len(index)} concepts", file=sys.stderr, flush=True)

    operations: dict[str, Callable[[str], object]] = {
        "annotate": lambda text: annotate(text, index.store),
        "translate": lambda text: translate(text, index.store, index.concept),
    }
    rows: list[Row] = []
    started = time.perf_counter()
    for kind, make in KINDS.items():
        texts = [make(pieces, size) for size in SIZES]
        for name, operation in operations.items():
            operation(texts[0])  # warm the caches, so that the smallest size is not charged for them
            previous: float | None = None
            for size, text in zip(SIZES, texts):
                print(f"  {name} {kind} {size / 1e6:g} MB ...", file=sys.stderr, flush=True)
                start = time.perf_counter()
                operation(text)
                seconds = time.perf_counter() - start
                megabytes = len(text.encode("utf-8")) / 1e6
                value = f"{secs(seconds)} ({megabytes / seconds:.2f} MB/s)"
                figure = f"{name}, {kind}, {size / 1e6:g} MB"
                if previous is None:
                    rows.append(Row(figure, value))
                else:
                    ratio = seconds / previous
                    rows.append(
                        Row(
                            figure,
                            value,
                            f"{size / 10e6:g} MB ({secs(previous)})",
                            f"{ratio:.1f}x",
                            f"<= {10 * SLACK:g}x",
                            judge(ratio <= 10 * SLACK),
                        )
                    )
                previous = seconds
    total = time.perf_counter() - started
    command = "python benchmarks/linear.py" + (" --cache" if args.cache else "")
    print(
        render(rows, f"`{command}` — packaged glossary ({store}), text from {origin}; {secs(total)} in all")
    )


if __name__ == "__main__":
    main()
