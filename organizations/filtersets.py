"""Filters shared by the ledger's list page, its Excel export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import CachedModelChoiceFilter
from organizations.choices import BUILDINGS
from organizations.models import Building, PartyOrganization, ResidentialArea, Street, TwoNewOrganization
from organizations.widgets import PlainSelect


def _streets(request):
    return Street.objects.visible_to(request.user) if request else Street.objects.none()


def _buildings(request):
    return Building.objects.visible_to(request.user) if request else Building.objects.none()


class OrganizationFilterSet(django_filters.FilterSet):
    # Every filter here is on the organization's own columns or a forward foreign key, so no row
    # can repeat: distinct=False (django-filter's MultipleChoiceFilter defaults to SELECT DISTINCT,
    # which sorted every column of the street's organizations before the LIMIT). A filter across
    # a to-many relation would have to ask for distinct itself.
    q = django_filters.CharFilter(method="search", label=_("Name or credit code"))
    street = django_filters.ModelChoiceFilter(queryset=_streets, label=_("street"))
    building = CachedModelChoiceFilter(
        queryset=_buildings, label=_("building"), widget=PlainSelect, choice_source=BUILDINGS
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=TwoNewOrganization.Kind.choices, label=_("kind"), distinct=False
    )
    ownership = django_filters.MultipleChoiceFilter(
        choices=TwoNewOrganization.Ownership.choices, label=_("ownership"), distinct=False
    )
    coverage = django_filters.MultipleChoiceFilter(
        choices=TwoNewOrganization.Coverage.choices, label=_("party coverage"), distinct=False
    )
    cooperation = django_filters.MultipleChoiceFilter(
        choices=TwoNewOrganization.Cooperation.choices, label=_("cooperation"), distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        choices=TwoNewOrganization.Status.choices, label=_("status"), distinct=False
    )
    archived = django_filters.BooleanFilter(method="filter_archived", label=_("archived"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("credit_code", "credit_code"),
            ("building__name", "building"),
            ("headcount", "headcount"),
            ("party_members", "party_members"),
            ("updated", "updated"),
        ),
        field_labels={"building__name": _("building"), "updated": _("last changed")},
        label=_("sort by"),
    )

    class Meta:
        model = TwoNewOrganization
        fields = ["q", "street", "building", "kind", "ownership", "coverage", "cooperation", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__istartswith=value.upper()))

    def filter_archived(self, queryset, name, value):
        return queryset.archived() if value else queryset.active()

    @property
    def qs(self):
        queryset = super().qs
        # Archived organizations are hidden unless asked for.
        archived = self.form.cleaned_data.get("archived") if self.is_bound and self.form.is_valid() else None
        if archived is None:
            queryset = queryset.active()
        return queryset


class StreetFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))

    class Meta:
        model = Street
        fields = ["q", "district"]


class ResidentialAreaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))

    class Meta:
        model = ResidentialArea
        fields = ["q", "street"]


class BuildingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))

    class Meta:
        model = Building
        fields = ["q", "street"]


class PartyOrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))

    class Meta:
        model = PartyOrganization
        fields = ["q", "street", "level", "kind", "building", "residential_area", "parent"]
