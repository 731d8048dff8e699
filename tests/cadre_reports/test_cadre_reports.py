"""Cadre reports (双报告): filled from the records, read only by the addressed secretaries and the
street's staff, received by each unit, with idempotent reminders of a fixed query count."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cadre_reports import services as reports
from cadre_reports.models import CadreReport
from core.models import Notification
from crossposts.models import CrossPost
from organizations.periods import Quarter
from tests.crossposts.factories import VisitFactory
from tests.factories import BuildingFactory, PartyOrganizationFactory, ResidentialAreaFactory, UserFactory

LAST = Quarter.current().previous()


def in_quarter(quarter, day=10):
    return timezone.make_aware(
        datetime.datetime.combine(quarter.start + datetime.timedelta(days=day), datetime.time(10))
    )


@pytest.fixture
def setup(world):
    """cadre1 is secretary of an area and holds a post across in a building; both units have secretaries."""
    area = ResidentialAreaFactory(street=world.street_a)
    building = BuildingFactory(street=world.street_a)
    home_secretary = UserFactory(username="home_sec", role=User.Role.CADRE, street=world.street_a)
    across_secretary = UserFactory(username="across_sec", role=User.Role.LEADER, street=world.street_a)
    home_org = PartyOrganizationFactory(
        street=world.street_a, residential_area=area, level="general_branch", secretary_user=home_secretary
    )
    across_org = PartyOrganizationFactory(
        street=world.street_a, building=building, kind="joint", secretary_user=across_secretary
    )
    post = CrossPost.objects.create(
        cadre=world.cadre1,
        home_post=CrossPost.HomePost.AREA_SECRETARY,
        home_area=area,
        across_building=building,
        term_start=LAST.start - datetime.timedelta(days=200),
    )
    return post, home_org, across_org, home_secretary, across_secretary


def submitted(post, quarter=LAST):
    report = reports.start_report(post, quarter)
    return reports.submit(report, "本季度走访楼宇企业，协调解决需求，参加党日活动。")


def test_report_is_addressed_to_both_units_and_filled_from_the_records(world, setup):
    post, home_org, across_org, *_ = setup
    VisitFactory(cadre=world.cadre1, visited_at=in_quarter(LAST))
    VisitFactory(cadre=world.cadre1, visited_at=in_quarter(LAST, 40))
    VisitFactory(cadre=world.cadre1, visited_at=in_quarter(LAST.previous()))
    VisitFactory(cadre=world.cadre2, visited_at=in_quarter(LAST))
    report = reports.start_report(post, LAST)
    assert (report.home_party_organization, report.across_party_organization) == (home_org, across_org)
    assert report.visits_made == 2
    assert report.status == CadreReport.Status.DRAFT
    again = reports.start_report(post, LAST)
    assert again.pk == report.pk


def test_submit_needs_a_narrative_and_notifies_both_secretaries(world, setup):
    post, _h, _a, home_secretary, across_secretary = setup
    report = reports.start_report(post, LAST)
    with pytest.raises(ValidationError, match="至少写几句"):
        reports.submit(report, "短")
    report.refresh_from_db()
    assert report.status == CadreReport.Status.DRAFT
    submitted(post)
    recipients = set(Notification.objects.filter(kind="cadre_report").values_list("recipient_id", flat=True))
    assert recipients == {home_secretary.pk, across_secretary.pk}


def test_only_the_addressed_secretaries_and_the_streets_staff_can_read(world, setup, client_for, api_for):
    post, _h, _a, home_secretary, across_secretary = setup
    report = submitted(post)
    url = reverse("cadre_reports:detail", args=[report.pk])
    api_url = reverse("cadrereport-detail", args=[report.pk])
    readers = {"staff_a": world.staff_a, "cadre1": world.cadre1, "admin": world.admin}
    for user in (home_secretary, across_secretary, *readers.values()):
        assert report in CadreReport.objects.visible_to(user)
    for role in ("staff_b", "cadre2", "leader", "district"):
        assert client_for(role).get(url).status_code == 404, role
        assert api_for(role).get(api_url).status_code == 404, role
    for role in ("staff_a", "cadre1"):
        assert client_for(role).get(url).status_code == 200
        assert api_for(role).get(api_url).status_code == 200
    other_secretary = UserFactory(username="other_sec", role=User.Role.CADRE, street=world.street_a)
    PartyOrganizationFactory(street=world.street_a, secretary_user=other_secretary)
    assert not CadreReport.objects.visible_to(other_secretary).exists()


def test_secretaries_see_no_drafts(setup):
    post, _h, _a, home_secretary, _across = setup
    reports.start_report(post, LAST)
    assert not CadreReport.objects.visible_to(home_secretary).exists()


def test_each_secretary_marks_their_own_unit_received(world, setup, client_for):
    post, _h, _a, home_secretary, across_secretary = setup
    report = submitted(post)
    assert reports.receivable_sides(report, home_secretary) == ["home"]
    assert reports.mark_received(report, home_secretary) == ["home"]
    assert not report.is_received
    with pytest.raises(ValidationError, match="不能签收"):
        reports.mark_received(report, home_secretary)
    with pytest.raises(ValidationError, match="不能签收"):
        reports.mark_received(report, world.cadre2)
    from django.test import Client

    client = Client()
    client.force_login(across_secretary)
    response = client.post(reverse("cadre_reports:receive", args=[report.pk]), {"side": "across"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_received
    assert report.across_received_by == across_secretary
    assert client_for("staff_b").post(reverse("cadre_reports:receive", args=[report.pk])).status_code == 404


def test_staff_mark_received_for_either_unit(world, setup, api_for):
    post, *_ = setup
    report = submitted(post)
    response = api_for("staff_a").post(
        reverse("cadrereport-receive", args=[report.pk]), {"side": "home"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["home_received_at"]
    assert not response.json()["across_received_at"]


def test_cadre_writes_and_submits_on_the_phone(world, setup, client_for):
    post, *_ = setup
    client = client_for("cadre1")
    url = reverse("cadre_reports:form", args=[post.pk, LAST.key])
    assert client.get(url).status_code == 200
    response = client.post(url, {"narrative": "草稿内容", "save": "1", "version": 1})
    assert response.status_code == 302
    report = CadreReport.objects.get()
    assert report.narrative == "草稿内容" and report.status == "draft"
    response = client.post(url, {"narrative": "太短", "submit": "1", "version": report.version})
    assert response.status_code == 200
    response = client.post(
        url,
        {
            "narrative": "本季度走访楼宇企业三家，协调解决两项需求。",
            "submit": "1",
            "version": report.version,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert client_for("cadre2").get(url).status_code == 404
    future = reverse("cadre_reports:form", args=[post.pk, Quarter.current().next().key])
    assert client.get(future).status_code == 404
    assert client.get(reverse("cadre_reports:mine")).status_code == 200


def test_api_starts_saves_and_submits(world, setup, api_for):
    post, *_ = setup
    client = api_for("cadre1")
    response = client.post(
        reverse("cadrereport-list"), {"cross_post": post.pk, "period": LAST.key}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk, version = response.json()["id"], response.json()["version"]
    assert (
        client.patch(
            reverse("cadrereport-detail", args=[pk]), {"narrative": "x", "version": version}, format="json"
        ).status_code
        == 200
    )
    stale = client.post(
        reverse("cadrereport-submit", args=[pk]),
        {"narrative": "本季度走访楼宇企业三家。", "version": version},
        format="json",
    )
    assert stale.status_code == 409
    ok = client.post(
        reverse("cadrereport-submit", args=[pk]),
        {"narrative": "本季度走访楼宇企业三家。", "version": version + 1},
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    assert (
        api_for("cadre2")
        .post(reverse("cadrereport-list"), {"cross_post": post.pk, "period": LAST.key}, format="json")
        .status_code
        == 400
    )
    assert (
        api_for("staff_a")
        .post(reverse("cadrereport-list"), {"cross_post": post.pk, "period": LAST.key}, format="json")
        .status_code
        == 403
    )


def _overdue_day():
    return reports.due_on(LAST) + datetime.timedelta(days=1)


def test_reminders_for_overdue_reports_are_idempotent(world, setup):
    post, *_ = setup
    day = _overdue_day()
    sent = reports.send_report_reminders(day)
    assert sent >= 1
    keys = set(Notification.objects.filter(recipient=world.cadre1).values_list("key", flat=True))
    assert f"cadre-report-overdue:{post.pk}:{LAST.key}" in keys
    assert reports.send_report_reminders(day) == 0
    assert Notification.objects.filter(recipient=world.cadre1).count() == len(keys)


def test_no_reminder_on_the_due_day_nor_once_submitted(world, setup):
    post, *_ = setup
    key = f"cadre-report-overdue:{post.pk}:{LAST.key}"
    reports.send_report_reminders(reports.due_on(LAST))
    assert not Notification.objects.filter(recipient=world.cadre1, key=key).exists()
    submitted(post)
    reports.send_report_reminders(_overdue_day())
    assert not Notification.objects.filter(recipient=world.cadre1, key=key).exists()


def test_reminder_query_count_is_constant(world, setup):
    def grow(n):
        for _i in range(n):
            cadre = UserFactory(role=User.Role.CADRE, street=world.street_a)
            CrossPost.objects.create(
                cadre=cadre,
                home_post=CrossPost.HomePost.AREA_SECRETARY,
                home_area=ResidentialAreaFactory(street=world.street_a),
                across_building=BuildingFactory(street=world.street_a),
                term_start=LAST.start - datetime.timedelta(days=400),
            )

    day = _overdue_day()
    grow(1)
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as small:
        reports.send_report_reminders(day)
    grow(8)
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        reports.send_report_reminders(day)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_task_runs_the_same_rule(world, setup):
    from cadre_reports.tasks import send_report_reminders

    assert send_report_reminders.delay(_overdue_day().isoformat()).get() >= 1


def test_figures_due_submitted_received(world, setup):
    post, _h, _a, home_secretary, across_secretary = setup
    figures = reports.report_figures(world.staff_a, LAST)
    assert (figures.due, figures.submitted, figures.received) == (1, 0, 0)
    report = submitted(post)
    reports.mark_received(report, home_secretary)
    reports.mark_received(report, across_secretary)
    figures = reports.report_figures(world.staff_a, LAST)
    assert (figures.due, figures.submitted, figures.received) == (1, 1, 1)


def test_report_list_query_count_is_constant(world, setup, client_for, api_for):
    def grow(n):
        for _i in range(n):
            cadre = UserFactory(role=User.Role.CADRE, street=world.street_a)
            post = CrossPost.objects.create(
                cadre=cadre,
                home_post=CrossPost.HomePost.AREA_SECRETARY,
                home_area=ResidentialAreaFactory(street=world.street_a),
                across_building=BuildingFactory(street=world.street_a),
                term_start=LAST.start - datetime.timedelta(days=400),
            )
            submitted(post)

    def counts():
        result = []
        for client, url in (
            (client_for("staff_a"), reverse("cadre_reports:list")),
            (api_for("staff_a"), reverse("cadrereport-list")),
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    grow(2)
    small = counts()
    grow(10)
    assert counts() == small
