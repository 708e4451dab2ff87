"""Suggestion campaigns and their suggestions: submitted by partners, reviewed, awarded, followed up."""
import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja import Status as Answer
from ninja.pagination import paginate
from pydantic import StrictBool

from yiwang.suggestions import selectors as suggestion_selectors
from yiwang.suggestions import services as suggestion_services
from yiwang.suggestions import workflow as suggestion_workflow
from yiwang.suggestions.models import Campaign, Channel, Suggestion
from yiwang.suggestions.models import State as SuggestionState

from ..base import NOT_BLANK, BodyCount, BodyId, Day, In, Mapped, OptionalPhone, Page, Yuan, require_scope
from ..errors import ApiError
from . import router
from .common import _unit


class CampaignOut(Schema):
    code: str
    title: str
    description: str
    audience: str
    starts_on: dt.date
    ends_on: dt.date
    award_fund: Decimal
    open: bool


def campaign_out(c):
    return {"code": c.code, "title": c.title, "description": c.description, "audience": c.audience,
            "starts_on": c.starts_on, "ends_on": c.ends_on, "award_fund": c.award_fund,
            "open": c.is_open(dt.date.today())}


@router.get("/campaigns", response=list[CampaignOut], summary="Suggestion campaigns")
@paginate(Page)
def list_campaigns(request):
    """The published campaigns; `open` says which take suggestions today."""
    return Mapped(Campaign.objects.filter(published=True), campaign_out)


class SuggestionOut(Schema):
    number: str
    campaign: str
    title: str
    content: str
    proposer_name: str
    organisation: str
    phone: str = Field(description="masked")
    channel: str
    state: str
    state_label: str
    reason: str
    answer: str
    published: bool
    award: Decimal | None
    award_proposed: Decimal | None = Field(description="an award or a correction waiting for a second reviewer")
    similar_to: str | None
    task_number: str | None
    created_at: dt.datetime
    version: int


def suggestion_out(s):
    return {"number": s.number, "campaign": s.campaign.code, "title": s.title, "content": s.content,
            "proposer_name": s.proposer_name, "organisation": s.organisation, "phone": s.phone_masked,
            "channel": s.channel, "state": s.state, "state_label": s.get_state_display(), "reason": s.reason,
            "answer": s.answer, "published": s.published_at is not None, "award": s.award,
            "award_proposed": s.award_proposed,
            "similar_to": s.group.number if s.group_id else None, "task_number": s.task.number if s.task_id else None,
            "created_at": s.created_at, "version": s.version}


class SuggestionReceipt(Schema):
    number: str
    follow_url: str = Field(description="the proposer's own page: the review and the answer")


class SuggestionIn(In):
    campaign: str = Field(max_length=40)
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    content: str = Field(min_length=1, max_length=5000, pattern=NOT_BLANK)
    proposer_name: str = Field(min_length=1, max_length=50, pattern=NOT_BLANK)
    phone: OptionalPhone = ""
    organisation: str = Field("", max_length=100)
    consent_publish: StrictBool = False


@router.post("/suggestions", response={201: SuggestionReceipt}, summary="Submit a suggestion to a campaign")
def create_suggestion(request, payload: SuggestionIn):
    """A partner platform passes on a citizen's or an enterprise's suggestion (channel `api`)."""
    require_scope(request, "suggestions:write")
    campaign = Campaign.objects.filter(code=payload.campaign, published=True).first()
    if campaign is None:
        raise ApiError(404, "not_found", _("No such campaign."))
    p = payload
    s = suggestion_services.submit(campaign=campaign, title=p.title, content=p.content, proposer_name=p.proposer_name,
                                   phone=p.phone, organisation=p.organisation, consent_publish=p.consent_publish,
                                   channel=Channel.API)
    return Answer(201, {"number": s.number, "follow_url": suggestion_services.follow_url(s, request)})


def _require_reviewer(request):
    if not suggestion_selectors.may_review(request.user):
        raise ApiError(403, "forbidden", _("Your role may not open this page."))


class SuggestionFilters(Schema):
    campaign: str | None = Field(None, max_length=40)
    state: Literal[tuple(SuggestionState.values)] | None = None


@router.get("/suggestions", response=list[SuggestionOut], summary="List suggestions")
@paginate(Page)
def list_suggestions(request, filters: Query[SuggestionFilters]):
    require_scope(request, "suggestions:read")
    _require_reviewer(request)
    qs = Suggestion.objects.select_related("campaign", "group", "task")
    if filters.campaign:
        qs = qs.filter(campaign__code=filters.campaign)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return Mapped(qs.order_by("-created_at", "-id"), suggestion_out)


def _suggestion(number):
    s = Suggestion.objects.select_related("campaign", "group", "task").filter(number=number).first()
    if s is None:
        raise ApiError(404, "not_found", _("No such suggestion."))
    return s


@router.get("/suggestions/{number}", response=SuggestionOut, summary="One suggestion")
def get_suggestion(request, number: str):
    require_scope(request, "suggestions:read")
    _require_reviewer(request)
    return suggestion_out(_suggestion(number))


class SuggestionActionIn(In):
    version: BodyCount
    decision: Literal["adopted", "partly", "not_adopted"] | None = Field(None, description="review")
    reason: str | None = Field(None, max_length=5000, description="review, correct_award, return_award")
    answer: str | None = Field(None, max_length=5000, description="review")
    amount: Yuan | None = Field(None, description="award, correct_award (yuan, at most two decimals; 0 takes it back)")
    lead_unit_id: BodyId | None = Field(None, description="follow_up")
    deadline: Day | None = Field(None, description="follow_up")


@router.post("/suggestions/{number}/actions/{code}", response=SuggestionOut, summary="Review, publish, award, follow up")
def act_on_suggestion(request, number: str, code: Literal[tuple(suggestion_workflow.ACTIONS)],
                      payload: SuggestionActionIn):
    require_scope(request, "suggestions:write")
    _require_reviewer(request)
    s, p, user, v = _suggestion(number), payload, request.user, str(payload.version)
    if code == "review":
        suggestion_services.review(suggestion=s, actor=user, decision=p.decision, reason=p.reason, answer=p.answer,
                                   version=v)
    elif code == "publish":
        suggestion_services.publish(suggestion=s, actor=user, version=v)
    elif code in ("award", "correct_award"):
        extra = {"reason": p.reason} if code == "correct_award" else {}
        getattr(suggestion_services, code)(suggestion=s, actor=user, amount=p.amount, version=v, **extra)
    elif code in ("confirm_award", "return_award"):
        extra = {"reason": p.reason} if code == "return_award" else {}
        getattr(suggestion_services, code)(suggestion=s, actor=user, version=v, **extra)
    else:
        suggestion_services.follow_up(suggestion=s, actor=user, lead_unit=_unit(p.lead_unit_id, "lead_unit_id"),
                                      deadline=p.deadline, version=v)
    return suggestion_out(_suggestion(number))
