"""Claims from review to payment, the materials, the butler's claim for an enterprise, the payout ledger."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import case_views, forms
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.enterprises.models import Enterprise
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R

from .. import selectors, services, workflow
from ..models import Article, Claim
from .common import PAGE_SIZE, _require_open


@login_required
def claim_list(request):
    _require_open(request.user)
    qs = selectors.search_claims(request.user, request.GET)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_claims_workbook(qs[:50000]), f"claims-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "policies/claims.html", {
        "page": page, "query": query.urlencode(), "params": request.GET,
        "states": Claim.State.choices + [("granted", _("Granted, to be paid (any step)")),
                                         ("asked", _("Asked, awaiting review (any step)"))],
        "channels": Claim.Channel.choices})


def _claims_workbook(qs):
    sheet = Sheet(_("Payout ledger"), [_("Claim number"), _("Enterprise"), _("Unified social credit code"),
                                       _("Street"), _("Policy"), _("Article"), _("Year"), _("Channel"), _("State"),
                                       _("Amount asked (yuan)"), _("Amount granted (yuan)"), _("Paid at"),
                                       _("Payment voucher")], widths=(20, 26, 22, 10, 22, 24, 6, 12, 10, 12, 12, 18, 16))
    for c in qs:
        sheet.row([c.number, c.enterprise.name, c.enterprise.credit_code,
                   c.enterprise.street.name if c.enterprise.street_id else "", c.article.document.number,
                   f"第{c.article.seq}条 {c.article.title}", c.year, c.get_channel_display(), c.get_state_display(),
                   c.requested, c.amount, c.paid_at, c.voucher])
    return sheet.content()


def _visible_claim(request, number):
    claim = selectors.visible_claims(request.user).filter(number=number).first()
    if claim is None:
        raise Http404
    return claim


@login_required
def claim_file(request, number, pk):
    """A material the enterprise uploaded, for whoever may see the claim (the reviewer above all)."""
    _require_open(request.user)
    claim = _visible_claim(request, number)
    upload = get_object_or_404(claim.files, pk=pk)
    return FileResponse(upload.file.open("rb"), as_attachment=False, filename=upload.name)


@login_required
def claim_detail(request, number):
    _require_open(request.user)
    claim = _visible_claim(request, number)
    return render(request, "policies/claim.html", {
        "today": timezone.localdate(), "budget": selectors.budget_of(claim.article.document, claim.year),
        "c": claim, "actions": workflow.available(claim, request.user), "held_back": workflow.held_back(claim, request.user), "files": claim.files.all(),
        "objections": claim.objections.all(), "open_objections": claim.objections.filter(state="open"),
        "events": [(e, workflow.event_label(e.action)) for e in claim.timeline()]})


@login_required
@require_POST
def claim_act(request, number, code):
    _require_open(request.user)
    claim = _visible_claim(request, number)
    return case_views.act(request, table=workflow.TABLE, services=services, case=claim, code=code,
                          back=reverse("policies:claim", args=[claim.number]))



@login_required
@require_POST
def butler_apply(request, credit_code, pk):
    """The enterprise's butler applies on its behalf, from the enterprise's page."""
    enterprise = get_object_or_404(Enterprise, credit_code=credit_code)
    if not (R.roles_of(request.user) & {R.BUTLER}):
        raise PermissionDenied(_("Your role may not open this page."))
    article = get_object_or_404(Article, pk=pk)
    try:
        claim = services.submit_claim(actor=request.user, enterprise=enterprise, article=article,
                                      requested=request.POST.get("requested"), statement=request.POST.get("statement", ""),
                                      files=request.FILES.getlist("files"), channel=Claim.Channel.BUTLER)
    except ValidationError as exc:
        messages.error(request, "；".join(forms.errors(exc).values()))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Claim %(number)s is submitted.") % {"number": claim.number})
    return redirect("enterprises:detail", credit_code=enterprise.credit_code)


@login_required
def ledger(request):
    """兑现台账: what the policies cost and delivered, by policy, issuing unit and street."""
    _require_open(request.user)
    qs = selectors.visible_claims(request.user)
    if (request.GET.get("year") or "").isdigit():
        qs = qs.filter(year=request.GET["year"])
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Payout ledger totals"), [_("By"), _("Name"), _("Paid (yuan)"), _("Paid claims"),
                                                  _("Granted, to be paid (yuan)"), _("Granted claims"),
                                                  _("Asked, awaiting review (yuan)"), _("Claims awaiting review")],
                      heading=_("Year %(year)s") % {"year": request.GET["year"]} if request.GET.get("year") else "")
        for by, label in (("document", _("Policy")), ("unit", _("Issuing unit")), ("street", _("Street"))):
            rows = selectors.totals(qs, by)
            for r in rows + [selectors.total_row(rows)]:
                sheet.row([str(label), r["name"], r["paid"], r["paid_n"], r["granted"], r["granted_n"], r["asked"],
                           r["asked_n"]])
        return xlsx_response(sheet.content(), f"ledger-{stamp()}.xlsx")
    tables = {by: selectors.totals(qs, by) for by in ("document", "unit", "street")}
    years = sorted(set(selectors.visible_claims(request.user).values_list("year", flat=True)), reverse=True)
    return render(request, "policies/ledger.html", {
        "by_document": tables["document"], "by_unit": tables["unit"], "by_street": tables["street"],
        "total": selectors.total_row(tables["document"]), "years": years, "params": request.GET})
