"""Machine output: the documented ``--json`` shapes, built from the library's result objects.

Nothing here imports rich; JSON is written with ensure_ascii off and stays valid whatever
the data holds: the encoder escapes C0 controls, and ``emit`` escapes what a terminal would
still act on (DEL, C1 controls, bidirectional overrides) and what is not text at all (lone
surrogates), so that the data comes back exactly from the JSON and never reaches a terminal raw.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

from glossary.serialize import concept_to_dict

if TYPE_CHECKING:  # types only: `lookup --json` must not import the checker, YAML or the rest
    from glossary.annotate import Annotation, Candidate
    from glossary.check import CheckReport
    from glossary.index import Index
    from glossary.lookup import LookupResult
    from glossary.qa import QaReport
    from glossary.translate import Translation


#: Characters ``json.dumps`` leaves raw that must not reach a terminal or a strict UTF-8 writer;
#: outside strings JSON text is ASCII, so escaping them anywhere only touches strings.
_UNSAFE = re.compile("[\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class Encoded(str):
    """A record already written as JSON (what ``_record`` would write), put out as it is."""


#: Lists of flat records that can run to thousands of items: written one record per line.
_RECORD_LISTS = frozenset({"hits", "segments", "missing", "problems"})
#: ``json.dumps(value, ensure_ascii=False)``, without building an encoder for every value.
_dumps = json.JSONEncoder(ensure_ascii=False).encode
#: A string as JSON, quotes included, as ``_dumps`` writes it (the C function it calls).
_string = json.encoder.encode_basestring


def _record_encoder() -> Any:
    """``_dumps`` for the records of a long list: the C encoder made once (``_dumps`` makes
    one a value), without the check for circular references that plain data does not need."""
    from json import encoder

    make_encoder = getattr(encoder, "c_make_encoder", None)
    if make_encoder is None:  # pragma: no cover - CPython always has it
        return _dumps
    make = make_encoder(None, _no_default, encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(make(value, 0))


def _no_default(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_record = _record_encoder()


def emit(data: Any) -> None:
    """Indented JSON, except that the long lists of flat records (annotate's hits,
    translate's segments ...) have one record per line: greppable line by line, and written
    by the C encoder, several times faster than the indenting one on a long text."""
    out: list[str] = []
    _write(data, "", out, records=False)
    out.append("\n")
    sys.stdout.write(safe_json("".join(out)))


#: Every character outside ASCII, for an output that cannot show them all (compiled when
#: one is met: a lookup should not pay for it).
_NON_ASCII = "[^\x00-\x7f]"


def _escape_any(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a pair of surrogates, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def safe_json(text: str) -> str:
    """JSON text as it may be written: what a terminal would act on escaped, and every
    character beyond ASCII too when standard output cannot show it (the data stays exact)."""
    from cli.streams import ascii_only

    if ascii_only():
        return text if text.isascii() else re.sub(_NON_ASCII, _escape_any, text)
    return _UNSAFE.sub(_escape, text)


def _write(value: Any, indent: str, out: list[str], *, records: bool) -> None:
    inner = indent + "  "
    if isinstance(value, dict) and value:
        out.append("{")
        for n, (key, item) in enumerate(value.items()):
            out.append(f"{',' if n else ''}\n{inner}{_dumps(key)}: ")
            _write(item, inner, out, records=key in _RECORD_LISTS)
        out.append(f"\n{indent}}}")
    elif isinstance(value, list) and value:
        out.append("[")
        for n, item in enumerate(value):
            out.append(f"{',' if n else ''}\n{inner}")
            if records:
                out.append(item if type(item) is Encoded else _record(item))
            else:
                _write(item, inner, out, records=False)
        out.append(f"\n{indent}]")
    else:
        out.append(_dumps(value))


def lookup_json(result: LookupResult, index: Index) -> dict[str, Any]:
    matches = []
    for hit in result.hits:
        concept = index.concept(hit.concept_id)
        if concept is None:
            continue
        matches.append(
            {
                "matched": {
                    "form": hit.form,
                    "term": hit.term,
                    "lang": hit.lang,
                    "how": hit.rank.name.lower(),
                },
                "concept": concept_to_dict(concept),
            }
        )
    return {
        "query": result.query,
        "matches": matches,
        "suggestions": [
            {"id": s.concept_id, "term": s.term, "lang": s.lang, "score": s.score} for s in result.suggestions
        ],
    }


def list_json(rows: list[tuple[str, str, str, str]]) -> list[dict[str, str]]:
    return [{"id": i, "it": it, "en": en, "domain": d} for i, it, en, d in rows]


def list_delimited(rows: list[tuple[str, str, str, str]], fmt: str) -> str:
    """The rows of ``list`` as CSV (RFC 4180: quoted where needed, CRLF) or TSV (a tab
    between cells, LF; a term never holds a tab or a line break), a header first. A cell a
    spreadsheet would run as a formula is guarded, as the exports guard theirs."""
    import csv
    import io

    from glossary.exchange.common import guard_cell

    header = ("id", "it", "en", "domain")
    if fmt == "tsv":
        return "".join("\t".join(guard_cell(cell) for cell in row) + "\n" for row in [header, *rows])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([guard_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def domains_json(counts: list[Any]) -> list[dict[str, Any]]:
    return [{"domain": c.domain, "it": c.it, "en": c.en, "count": c.count} for c in counts]


def translation_json(translation: Translation) -> dict[str, Any]:
    return {
        "from": translation.source_lang,
        "to": translation.target_lang,
        "detected": translation.detected,
        "text": translation.text,
        "segments": [_segment(s) for s in translation.segments],
    }


def _segment(s: Any) -> dict[str, Any] | Encoded:
    """One segment's record; a plain one (no id, note or alternatives: most of a long text)
    written straight to JSON, as ``_record`` would write it, at a fraction of the cost."""
    if not (s.concept_id or s.note or s.alternatives):
        return Encoded(
            f'{{"start": {s.start}, "end": {s.end}, "source": {_string(s.source)}, '
            f'"target": {_string(s.target)}, "kind": "{s.kind._value_}"}}'
        )
    return _segment_record(s)


def _segment_record(s: Any) -> dict[str, Any]:
    """One segment's record: the optional keys only where they say something."""
    record = {"start": s.start, "end": s.end, "source": s.source, "target": s.target, "kind": s.kind._value_}
    if s.concept_id:
        record["id"] = s.concept_id
    if s.note:
        record["note"] = s.note
    if s.alternatives:
        record["alternatives"] = list(s.alternatives)
    return record


def check_json(report: CheckReport) -> dict[str, Any]:
    return {
        "clean": report.clean,
        "concepts": report.concepts,
        "files": report.files,
        "problems": [
            {
                "code": p.code.value,
                "severity": p.severity.value,
                "message": p.message,
                "path": p.location.path if p.location else None,
                "line": p.location.line if p.location else None,
                "column": p.location.column if p.location else None,
            }
            for p in report.problems
        ],
    }


def annotation_json(annotation: Annotation, missing: list[Candidate] | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "language": annotation.language,
        "hits": [
            {
                "start": o.start,
                "end": o.end,
                "text": o.text,
                "line": o.line,
                "column": o.column,
                "id": o.concept_id,
                "lang": o.lang,
                "term": o.term,
                "how": o.rank.name.lower(),
                "plural": o.plural,
                **({"also": list(o.also)} if o.also else {}),
                **({"inside": o.inside} if o.inside else {}),
            }
            for o in annotation.occurrences
        ],
        "concepts": [
            {"id": s.concept_id, "forms": list(s.forms), "count": s.count, "lines": list(s.lines)}
            for s in annotation.summary()
        ],
    }
    if missing is not None:
        out["missing"] = [
            {"text": c.text, "kind": c.kind, "count": c.count, "first_line": c.first_line} for c in missing
        ]
    return out


def qa_json(report: QaReport) -> dict[str, Any]:
    """``qa --json``: what was read, the count by code, and one record a finding, with the
    spans it concerns as character offsets into the segment's text (tags left out)."""
    return {
        "file": report.path,
        "format": report.format,
        "directions": [{"from": source, "to": target} for source, target in report.directions],
        "segments": report.segments,
        "skipped": report.skipped,
        "counts": {code.value: n for code, n in report.counts().items()},
        "problems": [
            {
                "code": f.code.value,
                "severity": f.severity.value,
                "segment": f.segment,
                "id": f.concept_id,
                "message": f.message,
                "source": f.source,
                "target": f.target,
                "source_spans": [{"start": s.start, "end": s.end, "text": s.text} for s in f.source_spans],
                "target_spans": [{"start": s.start, "end": s.end, "text": s.text} for s in f.target_spans],
            }
            for f in report.findings
        ],
    }
