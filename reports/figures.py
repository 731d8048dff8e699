"""The street figures: one definition per figure, used by the dashboard, the district view,
the drill-down lists, the reports and the stats API alike.

Each figure is a queryset builder plus the path to its street. The dashboard counts the
queryset grouped by street (one query per figure, whatever the number of streets or rows);
the drill-down list shows the same queryset's rows, so its count equals the figure by
construction.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossposts.models import Assignment, Visit
from events.models import Event
from needs.models import Category, Need
from organizations.models import ResidentialArea, Street, TwoNewOrganization
from reports.periods import Period
from volunteers.models import BuildingGroupRating, ServiceRecord, Volunteer, VolunteerTeam


@dataclass
class Figure:
    key: str
    label: str
    street_path: str
    rows: object  # (street_ids, period, today) -> queryset of the records behind the figure
    count: object = None  # an aggregate over those rows; Count("pk") when None
    section: str = "work"
    attention: bool = False
    drill: bool = True


def _active_orgs(ids):
    return TwoNewOrganization.objects.filter(
        street_id__in=ids, archived_at__isnull=True, status=TwoNewOrganization.Status.ACTIVE
    )


def organizations(ids, period, today):
    return _active_orgs(ids)


def visits(ids, period, today):
    """The streets' visits in the period: a range of the index visit_by_street_recent."""
    start, end = period.bounds()
    return Visit.objects.filter(street_id__in=ids, visited_at__gte=start, visited_at__lt=end)


def _seen(ids, since, until=None):
    """EXISTS a visit of the organization in [since, until). The street condition is redundant
    (a visit's street is its organization's) but lets the planner hash the streets' visits
    from visit_by_street_recent instead of probing once per organization when that is cheaper."""
    seen = Visit.objects.filter(organization=OuterRef("pk"), street_id__in=ids, visited_at__gte=since)
    return Exists(seen.filter(visited_at__lt=until) if until is not None else seen)


def organizations_visited(ids, period, today):
    start, end = period.bounds()
    return _active_orgs(ids).filter(_seen(ids, start, end))


def needs_raised(ids, period, today):
    start, end = period.bounds()
    return Need.objects.filter(
        street_id__in=ids, archived_at__isnull=True, created__gte=start, created__lt=end
    )


def needs_handled(ids, period, today):
    start, end = period.bounds()
    return Need.objects.filter(
        street_id__in=ids,
        archived_at__isnull=True,
        status__in=Need.HANDLED_STATUSES,
        resolved_at__gte=start,
        resolved_at__lt=end,
    )


def events_held(ids, period, today):
    """Events that took place in the period (published or done, started by now)."""
    start, end = period.bounds()
    end = min(end, timezone.now())
    return Event.objects.filter(
        street_id__in=ids,
        archived_at__isnull=True,
        status__in=[Event.Status.PUBLISHED, Event.Status.DONE],
        starts_at__gte=start,
        starts_at__lt=end,
    )


def party_day_events(ids, period, today):
    return events_held(ids, period, today).filter(kind=Event.Kind.PARTY_DAY)


def other_events(ids, period, today):
    return events_held(ids, period, today).exclude(kind=Event.Kind.PARTY_DAY)


def volunteer_teams(ids, period, today):
    return VolunteerTeam.objects.filter(street_id__in=ids, active=True, archived_at__isnull=True)


def volunteers(ids, period, today):
    return Volunteer.objects.filter(street_id__in=ids, archived_at__isnull=True)


def residents(ids, period, today):
    return ResidentialArea.objects.filter(street_id__in=ids)


def overdue_assignments(ids, period, today):
    """Active assignments whose next visit was due before today (never visited: due since assigned)."""
    base = Assignment.objects.filter(
        organization__street_id__in=ids,
        active=True,
        organization__archived_at__isnull=True,
        organization__status=TwoNewOrganization.Status.ACTIVE,
    )
    cadences = sorted(set(base.order_by().values_list("cadence_days", flat=True).distinct()))
    start_of_today = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    late = Q(last_visited_on__isnull=True, created__lt=start_of_today)
    # One condition per cadence in use (a handful), so the test needs no date arithmetic in SQL.
    for days in cadences:
        late |= Q(cadence_days=days, last_visited_on__lt=today - timedelta(days=days))
    return base.filter(late)


def breached_needs(ids, period, today):
    return Need.objects.filter(
        street_id__in=ids, archived_at__isnull=True, status__in=Need.OPEN_STATUSES, due_at__lt=timezone.now()
    )


def not_visited_90_days(ids, period, today):
    since = timezone.now() - timedelta(days=90)
    return _active_orgs(ids).exclude(_seen(ids, since))


def idle_teams(ids, period, today):
    since = today - timedelta(days=60)
    recent = ServiceRecord.objects.filter(team=OuterRef("pk"), date__gte=since)
    return volunteer_teams(ids, period, today).exclude(Exists(recent))


