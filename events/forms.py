"""Forms for events: planning, signing people up, photos and study material."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from core.forms import VersionedModelForm
from core.images import process_photo
from core.validators import normalize_phone, validate_not_formula
from events.models import Event, RouteStop
from organizations.models import PartyOrganization, Street, TwoNewOrganization
from volunteers.models import Volunteer

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_STOPS = 30
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = ("pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "txt", "jpg", "jpeg", "png")


def _dt():
    return forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT)


def validate_event_times(starts_at, ends_at, opens, closes) -> dict:
    """Field errors for an event's times; shared by the form and the API serializer."""
    errors = {}
    if starts_at and ends_at and ends_at < starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    if opens and closes and closes <= opens:
        errors["signup_closes_at"] = _("Sign-up must close after it opens.")
    if closes and ends_at and closes > ends_at:
        errors["signup_closes_at"] = _("Sign-up must close before the event ends.")
    return errors


def parse_route(text: str) -> list[str]:
    """One stop a line; blank lines ignored. Raises ValidationError for bad stops."""
    stops = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(stops) > MAX_STOPS:
        raise ValidationError(_("A route has at most %(n)d stops.") % {"n": MAX_STOPS})
    for stop in stops:
        if len(stop) > 100:
            raise ValidationError(_("A stop's name is at most 100 characters."))
        validate_not_formula(stop)
    return stops


def save_route(event, stops: list[str]) -> None:
    """Replace the event's route with ``stops`` in order."""
    event.stops.all().delete()
    RouteStop.objects.bulk_create(
        [RouteStop(event=event, position=i, name=name) for i, name in enumerate(stops, start=1)]
    )


class EventForm(VersionedModelForm):
    route = forms.CharField(
        label=_("route"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a route (a cycling or walking event): one stop a line, in order."),
    )

    class Meta:
        model = Event
        fields = [
            "street",
            "title",
            "kind",
            "theme",
            "status",
            "organizers",
            "participating_organizations",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "signup_opens_at",
            "signup_closes_at",
            "description",
            "summary",
        ]
        widgets = {
            "starts_at": _dt(),
            "ends_at": _dt(),
            "signup_opens_at": _dt(),
            "signup_closes_at": _dt(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "organizers": forms.SelectMultiple(attrs={"size": 6}),
            "participating_organizations": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        streets = Street.objects.visible_to(user)
        if user.is_portal_admin:
            self.fields["street"].queryset = streets
        else:
            del self.fields["street"]
        # Cancelling is its own action: it notifies everyone registered.
        if self.instance.status != Event.Status.CANCELLED:
            self.fields["status"].choices = [
                c for c in Event.Status.choices if c[0] != Event.Status.CANCELLED
            ]
        self.fields["organizers"].queryset = PartyOrganization.objects.visible_to(user).select_related(
            "street"
        )
        self.fields["participating_organizations"].queryset = (
            TwoNewOrganization.objects.visible_to(user).active().select_related("street")
        )
        self.fields["participating_organizations"].required = False
        if self.instance.pk:
            self.fields["route"].initial = "\n".join(s.name for s in self.instance.stops.all())

    def clean_route(self):
        return parse_route(self.cleaned_data.get("route"))

    def clean(self):
        cleaned = super().clean()
        for field, message in validate_event_times(
            cleaned.get("starts_at"),
            cleaned.get("ends_at"),
            cleaned.get("signup_opens_at"),
            cleaned.get("signup_closes_at"),
        ).items():
            self.add_error(field, message)
        street = (
            cleaned.get("street") or (self.instance.street_id and self.instance.street) or self.user.street
        )
        if street is not None:
            for org in cleaned.get("organizers") or []:
                if org.street_id != street.pk:
                    self.add_error("organizers", _("“%(org)s” is in another street.") % {"org": org})
            for org in cleaned.get("participating_organizations") or []:
                if org.street_id != street.pk:
                    self.add_error(
                        "participating_organizations", _("“%(org)s” is in another street.") % {"org": org}
                    )
        elif not self.user.is_portal_admin:
            raise ValidationError(_("Your account belongs to no street."))
        return cleaned

    def save_versioned(self, commit=True):
        if not self.instance.pk:
            if "street" not in self.fields:
                self.instance.street = self.user.street
            self.instance.created_by = self.user
        event = super().save_versioned(commit)
        save_route(event, self.cleaned_data["route"])
        return event


class RegisterPersonForm(forms.Form):
    """Staff sign a person up: a portal user or volunteer of the street, or a name and phone."""

    user = forms.ModelChoiceField(
        label=_("portal user"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(not a portal user)"),
    )
    volunteer = forms.ModelChoiceField(
        label=_("volunteer"),
        queryset=Volunteer.objects.none(),
        required=False,
        empty_label=_("(not a volunteer)"),
    )
    name = forms.CharField(
        label=pgettext_lazy("person", "name"),
        max_length=50,
        required=False,
        validators=[validate_not_formula],
    )
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            street_id=event.street_id, is_active=True
        ).order_by("name", "username")
        self.fields["volunteer"].queryset = (
            Volunteer.objects.filter(street_id=event.street_id).active().order_by("name", "pk")
        )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        return normalize_phone(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("user") and cleaned.get("volunteer"):
            raise ValidationError(_("Choose a portal user or a volunteer, not both."))
        if (
            not cleaned.get("user")
            and not cleaned.get("volunteer")
            and not (cleaned.get("name") or "").strip()
        ):
            raise ValidationError(_("Choose a portal user or a volunteer, or give the person's name."))
        return cleaned


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("photo"))
    caption = forms.CharField(
        label=_("caption"), max_length=200, required=False, validators=[validate_not_formula]
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        self.processed = process_photo(upload)
        return upload


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=120, validators=[validate_not_formula])
    file = forms.FileField(label=_("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if ext not in ATTACHMENT_EXTENSIONS:
            raise ValidationError(
                _("Upload a document or picture (%(types)s).") % {"types": ", ".join(ATTACHMENT_EXTENSIONS)}
            )
        return upload
