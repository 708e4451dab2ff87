"""Insight reads: hot issues among recent orders and their Excel export."""
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from yiwang.documents.excel import Sheet
from yiwang.workorders.models import OrderType, Urgency, WorkOrder

from . import hot, text


def recent_orders(days, limit=None):
    """The orders of the last `days` days, oldest first; with `limit`, only the newest `limit`.
    Praise is not a problem to solve: it never makes a hot issue."""
    since = timezone.now() - timedelta(days=days)
    qs = (WorkOrder.objects.filter(created_at__gte=since, merged_into__isnull=True)
          .exclude(order_type=OrderType.PRAISE).select_related("community", "street"))
    if limit:
        return reversed(list(qs.order_by("-created_at")[:limit]))
    return qs.order_by("created_at")


def hot_issues(days, top=50, limit=None):
    """Hot issues among the orders of the last `days` days (the newest `limit`), hottest first."""
    orders = {o.number: o for o in recent_orders(days, limit)}
    messages = []
    for o in orders.values():
        place = text.place(o.title, o.body) or (o.community.name if o.community_id else "")
        messages.append(hot.Message(key=o.number, title=o.title, body=o.body,
                                    time=timezone.localtime(o.created_at).replace(tzinfo=None),
                                    user=o.caller_phone_index or o.number, urgent=o.urgency != Urgency.NORMAL,
                                    place=place))
    issues = hot.rank(messages, now=timezone.localtime().replace(tzinfo=None))[:top]
    for issue in issues:
        issue.orders = [orders[m.key] for m in issue.messages]
        peak = max((p["count"] for p in issue.trend), default=1)
        for point in issue.trend:
            point["height"] = round(100 * point["count"] / peak)
    return issues


def hot_issues_workbook(issues, days):
    sheet = Sheet(_("Hot issues"), [
        _("Rank"), _("Heat"), _("Place or group"), _("Description"), _("Time range"), _("Orders"), _("People"),
        _("Last window"), _("Window before"), _("Urgent share"), _("Trend"), _("Order numbers")],
        widths=(6, 7, 18, 40, 24, 7, 7, 9, 9, 9, 30, 18), heading=_("Hot issues of the last %(n)d days") % {"n": days})
    for issue in issues:
        sheet.row([issue.rank, round(issue.heat, 2), issue.place, issue.description, issue.time_range,
                   len(issue.messages), issue.parts["people"], issue.parts["recent"], issue.parts["earlier"],
                   issue.parts["urgency"], " ".join(f"{p['period']}:{p['count']}" for p in issue.trend),
                   "\n".join(m.key for m in issue.messages)], wrap=(12,))
    return sheet.content()
