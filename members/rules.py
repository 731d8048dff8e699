"""The rules of dual check-in (双报到): who may be recorded, checked in and marked, and the service card.

The service card and the figures are computed from the records that already
exist (volunteer hours, event attendance, pairing visits, staff's marks), never
typed again. Forms, serializers, admin and the seed all call these functions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CommunityCheckIn, PartyMember, PledgeKind, PledgeMark
from organizations.models import LEVEL_ORDER
from organizations.periods import Quarter

# --- Rules -----------------------------------------------------------------------------------


def member_errors(member: PartyMember) -> dict[str, str]:
    """What is wrong with a member record, field by field (empty when it may be saved)."""
    errors = {}
    street_id = member.street_id
    if member.work_organization_id and member.work_party_organization_id:
        errors["work_party_organization"] = _(
            "The work unit is an organization or a party organization, not both."
        )
    if (
        member.status == PartyMember.Status.IN_SERVICE
        and not member.work_organization_id
        and not member.work_party_organization_id
    ):
        errors["work_organization"] = _("A member in service has a work unit.")
    if street_id:
        for name in (
            "party_organization",
            "work_organization",
            "work_party_organization",
            "residential_area",
        ):
            related = getattr(member, name) if getattr(member, f"{name}_id") else None
            if related is not None and related.street_id != street_id:
                errors.setdefault(name, _("It is in another street."))
        if member.volunteer_id and member.volunteer.street_id != street_id:
            errors["volunteer"] = _("The volunteer is in another street.")
    if member.volunteer_id:
        taken = PartyMember.objects.filter(volunteer_id=member.volunteer_id).exclude(pk=member.pk)
        if taken.exists():
            errors["volunteer"] = _("This volunteer is already linked to another party member.")
    if member.user_id:
        taken = PartyMember.objects.filter(user_id=member.user_id).exclude(pk=member.pk)
        if taken.exists():
            errors["user"] = _("This account is already linked to another party member.")
    return errors


def sync_volunteer(member: PartyMember) -> None:
    """A linked volunteer is marked a party member, so the register never says otherwise."""
    volunteer = member.volunteer if member.volunteer_id else None
    if volunteer is not None and not volunteer.is_party_member:
        volunteer.is_party_member = True
        volunteer.save(update_fields=["is_party_member", "updated"])


def checkin_errors(checkin: CommunityCheckIn, pledges=None) -> dict[str, str]:
    """What is wrong with a check-in: place, party organization, dates and one active per area."""
    errors = {}
    member = checkin.member if checkin.member_id else None
    area = checkin.residential_area if checkin.residential_area_id else None
    if member is not None and area is not None and area.street_id != member.street_id:
        errors["residential_area"] = _("The residential area is in another street.")
    if (
        checkin.party_organization_id
        and area is not None
        and checkin.party_organization.residential_area_id != area.pk
    ):
        errors["party_organization"] = _("Choose a party organization of this residential area.")
    if checkin.checked_in_on and checkin.checked_in_on > timezone.localdate():
        errors["checked_in_on"] = _("A check-in cannot be dated in the future.")
    if checkin.status == CommunityCheckIn.Status.ENDED:
        if not checkin.ended_on:
            errors["ended_on"] = _("Give the day the check-in ended.")
        elif checkin.checked_in_on and checkin.ended_on < checkin.checked_in_on:
            errors["ended_on"] = _("A check-in cannot end before it starts.")
    elif member is not None and area is not None:
        clash = CommunityCheckIn.objects.active().filter(member=member, residential_area=area)
        if checkin.pk:
            clash = clash.exclude(pk=checkin.pk)
        if clash.exists():
            errors["residential_area"] = _("This member is already checked in with this residential area.")
    if pledges is not None and any(not p.active for p in pledges):
        errors["pledges"] = _("That service is no longer offered.")
    return errors


def raise_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def default_party_organization(area):
    """The residential area's own party organization (its general branch first), or None."""
    if area is None:
        return None
    return area.party_organizations.order_by(LEVEL_ORDER, "name").first()


def end_checkin(checkin: CommunityCheckIn, day: datetime.date | None = None) -> CommunityCheckIn:
    """End an active check-in (the member moved away): kept for the record, no longer active."""
    day = day or timezone.localdate()
    if checkin.status == CommunityCheckIn.Status.ENDED:
        raise ValidationError(_("This check-in has already ended."))
    if day < checkin.checked_in_on:
        raise ValidationError(_("A check-in cannot end before it starts."))
    checkin.status = CommunityCheckIn.Status.ENDED
    checkin.ended_on = day
    checkin.save(update_fields=["status", "ended_on", "updated"])
    return checkin


