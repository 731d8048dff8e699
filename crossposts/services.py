"""The rules of cross-post visits, in one place: forms, serializers, admin and tasks call these."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scope import street_scope
from crossposts import signals
from crossposts.models import Assignment, ChecklistTemplate, Visit, VisitAddendum, VisitPhoto

MAX_PHOTOS = 6
EDIT_WINDOW = timedelta(hours=24)
FAR_FROM_BUILDING_M = 300
LOCKED_MESSAGE = _("A visit can be edited for 24 hours only; add a dated addendum instead.")


# --- When a visit may be dated -------------------------------------------------------------


def check_visit_time(visited_at, organization, now=None) -> None:
    """A visit is not in the future, nor before the organization entered the ledger."""
    now = now or timezone.now()
    if visited_at > now + timedelta(minutes=5):  # a phone's clock may run a little fast
        raise ValidationError({"visited_at": _("A visit cannot be dated in the future.")}, code="future")
    registered_on = getattr(organization, "registered_on", None)
    if registered_on and timezone.localtime(visited_at).date() < registered_on:
        raise ValidationError(
            {
                "visited_at": _(
                    "The organization was only registered in the ledger on %(day)s; "
                    "a visit cannot be dated before."
                )
                % {"day": organization.registered_on.isoformat()}
            },
            code="before_registration",
        )


def can_edit(visit: Visit, user, now=None) -> bool:
    """Only the cadre who logged a visit edits it, and only within 24 hours; later, addenda only."""
    now = now or timezone.now()
    return bool(user.is_authenticated and visit.cadre_id == user.pk and now - visit.created <= EDIT_WINDOW)


def can_add_addendum(visit: Visit, user) -> bool:
    """The visit's cadre adds dated addenda at any time (staff read them)."""
    return bool(user.is_authenticated and visit.cadre_id == user.pk)


# --- Needs raised on a visit ---------------------------------------------------------------


def clean_raised_needs(items) -> list[dict]:
    """Normalise the needs typed on a visit: a list of {category, title, description}.

    Rows without a title are dropped; a row with a title needs a known category.
    """
    if items in (None, ""):
        return []
    if not isinstance(items, list):
        raise ValidationError(_("The needs raised must be a list."), code="needs_shape")
    known = {value for value, _label in signals.need_categories()}
    cleaned = []
    for item in items:
        if not isinstance(item, dict):
            raise ValidationError(_("Each need raised has a category, a title and a description."))
        title = str(item.get("title") or "").strip()
        description = str(item.get("description") or "").strip()
        category = str(item.get("category") or "").strip()
        if not title and not description:
            continue
        if not title:
            raise ValidationError(_("Give each need raised a title."), code="need_title")
        if category not in known:
            raise ValidationError(
                _("“%(value)s” is not a need category."),
                code="need_category",
                params={"value": category[:30]},
            )
        if len(title) > 100 or len(description) > 2000:
            raise ValidationError(_("A need's title is at most 100 characters and its description 2,000."))
        if title[:1] in "=+-@":
            raise ValidationError(
                _("This text starts like a spreadsheet formula (=, +, -, @); remove that character.")
            )
        cleaned.append({"category": category, "title": title, "description": description})
    if len(cleaned) > 10:
        raise ValidationError(_("Raise at most 10 needs on one visit."), code="too_many_needs")
    return cleaned


def _raise_needs(visit: Visit, items, user) -> None:
    """Hand the needs to whoever keeps them (needs.receivers), in the caller's transaction."""
    if not items:
        return
    signals.needs_raised.send(sender=Visit, visit=visit, items=items, user=user)


# --- Checklist -------------------------------------------------------------------------------


def checklist_answers(template: ChecklistTemplate | None, done_ids) -> list[dict]:
    """The answers as stored on the visit: every item of the template, its text copied, done or not."""
    if template is None:
        return []
    done = {int(i) for i in done_ids or []}
    items = template.prefetched_items if hasattr(template, "prefetched_items") else template.items.all()
    unknown = done - {item.pk for item in items}
    if unknown:
        raise ValidationError(
            {"checklist": _("Some ticked items are not in this checklist version; reload the form.")},
            code="checklist_item",
        )
    return [
        {"item": item.pk, "group": item.group, "text": item.text, "done": item.pk in done} for item in items
    ]


