"""Importing hostile, broken and huge XML: one clear line and exit 3, or the right result.

test_import.py has the basic cases (a billion-laughs DOCTYPE, an external entity, an external
DTD, a malformed file, Latin-1, TBX v2, an empty file, 30 MB streamed); these go further:
every way a DOCTYPE can hide, nothing fetched from the network or the disk, files that are
not XML at all, wrong roots, and files of 200 MB read in bounded memory.
"""

from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from glossary.exchange import export_glossary
from glossary.loader import load_file, load_glossary

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "data" / "exchange" / "fixture.yaml"

DOCTYPE_REFUSED = "refused: the file declares a DOCTYPE; DTDs and entities are not read (TBX v3 has none)"
NAMESPACE = "urn:iso:std:iso:30042:ed-2"
HEADER = (
    f'<tbx xmlns="{NAMESPACE}" type="TBX-Basic" style="dca" xml:lang="en">'
    "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader><text><body>\n"
)
FOOTER = "</body></text></tbx>\n"


def entry(
    term: str = "alpha", inside_term: str = "", inside_sec: str = "", concept_id: str = "c-alpha"
) -> str:
    return (
        f'<conceptEntry id="{concept_id}"><descrip type="subjectField">concept</descrip>'
        f'<langSec xml:lang="en"><termSec><term>{term}{inside_term}</term>{inside_sec}</termSec></langSec>'
        "</conceptEntry>\n"
    )


def document(prolog: str = "", body: str | None = None) -> bytes:
    return (prolog + HEADER + (entry() if body is None else body) + FOOTER).encode("utf-8")


def import_bytes(invoke, tmp_path: Path, data: bytes):  # type: ignore[no-untyped-def]
    source = tmp_path / "input.tbx"
    source.write_bytes(data)
    out = tmp_path / "out" / "imported.yaml"
    out.parent.mkdir()
    return invoke("--no-default", "import", str(source), "-o", str(out)), source, out


