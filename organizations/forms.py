"""Forms of the ledger. The credit-code and phone rules are the validators' own, shared with the API and import."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionedModelForm
from core.validators import normalize_phone
from organizations.models import Building, PartyOrganization, ResidentialArea, Street, TwoNewOrganization
from organizations.validators import normalize_credit_code


class OrganizationForm(VersionedModelForm):
    class Meta:
        model = TwoNewOrganization
        fields = [
            "name",
            "credit_code",
            "kind",
            "ownership",
            "industry",
            "street",
            "building",
            "residential_area",
            "floor",
            "unit",
            "headcount",
            "party_members",
            "coverage",
            "covering_party_organization",
            "contact_name",
            "contact_phone",
            "cooperation",
            "status",
            "registered_on",
            "notes",
        ]
        widgets = {
            "registered_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "credit_code": forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        streets = Street.objects.all() if user.is_portal_admin else Street.objects.filter(pk=user.street_id)
        self.fields["street"].queryset = streets
        if not user.is_portal_admin:
            # Staff keep their ledger in their own street.
            self.fields["street"].initial = user.street_id
            self.fields["street"].disabled = True
            self.fields["street"].widget = forms.HiddenInput()
            if not self.instance.pk:
                self.instance.street_id = user.street_id
        scope = {"street__in": streets}
        self.fields["building"].queryset = Building.objects.filter(**scope).select_related("street")
        self.fields["residential_area"].queryset = ResidentialArea.objects.filter(**scope)
        self.fields["covering_party_organization"].queryset = PartyOrganization.objects.filter(**scope)
        for name in ("headcount", "party_members"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])

    def clean_contact_phone(self):
        phone = self.cleaned_data.get("contact_phone", "")
        return normalize_phone(phone) if phone else ""

    def clean(self):
        data = super().clean()
        members, headcount = data.get("party_members"), data.get("headcount")
        if members is not None and headcount and members > headcount:
            self.add_error("party_members", _("Party members cannot outnumber the headcount."))
        if data.get("coverage") == TwoNewOrganization.Coverage.NONE and data.get(
            "covering_party_organization"
        ):
            self.add_error(
                "covering_party_organization",
                _("An uncovered organization has no covering party organization."),
            )
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Ledger file"),
        help_text=_(
            "Excel (.xlsx) or CSV (UTF-8 or GBK) with the ledger's Chinese headers, one organization a row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB; split the ledger into several files."))
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise ValidationError(_("Choose an Excel .xlsx file or a .csv file."))
        return upload
