"""The needs panel shown on an organization's detail page."""

from django import template
from django.db.models import Count, Q

from needs.models import Need

register = template.Library()

PANEL_SIZE = 10


@register.simple_tag
def organization_needs(organization, request):
    """The organization's needs this user may see: two queries (counts, latest rows)."""
    user = request.user
    needs = Need.objects.visible_to(user).active().filter(organization=organization)
    counts = needs.aggregate(total=Count("id"), open=Count("id", filter=Q(status__in=Need.OPEN_STATUSES)))
    return {
        "needs": list(needs.select_related("assignee")[:PANEL_SIZE]) if counts["total"] else [],
        "total": counts["total"],
        "open_count": counts["open"],
        "can_raise": user.can_manage_street_records or user.is_cadre,
    }


@register.simple_tag(takes_context=True)
def need_panel(context, panel):
    """Render a panel another app registered (needs.extensions) with the page's context plus its own."""
    template_ = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return template_.render(context)
