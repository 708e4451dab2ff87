from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import case_views, throttle
from yiwang.documents.excel import stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.privacy import reveal as reveal_rule
from yiwang.privacy.masking import mask_phone
from yiwang.services.models import Application

from . import exports, selectors, services, workflow
from .models import INDICATORS, Level, RatingChannel, Rectification, State

PAGE_SIZE = 30


def _require_staff(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


@login_required
def case_list(request):
    _require_staff(request.user)
    qs = selectors.search_cases(request.user, request.GET)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.cases_workbook(qs[:50000]), f"rectifications-{stamp()}.xlsx")
    page, query = _page(request, qs)
    for case in page.object_list:
        case.masked_phone = mask_phone(case.reporter_phone)
    return render(request, "reviews/list.html", {
        "page": page, "query": query, "params": request.GET, "queues": selectors.queue_counts(request.user, request.GET.get("unit")),
        "states": State.choices, "sources": Rectification.Source.choices, "now": timezone.now(),
        "units": Unit.objects.filter(is_active=True, handles_orders=True).exclude(kind=Unit.Kind.GRID),
    })


def _visible_case(request, number):
    case = get_object_or_404(Rectification.objects.select_related("unit", "rating__order", "rating__application"),
                             number=number)
    if not selectors.visible_cases(request.user, Rectification.objects.filter(pk=case.pk)).exists():
        raise Http404
    return case


@login_required
def case_detail(request, number):
    _require_staff(request.user)
    case = _visible_case(request, number)
    events = [(e, workflow.event_label(e.action)) for e in case.timeline()]
    return render(request, "reviews/detail.html", {
        "case": case, "events": events, "actions": workflow.available(case, request.user), "held_back": workflow.held_back(case, request.user),
        "masked_phone": mask_phone(case.reporter_phone), "can_reveal": reveal_rule.may_reveal(request.user),
        "states": State, "rater_url": services.case_url(case, request),
        "appeal_deadline": services.appeal_deadline(case),
    })


@login_required
@require_POST
def case_act(request, number, code):
    _require_staff(request.user)
    case = _visible_case(request, number)
    return case_views.act(request, table=workflow.TABLE, services=services, case=case, code=code,
                          back=reverse("reviews:detail", args=[case.number]))



@login_required
@require_POST
def case_reveal(request, number):
    case = _visible_case(request, number)
    return reveal_rule.respond(request, subject=f"rectification:{case.number}", field="reporter_phone",
                               fields=("reporter_phone",), value_of=lambda f: case.reporter_phone)


@login_required
def rating_list(request):
    _require_staff(request.user)
    qs = selectors.search_ratings(request.user, request.GET)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.ratings_workbook(qs[:50000]), f"ratings-{stamp()}.xlsx")
    page, query = _page(request, qs)
    for rating in page.object_list:
        rating.masked_phone = mask_phone(rating.rater_phone)
    return render(request, "reviews/ratings.html", {
        "page": page, "query": query, "params": request.GET, "levels": Level.choices,
        "channels": RatingChannel.choices,
        "units": Unit.objects.filter(is_active=True, handles_orders=True).exclude(kind=Unit.Kind.GRID),
    })


# ---------------------------------------------------------------- rating pages

def _rate_form(request, case, channel, template_extra, gate=None):
    """The one rating form, for the public link and the hall's pad alike (the public link behind
    a rate limit and, after a few posts, a captcha)."""
    rating = getattr(case, "rating", None) if case is not None else None
    indicator_set = services.indicator_set_for(case, channel)
    error = None
    if request.method == "POST" and gate is not None and not gate.captcha_passed:
        error = _("The answer was wrong; try the new one.")
    elif request.method == "POST":
        try:
            if rating is not None:
                services.supplement(rating=rating, text=request.POST.get("supplement"))
            else:
                rating = services.rate(
                    case=case, level=request.POST.get("level"), channel=channel,
                    indicators={code: request.POST.get(f"ind_{code}") for code, _l in INDICATORS.get(indicator_set, [])},
                    comment=request.POST.get("comment", ""), rater_name=request.POST.get("name", ""),
                    rater_phone=request.POST.get("phone", ""))
            return None, rating
        except ActionRefused as exc:
            error = exc.message
    return render(request, "reviews/rate.html", {
        "case": case, "rating": rating, "levels": Level.choices, "error": error, "post": request.POST,
        "indicators": INDICATORS.get(indicator_set, []), "scores": range(5, 0, -1),
        "refusal": None if rating else services.rating_refusal(case),
        "captcha": gate.captcha_form if gate else None,
        "case_link": services.case_url(rating.rectification, request)
        if rating is not None and not template_extra.get("pad") and hasattr(rating, "rectification") else None,
        **template_extra,
    }), rating


