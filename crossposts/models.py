"""Cross-post cadres (交叉任職): their appointments and the organizations assigned to them."""

import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import VersionedModel
from core.scope import StreetScopedQuerySet
from core.validators import validate_not_formula
from crossposts.checklists import ChecklistItem, ChecklistTemplate, ChecklistTemplateQuerySet  # noqa: F401
from hongqiao.models import TimeStampedModel


class OrganizationStreetQuerySet(StreetScopedQuerySet):
    """Records that keep a copy of their organization's street (visits, assignments), so that
    street-wide lists and figures read one index instead of joining every row to its firm."""

    street_lookup = "street"

    def bulk_create(self, objs, *args, **kwargs):
        """Fill each record's street from its organization (one query) where the caller did not."""
        objs = list(objs)
        missing = {o.organization_id for o in objs if o.street_id is None and o.organization_id}
        if missing:
            from organizations.models import TwoNewOrganization

            streets = dict(TwoNewOrganization.objects.filter(pk__in=missing).values_list("pk", "street_id"))
            for o in objs:
                if o.street_id is None:
                    o.street_id = streets.get(o.organization_id)
        return super().bulk_create(objs, *args, **kwargs)


class OrganizationStreetMixin:
    """Copies the organization's street on save; TwoNewOrganization.save moves the copies."""

    def save(self, *args, **kwargs):
        self.street_id = self._organization_street_id()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "organization" in update_fields:
            kwargs["update_fields"] = {*update_fields, "street"}
        super().save(*args, **kwargs)

    def _organization_street_id(self):
        """The street of the organization, from the loaded organization when there is one."""
        if self.organization_id is None:
            return self.street_id
        if type(self).organization.is_cached(self) and self.organization.pk == self.organization_id:
            return self.organization.street_id
        from organizations.models import TwoNewOrganization

        return TwoNewOrganization.objects.values_list("street_id", flat=True).get(pk=self.organization_id)


class AddDays(models.Func):
    """``date + days`` as a date, in SQL that a generated column accepts on both engines."""

    output_field = models.DateField()
    arg_joiner = " + "
    template = "(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra_context,
        )


def assignment_due_condition(day) -> Q:
    """Next visit due on or before the local date ``day``: the indexed due_on (a cadence after the
    last visit) or, never visited, the local date the assignment was created (its clock starts
    then, due at once). created is compared with local midnight so no row's UTC date leaks in."""
    tz = timezone.get_current_timezone()
    next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return Q(due_on__lte=day) | Q(last_visited_on__isnull=True, created__lt=next_midnight)


def assignment_due_date(cadence_days, last_visited_on, created) -> date | None:
    """The same rule on one row's values (Assignment.next_due_on, the reminders)."""
    if last_visited_on is None:
        return timezone.localdate(created) if created else None
    return last_visited_on + timedelta(days=cadence_days)


