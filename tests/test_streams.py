"""The standard streams as the world hands them over, tried on a real process: closed,
full, non-blocking, in an encoding that cannot show every term, with a terminal of no width.
Each ends in output, or in one line on standard error and a documented exit code; never a
traceback."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from processes import user_environment

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"
GLOSSARY = f"{shlex.quote(sys.executable)} -m cli --no-default -g {shlex.quote(str(MINI))}"
STREAM = 4  # ExitCode.STREAM


def shell(command: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``command`` run by /bin/sh, so that its redirections (>&-, <&-, >/dev/full) are real."""
    environment = user_environment(tmp_path / "cache", **env)
    return subprocess.run(
        ["/bin/sh", "-c", command], check=False, capture_output=True, env=environment, timeout=120
    )


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> str:
    stderr = result.stderr.decode("utf-8")
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    return stderr


@pytest.mark.parametrize(
    "command",
    [f"{GLOSSARY} --version >&-", f"{GLOSSARY} lookup Isis --json >&-", f"{GLOSSARY} lookup Isis >&-"],
)
def test_a_closed_standard_output_is_one_line_and_exit_4(command: str, tmp_path: Path) -> None:
    result = shell(command, tmp_path)
    assert no_traceback(result) == "glossary: standard output is closed\n"
    assert result.returncode == STREAM


@pytest.mark.parametrize(
    "command", ["list", "lookup Isis --json", "export --format csv", "translate 'Stato islamico'"]
)
def test_a_full_disk_under_standard_output_is_one_line_and_exit_4(command: str, tmp_path: Path) -> None:
    result = shell(f"{GLOSSARY} {command} >/dev/full", tmp_path)
    assert no_traceback(result) == "glossary: cannot write the output: No space left on device\n"
    assert result.returncode == STREAM


@pytest.mark.parametrize("command", ["translate -", "annotate -", "lookup -"])
def test_a_closed_standard_input_is_one_line_and_exit_4(command: str, tmp_path: Path) -> None:
    result = shell(f"{GLOSSARY} {command} <&-", tmp_path)
    assert no_traceback(result) == "glossary: standard input is closed\n"
    assert result.returncode == STREAM


def test_an_export_to_a_file_needs_no_standard_output(tmp_path: Path) -> None:
    out = tmp_path / "terms.csv"
    result = shell(f"{GLOSSARY} export --format csv -o {shlex.quote(str(out))} >&-", tmp_path)
    assert result.returncode == 0, no_traceback(result)
    assert "Stato Islamico" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_encoding_that_cannot_show_a_term_escapes_it_with_one_warning(
    encoding: str, tmp_path: Path
) -> None:
    result = shell(f"{GLOSSARY} lookup 'Stato islamico' --brief", tmp_path, PYTHONIOENCODING=encoding)
    assert result.returncode == 0
    assert result.stdout.decode(encoding).startswith("Stato Islamico (it, full-form) \\u2192 ")  # the arrow
    assert no_traceback(result) == (
        f"glossary: warning: the {'iso8859-1' if encoding == 'latin-1' else 'ascii'} output encoding"
        " cannot show some characters; they are written as backslash escapes (use a UTF-8 locale or"
        " PYTHONIOENCODING=utf-8)\n"
    )


@pytest.mark.parametrize(
    "command", ["lookup Isis", "list", "check", "translate 'i disertori'", "lookup Isys"]
)
def test_every_command_prints_under_an_ascii_encoding(command: str, tmp_path: Path) -> None:
    result = shell(f"{GLOSSARY} {command}", tmp_path, PYTHONIOENCODING="ascii")
    no_traceback(result)
    assert result.returncode in (0, 1)
    result.stdout.decode("ascii")  # nothing but ASCII reached the output


def test_json_under_an_ascii_encoding_is_exact_json(tmp_path: Path) -> None:
    """JSON escapes what the encoding cannot show as JSON does (\\u00e0), so that it reads
    back to the very same data: no warning is owed."""
    plain = shell(f"{GLOSSARY} lookup Daesh --json", tmp_path)
    ascii_ = shell(f"{GLOSSARY} lookup Daesh --json", tmp_path, PYTHONIOENCODING="ascii")
    assert no_traceback(ascii_) == ""
    ascii_.stdout.decode("ascii")
    assert json.loads(ascii_.stdout) == json.loads(plain.stdout)
    assert "\\u" in ascii_.stdout.decode("ascii")


def test_a_utf8_argument_is_read_under_the_c_locale(tmp_path: Path) -> None:
    result = shell(f"{GLOSSARY} lookup 'disertori' --json", tmp_path, LC_ALL="C", PYTHONUTF8="0")
    accented = shell(f"{GLOSSARY} lookup 'Stato islamico' --json", tmp_path, LC_ALL="C", PYTHONUTF8="0")
    assert result.returncode == 0 and accented.returncode == 0, no_traceback(result)
    assert json.loads(result.stdout)["matches"]
    # Typed with an accent the glossary does not have: the word still arrives whole.
    odd = shell(f"{GLOSSARY} lookup 'disertorì' --json", tmp_path, LC_ALL="C", PYTHONUTF8="0")
    assert json.loads(odd.stdout)["query"] == "disertorì"


@pytest.mark.parametrize("columns", ["0", "1", "3", "-5", "x"])
def test_a_terminal_width_too_small_to_use_is_treated_as_unknown(columns: str, tmp_path: Path) -> None:
    wide = shell(f"{GLOSSARY} lookup Isis", tmp_path)
    narrow = shell(f"{GLOSSARY} lookup Isis", tmp_path, COLUMNS=columns)
    assert narrow.returncode == 0, no_traceback(narrow)
    assert narrow.stdout == wide.stdout
    assert b"Stato Islamico" in narrow.stdout


def test_a_non_blocking_standard_output_gets_everything_to_a_slow_reader(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.set_blocking(write, False)
    environment = user_environment(tmp_path / "cache")
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "export", "--format", "csv"],
        stdout=write,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(write)
    chunks: list[bytes] = []

    def slowly() -> None:
        with os.fdopen(read, "rb") as pipe:
            threading.Event().wait(1.0)  # let the pipe fill while nobody reads
            while chunk := pipe.read(4096):
                chunks.append(chunk)

    reader = threading.Thread(target=slowly)
    reader.start()
    _, stderr = process.communicate(timeout=120)
    reader.join(timeout=120)
    assert process.returncode == 0, stderr.decode()
    data = b"".join(chunks)
    assert len(data) > 65536  # more than a pipe holds
    whole = subprocess.run(
        [sys.executable, "-m", "cli", "export", "--format", "csv"],
        check=True,
        capture_output=True,
        env=environment,
    )
    assert data == whole.stdout
