from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "role", "street", "district", "is_active", "last_login"]
    list_filter = ["role", "street", "district", "is_active", "is_staff"]
    search_fields = ["username", "name", "email", "phone"]
    autocomplete_fields = ["street", "district"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal role"), {"fields": ("name", "role", "district", "street", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Portal role"), {"fields": ("name", "role", "district", "street")}),
    )
