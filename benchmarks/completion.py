"""Shell completion's figures for benchmarks/run.py: every completion under 100 ms.

Each completion is timed as the shell runs it: the glossary command with the completion
protocol's environment (bash's COMP_WORDS and COMP_CWORD, zsh's and fish's
_TYPER_COMPLETE_ARGS), against a Typer app printing one line, in the same rounds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

TARGET_S = 0.100


def completion_commands(
    glossary: Sequence[str], layer_args: Sequence[str], prefix: str, env: dict[str, str]
) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The completions to time: a term by its prefix (bash), the commands (zsh, with their
    help), a domain (fish)."""
    words = ["glossary", *layer_args, "lookup", prefix]
    return {
        f"bash: `lookup {prefix}<TAB>`": (
            list(glossary),
            {
                **env,
                "_GLOSSARY_COMPLETE": "complete_bash",
                "COMP_WORDS": " ".join(words),
                "COMP_CWORD": str(len(words) - 1),
            },
        ),
        "zsh: `glossary <TAB>` (commands with help)": (
            list(glossary),
            {**env, "_GLOSSARY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "glossary "},
        ),
        "fish: `list --domain p<TAB>`": (
            list(glossary),
            {
                **env,
                "_GLOSSARY_COMPLETE": "complete_fish",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                "_TYPER_COMPLETE_ARGS": "glossary list --domain p",
            },
        ),
    }


def completion_figures(
    size: str,
    commands: dict[str, tuple[list[str], dict[str, str]]],
    baseline: tuple[list[str], dict[str, str]],
    medians: Callable[[dict[str, tuple[list[str], dict[str, str]]], int], dict[str, float]],
    runs: int,
    row: Callable[..., Any],
) -> list[Any]:
    """Rows: each completion's median, compared with the one-line Typer app."""
    found = medians({**commands, "baseline": baseline}, runs)
    rows = []
    for name in commands:
        seconds = found[name]
        rows.append(
            row(
                f"completion, {name}, {size}",
                f"{seconds * 1000:.1f} ms",
                f"Typer app printing one line ({found['baseline'] * 1000:.1f} ms)",
                f"{seconds / found['baseline']:.2f}x",
                "< 100 ms",
                "PASS" if seconds < TARGET_S else "FAIL",
            )
        )
    return rows
