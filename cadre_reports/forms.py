"""Cadre report forms: the list filter and the cadre's report (versioned: a stale save is refused)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre_reports.models import CadreReport
from core.forms import VersionedModelForm
from organizations.periods import Quarter


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("quarter"), required=False)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[
            ("", "—"),
            *CadreReport.Status.choices,
            ("received", _("Received by both units")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "—")] + [(q.key, q.label) for q in Quarter.recent(8)]


class ReportForm(VersionedModelForm):
    """The narrative of a draft. The save goes through services.save_draft/submit (figures,
    status), which check the version; ``conflict`` then shows what the other save changed."""

    class Meta:
        model = CadreReport
        fields = ["narrative"]
        labels = {"narrative": _("Your report")}
        widgets = {"narrative": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "narrative": _(
                "Your work in both units this quarter: what you did, what is still open, what you plan."
            )
        }

    def conflict(self, expected_version: int) -> None:
        """After ConcurrentEditError: list the other editor's values and take their version."""
        self._record_conflict(self.instance, expected_version)
