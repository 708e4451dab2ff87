"""督查督办 over the API: key tasks and their workflow, meetings and their decision items,
suggestion campaigns and suggestions, deputies' suggestions and CPPCC proposals; the same
permissions and workflow tables as the pages."""
import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate
from pydantic import BeforeValidator, StrictBool

from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.proposals import selectors as proposal_selectors
from yiwang.proposals import services as proposal_services
from yiwang.proposals import workflow as proposal_workflow
from yiwang.proposals.models import Kind, Rating
from yiwang.proposals.models import State as ProposalState
from yiwang.suggestions import selectors as suggestion_selectors
from yiwang.suggestions import services as suggestion_services
from yiwang.suggestions import workflow as suggestion_workflow
from yiwang.suggestions.models import Campaign, Channel, Suggestion
from yiwang.suggestions.models import State as SuggestionState
from yiwang.tasks import lights, selectors as task_selectors
from yiwang.tasks import services as task_services
from yiwang.tasks import workflow as task_workflow
from yiwang.tasks.models import Cadence, Light, Meeting, Source, State

from .base import (ActionOut, BodyCount, BodyId, json_integer, Day, Yuan, EventOut, Id, In, Mapped, OptionalPhone, Page, actions_out,
                   events_out, require_scope, selector_params)
from .errors import ApiError

router = Router(tags=["follow-through"])


def _unit(pk, field):
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({field: _("No active unit has the id %(id)s.") % {"id": pk}})
    return unit


def _units(pks, field):
    return [_unit(pk, field) for pk in pks]


# ---------------------------------------------------------------- key tasks

class MilestoneOut(Schema):
    id: int
    title: str
    due_on: dt.date
    done_at: dt.datetime | None


class TaskOut(Schema):
    number: str
    source: str
    source_label: str
    title: str
    requirement: str
    lead_unit_id: int | None
    lead_unit: str | None
    co_units: list[str]
    leader: str
    deadline: dt.datetime | None
    cadence: str
    state: str
    state_label: str
    light: Literal[tuple(Light.values)]
    progress: int
    next_report_due: dt.date | None
    extension_to: dt.date | None
    meeting_number: str | None
    milestones: list[MilestoneOut]
    created_at: dt.datetime
    closed_at: dt.datetime | None
    closed_on_time: bool | None
    version: int


def task_out(t, th):
    milestones = list(t.milestones.all())
    return {"number": t.number, "source": t.source, "source_label": t.get_source_display(), "title": t.title,
            "requirement": t.requirement, "lead_unit_id": t.lead_unit_id,
            "lead_unit": t.lead_unit.name if t.lead_unit_id else None,
            "co_units": [u.name for u in t.co_units.all()], "leader": t.leader, "deadline": t.deadline,
            "cadence": t.cadence, "state": t.state, "state_label": t.get_state_display(),
            "light": lights.light(t, th, milestones), "progress": t.progress, "next_report_due": t.next_report_due,
            "extension_to": t.extension_to, "meeting_number": t.meeting.number if t.meeting_id else None,
            "milestones": [{"id": m.pk, "title": m.title, "due_on": m.due_on, "done_at": m.done_at} for m in milestones],
            "created_at": t.created_at, "closed_at": t.closed_at, "closed_on_time": t.closed_on_time,
            "version": t.version}


def _task(request, number):
    task = task_selectors.visible_tasks(request.user).select_related("lead_unit", "meeting").filter(
        number=number).first()
    if task is None:
        raise ApiError(404, "not_found", _("No such task."))
    return task


def _require_task_reader(request):
    if not task_selectors.may_open(request.user):
        raise ApiError(403, "forbidden", _("Your role may not open this page."))


class TaskFilters(Schema):
    state: Literal[tuple(State.values)] | None = None
    source: Literal[tuple(Source.values)] | None = None
    light: Literal[tuple(Light.values)] | None = None
    lead_unit_id: Id | None = None
    due_from: Day | None = None
    due_to: Day | None = None
    q: str | None = Field(None, max_length=100)


