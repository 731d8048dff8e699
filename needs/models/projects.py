"""Projects (項目清單), e.g. warm-heart projects, often grown from a need, and their progress notes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula
from hongqiao.models import TimeStampedModel
from needs.models.needs import Need


class ProjectQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def with_list_relations(self):
        return self.select_related("street", "need", "lead")


class Project(TimeStampedModel, VersionedModel, ArchivableModel):
    """A project (項目清單), e.g. a warm-heart project (暖情項目), often grown from a need."""

    class Kind(models.TextChoices):
        WARM_HEART = "warm_heart", _("Warm-heart project")
        SERVICE = "service", _("Service project")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.PROTECT,
        related_name="need_projects",
        verbose_name=_("street"),
    )
    need = models.ForeignKey(
        Need,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("from need"),
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_not_formula])
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.WARM_HEART)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_need_projects",
        verbose_name=_("lead"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["need"],
                condition=Q(need__isnull=False),
                name="project_once_per_need",
                violation_error_message=_("This need has already been turned into a project."),
            ),
            models.CheckConstraint(
                name="project_dates_in_order",
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("A project cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


class ProjectNote(TimeStampedModel):
    """A progress note on a project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="notes", verbose_name=_("project")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_notes",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=2000)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self):
        return self.text[:40]
