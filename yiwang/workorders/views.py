import os
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from yiwang import background, inbox, replica
from yiwang.documents.excel import stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.paging import CappedPaginator
from yiwang.orgs.models import Unit
from yiwang.orgs.selectors import unit_tree
from yiwang.privacy.masking import clean_phone, mask_id_number, mask_numbers_in_text, mask_phone
from yiwang.privacy.services import record_reveal
from yiwang.privacy import reveal as reveal_rule

from . import actions, deadlines, exports, importer, permissions, selectors, services, workflow
from .forms import ImportForm, IntakeForm
from .models import Category, Channel, ExportJob, ImportBatch, OrderType, Satisfaction, Status, Urgency, WorkOrder
from .signals import order_page

PAGE_SIZE = 30
CORRECTED_LABELS = {"order_type": gettext_lazy("Type"), "category": gettext_lazy("Category"), "street": gettext_lazy("Street"),
                    "community": gettext_lazy("Community"), "address": gettext_lazy("Address"), "grid": gettext_lazy("Grid")}


def _client_ip(request):
    return request.META.get("REMOTE_ADDR")


def _annotate(orders, user, clock):
    for o in orders:
        o.warning = deadlines.warning(o, clock)
        o.caller_hidden = permissions.caller_hidden(user, o)
        o.masked_phone = o.caller_phone_masked
        o.shown_title = mask_numbers_in_text(o.title)  # lists mask numbers, in the text too
    return orders


@login_required
def home(request):
    roles = R.roles_of(request.user)
    if not roles:
        if hasattr(request.user, "applicant"):
            return redirect("portal:home")
        raise PermissionDenied(_("Your account has no role yet; ask an administrator."))
    if roles == {R.AUDITOR}:  # the auditor reads the audit log, and nothing else
        return redirect("audit:entries")
    if roles in ({R.SECURITY}, {R.ADMIN}):  # the two administrators' work is in the admin
        return redirect("admin:index")
    if R.INSPECTOR in roles and not roles & (R.CENTRE_ROLES | R.UNIT_ROLES):
        return redirect("workorders:grid_report")
    if roles & {R.LEADER} and not roles - {R.LEADER}:  # a leader's day starts at the command centre
        return redirect("dashboard:home")
    if not roles & (R.CENTRE_ROLES | R.UNIT_ROLES):  # the window's day starts at the hall's page, its inbox
        return redirect("services:home")
    return render(request, "workorders/home.html", {"sections": inbox.sections(request.user)})


def _search(request):
    """The list's orders for the query string; a full-number look-up made before (find_caller)
    comes back as `phone_ref`, a key into the session, so the number is never in an address."""
    ref = request.GET.get("phone_ref")
    phone = request.session.get("phone_refs", {}).get(ref) if ref else None
    return selectors.search(request.user, request.GET, caller_phone=phone), phone


@login_required
@require_POST
def find_caller(request):
    """按完整号码查找: the orders of one full phone number. Seeing which orders a number made
    is seeing the number, so it needs the reveal permission and is audited like a reveal."""
    if not (R.is_centre(request.user) and request.user.has_perm(permissions.REVEAL_PERMISSION)):
        raise PermissionDenied(_("You may not look up full numbers."))
    try:
        phone = clean_phone(request.POST.get("phone"))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("workorders:list")
    if not phone:
        return redirect("workorders:list")
    record_reveal(user=request.user, subject="workorders:search", field="caller_phone", ip=_client_ip(request))
    refs = request.session.get("phone_refs", {})
    ref = secrets.token_urlsafe(6)
    refs = dict(list(refs.items())[-9:], **{ref: phone})
    request.session["phone_refs"] = refs
    return redirect(f"{reverse('workorders:list')}?phone_ref={ref}")


ORDER_ROLES = R.CENTRE_ROLES | R.UNIT_ROLES  # who works from the order list (not the hall, not citizens)


