"""Admin of dual check-in: the pledge list staff keep, members, check-ins and pledge marks.

The rules are members.rules: the models' clean() calls them.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdminMixin
from members import rules
from members.models import CommunityCheckIn, PartyMember, PledgeKind, PledgeMark


@admin.register(PledgeKind)
class PledgeKindAdmin(admin.ModelAdmin):
    list_display = ["name", "rule", "position", "active"]
    list_filter = ["rule", "active"]
    list_editable = ["position", "active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # stop offering it instead: pledges already made refer to it


class CheckInInline(admin.TabularInline):
    model = CommunityCheckIn
    extra = 0
    fields = ["residential_area", "party_organization", "checked_in_on", "pledges", "status", "ended_on"]
    autocomplete_fields = ["residential_area", "party_organization"]


@admin.register(PartyMember)
class PartyMemberAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "street", "party_organization", "work_organization", "residential_area", "status"]
    list_filter = ["street", "status", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "phone"]
    autocomplete_fields = [
        "street",
        "party_organization",
        "work_organization",
        "work_party_organization",
        "residential_area",
        "user",
        "volunteer",
    ]
    readonly_fields = ["version", "archived_at", "created", "updated"]
    inlines = [CheckInInline]
    actions = ["archive", "restore"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rules.sync_volunteer(obj)

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead

    @admin.action(description=_("Archive the selected members"))
    def archive(self, request, queryset):
        for member in queryset:
            member.archive()

    @admin.action(description=_("Restore the selected members"))
    def restore(self, request, queryset):
        for member in queryset:
            member.restore()


@admin.register(CommunityCheckIn)
class CommunityCheckInAdmin(SimpleHistoryAdmin):
    list_display = ["member", "residential_area", "party_organization", "checked_in_on", "status", "ended_on"]
    list_filter = ["status", "residential_area", "pledges"]
    search_fields = ["member__name", "residential_area__name"]
    autocomplete_fields = ["member", "residential_area", "party_organization"]
    filter_horizontal = ["pledges"]


class PledgeMarkAdminForm(forms.ModelForm):
    class Meta:
        model = PledgeMark
        fields = ["member", "pledge", "year", "quarter", "note", "marked_by"]

    def clean(self):
        data = super().clean()
        member, pledge, year, quarter = (data.get(k) for k in ("member", "pledge", "year", "quarter"))
        if member and pledge and year and quarter and 1 <= quarter <= 4 and 2000 <= year <= 2100:
            error = rules.pledge_mark_error(member, pledge, rules.Quarter(year, quarter))
            if error:
                raise forms.ValidationError(error)
        return data


@admin.register(PledgeMark)
class PledgeMarkAdmin(admin.ModelAdmin):
    list_display = ["member", "pledge", "year", "quarter", "marked_by", "created"]
    list_filter = ["year", "quarter", "pledge"]
    search_fields = ["member__name", "note"]
    autocomplete_fields = ["member", "pledge", "marked_by"]
    form = PledgeMarkAdminForm

    def save_model(self, request, obj, form, change):
        if not change and obj.marked_by_id is None:
            obj.marked_by = request.user
        super().save_model(request, obj, form, change)
