"""The pages of suggestion campaigns: the reviewers' campaign list, a campaign's suggestions with
their groups of near-duplicates, one suggestion and its actions; the public campaign page with its
form and the adopted suggestions published; the proposer's follow page; the hotline's way in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import case_views, forms, money, texts, throttle
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.selectors import unit_tree
from yiwang.tasks.services import active_units
from yiwang.workorders.models import WorkOrder
from yiwang.workorders.permissions import can_see as can_see_order

from . import selectors, services, workflow
from .models import Campaign, Channel, State, Suggestion

PAGE_SIZE = 30


def _require_reviewer(user):
    if not selectors.may_review(user):
        raise PermissionDenied(_("Your role may not open this page."))


@login_required
def campaigns(request):
    _require_reviewer(request.user)
    items = list(Campaign.objects.all())
    for c in items:
        c.n = c.suggestions.count()
        c.used = services.fund_used(c)
    return render(request, "suggestions/campaigns.html", {"campaigns": items, "today": timezone.localdate()})


@login_required
def campaign_new(request):
    _require_reviewer(request.user)
    errors, post = {}, request.POST
    if request.method == "POST":
        try:
            campaign = services.create_campaign(
                actor=request.user, code=post.get("code"), title=post.get("title"),
                description=post.get("description"), starts_on=forms.day(post.get("starts_on")),
                ends_on=forms.day(post.get("ends_on")), audience=post.get("audience"), award_fund=post.get("award_fund"),
                award_min=post.get("award_min"), award_max=post.get("award_max"),
                rules=post.get("rules", ""), published=post.get("published") == "1")
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("The campaign is open at its public page."))
            return redirect("suggestions:campaign", code=campaign.code)
    return render(request, "suggestions/campaign_new.html", {"errors": errors, "post": post,
                                                             "audiences": Campaign.Audience.choices})


@login_required
def campaign_detail(request, code):
    _require_reviewer(request.user)
    campaign = get_object_or_404(Campaign, code=code)
    qs = selectors.search(campaign, request.GET)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_workbook(qs[:50000]), f"suggestions-{campaign.code}-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    used = services.fund_used(campaign)
    return render(request, "suggestions/campaign.html", {
        "campaign": campaign, "page": page, "query": query.urlencode(), "params": request.GET,
        "counts": selectors.counts(campaign), "groups": selectors.groups(campaign), "states": State.choices,
        "channels": Channel.choices, "used": used, "left": campaign.award_fund - used,
        "public_url": services.public_url(f"/public/suggestions/{campaign.code}/", request)})


@login_required
@require_POST
def campaign_regroup(request, code):
    _require_reviewer(request.user)
    campaign = get_object_or_404(Campaign, code=code)
    found = services.regroup(campaign)
    messages.success(request, _("%(n)d groups of similar suggestions.") % {"n": len(found)})
    return redirect("suggestions:campaign", code=campaign.code)


def _workbook(qs):
    sheet = Sheet(_("Suggestions"), [_("Suggestion number"), _("Submitted at"), _("Title"), _("Suggestion"),
                                     _("Proposer"), _("Organisation or enterprise"), _("Phone"), _("Channel"),
                                     _("State"), _("Reason"), _("Answer to the proposer"), _("Published"),
                                     _("Award (yuan)"), _("Similar to"), _("Key task")],
                  widths=(20, 18, 30, 50, 10, 20, 14, 12, 10, 30, 40, 8, 10, 20, 20))
    for s in qs:
        sheet.row([s.number, s.created_at, s.title, s.content, s.proposer_name, s.organisation, s.phone_masked,
                   s.get_channel_display(), s.get_state_display(), s.reason, s.answer,
                   _("yes") if s.published_at else "", s.award, s.group.number if s.group_id else "",
                   s.task.number if s.task_id else ""], wrap=(3, 10))
    return sheet.content()


def _suggestion(number):
    return get_object_or_404(Suggestion.objects.select_related("campaign", "group", "task", "order"), number=number)


@login_required
def suggestion_detail(request, number):
    _require_reviewer(request.user)
    s = _suggestion(number)
    head = s.group_id or s.pk
    similar = Suggestion.objects.filter(Q(pk=head) | Q(group=head)).exclude(pk=s.pk).order_by("created_at")
    return render(request, "suggestions/detail.html", {
        "s": s, "actions": workflow.available(s, request.user), "held_back": workflow.held_back(s, request.user), "similar": similar[:20],
        "events": [(e, workflow.event_label(e.action)) for e in s.timeline()],
        "decisions": [(State.ADOPTED, State.ADOPTED.label), (State.PARTLY, State.PARTLY.label),
                      (State.NOT_ADOPTED, State.NOT_ADOPTED.label)],
        "units": unit_tree(active_units()), "left": s.campaign.award_fund - services.fund_used(s.campaign),
        "campaign_range": _range(s.campaign),
        "follow_url": services.follow_url(s, request)})


def _range(campaign):
    if campaign.award_min is None and campaign.award_max is None:
        return ""
    return _("each award %(low)s to %(high)s") % {"low": money.words(campaign.award_min or 0),
                                                  "high": money.words(campaign.award_max) if campaign.award_max else "—"}


@login_required
@require_POST
def suggestion_act(request, number, code):
    _require_reviewer(request.user)
    s = _suggestion(number)
    return case_views.act(request, table=workflow.TABLE, services=services, case=s, code=code,
                          back=reverse("suggestions:detail", args=[s.number]))



@login_required
@require_POST
def from_order(request, number):
    """The hotline's way in: an order of the type 建议 joins an open campaign."""
    R.require_any(request.user, {R.AGENT, R.DISPATCHER})
    order = get_object_or_404(WorkOrder, number=number)
    if not can_see_order(request.user, order):
        raise Http404
    campaign = Campaign.objects.filter(pk=request.POST.get("campaign") or 0).first()
    try:
        s = services.from_order(order=order, campaign=campaign, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The order is suggestion %(number)s of “%(campaign)s”.")
                         % {"number": s.number, "campaign": campaign.title})
    return redirect("workorders:detail", number=order.number)


