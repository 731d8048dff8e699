from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.utils.translation import gettext_lazy as _

from core.forms import VERSION_REQUIRED
from core.models import Notification, NotificationDelivery

STALE_ADMIN = _(
    "Someone else saved this record after you opened it. Reload the page to see their changes, "
    "then make yours again."
)


class VersionedAdminMixin:
    """An admin change form carries the version it was opened at, as a portal form does: a stale
    one is refused with a message instead of overwriting the newer edit, and a save takes a new
    version (VersionedModel.save_checked), so a portal form opened before it is refused too."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            # "version" is the form's own hidden field, not the model's (non-editable) one.
            if "fields" not in kwargs:
                kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
            if kwargs["fields"] is not None:
                kwargs["fields"] = [f for f in kwargs["fields"] if f != "version"]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (VersionCheckedAdminForm, form), {})

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "version"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        # The hidden field must be rendered, or every save would look stale.
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "fields": [*first["fields"], "version"]}), *fieldsets[1:]]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        obj._history_user = request.user  # what SimpleHistoryAdmin.save_model records
        cleaned = getattr(form, "cleaned_data", None) or {}
        obj.save_checked(cleaned.get("version", obj.version))
        return None


class VersionCheckedAdminForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        sent = cleaned.get("version")
        if sent is None:
            raise forms.ValidationError(VERSION_REQUIRED, code="version_required")
        current = (
            type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
        )
        if current.first() != sent:
            # save_checked would refuse it too; saying so here re-shows the form instead of a 500.
            raise forms.ValidationError(STALE_ADMIN, code="stale")
        return cleaned


class DeliveryInline(admin.TabularInline):
    model = NotificationDelivery
    extra = 0
    readonly_fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at", "error"]
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["title", "key", "recipient__username"]
    autocomplete_fields = ["recipient"]
    readonly_fields = ["key", "created"]
    inlines = [DeliveryInline]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification", "channel", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["notification__title"]
    raw_id_fields = ["notification"]