@login_required
def order_list(request):
    R.require_any(request.user, ORDER_ROLES)
    params = request.GET
    qs, looked_up = _search(request)
    tail = "".join(ch for ch in (params.get("phone") or "") if ch.isdigit())
    if len(tail) > selectors.PHONE_TAIL_DIGITS:
        messages.warning(request, _("The phone filter matches the last %(n)d digits; look a full number up with "
                                    "“Find by full number” (the look-up is recorded).") % {
            "n": selectors.PHONE_TAIL_DIGITS})
    page = CappedPaginator(qs, PAGE_SIZE, exact=params.get("count") == "all").get_page(params.get("page"))
    clock = deadlines.Clock.load()
    _annotate(page.object_list, request.user, clock)
    query = params.copy()
    query.pop("page", None)
    queue_label = dict((c, label) for c, label, _fn in selectors.queues_for(request.user)).get(params.get("queue"))
    may_dispatch = bool(R.roles_of(request.user) & workflow.ACTIONS["dispatch"].roles)
    return render(request, "workorders/list.html", {
        "may_dispatch": may_dispatch,
        "unit_tree": unit_tree(Unit.objects.filter(handles_orders=True, is_active=True).exclude(
            kind__in=[Unit.Kind.GRID, Unit.Kind.DISTRICT, Unit.Kind.CENTRE])) if may_dispatch else [],
        "categories": selectors.category_choices() if may_dispatch else [],
        "page": page, "query": query.urlencode(), "params": params, "queue_label": queue_label,
        "sort": selectors.sort_of(params),
        "steps": selectors.steps_listed(params, qs), "steps_kind": "returns" if params.get("returned_by") else "dispatches",
        "show_phone_filter": R.is_centre(request.user), "looked_up": mask_phone(looked_up) if looked_up else "",
        "can_find_caller": R.is_centre(request.user) and request.user.has_perm(permissions.REVEAL_PERMISSION),
        "sorts": [("received", _("Newest first")), ("deadline", _("Least time left")), ("urgency", _("Most urgent"))],
        "statuses": Status.choices, "types": OrderType.choices, "channels": Channel.choices,
        "urgencies": Urgency.choices,
        "units": Unit.objects.filter(handles_orders=True, is_active=True).exclude(kind=Unit.Kind.GRID),
        "streets": Unit.objects.filter(kind=Unit.Kind.STREET),
    })


@login_required
def order_export(request):
    """The list's orders as Excel: at once when they are few, else built in the background with a
    page that shows the progress and then the file (a full-number look-up is never exported)."""
    R.require_any(request.user, ORDER_ROLES)
    qs = _search(request)[0].select_related("lead_unit", "category__parent__parent", "street")
    with replica.reads():
        many = qs.order_by()[:settings.EXPORT_INLINE_ROWS + 1].count() > settings.EXPORT_INLINE_ROWS
        if not many:
            return xlsx_response(exports.orders_workbook(request.user, qs), f"workorders-{stamp()}.xlsx")
    query = {k: v for k, v in request.GET.dict().items() if k not in ("phone_ref", "page")}
    job = ExportJob.objects.create(owner=request.user, query=query, created_at=timezone.now())
    from .tasks import export_orders  # loads Celery only where a task is queued

    background.submit(export_orders, job.pk)
    return redirect("workorders:export_job", pk=job.pk)


def _own_job(request, pk):
    R.require_any(request.user, ORDER_ROLES)
    return get_object_or_404(ExportJob, pk=pk, owner=request.user)


@login_required
def export_job(request, pk):
    job = _own_job(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse({"state": job.state, "done": job.done, "total": job.total})
    return render(request, "workorders/export_job.html", {
        "job": job, "running": job.state in (ExportJob.State.QUEUED, ExportJob.State.RUNNING),
        "list_url": reverse("workorders:list") + "?" + urlencode(job.query)})


@login_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.state != ExportJob.State.DONE or not job.file:
        raise Http404(_("The export is not ready."))
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=os.path.basename(job.file.name))


