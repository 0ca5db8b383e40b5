"""Write a glossary as a StarDict dictionary, so that ``sdcv`` can answer on the same data.

Every term of every concept (both languages) is a headword; its article gives the preferred
terms of both sides and the definitions. The files are uncompressed (.dict, not .dict.dz),
which sdcv reads as well.

    python benchmarks/stardict.py OUT_DIR [--no-default] [-g PATH ...]
"""

from __future__ import annotations

import argparse
import struct
from collections.abc import Iterable
from pathlib import Path

from glossary.model import Concept


def _article(concept: Concept) -> str:
    lines = []
    for lang in ("it", "en"):
        section = concept.section(lang)
        if section is None:
            continue
        preferred = section.preferred
        lines.append(f"{lang}: {preferred.text if preferred else ''}")
        if section.definition:
            lines.append(section.definition)
    return "\n".join(lines)


def _order(word: bytes) -> tuple[bytes, bytes]:
    # StarDict sorts with g_ascii_strcasecmp, ties broken by strcmp.
    return (word.lower(), word)


def write_stardict(concepts: Iterable[Concept], out: Path, name: str = "glossary-bench") -> int:
    """Write ``name``.ifo/.idx/.dict under ``out``; the number of headwords."""
    out.mkdir(parents=True, exist_ok=True)
    entries: list[tuple[bytes, int, int]] = []
    offset = 0
    with open(out / f"{name}.dict", "wb") as data:
        for concept in concepts:
            article = _article(concept).encode("utf-8")
            data.write(article)
            for _, term in concept.terms():
                entries.append((term.text.encode("utf-8"), offset, len(article)))
            offset += len(article)
    entries.sort(key=lambda e: _order(e[0]))
    with open(out / f"{name}.idx", "wb") as idx:
        idx.writelines(word + b"\0" + struct.pack(">II", start, size) for word, start, size in entries)
    idx_size = (out / f"{name}.idx").stat().st_size
    (out / f"{name}.ifo").write_text(
        "StarDict's dict ifo file\n"
        "version=2.4.2\n"
        f"wordcount={len(entries)}\n"
        f"idxfilesize={idx_size}\n"
        f"bookname={name}\n"
        "sametypesequence=m\n",
        encoding="utf-8",
    )
    return len(entries)


def main() -> None:
    from glossary.index import Index

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-default", action="store_true")
    parser.add_argument("-g", "--glossary", action="append", default=[])
    args = parser.parse_args()
    index = Index.open(args.glossary, default=not args.no_default)
    count = write_stardict(index.concepts(), args.out)
    print(f"{count} headwords written to {args.out}")


if __name__ == "__main__":
    main()
