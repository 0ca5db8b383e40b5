"""The matcher's FormStore over the database (``SqliteStore``), and the rows it hands out.

Each string asked for is answered by what is filed under it, sorted by the role the string
plays for the forms, and remembered; forms are read from their rows only when asked for.
Every question goes through the glossary's one guard (``CachedGlossary.guarded``): when the
database fails, the same question is answered from the YAML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Final

from ..forms import (
    ANY_ROLE,
    COMPACT,
    FIRST,
    KEY,
    STEM,
    Filed,
    Form,
    MemoryRow,
    MemoryStore,
    Spellings,
    key_head,
)
from .codec import filed_under

if TYPE_CHECKING:
    from .store import CachedGlossary

#: How many answered strings a store remembers (a long text asks for the same words often).
REMEMBERED = 100_000
#: How many unpacked forms it shares between those answers.
REMEMBERED_FORMS = 4 * REMEMBERED

#: A row of the index as the store hands it out (a ``Filed``): the form's first token, its
#: second, its concept's row, its place among that concept's forms, the roles the string
#: asked for plays for it, and that string. Plain tuples, as SQLite returns them, for
#: speed; these name the places.
IndexRow = tuple[str, str, int, int, int, str]
FIRST_TOKEN: Final = 0
SECOND_TOKEN: Final = 1
CONCEPT_ROW: Final = 2
PLACE: Final = 3
ROLES: Final = 4
STRING: Final = 5

Answer = dict[int, list[IndexRow]]
NOTHING: Answer = {}


class SqliteStore:
    """The matcher's FormStore over the database: each string asked for is answered by what
    is filed under it, sorted by the role the string plays for the forms, and remembered.
    Forms are read from their rows only when asked for (``read``)."""

    def __init__(self, source: CachedGlossary) -> None:
        self._source = source
        self._near: dict[str, Answer] = {}

    def _filed(self, text: str, role: int) -> Sequence[IndexRow] | None:
        """The rows of the forms for which ``text`` plays ``role``; None when the database
        has failed and the glossary is answered from memory instead."""
        if self._source.memory is not None:
            return None
        answer = self._near.get(text)
        if answer is None:
            if not self._ask([text]):
                return None
            answer = self._near[text]
        return answer.get(role, ())

    def expect(self, texts: Iterable[str]) -> None:
        """Fetch what is filed under these strings at once, and place the one-token forms
        they begin: most words of a text are read alone."""
        new = [text for text in dict.fromkeys(texts) if text not in self._near]
        if new and self._ask(new):
            near = self._near
            self._source.guarded(
                lambda: self._source.place(
                    row[CONCEPT_ROW]
                    for text in new
                    for row in near.get(text, NOTHING).get(FIRST, ())
                    if not row[SECOND_TOKEN]
                ),
                lambda memory: None,
            )

    def _ask(self, texts: list[str]) -> bool:
        """Remember what is filed under these strings; False when the database has failed
        and the glossary is answered from memory instead."""
        answers = self._source.guarded(lambda: self._source.forms_under(texts), lambda memory: None)
        if answers is None:
            return False
        near = self._near
        if len(near) + len(texts) > REMEMBERED:
            near.clear()
        for text in texts:
            near[text] = answers.get(text, NOTHING)
        return True

    def _memory(self) -> MemoryStore:
        memory = self._source.memory
        assert memory is not None
        return memory.store

    def read(self, filed: Iterable[Filed]) -> list[Form]:
        rows = list(filed)
        if not rows or isinstance(rows[0], MemoryRow):  # answered from memory: the database failed
            return MemoryStore.read(rows)
        return self._source.guarded(
            lambda: self._source.read(rows), lambda memory: self._read_again(rows, memory.store)
        )

    @staticmethod
    def _read_again(rows: list[IndexRow], memory: MemoryStore) -> list[Form]:
        """The forms of rows of the database's, from memory.

        Rows read together answer one question: the string they are filed under, in a role
        each of them has (the first token, or the stem in one language). Memory's answer to
        it, less the forms that differ from every row in their first two tokens or in the
        roles the string plays for them, holds the forms of the rows.
        """
        text = rows[0][STRING]
        common = ANY_ROLE
        for row in rows:
            common &= row[ROLES]
        if common & FIRST:
            candidates = memory.by_first(text)
        else:
            candidates = next((memory.by_stem(lang, text) for lang, bit in STEM.items() if common & bit), ())
        wanted = {(row[FIRST_TOKEN], row[SECOND_TOKEN], row[ROLES]) for row in rows}
        out = []
        for form in candidates:
            for k, _, roles, first, second in filed_under(form):
                if k == text and (first or k, second, roles) in wanted:
                    out.append(form)
        return out

    def by_first(self, token: str) -> Sequence[Form]:
        return self.read(self.filed_by_first(token))

    def filed_by_first(self, token: str) -> Sequence[Filed]:
        found = self._filed(token, FIRST)
        return found if found is not None else self._memory().filed_by_first(token)

    def _read_all(self, found: Sequence[IndexRow] | None) -> list[Form] | None:
        """The forms of rows the database answered; None when it has failed, or fails now."""
        if found is None:
            return None
        return self._source.guarded(lambda: self._source.read(found), lambda memory: None)

    def by_key(self, key: str) -> Sequence[Form]:
        forms = self._read_all(self._filed(key_head(key), KEY))
        return [f for f in forms if f.key == key] if forms is not None else self._memory().by_key(key)

    def by_compact(self, compact: str) -> Sequence[Form]:
        forms = self._read_all(self._filed(compact, COMPACT))
        return forms if forms is not None else self._memory().by_compact(compact)

    def by_stem(self, lang: str, stem_: str) -> Sequence[Form]:
        return self.read(self.filed_by_stem(lang, stem_))

    def filed_by_stem(self, lang: str, stem_: str) -> Sequence[Filed]:
        role = STEM.get(lang)
        found = self._filed(stem_, role) if role is not None else ()
        return found if found is not None else self._memory().filed_by_stem(lang, stem_)

    def forms(self) -> Iterable[Form]:
        source = self._source
        return source.guarded_listing(
            source.all_forms, lambda memory: memory.store.forms(), attrgetter("concept_id")
        )

    def spellings(self, langs: Sequence[str]) -> Iterable[Spellings]:
        source = self._source
        # Damage found part way starts the listing again from the YAML: a miss keeps one
        # answer a concept, so a spelling listed twice changes nothing.
        return source.guarded_listing(
            lambda: source.spellings(langs), lambda memory: memory.store.spellings(langs), None
        )
