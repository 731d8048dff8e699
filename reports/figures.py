"""The street figures: one definition per figure, used by the dashboard, the district view,
the drill-down lists, the reports and the stats API alike.

Each figure is a queryset builder plus the path to its street. The dashboard counts the
queryset grouped by street (one query per figure, whatever the number of streets or rows);
the drill-down list shows the same queryset's rows, so its count equals the figure by
construction.
"""

import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossposts.models import Assignment, Visit
from events.models import Event
from needs.models import Category, Need, breached_condition, handled_condition
from organizations.models import ResidentialArea, Street, TwoNewOrganization
from reports.periods import Period
from volunteers.models import BuildingGroupRating, ServiceRecord, Volunteer, VolunteerTeam


@dataclass(frozen=True)
class Figure:
    """One figure: the records it counts are ``base`` rows matching ``where``.

    Figures with the same ``base`` are counted together, one filtered aggregate each, in one
    query grouped by street; the drill-down list shows ``rows()``, so its count equals the figure.
    """

    key: str
    label: str
    base: object  # (street_ids, period, today) -> queryset shared by the figures of one query
    where: object = None  # (street_ids, period, today) -> condition on base rows; all rows when None
    total: tuple = (Count, "pk")  # the aggregate and its field
    section: str = "work"
    attention: bool = False
    drill: bool = True

    def condition(self, ids, period, today):
        return self.where(ids, period, today) if self.where else None

    def rows(self, ids, period, today):
        qs = self.base(ids, period, today)
        condition = self.condition(ids, period, today)
        return qs if condition is None else qs.filter(condition)

    def aggregate(self, condition=None):
        function, field_name = self.total
        return function(field_name, filter=condition)


# --- the bases: one query each


def _active_orgs(ids, period=None, today=None):
    return TwoNewOrganization.objects.filter(
        street_id__in=ids, archived_at__isnull=True, status=TwoNewOrganization.Status.ACTIVE
    )


def visits(ids, period, today):
    """The streets' visits in the period: a range of the index visit_by_street_recent."""
    return Visit.objects.filter(street_id__in=ids).in_period(period.start, period.end)


def _street_needs(ids, period, today):
    return Need.objects.filter(street_id__in=ids, archived_at__isnull=True)


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


def volunteer_teams(ids, period, today):
    return VolunteerTeam.objects.filter(street_id__in=ids, active=True, archived_at__isnull=True)


def volunteers(ids, period, today):
    return Volunteer.objects.filter(street_id__in=ids, archived_at__isnull=True)


def residents(ids, period, today):
    return ResidentialArea.objects.filter(street_id__in=ids)


def overdue_assignments(ids, period, today):
    """Active assignments whose next visit was due before today (never visited: due since assigned).

    A range of assignment_due_by_street; the organization's street is repeated so that the
    planner joins the street's organizations only, not all of them."""
    return Assignment.objects.overdue(today).filter(
        street_id__in=ids,
        active=True,
        organization__street_id__in=ids,
        organization__archived_at__isnull=True,
        organization__status=TwoNewOrganization.Status.ACTIVE,
    )


# --- the conditions


def _seen(ids, start, end):
    """The organization has a visit on the local dates start..end (VisitQuerySet.
    organizations_visited): its id is IN the streets' visits of that range, one range of
    visit_by_street_recent hashed once (an EXISTS probed per organization costs 4,500 index
    scans per street)."""
    return Q(pk__in=Visit.objects.filter(street_id__in=ids).organizations_visited(start, end))


def _visited_in_period(ids, period, today):
    return _seen(ids, period.start, period.end)


def _not_visited_90_days(ids, period, today):
    # A rolling window up to now (not a period of local dates), as bench/dashboard_floor.sql.
    since = Visit.objects.filter(street_id__in=ids, visited_at__gte=timezone.now() - timedelta(days=90))
    return ~Q(pk__in=since.values("organization_id"))


def _raised(ids, period, today):
    start, end = period.bounds()
    return Q(created__gte=start, created__lt=end)


def _handled(ids, period, today):
    return handled_condition(period.start, period.end)


def _breached(ids, period, today):
    return breached_condition()


def _party_day(ids, period, today):
    return Q(kind=Event.Kind.PARTY_DAY)


