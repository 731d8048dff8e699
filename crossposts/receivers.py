"""crossposts' answers to what the apps below it announce (connected in CrosspostsConfig.ready)."""

from django.dispatch import receiver

from crossposts.models import Assignment, Visit
from organizations.models import TwoNewOrganization
from organizations.signals import street_changed


def assigned_organizations(user):
    """The organizations a cadre works with: their active assignments (organizations' cadre scope)."""
    return Assignment.objects.filter(cadre=user, active=True).values("organization_id")


@receiver(street_changed, sender=TwoNewOrganization, dispatch_uid="crossposts.follow_street")
def follow_organization_street(sender, instance, **kwargs):
    # Visits and assignments keep their organization's street (OrganizationStreetMixin).
    for model in (Visit, Assignment):
        model.objects.filter(organization=instance).exclude(street_id=instance.street_id).update(
            street_id=instance.street_id
        )
