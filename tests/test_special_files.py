"""Exports replace only what they should: a regular file (with --force), or the file a
symbolic link points to (with --force, the link kept); never a device, a FIFO, a socket or a
folder. ``-o -`` is standard output. Each tried with the real special file."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest
from processes import run_glossary

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"


def export(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_glossary(
        tmp_path / "cache", "--no-default", "-g", str(MINI), "export", "--format", "csv", *args
    )


def test_a_fifo_is_refused_not_replaced_and_not_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for force in ([], ["--force"]):
        result = export(tmp_path, "-o", str(fifo), *force)  # opening it for writing would hang
        assert (result.returncode, result.stderr) == (
            2,
            f"glossary: {fifo}: is a FIFO, not a regular file; refused\n",
        )
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_device_node_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "node"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = export(tmp_path, "-o", str(node), "--force")
    assert (result.returncode, result.stderr) == (
        2,
        f"glossary: {node}: is a character device, not a regular file; refused\n",
    )
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = export(tmp_path, "-o", str(path), "--force")
    assert (result.returncode, result.stderr) == (
        2,
        f"glossary: {path}: is a socket, not a regular file; refused\n",
    )


def test_a_symbolic_link_is_kept_and_its_file_written_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    refused = export(tmp_path, "-o", str(link))
    assert (refused.returncode, refused.stderr) == (
        2,
        f"glossary: {link}: is a symbolic link (use --force to write to the file it points to)\n",
    )
    assert target.read_text(encoding="utf-8") == "old\n"
    forced = export(tmp_path, "-o", str(link), "--force")
    assert forced.returncode == 0, forced.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "Stato Islamico" in target.read_text(encoding="utf-8")


def test_dash_is_standard_output(tmp_path: Path) -> None:
    to_stdout = export(tmp_path, "-o", "-")
    assert to_stdout.returncode == 0
    assert to_stdout.stdout == export(tmp_path).stdout
    assert "Stato Islamico" in to_stdout.stdout
    assert not (tmp_path / "-").exists() and not Path("-").exists()
