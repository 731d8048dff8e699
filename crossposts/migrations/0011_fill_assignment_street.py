"""Fill Assignment.street from each assignment's organization (one UPDATE), before it becomes
NOT NULL; a migration of its own for the reason given in 0007."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Assignment = apps.get_model("crossposts", "Assignment")
    Organization = apps.get_model("organizations", "TwoNewOrganization")
    street = Organization.objects.filter(pk=OuterRef("organization_id")).values("street_id")[:1]
    Assignment.objects.filter(street__isnull=True).update(street_id=Subquery(street))


class Migration(migrations.Migration):
    dependencies = [
        ("crossposts", "0010_assignment_street_due_on"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
