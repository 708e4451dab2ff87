"""The applicants' side: the public guides, registration, applying online, answering a
correction notice, following every application and downloading its documents."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import texts, throttle
from yiwang.privacy.fields import lookup
from yiwang.privacy.masking import mask_phone

from . import accounts, bundles, catalogue, documents, intake, permissions, services, views
from .forms import RegisterForm
from .models import Application, Bundle, BundleCase, GuideVersion, ServiceItem

applicant_required = login_required(login_url=reverse_lazy("portal:login"))

PUBLIC_EVENTS = {"submit", "accept", "accept_with_pending", "accept_on_commitment", "request_correction",
                 "supply_correction", "reject", "withdraw", "decide", "start_special", "end_special",
                 "deliver", "mail", "check_commitment"}


def guides(request):
    query = request.GET.get("q", "")
    return render(request, "portal/guides.html", {
        "query": query, "items": catalogue.search_items(query),
        "bundles": catalogue.search_bundles(query) if query else catalogue.published_bundles()})


def guide(request, code, number=None):
    item = get_object_or_404(ServiceItem.objects.select_related("unit"), code=code, published=True)
    old = None
    if number is not None and number != item.version:
        old = get_object_or_404(GuideVersion, item=item, number=number).snapshot
    return render(request, "portal/guide.html", {
        "item": item, "old": old, "number": number or item.version,
        "materials": intake.item_rows(item), "steps": item.steps.select_related("unit"),
        "versions": item.versions.all()[:20], "bundles": item.bundles.filter(published=True)})


def bundle_guide(request, code):
    bundle = get_object_or_404(Bundle, code=code, published=True)
    form_fields, rows = intake.bundle_rows(bundle)
    return render(request, "portal/bundle.html", {
        "bundle": bundle, "items": bundle.items.order_by("bundleitem__position").select_related("unit"),
        "fields": form_fields, "materials": rows})


def register(request):
    """Create a portal account. It opens when the link sent by text message to the phone given
    is followed, so the phone is the applicant's; the answer never says whether the number had an
    account already (its holder is told by text instead)."""
    gate = throttle.Gate(request, "register")
    if gate.refused:
        return gate.refusal()
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        data = {k: (request.POST.get(k) or "").strip() for k in form.fields}
        clean, errors = services.validate_applicant(
            item=None, applicant_kind=data["applicant_kind"], applicant_name=data["applicant_name"],
            id_number=data["id_number"], credit_code=data["credit_code"], contact_phone=data["contact_phone"])
        if data["password1"] != data["password2"]:
            errors["password2"] = _("The two passwords differ.")
        else:
            try:
                validate_password(data["password1"])
            except ValidationError as exc:
                errors["password1"] = " ".join(exc.messages)
        if not gate.captcha_passed:
            errors["captcha"] = _("The characters in the picture were not typed right.")
        if not errors:
            text = accounts.register(clean=clean, data=data, request=request)
            return render(request, "portal/registered.html", {
                "phone": mask_phone(clean["contact_phone"]), "hours": settings.PORTAL_ACTIVATE_HOURS,
                "shown": texts.shown(text)})
        for field, text in errors.items():
            if field in form.fields:
                form.add_error(field, text)
            else:
                form.add_error(None, text)
    return render(request, "portal/register.html", {"form": form, "captcha": gate.captcha_form})


def activate(request, token):
    user = accounts.activate(token)
    if user is None:
        return render(request, "portal/activate_failed.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your account is ready. You log in with your ID-card number or credit code."))
    return redirect("portal:home")


def password_reset(request):
    """A forgotten password: the number and the account's phone; a link goes to that phone."""
    gate = throttle.Gate(request, "register")
    if gate.refused:
        return gate.refusal()
    sent, shown, error = False, None, None
    if request.method == "POST":
        if gate.captcha_passed:
            text = accounts.ask_reset(number=request.POST.get("number", ""), phone=request.POST.get("phone", ""),
                                      request=request)
            sent = True
            shown = texts.shown(text)
        else:
            error = _("The characters in the picture were not typed right.")
    return render(request, "portal/password_reset.html", {"sent": sent, "shown": shown, "error": error,
                                                          "captcha": gate.captcha_form})


def _applicant(request):
    profile = getattr(request.user, "applicant", None)
    if profile is None:
        raise Http404
    return profile


def _identity(profile):
    return {"applicant_kind": profile.kind, "applicant_name": profile.name, "id_number": profile.id_number,
            "credit_code": profile.credit_code, "legal_rep": profile.legal_rep}


@applicant_required
def home(request):
    profile = getattr(request.user, "applicant", None)
    if profile is None:
        return redirect("services:home")
    apps = Application.objects.filter(permissions.applicant_owns(request.user)).select_related("item", "bundle_case")
    return render(request, "portal/home.html", {
        "profile": profile, "apps": views.with_standing(list(apps)),
        "cases": BundleCase.objects.filter(portal_user=request.user).select_related("bundle")})


