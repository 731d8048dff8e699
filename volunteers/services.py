"""Writing service records and deciding on them: every path goes through here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import VERSION_REQUIRED
from core.tasks import enqueue_on_commit
from volunteers import rules
from volunteers.models import ServiceHours, ServiceRecord, Volunteer


class DecisionError(Exception):
    """A record that is not waiting for approval cannot be approved or rejected."""


def save_service_record(
    *,
    team,
    day: date,
    hours,
    description: str,
    volunteers,
    user=None,
    source=ServiceRecord.Source.STAFF,
    record: ServiceRecord | None = None,
    expected_version: int | None = None,
    need=None,
    event=None,
) -> ServiceRecord:
    """Create (or change) a service record and its per-volunteer hours, under the daily limit.

    The volunteers' rows are locked first (in primary-key order, so two savers
    cannot deadlock), then the limit is checked against what is stored: a
    concurrent record for the same volunteer waits here and then sees ours.
    Records logged by the volunteer wait for the team leader's approval; those
    entered by the leader or staff count at once.
    """
    if record is not None and expected_version is None:
        # A change that does not say which version it edited would overwrite a newer one.
        raise ValidationError(VERSION_REQUIRED, code="version_required")
    hours = rules.check_hours_value(hours)
    rules.check_service_date(day)
    rules.check_served(team, need, event)
    ids = sorted({v.pk for v in volunteers})
    with transaction.atomic():
        locked = list(Volunteer.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        rules.check_members(team, locked, day)
        rules.check_daily_hours(locked, day, hours, exclude_record_id=record.pk if record else None)
        creating = record is None
        if creating:
            record = ServiceRecord(source=source, created_by=user)
            if source != ServiceRecord.Source.SELF:
                record.status = ServiceRecord.Status.APPROVED
                record.approved_by = user
                record.approved_at = timezone.now()
        record.team = team
        record.date = day
        record.hours = hours
        record.description = description
        record.need = need
        record.event = event
        if creating:
            record.save()
        else:
            record.save_checked(expected_version)
            record.hours_rows.all().delete()
        ServiceHours.objects.bulk_create(
            [ServiceHours(record=record, volunteer=v, date=day, hours=hours) for v in locked]
        )
    if creating and record.status == ServiceRecord.Status.PENDING and team.leader_id:
        from volunteers.tasks import send_pending_hours_notice

        enqueue_on_commit(send_pending_hours_notice, record.pk)
    return record


def decide(record: ServiceRecord, user, *, approve: bool) -> ServiceRecord:
    """The team leader (or staff) approves or rejects a record waiting for approval."""
    with transaction.atomic():
        current = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if current.status != ServiceRecord.Status.PENDING:
            raise DecisionError(_("This record was already decided."))
        current.status = ServiceRecord.Status.APPROVED if approve else ServiceRecord.Status.REJECTED
        current.approved_by = user
        current.approved_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "approved_by", "approved_at", "version", "updated"])
    return current
