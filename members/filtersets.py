"""Filters of the member and check-in lists, shared by the pages, the card export and the API."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import CommunityCheckIn, PartyMember, PledgeKind
from organizations.models import (
    PartyOrganization,
    ResidentialArea,
    TwoNewOrganization,
)


def _scoped(model):
    def queryset(request):
        if request is None:
            return model.objects.none()
        qs = model.objects.visible_to(request.user)
        return qs.active() if hasattr(qs, "active") and model is TwoNewOrganization else qs

    return queryset


def active_checkin_exists():
    return Exists(CommunityCheckIn.objects.active().filter(member=OuterRef("pk")))


class PartyMemberFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))
    work_organization = django_filters.ModelChoiceFilter(
        queryset=_scoped(TwoNewOrganization), label=_("work unit (organization)")
    )
    work_party_organization = django_filters.ModelChoiceFilter(
        queryset=_scoped(PartyOrganization), label=_("work unit (party organization)")
    )
    residential_area = django_filters.ModelChoiceFilter(
        queryset=_scoped(ResidentialArea), label=_("residential area")
    )
    party_organization = django_filters.ModelChoiceFilter(
        queryset=_scoped(PartyOrganization), label=_("party organization")
    )
    status = django_filters.ChoiceFilter(choices=PartyMember.Status.choices, label=_("status"))
    checked_in = django_filters.BooleanFilter(
        method="filter_checked_in", label=pgettext_lazy("dual check-in", "checked in")
    )

    class Meta:
        model = PartyMember
        fields = [
            "q",
            "work_organization",
            "work_party_organization",
            "residential_area",
            "party_organization",
            "status",
            "checked_in",
        ]

    def filter_checked_in(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(active_checkin_exists()) if value else queryset.exclude(active_checkin_exists())
        )


class CheckInFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="member__name", lookup_expr="icontains", label=_("member"))
    residential_area = django_filters.ModelChoiceFilter(
        queryset=_scoped(ResidentialArea), label=_("residential area")
    )
    pledges = django_filters.ModelChoiceFilter(
        queryset=PledgeKind.objects.all(), label=_("service pledged"), distinct=True
    )
    status = django_filters.ChoiceFilter(choices=CommunityCheckIn.Status.choices, label=_("status"))
    member = django_filters.NumberFilter(field_name="member_id", label=_("party member"))

    class Meta:
        model = CommunityCheckIn
        fields = ["q", "residential_area", "pledges", "status", "member"]
