"""The building groups' yearly star rating: a score from evidence, with its parts kept.

Each part is a count or sum read in one grouped query over all building groups
at once, times the weight staff set in the year's Rubric:

- hours: approved volunteer hours of the group's volunteers, per household;
- events: the group's volunteers checked in at events (read by the events app, see below);
- needs: needs resolved that the group's volunteers served;
- visits: check-ins of pairings with families in difficulty in the group;
- manual: items staff record by hand.

A part whose evidence lives in a higher app (events) is filled in by that app's ready()
through register_evidence, so volunteers does not reach up to it; a part nobody registered
is shown as unavailable.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from volunteers.models import (
    BuildingGroup,
    BuildingGroupRating,
    ManualScoreItem,
    PairingCheckIn,
    Rubric,
    ServiceHours,
    ServiceRecord,
)

PARTS = ["hours", "events", "needs", "visits", "manual"]
ONE_DECIMAL = Decimal("0.1")

# Part key -> callable(building group ids, year) -> {building group id: Decimal}.
_sources: dict[str, Callable[[list[int], int], dict[int, Decimal]]] = {}


def register_evidence(key: str, source: Callable[[list[int], int], dict[int, Decimal]]) -> None:
    """Let a higher app supply one part's evidence (events does 'events')."""
    if key not in PARTS:
        raise ValueError(f"unknown rating part {key!r}")
    _sources[key] = source


@dataclass
class Part:
    key: str
    value: float  # the evidence: hours per household, a count, or points recorded by hand
    weight: float
    points: float
    available: bool = True


def rubric_for(street, year: int) -> Rubric:
    """The street's rubric for the year, created with the default weights when missing."""
    rubric, _ = Rubric.objects.get_or_create(street=street, year=year)
    return rubric


def _hours(ids, year):
    rows = (
        ServiceHours.objects.filter(
            volunteer__building_group_id__in=ids,
            date__year=year,
            record__status=ServiceRecord.Status.APPROVED,
            record__archived_at__isnull=True,
        )
        .values("volunteer__building_group_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    return {r["volunteer__building_group_id"]: Decimal(r["total"]) for r in rows}


def _needs(ids, year):
    """Distinct resolved needs served by the group's volunteers."""
    need_model = apps.get_model("needs", "Need")
    rows = (
        ServiceHours.objects.filter(
            volunteer__building_group_id__in=ids,
            date__year=year,
            record__status=ServiceRecord.Status.APPROVED,
            record__archived_at__isnull=True,
            # Handled at any time (Need.objects.handled_in), served in the year.
            record__need__in=need_model.objects.handled_in(),
        )
        .values("volunteer__building_group_id")
        .annotate(n=Count("record__need", distinct=True))
        .order_by()
    )
    return {r["volunteer__building_group_id"]: Decimal(r["n"]) for r in rows}


def _visits(ids, year):
    rows = (
        PairingCheckIn.objects.filter(
            pairing__building_group_id__in=ids,
            pairing__archived_at__isnull=True,
            visited_on__year=year,
        )
        .values("pairing__building_group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["pairing__building_group_id"]: Decimal(r["n"]) for r in rows}


def _manual(ids, year):
    rows = (
        ManualScoreItem.objects.filter(building_group_id__in=ids, year=year)
        .values("building_group_id")
        .annotate(total=Sum("points"))
        .order_by()
    )
    return {r["building_group_id"]: Decimal(r["total"]) for r in rows}


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def compute(building_groups, year: int, rubric: Rubric) -> dict[int, dict]:
    """Score, stars and parts for each building group (a fixed number of queries for any number)."""
    groups = list(building_groups)
    ids = [g.pk for g in groups]
    evidence = {
        "hours": _hours(ids, year),
        "events": _sources["events"](ids, year) if "events" in _sources else None,
        "needs": _needs(ids, year),
        "visits": _visits(ids, year),
        "manual": _manual(ids, year),
    }
    weights = {
        "hours": rubric.weight_hours,
        "events": rubric.weight_events,
        "needs": rubric.weight_needs,
        "visits": rubric.weight_visits,
        "manual": rubric.weight_manual,
    }
    results = {}
    for group in groups:
        parts = []
        total = Decimal(0)
        for key in PARTS:
            found = evidence[key]
            if found is None:
                parts.append(Part(key, 0.0, float(weights[key]), 0.0, available=False))
                continue
            value = found.get(group.pk, Decimal(0))
            if key == "hours":
                value = value / max(group.households, 1)
            value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            points = _round(value * weights[key])
            total += points
            parts.append(Part(key, float(value), float(weights[key]), float(points)))
        score = _round(total)
        results[group.pk] = {
            "score": score,
            "stars": rubric.stars_for(score),
            "breakdown": {"households": group.households, "parts": [asdict(p) for p in parts]},
        }
    return results


def rate_street(street, year: int) -> int:
    """Compute and store (replace) the year's rating of every building group of a street."""
    rubric = rubric_for(street, year)
    groups = list(BuildingGroup.objects.filter(residential_area__street=street))
    results = compute(groups, year, rubric)
    with transaction.atomic():
        existing = {
            r.building_group_id: r
            for r in BuildingGroupRating.objects.select_for_update().filter(
                building_group__in=groups, year=year
            )
        }
        fresh, changed, now = [], [], timezone.now()
        for group in groups:
            result = results[group.pk]
            rating = existing.get(group.pk)
            if rating is None:
                fresh.append(BuildingGroupRating(building_group=group, year=year, **result))
            else:
                rating.score, rating.stars, rating.breakdown = (
                    result["score"],
                    result["stars"],
                    result["breakdown"],
                )
                rating.updated = now
                changed.append(rating)
        BuildingGroupRating.objects.bulk_create(fresh)
        BuildingGroupRating.objects.bulk_update(changed, ["score", "stars", "breakdown", "updated"])
    return len(groups)


def group_parts_by_key(breakdown: dict) -> dict[str, dict]:
    return {p["key"]: p for p in breakdown.get("parts", [])}
