"""The enterprise's own page on the portal: its policies, claims, questions, ratings and problems."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from yiwang import forms
from yiwang.enterprises import selectors as enterprise_selectors
from yiwang.enterprises.models import Enterprise
from yiwang.errors import ActionRefused

from .. import selectors, services
from ..models import Article, Question, Session

portal_required = login_required(login_url=reverse_lazy("portal:login"))


def _own_enterprise(request):
    profile = getattr(request.user, "applicant", None)
    code = getattr(profile, "credit_code", "") if profile else ""
    enterprise = Enterprise.objects.filter(credit_code=code).first() if code else None
    if enterprise is None:
        raise PermissionDenied(_("This account is not an enterprise of the district's registry."))
    return enterprise


@portal_required
def portal_home(request):
    enterprise = _own_enterprise(request)
    today = timezone.localdate()
    return render(request, "policies/portal.html", {
        "e": enterprise, **dict(zip(("articles", "others"), selectors.split(selectors.articles_for(enterprise)))),
        "claims": enterprise.claims.select_related("article__document").order_by("-created_at"),
        "sessions": Session.objects.filter(open_until__gte=today).select_related("document"),
        "questions": enterprise.questions.select_related("session", "unit"), "ratings": Question.Rating.choices,
        "problems": enterprise_selectors.problems_for_portal(enterprise, request)})


@portal_required
@require_POST
def portal_apply(request, pk):
    enterprise = _own_enterprise(request)
    article = get_object_or_404(Article, pk=pk)
    try:
        claim = services.submit_claim(actor=request.user, enterprise=enterprise, article=article,
                                      requested=request.POST.get("requested"),
                                      statement=request.POST.get("statement", ""), files=request.FILES.getlist("files"))
    except ValidationError as exc:
        messages.error(request, "；".join(forms.errors(exc).values()))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Claim %(number)s is submitted.") % {"number": claim.number})
    return redirect("policies_portal:home")


@portal_required
@require_POST
def portal_ask(request, pk):
    enterprise = _own_enterprise(request)
    session = get_object_or_404(Session, pk=pk)
    try:
        services.ask(session=session, enterprise=enterprise, text=request.POST.get("text"))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your question is sent; the answer will be public."))
    return redirect("policies_portal:home")


@portal_required
@require_POST
def portal_rate(request, pk):
    enterprise = _own_enterprise(request)
    question = get_object_or_404(Question, pk=pk)
    delivered = {"yes": True, "no": False}.get(request.POST.get("delivered"))
    try:
        services.rate_answer(question=question, enterprise=enterprise, rating=request.POST.get("rating"),
                             delivered=delivered)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("policies_portal:home")


@portal_required
@require_POST
def portal_problem(request):
    """An enterprise raises a problem: it enters the 12345 loop, followed by its butler."""
    from yiwang.enterprises import services as enterprise_services

    enterprise = _own_enterprise(request)
    usage = get_usage(request, group="portal-problem", key="user", rate=settings.PORTAL_PROBLEM_RATE, method="POST",
                      increment=True)
    if usage and usage["should_limit"]:
        return render(request, "throttled.html", status=429)
    try:
        order = enterprise_services.raise_problem(enterprise=enterprise, text=request.POST.get("text"),
                                                  actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(forms.errors(exc).values()))
    else:
        messages.success(request, _("Your problem is number %(number)s; follow it below, under what you raised.") % {
            "number": order.number})
    return redirect("policies_portal:home")
