"""Run one fuzz target for a bounded time: atheris (coverage-guided) if installed, else hypothesis.

    python fuzz/run.py yaml --seconds 300            # corpus in fuzz/.corpus/yaml
    python fuzz/run.py tbx --seconds 300 --engine hypothesis

A finding stops the run: atheris writes the input to ``crash-*`` in the current folder and
prints the traceback; hypothesis prints the shrunk input. See fuzz/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import shutil
import sys
import time
from pathlib import Path

import targets

HERE = Path(__file__).resolve().parent


def _corpus(target: str) -> Path:
    """The target's working corpus, started from the project's test data the first time."""
    folder = HERE / ".corpus" / target
    if not folder.is_dir():
        folder.mkdir(parents=True)
        for number, seed in enumerate(targets.seeds(target)):
            shutil.copyfile(seed, folder / f"seed-{number:03d}-{seed.name}")
    return folder


def run_atheris(target: str, seconds: int, extra: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["glossary"]):
        for name in targets.library_modules():
            importlib.import_module(name)
    check = targets.TARGETS[target]
    if target == "text":
        targets._index()  # load the glossary once, before the clock starts

    def one_input(data: bytes) -> None:
        check(data)

    argv = [sys.argv[0], f"-max_total_time={seconds}", "-timeout=20", "-rss_limit_mb=2048"]
    if target == "text" and not any(arg.startswith("-max_len=") for arg in extra):
        argv.append("-max_len=1024")  # whole articles run at a few inputs a second
    argv += extra
    if not any(Path(arg).is_file() for arg in extra):  # files given: replay them, do not fuzz
        argv.append(str(_corpus(target)))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def run_hypothesis(target: str, seconds: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    check = targets.TARGETS[target]
    seeds = [path.read_bytes() for path in targets.seeds(target)]
    mutated = st.builds(_mutate, st.sampled_from(seeds), st.binary(max_size=64), st.integers(0, 10**6))
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline:

        @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(st.one_of(st.binary(max_size=4096), mutated))
        def batch(data: bytes) -> None:
            check(data)

        batch()
        runs += 500
    print(f"{target}: {runs} inputs in {seconds} s, no finding")


def _mutate(seed: bytes, insert: bytes, where: int) -> bytes:
    """A seed file with a few bytes put in, cut out or cut off at some place."""
    at = where % (len(seed) + 1)
    kind = where % 3
    if kind == 0:
        return seed[:at] + insert + seed[at:]
    if kind == 1:
        return seed[:at] + seed[at + len(insert) :]
    return seed[:at]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", choices=sorted(targets.TARGETS))
    parser.add_argument("--seconds", type=int, default=300, help="time bound (default 300)")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    args, extra = parser.parse_known_args()
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "hypothesis"
    try:
        if engine == "atheris":
            run_atheris(args.target, args.seconds, extra)
        else:
            run_hypothesis(args.target, args.seconds)
    finally:
        targets.cleanup()


if __name__ == "__main__":
    main()
