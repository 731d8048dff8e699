"""Substring search of the ledger by name or credit code (``q``: ``UPPER(name) LIKE '%…%'``,
``UPPER(credit_code) LIKE '…%'``) through pg_trgm GIN indexes, on PostgreSQL only.

The expressions are exactly the ones Django writes for ``icontains``/``istartswith``
(``UPPER("col"::text)``), otherwise the planner would not match them. Trigrams need at least three
characters: a two-character search (科技) cannot use them and filters the street's rows instead.
SQLite has neither the extension nor GIN, so there these operations do nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLE = "organizations_twoneworganization"
INDEXES = {
    "org_name_trgm": "upper((name)::text) gin_trgm_ops",
    "org_credit_code_trgm": "upper((credit_code)::text) gin_trgm_ops",
}


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and is skipped on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_default_pledge_kinds"),
    ]

    operations = [
        TrigramExtension(),  # CreateExtension itself does nothing on other databases
        *(
            PostgreSQLOnly(
                sql=f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} USING gin ({expression})",
                reverse_sql=f"DROP INDEX IF EXISTS {name}",
            )
            for name, expression in INDEXES.items()
        ),
    ]
