"""The dashboard's figures on known data, checked against hand-counted values."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crossposts.models import Assignment, Visit
from needs.models import Need
from reports import figures, periods
from tests.events.factories import EventFactory
from tests.factories import BuildingFactory, OrganizationFactory, ResidentialAreaFactory
from tests.needs.factories import NeedFactory
from tests.volunteers.factories import TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _visits(cadre, orgs_and_counts, year=2026):
    rows = []
    for org, n in orgs_and_counts:
        for i in range(n):
            when = datetime(year, 1 + (i % 12), 1 + (i % 27), 10, 0, tzinfo=SHANGHAI)
            rows.append(Visit(cadre=cadre, organization=org, visited_at=when, idempotency_key=uuid.uuid4()))
    Visit.objects.bulk_create(rows)


def test_the_source_figures_1415_visits_and_95_percent_coverage(world, client_for):
    building = BuildingFactory(street=world.street_a)
    orgs = OrganizationFactory.create_batch(100, street=world.street_a, building=building)
    # 95 organizations visited: 85 of them 15 times, 10 of them 14 times = 1,275 + 140 = 1,415.
    _visits(world.cadre1, [(o, 15) for o in orgs[:85]] + [(o, 14) for o in orgs[85:95]])
    period = periods.parse("2026")
    figs = figures.compute([world.street_a], period, date(2026, 12, 31))[world.street_a.pk]
    assert figs.value("visits") == 1415
    assert figs.value("organizations") == 100
    assert figs.value("organizations_visited") == 95
    assert figs.coverage == 95.0
    body = client_for("staff_a").get(reverse("reports:dashboard"), {"period": "2026"}).content.decode()
    assert ">1415<" in body and "95.0%" in body


def test_period_edges_are_shanghai_days(world):
    org = OrganizationFactory(street=world.street_a)
    late_2026 = datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI)
    early_2027 = datetime(2027, 1, 1, 0, 10, tzinfo=SHANGHAI)  # 2026-12-31 16:10 UTC
    for when in (late_2026, early_2027):
        Visit.objects.create(
            cadre=world.cadre1, organization=org, visited_at=when, idempotency_key=uuid.uuid4()
        )
    f2026 = figures.compute([world.street_a], periods.parse("2026"))[world.street_a.pk]
    f2027 = figures.compute([world.street_a], periods.parse("2027-01"))[world.street_a.pk]
    q4 = figures.compute([world.street_a], periods.parse("2026-Q4"))[world.street_a.pk]
    rng = figures.compute([world.street_a], periods.parse("2026-12-31..2026-12-31"))[world.street_a.pk]
    assert (f2026.value("visits"), f2027.value("visits"), q4.value("visits"), rng.value("visits")) == (
        1,
        1,
        1,
        1,
    )


def test_needs_events_volunteers_and_attention(world):
    now = timezone.now()
    area = ResidentialAreaFactory(street=world.street_a, residents=3000)
    org = OrganizationFactory(street=world.street_a)
    raised = NeedFactory.create_batch(3, organization=org, category=Need.Category.MEDICAL)
    Need.objects.filter(pk=raised[0].pk).update(status=Need.Status.RESOLVED, resolved_at=now)
    Need.objects.filter(pk=raised[1].pk).update(
        due_at=now - timedelta(hours=1), at_risk_at=now - timedelta(hours=2)
    )
    EventFactory.create_batch(2, street=world.street_a, starts_at=now - timedelta(days=2))
    EventFactory(street=world.street_a, starts_at=now - timedelta(days=2), kind="lecture")
    EventFactory(street=world.street_a, starts_at=now + timedelta(days=2))  # not held yet
    EventFactory(street=world.street_a, starts_at=now - timedelta(days=2), status="cancelled")
    team = TeamFactory(street=world.street_a, residential_area=area)
    VolunteerFactory.create_batch(8, street=world.street_a, residential_area=area)
    Assignment.objects.create(cadre=world.cadre1, organization=org, cadence_days=30)
    Assignment.objects.filter(organization=org).update(created=now - timedelta(days=5))
    figs = figures.compute([world.street_a], periods.year(now.astimezone(SHANGHAI).year))[world.street_a.pk]
    assert figs.value("needs_raised") == 3
    assert figs.value("needs_handled") == 1
    assert figs.needs_by_category["medical"] == (3, 1)
    assert figs.value("breached_needs") == 1
    assert figs.value("party_day_events") == 2
    assert figs.value("other_events") == 1
    assert figs.value("volunteer_teams") == 1
    assert figs.value("volunteers") == 8
    assert figs.value("residents") == 3000
    assert figs.participation == round(800 / 3000, 1) or figs.participation == round(100 * 8 / 3000, 1)
    assert figs.value("overdue_assignments") == 1
    assert figs.value("not_visited_90_days") == 1
    assert figs.value("idle_teams") == 1
    assert team


@pytest.mark.parametrize("key", [f.key for f in figures.FIGURES if f.drill])
def test_each_drill_down_list_count_equals_its_figure(world, client_for, key):
    building = BuildingFactory(street=world.street_a)
    orgs = OrganizationFactory.create_batch(4, street=world.street_a, building=building)
    _visits(world.cadre1, [(orgs[0], 3), (orgs[1], 1)], year=timezone.localdate().year)
    NeedFactory.create_batch(2, organization=orgs[0])
    EventFactory(street=world.street_a, starts_at=timezone.now() - timedelta(days=1))
    Assignment.objects.create(cadre=world.cadre1, organization=orgs[2])
    Assignment.objects.filter(organization=orgs[2]).update(created=timezone.now() - timedelta(days=3))
    period = periods.year(timezone.localdate().year)
    figure = figures.compute([world.street_a], period)[world.street_a.pk].value(key)
    response = client_for("staff_a").get(reverse("reports:drill", args=[key]), {"period": period.key})
    assert response.status_code == 200
    assert response.context["paginator"].count == figure


def test_staff_never_see_another_streets_figures(world, client_for, api_for):
    OrganizationFactory(street=world.street_a)
    client = client_for("staff_b")
    assert client.get(reverse("reports:dashboard"), {"street": world.street_a.pk}).status_code == 404
    assert (
        client.get(
            reverse("reports:drill", args=["organizations"]), {"street": world.street_a.pk}
        ).status_code
        == 404
    )
    data = api_for("staff_b").get(reverse("stats")).json()
    assert [s["street"] for s in data["streets"]] == [world.street_b.pk]
    assert api_for("staff_b").get(reverse("stats"), {"street": world.street_a.pk}).status_code == 404


def test_district_view_compares_streets(world, client_for):
    OrganizationFactory.create_batch(3, street=world.street_a)
    OrganizationFactory.create_batch(1, street=world.street_b)
    response = client_for("district").get(reverse("reports:district"))
    row = next(r for r in response.context["rows"] if r["label"] == figures.BY_KEY["organizations"].label)
    streets = response.context["streets"]
    values = dict(zip([s.pk for s in streets], row["cells"], strict=True))
    assert values[world.street_a.pk] == (3, 1)
    assert values[world.street_b.pk] == (1, 2)
    assert row["total"] == 4


def test_bad_period_is_explained(world, client_for, api_for):
    response = client_for("staff_a").get(reverse("reports:dashboard"), {"period": "2026-13"})
    assert response.status_code == 200
    assert response.context["period"].key == str(timezone.localdate().year)
    bad = api_for("staff_a").get(reverse("stats"), {"period": "last week"})
    assert bad.status_code == 400 and "period" in bad.json()


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("staff_a", "reports:dashboard"),
        ("district", "reports:district"),
        ("staff_a", "stats"),
        ("staff_a", "reports:gaps"),
    ],
)
def test_query_count_does_not_grow_with_data(world, client_for, role, url_name):
    client = client_for(role)
    orgs = OrganizationFactory.create_batch(
        2, street=world.street_a, building=BuildingFactory(street=world.street_a)
    )
    for org in orgs:
        Assignment.objects.create(cadre=world.cadre1, organization=org)
    _visits(world.cadre1, [(orgs[0], 2)], year=timezone.localdate().year)
    small = _count(client, reverse(url_name))
    more = OrganizationFactory.create_batch(
        10, street=world.street_a, building=BuildingFactory(street=world.street_a)
    )
    for org in more:
        Assignment.objects.create(cadre=world.cadre2, organization=org, cadence_days=14)
    _visits(world.cadre1, [(o, 3) for o in more], year=timezone.localdate().year)
    NeedFactory.create_batch(5, organization=more[0])
    assert _count(client, reverse(url_name)) == small


def test_report_is_built_and_downloadable(world, client_for, django_capture_on_commit_callbacks):
    from io import BytesIO

    from openpyxl import load_workbook

    from reports.models import Report

    OrganizationFactory.create_batch(2, street=world.street_a)
    client = client_for("staff_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:reports"), {"kind": "quarterly", "period": "2026-Q3"})
    report = Report.objects.get()
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    download = client.get(reverse("reports:report_download", args=[report.pk]))
    book = load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames == ["概况", "需求分类", "活动", "已办结需求", "重点事项"]
    # Another street's staff can neither list nor download it.
    other = client_for("staff_b")
    assert report not in other.get(reverse("reports:reports")).context["reports"]
    assert other.get(reverse("reports:report_download", args=[report.pk])).status_code == 404


def test_dashboard_charts_the_buildings_with_the_most_organizations_not_visited(world, client_for):
    from reports.views import BUILDINGS_CHARTED

    period = periods.year(timezone.localdate().year)
    buildings = [
        BuildingFactory(street=world.street_a, name=f"楼宇{i:02d}") for i in range(BUILDINGS_CHARTED + 3)
    ]
    for i, building in enumerate(buildings):
        for _ in range(i % 4 + 1):
            OrganizationFactory(street=world.street_a, building=building)
    worst = OrganizationFactory(street=world.street_a, building=buildings[0])
    for _ in range(5):
        OrganizationFactory(street=world.street_a, building=buildings[0])
    from tests.crossposts.factories import VisitFactory

    VisitFactory(organization=worst, cadre=world.cadre1, visited_at=timezone.now())

    everything = figures.coverage_by_building([world.street_a.pk], period)
    assert [name for name, *_ in everything] == sorted(b.name for b in buildings)
    charted = figures.coverage_by_building([world.street_a.pk], period, limit=BUILDINGS_CHARTED)
    assert len(charted) == BUILDINGS_CHARTED
    assert charted[0] == ("楼宇00", 7, 1)  # six not visited: the most of any building
    gaps = [total - visited for _name, total, visited in charted]
    assert gaps == sorted(gaps, reverse=True)

    page = client_for("staff_a").get(reverse("reports:dashboard")).content.decode()
    assert "楼宇00" in page