@router.get("/tasks", response=list[TaskOut], summary="List key tasks")
@paginate(Page)
def list_tasks(request, filters: Query[TaskFilters]):
    """The key tasks you may see (a unit: those it leads or takes part in), newest first."""
    require_scope(request, "tasks:read")
    _require_task_reader(request)
    f = filters
    th = lights.thresholds()
    qs = task_selectors.search(request.user, selector_params(state=f.state, source=f.source, light=f.light,
                                                            lead_unit=f.lead_unit_id, due_from=f.due_from,
                                                            due_to=f.due_to, q=f.q), th)
    return Mapped(qs.select_related("meeting").prefetch_related("co_units", "milestones"), lambda t: task_out(t, th))


class MilestoneIn(In):
    title: str = Field(min_length=1, max_length=200)
    due_on: Day


class TaskIn(In):
    source: Literal[tuple(Source.values)]
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    requirement: str = Field(min_length=1, max_length=20000, pattern=r"\S")
    lead_unit_id: BodyId | None = None
    co_unit_ids: list[BodyId] = Field([], max_length=20)
    deadline: Day | None = None
    cadence: Literal[tuple(Cadence.values)] = Cadence.MONTHLY
    leader: str = Field("", max_length=50)
    milestones: list[MilestoneIn] = Field([], max_length=20)
    assign: StrictBool = Field(False, description="assign to the lead unit at once (needs lead_unit_id and deadline)")


@router.post("/tasks", response={201: TaskOut}, summary="Set a key task")
def create_task(request, payload: TaskIn):
    require_scope(request, "tasks:write")
    if not (R.roles_of(request.user) & task_workflow.ASSIGNERS):
        raise ApiError(403, "forbidden", _("Your role may not set key tasks."))
    p = payload
    task = task_services.create(actor=request.user, source=p.source, title=p.title, requirement=p.requirement,
                                lead_unit=_unit(p.lead_unit_id, "lead_unit_id"),
                                co_units=_units(p.co_unit_ids, "co_unit_ids"), deadline=p.deadline, cadence=p.cadence,
                                leader=p.leader, milestones=[(m.title, m.due_on) for m in p.milestones],
                                assign=p.assign)
    return Answer(201, task_out(_task(request, task.number), lights.thresholds()))


@router.get("/tasks/{number}", response=TaskOut, summary="One key task")
def get_task(request, number: str):
    require_scope(request, "tasks:read")
    return task_out(_task(request, number), lights.thresholds())


@router.get("/tasks/{number}/events", response=list[EventOut], summary="Its history")
def get_task_events(request, number: str):
    require_scope(request, "tasks:read")
    return events_out(_task(request, number).events.all(), task_workflow.event_label)


@router.get("/tasks/{number}/actions", response=list[ActionOut], summary="What you may do now")
def get_task_actions(request, number: str):
    require_scope(request, "tasks:read")
    return actions_out(task_workflow.available(_task(request, number), request.user))


TASK_ACTIONS = Literal[tuple(task_workflow.ACTIONS)]


class TaskActionIn(In):
    version: BodyCount = Field(description="the version you read; a changed task refuses the action")
    lead_unit_id: BodyId | None = Field(None, description="assign")
    co_unit_ids: list[BodyId] = Field([], max_length=20, description="assign")
    deadline: Day | None = Field(None, description="assign")
    cadence: Literal[tuple(Cadence.values)] | None = Field(None, description="assign")
    note: str = Field("", max_length=5000, description="assign, complete_milestone, decide_extension, approve_closure")
    reason: str | None = Field(None, max_length=5000, description="send_back, request_extension, refuse_closure")
    text: str | None = Field(None, max_length=5000, description="report, urge, supervise, answer_notice")
    progress: Annotated[int, Field(ge=0, le=100), BeforeValidator(json_integer)] | None = Field(
        None, description="report")
    milestone_id: BodyId | None = Field(None, description="complete_milestone")
    until: Day | None = Field(None, description="request_extension")
    decision: Literal["approve", "reject"] | None = Field(None, description="decide_extension")
    evidence: str | None = Field(None, max_length=5000, description="request_closure")
    notice_id: BodyId | None = Field(None, description="answer_notice")


