"""The enterprise registry's pages: the list with its filters and Excel, one enterprise's page with
everything about it, adding or correcting one, the import, assigning officials, recording a visit
with its problems, and the coverage of visits by official and by unit."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from yiwang import forms
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.tasks import workflow as task_workflow

from . import importing, industries, selectors, services
from .models import Enterprise, EnterpriseImport, ImportSource, Label, Problem, Rate
from .signals import enterprise_page

PAGE_SIZE = 30


def _require_open(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _require_edit(user):
    if not selectors.may_edit(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _streets():
    return Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True).order_by("code")


@login_required
def enterprise_list(request):
    _require_open(request.user)
    params = request.GET.copy()
    params["_user"] = request.user
    qs = selectors.search(params)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_workbook(qs[:100000]), f"enterprises-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    due = {a.enterprise_id for a in services.visits_due(official=request.user)}
    for e in page.object_list:
        e.visit_due = e.pk in due
    return render(request, "enterprises/list.html", {
        "page": page, "query": query.urlencode(), "params": request.GET, "sections": industries.sections(),
        "sizes": industries.SIZES, "streets": _streets(), "labels": Label.objects.all(),
        "may_edit": selectors.may_edit(request.user), "due": len(due)})


def _workbook(qs):
    sheet = Sheet(_("Enterprises"), [
        _("Unified social credit code"), _("Name"), _("Legal representative"), _("Industry"), _("Size"),
        _("Above designated size"), _("Staff"), _("Revenue (10,000 yuan)"), _("Total assets (10,000 yuan)"),
        _("Registered capital (10,000 yuan)"), _("Founded on"), _("Street"), _("Park"), _("Contact"),
        _("Contact phone")], widths=(22, 26, 10, 26, 6, 6, 8, 12, 12, 12, 12, 10, 12, 8, 14))
    for e in qs:
        sheet.row([e.credit_code, e.name, e.legal_rep, f"{e.industry} {industries.name_of(e.industry)}",
                   e.get_size_display(), _("yes") if e.above_scale else "", e.staff, e.revenue, e.assets,
                   e.registered_capital, e.founded_on, e.street.name if e.street_id else "", e.park, e.contact_name,
                   e.contact_phone_masked])
    return sheet.content()


@login_required
def enterprise_detail(request, credit_code):
    _require_open(request.user)
    enterprise = get_object_or_404(Enterprise.objects.select_related("street", "butler__staff"),
                                   credit_code=credit_code)
    panels = [html for _r, html in enterprise_page.send(sender=Enterprise, enterprise=enterprise,
                                                        user=request.user, request=request) if html]
    officials = get_user_model().objects.filter(is_active=True, staff__isnull=False, groups__name__in=[
        R.BUTLER, R.UNIT_STAFF, R.UNIT_HEAD, R.SUPERVISOR, R.LEADER]).distinct().select_related("staff")
    return render(request, "enterprises/detail.html", {
        "e": enterprise, "panels": panels, **selectors.joined(enterprise, request.user),
        "industry_name": industries.name_of(enterprise.industry), "may_edit": selectors.may_edit(request.user),
        "may_assign": bool(R.roles_of(request.user) & task_workflow.ASSIGNERS),
        "may_task": bool(R.roles_of(request.user) & task_workflow.ASSIGNERS), "rates": Rate.choices,
        "officials": officials, "routes": Problem.Route.choices, "today": timezone.localdate(),
        "butlers": get_user_model().objects.filter(is_active=True, groups__name=R.BUTLER).select_related("staff")})


FIELDS = services.FIELDS


@login_required
def enterprise_edit(request, credit_code=None):
    """Add an enterprise, or correct one. Adding a credit code the registry holds is refused with a
    link to that enterprise: it never overwrites what the office keeps."""
    _require_edit(request.user)
    enterprise = get_object_or_404(Enterprise, credit_code=credit_code) if credit_code else None
    errors, existing = {}, None
    if request.method == "POST":
        data = {f: request.POST.get(f, "") for f in FIELDS}
        data["street"] = Unit.objects.filter(pk=request.POST.get("street") or 0, kind=Unit.Kind.STREET).first()
        try:
            if enterprise is None:
                enterprise = services.add(actor=request.user, data=data)
            else:
                services.update(actor=request.user, enterprise=enterprise, data=data)
        except services.Exists as exc:
            errors, existing = {"__all__": exc.message}, exc.enterprise
        except ValidationError as exc:
            errors = {k: "；".join(v) for k, v in exc.message_dict.items()}
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("%(name)s is saved: %(size)s.") % {
                "name": enterprise.name, "size": _size_words(enterprise)})
            return redirect("enterprises:detail", credit_code=enterprise.credit_code)
        values = request.POST
    else:
        values = {f: getattr(enterprise, f, "") for f in FIELDS} if enterprise else {}
        if enterprise is not None:
            values["street"] = enterprise.street_id
            values["founded_on"] = enterprise.founded_on.isoformat() if enterprise.founded_on else ""
    return render(request, "enterprises/edit.html", {
        "e": enterprise, "errors": errors, "values": values, "divisions": industries.division_choices(),
        "streets": _streets(), "existing": existing})


def _size_words(enterprise):
    if enterprise.size == industries.UNCLASSIFIED:
        return _("size not classified (no %(figures)s recorded)") % {
            "figures": "、".join(str(f) for f in enterprise.size_missing)}
    return _("%(size)s enterprise") % {"size": enterprise.get_size_display()}


@login_required
def enterprise_import(request):
    """Upload a department's file: it is read and shown as the changes it would make; nothing is
    saved until the preview is confirmed."""
    _require_edit(request.user)
    sources = ImportSource.objects.all()
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            source = (importing.source_for(request.POST.get("new_code"), request.POST.get("new_name"))
                      if request.POST.get("source") == "new" else get_object_or_404(ImportSource,
                                                                                  code=request.POST.get("source")))
            batch = importing.upload(actor=request.user, name=upload.name if upload else "",
                                     content=upload.read() if upload else b"", source=source)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            return redirect("enterprises:import_preview", pk=batch.pk)
    return render(request, "enterprises/import.html", {
        "sources": sources, "recent": EnterpriseImport.objects.select_related("source", "uploaded_by__staff")[:10]})


def _batch(request, pk):
    _require_edit(request.user)
    return get_object_or_404(EnterpriseImport.objects.select_related("source"), pk=pk)


@login_required
def import_preview(request, pk):
    """What the file would change, row by row (old → new), or, once confirmed, what it did."""
    batch = _batch(request, pk)
    columns = importing.resolve(batch.headings, batch.source)
    ignored = [h for i, h in enumerate(batch.headings) if i not in columns and h]
    if batch.state == EnterpriseImport.State.APPLIED:
        rows, counts = batch.result["rows"], batch.result["counts"]
    else:
        planned = importing.plan(batch)
        counts = importing.summary(planned)
        rows = [{"line": p.line, "credit_code": p.credit_code, "name": p.name, "outcome": p.outcome,
                 "changes": [[c.label, c.old, c.new] for c in p.changes], "problems": p.problems,
                 "errors": p.errors} for p in planned]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_import_report(batch, rows), f"import-{batch.pk}-{stamp()}.xlsx")
    if request.GET.get("all") != "1":
        shown = [r for r in rows if r["outcome"] != "same" or r["problems"]]
    else:
        shown = rows
    return render(request, "enterprises/import_preview.html", {
        "batch": batch, "rows": shown, "counts": counts, "mapped": [(batch.headings[i], importing.FIELDS[f])
                                                                    for i, f in sorted(columns.items())],
        "ignored": ignored, "all": request.GET.get("all") == "1", "hidden": len(rows) - len(shown)})


def _import_report(batch, rows):
    """Every row of an import (previewed or done) as Excel: what it would change or changed, and why
    a row or a cell was refused, to correct the file with."""
    outcome = {"new": _("new"), "update": _("changed"), "same": _("no change"), "error": _("refused")}
    sheet = Sheet(_("Import"), [_("Row"), _("Credit code"), _("Name"), _("Import result"), _("Changes (old → new)"),
                               pgettext("an import row", "Problems")], widths=(8, 22, 30, 12, 60, 60),
                  heading=f"{batch.file_name} · {batch.source.name} · {batch.get_state_display()}")
    for r in rows:
        changes = "\n".join(f"{label}: {old or '—'} → {new}" for label, old, new in r.get("changes", []))
        problems = "\n".join([*r.get("errors", []), *(f"{f}: {m}" for f, m in r.get("problems", []))])
        sheet.row([r["line"], r.get("credit_code") or "", r.get("name", ""), outcome.get(r["outcome"], r["outcome"]),
                   changes, problems], wrap=(5, 6))
    return sheet.content()


@login_required
def import_mapping(request, pk):
    """Say which field each heading of this source's files is; kept for the source's next file."""
    batch = _batch(request, pk)
    if batch.state != EnterpriseImport.State.PREVIEWED:
        return redirect("enterprises:import_preview", pk=batch.pk)
    if request.method == "POST":
        mapping = {importing.heading_key(h): request.POST.get(f"col_{i}", "")
                   for i, h in enumerate(batch.headings) if h}
        mapping = {k: (v if v in importing.FIELDS else "") for k, v in mapping.items()}
        try:
            again = importing.remap(actor=request.user, batch=batch, mapping=mapping)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The columns of %(source)s are kept for its next files.") % {
                "source": batch.source.name})
            return redirect("enterprises:import_preview", pk=again.pk)
    columns = importing.resolve(batch.headings, batch.source)
    return render(request, "enterprises/import_mapping.html", {
        "batch": batch, "fields": list(importing.FIELDS.items()),
        "headings": [(i, h, columns.get(i, "")) for i, h in enumerate(batch.headings) if h]})


@login_required
@require_POST
def import_apply(request, pk):
    batch = _batch(request, pk)
    if request.POST.get("discard"):
        importing.discard(actor=request.user, batch=batch)
        messages.info(request, _("The import was discarded; nothing changed."))
        return redirect("enterprises:import")
    try:
        planned = importing.apply(actor=request.user, batch=batch)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(new)d added, %(update)d updated, %(same)d unchanged, %(error)d refused.")
                         % importing.summary(planned))
    return redirect("enterprises:import_preview", pk=batch.pk)


@login_required
def import_template(request):
    _require_edit(request.user)
    return xlsx_response(importing.template(), "enterprises-template.xlsx")


@login_required
@require_POST
def enterprise_assign(request, credit_code):
    enterprise = get_object_or_404(Enterprise, credit_code=credit_code)
    if not (R.roles_of(request.user) & task_workflow.ASSIGNERS):
        raise PermissionDenied(_("Your role may not open this page."))
    official = get_user_model().objects.filter(pk=request.POST.get("official") or 0, is_active=True).first()
    try:
        if official is None:
            raise ActionRefused("missing", _("Choose the official."))
        services.assign(actor=request.user, official=official, enterprise=enterprise, rate=request.POST.get("rate"))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Assigned."))
    return redirect("enterprises:detail", credit_code=enterprise.credit_code)


@login_required
@require_POST
def enterprise_butler(request, credit_code):
    enterprise = get_object_or_404(Enterprise, credit_code=credit_code)
    if not (R.roles_of(request.user) & task_workflow.ASSIGNERS):
        raise PermissionDenied(_("Your role may not open this page."))
    chosen = request.POST.get("butler") or ""
    butler = get_user_model().objects.filter(pk=chosen, is_active=True).first() if chosen.isdigit() else None
    try:
        if chosen and butler is None:
            raise ActionRefused("missing", _("Choose the butler."))
        services.appoint_butler(actor=request.user, enterprise=enterprise, butler=butler)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The butler is appointed.") if butler else _("The enterprise has no butler now."))
    return redirect("enterprises:detail", credit_code=enterprise.credit_code)


@login_required
@require_POST
def visit_new(request, credit_code):
    """A visit and its problems, recorded from the enterprise's page by the official who went."""
    _require_open(request.user)
    enterprise = get_object_or_404(Enterprise, credit_code=credit_code)
    problems = [{"text": t, "route": r} for t, r in zip(request.POST.getlist("problem_text"),
                                                         request.POST.getlist("problem_route"))]
    try:
        visit = services.record_visit(actor=request.user, enterprise=enterprise,
                                      visited_on=forms.day(request.POST.get("visited_on")),
                                      content=request.POST.get("content"), people=request.POST.get("people", ""),
                                      problems=problems)
    except ValidationError as exc:
        for message in (m for ms in exc.message_dict.values() for m in ms):
            messages.error(request, message)
    else:
        made = [p.order.number if p.order_id else p.task.number for p in visit.problems.all()]
        messages.success(request, _("The visit is recorded.") + (
            _(" Its problems are followed as %(numbers)s.") % {"numbers": "、".join(made)} if made else ""))
    return redirect("enterprises:detail", credit_code=enterprise.credit_code)


