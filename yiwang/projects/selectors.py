"""Reads of the project side: who may open what, the milestone lights (one rule, for one milestone
and as a filter), the lists, investment against plan, the approval working days against the cap,
a command post's timeline, reports due, the inbox and what leaders see."""
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import inbox
from yiwang.calendar import services as calendar
from yiwang.orgs import roles as R
from yiwang.tasks.models import OPEN_STATES

from . import services
from .models import Acceptance, Interest, Milestone, ProgressReport, Project, Settings, Stage, Status

READERS = R.CENTRE_ROLES | R.UNIT_ROLES | R.HALL_ROLES
FOLLOWERS = {R.SUPERVISOR, R.BUTLER, R.LEADER}


OPEN_INTERESTS = (Interest.State.NEW, Interest.State.CONTACTED, Interest.State.NEGOTIATING)


def may_open(user):
    return bool(R.roles_of(user) & READERS)


def may_follow(user):
    return bool(R.roles_of(user) & FOLLOWERS)


# ---------------------------------------------------------------- lights

@dataclass(frozen=True)
class Thresholds:
    today: dt.date
    yellow_day: dt.date  # a milestone planned on or before this is close


def thresholds(today=None):
    today = today or timezone.localdate()
    return Thresholds(today=today, yellow_day=calendar.load().add_workdays(today, Settings.current().yellow_workdays))


def light(milestone, th):
    """done, red (past its planned date), yellow (within the yellow working days), green, or ""
    when it has no planned date."""
    if milestone.actual_on:
        return "done"
    if milestone.planned_on is None:
        return ""
    if milestone.planned_on < th.today:
        return "red"
    if milestone.planned_on <= th.yellow_day:
        return "yellow"
    return "green"


def lagging_q(th):
    """Projects with a milestone past its planned date and not done."""
    return Q(Exists(Milestone.objects.filter(project=OuterRef("pk"), actual_on__isnull=True,
                                             planned_on__lt=th.today)))


def close_q(th):
    return Q(Exists(Milestone.objects.filter(project=OuterRef("pk"), actual_on__isnull=True,
                                             planned_on__gte=th.today, planned_on__lte=th.yellow_day)))


def milestone_q(colour, th):
    """Milestones (not projects) of a light: red past their planned date, yellow within the yellow days."""
    if colour == "red":
        return Q(actual_on__isnull=True, planned_on__lt=th.today)
    if colour == "yellow":
        return Q(actual_on__isnull=True, planned_on__gte=th.today, planned_on__lte=th.yellow_day)
    raise ValueError(colour)


def milestones(params, th=None):
    """The milestone list behind 节点逾期 / 节点临期: by light, command post, street and project."""
    th = th or thresholds()
    qs = Milestone.objects.select_related("project__command_post", "project__street").exclude(
        project__status=Status.DROPPED)
    if params.get("light") in ("red", "yellow"):
        qs = qs.filter(milestone_q(params["light"], th))
    for field in ("command_post", "street"):
        if (params.get(field) or "").isdigit():
            qs = qs.filter(**{f"project__{field}_id": params[field]})
    if (params.get("project") or "").isdigit():
        qs = qs.filter(project_id=params["project"])
    return qs.order_by("planned_on", "project__name", "seq")


def project_light(project, th, milestones=None):
    lights = {light(m, th) for m in (milestones if milestones is not None else project.milestones.all())}
    for colour in ("red", "yellow"):
        if colour in lights:
            return colour
    return "green"


def search(params, th=None):
    th = th or thresholds()
    qs = Project.objects.select_related("command_post", "street", "owner")
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(owner__name__icontains=q))
    for field in ("status", "kind"):
        if params.get(field):
            qs = qs.filter(**{field: params[field]})
    for field in ("command_post", "street"):
        if (params.get(field) or "").isdigit():
            qs = qs.filter(**{f"{field}_id": params[field]})
    if params.get("light") == "red":
        qs = qs.filter(lagging_q(th))
    elif params.get("light") == "yellow":
        qs = qs.filter(close_q(th)).exclude(lagging_q(th))
    if params.get("problems") == "open":
        qs = qs.filter(problems__task__state__in=OPEN_STATES).distinct()
    if params.get("public") == "1":
        qs = qs.filter(public=True)
    return qs.order_by(F("command_post__name").asc(nulls_last=True), "name")