@router.post("/tasks/{number}/actions/{code}", response=TaskOut, summary="Take a workflow action")
def act_on_task(request, number: str, code: TASK_ACTIONS, payload: TaskActionIn):
    """As the task's page allows your role in the task's state; anything else is refused."""
    require_scope(request, "tasks:write")
    task = _task(request, number)
    p, user, v = payload, request.user, str(payload.version)
    run = {
        "assign": lambda: task_services.assign(task=task, actor=user, lead_unit=_unit(p.lead_unit_id, "lead_unit_id"),
                                               co_units=_units(p.co_unit_ids, "co_unit_ids"), deadline=p.deadline,
                                               cadence=p.cadence, note=p.note, version=v),
        "send_back": lambda: task_services.send_back(task=task, actor=user, reason=p.reason, version=v),
        "report": lambda: task_services.report(task=task, actor=user, text=p.text, progress=p.progress, version=v),
        "complete_milestone": lambda: task_services.complete_milestone(task=task, actor=user, milestone=p.milestone_id,
                                                                       note=p.note, version=v),
        "request_extension": lambda: task_services.request_extension(task=task, actor=user, until=p.until,
                                                                     reason=p.reason, version=v),
        "decide_extension": lambda: task_services.decide_extension(task=task, actor=user,
                                                                   approve=p.decision == "approve", note=p.note,
                                                                   version=v),
        "request_closure": lambda: task_services.request_closure(task=task, actor=user, evidence=p.evidence,
                                                                 version=v),
        "approve_closure": lambda: task_services.approve_closure(task=task, actor=user, note=p.note, version=v),
        "refuse_closure": lambda: task_services.refuse_closure(task=task, actor=user, reason=p.reason, version=v),
        "urge": lambda: task_services.urge(task=task, actor=user, text=p.text, version=v),
        "supervise": lambda: task_services.supervise(task=task, actor=user, text=p.text, version=v),
        "answer_notice": lambda: task_services.answer_notice(task=task, actor=user, notice=p.notice_id, text=p.text,
                                                             version=v),
    }
    run[code]()
    return task_out(_task(request, number), lights.thresholds())


# ---------------------------------------------------------------- meetings

class MeetingItemOut(Schema):
    seq: int
    text: str
    lead_unit: str | None
    due_on: dt.date | None
    task_number: str | None
    task_state: str | None


class MeetingOut(Schema):
    number: str
    kind: str
    title: str
    command_post: str
    held_on: dt.date
    chair: str
    items: list[MeetingItemOut]


def meeting_out(m, user):
    """A meeting as the pages show it to this user: a unit reads its own items only."""
    return {"number": m.number, "kind": m.kind, "title": m.title, "command_post": m.command_post,
            "held_on": m.held_on, "chair": m.chair,
            "items": [{"seq": i.seq, "text": i.text,
                       "lead_unit": (i.task.lead_unit.name if i.task_id and i.task.lead_unit_id
                                     else i.lead_unit.name if i.lead_unit_id else None),
                       "due_on": i.due_on, "task_number": i.task.number if i.task_id else None,
                       "task_state": i.task.state if i.task_id else None}
                      for i in task_selectors.visible_items(user, m)]}


def _require_follower(request):
    if not (R.roles_of(request.user) & task_workflow.ASSIGNERS):
        raise ApiError(403, "forbidden", _("Your role may not open this page."))


@router.get("/meetings", response=list[MeetingOut], summary="List meetings")
@paginate(Page)
def list_meetings(request):
    """The meetings you may see: all for the office and leaders, a unit's those with its items."""
    require_scope(request, "tasks:read")
    _require_task_reader(request)
    return Mapped(task_selectors.visible_meetings(request.user), lambda m: meeting_out(m, request.user))


class ItemIn(In):
    text: str = Field(min_length=1, max_length=5000, pattern=r"\S")
    lead_unit_id: BodyId | None = None
    due_on: Day | None = None


