"""One filter set for the event list page, its Excel export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from events.models import Event
from organizations.models import PartyOrganization, Street


def _organizers(request):
    if request is None:
        return PartyOrganization.objects.none()
    return PartyOrganization.objects.visible_to(request.user)


def _streets(request):
    if request is None:
        return Street.objects.none()
    return Street.objects.visible_to(request.user)


class EventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Event.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Event.Status.choices)
    organizer = django_filters.ModelChoiceFilter(
        label=_("organizer"), field_name="organizers", queryset=_organizers, distinct=True
    )
    street = django_filters.ModelChoiceFilter(label=_("street"), queryset=_streets)
    start = django_filters.DateFilter(
        label=_("from"),
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    end = django_filters.DateFilter(
        label=_("to"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=DateInput(),
    )
    archived = django_filters.ChoiceFilter(
        label=_("archived"),
        choices=[("archived", _("Archived only")), ("all", _("Active and archived"))],
        empty_label=_("Active only"),
        method="filter_archived",
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "status", "organizer", "street", "start", "end"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(title__icontains=value) | Q(theme__icontains=value) | Q(place__icontains=value)
        )

    def filter_archived(self, queryset, name, value):
        if value == "archived":
            return queryset.archived()
        return queryset  # "all"

    @property
    def qs(self):
        qs = super().qs
        if not self.form.cleaned_data.get("archived"):
            qs = qs.active()  # archived events are hidden unless asked for
        return qs
