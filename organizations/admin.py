from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdminMixin
from organizations.models import (
    Building,
    District,
    PartyOrganization,
    ResidentialArea,
    Street,
    TwoNewOrganization,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]
    autocomplete_fields = ["district"]


@admin.register(ResidentialArea)
class ResidentialAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "households", "residents"]
    list_filter = ["street"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["street"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "address", "floors", "latitude", "longitude"]
    list_filter = ["street"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["street"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "level",
        "kind",
        "street",
        "building",
        "residential_area",
        "secretary",
        "member_count",
    ]
    list_filter = ["level", "kind", "street"]
    search_fields = ["name", "secretary"]
    autocomplete_fields = ["street", "parent", "building", "residential_area", "secretary_user"]


@admin.register(TwoNewOrganization)
class TwoNewOrganizationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "credit_code",
        "street",
        "building",
        "ownership",
        "coverage",
        "cooperation",
        "status",
        "archived_at",
    ]
    list_filter = [
        "street",
        "kind",
        "ownership",
        "coverage",
        "cooperation",
        "status",
        ("archived_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "credit_code", "contact_name"]
    autocomplete_fields = ["street", "building", "residential_area", "covering_party_organization"]
    readonly_fields = ["version", "archived_at", "created", "updated"]
    actions = ["archive", "restore"]

    def get_form(self, request, obj=None, **kwargs):
        from organizations.forms import OrganizationForm

        # The same credit-code and phone rules as the staff pages.
        kwargs["form"] = type(
            "AdminOrganizationForm",
            (admin.ModelAdmin.form,),
            {
                "clean_credit_code": OrganizationForm.clean_credit_code,
                "clean_contact_phone": OrganizationForm.clean_contact_phone,
            },
        )
        return super().get_form(request, obj, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead

    @admin.action(description=_("Archive the selected organizations"))
    def archive(self, request, queryset):
        for org in queryset:
            org.archive()

    @admin.action(description=_("Restore the selected organizations"))
    def restore(self, request, queryset):
        for org in queryset:
            org.restore()
