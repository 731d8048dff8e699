"""The need workflow: which status may follow which, who may move it, and the one function that does.

Pages, the API action ``POST /api/v1/needs/{id}/transition/`` and the admin all
call ``transition()``; nothing else changes ``Need.status``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ConcurrentEditError
from needs.models import Need, NeedEvent

S = Need.Status

# (from, to) pairs that are allowed; everything else is refused.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (S.SUBMITTED, S.ACCEPTED),
        (S.SUBMITTED, S.MATCHED),
        (S.SUBMITTED, S.REJECTED),
        (S.SUBMITTED, S.WITHDRAWN),
        (S.ACCEPTED, S.MATCHED),
        (S.ACCEPTED, S.IN_PROGRESS),
        (S.ACCEPTED, S.REJECTED),
        (S.ACCEPTED, S.WITHDRAWN),
        (S.MATCHED, S.IN_PROGRESS),
        (S.MATCHED, S.WITHDRAWN),
        (S.IN_PROGRESS, S.RESOLVED),
        (S.IN_PROGRESS, S.WITHDRAWN),
        (S.RESOLVED, S.CLOSED),
        (S.RESOLVED, S.IN_PROGRESS),
    }
)

# Target statuses that need a reason in the note.
REASON_REQUIRED = frozenset({S.REJECTED, S.WITHDRAWN})

# What a cross-post cadre may do on a need they raised or are assigned (staff may do everything).
CADRE_TARGETS = frozenset({S.IN_PROGRESS, S.RESOLVED, S.WITHDRAWN})


class TransitionError(ValidationError):
    """A status change that is not allowed; nothing was changed."""


def allowed_pairs_from(status) -> list[str]:
    return [to for (frm, to) in sorted(TRANSITIONS) if frm == status]


def targets_for(user, need: Need) -> list[str]:
    """The statuses this user may move the need to now, in workflow order (no query: role checks only)."""
    order = list(S.values)
    targets = sorted(allowed_pairs_from(need.status), key=order.index)
    if user.is_cadre:
        targets = [t for t in targets if t in CADRE_TARGETS]
        if need.raised_by_id != user.pk:
            targets = [t for t in targets if t != S.WITHDRAWN]
        if need.assignee_id != user.pk:
            targets = [t for t in targets if t not in (S.IN_PROGRESS, S.RESOLVED)]
    elif not user.can_manage_street_records:
        targets = []
    return targets


def check(need: Need, to: str, user, note: str = "") -> None:
    """Raise TransitionError when ``user`` may not move ``need`` to ``to`` with this note."""
    if to not in S.values:
        raise TransitionError(_("“%(to)s” is not a status."), code="unknown", params={"to": str(to)[:30]})
    if (need.status, to) not in TRANSITIONS:
        raise TransitionError(
            _("A need that is “%(from)s” cannot become “%(to)s”."),
            code="not_allowed",
            params={"from": need.get_status_display(), "to": S(to).label},
        )
    if to not in targets_for(user, need):
        raise TransitionError(
            _("You may not move this need to “%(to)s”."), code="forbidden", params={"to": S(to).label}
        )
    if to in REASON_REQUIRED and not (note or "").strip():
        raise TransitionError(_("Give a reason for this change."), code="reason")


def transition(need: Need, to: str, user, note: str = "", expected_version: int | None = None) -> Need:
    """Move ``need`` to ``to`` and put the change on its timeline.

    Refused with TransitionError when the pair is not allowed, the user may not
    make it or a required reason is missing; refused with ConcurrentEditError
    when the need changed since ``expected_version`` (default: the version in
    hand). Either way nothing is changed.
    """
    note = (note or "").strip()
    check(need, to, user, note)
    expected = need.version if expected_version is None else expected_version
    return _apply(need, to, user, note, expected)


def follow(need: Need, to: str, user, note: str = "") -> bool:
    """Move ``need`` to ``to`` as the consequence of another action the caller already allowed
    (a hand-off to a volunteer team, a team accepting its task), if the table allows it now.

    The pair must be in TRANSITIONS; the user's role is not checked again, because the team
    leader who accepts a task may not move needs otherwise. Returns False, changing nothing,
    when the need cannot make that move from its current status.
    """
    with transaction.atomic():
        # The row as stored, locked: the caller's copy may be older, and its other fields must not win.
        fresh = Need._base_manager.select_for_update().filter(pk=need.pk).first()
        if fresh is None or (fresh.status, to) not in TRANSITIONS:
            return False
        _apply(fresh, to, user, (note or "").strip(), fresh.version)
    for name in ("status", "version", "resolved_at", "closed_at", "status_reason", "updated"):
        setattr(need, name, getattr(fresh, name))
    return True


def _apply(need: Need, to: str, user, note: str, expected: int) -> Need:
    with transaction.atomic():
        # Re-read the row under the conditional update: a need moved meanwhile is a conflict.
        current = Need._base_manager.filter(pk=need.pk).values_list("version", "status").first()
        if current is None or current[0] != expected or current[1] != need.status:
            raise ConcurrentEditError(need, expected)
        before = need.status
        now = timezone.now()
        need.status = to
        if to == S.RESOLVED:
            need.resolved_at = now
        elif to == S.CLOSED:
            need.closed_at = now
        elif before == S.RESOLVED and to == S.IN_PROGRESS:
            need.resolved_at = None
        if to in REASON_REQUIRED or (before == S.RESOLVED and to == S.IN_PROGRESS):
            need.status_reason = note[:500]
        need.save_checked(expected)
        NeedEvent.objects.create(
            need=need, kind=NeedEvent.Kind.TRANSITION, from_status=before, to_status=to, note=note, actor=user
        )
    return need