def pledges_in_force(member: PartyMember, quarter: Quarter) -> set[int]:
    """The ids of the kinds the member pledged on a check-in in force during ``quarter``."""
    return set(
        CommunityCheckIn.objects.filter(member=member)
        .filter(_in_force(quarter))
        .values_list("pledges", flat=True)
        .exclude(pledges=None)
    )


def pledge_mark_error(member, pledge: PledgeKind, quarter: Quarter) -> str | None:
    """Why staff may not mark this pledge kept in this quarter, or None when they may."""
    if pledge.rule != PledgeKind.Rule.MANUAL:
        return _("“%(pledge)s” is kept by the records themselves; there is nothing to mark.") % {
            "pledge": pledge
        }
    if quarter.start > timezone.localdate():
        return _("A quarter that has not begun cannot be marked.")
    if pledge.pk not in pledges_in_force(member, quarter):
        return _("The member did not pledge “%(pledge)s” in %(quarter)s.") % {
            "pledge": pledge,
            "quarter": quarter,
        }
    return None


def mark_pledge_kept(member, pledge: PledgeKind, quarter: Quarter, *, by=None, note: str = "") -> PledgeMark:
    """Staff mark a pledge of the manual kind as kept in a quarter (once; a second mark changes nothing)."""
    error = pledge_mark_error(member, pledge, quarter)
    if error:
        raise ValidationError(error)
    mark, _created = PledgeMark.objects.get_or_create(
        member=member,
        pledge=pledge,
        year=quarter.year,
        quarter=quarter.number,
        defaults={"marked_by": by, "note": note},
    )
    return mark


# --- The service card ------------------------------------------------------------------------


@dataclass
class PledgeLine:
    pledge: PledgeKind
    kept: bool


@dataclass
class ServiceCard:
    """What one member did in the community in one quarter, from the records."""

    member: PartyMember
    quarter: Quarter
    hours: Decimal = Decimal("0")
    events: int = 0
    pairing_visits: int = 0
    pledges: list[PledgeLine] = field(default_factory=list)
    checked_in: bool = False

    @property
    def pledges_made(self) -> int:
        return len(self.pledges)

    @property
    def pledges_kept(self) -> int:
        return sum(1 for line in self.pledges if line.kept)


