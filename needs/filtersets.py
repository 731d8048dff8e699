"""One FilterSet per list, shared by the page, its Excel export and the API."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import CachedModelChoiceFilter
from core.forms import DateInput
from crossposts.choices import PEOPLE
from needs.models import Category, Need, Project, Resource
from organizations.choices import BUILDINGS
from organizations.models import Building, Street
from organizations.widgets import PlainSelect


def _streets(request):
    if request is None or not request.user.is_authenticated:
        return Street.objects.none()
    return Street.objects.visible_to(request.user)


def _buildings(request):
    if request is None or not request.user.is_authenticated:
        return Building.objects.none()
    return Building.objects.visible_to(request.user)


def _assignees(request):
    user_model = get_user_model()
    if request is None or not request.user.is_authenticated:
        return user_model.objects.none()
    people = user_model.objects.filter(
        role__in=[user_model.Role.STAFF, user_model.Role.CADRE], is_active=True
    )
    user = request.user
    if user.is_portal_admin:
        return people
    if user.is_district:
        return people.filter(street__district_id=user.district_id)
    return people.filter(street_id=user.street_id)


class NeedFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="search")
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=Need.Status.choices)
    category = django_filters.ChoiceFilter(label=_("category"), choices=Category.choices)
    street = django_filters.ModelChoiceFilter(label=_("street"), queryset=_streets)
    building = CachedModelChoiceFilter(
        label=_("building"),
        queryset=_buildings,
        field_name="organization__building",
        widget=PlainSelect,
        choice_source=BUILDINGS,
    )
    assignee = CachedModelChoiceFilter(
        label=_("assignee"), queryset=_assignees, widget=PlainSelect, choice_source=PEOPLE
    )
    source = django_filters.ChoiceFilter(label=_("came in by"), choices=Need.Source.choices)
    sla = django_filters.ChoiceFilter(label=_("deadline"), choices=Need.SLA.choices, method="by_sla")
    start = django_filters.DateFilter(
        label=_("raised from"),
        field_name="created",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    end = django_filters.DateFilter(
        label=_("raised until"),
        field_name="created",
        lookup_expr="date__lte",
        widget=DateInput(),
    )

    class Meta:
        model = Need
        fields = [
            "q",
            "status",
            "category",
            "street",
            "building",
            "assignee",
            "source",
            "sla",
            "start",
            "end",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(organization__name__icontains=value)
            | Q(requester_name__icontains=value)
        )

    def by_sla(self, queryset, name, value):
        return queryset.sla(value, timezone.now()) if value else queryset


class ResourceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), field_name="name", lookup_expr="icontains")
    category = django_filters.ChoiceFilter(label=_("category"), choices=Category.choices)
    street = django_filters.ModelChoiceFilter(label=_("street"), queryset=_streets)
    available = django_filters.BooleanFilter(label=_("available"))

    class Meta:
        model = Resource
        fields = ["q", "category", "street", "available"]


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Project.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Project.Status.choices)
    street = django_filters.ModelChoiceFilter(label=_("street"), queryset=_streets)

    class Meta:
        model = Project
        fields = ["q", "kind", "status", "street"]
