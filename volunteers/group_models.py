"""Building groups, their yearly star rating (rubric, items recorded by hand, the ratings) and
the pairings of party members with families in difficulty. Imported by volunteers.models."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula
from hongqiao.models import TimeStampedModel
from volunteers.models import Volunteer


class BuildingGroupQuerySet(StreetScopedQuerySet):
    street_lookup = "residential_area__street"

    def visible_to(self, user):
        if user.is_authenticated and user.is_team_leader:
            return self.none()
        return super().visible_to(user)

    def with_list_relations(self):
        return self.select_related("residential_area__street", "party_group")


class BuildingGroup(TimeStampedModel):
    """A building group (楼组): the residents of one residential building, rated by stars."""

    residential_area = models.ForeignKey(
        "organizations.ResidentialArea",
        on_delete=models.PROTECT,
        related_name="building_groups",
        verbose_name=_("residential area"),
    )
    number = models.CharField(_("building number"), max_length=20, validators=[validate_not_formula])
    households = models.PositiveIntegerField(_("households"), default=1)
    party_group = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="building_groups",
        verbose_name=_("party group"),
    )
    head = models.CharField(_("building-group head"), max_length=50, blank=True)

    objects = BuildingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["residential_area__name", "number"]
        verbose_name = _("building group")
        verbose_name_plural = _("building groups")
        constraints = [
            models.UniqueConstraint(
                fields=["residential_area", "number"],
                name="buildinggroup_unique_number_in_area",
                violation_error_message=_(
                    "This residential area already has a building group of that number."
                ),
            ),
            models.CheckConstraint(
                name="buildinggroup_households_positive",
                condition=Q(households__gte=1),
                violation_error_message=_("A building group has at least one household."),
            ),
        ]

    def __str__(self):
        return f"{self.residential_area.name} {self.number}"


class Rubric(TimeStampedModel, VersionedModel):
    """The weights and star thresholds of one street's building-group rating for one year."""

    street = models.ForeignKey(
        "organizations.Street", on_delete=models.PROTECT, related_name="rubrics", verbose_name=_("street")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    weight_hours = models.DecimalField(
        _("points per volunteer hour per household"), max_digits=6, decimal_places=2, default=Decimal("10")
    )
    weight_events = models.DecimalField(
        _("points per event participation"), max_digits=6, decimal_places=2, default=Decimal("1")
    )
    weight_needs = models.DecimalField(
        _("points per need resolved"), max_digits=6, decimal_places=2, default=Decimal("3")
    )
    weight_visits = models.DecimalField(
        _("points per visit to a family in difficulty"), max_digits=6, decimal_places=2, default=Decimal("2")
    )
    weight_manual = models.DecimalField(
        _("multiplier for items recorded by hand"), max_digits=6, decimal_places=2, default=Decimal("1")
    )
    star1 = models.DecimalField(
        _("score for one star"), max_digits=7, decimal_places=1, default=Decimal("10")
    )
    star2 = models.DecimalField(
        _("score for two stars"), max_digits=7, decimal_places=1, default=Decimal("25")
    )
    star3 = models.DecimalField(
        _("score for three stars"), max_digits=7, decimal_places=1, default=Decimal("45")
    )
    star4 = models.DecimalField(
        _("score for four stars"), max_digits=7, decimal_places=1, default=Decimal("70")
    )
    star5 = models.DecimalField(
        _("score for five stars"), max_digits=7, decimal_places=1, default=Decimal("100")
    )

    objects = StreetScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["street__name", "-year"]
        verbose_name = _("rating rubric")
        verbose_name_plural = _("rating rubrics")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year"],
                name="rubric_once_per_street_year",
                violation_error_message=_("This street already has a rubric for that year."),
            ),
            models.CheckConstraint(
                name="rubric_thresholds_ascending",
                condition=Q(star1__gte=0)
                & Q(star2__gte=models.F("star1"))
                & Q(star3__gte=models.F("star2"))
                & Q(star4__gte=models.F("star3"))
                & Q(star5__gte=models.F("star4")),
                violation_error_message=_("Star thresholds must not decrease from one star to five."),
            ),
            models.CheckConstraint(
                name="rubric_weights_not_negative",
                condition=Q(weight_hours__gte=0, weight_events__gte=0, weight_needs__gte=0)
                & Q(weight_visits__gte=0, weight_manual__gte=0),
                violation_error_message=_("Weights cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.street} {self.year}"

    def stars_for(self, score) -> int:
        """How many stars a score earns under this rubric's thresholds."""
        stars = 0
        for n, threshold in enumerate([self.star1, self.star2, self.star3, self.star4, self.star5], start=1):
            if score >= threshold:
                stars = n
        return stars


class ManualScoreItem(TimeStampedModel):
    """Points that staff record by hand for a building group in one year, with the reason."""

    building_group = models.ForeignKey(
        BuildingGroup, on_delete=models.CASCADE, related_name="manual_items", verbose_name=_("building group")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    description = models.CharField(_("reason"), max_length=200, validators=[validate_not_formula])
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="manual_score_items",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "building_group__number", "id"]
        verbose_name = _("hand-recorded score item")
        verbose_name_plural = _("hand-recorded score items")
        constraints = [
            models.CheckConstraint(
                name="manualitem_points_range",
                condition=Q(points__gte=-100, points__lte=100),
                violation_error_message=_("An item is worth between -100 and 100 points."),
            ),
        ]

    def __str__(self):
        return f"{self.building_group} {self.year}: {self.description}"


class BuildingGroupRatingQuerySet(StreetScopedQuerySet):
    street_lookup = "building_group__residential_area__street"


class BuildingGroupRating(TimeStampedModel):
    """A building group's score and stars for one year, kept with the parts that made it."""

    building_group = models.ForeignKey(
        BuildingGroup, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("building group")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=1)
    stars = models.PositiveSmallIntegerField(_("stars"), validators=[MaxValueValidator(5)])
    breakdown = models.JSONField(_("parts of the score"), default=dict)

    objects = BuildingGroupRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-score"]
        verbose_name = _("building-group rating")
        verbose_name_plural = _("building-group ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["building_group", "year"],
                name="rating_once_per_group_year",
                violation_error_message=_("This building group already has a rating for that year."),
            ),
            models.CheckConstraint(
                name="rating_stars_range",
                condition=Q(stars__lte=5),
                violation_error_message=_("A rating has at most five stars."),
            ),
        ]
        indexes = [
            # The ranking page: one year's ratings by score.
            models.Index(fields=["year", "-score"], name="rating_year_score"),
        ]

    def __str__(self):
        return f"{self.building_group} {self.year}: {self.stars}★"


class PairingQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def with_list_relations(self):
        return (
            self.select_related("party_member", "building_group__residential_area")
            .annotate(visit_count=models.Count("checkins"))
            .order_by("-started_on", "pk")
        )


class Pairing(TimeStampedModel, ArchivableModel):
    """A party member paired with a household in difficulty (结帮困对子)."""

    street = models.ForeignKey(
        "organizations.Street", on_delete=models.PROTECT, related_name="pairings", verbose_name=_("street")
    )
    party_member = models.ForeignKey(
        Volunteer,
        on_delete=models.PROTECT,
        related_name="pairings",
        verbose_name=_("party member"),
        limit_choices_to={"is_party_member": True},
    )
    household = models.CharField(_("household"), max_length=100, validators=[validate_not_formula])
    building_group = models.ForeignKey(
        BuildingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairings",
        verbose_name=_("building group"),
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=200, blank=True, validators=[validate_not_formula]
    )
    started_on = models.DateField(_("paired on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = PairingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.CheckConstraint(
                name="pairing_ended_after_started",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                violation_error_message=_("A pairing cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.party_member} → {self.household}"


class PairingCheckIn(TimeStampedModel):
    """A dated visit of the party member to their paired household, with a note."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("pairing")
    )
    visited_on = models.DateField(_("visited on"))
    note = models.TextField(_("note"), validators=[validate_not_formula])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairing_checkins",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("pairing check-in")
        verbose_name_plural = _("pairing check-ins")
        indexes = [
            # The rating: visits per building group and year.
            models.Index(fields=["pairing", "visited_on"], name="checkin_pairing_date"),
        ]

    def __str__(self):
        return f"{self.pairing} {self.visited_on}"
