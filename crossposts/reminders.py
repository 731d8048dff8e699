"""Who is reminded of which visit, and when: the reminder rules, separate from how they are sent.

Each function reads everything it needs in a fixed number of queries and hands
the messages to ``core.notifications.notify_many``, whose unique (recipient, key)
constraint makes a second run on the same day send nothing new.

A city has about 100,000 active assignments, so the rows are read as tuples (no
model instances), the texts are translated once and formatted per row, and the
links are reversed once.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from accounts.models import User
from core.notifications import Message, notify_many
from crossposts.models import Assignment, assignment_due_date

DUE_WITHIN_DAYS = 3
ESCALATE_AFTER_DAYS = 14
DIGEST_DAYS = 7
# The escalation digest names the longest overdue organizations, up to this many.
DIGEST_WORST = 5
# A primary key no row has, replaced in a link reversed once.
_PK = 2147483647


def _active_assignments(due_by):
    """Assignments to remind about, as tuples (one query): active, organization in the ledger,
    cadre active. Each row: (id, cadre_id, cadence_days, last_visited_on, created,
    organization_id, organization name, street_id)."""
    return (
        Assignment.objects.due_by(due_by)
        .filter(
            active=True,
            cadre__is_active=True,
            organization__archived_at__isnull=True,
            organization__status="active",
        )
        .order_by("id")
        .values_list(
            "id",
            "cadre_id",
            "cadence_days",
            "last_visited_on",
            "created",
            "organization_id",
            "organization__name",
            "organization__street_id",
        )
    )


# Assignment.next_due_on on a row: the one rule, in local dates.
_due = assignment_due_date


def _link(name, **kwargs):
    """A URL pattern reversed once: returns a function of the primary key."""
    head, _sep, tail = reverse(name, kwargs=dict.fromkeys(kwargs, _PK)).partition(str(_PK))
    return lambda pk: f"{head}{pk}{tail}"


def visit_reminder_messages(today: date) -> list[Message]:
    """One message per assignment due within 3 days or overdue, to its cadre; to each staff
    member of a street with visits more than 14 days overdue, one digest a day.

    Two queries whatever the number of assignments: the assignments, and the staff of the
    streets concerned.
    """
    messages = []
    # street_id → [(days late, organization name)] of visits more than 14 days overdue
    late_by_street = defaultdict(list)
    visit_form = _link("mobile:visit_new", org=0)
    with override("zh-hans"):
        overdue_title, today_title, soon_title = (
            _("Visit overdue: %(org)s"),
            _("Visit due today: %(org)s"),
            _("Visit due soon: %(org)s"),
        )
        overdue_body, today_body, soon_body = (
            _("The visit was due on %(day)s (%(n)s days ago)."),
            _("The visit is due today."),
            _("The visit is due on %(day)s."),
        )
        for pk, cadre_id, cadence, last, created, org_id, org_name, street_id in _active_assignments(
            today + timedelta(days=DUE_WITHIN_DAYS)
        ):
            due = _due(cadence, last, created)
            days = (due - today).days
            if days > DUE_WITHIN_DAYS:
                continue
            if days < 0:
                title = overdue_title % {"org": org_name}
                body = overdue_body % {"day": due.isoformat(), "n": -days}
                if -days > ESCALATE_AFTER_DAYS:
                    late_by_street[street_id].append((-days, org_name))
            elif days == 0:
                title, body = today_title % {"org": org_name}, today_body
            else:
                title = soon_title % {"org": org_name}
                body = soon_body % {"day": due.isoformat()}
            messages.append(
                Message(
                    recipient_id=cadre_id,
                    kind="visit_due",
                    key=f"visit-due:{pk}:{today.isoformat()}",
                    title=title,
                    body=body,
                    url=visit_form(org_id),
                )
            )
        if late_by_street:
            messages += _escalation_digests(today, late_by_street)
    return messages


def _escalation_digests(today, late_by_street) -> list[Message]:
    """One message a day to each staff member of a street: how many visits are more than 14 days
    overdue, how many crossed that line since yesterday, the longest overdue, and a link to the
    street's overdue list (the dashboard's drill-down)."""
    drill = reverse("reports:drill", kwargs={"key": "overdue_assignments"})
    staff = User.objects.filter(
        role=User.Role.STAFF, is_active=True, street_id__in=late_by_street
    ).values_list("id", "street_id", "street__name")
    messages = []
    for staff_id, street_id, street_name in staff:
        late = late_by_street[street_id]
        n = len(late)
        new = sum(1 for days, _name in late if days == ESCALATE_AFTER_DAYS + 1)
        worst = sorted(late, key=lambda row: (-row[0], row[1]))[:DIGEST_WORST]
        lines = [
            ngettext(
                "In %(street)s, %(n)s assigned organization has not been visited for more than "
                "14 days after its visit was due (%(new)s since yesterday).",
                "In %(street)s, %(n)s assigned organizations have not been visited for more than "
                "14 days after their visit was due (%(new)s since yesterday).",
                n,
            )
            % {"street": street_name, "n": n, "new": new},
            _("The longest overdue:"),
        ]
        lines += [_("%(org)s: %(n)s days") % {"org": name, "n": days} for days, name in worst]
        messages.append(
            Message(
                recipient_id=staff_id,
                kind="visit_escalation",
                # One digest per street and day, however many visits are late.
                key=f"visit-escalation:{street_id}:{today.isoformat()}",
                title=ngettext(
                    "%(n)s visit more than 14 days overdue",
                    "%(n)s visits more than 14 days overdue",
                    n,
                )
                % {"n": n},
                body="\n".join(lines),
                url=f"{drill}?street={street_id}",
            )
        )
    return messages


def send_visit_reminders(today: date | None = None) -> int:
    """Send the day's visit reminders and escalation digests; returns how many notifications were new."""
    today = today or timezone.localdate()
    return notify_many(visit_reminder_messages(today))


def visit_digest_messages(today: date) -> list[Message]:
    """Each cadre with visits due in the coming week gets one digest, keyed by ISO week (one query)."""
    end = today + timedelta(days=DIGEST_DAYS)
    year, week, _day = today.isocalendar()
    by_cadre = defaultdict(list)
    for _pk, cadre_id, cadence, last, created, _org, org_name, _street in _active_assignments(end):
        due = _due(cadence, last, created)
        if due <= end:
            by_cadre[cadre_id].append((due, org_name))
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
    return notify_many(visit_digest_messages(today))
