from django import template

from events.models import Event

register = template.Library()


@register.simple_tag
def organization_events(organization, user, limit=20):
    """The events an organization took part in (as a participant or through its covering party
    organization as an organizer), as far as ``user`` may see them."""
    from django.db.models import Q

    condition = Q(participating_organizations=organization)
    if getattr(organization, "covering_party_organization_id", None):
        condition |= Q(organizers=organization.covering_party_organization_id)
    return list(
        Event.objects.visible_to(user)
        .active()
        .filter(condition)
        .exclude(status=Event.Status.DRAFT)
        .distinct()
        .order_by("-starts_at")[:limit]
    )
