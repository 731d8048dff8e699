"""Staff pages of dual check-in: members, check-ins and pledges, quarterly service cards."""

import re
from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView

from cadre_reports.services import report_figures
from core.exports import Column, Sheet, xlsx_response
from core.permissions import RoleRequiredMixin
from core.views import ArchiveToggleView, RecordUpdateView
from members import rules
from members.filtersets import CheckInFilterSet, PartyMemberFilterSet, active_checkin_exists
from members.forms import CheckInForm, PartyMemberForm, PledgeMarkForm, QuarterForm
from members.models import CommunityCheckIn, PartyMember
from organizations.views import history_entries


class MemberScopeMixin(RoleRequiredMixin):
    allowed = "can_read_street_records"
    write_allowed = "can_manage_street_records"

    def get_queryset(self):
        return PartyMember.objects.visible_to(self.request.user).with_list_relations()


def _quarter(request) -> rules.Quarter:
    """The quarter asked for (``?period=2024Q2``), this quarter when none or a malformed one."""
    return rules.Quarter.parse(request.GET.get("period"))


class MemberListView(MemberScopeMixin, ListView):
    """Members with filters (work unit, residential area, checked in or not) and the period's figures."""

    template_name = "members/member_list.html"
    context_object_name = "members"
    paginate_by = 50

    def get_queryset(self):
        queryset = super().get_queryset().annotate(is_checked_in=active_checkin_exists())
        self.filterset = PartyMemberFilterSet(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        qs = self.filterset.qs
        archived = self.request.GET.get("archived") == "1"
        return qs.filter(archived_at__isnull=not archived)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        quarter = _quarter(self.request)
        ctx["filter"] = self.filterset
        ctx["quarter_form"] = QuarterForm(initial={"period": quarter.key}, selected=quarter)
        ctx["figures"] = rules.member_figures(user, quarter)
        ctx["report_figures"] = report_figures(user, quarter)
        ctx["can_edit"] = user.can_manage_street_records
        for member in ctx["members"]:
            member.shown_phone = member.phone_for(user)
        return ctx


class MemberDetailView(MemberScopeMixin, DetailView):
    """Everything the member did in the community: check-ins, pledges, hours, events, visits, cards."""

    template_name = "members/member_detail.html"
    context_object_name = "member"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        member, user = self.object, self.request.user
        quarter = _quarter(self.request)
        ctx["quarter"] = quarter
        ctx["quarter_form"] = QuarterForm(initial={"period": quarter.key}, selected=quarter)
        ctx["shown_phone"] = member.phone_for(user)
        ctx["checkins"] = member.checkins.select_related(
            "residential_area", "party_organization"
        ).prefetch_related("pledges")
        ctx["cards"] = [rules.service_card(member, q) for q in rules.Quarter.recent(4)]
        ctx["details"] = rules.card_details(member, quarter)
        ctx["can_edit"] = PartyMember.objects.editable_by(user).filter(pk=member.pk).exists()
        ctx["mark_form"] = PledgeMarkForm(member=member, user=user, initial={"period": quarter.key})
        ctx["history"] = history_entries(member)
        return ctx


class MemberCreateView(MemberScopeMixin, CreateView):
    allowed = "can_manage_street_records"
    template_name = "members/member_form.html"
    form_class = PartyMemberForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        self.object = form.save_versioned()
        messages.success(self.request, _("“%(name)s” was added.") % {"name": self.object.name})
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("members:member_detail", args=[self.object.pk])


class MemberUpdateView(MemberScopeMixin, RecordUpdateView):
    allowed = "can_manage_street_records"
    template_name = "members/member_form.html"
    form_class = PartyMemberForm
    model = PartyMember
    detail_url = "members:member_detail"


class MemberArchiveView(MemberScopeMixin, ArchiveToggleView):
    allowed = "can_manage_street_records"
    model = PartyMember
    detail_url = "members:member_detail"


class CheckInCreateView(MemberScopeMixin, CreateView):
    """A member checks in (报到) with a residential area's party organization and pledges services."""

    allowed = "can_manage_street_records"
    template_name = "members/checkin_form.html"
    form_class = CheckInForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.can_manage_street_records:
            self.member = get_object_or_404(
                PartyMember.objects.editable_by(request.user).active(), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.member}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "member": self.member}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(
            self.request,
            _("%(name)s is checked in with %(area)s.")
            % {"name": self.member.name, "area": self.object.residential_area},
        )
        return redirect("members:member_detail", pk=self.member.pk)


class CheckInEndView(MemberScopeMixin, View):
    allowed = "can_manage_street_records"

    def post(self, request, pk):
        checkin = get_object_or_404(CommunityCheckIn.objects.editable_by(request.user), pk=pk)
        try:
            rules.end_checkin(checkin)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The check-in has ended."))
        return redirect("members:member_detail", pk=checkin.member_id)


