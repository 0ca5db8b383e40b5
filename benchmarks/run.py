"""Speed and scale of the glossary command, against baselines measured in the same run.

    python benchmarks/run.py           # quick: packaged glossary, 2,000 and 20,000 concepts
    python benchmarks/run.py --full    # also 200,000 concepts (~12 minutes, ~1 GB under .work)

Every figure is a whole-process median (wall clock) of commands run as a user runs them,
interleaved round by round so that a busy moment hurts all of them alike. Data, caches and
StarDict files go under benchmarks/.work/ (git-ignored) and are reused by later runs.
Python modules are byte-compiled first and PYTHONDONTWRITEBYTECODE is dropped for the
children, as for any installed program.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate
from qa_tmx import qa_figures

#: Concepts a generated file holds: a large term base arrives split across files.
PER_FILE = 1000
TEXT_BYTES = 1_000_000
#: A lookup that hits, in the packaged glossary.
PACKAGED_TERM = "Isis"
MB = 1024 * 1024
#: Cold builds timed at each size (each from an empty cache); the median is reported.
COLD_BUILDS = 3

_FILLER = [
    "il",
    "la",
    "di",
    "che",
    "e",
    "un",
    "una",
    "per",
    "con",
    "non",
    "sono",
    "nel",
    "della",
    "dei",
    "delle",
    "al",
    "alla",
    "questo",
    "questa",
    "anche",
    "come",
    "dopo",
    "prima",
    "secondo",
    "oggi",
    "ieri",
    "governo",
    "paese",
    "città",
    "gruppo",
    "uomini",
    "donne",
    "anni",
    "mesi",
    "giorni",
    "ministro",
    "polizia",
    "fonti",
    "rapporto",
    "notizia",
    "attacco",
    "indagine",
    "tribunale",
    "confine",
    "frontiera",
    "viaggio",
    "ritorno",
    "guerra",
    "pace",
    "accordo",
    "sicurezza",
    "rete",
    "famiglia",
    "giovane",
    "rientro",
    "secondo",
    "quanto",
    "riferito",
    "inoltre",
    "tuttavia",
    "mentre",
    "molti",
    "alcuni",
    "altri",
    "nuovo",
    "grande",
]


@dataclass
class Row:
    figure: str
    value: str
    compared: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = "info"


# ---------------------------------------------------------------------------------------
# Running commands


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_CACHE_HOME"] = str(cache)
    env["GLOSSARY_PATH"] = ""
    env.setdefault("COLUMNS", "100")
    return env


def glossary_command() -> list[str]:
    script = Path(sys.executable).with_name("glossary")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def once(cmd: Sequence[str], env: dict[str, str], ok: Sequence[int] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(
            f"benchmark command failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode()}"
        )
    return elapsed


def medians(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """Median seconds of each command, measured round-robin after one warm-up run each."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd, env in commands.values():
        once(cmd, env, ok=(0, 1))
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            times[name].append(once(cmd, env, ok=(0, 1)))
    return {name: statistics.median(values) for name, values in times.items()}


def peak_rss_mb(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Peak resident memory of one run of a command, measured by a small parent process."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], env=env, capture_output=True, text=True, check=True
    )
    peak = int(out.stdout.strip())
    return peak / (MB if sys.platform == "darwin" else 1024)