@login_required
def visit_list(request):
    _require_open(request.user)
    qs = selectors.visible_visits(request.user).prefetch_related("problems__order", "problems__task")
    first, last = forms.day(request.GET.get("from")), forms.day(request.GET.get("to"))
    if first:
        qs = qs.filter(visited_on__gte=first)
    if last:
        qs = qs.filter(visited_on__lte=last)
    if request.GET.get("q"):
        qs = qs.filter(enterprise__name__icontains=request.GET["q"])
    if request.GET.get("butler") == "1":
        qs = qs.filter(enterprise__butler=request.user)
    if request.GET.get("open") == "1":
        qs = qs.filter(pk__in=Problem.objects.filter(selectors.OPEN_PROBLEM).values("visit_id"))
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Visits"), [_("Visited on"), _("Enterprise"), _("Official"), _("Who took part"),
                                    _("What was discussed"), _("Problems"), _("Followed as")],
                      widths=(12, 26, 12, 20, 40, 40, 30))
        for v in qs[:50000]:
            problems = list(v.problems.all())
            sheet.row([v.visited_on, v.enterprise.name, v.official.staff.display_name if hasattr(v.official, "staff")
                       else v.official.get_username(), v.people, v.content, "；".join(p.text for p in problems),
                       "；".join(f"{p.order.number if p.order_id else p.task.number} {p.state_label}" for p in problems)],
                      wrap=(4, 5))
        return xlsx_response(sheet.content(), f"visits-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enterprises/visits.html", {"page": page, "query": query.urlencode(),
                                                       "params": request.GET,
                                                       "is_butler": R.BUTLER in R.roles_of(request.user)})


