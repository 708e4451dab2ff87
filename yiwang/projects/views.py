"""The pages of major projects: the list with its lights and Excel, a project's page (milestones,
investment and progress, problems, joint acceptance, its publication and investors), command posts
with their timeline, joint acceptances and interests (staff); the published opportunities and
projects, interest registration and the opinion's verification (public); the owner's reports
(portal)."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yiwang import forms, throttle
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.enterprises.models import Enterprise
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.tasks import workflow as task_workflow

from . import documents, oc4ids, selectors, services, workflow
from .models import (Acceptance, CommandPost, Inspection, Interest, Kind, Milestone, Opportunity, Problem, Project,
                     Sector, Status)

PAGE_SIZE = 30


def _require_open(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _require_follower(user):
    if not selectors.may_follow(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _labelled(events, table):
    return [(e, table.event_label(e.action)) for e in events]


def _flash(request, exc):
    if isinstance(exc, ValidationError):
        for message in (m for ms in exc.message_dict.values() for m in ms):
            messages.error(request, message)
    else:
        messages.error(request, exc.message)


# ---------------------------------------------------------------- the list

@login_required
def project_list(request):
    _require_open(request.user)
    th = selectors.thresholds()
    qs = selectors.search(request.GET, th)
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


# ---------------------------------------------------------------- one project

def _form_data(post):
    get = post.get
    owner = Enterprise.objects.filter(credit_code=(get("owner") or "").strip().upper()).first() if get("owner") else None
    data = {f: get(f) for f in ("code", "name", "kind", "sector", "address", "latitude", "longitude", "total_investment",
                                "scope", "leader", "version")}
    data["owner"] = owner
    data["street"] = Unit.objects.filter(pk=get("street") or 0, kind=Unit.Kind.STREET).first()
    data["command_post"] = CommandPost.objects.filter(pk=get("command_post") or 0).first()
    data["butler"] = get_user_model().objects.filter(pk=get("butler") or 0, is_active=True).first()
    year = timezone.localdate().year
    data["year_plans"] = {y: get(f"plan_{y}") for y in (year, year + 1) if get(f"plan_{y}")}
    return data, owner


@login_required
def project_edit(request, pk=None):
    if not services.may_edit(request.user):
        raise PermissionDenied(_("Your role may not open this page."))
    project = get_object_or_404(Project, pk=pk) if pk else None
    errors, values = {}, request.POST if request.method == "POST" else {}
    if request.method == "POST":
        data, owner = _form_data(request.POST)
        if request.POST.get("owner") and owner is None:
            errors["owner"] = _("No enterprise in the registry has the credit code %(code)s.") % {
                "code": request.POST["owner"]}
        else:
            try:
                planned = {m: forms.day(request.POST.get(f"planned_{m}")) for m in request.POST.getlist("step")}
                project = services.save_project(actor=request.user, data=data, project=project, planned=planned)
            except ValidationError as exc:
                errors = forms.errors(exc)
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
    from .models import Step

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
        "problems": project.problems.select_related("task__lead_unit"), "categories": Problem.Category.choices,
        "acceptances": project.acceptances.all(), "opportunity": opportunity,
        "interests": opportunity.interests.all() if opportunity else [],
        "events": _labelled(project.events.select_related("actor__staff"), workflow.PROJECT),
        "may_edit": services.may_edit(request.user), "may_report": services.may_report(request.user, project),
        "may_task": bool(R.roles_of(request.user) & task_workflow.ASSIGNERS), "today": timezone.localdate(),
        "report_due": selectors.report_due(project),
        "month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
        "units": Unit.objects.filter(is_active=True, handles_orders=True).order_by("code")})


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


def _report(request, project):
    try:
        services.report_progress(actor=request.user, project=project, month=forms.day((request.POST.get("month") or "")
                                                                                   + "-01"),
                                 invested=request.POST.get("invested"), progress=request.POST.get("progress"),
                                 text=request.POST.get("text"), photos=request.FILES.getlist("photos"))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
        return False
    messages.success(request, _("The month's progress is reported."))
    return True


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


# ---------------------------------------------------------------- command posts

@login_required
def post_list(request):
    _require_open(request.user)
    errors = {}
    if request.method == "POST":
        try:
            post = services.create_command_post(
                actor=request.user, name=request.POST.get("name"), leader=request.POST.get("leader"),
                units=Unit.objects.filter(pk__in=[u for u in request.POST.getlist("units") if u.isdigit()]),
                description=request.POST.get("description", ""))
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            raise PermissionDenied(exc.message) from None
        else:
            return redirect("projects:post", pk=post.pk)
    th = selectors.thresholds()
    posts = [(p, p.projects.count(), p.projects.filter(selectors.lagging_q(th)).count())
             for p in CommandPost.objects.prefetch_related("units")]
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Command posts"), [_("Command post"), _("Leader in charge"), _("Member units"), _("Projects"),
                                           _("Overdue milestones")], widths=(24, 12, 50, 8, 10))
        for post, n, late in posts:
            sheet.row([post.name, post.leader, "、".join(u.name for u in post.units.all()), n, late])
        return xlsx_response(sheet.content(), f"command-posts-{stamp()}.xlsx")
    return render(request, "projects/posts.html", {
        "posts": posts, "errors": errors, "post": request.POST,
        "may_set": bool(R.roles_of(request.user) & {R.SUPERVISOR, R.LEADER}),
        "units": Unit.objects.filter(is_active=True, handles_orders=True).order_by("code")})


@login_required
def post_detail(request, pk):
    _require_open(request.user)
    from yiwang.tasks.models import Meeting

    post = get_object_or_404(CommandPost.objects.prefetch_related("units"), pk=pk)
    th = selectors.thresholds()
    return render(request, "projects/post.html", {
        "post": post, "timeline": selectors.timeline(post, th),
        "totals": selectors.totals(post.projects.all(), "command_post"),
        "meetings": Meeting.objects.filter(command_post=post.name).order_by("-held_on")[:20]})


# ---------------------------------------------------------------- 联合验收

@login_required
def acceptance_list(request):
    qs = selectors.visible_acceptances(request.user)
    if not (selectors.may_open(request.user)):
        raise PermissionDenied(_("Your role may not open this page."))
    if request.GET.get("mine") == "1" and R.unit_of(request.user):
        qs = qs.filter(inspections__unit=R.unit_of(request.user), inspections__result="pending").distinct()
    if request.GET.get("state"):
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Joint acceptance"), [_("Number"), _("Project"), _("State"), _("Applied at"), _("Opinion due"),
                                              _("Working days used"), _("Limit (working days)")],
                      widths=(16, 30, 14, 18, 18, 10, 10))
        for a in qs.select_related("project")[:20000]:
            sheet.row([a.number, a.project.name, a.get_state_display(), timezone.localtime(a.applied_at),
                       timezone.localtime(a.due_at), services.workdays_used(a), a.limit_workdays])
        return xlsx_response(sheet.content(), f"acceptances-{stamp()}.xlsx")
    rows = [(a, services.workdays_used(a)) for a in qs.select_related("project")[:200]]
    return render(request, "projects/acceptances.html", {"rows": rows, "states": Acceptance.State.choices,
                                                         "params": request.GET})


def _acceptance(request, number):
    case = selectors.visible_acceptances(request.user).filter(number=number).first()
    if case is None:
        raise Http404
    return case


@login_required
def acceptance_detail(request, number):
    case = _acceptance(request, number)
    rounds = {}
    for line in case.inspections.select_related("unit", "inspected_by__staff"):
        rounds.setdefault(line.round, []).append(line)
    return render(request, "projects/acceptance.html", {
        "a": case, "rounds": sorted(rounds.items()), "used": services.workdays_used(case),
        "actions": [a for a in workflow.ACCEPTANCE.available(case, request.user)],
        "events": _labelled(case.events.select_related("actor__staff"), workflow.ACCEPTANCE),
        "results": [(Inspection.Result.PASS, _("Passed")), (Inspection.Result.FIX, _("Items to fix"))],
        "user_unit_inspects": not (R.roles_of(request.user) - R.UNIT_ROLES),
        "today": timezone.localdate()})


@login_required
@require_POST
def acceptance_apply(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if not (services.may_edit(request.user) or services.may_report(request.user, project)):
        raise PermissionDenied(_("Only the owner, the project's butler or the office applies."))
    try:
        case = services.apply_acceptance(actor=request.user, project=project, applicant=request.POST.get("applicant"),
                                         contact_phone=request.POST.get("contact_phone", ""))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
        return redirect("projects:detail", pk=project.pk)
    messages.success(request, _("Joint acceptance %(number)s is applied for; the opinion is due by %(due)s.") % {
        "number": case.number, "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d")})
    return redirect("projects:acceptance", number=case.number)


@login_required
@require_POST
def acceptance_act(request, number, code):
    case = _acceptance(request, number)
    p, version = request.POST, request.POST.get("version")
    try:
        if code == "guide":
            services.guide(acceptance=case, actor=request.user, text=p.get("text"), version=version)
        elif code == "schedule":
            services.schedule(acceptance=case, actor=request.user, day=forms.day(p.get("day")), version=version)
        elif code == "record":
            unit = Unit.objects.filter(pk=p.get("unit") or 0).first()
            services.record_result(acceptance=case, actor=request.user, result=p.get("result"), items=p.get("items"),
                                   version=version, unit=unit)
        elif code == "issue":
            services.issue_opinion(acceptance=case, actor=request.user, text=p.get("text"), version=version)
        else:
            raise Http404
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACCEPTANCE.actions[code].label})
    return redirect("projects:acceptance", number=case.number)


def opinion_pdf(request, number):
    case = get_object_or_404(Acceptance, number=number, state=Acceptance.State.ISSUED)
    if not (request.user.is_authenticated and selectors.visible_acceptances(request.user).filter(pk=case.pk).exists()
            or services.may_report(request.user, case.project)):
        raise Http404
    return HttpResponse(documents.opinion_pdf(case, request), content_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{case.number}.pdf"'})


# ---------------------------------------------------------------- 阳光发布: staff

@login_required
def interest_list(request):
    _require_follower(request.user)
    qs = Interest.objects.select_related("opportunity__project")
    if request.GET.get("state"):
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Investor interests"), [_("Number"), _("Project"), _("Investor"), _("Contact"), _("Phone"),
                                                _("State"), _("Registered at")], widths=(16, 30, 26, 10, 14, 10, 18))
        for i in qs[:20000]:
            sheet.row([i.number, i.opportunity.project.name, i.investor, i.contact_name, i.phone_masked,
                       i.get_state_display(), timezone.localtime(i.created_at)])
        return xlsx_response(sheet.content(), f"interests-{stamp()}.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/interests.html", {"page": page, "states": Interest.State.choices,
                                                       "params": request.GET, "query": ""})


@login_required
def interest_detail(request, number):
    _require_follower(request.user)
    interest = get_object_or_404(Interest.objects.select_related("opportunity__project"), number=number)
    return render(request, "projects/interest.html", {
        "i": interest, "actions": workflow.INTEREST.available(interest, request.user),
        "events": _labelled(interest.events.select_related("actor__staff"), workflow.INTEREST)})


@login_required
@require_POST
def interest_act(request, number, code):
    _require_follower(request.user)
    interest = get_object_or_404(Interest, number=number)
    if code not in workflow.INTEREST.actions:
        raise Http404
    try:
        services.follow_interest(interest=interest, actor=request.user, code=code, note=request.POST.get("note", ""),
                                 version=request.POST.get("version"))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.INTEREST.actions[code].label})
    return redirect("projects:interest", number=interest.number)


# ---------------------------------------------------------------- public

def public_list(request):
    opportunities = Opportunity.objects.filter(published_at__isnull=False, closed=False).select_related(
        "project__street")
    projects = Project.objects.filter(public=True).select_related("street", "owner").prefetch_related("milestones")
    return render(request, "projects/public_list.html", {
        "opportunities": opportunities, "projects": [(p, selectors.latest_progress(p)) for p in projects],
        "total": sum((o.project.total_investment for o in opportunities), 0)})


def public_detail(request, pk):
    project = get_object_or_404(Project.objects.select_related("street", "owner"), pk=pk)
    opportunity = Opportunity.objects.filter(project=project, published_at__isnull=False).first()
    if not project.public and opportunity is None:
        raise Http404
    gate = throttle.Gate(request, "default")
    if gate.refused:
        return gate.refusal()
    errors, post = {}, request.POST
    if request.method == "POST":
        if opportunity is None or opportunity.closed:
            raise Http404
        if not gate.captcha_passed:
            errors = {"captcha": _("The answer was wrong; try the new one.")}
        else:
            try:
                interest = services.register_interest(
                    opportunity=opportunity, investor=post.get("investor"), contact_name=post.get("contact_name"),
                    phone=post.get("phone"), credit_code=post.get("credit_code", ""), message=post.get("message", ""))
            except ValidationError as exc:
                errors = forms.errors(exc)
            except ActionRefused as exc:
                errors = {"__all__": exc.message}
            else:
                messages.success(request, _("Your interest is registered as %(number)s; the district will contact "
                                            "you.") % {"number": interest.number})
                return redirect("public_projects:detail", pk=project.pk)
    th = selectors.thresholds()
    return render(request, "projects/public_detail.html", {
        "p": project, "opportunity": opportunity, "errors": errors, "post": post, "captcha": gate.captcha_form,
        "milestones": [(m, selectors.light(m, th)) for m in project.milestones.all()] if project.public else [],
        "reports": project.reports.prefetch_related("photos")[:12] if project.public else [],
        "progress": selectors.latest_progress(project)})


def public_photo(request, pk):
    from .models import Photo

    photo = get_object_or_404(Photo.objects.select_related("report__project"), pk=pk)
    project = photo.report.project
    if not (project.public or (request.user.is_authenticated and selectors.may_open(request.user))
            or services.may_report(request.user, project)):
        raise Http404
    from django.http import FileResponse

    return FileResponse(photo.file.open("rb"), filename=photo.name)


def verify(request, number):
    """The QR code on a joint opinion opens this: the opinion as issued, to check a paper copy."""
    case = get_object_or_404(Acceptance.objects.select_related("project"), number=number,
                             state=Acceptance.State.ISSUED)
    return render(request, "projects/verify.html", {"a": case})


def oc4ids_json(request):
    from django.http import JsonResponse

    return JsonResponse(oc4ids.package(request.build_absolute_uri("/")), json_dumps_params={"ensure_ascii": False})


# ---------------------------------------------------------------- the owner's portal

portal_required = login_required(login_url=reverse_lazy("portal:login"))


@portal_required
def portal_projects(request):
    profile = getattr(request.user, "applicant", None)
    code = getattr(profile, "credit_code", "") if profile else ""
    if not code:
        raise PermissionDenied(_("This account is not an enterprise of the district's registry."))
    projects = Project.objects.filter(owner__credit_code=code).prefetch_related("reports", "milestones")
    if request.method == "POST":
        project = get_object_or_404(projects, pk=request.POST.get("project") or 0)
        _report(request, project)
        return redirect("projects_portal:home")
    th = selectors.thresholds()
    return render(request, "projects/portal.html", {
        "rows": [(p, selectors.report_due(p), selectors.latest_progress(p),
                  [(m, selectors.light(m, th)) for m in p.milestones.all()]) for p in projects],
        "month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")})
