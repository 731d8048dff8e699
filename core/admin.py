from django.contrib import admin

from core.models import Notification, NotificationDelivery


class VersionedAdminMixin:
    """An admin edit of a versioned record takes a new version, as a portal edit does, so that a
    portal form opened before it is refused (ConcurrentEditError) instead of overwriting it."""

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        obj._history_user = request.user  # what SimpleHistoryAdmin.save_model records
        obj.save_checked(obj.version)
        return None


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
