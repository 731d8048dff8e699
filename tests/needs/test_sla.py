"""SLA states at the edges of the deadline, and the hourly breach notifications."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notification
from needs import services
from needs.models import Need, ResponseDeadline
from needs.tasks import send_breach_notifications
from needs.workflow import transition
from tests.needs.factories import NeedFactory


def test_deadline_comes_from_the_street_setting(world, nw):
    ResponseDeadline.objects.create(street=world.street_a, category=Need.Category.MEDICAL, hours=48)
    need = NeedFactory(organization=nw.org_a, category=Need.Category.MEDICAL)
    assert need.due_at - need.created == timedelta(hours=48)
    assert need.due_at - need.at_risk_at == timedelta(hours=12)
    other = NeedFactory(organization=nw.org_a, category=Need.Category.VENUE)
    assert other.due_at - other.created == timedelta(days=7)


def test_states_at_the_edges(world, nw):
    need = NeedFactory(organization=nw.org_a, hours=40)
    eps = timedelta(microseconds=1)
    assert need.sla_state(need.at_risk_at - eps) == Need.SLA.ON_TRACK
    assert need.sla_state(need.at_risk_at) == Need.SLA.AT_RISK
    assert need.sla_state(need.due_at - eps) == Need.SLA.AT_RISK
    assert need.sla_state(need.due_at) == Need.SLA.BREACHED
    # The database filter agrees with the property at every edge.
    for moment in (need.at_risk_at - eps, need.at_risk_at, need.due_at - eps, need.due_at):
        expected = need.sla_state(moment)
        for state in Need.SLA.values:
            hit = Need.objects.filter(pk=need.pk).sla(state, moment).exists()
            assert hit == (state == expected), (moment, state)


def test_a_closed_need_has_no_sla_state(world, nw):
    need = NeedFactory(organization=nw.org_a, hours=1)
    transition(need, Need.Status.REJECTED, world.staff_a, "不属于街道职责")
    assert need.sla_state(timezone.now() + timedelta(days=3)) is None
    assert (
        not Need.objects.filter(pk=need.pk)
        .sla(Need.SLA.BREACHED, timezone.now() + timedelta(days=3))
        .exists()
    )


def _breach(need):
    past = timezone.now() - timedelta(hours=1)
    Need.objects.filter(pk=need.pk).update(due_at=past, at_risk_at=past - timedelta(hours=1))


def test_breach_notifies_assignee_and_street_staff_once(world, nw):
    Need.objects.filter(pk=nw.need_a.pk).update(assignee=world.cadre1)
    _breach(nw.need_a)
    send_breach_notifications.delay()
    sent = Notification.objects.filter(key=f"need-breach:{nw.need_a.pk}")
    assert set(sent.values_list("recipient__username", flat=True)) == {"cadre1", "staff"}
    send_breach_notifications.delay()
    assert sent.count() == 2
    # street B's staff hear nothing of street A's breach
    assert not Notification.objects.filter(recipient=world.staff_b).exists()


def test_on_track_needs_are_not_notified(world, nw):
    assert services.send_breach_notifications() == 0


def _count_run(n, world, org):
    for _ in range(n):
        need = NeedFactory(organization=org, assignee=world.cadre1)
        _breach(need)
    with CaptureQueriesContext(connection) as ctx:
        services.send_breach_notifications()
    Notification.objects.all().delete()
    Need.objects.all().update(status=Need.Status.WITHDRAWN)
    return len(ctx)


def test_breach_run_query_count_is_constant(world, nw):
    Need.objects.update(status=Need.Status.WITHDRAWN)
    small = _count_run(2, world, nw.org_a)
    large = _count_run(12, world, nw.org_a)
    assert small == large


def test_management_command_runs_the_same_work(world, nw):
    from django.core.management import call_command

    _breach(nw.need_a)
    call_command("send_need_breaches")
    assert Notification.objects.filter(key=f"need-breach:{nw.need_a.pk}", recipient=world.staff_a).exists()


def test_schedule_exists(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="needs.send_breach_notifications")
    assert task.crontab.hour == "*" and str(task.crontab.timezone) == "Asia/Shanghai"
