"""Deputies' suggestions and CPPCC proposals (人大建议、政协提案): registered, listed, followed."""
import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja import Status as Answer
from ninja.pagination import paginate
from pydantic import BeforeValidator

from yiwang.orgs import roles as R
from yiwang.proposals import selectors as proposal_selectors
from yiwang.proposals import services as proposal_services
from yiwang.proposals import workflow as proposal_workflow
from yiwang.proposals.models import Kind, Rating
from yiwang.proposals.models import State as ProposalState

from ..base import (
    NOT_BLANK, BodyCount,
    BodyId,
    Day,
    EventOut,
    In,
    Mapped,
    Page,
    events_out,
    json_integer,
    require_scope,
    selector_params,
)
from ..errors import ApiError
from . import router
from .common import _unit, _units


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
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    content: str = Field(min_length=1, max_length=20000, pattern=NOT_BLANK)
    proposers: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
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
