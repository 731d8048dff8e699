"""Form helpers: edits that can collide carry the version they started from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import ConcurrentEditError

VERSION_REQUIRED = _("The form did not say which version you edited; reload the page and edit again.")


class VersionedModelForm(forms.ModelForm):
    """A model form whose save refuses to overwrite someone else's newer edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.conflict_changes = []

    def clean(self):
        cleaned = super().clean()
        # A form that does not say which version it edited would overwrite whatever is newer.
        if self.instance.pk and cleaned.get("version") is None:
            raise forms.ValidationError(VERSION_REQUIRED, code="version_required")
        return cleaned

    def save_versioned(self, commit=True):
        instance = super().save(commit=False)
        if not instance.pk:
            instance.save()
        else:
            expected = self.cleaned_data["version"]
            try:
                instance.save_checked(expected)
            except ConcurrentEditError:
                self._record_conflict(instance, expected)
                raise
        self.save_m2m()
        return instance

    def _record_conflict(self, instance, expected):
        """List the fields someone else changed since ``expected``, and accept the newer version."""
        current = type(instance)._base_manager.get(pk=instance.pk)
        before = None
        if hasattr(current, "history"):
            before = current.history.filter(version=expected).order_by("-history_id").first()
        for name in self.fields:
            if name == "version" or not hasattr(current, name):
                continue
            field = current._meta.get_field(name)
            now_value = getattr(current, field.attname)
            then_value = getattr(before, field.attname, None) if before else self.initial.get(name)
            if before is None or now_value != then_value:
                shown = current._get_FIELD_display(field) if field.choices else getattr(current, name)
                if before is not None or now_value != self.cleaned_data.get(name):
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


class DateInput(forms.DateInput):
    """An HTML date picker: browsers accept only ISO dates as its value, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class PeriodForm(forms.Form):
    """A date range picked on list pages and figures."""

    start = forms.DateField(label=_("from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("to"), required=False, widget=DateInput())
