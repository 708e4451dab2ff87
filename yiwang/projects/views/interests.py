"""阳光发布 for staff: investors' interests, following them, revealing a phone."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import case_views
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.privacy import reveal as reveal_rule

from .. import selectors, services, workflow
from ..models import Interest
from .common import PAGE_SIZE, _labelled, _require_follower


@login_required
def interest_list(request):
    _require_follower(request.user)
    qs = Interest.objects.select_related("opportunity__project")
    if request.GET.get("state") == "open":
        qs = qs.filter(state__in=selectors.OPEN_INTERESTS)
    elif request.GET.get("state"):
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Investor interests"), [_("Number"), _("Project"), _("Investor"), _("Contact"), _("Phone"),
                                                _("State"), _("Registered at")], widths=(16, 30, 26, 10, 14, 10, 18))
        for i in qs[:20000]:
            sheet.row([i.number, i.opportunity.project.name, i.investor, i.contact_name, i.phone_masked,
                       i.get_state_display(), timezone.localtime(i.created_at)])
        return xlsx_response(sheet.content(), f"interests-{stamp()}.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/interests.html", {"page": page, "states": [
        ("open", _("To follow (new, contacted, negotiating)")), *Interest.State.choices],
                                                       "params": request.GET, "query": ""})


@login_required
def interest_detail(request, number):
    _require_follower(request.user)
    interest = get_object_or_404(Interest.objects.select_related("opportunity__project"), number=number)
    return render(request, "projects/interest.html", {
        "i": interest, "can_reveal": reveal_rule.may_reveal(request.user), "actions": workflow.INTEREST.available(interest, request.user),
        "events": _labelled(interest.timeline(), workflow.INTEREST)})


@login_required
@require_POST
def interest_reveal(request, number, field):
    """The investor's full phone, to call them back: the one reveal rule, audited."""
    _require_follower(request.user)
    interest = get_object_or_404(Interest, number=number)
    return reveal_rule.respond(request, subject=f"interest:{interest.number}", field=field, fields=("phone",),
                               value_of=lambda f: interest.phone)


@login_required
@require_POST
def interest_act(request, number, code):
    _require_follower(request.user)
    interest = get_object_or_404(Interest, number=number)
    return case_views.act(request, table=workflow.INTEREST, services=services, case=interest, code=code,
                          back=reverse("projects:interest", args=[interest.number]))
