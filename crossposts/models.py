"""Cross-post cadres (交叉任職): their appointments and the organizations assigned to them."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scope import StreetScopedQuerySet
from hongqiao.models import TimeStampedModel


class AssignmentQuerySet(StreetScopedQuerySet):
    street_lookup = "organization__street"

    def visible_to(self, user):
        """A cadre sees their own assignments; staff their street's."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(cadre=user)
        return super().visible_to(user)


class Assignment(TimeStampedModel):
    """An organization a cadre is responsible for visiting, with a visit cadence."""

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("cadre"),
    )
    organization = models.ForeignKey(
        "organizations.TwoNewOrganization",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("organization"),
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("visit every (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    active = models.BooleanField(_("active"), default=True)
    last_visited_on = models.DateField(_("last visited on"), null=True, blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["cadre__username", "organization__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "organization"],
                condition=Q(active=True),
                name="assignment_one_active_per_cadre_org",
                violation_error_message=_("This cadre is already assigned to this organization."),
            ),
            models.CheckConstraint(
                name="assignment_cadence_range",
                condition=Q(cadence_days__gte=1, cadence_days__lte=365),
                violation_error_message=_("The cadence is between 1 and 365 days."),
            ),
        ]

    def __str__(self):
        return f"{self.cadre} → {self.organization}"

    @property
    def next_due_on(self):
        """The day the next visit is due: a cadence after the last visit, or at once if never visited."""
        if self.last_visited_on is None:
            return self.created.date() if self.created else None
        return self.last_visited_on + timedelta(days=self.cadence_days)
