"""Answering from the database: concepts by id, and the matcher's forms by string.

A question to the store (``filed_by_first("isis")``) fetches the rows filed under that
string in the role asked about, and reads no form: the matcher sorts the rows by the word
that must come next and reads (``read``) only those that the text goes on with. A long text
on a large glossary meets ten times more forms than it can match. Reading a group of rows
finds their concepts' places in load order and leaves out the concepts a later layer
replaced, so that what is read is exactly what a ``MemoryStore`` files under the string, in
the same order. The words of a text and their stems are asked for at once (``expect``). A
form is filed under the head of its key (``filings``): ``by_key`` keeps, of the forms
filed under the head, those whose key is the one asked for.

Should SQLite find the file damaged while answering, the database is deleted (the next
command rebuilds it) and the command finishes from the YAML in memory: every such path goes
through ``CachedGlossary.guarded``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ..errors import CacheError, LoadError
from ..forms import (
    ANY_ROLE,
    FIRST,
    ROLES_OF,
    Filed,
    Form,
    MemoryStore,
    Spellings,
)
from ..model import Article, Concept
from .build import remove_database
from .codec import (
    GROUPED,
    unpack_concept,
    unpack_form,
    unpack_forms,
    unpack_parts,
    unpack_spelling_entries,
    unpack_spelling_keys,
)
from .formstore import (
    CONCEPT_ROW,
    FIRST_TOKEN,
    PLACE,
    REMEMBERED,
    REMEMBERED_FORMS,
    ROLES,
    SECOND_TOKEN,
    STRING,
    Answer,
    SqliteStore,
)
from .freshness import DAMAGE

#: Strings or rows one SELECT asks for (within the 999 parameters older SQLite allows).
_PER_SELECT = 500


class _Fallback(NamedTuple):
    concepts: dict[str, Concept]
    articles: dict[str, Article]
    store: MemoryStore


_T = TypeVar("_T")


class CachedGlossary:
    """A layered glossary answered from its database: concepts by id, forms by string.

    Should SQLite find the file damaged while answering, the database is deleted (the
    next command rebuilds it) and this command finishes from the YAML in memory.
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        path: Path,
        layers: Sequence[Path],
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self._db = db
        self._notify = notify
        self._path = path
        self._layers = list(layers)
        self._fallback: _Fallback | None = None
        self._articles: dict[str, Article] | None = None
        self._concepts: dict[str, Concept | None] = {}
        self._unpacked: dict[int, Form] = {}  # by concept row and place among its forms
        # By concept row: its place in load order and its packed forms, or None when it is
        # no longer in force.
        self._placed: dict[int, tuple[int, tuple[bytes, ...]] | None] = {}
        self._seq: dict[int, int] | None = None  # each file's place in load order, by its row
        self._spelled: dict[str, list[Spellings]] | None = None  # by language, a group a file
        self.store = SqliteStore(self)

    def reopened(self) -> CachedGlossary:
        """The same database on a read-only connection of its own, for a forked process (which
        must not use its parent's connection)."""
        from .build import _connect

        return CachedGlossary(_connect(self._path, readonly=True), self._path, self._layers, self._notify)

    # -- recovery ----------------------------------------------------------------------

    def guarded(self, work: Callable[[], _T], otherwise: Callable[[_Fallback], _T]) -> _T:
        """``work`` on the database, or ``otherwise`` on the glossary read from the YAML:
        at once when the database has already failed, or when it fails now (a damaged or
        vanished file; the next command builds a new one)."""
        if self._fallback is not None:
            return otherwise(self._fallback)
        try:
            return work()
        except DAMAGE as exc:
            return otherwise(self._recover(exc))

    def guarded_listing(
        self,
        in_database: Callable[[], Iterator[_T]],
        in_memory: Callable[[_Fallback], Iterable[_T]],
        concept_of: Callable[[_T], str] | None,
    ) -> Iterator[_T]:
        """``guarded`` for a whole-glossary listing: every item, from the database or from
        the YAML. Damage found part way goes on from the YAML with the concepts not yet
        listed (the database lists a concept's items together, so each was listed whole);
        without ``concept_of``, with every item again."""
        listed: set[str] = set()
        if self._fallback is None:
            try:
                for item in in_database():
                    if concept_of is not None:
                        listed.add(concept_of(item))
                    yield item
                return
            except DAMAGE as exc:
                self._recover(exc)
        assert self._fallback is not None
        if concept_of is None:
            yield from in_memory(self._fallback)
        else:
            yield from (item for item in in_memory(self._fallback) if concept_of(item) not in listed)

    @property
    def memory(self) -> _Fallback | None:
        """The glossary read from the YAML once the database has failed; None until then."""
        return self._fallback

    def _recover(self, exc: Exception) -> _Fallback:
        if self._fallback is None:
            if self._notify is not None:
                self._notify(f"{self._path}: the index cache is damaged ({exc}); answering from the YAML")
            from ..loader import load_files, merge

            try:
                self._db.close()
            finally:
                remove_database(self._path)
            files, problems = load_files(self._layers)
            if problems:
                raise LoadError(problems) from exc
            glossary = merge(files)
            self._fallback = _Fallback(
                glossary.concepts, glossary.articles, MemoryStore(glossary.concepts.values())
            )
        return self._fallback

    # -- what Index asks -----------------------------------------------------------------

    def concept(self, concept_id: str) -> Concept | None:
        # A translation asks for the concept of every term it meets: the same few, often.
        if self._fallback is None and concept_id in self._concepts:
            return self._concepts[concept_id]
        return self.guarded(
            lambda: self._read_concept(concept_id), lambda memory: memory.concepts.get(concept_id)
        )

    def _read_concept(self, concept_id: str) -> Concept | None:
        row = self._db.execute(
            "SELECT c.record, f.path FROM concepts c JOIN files f ON f.id = c.file WHERE c.name = ? AND c.live",
            (concept_id,),
        ).fetchone()
        concept = unpack_concept(row[0], row[1]) if row else None
        if len(self._concepts) >= REMEMBERED:
            self._concepts.clear()
        self._concepts[concept_id] = concept
        return concept

    def concepts(self) -> Iterator[Concept]:
        return self.guarded_listing(
            self._read_concepts, lambda memory: memory.concepts.values(), attrgetter("id")
        )

    def _read_concepts(self) -> Iterator[Concept]:
        rows = self._db.execute(
            "SELECT c.record, f.path FROM concepts c JOIN files f ON f.id = c.file "
            "WHERE c.live ORDER BY f.seq, c.pos"
        )
        while batch := rows.fetchmany(1024):
            yield from [unpack_concept(record, path) for record, path in batch]

    @property
    def articles(self) -> dict[str, Article]:
        if self._fallback is None and self._articles is not None:
            return self._articles
        return self.guarded(self._read_articles, lambda memory: memory.articles)

    def _read_articles(self) -> dict[str, Article]:
        rows = self._db.execute(
            "SELECT a.name, a.title, a.language, a.source FROM articles a "
            "JOIN files f ON f.id = a.file ORDER BY f.seq, a.pos"
        ).fetchall()
        self._articles = {name: Article(name, title, lang, source) for name, title, lang, source in rows}
        return self._articles

    def __len__(self) -> int:
        return self.guarded(self._read_count, lambda memory: len(memory.concepts))

    def _read_count(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE name = 'concepts'").fetchone()
        try:
            return int(row[0])
        except (TypeError, ValueError) as exc:
            raise CacheError("damaged concept count") from exc

    def close(self) -> None:
        self._db.close()

    # -- what the store asks --------------------------------------------------------------

    def forms_under(self, texts: Sequence[str]) -> dict[str, Answer]:
        """What is filed under each of ``texts`` (those under which nothing is are left out),
        by the role the string plays (``FIRST``, ``KEY``, ``COMPACT``, ``STEM``): each form as
        its first and second tokens, then what ``read`` needs to read it. Forms of concepts no
        longer in force are among them, and the order is not yet load order: ``read`` leaves
        out the former and restores the latter."""
        if self._fallback is not None:
            raise CacheError("the store has fallen back to memory")
        answers: dict[str, Answer] = {}
        for start in range(0, len(texts), _PER_SELECT):
            some = texts[start : start + _PER_SELECT]
            rows = self._db.execute(
                "SELECT coalesce(first, k), second, concept, form, role, k FROM keys "
                f"WHERE k IN ({', '.join('?' * len(some))})",
                some,
            ).fetchall()
            for row in rows:
                filed = answers.get(row[STRING])
                if filed is None:
                    filed = answers[row[STRING]] = {}
                for role in ROLES_OF[row[ROLES] & ANY_ROLE]:
                    answer = filed.get(role)
                    if answer is None:
                        filed[role] = [row]
                    else:
                        answer.append(row)
        return answers

    def forms_starting(self, first: str, second: str | None = None, limit: int = 500) -> list[Form]:
        """Forms whose first token begins with ``first`` (or, with ``second``, whose first
        token is ``first`` and whose second begins with ``second``), in load order, at most
        ``limit`` rows read: what completing a half-typed term needs."""
        end = "\U0010ffff"
        if second is None:
            where, values = "k >= ? AND k < ?", [first, first + end]
        else:
            where, values = "k = ? AND second >= ? AND second < ?", [first, second, second + end]
        rows = self._db.execute(
            "SELECT coalesce(first, k), second, concept, form, role, k FROM keys "
            f"WHERE {where} AND role & {FIRST} LIMIT ?",
            [*values, limit],
        ).fetchall()
        return self.read(rows)

    def names_starting(self, prefix: str, limit: int = 40) -> list[str]:
        """The ids of the concepts in force that begin with ``prefix``, in order."""
        rows = self._db.execute(
            "SELECT DISTINCT name FROM concepts WHERE name >= ? AND name < ? AND live = 1 ORDER BY name LIMIT ?",
            [prefix, prefix + "\U0010ffff", limit],
        ).fetchall()
        return [name for (name,) in rows]

    def place(self, concepts: Iterable[int]) -> None:
        """Find where these concept rows stand in load order, and their packed forms."""
        placed = self._placed
        wanted = set(concepts)
        missing = [concept for concept in wanted if concept not in placed]
        if not missing:
            return
        if len(placed) + len(missing) > REMEMBERED:
            placed.clear()
            missing = list(wanted)
        if self._seq is None:
            self._seq = dict(self._db.execute("SELECT id, seq FROM files").fetchall())
        seq = self._seq
        for start in range(0, len(missing), _PER_SELECT):
            some = missing[start : start + _PER_SELECT]
            for concept, live, file, pos, forms in self._db.execute(
                f"SELECT id, live, file, pos, forms FROM concepts WHERE id IN ({', '.join('?' * len(some))})",
                some,
            ):
                if file not in seq:
                    raise CacheError("damaged concept row: it names no file")
                placed[concept] = (seq[file] << 32 | pos, unpack_parts(forms)) if live else None
        if any(concept not in placed for concept in missing):
            raise CacheError("damaged index row: it names no concept")

    def read(self, filed: Iterable[Filed]) -> list[Form]:
        """The forms of rows that ``forms_under`` answered, in load order, less those of the
        concepts no longer in force.

        A form is filed under several strings (its first token, its stem ...): a long text
        asks for most of them, so each form is unpacked once.
        """
        rows = filed if isinstance(filed, list) else list(filed)
        placed = self._placed
        try:
            in_force = [
                (place[0], row[PLACE], place[1], row[CONCEPT_ROW], row)
                for row in rows
                if (place := placed[row[CONCEPT_ROW]])
            ]
        except KeyError:
            self.place(row[CONCEPT_ROW] for row in rows)
            in_force = [
                (place[0], row[PLACE], place[1], row[CONCEPT_ROW], row)
                for row in rows
                if (place := placed[row[CONCEPT_ROW]])
            ]
        if len(in_force) > 1:
            in_force.sort()  # by the concept's place in load order, then the form's in the concept
        unpacked = self._unpacked
        out = []
        for _, index, parts, concept, row in in_force:
            ident = concept << 32 | index
            form = unpacked.get(ident)
            if form is None:
                if len(unpacked) >= REMEMBERED_FORMS:
                    unpacked.clear()
                form = unpacked[ident] = unpack_form(parts, index)
            if row[ROLES] & GROUPED:  # the row's first two tokens are the form's: else damage
                tokens = form.tokens
                if row[FIRST_TOKEN] != tokens[0] or row[SECOND_TOKEN] != (
                    tokens[1] if len(tokens) > 1 else ""
                ):
                    raise CacheError("damaged index row: it does not match its form")
            out.append(form)
        return out

    def _packed_forms(self) -> Iterator[bytes]:
        """The packed forms of each concept in force, in load order."""
        for (forms,) in self._in_load_order("forms"):
            yield forms

    def _in_load_order(self, columns: str) -> Iterator[tuple[Any, ...]]:
        """Columns of each concept in force (a text of their names), in load order."""
        if self._rows_in_load_order():
            # Sorting every row with its packed forms would cost more than reading them.
            rows = self._db.execute(f"SELECT {columns} FROM concepts WHERE live ORDER BY id")
        else:
            prefixed = ", ".join(f"c.{name.strip()}" for name in columns.split(","))
            rows = self._db.execute(
                f"SELECT {prefixed} FROM concepts c JOIN files f ON f.id = c.file WHERE c.live ORDER BY f.seq, c.pos"
            )
        while batch := rows.fetchmany(1024):
            yield from batch

    def _rows_in_load_order(self) -> bool:
        """Whether the concept rows stand in load order: true unless an update re-read a file
        that is not the last one.

        A file's concepts are inserted together in their order in the file (each row after
        the one before), so rows are in load order when the files' rows, taken in load
        order, come one file after the other.
        """
        last = 0
        for first, end in self._db.execute(
            "SELECT (SELECT min(id) FROM concepts WHERE file = files.id), "
            "(SELECT max(id) FROM concepts WHERE file = files.id) FROM files ORDER BY seq"
        ):
            if first is None:
                continue  # a file without concepts
            if first <= last:
                return False
            last = end
        return True

    def spellings(self, langs: Sequence[str]) -> Iterator[Spellings]:
        """The spellings of each file, a language at a time (as ``MemoryStore`` groups them,
        all files of one language before the next), less those of concepts a later layer
        replaced: keys at once, whose they are only when asked. Read once a command: a batch
        of lookups that miss asks again and again."""
        if self._spelled is None:
            self._spelled = self._read_spellings()
        for lang in langs:
            for group in self._spelled.get(lang, ()):
                yield group
                if self._fallback is not None:  # a group's entries found damage: start again
                    raise CacheError("the database failed while its spellings were read")

    def _read_spellings(self) -> dict[str, list[Spellings]]:
        files = self._db.execute("SELECT id, spell_keys FROM files ORDER BY seq").fetchall()
        replaced = set(self._db.execute("SELECT file, pos FROM concepts WHERE NOT live").fetchall())
        groups: dict[str, list[Spellings]] = {}
        for file_id, data in files:
            for lang, joined in unpack_spelling_keys(data).items():
                lines = joined.split("\n")
                load = partial(self._spelling_entries, file_id, lang, len(lines), replaced)
                groups.setdefault(lang, []).append(Spellings(lang, lines, load=load))
        return groups

    def _spelling_entries(
        self, file_id: int, lang: str, count: int, replaced: set[tuple[int, int]]
    ) -> list[tuple[str, str] | None]:
        def read() -> list[tuple[str, str] | None]:
            row = self._db.execute("SELECT spell_entries FROM files WHERE id = ?", (file_id,)).fetchone()
            if row is None:
                raise CacheError("damaged file row: its spellings are gone")
            names, terms, places = unpack_spelling_entries(row[0], lang)
            if not len(names) == len(terms) == len(places) == count:
                raise CacheError("damaged spelling record: its keys and entries differ in number")
            return [
                None if (file_id, place) in replaced else (name, term)
                for name, term, place in zip(names, terms, places)
            ]

        # Damaged: this group answers nothing, and the listing starts again from the YAML.
        return self.guarded(read, lambda memory: [None] * count)

    def all_forms(self) -> Iterator[Form]:
        for forms in self._packed_forms():
            yield from unpack_forms(forms)