# --- Location ----------------------------------------------------------------------------------


def distance_m(lat1, lon1, lat2, lon2) -> int:
    """Great-circle distance in metres (haversine; ample for a few hundred metres)."""
    r = 6_371_000
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * r * math.asin(math.sqrt(a)))


def apply_location(visit: Visit, latitude, longitude) -> None:
    """Store the phone's position and flag a visit logged more than 300 m from the building."""
    visit.latitude, visit.longitude = latitude, longitude
    visit.distance_m = None
    visit.far_from_building = False
    if latitude is None or longitude is None:
        visit.latitude = visit.longitude = None
        return
    building = visit.organization.building
    if building is not None and building.latitude is not None and building.longitude is not None:
        visit.distance_m = distance_m(latitude, longitude, building.latitude, building.longitude)
        visit.far_from_building = visit.distance_m > FAR_FROM_BUILDING_M


# --- Saving ------------------------------------------------------------------------------------


@dataclass
class VisitInput:
    organization: object
    visited_at: object
    method: str
    notes: str = ""
    checklist_template: ChecklistTemplate | None = None
    checklist_done: list | None = None
    raised_needs: list | None = None
    latitude: object = None
    longitude: object = None
    photos: list | None = None  # core.images.ProcessedPhoto


def assignment_for(cadre, organization) -> Assignment | None:
    return Assignment.objects.filter(cadre=cadre, organization=organization, active=True).first()


def check_may_visit(cadre, organization) -> Assignment:
    """A cadre logs visits only to organizations assigned to them."""
    if not cadre.is_cadre:
        raise ValidationError(_("Only a cross-post cadre logs visits."), code="not_cadre")
    assignment = assignment_for(cadre, organization)
    if assignment is None:
        raise ValidationError(
            {"organization": _("This organization is not assigned to you.")}, code="not_assigned"
        )
    return assignment


def refresh_last_visited(assignment_ids) -> None:
    """Keep each assignment's last_visited_on equal to the day of its cadre's latest visit there.

    Two queries whatever the number of assignments.
    """
    ids = [i for i in set(assignment_ids) if i]
    if not ids:
        return
    assignments = list(
        Assignment.objects.filter(pk__in=ids).annotate(
            latest=Max("organization__visits__visited_at", filter=Q(organization__visits__cadre=F("cadre")))
        )
    )
    for a in assignments:
        a.last_visited_on = timezone.localtime(a.latest).date() if a.latest else None
    Assignment.objects.bulk_update(assignments, ["last_visited_on"])


def existing_visit(cadre, key) -> Visit | None:
    """The cadre's visit already received under this idempotency key, if any."""
    import uuid

    try:
        key = uuid.UUID(str(key))
    except (TypeError, ValueError, AttributeError):
        return None
    return Visit.objects.filter(idempotency_key=key, cadre=cadre).first()


