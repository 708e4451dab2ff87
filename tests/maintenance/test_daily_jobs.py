"""The daily jobs on Celery beat: installed once in beat's database schedule, each running its
console command, nothing else runnable through a schedule, and the times the administrator's."""
import json

import pytest
from django_celery_beat.models import PeriodicTask

from yiwang.maintenance.tasks import JOBS, UnknownJob, daily_job

from ..conftest import make_user


def test_every_daily_job_is_in_beats_schedule_at_its_time_in_the_districts_zone(db):
    scheduled = {t.name: t for t in PeriodicTask.objects.filter(task="yiwang.daily_job")}
    assert set(scheduled) == set(JOBS)
    assert all(json.loads(t.args) == [t.name] and t.enabled for t in scheduled.values())
    reminders = scheduled["project report reminders"].crontab
    assert (reminders.hour, reminders.minute, str(reminders.timezone)) == ("7", "50", "Asia/Shanghai")
    assert scheduled["webhooks retry"].interval.every == 5 and scheduled["webhooks retry"].crontab is None


def test_beat_reads_the_schedule_from_the_database(db):
    from django_celery_beat.schedulers import DatabaseScheduler

    from yiwang.worker import app

    # beat loads the jobs due around the current hour, and the every-five-minutes one always
    def loaded():  # what beat's loop loads (its own .schedule also closes the test's connection)
        return DatabaseScheduler(app=app, lazy=True).all_as_schedule()

    assert loaded()["webhooks retry"].task == "yiwang.daily_job"
    PeriodicTask.objects.filter(name="webhooks retry").update(enabled=False)  # paused by an administrator
    assert "webhooks retry" not in loaded()


def test_a_job_runs_its_command_and_a_schedule_can_name_nothing_else(db):
    assert "0" in daily_job("project report reminders")  # nothing due: the command says so with a count
    with pytest.raises(UnknownJob):
        daily_job("flush")  # an administrator editing a schedule's arguments cannot run any command


def test_the_system_administrator_changes_the_schedule_in_the_admin(org, client):
    org.admin.is_staff = True
    org.admin.save()
    client.force_login(org.admin)
    page = client.get("/admin/django_celery_beat/periodictask/").content.decode()
    assert "project report reminders" in page and "周期任务" in page
    assert "每 5 分钟" in page and "会议纪要" not in page  # the product's meeting minutes keep to their own msgid
    clerk = make_user("clerk", ["unit_staff"], org.bureau)
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    assert client.get("/admin/django_celery_beat/periodictask/").status_code in (302, 403)
