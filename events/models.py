"""Party-day events and other activities: planning, sign-up, check-in, photos and the record."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import ArchivableModel, ArchivableQuerySet, VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula
from hongqiao.models import TimeStampedModel


def new_token() -> str:
    """A URL-safe secret for check-in links and calendar feeds."""
    return secrets.token_urlsafe(24)


class EventQuerySet(StreetScopedQuerySet, ArchivableQuerySet):
    def visible_to(self, user):
        """Staff, district and admin see their street's events; cadres and team leaders
        see their street's events once published (drafts are the staff's)."""
        if not user.is_authenticated:
            return self.none()
        if user.can_read_street_records:
            return super().visible_to(user)
        if user.street_id:
            return self.filter(street_id=user.street_id).exclude(status=Event.Status.DRAFT)
        return self.none()

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def with_list_relations(self):
        """What the list page, the export and the API show of each row."""
        return self.select_related("street").prefetch_related("organizers", "participating_organizations")

    def with_counts(self):
        """Confirmed, waiting and attended counts as correlated subqueries: one query, no
        cross-product of registrations and attendances."""

        def count(model, **filters):
            rows = (
                model.objects.filter(event=models.OuterRef("pk"), **filters)
                .order_by()
                .values("event")
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)

        return self.annotate(
            confirmed_count=count(Registration, status=Registration.Status.CONFIRMED),
            waiting_count=count(Registration, status=Registration.Status.WAITLISTED),
            attended_count=count(Attendance),
        )


class Event(TimeStampedModel, VersionedModel, ArchivableModel):
    """A collective Party-day event or other activity run by one or more organizations."""

    class Kind(models.TextChoices):
        PARTY_DAY = "party_day", _("Collective Party-day event")
        ORGANIZATIONAL_LIFE = "org_life", _("Organizational life meeting")
        THEMED_STUDY = "study", _("Themed study")
        VOLUNTEER_SERVICE = "volunteer", _("Volunteer service")
        CULTURE_SPORTS = "culture", _("Culture and sports")
        LECTURE = "lecture", _("Lecture or training")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    street = models.ForeignKey(
        "organizations.Street", on_delete=models.PROTECT, related_name="events", verbose_name=_("street")
    )
    title = models.CharField(_("title"), max_length=120, validators=[validate_not_formula])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTY_DAY)
    theme = models.CharField(_("theme"), max_length=200, blank=True, validators=[validate_not_formula])
    organizers = models.ManyToManyField(
        "organizations.PartyOrganization",
        related_name="organized_events",
        verbose_name=_("organizers"),
        help_text=_("The party organizations that run the event, possibly across units."),
    )
    participating_organizations = models.ManyToManyField(
        "organizations.TwoNewOrganization",
        blank=True,
        related_name="events",
        verbose_name=_("participating two-new organizations"),
    )
    place = models.CharField(
        pgettext_lazy("event", "place"),
        max_length=200,
        blank=True,
        validators=[validate_not_formula],
        help_text=_("Where it happens; for a route, list its stops instead."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        pgettext_lazy("event", "capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Places; leave empty for no limit."),
    )
    signup_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField(pgettext_lazy("event", "description"), blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Written afterwards."))
    need = models.ForeignKey(
        "needs.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=True,
        related_name="made_events",
        verbose_name=_("from need"),
        editable=False,
    )
    checkin_token = models.CharField(_("check-in token"), max_length=64, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_events",
        verbose_name=_("created by"),
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start",
                condition=Q(ends_at__gte=models.F("starts_at")),
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                name="event_signup_window_order",
                condition=Q(signup_opens_at__isnull=True)
                | Q(signup_closes_at__isnull=True)
                | Q(signup_closes_at__gt=models.F("signup_opens_at")),
                violation_error_message=_("Sign-up must close after it opens."),
            ),
            models.CheckConstraint(
                name="event_capacity_positive",
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                violation_error_message=_("The capacity is at least one place (or empty for no limit)."),
            ),
            models.UniqueConstraint(
                fields=["checkin_token"],
                name="event_unique_checkin_token",
                violation_error_message=_("This check-in token is already used."),
            ),
        ]
        indexes = [
            # The list, the calendar and the figures: a street's events by start time.
            models.Index(fields=["street", "starts_at"], name="event_street_start"),
            # send_event_reminders: published events starting on a given day.
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    def get_checkin_path(self):
        return reverse("events:checkin", kwargs={"pk": self.pk, "token": self.checkin_token})

    def get_checkin_url(self):
        """The absolute URL the QR code points at."""
        return f"{settings.SITE_URL}{self.get_checkin_path()}"

    def signup_state(self, now=None) -> str:
        """Why sign-up is closed ("draft", "cancelled", "done", "not_yet", "closed"), or "open".

        The one rule for the sign-up window, used by pages, API and staff.
        """
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.DONE or now >= self.ends_at:
            return "done"
        if self.signup_opens_at and now < self.signup_opens_at:
            return "not_yet"
        closes = self.signup_closes_at or self.starts_at
        if now >= closes:
            return "closed"
        return "open"

    @property
    def is_signup_open(self) -> bool:
        return self.signup_state() == "open"

    @property
    def is_route(self) -> bool:
        """Hidden query: reads the stops unless prefetched."""
        return bool(self.stops.all())


class RouteStop(TimeStampedModel):
    """One stop of an event's route, in order (e.g. the cycling route's six stops)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stops", verbose_name=_("event"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("stop"), max_length=100, validators=[validate_not_formula])

    class Meta:
        ordering = ["event", "position"]
        verbose_name = _("route stop")
        verbose_name_plural = _("route stops")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "position"],
                name="routestop_unique_position",
                violation_error_message=_("The route already has a stop at this position."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"


def attachment_path(instance, filename):
    return f"events/{instance.event_id}/material/{filename}"


class Attachment(TimeStampedModel):
    """Study material handed out for an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=120, validators=[validate_not_formula])
    file = models.FileField(_("file"), upload_to=attachment_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_attachments",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["event", "title", "pk"]
        verbose_name = _("study material")
        verbose_name_plural = _("study material")

    def __str__(self):
        return self.title


def photo_path(instance, filename):
    return f"events/{instance.event_id}/photos/{filename}"


class Photo(TimeStampedModel):
    """A photo taken on the day, re-encoded and stripped of metadata by core.images."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event"))
    image = models.ImageField(_("photo"), upload_to=photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True, validators=[validate_not_formula])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_photos",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["event", "taken_at", "pk"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")

    def __str__(self):
        return self.caption or f"{self.event} #{self.pk}"


