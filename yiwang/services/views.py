"""The service hall's and the back office's pages. Thin: read the request, call a service or a
selector, render."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang.documents.excel import stamp, xlsx_response
from yiwang.calendar import services as calendar
from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit
from yiwang.privacy.masking import mask_id_number, mask_phone
from yiwang.privacy import reveal as reveal_rule

from . import actions, bundles, catalogue, deadlines, documents, exports, intake, permissions, selectors, services, workflow
from .forms import AssistForm
from .models import Application, Bundle, BundleCase, Decision, ServiceItem, SpecialProcedure, Status

PAGE_SIZE = 30


def _staff(user):
    if not permissions.is_staff_viewer(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _intake_staff(user):
    if not permissions.can_take_applications(user):
        raise PermissionDenied(_("Your role may not open this page."))


def with_standing(apps, now=None):
    cal, now = calendar.load(), now or timezone.now()
    for a in apps:
        a.standing = deadlines.standing(a, cal, now)
        a.masked_phone = mask_phone(a.contact_phone)
    return apps


@login_required
def home(request):
    _staff(request.user)
    from yiwang import inbox

    own = selectors.inbox_section(request.user)
    return render(request, "services/home.html", {
        "queues": selectors.queue_counts(request.user),
        # The hall's page is the window's inbox: what other domains ask of them too (visits due, ...).
        "sections": [s for s in inbox.sections(request.user) if own is None or s.label != own.label],
        "can_take": permissions.can_take_applications(request.user),
        "can_monitor": permissions.can_monitor(request.user),
    })


@login_required
def pick(request):
    _intake_staff(request.user)
    query = request.GET.get("q", "")
    return render(request, "services/pick.html", {
        "query": query, "items": catalogue.search_items(query)[:50], "bundles": catalogue.published_bundles()})


def _submit(request, intake_state, make):
    applicant, form_data, materials = intake.read(request.POST, request.FILES, intake_state, window=True,
                                                  session=request.session)
    done = intake.attempt(intake_state, lambda: make(applicant, form_data, materials,
                                                      request.POST.get("assist_kind", "")))
    if done is None:
        intake.hold_files(intake_state, materials, request.session)
    return done


@login_required
def new(request, code):
    _intake_staff(request.user)
    item = get_object_or_404(ServiceItem, code=code, published=True)
    state = intake.build(request.POST, item.form_fields, intake.item_rows(item))
    if request.method == "POST":
        def make(applicant, form_data, materials, assist_kind):
            return services.create_application(
                actor=request.user, item=item, channel=Application.Channel.WINDOW, form_data=form_data,
                materials=intake.by_material_id(materials), assist_kind=assist_kind, **applicant)
        app = _submit(request, state, make)
        if app is not None:
            messages.success(request, _("Application %(n)s has been taken; now check it and decide.") % {
                "n": app.number})
            return redirect("services:detail", number=app.number)
    return render(request, "services/new.html", {"item": item, "intake": state, "window": True,
                                                 "assist": AssistForm(request.POST or None)})


@login_required
def bundle_new(request, code):
    _intake_staff(request.user)
    bundle = get_object_or_404(Bundle, code=code, published=True)
    form_fields, rows = intake.bundle_rows(bundle)
    state = intake.build(request.POST, form_fields, rows)
    if request.method == "POST":
        def make(applicant, form_data, materials, assist_kind):
            return bundles.submit(actor=request.user, bundle=bundle, channel=Application.Channel.WINDOW,
                                  applicant=applicant, form_data=form_data, materials=materials,
                                  assist_kind=assist_kind)
        case = _submit(request, state, make)
        if case is not None:
            messages.success(request, _("Bundle %(n)s has been taken as %(k)d applications.") % {
                "n": case.number, "k": case.applications.count()})
            return redirect("services:bundle_case", number=case.number)
    return render(request, "services/new.html", {"bundle": bundle, "intake": state, "window": True,
                                                 "items": bundle.items.order_by("bundleitem__position"),
                                                 "assist": AssistForm(request.POST or None)})


@login_required
def bundle_case(request, number):
    _staff(request.user)
    case = get_object_or_404(BundleCase.objects.select_related("bundle"), number=number)
    apps, finished = bundles.progress(case)
    if not permissions.visible_applications(request.user, case.applications.all()).exists():
        raise Http404
    return render(request, "services/bundle_case.html", {"case": case, "apps": with_standing(apps),
                                                         "finished": finished, "portal": False})


@login_required
def app_list(request):
    _staff(request.user)
    params = request.GET
    page = Paginator(selectors.search(request.user, params), PAGE_SIZE).get_page(params.get("page"))
    with_standing(page.object_list)
    query = params.copy()
    query.pop("page", None)
    return render(request, "services/list.html", {
        "page": page, "query": query.urlencode(), "params": params, "statuses": Status.choices,
        "channels": Application.Channel.choices,
        "queue_label": dict((c, label) for c, label, _q in selectors.queues_for(request.user)).get(params.get("queue")),
        "units": Unit.objects.filter(pk__in=ServiceItem.objects.values("unit_id")),
    })


@login_required
def app_export(request):
    _staff(request.user)
    qs = selectors.search(request.user, request.GET)[:50000]
    return xlsx_response(exports.applications_workbook(with_standing(list(qs))), f"applications-{stamp()}.xlsx")


def _visible(request, number):
    app = get_object_or_404(Application.objects.select_related(
        "item__unit", "current_step__unit", "first_contact__staff", "assisted_by__staff", "bundle_case"),
        number=number)
    if not permissions.can_see(request.user, app):
        raise Http404
    return app


def describe(events):
    statuses = dict(Status.choices)
    decisions = dict(Decision.choices)
    kinds = dict(SpecialProcedure.Kind.choices)
    rows = list(events)
    for e in rows:
        e.label = workflow.event_label(e.action)
        e.from_label, e.to_label = statuses.get(e.from_status, ""), statuses.get(e.to_status, "")
        d, parts = e.data, []
        if d.get("step"):
            parts.append(_("Step: %(s)s") % {"s": d["step"]})
        if d.get("next_step"):
            parts.append(_("Next: %(s)s") % {"s": d["next_step"]})
        if d.get("decision"):
            parts.append(str(decisions.get(d["decision"], "")))
        if d.get("kind"):
            parts.append(str(kinds.get(d["kind"], "")))
        if "workdays" in d:
            parts.append(_("%(n)s working days not counted") % {"n": d["workdays"]})
        for key, label in (("pending", _("To follow: %(v)s")), ("committed", _("Covered by the commitment: %(v)s")),
                           ("received", _("Received: %(v)s"))):
            if d.get(key):
                parts.append(label % {"v": "、".join(d[key])})
        if d.get("tracking_number"):
            parts.append(_("Tracking number: %(v)s") % {"v": d["tracking_number"]})
        if "kept" in d:
            parts.append(_("Commitment kept") if d["kept"] else _("False commitment"))
        e.summary = "；".join(parts)
    return rows


def detail_context(request, app):
    standing = deadlines.standing(app, calendar.load(), timezone.now())
    return {
        "app": app, "standing": standing,
        "materials": list(app.materials.select_related("material")),
        "steps": list(app.item.steps.select_related("unit")),
        "specials": list(app.special_procedures.all()),
        "events": describe(app.timeline()),
        "documents": [(k, documents.title(app, k)) for k in documents.available(app)],
        "form_rows": app.form_rows,
        "masked_id": mask_id_number(app.id_number), "masked_phone": mask_phone(app.contact_phone),
        "mail_phone_masked": mask_phone(app.mail_phone or app.contact_phone),
        "actions": {a.code: a for a in workflow.available(app, request.user)},
        "special_kinds": SpecialProcedure.Kind.choices, "decisions": Decision.choices,
        "today": timezone.localdate(),
        # 容缺: the materials follow within two weeks, and never after the statutory limit.
        "default_due": min(timezone.localdate() + dt.timedelta(days=14), timezone.localtime(
            calendar.load().deadline(timezone.now(), app.item.statutory_days)).date()),
    }


@login_required
def detail(request, number):
    _staff(request.user)
    app = _visible(request, number)
    ctx = detail_context(request, app)
    ctx["can_reveal"] = permissions.can_reveal(request.user)
    return render(request, "services/detail.html", ctx)


def materials_from(request, app, states):
    given = {}
    for row in app.materials.filter(state__in=states):
        f = request.FILES.get(f"file_{row.pk}")
        if f is not None or request.POST.get(f"got_{row.pk}") == "1":
            given[row.pk] = {"file": f, "received": True}
    return given


def act_and_report(request, app, code):
    """Run a posted action and tell the user how it went, as a message on the next page."""
    try:
        actions.run(app, request.user, code, request.POST,
                    materials=lambda states: materials_from(request, app, states), files=request.FILES)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACTIONS[code].label})


@login_required
@require_POST
def act(request, number, code):
    app = _visible(request, number)
    if code not in workflow.ACTIONS:
        raise Http404
    act_and_report(request, app, code)
    return redirect("services:detail", number=app.number)


def document_response(app, kind, request):
    if kind not in documents.available(app):
        raise Http404
    pdf = documents.render(app, kind, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{app.number}-{kind}.pdf"'
    return response


@login_required
def document(request, number, kind):
    _staff(request.user)
    return document_response(_visible(request, number), kind, request)


@login_required
def material_file(request, number, pk):
    _staff(request.user)
    app = _visible(request, number)
    row = get_object_or_404(app.materials, pk=pk)
    if not row.file:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.file_name or row.name)


@login_required
@require_POST
def reveal(request, number, field):
    _staff(request.user)
    app = _visible(request, number)
    return reveal_rule.respond(request, subject=f"application:{app.number}", field=field,
                               fields=("id_number", "contact_phone"), value_of=lambda f: getattr(app, f))


@login_required
def monitor(request):
    if not permissions.can_monitor(request.user):
        raise PermissionDenied(_("Your role may not open this page."))
    rows, chosen = selectors.monitor(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.applications_workbook(with_standing(list(chosen[:50000]))), f"monitor-{stamp()}.xlsx")
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    with_standing(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    labels = {"near": _("Close to the promised limit"), "past_promised": _("Past the promised limit"),
              "near_statutory": _("Close to the statutory limit"), "past_statutory": _("Past the statutory limit"),
              "to_accept": _("Awaiting acceptance"), "to_deliver": _("Results to hand out")}
    unit = request.GET.get("unit", "")
    return render(request, "services/monitor.html", {
        "rows": rows, "page": page, "params": request.GET, "query": query.urlencode(),
        "level_label": labels.get(request.GET.get("level"), ""),
        "unit_name": Unit.objects.filter(pk=unit).values_list("name", flat=True).first() if unit.isdigit() else ""})
