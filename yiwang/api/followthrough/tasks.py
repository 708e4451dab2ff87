"""Key tasks (督查督办) and the meetings whose decision items become tasks, through the JSON API."""
import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja import Status as Answer
from ninja.pagination import paginate
from pydantic import BeforeValidator, StrictBool

from yiwang.orgs import roles as R
from yiwang.tasks import lights
from yiwang.tasks import selectors as task_selectors
from yiwang.tasks import services as task_services
from yiwang.tasks import workflow as task_workflow
from yiwang.tasks.models import Cadence, Light, Meeting, Source, State

from ..base import (
    NOT_BLANK, ActionOut,
    BodyCount,
    BodyId,
    Day,
    EventOut,
    Id,
    In,
    Mapped,
    Page,
    actions_out,
    events_out,
    json_integer,
    require_scope,
    selector_params,
)
from ..errors import ApiError
from . import router
from .common import _unit, _units


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
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    requirement: str = Field(min_length=1, max_length=20000, pattern=NOT_BLANK)
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
    text: str = Field(min_length=1, max_length=5000, pattern=NOT_BLANK)
    lead_unit_id: BodyId | None = None
    due_on: Day | None = None


class MeetingIn(In):
    kind: Literal[tuple(Meeting.Kind.values)]
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    held_on: Day
    chair: str = Field(min_length=1, max_length=50, pattern=NOT_BLANK)
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
