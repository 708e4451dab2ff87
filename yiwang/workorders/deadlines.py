"""The deadline service: the only module that knows the time-limit policies.

Stored on each order: the facts (when the status changed, when handling started and for how
many working days). Derived here: the current stage's deadline and its warning level.
"""
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from yiwang.calendar import services as calendar
from yiwang.errors import ActionRefused

from .models import Status, TimeLimitPolicy

# Hour-based stages: warn when this share of the allowed time is left.
HOUR_YELLOW_SHARE = 0.5
HOUR_RED_SHARE = 0.25

NONE, NORMAL, YELLOW, RED, OVERDUE = "none", "normal", "yellow", "red", "overdue"


@dataclass
class Clock:
    """What deadline arithmetic needs, read once per request."""

    cal: calendar.WorkCalendar
    policies: list
    now: object

    @classmethod
    def load(cls, now=None, fresh=False):
        """fresh: read the calendar and policies from the database, whatever the processes keep."""
        return cls(*(_read() if fresh else _calendar_and_policies()), now or timezone.now())

    def policy(self, order):
        best = max(self.policies, key=lambda p: p.specificity(order.order_type, order.urgency), default=None)
        if best is None or best.specificity(order.order_type, order.urgency) < 0:
            raise ActionRefused("no_policy", _("No time-limit policy applies to this order; an administrator "
                                               "must add a default policy."))
        return best


# The calendar and the policies change a few times a year and are read by every order written.
# Where the cache is shared by every app server (Redis), each process keeps them in memory under a
# version kept in the cache, and any change to them (saved or deleted through the ORM, or the
# calendar's own signal) sets a new version once it commits; every process then reads them again.
# Without a shared cache (the embedded default) they are read on every use.
VERSION_KEY = "yiwang:clock-version"
_loaded = {}


def _read():
    return calendar.load(), list(TimeLimitPolicy.objects.filter(is_active=True))


def _calendar_and_policies():
    if not settings.CLOCK_CACHE:
        return _read()
    from django.core.cache import cache

    version = cache.get(VERSION_KEY)
    if version is None:
        version = new_version()
    hit = _loaded.get(version)
    if hit is None:
        hit = _read()
        _loaded.clear()
        _loaded[version] = hit
    return hit


def new_version():
    """Make every process read the calendar and the policies again."""
    import uuid

    from django.core.cache import cache

    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def changed(**kwargs):
    """Receiver: after the change commits (a process reading before would keep the old rows under
    the new version)."""
    from django.db import transaction

    if settings.CLOCK_CACHE:
        transaction.on_commit(new_version)


def start_handling(order, clock, workdays):
    order.handle_started_at = clock.now
    order.handle_workdays = workdays
    order.handle_deadline = clock.cal.deadline(clock.now, workdays)


def extend_handling(order, clock, workdays):
    order.handle_workdays += workdays
    order.handle_deadline = clock.cal.deadline(order.handle_started_at, order.handle_workdays)


def refresh(order, clock):
    """Set order.deadline to the current stage's limit."""
    policy = clock.policy(order)
    hours = None
    order.deadline_in_workdays = False
    if order.status in (Status.PENDING_DISPATCH, Status.RETURNED):
        hours = policy.dispatch_hours
    elif order.status == Status.PENDING_SIGN:
        hours = policy.sign_for_hours
    if hours is not None:
        order.deadline = order.status_changed_at + timezone.timedelta(hours=hours)
    elif order.status == Status.HANDLING:
        order.deadline = order.handle_deadline
        order.deadline_in_workdays = True
    elif order.status == Status.PENDING_CALLBACK:
        order.deadline = clock.cal.deadline(order.status_changed_at, policy.callback_workdays)
        order.deadline_in_workdays = True
    else:  # suspended (the clock stops), closed, merged
        order.deadline = None


# What the current stage's limit is called: four different limits, four names.
STAGE_LIMITS = {
    Status.PENDING_DISPATCH: gettext_lazy("Dispatch deadline"), Status.RETURNED: gettext_lazy("Re-dispatch deadline"),
    Status.PENDING_SIGN: gettext_lazy("Sign-for deadline"), Status.HANDLING: gettext_lazy("Handling deadline"),
    Status.PENDING_CALLBACK: gettext_lazy("Callback deadline"),
}


def stage_label(order):
    return STAGE_LIMITS.get(order.status, gettext_lazy("Deadline"))


def send_back_limit(order, clock):
    return clock.cal.deadline(order.dispatched_at, clock.policy(order).send_back_workdays)


def provisional(order, clock):
    """Whether the current stage's limit (the one its countdown counts to) lies in a year the calendar
    does not know yet, so that it was counted Monday to Friday and will move once the year's holidays
    are entered. An hour limit (dispatch, sign-for) never is."""
    return bool(order.deadline is not None and order.deadline_in_workdays and clock.cal.provisional(order.deadline))


def handling_provisional(order, clock):
    """The same for the handling limit, shown on its own line while another stage's clock runs."""
    return bool(order.is_open and order.handle_deadline is not None and clock.cal.provisional(order.handle_deadline))


@dataclass
class Warning:
    level: str
    text: str
    provisional: bool = False


def warning(order, clock):
    result = _warning(order, clock)
    result.provisional = provisional(order, clock)
    return result


def _warning(order, clock):
    if order.deadline is None:
        if order.status == Status.SUSPENDED:
            return Warning(NONE, _("Clock stopped (suspended)"))
        return Warning(NONE, "")
    now = clock.now
    if now > order.deadline:
        return Warning(OVERDUE, _("Overdue since %(time)s") % {
            "time": timezone.localtime(order.deadline).strftime("%Y-%m-%d %H:%M")})
    if order.deadline_in_workdays:
        policy = clock.policy(order)
        today = timezone.localtime(now).date()
        left = clock.cal.workdays_between(today, timezone.localtime(order.deadline).date())
        if clock.cal.is_workday(today):
            left += 1
        level = RED if left <= policy.warn_red_workdays else YELLOW if left <= policy.warn_yellow_workdays else NORMAL
        return Warning(level, ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left})
    remaining = order.deadline - now
    allowed = order.deadline - order.status_changed_at
    share = remaining / allowed if allowed.total_seconds() > 0 else 0
    level = RED if share <= HOUR_RED_SHARE else YELLOW if share <= HOUR_YELLOW_SHARE else NORMAL
    minutes = int(remaining.total_seconds() // 60)
    return Warning(level, _("%(h)d h %(m)d min left") % {"h": minutes // 60, "m": minutes % 60})
