"""Filters shared by the volunteer lists, their Excel exports and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import ResidentialArea
from volunteers.models import BuildingGroup, Pairing, ServiceRecord, TeamTask, Volunteer, VolunteerTeam


def _areas(request):
    if request is None or not request.user.can_read_street_records:
        return ResidentialArea.objects.none()
    return ResidentialArea.objects.visible_to(request.user)


def _teams(request):
    return VolunteerTeam.objects.visible_to(request.user) if request else VolunteerTeam.objects.none()


def _groups(request):
    if request is None:
        return BuildingGroup.objects.none()
    return BuildingGroup.objects.visible_to(request.user).select_related("residential_area")


class ArchivedFilterMixin:
    """Archived rows are hidden unless asked for."""

    def filter_archived(self, queryset, name, value):
        return queryset.archived() if value else queryset.active()

    @property
    def qs(self):
        queryset = super().qs
        if getattr(self.form, "cleaned_data", {}).get("archived") is None:
            queryset = queryset.active()
        return queryset


class TeamFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or focus"))
    residential_area = django_filters.ModelChoiceFilter(queryset=_areas, label=_("residential area"))
    active = django_filters.BooleanFilter(label=_("active"))
    archived = django_filters.BooleanFilter(method="filter_archived", label=_("archived"))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("founded", "founded"), ("member_count", "members")),
        field_labels={"member_count": _("members")},
        label=_("sort by"),
    )

    class Meta:
        model = VolunteerTeam
        fields = ["q", "residential_area", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(focus__icontains=value))


class VolunteerFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or skill"))
    residential_area = django_filters.ModelChoiceFilter(queryset=_areas, label=_("residential area"))
    building_group = django_filters.ModelChoiceFilter(queryset=_groups, label=_("building group"))
    team = django_filters.ModelChoiceFilter(queryset=_teams, method="filter_team", label=_("team"))
    is_party_member = django_filters.BooleanFilter(label=_("party member"))
    availability = django_filters.MultipleChoiceFilter(
        choices=Volunteer.Availability.choices, label=_("availability")
    )
    skill = django_filters.CharFilter(field_name="skills", lookup_expr="icontains", label=_("skill"))
    archived = django_filters.BooleanFilter(method="filter_archived", label=_("archived"))

    class Meta:
        model = Volunteer
        fields = [
            "q",
            "residential_area",
            "building_group",
            "team",
            "is_party_member",
            "availability",
            "skill",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The phone is searched only by its full value, so that a masked list cannot be probed digit by digit.
        return queryset.filter(Q(name__icontains=value) | Q(skills__icontains=value) | Q(phone=value))

    def filter_team(self, queryset, name, value: int):
        if not value:
            return queryset
        return queryset.filter(memberships__team=value, memberships__left_on__isnull=True).distinct()


class ServiceRecordFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="description", lookup_expr="icontains", label=_("What was done"))
    team = django_filters.ModelChoiceFilter(queryset=_teams, label=_("team"))
    status = django_filters.MultipleChoiceFilter(choices=ServiceRecord.Status.choices, label=_("status"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))
    volunteer = django_filters.NumberFilter(
        field_name="hours_rows__volunteer", label=_("volunteer"), distinct=True
    )
    archived = django_filters.BooleanFilter(method="filter_archived", label=_("archived"))

    class Meta:
        model = ServiceRecord
        fields = ["q", "team", "status", "date_from", "date_to", "volunteer"]


class BuildingGroupFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="number", lookup_expr="icontains", label=_("building number"))
    residential_area = django_filters.ModelChoiceFilter(queryset=_areas, label=_("residential area"))

    class Meta:
        model = BuildingGroup
        fields = ["q", "residential_area"]


class PairingFilterSet(ArchivedFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Party member or household"))
    building_group = django_filters.ModelChoiceFilter(queryset=_groups, label=_("building group"))
    current = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("current"))
    archived = django_filters.BooleanFilter(method="filter_archived", label=_("archived"))

    class Meta:
        model = Pairing
        fields = ["q", "building_group", "current"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(party_member__name__icontains=value) | Q(household__icontains=value))


class TeamTaskFilterSet(django_filters.FilterSet):
    """The team tasks page and ``/api/v1/team-tasks/``: live tasks unless a status is asked for."""

    status = django_filters.ChoiceFilter(choices=TeamTask.Status.choices, label=_("status"))
    team = django_filters.ModelChoiceFilter(queryset=_teams, label=_("team"))

    class Meta:
        model = TeamTask
        fields = ["status", "team"]

    @property
    def qs(self):
        queryset = super().qs.active()
        if not getattr(self.form, "cleaned_data", {}).get("status"):
            queryset = queryset.live()
        return queryset
