"""Fill Visit.street from each visit's organization (one UPDATE), before it becomes NOT NULL.

A migration of its own: PostgreSQL refuses to ALTER a table with pending foreign-key trigger events
in the same transaction as this UPDATE.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Visit = apps.get_model("crossposts", "Visit")
    Organization = apps.get_model("organizations", "TwoNewOrganization")
    street = Organization.objects.filter(pk=OuterRef("organization_id")).values("street_id")[:1]
    Visit.objects.filter(street__isnull=True).update(street_id=Subquery(street))


class Migration(migrations.Migration):
    dependencies = [
        ("crossposts", "0006_visit_street"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
