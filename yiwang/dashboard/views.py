import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import replica
from yiwang.errors import ActionRefused
from yiwang.orgs import places
from yiwang.orgs import roles as R
from yiwang.orgs.models import DistrictMap, Unit
from yiwang.supervision import rates

from . import selectors

from .models import IntakeRolled

VIEWERS = {R.LEADER, R.SUPERVISOR, R.DISPATCHER}
# The orders each of the three rates counts, district-wide (its denominator's list).
RATE_LISTS = {"response": {"date": "assigned", "assigned": "all"},
              "resolution": {"date": "called_back", "solved_asked": 1}, "satisfaction": {"date": "called_back"}}


def _orders(**params):
    return reverse("workorders:list") + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _queue_once(key, task, seconds):
    """Queue a background refresh at most once per `seconds` (eager on the embedded default)."""
    if cache.add(f"yiwang.dashboard.{key}", 1, seconds):
        task.delay()


def _keep_fresh(now):
    from . import tasks

    yesterday = timezone.localtime(now).date() - dt.timedelta(days=1)
    if not IntakeRolled.objects.filter(day=yesterday).exists():
        _queue_once("rollup", tasks.rollup, 600)
    snapshot = selectors.hot(now)
    if snapshot is None or now - snapshot.computed_at > dt.timedelta(minutes=settings.HOT_SNAPSHOT_MINUTES):
        _queue_once("hot", tasks.refresh_hot, 60 * settings.HOT_SNAPSHOT_MINUTES)


def as_data(fig):
    """The figures as JSON-ready data, each with the link to the orders behind it."""
    names, today, first = fig["names"], fig["today"].isoformat(), fig["month_first"].isoformat()

    def series(counter, kind, param, **span):
        label = names[kind]
        return [{"name": label.get(k) or _("not given"), "value": n, "url": _orders(**{param: k or "none"}, **span)}
                for k, n in counter.most_common()]

    day_span, month_span = {"from": today, "to": today}, {"from": first, "to": today}
    units = names["unit"]
    def place(kind, k):
        """A street's or grid's three figures, each with the list of exactly the orders it counts."""
        return {"name": units[k], "value": fig["month"][kind].get(k, 0), "open": fig["work"][kind].get(k, 0),
                "overdue": fig["work"][f"{kind}_overdue"].get(k, 0),
                "urls": {"value": _orders(**{kind: k}, **month_span), "open": _orders(**{kind: k}, open=1),
                         "overdue": _orders(**{kind: k}, open=1, overdue=1)}}

    streets = [place("street", k) for k in set(fig["month"]["street"]) | set(fig["work"]["street"]) if k in units]
    grids = [place("grid", k) for k in set(fig["month"]["grid"]) | set(fig["work"]["grid"]) if k in units]
    # The month under way is marked partial: its rates count only the days so far.
    trend = [{"month": t["month"], "partial": t["last"] < (dt.date.fromisoformat(t["first"]) + dt.timedelta(days=32))
              .replace(day=1).isoformat() and t["last"] == today,
              **{c: None if t[c] is None else round(100 * t[c], 1) for c in rates.THREE}} for t in fig["trend"]]
    current = fig["rates"]
    three = [{"code": c, "label": str(rates.RATE[c].label), "formula": str(rates.RATE[c].formula),
              "value": None if current[c] is None else round(100 * current[c], 1),
              "url": _orders(**RATE_LISTS[c], **month_span)} for c in rates.THREE]
    hot = fig["hot"]
    return {
        "updated": timezone.localtime(fig["now"]).strftime("%Y-%m-%d %H:%M:%S"),
        "today": {"total": fig["day"]["total"], "url": _orders(**day_span),
                  "channel": series(fig["day"]["channel"], "channel", "channel", **day_span),
                  "category": series(fig["day"]["category"], "category", "root", **day_span)},
        "month": {"total": fig["month"]["total"], "url": _orders(**month_span),
                  "channel": series(fig["month"]["channel"], "channel", "channel", **month_span),
                  "category": series(fig["month"]["category"], "category", "root", **month_span)},
        "work": {"open": fig["work"]["open"], "overdue": fig["work"]["overdue"], "open_url": _orders(open=1),
                 "overdue_url": _orders(open=1, overdue=1)},
        "rates": three, "trend": trend, "streets": streets, "grids": grids,
        "urgent": [{"number": o.number, "title": o.title, "street": o.street.name if o.street_id else "",
                    "at": timezone.localtime(o.created_at).strftime("%m-%d %H:%M"), "urgency": o.get_urgency_display(),
                    "url": reverse("workorders:detail", args=[o.number])} for o in fig["urgent"]],
        "hot": [{**{k: i[k] for k in ("rank", "heat", "place", "description", "count")},
                 "url": _orders(ids=",".join(str(x) for x in i["ids"]))} for i in (hot.issues if hot else [])],
        "hot_at": timezone.localtime(hot.computed_at).strftime("%Y-%m-%d %H:%M") if hot else "",
        "has_map": fig["map"] is not None,
    }


