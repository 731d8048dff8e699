"""Building groups with their yearly star rating, and the pairings of party members with families in difficulty in them."""

from django.contrib import messages
from django.db.models import DecimalField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.views import FilteredExportView, VersionedSaveMixin
from volunteers import rating
from volunteers.filtersets import (
    BuildingGroupFilterSet,
    PairingFilterSet,
)
from volunteers.forms import (
    BuildingGroupForm,
    CheckInForm,
    ManualScoreItemForm,
    PairingForm,
    RubricForm,
)
from volunteers.models import (
    BuildingGroup,
    BuildingGroupRating,
    Pairing,
)
from volunteers.views.base import PART_LABELS, FilteredListMixin, StaffMixin, _year

# ---------------------------------------------------------------- building groups and their rating


def _score_subqueries(year):
    ratings = BuildingGroupRating.objects.filter(building_group=OuterRef("pk"), year=year)
    return {
        "score": Subquery(
            ratings.values("score")[:1], output_field=DecimalField(max_digits=8, decimal_places=1)
        ),
        "stars": Subquery(ratings.values("stars")[:1]),
    }


def ranked_groups(user, year, data=None, request=None):
    qs = BuildingGroup.objects.visible_to(user).with_list_relations().annotate(**_score_subqueries(year))
    qs = qs.annotate(
        ranked_score=Coalesce("score", -1, output_field=DecimalField(max_digits=8, decimal_places=1))
    )
    filterset = BuildingGroupFilterSet(
        data, queryset=qs.order_by("-ranked_score", "residential_area__name", "number"), request=request
    )
    return filterset


def group_columns():
    return [
        Column(gettext_lazy("Residential area"), lambda g: g.residential_area.name, 14),
        Column(gettext_lazy("Building number"), lambda g: g.number, 10),
        Column(gettext_lazy("Households"), lambda g: g.households, 10),
        Column(gettext_lazy("Party group"), lambda g: str(g.party_group or ""), 18),
        Column(gettext_lazy("Score"), lambda g: float(g.score) if g.score is not None else "", 8),
        Column(gettext_lazy("Stars"), lambda g: g.stars if g.stars is not None else "", 6),
    ]


