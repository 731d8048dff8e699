"""Nightly rating and daily approval reminders, as django-celery-beat schedules staff can change in admin."""

from django.db import migrations

SCHEDULES = [
    # (name, task, queue, minute, hour)
    ("Volunteers: recompute building-group ratings (nightly)", "volunteers.build_report_ratings", "reports", "30", "2"),
    ("Volunteers: remind leaders of hours to approve (daily)", "volunteers.send_approval_reminders", "reminders", "0", "9"),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, queue, minute, hour in SCHEDULES:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "queue": queue, "enabled": True}
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[task for _, task, *_ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_initial"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
