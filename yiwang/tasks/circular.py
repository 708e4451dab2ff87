"""督查通报: a printable circular naming the overdue and lagging tasks by unit, with the product's
own font, for the tasks a list's filters hold. A preview is marked as a draft and has no number;
issuing it numbers it in the year's series (2026年第3期) and keeps the PDF exactly as issued."""
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yiwang import clock
from yiwang.audit.services import record
from yiwang.calendar import services as calendar
from yiwang.documents.pdf import render_pdf
from yiwang.workorders.models import NoticeSerial

from . import selectors
from .models import Circular, Light, Settings


def summary(tasks, th):
    """Counts and the named tasks: {totals, units: [{name, red, yellow, green, closed, tasks}]}.
    Days overdue are working days, as the deadlines are."""
    cal = calendar.load()
    tasks = selectors.with_lights(tasks, th)
    totals = dict.fromkeys(Light.values, 0)
    units = {}
    for t in tasks:
        totals[t.light] += 1
        name = t.lead_unit.name if t.lead_unit else "—"
        row = units.setdefault(name, {"name": name, **dict.fromkeys(Light.values, 0), "tasks": []})
        row[t.light] += 1
        if t.light in (Light.RED, Light.YELLOW):
            late = t.deadline and t.light == Light.RED and t.deadline < th.now
            t.days_over = cal.workdays_between(timezone.localtime(t.deadline).date(), th.today) if late else 0
            row["tasks"].append(t)
    ranked = sorted(units.values(), key=lambda r: (-r[Light.RED], -r[Light.YELLOW], r["name"]))
    return {"totals": totals, "total": len(tasks), "units": ranked,
            "named": [r for r in ranked if r[Light.RED] or r[Light.YELLOW]]}


def issuer():
    """The office the circular is issued in the name of (the setting, or the district's 督查室)."""
    return Settings.current().circular_issuer.strip() or f"{settings.YIWANG_DISTRICT_NAME}督查室"


def render(qs, th, *, title="", circular=None):
    data = summary(qs.select_related("lead_unit"), th)
    return render_pdf("tasks/circular.html", {
        **data, "title": (title or "").strip()[:60], "today": th.today, "lights": Light, "circular": circular,
        "issuer": circular.issuer if circular else issuer(), "red": Light.RED, "yellow": Light.YELLOW})


def issue(qs, th, *, actor, title="", query=""):
    """Number the circular in the year's series and keep its PDF as issued."""
    with transaction.atomic():
        now = clock.now()
        year = timezone.localtime(now).year
        circular = Circular(year=year, serial=NoticeSerial.take("circular", year), title=(title or "").strip()[:60],
                            query=query[:500], issuer=issuer(), issued_by=actor, issued_at=now)
        circular.pdf = render(qs, th, title=circular.title, circular=circular)
        circular.save()
        record("tasks.circular", actor=actor, target=f"circular:{year}-{circular.serial}", detail={"query": query})
    return circular
