"""Major projects over the API: projects with their milestones and monthly progress, joint
acceptances and their workflow, the published opportunities and investors' interests; the pages'
permissions and workflow tables."""
import base64
import binascii
import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate
from pydantic import BeforeValidator

from yiwang.enterprises.models import Enterprise
from yiwang.orgs.models import Unit
from yiwang.projects import selectors, services
from yiwang.projects import workflow as project_workflow
from yiwang.projects.models import (Acceptance, CommandPost, Interest, Kind, Milestone, Opportunity, Project, Sector,
                                    Status)

from .base import (NOT_BLANK, BodyCount, BodyId, CreditCode, Day, EventOut, Id, In, Mapped, OptionalPhone, Page, events_out,
                   json_integer, require_scope)
from .errors import ApiError

router = Router(tags=["projects"])


def _require(request, check):
    if not check(request.user):
        raise ApiError(403, "forbidden", _("Your role may not open this page."))


class ProjectMilestoneOut(Schema):
    code: str
    name: str
    stage: int
    planned_on: dt.date | None
    actual_on: dt.date | None
    light: str = Field(description="done, red, yellow, green, or empty when not planned")


class ProjectOut(Schema):
    id: int
    number: str = Field(description="the investment project code, or XM + id before it has one")
    code: str | None
    name: str
    kind: Literal[tuple(Kind.values)]
    sector: Literal[tuple(Sector.values)]
    status: Literal[tuple(Status.values)]
    status_label: str
    command_post: str | None
    street: str | None
    owner_credit_code: str | None
    owner: str | None
    total_investment: Decimal = Field(description="10,000 yuan")
    light: str
    physical_progress: int | None
    public: bool
    milestones: list[ProjectMilestoneOut]


def project_out(p, th):
    milestones = list(p.milestones.all())
    return {"id": p.pk, "number": p.number, "code": p.code, "name": p.name, "kind": p.kind, "sector": p.sector,
            "status": p.status, "status_label": p.get_status_display(),
            "command_post": p.command_post.name if p.command_post_id else None,
            "street": p.street.name if p.street_id else None,
            "owner_credit_code": p.owner.credit_code if p.owner_id else None, "owner": p.owner.name if p.owner_id else None,
            "total_investment": p.total_investment, "light": selectors.project_light(p, th, milestones),
            "physical_progress": selectors.latest_progress(p), "public": p.public,
            "milestones": [{"code": m.code, "name": m.name, "stage": m.stage, "planned_on": m.planned_on,
                            "actual_on": m.actual_on, "light": selectors.light(m, th)} for m in milestones]}


class ProjectFilters(Schema):
    q: str | None = Field(None, max_length=100)
    status: Literal[tuple(Status.values)] | None = None
    kind: Literal[tuple(Kind.values)] | None = None
    command_post_id: Id | None = None
    street_id: Id | None = None
    light: Literal["red", "yellow"] | None = None


@router.get("/projects", response=list[ProjectOut], summary="Major projects")
@paginate(Page)
def list_projects(request, filters: Query[ProjectFilters]):
    require_scope(request, "projects:read")
    f, th = filters, selectors.thresholds()
    params = {"q": f.q or "", "status": f.status or "", "kind": f.kind or "", "light": f.light or "",
              "command_post": str(f.command_post_id or ""), "street": str(f.street_id or "")}
    qs = selectors.search(params, th)
    if not selectors.may_open(request.user):
        # An owner enterprise reads its own projects, as on its portal; anyone else nothing.
        owned = selectors.owned_projects(request.user)
        if not owned.exists():
            raise ApiError(403, "forbidden", _("Your role may not open this page."))
        qs = qs.filter(pk__in=owned)
    return Mapped(qs.prefetch_related("milestones", "reports"), lambda p: project_out(p, th))


def _project(project_id, request=None):
    """The project, read by someone who may read it (staff, or its owner): 404 for anyone else, as
    for a project that is not there."""
    p = Project.objects.select_related("command_post", "street", "owner").filter(pk=project_id).first()
    if p is not None and request is not None and not selectors.may_read_project(request.user, p):
        if not selectors.owned_projects(request.user).exists():  # no project of its own: its role reads none
            raise ApiError(403, "forbidden", _("Your role may not open this page."))
        p = None  # another's project is not there for an owner
    if p is None:
        raise ApiError(404, "not_found", _("No such project."))
    return p


class ProjectDetailOut(ProjectOut):
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    scope: str
    leader: str
    version: int
    year_plans: dict[str, Decimal]
    invested_this_year: Decimal
    approval_workdays: int
    approval_cap_workdays: int