class AssignmentQuerySet(OrganizationStreetQuerySet):
    def due_by(self, day):
        """Assignments whose next visit is due on or before the local date ``day``."""
        return self.filter(assignment_due_condition(day))

    def overdue(self, on=None):
        """Assignments whose next visit was due before the local date ``on`` (today by default):
        due yesterday or earlier; due exactly today is not overdue yet."""
        on = on or timezone.localdate()
        return self.due_by(on - timedelta(days=1))

    def visible_to(self, user):
        """A cadre sees their own assignments; staff their street's."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(cadre=user)
        return super().visible_to(user)


class Assignment(OrganizationStreetMixin, TimeStampedModel, VersionedModel):
    """An organization a cadre is responsible for visiting, with a visit cadence."""

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("cadre"),
    )
    organization = models.ForeignKey(
        "organizations.TwoNewOrganization",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("organization"),
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("visit every (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    active = models.BooleanField(_("active"), default=True)
    last_visited_on = models.DateField(_("last visited on"), null=True, blank=True, editable=False)
    # The database computes the day the next visit is due, so no write path can leave it stale;
    # with the street below, the overdue figure is one range of assignment_due_by_street.
    due_on = models.GeneratedField(
        expression=AddDays("last_visited_on", "cadence_days"),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("next visit due"),
    )
    # The organization's street, copied on save and moved with the organization.
    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("street"),
        editable=False,
        db_index=False,  # assignment_due_by_street leads with it
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["cadre__username", "organization__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "organization"],
                condition=Q(active=True),
                name="assignment_one_active_per_cadre_org",
                violation_error_message=_("This cadre is already assigned to this organization."),
            ),
            models.CheckConstraint(
                name="assignment_cadence_range",
                condition=Q(cadence_days__gte=1, cadence_days__lte=365),
                violation_error_message=_("The cadence is between 1 and 365 days."),
            ),
        ]
        indexes = [
            # The overdue figure of a street (dashboard, district view, stats, gaps).
            models.Index(
                fields=["street", "due_on"], condition=Q(active=True), name="assignment_due_by_street"
            ),
        ]

    def __str__(self):
        return f"{self.cadre} → {self.organization}"

    @property
    def next_due_on(self):
        """The local date the next visit is due (assignment_due_date)."""
        return assignment_due_date(self.cadence_days, self.last_visited_on, self.created)

    def is_overdue(self, on=None) -> bool:
        """AssignmentQuerySet.overdue for one row."""
        due = self.next_due_on
        return due is not None and due < (on or timezone.localdate())


class CrossPostQuerySet(StreetScopedQuerySet):
    street_lookup = "cadre__street"

    def visible_to(self, user):
        """A cadre sees their own appointments; staff their street's."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(cadre=user)
        return super().visible_to(user)

    def current(self, on=None):
        """Appointments active on a day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(active=True, term_start__lte=on).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=on)
        )


class CrossPost(TimeStampedModel):
    """An appointment (交叉任職): a cadre's home post and the post they hold across, for a term."""

    class HomePost(models.TextChoices):
        AREA_SECRETARY = "area_secretary", _("Residential-area secretary")
        BUILDING_WORKER = "building_worker", _("Building full-time party-mass worker")

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cross_posts",
        verbose_name=_("cadre"),
    )
    home_post = models.CharField(_("home post"), max_length=20, choices=HomePost.choices)
    home_area = models.ForeignKey(
        "organizations.ResidentialArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_cross_posts",
        verbose_name=_("home residential area"),
    )
    home_building = models.ForeignKey(
        "organizations.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_cross_posts",
        verbose_name=_("home building"),
    )
    across_area = models.ForeignKey(
        "organizations.ResidentialArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="across_cross_posts",
        verbose_name=_("residential area held across"),
    )
    across_building = models.ForeignKey(
        "organizations.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="across_cross_posts",
        verbose_name=_("building held across"),
    )
    across_title = models.CharField(
        _("post held across"), max_length=100, blank=True, validators=[validate_not_formula]
    )
    term_start = models.DateField(_("term start"), default=timezone.localdate)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = CrossPostQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["cadre__username", "-term_start"]
        verbose_name = _("cross-post appointment")
        verbose_name_plural = _("cross-post appointments")
        constraints = [
            models.CheckConstraint(
                name="crosspost_term_order",
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="crosspost_units_match_home_post",
                condition=Q(
                    home_post="area_secretary",
                    home_area__isnull=False,
                    home_building__isnull=True,
                    across_building__isnull=False,
                    across_area__isnull=True,
                )
                | Q(
                    home_post="building_worker",
                    home_building__isnull=False,
                    home_area__isnull=True,
                    across_area__isnull=False,
                    across_building__isnull=True,
                ),
                violation_error_message=_(
                    "A residential-area secretary holds a post across in a building; a building "
                    "party-mass worker holds one across in a residential area."
                ),
            ),
            models.UniqueConstraint(
                fields=["cadre", "home_post", "term_start"],
                name="crosspost_once_per_cadre_post_start",
                violation_error_message=_("This cadre already has this appointment starting on that day."),
            ),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.home_unit} ⇄ {self.across_unit}"

    @property
    def home_unit(self):
        return self.home_area or self.home_building

    @property
    def across_unit(self):
        return self.across_building or self.across_area

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        street_id = self.cadre.street_id if self.cadre_id else None
        for name in ("home_area", "home_building", "across_area", "across_building"):
            unit = getattr(self, name)
            if unit is not None and street_id and unit.street_id != street_id:
                errors[name] = _("This unit is in another street than the cadre's.")
        if self.cadre_id and not self.cadre.is_cadre:
            errors["cadre"] = _("Only a cross-post cadre account can hold an appointment.")
        if errors:
            raise ValidationError(errors)


