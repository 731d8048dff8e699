"""Volunteer teams, their people and service hours.

Building groups with their star rating and pairings are in group_models, the tasks handed to
teams in task_models; both are imported at the end, so every model is importable from here.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.masking import mask_phone
from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula, validate_phone
from hongqiao.models import TimeStampedModel

MAX_HOURS_PER_DAY = Decimal("24")


class TeamScopedQuerySet(StreetScopedQuerySet):
    """Street scope, plus a team leader who sees only what belongs to the teams they lead.

    ``leader_lookup`` is the path from the model to the team's leader.
    """

    leader_lookup = "leader"

    def visible_to(self, user):
        if user.is_authenticated and user.is_team_leader:
            return self.filter(**{self.leader_lookup: user})
        return super().visible_to(user)


class VolunteerTeamQuerySet(TeamScopedQuerySet, ArchivableQuerySet):
    @staticmethod
    def current_members():
        """Current members of each team as a correlated subquery: counted for the page's rows
        only, after the LIMIT, instead of grouping all the street's memberships first."""
        rows = (
            TeamMembership.objects.filter(team=models.OuterRef("pk"), left_on__isnull=True)
            .order_by()
            .values("team")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)

    def with_list_relations(self):
        """What the team list, its export and the API show of each team."""
        return (
            self.select_related("street", "residential_area", "building", "leader")
            .annotate(member_count=self.current_members())
            .order_by("street__name", "name", "pk")
        )


