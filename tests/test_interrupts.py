"""Ctrl-C and closed pipes: exit 130 or a quiet end, never a traceback or a partial file.

The commands run as real processes (``python -m cli``) and get real signals. A signal is sent
once the process is known to be at work, from what /proc shows of it (its standard input
read to the end, the index database open, the cache being built), not after a guessed delay.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc/self/fdinfo").is_dir(), reason="needs Linux's /proc")

#: What an interrupted command may print: nothing, or this one line.
QUIET_INTERRUPT = ("", "glossary: interrupted\n")

ENTRY = """- id: concept-{n}
  domain: concept
  it:
    terms:
    - {{text: parola{n} italiana, type: full-form, status: preferred, gender: feminine, plural: parole{n} italiane}}
    definition: Definizione numero {n} di una parola italiana qualsiasi.
  en:
    terms:
    - {{text: word{n} english, type: full-form, status: preferred}}
    definition: Definition number {n} of some English word.
  sources:
  - citation: Generated for the tests, entry {n}
"""


def write_glossary(path: Path, concepts: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("concepts:\n")
        handle.writelines(ENTRY.format(n=n) for n in range(concepts))
    return path


def environment(cache: Path) -> dict[str, str]:
    """A user's environment: in particular output buffered as usual, whatever the test runner's
    PYTHONUNBUFFERED says, since a closed pipe behaves differently with and without a buffer."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), GLOSSARY_PATH="")
    env.pop("PYTHONUNBUFFERED", None)
    return env


def _ctrl_c_as_a_terminal_delivers_it() -> None:
    # A command started in the background of a shell without job control (as a CI runner may
    # start the suite) inherits SIGINT ignored, and would never see the interrupt under test.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(args: list[str], cache: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    options: dict[str, object] = {
        "stdout": subprocess.PIPE,
        "stderr": subprocess.PIPE,
        "preexec_fn": _ctrl_c_as_a_terminal_delivers_it,
    }
    options.update(kwargs)
    return subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=ROOT, env=environment(cache), **options)  # type: ignore[call-overload]


def wait_until(process: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 60) -> None:
    """Poll until ``ready()``; the test fails if the process ends (or time runs out) first."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, "the command ended before it could be interrupted"
        assert time.monotonic() < deadline, "the command never got to work"
        time.sleep(0.001)


def has_open(pid: int, suffix: str) -> bool:
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for name in names:
        try:
            if os.readlink(f"/proc/{pid}/fd/{name}").endswith(suffix):
                return True
        except OSError:
            pass
    return False


def read_position(pid: int, fd: int) -> int:
    try:
        with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as info:
            return int(info.readline().split()[1])  # "pos:\t<offset>"
    except (OSError, IndexError, ValueError):
        return -1


def pipe_is_full(fd: int) -> bool:
    capacity = fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ)
    waiting = struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    return bool(waiting >= capacity - 4096)  # a page may be left part-filled


def state(pid: int) -> str:
    """R (running), S (sleeping) ... of a process, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        return stat.read().rpartition(")")[2].split()[0]


