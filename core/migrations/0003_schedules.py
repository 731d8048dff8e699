from django.db import migrations

SCHEDULES = [
    # name, task, cron minute
    ("Send queued tasks (outbox)", "core.flush_outbox", "*"),
    ("Deliver notifications (outbox)", "core.deliver_notifications", "*"),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = CrontabSchedule.objects.get_or_create(
        minute="*", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    for name, task, _minute in SCHEDULES:
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": every_minute})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_outbox"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(create, remove)]
