"""Forms for needs, resources, projects and the public pages; the rules they apply live in services/workflow."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionedModelForm
from core.validators import normalize_phone
from needs.models import Category, Need, Project, ProjectNote, Resource, ResponseDeadline
from needs.workflow import S, targets_for
from organizations.models import (
    Building,
    PartyOrganization,
    ResidentialArea,
    Street,
    TwoNewOrganization,
)


def street_people(user):
    """Staff and cadres a need of this user's street can be assigned to."""
    user_model = get_user_model()
    people = user_model.objects.filter(
        role__in=[user_model.Role.STAFF, user_model.Role.CADRE], is_active=True
    )
    if user.is_portal_admin:
        return people
    if user.is_district:
        return people.filter(street__district_id=user.district_id)
    return people.filter(street_id=user.street_id)


def street_areas(user):
    if user.is_cadre:
        return ResidentialArea.objects.filter(street_id=user.street_id)
    return ResidentialArea.objects.visible_to(user)


def clean_phone_field(value):
    return normalize_phone(value) if value else ""


class NeedForm(VersionedModelForm):
    """Raise or edit a need (staff on the desk, a cadre on the phone)."""

    class Meta:
        model = Need
        fields = [
            "organization",
            "residential_area",
            "source",
            "category",
            "title",
            "description",
            "urgency",
            "assignee",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = TwoNewOrganization.objects.visible_to(user).active()
        if self.instance.organization_id:
            # Keep the need's own organization choosable, e.g. for an assignee not assigned to it.
            organizations = organizations | TwoNewOrganization.objects.filter(
                pk=self.instance.organization_id
            )
        self.fields["organization"].queryset = organizations.select_related("street")
        self.fields["residential_area"].queryset = street_areas(user)
        self.fields["assignee"].queryset = street_people(user)
        if user.is_cadre:
            # A cadre raises needs for the organizations assigned to them; staff assign them.
            del self.fields["assignee"]

    def clean_contact_phone(self):
        return clean_phone_field(self.cleaned_data.get("contact_phone"))

    def clean(self):
        data = super().clean()
        org, area = data.get("organization"), data.get("residential_area")
        if not org and not area and not (self.instance.pk and self.instance.requester_name):
            raise forms.ValidationError(_("Choose the organization or, for residents, the residential area."))
        if org and area:
            raise forms.ValidationError(_("Choose an organization or a residential area, not both."))
        street_id = org.street_id if org else (area.street_id if area else self.instance.street_id)
        assignee = data.get("assignee")
        if assignee and street_id and assignee.street_id != street_id:
            self.add_error("assignee", _("The assignee works in another street."))
        if self.instance.pk and street_id != self.instance.street_id:
            raise forms.ValidationError(_("A need cannot move to another street."))
        self.instance.street_id = street_id
        return data


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("new status"), choices=S.choices)
    note = forms.CharField(
        label=_("note or reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A reason is required to reject or withdraw."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, need, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(t, S(t).label) for t in targets_for(user, need)]
        self.fields["version"].initial = need.version


class CommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("PDF, image, Word, Excel or text; at most 10 MB."))
    name = forms.CharField(label=_("name"), max_length=120, required=False)


class MatchForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("resource"), queryset=Resource.objects.none())
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.visible_to(user).active()


class MakeProjectForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Project.Kind.choices, initial=Project.Kind.WARM_HEART)
    name = forms.CharField(label=_("project name"), max_length=120, required=False)


class ResourceForm(VersionedModelForm):
    class Meta:
        model = Resource
        fields = [
            "street",
            "name",
            "category",
            "description",
            "organization",
            "party_organization",
            "residential_area",
            "building",
            "capacity",
            "available",
            "available_until",
            "contact_name",
            "contact_phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "available_until": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = Street.objects.visible_to(user)
        if user.street_id and not user.is_portal_admin:
            self.fields["street"].initial = user.street_id
        self.fields["organization"].queryset = TwoNewOrganization.objects.visible_to(user).active()
        self.fields["party_organization"].queryset = PartyOrganization.objects.visible_to(user)
        self.fields["residential_area"].queryset = ResidentialArea.objects.visible_to(user)
        self.fields["building"].queryset = Building.objects.visible_to(user)

    def clean_contact_phone(self):
        return clean_phone_field(self.cleaned_data.get("contact_phone"))

    def clean(self):
        data = super().clean()
        providers = [
            data.get(f) for f in ("organization", "party_organization", "residential_area", "building")
        ]
        chosen = [p for p in providers if p]
        if len(chosen) != 1:
            raise forms.ValidationError(
                _(
                    "Name exactly one provider: an organization, a party organization, a residential area or a building."
                )
            )
        street = data.get("street")
        if street and chosen[0].street_id != street.pk:
            raise forms.ValidationError(_("The provider is in another street."))
        return data


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = ["name", "kind", "status", "description", "lead", "starts_on", "ends_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = street_people(user)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A project cannot end before it starts."))
        return data


class ProjectNoteForm(forms.ModelForm):
    class Meta:
        model = ProjectNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class DeadlineForm(forms.Form):
    """One street's response deadline (hours) per category."""

    def __init__(self, *args, street, **kwargs):
        super().__init__(*args, **kwargs)
        self.street = street
        current = dict(ResponseDeadline.objects.filter(street=street).values_list("category", "hours"))
        from needs.models import DEFAULT_RESPONSE_HOURS

        for value, label in Category.choices:
            self.fields[value] = forms.IntegerField(
                label=label,
                min_value=1,
                max_value=24 * 365,
                initial=current.get(value, DEFAULT_RESPONSE_HOURS),
            )

    def save(self):
        for value, _label in Category.choices:
            ResponseDeadline.objects.update_or_create(
                street=self.street, category=value, defaults={"hours": self.cleaned_data[value]}
            )


# --- public pages ----------------------------------------------------------------


class PublicNeedForm(forms.Form):
    """The short public form; ``website`` is a honeypot that people never see or fill."""

    street = forms.ModelChoiceField(label=_("street"), queryset=Street.objects.all(), empty_label=None)
    requester_name = forms.CharField(label=_("your organization"), max_length=100)
    contact_name = forms.CharField(label=_("your name"), max_length=50)
    contact_phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("email"), required=False)
    category = forms.ChoiceField(label=_("what kind of help"), choices=Category.choices)
    title = forms.CharField(label=_("in one line"), max_length=120)
    description = forms.CharField(
        label=_("details"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    website = forms.CharField(
        label=_("leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_contact_phone(self):
        return clean_phone_field(self.cleaned_data.get("contact_phone"))

    def clean(self):
        data = super().clean()
        if not data.get("contact_phone") and not data.get("contact_email") and not self.errors:
            raise forms.ValidationError(_("Give a phone number or an email address so that we can reply."))
        from core.validators import looks_like_formula

        for name in ("requester_name", "contact_name", "title"):
            if looks_like_formula(data.get(name, "")):
                self.add_error(
                    name,
                    _("This text starts like a spreadsheet formula (=, +, -, @); remove that character."),
                )
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class PublicStatusForm(forms.Form):
    reference = forms.CharField(label=_("reference number"), max_length=20)
    secret = forms.CharField(label=_("secret"), max_length=40)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("how satisfied are you"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