class VisitQuerySet(OrganizationStreetQuerySet):
    def visible_to(self, user):
        """A cadre sees only their own visits; staff their street's; the district its streets."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(cadre=user)
        return super().visible_to(user)

    def editable_by(self, user):
        """Only the cadre who logged a visit changes it (and only within 24 hours: see services)."""
        if user.is_authenticated and user.is_cadre:
            return self.filter(cadre=user)
        return self.none()

    def in_period(self, start: date | None = None, end: date | None = None):
        """Visits on the local dates start..end, both inclusive: visited_at in [start 00:00,
        end + 1 day 00:00) Asia/Shanghai; a bound left None is open. A range of
        visit_by_street_recent once filtered on street_id. The one definition of a period's
        visits for the dashboard, its drill-down, coverage, the reports and the stats API."""
        tz = timezone.get_current_timezone()
        qs = self
        if start is not None:
            qs = qs.filter(visited_at__gte=datetime.combine(start, time.min, tzinfo=tz))
        if end is not None:
            qs = qs.filter(visited_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz))
        return qs

    def organizations_visited(self, start: date | None = None, end: date | None = None):
        """The organizations visited (by anyone in this queryset) on the local dates start..end,
        as ids for ``pk__in``: one index range hashed once, rather than an EXISTS probed for
        each of a street's thousands of organizations. Filter the visits on their street first
        (a visit's street is its organization's) so the range stays one street's."""
        return self.in_period(start, end).values("organization_id")

    def with_list_relations(self):
        """What the list page, the export and the API show of each visit."""
        return self.select_related(
            "cadre", "organization__building", "organization__residential_area", "organization__street"
        )

    def with_photo_count(self):
        """``photo_count`` as a correlated count, not a join + GROUP BY over every visit in scope:
        PostgreSQL evaluates it for a page's rows only, after the index walk and the LIMIT."""
        photos = (
            VisitPhoto.objects.filter(visit=OuterRef("pk"))
            .order_by()
            .values("visit")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(photo_count=Coalesce(Subquery(photos), 0))


class Visit(OrganizationStreetMixin, TimeStampedModel, VersionedModel):
    """A cadre's visit to a two-new organization: the checklist answers, notes, photos and needs raised."""

    class Method(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        PHONE = "phone", _("Phone")
        ONLINE = "online", _("Online")
        MEETING = "meeting", _("Meeting")

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits", verbose_name=_("cadre")
    )
    organization = models.ForeignKey(
        "organizations.TwoNewOrganization",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("organization"),
    )
    # The organization's street, copied on save and moved with the organization
    # (TwoNewOrganization.save): the street-wide lists and figures filter on it.
    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("street"),
        editable=False,
        db_index=False,  # visit_by_street_recent leads with it
    )
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("assignment"),
    )
    visited_at = models.DateTimeField(_("visited at"), default=timezone.now)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.ON_SITE)
    checklist_template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("checklist version"),
    )
    # [{"item": id, "group": "visit", "text": "…", "done": true}], the text copied so that the
    # answers keep their meaning whatever later happens to the template.
    checklist_answers = models.JSONField(_("checklist answers"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    # [{"category": "venue", "title": "…", "description": "…"}]: kept here so nothing is lost.
    raised_needs = models.JSONField(_("needs raised"), default=list, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("distance to the building (m)"), null=True, blank=True)
    far_from_building = models.BooleanField(
        _("far from the building"),
        default=False,
        help_text=_("Logged more than 300 m away from the organization's building."),
    )
    idempotency_key = models.UUIDField(
        _("idempotency key"),
        help_text=_("Generated by the form so that a resend never makes a second visit."),
    )

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["-visited_at", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                name="visit_unique_idempotency_key",
                violation_error_message=_("This visit was already received."),
            ),
            models.CheckConstraint(
                name="visit_location_together",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                name="visit_location_range",
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                violation_error_message=_("The position is not on Earth."),
            ),
        ]
        indexes = [
            # The organization panel and coverage: an organization's visits, newest first.
            models.Index(fields=["organization", "-visited_at"], name="visit_by_org_recent"),
            # A cadre's own visit list on the phone and in the API.
            models.Index(fields=["cadre", "-visited_at"], name="visit_by_cadre_recent"),
            # The staff visit list and /api/v1/visits/ (a street's visits newest first, and their
            # count), and every visit figure of a street and period (dashboard, district view,
            # stats, coverage): index range scans instead of a scan of all visits. The trailing
            # organization (after the unique id, so the order is unchanged) makes "organizations
            # visited in the period" an index-only scan instead of reading the visits' heap pages.
            models.Index(
                fields=["street", "-visited_at", "-id", "organization"], name="visit_by_street_recent"
            ),
        ]

    @property
    def raised_needs_shown(self) -> list[dict]:
        """The needs raised, each with its category's translated label."""
        from crossposts.signals import need_categories

        labels = dict(need_categories())
        return [
            {**n, "label": labels.get(n.get("category"), n.get("category", ""))} for n in self.raised_needs
        ]

    def __str__(self):
        return f"{self.organization} · {timezone.localtime(self.visited_at):%Y-%m-%d}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("crossposts:visit_detail", kwargs={"pk": self.pk})


def visit_photo_path(instance, filename):
    return f"visits/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.jpg"


def visit_thumb_path(instance, filename):
    return f"visits/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}_t.jpg"


class VisitPhoto(TimeStampedModel):
    """A photo taken on a visit, re-encoded without metadata, with its thumbnail and the time it was taken."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visit"))
    image = models.ImageField(
        _("photo"), upload_to=visit_photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=visit_thumb_path)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)

    class Meta:
        ordering = ["visit", "id"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self):
        return self.image.name


class VisitAddendum(TimeStampedModel):
    """A dated note added to a visit after its 24-hour editing window: the record itself stays as it was."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="addenda", verbose_name=_("visit")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visit_addenda",
        verbose_name=_("author"),
    )
    text = models.TextField(_("addendum"), max_length=2000)

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["visit", "created", "id"]
        verbose_name = _("visit addendum")
        verbose_name_plural = _("visit addenda")
        constraints = [
            models.CheckConstraint(
                name="addendum_not_empty",
                condition=~Q(text=""),
                violation_error_message=_("Write the addendum."),
            ),
        ]

    def __str__(self):
        return f"{self.visit} + {timezone.localtime(self.created):%Y-%m-%d %H:%M}"
