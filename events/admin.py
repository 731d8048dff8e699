from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdminMixin
from events import services
from events.models import Attachment, Attendance, CalendarFeed, Event, Photo, Registration, RouteStop


class RouteStopInline(admin.TabularInline):
    model = RouteStop
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    autocomplete_fields = ["uploaded_by"]


@admin.register(Event)
class EventAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "street", "starts_at", "status", "capacity", "archived_at"]
    list_filter = ["kind", "status", "street", "starts_at"]
    search_fields = ["title", "theme", "place"]
    autocomplete_fields = ["street", "organizers", "participating_organizations", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [RouteStopInline, AttachmentInline]
    actions = ["cancel_events"]
    readonly_fields = ["need_link"]

    @admin.display(description=_("from need"))
    def need_link(self, event):
        """The need the event was made from (set by the need's page, not here)."""
        if event.need_id is None:
            return "—"
        url = reverse("admin:needs_need_change", args=[event.need_id])
        return format_html('<a href="{}">{}</a>', url, event.need)

    @admin.action(description=_("Cancel the selected events and notify everyone registered"))
    def cancel_events(self, request, queryset):
        for event in queryset:
            services.cancel_event(event, by=request.user)


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "event", "status", "user", "queued_at", "confirmed_at"]
    list_filter = ["status", "event__kind", "event__street"]
    search_fields = ["name", "phone", "event__title", "user__username"]
    autocomplete_fields = ["event", "user", "volunteer", "registered_by"]
    list_select_related = ["event", "user"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "event", "checked_in_at", "method"]
    list_filter = ["method", "event__street"]
    search_fields = ["registration__name", "event__title"]
    autocomplete_fields = ["event", "registration", "checked_in_by"]
    list_select_related = ["event", "registration"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["event", "caption", "taken_at", "width", "height"]
    list_filter = ["event__street"]
    search_fields = ["caption", "event__title"]
    autocomplete_fields = ["event", "uploaded_by"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "created"]
    list_filter = ["event__street"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event", "uploaded_by"]


@admin.register(RouteStop)
class RouteStopAdmin(admin.ModelAdmin):
    list_display = ["event", "position", "name"]
    list_filter = ["event__street"]
    search_fields = ["name", "event__title"]
    autocomplete_fields = ["event"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created"]
    list_filter = ["created"]
    search_fields = ["user__username", "user__name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["token"]
