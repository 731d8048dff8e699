"""Forms of dual check-in. The rules are members.rules, shared with the API and admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionedModelForm
from core.validators import normalize_phone
from members import rules
from members.models import CommunityCheckIn, PartyMember, PledgeKind
from organizations.models import (
    PartyOrganization,
    ResidentialArea,
    Street,
    TwoNewOrganization,
)


def _streets(user):
    return Street.objects.all() if user.is_portal_admin else Street.objects.filter(pk=user.street_id)


class PartyMemberForm(VersionedModelForm):
    class Meta:
        model = PartyMember
        fields = [
            "name",
            "street",
            "party_organization",
            "status",
            "work_organization",
            "work_party_organization",
            "residential_area",
            "phone",
            "volunteer",
        ]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from volunteers.models import Volunteer

        streets = _streets(user)
        self.fields["street"].queryset = streets
        if not user.is_portal_admin:
            self.fields["street"].initial = user.street_id
            self.fields["street"].disabled = True
            self.fields["street"].widget = forms.HiddenInput()
            if not self.instance.pk:
                self.instance.street_id = user.street_id
        scope = {"street__in": streets}
        self.fields["party_organization"].queryset = PartyOrganization.objects.filter(**scope)
        self.fields["work_party_organization"].queryset = PartyOrganization.objects.filter(**scope)
        self.fields["work_organization"].queryset = TwoNewOrganization.objects.filter(**scope).active()
        self.fields["residential_area"].queryset = ResidentialArea.objects.filter(**scope)
        self.fields["volunteer"].queryset = Volunteer.objects.filter(**scope).active()

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""

    def save_versioned(self, commit=True):
        member = super().save_versioned(commit)
        rules.sync_volunteer(member)
        return member


class CheckInForm(forms.ModelForm):
    """A member checks in with a residential area's party organization, pledging services."""

    class Meta:
        model = CommunityCheckIn
        fields = ["residential_area", "party_organization", "checked_in_on", "pledges", "skills_offered"]
        widgets = {"checked_in_on": DateInput(), "pledges": forms.CheckboxSelectMultiple}

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.member = member
        self.fields["residential_area"].queryset = ResidentialArea.objects.filter(street_id=member.street_id)
        self.fields["residential_area"].initial = member.residential_area_id
        self.fields["party_organization"].queryset = PartyOrganization.objects.filter(
            street_id=member.street_id, residential_area__isnull=False
        )
        self.fields["party_organization"].help_text = _(
            "Empty: the residential area's own party organization."
        )
        self.fields["pledges"].queryset = PledgeKind.objects.filter(active=True)

    def clean(self):
        """The place, dates and one-active rules run in the model's clean (members.rules)."""
        data = super().clean()
        area = data.get("residential_area")
        if area is not None and not data.get("party_organization"):
            data["party_organization"] = rules.default_party_organization(area)
        pledges = data.get("pledges")
        if pledges is not None and any(not p.active for p in pledges):
            self.add_error("pledges", _("That service is no longer offered."))
        return data


class QuarterForm(forms.Form):
    """The period of the cards and figures: one of the recent quarters."""

    period = forms.ChoiceField(label=_("quarter"), required=False)

    def __init__(self, *args, selected=None, **kwargs):
        super().__init__(*args, **kwargs)
        quarters = rules.Quarter.recent(8)
        if selected is not None and selected not in quarters:
            quarters = sorted([*quarters, selected], reverse=True)
        self.fields["period"].choices = [(q.key, q.label) for q in quarters]


class PledgeMarkForm(forms.Form):
    """Staff mark a pledge of the manual kind as kept in a quarter."""

    pledge = forms.ModelChoiceField(
        label=_("pledge"), queryset=PledgeKind.objects.filter(rule=PledgeKind.Rule.MANUAL)
    )
    period = forms.ChoiceField(label=_("quarter"))
    note = forms.CharField(label=_("what was done"), max_length=200, required=False)

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.member, self.user = member, user
        self.fields["period"].choices = [(q.key, q.label) for q in rules.Quarter.recent(8)]

    def clean_note(self):
        from core.validators import validate_not_formula

        note = self.cleaned_data.get("note", "")
        validate_not_formula(note)
        return note

    def save(self):
        return rules.mark_pledge_kept(
            self.member,
            self.cleaned_data["pledge"],
            rules.Quarter.parse(self.cleaned_data["period"]),
            by=self.user,
            note=self.cleaned_data.get("note", ""),
        )
