"""Reports produced in the background and kept for download."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scope import StreetScopedQuerySet
from hongqiao.models import TimeStampedModel


class ReportQuerySet(StreetScopedQuerySet):
    def visible_to(self, user):
        """A street's reports to its staff; district-wide ones (no street) to the district and admins."""
        if not user.is_authenticated or not user.can_read_street_records:
            return self.none()
        if user.is_portal_admin:
            return self
        if user.is_district:
            return self.filter(
                Q(street__district_id=user.district_id) | Q(street__isnull=True, district_id=user.district_id)
            )
        return self.filter(street_id=user.street_id)


class Report(TimeStampedModel):
    """A monthly or quarterly report (雙報告) of a street or of the district, as an Excel workbook."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        ANNUAL = "annual", _("Annual")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=30)
    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("street"),
    )
    district = models.ForeignKey(
        "organizations.District", on_delete=models.CASCADE, related_name="reports", verbose_name=_("district")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports",
        verbose_name=_("requested by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                name="report_progress_range",
                condition=Q(progress__lte=100),
                violation_error_message=_("Progress is at most 100%."),
            ),
        ]

    def __str__(self):
        return f"{self.street or self.district} {self.period} {self.get_kind_display()}"
