"""Dual report (双报告): a cross-post cadre's quarterly report to the party organizations of both units.

The model moved here from crossposts in state only: it keeps its tables (Meta.db_table and the
history's table_name), so no row moved.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula
from hongqiao.models import TimeStampedModel


class CadreReportQuerySet(StreetScopedQuerySet):
    street_lookup = "cadre__street"

    def visible_to(self, user):
        """The cadre who wrote it; once submitted, the secretaries of both addressed party
        organizations; the staff of the cadre's street; admins. Nobody else (not the district)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_portal_admin:
            return self
        readers = Q(cadre=user) | (
            ~Q(status="draft")
            & (
                Q(home_party_organization__secretary_user=user)
                | Q(across_party_organization__secretary_user=user)
            )
        )
        if user.is_street_staff:
            readers |= Q(cadre__street_id=user.street_id)
        return self.filter(readers)

    def editable_by(self, user):
        """Only the cadre changes their own report, and only while it is a draft."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(cadre=user, status="draft")

    def with_list_relations(self):
        return self.select_related(
            "cadre",
            "cross_post",
            "home_party_organization",
            "across_party_organization",
            "home_received_by",
            "across_received_by",
        )


class CadreReport(TimeStampedModel, VersionedModel):
    """A cross-post cadre's quarterly report (双报告) to the party organizations of both their units."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cadre_reports",
        verbose_name=_("cadre"),
    )
    cross_post = models.ForeignKey(
        "crossposts.CrossPost",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("cross-post appointment"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    home_party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre_reports_from_home",
        verbose_name=_("home unit's party organization"),
    )
    across_party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre_reports_from_across",
        verbose_name=_("party organization of the unit held across"),
    )
    visits_made = models.PositiveIntegerField(_("visits made"), default=0)
    needs_handled = models.PositiveIntegerField(_("needs handled"), default=0)
    events_joined = models.PositiveIntegerField(_("events joined"), default=0)
    narrative = models.TextField(_("report"), max_length=4000, blank=True, validators=[validate_not_formula])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    home_received_at = models.DateTimeField(_("received by the home unit at"), null=True, blank=True)
    home_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre_reports_received_home",
        verbose_name=_("received for the home unit by"),
    )
    across_received_at = models.DateTimeField(_("received by the unit held across at"), null=True, blank=True)
    across_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre_reports_received_across",
        verbose_name=_("received for the unit held across by"),
    )

    objects = CadreReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"], table_name="crossposts_historicalcadrereport")

    class Meta:
        db_table = "crossposts_cadrereport"
        ordering = ["-year", "-quarter", "cadre__username", "id"]
        verbose_name = _("cadre report")
        verbose_name_plural = _("cadre reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cross_post", "year", "quarter"],
                name="cadrereport_once_per_post_quarter",
                violation_error_message=_("There is already a report for this appointment and quarter."),
            ),
            models.CheckConstraint(
                name="cadrereport_quarter_range",
                condition=Q(quarter__gte=1, quarter__lte=4),
                violation_error_message=_("A quarter is 1 to 4."),
            ),
            models.CheckConstraint(
                name="cadrereport_submitted_has_time",
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                violation_error_message=_("A submitted report records when it was submitted."),
            ),
            models.CheckConstraint(
                name="cadrereport_received_after_submitted",
                condition=Q(status="submitted")
                | Q(home_received_at__isnull=True, across_received_at__isnull=True),
                violation_error_message=_("Only a submitted report can be received."),
            ),
        ]
        indexes = [
            # The reminders and figures: a quarter's reports by status.
            models.Index(fields=["year", "quarter", "status"], name="cadrereport_period_status"),
        ]

    def __str__(self):
        return f"{self.cadre} {self.year}Q{self.quarter}"

    @property
    def is_received(self) -> bool:
        """Received by both units."""
        return self.home_received_at is not None and self.across_received_at is not None
