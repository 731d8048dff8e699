"""Forms of the volunteer pages; the rules they check live in rules.py and models' constraints."""

import datetime
import itertools

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import VERSION_REQUIRED, VersionedModelForm
from core.validators import normalize_phone
from organizations.models import Building, PartyOrganization, ResidentialArea
from volunteers import rules
from volunteers.models import (
    BuildingGroup,
    ManualScoreItem,
    Pairing,
    PairingCheckIn,
    Rubric,
    ServiceRecord,
    TeamMembership,
    TeamTask,
    Volunteer,
    VolunteerTeam,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def served_choices(app_label, model_name, user):
    """Open needs or recent events the user may see, for linking a service record to them."""
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    if model_name == "Need" and user.is_authenticated and user.is_team_leader:
        # A leader sees no needs, except those handed to their teams as tasks.
        return model.objects.filter(team_tasks__team__leader=user).distinct().order_by("-created")
    qs = model.objects.visible_to(user)
    if hasattr(qs, "active"):
        qs = qs.active()
    if model_name == "Event":
        return qs.filter(starts_at__gte=timezone.now() - datetime.timedelta(days=400)).order_by("-starts_at")
    return qs.order_by("-created")


def _street_scope(user, queryset):
    """Choices in the user's street (admins: all)."""
    return queryset if user.is_portal_admin else queryset.filter(street_id=user.street_id)


class TeamForm(VersionedModelForm):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "residential_area", "building", "leader", "focus", "founded", "active"]
        widgets = {"founded": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["residential_area"].queryset = _street_scope(user, ResidentialArea.objects.all())
        self.fields["building"].queryset = _street_scope(user, Building.objects.all())
        self.fields["leader"].queryset = _street_scope(user, User.objects.filter(role=User.Role.LEADER))

    def clean(self):
        data = super().clean()
        street = rules.team_street(data.get("residential_area"), data.get("building"))
        leader = data.get("leader")
        if leader and leader.street_id != street.pk:
            self.add_error("leader", _("The team leader must work in the team's street."))
        name = data.get("name")
        if name:
            clash = VolunteerTeam.objects.filter(street=street, name=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("This street already has a volunteer team of that name."))
        self.instance.street = street
        return data


class VolunteerForm(VersionedModelForm):
    class Meta:
        model = Volunteer
        fields = [
            "name",
            "phone",
            "residential_area",
            "building_group",
            "is_party_member",
            "party_organization",
            "skills",
            "availability",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["residential_area"].queryset = _street_scope(user, ResidentialArea.objects.all())
        self.fields["residential_area"].required = True
        groups = BuildingGroup.objects.visible_to(user)
        if user.is_team_leader:
            # A leader adding someone to their team picks among their street's building groups.
            groups = BuildingGroup.objects.filter(residential_area__street_id=user.street_id)
        self.fields["building_group"].queryset = groups.select_related("residential_area")
        self.fields["party_organization"].queryset = _street_scope(user, PartyOrganization.objects.all())

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""

    def clean(self):
        data = super().clean()
        area, group = data.get("residential_area"), data.get("building_group")
        if area and group and group.residential_area_id != area.pk:
            self.add_error("building_group", _("The building group is not in this residential area."))
        if data.get("party_organization") and not data.get("is_party_member"):
            self.add_error("party_organization", _("Only a party member belongs to a party organization."))
        if area:
            self.instance.street = area.street
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = TeamMembership
        fields = ["volunteer", "role", "joined_on"]
        widgets = {"joined_on": DATE}

    def __init__(self, *args, team, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.instance.team = team
        self.fields["volunteer"].queryset = (
            Volunteer.objects.visible_to(user).active().filter(street=team.street)
        )
        self.fields["joined_on"].initial = timezone.localdate()

    def clean_volunteer(self):
        volunteer = self.cleaned_data["volunteer"]
        if TeamMembership.objects.filter(team=self.team, volunteer=volunteer, left_on__isnull=True).exists():
            raise ValidationError(_("This volunteer is already a member of this team."))
        return volunteer


class ServiceRecordForm(forms.Form):
    """A record entered by staff or the team leader; the service layer saves it under a lock."""

    team = forms.ModelChoiceField(label=_("team"), queryset=VolunteerTeam.objects.none())
    date = forms.DateField(label=_("date"), widget=DATE)
    hours = forms.DecimalField(label=_("hours per volunteer"), max_digits=4, decimal_places=1)
    description = forms.CharField(label=_("what was done"), max_length=300)
    volunteers = forms.ModelMultipleChoiceField(
        label=_("volunteers"), queryset=Volunteer.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    need = forms.ModelChoiceField(label=_("need served"), queryset=None, required=False)
    event = forms.ModelChoiceField(label=_("event served"), queryset=None, required=False)

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, teams, user, team=None, record=None, **kwargs):
        self.record = record
        self.conflict_changes = []
        if record is not None:
            kwargs.setdefault(
                "initial",
                {
                    "team": record.team_id,
                    "date": record.date,
                    "hours": record.hours,
                    "description": record.description,
                    "volunteers": [row.volunteer_id for row in record.hours_rows.all()],
                    "need": record.need_id,
                    "event": record.event_id,
                    "version": record.version,
                },
            )
            team = team or record.team
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = served_choices("needs", "Need", user)
        self.fields["event"].queryset = served_choices("events", "Event", user)
        self.fields["team"].queryset = teams
        self.fields["date"].initial = timezone.localdate()
        members = Volunteer.objects.filter(
            memberships__team__in=teams, memberships__left_on__isnull=True
        ).distinct()
        if team is not None:
            self.fields["team"].initial = team.pk
            members = members.filter(memberships__team=team)
        self.fields["volunteers"].queryset = members.order_by("name")

    def clean_date(self):
        day = self.cleaned_data["date"]
        rules.check_service_date(day)
        return day

    def clean_hours(self):
        return rules.check_hours_value(self.cleaned_data["hours"])

    def clean_description(self):
        from core.validators import validate_not_formula

        value = self.cleaned_data["description"].strip()
        validate_not_formula(value)
        return value

    def clean(self):
        data = super().clean()
        team, day, hours, people = (
            data.get("team"),
            data.get("date"),
            data.get("hours"),
            data.get("volunteers"),
        )
        if team and day and hours and people:
            rules.check_served(team, data.get("need"), data.get("event"))
            rules.check_members(team, people, day)
            rules.check_daily_hours(
                people, day, hours, exclude_record_id=self.record.pk if self.record else None
            )
        # VersionedModelForm's rule: a correction that does not say which version it edited
        # would overwrite whatever is newer.
        if self.record is not None and data.get("version") is None:
            raise ValidationError(VERSION_REQUIRED, code="version_required")
        return data

    CONFLICT_FIELDS = ("team", "date", "hours", "description", "need", "event")

    def conflict(self, expected_version: int) -> None:
        """After ConcurrentEditError: list what the other save changed since ``expected_version``
        (VersionedModelForm's rule) and take its version, so that saving again is a choice."""
        current = ServiceRecord._base_manager.get(pk=self.record.pk)
        before = current.history.filter(version=expected_version).order_by("-history_id").first()
        self.conflict_changes = []
        for name in self.CONFLICT_FIELDS:
            field = ServiceRecord._meta.get_field(name)
            now_value = getattr(current, field.attname)
            if before is None or getattr(before, field.attname) != now_value:
                self.conflict_changes.append((field.verbose_name, getattr(current, name) or ""))
        data = self.data.copy()
        data[self.add_prefix("version")] = current.version
        self.data = data
        self.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it. Their values are "
                "listed below; your edits are still in the form. Check them and save again."
            ),
        )


class SelfLogForm(forms.Form):
    """A volunteer logs their own hours through their personal link; the leader approves them."""

    team = forms.ModelChoiceField(label=_("team"), queryset=VolunteerTeam.objects.none(), empty_label=None)
    date = forms.DateField(label=_("date"), widget=DATE)
    hours = forms.DecimalField(label=_("hours"), max_digits=4, decimal_places=1)
    description = forms.CharField(label=_("what was done"), max_length=300)

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.volunteer = volunteer
        self.fields["team"].queryset = VolunteerTeam.objects.active().filter(
            memberships__volunteer=volunteer, memberships__left_on__isnull=True
        )
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        day = self.cleaned_data["date"]
        rules.check_service_date(day)
        return day

    def clean_hours(self):
        return rules.check_hours_value(self.cleaned_data["hours"])

    def clean_description(self):
        from core.validators import validate_not_formula

        value = self.cleaned_data["description"].strip()
        validate_not_formula(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("hours"):
            rules.check_daily_hours([self.volunteer], data["date"], data["hours"])
        return data


class BuildingGroupForm(forms.ModelForm):
    class Meta:
        model = BuildingGroup
        fields = ["residential_area", "number", "households", "party_group", "head"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residential_area"].queryset = _street_scope(user, ResidentialArea.objects.all())
        self.fields["party_group"].queryset = _street_scope(user, PartyOrganization.objects.all())


class RubricForm(VersionedModelForm):
    class Meta:
        model = Rubric
        fields = [
            "weight_hours",
            "weight_events",
            "weight_needs",
            "weight_visits",
            "weight_manual",
            "star1",
            "star2",
            "star3",
            "star4",
            "star5",
        ]

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields[:5]:
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Weights cannot be negative."))
        stars = [data.get(f"star{n}") for n in range(1, 6)]
        if None not in stars and any(b < a for a, b in itertools.pairwise(stars)):
            raise ValidationError(_("Star thresholds must not decrease from one star to five."))
        return data


class ManualScoreItemForm(forms.ModelForm):
    class Meta:
        model = ManualScoreItem
        fields = ["year", "description", "points"]


class PairingForm(forms.ModelForm):
    class Meta:
        model = Pairing
        fields = ["party_member", "household", "building_group", "difficulty", "started_on", "ended_on"]
        widgets = {"started_on": DATE, "ended_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_member"].queryset = (
            Volunteer.objects.visible_to(user).active().filter(is_party_member=True)
        )
        self.fields["building_group"].queryset = BuildingGroup.objects.visible_to(user).select_related(
            "residential_area"
        )

    def clean(self):
        data = super().clean()
        member = data.get("party_member")
        if member:
            self.instance.street_id = member.street_id
        return data


class CheckInForm(forms.ModelForm):
    class Meta:
        model = PairingCheckIn
        fields = ["visited_on", "note"]
        widgets = {"visited_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A visit cannot be in the future."))
        return day


class TaskStatusForm(forms.Form):
    """The team's answer to a task: accept, decline with a reason, or report it done."""

    to = forms.ChoiceField(label=_("answer"), choices=TeamTask.Status.choices)
    reason = forms.CharField(
        label=_("reason or report"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to decline."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
