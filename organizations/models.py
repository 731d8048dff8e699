"""The places and units of the ledger: streets, areas, buildings, party and two-new organizations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula, validate_phone
from hongqiao.models import TimeStampedModel
from organizations.signals import street_changed
from organizations.validators import validate_credit_code


class District(TimeStampedModel):
    """A district (區), such as Changning; one deployment may serve several."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(_("area code"), max_length=6, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class StreetQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_portal_admin:
            return self
        if user.is_district:
            return self.filter(district_id=user.district_id)
        return self.filter(pk=user.street_id)


class Street(TimeStampedModel):
    """A street (街道, sub-district) whose party working committee runs the work."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)

    objects = StreetQuerySet.as_manager()

    class Meta:
        ordering = ["district__name", "name"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="street_unique_name_in_district",
                violation_error_message=_("This district already has a street of that name."),
            )
        ]

    def __str__(self):
        return self.name


class ResidentialArea(TimeStampedModel):
    """A residential area (居民區), led by a party general branch."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="residential_areas", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("households"), default=0)
    residents = models.PositiveIntegerField(_("residents"), default=0)

    objects = StreetScopedQuerySet.as_manager()

    class Meta:
        ordering = ["street__name", "name"]
        verbose_name = _("residential area")
        verbose_name_plural = _("residential areas")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="area_unique_name_in_street",
                violation_error_message=_("This street already has a residential area of that name."),
            )
        ]

    def __str__(self):
        return self.name


