"""Dual report (双报告): a cross-post cadre's quarterly report to both units, filled from the records.

The figures of a report (visits made, needs handled, events joined) are counted
from the records, never typed. Who may read a report and mark it received is
``CadreReport.objects.visible_to`` and ``receivable_sides`` below; the reminder
rule is ``report_reminder_messages``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cadre_reports.models import CadreReport
from core.notifications import Message, notify
from crossposts.models import CrossPost
from organizations.models import LEVEL_ORDER, PartyOrganization
from organizations.periods import Quarter

# A quarter's report is due this many days after the quarter ends; reminders go out after that.
REPORT_DUE_DAYS = 15
# How many past quarters the reminder looks back over (older gaps are left to staff).
LOOKBACK_QUARTERS = 4


def due_on(quarter: Quarter) -> date:
    """The last day to submit the report of ``quarter``."""
    return quarter.end + timedelta(days=REPORT_DUE_DAYS)


def quarter_of(report: CadreReport) -> Quarter:
    return Quarter(report.year, report.quarter)


def held_during(cross_post: CrossPost, quarter: Quarter) -> bool:
    """Whether the appointment ran for at least part of the quarter."""
    return cross_post.term_start <= quarter.end and (
        cross_post.term_end is None or cross_post.term_end >= quarter.start
    )


def unit_party_organization(area=None, building=None) -> PartyOrganization | None:
    """A unit's party organization: a residential area's general branch, a building's joint branch."""
    if area is not None:
        return area.party_organizations.order_by(LEVEL_ORDER, "name").first()
    if building is not None:
        return building.party_organizations.order_by("-kind", LEVEL_ORDER, "name").first()
    return None


# --- Figures from the records ----------------------------------------------------------------


@dataclass
class ReportFigures:
    visits_made: int
    needs_handled: int
    events_joined: int


def figures_from_records(cadre, quarter: Quarter) -> ReportFigures:
    """The cadre's visits, needs handled and events joined in the quarter (three queries)."""
    from crossposts.models import Visit
    from events.models import Attendance
    from needs.models import Need

    start, end = quarter.aware_bounds()
    visits = Visit.objects.filter(cadre=cadre).in_period(quarter.start, quarter.end).count()
    # Archived needs are in no figure (the dashboard's, the needs figures'): not here either.
    needs = (
        Need.objects.filter(Q(assignee=cadre) | Q(raised_by=cadre) | Q(visit__cadre=cadre))
        .active()
        .handled_in(quarter.start, quarter.end)
        .distinct()
        .count()
    )
    events = (
        Attendance.objects.filter(
            registration__user=cadre, event__starts_at__gte=start, event__starts_at__lt=end
        )
        .values("event_id")
        .distinct()
        .count()
    )
    return ReportFigures(visits, needs, events)


# --- The rules -------------------------------------------------------------------------------


def start_report(cross_post: CrossPost, quarter: Quarter) -> CadreReport:
    """The cadre's report for an appointment and quarter: the existing one, or a new draft."""
    if not held_during(cross_post, quarter):
        raise ValidationError(_("The appointment did not run in %(quarter)s.") % {"quarter": quarter})
    if quarter.start > timezone.localdate():
        raise ValidationError(_("A quarter that has not begun cannot be reported on."))
    report, created = CadreReport.objects.get_or_create(
        cross_post=cross_post,
        year=quarter.year,
        quarter=quarter.number,
        defaults={
            "cadre_id": cross_post.cadre_id,
            "home_party_organization": unit_party_organization(
                cross_post.home_area, cross_post.home_building
            ),
            "across_party_organization": unit_party_organization(
                cross_post.across_area, cross_post.across_building
            ),
        },
    )
    if created or report.status == CadreReport.Status.DRAFT:
        refresh_figures(report)
    return report


def refresh_figures(report: CadreReport) -> CadreReport:
    """Count the figures again from the records (drafts only: a submitted report is what was sent)."""
    figures = figures_from_records(report.cadre, quarter_of(report))
    report.visits_made = figures.visits_made
    report.needs_handled = figures.needs_handled
    report.events_joined = figures.events_joined
    CadreReport.objects.filter(pk=report.pk).update(
        visits_made=figures.visits_made,
        needs_handled=figures.needs_handled,
        events_joined=figures.events_joined,
    )
    return report


def narrative_error(text: str) -> str | None:
    text = (text or "").strip()
    if len(text) < 10:
        return _("Write at least a few sentences on your work in both units.")
    if len(text) > 4000:
        return _("The report is at most 4,000 characters.")
    return None


def submit(report: CadreReport, narrative: str, expected_version: int | None = None) -> CadreReport:
    """Submit a draft: the figures are counted a last time and the report goes to both units."""
    if report.status != CadreReport.Status.DRAFT:
        raise ValidationError(_("This report has already been submitted."))
    error = narrative_error(narrative)
    if error:
        raise ValidationError({"narrative": error})
    refresh_figures(report)
    report.narrative = narrative.strip()
    report.status = CadreReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save_checked(report.version if expected_version is None else expected_version)
    _notify_submitted(report)
    return report


def save_draft(report: CadreReport, narrative: str, expected_version: int | None = None) -> CadreReport:
    if report.status != CadreReport.Status.DRAFT:
        raise ValidationError(_("This report has already been submitted."))
    if len(narrative or "") > 4000:
        raise ValidationError({"narrative": _("The report is at most 4,000 characters.")})
    refresh_figures(report)
    report.narrative = (narrative or "").strip()
    report.save_checked(report.version if expected_version is None else expected_version)
    return report


