"""The visit form on the phone, the addendum form, the coverage period form, and assignments."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import VERSION_REQUIRED, VersionedModelForm
from core.images import process_photo
from crossposts import services, signals
from crossposts.models import Assignment, ChecklistItem, ChecklistTemplate, Visit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from the camera or the gallery; each goes through the shared photo pipeline."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > services.MAX_PHOTOS:
            raise ValidationError(_("At most 6 photos per visit."), code="too_many_photos")
        processed, errors = [], []
        for upload in files:
            try:
                processed.append(process_photo(upload))
            except ValidationError as exc:
                name = getattr(upload, "name", "")
                errors.extend(f"{name}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return processed


class NeedForm(forms.Form):
    """One need raised on the visit; leave the title empty to raise none."""

    category = forms.ChoiceField(
        label=_("category"), choices=lambda: [("", "—"), *signals.need_categories()], required=False
    )
    title = forms.CharField(label=_("need"), max_length=100, required=False)
    description = forms.CharField(
        label=_("details"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("category"):
            self.add_error("category", _("Choose the need's category."))
        return data


NeedFormSet = forms.formset_factory(NeedForm, extra=2, max_num=10, validate_max=True)


class VisitForm(forms.Form):
    """What a cadre fills in on the phone; the checklist is the template version it was rendered with."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    checklist_template = forms.ModelChoiceField(
        queryset=ChecklistTemplate.objects.all(), widget=forms.HiddenInput, required=False
    )
    visited_at = forms.DateTimeField(
        label=_("visited at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
    )
    method = forms.ChoiceField(
        label=_("method"),
        choices=Visit.Method.choices,
        widget=forms.RadioSelect,
        initial=Visit.Method.ON_SITE,
    )
    checklist = forms.TypedMultipleChoiceField(
        label=_("checklist"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(label=_("photos"), required=False, help_text=_("Up to 6 photos."))
    latitude = forms.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, organization, template=None, instance=None, **kwargs):
        self.organization = organization
        self.instance = instance
        self.conflict_changes = []
        if instance is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] |= {
                "idempotency_key": instance.idempotency_key,
                "version": instance.version,
                "checklist_template": instance.checklist_template_id,
                "visited_at": timezone.localtime(instance.visited_at),
                "method": instance.method,
                "checklist": [a["item"] for a in instance.checklist_answers if a.get("done")],
                "notes": instance.notes,
                "latitude": instance.latitude,
                "longitude": instance.longitude,
            }
            template = instance.checklist_template or template
        else:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
            kwargs["initial"].setdefault("visited_at", timezone.localtime().replace(second=0, microsecond=0))
            kwargs["initial"].setdefault("checklist_template", template.pk if template else None)
        super().__init__(*args, **kwargs)
        self.template = template
        if self.is_bound and self.data.get(self.add_prefix("checklist_template")):
            # Answers refer to the version the form was rendered with (it may have changed since).
            try:
                self.template = ChecklistTemplate.objects.get(
                    pk=int(self.data[self.add_prefix("checklist_template")])
                )
            except (ValueError, ChecklistTemplate.DoesNotExist):
                self.template = template
        self.items = list(self.template.items.all()) if self.template else []
        if self.template:
            self.template.prefetched_items = self.items
        self.fields["checklist"].choices = [(item.pk, item.text) for item in self.items]
        self.needs = NeedFormSet(
            self.data if self.is_bound else None,
            prefix="needs",
            initial=(instance.raised_needs if instance is not None else None),
        )

    def checklist_groups(self):
        """The checklist as (group label, [bound checkboxes]) for the three fives."""
        by_pk = {int(w.data["value"]): w for w in self["checklist"]}
        groups = []
        for value, label in ChecklistItem.Group.choices:
            widgets = [by_pk[item.pk] for item in self.items if item.group == value and item.pk in by_pk]
            if widgets:
                groups.append((label, widgets))
        return groups

    def is_valid(self):
        valid = super().is_valid()
        return self.needs.is_valid() and valid

    def clean(self):
        data = super().clean()
        visited_at = data.get("visited_at")
        if visited_at:
            try:
                services.check_visit_time(visited_at, self.organization)
            except ValidationError as exc:
                self.add_error(None, exc)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            data["latitude"] = data["longitude"] = None
        # The rule of every versioned edit (core.forms): an edit that does not say which version
        # it started from would overwrite whatever is newer.
        if self.instance is not None and data.get("version") is None:
            raise ValidationError(VERSION_REQUIRED, code="version_required")
        return data

    CONFLICT_FIELDS = ("visited_at", "method", "notes")

    def conflict(self, expected_version: int) -> None:
        """After ConcurrentEditError: list what the other save changed since ``expected_version``
        (VersionedModelForm's rule) and take its version, so that saving again is a choice."""
        current = Visit._base_manager.get(pk=self.instance.pk)
        before = current.history.filter(version=expected_version).order_by("-history_id").first()
        self.conflict_changes = []
        for name in self.CONFLICT_FIELDS:
            field = Visit._meta.get_field(name)
            now_value = getattr(current, name)
            if before is None or getattr(before, name) != now_value:
                shown = current._get_FIELD_display(field) if field.choices else now_value
                if name == "visited_at":
                    shown = timezone.localtime(now_value).strftime("%Y-%m-%d %H:%M")
                self.conflict_changes.append((field.verbose_name, shown))
        data = self.data.copy()
        data[self.add_prefix("version")] = current.version
        self.data = data
        self.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it. Their values are "
                "listed below; your edits are still in the form. Check them and save again."
            ),
        )

    def raised_needs(self):
        return [
            {
                "category": f.cleaned_data.get("category", ""),
                "title": f.cleaned_data.get("title", ""),
                "description": f.cleaned_data.get("description", ""),
            }
            for f in self.needs.forms
            if f.cleaned_data.get("title")
        ]

    def visit_input(self) -> services.VisitInput:
        data = self.cleaned_data
        return services.VisitInput(
            organization=self.organization,
            visited_at=data["visited_at"],
            method=data["method"],
            notes=data.get("notes", ""),
            checklist_template=self.template,
            checklist_done=data.get("checklist") or [],
            raised_needs=self.raised_needs(),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            photos=data.get("photos") or [],
        )


