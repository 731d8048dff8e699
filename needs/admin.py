from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdminMixin
from core.models import ConcurrentEditError
from needs import services
from needs.models import (
    Match,
    Need,
    NeedAttachment,
    NeedEvent,
    Project,
    ProjectNote,
    Resource,
    ResponseDeadline,
)
from needs.workflow import S, transition


class NeedEventInline(admin.TabularInline):
    model = NeedEvent
    extra = 0
    fields = ["created", "kind", "from_status", "to_status", "note", "actor"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class NeedAttachmentInline(admin.TabularInline):
    model = NeedAttachment
    extra = 0
    autocomplete_fields = ["uploaded_by"]


def _transition_action(to, label):
    """An admin action that moves the selected needs through the one workflow function."""

    def action(modeladmin, request, queryset):
        moved = 0
        for need in queryset:
            try:
                transition(need, to, request.user, str(_("Changed in admin")))
                moved += 1
            except (ValidationError, ConcurrentEditError) as exc:
                text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                modeladmin.message_user(request, f"{need.reference}: {text}", messages.ERROR)
        if moved:
            modeladmin.message_user(request, _("%(n)d need(s) changed.") % {"n": moved}, messages.SUCCESS)

    action.__name__ = f"move_to_{to}"
    action.short_description = label
    return action


@admin.register(Need)
class NeedAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "street",
        "category",
        "status",
        "urgency",
        "assignee",
        "due_at",
        "created",
    ]
    list_filter = ["status", "category", "source", "urgency", "street"]
    search_fields = ["reference", "title", "requester_name", "organization__name"]
    autocomplete_fields = ["street", "organization", "residential_area", "assignee", "visit"]
    readonly_fields = [
        "reference",
        "status",
        "status_reason",
        "raised_by",
        "due_at",
        "at_risk_at",
        "resolved_at",
        "closed_at",
        "rating",
        "rating_comment",
        "rated_at",
        "version",
    ]
    inlines = [NeedEventInline, NeedAttachmentInline]
    actions = [
        _transition_action(S.ACCEPTED, _("Accept the selected needs")),
        _transition_action(S.IN_PROGRESS, _("Start work on the selected needs")),
        _transition_action(S.RESOLVED, _("Mark the selected needs resolved")),
        _transition_action(S.CLOSED, _("Close the selected needs")),
    ]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            before = form.initial.get("assignee")
            services.note_assignment(obj, before.pk if hasattr(before, "pk") else before, request.user)
        else:
            services.open_need(obj, request.user)


@admin.register(NeedEvent)
class NeedEventAdmin(admin.ModelAdmin):
    list_display = ["need", "kind", "from_status", "to_status", "actor", "created"]
    list_filter = ["kind", "to_status"]
    search_fields = ["need__reference", "note"]
    autocomplete_fields = ["need", "actor"]


@admin.register(NeedAttachment)
class NeedAttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "need", "uploaded_by", "created"]
    list_filter = ["created"]
    search_fields = ["name", "need__reference"]
    autocomplete_fields = ["need", "uploaded_by"]


@admin.register(ResponseDeadline)
class ResponseDeadlineAdmin(admin.ModelAdmin):
    list_display = ["street", "category", "hours"]
    list_filter = ["street", "category"]
    search_fields = ["street__name"]
    autocomplete_fields = ["street"]


@admin.register(Resource)
class ResourceAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "street", "category", "capacity", "available", "available_until"]
    list_filter = ["category", "available", "street"]
    search_fields = ["name", "contact_name"]
    autocomplete_fields = ["street", "organization", "party_organization", "residential_area", "building"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["need", "resource", "matched_by", "created"]
    list_filter = ["created"]
    search_fields = ["need__reference", "resource__name"]
    autocomplete_fields = ["need", "resource", "matched_by"]


class ProjectNoteInline(admin.TabularInline):
    model = ProjectNote
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Project)
class ProjectAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "street", "kind", "status", "need", "lead", "starts_on"]
    list_filter = ["kind", "status", "street"]
    search_fields = ["name", "need__reference"]
    autocomplete_fields = ["street", "need", "lead"]
    inlines = [ProjectNoteInline]


@admin.register(ProjectNote)
class ProjectNoteAdmin(admin.ModelAdmin):
    list_display = ["project", "author", "created"]
    list_filter = ["created"]
    search_fields = ["text", "project__name"]
    autocomplete_fields = ["project", "author"]
