"""A build killed by a signal leaves nothing running and nothing locked; a process waiting for
another one's build waits a bounded time and says who holds it; a FIFO where the database
should be is replaced, not opened. Each with real processes, signals and special files."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import run_glossary, user_environment

from glossary.cache import database_path
from glossary.sources import source_layers

CONCEPT = """- id: c{n}
  domain: concept
  it:
    terms:
    - {{text: parola{n} numero{n}, type: full-form, status: preferred, pos: noun, gender: feminine}}
    - {{text: variante{n}, type: variant, status: admitted, pos: noun, gender: feminine}}
    definition: >-
      Definizione del concetto numero {n}, scritta abbastanza lunga da dare al file un peso
      realistico, come quelle del glossario, con qualche parola in più per arrivare in fondo.
  en:
    terms:
    - {{text: word{n} number{n}, type: full-form, status: preferred, pos: noun}}
    - {{text: variant{n}, type: variant, status: admitted, pos: noun}}
    definition: >-
      Definition of concept number {n}, written long enough to give the file a realistic
      weight, like those of the glossary, with a few more words to reach the end of it.
  sources:
  - citation: "Source {n}"
    url: https://example.org/{n}
"""


def large_glossary(folder: Path, files: int = 4, per_file: int = 1500) -> Path:
    """About 6 MB in several files: enough for the build to use worker processes."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        body = "".join(CONCEPT.format(n=f * per_file + i) for i in range(per_file))
        (folder / f"part-{f}.yaml").write_text("concepts:\n" + body, encoding="utf-8")
    return folder


environment = user_environment


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL, signal.SIGHUP])
def test_a_build_killed_by_a_signal_leaves_no_worker_and_no_lock(tmp_path: Path, signum: int) -> None:
    layer = large_glossary(tmp_path / "terms")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "cli", "--no-default", "-g", str(layer), "lookup", "variante1", "--json"]
    process = subprocess.Popen(
        command,
        env=environment(cache),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not children(process.pid):
        assert process.poll() is None, "the build ended before its workers started"
        assert time.monotonic() < deadline, "no worker process was started"
        time.sleep(0.02)
    os.kill(process.pid, signum)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while group_alive(process.pid):  # its workers carry its process group
        assert time.monotonic() < deadline, "worker processes outlived the build"
        time.sleep(0.05)
    again = subprocess.run(
        command,
        check=False,
        env=environment(cache, GLOSSARY_LOCK_TIMEOUT="5"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr  # not kept waiting: nobody holds the lock


def test_a_waiter_gives_up_after_the_timeout_and_names_the_holder(tmp_path: Path) -> None:
    layer = large_glossary(tmp_path / "terms", files=1, per_file=10)
    cache = tmp_path / "cache"
    database = database_path(source_layers([str(layer)], default=False, environ={}), cache / "glossary")
    database.parent.mkdir(parents=True)
    lock = database.with_name(database.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{os.getpid()}\n".encode())
        started = time.monotonic()
        result = run_glossary(
            cache,
            "--no-default",
            "-g",
            str(layer),
            "lookup",
            "variante1",
            timeout=60,
            GLOSSARY_LOCK_TIMEOUT="1",
        )
        waited = time.monotonic() - started
    finally:
        os.close(fd)
    assert (result.returncode, result.stderr) == (
        3,
        f"glossary: {lock}: the index is being built by process {os.getpid()}; try again, or use --no-cache\n",
    )
    assert waited < 30


def test_a_fifo_in_place_of_the_database_is_replaced_not_opened(tmp_path: Path) -> None:
    layer = large_glossary(tmp_path / "terms", files=1, per_file=10)
    cache = tmp_path / "cache"
    database = database_path(source_layers([str(layer)], default=False, environ={}), cache / "glossary")
    database.parent.mkdir(parents=True)
    os.mkfifo(database)
    result = run_glossary(
        cache, "--no-default", "-g", str(layer), "lookup", "variante1", "--json", timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert database.is_file()
