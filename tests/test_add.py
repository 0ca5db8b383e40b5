"""``glossary add`` and ``glossary edit``, run as a user runs them: a real process, a real
editor command (a script standing in for the user at the keyboard), real files."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest
from processes import run_glossary

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"

DEF_IT = "Combattente che raggiunge la zona di un conflitto armato per unirsi a un gruppo armato."
DEF_EN = "A fighter who travels to the zone of an armed conflict to join an armed group."
SOURCE = "Test source | https://example.org/source"


def entry_options(en: str = "hijrah traveller", it: str = "viaggiatore della hijra") -> list[str]:
    return [
        "--en", en, "--it", it, "--gender", "masculine",
        "--def-it", DEF_IT, "--def-en", DEF_EN, "--source", SOURCE,
    ]  # fmt: skip


def editor(tmp_path: Path, body: str) -> str:
    """An EDITOR command: a script that does to the file it is given what ``body`` says
    (``text`` is the file's text; whatever ``text`` is at the end is saved), and records the
    arguments it was called with."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        f"pathlib.Path({str(tmp_path / 'editor-args.json')!r}).write_text(__import__('json').dumps(sys.argv[1:]))\n"
        "text = path.read_text(encoding='utf-8')\n" + body + "\npath.write_text(text, encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


@pytest.fixture()
def user_file(tmp_path: Path) -> Path:
    """A user glossary with comments and an order of its own, ending without a newline."""
    path = tmp_path / "mine.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    return path


def run(cache: Path, *args: str, **env: str):  # type: ignore[no-untyped-def]
    return run_glossary(cache, *args, **env)


def test_add_from_options_appends_and_keeps_every_byte_before(private_cache: Path, user_file: Path) -> None:
    before = user_file.read_bytes()
    done = run(private_cache, "--no-default", "-g", str(user_file), "add", *entry_options())
    assert done.returncode == 0, done.stderr
    lines = before.count(b"\n") + 2  # the file's last line gets its newline; the entry follows
    assert done.stdout == f"added 'hijrah-traveller' in {user_file}:{lines}\n"
    after = user_file.read_bytes()
    assert after.startswith(before + b"\n- id: hijrah-traveller\n  domain: concept\n")
    found = run(
        private_cache, "--no-default", "-g", str(user_file), "lookup", "viaggiatori della hijra", "--json"
    )
    assert json.loads(found.stdout)["matches"][0]["concept"]["id"] == "hijrah-traveller"
    check = run(private_cache, "--no-default", "-g", str(user_file), "check")
    assert check.returncode == 0, check.stdout


def test_add_inserts_before_a_later_top_level_key(private_cache: Path, tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    articles = text[text.index("articles:") : text.index("concepts:")]
    concepts = text[text.index("concepts:") :]
    path = tmp_path / "reordered.yaml"
    path.write_text("# my terms\n" + concepts + "\n# the articles\n" + articles, encoding="utf-8")
    head = ("# my terms\n" + concepts).encode("utf-8")
    tail = ("\n# the articles\n" + articles).encode("utf-8")
    done = run(private_cache, "--no-default", "-g", str(path), "add", *entry_options())
    assert done.returncode == 0, done.stderr
    data = path.read_bytes()
    assert data.startswith(head + b"- id: hijrah-traveller\n")
    assert data.endswith(tail)
    assert run(private_cache, "--no-default", "-g", str(path), "check").returncode == 0


def test_an_id_that_exists_is_refused_then_replaced(private_cache: Path, user_file: Path) -> None:
    args = ["--no-default", "-g", str(user_file), "add", *entry_options(), "--id", "caliphate"]
    before = user_file.read_bytes()
    done = run(private_cache, *args)
    assert done.returncode == 1
    assert done.stderr.startswith(f"glossary: {user_file}:")
    assert "the file has an entry 'caliphate' already; use --replace" in done.stderr
    assert user_file.read_bytes() == before
    done = run(private_cache, *args, "--replace")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"replaced 'caliphate' in {user_file}:")
    after = user_file.read_text(encoding="utf-8")
    assert "califfato" not in after and "viaggiatore della hijra" in after
    assert after.startswith(before.decode("utf-8")[: before.decode("utf-8").index("- id: caliphate")])
    assert "- id: defector" in after  # the entries after it are still there


def test_an_id_of_another_layer_needs_replace(private_cache: Path, user_file: Path) -> None:
    done = run(private_cache, "-g", str(user_file), "add", *entry_options(), "--id", "returnee")
    assert done.returncode == 1
    assert "'returnee' is an entry already (" in done.stderr and "use --replace" in done.stderr
    done = run(private_cache, "-g", str(user_file), "add", *entry_options(), "--id", "returnee", "--replace")
    assert done.returncode == 0, done.stderr
    shown = run(private_cache, "-g", str(user_file), "lookup", "viaggiatore della hijra", "--json")
    assert json.loads(shown.stdout)["matches"][0]["concept"]["id"] == "returnee"


def test_a_failed_check_keeps_the_draft_and_resume_reopens_it(
    private_cache: Path, user_file: Path, tmp_path: Path
) -> None:
    before = user_file.read_bytes()
    done = run(
        private_cache,
        "--no-default",
        "-g",
        str(user_file),
        "add",
        "--en",
        "hijrah traveller",
        "--it",
        "viaggiatore",
    )
    assert done.returncode == 1
    draft = Path(os.environ["XDG_STATE_HOME"]) / "glossary" / "add-draft.yaml"
    assert draft.is_file()
    lines = done.stderr.splitlines()
    assert lines[-1] == (
        f"glossary: not added: the entry has 4 problems; the draft is kept: {draft} (glossary add --resume)"
    )
    text = draft.read_text(encoding="utf-8")
    gender_line = next(n for n, line in enumerate(text.splitlines(), 1) if "text: viaggiatore" in line)
    assert (
        f"{draft}:{gender_line}: E206 'hijrah-traveller': Italian noun 'viaggiatore' has no gender" in lines
    )
    assert user_file.read_bytes() == before
    fix = (
        "text = text.replace('text: viaggiatore\\n', 'text: viaggiatore\\n      gender: masculine\\n')\n"
        f"text = text.replace('  en:', '    definition: {DEF_IT}\\n  en:')\n"
        f"text += '    definition: {DEF_EN}\\n  sources:\\n  - citation: A source\\n'\n"
    )
    done = run(
        private_cache, "--no-default", "-g", str(user_file), "add", "--resume", EDITOR=editor(tmp_path, fix)
    )
    assert done.returncode == 0, done.stderr
    assert not draft.exists()
    assert user_file.read_bytes().startswith(before)


def test_add_through_the_editor_template(private_cache: Path, user_file: Path, tmp_path: Path) -> None:
    answers = (
        "assert '# domain: organisation, person' in text\n"
        "values = {'text': ['viaggiatore della hijra', 'hijrah traveller'],\n"
        f"          'definition': [{DEF_IT!r}, {DEF_EN!r}], 'gender': ['masculine'],\n"
        "          'citation': ['A source'], 'url': ['https://example.org/a']}\n"
        "out = []\n"
        "for line in text.splitlines():\n"
        "    key = line.strip().lstrip('- ').rstrip(':')\n"
        "    if line.rstrip().endswith(':') and values.get(key):\n"
        "        line = line + ' ' + values[key].pop(0)\n"
        "    out.append(line)\n"
        "text = '\\n'.join(out) + '\\n'\n"
    )
    done = run(
        private_cache, "--no-default", "-g", str(user_file), "add", "--edit", VISUAL=editor(tmp_path, answers)
    )
    assert done.returncode == 0, done.stderr
    added = user_file.read_text(encoding="utf-8")
    assert "- id: hijrah-traveller\n" in added and "#" not in added.split("- id: hijrah-traveller")[1]
    assert "url: https://example.org/a" in added


def test_an_emptied_template_adds_nothing(private_cache: Path, user_file: Path, tmp_path: Path) -> None:
    before = user_file.read_bytes()
    done = run(
        private_cache, "--no-default", "-g", str(user_file), "add", "-e", EDITOR=editor(tmp_path, "text = ''")
    )
    assert (done.returncode, done.stderr) == (1, "glossary: nothing added: the entry is empty\n")
    assert user_file.read_bytes() == before


def test_a_failing_editor_adds_nothing(private_cache: Path, user_file: Path, tmp_path: Path) -> None:
    done = run(
        private_cache,
        "--no-default",
        "-g",
        str(user_file),
        "add",
        "-e",
        EDITOR=f"{sys.executable} -c 'raise SystemExit(3)'",
    )
    assert done.returncode == 1
    assert done.stderr.startswith("glossary: the editor exited with status 3;")
    done = run(private_cache, "--no-default", "-g", str(user_file), "add", "-e", EDITOR="no-such-editor-here")
    assert (done.returncode, done.stderr) == (
        2,
        "glossary: cannot run the editor 'no-such-editor-here': not found (set VISUAL or EDITOR)\n",
    )


def test_no_terms_outside_a_terminal_is_a_usage_error(private_cache: Path, user_file: Path) -> None:
    done = run(private_cache, "--no-default", "-g", str(user_file), "add")
    assert (done.returncode, done.stderr) == (
        2,
        "glossary: give the terms (--it, --en), or run in a terminal or with --edit for a template\n",
    )


def test_no_terms_in_a_terminal_opens_the_editor(
    private_cache: Path, user_file: Path, tmp_path: Path
) -> None:
    """As ``git commit`` does: stdin and stdout a terminal, no terms given, the editor opens."""
    import pty
    import subprocess

    from processes import user_environment

    primary, secondary = pty.openpty()
    env = user_environment(private_cache, EDITOR=editor(tmp_path, "text = ''"))
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--no-default", "-g", str(user_file), "add"],
        stdin=secondary, stdout=secondary, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    os.close(secondary)
    _, err = process.communicate(timeout=120)
    os.close(primary)
    assert process.returncode == 1
    assert err.decode() == "glossary: nothing added: the entry is empty\n"
    assert json.loads((tmp_path / "editor-args.json").read_text())[-1].endswith("add-draft.yaml")


def test_the_default_user_glossary_is_made_and_loaded_from_then_on(private_cache: Path) -> None:
    done = run(private_cache, "add", *entry_options())
    assert done.returncode == 0, done.stderr
    made = Path(os.environ["XDG_DATA_HOME"]) / "glossary" / "user.yaml"
    assert done.stdout == f"added 'hijrah-traveller' in {made}:2\n"
    assert made.read_text(encoding="utf-8").startswith("concepts:\n- id: hijrah-traveller\n")
    found = run(private_cache, "lookup", "hijrah traveller", "--json")
    assert json.loads(found.stdout)["matches"][0]["concept"]["id"] == "hijrah-traveller"


def test_edit_opens_the_entry_at_its_line_then_checks_the_file(
    private_cache: Path, user_file: Path, tmp_path: Path
) -> None:
    line = next(n for n, text in enumerate(user_file.read_text().splitlines(), 1) if "id: caliphate" in text)
    breaking = "text = text.replace('domain: concept\\n  it:\\n    terms:\\n    - {text: califfato', 'domain: concept\\n  it:\\n    terms:\\n    - {text: califfato, typo: x', 1)"
    done = run(
        private_cache,
        "--no-default",
        "-g",
        str(user_file),
        "edit",
        "caliphate",
        EDITOR=editor(tmp_path, breaking),
    )
    assert json.loads((tmp_path / "editor-args.json").read_text()) == [f"+{line}", str(user_file)]
    assert done.returncode == 1
    assert f"{user_file}:" in done.stdout and "E105" in done.stdout
    done = run(
        private_cache,
        "--no-default",
        "-g",
        str(user_file),
        "edit",
        "defector",
        EDITOR=editor(tmp_path, "text = text.replace(', typo: x', '')"),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "— clean" in done.stdout


def test_edit_refuses_the_packaged_glossary_and_unknown_ids(private_cache: Path, tmp_path: Path) -> None:
    done = run(private_cache, "edit", "returnee", EDITOR=editor(tmp_path, ""))
    assert done.returncode == 2
    assert "'returnee' is in the packaged glossary" in done.stderr
    assert not (tmp_path / "editor-args.json").exists()
    done = run(private_cache, "edit", "no-such-entry", EDITOR=editor(tmp_path, ""))
    assert done.returncode == 1 and "no entry 'no-such-entry'" in done.stderr


def test_a_fifo_as_the_file_to_add_to_is_refused(private_cache: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    done = run(private_cache, "-g", str(fifo), "add", *entry_options())
    assert (done.returncode, done.stderr) == (
        2,
        f"glossary: {fifo}: not a regular file; give -g a YAML file\n",
    )


def test_a_domain_by_its_italian_name_makes_a_name_of_that_domain(
    private_cache: Path, user_file: Path
) -> None:
    done = run(
        private_cache, "--no-default", "-g", str(user_file), "add", *entry_options(), "--domain", "Luogo"
    )
    assert done.returncode == 0, done.stderr
    added = user_file.read_text(encoding="utf-8").split("- id: hijrah-traveller\n")[1]
    assert added.startswith("  domain: place\n")
    assert "pos: proper-noun" in added
