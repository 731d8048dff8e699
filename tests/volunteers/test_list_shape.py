"""The team and service-record lists at scale: counts per row after the LIMIT, newest records by index."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.volunteers.factories import MembershipFactory, member_of, record
from volunteers.models import ServiceRecord

pytestmark = pytest.mark.django_db


def _list_sql(ctx, table):
    """The statement that reads the page's rows (the one with a LIMIT on that table)."""
    return next(
        q["sql"] for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"] and "LIMIT" in q["sql"]
    )


def _plan(sql):
    """EXPLAIN with sorting and sequential scans priced out: the plan shows whether an index can
    give the rows in the query's order (tables this small would otherwise be scanned)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_member_count_is_current_members_counted_per_team_without_a_join(vw, api_for, client_for):
    MembershipFactory(team=vw.own_team, left_on=datetime.date(2024, 1, 1))  # left: not counted
    member_of(vw.other_team)
    with CaptureQueriesContext(connection) as ctx:
        rows = api_for("staff_a").get(reverse("team-list")).json()["results"]
    assert {r["name"]: r["member_count"] for r in rows} == {"美化家园队": 2, "助老队": 2}
    sql = _list_sql(ctx, "volunteers_volunteerteam")
    # Counted in a correlated subquery, so the LIMIT applies before any membership is read.
    assert 'JOIN "volunteers_teammembership"' not in sql and '"member_count"' in sql
    page = client_for("staff_a").get(reverse("volunteers:team_list"), {"ordering": "-members"})
    assert [t.member_count for t in page.context["teams"]] == [2, 2]
    empty = api_for("staff_b").get(reverse("team-list")).json()["results"]
    assert [r["member_count"] for r in empty] == [2]  # 仙霞队: 赵敏 and 党员钱


def test_service_records_newest_first_and_archived_hidden(vw, api_for):
    day = timezone.localdate() - datetime.timedelta(days=10)
    older = record(vw.own_team, [vw.own_member], day, "1")
    same_day = [
        record(vw.own_team, [vw.own_member], day + datetime.timedelta(days=1), "1") for _i in range(2)
    ]
    gone = record(vw.other_team, [vw.other_member], day + datetime.timedelta(days=2), "1")
    ServiceRecord.objects.filter(pk=gone.pk).update(archived_at=timezone.now())
    with CaptureQueriesContext(connection) as ctx:
        ids = [r["id"] for r in api_for("staff_a").get(reverse("service-record-list")).json()["results"]]
    assert gone.pk not in ids
    assert ids[-3:] == [same_day[1].pk, same_day[0].pk, older.pk]  # newest day first, then newest id
    if connection.vendor == "postgresql":
        assert "servicerecord_list" in _plan(_list_sql(ctx, "volunteers_servicerecord"))
        count = next(q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)"))
        assert "servicerecord_active_by_team" in _plan(count)


def test_one_streets_volunteers_by_name_from_the_index_the_district_by_street_then_name(vw, world, api_for):
    with CaptureQueriesContext(connection) as ctx:
        names = [r["name"] for r in api_for("staff_a").get(reverse("volunteer-list")).json()["results"]]
    assert names == sorted(names) and names
    sql = _list_sql(ctx, "volunteers_volunteer")
    # On one street the street name sorts nothing: left out, the index gives the order.
    assert '"organizations_street"."name"' not in sql.split("ORDER BY")[1]
    if connection.vendor == "postgresql":
        plan = _plan(sql)
        assert "volunteer_list_by_street" in plan and "Sort" not in plan
    rows = api_for("district").get(reverse("volunteer-list")).json()["results"]
    streets = {world.street_a.pk: world.street_a.name, world.street_b.pk: world.street_b.name}
    keys = [(streets[r["street"]], r["name"]) for r in rows]
    assert keys == sorted(keys) and len({k[0] for k in keys}) == 2