class AddendumForm(forms.Form):
    text = forms.CharField(label=_("addendum"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CoverageForm(forms.Form):
    """The period and the grouping of the coverage figures."""

    BY = [
        ("street", _("street")),
        ("building", _("building")),
        ("area", _("residential area")),
        ("cadre", _("cadre")),
    ]
    by = forms.ChoiceField(label=_("per"), choices=BY, required=False)
    days = forms.IntegerField(
        label=_("last N days"), min_value=1, max_value=3660, required=False, help_text=_("Empty: this year.")
    )


class AssignmentForm(VersionedModelForm):
    """A cadre assigned to one organization (the view gives it), or the cadence changed."""

    class Meta:
        model = Assignment
        fields = ["cadre", "cadence_days"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if self.instance.pk:
            # Another cadre is another assignment (ended, then a new one): their visits stay apart.
            del self.fields["cadre"]
        else:
            self.fields["cadre"].queryset = User.objects.filter(
                role=User.Role.CADRE, street_id=organization.street_id, is_active=True
            ).order_by("name", "username")

    def clean_cadre(self):
        cadre = self.cleaned_data["cadre"]
        taken = Assignment.objects.filter(cadre=cadre, organization=self.organization, active=True)
        if taken.exists():
            raise ValidationError(_("This cadre is already assigned to this organization."), code="taken")
        return cadre

    def save_versioned(self, commit=True):
        if not self.instance.pk:
            self.instance.organization = self.organization
        return super().save_versioned(commit)
