"""The ``glossary`` command line: parses options, calls the library, renders, exits."""
