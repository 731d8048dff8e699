"""Background work: tell leaders about hours to approve, remind them, rate building groups yearly."""

from datetime import timedelta

from celery import shared_task
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.notifications import Message, notify

REMIND_AFTER_DAYS = 3


@shared_task(
    name="volunteers.send_pending_hours_notice",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_pending_hours_notice(record_id: int) -> int:
    """Tell the team leader that a volunteer logged hours (once per record: the key)."""
    from volunteers.models import ServiceRecord

    record = ServiceRecord.objects.select_related("team").filter(pk=record_id).first()
    if record is None or record.status != ServiceRecord.Status.PENDING or not record.team.leader_id:
        return 0
    with override("zh-hans"):
        message = Message(
            recipient_id=record.team.leader_id,
            kind="volunteers.hours_pending",
            key=f"volunteers.hours_pending.{record.pk}",
            title=_("Hours to approve for %(team)s") % {"team": record.team.name},
            body=_("%(date)s: %(what)s (%(hours)s h)")
            % {"date": record.date.isoformat(), "what": record.description, "hours": f"{record.hours:g}"},
            url=reverse("volunteers:index"),
        )
    return len(notify([message]))


@shared_task(
    name="volunteers.send_approval_reminders",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=150,
)
def send_approval_reminders() -> int:
    """Remind each leader once a day whose team has hours waiting for more than three days."""
    from volunteers.models import ServiceRecord

    today = timezone.localdate()
    cutoff = timezone.now() - timedelta(days=REMIND_AFTER_DAYS)
    rows = (
        ServiceRecord.objects.filter(
            status=ServiceRecord.Status.PENDING,
            archived_at__isnull=True,
            created__lte=cutoff,
            team__leader__isnull=False,
        )
        .values("team__leader_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    with override("zh-hans"):
        messages = [
            Message(
                recipient_id=row["team__leader_id"],
                kind="volunteers.approval_reminder",
                key=f"volunteers.approval_reminder.{today.isoformat()}",
                title=_("%(n)s service records wait for your approval") % {"n": row["n"]},
                url=reverse("volunteers:index"),
            )
            for row in rows
        ]
    return len(notify(messages))


@shared_task(
    name="volunteers.build_report_ratings",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def build_report_ratings(year: int | None = None) -> int:
    """Recompute every street's building-group ratings for the year (this year by default)."""
    from organizations.models import Street
    from volunteers.rating import rate_street

    year = year or timezone.localdate().year
    return sum(rate_street(street, year) for street in Street.objects.all())
