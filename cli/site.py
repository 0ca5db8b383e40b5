"""The ``site`` command: the glossary as a static website. All decisions live in glossary.site."""

import sys
from pathlib import Path
from typing import Annotated

import typer

#: The title of a site when --title is not given.
DEFAULT_TITLE = "Glossario · Glossary"


def site(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Argument(metavar="OUT_DIR", help="The folder to write the site to (replaced whole).")
    ],
    title: Annotated[str, typer.Option("--title", help="The site's title.")] = DEFAULT_TITLE,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Where the site will be published (http/https): for permalinks."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a folder that is not empty and not a previous site.")
    ] = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the site on 127.0.0.1 until Ctrl-C.")
    ] = False,
    port: Annotated[int, typer.Option("--port", help="--serve: the port (0: any free one).")] = 8000,
) -> None:
    """Write the glossary as a static bilingual website: search, a page per concept, A–Z lists.

    Open OUT_DIR/index.html from the folder, or publish the folder on any static web server.

    Example: glossary site public --title "Foreign fighters glossary" --serve
    """
    from cli.exitcodes import ExitCode
    from cli.render import clean
    from cli.session import fail
    from glossary.exchange.errors import OutputError
    from glossary.site import build_site, check_base_url

    if not 0 <= port <= 65535:
        fail(f"--port: {port} is not a port number (0 to 65535)", ExitCode.USAGE)
    try:
        check_base_url(base_url)
    except OutputError as exc:
        fail(str(exc), ExitCode.USAGE)
    index = ctx.obj.index()
    try:
        summary = build_site(index, out, title=title, base_url=base_url, force=force)
    except OutputError as exc:
        fail(str(exc), ExitCode.USAGE)
    size = summary.bytes / 1024 / 1024
    sys.stderr.write(
        clean(f"glossary: wrote {out} ({summary.concepts} concepts, {summary.files} files, {size:.1f} MB)")
        + "\n"
    )
    if serve:
        _serve(out, port)


def _serve(folder: Path, port: int) -> None:
    """Serve the folder on 127.0.0.1 until Ctrl-C, which ends it with exit 0."""
    from cli.exitcodes import ExitCode
    from cli.session import fail
    from glossary.site.serve import local_server

    try:
        server = local_server(folder, port)
    except OSError as exc:
        fail(f"--serve: cannot listen on 127.0.0.1:{port}: {exc.strerror}", ExitCode.USAGE)
    bound = server.server_address[1]
    sys.stderr.write(f"glossary: serving {folder} at http://127.0.0.1:{bound}/ (Ctrl-C to stop)\n")
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.stderr.write("glossary: stopped serving\n")
    finally:
        server.server_close()
