"""Turning a need into an event: the rule, the need page's action and card, and the API action.

needs sits below events, so events registers these in needs.extensions from its ready().
"""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from events.api.serializers import EventSerializer
from events.models import Event
from needs import extensions
from needs.api.views import NeedActionView
from needs.models import Need, NeedEvent
from organizations.models import PartyOrganization

# The kind of event a need most likely becomes, by category; staff change it on the edit page.
EVENT_KIND_BY_CATEGORY = {
    Need.Category.CHARITY: Event.Kind.VOLUNTEER_SERVICE,
    Need.Category.CULTURE_SPORTS: Event.Kind.CULTURE_SPORTS,
    Need.Category.TRAINING: Event.Kind.LECTURE,
    Need.Category.CONSULTING: Event.Kind.LECTURE,
    Need.Category.MEDICAL: Event.Kind.VOLUNTEER_SERVICE,
    Need.Category.SOCIAL: Event.Kind.CULTURE_SPORTS,
}
# A need no one works on any more does not become an event.
REFUSED_STATUSES = (Need.Status.REJECTED, Need.Status.WITHDRAWN)


def draft_event_of(need: Need):
    """The need's draft event not yet published, if any (one query)."""
    return Event.objects.active().filter(need=need, status=Event.Status.DRAFT).order_by("-pk").first()


def make_event(need: Need, user):
    """Turn a need into a draft event of its street, prefilled from the need and linked to it.

    The draft starts a week from today at 14:00 for two hours; the organizer is the party
    organization covering the requesting organization (or the residential area's), and the
    requesting organization takes part. A second call while a draft from this need exists
    is refused, so a double click makes one event.
    """
    if need.status in REFUSED_STATUSES:
        raise ValidationError(_("A rejected or withdrawn need cannot become an event."), code="closed")
    if draft_event_of(need) is not None:
        raise ValidationError(
            _("This need already has a draft event; finish that one first."), code="duplicate"
        )
    day = timezone.localdate() + timedelta(days=7)
    starts = timezone.make_aware(datetime.combine(day, time(14, 0)))
    organizer = None
    if need.organization_id and need.organization.covering_party_organization_id:
        organizer = need.organization.covering_party_organization
    elif need.residential_area_id:
        organizer = (
            PartyOrganization.objects.filter(residential_area_id=need.residential_area_id)
            .order_by("level", "pk")
            .first()
        )
    description = gettext("From need %(reference)s (%(requester)s).") % {
        "reference": need.reference,
        "requester": need.requester,
    }
    if need.description:
        description = f"{need.description}\n\n{description}"
    with transaction.atomic():
        event = Event.objects.create(
            street_id=need.street_id,
            need=need,
            title=need.title[:120],
            kind=EVENT_KIND_BY_CATEGORY.get(need.category, Event.Kind.OTHER),
            status=Event.Status.DRAFT,
            description=description,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            created_by=user if user.is_authenticated else None,
        )
        if organizer is not None:
            event.organizers.add(organizer)
        if need.organization_id:
            event.participating_organizations.add(need.organization_id)
        NeedEvent.objects.create(need=need, kind=NeedEvent.Kind.EVENT, note=event.title, actor=user)
    return event


def make_event_view(request, need):
    """Turn the need into a draft event and continue on the event's edit page (/needs/<pk>/event/)."""
    draft = draft_event_of(need)
    if draft is not None:
        messages.info(request, gettext("This need already has a draft event; here it is."))
        return redirect("events:update", pk=draft.pk)
    event = make_event(need, request.user)
    messages.success(request, gettext("Draft event created from the need; complete it and publish it."))
    return redirect("events:update", pk=event.pk)


class MakeEventView(NeedActionView):
    """Turn the need into a draft event linked to it; edit it through /api/v1/events/{id}/."""

    @extend_schema(request=None, responses={201: EventSerializer})
    def post(self, request, pk=None):
        return super().post(request, pk)

    def perform(self, request, need):
        event = make_event(need, request.user)
        event = Event.objects.with_list_relations().with_counts().get(pk=event.pk)
        return Response(
            EventSerializer(event, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


def events_panel(page):
    """The events made from the need that the user may see (one query), and for who may manage
    it the draft to continue or the button to make one (one more query)."""
    need = page.need
    context = {
        "made_events": list(
            Event.objects.visible_to(page.user).active().filter(need=need).order_by("-starts_at")
        )
    }
    if page.can_manage and need.status not in REFUSED_STATUSES:
        context["draft_event"] = draft_event_of(need)
        context["can_make_event"] = True
    return context


def register():
    """Called from EventsConfig.ready()."""
    extensions.register_action(
        extensions.NeedAction(
            name="make_event",
            route="event",
            view=make_event_view,
            api_view=MakeEventView,
            api_route="make-event",
        )
    )
    extensions.register_panel(
        extensions.NeedPanel("events_made", "events/need_events_panel.html", events_panel, order=20)
    )
