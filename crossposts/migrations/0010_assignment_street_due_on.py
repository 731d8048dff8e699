import django.db.models.deletion
from django.db import migrations, models

import crossposts.models


class Migration(migrations.Migration):
    dependencies = [
        ("crossposts", "0009_visit_street_index_covers_organization"),
        ("organizations", "0005_org_counted_by_street"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="street",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assignments",
                to="organizations.street",
                verbose_name="street",
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="due_on",
            field=models.GeneratedField(
                db_persist=True,
                expression=crossposts.models.AddDays("last_visited_on", "cadence_days"),
                output_field=models.DateField(),
                verbose_name="next visit due",
            ),
        ),
    ]
