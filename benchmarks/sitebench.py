"""The site's figures: how long ``glossary site`` takes to write a glossary's site, and how long
its search answers a keystroke in a real browser (Debian's chromium driven by Playwright).

    python benchmarks/sitebench.py          # packaged glossary and 2,000 concepts
    python benchmarks/sitebench.py --full   # also 200,000 concepts

``benchmarks/run.py`` adds these rows to its table. The build is compared with the same
glossary's export to JSON (one whole-glossary write, in the same run); a keystroke on a large
site is compared with a keystroke on the packaged one. Without the browser or Playwright the
keystroke rows say so instead of a figure.
"""

from __future__ import annotations

import argparse
import gzip
import random
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from run import WORK, Row, child_env, dataset, glossary_command, judge, once, secs, terms_of

#: Queries typed a character at a time, each keystroke timed.
TYPED = 24
BUILD_RUNS = 3


def _site(args: list[str], out: Path, cache: Path, runs: int = BUILD_RUNS) -> float:
    """Seconds to write the site (the index cache already built), median of ``runs``."""
    env = child_env(cache)
    glossary = glossary_command()
    once([*glossary, *args, "lookup", "x", "--json"], env, ok=(0, 1))  # the index cache, built once
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times.append(once([*glossary, *args, "site", str(out)], env))
    return statistics.median(times)


def _export(args: list[str], cache: Path, runs: int = BUILD_RUNS) -> float:
    target = WORK / "site-export.json"
    env = child_env(cache)
    command = [*glossary_command(), *args, "export", "--format", "json", "-o", str(target), "--force"]
    return statistics.median(once(command, env) for _ in range(runs))


def keystrokes(site: Path, queries: list[str]) -> list[float] | str:
    """Milliseconds from each keystroke to its answer on the page, or why none was measured."""
    try:
        from browser import ARGS, CHROMIUM
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not measured: Playwright for Python is not installed"
    if not Path(CHROMIUM).exists():
        return f"not measured: no chromium at {CHROMIUM}"
    times: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.goto((site / "index.html").as_uri())
        for query in queries:
            for end in range(1, len(query) + 1):
                typed = query[:end]
                page.fill("#q", typed)
                page.wait_for_function(
                    "q => document.getElementById('results').dataset.query === q", arg=typed
                )
                times.append(float(page.get_attribute("#results", "data-ms") or "nan"))
        browser.close()
    return times


def _typed(sample: list[str], seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    chosen = rng.sample(sample, min(TYPED, len(sample)))
    return [q if n % 4 else q[:2] + q[3:] for n, q in enumerate(chosen)]  # every fourth misspelt


def _keystroke_row(name: str, times: list[float] | str, baseline: float | None, target: bool) -> Row:
    if isinstance(times, str):
        return Row(name, times)
    median = statistics.median(times)
    worst = sorted(times)[int(len(times) * 0.95)]
    compared = f"packaged site ({baseline:.1f} ms)" if baseline is not None else ""
    ratio = f"{median / baseline:.2f}x" if baseline else ""
    verdict = judge(worst < 50) if target else "info"
    return Row(name, f"median {median:.1f} ms, p95 {worst:.1f} ms", compared, ratio, "p95 < 50 ms", verdict)


def site_figures(sizes: list[int], rows: list[Row]) -> None:
    """Rows for the packaged glossary (the baseline) and each generated size."""
    from glossary.loader import load_glossary

    packaged_out = WORK / "site-packaged"
    seconds = _site([], packaged_out, WORK / "cache-packaged")
    files = [p.read_bytes() for p in packaged_out.rglob("*") if p.is_file()]
    size = sum(map(len, files)) / 1024 / 1024
    packed = sum(len(gzip.compress(data)) for data in files) / 1024 / 1024
    rows.append(Row("`site`, packaged glossary", secs(seconds), "", "", "", "info"))
    rows.append(
        Row(
            "site size, packaged glossary (on disk)",
            f"{size:.2f} MB",
            f"each file gzipped, as a server sends it ({packed:.2f} MB)",
            "",
            "< 2 MB",
            judge(size < 2),
        )
    )
    terms = [t.text for c in load_glossary().concepts.values() for _, t in c.terms()]
    base = keystrokes(packaged_out, _typed(terms))
    rows.append(_keystroke_row("keystroke to answer, packaged site", base, None, True))
    baseline = None if isinstance(base, str) else statistics.median(base)
    for concepts in sizes:
        folder = dataset(concepts)
        args = ["--no-default", "-g", str(folder / "yaml")]
        out = folder / "site"
        target = concepts == 200_000
        runs = 1 if target else BUILD_RUNS  # a large build takes minutes: once
        seconds = _site(args, out, folder / "cache", runs)
        export = _export(args, folder / "cache", runs)
        rows.append(
            Row(
                f"`site`, {concepts:,} concepts (index cache warm, median of {runs})",
                secs(seconds),
                f"`export --format json` of the same ({secs(export)})",
                f"{seconds / export:.2f}x",
                "< 60 s" if target else "",
                judge(seconds < 60) if target else "info",
            )
        )
        _, sample = terms_of(folder)
        times = keystrokes(out, _typed(sample))
        rows.append(_keystroke_row(f"keystroke to answer, {concepts:,} concepts", times, baseline, target))


def main() -> None:
    from run import render, versions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 200,000 concepts")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    rows: list[Row] = []
    site_figures([2000, 200_000] if args.full else [2000], rows)
    print(render(rows, f"`python benchmarks/sitebench.py{' --full' if args.full else ''}` — {versions()}"))


if __name__ == "__main__":
    main()
