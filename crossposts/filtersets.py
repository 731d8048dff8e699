"""Filters shared by the visit list page, its Excel export and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from crossposts.models import Assignment, CrossPost, Visit
from organizations.models import Building, ResidentialArea


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
    start = django_filters.DateFilter(field_name="visited_at", lookup_expr="date__gte", label=_("from"))
    end = django_filters.DateFilter(field_name="visited_at", lookup_expr="date__lte", label=_("to"))
    method = django_filters.MultipleChoiceFilter(choices=Visit.Method.choices, label=_("method"))
    building = django_filters.ModelChoiceFilter(
        field_name="organization__building", queryset=_buildings, label=_("building")
    )
    area = django_filters.ModelChoiceFilter(
        field_name="organization__residential_area", queryset=_areas, label=_("residential area")
    )
    cadre = django_filters.ModelChoiceFilter(queryset=_cadres, label=_("cadre"))
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
