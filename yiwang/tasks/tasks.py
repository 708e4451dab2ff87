"""Background work of key tasks (Celery): the daily report reminders."""
from celery import shared_task


@shared_task
def remind_reports():
    from .services import remind_reports as remind

    return len(remind())
