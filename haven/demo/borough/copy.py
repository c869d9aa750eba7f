"""Bulk writing with PostgreSQL COPY, through Django's own connection and transaction.

Primary keys are reserved from each table's identity sequence before the rows are built, so
child rows can point at their parents without a round trip per row. The generator locks the
tables it writes (SHARE ROW EXCLUSIVE: others may read, nobody else may insert) for the length
of its transaction, so no other session can take an id from a reserved block.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from psycopg import sql


class CopyWriter:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def lock(self, tables: Sequence[type[models.Model]]) -> None:
        names = sql.SQL(", ").join([sql.Identifier(m._meta.db_table) for m in tables])
        with connection.cursor() as cursor:
            cursor.cursor.execute(
                sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(names)
            )

    @contextmanager
    def indexes_rebuilt(self, model: type[models.Model]) -> Iterator[None]:
        """Drop the table's plain indexes for a bulk load and build them again afterwards.

        Building an index once over the loaded rows is much faster than updating it row by row,
        above all for the search indexes on people (trigram and phonetic GIN indexes over an
        expression). Indexes that back a constraint (primary key, unique, exclusion) stay. The
        definitions are read from the catalogue, so indexes added by any migration come back
        exactly as they were, inside the same transaction.
        """
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = %s::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [table],
            )
            indexes = [(str(name), str(definition)) for name, definition in cursor.fetchall()]
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in indexes:
                cursor.execute(definition)
        self.seconds[f"{table} (indexes)"] = time.perf_counter() - started

    def constraints_immediate(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def analyze(self, tables: Sequence[type[models.Model]]) -> None:
        """Refresh the planner's statistics after the load (ANALYZE may run in a transaction)."""
        with connection.cursor() as cursor:
            for model in tables:
                cursor.cursor.execute(
                    sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table))
                )

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """Reserve ``count`` consecutive primary keys; return the first."""
        if count <= 0:
            return 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s::regclass)", [sequence])
            first = int(cursor.fetchone()[0])
            cursor.execute("SELECT setval(%s::regclass, %s)", [sequence, first + count - 1])
        return first

    def reserve_sequence(self, sequence: str, count: int) -> int:
        """Take ``count`` consecutive numbers from a plain sequence and move it past them, so
        that rows made later (for example a contact's reference) never reuse one."""
        if count <= 0:
            return 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s::regclass)", [sequence])
            first = int(cursor.fetchone()[0])
            cursor.execute("SELECT setval(%s::regclass, %s)", [sequence, first + count - 1])
        return first

    def copy(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        rows: Iterable[Sequence[Any]],
    ) -> int:
        """COPY ``rows`` (tuples in the order of ``fields``) into ``model``'s table."""
        opts = model._meta
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(opts.db_table),
            sql.SQL(", ").join([sql.Identifier(_column(model, name)) for name in fields]),
        )
        written = 0
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        table = opts.db_table
        self.counts[table] = self.counts.get(table, 0) + written
        self.seconds[table] = self.seconds.get(table, 0.0) + time.perf_counter() - started
        return written

    def count(self, model: type[models.Model], rows: int) -> None:
        """Count rows written another way (the ORM) under the model's table."""
        table = model._meta.db_table
        self.counts[table] = self.counts.get(table, 0) + rows


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return str(field.column)