def assert_refused(result, source: Path, out: Path, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 3
    assert result.stderr == f"glossary: {source}{message}\n"
    assert result.stdout == ""
    assert list(out.parent.iterdir()) == []  # no output, and no temporary file either


# -- DOCTYPEs, wherever they hide ------------------------------------------------------------

BOMB = (
    '<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
)


@pytest.mark.parametrize(
    ("prolog", "body"),
    [
        pytest.param(BOMB, entry("&d;&d;&d;&d;"), id="billion-laughs"),
        pytest.param(
            '<!DOCTYPE tbx [<!ENTITY big "' + "x" * 50_000 + '">]>\n',
            entry("&big;" * 1000),
            id="quadratic-blowup",
        ),
        pytest.param("\ufeff" + BOMB, entry("&d;"), id="after-a-byte-order-mark"),
        pytest.param(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<?pi data?>\n  \n' + BOMB,
            entry("&d;"),
            id="after-declaration-comment-and-pi",
        ),
        pytest.param(
            "<!--" + "-" * 10 + "x" * 200_000 + "-->\n" + BOMB, entry("&d;"), id="after-200-kb-of-comment"
        ),
        pytest.param("<!doctype tbx>\n", None, id="lower-case"),
        pytest.param(
            '<!DOCTYPE tbx [<!ENTITY % file SYSTEM "file:///etc/passwd"><!ENTITY % wrap "<!ENTITY leak \'%file;\'>">'
            "%wrap;]>\n",
            entry("&leak;"),
            id="parameter-entities",
        ),
        pytest.param(
            '<!DOCTYPE tbx PUBLIC "-//EXAMPLE//DTD TBX//EN" "tbx.dtd">\n', None, id="external-dtd-public-id"
        ),
        pytest.param(
            '<!DOCTYPE tbx [<!ATTLIST term xml:lang CDATA "fr">]>\n',
            None,
            id="internal-subset-attribute-defaults",
        ),
        pytest.param('<!DOCTYPE tbx [<!ENTITY e "v">]>\n', entry('x" id="&e;'), id="entity-in-an-attribute"),
    ],
)
def test_a_doctype_is_refused_wherever_it_stands(
    invoke, tmp_path: Path, prolog: str, body: str | None
) -> None:
    result, source, out = import_bytes(invoke, tmp_path, document(prolog, body))
    assert_refused(result, source, out, f": {DOCTYPE_REFUSED}")


def test_a_prolog_of_more_than_1_mib_is_refused(invoke, tmp_path: Path) -> None:
    comments = "<!-- padding -->\n" * 70_000  # 1.2 MB of comments before the root
    result, source, out = import_bytes(invoke, tmp_path, document(comments))
    assert_refused(result, source, out, ": refused: more than 1 MiB before the root element")


# -- nothing is fetched: no network, no file ---------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = b'<!ENTITY leak "LEAKED-OVER-HTTP">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def web() -> Iterator[tuple[str, list[str]]]:
    """A web server on localhost that records every request it gets."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE tbx SYSTEM "{url}/tbx.dtd">\n',
        '<!DOCTYPE tbx [<!ENTITY leak SYSTEM "{url}/entity">]>\n',
        '<!DOCTYPE tbx [<!ENTITY % remote SYSTEM "{url}/param.dtd"> %remote;]>\n',
    ],
    ids=["external-dtd", "external-entity", "external-parameter-entity"],
)
def test_an_external_reference_over_http_is_never_fetched(invoke, tmp_path: Path, web, prolog: str) -> None:  # type: ignore[no-untyped-def]
    url, requests = web
    result, source, out = import_bytes(invoke, tmp_path, document(prolog.format(url=url), entry("&leak;")))
    assert_refused(result, source, out, f": {DOCTYPE_REFUSED}")
    assert requests == []


def test_xinclude_is_never_processed(invoke, tmp_path: Path, web) -> None:  # type: ignore[no-untyped-def]
    """XInclude needs no DOCTYPE: the elements are read as foreign markup, never followed."""
    url, requests = web
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-ON-DISK\n", encoding="utf-8")
    xi = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
    body = entry(
        "alpha",
        inside_term=f'<xi:include {xi} href="{secret}" parse="text"/>',
        inside_sec=f'<xi:include {xi} href="{url}/include.xml"/><xi:include {xi} href="file://{secret}" parse="text"/>',
    )
    result, source, out = import_bytes(invoke, tmp_path, document(body=body))
    assert result.exit_code == 1  # imported; the entry lacks what the check asks for
    assert result.stdout == f"Imported 1 concept from {source} into {out}.\n"
    assert (
        "glossary: not mapped: 2 × elements of another namespace (http://www.w3.org/2001/XInclude: DCT style)"
        in (result.stderr.splitlines())
    )
    written = out.read_text(encoding="utf-8")
    assert "SECRET" not in written and "SECRET" not in result.stderr
    (concept,) = load_file(out).concepts
    assert concept.en is not None and [t.text for t in concept.en.terms] == ["alpha"]
    assert requests == []


def test_what_xml_itself_defines_is_read(invoke, tmp_path: Path) -> None:
    """The five predefined entities, character references and CDATA need no DTD."""
    body = entry("Al &amp; Qa&#x2019;ida &lt;AQ&gt; <![CDATA[& <co>]]> &quot;&apos;")
    result, _, out = import_bytes(invoke, tmp_path, document(body=body))
    assert result.exit_code == 1
    (concept,) = load_file(out).concepts
    assert concept.en is not None and concept.en.terms[0].text == "Al & Qa’ida <AQ> & <co> \"'"


# -- not XML, or not well-formed --------------------------------------------------------------

_WHOLE = HEADER + entry() + FOOTER


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            _WHOLE[:150].encode(), ":1:151: not well-formed XML: expected '>'", id="truncated-in-a-tag"
        ),
        pytest.param(
            (HEADER + entry()).encode(),
            ":3:1: not well-formed XML: Premature end of data in tag body line 1",
            id="truncated-before-the-end-tags",
        ),
        pytest.param(
            b"hello, world\n", ":1:1: not well-formed XML: Start tag expected, '<' not found", id="plain-text"
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40),
            ":1: not UTF-8 (byte 0x89 at offset 0)",
            id="png-image",
        ),
        pytest.param(bytes(range(256)) * 4, ":2: not UTF-8 (byte 0x80 at offset 128)", id="binary"),
        pytest.param(
            bytes(100), ":1:1: not well-formed XML: Start tag expected, '<' not found", id="nul-bytes"
        ),
        pytest.param(
            ('<?xml version="1.0" encoding="UTF-16"?>' + _WHOLE).encode("utf-16"),
            ":1: not UTF-8 (byte 0xff at offset 0)",
            id="utf-16",
        ),
        pytest.param(
            ('<?xml version="1.0" encoding="UTF-16"?>\n' + _WHOLE).encode(),
            ":1: declares encoding UTF-16; only UTF-8 is read",
            id="utf-16-declared-utf-8-written",
        ),
        pytest.param(
            ("<?xml version='1.0' encoding = 'latin1' ?>\n" + _WHOLE).encode(),
            ":1: declares encoding latin1; only UTF-8 is read",
            id="single-quoted-declaration",
        ),
        pytest.param(
            ('<?xml version="1.0" encoding="klingon"?>\n' + _WHOLE).encode(),
            ":1: declares encoding klingon; only UTF-8 is read",
            id="unknown-encoding",
        ),
        pytest.param(
            ('<?xml version="1.0" encoding=""?>\n' + _WHOLE).encode(),
            ":1:31: not well-formed XML: Invalid XML encoding name",
            id="empty-encoding-name",
        ),
        pytest.param(
            ("<?xml version='9.9'?>\n" + _WHOLE).encode(),
            ":1:20: not well-formed XML: Unsupported version '9.9'",
            id="unsupported-xml-version",
        ),
        pytest.param(b"  \n\t\r\n", ": empty file: no XML element in it", id="only-whitespace"),
        pytest.param(b"\xef\xbb\xbf\n", ": empty file: no XML element in it", id="only-a-byte-order-mark"),
        pytest.param(
            b"<!-- nothing else -->\n",
            ":2:1: not well-formed XML: Start tag expected, '<' not found",
            id="only-a-comment",
        ),
        pytest.param(
            (_WHOLE + "<tbx/>").encode(),
            ":4:1: not well-formed XML: Extra content at the end of the document",
            id="two-roots",
        ),
        pytest.param(
            document(body=entry("&secret;")),
            ":2:120: not well-formed XML: Entity 'secret' not defined",
            id="undefined-entity",
        ),
        pytest.param(
            document(body=entry("&#0;")),
            ":2:116: not well-formed XML: xmlParseCharRef: invalid xmlChar value 0",
            id="character-reference-to-nul",
        ),
        pytest.param(
            document(body="<conceptEntry id='c-x'>" + "<note>" * 300 + "</note>" * 300 + "</conceptEntry>"),
            ":2:1541: not well-formed XML: Excessive depth in document: 256, use XML_PARSE_HUGE option",
            id="nesting-300-deep",
        ),
        pytest.param(
            (HEADER + "<!DOCTYPE tbx>" + entry() + FOOTER).encode(),
            ":2:2: not well-formed XML: StartTag: invalid element name",
            id="doctype-inside-the-root",
        ),
    ],
)
def test_a_file_that_is_not_well_formed_xml_is_one_line_and_exit_3(
    invoke, tmp_path: Path, data: bytes, message: str
) -> None:
    result, source, out = import_bytes(invoke, tmp_path, data)
    assert_refused(result, source, out, message)


# -- the wrong document -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"<html><body><p>Hi</p></body></html>\n",
            ": not TBX: no <tbx> or <martif> root element",
            id="html",
        ),
        pytest.param(
            ("<export>" + _WHOLE + "</export>").encode(),
            ": not TBX: the root element is <export>, not <tbx> (v3) or <martif> (v2)",
            id="tbx-wrapped-in-another-root",
        ),
        pytest.param(
            b'<?xml version="1.0"?>\n<glossary><term>alpha</term></glossary>\n',
            ": not TBX: no <tbx> or <martif> root element",
            id="some-other-xml",
        ),
    ],
)
def test_a_document_that_is_not_tbx_is_refused(invoke, tmp_path: Path, data: bytes, message: str) -> None:
    result, source, out = import_bytes(invoke, tmp_path, data)
    assert_refused(result, source, out, message)


def test_a_tbx_root_without_the_namespace_is_read_and_said(invoke, tmp_path: Path) -> None:
    data = ('<tbx type="TBX-Basic" style="dca" xml:lang="en"><text><body>' + entry() + FOOTER).encode()
    result, _, out = import_bytes(invoke, tmp_path, data)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"glossary: not mapped: 1 × root namespace '' is not TBX v3's ({NAMESPACE}); read anyway"
    )
    assert [c.id for c in load_file(out).concepts] == ["alpha"]


# -- 200 MB, streamed -------------------------------------------------------------------------

BIG_BYTES = 200_000_000
#: Peak memory allowed to an import of a 200 MB file (the interpreter and libraries take ~35).
MEMORY_BOUND_MIB = 100


@pytest.fixture()
def big(tmp_path: Path) -> Iterator[Path]:
    """Where a test writes its 200 MB file; removed at once (pytest keeps tmp_path a while)."""
    path = tmp_path / "big.tbx"
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def write_big_tbx(path: Path, *, complete: bool = True, fmt: str = "tbx") -> tuple[int, int]:
    """A TBX file of 200 MB (v3, or v2 with ``fmt="tbx2"``): the fixture's four concepts, then
    entries in German only, each with a 57 KB note, which the import parses and leaves out.
    Returns how many such entries there are and how many line ends the file has."""
    glossary = load_glossary([FIXTURE], default=False, environ={})
    exported = export_glossary(fmt, glossary.concepts.values(), {}).data.decode("utf-8")
    entry, section, term = (
        ("termEntry", "langSet", "tig") if fmt == "tbx2" else ("conceptEntry", "langSec", "termSec")
    )
    head, _, tail = exported.partition("</body>")
    note = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 1000
    fillers = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head)
        while handle.tell() < BIG_BYTES:
            handle.writelines(
                f'<{entry} id="de-{fillers + n}"><{section} xml:lang="de"><{term}><term>Wort {n}</term>'
                f"<note>{note}</note></{term}></{section}></{entry}>\n"
                for n in range(100)
            )
            fillers += 100
        if complete:
            handle.write("</body>" + tail)
    return fillers, head.count("\n") + fillers + (tail.count("\n") if complete else 0)


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """Run a command; its exit code, stdout, stderr and peak resident memory in MiB."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen(args, stdout=stdout, stderr=stderr, cwd=ROOT)
        # The child's own peak is its VmHWM (high-water mark, monotonic), sampled while it
        # runs: ru_maxrss from wait4 carries over the parent's peak through fork and exec.
        status_file = Path(f"/proc/{process.pid}/status")
        peak_kib = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            try:
                for line in status_file.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kib = max(peak_kib, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.005)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if not status_file.parent.parent.joinpath("self").exists():
        peak_kib = usage.ru_maxrss  # no /proc: the inherited figure is all there is
    return (
        process.returncode,
        out.read_text(encoding="utf-8"),
        err.read_text(encoding="utf-8"),
        peak_kib / 1024,
    )


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"], ids=["v3", "v2"])
def test_a_200_mb_file_is_imported_in_bounded_memory(tmp_path: Path, big: Path, fmt: str) -> None:
    source, out = big, tmp_path / "big.yaml"
    fillers, _ = write_big_tbx(source, fmt=fmt)
    assert source.stat().st_size > BIG_BYTES
    code, stdout, stderr, peak = run_measured(
        [sys.executable, "-m", "cli", "--no-default", "import", str(source), "-o", str(out)], tmp_path
    )
    assert (code, stdout) == (0, f"Imported 4 concepts from {source} into {out}.\n"), stderr
    assert stderr == (
        f"glossary: not mapped: {fillers} × concepts with no Italian or English term (left out)\n"
        f'glossary: not mapped: {fillers} × langSec xml:lang="de" (only it and en are kept)\n'
    )
    assert list(load_file(out).concepts) == list(
        load_glossary([FIXTURE], default=False, environ={}).concepts.values()
    )
    assert peak < MEMORY_BOUND_MIB, f"peak memory {peak:.0f} MiB for a 200 MB file: it was not streamed"


def test_a_200_mb_file_cut_short_is_refused_in_bounded_memory(tmp_path: Path, big: Path) -> None:
    source, out = big, tmp_path / "cut.yaml"
    _, lines = write_big_tbx(source, complete=False)
    code, stdout, stderr, peak = run_measured(
        [sys.executable, "-m", "cli", "--no-default", "import", str(source), "-o", str(out)], tmp_path
    )
    assert (code, stdout) == (3, "")
    assert (
        stderr
        == f"glossary: {source}:{lines + 1}:1: not well-formed XML: Premature end of data in tag body line 16\n"
    )
    assert not out.exists()
    assert peak < MEMORY_BOUND_MIB, f"peak memory {peak:.0f} MiB for a 200 MB file: it was not streamed"


def test_a_200_mb_text_node_is_refused_in_bounded_memory(tmp_path: Path, big: Path) -> None:
    source, out = big, tmp_path / "one-term.yaml"
    with open(source, "w", encoding="utf-8") as handle:
        handle.write(HEADER + '<conceptEntry id="c-a"><langSec xml:lang="en"><termSec><term>')
        words = "word " * 200_000
        while handle.tell() < BIG_BYTES:
            handle.write(words)
        handle.write("</term></termSec></langSec></conceptEntry>" + FOOTER)
    code, stdout, stderr, peak = run_measured(
        [sys.executable, "-m", "cli", "--no-default", "import", str(source), "-o", str(out)], tmp_path
    )
    assert (code, stdout) == (3, "")
    # The parser gives up a little after 10 MB of text (10,000,000 bytes of one text node).
    assert re.fullmatch(
        rf"glossary: {re.escape(str(source))}:2:100\d{{5}}: not well-formed XML: "
        r"Resource limit exceeded: Text node too long, try XML_PARSE_HUGE\n",
        stderr,
    ), stderr
    assert not out.exists()
    assert peak < MEMORY_BOUND_MIB, f"peak memory {peak:.0f} MiB for a 200 MB file: it was not streamed"