# ---------------------------------------------------------------- money and time

def invested(project, year=None):
    """(completed this year, planned this year, completion %, completed in all)."""
    year = year or timezone.localdate().year
    done = project.reports.filter(month__year=year).aggregate(s=Sum("invested"))["s"] or Decimal("0")
    plan = project.year_plans.filter(year=year).first()
    planned = plan.planned if plan else None
    total = project.reports.aggregate(s=Sum("invested"))["s"] or Decimal("0")
    rate = round(float(done) / float(planned) * 100, 1) if planned else None
    return done, planned, rate, total


def totals(qs, by, year=None):
    """Investment completed against plan this year, by "command_post" or "street"."""
    from .models import YearPlan

    year = year or timezone.localdate().year
    field = {"command_post": "command_post__name", "street": "street__name"}[by]
    done = dict(ProgressReport.objects.filter(project__in=qs, month__year=year).values_list(f"project__{field}")
                .annotate(s=Sum("invested")).values_list(f"project__{field}", "s"))
    plans = dict(YearPlan.objects.filter(project__in=qs, year=year).values_list(f"project__{field}")
                 .annotate(s=Sum("planned")).values_list(f"project__{field}", "s"))
    counts = {}
    for name in qs.values_list(field, flat=True):
        counts[name] = counts.get(name, 0) + 1
    rows = []
    for name in sorted(set(plans) | set(done) | set(counts), key=lambda n: (n is None, n or "")):
        d, p = done.get(name) or Decimal("0"), plans.get(name)
        rows.append({"name": name or _("(none)"), "projects": counts.get(name, 0), "done": d, "planned": p,
                     "rate": round(float(d) / float(p) * 100, 1) if p else None})
    return rows


def latest_progress(project):
    report = project.reports.order_by("-month").first()
    return report.progress if report else None


def approval_workdays(project, now=None):
    """Working days of the approval stages against the cap: from the first stage-1 milestone to the
    construction permit (or today), plus the joint acceptance's days. (used, cap, finished)."""
    cap = Settings.current().approval_cap_workdays
    cal = calendar.load()
    today = timezone.localtime(now).date() if now else timezone.localdate()
    milestones = list(project.milestones.all())
    stage1 = [m.actual_on for m in milestones if m.stage == Stage.LAND_PLANNING and m.actual_on]
    if not stage1:
        return 0, cap, False
    permit = next((m.actual_on for m in milestones if m.code == "permit" and m.actual_on), None)
    used = cal.workdays_between(min(stage1), permit or today)
    acceptance = project.acceptances.order_by("-applied_at").first()
    if acceptance is not None:
        used += services.workdays_used(acceptance, now)
    finished = permit is not None and (acceptance is not None and acceptance.opinion_at is not None)
    return used, cap, finished


def report_due(project, today=None):
    """The month whose report is due and not in (from the second month after registration)."""
    today = today or timezone.localdate()
    if project.status in (Status.OPPORTUNITY, Status.DROPPED, Status.OPERATING):
        return None
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if reporting_since(project) > last_month or today.day <= Settings.current().report_day:
        return None
    if project.reports.filter(month=last_month).exists():
        return None
    return last_month


def reporting_since(project):
    """The day a project started owing monthly reports: its registration, or its signing when it was
    signed later (a project signed today owes nothing for last month)."""
    since = timezone.localtime(project.created_at).date()
    signed = next((m.actual_on for m in project.milestones.all() if m.code == "signing" and m.actual_on), None)
    return max(since, signed) if signed else since


def reports_due(qs, today=None):
    today = today or timezone.localdate()
    return [p for p in qs.prefetch_related("reports", "milestones") if report_due(p, today)]


