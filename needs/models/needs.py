"""Needs (需求清單): the need, its timeline and attachments, and the streets' response deadlines."""

import hashlib
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula, validate_phone
from hongqiao.models import TimeStampedModel


class Category(models.TextChoices):
    """The eight kinds of need the street handles, and "other"."""

    CONSULTING = "consulting", _("consulting services")
    CHARITY = "charity", _("charity and care")
    CULTURE_SPORTS = "culture_sports", _("culture/sports/fitness")
    VENUE = "venue", _("venue rental")
    TRAINING = "training", _("training services")
    MEDICAL = "medical", _("medical")
    SOCIAL = "social", _("white-collar social")
    RECRUITMENT = "recruitment", _("staff recruitment")
    OTHER = "other", _("other")


# Used when a street has not configured a category's response deadline.
DEFAULT_RESPONSE_HOURS = 7 * 24
# The last share of the deadline in which an open need counts as "at risk".
AT_RISK_SHARE = 0.25


def _secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ResponseDeadline(TimeStampedModel):
    """How long a street gives itself to resolve a need of one category."""

    Category = Category

    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.CASCADE,
        related_name="need_deadlines",
        verbose_name=_("street"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    hours = models.PositiveIntegerField(
        _("response deadline (hours)"),
        default=DEFAULT_RESPONSE_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 365)],
    )

    objects = StreetScopedQuerySet.as_manager()

    class Meta:
        ordering = ["street__name", "category"]
        verbose_name = _("response deadline")
        verbose_name_plural = _("response deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "category"],
                name="need_deadline_once_per_street_category",
                violation_error_message=_("This street already has a deadline for this category."),
            ),
            models.CheckConstraint(
                name="need_deadline_hours_range",
                condition=Q(hours__gte=1, hours__lte=24 * 365),
                violation_error_message=_("A deadline is between 1 hour and one year."),
            ),
        ]

    def __str__(self):
        return f"{self.street} · {self.get_category_display()} · {self.hours}h"

    @classmethod
    def hours_for(cls, street_id, category) -> int:
        """The configured deadline, or the default. One query."""
        row = (
            cls.objects.filter(street_id=street_id, category=category).values_list("hours", flat=True).first()
        )
        return row or DEFAULT_RESPONSE_HOURS


def local_day_bounds(start=None, end=None):
    """Aware datetimes [start 00:00, end + 1 day 00:00) in local time for inclusive local dates."""
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz) if start else None
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz) if end else None
    return lo, hi


def handled_condition(start=None, end=None) -> Q:
    """The condition of NeedQuerySet.handled_in, for filtered aggregates."""
    lo, hi = local_day_bounds(start, end)
    condition = Q(status__in=Need.HANDLED_STATUSES)
    if lo is not None:
        condition &= Q(resolved_at__gte=lo)
    if hi is not None:
        condition &= Q(resolved_at__lt=hi)
    return condition


def breached_condition(now=None) -> Q:
    """Open and due at or before now: a deadline equal to now is breached, as in Need.sla_state
    (now >= due_at) and the breach notifications."""
    return Q(status__in=Need.OPEN_STATUSES, due_at__lte=now or timezone.now())


class NeedQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def visible_to(self, user):
        """Staff see their street; a cadre sees the needs they raised or are assigned."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(Q(raised_by=user) | Q(assignee=user))
        return super().visible_to(user)

    def editable_by(self, user):
        """Staff change their street's needs; a cadre the ones they raised or are assigned."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(Q(raised_by=user) | Q(assignee=user))
        return super().editable_by(user)

    def open(self):
        return self.filter(status__in=Need.OPEN_STATUSES)

    def handled_in(self, start=None, end=None):
        """Needs handled (resolved or closed) in the local dates start..end, both inclusive:
        resolved_at in [start 00:00, end + 1 day 00:00) Asia/Shanghai. A bound left None is open.
        The one definition for the dashboard, the needs figures, cadre reports and ratings."""
        return self.filter(handled_condition(start, end))

    def breached(self, now=None):
        """Open needs past their deadline: see breached_condition."""
        return self.filter(breached_condition(now))

    def with_list_relations(self):
        """What the list page, the export and the API show of each row."""
        return self.select_related(
            "street", "organization", "organization__building", "residential_area", "assignee", "raised_by"
        )

    def sla(self, state, now=None):
        """Open needs in one SLA state (on_track, at_risk, breached), in the database."""
        now = now or timezone.now()
        qs = self.open()
        if state == Need.SLA.BREACHED:
            return qs.filter(breached_condition(now))
        if state == Need.SLA.AT_RISK:
            return qs.filter(due_at__gt=now, at_risk_at__lte=now)
        if state == Need.SLA.ON_TRACK:
            return qs.filter(at_risk_at__gt=now)
        return qs