@login_required
def coverage(request):
    """Visits against assignments for a period, by official or by unit, with the problems closed."""
    if not (R.roles_of(request.user) & task_workflow.ASSIGNERS):
        raise PermissionDenied(_("Your role may not open this page."))
    today = timezone.localdate()
    first, nxt = services.period(Rate.QUARTERLY, today)
    first = forms.day(request.GET.get("from")) or first
    last = forms.day(request.GET.get("to")) or nxt - dt.timedelta(days=1)
    by = "unit" if request.GET.get("by") == "unit" else "official"
    rows = selectors.coverage(first, last, by=by)
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Visit coverage"), [_("Official") if by == "official" else _("Unit"), _("Assigned"),
                                            _("Visited"), _("Coverage (%)"), pgettext("count", "Visits"), _("Problems raised"),
                                            _("Problems closed"), _("Closure (%)")],
                      heading=f"{first} – {last}")
        for r in rows:
            sheet.row([r["name"], r["assigned"], r["visited"], r["coverage"], r["visits"], r["problems"], r["closed"],
                       r["closure"]])
        return xlsx_response(sheet.content(), f"visit-coverage-{stamp()}.xlsx")
    return render(request, "enterprises/coverage.html", {"rows": rows, "first": first, "last": last, "by": by,
                                                         "due": services.visits_due(today)})
