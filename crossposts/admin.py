"""Admin: staff manage appointments, assignments and the checklist versions here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdminMixin
from crossposts import services
from crossposts.models import (
    Assignment,
    ChecklistItem,
    ChecklistTemplate,
    CrossPost,
    Visit,
    VisitAddendum,
    VisitPhoto,
)


@admin.register(CrossPost)
class CrossPostAdmin(SimpleHistoryAdmin):
    list_display = [
        "cadre",
        "home_post",
        "home_area",
        "home_building",
        "across_area",
        "across_building",
        "term_start",
        "term_end",
        "active",
    ]
    list_filter = ["home_post", "active", "cadre__street"]
    search_fields = ["cadre__username", "cadre__name", "across_title"]
    autocomplete_fields = ["cadre", "home_area", "home_building", "across_area", "across_building"]


@admin.register(Assignment)
class AssignmentAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["cadre", "organization", "cadence_days", "active", "last_visited_on"]
    list_filter = ["active", "cadre__street", "cadence_days"]
    search_fields = ["cadre__username", "cadre__name", "organization__name"]
    autocomplete_fields = ["cadre", "organization"]
    readonly_fields = ["last_visited_on"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    """A version already used by visits is frozen: copy it as a new version and change the copy."""

    list_display = ["title", "version", "published", "created"]
    list_filter = ["published"]
    search_fields = ["title", "items__text"]
    inlines = [ChecklistItemInline]
    actions = ["copy_as_new_version"]

    def _used(self, obj):
        return obj is not None and obj.pk and obj.visits.exists()

    def has_change_permission(self, request, obj=None):
        if self._used(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._used(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["version"] if obj and obj.pk else []

    @admin.action(description=_("Copy as a new (unpublished) version"))
    def copy_as_new_version(self, request, queryset):
        for template in queryset:
            copy_template(template)
        messages.success(request, _("Copied. Edit the new version's items, then publish it."))


def copy_template(template: ChecklistTemplate) -> ChecklistTemplate:
    """A new unpublished version with the same items, ready to edit."""
    with transaction.atomic():
        top = ChecklistTemplate.objects.aggregate(m=Max("version"))["m"] or 0
        new = ChecklistTemplate.objects.create(version=top + 1, title=template.title, published=False)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(template=new, group=i.group, position=i.position, text=i.text)
            for i in template.items.all()
        )
    return new


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "group", "position", "template"]
    list_filter = ["group", "template"]
    search_fields = ["text"]
    autocomplete_fields = ["template"]


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0
    fields = ["image", "thumbnail", "taken_at"]
    readonly_fields = fields


class VisitAddendumInline(admin.TabularInline):
    model = VisitAddendum
    extra = 0
    fields = ["created", "author", "text"]
    readonly_fields = ["created"]
    autocomplete_fields = ["author"]


class VisitAdminForm(forms.ModelForm):
    """The admin applies the same dating rule as the phone form and the API."""

    class Meta:
        model = Visit
        fields = [
            "cadre",
            "organization",
            "assignment",
            "visited_at",
            "method",
            "checklist_template",
            "notes",
            "raised_needs",
            "latitude",
            "longitude",
        ]

    def clean(self):
        data = super().clean()
        if data.get("visited_at") and data.get("organization"):
            try:
                services.check_visit_time(data["visited_at"], data["organization"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(Visit)
class VisitAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = VisitAdminForm
    list_display = [
        "organization",
        "cadre",
        "visited_at",
        "method",
        "far_from_building",
        "checklist_template",
    ]
    list_filter = ["method", "far_from_building", "street", "checklist_template"]
    search_fields = ["organization__name", "cadre__username", "cadre__name", "notes"]
    autocomplete_fields = ["cadre", "organization", "assignment", "checklist_template"]
    readonly_fields = ["distance_m", "far_from_building", "idempotency_key", "checklist_answers", "version"]
    date_hierarchy = "visited_at"
    inlines = [VisitPhotoInline, VisitAddendumInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_last_visited([obj.assignment_id])


@admin.register(VisitPhoto)
class VisitPhotoAdmin(admin.ModelAdmin):
    list_display = ["visit", "width", "height", "taken_at", "created"]
    list_filter = ["visit__street"]
    search_fields = ["visit__organization__name"]
    autocomplete_fields = ["visit"]


@admin.register(VisitAddendum)
class VisitAddendumAdmin(SimpleHistoryAdmin):
    list_display = ["visit", "author", "created"]
    list_filter = ["visit__street"]
    search_fields = ["text", "visit__organization__name", "author__username"]
    autocomplete_fields = ["visit", "author"]