def _not_party_day(ids, period, today):
    return ~Q(kind=Event.Kind.PARTY_DAY)


def _idle(ids, period, today):
    since = today - timedelta(days=60)
    return ~Exists(ServiceRecord.objects.filter(team=OuterRef("pk"), date__gte=since))


def needs_raised(ids, period, today):
    return _street_needs(ids, period, today).filter(_raised(ids, period, today))


def needs_handled(ids, period, today):
    return _street_needs(ids, period, today).filter(_handled(ids, period, today))


def breached_needs(ids, period, today):
    return _street_needs(ids, period, today).filter(_breached(ids, period, today))


FIGURES = [
    Figure("organizations", _("Active two-new organizations"), _active_orgs),
    Figure("visits", _("Visits"), visits),
    Figure("organizations_visited", _("Organizations visited"), _active_orgs, _visited_in_period),
    Figure("needs_raised", _("Needs raised"), _street_needs, _raised, section="needs"),
    Figure("needs_handled", _("Needs handled"), _street_needs, _handled, section="needs"),
    Figure("party_day_events", _("Collective Party-day events"), events_held, _party_day, section="events"),
    Figure("other_events", _("Other events"), events_held, _not_party_day, section="events"),
    Figure("volunteer_teams", _("Volunteer teams"), volunteer_teams, section="volunteers"),
    Figure("volunteers", _("Volunteers"), volunteers, section="volunteers"),
    Figure(
        "residents",
        _("Residents"),
        residents,
        total=(Sum, "residents"),
        section="volunteers",
        drill=False,
    ),
    Figure("overdue_assignments", _("Overdue visits"), overdue_assignments, attention=True),
    Figure("breached_needs", _("Needs past their deadline"), _street_needs, _breached, attention=True),
    Figure(
        "not_visited_90_days",
        _("Not visited in 90 days"),
        _active_orgs,
        _not_visited_90_days,
        attention=True,
    ),
    Figure("idle_teams", _("Teams idle for 60 days"), volunteer_teams, _idle, attention=True),
]
BY_KEY = {f.key: f for f in FIGURES}
# Bases counted per street and per one more column: the needs by category.
BREAKDOWN = {_street_needs: "category"}


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
    """Every figure for every given street: one query per base, whatever the data.

    Plain COUNT, not COUNT(DISTINCT): every base is one table filtered on its own columns,
    forward foreign keys and EXISTS, so a row cannot repeat. tests/reports checks each figure
    against a recount of its rows.
    """
    today = today or timezone.localdate()
    streets = list(streets)
    ids = [s.pk for s in streets]
    result = {s.pk: StreetFigures(street=s) for s in streets}
    for figures in result.values():
        figures.needs_by_category = {c: (0, 0) for c, _label in Category.choices}
        figures.stars = dict.fromkeys(range(6), 0)
    groups = defaultdict(list)
    for figure in FIGURES:
        groups[figure.base].append(figure)
    for base, members in groups.items():
        conditions = [f.condition(ids, period, today) for f in members]
        qs = base(ids, period, today).order_by()
        if all(c is not None for c in conditions):
            # Only rows some figure counts (lets the planner use the conditions' indexes).
            qs = qs.filter(reduce(operator.or_, conditions))
        breakdown = BREAKDOWN.get(base)
        columns = ["street_id", breakdown] if breakdown else ["street_id"]
        annotations = {f"n_{f.key}": f.aggregate(c) for f, c in zip(members, conditions, strict=True)}
        for row in qs.values(*columns).annotate(**annotations):
            values = result[row["street_id"]].values
            for f in members:
                values[f.key] = values.get(f.key, 0) + (row[f"n_{f.key}"] or 0)
            if base is _street_needs:
                result[row["street_id"]].needs_by_category[row["category"]] = (
                    row["n_needs_raised"],
                    row["n_needs_handled"],
                )
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
    rows = (
        _active_orgs(street_ids)
        .filter(building__isnull=False)
        .order_by()
        .values_list("building__name")
        .annotate(total=Count("pk"), visited=Count("pk", filter=_visited_in_period(street_ids, period, None)))
    )
    if limit is None:
        return list(rows.order_by("building__name"))
    return list(rows.order_by((F("total") - F("visited")).desc(), "building__name")[:limit])