@login_required
def order_new(request):
    if not permissions.can_take_orders(request.user):
        raise PermissionDenied(_("Your role may not open this page."))
    form = IntakeForm(request.POST or None)
    answers = services.attributes_from(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.create_order(actor=request.user, files=request.FILES.getlist("files"),
                                          attributes=answers, answers_optional=True, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Order %(n)s has been taken.") % {"n": order.number})
            if request.POST.get("then") == "new":  # 保存并新建: the next call is already ringing
                request.session["last_taken"] = order.number
                return redirect("workorders:new")
            return redirect("workorders:detail", number=order.number)
    communities = {str(pk): str(street) for pk, street in Unit.objects.filter(
        kind=Unit.Kind.COMMUNITY).values_list("pk", "parent_id")}
    category_forms = {str(pk): fields for pk, fields in Category.objects.filter(
        is_active=True).values_list("pk", "form_fields") if fields}
    return render(request, "workorders/new.html", {
        "form": form, "community_streets": communities, "category_forms": category_forms, "answers": answers,
        "categories": selectors.category_choices(), "last_taken": request.session.pop("last_taken", None),
        "may_look_up_callers": request.user.has_perm(permissions.REVEAL_PERMISSION)})


@login_required
@require_POST
def caller_lookup(request):
    """The caller's earlier orders, for the agent who has them on the line. POSTed: the full
    number never travels in an address (access logs, proxies, browser history). Which orders a
    number made tells whose number a masked one is, so the look-up is a reveal: it needs the
    permission, is recorded when it finds orders, and is limited per person (CALLER_LOOKUP_RATE),
    so that nobody walks the digits of a masked number."""
    if not (permissions.can_take_orders(request.user) and request.user.has_perm(permissions.REVEAL_PERMISSION)):
        raise PermissionDenied(_("You may not look up full numbers."))
    usage = get_usage(request, group="caller-lookup", key="user", rate=settings.CALLER_LOOKUP_RATE, method="POST",
                      increment=True)
    if usage and usage["should_limit"]:
        return JsonResponse({"orders": [], "error": _("Too many look-ups in a short time; try again later.")},
                            status=429)
    phone = request.POST.get("phone", "").strip()
    orders = selectors.earlier_orders_of_caller(phone)
    if orders:
        record_reveal(user=request.user, subject="workorders:caller", field="caller_phone", ip=_client_ip(request))
    return JsonResponse({"orders": [{
        "number": o.number, "title": o.title, "status": o.get_status_display(),
        "created_at": timezone.localtime(o.created_at).strftime("%Y-%m-%d"), "caller_name": o.caller_name,
    } for o in orders]})


def _visible_order(request, number):
    order = get_object_or_404(WorkOrder.objects.select_related(
        "lead_unit", "category__parent__parent", "street", "community", "grid", "merged_into", "created_by"),
        number=number)
    if not permissions.can_see(request.user, order):
        raise Http404
    return order


def _describe(events):
    """Timeline rows with their labels and a one-line summary of the event's data."""
    statuses = dict(Status.choices)
    satisfactions = dict(Satisfaction.choices)
    rows = list(events)
    for e in rows:
        e.label = workflow.event_label(e.action)
        e.from_label, e.to_label = statuses.get(e.from_status, ""), statuses.get(e.to_status, "")
        d, parts = e.data, []
        if d.get("lead_unit"):
            parts.append(_("Lead: %(u)s") % {"u": d["lead_unit"]})
        if d.get("co_units"):
            parts.append(_("Co-handling: %(u)s") % {"u": "、".join(d["co_units"])})
        if "workdays" in d:
            parts.append(_("%(n)s working days") % {"n": d["workdays"]})
        if "approved" in d:
            parts.append(_("Approved") if d["approved"] else _("Refused"))
        if d.get("satisfaction"):
            parts.append(str(satisfactions.get(d["satisfaction"], "")))
            if d.get("rework"):
                parts.append(_("sent back for rework"))
        if d.get("extension_ended"):
            parts.append(_("the extension of %(n)s working days granted before does not apply to the rework")
                         % {"n": d["extension_ended"]})
        if d.get("master"):
            parts.append(_("Master order: %(n)s") % {"n": d["master"]})
        if d.get("duplicate"):
            parts.append(_("Duplicate: %(n)s") % {"n": d["duplicate"]})
        if d.get("file"):
            parts.append(d["file"])
        for field, (old, new) in (d.get("changes") or {}).items():
            parts.append(_("%(field)s: %(old)s → %(new)s") % {
                "field": CORRECTED_LABELS.get(field, field), "old": old or "—", "new": new or "—"})
        if d.get("legacy") or d.get("imported"):
            parts.append(_("imported from the earlier system"))
        if d.get("located"):
            parts.append(_("placed on the map from its coordinates"))
        e.summary = "；".join(parts)
    return rows


def _kept_routing(kept):
    """A refused dispatch (someone changed the order meanwhile) comes back with its unit, co-units,
    category and note already in the form, without depending on the page's script."""
    if not kept or kept.get("code") not in ("dispatch", "redispatch"):
        return {}
    values = kept.get("values", {})

    def ids(name):
        return [int(v) for v in values.get(name, []) if str(v).isdigit()]

    return {"lead_unit": (ids("lead_unit") or [None])[0], "category": (ids("category") or [None])[0],
            "co_units": ids("co_units"), "note": (values.get("note") or [""])[0]}


@login_required
def order_detail(request, number):
    order = _visible_order(request, number)
    clock = deadlines.Clock.load()
    actions = workflow.available(order, request.user)
    codes = {a.code for a in actions}
    routing = bool(codes & {"dispatch", "redispatch"})
    panels = [html for _receiver, html in order_page.send(sender=WorkOrder, order=order, user=request.user,
                                                          actions=codes, request=request) if html]
    kept = request.session.pop("kept_action", None)
    kept = kept if kept and kept.get("number") == order.number else None
    pending_extension = order.extension_requests.filter(state="pending").select_related("unit").first() \
        if "decide_extension" in codes else None
    return render(request, "workorders/detail.html", {
        "panels": panels, "kept": kept, "kept_routing": _kept_routing(kept),
        "pending_extension": pending_extension,
        "extended_deadline": clock.cal.deadline(order.handle_started_at, order.handle_workdays + pending_extension.workdays)
        if pending_extension else None,
        "pending_suspension": order.suspension_requests.filter(state="pending").select_related("unit").first()
        if "decide_suspension" in codes else None,
        "order": order, "warning": deadlines.warning(order, clock), "stage_label": deadlines.stage_label(order),
        "handling_provisional": deadlines.handling_provisional(order, clock),
        "caller_hidden": permissions.caller_hidden(request.user, order),
        "text": permissions.readable_text(request.user, order),
        "can_reveal": permissions.can_reveal(request.user, order),
        "masked_phone": mask_phone(order.caller_phone), "masked_id": mask_id_number(order.caller_id_number),
        "actions": {a.code: a for a in actions},
        "events": _describe(order.timeline()),
        "assignments": order.assignments.select_related("unit"),
        "notices": order.notices.select_related("unit"),
        "open_notices": list(order.notices.filter(unit=R.unit_of(request.user), answered_at__isnull=True))
        if "answer_notice" in codes else [],
        "extensions": order.extension_requests.select_related("unit"),
        "attachments": order.attachments.all(),
        "duplicates": order.duplicates.all(),
        "unit_tree": unit_tree(Unit.objects.filter(handles_orders=True, is_active=True).exclude(
            kind__in=[Unit.Kind.GRID, Unit.Kind.DISTRICT, Unit.Kind.CENTRE])) if routing else [],
        "categories": selectors.category_choices() if codes & {"dispatch", "redispatch", "correct"} else [],
        "types": OrderType.choices, "streets": Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True),
        "communities": Unit.objects.filter(kind=Unit.Kind.COMMUNITY, is_active=True).select_related("parent"),
        "send_back_until": (deadlines.send_back_limit(order, clock)
                            if "send_back" in codes else None),
        "earlier": (selectors.earlier_orders_of_caller(order.caller_phone, exclude=order)
                    if R.is_centre(request.user) and order.caller_phone else []),
    })


@login_required
@require_POST
def order_act(request, number, code):
    order = _visible_order(request, number)
    if code not in workflow.ACTIONS:
        raise Http404
    try:
        actions.run(order, request.user, code, actions.params_from(request.POST))
    except ActionRefused as exc:
        messages.error(request, exc.message)
        # What was typed comes back into the form on the next page (a stale version, a refusal).
        request.session["kept_action"] = {"number": order.number, "code": code, "values": {
            k: request.POST.getlist(k) for k in request.POST if k not in ("csrfmiddlewaretoken", "version")}}
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACTIONS[code].label})
    return redirect("workorders:detail", number=order.number)