FIGURES = [
    Figure("organizations", _("Active two-new organizations"), "street_id", organizations),
    Figure("visits", _("Visits"), "street_id", visits),
    Figure("organizations_visited", _("Organizations visited"), "street_id", organizations_visited),
    Figure("needs_raised", _("Needs raised"), "street_id", needs_raised, section="needs"),
    Figure("needs_handled", _("Needs handled"), "street_id", needs_handled, section="needs"),
    Figure(
        "party_day_events", _("Collective Party-day events"), "street_id", party_day_events, section="events"
    ),
    Figure("other_events", _("Other events"), "street_id", other_events, section="events"),
    Figure("volunteer_teams", _("Volunteer teams"), "street_id", volunteer_teams, section="volunteers"),
    Figure("volunteers", _("Volunteers"), "street_id", volunteers, section="volunteers"),
    Figure(
        "residents",
        _("Residents"),
        "street_id",
        residents,
        count=Sum("residents"),
        section="volunteers",
        drill=False,
    ),
    Figure(
        "overdue_assignments",
        _("Overdue visits"),
        "organization__street_id",
        overdue_assignments,
        attention=True,
    ),
    Figure("breached_needs", _("Needs past their deadline"), "street_id", breached_needs, attention=True),
    Figure(
        "not_visited_90_days", _("Not visited in 90 days"), "street_id", not_visited_90_days, attention=True
    ),
    Figure("idle_teams", _("Teams idle for 60 days"), "street_id", idle_teams, attention=True),
]
BY_KEY = {f.key: f for f in FIGURES}


@dataclass
class StreetFigures:
    street: Street
    values: dict = field(default_factory=dict)
    needs_by_category: dict = field(default_factory=dict)  # category → (raised, handled)
    stars: dict = field(default_factory=dict)  # stars → building groups

    def value(self, key) -> int:
        return self.values.get(key, 0)

    @property
    def coverage(self) -> float | None:
        total = self.value("organizations")
        return round(100 * self.value("organizations_visited") / total, 1) if total else None

    @property
    def participation(self) -> float | None:
        people = self.value("residents")
        return round(100 * self.value("volunteers") / people, 1) if people else None


def compute(streets, period: Period, today: date | None = None) -> dict[int, StreetFigures]:
    """Every figure for every given street: a fixed number of queries, whatever the data.

    Plain COUNT, not COUNT(DISTINCT): every figure's rows come from one table filtered on its own
    columns, forward foreign keys and EXISTS, so a row cannot repeat (a figure that joins a
    to-many relation must pass its own ``count``). tests/reports checks each against a recount.
    """
    today = today or timezone.localdate()
    streets = list(streets)
    ids = [s.pk for s in streets]
    result = {s.pk: StreetFigures(street=s) for s in streets}
    for figure in FIGURES:
        qs = figure.rows(ids, period, today)
        for street_id, n in (
            qs.order_by().values_list(figure.street_path).annotate(n=figure.count or Count("pk"))
        ):
            result[street_id].values[figure.key] = n or 0
    raised = defaultdict(int)
    handled = defaultdict(int)
    for street_id, category, n in (
        needs_raised(ids, period, today)
        .order_by()
        .values_list("street_id", "category")
        .annotate(n=Count("pk"))
    ):
        raised[(street_id, category)] = n
    for street_id, category, n in (
        needs_handled(ids, period, today)
        .order_by()
        .values_list("street_id", "category")
        .annotate(n=Count("pk"))
    ):
        handled[(street_id, category)] = n
    for sid, figures in result.items():
        figures.needs_by_category = {
            c: (raised[(sid, c)], handled[(sid, c)]) for c, _label in Category.choices
        }
        figures.stars = dict.fromkeys(range(6), 0)
    ratings = (
        BuildingGroupRating.objects.filter(
            building_group__residential_area__street_id__in=ids, year=period.end.year
        )
        .order_by()
        .values_list("building_group__residential_area__street_id", "stars")
        .annotate(n=Count("pk"))
    )
    for street_id, stars, n in ratings:
        result[street_id].stars[stars] = n
    return result


def visits_by_month(street_ids, period: Period):
    """(month, visits) for each month of the period, in local time."""
    from django.db.models.functions import TruncMonth

    qs = (
        visits(street_ids, period, None)
        .annotate(month=TruncMonth("visited_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    counts = {
        timezone.localtime(m).strftime("%Y-%m") if hasattr(m, "hour") else m.strftime("%Y-%m"): n
        for m, n in qs
    }
    months = []
    cursor = period.start.replace(day=1)
    while cursor <= period.end:
        key = cursor.strftime("%Y-%m")
        months.append((key, counts.get(key, 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months


def coverage_by_building(street_ids, period: Period, limit: int | None = None):
    """(building, active organizations, visited) for each building of the streets, by name.

    With ``limit``: only that many, those with the most organizations not visited in the period
    first (where the gaps are; the gaps view lists every building, floor by floor).
    """
    start, end = period.bounds()
    rows = (
        _active_orgs(street_ids)
        .filter(building__isnull=False)
        .annotate(seen=_seen(street_ids, start, end))
        .order_by()
        .values_list("building__name")
        .annotate(total=Count("pk"), visited=Count("pk", filter=Q(seen=True)))
    )
    if limit is None:
        return list(rows.order_by("building__name"))
    return list(rows.order_by((F("total") - F("visited")).desc(), "building__name")[:limit])
