"""The owner's portal: the owner's projects, monthly reports and joint acceptance."""
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Project
from .common import _report

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