class PledgeMarkView(MemberScopeMixin, View):
    """Staff mark a pledge of the manual kind (building-group work, skills) as kept in a quarter."""

    allowed = "can_manage_street_records"

    def post(self, request, pk):
        member = get_object_or_404(PartyMember.objects.editable_by(request.user), pk=pk)
        form = PledgeMarkForm(request.POST, member=member, user=request.user)
        if form.is_valid():
            try:
                mark = form.save()
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("“%(pledge)s” is marked kept for %(quarter)s.")
                    % {"pledge": mark.pledge, "quarter": rules.Quarter(mark.year, mark.quarter)},
                )
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(reverse("members:member_detail", args=[member.pk]))


class CheckInListView(MemberScopeMixin, ListView):
    """Check-ins and their pledges."""

    template_name = "members/checkin_list.html"
    context_object_name = "checkins"
    paginate_by = 50

    def get_queryset(self):
        queryset = CommunityCheckIn.objects.visible_to(self.request.user).with_list_relations()
        self.filterset = CheckInFilterSet(self.request.GET or None, queryset=queryset, request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter": self.filterset}


# --- Service cards ---------------------------------------------------------------------------


def card_members(request):
    """The members whose cards go back to a unit: active, with a work unit, filtered as on the list."""
    queryset = (
        PartyMember.objects.visible_to(request.user)
        .active()
        .with_list_relations()
        .exclude(work_organization__isnull=True, work_party_organization__isnull=True)
        .order_by("work_organization__name", "work_party_organization__name", "name", "pk")
    )
    return PartyMemberFilterSet(request.GET or None, queryset=queryset, request=request).qs


def unit_key(member):
    unit = member.work_unit
    return (type(unit).__name__, unit.pk) if unit else None


class ServiceCardListView(MemberScopeMixin, ListView):
    """The quarter's service cards grouped by work unit, to print or export for each unit."""

    template_name = "members/service_cards.html"
    context_object_name = "members"
    paginate_by = 100

    def get_queryset(self):
        self.filterset = PartyMemberFilterSet(self.request.GET or None, request=self.request)
        return card_members(self.request)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        quarter = _quarter(self.request)
        members = list(ctx["members"])
        cards = rules.service_cards(members, quarter)
        groups = OrderedDict()
        for member in members:
            groups.setdefault(unit_key(member), {"unit": member.work_unit, "cards": []})["cards"].append(
                cards[member.pk]
            )
        ctx.update(
            quarter=quarter,
            quarter_form=QuarterForm(initial={"period": quarter.key}, selected=quarter),
            filter=self.filterset,
            groups=list(groups.values()),
        )
        return ctx


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\']", " ", name).strip()[:28] or "-"
    candidate, n = title, 2
    while candidate.lower() in used:
        candidate, n = f"{title[:25]} ({n})", n + 1
    used.add(candidate.lower())
    return candidate


CARD_COLUMNS = [
    Column("姓名", lambda c: c.member.name, 12),
    Column("所在党组织", lambda c: c.member.party_organization.name, 24),
    Column("居住居民区", lambda c: c.member.residential_area.name if c.member.residential_area else "", 14),
    Column("是否报到", lambda c: c.checked_in, 8),
    Column("志愿服务时长", lambda c: float(c.hours), 12),
    Column("参加活动次数", lambda c: c.events, 12),
    Column("结对走访次数", lambda c: c.pairing_visits, 12),
    Column("承诺事项", lambda c: "、".join(line.pledge.name for line in c.pledges), 28),
    Column("已践诺", lambda c: "、".join(line.pledge.name for line in c.pledges if line.kept), 28),
    Column("践诺数", lambda c: c.pledges_kept, 8),
]


class ServiceCardExportView(MemberScopeMixin, View):
    """One Excel sheet per work unit, for the street to send to each unit."""

    def get(self, request):
        quarter = _quarter(request)
        members = list(card_members(request))
        cards = rules.service_cards(members, quarter)
        groups = OrderedDict()
        for member in members:
            groups.setdefault(unit_key(member), (member.work_unit, []))[1].append(cards[member.pk])
        used = set()
        sheets = [Sheet(_sheet_title(str(unit), used), CARD_COLUMNS, rows) for unit, rows in groups.values()]
        if not sheets:
            sheets = [Sheet(quarter.key, CARD_COLUMNS, [])]
        return xlsx_response(sheets, f"service-cards-{quarter.key}.xlsx")


class ServiceCardView(MemberScopeMixin, DetailView):
    """One member's printable card for a quarter."""

    template_name = "members/service_card.html"
    context_object_name = "member"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        quarter = _quarter(self.request)
        ctx.update(
            quarter=quarter,
            quarter_form=QuarterForm(initial={"period": quarter.key}, selected=quarter),
            card=rules.service_card(self.object, quarter),
            details=rules.card_details(self.object, quarter),
        )
        return ctx
