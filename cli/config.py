"""``glossary config``: where the config file is, and the settings in effect."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from cli.session import Settings

config_app = typer.Typer(
    help="Show the config file's place and the settings in effect.",
    no_args_is_help=True,
    add_completion=False,
)


@config_app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the config file is read from (GLOSSARY_CONFIG, else the platform's config
    folder), whether or not it exists.

    Example: glossary config path
    """
    from glossary.config import config_file

    sys.stdout.write(f"{config_file()}\n")


@config_app.command("show")
def show(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show each setting in effect and where it came from: default, the config file (with its
    line), the environment, or an option.

    Example: glossary --pager never config show
    """
    options = ctx.find_root().params
    given: Settings = ctx.obj
    settings = Settings.resolve(
        given.paths,
        default=given.default,
        cache=given.cache,
        color=options.get("color"),
        pager=options.get("pager"),
    )
    rows = effective(settings, options)
    if json:
        from cli.output import emit

        emit([{"setting": name, "value": value, "from": origin} for name, value, origin in rows])
        return
    from cli.render import render_settings

    render_settings(rows)


def effective(settings: Settings, options: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(setting, value, where it came from) rows, options applied over the config."""
    config = settings.config
    assert config is not None
    rows: list[tuple[str, Any, str]] = []
    exists = "" if config.file.is_file() else " (no such file: defaults apply)"
    rows.append(
        (
            "config file",
            str(config.file),
            ("environment GLOSSARY_CONFIG" if os.environ.get("GLOSSARY_CONFIG") else "default") + exists,
        )
    )
    for name, setting in config.settings.items():
        value, origin = setting.value, setting.origin
        if name in ("color", "pager") and options.get(name) is not None:
            value, origin = options[name], f"option --{name}"
        if name == "layers":
            value = [str(p) for p in value]
        elif name == "user_glossary":
            value = str(value)
            origin += (
                "; loaded" if config.user_glossary.is_file() else "; not there yet (glossary add makes it)"
            )
        rows.append((name, value, origin))
    rows.append(
        (
            "GLOSSARY_PATH layers",
            [p for p in os.environ.get("GLOSSARY_PATH", "").split(os.pathsep) if p],
            "environment",
        )
    )
    rows.append(("-g layers", [str(p) for p in settings.paths], "option -g"))
    rows.append(
        ("packaged glossary", settings.default, "option --no-default" if not settings.default else "default")
    )
    return rows
