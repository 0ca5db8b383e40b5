"""How much of the vocabulary of real texts does ``glossary lookup`` find on the right concept?

    python benchmarks/coverage/run.py              # per text, in total, and what is missing
    python benchmarks/coverage/run.py --json       # the same figures, machine-readable
    python benchmarks/coverage/run.py --min 80     # exit 1 when the total is below 80 %

texts.yaml lists real texts the glossary was not built from: their addresses and our list of
their subject terms, each as the text writes it with the concept it should find. Every form is
looked up as ``glossary lookup FORM --lang LANG`` does (the text's language) and as
``glossary lookup FORM`` does (no language), through the same index and the same ``find``.
A form is found when its concept is among the concepts returned; the outcome says whether it
came first, later, not at all while other concepts were returned, or with nothing returned.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from glossary.errors import InputError, LoadError
from glossary.index import Index
from glossary.lookup import find

TEXTS = HERE / "texts.yaml"


class Outcome(StrEnum):
    """What a lookup returned for a form, against the concept it should find."""

    FIRST = "first"  # the right concept, first
    LATER = "later"  # the right concept, after another one
    WRONG = "wrong"  # other concepts only
    NONE = "none"  # no concept at all


class Term(NamedTuple):
    form: str
    concept: str
    lang: str
    url: str


class Result(NamedTuple):
    term: Term
    with_lang: Outcome
    any_lang: Outcome


def load_texts(path: Path) -> list[dict[str, Any]]:
    """The texts of texts.yaml, each with a ``terms`` list of Term."""
    with open(path, encoding="utf-8") as handle:
        texts: list[dict[str, Any]] = yaml.safe_load(handle)
    for text in texts:
        text["terms"] = [Term(t["form"], t["concept"], text["language"], text["url"]) for t in text["terms"]]
    return texts


def outcome(index: Index, term: Term, lang: str | None) -> Outcome:
    """The outcome of looking ``term.form`` up, as the CLI's lookup does."""
    try:
        hits = find(term.form, index.store, lang=lang, suggestions=0).hits
    except InputError:
        return Outcome.NONE
    ids = [hit.concept_id for hit in hits]
    if not ids:
        return Outcome.NONE
    if ids[0] == term.concept:
        return Outcome.FIRST
    return Outcome.LATER if term.concept in ids else Outcome.WRONG


def measure(index: Index, terms: list[Term]) -> list[Result]:
    return [Result(t, outcome(index, t, t.lang), outcome(index, t, None)) for t in terms]


def tally(results: list[Result]) -> dict[str, Any]:
    """Counts of each outcome, with and without the language, and the share found anywhere."""
    out: dict[str, Any] = {"terms": len(results)}
    for name in ("with_lang", "any_lang"):
        counts = Counter(getattr(r, name) for r in results)
        row: dict[str, float] = {o.value: counts[o] for o in Outcome}
        row["anywhere"] = found = counts[Outcome.FIRST] + counts[Outcome.LATER]
        row["percent"] = round(100 * found / len(results), 1) if results else 0.0
        out[name] = row
    return out


def missing(index: Index, results: list[Result]) -> list[dict[str, Any]]:
    """Forms not found on their concept in their text's language, grouped by concept: the
    concepts missed most often first."""
    groups: dict[str, list[Result]] = {}
    for result in results:
        if result.with_lang not in (Outcome.FIRST, Outcome.LATER):
            groups.setdefault(result.term.concept, []).append(result)
    rows = []
    for concept, group in groups.items():
        if index.concept(concept) is not None:
            status = "in glossary"  # the concept is there, these forms of it are not
        else:
            status = "not in glossary"
        forms = sorted({(r.term.lang, r.term.form, r.with_lang.value) for r in group})
        rows.append(
            {
                "concept": concept,
                "status": status,
                "missed": len(group),
                "texts": len({r.term.url for r in group}),
                "forms": [{"lang": lang, "form": form, "outcome": o} for lang, form, o in forms],
            }
        )
    return sorted(rows, key=lambda row: (-row["missed"], -row["texts"], row["concept"]))


def report(index: Index, texts: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures per text and in total, and the missing concepts."""
    per_text, everything = [], []
    for text in texts:
        results = measure(index, text["terms"])
        everything.extend(results)
        keep = {k: text.get(k) for k in ("url", "title", "language", "publisher", "date", "kind")}
        per_text.append(keep | tally(results))
    return {"texts": per_text, "total": tally(everything), "missing": missing(index, everything)}


def _line(label: str, figures: dict[str, Any]) -> str:
    a, b = figures["with_lang"], figures["any_lang"]
    return (
        f"{label:<46} {figures['terms']:>5} {a['first']:>6} {a['anywhere']:>6} {a['wrong']:>6} "
        f"{a['none']:>5} {a['percent']:>6.1f}% {b['percent']:>8.1f}%"
    )


def _form(form: dict[str, str]) -> str:
    wrong = ", other concepts" if form["outcome"] == Outcome.WRONG.value else ""
    return f"{form['form']} ({form['lang']}{wrong})"


def render(figures: dict[str, Any]) -> str:
    """The report as text: a table of texts and totals, then the missing concepts."""
    names = (
        ("terms", 5),
        ("first", 6),
        ("found", 6),
        ("wrong", 6),
        ("none", 5),
        ("found%", 7),
        ("any lang%", 9),
    )
    head = f"{'text':<46}" + "".join(f" {name:>{width}}" for name, width in names)
    lines = [head, "-" * len(head)]
    for text in figures["texts"]:
        title = text["title"].strip("[]")
        label = f"[{text['language']}] {title[:36] + '...' if len(title) > 39 else title}"
        lines.append(_line(label, text))
    lines += ["-" * len(head), _line("total", figures["total"]), ""]
    lines.append("found: right concept among the matches (first: in first place), in the text's language;")
    lines.append(
        "wrong: other concepts only; none: no match; any lang%: found when searching both languages."
    )
    lines += ["", f"Missing ({len(figures['missing'])} concepts), most often missed first:"]
    for row in figures["missing"]:
        forms = "; ".join(_form(f) for f in row["forms"])
        where = f"{row['missed']} missed in {row['texts']} text{'s' if row['texts'] > 1 else ''}"
        lines.append(f"  {row['concept']} [{row['status']}; {where}]: {forms}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 when the total is below it")
    parser.add_argument("--texts", type=Path, default=TEXTS, help="the texts file (default: texts.yaml)")
    parser.add_argument("--no-cache", action="store_true", help="load the YAML, not the on-disk index")
    args = parser.parse_args(argv)
    try:
        index = Index.open(cache=not args.no_cache)
    except LoadError as exc:
        sys.stderr.write(f"coverage: {exc}\n")
        return 3
    figures = report(index, load_texts(args.texts))
    sys.stdout.write(
        (json.dumps(figures, ensure_ascii=False, indent=2) if args.json else render(figures)) + "\n"
    )
    total = figures["total"]["with_lang"]["percent"]
    return 1 if args.min is not None and total < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
