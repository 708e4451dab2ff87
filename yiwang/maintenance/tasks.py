"""The daily jobs (docs/operator.md) as one Celery task for `celery -A yiwang.worker beat`: a job
runs the same console command an operator would put in cron. Beat reads its schedule from the
database (django-celery-beat): migration 0001 installs every job once at its default time, and
from then on the administrators change a job's time or pause it in the admin. A schedule names a
job, never a command: only the commands listed here can run, whatever is typed into the admin."""
import io

from celery import shared_task
from django.core.management import call_command

JOBS = {
    "rollup": ("rollup",),
    "backup": ("backup",),
    "audit verify": ("audit", "verify"),
    "purge": ("purge",),
    "oc4ids check": ("projects", "oc4ids", "--check"),
    "webhooks retry": ("webhooks", "retry"),
    "key-task report reminders": ("tasks", "remind"),
    "enterprise visit reminders": ("enterprises", "remind"),
    "project report reminders": ("projects", "remind"),
}


class UnknownJob(ValueError):
    pass


@shared_task(name="yiwang.daily_job")
def daily_job(name):
    """Run the job called `name`; its result is what the command printed (the end of it)."""
    if name not in JOBS:
        raise UnknownJob(f"{name!r} is not one of the scheduled jobs: {', '.join(JOBS)}")
    out = io.StringIO()
    call_command(*JOBS[name], stdout=out, stderr=out)
    return out.getvalue()[-4000:]