# ---------------------------------------------------------------- public pages

def public_campaigns(request):
    today = timezone.localdate()
    items = Campaign.objects.filter(published=True, starts_on__lte=today)
    return render(request, "suggestions/public_list.html", {"campaigns": items, "today": today})


def public_campaign(request, code):
    campaign = get_object_or_404(Campaign, code=code, published=True)
    gate = throttle.Gate(request, "suggest")
    if gate.refused:
        return gate.refusal()
    errors, post = {}, request.POST
    if request.method == "POST" and not gate.captcha_passed:
        errors = {"captcha": _("The answer was wrong; try the new one.")}
    elif request.method == "POST":
        try:
            s = services.submit(campaign=campaign, title=post.get("title"), content=post.get("content"),
                                proposer_name=post.get("name"), phone=post.get("phone", ""),
                                organisation=post.get("organisation", ""),
                                consent_publish=post.get("consent") == "1", channel=Channel.WEB)
        except ValidationError as exc:
            errors = forms.errors(exc)
        else:
            request.session["suggestion"] = s.number
            return redirect("public_suggestions:done", code=campaign.code)
    published = services.adopted_published(campaign).order_by("-reviewed_at")[:50]
    return render(request, "suggestions/public_campaign.html", {
        "campaign": campaign, "open": campaign.is_open(timezone.localdate()), "errors": errors, "post": post,
        "captcha": gate.captcha_form, "published": published})


def public_done(request, code):
    number = request.session.get("suggestion")
    s = Suggestion.objects.filter(number=number, campaign__code=code).first() if number else None
    if s is None:
        return redirect("public_suggestions:campaign", code=code)
    message = None
    if s.phone:
        from yiwang.reviews.models import TextMessage

        message = texts.shown(TextMessage.objects.filter(purpose=f"suggestion:{s.number}:in").first())
    return render(request, "suggestions/public_done.html", {"s": s, "follow_url": services.follow_url(s, request),
                                                            "text": message})


def public_follow(request, number, token):
    if not services.token_matches(number, token):
        raise Http404
    s = get_object_or_404(Suggestion.objects.select_related("campaign"), number=number)
    return render(request, "suggestions/public_follow.html", {"s": s})
