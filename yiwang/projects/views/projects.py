"""The list with its lights and Excel, one project's page and its writes, the map."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yiwang import forms
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.enterprises.models import Enterprise
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.tasks import workflow as task_workflow
from yiwang.tasks.models import State as TaskState

from .. import selectors, services, workflow
from ..models import CommandPost, Kind, Milestone, Opportunity, Problem, Project, Sector, Status
from .common import PAGE_SIZE, _flash, _labelled, _report, _require_open


@login_required
def project_list(request):
    _require_open(request.user)
    th = selectors.thresholds()
    qs = selectors.search(request.GET, th)
    if request.GET.get("butler") == "me":
        qs = qs.filter(butler=request.user)
    if request.GET.get("due") == "1":
        qs = qs.filter(pk__in=[p.pk for p in selectors.reports_due(qs)])
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_workbook(qs[:20000], th), f"projects-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs.prefetch_related("milestones"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(p, selectors.project_light(p, th)) for p in page.object_list]
    return render(request, "projects/list.html", {
        "page": page, "rows": rows, "query": query.urlencode(), "params": request.GET, "kinds": Kind.choices,
        "statuses": Status.choices, "posts": CommandPost.objects.all(), "may_edit": services.may_edit(request.user),
        "streets": Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True),
        "by_post": selectors.totals(selectors.search({}, th), "command_post"),
        "by_street": selectors.totals(selectors.search({}, th), "street")})


LIGHT_WORDS = {"red": gettext_lazy("overdue"), "yellow": gettext_lazy("due soon"), "green": gettext_lazy("on schedule"),
               "done": gettext_lazy("done")}


def _workbook(qs, th):
    sheet = Sheet(_("Major projects"), [
        _("Project code"), _("Name"), _("Kind"), _("Status"), _("Command post"), _("Street"), _("Owner"),
        _("Total investment (10,000 yuan)"), _("Planned this year (10,000 yuan)"),
        _("Completed this year (10,000 yuan)"), _("Completion (%)"),
        _("Physical progress (%)"), _("Light"), _("Next milestone"), _("Planned date")],
        widths=(26, 30, 10, 10, 14, 10, 26, 12, 12, 12, 10, 10, 8, 12, 12))
    for p in qs.prefetch_related("milestones", "year_plans", "reports"):
        done, planned, rate, _total = selectors.invested(p)
        upcoming = next((m for m in p.milestones.all() if not m.actual_on), None)
        sheet.row([p.number, p.name, p.get_kind_display(), p.get_status_display(),
                   p.command_post.name if p.command_post_id else "", p.street.name if p.street_id else "",
                   p.owner.name if p.owner_id else "", p.total_investment, planned, done, rate,
                   selectors.latest_progress(p), LIGHT_WORDS.get(selectors.project_light(p, th), ""),
                   upcoming.name if upcoming else "", upcoming.planned_on if upcoming else None])
    return sheet.content()


def find_owner(typed):
    """(enterprise, problem): the owner by its credit code, its registered name, or a part of the name
    that only one enterprise has; else why not, naming a few candidates."""
    typed = (typed or "").strip()
    if not typed:
        return None, None
    code = typed.upper().replace(" ", "")
    found = Enterprise.objects.filter(credit_code=code).first() or Enterprise.objects.filter(name=typed).first()
    if found is not None:
        return found, None
    candidates = list(Enterprise.objects.filter(name__contains=typed).order_by("name")[:6])
    if len(candidates) == 1:
        return candidates[0], None
    if candidates:
        return None, _("%(typed)s matches several enterprises: %(names)s. Type the credit code or the full name.") % {
            "typed": typed, "names": "、".join(f"{e.name}（{e.credit_code}）" for e in candidates[:5])}
    return None, _("No enterprise in the registry has the credit code or name %(code)s.") % {"code": typed}


def _form_data(post):
    get = post.get
    owner, problem = find_owner(get("owner"))
    data = {f: get(f) for f in ("code", "name", "kind", "sector", "address", "latitude", "longitude", "total_investment",
                                "scope", "leader", "version")}
    data["owner"] = owner
    data["street"] = Unit.objects.filter(pk=get("street") or 0, kind=Unit.Kind.STREET).first()
    data["command_post"] = CommandPost.objects.filter(pk=get("command_post") or 0).first()
    data["butler"] = get_user_model().objects.filter(pk=get("butler") or 0, is_active=True).first()
    year = timezone.localdate().year
    data["year_plans"] = {y: get(f"plan_{y}") for y in (year, year + 1) if get(f"plan_{y}")}
    return data, problem


@login_required
def project_edit(request, pk=None):
    if not services.may_edit(request.user):
        raise PermissionDenied(_("Your role may not open this page."))
    project = get_object_or_404(Project, pk=pk) if pk else None
    errors, values = {}, request.POST if request.method == "POST" else {}
    if request.method == "POST":
        data, owner_problem = _form_data(request.POST)
        try:
            planned = {m: forms.day(request.POST.get(f"planned_{m}")) for m in request.POST.getlist("step")}
            if owner_problem:
                # Every other field is checked too, so the form shows all its errors at once.
                services.validate_project(data, project)
                raise ValidationError({"owner": owner_problem})
            project = services.save_project(actor=request.user, data=data, project=project, planned=planned)
        except ValidationError as exc:
            errors = forms.errors(exc)
            if owner_problem:
                errors["owner"] = owner_problem
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("The project is saved."))
            return redirect("projects:detail", pk=project.pk)
    elif project is not None:
        values = {"code": project.code or "", "name": project.name, "kind": project.kind, "sector": project.sector,
                  "address": project.address,
                  "latitude": project.latitude or "", "longitude": project.longitude or "",
                  "total_investment": project.total_investment, "scope": project.scope, "leader": project.leader,
                  "owner": project.owner.credit_code if project.owner_id else "", "street": str(project.street_id or ""),
                  "command_post": str(project.command_post_id or ""), "butler": str(project.butler_id or ""),
                  "version": project.version,
                  **{f"plan_{p.year}": p.planned for p in project.year_plans.all()}}
    from ..models import Step

    year = timezone.localdate().year
    return render(request, "projects/edit.html", {
        "project": project, "errors": errors, "values": values, "kinds": Kind.choices, "sectors": Sector.choices,
        "posts": CommandPost.objects.all(), "streets": Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True),
        "butlers": get_user_model().objects.filter(is_active=True, groups__name=R.BUTLER).select_related("staff"),
        "plan_fields": [(y, values.get(f"plan_{y}", "")) for y in (year, year + 1)],
        "steps": Step.objects.all() if project is None else []})


@login_required
def project_detail(request, pk):
    _require_open(request.user)
    project = get_object_or_404(Project.objects.select_related("command_post", "street", "owner", "butler__staff"),
                                pk=pk)
    th = selectors.thresholds()
    milestones = [(m, selectors.light(m, th)) for m in project.milestones.all()]
    done, planned, rate, total = selectors.invested(project)
    used, cap, finished = selectors.approval_workdays(project)
    opportunity = Opportunity.objects.filter(project=project).first()
    from yiwang.services.models import Application

    applications = Application.objects.filter(credit_code=project.owner.credit_code).select_related("item").order_by(
        "-submitted_at")[:20] if project.owner_id else []
    return render(request, "projects/detail.html", {
        "applications": applications,
        "p": project, "milestones": milestones, "light": selectors.project_light(project, th, [m for m, _l in milestones]),
        "done": done, "planned": planned, "rate": rate, "total": total, "approval": (used, cap, finished),
        "reports": project.reports.prefetch_related("photos").select_related("reported_by__staff"),
        "problems": _problems(project), "categories": Problem.Category.choices,
        "acceptances": project.acceptances.all(), "opportunity": opportunity,
        "interests": opportunity.interests.all() if opportunity else [],
        "events": _labelled(project.events.select_related("actor__staff"), workflow.PROJECT),
        "may_edit": services.may_edit(request.user), "may_report": services.may_report(request.user, project),
        "may_task": bool(R.roles_of(request.user) & task_workflow.ASSIGNERS), "today": timezone.localdate(),
        "report_due": selectors.report_due(project),
        "month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
        "units": Unit.objects.filter(is_active=True, handles_orders=True).order_by("code")})


def _problems(project):
    """Each problem with its age in days (open: until today; closed: until it was closed) and whether it
    is open past its deadline."""
    now, rows = timezone.now(), []
    for pr in project.problems.select_related("task__lead_unit"):
        task = pr.task
        end = task.closed_at if task.state == TaskState.CLOSED and task.closed_at else now
        days = (timezone.localtime(end).date() - timezone.localtime(task.created_at).date()).days
        rows.append((pr, days, task.state != TaskState.CLOSED and task.deadline is not None and task.deadline < now))
    return rows


@login_required
@require_POST
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
    if not services.may_edit(request.user):
        raise PermissionDenied(_("Your role may not change projects."))
    try:
        services.set_milestone(actor=request.user, milestone=milestone, planned_on=forms.day(request.POST.get("planned_on")),
                               actual_on=forms.day(request.POST.get("actual_on")), note=request.POST.get("note", ""),
                               version=request.POST.get("version"))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("%(name)s is updated.") % {"name": milestone.name})
    return redirect("projects:detail", pk=milestone.project_id)


@login_required
@require_POST
def report(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if not services.may_report(request.user, project):
        raise PermissionDenied(_("Only the owner, the project's butler or the office reports progress."))
    _report(request, project)
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
def problem_new(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if not R.roles_of(request.user) & task_workflow.ASSIGNERS:
        raise PermissionDenied(_("Your role may not open this page."))
    try:
        problem = services.add_problem(
            actor=request.user, project=project, category=request.POST.get("category"),
            title=request.POST.get("title"), requirement=request.POST.get("requirement"),
            lead_unit=Unit.objects.filter(pk=request.POST.get("lead_unit") or 0).first(),
            deadline=forms.day(request.POST.get("deadline")))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The problem is listed and assigned as %(number)s.") % {
            "number": problem.task.number})
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
def publish(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if not services.may_edit(request.user):
        raise PermissionDenied(_("Your role may not change projects."))
    try:
        services.publish(actor=request.user, project=project, summary=request.POST.get("summary"),
                         terms=request.POST.get("terms"), how_to_join=request.POST.get("how_to_join"),
                         contact=request.POST.get("contact"))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The opportunity is published."))
    return redirect("projects:detail", pk=project.pk)


@login_required
def project_map(request):
    _require_open(request.user)
    return render(request, "projects/map.html", {"posts": CommandPost.objects.all(), "params": request.GET})


@login_required
def map_json(request):
    """The streets of the district map and the projects on it (the list's filters apply)."""
    from django.http import JsonResponse

    from yiwang.orgs.models import DistrictMap

    _require_open(request.user)
    current = DistrictMap.objects.first()
    streets = [f for f in (current.geojson.get("features", []) if current else [])
               if f.get("properties", {}).get("kind") == Unit.Kind.STREET]
    th = selectors.thresholds()
    return JsonResponse({"geo": {"type": "FeatureCollection", "features": streets},
                         "projects": selectors.map_points(selectors.search(request.GET, th), th)})


@login_required
def milestone_list(request):
    """The milestones behind 节点逾期 and 节点临期 (each figure counts milestones, and opens them)."""
    _require_open(request.user)
    th = selectors.thresholds()
    qs = selectors.milestones(request.GET, th)
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Project milestones"), [_("Project code"), _("Project"), _("Command post"), _("Street"),
                                                _("Milestone"), _("Planned date"), _("Days past the planned date"),
                                                _("Light")], widths=(26, 30, 14, 10, 12, 12, 10, 8))
        for m in qs[:20000]:
            sheet.row([m.project.number, m.project.name, m.project.command_post.name if m.project.command_post_id else "",
                       m.project.street.name if m.project.street_id else "", m.name, m.planned_on,
                       _days_past(m, th), LIGHT_WORDS.get(selectors.light(m, th), "")])
        return xlsx_response(sheet.content(), f"milestones-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/milestones.html", {
        "page": page, "rows": [(m, selectors.light(m, th), _days_past(m, th)) for m in page.object_list],
        "query": query.urlencode(), "params": request.GET, "posts": CommandPost.objects.all(),
        "streets": Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True)})


def _days_past(milestone, th):
    if milestone.actual_on or milestone.planned_on is None or milestone.planned_on >= th.today:
        return None
    return (th.today - milestone.planned_on).days