def receivable_sides(report: CadreReport, user) -> list[str]:
    """Which of the two addressed units ``user`` may mark the report received for."""
    if report.status != CadreReport.Status.SUBMITTED or not user.is_authenticated:
        return []
    staff = user.is_portal_admin or (user.is_street_staff and user.street_id == report.cadre.street_id)
    sides = []
    home = report.home_party_organization
    across = report.across_party_organization
    if report.home_received_at is None and (
        staff or (home is not None and home.secretary_user_id == user.pk)
    ):
        sides.append("home")
    if report.across_received_at is None and (
        staff or (across is not None and across.secretary_user_id == user.pk)
    ):
        sides.append("across")
    return sides


def mark_received(report: CadreReport, user, side: str | None = None) -> list[str]:
    """Mark the report received for the units this user answers for (or for ``side`` only)."""
    sides = receivable_sides(report, user)
    if side is not None:
        sides = [s for s in sides if s == side]
    if not sides:
        raise ValidationError(_("You cannot mark this report received, or it already is."))
    now = timezone.now()
    for s in sides:
        setattr(report, f"{s}_received_at", now)
        setattr(report, f"{s}_received_by", user)
    report.save(
        update_fields=[f"{s}_{f}" for s in sides for f in ("received_at", "received_by")] + ["updated"]
    )
    return sides


def _notify_submitted(report: CadreReport) -> None:
    recipients = {
        org.secretary_user_id
        for org in (report.home_party_organization, report.across_party_organization)
        if org is not None and org.secretary_user_id
    }
    if not recipients:
        return
    with override("zh-hans"):
        title = _("Cadre report received: %(cadre)s, %(quarter)s") % {
            "cadre": report.cadre.get_full_name() or report.cadre.username,
            "quarter": quarter_of(report).label,
        }
        body = _("A cross-post cadre has reported to your unit. Read it and mark it received.")
    url = reverse("cadre_reports:detail", args=[report.pk])
    notify(
        [
            Message(rid, "cadre_report", f"cadre-report-submitted:{report.pk}", title, body, url)
            for rid in recipients
        ]
    )


# --- Reminders -------------------------------------------------------------------------------


def overdue_quarters(today: date) -> list[Quarter]:
    """The recent quarters whose report is past due on ``today``, newest first."""
    quarters, quarter = [], Quarter.containing(today).previous()
    while len(quarters) < LOOKBACK_QUARTERS:
        if due_on(quarter) < today:
            quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


def report_reminder_messages(today: date) -> list[Message]:
    """One reminder per appointment and overdue quarter without a submitted report, to the cadre.

    Two queries whatever the number of cadres: the appointments, and the reports already submitted.
    """
    quarters = overdue_quarters(today)
    oldest = quarters[-1]
    posts = list(
        CrossPost.objects.filter(active=True, cadre__is_active=True, term_start__lte=quarters[0].end)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=oldest.start))
        .only("id", "cadre_id", "term_start", "term_end")
        .order_by("id")
    )
    submitted = set(
        CadreReport.objects.filter(cross_post__in=[p.pk for p in posts], status=CadreReport.Status.SUBMITTED)
        .filter(year__gte=oldest.year)
        .values_list("cross_post_id", "year", "quarter")
    )
    messages = []
    with override("zh-hans"):
        for post in posts:
            for quarter in quarters:
                if not held_during(post, quarter) or (post.pk, quarter.year, quarter.number) in submitted:
                    continue
                messages.append(
                    Message(
                        recipient_id=post.cadre_id,
                        kind="cadre_report_overdue",
                        key=f"cadre-report-overdue:{post.pk}:{quarter.key}",
                        title=_("Report overdue: %(quarter)s") % {"quarter": quarter.label},
                        body=_("Your report on %(quarter)s to both units was due on %(day)s.")
                        % {"quarter": quarter.label, "day": due_on(quarter).isoformat()},
                        url=reverse("cadre_reports:form", args=[post.pk, quarter.key]),
                    )
                )
    return messages


def send_report_reminders(today: date | None = None) -> int:
    """Send the overdue-report reminders; a second run the same day sends nothing new."""
    messages = report_reminder_messages(today or timezone.localdate())
    return len(notify(messages)) if messages else 0


# --- Figures for the dashboard ---------------------------------------------------------------


@dataclass
class ReportPeriodFigures:
    quarter: Quarter
    due: int
    submitted: int
    received: int


def report_figures(user, quarter: Quarter | None = None) -> ReportPeriodFigures:
    """Cadre reports due, submitted and received (by both units) for a quarter, in ``user``'s scope."""
    quarter = quarter or Quarter.current().previous()
    posts = (
        CrossPost.objects.visible_to(user)
        .filter(active=True, term_start__lte=quarter.end)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=quarter.start))
    )
    # Counts over the appointments in the user's scope (the district sees how many, not the reports).
    reports = CadreReport.objects.filter(
        cross_post__in=posts, year=quarter.year, quarter=quarter.number, status=CadreReport.Status.SUBMITTED
    )
    return ReportPeriodFigures(
        quarter=quarter,
        due=posts.count(),
        submitted=reports.count(),
        received=reports.filter(home_received_at__isnull=False, across_received_at__isnull=False).count(),
    )
