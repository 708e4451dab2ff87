"""The time limits of an application: the only module that turns its promised and statutory
limits, its step limits and its special procedures into dates and days used."""
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


from .models import Status

NORMAL, NEAR, PAST_PROMISED, PAST_STATUTORY, STOPPED, NONE = (
    "normal", "near", "past_promised", "past_statutory", "stopped", "none")
LEVEL_LABELS = {NORMAL: gettext_lazy("On time"), NEAR: gettext_lazy("Close to the promised limit"),
                PAST_PROMISED: gettext_lazy("Past the promised limit"),
                PAST_STATUTORY: gettext_lazy("Past the statutory limit"), STOPPED: gettext_lazy("Clock stopped")}


def _date(moment):
    return timezone.localtime(moment).date()


def start(app, cal, now):
    """The clock starts at acceptance (a correction notice keeps it from starting)."""
    app.accepted_at = now
    app.suspended_workdays = 0
    refresh(app, cal)


def refresh(app, cal):
    if app.accepted_at is None:
        app.promised_deadline = app.statutory_deadline = None
        return
    extra = app.suspended_workdays
    app.promised_deadline = cal.deadline(app.accepted_at, app.item.promised_days + extra)
    app.statutory_deadline = cal.deadline(app.accepted_at, app.item.statutory_days + extra)
    if app.current_step_id and app.step_started_at:
        app.step_deadline = cal.deadline(app.step_started_at, app.current_step.limit_days)
    else:
        app.step_deadline = None


def suspended_days(cal, started_at, ended_at):
    return max(0, cal.workdays_between(_date(started_at), _date(ended_at)))


def days_used(app, cal, now):
    """Working days counted against the limits: from acceptance to the result (or now),
    less the days of special procedures."""
    if app.accepted_at is None:
        return None
    end = app.ready_at or (app.special_started_at if app.status == Status.SPECIAL else None) or now
    return max(0, cal.workdays_between(_date(app.accepted_at), _date(end)) - app.suspended_workdays)


@dataclass
class Standing:
    level: str
    used: int | None
    text: str
    provisional: bool = False  # a limit lies in a year the calendar does not know yet

    @property
    def label(self):
        return LEVEL_LABELS.get(self.level, "")


def standing(app, cal, now):
    result = _standing(app, cal, now)
    result.provisional = not (app.ready_at or app.finished_at) and any(
        cal.provisional(d) for d in (app.promised_deadline, app.statutory_deadline, app.step_deadline))
    return result


def _standing(app, cal, now):
    used = days_used(app, cal, now)
    item = app.item
    if used is None:
        return Standing(NONE, None, "")
    text = _("%(used)d of %(promised)d promised / %(statutory)d statutory working days used") % {
        "used": used, "promised": item.promised_days, "statutory": item.statutory_days}
    if app.status == Status.SPECIAL:
        return Standing(STOPPED, used, text + " · " + _("clock stopped (special procedure)"))
    finished = app.ready_at or app.finished_at
    moment = finished or now
    if app.statutory_deadline and moment > app.statutory_deadline:
        return Standing(PAST_STATUTORY, used, text)
    if app.promised_deadline and moment > app.promised_deadline:
        return Standing(PAST_PROMISED, used, text)
    if not finished and item.promised_days - used <= settings.SERVICE_WARN_WORKDAYS:
        return Standing(NEAR, used, text)
    return Standing(NORMAL, used, text)