@login_required
@require_POST
def bulk_dispatch(request):
    """批量派单: the same lead unit (and category, for orders without one) for the orders ticked
    in the list; each order is dispatched on its own, so one refusal stops no other."""
    R.require_any(request.user, workflow.ACTIONS["dispatch"].roles)  # before anything is read
    numbers = request.POST.getlist("orders")[:200]
    done, refused = [], []
    fields = {"lead_unit": request.POST.get("lead_unit"), "category": request.POST.get("category"),
              "note": request.POST.get("note", ""), "co_units": request.POST.getlist("co_units")}
    for order in permissions.visible_orders(request.user).filter(number__in=numbers):
        code = "redispatch" if order.status == Status.RETURNED else "dispatch"
        try:
            actions.run(order, request.user, code, dict(fields, version=request.POST.get(f"version_{order.number}")))
        except ActionRefused as exc:
            refused.append(f"{order.number}：{exc.message}")
        else:
            done.append(order.number)
    if done:
        messages.success(request, _("Dispatched %(n)d orders.") % {"n": len(done)})
    for line in refused:
        messages.error(request, line)
    if not numbers:
        messages.error(request, _("Tick the orders to dispatch."))
    return redirect(request.POST.get("next") or reverse("workorders:list"))


@login_required
def order_print(request, number):
    """工单打印: the order on one sheet for the file (派单单, 回访记录); numbers stay masked."""
    order = _visible_order(request, number)
    return render(request, "workorders/print.html", {
        "order": order, "caller_hidden": permissions.caller_hidden(request.user, order),
        "text": permissions.readable_text(request.user, order),
        "masked_phone": mask_phone(order.caller_phone), "masked_id": mask_id_number(order.caller_id_number),
        "events": _describe(order.timeline()),
        "assignments": order.assignments.select_related("unit"), "callbacks": order.callbacks.all(),
        "printed_at": timezone.now(), "stage_label": deadlines.stage_label(order),
        "provisional": deadlines.provisional(order, deadlines.Clock.load()),
    })


