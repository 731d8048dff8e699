"""The events part of the building groups' star rating (volunteers.rating), registered in ready()."""

from decimal import Decimal

from django.db.models import Count

from events.models import Attendance


def checkins_by_building_group(ids, year):
    """Check-ins at the year's events by the volunteers of each building group."""
    rows = (
        Attendance.objects.filter(
            registration__volunteer__building_group_id__in=ids,
            event__starts_at__year=year,
        )
        .values("registration__volunteer__building_group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["registration__volunteer__building_group_id"]: Decimal(r["n"]) for r in rows}


def register():
    from volunteers import rating

    rating.register_evidence("events", checkins_by_building_group)
