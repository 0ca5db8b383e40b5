"""The progress bar shown on stderr while the index cache is built, if that takes a while.

Most commands find the cache up to date and never call this; a build that ends within
``DELAY`` seconds shows nothing, and rich is only imported once the bar is due.
"""

from __future__ import annotations

import threading
from typing import Any, Self

#: Builds shorter than this show no bar.
DELAY = 1.0

_STAGES = {"reading": "Reading glossary files", "indexing": "Building the index"}


class BuildProgress:
    """A ``glossary.cache.Progress`` callback that draws a rich bar once DELAY has passed.

    A timer starts the bar even if the first file is still being read, so that one large
    file does not leave the terminal silent.
    """

    def __init__(self, delay: float = DELAY) -> None:
        self.delay = delay
        self._state: tuple[str, int, int] | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None
        self._task: Any = None
        self._closed = False

    def __enter__(self) -> Self:
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            self._state = (stage, done, total)
            if self._bar is None and self._timer is None and not self._closed:
                self._timer = threading.Timer(self.delay, self._show)
                self._timer.daemon = True
                self._timer.start()
            if self._bar is not None:
                self._update()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        from cli.display import console_options

        with self._lock:
            if self._closed or self._bar is not None:
                return
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True, **console_options()),  # type: ignore[arg-type]
                transient=True,
            )
            self._task = self._bar.add_task(_STAGES["reading"], total=None)
            self._bar.start()
            self._update()

    def _update(self) -> None:
        if self._state is None:
            return
        stage, done, total = self._state
        self._bar.update(self._task, description=_STAGES.get(stage, stage), completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._closed = True
            timer, bar = self._timer, self._bar
        if timer is not None:
            timer.cancel()
        if bar is not None:
            bar.stop()
