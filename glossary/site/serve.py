"""A preview server for a written site: the standard library's, on the loopback address only."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site's folder without a log line a request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def local_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """A server of ``folder`` bound to 127.0.0.1 (never to other machines); port 0 takes any
    free one. Raises OSError when the port is taken."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)
