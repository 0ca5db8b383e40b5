"""Shell completion through Typer's completion protocol, and in a real bash."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from processes import run_glossary, user_environment

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"


def complete(cache: Path, shell: str, line: str, **env: str) -> subprocess.CompletedProcess[str]:
    """What the glossary command answers the shell's completion script for ``line`` (the
    word being completed is the last one; a line ending in a space completes a new word)."""
    if shell == "bash":
        import re

        words = re.split(r"(?<!\\) ", line)  # bash's words: an escaped space is inside one
        extra = {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        extra = {"_TYPER_COMPLETE_ARGS": line}
        if shell == "fish":
            extra["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return run_glossary(cache, _GLOSSARY_COMPLETE=f"complete_{shell}", **extra, **env)


@pytest.fixture()
def warm(private_cache: Path) -> Path:
    """The packaged glossary's index cache, up to date (completion never builds it)."""
    assert run_glossary(private_cache, "lookup", "isis", "--json").returncode == 0
    return private_cache


def test_bash_completes_terms_of_both_languages_folded(warm: Path) -> None:
    out = complete(warm, "bash", "glossary lookup JIHADIS").stdout.splitlines()
    assert out[:3] == ["JIHADIS", "JIHADISm", "JIHADISt"]  # what was typed is kept as typed
    assert "JIHADISti" in out and "JIHADISts" in out  # Italian and English plurals
    out = complete(warm, "bash", "glossary lookup stato\\ isl").stdout.splitlines()
    assert out[0] == "stato\\ islamico"  # a space is escaped: bash inserts the text as typed


def test_zsh_and_fish_complete_commands_with_their_help(warm: Path) -> None:
    zsh = complete(warm, "zsh", "glossary ").stdout
    assert zsh.startswith('_arguments \'*: :(("lookup":"Show the entry for a term, in Italian or..."\n')
    assert '"add":' in zsh and '"config":' in zsh
    fish = complete(warm, "fish", "glossary ").stdout.splitlines()
    assert fish[0] == "lookup\tShow the entry for a term, in Italian or..."


def test_option_values_and_domains(warm: Path) -> None:
    assert complete(warm, "bash", "glossary list --domain p").stdout.splitlines() == [
        "person",
        "place",
        "publication",
    ]
    assert complete(warm, "fish", "glossary export --format tb").stdout.splitlines() == ["tbx", "tbx2"]
    assert complete(warm, "zsh", "glossary list --format c").stdout == "_arguments '*: :((\"csv\"))'\n"
    assert complete(warm, "bash", "glossary --color n").stdout == "never\n"
    assert complete(warm, "bash", "glossary lookup isis --lang ").stdout.splitlines() == ["it", "en"]
    assert complete(warm, "bash", "glossary qa memory.tmx --fail-on w").stdout == "warning\n"
    assert complete(warm, "fish", "glossary qa memory.tmx --format ").stdout.splitlines() == [
        "auto",
        "lines",
        "table",
    ]


def test_terms_come_from_the_layers_on_the_line(private_cache: Path) -> None:
    assert run_glossary(private_cache, "--no-default", "-g", str(MINI), "list").returncode == 0
    out = complete(private_cache, "bash", f"glossary --no-default -g {MINI} lookup calif").stdout
    assert out.splitlines() == ["califfati", "califfato"]  # shortest first, then A-Z


def test_a_cold_index_offers_no_terms_and_builds_nothing(private_cache: Path) -> None:
    done = complete(private_cache, "bash", "glossary lookup jihad")
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")
    assert not (private_cache / "glossary").exists()  # no index was built


