"""The daily jobs in beat's schedule table, each at its default time in the district's time zone
(webhook retries every five minutes). Installed once: after this the schedule is the
administrators', changed in the admin, and no later migrate puts a job back or moves it."""
import json

from django.conf import settings
from django.db import migrations

DEFAULTS = [  # (job, hour, minute); None: every five minutes
    ("rollup", 1, 0), ("backup", 1, 30), ("audit verify", 2, 0), ("purge", 2, 30), ("oc4ids check", 3, 0),
    ("webhooks retry", None, None), ("key-task report reminders", 7, 30), ("enterprise visit reminders", 7, 40),
    ("project report reminders", 7, 50)]


def install(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for name, hour, minute in DEFAULTS:
        when = {}
        if hour is None:
            when["interval"], _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
        else:
            when["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=str(minute), hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*",
                timezone=settings.TIME_ZONE)
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": "yiwang.daily_job", "args": json.dumps([name]),
                                                                **when})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task="yiwang.daily_job").delete()


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(install, remove)]
