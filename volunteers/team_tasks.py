"""Team tasks: handing a need to a volunteer team, and the team's answer.

The need's page, the needs API, the team leader's pages and the tasks API all call
these functions; each change goes on the need's timeline and moves the need only
through ``needs.workflow``.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import ConcurrentEditError
from core.notifications import Message, notify
from core.validators import validate_not_formula
from volunteers.models import TeamTask, VolunteerTeam

T = TeamTask.Status

# (from, to) pairs a task may take; everything else is refused.
TASK_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (T.OPEN, T.ACCEPTED),
        (T.OPEN, T.DECLINED),
        (T.OPEN, T.DONE),
        (T.ACCEPTED, T.DONE),
        (T.ACCEPTED, T.DECLINED),
    }
)

NOTE_MAX = 2000
REASON_MAX = 500
# How far ahead a due date may be: further is a typing mistake (year 2205), not a plan.
DUE_MAX_DAYS = 366


class TaskError(ValidationError):
    """A task change that is not allowed; nothing was changed."""


def check_due(due_on: date | None) -> None:
    """A due date is today or later, and within a year."""
    if due_on is None:
        return
    today = timezone.localdate()
    if due_on < today:
        raise ValidationError(_("The due date is in the past."), code="due_past")
    if due_on > today + timedelta(days=DUE_MAX_DAYS):
        raise ValidationError(_("The due date is more than a year away."), code="due_far")


def check_team(need, team: VolunteerTeam) -> None:
    """The team works in the need's street and is still active."""
    if team.street_id != need.street_id:
        raise ValidationError(
            _("This team works in another street; choose a team of %(street)s."),
            code="team_street",
            params={"street": need.street.name},
        )
    if team.is_archived or not team.active:
        raise ValidationError(
            _("%(team)s is not active; choose another team."),
            code="team_inactive",
            params={"team": team.name},
        )


def teams_for(need):
    """The teams a need can be handed to: active teams of its street, by name."""
    return VolunteerTeam.objects.active().filter(street_id=need.street_id, active=True).order_by("name")


def hand_off(need, team: VolunteerTeam, user, note: str = "", due_on: date | None = None, title: str = ""):
    """Hand ``need`` to ``team`` as a task; the need goes on to "matched" if it was not yet.

    The caller has checked that ``user`` may manage the need. Refused with
    ValidationError (nothing stored) for a team of another street, a closed need,
    a due date in the past or too far, an over-long note, or a team that already
    has this need.
    """
    from needs.models import NeedEvent
    from needs.workflow import S, follow

    note = (note or "").strip()
    title = (title or need.title).strip()[:120]
    if not need.is_open or need.is_archived:
        raise TaskError(_("Only an open need can be handed to a team."), code="need_closed")
    check_team(need, team)
    check_due(due_on)
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("The note is at most %(n)d characters."), code="note_long", params={"n": NOTE_MAX}
        )
    validate_not_formula(title)
    if TeamTask.objects.live().active().filter(team=team, need=need).exists():
        raise TaskError(_("This need is already with this team."), code="duplicate")
    try:
        with transaction.atomic():
            task = TeamTask.objects.create(
                team=team, need=need, title=title, note=note, due_on=due_on, handed_over_by=user
            )
            line = gettext("%(team)s: %(title)s") % {"team": team.name, "title": title}
            if due_on:
                line += " · " + gettext("due %(day)s") % {"day": due_on.isoformat()}
            if note:
                line += "\n" + note
            NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.HANDOFF, note=line, actor=user)
            if need.status in (S.SUBMITTED, S.ACCEPTED):
                follow(need, S.MATCHED, user, gettext("Handed to %(team)s") % {"team": team.name})
            _notify_leader(task, need, user)
    except IntegrityError as exc:
        # Two hand-offs of the same need to the same team at once: the constraint kept one.
        raise TaskError(_("This need is already with this team."), code="duplicate") from exc
    return task


def _notify_leader(task: TeamTask, need, user) -> None:
    leader = task.team.leader
    if leader is None or not leader.is_active or leader.pk == getattr(user, "pk", None):
        return
    notify(
        [
            Message(
                recipient_id=leader.pk,
                kind="team_task",
                key=f"team-task:{task.pk}:handed",
                title=gettext("New task for %(team)s: %(title)s")
                % {"team": task.team.name, "title": task.title},
                body=task.note or need.title,
                url=reverse("volunteers:task_list") + f"#task-{task.pk}",
            )
        ]
    )


def targets(task: TeamTask) -> list[str]:
    """The statuses the task may take next, in order."""
    order = list(T.values)
    return sorted((to for (frm, to) in TASK_TRANSITIONS if frm == task.status), key=order.index)


def change_status(task: TeamTask, to: str, user, reason: str = "", expected_version: int | None = None):
    """Accept, decline (with a reason) or report a task done; the need's timeline records it.

    The caller has checked that ``user`` may answer for the task (its team's leader or
    the street's staff). Accepting moves the need on to "in progress" where the
    workflow allows it. Refused with TaskError for a change the table does not allow
    or a missing reason, with ConcurrentEditError when the task changed meanwhile.
    """
    from needs.models import NeedEvent
    from needs.workflow import S, follow

    reason = (reason or "").strip()
    if to not in T.values:
        raise TaskError(_("“%(to)s” is not a task status."), code="unknown", params={"to": str(to)[:30]})
    if len(reason) > REASON_MAX:
        raise TaskError(
            _("The reason is at most %(n)d characters."), code="reason_long", params={"n": REASON_MAX}
        )
    if to == T.DECLINED and not reason:
        raise TaskError(_("Say why the team declines this task."), code="reason")
    expected = task.version if expected_version is None else expected_version
    with transaction.atomic():
        current = TeamTask.objects.select_for_update().select_related("team", "need").get(pk=task.pk)
        if current.version != expected:
            raise ConcurrentEditError(task, expected)
        if (current.status, to) not in TASK_TRANSITIONS:
            raise TaskError(
                _("A task that is “%(from)s” cannot become “%(to)s”."),
                code="not_allowed",
                params={"from": current.get_status_display(), "to": T(to).label},
            )
        current.status = to
        current.reason = reason
        current.answered_by = user
        current.answered_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "reason", "answered_by", "answered_at", "version", "updated"])
        line = gettext("%(team)s: %(title)s — %(status)s") % {
            "team": current.team.name,
            "title": current.title,
            "status": T(to).label,
        }
        if reason:
            line += "\n" + reason
        need = current.need
        NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.TASK, note=line, actor=user)
        if to in (T.ACCEPTED, T.DONE) and need.status in (S.ACCEPTED, S.MATCHED):
            follow(need, S.IN_PROGRESS, user, gettext("%(team)s took it on") % {"team": current.team.name})
        _notify_answer(current, need, user)
    for name in ("status", "reason", "answered_by", "answered_at", "version"):
        setattr(task, name, getattr(current, name))
    return task


def _notify_answer(task: TeamTask, need, user) -> None:
    """The staff member who handed the task over and the need's assignee hear the team's answer."""
    recipients = {task.handed_over_by_id, need.assignee_id} - {None, getattr(user, "pk", None)}
    title = gettext("%(team)s: task “%(title)s” is %(status)s") % {
        "team": task.team.name,
        "title": task.title,
        "status": task.get_status_display(),
    }
    notify(
        Message(
            recipient_id=r,
            kind="team_task_answer",
            key=f"team-task:{task.pk}:{task.status}",
            title=title,
            body=task.reason,
            url=reverse("needs:detail", kwargs={"pk": need.pk}),
        )
        for r in sorted(recipients)
    )
