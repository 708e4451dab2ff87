"""The product's own indicators that a benchmarking target can name ("审批时限 3 → 1 个工作日"):
each measured from the product's data over a period, so the results board shows the target
against the value measured now, and its trend.

An indicator is `Indicator(code, label, unit, lower_is_better, params, measure)`, where
`measure(params, start, end)` gives the value over [start, end) or None when nothing was counted."""
import datetime as dt
from dataclasses import dataclass
from typing import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Indicator:
    code: str
    label: object
    unit: object
    lower_is_better: bool
    params: tuple          # the names of its parameters ("item", "unit", "issue")
    measure: Callable
    window_days: int = 30  # "now" is measured over the last window_days


def _item_workdays(params, start, end):
    """Average working days, acceptance to result, of the item's applications finished in the period."""
    from yiwang.calendar import services as calendar
    from yiwang.services.deadlines import days_used
    from yiwang.services.models import Application

    apps = Application.objects.filter(item__code=params["item"], ready_at__gte=start, ready_at__lt=end,
                                      accepted_at__isnull=False)
    cal = calendar.load()
    used = [days_used(a, cal, end) for a in apps]
    used = [u for u in used if u is not None]
    return round(sum(used) / len(used), 2) if used else None


def _unit_rate(code):
    def measure(params, start, end):
        from yiwang.supervision import rates

        facts = rates.facts(start, end, units=[int(params["unit"])]).get(int(params["unit"]))
        value = rates.RATE[code].value(facts) if facts else None
        return None if value is None else round(100 * value, 1)
    return measure


def _issue_orders_per_week(params, start, end):
    from yiwang.tasks.models import TrackedIssue

    from .selectors import issue_orders

    tracked = TrackedIssue.objects.filter(pk=params["issue"]).first()
    if tracked is None:
        return None
    weeks = max((end - start).days / 7, 1)
    return round(len(issue_orders(tracked, start, end)) / weeks, 2)


INDICATORS = {i.code: i for i in [
    Indicator("item_workdays", gettext_lazy("Average working days of a service item's applications"),
              gettext_lazy("working days"), True, ("item",), _item_workdays),
    Indicator("unit_response_rate", gettext_lazy("A unit's response rate"), "%", False, ("unit",),
              _unit_rate("response")),
    Indicator("unit_satisfaction_rate", gettext_lazy("A unit's satisfaction rate"), "%", False, ("unit",),
              _unit_rate("satisfaction")),
    Indicator("issue_orders_per_week", gettext_lazy("New work orders of a hot issue per week"),
              gettext_lazy("orders a week"), True, ("issue",), _issue_orders_per_week, window_days=28),
]}


# What an indicator's parameter is, in the reader's words.
PARAM_NAMES = {"item": gettext_lazy("the service item"), "unit": gettext_lazy("the unit"),
               "issue": gettext_lazy("the hot issue")}


def problem(code, params):
    """Why `code` with `params` cannot be measured, or None."""
    indicator = INDICATORS.get(code)
    if indicator is None:
        return _("Unknown indicator.")
    missing = [p for p in indicator.params if not str(params.get(p) or "").strip()]
    if missing:
        return _("The indicator needs: %(names)s.") % {"names": "、".join(str(PARAM_NAMES.get(p, p)) for p in missing)}
    if "item" in indicator.params:
        from yiwang.services.models import ServiceItem

        if not ServiceItem.objects.filter(code=params["item"]).exists():
            return _("No service item has the code %(code)s.") % {"code": params["item"]}
    if "unit" in indicator.params:
        from yiwang.orgs.models import Unit

        if not str(params["unit"]).isdigit() or not Unit.objects.filter(pk=params["unit"]).exists():
            return _("Choose the unit whose rate is measured.")
    if "issue" in indicator.params:
        from yiwang.tasks.models import TrackedIssue

        if not str(params["issue"]).isdigit() or not TrackedIssue.objects.filter(pk=params["issue"]).exists():
            return _("Choose the tracked hot issue.")
    return None


def measure_now(task, now=None):
    """The value measured over the indicator's last window."""
    indicator = INDICATORS.get(task.indicator)
    if indicator is None:
        return None
    now = now or timezone.now()
    return indicator.measure(task.indicator_params, now - dt.timedelta(days=indicator.window_days), now)


def trend(task, points=6, now=None):
    """[(period end, value)] over the last `points` windows, oldest first."""
    indicator = INDICATORS.get(task.indicator)
    if indicator is None:
        return []
    now = now or timezone.now()
    span = dt.timedelta(days=indicator.window_days)
    out = []
    for k in range(points - 1, -1, -1):
        end = now - k * span
        out.append((timezone.localtime(end).date(), indicator.measure(task.indicator_params, end - span, end)))
    return out


def attainment(task, value):
    """How far from the baseline towards the target the value has come (0–100 %), or None."""
    if value is None or task.target_value is None or task.baseline is None:
        return None
    baseline, target = float(task.baseline), float(task.target_value)
    if baseline == target:
        return 100.0 if value == target else 0.0
    share = (baseline - value) / (baseline - target)
    return round(max(0.0, min(1.0, share)) * 100, 1)


def met(task, value):
    indicator = INDICATORS.get(task.indicator)
    if value is None or indicator is None or task.target_value is None:
        return None
    target = float(task.target_value)
    return value <= target if indicator.lower_is_better else value >= target