class MeetingIn(In):
    kind: Literal[tuple(Meeting.Kind.values)]
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    held_on: Day
    chair: str = Field(min_length=1, max_length=50, pattern=r"\S")
    command_post: str = Field("", max_length=100)
    place: str = Field("", max_length=100)
    attendees: str = Field("", max_length=5000)
    minutes: str = Field("", max_length=20000)
    items: list[ItemIn] = Field(min_length=1, max_length=100)


@router.post("/meetings", response={201: MeetingOut}, summary="Record a meeting and its decision items")
def create_meeting(request, payload: MeetingIn):
    require_scope(request, "tasks:write")
    _require_follower(request)
    p = payload
    meeting = task_services.record_meeting(
        actor=request.user, kind=p.kind, title=p.title, held_on=p.held_on, chair=p.chair, attendees=p.attendees,
        minutes=p.minutes, place=p.place, command_post=p.command_post,
        items=[{"text": i.text, "lead_unit": _unit(i.lead_unit_id, "items.lead_unit_id"), "due_on": i.due_on}
               for i in p.items])
    return Answer(201, meeting_out(meeting, request.user))


def _meeting(number):
    meeting = Meeting.objects.filter(number=number).first()
    if meeting is None:
        raise ApiError(404, "not_found", _("No such meeting."))
    return meeting


@router.get("/meetings/{number}", response=MeetingOut, summary="One meeting and how its items stand")
def get_meeting(request, number: str):
    require_scope(request, "tasks:read")
    _require_task_reader(request)
    meeting = task_selectors.visible_meetings(request.user).filter(number=number).first()
    if meeting is None:
        raise ApiError(404, "not_found", _("No such meeting."))
    return meeting_out(meeting, request.user)


@router.post("/meetings/{number}/tasks", response=MeetingOut, summary="Make every decision item a task")
def meeting_tasks(request, number: str):
    require_scope(request, "tasks:write")
    _require_follower(request)
    meeting = _meeting(number)
    task_services.items_to_tasks(meeting=meeting, actor=request.user)
    return meeting_out(meeting, request.user)


# ---------------------------------------------------------------- suggestion campaigns

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
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    content: str = Field(min_length=1, max_length=5000, pattern=r"\S")
    proposer_name: str = Field(min_length=1, max_length=50, pattern=r"\S")
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


# ---------------------------------------------------------------- deputies' suggestions and CPPCC proposals

class ProposalOut(Schema):
    number: str
    kind: str
    year: int
    title: str
    content: str
    proposers: str
    received_on: dt.date
    lead_unit: str | None
    co_units: list[str]
    state: str
    state_label: str
    due: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None
    answered_on_time: bool | None
    rating: str
    rework_count: int
    version: int


def proposal_out(p):
    return {"number": p.number, "kind": p.kind, "year": p.year, "title": p.title, "content": p.content,
            "proposers": p.proposers, "received_on": p.received_on,
            "lead_unit": p.lead_unit.name if p.lead_unit_id else None, "co_units": [u.name for u in p.co_units.all()],
            "state": p.state, "state_label": p.get_state_display(), "due": p.due, "answer": p.answer,
            "answered_at": p.answered_at, "answered_on_time": p.answered_on_time, "rating": p.rating,
            "rework_count": p.rework_count, "version": p.version}


def _proposal(request, number):
    try:
        kind = {"RD": Kind.DEPUTY, "ZX": Kind.CPPCC}[number[:2]]
        year, serial = int(number[2:6]), int(number[7:])
    except (KeyError, ValueError):
        raise ApiError(404, "not_found", _("No such proposal.")) from None
    p = proposal_selectors.visible(request.user).filter(kind=kind, year=year, serial=serial).select_related(
        "lead_unit").first()
    if p is None:
        raise ApiError(404, "not_found", _("No such proposal."))
    return p


class ProposalFilters(Schema):
    kind: Literal[tuple(Kind.values)] | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    state: Literal[tuple(ProposalState.values)] | None = None


