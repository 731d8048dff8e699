"""The tasks handed to volunteer teams (from a need, by staff). Imported by volunteers.models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.validators import validate_not_formula
from hongqiao.models import TimeStampedModel
from volunteers.models import TeamScopedQuerySet, VolunteerTeam


class TeamTaskQuerySet(TeamScopedQuerySet, ArchivableQuerySet):
    street_lookup = "team__street"
    leader_lookup = "team__leader"

    def editable_by(self, user):
        """Staff answer for their street's tasks; a team leader for their own team's."""
        if user.is_authenticated and user.is_team_leader:
            return self.filter(team__leader=user)
        return super().editable_by(user)

    def live(self):
        """Tasks the team still has to do: open or accepted."""
        return self.filter(status__in=TeamTask.LIVE_STATUSES)

    def with_list_relations(self):
        """What the task lists and the API show of each row (no query per row)."""
        return self.select_related(
            "team", "team__leader", "need", "need__organization", "need__residential_area", "handed_over_by"
        )


class TeamTask(TimeStampedModel, VersionedModel, ArchivableModel):
    """A need handed to a volunteer team to do; the team leader accepts, declines or reports it done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the team")
        ACCEPTED = "accepted", _("Accepted")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    LIVE_STATUSES = (Status.OPEN, Status.ACCEPTED)

    team = models.ForeignKey(
        VolunteerTeam, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("team")
    )
    # PROTECT: a task only makes sense with the need it serves, and needs are archived, never deleted.
    need = models.ForeignKey(
        "needs.Need", on_delete=models.PROTECT, related_name="team_tasks", verbose_name=_("need")
    )
    title = models.CharField(_("title"), max_length=120, validators=[validate_not_formula])
    note = models.TextField(_("note for the team"), max_length=2000, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    reason = models.CharField(
        _("reason or report"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("Why the team declined, or what it reported when done."),
    )
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_tasks_handed_over",
        verbose_name=_("handed over by"),
        editable=False,
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_tasks_answered",
        verbose_name=_("last changed by"),
        editable=False,
    )
    answered_at = models.DateTimeField(_("last changed at"), null=True, blank=True, editable=False)

    objects = TeamTaskQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("team task")
        verbose_name_plural = _("team tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "need"],
                condition=Q(status__in=["open", "accepted"], archived_at__isnull=True),
                name="teamtask_one_live_per_team_need",
                violation_error_message=_("This need is already with this team."),
            ),
            models.CheckConstraint(
                name="teamtask_declined_has_reason",
                condition=~Q(status="declined") | ~Q(reason=""),
                violation_error_message=_("A declined task gives a reason."),
            ),
            models.CheckConstraint(
                name="teamtask_answered_after_open",
                condition=Q(status="open") | Q(answered_at__isnull=False),
                violation_error_message=_("An answered task records when it was answered."),
            ),
        ]
        indexes = [
            # The leader's task list and the team page: a team's tasks by status.
            models.Index(fields=["team", "status", "-created"], name="teamtask_by_team_status"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.is_live and self.due_on is not None and self.due_on < timezone.localdate()