def interrupt(process: subprocess.Popen[bytes]) -> tuple[int, bytes, str]:
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    return process.returncode, stdout, stderr.decode("utf-8")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A glossary of 4,000 concepts and a cache folder where its index is already built."""
    folder = tmp_path_factory.mktemp("big")
    terms = write_glossary(folder / "terms.yaml", 4000)
    cache = folder / "cache"
    built = subprocess.run(
        [sys.executable, "-m", "cli", "--no-default", "-g", str(terms), "lookup", "word1 english", "--json"],
        cwd=ROOT,
        env=environment(cache),
        capture_output=True,
        check=True,
    )
    assert b'"concept-1"' in built.stdout
    return terms, cache


# -- Ctrl-C -----------------------------------------------------------------------------------


def test_ctrl_c_during_a_long_annotate_exits_130_quietly(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = subprocess.run(
        [sys.executable, "-m", "cli", "lookup", "Isis", "--json"],
        cwd=ROOT,
        env=environment(cache),
        capture_output=True,
        check=False,
    )
    assert built.returncode == 0  # the index is built: what follows is annotation
    text = tmp_path / "article.txt"
    sentence = "I foreign fighters dello Stato islamico e i disertori dell’Isis fuggono dalla Siria verso l’Europa.\n"
    text.write_text(sentence * 10_000, encoding="utf-8")  # 1 MB: seconds of work
    with open(text, "rb") as stdin:
        process = start(["annotate", "-"], cache, stdin=stdin)
        size = text.stat().st_size
        wait_until(process, lambda: read_position(process.pid, 0) == size)  # all read: annotating
        code, stdout, stderr = interrupt(process)
    assert (code, stdout) == (130, b"")
    assert stderr in QUIET_INTERRUPT


def test_ctrl_c_while_the_cache_is_built_leaves_no_temporary_file(tmp_path: Path) -> None:
    terms = write_glossary(tmp_path / "terms.yaml", 4000)
    cache = tmp_path / "cache"
    out = tmp_path / "out" / "terms.tbx"
    out.parent.mkdir()
    process = start(["--no-default", "-g", str(terms), "export", "--format", "tbx", "-o", str(out)], cache)
    folder = cache / "glossary"
    wait_until(process, lambda: folder.is_dir() and any(p.suffix == ".tmp" for p in folder.iterdir()))
    code, stdout, stderr = interrupt(process)
    assert (code, stdout) == (130, b"")
    assert stderr in QUIET_INTERRUPT
    assert list(out.parent.iterdir()) == []
    assert not [p.name for p in folder.iterdir() if p.suffix == ".tmp"]
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "--no-default",
            "-g",
            str(terms),
            "lookup",
            "parola7 italiana",
            "--json",
        ],
        cwd=ROOT,
        env=environment(cache),
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0 and '"concept-7"' in again.stdout


@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "replacing-a-file"])
def test_ctrl_c_during_an_export_leaves_no_partial_file(
    big: tuple[Path, Path], tmp_path: Path, existing: bool
) -> None:
    terms, cache = big
    out = tmp_path / "terms.tbx"
    if existing:
        out.write_bytes(b"the old file\n")
    process = start(
        [
            "--no-default",
            "-g",
            str(terms),
            "export",
            "--format",
            "tbx",
            "-o",
            str(out),
            *(["--force"] * existing),
        ],
        cache,
    )
    wait_until(process, lambda: has_open(process.pid, ".sqlite"))  # the index is open: exporting
    code, stdout, stderr = interrupt(process)
    assert (code, stdout) == (130, b"")
    assert stderr in QUIET_INTERRUPT
    assert [p.name for p in tmp_path.iterdir()] == (["terms.tbx"] if existing else [])
    if existing:
        assert out.read_bytes() == b"the old file\n"


def test_ctrl_c_while_writing_to_a_blocked_pipe_exits_130(big: tuple[Path, Path]) -> None:
    """The reader is stalled: the export is blocked writing standard output when Ctrl-C comes."""
    terms, cache = big
    process = start(["--no-default", "-g", str(terms), "export", "--format", "csv"], cache)
    assert process.stdout is not None
    pipe = process.stdout.fileno()
    wait_until(process, lambda: pipe_is_full(pipe) and state(process.pid) == "S")  # blocked writing
    code, _, stderr = interrupt(process)
    assert code == 130
    assert stderr in QUIET_INTERRUPT


# -- closed pipes -----------------------------------------------------------------------------


def first_line_through_head(args: list[str], cache: Path) -> tuple[int, str, str]:
    """``glossary ARGS | head -1``: the exit code and stderr of glossary, and what head printed."""
    glossary = start(args, cache)
    # head -1, in Python: the tests need nothing but Python on the machine.
    first_line = "import sys; sys.stdout.write(sys.stdin.readline())"
    head = subprocess.Popen([sys.executable, "-c", first_line], stdin=glossary.stdout, stdout=subprocess.PIPE)
    assert glossary.stdout is not None
    glossary.stdout.close()  # head holds the only read end: when it exits, the pipe is closed
    printed, _ = head.communicate(timeout=60)
    _, stderr = glossary.communicate(timeout=60)
    return glossary.returncode, stderr.decode("utf-8"), printed.decode("utf-8")


def test_list_through_head_ends_quietly(big: tuple[Path, Path]) -> None:
    terms, cache = big
    code, stderr, printed = first_line_through_head(["--no-default", "-g", str(terms), "list"], cache)
    assert printed.split() == ["id", "italiano", "English", "domain"]
    assert stderr == ""
    assert code in (0, 1)  # 1 when the cut came while writing, 0 when it came at the end


def test_a_csv_export_through_head_ends_quietly(big: tuple[Path, Path]) -> None:
    terms, cache = big
    code, stderr, printed = first_line_through_head(
        ["--no-default", "-g", str(terms), "export", "--format", "csv"], cache
    )
    assert printed.startswith("id,domain,lang,text,type,status,")
    assert stderr == ""
    assert code in (0, 1)


def test_a_streamed_tbx_export_through_head_ends_quietly(big: tuple[Path, Path]) -> None:
    terms, cache = big
    code, stderr, printed = first_line_through_head(
        ["--no-default", "-g", str(terms), "export", "--format", "tbx"], cache
    )
    assert printed == '<?xml version="1.0" encoding="UTF-8"?>\n'
    assert stderr == ""
    assert code in (0, 1)


def test_annotate_show_through_head_ends_quietly(tmp_path: Path) -> None:
    text = tmp_path / "big.txt"
    text.write_text("I foreign fighters dello Stato islamico fuggono dalla Siria.\n" * 5000, encoding="utf-8")
    code, stderr, printed = first_line_through_head(["annotate", "--show", str(text)], tmp_path / "cache")
    assert printed == "I foreign fighters dello Stato islamico fuggono dalla Siria.\n"  # each term once
    assert stderr == ""
    assert code in (0, 1)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["lookup", "Isis"],
        ["lookup", "Isis", "--json"],
        ["translate", "i disertori dell’Isis", "--json"],
        ["export", "--format", "csv"],
        ["export", "--format", "tbx2"],  # streamed: written a chunk at a time
        ["--version"],
    ],
    ids=lambda args: " ".join(args),
)
def test_a_reader_gone_before_any_output_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    """``glossary ... | true``: the pipe is closed before the command writes a byte."""
    process = start(args, tmp_path / "cache")
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert stderr.decode("utf-8") == ""  # no traceback, no "Exception ignored" at exit
    assert process.returncode in (0, 1)
