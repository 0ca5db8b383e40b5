"""Exit codes of the ``glossary`` command, named once."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    NEGATIVE = 1  # nothing found, or the glossary failed its check
    USAGE = 2  # bad options or unusable input (empty phrase, unreadable text file)
    LOAD = 3  # the glossary could not be loaded
    STREAM = 4  # a standard stream was closed, or the output could not be written (disk full ...)
    PARTIAL = 5  # imported with rows left out for what they hold (named on stderr)
    INTERRUPTED = 130  # Ctrl-C
