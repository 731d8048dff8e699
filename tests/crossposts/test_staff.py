"""Staff pages: the visit list, its export, coverage on a known data set, the organization panel."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from crossposts import services
from crossposts.models import Assignment
from tests.crossposts.factories import AssignmentFactory, CrossPostFactory, VisitFactory
from tests.factories import BuildingFactory, OrganizationFactory, ResidentialAreaFactory

pytestmark = pytest.mark.django_db


def make_visits(world, n, street=None, cadre=None):
    street = street or world.street_a
    cadre = cadre or world.cadre1
    for _i in range(n):
        org = OrganizationFactory(street=street, building=BuildingFactory(street=street))
        VisitFactory(
            cadre=cadre,
            organization=org,
            raised_needs=[{"category": "venue", "title": "t", "description": ""}],
        )


def test_visit_list_is_scoped_by_street(world, client_for):
    make_visits(world, 2)
    staff_b_cadre = world.cadre1.__class__.objects.create(username="cb", role="cadre", street=world.street_b)
    make_visits(world, 1, street=world.street_b, cadre=staff_b_cadre)
    assert client_for("staff_a").get(reverse("crossposts:index")).context["paginator"].count == 2
    assert client_for("staff_b").get(reverse("crossposts:index")).context["paginator"].count == 1
    assert client_for("district").get(reverse("crossposts:index")).context["paginator"].count == 3


@pytest.mark.parametrize("url_name", ["crossposts:index", "crossposts:assignments", "mobile:visits"])
def test_list_pages_run_the_same_queries_for_2_and_12_rows(world, client_for, url_name):
    role = "cadre1" if url_name.startswith("mobile") else "staff_a"
    client = client_for(role)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx.captured_queries)

    def grow(n):
        for _i in range(n):
            org = OrganizationFactory(street=world.street_a, building=BuildingFactory(street=world.street_a))
            a = AssignmentFactory(cadre=world.cadre1, organization=org)
            VisitFactory(cadre=world.cadre1, organization=org, assignment=a)

    grow(2)
    client.get(reverse(url_name))
    small = count()
    grow(10)
    client.get(reverse(url_name))  # new buildings bump the cached filter choices: compare warm pages
    assert count() == small


def test_home_and_coverage_pages_run_fixed_queries(world, client_for):
    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    cadre, staff = client_for("cadre1"), client_for("staff_a")
    make_visits(world, 2)
    AssignmentFactory(cadre=world.cadre1, organization__street=world.street_a)
    counts = [
        count(cadre, reverse("mobile:home")),
        count(staff, reverse("crossposts:coverage") + "?by=cadre"),
    ]
    for _i in range(10):
        AssignmentFactory(cadre=world.cadre1, organization__street=world.street_a)
    make_visits(world, 10)
    assert [
        count(cadre, reverse("mobile:home")),
        count(staff, reverse("crossposts:coverage") + "?by=cadre"),
    ] == counts


def test_export_has_the_filtered_visits(world, client_for):
    make_visits(world, 3)
    response = client_for("staff_a").get(reverse("crossposts:visit_export"), {"method": "on_site"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert len(rows) == 4
    assert client_for("staff_b").get(reverse("crossposts:visit_export")).status_code == 200


def test_visit_list_filters_reject_bad_input_gracefully(world, client_for):
    make_visits(world, 2)
    response = client_for("staff_a").get(
        reverse("crossposts:index"), {"start": "not-a-date", "method": "teleport"}
    )
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_coverage_on_a_known_data_set(world, client_for):
    """Four active organizations in two buildings; three visited this year; one archived, one visited last year."""
    today = timezone.localdate()
    b1 = BuildingFactory(street=world.street_a, name="东银中心")
    b2 = BuildingFactory(street=world.street_a, name="远东国际广场")
    old = today - timedelta(days=800)
    orgs = [
        OrganizationFactory(street=world.street_a, building=b, registered_on=old) for b in (b1, b1, b2, b2)
    ]
    archived = OrganizationFactory(street=world.street_a, building=b1, registered_on=old)
    archived.archive()
    for org in orgs:
        AssignmentFactory(cadre=world.cadre1, organization=org)
    this_year = timezone.make_aware(timezone.datetime(today.year, 1, 1, 10, 0))
    VisitFactory(cadre=world.cadre1, organization=orgs[0], visited_at=this_year)
    VisitFactory(cadre=world.cadre1, organization=orgs[0], visited_at=this_year + timedelta(hours=1))
    VisitFactory(cadre=world.cadre1, organization=orgs[1], visited_at=this_year)
    VisitFactory(cadre=world.cadre1, organization=orgs[2], visited_at=this_year)
    VisitFactory(
        cadre=world.cadre1, organization=orgs[3], visited_at=this_year - timedelta(days=2)
    )  # last year
    VisitFactory(cadre=world.cadre1, organization=archived, visited_at=this_year)

    rows, total = services.coverage(world.staff_a, "building", *services.coverage_period())
    assert (total.organizations, total.visited, total.visits, total.rate) == (4, 3, 4, 75.0)
    by_name = {r.label: (r.organizations, r.visited, r.visits, r.rate) for r in rows}
    assert by_name == {"东银中心": (2, 2, 3, 100.0), "远东国际广场": (2, 1, 1, 50.0)}
    rows, _total = services.coverage(world.staff_a, "cadre", *services.coverage_period())
    assert [(r.organizations, r.visited, r.visits) for r in rows] == [(4, 3, 4)]
    # staff B sees none of it.
    _rows, total_b = services.coverage(world.staff_b, "street", *services.coverage_period())
    assert total_b.organizations == 0

    page = client_for("staff_a").get(reverse("crossposts:coverage"), {"by": "building"})
    assert page.context["total"].rate == 75.0
    api = client_for("staff_a").get(reverse("crossposts-coverage"), {"by": "street", "days": "3650"})
    assert api.json()["total"]["visited"] == 4 and api.json()["rows"][0]["organizations"] == 4
    bad = client_for("staff_a").get(reverse("crossposts-coverage"), {"by": "planet", "days": "-1"})
    assert bad.status_code == 400 and set(bad.json()) == {"by", "days"}


def test_organization_panel_lists_scoped_visits_in_fixed_queries(world):
    org = OrganizationFactory(street=world.street_a)
    AssignmentFactory(cadre=world.cadre1, organization=org)
    template = Template('{% include "crossposts/_organization_panel.html" %}')
    request = RequestFactory().get("/")

    def render(user):
        request.user = user
        with CaptureQueriesContext(connection) as ctx:
            html = template.render(Context({"organization": org, "request": request, "user": user}))
        return html, len(ctx.captured_queries)

    VisitFactory(cadre=world.cadre1, organization=org, notes="x")
    _html, few = render(world.staff_a)
    for _i in range(8):
        VisitFactory(cadre=world.cadre1, organization=org)
    html, many = render(world.staff_a)
    assert few == many == 3
    assert str(world.cadre1) in html
    html, _n = render(world.cadre2)
    assert "尚无走访记录" in html and str(world.cadre1) not in html


def test_assignments_page_shows_appointments_and_due_dates(world, client_for):
    area = ResidentialAreaFactory(street=world.street_a, name="虹储居民区")
    CrossPostFactory(
        cadre=world.cadre1,
        home_area=area,
        across_building=BuildingFactory(street=world.street_a, name="东银中心"),
    )
    a = AssignmentFactory(cadre=world.cadre1, organization__street=world.street_a)
    Assignment.objects.filter(pk=a.pk).update(last_visited_on=timezone.localdate() - timedelta(days=45))
    html = client_for("staff_a").get(reverse("crossposts:assignments")).content.decode()
    assert "虹储居民区" in html and "东银中心" in html and "tag-bad" in html
    assert "虹储居民区" not in client_for("staff_b").get(reverse("crossposts:assignments")).content.decode()


def test_coverage_page_with_bad_input_shows_errors_and_this_year(world, client_for):
    response = client_for("staff_a").get(reverse("crossposts:coverage"), {"by": "planet", "days": "0"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"by", "days"}
    assert response.context["start"] == timezone.localdate().replace(month=1, day=1)


def test_assignments_and_visits_filter_by_cadre(world, client_for):
    AssignmentFactory(cadre=world.cadre1, organization__street=world.street_a)
    AssignmentFactory(cadre=world.cadre2, organization__street=world.street_a)
    make_visits(world, 2)
    make_visits(world, 1, cadre=world.cadre2)
    client = client_for("staff_a")
    page = client.get(reverse("crossposts:assignments"), {"cadre": world.cadre2.pk})
    assert [a.cadre for a in page.context["assignments"]] == [world.cadre2]
    page = client.get(reverse("crossposts:index"), {"cadre": world.cadre1.pk})
    assert page.context["paginator"].count == 2
    # Staff B cannot pick street A's cadres.
    page = client_for("staff_b").get(reverse("crossposts:index"), {"cadre": world.cadre1.pk})
    assert page.context["filter"].errors and page.context["paginator"].count == 0
