"""What must hold of every result, whatever the input: shared by test_properties.py and fuzz/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glossary.errors import Code, LoadError

#: Problems about a whole file (it cannot be read, it is too large) have no line to point at.
WHOLE_FILE_CODES = frozenset({Code.UNREADABLE, Code.TOO_LARGE})


def check_load_error(error: LoadError, path: Path, data: bytes) -> None:
    """Every problem names the file and, unless it is about the whole file, a line and column in
    it; every message is one line."""
    assert error.problems, "a LoadError without problems"
    # YAML also breaks lines at \r, U+0085, U+2028 and U+2029; splitlines() counts all of them.
    lines = len(data.decode("utf-8", "replace").splitlines()) + 1
    for problem in error.problems:
        where = problem.location
        assert where is not None and where.path == str(path), f"not located in the file: {problem}"
        if problem.code not in WHOLE_FILE_CODES:
            assert where.line is not None and where.column is not None, f"no line and column: {problem}"
            assert 1 <= where.line <= lines, f"a line outside the file: {problem}"
            assert where.column >= 1, f"a column before the line: {problem}"
        assert "\n" not in str(problem) and "\r" not in str(problem), f"not one line: {problem!r}"
    assert "\n" not in str(error) and "\r" not in str(error), f"not one line: {error!r}"


def check_text_invariants(text: str, index: Any) -> None:
    """Scan, translate (every direction), annotate, missing terms and lookup on any text: no
    exception but InputError for blank input, translation segments that add up to the text,
    and hits that point at what they say."""
    from glossary.annotate import annotate, missing_terms
    from glossary.errors import InputError
    from glossary.lookup import find
    from glossary.match import scan
    from glossary.translate import translate

    for match in scan(text, index.store):
        assert text[match.start : match.end] == match.text
    for source, target in ((None, None), ("it", "en"), ("en", "it")):
        try:
            result = translate(text, index.store, index.concept, source=source, target=target)
        except InputError:
            assert not text.strip(), "InputError for a text that is not blank"
            continue
        assert "".join(segment.source for segment in result.segments) == text
        position = 0
        for segment in result.segments:
            assert segment.start == position, "segments with a gap or an overlap"
            assert text[segment.start : segment.end] == segment.source
            position = segment.end
        assert position == len(text)
    annotation = annotate(text, index.store)
    for occurrence in annotation.occurrences:
        assert text[occurrence.start : occurrence.end] == occurrence.text
        before = text[: occurrence.start]
        assert occurrence.line == before.count("\n") + 1
        assert occurrence.column == occurrence.start - (before.rfind("\n") + 1) + 1
    missing_terms(text, annotation)
    try:
        find(text[:200], index.store)
    except InputError:
        pass
