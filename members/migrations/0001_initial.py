"""Dual check-in's models, taken over from organizations in state only: the tables keep their
names (db_table) and their rows. The content types move too, so permissions, admin log
entries and history keep pointing at the same models."""

import core.validators
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "pledgekind",
    "partymember",
    "historicalpartymember",
    "communitycheckin",
    "historicalcommunitycheckin",
    "historicalcommunitycheckin_pledges",
    "pledgemark",
]


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
        ("organizations", "0006_move_members_to_own_app"),
        ("volunteers", "0007_volunteer_list_by_street"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="PledgeKind",
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
                            "name",
                            models.CharField(
                                max_length=50,
                                unique=True,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="name",
                            ),
                        ),
                        (
                            "rule",
                            models.CharField(
                                choices=[
                                    ("volunteer_hours", "Kept when the member has approved volunteer hours"),
                                    ("pairing", "Kept when the member visits a paired family"),
                                    ("manual", "Kept when staff mark it"),
                                ],
                                default="manual",
                                max_length=20,
                                verbose_name="how it is kept",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                        ("active", models.BooleanField(default=True, verbose_name="offered")),
                    ],
                    options={
                        "verbose_name": "pledge kind",
                        "verbose_name_plural": "pledge kinds",
                        "db_table": "organizations_pledgekind",
                        "ordering": ["position", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalPartyMember",
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
                            "archived_at",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="archived at"
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                max_length=50,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="name",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("in_service", "In service"), ("retired", "Retired")],
                                default="in_service",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=20,
                                validators=[core.validators.validate_phone],
                                verbose_name="phone",
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
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "party_organization",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Where the member's party membership is held.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.partyorganization",
                                verbose_name="party organization",
                            ),
                        ),
                        (
                            "residential_area",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Where the member lives.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.residentialarea",
                                verbose_name="residential area",
                            ),
                        ),
                        (
                            "street",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.street",
                                verbose_name="street",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="portal account",
                            ),
                        ),
                        (
                            "volunteer",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="The same person in the volunteer register: never enter them twice.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="volunteers.volunteer",
                                verbose_name="volunteer record",
                            ),
                        ),
                        (
                            "work_organization",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.twoneworganization",
                                verbose_name="work unit (organization)",
                            ),
                        ),
                        (
                            "work_party_organization",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="For a unit outside the two-new ledger, its party organization.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.partyorganization",
                                verbose_name="work unit (party organization)",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical party member",
                        "verbose_name_plural": "historical party members",
                        "db_table": "organizations_historicalpartymember",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="PartyMember",
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
                            "archived_at",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="archived at"
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                max_length=50,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="name",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("in_service", "In service"), ("retired", "Retired")],
                                default="in_service",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=20,
                                validators=[core.validators.validate_phone],
                                verbose_name="phone",
                            ),
                        ),
                        (
                            "party_organization",
                            models.ForeignKey(
                                help_text="Where the member's party membership is held.",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="party_members",
                                to="organizations.partyorganization",
                                verbose_name="party organization",
                            ),
                        ),
                        (
                            "residential_area",
                            models.ForeignKey(
                                blank=True,
                                help_text="Where the member lives.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="party_members",
                                to="organizations.residentialarea",
                                verbose_name="residential area",
                            ),
                        ),
                        (
                            "street",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="party_members",
                                to="organizations.street",
                                verbose_name="street",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="party_member",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="portal account",
                            ),
                        ),
                        (
                            "volunteer",
                            models.OneToOneField(
                                blank=True,
                                help_text="The same person in the volunteer register: never enter them twice.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="party_member",
                                to="volunteers.volunteer",
                                verbose_name="volunteer record",
                            ),
                        ),
                        (
                            "work_organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="working_party_members",
                                to="organizations.twoneworganization",
                                verbose_name="work unit (organization)",
                            ),
                        ),
                        (
                            "work_party_organization",
                            models.ForeignKey(
                                blank=True,
                                help_text="For a unit outside the two-new ledger, its party organization.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="working_party_members",
                                to="organizations.partyorganization",
                                verbose_name="work unit (party organization)",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "party member",
                        "verbose_name_plural": "party members",
                        "db_table": "organizations_partymember",
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalCommunityCheckIn",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("created", models.DateTimeField(blank=True, editable=False, verbose_name="created")),
                        (
                            "checked_in_on",
                            models.DateField(
                                default=django.utils.timezone.localdate, verbose_name="checked in on"
                            ),
                        ),
                        (
                            "skills_offered",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="skills offered",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("active", "Active"), ("ended", "Ended")],
                                default="active",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("ended_on", models.DateField(blank=True, null=True, verbose_name="ended on")),
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
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "party_organization",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.partyorganization",
                                verbose_name="community party organization",
                            ),
                        ),
                        (
                            "residential_area",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="organizations.residentialarea",
                                verbose_name="residential area",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="members.partymember",
                                verbose_name="party member",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical community check-in",
                        "verbose_name_plural": "historical community check-ins",
                        "db_table": "organizations_historicalcommunitycheckin",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="CommunityCheckIn",
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
                            "checked_in_on",
                            models.DateField(
                                default=django.utils.timezone.localdate, verbose_name="checked in on"
                            ),
                        ),
                        (
                            "skills_offered",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="skills offered",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("active", "Active"), ("ended", "Ended")],
                                default="active",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("ended_on", models.DateField(blank=True, null=True, verbose_name="ended on")),
                        (
                            "party_organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="member_checkins",
                                to="organizations.partyorganization",
                                verbose_name="community party organization",
                            ),
                        ),
                        (
                            "residential_area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="member_checkins",
                                to="organizations.residentialarea",
                                verbose_name="residential area",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="checkins",
                                to="members.partymember",
                                verbose_name="party member",
                            ),
                        ),
                        (
                            "pledges",
                            models.ManyToManyField(
                                blank=True,
                                db_table="organizations_communitycheckin_pledges",
                                related_name="checkins",
                                to="members.pledgekind",
                                verbose_name="services pledged",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "community check-in",
                        "verbose_name_plural": "community check-ins",
                        "db_table": "organizations_communitycheckin",
                        "ordering": ["-checked_in_on", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalCommunityCheckIn_pledges",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "communitycheckin",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="members.communitycheckin",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="members.historicalcommunitycheckin",
                            ),
                        ),
                        (
                            "pledgekind",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="members.pledgekind",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalCommunityCheckIn_pledges",
                        "db_table": "organizations_historicalcommunitycheckin_pledges",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="PledgeMark",
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
                        (
                            "note",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                validators=[core.validators.validate_not_formula],
                                verbose_name="what was done",
                            ),
                        ),
                        (
                            "marked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="pledge_marks",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="marked by",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pledge_marks",
                                to="members.partymember",
                                verbose_name="party member",
                            ),
                        ),
                        (
                            "pledge",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="marks",
                                to="members.pledgekind",
                                verbose_name="pledge",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pledge kept",
                        "verbose_name_plural": "pledges kept",
                        "db_table": "organizations_pledgemark",
                        "ordering": ["-year", "-quarter", "member__name"],
                    },
                ),
                migrations.AddIndex(
                    model_name="partymember",
                    index=models.Index(
                        condition=models.Q(("archived_at__isnull", True)),
                        fields=["street", "name"],
                        name="member_active_by_street",
                    ),
                ),
                migrations.AddIndex(
                    model_name="partymember",
                    index=models.Index(fields=["work_organization"], name="member_by_work_org"),
                ),
                migrations.AddConstraint(
                    model_name="partymember",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("work_organization__isnull", True),
                            ("work_party_organization__isnull", True),
                            _connector="OR",
                        ),
                        name="member_one_work_unit",
                        violation_error_message="The work unit is an organization or a party organization, not both.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="partymember",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status", "retired"),
                            ("work_organization__isnull", False),
                            ("work_party_organization__isnull", False),
                            _connector="OR",
                        ),
                        name="member_in_service_has_work_unit",
                        violation_error_message="A member in service has a work unit.",
                    ),
                ),
                migrations.AddIndex(
                    model_name="communitycheckin",
                    index=models.Index(
                        condition=models.Q(("status", "active")),
                        fields=["member"],
                        name="checkin_active_member",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="communitycheckin",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status", "active")),
                        fields=("member", "residential_area"),
                        name="checkin_one_active_per_member_area",
                        violation_error_message="This member is already checked in with this residential area.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="communitycheckin",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("ended_on__isnull", True), ("status", "active")),
                            models.Q(("ended_on__gte", models.F("checked_in_on")), ("status", "ended")),
                            _connector="OR",
                        ),
                        name="checkin_ended_has_date",
                        violation_error_message="An ended check-in has an end date on or after its start.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="pledgemark",
                    constraint=models.UniqueConstraint(
                        fields=("member", "pledge", "year", "quarter"),
                        name="pledgemark_once_per_quarter",
                        violation_error_message="This pledge is already marked kept for that quarter.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="pledgemark",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                        name="pledgemark_quarter_range",
                        violation_error_message="A quarter is 1 to 4.",
                    ),
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("organizations", "members"), move_content_types("members", "organizations")
        ),
    ]
