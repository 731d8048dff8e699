"""The three-fives checklist (五必訪 / 五必問 / 五必記): its versions and items, that visits are filled against."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_not_formula
from hongqiao.models import TimeStampedModel


class ChecklistTemplateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def current(self):
        """The newest published template: the one new visits are filled against (one query)."""
        return self.published().order_by("-version").first()


class ChecklistTemplate(TimeStampedModel):
    """One version of the three-fives checklist (五必訪 / 五必問 / 五必記) that visits are filled against."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=100, validators=[validate_not_formula])
    published = models.BooleanField(
        _("published"), default=False, help_text=_("New visits use the newest published version.")
    )
    notes = models.TextField(_("what changed"), blank=True)

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        constraints = [
            models.CheckConstraint(
                name="checklist_version_positive",
                condition=Q(version__gte=1),
                violation_error_message=_("Versions start at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"


class ChecklistItem(TimeStampedModel):
    """One item of a checklist version: something the cadre must visit, ask or record."""

    class Group(models.TextChoices):
        VISIT = "visit", _("Must visit (五必访)")
        ASK = "ask", _("Must ask (五必问)")
        RECORD = "record", _("Must record (五必记)")

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("template")
    )
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("item"), max_length=200, validators=[validate_not_formula])

    class Meta:
        ordering = ["template", "group", "position", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "group", "position"],
                name="checklist_item_unique_position",
                violation_error_message=_("Two items of this group share a position."),
            ),
        ]

    def __str__(self):
        return self.text