def record_visit(cadre, data: VisitInput, idempotency_key) -> tuple[Visit, bool]:
    """Save a new visit with its photos, keep the assignment's last visit, raise its needs.

    Returns (visit, created). A visit already received under the same idempotency key is
    returned as it is (a resend from a phone that lost its connection), so nothing is saved twice.
    """
    existing = Visit.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.cadre_id != cadre.pk:
            raise ValidationError(_("This visit key belongs to another record."), code="key_taken")
        return existing, False
    assignment = check_may_visit(cadre, data.organization)
    check_visit_time(data.visited_at, data.organization)
    photos = list(data.photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most 6 photos per visit.")}, code="too_many_photos")
    needs = clean_raised_needs(data.raised_needs)
    visit = Visit(
        cadre=cadre,
        organization=data.organization,
        assignment=assignment,
        visited_at=data.visited_at,
        method=data.method,
        notes=data.notes or "",
        checklist_template=data.checklist_template,
        checklist_answers=checklist_answers(data.checklist_template, data.checklist_done),
        raised_needs=needs,
        idempotency_key=idempotency_key,
    )
    apply_location(visit, data.latitude, data.longitude)
    try:
        with transaction.atomic():
            visit.save()
            _save_photos(visit, photos)
            refresh_last_visited([assignment.pk])
            _raise_needs(visit, needs, cadre)
    except IntegrityError:
        # The same key arrived twice at once: the other request won; answer with its visit.
        existing = Visit.objects.filter(idempotency_key=idempotency_key, cadre=cadre).first()
        if existing is None:
            raise
        return existing, False
    return visit, True


def update_visit(visit: Visit, user, data: VisitInput, expected_version: int, now=None) -> Visit:
    """Change a visit within its 24-hour window (the history keeps the earlier state)."""
    if not can_edit(visit, user, now):
        raise ValidationError(LOCKED_MESSAGE, code="locked")
    check_visit_time(data.visited_at, visit.organization)
    photos = list(data.photos or [])
    if visit.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most 6 photos per visit.")}, code="too_many_photos")
    needs = clean_raised_needs(data.raised_needs)
    already = {(n["category"], n["title"]) for n in visit.raised_needs or []}
    new_needs = [n for n in needs if (n["category"], n["title"]) not in already]
    visit.visited_at = data.visited_at
    visit.method = data.method
    visit.notes = data.notes or ""
    if data.checklist_template is not None:
        visit.checklist_template = data.checklist_template
        visit.checklist_answers = checklist_answers(data.checklist_template, data.checklist_done)
    visit.raised_needs = needs
    apply_location(visit, data.latitude, data.longitude)
    with transaction.atomic():
        visit.save_checked(expected_version)
        _save_photos(visit, photos)
        refresh_last_visited([visit.assignment_id])
        _raise_needs(visit, new_needs, user)
    return visit


def _save_photos(visit: Visit, photos) -> None:
    for processed in photos:
        photo = VisitPhoto(visit=visit, taken_at=processed.taken_at)
        photo.image.save(processed.image.name, processed.image, save=False)
        photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
        photo.save()


def add_addendum(visit: Visit, user, text: str) -> VisitAddendum:
    """A dated note on a visit, by its cadre; the visit itself stays as it was."""
    if not can_add_addendum(visit, user):
        raise ValidationError(_("Only the cadre who logged this visit can add to it."), code="not_owner")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the addendum.")}, code="required")
    return VisitAddendum.objects.create(visit=visit, author=user, text=text[:2000])


# --- What is due --------------------------------------------------------------------------------


def due_on(assignment: Assignment) -> date:
    """When the next visit is due (the assignment's rule; never-visited means due since assigned)."""
    return assignment.next_due_on or timezone.localdate()


@dataclass
class DueList:
    overdue: list
    today: list
    upcoming: list


def due_for_cadre(cadre, today=None, horizon_days: int = 14) -> DueList:
    """A cadre's assignments by urgency, nearest first: overdue, due today, due in the next two weeks."""
    today = today or timezone.localdate()
    assignments = list(
        Assignment.objects.visible_to(cadre)
        .filter(active=True, organization__archived_at__isnull=True)
        .select_related("organization__building", "organization__residential_area")
    )
    for a in assignments:
        a.due = due_on(a)
        a.days = (a.due - today).days
        a.late = max(0, -a.days)
    assignments.sort(key=lambda a: (a.due, a.organization.name))
    return DueList(
        overdue=[a for a in assignments if a.days < 0],
        today=[a for a in assignments if a.days == 0],
        upcoming=[a for a in assignments if 0 < a.days <= horizon_days],
    )


# --- Coverage -----------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    key: str
    label: str
    organizations: int
    visited: int
    visits: int

    @property
    def rate(self) -> float:
        return round(100 * self.visited / self.organizations, 1) if self.organizations else 0.0


DIMENSIONS = {
    "street": ("street_id", "street__name"),
    "building": ("building_id", "building__name"),
    "area": ("residential_area_id", "residential_area__name"),
}


def coverage_period(days: int | None = None, today=None) -> tuple[date, date]:
    """This year by default, or the last N days."""
    today = today or timezone.localdate()
    if days:
        return today - timedelta(days=days - 1), today
    return date(today.year, 1, 1), today


def coverage(user, by: str, start: date, end: date) -> tuple[list[CoverageRow], CoverageRow]:
    """Active organizations, those visited at least once in the period, the rate and the visits.

    Rows per street, building, residential area or cadre, plus the total: a fixed number of
    queries. Scoped by the user's view of organizations and visits. "Visited" and the visits
    are read from the period's visits of the street (visit_by_street_recent), not from a join
    over every visit ever made.
    """
    from organizations.models import TwoNewOrganization

    orgs = (
        TwoNewOrganization.objects.visible_to(user).active().filter(status=TwoNewOrganization.Status.ACTIVE)
    )
    visits = Visit.objects.visible_to(user).in_period(start, end)
    if user.is_cadre:
        visits = visits.filter(organization__in=orgs)
    else:
        # Street scope: a visit's street is its organization's (visits follow a move), so the
        # organizations' other conditions on the one join the grouping needs anyway, rather than
        # a semi-join to the scoped organizations and then a second look-up for the grouping key.
        # The organizations' street scope repeated (a visit's street is its organization's), so
        # that the planner joins the street's organizations, not all 100,000 of the city.
        visits = visits.filter(
            street_scope(user, "organization__street"),
            organization__archived_at__isnull=True,
            organization__status=TwoNewOrganization.Status.ACTIVE,
        )
    # Visited (by anyone): the id is IN the period's visits, one index range hashed once, rather
    # than an EXISTS probed for each of a street's 5,000 organizations. A visit's street is its
    # organization's, so the street scope of visits keeps every visit of the scoped organizations.
    scoped = Visit.objects.filter(organization__in=orgs) if user.is_cadre else Visit.objects.visible_to(user)
    seen = Q(pk__in=scoped.organizations_visited(start, end))
    rows = []
    if by == "cadre":
        # Per cadre: the organizations assigned to them (active assignments), and their own visits.
        # One active assignment per cadre and organization: the rows cannot repeat.
        own_visit = Exists(
            Visit.objects.in_period(start, end).filter(
                organization=OuterRef("organization"), cadre=OuterRef("cadre")
            )
        )
        assigned = (
            Assignment.objects.visible_to(user)
            .filter(active=True, organization__in=orgs)
            .annotate(seen=own_visit)
            .values("cadre_id", "cadre__name", "cadre__username")
            .annotate(organizations=Count("pk"), visited=Count("pk", filter=Q(seen=True)))
            .order_by("cadre__username")
        )
        counts = dict(visits.values_list("cadre_id").annotate(n=Count("id")).order_by())
        for r in assigned:
            rows.append(
                CoverageRow(
                    key=str(r["cadre_id"]),
                    label=r["cadre__name"] or r["cadre__username"],
                    organizations=r["organizations"],
                    visited=r["visited"],
                    visits=counts.get(r["cadre_id"], 0),
                )
            )
    else:
        key, label = DIMENSIONS[by]
        grouped = (
            orgs.values(key, label)
            .annotate(organizations=Count("pk"), visited=Count("pk", filter=seen))
            .order_by(label)
        )
        counts = dict(visits.values_list(f"organization__{key}").annotate(n=Count("id")).order_by())
        for r in grouped:
            rows.append(
                CoverageRow(
                    key=str(r[key] or ""),
                    label=r[label] or str(_("(none)")),
                    organizations=r["organizations"],
                    visited=r["visited"],
                    visits=counts.get(r[key], 0),
                )
            )
    if by == "cadre":
        # Organizations without a cadre and other cadres' visits are in no row: count them apart.
        total_row = orgs.aggregate(organizations=Count("pk"), visited=Count("pk", filter=seen))
        totals = (total_row["organizations"], total_row["visited"], visits.count())
    else:
        # Every organization is in exactly one row (the "(none)" one included), every visit too.
        totals = (sum(r.organizations for r in rows), sum(r.visited for r in rows), sum(counts.values()))
    total = CoverageRow(
        key="", label=str(_("Total")), organizations=totals[0], visited=totals[1], visits=totals[2]
    )
    return rows, total
