"""Filters shared by the visit list page, its Excel export and the API."""

from datetime import UTC, date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.choices import CachedModelChoiceFilter
from crossposts.choices import PEOPLE
from crossposts.models import Assignment, CrossPost, Visit
from organizations.choices import AREAS, BUILDINGS
from organizations.models import Building, ResidentialArea
from organizations.widgets import PlainSelect


def _local_midnight(day):
    """The start of a local day as an aware datetime; None at the calendar's very ends."""
    try:
        moment = timezone.make_aware(datetime.combine(day, time.min))
        moment.astimezone(UTC)
    except OverflowError:
        return None
    return moment


def _buildings(request):
    return Building.objects.visible_to(request.user) if request else Building.objects.none()


def _cadres(request):
    """The cadres whose assignments the user may see (the scope rule of assignments)."""
    if request is None:
        return User.objects.none()
    return User.objects.filter(
        pk__in=Assignment.objects.visible_to(request.user).values("cadre_id")
    ).order_by("username")


def _areas(request):
    return ResidentialArea.objects.visible_to(request.user) if request else ResidentialArea.objects.none()


class VisitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Organization or notes"))
    # Local-day bounds on visited_at itself (not visited_at::date), so an index range serves them.
    start = django_filters.DateFilter(method="filter_start", label=_("from"))
    end = django_filters.DateFilter(method="filter_end", label=_("to"))
    method = django_filters.MultipleChoiceFilter(choices=Visit.Method.choices, label=_("method"))
    building = CachedModelChoiceFilter(
        field_name="organization__building",
        queryset=_buildings,
        label=_("building"),
        widget=PlainSelect,
        choice_source=BUILDINGS,
    )
    area = CachedModelChoiceFilter(
        field_name="organization__residential_area",
        queryset=_areas,
        label=_("residential area"),
        widget=PlainSelect,
        choice_source=AREAS,
    )
    cadre = CachedModelChoiceFilter(
        queryset=_cadres, label=_("cadre"), widget=PlainSelect, choice_source=PEOPLE
    )
    organization = django_filters.NumberFilter(
        field_name="organization_id", label=_("organization"), widget=forms.HiddenInput
    )
    far = django_filters.BooleanFilter(field_name="far_from_building", label=_("far from the building"))
    ordering = django_filters.OrderingFilter(
        fields=(("visited_at", "visited_at"), ("organization__name", "organization")),
        label=_("order"),
    )

    class Meta:
        model = Visit
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(organization__name__icontains=value) | Q(notes__icontains=value))

    def filter_start(self, queryset, name, value):
        bound = _local_midnight(value)
        return queryset if bound is None else queryset.filter(visited_at__gte=bound)

    def filter_end(self, queryset, name, value):
        bound = _local_midnight(value + timedelta(days=1)) if value < date.max else None
        return queryset if bound is None else queryset.filter(visited_at__lt=bound)


class AssignmentFilterSet(django_filters.FilterSet):
    cadre = django_filters.ModelChoiceFilter(queryset=_cadres, label=_("cadre"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("organization"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Assignment
        fields = []


class CrossPostFilterSet(django_filters.FilterSet):
    cadre = django_filters.NumberFilter(field_name="cadre_id", label=_("cadre"))
    home_post = django_filters.ChoiceFilter(choices=CrossPost.HomePost.choices, label=_("home post"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = CrossPost
        fields = []
