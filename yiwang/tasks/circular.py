"""督查通报: a printable circular naming the overdue and lagging tasks by unit, with the product's
own font, for the tasks a list's filters hold."""
from django.utils import timezone

from yiwang.documents.pdf import render_pdf

from . import selectors
from .models import Light


def summary(tasks, th):
    """Counts and the named tasks: {totals, units: [{name, red, yellow, green, closed, tasks}]}."""
    tasks = selectors.with_lights(tasks, th)
    totals = dict.fromkeys(Light.values, 0)
    units = {}
    for t in tasks:
        totals[t.light] += 1
        name = t.lead_unit.name if t.lead_unit else "—"
        row = units.setdefault(name, {"name": name, **dict.fromkeys(Light.values, 0), "tasks": []})
        row[t.light] += 1
        if t.light in (Light.RED, Light.YELLOW):
            t.days_over = (th.today - timezone.localtime(t.deadline).date()).days if t.deadline and \
                t.light == Light.RED and t.deadline < th.now else 0
            row["tasks"].append(t)
    ranked = sorted(units.values(), key=lambda r: (-r[Light.RED], -r[Light.YELLOW], r["name"]))
    return {"totals": totals, "total": len(tasks), "units": ranked,
            "named": [r for r in ranked if r[Light.RED] or r[Light.YELLOW]]}


def render(qs, th, *, issued_by, title=""):
    data = summary(qs.select_related("lead_unit"), th)
    staff = getattr(issued_by, "staff", None)
    return render_pdf("tasks/circular.html", {
        **data, "title": (title or "").strip()[:60], "today": th.today, "lights": Light,
        "issuer": staff.unit.name if staff and staff.unit else "", "red": Light.RED, "yellow": Light.YELLOW})