def test_completion_imports_neither_rich_nor_the_yaml_reader(warm: Path) -> None:
    probe = (
        "import sys\n"
        "from cli.main import main\n"
        "try:\n    main([])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rich', 'yaml', 'glossary.loader') if m in sys.modules), file=sys.stderr)\n"
    )
    for shell, extra in (
        ("zsh", {"_TYPER_COMPLETE_ARGS": "glossary "}),
        ("bash", {"COMP_WORDS": "glossary lookup jihadis", "COMP_CWORD": "2"}),
    ):
        env = user_environment(warm, _GLOSSARY_COMPLETE=f"complete_{shell}", **extra)
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
        )
        assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_in_a_real_bash(warm: Path, tmp_path: Path) -> None:
    """The script --show-completion prints, sourced by bash, fills COMPREPLY as bash asks."""
    env = user_environment(warm, PATH=f"{_shim(tmp_path)}:/usr/bin:/bin", HOME=str(tmp_path))
    # Typer names the shell it is run from: bash, here, as for a user who types it there.
    script = subprocess.run(
        [
            "bash",
            "--norc",
            "-c",
            "glossary --show-completion; true",
        ],  # "; true": bash would exec a lone command
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert script.returncode == 0 and "complete -o default -F _glossary_completion glossary" in script.stdout
    (tmp_path / "completion.bash").write_text(script.stdout)
    program = (
        f"source {tmp_path / 'completion.bash'}\n"
        "COMP_WORDS=(glossary lookup 'combattenti\\ st'); COMP_CWORD=2  # as readline gives them\n"
        "_glossary_completion glossary\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", program], env=env, capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines() == ["combattenti\\ straniere", "combattenti\\ stranieri"], done.stderr


def _shim(tmp_path: Path) -> Path:
    """A ``glossary`` command on PATH that runs this checkout, as the installed one does."""
    shim = tmp_path / "bin" / "glossary"
    shim.parent.mkdir(exist_ok=True)
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cli "$@"\n')
    shim.chmod(0o755)
    return shim.parent


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_in_a_real_fish(warm: Path, tmp_path: Path) -> None:
    """fish sources what --show-completion prints there, and its own `complete -C` asks."""
    program = (
        "glossary --show-completion | source\n"
        "complete -C 'glossary lookup stato\\ isl' | head -2\n"
        "complete -C 'glossary list --domain pu'\n"
    )
    env = user_environment(warm, PATH=f"{_shim(tmp_path)}:/usr/bin:/bin", HOME=str(tmp_path))
    done = subprocess.run(
        ["fish", "--no-config", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.stdout.splitlines() == ["stato islamico", "stato islamico del Khorasan", "publication"], (
        done.stderr
    )


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_in_a_real_zsh(warm: Path, tmp_path: Path) -> None:
    """An interactive zsh on a pseudo-terminal (zsh's own zpty), with compinit and the script
    --show-completion prints there: TAB after a half-typed term of two words fills it in."""
    program = (
        "zmodload zsh/zpty\n"
        "zpty z 'zsh -f -i'\n"
        "zpty -w z 'PS1=\"> \"; autoload -Uz compinit && compinit -u -D; source <(glossary --show-completion)'\n"
        "zpty -w -n z $'glossary lookup stato\\\\ isl\\t'\n"
        "zpty -r z out '*islamico*'\n"
        'print -r -- "${out##*glossary lookup }"\n'
        "zpty -d z\n"
    )
    env = user_environment(warm, PATH=f"{_shim(tmp_path)}:/usr/bin:/bin", HOME=str(tmp_path))
    done = subprocess.run(
        ["zsh", "-f", "-c", program], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.stdout.strip().endswith("stato\\ islamico"), done.stdout + done.stderr


def test_edit_completes_entry_ids(warm: Path) -> None:
    out = complete(warm, "bash", "glossary edit islamic-state-").stdout.splitlines()
    assert out[:3] == ["islamic-state-central-africa", "islamic-state-khorasan", "islamic-state-libya"]
    assert complete(warm, "bash", "glossary edit zz-no-such").stdout.strip() == ""


def test_a_file_written_just_before_the_index_still_gets_terms(private_cache: Path, tmp_path: Path) -> None:
    """A file changed in the instant before the index was built is marked for hashing at the
    next command; completion, which reads no file, trusts its unchanged stat instead of
    offering nothing until another command has run."""
    import time

    fresh = tmp_path / "fresh.yaml"
    fresh.write_bytes(MINI.read_bytes())
    assert run_glossary(private_cache, "--no-default", "-g", str(fresh), "list").returncode == 0
    time.sleep(2.1)  # past the window in which the index hashes such a file again
    out = complete(private_cache, "bash", f"glossary --no-default -g {fresh} lookup calif").stdout
    assert out.splitlines() == ["califfati", "califfato"]