@router.get("/proposals", response=list[ProposalOut], summary="Deputies' suggestions and CPPCC proposals")
@paginate(Page)
def list_proposals(request, filters: Query[ProposalFilters]):
    require_scope(request, "proposals:read")
    if not proposal_selectors.may_open(request.user):
        raise ApiError(403, "forbidden", _("Your role may not open this page."))
    qs = proposal_selectors.search(request.user, selector_params(kind=filters.kind, year=filters.year,
                                                                 state=filters.state))
    return Mapped(qs.prefetch_related("co_units"), proposal_out)


class ProposalIn(In):
    kind: Literal[tuple(Kind.values)]
    year: Annotated[int, Field(ge=2000, le=2100), BeforeValidator(json_integer)]
    serial: Annotated[int, Field(ge=1, le=1_000_000), BeforeValidator(json_integer)]
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    content: str = Field(min_length=1, max_length=20000, pattern=r"\S")
    proposers: str = Field(min_length=1, max_length=200, pattern=r"\S")
    received_on: Day


@router.post("/proposals", response={201: ProposalOut}, summary="Register one")
def create_proposal(request, payload: ProposalIn):
    require_scope(request, "proposals:write")
    if not (R.roles_of(request.user) & proposal_workflow.OFFICE):
        raise ApiError(403, "forbidden", _("Your role may not register deputies' suggestions or proposals."))
    p = payload
    proposal = proposal_services.register(actor=request.user, kind=p.kind, year=p.year, serial=p.serial,
                                          title=p.title, content=p.content, proposers=p.proposers,
                                          received_on=p.received_on)
    return Answer(201, proposal_out(proposal))


@router.get("/proposals/{number}", response=ProposalOut, summary="One proposal")
def get_proposal(request, number: str):
    require_scope(request, "proposals:read")
    return proposal_out(_proposal(request, number))


@router.get("/proposals/{number}/events", response=list[EventOut], summary="Its history")
def get_proposal_events(request, number: str):
    require_scope(request, "proposals:read")
    return events_out(_proposal(request, number).events.all(), proposal_workflow.event_label)


class ProposalActionIn(In):
    version: BodyCount
    lead_unit_id: BodyId | None = Field(None, description="assign")
    co_unit_ids: list[BodyId] = Field([], max_length=20, description="assign")
    reason: str | None = Field(None, max_length=5000, description="ask_complex")
    decision: Literal["approve", "reject"] | None = Field(None, description="decide_complex")
    note: str = Field("", max_length=5000, description="decide_complex, rate")
    text: str | None = Field(None, max_length=20000, description="co_opinion, answer, urge")
    rating: Literal[tuple(Rating.values)] | None = Field(None, description="rate")


@router.post("/proposals/{number}/actions/{code}", response=ProposalOut, summary="Take a workflow action")
def act_on_proposal(request, number: str, code: Literal[tuple(proposal_workflow.ACTIONS)],
                    payload: ProposalActionIn):
    require_scope(request, "proposals:write")
    proposal, p, user, v = _proposal(request, number), payload, request.user, str(payload.version)
    run = {
        "assign": lambda: proposal_services.assign(proposal=proposal, actor=user,
                                                   lead_unit=_unit(p.lead_unit_id, "lead_unit_id"),
                                                   co_units=_units(p.co_unit_ids, "co_unit_ids"), version=v),
        "ask_complex": lambda: proposal_services.ask_complex(proposal=proposal, actor=user, reason=p.reason, version=v),
        "decide_complex": lambda: proposal_services.decide_complex(proposal=proposal, actor=user,
                                                                   approve=p.decision == "approve", note=p.note,
                                                                   version=v),
        "co_opinion": lambda: proposal_services.co_opinion(proposal=proposal, actor=user, text=p.text, version=v),
        "answer": lambda: proposal_services.answer(proposal=proposal, actor=user, text=p.text, version=v),
        "rate": lambda: proposal_services.rate(proposal=proposal, actor=user, rating=p.rating, note=p.note, version=v),
        "urge": lambda: proposal_services.urge(proposal=proposal, actor=user, text=p.text, version=v),
    }
    run[code]()
    return proposal_out(_proposal(request, number))

