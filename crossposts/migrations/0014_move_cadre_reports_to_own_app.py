"""Cadre reports moved to the app cadre_reports: the model and its history leave crossposts'
state only. The tables keep their names (cadre_reports' models name them by db_table), so no
row moves; cadre_reports.0001 takes the models into its state and moves their content types."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("crossposts", "0013_assignment_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalcadrereport",
                    name="across_party_organization",
                ),
                migrations.RemoveField(
                    model_name="historicalcadrereport",
                    name="across_received_by",
                ),
                migrations.RemoveField(
                    model_name="historicalcadrereport",
                    name="cadre",
                ),
                migrations.RemoveField(
                    model_name="historicalcadrereport",
                    name="cross_post",
                ),
                migrations.RemoveField(
                    model_name="historicalcadrereport",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalcadrereport",
                    name="home_party_organization",
                ),
                migrations.RemoveField(
                    model_name="historicalcadrereport",
                    name="home_received_by",
                ),
                migrations.DeleteModel(
                    name="CadreReport",
                ),
                migrations.DeleteModel(
                    name="HistoricalCadreReport",
                ),
            ],
        ),
    ]
