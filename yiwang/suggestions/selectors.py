"""Reads of campaigns and suggestions: who may review, the lists and counts, the inbox, and the
tracking page's finder."""
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from yiwang import inbox
from yiwang.orgs import roles as R
from yiwang.privacy.fields import lookup

from . import workflow
from .models import ADOPTED_STATES, State, Suggestion


def may_review(user):
    return bool(R.roles_of(user) & workflow.REVIEWERS)


def can_see(user, suggestion):
    return may_review(user)


def search(campaign, params):
    qs = campaign.suggestions.select_related("group", "task")
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(content__icontains=q) | Q(number__icontains=q)
                       | Q(proposer_name__icontains=q) | Q(organisation__icontains=q))
    if params.get("state") in State.values:
        qs = qs.filter(state=params["state"])
    if params.get("state") == "adopted_any":
        qs = qs.filter(state__in=ADOPTED_STATES)
    if params.get("channel"):
        qs = qs.filter(channel=params["channel"])
    if params.get("grouped") == "1":
        qs = qs.filter(Q(group__isnull=False) | Q(pk__in=Suggestion.objects.filter(
            campaign=campaign, group__isnull=False).values("group")))
    if (params.get("group") or "").isdigit():
        qs = qs.filter(Q(pk=params["group"]) | Q(group=params["group"]))
    if params.get("published") == "1":
        qs = qs.filter(published_at__isnull=False)
    if params.get("award_proposed") == "1":
        qs = qs.filter(award_proposed__isnull=False)
    if params.get("awarded") == "1":
        qs = qs.filter(award__isnull=False)
    return qs.order_by("-created_at", "-id")


def counts(campaign):
    rows = dict(campaign.suggestions.values_list("state").annotate(n=Count("pk")))
    return [(code, label, rows.get(code, 0)) for code, label in State.choices]


def groups(campaign, limit=20):
    """The biggest groups of near-duplicates: [(first suggestion, size)]."""
    sizes = (campaign.suggestions.filter(group__isnull=False).values("group").annotate(n=Count("pk"))
             .order_by("-n")[:limit])
    heads = {s.pk: s for s in Suggestion.objects.filter(pk__in=[r["group"] for r in sizes])}
    return [(heads[r["group"]], r["n"] + 1) for r in sizes if r["group"] in heads]


def inbox_section(user):
    """Per campaign, the suggestions waiting for a review and the awards waiting for a second reviewer;
    each count opens that campaign's list filtered to exactly those suggestions."""
    if not may_review(user):
        return None
    rows = (Suggestion.objects.values("campaign__code", "campaign__title")
            .annotate(waiting=Count("pk", filter=Q(state=State.SUBMITTED)),
                      awards=Count("pk", filter=Q(award_proposed__isnull=False)))
            .filter(Q(waiting__gt=0) | Q(awards__gt=0)).order_by("campaign__code"))
    entries = []
    for r in rows:
        url = reverse("suggestions:campaign", args=[r["campaign__code"]])
        if r["waiting"]:
            entries.append(inbox.Entry(
                code=f"suggestions-review-{r['campaign__code']}", count=r["waiting"], url=f"{url}?state={State.SUBMITTED}",
                label=_("%(campaign)s: suggestions to review") % {"campaign": r["campaign__title"]}))
        if r["awards"]:
            entries.append(inbox.Entry(
                code=f"suggestions-award-{r['campaign__code']}", count=r["awards"], url=f"{url}?award_proposed=1",
                label=_("%(campaign)s: awards to confirm") % {"campaign": r["campaign__title"]}))
    return inbox.Section(label=_("Suggestion campaigns"), entries=entries)


def find_suggestion(number, phone, request):
    """The tracking page's finder: a suggestion by its number and the phone given with it."""
    if not (number and phone and str(number).upper().startswith("JY")):
        return None
    s = Suggestion.objects.filter(number=number, **lookup("phone", phone)).select_related("campaign").first()
    if s is None:
        return None
    return render_to_string("suggestions/_tracked.html", {"s": s}, request=request)
