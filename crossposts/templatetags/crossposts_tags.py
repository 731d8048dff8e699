"""Template tags for other apps' pages: an organization's visits and assignments."""

from dataclasses import dataclass

from django import template

from crossposts.models import Assignment, Visit

register = template.Library()


@dataclass
class OrganizationPanel:
    visits: list
    assignments: list
    total: int


@register.simple_tag
def organization_visits(organization, user, limit=5):
    """Recent visits and active assignments of one organization, as the user may see them.

    Three queries whatever the number of visits: the recent visits (with their cadres),
    their total, and the assignments (with their cadres).
    """
    visits_qs = Visit.objects.visible_to(user).filter(organization=organization)
    return OrganizationPanel(
        visits=list(visits_qs.select_related("cadre")[:limit]),
        total=visits_qs.count(),
        assignments=list(
            Assignment.objects.visible_to(user)
            .filter(organization=organization, active=True)
            .select_related("cadre")
        ),
    )
