"""The owner's portal: the owner's projects with their milestones, investment, reports and problems;
monthly reports; applying for joint acceptance and following it to the items to fix and the opinion."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang.errors import ActionRefused

from .. import selectors, services
from ..models import Inspection
from .common import _flash, _report

portal_required = login_required(login_url=reverse_lazy("portal:login"))


def _own_projects(request):
    profile = getattr(request.user, "applicant", None)
    if not (getattr(profile, "credit_code", "") if profile else ""):
        raise PermissionDenied(_("This account is not an enterprise of the district's registry."))
    return selectors.owned_projects(request.user)


def _acceptance_of(project):
    """The project's latest joint acceptance, with the items to fix of its latest round."""
    case = project.acceptances.order_by("-applied_at").first()
    if case is None:
        return None
    last = case.inspections.order_by("-round").values_list("round", flat=True).first()
    case.to_fix = list(case.inspections.filter(round=last, result=Inspection.Result.FIX).select_related("unit"))
    return case


@portal_required
def portal_projects(request):
    projects = _own_projects(request).prefetch_related("reports", "milestones", "year_plans")
    if request.method == "POST":
        project = get_object_or_404(projects, pk=request.POST.get("project") or 0)
        _report(request, project)
        return redirect("projects_portal:home")
    th = selectors.thresholds()
    rows = []
    for p in projects:
        done, planned, rate, total = selectors.invested(p)
        acceptance = _acceptance_of(p)
        rows.append({
            "p": p, "due": selectors.report_due(p), "progress": selectors.latest_progress(p),
            "milestones": [(m, selectors.light(m, th)) for m in p.milestones.all()],
            "done": done, "planned": planned, "rate": rate, "total": total, "reports": p.reports.all()[:12],
            "problems": p.problems.select_related("task"), "acceptance": acceptance,
            # Joint acceptance follows the main works, once (the service refuses the rest in words).
            "may_apply": acceptance is None and any(m.code == "structure" and m.actual_on for m in p.milestones.all())})
    return render(request, "projects/portal.html", {
        "rows": rows, "enterprise": getattr(request.user, "applicant", None),
        "month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")})


@portal_required
@require_POST
def portal_acceptance(request, pk):
    """The owner applies for joint acceptance of its own project (the same service as the office's)."""
    project = get_object_or_404(_own_projects(request), pk=pk)
    try:
        case = services.apply_acceptance(actor=request.user, project=project, applicant=request.POST.get("applicant"),
                                         contact_phone=request.POST.get("contact_phone", ""))
    except (ValidationError, ActionRefused) as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Joint acceptance %(number)s is applied for; the opinion is due by %(due)s.") % {
            "number": case.number, "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d")})
    return redirect("projects_portal:home")