def with_terminal(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    """Run a command with stderr on a pseudo-terminal (as a user sees it): seconds, stderr."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen.extend(chunk)
    code = process.wait()
    elapsed = time.perf_counter() - start
    os.close(master)
    if code not in (0, 1):
        raise SystemExit(
            f"benchmark command failed ({code}): {' '.join(cmd)}\n{seen.decode(errors='replace')}"
        )
    return elapsed, seen.decode("utf-8", "replace")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def judge(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ---------------------------------------------------------------------------------------
# Data


def dataset(concepts: int) -> Path:
    """A generated glossary of this size, made once and reused."""
    folder = WORK / f"synthetic-{concepts}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"  generating {concepts:,} concepts ...", file=sys.stderr, flush=True)
        generate(folder / "yaml", concepts, per_file=PER_FILE)
        marker.write_text("ok\n")
    return folder


def terms_of(folder: Path) -> tuple[str, list[str]]:
    """A term to look up (from the middle file, so grep cannot stop early) and a sample."""
    from glossary.loader import load_file

    files = sorted((folder / "yaml").glob("*.yaml"))
    middle = load_file(files[len(files) // 2])
    concept = middle.concepts[len(middle.concepts) // 2]
    preferred = concept.preferred("en") or concept.preferred("it")
    assert preferred is not None
    sample: list[str] = []
    for path in (files[0], files[len(files) // 2], files[-1]):
        for item in load_file(path).concepts:
            sample.extend(term.text for _, term in item.terms())
    return preferred.text, sample


def packaged_terms() -> list[str]:
    from glossary.loader import load_glossary

    return [term.text for concept in load_glossary().concepts.values() for _, term in concept.terms()]


def text_file(path: Path, terms: list[str], seed: int = 7) -> Path:
    """About TEXT_BYTES of Italian-looking prose, with a glossary term every ten words."""
    if path.exists() and path.stat().st_size >= TEXT_BYTES:
        return path
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < TEXT_BYTES:
        sentence = [rng.choice(_FILLER) for _ in range(rng.randint(8, 20))]
        for _ in range(max(1, len(sentence) // 10)):
            sentence.insert(rng.randrange(len(sentence)), rng.choice(terms))
        line = " ".join(sentence).capitalize() + "."
        words.append(line)
        size += len(line.encode("utf-8")) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# The measurements


def precompile() -> None:
    import compileall

    for folder in (ROOT / "glossary", ROOT / "cli", HERE):
        compileall.compile_dir(folder, quiet=1, force=False, legacy=False)


def versions() -> str:
    import sqlite3
    from importlib.metadata import version

    return (
        f"Python {sys.version.split()[0]}, typer {version('typer')}, rich {version('rich')}, "
        f"PyYAML {version('PyYAML')}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {sys.platform}"
    )


def packaged_figures(runs: int, rows: list[Row]) -> None:
    glossary = glossary_command()
    cache = WORK / "cache-packaged"
    env = child_env(cache)
    text = text_file(WORK / "text-packaged.txt", packaged_terms())
    python = sys.executable
    commands = {
        "python -c pass": ([python, "-c", "pass"], env),
        "baseline: Typer app printing one line": (
            [python, str(HERE / "baseline_line.py"), PACKAGED_TERM],
            env,
        ),
        "baseline: Typer app printing one rich Table": (
            [python, str(HERE / "baseline_table.py"), PACKAGED_TERM],
            env,
        ),
        "glossary --version": ([*glossary, "--version"], env),
        "glossary --help": ([*glossary, "--help"], env),
        "lookup --json": packaged_lookup(),
        "lookup (pretty)": ([*glossary, "lookup", PACKAGED_TERM], env),
        "lookup --json --no-cache": ([*glossary, "--no-cache", "lookup", PACKAGED_TERM, "--json"], env),
    }
    found = medians(commands, runs)
    line = found["baseline: Typer app printing one line"]
    table = found["baseline: Typer app printing one rich Table"]
    for name in (
        "python -c pass",
        "baseline: Typer app printing one line",
        "baseline: Typer app printing one rich Table",
        "glossary --version",
        "glossary --help",
    ):
        rows.append(Row(name, ms(found[name])))
    ratio = found["lookup --json"] / line
    rows.append(
        Row(
            f"`lookup {PACKAGED_TERM} --json`, packaged glossary",
            ms(found["lookup --json"]),
            "Typer one-line app",
            f"{ratio:.2f}x",
            "<= 1.20x",
            judge(ratio <= 1.20),
        )
    )
    ratio = found["lookup (pretty)"] / table
    rows.append(
        Row(
            f"`lookup {PACKAGED_TERM}` (pretty), packaged glossary",
            ms(found["lookup (pretty)"]),
            "Typer one-Table app",
            f"{ratio:.2f}x",
            "<= 1.25x",
            judge(ratio <= 1.25),
        )
    )
    rows.append(
        Row(
            "`lookup --json --no-cache` (reads the YAML)",
            ms(found["lookup --json --no-cache"]),
            "cached lookup",
            f"{found['lookup --json --no-cache'] / found['lookup --json']:.2f}x",
        )
    )
    annotate = [*glossary, "annotate", str(text), "--json"]
    seconds = statistics.median(once(annotate, env, ok=(0, 1)) for _ in range(3))
    rows.append(
        Row(
            "`annotate` 1 MB text --json, packaged glossary",
            secs(seconds),
            "",
            "",
            "< 1 s",
            judge(seconds < 1.0),
        )
    )
    translating = [*glossary, "translate", "-", "--from", "it", "--json"]
    with_input = [sys.executable, "-c", _STDIN_RUNNER, str(text), *translating]
    translated = statistics.median(once(with_input, env) for _ in range(3))
    ratio = translated / seconds
    rows.append(
        Row(
            "`translate -` same 1 MB text --json, packaged glossary",
            secs(translated),
            "annotate of the same text",
            f"{ratio:.2f}x",
            "<= 1.00x",
            judge(ratio <= 1.0),
        )
    )
    batch = WORK / "batch-10000.txt"
    words = packaged_terms()
    batch.write_text("\n".join(words[i % len(words)] for i in range(10_000)) + "\n", encoding="utf-8")
    looked_up = statistics.median(
        once([sys.executable, "-c", _STDIN_RUNNER, str(batch), *glossary, "lookup", "-"], env, ok=(0, 1))
        for _ in range(3)
    )
    rows.append(
        Row(
            "`lookup -`, 10,000 terms, packaged glossary",
            secs(looked_up),
            "",
            "",
            "< 2 s",
            judge(looked_up < 2.0),
        )
    )


#: Loads every YAML file of a folder with PyYAML's C loader, in one process (argv: folder).
_PLAIN_LOAD = (
    "import pathlib, sys, yaml; "
    "[yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml'))]"
)

#: Runs a command with a file as its standard input (argv: file, command...), so that the
#: benchmark times the command alone, not a shell.
_STDIN_RUNNER = (
    "import subprocess, sys; "
    "sys.exit(subprocess.run(sys.argv[2:], stdin=open(sys.argv[1], 'rb'), stdout=subprocess.DEVNULL).returncode)"
)


def completion(
    size: str, layer_args: list[str], prefix: str, env: dict[str, str], runs: int, rows: list[Row]
) -> None:
    """Shell completion on this glossary, its index cache warm (see benchmarks/completion.py)."""
    from completion import completion_commands, completion_figures

    glossary = glossary_command()
    once([*glossary, *layer_args, "lookup", prefix, "--json"], env, ok=(0, 1))  # the index, up to date
    commands = completion_commands(glossary, layer_args, prefix, env)
    baseline = ([sys.executable, str(HERE / "baseline_line.py"), PACKAGED_TERM], env)
    rows.extend(completion_figures(size, commands, baseline, medians, runs, Row))


def packaged_lookup() -> tuple[list[str], dict[str, str]]:
    """The warm `lookup --json` on the packaged glossary, which sized lookups are compared with."""
    return [*glossary_command(), "lookup", PACKAGED_TERM, "--json"], child_env(WORK / "cache-packaged")


def sized_figures(concepts: int, runs: int, rows: list[Row], targets: bool) -> None:
    folder = dataset(concepts)
    yaml_dir = folder / "yaml"
    term, sample = terms_of(folder)
    glossary = glossary_command()
    cache = folder / "cache"
    env = child_env(cache)
    size = f"{concepts:,} concepts"
    lookup = [*glossary, "--no-default", "-g", str(yaml_dir), "lookup", term, "--json"]
    note = "" if targets else " (target set for 200,000)"

    # Cold builds, with stderr on a terminal so that the progress bar is drawn: the median
    # of a few, as for every other figure, since one build on a shared machine can be slowed
    # by anything else running.
    builds = []
    for number in range(1, COLD_BUILDS + 1):
        shutil.rmtree(cache, ignore_errors=True)
        print(f"  cold build {number}/{COLD_BUILDS} of {size} ...", file=sys.stderr, flush=True)
        builds.append(with_terminal(lookup, env))
    seconds = statistics.median(elapsed for elapsed, _ in builds)
    shown = all("Reading glossary files" in err or "Building the index" in err for _, err in builds)
    # The build is compared with what the machine does in the same minutes: loading the same
    # files with PyYAML's C loader in one process, without validation or index.
    plain = statistics.median(
        once([sys.executable, "-c", _PLAIN_LOAD, str(yaml_dir)], env) for _ in range(COLD_BUILDS)
    )
    ratio = seconds / plain
    rows.append(
        Row(
            f"cold build + lookup, {size} (median of {COLD_BUILDS})",
            secs(seconds),
            f"PyYAML C loader alone, same files, one process ({secs(plain)})",
            f"{ratio:.2f}x",
            "<= 0.50x" + note,
            judge(ratio <= 0.5) if targets else "info",
        )
    )
    rows.append(
        Row(
            f"progress bar drawn during that build, {size}",
            "yes" if shown else "no",
            "",
            "",
            "yes if > 1 s",
            judge(shown or seconds <= 1.0) if targets else "info",
        )
    )

    # Warm lookups against the packaged glossary's, grep and sdcv on the same data, in the
    # same rounds: the machine's speed drifts between one minute and the next.
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "lookup": (lookup, env),
        "packaged": packaged_lookup(),
    }
    grep = shutil.which("grep")
    if grep:
        commands["grep"] = ([grep, "-r", "-i", "-m1", "-F", term, str(yaml_dir)], env)
    sdcv = shutil.which("sdcv")
    if sdcv:
        from stardict import write_stardict

        from glossary.index import Index

        dict_dir = folder / "stardict"
        if not (dict_dir / ".complete").exists():
            shutil.rmtree(dict_dir, ignore_errors=True)
            index = Index.open([yaml_dir], default=False, cache_dir=cache / "glossary")
            write_stardict(index.concepts(), dict_dir / "dic" / "bench")
            (dict_dir / ".complete").write_text("ok\n")
        commands["sdcv"] = ([sdcv, "-n", "-e", "--data-dir", str(dict_dir), term], env)
    found = medians(commands, runs)
    ratio = found["lookup"] / found["packaged"]
    rows.append(
        Row(
            f"warm `lookup --json`, {size}",
            ms(found["lookup"]),
            f"same on packaged glossary ({ms(found['packaged'])}, same rounds)",
            f"{ratio:.2f}x",
            "<= 1.20x",
            judge(ratio <= 1.20),
        )
    )
    if grep:
        ratio = found["lookup"] / found["grep"]
        rows.append(
            Row(
                f"`grep -r -i -m1` on the YAML, {size}",
                ms(found["grep"]),
                "warm lookup / grep",
                f"{ratio:.2f}x",
                "< 1.00x" + note,
                judge(ratio < 1.0) if targets else "info",
            )
        )
    else:
        rows.append(Row(f"`grep` on the YAML, {size}", "not installed"))
    if sdcv:
        rows.append(
            Row(
                f"`sdcv -n -e` (StarDict), {size}",
                ms(found["sdcv"]),
                "warm lookup / sdcv",
                f"{found['lookup'] / found['sdcv']:.2f}x",
            )
        )
    else:
        rows.append(Row(f"`sdcv` (StarDict), {size}", "not installed"))
    completion(size, ["--no-default", "-g", str(yaml_dir)], term[:4], env, runs, rows)
    peak = peak_rss_mb(lookup, env)
    rows.append(
        Row(f"peak memory of warm lookup, {size}", f"{peak:.1f} MB", "", "", "< 80 MB", judge(peak < 80))
    )
    # A term that is not there: the fuzzy suggestions compare the query with every form.
    miss = [*glossary, "--no-default", "-g", str(yaml_dir), "lookup", "Qzxv Wvq", "--json"]
    seconds = statistics.median(once(miss, env, ok=(1,)) for _ in range(3))
    peak = peak_rss_mb(miss, env)
    rows.append(
        Row(
            f"lookup of a missing term (fuzzy suggestions), {size}",
            secs(seconds),
            f"peak {peak:.0f} MB",
            "",
            "< 0.3 s" + note,
            judge(seconds < 0.3) if targets else "info",
        )
    )

    # Edit one file: the next lookup re-reads that file only.
    files = sorted(yaml_dir.glob("*.yaml"))
    victim = files[len(files) // 3]
    original = victim.read_bytes()
    try:
        victim.write_bytes(original.replace(b"definition: ", b"definition: Edited. ", 1))
        seconds = once(lookup, env, ok=(0, 1))
    finally:
        victim.write_bytes(original)
    rows.append(
        Row(
            f"lookup after editing one file, {size}",
            secs(seconds),
            "",
            "",
            "< 2 s" + note,
            judge(seconds < 2.0) if targets else "info",
        )
    )
    once(lookup, env, ok=(0, 1))  # re-index the restored file, unmeasured

    # Annotate a megabyte of text.
    text = text_file(folder / "text.txt", sample)
    annotate = [*glossary, "--no-default", "-g", str(yaml_dir), "annotate", str(text), "--json"]
    seconds = statistics.median(once(annotate, env, ok=(0, 1)) for _ in range(3))
    peak = peak_rss_mb(annotate, env)
    rows.append(
        Row(
            f"`annotate` 1 MB text --json, {size}",
            secs(seconds),
            f"peak {peak:.0f} MB",
            "",
            "< 3 s" + note,
            judge(seconds < 3.0) if targets else "info",
        )
    )

    # Export the whole glossary as TBX: streamed, so its memory does not grow with the file.
    exported = WORK / f"export-{concepts}.tbx"
    export = [
        *glossary,
        "--no-default",
        "-g",
        str(yaml_dir),
        "export",
        "--format",
        "tbx",
        "-o",
        str(exported),
    ]
    peak = peak_rss_mb([*export, "--force"], env)
    megabytes = exported.stat().st_size / MB
    exported.unlink()
    rows.append(
        Row(
            f"`export --format tbx` ({megabytes:.0f} MB of TBX), {size}",
            f"peak {peak:.0f} MB",
            "",
            "",
            "< 150 MB",
            judge(peak < 150),
        )
    )


def calibration(rows: list[Row]) -> None:
    """PyYAML's own C loader on the 2,000-concept set, to compare the data with the issue's."""
    import yaml

    folder = dataset(2000) / "yaml"
    start = time.perf_counter()
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    rows.append(
        Row(
            "calibration: PyYAML C loader, 2,000 generated concepts",
            secs(time.perf_counter() - start),
            "issue measured ~0.4 s",
        )
    )


def typer_029(rows: list[Row], runs: int) -> None:
    """The same one-line app under Typer 0.29 (which brings pydantic), in its own venv."""
    venv = WORK / "typer-0.29"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "typer>=0.29,<0.30"], check=True)
    env = child_env(WORK / "cache-typer")
    found = medians(
        {
            "0.28": ([sys.executable, str(HERE / "baseline_line.py"), "x"], env),
            "0.29": ([str(python), str(HERE / "baseline_line.py"), "x"], env),
        },
        runs,
    )
    rows.append(
        Row(
            "Typer 0.29 one-line app (pulls in pydantic)",
            ms(found["0.29"]),
            "same app on 0.28",
            f"{found['0.29'] / found['0.28']:.2f}x",
        )
    )


def render(rows: list[Row], header: str) -> str:
    table = [("figure", "value", "compared with", "ratio", "target", "result")]
    table += [(r.figure, r.value, r.compared, r.ratio, r.target, r.verdict) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(6)]
    lines = [header, ""]
    for number, row in enumerate(table):
        lines.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if number == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    failed = sum(r.verdict == "FAIL" for r in rows)
    passed = sum(r.verdict == "PASS" for r in rows)
    lines += ["", f"{passed} passed, {failed} failed"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 200,000 concepts (~12 minutes)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each quick command (default 15)")
    parser.add_argument(
        "--typer-029", action="store_true", help="also time Typer 0.29 (installs it in .work)"
    )
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    precompile()
    sizes = [2000, 20000, 200000] if args.full else [2000, 20000]
    rows: list[Row] = []
    print("measuring the packaged glossary and the baselines ...", file=sys.stderr, flush=True)
    packaged_figures(args.runs, rows)
    completion("packaged glossary", [], "jihadis", child_env(WORK / "cache-packaged"), args.runs, rows)
    print("measuring qa on a 50,000-pair TMX ...", file=sys.stderr, flush=True)
    qa_figures(WORK, glossary_command(), child_env(WORK / "cache-packaged"), rows)
    for concepts in sizes:
        sized_figures(concepts, args.runs, rows, targets=concepts == 200000)
    from sitebench import site_figures  # the site's build and keystroke rows (see sitebench.py)

    site_figures([size for size in sizes if size != 20000], rows)
    calibration(rows)
    if args.typer_029:
        typer_029(rows, args.runs)
    command = (
        "python benchmarks/run.py"
        + (" --full" if args.full else "")
        + (" --typer-029" if args.typer_029 else "")
    )
    print(render(rows, f"`{command}` — {versions()}"))


if __name__ == "__main__":
    main()