class VolunteerTeam(TimeStampedModel, VersionedModel, ArchivableModel):
    """A volunteer team (志愿者队伍) of a residential area or a commercial building."""

    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        verbose_name=_("street"),
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_not_formula])
    residential_area = models.ForeignKey(
        "organizations.ResidentialArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_teams",
        verbose_name=_("residential area"),
    )
    building = models.ForeignKey(
        "organizations.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_teams",
        verbose_name=_("building"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_teams_led",
        verbose_name=_("team leader"),
        limit_choices_to={"role": "leader"},
    )
    focus = models.CharField(
        _("focus"),
        max_length=100,
        blank=True,
        validators=[validate_not_formula],
        help_text=_("For example: beautifying the estate (美化家园)."),
    )
    founded = models.DateField(_("founded"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = VolunteerTeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["street__name", "name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="team_unique_name_in_street",
                violation_error_message=_("This street already has a volunteer team of that name."),
            ),
            models.CheckConstraint(
                name="team_in_area_or_building",
                condition=Q(residential_area__isnull=False, building__isnull=True)
                | Q(residential_area__isnull=True, building__isnull=False),
                violation_error_message=_(
                    "A team belongs to either a residential area or a commercial building."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def place(self):
        return self.residential_area or self.building


class VolunteerQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def visible_to(self, user):
        """Staff see their street; a team leader sees the current members of their teams."""
        if user.is_authenticated and user.is_team_leader:
            return self.filter(
                pk__in=TeamMembership.objects.filter(team__leader=user, left_on__isnull=True).values(
                    "volunteer_id"
                )
            )
        return super().visible_to(user)

    def with_list_relations(self):
        return self.select_related(
            "street", "residential_area", "building_group", "party_organization"
        ).prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=TeamMembership.objects.filter(left_on__isnull=True).select_related("team"),
                to_attr="current_memberships",
            )
        )


class Volunteer(TimeStampedModel, VersionedModel, ArchivableModel):
    """A resident who volunteers; personal data, masked for roles that do not need it."""

    class Availability(models.TextChoices):
        ANY = "any", _("Any time")
        WEEKDAYS = "weekdays", _("Weekdays")
        EVENINGS = "evenings", _("Weekday evenings")
        WEEKENDS = "weekends", _("Weekends")

    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("street"),
    )
    name = models.CharField(_("name"), max_length=50, validators=[validate_not_formula])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    residential_area = models.ForeignKey(
        "organizations.ResidentialArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("residential area"),
    )
    building_group = models.ForeignKey(
        "volunteers.BuildingGroup",  # in group_models, which builds on this module
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("building group"),
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("party organization"),
    )
    skills = models.CharField(
        _("skills"),
        max_length=200,
        blank=True,
        validators=[validate_not_formula],
        help_text=_("Tags separated by commas, for example: first aid, calligraphy."),
    )
    availability = models.CharField(
        _("availability"), max_length=10, choices=Availability.choices, default=Availability.ANY
    )
    self_log_token = models.UUIDField(
        _("self-service link key"), default=uuid.uuid4, unique=True, editable=False
    )

    objects = VolunteerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["street__name", "name", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                name="volunteer_party_org_needs_member",
                condition=Q(party_organization__isnull=True) | Q(is_party_member=True),
                violation_error_message=_("Only a party member belongs to a party organization."),
            ),
        ]
        indexes = [
            # The street's volunteer list, by name (core.scope drops the street-name sort).
            models.Index(
                fields=["street", "name", "id"],
                condition=Q(archived_at__isnull=True),
                name="volunteer_list_by_street",
            ),
            # Participation per residential area: active volunteers counted by area.
            models.Index(
                fields=["residential_area"],
                condition=Q(archived_at__isnull=True),
                name="volunteer_active_area",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.replace("，", ",").split(",") if s.strip()]

    def phone_for(self, user) -> str:
        """The phone as ``user`` may see it.

        Staff of the volunteer's street and admins see it whole; so does a team
        leader, who only ever reaches the members of their own team (see
        ``VolunteerQuerySet.visible_to``). The district and cadres see it masked.
        """
        if not user.is_authenticated:
            return mask_phone(self.phone)
        if user.is_portal_admin or user.is_team_leader:
            return self.phone
        if user.is_street_staff and user.street_id == self.street_id:
            return self.phone
        return mask_phone(self.phone)


class TeamMembership(TimeStampedModel):
    """A volunteer's membership of a team, with a role and dates."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        DEPUTY = "deputy", _("Deputy leader")
        LEADER = "leader", _("Leader")

    team = models.ForeignKey(
        VolunteerTeam, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("volunteer")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["team__name", "volunteer__name"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                condition=Q(left_on__isnull=True),
                name="membership_one_current_per_team",
                violation_error_message=_("This volunteer is already a member of this team."),
            ),
            models.CheckConstraint(
                name="membership_left_after_joined",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]
        indexes = [
            # A leader's roster and scope: current members of a team.
            models.Index(
                fields=["team", "volunteer"], condition=Q(left_on__isnull=True), name="membership_current"
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.team}"


class ServiceRecordQuerySet(TeamScopedQuerySet, ArchivableQuerySet):
    street_lookup = "team__street"
    leader_lookup = "team__leader"

    def editable_by(self, user):
        """Staff change their street's records; a team leader their own team's."""
        if user.is_authenticated and user.is_team_leader:
            return self.filter(team__leader=user)
        return super().editable_by(user)

    def counted(self):
        """Records whose hours count: approved and not archived."""
        return self.filter(status=ServiceRecord.Status.APPROVED, archived_at__isnull=True)

    def with_list_relations(self):
        return self.select_related("team", "approved_by", "need", "event").prefetch_related(
            models.Prefetch("hours_rows", queryset=ServiceHours.objects.select_related("volunteer"))
        )


class ServiceRecord(TimeStampedModel, VersionedModel, ArchivableModel):
    """Service done by one or more volunteers of a team on one day; counts once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        SELF = "self", _("Logged by the volunteer")
        LEADER = "leader", _("Entered by the team leader")
        STAFF = "staff", _("Entered by staff")

    team = models.ForeignKey(
        VolunteerTeam, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("team")
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours per volunteer"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(MAX_HOURS_PER_DAY)],
    )
    description = models.CharField(_("what was done"), max_length=300, validators=[validate_not_formula])
    need = models.ForeignKey(
        "needs.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records",
        verbose_name=_("need served"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records",
        verbose_name=_("event served"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("logged by"), max_length=10, choices=Source.choices, default=Source.STAFF)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records_created",
        verbose_name=_("created by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records_approved",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ServiceRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        constraints = [
            models.CheckConstraint(
                name="servicerecord_hours_range",
                condition=Q(hours__gt=0, hours__lte=24),
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
        ]
        indexes = [
            # A leader's approval queue: pending records of their team.
            models.Index(
                fields=["team", "date"], condition=Q(status="pending"), name="servicerecord_pending"
            ),
            # Hours per team and month.
            models.Index(fields=["team", "date"], name="servicerecord_team_date"),
            # The service-record list and /api/v1/service-records/: newest first, archived hidden;
            # walked in order and filtered by the street's teams, so the LIMIT stops early.
            models.Index(
                fields=["-date", "-id"], condition=Q(archived_at__isnull=True), name="servicerecord_list"
            ),
            # The same lists' page count: the street's teams' records, counted from the index alone.
            models.Index(
                fields=["team"], condition=Q(archived_at__isnull=True), name="servicerecord_active_by_team"
            ),
        ]

    def __str__(self):
        return f"{self.team} {self.date} {self.description[:30]}"


class ServiceHours(TimeStampedModel):
    """One volunteer's hours on one day from one service record: what the daily limit counts."""

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="hours_rows", verbose_name=_("service record")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="hours_rows", verbose_name=_("volunteer")
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["-date", "volunteer__name"]
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "volunteer"],
                name="servicehours_once_per_record",
                violation_error_message=_("This volunteer is already on this record."),
            ),
            models.CheckConstraint(
                name="servicehours_hours_range",
                condition=Q(hours__gt=0, hours__lte=24),
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
        ]
        indexes = [
            # The daily limit: a volunteer's hours on one date.
            models.Index(fields=["volunteer", "date"], name="servicehours_volunteer_day"),
        ]

    def __str__(self):
        return f"{self.volunteer} {self.date} {self.hours}"


# Registered with the app here (models live in its models module) and importable from it.
from volunteers.group_models import (  # noqa: E402
    BuildingGroup,
    BuildingGroupRating,
    ManualScoreItem,
    Pairing,
    PairingCheckIn,
    Rubric,
)
from volunteers.task_models import TeamTask  # noqa: E402

__all__ = [
    "MAX_HOURS_PER_DAY",
    "BuildingGroup",
    "BuildingGroupRating",
    "ManualScoreItem",
    "Pairing",
    "PairingCheckIn",
    "Rubric",
    "ServiceHours",
    "ServiceRecord",
    "ServiceRecordQuerySet",
    "TeamMembership",
    "TeamScopedQuerySet",
    "TeamTask",
    "Volunteer",
    "VolunteerQuerySet",
    "VolunteerTeam",
    "VolunteerTeamQuerySet",
]
