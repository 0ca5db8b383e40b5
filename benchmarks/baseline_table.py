"""Baseline: the smallest Typer app that prints one rich Table (same Typer and rich)."""

from typing import Annotated

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(term: Annotated[str, typer.Argument()]) -> None:
    """Print the term in a table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Lookup")
    table.add_column("it")
    table.add_column("en")
    table.add_row(term, term)
    Console().print(table)


if __name__ == "__main__":
    app()
