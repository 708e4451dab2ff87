"""The pages of deputies' suggestions and CPPCC proposals: the list, registering one, one and its
actions, and the yearly handling report by unit."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import case_views
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.orgs import roles as R
from yiwang.orgs.selectors import unit_tree
from yiwang.tasks.services import active_units

from . import selectors, services, workflow
from .models import Kind, Proposal, Rating, State

PAGE_SIZE = 30


def _require_open(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _int(value):
    return int(value) if str(value or "").strip().isdigit() else None


@login_required
def proposal_list(request):
    _require_open(request.user)
    qs = selectors.search(request.user, request.GET)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_workbook(qs[:20000]), f"proposals-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "proposals/list.html", {
        "page": page, "query": query.urlencode(), "params": request.GET, "queues": selectors.queue_counts(request.user),
        "kinds": Kind.choices, "states": State.choices, "ratings": Rating.choices, "now": timezone.now(),
        "may_register": bool(R.roles_of(request.user) & workflow.OFFICE),
        "years": sorted(set(Proposal.objects.values_list("year", flat=True)), reverse=True)})


def _workbook(qs):
    sheet = Sheet(_("Deputies' suggestions and CPPCC proposals"), [
        _("Number"), _("Kind"), _("Title"), _("Proposers"), _("Received on"), _("Lead unit"), _("State"),
        _("Answer by"), _("Answered at"), _("Answered in time"), _("The proposer's rating"), _("Handled again")],
        widths=(12, 14, 40, 20, 12, 18, 12, 18, 18, 8, 10, 8))
    for p in qs:
        sheet.row([p.number, p.get_kind_display(), p.title, p.proposers, p.received_on,
                   p.lead_unit.name if p.lead_unit else "", p.get_state_display(), p.due, p.answered_at,
                   "" if p.answered_on_time is None else (_("yes") if p.answered_on_time else _("no")),
                   p.get_rating_display(), p.rework_count])
    return sheet.content()


@login_required
def proposal_new(request):
    if not (R.roles_of(request.user) & workflow.OFFICE):
        raise PermissionDenied(_("Your role may not open this page."))
    errors, post = {}, request.POST
    if request.method == "POST":
        try:
            day = dt.date.fromisoformat(post.get("received_on", "")) if post.get("received_on") else None
        except ValueError:
            day = None
        try:
            p = services.register(actor=request.user, kind=post.get("kind"), year=_int(post.get("year")),
                                  serial=_int(post.get("serial")), title=post.get("title"),
                                  content=post.get("content"), proposers=post.get("proposers"), received_on=day)
        except ValidationError as exc:
            errors = {k: "；".join(v) for k, v in exc.message_dict.items()}
        else:
            messages.success(request, _("%(number)s is registered.") % {"number": p.number})
            return redirect("proposals:detail", number=p.number)
    return render(request, "proposals/new.html", {"errors": errors, "post": post, "kinds": Kind.choices,
                                                  "year": timezone.localdate().year})


def _visible(request, number):
    try:
        kind = {"RD": Kind.DEPUTY, "ZX": Kind.CPPCC}[number[:2]]
        year, serial = int(number[2:6]), int(number[7:])
    except (KeyError, ValueError):
        raise Http404 from None
    p = get_object_or_404(Proposal.objects.select_related("lead_unit"), kind=kind, year=year, serial=serial)
    if not selectors.can_see(request.user, p):
        raise Http404
    return p


@login_required
def proposal_detail(request, number):
    _require_open(request.user)
    p = _visible(request, number)
    return render(request, "proposals/detail.html", {
        "p": p, "actions": workflow.available(p, request.user), "co_units": list(p.co_units.all()),
        "opinions": p.opinions.select_related("unit", "author__staff"), "ratings": Rating.choices,
        "events": [(e, workflow.event_label(e.action)) for e in p.events.select_related("actor__staff", "actor_unit")],
        "units": unit_tree(active_units()), "overdue": p.state == State.HANDLING and p.due and p.due < timezone.now()})


@login_required
@require_POST
def proposal_act(request, number, code):
    _require_open(request.user)
    p = _visible(request, number)
    return case_views.act(request, table=workflow.TABLE, services=services, case=p, code=code,
                          back=reverse("proposals:detail", args=[p.number]))



@login_required
def report(request):
    """The yearly handling report by lead unit, on the page and in Excel."""
    if not (R.roles_of(request.user) & selectors.FOLLOWERS):
        raise PermissionDenied(_("Your role may not open this page."))
    year = _int(request.GET.get("year")) or timezone.localdate().year
    rows = services.yearly_report(year)
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Handling report"), [_("Lead unit"), _("Assigned"), _("Answered"), _("Answered in time"),
                                             _("Satisfied"), _("Basically satisfied"), _("Unsatisfied"),
                                             _("Handled again"), _("Still open")],
                      heading=_("Deputies' suggestions and CPPCC proposals of %(year)s by unit") % {"year": year})
        for r in rows:
            sheet.row([r["name"], r["assigned"], r["answered"], r["on_time"], r["satisfied"], r["basic"],
                       r["unsatisfied"], r["reworked"], r["open"]])
        return xlsx_response(sheet.content(), f"proposals-{year}-report.xlsx")
    return render(request, "proposals/report.html", {"rows": rows, "year": year,
                                                     "years": sorted(set(Proposal.objects.values_list("year", flat=True)),
                                                                     reverse=True)})
