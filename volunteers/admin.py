"""Admin for the volunteers app; service hours go through the same rule as the pages."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdminMixin
from volunteers import rules
from volunteers.models import (
    BuildingGroup,
    BuildingGroupRating,
    ManualScoreItem,
    Pairing,
    PairingCheckIn,
    Rubric,
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["volunteer"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "street",
        "residential_area",
        "building",
        "leader",
        "focus",
        "active",
        "archived_at",
    ]
    list_filter = ["street", "active", "residential_area"]
    search_fields = ["name", "focus"]
    autocomplete_fields = ["street", "residential_area", "building", "leader"]
    inlines = [MembershipInline]


@admin.register(Volunteer)
class VolunteerAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "street", "residential_area", "building_group", "is_party_member", "availability"]
    list_filter = ["street", "is_party_member", "availability", "residential_area"]
    search_fields = ["name", "phone", "skills"]
    autocomplete_fields = ["street", "residential_area", "building_group", "party_organization"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "team", "role", "joined_on", "left_on"]
    list_filter = ["role", "team__street"]
    search_fields = ["volunteer__name", "team__name"]
    autocomplete_fields = ["volunteer", "team"]


class ServiceHoursInlineForm(forms.ModelForm):
    class Meta:
        model = ServiceHours
        fields = ["volunteer", "hours"]

    def clean(self):
        data = super().clean()
        # The inline formset's foreign-key field cleans to the parent record, saved or not.
        record = data.get("record")
        volunteer, hours = data.get("volunteer"), data.get("hours")
        if volunteer and hours is not None and record is not None and record.date:
            try:
                rules.check_daily_hours([volunteer], record.date, hours, exclude_record_id=record.pk)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return data


class ServiceHoursInline(admin.TabularInline):
    model = ServiceHours
    form = ServiceHoursInlineForm
    extra = 0
    fields = ["volunteer", "date", "hours"]
    readonly_fields = ["date"]
    autocomplete_fields = ["volunteer"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "team", "description", "hours", "status", "source", "approved_by"]
    list_filter = ["status", "source", "team__street", "date"]
    search_fields = ["description", "team__name", "hours_rows__volunteer__name"]
    autocomplete_fields = ["team", "need", "event", "created_by", "approved_by"]
    date_hierarchy = "date"
    inlines = [ServiceHoursInline]

    def save_formset(self, request, form, formset, change):
        # Keep each row's date and hours in step with its record (the daily limit counts rows).
        rows = formset.save(commit=False)
        for row in rows:
            row.date = form.instance.date
            rules.check_hours_value(row.hours)
            row.save()
        for row in formset.deleted_objects:
            row.delete()

    def save_model(self, request, obj, form, change):
        rules.check_hours_value(obj.hours)
        super().save_model(request, obj, form, change)


@admin.register(ServiceHours)
class ServiceHoursAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "date", "hours", "record"]
    list_filter = ["date"]
    search_fields = ["volunteer__name", "record__description"]
    autocomplete_fields = ["volunteer", "record"]


class ManualItemInline(admin.TabularInline):
    model = ManualScoreItem
    extra = 0
    autocomplete_fields = ["recorded_by"]


@admin.register(BuildingGroup)
class BuildingGroupAdmin(admin.ModelAdmin):
    list_display = ["residential_area", "number", "households", "party_group", "head"]
    list_filter = ["residential_area__street", "residential_area"]
    search_fields = ["number", "residential_area__name", "head"]
    autocomplete_fields = ["residential_area", "party_group"]
    inlines = [ManualItemInline]


@admin.register(Rubric)
class RubricAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "street",
        "year",
        "weight_hours",
        "weight_events",
        "weight_needs",
        "weight_visits",
        "star1",
        "star5",
    ]
    list_filter = ["street", "year"]
    search_fields = ["street__name"]
    autocomplete_fields = ["street"]


@admin.register(ManualScoreItem)
class ManualScoreItemAdmin(SimpleHistoryAdmin):
    list_display = ["building_group", "year", "description", "points", "recorded_by"]
    list_filter = ["year"]
    search_fields = ["description", "building_group__number"]
    autocomplete_fields = ["building_group", "recorded_by"]


@admin.register(BuildingGroupRating)
class BuildingGroupRatingAdmin(admin.ModelAdmin):
    list_display = ["building_group", "year", "score", "stars", "updated"]
    list_filter = ["year", "stars"]
    search_fields = ["building_group__number", "building_group__residential_area__name"]
    autocomplete_fields = ["building_group"]
    readonly_fields = ["breakdown"]


class CheckInInline(admin.TabularInline):
    model = PairingCheckIn
    extra = 0
    autocomplete_fields = ["recorded_by"]


@admin.register(Pairing)
class PairingAdmin(SimpleHistoryAdmin):
    list_display = ["party_member", "household", "building_group", "started_on", "ended_on"]
    list_filter = ["street", "started_on"]
    search_fields = ["party_member__name", "household"]
    autocomplete_fields = ["street", "party_member", "building_group"]
    inlines = [CheckInInline]


@admin.register(PairingCheckIn)
class PairingCheckInAdmin(admin.ModelAdmin):
    list_display = ["pairing", "visited_on", "recorded_by"]
    list_filter = ["visited_on"]
    search_fields = ["note", "pairing__household"]
    autocomplete_fields = ["pairing", "recorded_by"]
