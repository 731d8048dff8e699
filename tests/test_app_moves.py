"""Sub-domains moved into apps of their own keep every row: a database full of demo data at the
last landing's schema migrates to the current one with every table, row count and history entry
unchanged, and the moved models read the same rows through the ORM.

Generic over moves: a moved model is one of a new app that keeps another app's table
(``db_table`` prefixed with the old app's label), as dual check-in (members, from organizations)
and cadre reports (cadre_reports, from crossposts) do.
"""

import io

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The leaf migrations of our apps at the last landing (before the moves).
LANDED = {
    "accounts": "0002_initial",
    "core": "0003_schedules",
    "organizations": "0005_org_counted_by_street",
    "crossposts": "0013_assignment_version",
    "needs": "0005_need_list_index",
    "volunteers": "0007_volunteer_list_by_street",
    "events": "0005_event_need",
    "reports": "0001_initial",
}
# Our apps that did not exist then: none of their migrations had run.
NEW_APPS = ("members", "cadre_reports", "demo")
# Records the migrations themselves, so it grows by the new ones.
NOT_DATA = {"django_migrations"}


def landed_targets(executor):
    targets = list(LANDED.items())
    graph_apps = {app for app, _name in executor.loader.graph.nodes}
    targets += [(app, None) for app in NEW_APPS if app in graph_apps]
    ours = set(LANDED) | set(NEW_APPS)
    targets += [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ours]
    return targets


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets(executor) if callable(targets) else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def quoted(table):
    return connection.ops.quote_name(table)


def snapshot():
    """Row counts of every table, and the rows themselves of every history table."""
    with connection.cursor() as cursor:
        tables = sorted(set(connection.introspection.table_names(cursor)) - NOT_DATA)
        counts, history = {}, {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")  # noqa: S608 (our own table names)
            counts[table] = cursor.fetchone()[0]
            if "_historical" in table:
                cursor.execute(f"SELECT * FROM {quoted(table)}")  # noqa: S608
                history[table] = sorted(cursor.fetchall(), key=repr)
        cursor.execute("SELECT app_label, model, id FROM django_content_type")
        content_types = {(label, model): pk for label, model, pk in cursor.fetchall()}
    return counts, history, content_types


def moved_models():
    """Models of the new apps that keep the table they had in an app of the last landing."""
    for model in apps.get_models():
        label, table = model._meta.app_label, model._meta.db_table
        old = table.split("_", 1)[0]
        if label in NEW_APPS and not table.startswith(f"{label}_") and old in LANDED:
            yield old, model


@pytest.mark.django_db(transaction=True)
def test_moves_keep_every_row_and_history_entry():
    moved = list(moved_models())
    assert moved, "no moved model found: has every move lost its db_table?"
    try:
        migrate(landed_targets)
        call_command("seed_demo", stdout=io.StringIO())
        counts, history, content_types = snapshot()
        migrate()
        after_counts, after_history, after_content_types = snapshot()
    finally:
        migrate()  # later tests find the schema they expect, whatever failed above

    assert set(after_counts) == set(counts), "tables appeared or vanished"
    changed = {t: (counts[t], after_counts[t]) for t in counts if counts[t] != after_counts[t]}
    assert not changed, f"row counts changed (before, after): {changed}"
    assert after_history == history
    assert sorted(after_content_types.values()) == sorted(content_types.values())

    with_history = 0
    for old, model in moved:
        table, name = model._meta.db_table, model._meta.model_name
        if not table.split("_", 1)[1].startswith("historical"):  # some records are seeded without history
            assert counts[table], f"the demo data has no {model._meta.label} to move"
        assert model._default_manager.count() == counts[table]
        # The same content type row (so permissions, admin log and history follow), relabelled.
        assert after_content_types[(model._meta.app_label, name)] == content_types[(old, name)]
        assert (old, name) not in after_content_types
        history_manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if history_manager:
            # A record's history entries, read through the moved model.
            history_table = getattr(model, history_manager).model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, COUNT(*) FROM {quoted(history_table)} GROUP BY id ORDER BY id",  # noqa: S608
                )
                first = cursor.fetchone()
            if first:
                with_history += 1
                instance = model._default_manager.get(pk=first[0])
                assert getattr(instance, history_manager).count() == first[1]
    assert with_history, "the demo data gives no moved model a history entry"