@login_required
@require_POST
def order_attach(request, number):
    order = _visible_order(request, number)
    try:
        stored = services.add_attachments(order=order, actor=request.user, files=request.FILES.getlist("files"))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d files attached.") % {"n": len(stored)})
    return redirect("workorders:detail", number=order.number)


@login_required
def attachment_download(request, number, pk):
    order = _visible_order(request, number)
    att = get_object_or_404(order.attachments, pk=pk)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


@login_required
@require_POST
def reveal(request, number, field):
    order = _visible_order(request, number)
    return reveal_rule.respond(request, subject=f"workorder:{order.number}", field=field,
                               fields=("caller_phone", "caller_id_number"), value_of=lambda f: getattr(order, f),
                               hidden=permissions.caller_hidden(request.user, order))


@login_required
def order_import(request):
    R.require_any(request.user, {R.DISPATCHER})
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = importer.start_batch(name=upload.name, content=upload.read(), actor=request.user,
                                         source_system=form.cleaned_data["source_system"])
        except ActionRefused as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("workorders:import_batch", pk=batch.pk)
    return render(request, "workorders/import.html", {
        "form": form, "batches": ImportBatch.objects.select_related("uploaded_by__staff")[:20],
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024), "max_rows": settings.IMPORT_MAX_ROWS})


def _batch(request, pk):
    R.require_any(request.user, {R.DISPATCHER})
    return get_object_or_404(ImportBatch, pk=pk)


@login_required
def import_batch(request, pk):
    """One upload's progress and report: the errors first, every row by its number and 外部编号."""
    batch = _batch(request, pk)
    rows = batch.report
    if request.GET.get("show") != "all":
        rows = [r for r in rows if r["outcome"] == "error"]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.import_report_workbook(batch), f"import-{batch.pk}-{stamp()}.xlsx")
    return render(request, "workorders/import_batch.html", {
        "batch": batch, "rows": rows, "show_all": request.GET.get("show") == "all",
        "running": batch.state in (ImportBatch.State.QUEUED, ImportBatch.State.RUNNING)})


@login_required
@require_POST
def import_undo(request, pk):
    batch = _batch(request, pk)
    try:
        removed, kept = importer.undo_batch(batch=batch, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import was undone: %(n)d orders removed.") % {"n": removed})
        if kept:
            messages.warning(request, _("Kept because they were worked on since: %(list)s") % {"list": "、".join(kept)})
    return redirect("workorders:import_batch", pk=batch.pk)


@login_required
def import_template(request):
    R.require_any(request.user, {R.DISPATCHER})
    return xlsx_response(exports.import_template_workbook(), "workorders-import-template.xlsx")
