"""Why an export or an import cannot go ahead; the command line maps each to an exit code."""

from __future__ import annotations

from ..errors import GlossaryError


class ExchangeError(GlossaryError):
    """Root of the interchange errors."""


class UnreadableInputError(ExchangeError):
    """The file to import cannot be read, is unsafe to parse, or is not what it claims to be."""


class OutputError(ExchangeError):
    """The output file cannot be written where it was asked for."""


class OutputExistsError(OutputError):
    """The output file exists and overwriting it was not asked for."""