@login_required
def dashboard(request):
    R.require_any(request.user, VIEWERS)
    now = timezone.now()
    _keep_fresh(now)
    with replica.reads():
        fig = selectors.figures(now)
    district = Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True).order_by("code").first()
    wall = request.GET.get("wall") == "1"
    return render(request, "dashboard/dashboard.html", {
        "data": as_data(fig), "wall": wall, "fig": fig, "district": district.name if district else "",
        "tasks": None if wall else task_panel(request.user), "projects": project_panel(request.user)})


TASK_UNITS_SHOWN = 10


def task_panel(user):
    """Key tasks by light and by lead unit, each figure with the list of exactly its tasks; for
    those who follow tasks (the supervision office, leaders)."""
    from yiwang.tasks import lights, selectors as tasks
    from yiwang.tasks.models import Light

    if not (R.roles_of(user) & tasks.FOLLOWERS):
        return None
    th = lights.thresholds()
    counts = tasks.light_counts(user, th)
    base = reverse("tasks:list")
    units = tasks.by_unit(user, th)
    shown = units[:TASK_UNITS_SHOWN]
    return {"lights": [{"code": code, "label": label, "n": counts[code], "url": f"{base}?light={code}"}
                       for code, label in Light.choices],
            "units": [{**row, **{f"{code}_url": f"{base}?lead_unit={row['unit']}&light={code}"
                                 for code in (Light.RED, Light.YELLOW, Light.GREEN, Light.UNASSIGNED)}}
                      for row in shown],
            # Every unit is counted: the rows not shown are said, with the list that has them all.
            "more": len(units) - len(shown), "all_url": f"{reverse('tasks:units')}",
            "totals": {code: sum(row[code] for row in units) for code in (Light.RED, Light.YELLOW, Light.GREEN,
                                                                          Light.UNASSIGNED)}}


def project_panel(user):
    """Major projects for leaders: the lagging milestones, the ones due soon, the open problems,
    the joint acceptances under way and the reports due, each opening exactly its projects, and
    the command posts' lagging projects (wall mode too: it is what the command centre watches)."""
    from yiwang.projects import selectors as projects
    from yiwang.projects.models import Acceptance, CommandPost, Project
    from yiwang.tasks.models import OPEN_STATES

    if not projects.may_open(user) or not (R.roles_of(user) & (projects.FOLLOWERS | {R.DISPATCHER})):
        return None
    th = projects.thresholds()
    live = Project.objects.all()  # the same projects the list filters, so each figure opens exactly its own
    base, points = reverse("projects:list"), reverse("projects:milestones")
    figures = [
        # Milestones count milestones and open the milestone list; the other figures count projects.
        {"code": "red", "label": _("Milestones overdue"), "n": projects.milestones({"light": "red"}, th).count(),
         "url": f"{points}?light=red", "bad": True},
        {"code": "yellow", "label": _("Milestones due soon"), "n": projects.milestones({"light": "yellow"}, th).count(),
         "url": f"{points}?light=yellow"},
        {"code": "problems", "label": _("Projects with open problems"),
         "n": live.filter(problems__task__state__in=OPEN_STATES).distinct().count(),
         "url": f"{base}?problems=open"},
        {"code": "acceptances", "label": _("Joint acceptances under way"),
         "n": Acceptance.objects.exclude(state=Acceptance.State.ISSUED).count(),
         "url": reverse("projects:acceptances") + "?state=open"},
    ]
    posts = [{"name": p.name, "n": p.projects.count(),
              "red": projects.milestones({"light": "red", "command_post": str(p.pk)}, th).count(),
              "url": f"{base}?command_post={p.pk}", "red_url": f"{points}?command_post={p.pk}&light=red"}
             for p in CommandPost.objects.all()]
    return {"figures": figures, "posts": posts}


@login_required
def data_json(request):
    R.require_any(request.user, VIEWERS)
    with replica.reads():
        return JsonResponse(as_data(selectors.figures()))


@login_required
def map_json(request):
    R.require_any(request.user, VIEWERS)
    current = DistrictMap.objects.first()
    return JsonResponse(current.geojson if current else {"type": "FeatureCollection", "features": []})


@login_required
def boundaries(request):
    R.require_any(request.user, {R.ADMIN})
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a GeoJSON file."))
        elif upload.size > 20 * 1024 * 1024:
            messages.error(request, _("The file is larger than 20 MB."))
        else:
            try:
                m = places.upload_map(content=upload.read(), actor=request.user, note=request.POST.get("note", ""))
            except ActionRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The map now shows %(s)d streets and %(g)d grids.")
                                 % {"s": m.streets, "g": m.grids})
                return redirect("dashboard:boundaries")
    return render(request, "dashboard/boundaries.html", {"maps": DistrictMap.objects.all()[:10]})