@router.get("/projects/{project_id}", response=ProjectDetailOut, summary="One project")
def get_project(request, project_id: Id):
    require_scope(request, "projects:read")
    p = _project(project_id, request)
    done, _planned, _rate, _total = selectors.invested(p)
    used, cap, _finished = selectors.approval_workdays(p)
    return {**project_out(p, selectors.thresholds()), "address": p.address, "latitude": p.latitude,
            "longitude": p.longitude, "scope": p.scope, "leader": p.leader, "version": p.version,
            "year_plans": {str(y.year): y.planned for y in p.year_plans.all()}, "invested_this_year": done,
            "approval_workdays": used, "approval_cap_workdays": cap}


@router.get("/projects/{project_id}/events", response=list[EventOut], summary="Its history")
def get_project_events(request, project_id: Id):
    require_scope(request, "projects:read")
    return events_out(_project(project_id, request).events.all(), project_workflow.PROJECT.event_label)


Money = Annotated[float, Field(ge=0, lt=1e8, description="10,000 yuan, below 1 trillion yuan")]


class ProjectIn(In):
    name: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    kind: Literal[tuple(Kind.values)]
    sector: Literal[tuple(Sector.values)] = Sector.ECONOMY
    total_investment: Money = Field(description="10,000 yuan")
    code: str = Field("", max_length=24, description="投资项目统一代码, e.g. 2026-370112-26-01-000123")
    owner_credit_code: CreditCode | None = None
    command_post_id: BodyId | None = None
    street_id: BodyId | None = None
    address: str = Field("", max_length=200)
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    scope: str = Field("", max_length=5000)
    leader: str = Field("", max_length=50)
    year_plans: dict[Annotated[str, Field(pattern=r"^20[0-9]{2}$")], Money] = Field({}, max_length=20)
    planned: dict[Annotated[str, Field(max_length=30)], Day] = Field({}, max_length=20,
                                                                     description="milestone code → planned date")


@router.post("/projects", response={201: ProjectDetailOut}, summary="Register a project")
def create_project(request, payload: ProjectIn):
    require_scope(request, "projects:write")
    _require(request, services.may_edit)
    p = payload
    owner = None
    if p.owner_credit_code:
        owner = Enterprise.objects.filter(credit_code=p.owner_credit_code).first()
        if owner is None:
            raise ApiError(422, "invalid", _("No enterprise in the registry has the credit code %(code)s.") % {
                "code": p.owner_credit_code})
    post = CommandPost.objects.filter(pk=p.command_post_id).first() if p.command_post_id else None
    street = Unit.objects.filter(pk=p.street_id, kind=Unit.Kind.STREET).first() if p.street_id else None
    if (p.command_post_id and post is None) or (p.street_id and street is None):
        raise ApiError(422, "invalid", _("No such command post or street."))
    project = services.save_project(actor=request.user, planned=p.planned, data={
        "name": p.name, "kind": p.kind, "sector": p.sector, "total_investment": str(p.total_investment),
        "code": p.code, "owner": owner, "command_post": post, "street": street, "address": p.address,
        "latitude": p.latitude, "longitude": p.longitude, "scope": p.scope, "leader": p.leader,
        "year_plans": dict(p.year_plans)})
    return Answer(201, get_project(request, project.pk))


class ProjectMilestoneIn(In):
    version: BodyCount
    planned_on: Day | None = None
    actual_on: Day | None = None
    note: str = Field("", max_length=200)


@router.post("/projects/{project_id}/milestones/{milestone_code}", response=ProjectDetailOut,
             summary="Date a milestone (planned and actual)")
def set_milestone(request, project_id: Id, milestone_code: str, payload: ProjectMilestoneIn):
    require_scope(request, "projects:write")
    _require(request, services.may_edit)
    project = _project(project_id)
    milestone = Milestone.objects.filter(project=project, code=milestone_code).first()
    if milestone is None:
        raise ApiError(404, "not_found", _("No such milestone."))
    services.set_milestone(actor=request.user, milestone=milestone, planned_on=payload.planned_on,
                           actual_on=payload.actual_on, note=payload.note, version=payload.version)
    return get_project(request, project.pk)


class PhotoIn(In):
    file_name: str = Field(min_length=1, max_length=200)
    content_base64: str = Field(max_length=15_000_000)


