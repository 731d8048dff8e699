"""Handing a need to a volunteer team, from the need's page: the form, the page action and the
need page's cards (the team tasks, the service logged for the need).

needs sits below volunteers, so volunteers registers these in needs.extensions from its ready();
the rules themselves are in volunteers.team_tasks.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from needs import extensions
from volunteers.models import ServiceRecord, TeamTask, VolunteerTeam
from volunteers.team_tasks import check_due, check_team, hand_off, teams_for


class TeamChoiceField(forms.ModelChoiceField):
    """Offers the need's street's teams, but looks an id up among all active teams, so that a team
    of another street gets the hand-off rule's clear message rather than "not a valid choice"."""

    def __init__(self, *args, lookup, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.lookup.get(pk=int(value))
        except (TypeError, ValueError, self.lookup.model.DoesNotExist):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class HandOffForm(forms.Form):
    """Hand a need to a volunteer team of its street as a task."""

    team = TeamChoiceField(
        label=_("volunteer team"),
        queryset=None,
        lookup=None,
        error_messages={"invalid_choice": _("Choose a volunteer team from the list.")},
    )
    title = forms.CharField(
        label=_("task"), max_length=120, required=False, help_text=_("Leave empty to use the need's title.")
    )
    note = forms.CharField(
        label=_("note for the team"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = forms.DateField(label=_("due on"), required=False, widget=DateInput())

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        self.need = need
        self.fields["team"].queryset = teams_for(need)
        self.fields["team"].lookup = VolunteerTeam.objects.active()

    def clean_team(self):
        team = self.cleaned_data["team"]
        check_team(self.need, team)
        return team

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        check_due(due_on)
        return due_on


def hand_off_view(request, need):
    """Hand the need to a volunteer team of its street as a task (served at /needs/<pk>/hand-off/)."""
    form = HandOffForm(request.POST, need=need)
    if not form.is_valid():
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    data = form.cleaned_data
    task = hand_off(need, data["team"], request.user, data["note"], data["due_on"], data["title"])
    messages.success(request, gettext("Handed to %(team)s.") % {"team": task.team.name})


def tasks_panel(page):
    """The need's team tasks (one query), and the hand-off form for who may manage an open need."""
    need = page.need
    context = {
        "tasks": list(
            TeamTask.objects.active()
            .filter(need=need)
            .select_related("team", "handed_over_by", "answered_by")
        )
    }
    if page.can_manage and need.is_open:
        context["hand_off_form"] = HandOffForm(need=need)
    return context


def service_panel(page):
    """The latest service records logged for the need that the user may see; no card if none."""
    records = list(
        ServiceRecord.objects.visible_to(page.user)
        .active()
        .filter(need=page.need)
        .select_related("team")
        .order_by("-date", "-pk")[:20]
    )
    return {"service_records": records} if records else None


def register():
    """Called from VolunteersConfig.ready()."""
    from volunteers.need_api import HandOffView

    extensions.register_action(
        extensions.NeedAction(
            name="hand_off", route="hand-off", view=hand_off_view, api_view=HandOffView, api_route="hand-off"
        )
    )
    extensions.register_panel(
        extensions.NeedPanel("volunteer_tasks", "volunteers/need_tasks_panel.html", tasks_panel, order=10)
    )
    extensions.register_panel(
        extensions.NeedPanel(
            "volunteer_service", "volunteers/need_service_panel.html", service_panel, order=30
        )
    )
