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
    if not may_review(user):
        return None
    n = Suggestion.objects.filter(state=State.SUBMITTED).count()
    return inbox.Section(label=_("Suggestion campaigns"), entries=[inbox.Entry(
        code="suggestions-review", label=_("Suggestions to review"), count=n, url=reverse("suggestions:campaigns"))])


def find_suggestion(number, phone, request):
    """The tracking page's finder: a suggestion by its number and the phone given with it."""
    if not (number and phone and str(number).upper().startswith("JY")):
        return None
    s = Suggestion.objects.filter(number=number, **lookup("phone", phone)).select_related("campaign").first()
    if s is None:
        return None
    return render_to_string("suggestions/_tracked.html", {"s": s}, request=request)