class ReportIn(In):
    month: str = Field(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    invested: Money = Field(description="10,000 yuan completed this month")
    progress: Annotated[int, Field(ge=0, le=100), BeforeValidator(json_integer)]
    text: str = Field(min_length=1, max_length=5000, pattern=NOT_BLANK)
    photos: list[PhotoIn] = Field([], max_length=10)


class ReportOut(Schema):
    month: str
    invested: Decimal
    progress: int
    text: str
    photos: int
    reported_at: dt.datetime


def report_out(r):
    return {"month": r.month.strftime("%Y-%m"), "invested": r.invested, "progress": r.progress, "text": r.text,
            "photos": r.photos.count(), "reported_at": r.reported_at}


@router.get("/projects/{project_id}/reports", response=list[ReportOut], summary="Monthly progress reports")
def list_reports(request, project_id: Id):
    require_scope(request, "projects:read")
    return [report_out(r) for r in _project(project_id, request).reports.all()]


@router.post("/projects/{project_id}/reports", response={201: ReportOut}, summary="Report a month's progress")
def create_report(request, project_id: Id, payload: ReportIn):
    """By the owner's or the butler's system (the key acting as the butler), or the office."""
    require_scope(request, "projects:write")
    project = _project(project_id)
    if not services.may_report(request.user, project):
        raise ApiError(403, "forbidden", _("Only the owner, the project's butler or the office reports progress."))
    photos = []
    for ph in payload.photos:
        try:
            photos.append(ContentFile(base64.b64decode(ph.content_base64, validate=True), name=ph.file_name))
        except (binascii.Error, ValueError):
            raise ApiError(422, "invalid", _("%(name)s is not valid base64.") % {"name": ph.file_name}) from None
    report = services.report_progress(actor=request.user, project=project, month=dt.date.fromisoformat(
        payload.month + "-01"), invested=f"{payload.invested:.2f}", progress=payload.progress, text=payload.text,
        photos=photos)
    return Answer(201, report_out(report))


# ---------------------------------------------------------------- 联合验收

class InspectionOut(Schema):
    unit_id: int = Field(description="the unit_id the office sends to record this unit's result")
    unit: str
    round: int
    result: str
    items: str
    recorded_at: dt.datetime | None


class AcceptanceOut(Schema):
    number: str
    project_id: int
    project: str
    state: Literal[tuple(Acceptance.State.values)]
    state_label: str
    applied_at: dt.datetime
    due_at: dt.datetime
    limit_workdays: int
    workdays_used: int
    inspection_on: dt.date | None
    opinion: str
    version: int
    inspections: list[InspectionOut]


def acceptance_out(a):
    return {"number": a.number, "project_id": a.project_id, "project": a.project.name, "state": a.state,
            "state_label": a.get_state_display(), "applied_at": a.applied_at, "due_at": a.due_at,
            "limit_workdays": a.limit_workdays, "workdays_used": services.workdays_used(a),
            "inspection_on": a.inspection_on, "opinion": a.opinion, "version": a.version,
            "inspections": [{"unit_id": i.unit_id, "unit": i.unit.name, "round": i.round, "result": i.result,
                             "items": i.items, "recorded_at": i.inspected_at}
                            for i in a.inspections.select_related("unit")]}


@router.get("/acceptances", response=list[AcceptanceOut], summary="Joint acceptances")
@paginate(Page)
def list_acceptances(request, state: Literal[tuple(Acceptance.State.values)] | None = None):
    require_scope(request, "projects:read")
    qs = selectors.visible_acceptances(request.user)
    if state:
        qs = qs.filter(state=state)
    return Mapped(qs, acceptance_out)


def _acceptance(request, number):
    case = selectors.visible_acceptances(request.user).filter(number=number).first()
    if case is None:
        raise ApiError(404, "not_found", _("No such joint acceptance."))
    return case


@router.get("/acceptances/{number}", response=AcceptanceOut, summary="One joint acceptance")
def get_acceptance(request, number: str):
    require_scope(request, "projects:read")
    return acceptance_out(_acceptance(request, number))


@router.get("/acceptances/{number}/events", response=list[EventOut], summary="Its history")
def get_acceptance_events(request, number: str):
    require_scope(request, "projects:read")
    return events_out(_acceptance(request, number).events.all(), project_workflow.ACCEPTANCE.event_label)


class AcceptanceIn(In):
    applicant: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK)
    contact_phone: OptionalPhone = ""


@router.post("/projects/{project_id}/acceptances", response={201: AcceptanceOut}, summary="Apply for joint acceptance")
def apply_acceptance(request, project_id: Id, payload: AcceptanceIn):
    require_scope(request, "projects:write")
    project = _project(project_id)
    if not (services.may_edit(request.user) or services.may_report(request.user, project)):
        raise ApiError(403, "forbidden", _("Only the owner, the project's butler or the office applies."))
    case = services.apply_acceptance(actor=request.user, project=project, applicant=payload.applicant,
                                     contact_phone=payload.contact_phone)
    return Answer(201, acceptance_out(case))


class AcceptanceActionIn(In):
    version: BodyCount
    text: str | None = Field(None, max_length=5000, description="guide, issue")
    day: Day | None = Field(None, description="schedule")
    result: Literal["pass", "fix"] | None = Field(None, description="record")
    items: str = Field("", max_length=5000, description="record (the items to fix)")
    unit_id: BodyId | None = Field(None, description="record, by the office for a unit")