def rate(request, kind, number, token):
    """The citizen's rating page, reached by a receipt's QR code, a text message or the portal."""
    if not services.token_matches(f"{kind}:{number}", token):
        raise Http404
    gate = throttle.Gate(request, "rate")
    if gate.refused:
        return gate.refusal()
    case = services.case_by_kind(kind, number)
    if case is None:
        raise Http404
    channel = request.GET.get("via")
    if channel not in (RatingChannel.QR, RatingChannel.SMS, RatingChannel.PORTAL):
        channel = RatingChannel.PORTAL
    response, rating = _rate_form(request, case, channel, {"action": request.get_full_path()}, gate)
    if response is None:
        return redirect(request.get_full_path())
    return response


@login_required
def pad(request, number):
    """The hall's rating pad (一次一评): the clerk opens it for a finished application and hands
    the pad to the applicant."""
    R.require_any(request.user, R.HALL_ROLES)
    case = get_object_or_404(Application, number=number)
    staff = getattr(request.user, "staff", None)
    clerk = " · ".join(filter(None, [staff.display_name if staff else request.user.username,
                                     staff.unit.name if staff and staff.unit else ""]))
    response, rating = _rate_form(request, case, RatingChannel.PAD, {"action": request.path, "pad": True,
                                                                      "clerk": clerk})
    if response is None:
        return redirect("reviews:pad", number=number)
    return response


def fault(request):
    """找茬: report a bad service experience; it opens a rectification case."""
    gate = throttle.Gate(request, "fault")
    if gate.refused:
        return gate.refusal()
    units = Unit.objects.filter(is_active=True, handles_orders=True).exclude(kind=Unit.Kind.GRID).order_by("code")
    errors, case = {}, None
    if request.method == "POST" and not gate.captcha_passed:
        errors = {"captcha": _("The answer was wrong; try the new one.")}
    elif request.method == "POST":
        try:
            case = services.report_fault(
                unit=units.filter(pk=request.POST.get("unit") or 0).first(),
                description=request.POST.get("description"), place=request.POST.get("place", ""),
                name=request.POST.get("name", ""), phone=request.POST.get("phone", ""))
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
        else:
            request.session["fault_case"] = case.number
            return redirect("rate:fault_done")
    return render(request, "reviews/fault.html", {"units": units, "errors": errors, "post": request.POST,
                                                  "captcha": gate.captcha_form})


def fault_done(request):
    number = request.session.get("fault_case")
    case = Rectification.objects.filter(number=number).first() if number else None
    if case is None:
        return redirect("rate:fault")
    return render(request, "reviews/fault_done.html", {"case": case, "case_url": services.case_url(case, request)})


def public_case(request, number, token):
    """The rater's own page of a rectification case: progress, feedback and the appeal."""
    if not services.token_matches(f"r:{number}", token):
        raise Http404
    case = get_object_or_404(Rectification, number=number)
    gate = throttle.Gate(request, "appeal")
    if gate.refused:
        return gate.refusal()
    error = None
    if request.method == "POST" and not gate.captcha_passed:
        error = _("The answer was wrong; try the new one.")
    elif request.method == "POST":
        try:
            services.appeal(case=case, text=request.POST.get("appeal"))
        except ActionRefused as exc:
            error = exc.message
        else:
            return redirect(request.path)
    return render(request, "reviews/public_case.html", {
        "case": case, "error": error, "captcha": gate.captcha_form, "appeal_refusal": services.appeal_refusal(case),
        "steps": [(e.at, workflow.event_label(e.action)) for e in case.events.all()],
    })