class RegistrationQuerySet(StreetScopedQuerySet):
    street_lookup = "event__street"

    def visible_to(self, user):
        """Staff see their street's sign-ups; everyone else sees their own."""
        if not user.is_authenticated:
            return self.none()
        if user.can_read_street_records:
            return super().visible_to(user)
        return self.filter(user=user, event__street_id=user.street_id)

    def active(self):
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("queued_at", "pk")


class Registration(TimeStampedModel):
    """A person signed up to an event: confirmed, on the waiting list, or cancelled.

    The person is a portal user, a volunteer (volunteers.Volunteer), or just a
    name and phone given to staff; party members will be linked when their
    register exists (a later issue). Name and phone are kept
    here as they were given.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("portal user"),
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("volunteer"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, validators=[validate_not_formula])
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED)
    queued_at = models.DateTimeField(
        _("queued at"), default=timezone.now, help_text=_("Order on the waiting list.")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations_made",
        verbose_name=_("registered by"),
    )

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False, status__in=["confirmed", "waitlisted"]),
                name="registration_once_per_user",
                violation_error_message=_("This person is already signed up to this event."),
            ),
            models.UniqueConstraint(
                fields=["event", "volunteer"],
                condition=Q(volunteer__isnull=False, status__in=["confirmed", "waitlisted"]),
                name="registration_once_per_volunteer",
                violation_error_message=_("This volunteer is already signed up to this event."),
            ),
            models.CheckConstraint(
                name="registration_has_name",
                condition=~Q(name=""),
                violation_error_message=_("A registration needs the person's name."),
            ),
            models.CheckConstraint(
                name="registration_cancelled_at_when_cancelled",
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                violation_error_message=_("A cancelled registration records when it was cancelled."),
            ),
        ]
        indexes = [
            # The waiting list: an event's waiting registrations in queue order.
            models.Index(
                fields=["event", "queued_at"], condition=Q(status="waitlisted"), name="registration_waiting"
            ),
            # "My registrations": a user's sign-ups.
            models.Index(fields=["user", "status"], name="registration_user_status"),
        ]

    def __str__(self):
        return f"{self.name} · {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)


class AttendanceQuerySet(StreetScopedQuerySet):
    street_lookup = "event__street"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.can_read_street_records:
            return super().visible_to(user)
        return self.filter(registration__user=user, event__street_id=user.street_id)


class Attendance(TimeStampedModel):
    """A person checked in at an event: once, however often they scan."""

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        STAFF = "staff", _("By staff")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("event")
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("registration")
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices, default=Method.QR)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_checkins_made",
        verbose_name=_("checked in by"),
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["event", "checked_in_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                name="attendance_once_per_registration",
                violation_error_message=_("This person is already checked in."),
            ),
        ]

    def __str__(self):
        return f"{self.registration.name} ✓ {self.event}"


class CalendarFeed(TimeStampedModel):
    """A user's secret iCalendar link; resetting the token revokes the old link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, default=new_token)

    class Meta:
        ordering = ["user"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["token"],
                name="calendarfeed_unique_token",
                violation_error_message=_("This feed token is already used."),
            )
        ]

    def __str__(self):
        return str(self.user)