@router.post("/acceptances/{number}/actions/{code}", response=AcceptanceOut,
             summary="Guide, schedule, record a unit's result, issue the opinion")
def act_on_acceptance(request, number: str, code: Literal[tuple(project_workflow.ACCEPTANCE.actions)],
                      payload: AcceptanceActionIn):
    require_scope(request, "projects:write")
    case, p, user, v = _acceptance(request, number), payload, request.user, str(payload.version)
    if code == "guide":
        services.guide(acceptance=case, actor=user, text=p.text, version=v)
    elif code == "schedule":
        services.schedule(acceptance=case, actor=user, day=p.day, version=v)
    elif code == "record":
        unit = Unit.objects.filter(pk=p.unit_id).first() if p.unit_id else None
        services.record_result(acceptance=case, actor=user, result=p.result, items=p.items, version=v, unit=unit)
    else:
        services.issue_opinion(acceptance=case, actor=user, text=p.text, version=v)
    return acceptance_out(_acceptance(request, number))


# ---------------------------------------------------------------- 阳光发布

class OpportunityOut(Schema):
    project_id: int
    name: str
    street: str | None
    total_investment: Decimal
    summary: str
    terms: str
    how_to_join: str
    contact: str
    published_at: dt.datetime | None
    open: bool


@router.get("/opportunities", response=list[OpportunityOut], summary="Published project opportunities")
@paginate(Page)
def list_opportunities(request):
    """What the public page shows (any key)."""
    qs = Opportunity.objects.filter(published_at__isnull=False).select_related("project__street")
    return Mapped(qs, lambda o: {
        "project_id": o.project_id, "name": o.project.name, "street": o.project.street.name if o.project.street_id
        else None, "total_investment": o.project.total_investment, "summary": o.summary, "terms": o.terms,
        "how_to_join": o.how_to_join, "contact": o.contact, "published_at": o.published_at, "open": not o.closed})


class InterestOut(Schema):
    number: str
    project_id: int
    project: str
    investor: str
    credit_code: str
    contact_name: str
    phone: str = Field(description="masked")
    state: Literal[tuple(Interest.State.values)]
    version: int
    created_at: dt.datetime


def interest_out(i):
    return {"number": i.number, "project_id": i.opportunity.project_id, "project": i.opportunity.project.name,
            "investor": i.investor, "credit_code": i.credit_code, "contact_name": i.contact_name,
            "phone": i.phone_masked, "state": i.state, "version": i.version, "created_at": i.created_at}


class InterestIn(In):
    investor: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK)
    contact_name: str = Field(min_length=1, max_length=50, pattern=NOT_BLANK)
    phone: str = Field(min_length=5, max_length=20)
    credit_code: CreditCode | None = None
    message: str = Field("", max_length=2000)


@router.post("/opportunities/{project_id}/interests", response={201: InterestOut},
             summary="Register an investor's interest (a partner platform)")
def create_interest(request, project_id: Id, payload: InterestIn):
    require_scope(request, "projects:write")
    opportunity = Opportunity.objects.filter(project_id=project_id, published_at__isnull=False).first()
    if opportunity is None:
        raise ApiError(404, "not_found", _("No such opportunity."))
    interest = services.register_interest(opportunity=opportunity, investor=payload.investor,
                                          contact_name=payload.contact_name, phone=payload.phone,
                                          credit_code=payload.credit_code or "", message=payload.message)
    return Answer(201, interest_out(interest))


@router.get("/interests", response=list[InterestOut], summary="Investors' interests (the office and butlers)")
@paginate(Page)
def list_interests(request, state: Literal[tuple(Interest.State.values)] | None = None):
    require_scope(request, "projects:read")
    _require(request, selectors.may_follow)
    qs = Interest.objects.select_related("opportunity__project")
    if state:
        qs = qs.filter(state=state)
    return Mapped(qs, interest_out)


class InterestActionIn(In):
    version: BodyCount
    note: str = Field("", max_length=2000, description="required for drop")


@router.post("/interests/{number}/actions/{code}", response=InterestOut,
             summary="Contacted, negotiating, signed, not pursued")
def act_on_interest(request, number: str, code: Literal[tuple(project_workflow.INTEREST.actions)],
                    payload: InterestActionIn):
    require_scope(request, "projects:write")
    _require(request, selectors.may_follow)
    interest = Interest.objects.select_related("opportunity__project").filter(number=number).first()
    if interest is None:
        raise ApiError(404, "not_found", _("No such interest."))
    services.follow_interest(interest=interest, actor=request.user, code=code, note=payload.note,
                             version=str(payload.version))
    interest.refresh_from_db()
    return interest_out(interest)

