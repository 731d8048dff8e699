"""The business rules of volunteer service: the daily hours limit and team membership.

Forms, serializers, admin, the self-service page and the seed all call these
functions; ``services.save_service_record`` calls them again under a row lock
so that two records saved at once cannot together pass the limit.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from volunteers.models import MAX_HOURS_PER_DAY, ServiceHours, ServiceRecord, TeamMembership


def check_hours_value(hours) -> Decimal:
    """Hours of one record: more than 0 and at most 24."""
    if hours is None:
        raise ValidationError(_("Enter the hours."), code="required")
    hours = Decimal(hours)
    if hours <= 0:
        raise ValidationError(_("Hours must be more than 0."), code="hours_not_positive")
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError(_("Hours cannot be more than 24 in one day."), code="hours_too_many")
    return hours


def hours_already_logged(
    volunteer_ids: Iterable[int], day: date, *, exclude_record_id=None
) -> dict[int, Decimal]:
    """Each volunteer's hours on ``day`` from records that are not rejected or archived (one query).

    Pending records count too: once approved they must still fit in the day.
    """
    rows = ServiceHours.objects.filter(
        volunteer_id__in=list(volunteer_ids),
        date=day,
        record__archived_at__isnull=True,
    ).exclude(record__status=ServiceRecord.Status.REJECTED)
    if exclude_record_id:
        rows = rows.exclude(record_id=exclude_record_id)
    return {
        row["volunteer_id"]: row["total"]
        for row in rows.values("volunteer_id").annotate(total=Sum("hours")).order_by()
    }


def check_daily_hours(volunteers, day: date, hours, *, exclude_record_id=None) -> None:
    """The hours rule: positive, and at most 24 per volunteer per day across all records.

    ``volunteers`` are Volunteer instances (their names go into the message).
    Raises ValidationError naming every volunteer who would pass the limit.
    """
    hours = check_hours_value(hours)
    volunteers = list(volunteers)
    logged = hours_already_logged([v.pk for v in volunteers], day, exclude_record_id=exclude_record_id)
    over = []
    for volunteer in volunteers:
        already = logged.get(volunteer.pk, Decimal(0))
        if already + hours > MAX_HOURS_PER_DAY:
            over.append(
                _("%(name)s already has %(already)s hours on %(day)s; at most %(left)s more can be logged.")
                % {
                    "name": volunteer.name,
                    "already": f"{already:g}",
                    "day": day.isoformat(),
                    "left": f"{max(MAX_HOURS_PER_DAY - already, Decimal(0)):g}",
                }
            )
    if over:
        raise ValidationError(over, code="hours_over_daily_limit")


def check_members(team, volunteers, day: date) -> None:
    """Everyone on a record was a member of the team on that day."""
    volunteers = list(volunteers)
    if not volunteers:
        raise ValidationError(_("Choose at least one volunteer."), code="no_volunteers")
    members = set(
        TeamMembership.objects.filter(team=team, volunteer__in=volunteers, joined_on__lte=day)
        .exclude(left_on__lt=day)
        .values_list("volunteer_id", flat=True)
    )
    outsiders = [v.name for v in volunteers if v.pk not in members]
    if outsiders:
        raise ValidationError(
            _("Not members of %(team)s on that day: %(names)s.")
            % {"team": team.name, "names": ", ".join(outsiders)},
            code="not_team_member",
        )


def check_service_date(day: date) -> None:
    """Service is logged after it is done: not in the future, and within the last two years."""
    from django.utils import timezone

    today = timezone.localdate()
    if day > today:
        raise ValidationError(_("Service cannot be logged for a future date."), code="future_date")
    if (today - day).days > 730:
        raise ValidationError(_("Service more than two years ago cannot be logged."), code="too_old")


def team_street(residential_area, building):
    """A team belongs to one residential area or one building; its street follows from it."""
    if bool(residential_area) == bool(building):
        raise ValidationError(
            _("Choose either a residential area or a commercial building."), code="team_place"
        )
    return (residential_area or building).street


def check_served(team, need=None, event=None) -> None:
    """The need or event a record served belongs to the team's street."""
    if need is not None and need.street_id != team.street_id:
        raise ValidationError(_("The need is not in the team's street."), code="need_street")
    if event is not None and event.street_id != team.street_id:
        raise ValidationError(_("The event is not in the team's street."), code="event_street")
