"""Resources (資源清單) a street's units offer, and their matches to needs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula, validate_phone
from hongqiao.models import TimeStampedModel
from needs.models.needs import Category, Need


class ResourceQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def visible_to(self, user):
        """Staff see their street's resources; a cadre reads their street's to suggest them."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(street_id=user.street_id)
        return super().visible_to(user)

    def with_list_relations(self):
        return self.select_related(
            "street", "organization", "party_organization", "residential_area", "building"
        )


class Resource(TimeStampedModel, VersionedModel, ArchivableModel):
    """Something a unit offers (資源清單): a venue, training, medical volunteers, a recruitment channel…"""

    Category = Category

    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.PROTECT,
        related_name="need_resources",
        verbose_name=_("street"),
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_not_formula])
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    organization = models.ForeignKey(
        "organizations.TwoNewOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("offered by organization"),
    )
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("offered by party organization"),
    )
    residential_area = models.ForeignKey(
        "organizations.ResidentialArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("offered by residential area"),
    )
    building = models.ForeignKey(
        "organizations.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("offered by building"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("People or sessions it can serve; empty if not counted."),
    )
    available = models.BooleanField(_("available"), default=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=50, blank=True, validators=[validate_not_formula]
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, validators=[validate_phone]
    )

    objects = ResourceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["category", "name", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                condition=Q(archived_at__isnull=True),
                name="resource_unique_name_in_street",
                violation_error_message=_("This street already has a resource of that name."),
            ),
            models.CheckConstraint(
                name="resource_one_provider",
                condition=(
                    Q(
                        organization__isnull=False,
                        party_organization__isnull=True,
                        residential_area__isnull=True,
                        building__isnull=True,
                    )
                    | Q(
                        organization__isnull=True,
                        party_organization__isnull=False,
                        residential_area__isnull=True,
                        building__isnull=True,
                    )
                    | Q(
                        organization__isnull=True,
                        party_organization__isnull=True,
                        residential_area__isnull=False,
                        building__isnull=True,
                    )
                    | Q(
                        organization__isnull=True,
                        party_organization__isnull=True,
                        residential_area__isnull=True,
                        building__isnull=False,
                    )
                ),
                violation_error_message=_(
                    "Name exactly one provider: an organization, a party organization, a residential area or a building."
                ),
            ),
        ]
        indexes = [
            # Matching suggestions: a street's available resources of a category.
            models.Index(
                fields=["street", "category"],
                condition=Q(archived_at__isnull=True, available=True),
                name="resource_available_by_category",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def provider(self):
        return self.organization or self.party_organization or self.residential_area or self.building


class Match(TimeStampedModel):
    """A resource linked to a need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches", verbose_name=_("need"))
    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="matches", verbose_name=_("resource")
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="need_matches",
        verbose_name=_("matched by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "resource"],
                name="match_once_per_need_resource",
                violation_error_message=_("This resource is already matched to this need."),
            )
        ]

    def __str__(self):
        return f"{self.need_id} ↔ {self.resource_id}"