def _online_submit(request, state, make):
    profile = _applicant(request)
    applicant, form_data, materials = intake.read(request.POST, request.FILES, state, window=False,
                                                  locked_identity=_identity(profile), session=request.session)
    done = intake.attempt(state, lambda: make(applicant, form_data, materials))
    if done is None:
        intake.hold_files(state, materials, request.session)
    return done


def _locked(state):
    """On the portal the identity is the account's: shown, not editable (what is posted is ignored)."""
    for name in ("applicant_kind", "applicant_name", "id_number", "credit_code", "legal_rep"):
        state.applicant.fields[name].disabled = True
    return state


def _initial(profile):
    return {**_identity(profile), "contact_phone": profile.phone}


@applicant_required
def apply(request, code):
    profile = _applicant(request)
    item = get_object_or_404(ServiceItem, code=code, published=True)
    state = _locked(intake.build(request.POST, item.form_fields, intake.item_rows(item), initial=_initial(profile)))
    if request.method == "POST":
        app = _online_submit(request, state, lambda applicant, form_data, materials: services.create_application(
            actor=request.user, item=item, channel=Application.Channel.ONLINE, form_data=form_data,
            materials=intake.by_material_id(materials), portal_user=request.user, **applicant))
        if app is not None:
            messages.success(request, _("Application %(n)s has been submitted.") % {"n": app.number})
            return redirect("portal:application", number=app.number)
    return render(request, "portal/apply.html", {"item": item, "intake": state, "window": False,
                                                 "profile": profile})


@applicant_required
def apply_bundle(request, code):
    profile = _applicant(request)
    bundle = get_object_or_404(Bundle, code=code, published=True)
    form_fields, rows = intake.bundle_rows(bundle)
    state = _locked(intake.build(request.POST, form_fields, rows, initial=_initial(profile)))
    if request.method == "POST":
        case = _online_submit(request, state, lambda applicant, form_data, materials: bundles.submit(
            actor=request.user, bundle=bundle, channel=Application.Channel.ONLINE, applicant=applicant,
            form_data=form_data, materials=materials, portal_user=request.user))
        if case is not None:
            messages.success(request, _("Bundle %(n)s has been submitted as %(k)d applications.") % {
                "n": case.number, "k": case.applications.count()})
            return redirect("portal:bundle_case", number=case.number)
    return render(request, "portal/apply.html", {"bundle": bundle, "intake": state, "window": False,
                                                 "profile": profile,
                                                 "items": bundle.items.order_by("bundleitem__position")})


def _own(request, number):
    app = get_object_or_404(Application.objects.select_related("item__unit", "current_step", "first_contact__staff"),
                            number=number)
    if not permissions.is_applicant_of(request.user, app):
        raise Http404
    return app


@applicant_required
def application(request, number):
    app = _own(request, number)
    ctx = views.detail_context(request, app)
    ctx["events"] = [e for e in ctx["events"] if e.action in PUBLIC_EVENTS]
    return render(request, "portal/application.html", ctx)


PORTAL_ACTIONS = {"supply_correction", "supply_pending", "withdraw", "confirm_receipt"}


@applicant_required
@require_POST
def act(request, number, code):
    app = _own(request, number)
    if code not in PORTAL_ACTIONS:
        raise Http404
    views.act_and_report(request, app, code)
    return redirect("portal:application", number=app.number)


@applicant_required
def document(request, number, kind):
    return views.document_response(_own(request, number), kind, request)


@applicant_required
def bundle_case(request, number):
    case = get_object_or_404(BundleCase.objects.select_related("bundle"), number=number, portal_user=request.user)
    apps, finished = bundles.progress(case)
    return render(request, "services/bundle_case.html", {"case": case, "apps": views.with_standing(apps),
                                                         "finished": finished, "portal": True})


def find_application(number, phone, request):
    """The tracking page's finder for applications: at the window or online, by the number on
    the receipt and the contact phone given; the state and the public steps, no personal data."""
    app = Application.objects.filter(number=number, **lookup("contact_phone", phone)).select_related("item__unit").first() \
        if number and phone else None
    if app is None:
        return None
    events = [e for e in views.describe(app.events.all()) if e.action in PUBLIC_EVENTS]
    return render_to_string("portal/_tracked.html", {"app": app, "events": events}, request=request)


def follow(request, number, token):
    """What the QR code on a notice opens: the state of one application, without personal data."""
    if not documents.token_matches(number, token):
        raise Http404
    app = get_object_or_404(Application.objects.select_related("item__unit"), number=number)
    events = [e for e in views.describe(app.events.all()) if e.action in PUBLIC_EVENTS]
    return render(request, "portal/follow.html", {"app": app, "events": events})
