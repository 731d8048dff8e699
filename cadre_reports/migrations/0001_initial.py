"""Cadre reports' model and its history, taken over from crossposts in state only: the tables
keep their names (db_table) and their rows. The content types move too, so permissions, admin
log entries and history keep pointing at the same models."""

import core.validators
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ["cadrereport", "historicalcadrereport"]


def move_content_types(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MODELS:
            if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
                ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("crossposts", "0014_move_cadre_reports_to_own_app"),
        ("organizations", "0005_org_counted_by_street"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalCadreReport",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("created", models.DateTimeField(blank=True, editable=False, verbose_name="created")),
                        (
                            "version",
                            models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                        ),
                        (
                            "year",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2000),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        (
                            "quarter",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(4),
                                ],
                                verbose_name="quarter",
                            ),
                        ),
                        ("visits_made", models.PositiveIntegerField(default=0, verbose_name="visits made")),
                        (
                            "needs_handled",
                            models.PositiveIntegerField(default=0, verbose_name="needs handled"),
                        ),
                        (
                            "events_joined",
                            models.PositiveIntegerField(default=0, verbose_name="events joined"),
                        ),
                        (
                            "narrative",
                            models.TextField(
                                blank=True,
                                max_length=4000,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="report",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
                        ),
                        (
                            "home_received_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="received by the home unit at"
                            ),
                        ),
                        (
                            "across_received_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="received by the unit held across at"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "across_party_organization",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.partyorganization",
                                verbose_name="party organization of the unit held across",
                            ),
                        ),
                        (
                            "across_received_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="received for the unit held across by",
                            ),
                        ),
                        (
                            "cadre",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="cadre",
                            ),
                        ),
                        (
                            "cross_post",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="crossposts.crosspost",
                                verbose_name="cross-post appointment",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "home_party_organization",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.partyorganization",
                                verbose_name="home unit's party organization",
                            ),
                        ),
                        (
                            "home_received_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="received for the home unit by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical cadre report",
                        "verbose_name_plural": "historical cadre reports",
                        "db_table": "crossposts_historicalcadrereport",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="CadreReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "version",
                            models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                        ),
                        (
                            "year",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2000),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        (
                            "quarter",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(4),
                                ],
                                verbose_name="quarter",
                            ),
                        ),
                        ("visits_made", models.PositiveIntegerField(default=0, verbose_name="visits made")),
                        (
                            "needs_handled",
                            models.PositiveIntegerField(default=0, verbose_name="needs handled"),
                        ),
                        (
                            "events_joined",
                            models.PositiveIntegerField(default=0, verbose_name="events joined"),
                        ),
                        (
                            "narrative",
                            models.TextField(
                                blank=True,
                                max_length=4000,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="report",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
                        ),
                        (
                            "home_received_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="received by the home unit at"
                            ),
                        ),
                        (
                            "across_received_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="received by the unit held across at"
                            ),
                        ),
                        (
                            "across_party_organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cadre_reports_from_across",
                                to="organizations.partyorganization",
                                verbose_name="party organization of the unit held across",
                            ),
                        ),
                        (
                            "across_received_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="cadre_reports_received_across",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="received for the unit held across by",
                            ),
                        ),
                        (
                            "cadre",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cadre_reports",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="cadre",
                            ),
                        ),
                        (
                            "cross_post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reports",
                                to="crossposts.crosspost",
                                verbose_name="cross-post appointment",
                            ),
                        ),
                        (
                            "home_party_organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cadre_reports_from_home",
                                to="organizations.partyorganization",
                                verbose_name="home unit's party organization",
                            ),
                        ),
                        (
                            "home_received_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="cadre_reports_received_home",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="received for the home unit by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "cadre report",
                        "verbose_name_plural": "cadre reports",
                        "db_table": "crossposts_cadrereport",
                        "ordering": ["-year", "-quarter", "cadre__username", "id"],
                        "indexes": [
                            models.Index(
                                fields=["year", "quarter", "status"], name="cadrereport_period_status"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("cross_post", "year", "quarter"),
                                name="cadrereport_once_per_post_quarter",
                                violation_error_message="There is already a report for this appointment and quarter.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                                name="cadrereport_quarter_range",
                                violation_error_message="A quarter is 1 to 4.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status", "draft"), ("submitted_at__isnull", False), _connector="OR"
                                ),
                                name="cadrereport_submitted_has_time",
                                violation_error_message="A submitted report records when it was submitted.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status", "submitted"),
                                    models.Q(
                                        ("across_received_at__isnull", True),
                                        ("home_received_at__isnull", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="cadrereport_received_after_submitted",
                                violation_error_message="Only a submitted report can be received.",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("crossposts", "cadre_reports"),
            move_content_types("cadre_reports", "crossposts"),
        ),
    ]
