"""联合验收: the list, one acceptance, applying, the steps and the opinion's PDF."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from yiwang import case_views
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.privacy import reveal as reveal_rule

from .. import documents, selectors, services, workflow
from ..models import Acceptance, Inspection, Project
from .common import PAGE_SIZE, _flash, _labelled


@login_required
def acceptance_list(request):
    qs = selectors.visible_acceptances(request.user)
    if not (selectors.may_open(request.user)):
        raise PermissionDenied(_("Your role may not open this page."))
    if request.GET.get("mine") == "1" and R.unit_of(request.user):
        qs = qs.filter(inspections__unit=R.unit_of(request.user), inspections__result="pending").distinct()
    if request.GET.get("state") == "open":
        qs = qs.exclude(state=Acceptance.State.ISSUED)
    elif request.GET.get("state"):
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Joint acceptance"), [_("Number"), _("Project"), _("State"), _("Applied at"), _("Opinion due"),
                                              _("Working days used"), _("Limit (working days)")],
                      widths=(16, 30, 14, 18, 18, 10, 10))
        for a in qs.select_related("project")[:20000]:
            sheet.row([a.number, a.project.name, a.get_state_display(), timezone.localtime(a.applied_at),
                       timezone.localtime(a.due_at), services.workdays_used(a), a.limit_workdays])
        return xlsx_response(sheet.content(), f"acceptances-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs.select_related("project"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, services.workdays_used(a)) for a in page.object_list]
    return render(request, "projects/acceptances.html", {"rows": rows, "page": page, "query": query.urlencode(),
                                                         "states": [
        ("open", _("Under way (every state before the opinion)")), *Acceptance.State.choices],
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
        "not_yet": workflow.inspection_not_reached(case, request.user)
        if case.state in (Acceptance.State.SCHEDULED, Acceptance.State.PASSED) else None,
        "a": case, "can_reveal": reveal_rule.may_reveal(request.user), "rounds": sorted(rounds.items()), "used": services.workdays_used(case),
        "actions": [a for a in workflow.ACCEPTANCE.available(case, request.user)],
        "events": _labelled(case.timeline(), workflow.ACCEPTANCE),
        "results": [(Inspection.Result.PASS, _("Passed")), (Inspection.Result.FIX, pgettext("inspection result", "Items to fix"))],
        "user_unit_inspects": not (R.roles_of(request.user) - R.UNIT_ROLES),
        "today": timezone.localdate()})


@login_required
@require_POST
def acceptance_reveal(request, number, field):
    """The applicant's full phone: the one reveal rule, audited."""
    case = _acceptance(request, number)
    return reveal_rule.respond(request, subject=f"acceptance:{case.number}", field=field, fields=("contact_phone",),
                               value_of=lambda f: case.contact_phone)


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
    return case_views.act(request, table=workflow.ACCEPTANCE, services=services, case=case, code=code,
                          back=reverse("projects:acceptance", args=[case.number]))



def opinion_pdf(request, number):
    case = get_object_or_404(Acceptance, number=number, state=Acceptance.State.ISSUED)
    if not (request.user.is_authenticated and selectors.visible_acceptances(request.user).filter(pk=case.pk).exists()
            or services.may_report(request.user, case.project)):
        raise Http404
    return HttpResponse(documents.opinion_pdf(case, request), content_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{case.number}.pdf"'})