def _in_force(quarter: Quarter, prefix: str = "") -> Q:
    """Check-ins in force at some time during the quarter."""
    return Q(**{f"{prefix}checked_in_on__lte": quarter.end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": quarter.start})
    )


def approved_hours(volunteer_ids, quarter: Quarter) -> dict[int, Decimal]:
    """Approved, not archived volunteer hours per volunteer in the quarter (one query)."""
    from volunteers.models import ServiceHours, ServiceRecord

    rows = (
        ServiceHours.objects.filter(
            volunteer_id__in=volunteer_ids,
            date__range=(quarter.start, quarter.end),
            record__status=ServiceRecord.Status.APPROVED,
            record__archived_at__isnull=True,
        )
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    return {row["volunteer_id"]: row["total"] for row in rows}


def attendances(members, quarter: Quarter):
    """Event attendances in the quarter that belong to ``members``, by account or by volunteer record."""
    from events.models import Attendance

    user_ids = [m.user_id for m in members if m.user_id]
    volunteer_ids = [m.volunteer_id for m in members if m.volunteer_id]
    start, end = quarter.aware_bounds()
    return Attendance.objects.filter(
        Q(registration__user_id__in=user_ids) | Q(registration__volunteer_id__in=volunteer_ids),
        event__starts_at__gte=start,
        event__starts_at__lt=end,
    )


def _owner_of(by_user, by_volunteer, user_id, volunteer_id):
    return by_user.get(user_id) or by_volunteer.get(volunteer_id)


def service_cards(members, quarter: Quarter) -> dict[int, ServiceCard]:
    """The service cards of many members at once, by member id, in a fixed number of queries.

    Six queries whatever the number of members: hours, attendances, pairing
    visits, check-ins in force, their pledges, and staff's marks.
    """
    from volunteers.models import PairingCheckIn

    members = list(members)
    cards = {m.pk: ServiceCard(member=m, quarter=quarter) for m in members}
    if not members:
        return cards
    by_volunteer = {m.volunteer_id: m.pk for m in members if m.volunteer_id}
    by_user = {m.user_id: m.pk for m in members if m.user_id}

    for volunteer_id, total in approved_hours(list(by_volunteer), quarter).items():
        cards[by_volunteer[volunteer_id]].hours = total

    events_seen = defaultdict(set)
    rows = attendances(members, quarter).values_list(
        "registration__user_id", "registration__volunteer_id", "event_id"
    )
    for user_id, volunteer_id, event_id in rows:
        owner = _owner_of(by_user, by_volunteer, user_id, volunteer_id)
        if owner:
            events_seen[owner].add(event_id)
    for owner, events in events_seen.items():
        cards[owner].events = len(events)

    visits = (
        PairingCheckIn.objects.filter(
            pairing__party_member_id__in=list(by_volunteer), visited_on__range=(quarter.start, quarter.end)
        )
        .values("pairing__party_member_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in visits:
        cards[by_volunteer[row["pairing__party_member_id"]]].pairing_visits = row["n"]

    marks = set(
        PledgeMark.objects.filter(
            member_id__in=list(cards), year=quarter.year, quarter=quarter.number
        ).values_list("member_id", "pledge_id")
    )
    pledged = defaultdict(dict)
    checkins = (
        CommunityCheckIn.objects.filter(member_id__in=list(cards))
        .filter(_in_force(quarter))
        .prefetch_related("pledges")
    )
    for checkin in checkins:
        cards[checkin.member_id].checked_in = True
        for pledge in checkin.pledges.all():
            pledged[checkin.member_id][pledge.pk] = pledge
    for member_id, kinds in pledged.items():
        card = cards[member_id]
        for pledge in sorted(kinds.values(), key=lambda p: (p.position, p.name)):
            card.pledges.append(PledgeLine(pledge, _kept(pledge, card, (member_id, pledge.pk) in marks)))
    return cards


def _kept(pledge: PledgeKind, card: ServiceCard, marked: bool) -> bool:
    """The rule of a kept pledge: the records say so, or staff marked it."""
    if pledge.rule == PledgeKind.Rule.VOLUNTEER_HOURS:
        return card.hours > 0
    if pledge.rule == PledgeKind.Rule.PAIRING:
        return card.pairing_visits > 0
    return marked


def service_card(member: PartyMember, quarter: Quarter) -> ServiceCard:
    return service_cards([member], quarter)[member.pk]


@dataclass
class CardDetails:
    """The rows behind one member's card, for the printable card and the member's page."""

    hours_rows: list
    attendances: list
    pairing_visits: list
    marks: list


def card_details(member: PartyMember, quarter: Quarter) -> CardDetails:
    from volunteers.models import PairingCheckIn, ServiceHours, ServiceRecord

    hours_rows, visits = [], []
    if member.volunteer_id:
        hours_rows = list(
            ServiceHours.objects.filter(
                volunteer_id=member.volunteer_id,
                date__range=(quarter.start, quarter.end),
                record__status=ServiceRecord.Status.APPROVED,
                record__archived_at__isnull=True,
            )
            .select_related("record__team")
            .order_by("date", "pk")
        )
        visits = list(
            PairingCheckIn.objects.filter(
                pairing__party_member_id=member.volunteer_id, visited_on__range=(quarter.start, quarter.end)
            )
            .select_related("pairing")
            .order_by("visited_on", "pk")
        )
    seen, attended = set(), []
    for attendance in attendances([member], quarter).select_related("event").order_by("event__starts_at"):
        if attendance.event_id not in seen:
            seen.add(attendance.event_id)
            attended.append(attendance)
    marks = list(
        PledgeMark.objects.filter(member=member, year=quarter.year, quarter=quarter.number).select_related(
            "pledge"
        )
    )
    return CardDetails(hours_rows, attended, visits, marks)


# --- Figures for the dashboard ---------------------------------------------------------------


@dataclass
class MemberFigures:
    """Dual check-in in a period: in-service members checked in (number and share), pledges kept."""

    quarter: Quarter
    members: int
    in_service: int
    checked_in: int
    pledges_made: int
    pledges_kept: int

    @property
    def checked_in_share(self) -> int:
        """Percent of in-service members checked in, rounded down."""
        return (100 * self.checked_in // self.in_service) if self.in_service else 0

    @property
    def pledges_kept_share(self) -> int:
        return (100 * self.pledges_kept // self.pledges_made) if self.pledges_made else 0


def member_figures(user, quarter: Quarter | None = None) -> MemberFigures:
    """The figures over the members ``user`` may see, for the dashboard and the members page."""
    quarter = quarter or Quarter.current()
    members = PartyMember.objects.visible_to(user).active()
    counts = members.aggregate(
        total=Count("pk"),
        in_service=Count("pk", filter=Q(status=PartyMember.Status.IN_SERVICE)),
    )
    checked_in_ids = set(
        CommunityCheckIn.objects.filter(member__in=members)
        .filter(_in_force(quarter))
        .values_list("member_id", flat=True)
    )
    checked_in_members = list(members.filter(pk__in=checked_in_ids))
    in_service_checked_in = sum(1 for m in checked_in_members if m.status == PartyMember.Status.IN_SERVICE)
    cards = service_cards(checked_in_members, quarter).values()
    return MemberFigures(
        quarter=quarter,
        members=counts["total"],
        in_service=counts["in_service"],
        checked_in=in_service_checked_in,
        pledges_made=sum(c.pledges_made for c in cards),
        pledges_kept=sum(c.pledges_kept for c in cards),
    )
