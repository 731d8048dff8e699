"""Dual check-in (双报到): party members, their community check-ins and the pledges they keep.

The models moved here from organizations without moving data: each keeps its table
(Meta.db_table, and the history tables) under the name it had there.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula, validate_phone
from hongqiao.models import TimeStampedModel
from organizations.models import PartyOrganization, ResidentialArea, Street, TwoNewOrganization


class History(HistoricalRecords):
    """History kept in the tables it had in organizations (the main one via ``table_name``).

    simple_history names the m2m history table after the app and has no option for it.
    """

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        return {**options, "db_table": f"organizations_{self.get_history_model_name(through_model).lower()}"}


class PledgeKind(TimeStampedModel):
    """A service a member may pledge on checking in (承诺事项), from the list staff keep."""

    class Rule(models.TextChoices):
        VOLUNTEER_HOURS = "volunteer_hours", _("Kept when the member has approved volunteer hours")
        PAIRING = "pairing", _("Kept when the member visits a paired family")
        MANUAL = "manual", _("Kept when staff mark it")

    name = models.CharField(_("name"), max_length=50, unique=True, validators=[validate_not_formula])
    rule = models.CharField(_("how it is kept"), max_length=20, choices=Rule.choices, default=Rule.MANUAL)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        db_table = "organizations_pledgekind"
        ordering = ["position", "name"]
        verbose_name = _("pledge kind")
        verbose_name_plural = _("pledge kinds")

    def __str__(self):
        return self.name


class PartyMemberQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def with_list_relations(self):
        """What the member list, the service cards and the API show of each member."""
        return self.select_related(
            "street", "party_organization", "work_organization", "work_party_organization", "residential_area"
        )


class PartyMember(TimeStampedModel, VersionedModel, ArchivableModel):
    """A party member (党员) who reports to the community where they live; one record per person."""

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        RETIRED = "retired", _("Retired")

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="party_members", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=50, validators=[validate_not_formula])
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="party_members",
        verbose_name=_("party organization"),
        help_text=_("Where the member's party membership is held."),
    )
    work_organization = models.ForeignKey(
        TwoNewOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_party_members",
        verbose_name=_("work unit (organization)"),
    )
    work_party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_party_members",
        verbose_name=_("work unit (party organization)"),
        help_text=_("For a unit outside the two-new ledger, its party organization."),
    )
    residential_area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_members",
        verbose_name=_("residential area"),
        help_text=_("Where the member lives."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_SERVICE)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
        verbose_name=_("portal account"),
    )
    volunteer = models.OneToOneField(
        "volunteers.Volunteer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
        verbose_name=_("volunteer record"),
        help_text=_("The same person in the volunteer register: never enter them twice."),
    )

    objects = PartyMemberQuerySet.as_manager()
    history = History(excluded_fields=["updated"], table_name="organizations_historicalpartymember")

    class Meta:
        db_table = "organizations_partymember"
        ordering = ["name", "id"]
        verbose_name = _("party member")
        verbose_name_plural = pgettext_lazy("register", "party members")
        constraints = [
            models.CheckConstraint(
                name="member_one_work_unit",
                condition=Q(work_organization__isnull=True) | Q(work_party_organization__isnull=True),
                violation_error_message=_(
                    "The work unit is an organization or a party organization, not both."
                ),
            ),
            models.CheckConstraint(
                name="member_in_service_has_work_unit",
                condition=Q(status="retired")
                | Q(work_organization__isnull=False)
                | Q(work_party_organization__isnull=False),
                violation_error_message=_("A member in service has a work unit."),
            ),
        ]
        indexes = [
            # The member list's default view: a street's active members by name.
            models.Index(
                fields=["street", "name"],
                condition=Q(archived_at__isnull=True),
                name="member_active_by_street",
            ),
            # Service cards per work unit.
            models.Index(fields=["work_organization"], name="member_by_work_org"),
        ]

    def __str__(self):
        return self.name

    @property
    def work_unit(self):
        """The organization or party organization the member works for (hidden query if not selected)."""
        return self.work_organization or self.work_party_organization

    def clean(self):
        from members.rules import member_errors, raise_errors

        raise_errors(member_errors(self))

    def phone_for(self, user) -> str:
        from core.masking import shown_phone

        return shown_phone(user, self.phone, owner_street_id=self.street_id)


class CommunityCheckInQuerySet(StreetScopedQuerySet):
    street_lookup = "member__street"

    def active(self):
        return self.filter(status=CommunityCheckIn.Status.ACTIVE)

    def with_list_relations(self):
        return self.select_related(
            "member",
            "residential_area",
            "party_organization",
            "member__work_organization",
            "member__work_party_organization",
        ).prefetch_related("pledges")


class CommunityCheckIn(TimeStampedModel):
    """A member's check-in (报到) with the party organization of the residential area they live in."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("check-in", "Active")
        ENDED = "ended", pgettext_lazy("check-in", "Ended")

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("party member")
    )
    residential_area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.PROTECT,
        related_name="member_checkins",
        verbose_name=_("residential area"),
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_checkins",
        verbose_name=_("community party organization"),
    )
    checked_in_on = models.DateField(_("checked in on"), default=timezone.localdate)
    pledges = models.ManyToManyField(
        PledgeKind,
        blank=True,
        related_name="checkins",
        verbose_name=_("services pledged"),
        db_table="organizations_communitycheckin_pledges",
    )
    skills_offered = models.CharField(
        _("skills offered"), max_length=200, blank=True, validators=[validate_not_formula]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = CommunityCheckInQuerySet.as_manager()
    history = History(
        m2m_fields=[pledges],
        excluded_fields=["updated"],
        table_name="organizations_historicalcommunitycheckin",
    )

    class Meta:
        db_table = "organizations_communitycheckin"
        ordering = ["-checked_in_on", "-id"]
        verbose_name = _("community check-in")
        verbose_name_plural = _("community check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "residential_area"],
                condition=Q(status="active"),
                name="checkin_one_active_per_member_area",
                violation_error_message=_("This member is already checked in with this residential area."),
            ),
            models.CheckConstraint(
                name="checkin_ended_has_date",
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__gte=models.F("checked_in_on")),
                violation_error_message=_("An ended check-in has an end date on or after its start."),
            ),
        ]
        indexes = [
            # "Checked in or not" on the member list and the figures: active check-ins by member.
            models.Index(fields=["member"], condition=Q(status="active"), name="checkin_active_member"),
        ]

    def __str__(self):
        return f"{self.member} → {self.residential_area}"

    def clean(self):
        from members.rules import checkin_errors, raise_errors

        raise_errors(checkin_errors(self))


class PledgeMarkQuerySet(StreetScopedQuerySet):
    street_lookup = "member__street"


class PledgeMark(TimeStampedModel):
    """Staff's mark that a member kept a pledge of the manual kind in one quarter."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="pledge_marks", verbose_name=_("party member")
    )
    pledge = models.ForeignKey(
        PledgeKind, on_delete=models.PROTECT, related_name="marks", verbose_name=_("pledge")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.CharField(_("what was done"), max_length=200, blank=True, validators=[validate_not_formula])
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledge_marks",
        verbose_name=_("marked by"),
    )

    objects = PledgeMarkQuerySet.as_manager()

    class Meta:
        db_table = "organizations_pledgemark"
        ordering = ["-year", "-quarter", "member__name"]
        verbose_name = _("pledge kept")
        verbose_name_plural = _("pledges kept")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "pledge", "year", "quarter"],
                name="pledgemark_once_per_quarter",
                violation_error_message=_("This pledge is already marked kept for that quarter."),
            ),
            models.CheckConstraint(
                name="pledgemark_quarter_range",
                condition=Q(quarter__gte=1, quarter__lte=4),
                violation_error_message=_("A quarter is 1 to 4."),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.pledge} {self.year}Q{self.quarter}"