class GroupListView(StaffMixin, ListView):
    template_name = "volunteers/group_list.html"
    context_object_name = "groups"
    paginate_by = 50

    def get_queryset(self):
        self.year = _year(self.request)
        self.filterset = ranked_groups(self.request.user, self.year, self.request.GET or None, self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["year"] = self.year
        ctx["years"] = list(range(timezone.localdate().year, timezone.localdate().year - 5, -1))
        ctx["can_edit"] = self.request.user.can_manage_street_records
        ctx["star_range"] = range(1, 6)
        return ctx


class GroupExportView(StaffMixin, View):
    def get(self, request):
        year = _year(request)
        qs = ranked_groups(request.user, year, request.GET or None, request).qs
        return xlsx_response(
            [Sheet(_("Building groups %(year)s") % {"year": year}, group_columns(), chunked(qs))],
            f"building-groups-{year}.xlsx",
        )


class GroupCreateView(StaffMixin, CreateView):
    extra_context = {"title": gettext_lazy("New building group")}
    model = BuildingGroup
    form_class = BuildingGroupForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:group_detail", args=[self.object.pk])


class GroupUpdateView(GroupCreateView, UpdateView):
    def get_queryset(self):
        return BuildingGroup.objects.editable_by(self.request.user)


class GroupDetailView(StaffMixin, DetailView):
    """A building group's ratings per year, each with the parts of its score."""

    template_name = "volunteers/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return BuildingGroup.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        group = self.object
        ratings = list(group.ratings.order_by("-year"))
        for r in ratings:
            r.parts = [
                p | {"label": PART_LABELS.get(p["key"], p["key"])} for p in r.breakdown.get("parts", [])
            ]
        ctx["ratings"] = ratings
        ctx["items"] = group.manual_items.select_related("recorded_by")
        ctx["can_edit"] = BuildingGroup.objects.editable_by(self.request.user).filter(pk=group.pk).exists()
        if ctx["can_edit"]:
            ctx["item_form"] = ManualScoreItemForm(initial={"year": timezone.localdate().year})
        ctx["volunteer_count"] = group.volunteers.active().count()
        ctx["star_range"] = range(1, 6)
        return ctx


class ManualItemAddView(StaffMixin, View):
    allowed = "can_manage_street_records"

    def post(self, request, pk):
        group = get_object_or_404(BuildingGroup.objects.editable_by(request.user), pk=pk)
        form = ManualScoreItemForm(request.POST)
        if form.is_valid():
            item = form.save(commit=False)
            item.building_group = group
            item.recorded_by = request.user
            item.save()
            messages.success(request, _("The item was recorded; recompute the ratings to include it."))
        else:
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(
                        request, f"{form.fields[field].label if field in form.fields else ''} {error}"
                    )
        return redirect("volunteers:group_detail", pk=group.pk)


class RatingComputeView(StaffMixin, View):
    """Recompute one year's ratings of the staff member's street now (also done nightly)."""

    allowed = "can_manage_street_records"

    def post(self, request):
        year = _year(request)
        streets = self._streets(request.user)
        count = sum(rating.rate_street(street, year) for street in streets)
        messages.success(
            request, _("%(count)s building groups were rated for %(year)s.") % {"count": count, "year": year}
        )
        return redirect(f"{reverse('volunteers:group_list')}?year={year}")

    @staticmethod
    def _streets(user):
        from organizations.models import Street

        return Street.objects.visible_to(user)


class RubricEditView(StaffMixin, VersionedSaveMixin, UpdateView):
    """The weights and star thresholds of the staff member's street for one year."""

    form_class = RubricForm
    template_name = "volunteers/rubric_form.html"
    context_object_name = "rubric"

    def get_object(self, queryset=None):
        user = self.request.user
        if not user.street_id:
            raise Http404(_("Rubrics belong to a street; edit them in the admin."))
        self.year = _year(self.request)
        return rating.rubric_for(user.street, self.year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["year"] = self.year
        ctx["can_edit"] = self.request.user.can_manage_street_records
        return ctx

    def get_success_url(self):
        messages.success(self.request, _("The rubric was saved; recompute the ratings to apply it."))
        return f"{reverse('volunteers:group_list')}?year={self.year}"


# ---------------------------------------------------------------- pairings


PAIRING_COLUMNS = [
    Column(gettext_lazy("Party member"), lambda p: p.party_member.name, 12),
    Column(gettext_lazy("Household"), lambda p: p.household, 16),
    Column(gettext_lazy("Building group"), lambda p: str(p.building_group or ""), 16),
    Column(gettext_lazy("Difficulty"), lambda p: p.difficulty, 24),
    Column(gettext_lazy("Paired on"), lambda p: p.started_on, 12),
    Column(gettext_lazy("Ended on"), lambda p: p.ended_on, 12),
    Column(gettext_lazy("Visits"), lambda p: p.visit_count, 8),
]


class PairingListView(StaffMixin, FilteredListMixin, ListView):
    model = Pairing
    template_name = "volunteers/pairing_list.html"
    context_object_name = "pairings"
    filterset_class = PairingFilterSet


class PairingExportView(StaffMixin, FilteredExportView):
    model = Pairing
    filterset_class = PairingFilterSet
    sheet_title = gettext_lazy("Pairings")
    columns = PAIRING_COLUMNS
    filename = "pairings.xlsx"


class PairingCreateView(StaffMixin, CreateView):
    extra_context = {"title": gettext_lazy("New pairing")}
    model = Pairing
    form_class = PairingForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:pairing_detail", args=[self.object.pk])


class PairingDetailView(StaffMixin, DetailView):
    template_name = "volunteers/pairing_detail.html"
    context_object_name = "pairing"

    def get_queryset(self):
        return Pairing.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["checkins"] = self.object.checkins.select_related("recorded_by")
        ctx["can_edit"] = Pairing.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()
        if ctx["can_edit"]:
            ctx["checkin_form"] = CheckInForm()
        return ctx


class CheckInAddView(StaffMixin, View):
    allowed = "can_manage_street_records"

    def post(self, request, pk):
        pairing = get_object_or_404(Pairing.objects.editable_by(request.user), pk=pk)
        form = CheckInForm(request.POST)
        if form.is_valid():
            checkin = form.save(commit=False)
            checkin.pairing = pairing
            checkin.recorded_by = request.user
            checkin.save()
            messages.success(request, _("The visit was recorded."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("volunteers:pairing_detail", pk=pairing.pk)
