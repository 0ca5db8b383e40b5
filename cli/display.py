"""How output is shown: colour and paging, as the options, environment or config file ask.

Set once by the command line as it starts (``set_display``), read by the renderers.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Display:
    #: auto (as the terminal allows, NO_COLOR and FORCE_COLOR honoured), always or never.
    color: str = "auto"
    #: auto (page what is taller than the terminal), always (page in a terminal) or never.
    pager: str = "auto"


_current = [Display()]


def set_display(color: str, pager: str) -> None:
    _current[0] = Display(color, pager)


def display() -> Display:
    return _current[0]


def console_options() -> dict[str, object]:
    """Rich Console arguments for the colour setting."""
    color = display().color
    if color == "never":
        return {"color_system": None}
    if color == "always":
        return {"force_terminal": True}
    return {}


def may_page() -> bool:
    """Whether output may go through the pager at all: not when the setting says never, nor
    when standard output or input is not a terminal (a pager needs its keys)."""
    return display().pager != "never" and sys.stdout.isatty() and sys.stdin.isatty()


def pages(lines: int, height: int) -> bool:
    """Whether output of ``lines`` lines that may be paged goes through the pager."""
    return display().pager == "always" or lines > height
