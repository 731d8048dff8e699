"""Bulk rows into one table (COPY on PostgreSQL, executemany elsewhere)."""

import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection


class Writer:
    """Rows into one table: COPY on PostgreSQL, batched executemany elsewhere."""

    def __init__(self, gen, model, fields):
        self.gen = gen
        self.model = model
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(f).column for f in fields]
        self.count = 0
        self.started = time.monotonic()
        self.cpu = gen.cpu()
        self.pg = connection.vendor == "postgresql"
        self.batch = []

    def __enter__(self):
        if self.pg:
            cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            self._cursor = connection.cursor()
            # Secondary indexes are dropped while copying and rebuilt after (a sorted build is
            # much cheaper than millions of random inserts); constraint indexes stay.
            self._cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [self.table, self.table],
            )
            self._indexes = self._cursor.fetchall()
            for name, _definition in self._indexes:
                self._cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            raw = self._cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            self._copy_cm = raw.copy(f"COPY {connection.ops.quote_name(self.table)} ({cols}) FROM STDIN")
            self._copy = self._copy_cm.__enter__()
            self.write = self._copy.write_row
        else:
            self.write = self._buffer
        return self

    def _buffer(self, row):
        self.batch.append(tuple(_sqlite_value(v) for v in row))
        if len(self.batch) >= 5000:
            self._flush()

    def _flush(self):
        if not self.batch:
            return
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(self.table)} ({cols}) VALUES ({marks})",  # noqa: S608 - names from _meta
                self.batch,
            )
        self.batch = []

    def row(self, *values):
        self.write(values)
        self.count += 1

    def __exit__(self, exc_type, exc, tb):
        if self.pg:
            try:
                self._copy_cm.__exit__(exc_type, exc, tb)
            finally:
                for _name, definition in self._indexes:
                    self._cursor.execute(definition)
                self._cursor.close()
        elif exc_type is None:
            self._flush()
        if exc_type is None:
            py, pg = self.gen.cpu()
            cpu = (py - self.cpu[0], pg - self.cpu[1])
            self.gen.report(self.table, self.count, time.monotonic() - self.started, cpu)
        return False


def _sqlite_value(v):
    if isinstance(v, bool) or v is None or isinstance(v, int | float | str):
        return v
    if isinstance(v, datetime):
        return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return v.hex
    if isinstance(v, Decimal):
        return str(v)
    return v
