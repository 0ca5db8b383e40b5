"""Baseline: the smallest Typer app that prints one line (same Typer as the glossary)."""

from typing import Annotated

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(
    term: Annotated[str, typer.Argument()], json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Print the term."""
    print(term)


if __name__ == "__main__":
    app()
