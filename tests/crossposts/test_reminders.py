"""Visit reminders: who is told what, once a day at most, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.models import Notification, NotificationDelivery
from core.notifications import deliver_pending
from crossposts import reminders
from crossposts.models import Assignment
from crossposts.tasks import send_visit_digests, send_visit_reminders
from organizations.models import TwoNewOrganization
from organizations.validators import make_credit_code
from tests.crossposts.factories import AssignmentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def assignment(world, last_days_ago, cadre=None, **kwargs):
    a = AssignmentFactory(cadre=cadre or world.cadre1, organization__street=world.street_a, **kwargs)
    Assignment.objects.filter(pk=a.pk).update(last_visited_on=TODAY - timedelta(days=last_days_ago))
    return a


def test_due_soon_and_overdue_assignments_are_reminded_once_a_day(world):
    due_soon = assignment(world, 28)  # due in 2 days
    overdue = assignment(world, 35)  # 5 days overdue
    assignment(world, 10)  # due in 20 days: nothing yet
    theirs = assignment(world, 30, cadre=world.cadre2)  # due today
    assert reminders.send_visit_reminders(TODAY) == 3
    mine = Notification.objects.filter(recipient=world.cadre1, kind="visit_due")
    assert {n.key for n in mine} == {f"visit-due:{due_soon.pk}:{TODAY}", f"visit-due:{overdue.pk}:{TODAY}"}
    assert Notification.objects.get(recipient=world.cadre2).key == f"visit-due:{theirs.pk}:{TODAY}"
    assert not Notification.objects.filter(kind="visit_escalation").exists()
    # Twice on the same day: nothing new (the database's unique key decides, see notify()).
    assert reminders.send_visit_reminders(TODAY) == 0
    assert send_visit_reminders.delay(TODAY.isoformat()).get() == 0
    assert Notification.objects.count() == 3
    # The next day the reminders come again.
    assert reminders.send_visit_reminders(TODAY + timedelta(days=1)) == 3
    # Email goes through the outbox, once per notification.
    assert NotificationDelivery.objects.filter(channel="email").count() == 6
    deliver_pending()
    assert len(mail.outbox) == 6


def test_visits_fifteen_days_overdue_reach_the_streets_staff_as_one_digest_a_day(world):
    late = assignment(world, 45)  # 15 days overdue: crossed the line today
    assignment(world, 60)  # 30 days overdue
    assignment(world, 35)  # 5 days overdue: the cadre is reminded, staff are not told yet
    assert reminders.send_visit_reminders(TODAY) == 4  # 3 to the cadre, 1 digest
    digest = Notification.objects.get(kind="visit_escalation")
    assert digest.recipient == world.staff_a  # not staff B, not the district
    assert digest.title == "2 家单位走访逾期超过 14 天"
    assert f"{world.street_a.name}有 2 家" in digest.body and "其中 1 家为昨日以来新增" in digest.body
    assert f"{late.organization.name}：15 天" in digest.body
    assert (
        digest.url
        == reverse("reports:drill", kwargs={"key": "overdue_assignments"}) + f"?street={world.street_a.pk}"
    )
    # The link opens the street's overdue list for staff A.
    page = Client()
    page.force_login(world.staff_a)
    assert late.organization.name in page.get(digest.url).content.decode()
    # The same day again: nothing; the next day: the cadre's 3 reminders and one new digest.
    assert reminders.send_visit_reminders(TODAY) == 0
    assert reminders.send_visit_reminders(TODAY + timedelta(days=1)) == 4
    assert Notification.objects.filter(kind="visit_escalation", recipient=world.staff_a).count() == 2


def test_many_late_visits_make_one_digest_per_staff_member(world):
    staff_a2 = UserFactory(role="staff", street=world.street_a, username="staff_a2")
    for _i in range(12):
        assignment(world, 50)
    assert reminders.send_visit_reminders(TODAY) == 12 + 2
    digests = Notification.objects.filter(kind="visit_escalation")
    assert {d.recipient for d in digests} == {world.staff_a, staff_a2}
    assert all(d.title.startswith("12 ") for d in digests)
    # The five longest overdue are named, not all twelve.
    assert len(digests[0].body.splitlines()) == 2 + reminders.DIGEST_WORST


def test_inactive_or_archived_assignments_are_not_reminded(world):
    a = assignment(world, 60)
    Assignment.objects.filter(pk=a.pk).update(active=False)
    b = assignment(world, 60)
    b.organization.archive()
    assert reminders.send_visit_reminders(TODAY) == 0


def test_weekly_digest_once_per_cadre_per_week(world):
    assignment(world, 25)
    assignment(world, 40)
    assignment(world, 1)
    assert send_visit_digests.delay(TODAY.isoformat()).get() == 1
    digest = Notification.objects.get(kind="visit_digest")
    assert digest.recipient == world.cadre1 and len(digest.body.splitlines()) == 2
    assert reminders.send_visit_digests(TODAY) == 0


def test_management_command_runs_the_same_work(world, capsys):
    assignment(world, 40)
    call_command("send_visit_reminders", "--digest")
    out = capsys.readouterr().out
    assert "1 new" in out
    assert Notification.objects.filter(kind="visit_due").count() == 1
    call_command("send_visit_reminders")
    assert Notification.objects.filter(kind="visit_due").count() == 1


def test_daily_and_weekly_schedules_are_in_the_database():
    daily = PeriodicTask.objects.get(task="crossposts.send_visit_reminders")
    assert (daily.crontab.hour, daily.crontab.minute, str(daily.crontab.timezone)) == (
        "8",
        "30",
        "Asia/Shanghai",
    )
    weekly = PeriodicTask.objects.get(task="crossposts.send_visit_digests")
    assert weekly.crontab.day_of_week == "1"


def _bulk_assignments(world, n, start):
    orgs = TwoNewOrganization.objects.bulk_create(
        TwoNewOrganization(
            street=world.street_a,
            name=f"批量公司{start + i}",
            credit_code=make_credit_code("91310105", 50_000_000 + start + i),
        )
        for i in range(n)
    )
    created = Assignment.objects.bulk_create(Assignment(cadre=world.cadre1, organization=o) for o in orgs)
    # Half overdue by 20 days (escalated), half due in 2 days.
    Assignment.objects.filter(pk__in=[a.pk for a in created[::2]]).update(
        last_visited_on=TODAY - timedelta(days=50)
    )
    Assignment.objects.filter(pk__in=[a.pk for a in created[1::2]]).update(
        last_visited_on=TODAY - timedelta(days=28)
    )


def test_reminders_run_a_fixed_number_of_queries_for_10_and_1000_assignments(world, settings):
    settings.NOTIFICATION_CHANNELS = []  # the email outbox has its own sweep

    def run(day):
        with CaptureQueriesContext(connection) as ctx:
            sent = reminders.send_visit_reminders(day)
        # SQLite caps the parameters of one statement, so Django splits a bulk INSERT into
        # batches there (one statement on PostgreSQL): count each bulk insert once.
        statements = [q["sql"].split("VALUES")[0] for q in ctx.captured_queries]
        return sent, len(
            [s for i, s in enumerate(statements) if not (s.startswith("INSERT") and s in statements[:i])]
        )

    _bulk_assignments(world, 10, 0)
    sent_small, small = run(TODAY)
    assert sent_small == 11  # 10 reminders, 1 escalation digest to staff A
    Notification.objects.all().delete()
    _bulk_assignments(world, 990, 10)
    sent_large, large = run(TODAY)
    assert sent_large == 1001
    assert large == small, (small, large)