def timeline(post, th=None):
    """A command post's projects as rows of bars (Gantt): each milestone's planned and actual date
    on one scale from the earliest to the latest date."""
    th = th or thresholds()
    projects = list(post.projects.exclude(status=Status.DROPPED).prefetch_related("milestones"))
    dates = [d for p in projects for m in p.milestones.all() for d in (m.planned_on, m.actual_on) if d]
    if not dates:
        return {"rows": [], "months": []}
    first, last = min(dates).replace(day=1), max(dates)
    span = max((last - first).days, 1)

    def at(day):
        return round((day - first).days / span * 100, 2)

    months, m = [], first
    while m <= last:
        months.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    step = max(1, -(-len(months) // 12))  # at most about twelve labels
    months = [{"label": m.strftime("%Y-%m"), "left": at(m)} for i, m in enumerate(months) if i % step == 0]
    rows = []
    for p in projects:
        marks = [{"name": ms.name, "planned": ms.planned_on, "actual": ms.actual_on, "light": light(ms, th),
                  "left": at(ms.actual_on or ms.planned_on)} for ms in p.milestones.all()
                 if ms.actual_on or ms.planned_on]
        if marks:
            start, end = min(mk["left"] for mk in marks), max(mk["left"] for mk in marks)
            rows.append({"project": p, "marks": marks, "start": start, "width": round(end - start, 2)})
    return {"rows": rows, "months": months, "today": at(th.today) if first <= th.today <= last else None}


# ---------------------------------------------------------------- acceptance and interests

def owned_projects(user):
    """The projects of the enterprise a portal account is (its credit code), or none."""
    applicant = getattr(user, "applicant", None) if getattr(user, "is_authenticated", False) else None
    code = getattr(applicant, "credit_code", "") if applicant else ""
    return Project.objects.filter(owner__credit_code=code) if code else Project.objects.none()


def may_read_project(user, project):
    """Staff who open projects read every one; an owner reads its own (as on the portal)."""
    return may_open(user) or owned_projects(user).filter(pk=project.pk).exists()


def visible_acceptances(user):
    qs = Acceptance.objects.select_related("project")
    if R.roles_of(user) & (FOLLOWERS | R.CENTRE_ROLES):
        return qs
    unit = R.unit_of(user)
    if R.roles_of(user) & R.UNIT_ROLES and unit is not None:
        return qs.filter(inspections__unit=unit).distinct()
    return qs.filter(project__in=owned_projects(user))  # an owner's own (none for anyone else)


def inbox_section(user):
    roles = R.roles_of(user)
    entries = []
    unit = R.unit_of(user)
    if roles & R.UNIT_ROLES and unit is not None:
        mine = Acceptance.objects.filter(state=Acceptance.State.SCHEDULED, inspections__unit=unit,
                                         inspections__result="pending").distinct()
        if mine.exists():
            entries.append(inbox.Entry(code="acceptance-inspect", label=_("Joint acceptances to inspect"),
                                       count=mine.count(), url=reverse("projects:acceptances") + "?mine=1"))
    if roles & FOLLOWERS:
        open_acceptances = Acceptance.objects.exclude(state=Acceptance.State.ISSUED)
        entries.append(inbox.Entry(code="acceptances", label=_("Joint acceptances under way"),
                                   count=open_acceptances.count(),
                                   overdue=open_acceptances.filter(due_at__lt=timezone.now()).count(),
                                   url=reverse("projects:acceptances") + "?state=open"))
        entries.append(inbox.Entry(code="interests", label=_("Investor interests to follow"),
                                   count=Interest.objects.filter(state__in=OPEN_INTERESTS).count(),
                                   url=reverse("projects:interests") + "?state=open"))
        # A butler's own projects; the office's, every project. The link opens the same projects.
        butler = R.BUTLER in roles and not roles & {R.SUPERVISOR, R.LEADER}
        mine = Project.objects.filter(butler=user) if butler else Project.objects.all()
        entries.append(inbox.Entry(code="project-reports", label=_("Monthly project reports due"),
                                   count=len(reports_due(mine)),
                                   url=reverse("projects:list") + ("?due=1&butler=me" if butler else "?due=1")))
    return inbox.Section(label=_("Major projects"), entries=entries) if entries else None


def map_points(qs, th=None):
    """The projects with coordinates, for the map: name, position, light, status and page."""
    th = th or thresholds()
    return [{"name": p.name, "value": [float(p.longitude), float(p.latitude)], "light": project_light(p, th),
             "status": p.get_status_display(), "url": reverse("projects:detail", args=[p.pk])}
            for p in qs.exclude(latitude=None).exclude(longitude=None).prefetch_related("milestones")]
