"""The services a member may pledge on checking in, as the street starts with them."""

from django.db import migrations

DEFAULTS = [
    # (name, rule, position)
    ("志愿服务", "volunteer_hours", 10),
    ("结对帮困", "pairing", 20),
    ("楼组工作", "manual", 30),
    ("技能服务", "manual", 40),
]


def create(apps, schema_editor):
    PledgeKind = apps.get_model("organizations", "PledgeKind")
    for name, rule, position in DEFAULTS:
        PledgeKind.objects.get_or_create(name=name, defaults={"rule": rule, "position": position})


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_party_members")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