class Building(TimeStampedModel):
    """A commercial building (商務樓宇) where two-new organizations have offices."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    floors = models.PositiveSmallIntegerField(
        _("floors"), default=1, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = StreetScopedQuerySet.as_manager()

    class Meta:
        ordering = ["street__name", "name"]
        verbose_name = _("commercial building")
        verbose_name_plural = _("commercial buildings")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="building_unique_name_in_street",
                violation_error_message=_("This street already has a building of that name."),
            ),
            models.CheckConstraint(
                name="building_floors_range",
                condition=Q(floors__gte=1, floors__lte=200),
                violation_error_message=_("A building has between 1 and 200 floors."),
            ),
            models.CheckConstraint(
                name="building_coordinates_together",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return self.name


# Higher levels first: general branch, branch, group (a unit's own party organization is its highest).
LEVEL_ORDER = Case(
    When(level="general_branch", then=Value(0)), When(level="branch", then=Value(1)), default=Value(2)
)


class PartyOrganization(TimeStampedModel):
    """A party organization: general branch, branch or group, in a building or residential area."""

    class Level(models.TextChoices):
        GENERAL_BRANCH = "general_branch", _("General branch")
        BRANCH = "branch", _("Branch")
        GROUP = "group", _("Group")

    class Kind(models.TextChoices):
        INDEPENDENT = "independent", _("Independent")
        JOINT = "joint", _("Joint")

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="party_organizations", verbose_name=_("street")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_not_formula])
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BRANCH)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDEPENDENT)
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_organizations",
        verbose_name=_("building"),
    )
    residential_area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_organizations",
        verbose_name=_("residential area"),
    )
    secretary = models.CharField(_("secretary"), max_length=50, blank=True)
    secretary_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_organizations_led",
        verbose_name=_("secretary's account"),
    )
    member_count = models.PositiveIntegerField(_("members"), default=0)

    objects = StreetScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["street__name", "name"]
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="partyorg_unique_name_in_street",
                violation_error_message=_("This street already has a party organization of that name."),
            ),
            models.CheckConstraint(
                name="partyorg_in_building_or_area",
                condition=Q(building__isnull=True) | Q(residential_area__isnull=True),
                violation_error_message=_(
                    "A party organization belongs to a building or a residential area, not both."
                ),
            ),
            models.CheckConstraint(
                name="partyorg_not_own_parent",
                condition=~Q(parent=models.F("pk")),
                violation_error_message=_("A party organization cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        order = [self.Level.GENERAL_BRANCH, self.Level.BRANCH, self.Level.GROUP]
        if self.parent_id and order.index(self.parent.level) >= order.index(self.level):
            raise ValidationError(
                {"parent": _("The parent must be of a higher level (general branch › branch › group).")}
            )
        if self.parent_id and self.parent.street_id != self.street_id:
            raise ValidationError({"parent": _("The parent must be in the same street.")})


class TwoNewOrganizationQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def visible_to(self, user):
        """Staff see their street; a cadre sees the organizations assigned to them."""
        if user.is_authenticated and user.is_cadre:
            scope = type(self).cadre_scope
            return self.filter(pk__in=scope(user)) if scope else self.none()
        return super().visible_to(user)

    # Which organizations a cadre works with: the ids ``cadre_scope(user)`` gives. Assignments
    # belong to crossposts, which sets this in its ready(); without it a cadre sees none.
    cadre_scope = None

    def with_list_relations(self):
        """What the list page, the export and the API show of each row."""
        return self.select_related("street", "building", "residential_area", "covering_party_organization")


class TwoNewOrganization(TimeStampedModel, VersionedModel, ArchivableModel):
    """A "two-new" organization (兩新組織): a non-public enterprise or a new social organization."""

    class Kind(models.TextChoices):
        ECONOMIC = "economic", _("New economic organization")
        SOCIAL = "social", _("New social organization")

    class Ownership(models.TextChoices):
        DOMESTIC_PRIVATE = "domestic_private", _("Domestic private")
        JOINT_VENTURE = "joint_venture", _("Sino-foreign joint venture")
        FOREIGN_OWNED = "foreign_owned", _("Wholly foreign-owned")
        HK_MACAO_TAIWAN = "hmt", _("Hong Kong, Macao or Taiwan")
        OTHER = "other", _("Other")

    class Coverage(models.TextChoices):
        OWN = "own", _("Own party organization")
        JOINT = "joint", _("Covered by a joint branch")
        MASS = "mass", _("Mass building only")
        NONE = "none", _("Not covered")

    class Cooperation(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MOVED_OUT = "moved_out", _("Moved out")
        DEREGISTERED = "deregistered", _("Deregistered")

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_not_formula])
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An organization with this credit code is already in the ledger.")},
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ECONOMIC)
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, default=Ownership.DOMESTIC_PRIVATE
    )
    industry = models.CharField(_("industry"), max_length=50, blank=True, validators=[validate_not_formula])
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("building"),
    )
    residential_area = models.ForeignKey(
        ResidentialArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("residential area"),
    )
    floor = models.CharField(_("floor"), max_length=10, blank=True, validators=[validate_not_formula])
    unit = models.CharField(_("unit"), max_length=20, blank=True, validators=[validate_not_formula])
    headcount = models.PositiveIntegerField(
        _("headcount"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    party_members = models.PositiveIntegerField(
        _("party members"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    coverage = models.CharField(
        _("party coverage"), max_length=10, choices=Coverage.choices, default=Coverage.NONE
    )
    covering_party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covered_organizations",
        verbose_name=_("covering party organization"),
    )
    contact_name = models.CharField(
        _("contact person"), max_length=50, blank=True, validators=[validate_not_formula]
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    cooperation = models.CharField(
        _("cooperation"), max_length=10, choices=Cooperation.choices, default=Cooperation.FAIR
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    registered_on = models.DateField(
        _("registered in the ledger"),
        default=timezone.localdate,
        help_text=_("Visits cannot be dated before this day."),
    )

    objects = TwoNewOrganizationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("two-new organization")
        verbose_name_plural = _("two-new organizations")
        constraints = [
            models.CheckConstraint(
                name="org_credit_code_form",
                condition=Q(credit_code__regex=r"^[0-9A-HJ-NP-RTUWXY]{18}$"),
                violation_error_message=_("A credit code has 18 upper-case characters."),
            ),
            models.CheckConstraint(
                name="org_party_members_within_headcount",
                condition=Q(headcount=0) | Q(party_members__lte=models.F("headcount")),
                violation_error_message=_("Party members cannot outnumber the headcount."),
            ),
            models.CheckConstraint(
                name="org_uncovered_has_no_covering_org",
                condition=~Q(coverage="none") | Q(covering_party_organization__isnull=True),
                violation_error_message=_("An uncovered organization has no covering party organization."),
            ),
        ]
        indexes = [
            # The list page's default view: a street's active organizations by name.
            models.Index(
                fields=["street", "name"], condition=Q(archived_at__isnull=True), name="org_active_by_street"
            ),
            # The building filter and the per-building gaps view.
            models.Index(fields=["building", "floor"], name="org_by_building_floor"),
            # The dashboard's and district view's "active organizations of these streets" (counted,
            # joined to the period's visits, grouped by building): index-only scans, no heap.
            models.Index(
                fields=["street", "id", "building"],
                condition=Q(archived_at__isnull=True, status="active"),
                name="org_counted_by_street",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_street_id = instance.__dict__.get("street_id")
        return instance

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        moved = (
            not self._state.adding
            and getattr(self, "_loaded_street_id", None) != self.street_id
            and (update_fields is None or "street" in update_fields or "street_id" in update_fields)
        )
        if not moved:
            super().save(*args, **kwargs)
        else:
            with transaction.atomic():
                super().save(*args, **kwargs)
                street_changed.send(type(self), instance=self, old_street_id=self._loaded_street_id)
        self._loaded_street_id = self.street_id

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.building_id and self.street_id and self.building.street_id != self.street_id:
            errors["building"] = _("The building is in another street.")
        if self.residential_area_id and self.street_id and self.residential_area.street_id != self.street_id:
            errors["residential_area"] = _("The residential area is in another street.")
        if (
            self.covering_party_organization_id
            and self.street_id
            and self.covering_party_organization.street_id != self.street_id
        ):
            errors["covering_party_organization"] = _("The party organization is in another street.")
        if errors:
            raise ValidationError(errors)

    @property
    def location(self) -> str:
        parts = [str(self.building or self.residential_area or "")]
        if self.floor:
            parts.append(_("floor %(floor)s") % {"floor": self.floor})
        if self.unit:
            parts.append(str(self.unit))
        return " ".join(p for p in parts if p)
