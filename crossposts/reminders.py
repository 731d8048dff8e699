"""Who is reminded of which visit, and when: the reminder rules, separate from how they are sent.

Each function reads everything it needs in a fixed number of queries and hands
the messages to ``core.notifications.notify``, whose unique (recipient, key)
constraint makes a second run on the same day send nothing new.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from core.notifications import Message, notify
from crossposts.models import Assignment

DUE_WITHIN_DAYS = 3
ESCALATE_AFTER_DAYS = 14
DIGEST_DAYS = 7


def _active_assignments():
    """Assignments to remind about (one query): active, organization in the ledger, cadre active."""
    return (
        Assignment.objects.filter(
            active=True,
            cadre__is_active=True,
            organization__archived_at__isnull=True,
            organization__status="active",
        )
        .select_related("organization")
        .only(
            "id",
            "cadre_id",
            "cadence_days",
            "last_visited_on",
            "created",
            "organization__id",
            "organization__name",
            "organization__street_id",
        )
        .order_by("id")
    )


def _due(a: Assignment) -> date:
    return a.next_due_on or timezone.localdate()


def visit_reminder_messages(today: date) -> list[Message]:
    """One message per assignment due within 3 days or overdue; escalations for 14 days overdue.

    Two queries whatever the number of assignments: the assignments, and the staff of the
    streets concerned.
    """
    messages, escalate = [], []
    with override("zh-hans"):
        for a in _active_assignments():
            due = _due(a)
            days = (due - today).days
            if days > DUE_WITHIN_DAYS:
                continue
            org = a.organization
            if days < 0:
                title = _("Visit overdue: %(org)s") % {"org": org.name}
                body = _("The visit was due on %(day)s (%(n)s days ago).") % {
                    "day": due.isoformat(),
                    "n": -days,
                }
            elif days == 0:
                title = _("Visit due today: %(org)s") % {"org": org.name}
                body = _("The visit is due today.")
            else:
                title = _("Visit due soon: %(org)s") % {"org": org.name}
                body = _("The visit is due on %(day)s.") % {"day": due.isoformat()}
            messages.append(
                Message(
                    recipient_id=a.cadre_id,
                    kind="visit_due",
                    key=f"visit-due:{a.pk}:{today.isoformat()}",
                    title=title,
                    body=body,
                    url=reverse("mobile:visit_new", kwargs={"org": org.pk}),
                )
            )
            if -days > ESCALATE_AFTER_DAYS:
                escalate.append((a, due, -days))
        if escalate:
            staff_by_street = defaultdict(list)
            street_ids = {a.organization.street_id for a, _due_day, _n in escalate}
            for user_id, street_id in User.objects.filter(
                role=User.Role.STAFF, is_active=True, street_id__in=street_ids
            ).values_list("id", "street_id"):
                staff_by_street[street_id].append(user_id)
            for a, due, late in escalate:
                for staff_id in staff_by_street[a.organization.street_id]:
                    messages.append(
                        Message(
                            recipient_id=staff_id,
                            kind="visit_escalation",
                            # Once per missed due date, not every day.
                            key=f"visit-escalation:{a.pk}:{due.isoformat()}",
                            title=_("Visit more than 14 days overdue: %(org)s")
                            % {"org": a.organization.name},
                            body=_("The assigned cadre's visit was due on %(day)s, %(n)s days ago.")
                            % {"day": due.isoformat(), "n": late},
                            url=reverse("crossposts:assignments") + f"?cadre={a.cadre_id}",
                        )
                    )
    return messages


def send_visit_reminders(today: date | None = None) -> int:
    """Send the day's visit reminders and escalations; returns how many notifications were new."""
    today = today or timezone.localdate()
    return len(notify(visit_reminder_messages(today)))


def visit_digest_messages(today: date) -> list[Message]:
    """Each cadre with visits due in the coming week gets one digest, keyed by ISO week (one query)."""
    end = today + timedelta(days=DIGEST_DAYS)
    year, week, _day = today.isocalendar()
    by_cadre = defaultdict(list)
    for a in _active_assignments():
        due = _due(a)
        if due <= end:
            by_cadre[a.cadre_id].append((due, a.organization.name))
    messages = []
    with override("zh-hans"):
        for cadre_id, rows in by_cadre.items():
            rows.sort()
            overdue = _("overdue")
            lines = [
                f"{due.isoformat()} {name}" + (f" ({overdue})" if due < today else "") for due, name in rows
            ]
            messages.append(
                Message(
                    recipient_id=cadre_id,
                    kind="visit_digest",
                    key=f"visit-digest:{year}-W{week:02d}",
                    title=_("This week's visits: %(n)s") % {"n": len(rows)},
                    body="\n".join(lines),
                    url=reverse("mobile:home"),
                )
            )
    return messages


def send_visit_digests(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return len(notify(visit_digest_messages(today)))
