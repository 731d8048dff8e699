"""Figures for a period: needs raised and handled, by category and status, time to resolve, satisfaction."""

import math
import statistics
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count

from needs.models import Category, Need


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class CategoryRow:
    category: str
    label: str
    raised: int = 0
    handled: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None


@dataclass
class Figures:
    start: date | None
    end: date | None
    raised: int = 0
    handled: int = 0
    by_status: list = field(default_factory=list)
    by_category: list = field(default_factory=list)
    rating_average: float | None = None
    rating_count: int = 0


def _in_period(qs, lookup, start, end):
    if start:
        qs = qs.filter(**{f"{lookup}__date__gte": start})
    if end:
        qs = qs.filter(**{f"{lookup}__date__lte": end})
    return qs


def compute(needs, start: date | None = None, end: date | None = None) -> Figures:
    """Four queries whatever the data: raised by category and status, handled rows, ratings.

    ``needs`` is already scoped (``Need.objects.visible_to(user)``). A need counts
    as raised in the period it was created in, as handled in the period it was
    resolved in, and its satisfaction in the period it was rated in.
    """
    result = Figures(start=start, end=end)
    raised = _in_period(needs.active(), "created", start, end)
    rows = {c: CategoryRow(c, label) for c, label in Category.choices}
    by_status = dict.fromkeys(Need.Status.values, 0)
    for category, status, n in raised.order_by().values_list("category", "status").annotate(n=Count("id")):
        rows[category].raised += n
        by_status[status] += n
        result.raised += n
    handled = needs.active().handled_in(start, end)
    hours: dict[str, list[float]] = {c: [] for c in rows}
    for category, created, resolved_at in handled.order_by().values_list(
        "category", "created", "resolved_at"
    ):
        hours[category].append((resolved_at - created).total_seconds() / 3600)
    for category, values in hours.items():
        row = rows[category]
        row.handled = len(values)
        result.handled += len(values)
        if values:
            row.median_hours = round(statistics.median(values), 1)
            row.p90_hours = round(percentile(values, 0.9), 1)
    ratings = _in_period(needs.active().filter(rating__isnull=False), "rated_at", start, end).aggregate(
        avg=Avg("rating"), n=Count("id")
    )
    result.rating_count = ratings["n"]
    result.rating_average = round(ratings["avg"], 2) if ratings["avg"] is not None else None
    result.by_category = list(rows.values())
    result.by_status = [(Need.Status(s).label, s, n) for s, n in by_status.items()]
    return result