class Need(TimeStampedModel, VersionedModel, ArchivableModel):
    """A need (需求) raised by an organization or residents, tracked until it is resolved."""

    Category = Category

    class Source(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone")
        WALK_IN = "walk_in", _("Walk-in")
        ONLINE = "online", _("Online form")

    class Urgency(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        MATCHED = "matched", _("Matched")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class SLA(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        BREACHED = "breached", _("Breached")

    OPEN_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.MATCHED, Status.IN_PROGRESS)
    HANDLED_STATUSES = (Status.RESOLVED, Status.CLOSED)

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    street = models.ForeignKey(
        "organizations.Street", on_delete=models.PROTECT, related_name="needs", verbose_name=_("street")
    )
    organization = models.ForeignKey(
        "organizations.TwoNewOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("organization"),
    )
    residential_area = models.ForeignKey(
        "organizations.ResidentialArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("residential area"),
        help_text=_("For a residents' need, instead of an organization."),
    )
    requester_name = models.CharField(
        _("requesting unit (as given)"),
        max_length=100,
        blank=True,
        validators=[validate_not_formula],
        help_text=_("The unit's name as the public form received it."),
    )
    visit = models.ForeignKey(
        "crossposts.Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("visit"),
        help_text=_("The visit the need was raised on."),
    )
    source = models.CharField(_("came in by"), max_length=10, choices=Source.choices, default=Source.VISIT)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=120, validators=[validate_not_formula])
    description = models.TextField(_("description"), max_length=4000, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, editable=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_needs",
        verbose_name=_("assignee"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_needs",
        verbose_name=_("raised by"),
        editable=False,
    )
    contact_name = models.CharField(
        _("contact person"), max_length=50, blank=True, validators=[validate_not_formula]
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    due_at = models.DateTimeField(_("due"), editable=False)
    at_risk_at = models.DateTimeField(_("at risk from"), editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True, editable=False)
    secret_digest = models.CharField(_("status secret (digest)"), max_length=64, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("satisfaction comment"), max_length=2000, blank=True, editable=False)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)

    objects = NeedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                name="need_has_requester",
                condition=Q(organization__isnull=False)
                | Q(residential_area__isnull=False)
                | ~Q(requester_name=""),
                violation_error_message=_(
                    "Name the organization, the residential area or the requesting unit."
                ),
            ),
            models.CheckConstraint(
                name="need_org_or_area_not_both",
                condition=Q(organization__isnull=True) | Q(residential_area__isnull=True),
                violation_error_message=_(
                    "A need comes from an organization or a residential area, not both."
                ),
            ),
            models.CheckConstraint(
                name="need_handled_has_resolved_at",
                condition=~Q(status__in=["resolved", "closed"]) | Q(resolved_at__isnull=False),
                violation_error_message=_("A resolved need records when it was resolved."),
            ),
            models.UniqueConstraint(
                fields=["visit", "category", "title"],
                condition=Q(visit__isnull=False),
                name="need_once_per_visit_title",
                violation_error_message=_("This visit already raised a need with this title."),
            ),
            models.CheckConstraint(
                name="need_visit_only_from_visits",
                condition=Q(visit__isnull=True) | Q(source="visit"),
                violation_error_message=_("Only a need that came in on a visit links to a visit."),
            ),
            models.CheckConstraint(
                name="need_rating_range",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                violation_error_message=_("A rating is between 1 and 5."),
            ),
            models.CheckConstraint(
                name="need_due_after_risk",
                condition=Q(at_risk_at__lte=models.F("due_at")),
                violation_error_message=_("The at-risk time comes before the deadline."),
            ),
        ]
        indexes = [
            # The list page's default view and the filters: a street's needs by status.
            models.Index(fields=["street", "status", "-created"], name="need_by_street_status"),
            # The needs list page and /api/v1/needs/ unfiltered: a street's needs newest first.
            models.Index(
                fields=["street", "-created", "-id"], condition=Q(archived_at__isnull=True), name="need_list"
            ),
            # send_breach_notifications: open needs past their deadline.
            models.Index(
                fields=["due_at"],
                condition=Q(status__in=["submitted", "accepted", "matched", "in_progress"]),
                name="need_open_due",
            ),
            # The figures: needs resolved in a period.
            models.Index(fields=["street", "resolved_at"], name="need_resolved_by_street"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    # --- derived state -------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def sla_state(self, now=None):
        """On track / at risk / breached for an open need; None once it is no longer open."""
        if not self.is_open:
            return None
        now = now or timezone.now()
        if now >= self.due_at:
            return self.SLA.BREACHED
        if now >= self.at_risk_at:
            return self.SLA.AT_RISK
        return self.SLA.ON_TRACK

    def get_sla_display(self):
        state = self.sla_state()
        return self.SLA(state).label if state else ""

    @property
    def sla_tag(self) -> str:
        return {self.SLA.ON_TRACK: "tag-ok", self.SLA.AT_RISK: "tag-warn", self.SLA.BREACHED: "tag-bad"}.get(
            self.sla_state(), ""
        )

    @property
    def requester(self) -> str:
        return str(self.organization or self.residential_area or self.requester_name)

    @property
    def building(self):
        return self.organization.building if self.organization_id else None

    # --- setting up ----------------------------------------------------------

    def set_deadline(self, hours: int, start=None) -> None:
        start = start or self.created or timezone.now()
        self.due_at = start + timedelta(hours=hours)
        self.at_risk_at = self.due_at - timedelta(hours=hours * AT_RISK_SHARE)

    def issue_secret(self) -> str:
        """A new secret for the public status page; only its digest is stored."""
        secret = secrets.token_urlsafe(9)
        self.secret_digest = _secret_digest(secret)
        return secret

    def secret_matches(self, secret: str) -> bool:
        return bool(self.secret_digest) and secrets.compare_digest(
            self.secret_digest, _secret_digest(secret or "")
        )


class NeedEvent(TimeStampedModel):
    """One line of a need's timeline: a transition, a comment, a match, an edit."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Raised")
        TRANSITION = "transition", _("Status change")
        COMMENT = "comment", _("Comment")
        MATCH = "match", _("Matched to a resource")
        PROJECT = "project", _("Turned into a project")
        HANDOFF = "handoff", _("Handed to a volunteer team")
        TASK = "task", _("Team task")
        EVENT = "event", _("Turned into an event")
        ASSIGN = "assign", _("Assigned")
        EDIT = "edit", _("Edited")
        ATTACHMENT = "attachment", _("Attachment")
        RATING = "rating", _("Satisfaction rating")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events", verbose_name=_("need"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=Need.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Need.Status.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="need_events",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        constraints = [
            models.CheckConstraint(
                name="needevent_transition_has_statuses",
                condition=~Q(kind="transition") | (~Q(from_status="") & ~Q(to_status="")),
                violation_error_message=_("A status change names both statuses."),
            ),
        ]

    def __str__(self):
        return f"{self.need_id} {self.get_kind_display()}"


ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "txt"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_attachment_size(upload):
    from django.core.exceptions import ValidationError

    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("An attachment may be at most 10 MB."), code="too_big")


class NeedAttachment(TimeStampedModel):
    """A file attached to a need (a letter, a photo, a list)."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("need")
    )
    file = models.FileField(
        _("file"),
        upload_to="needs/%Y/%m/",
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_not_formula])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="need_attachments",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name
