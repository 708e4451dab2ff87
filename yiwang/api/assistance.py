"""The social-assistance data centre over the API: people, households and their 救助链, warnings and
the street's visit, under the pages' access rules (a street its own, a department what it sent and
the people it helps, the centre all). Numbers are masked; a chain is opened with a purpose that goes
to the audit log with the view, as on the pages."""
import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate

from yiwang.assistance import access, selectors, services
from yiwang.assistance.models import Alert, Grade, Help, Layer
from yiwang.audit.services import record as audit
from yiwang.orgs.models import Unit

from .base import NOT_BLANK, Id, Mapped, Page, require_scope, selector_params
from .errors import ApiError

router = Router(tags=["assistance"])

HELPS = Literal[tuple(Help.values)]
PURPOSE = Literal[tuple(code for code, _label in access.PURPOSES)]


def _require(request, scope):
    require_scope(request, scope)
    if not access.may_use(request.user):
        raise ApiError(403, "forbidden", _("Your role may not open this page."))


def _not_found():
    return ApiError(404, "not_found", _("No such person, household or warning, or not yours to read."))


class PersonOut(Schema):
    key: str = Field(description="the person number, stable across re-linking")
    name: str
    sex: str
    birth_year: int | None
    id_number: str = Field(description="masked")
    phone: str = Field(description="masked")
    street: str | None
    community: str | None
    household_id: int | None
    household_number: str | None
    relation: str
    layer: str = Field(description="empty: none of the six layers")
    layer_label: str
    receives: list[str] = Field(description="kinds of help received now")
    qualifies: list[str] = Field(description="kinds of help the rules say the person qualifies for")
    missing: list[str] = Field(description="qualified for, not received (应享未享)")
    deceased_on: dt.date | None


def person_out(p):
    return {"key": p.key, "name": p.name, "sex": p.sex, "birth_year": p.birth_date.year if p.birth_date else None,
            "id_number": p.id_number_masked, "phone": p.phone_masked,
            "street": p.street.name if p.street_id else None, "community": p.community.name if p.community_id else None,
            "household_id": p.household_id, "household_number": p.household.number if p.household_id else None,
            "relation": p.relation, "layer": p.layer, "layer_label": p.get_layer_display() if p.layer else "",
            "receives": p.receives, "qualifies": p.qualifies, "missing": p.missing, "deceased_on": p.deceased_on}


class RecordOut(Schema):
    source: str
    department: str | None
    row: int = Field(description="the row as Excel numbers it in the department's file (the heading is row 1)")
    meaning: str
    help: str
    amount: Decimal | None = Field(description="yuan")
    starts_on: dt.date | None
    ends_on: dt.date | None
    ended_on: dt.date | None = Field(description="no longer in the department's file since (history)")


def record_out(r):
    return {"source": r.source.code, "department": r.source.unit.name if r.source.unit_id else None, "row": r.row,
            "meaning": str(r.meaning), "help": r.help, "amount": r.amount, "starts_on": r.starts_on,
            "ends_on": r.ends_on, "ended_on": r.ended_on}


class GrantOut(Schema):
    help: str
    help_label: str
    amount: Decimal | None = Field(description="yuan")
    given_on: dt.date
    department: str
    alert: str | None


def grant_out(g):
    return {"help": g.help, "help_label": g.get_help_display(), "amount": g.amount, "given_on": g.given_on,
            "department": g.unit.name, "alert": g.alert.number if g.alert_id else None}


class AlertOut(Schema):
    number: str
    grade: Literal[tuple(Grade.values)]
    rule: str
    rule_name: str
    person: str = Field(description="the person number")
    name: str
    street: str | None
    community: str | None
    reasons: list[str]
    state: Literal[tuple(Alert.State.values)]
    raised_at: dt.datetime
    due_at: dt.datetime
    visited_at: dt.datetime | None
    found: str
    outcome: str
    outcome_note: str
    on_time: bool | None
    task: str | None = Field(description="the key task the visit is in")


def alert_out(a):
    return {"number": a.number, "grade": a.grade, "rule": a.rule.code, "rule_name": a.rule.name,
            "person": a.person.key, "name": a.person.name, "street": a.street.name if a.street_id else None,
            "community": a.community.name if a.community_id else None, "reasons": [str(r) for r in a.reasons],
            "state": a.state, "raised_at": a.raised_at, "due_at": a.due_at, "visited_at": a.visited_at,
            "found": a.found, "outcome": a.outcome, "outcome_note": a.outcome_note, "on_time": a.on_time,
            "task": a.task.number if a.task_id else None}


class ChainOut(Schema):
    person: PersonOut
    purpose: str
    records: list[RecordOut]
    grants: list[GrantOut]
    alerts: list[AlertOut]


class MemberOut(Schema):
    key: str
    name: str
    relation: str
    id_number: str = Field(description="masked")
    layer: str
    receives: list[str]


class HouseholdOut(Schema):
    id: int
    number: str
    street: str | None
    community: str | None
    layer: str
    purpose: str
    members: list[MemberOut]
    records: list[RecordOut]
    grants: list[GrantOut]
    alerts: list[AlertOut]


class PurposeIn(Schema):
    purpose: PURPOSE = Field(description="why the chain is opened; written to the audit log with the view")
    note: str = Field("", max_length=100, description="e.g. the warning or application number")


def _audit_view(request, subject, purpose):
    text = access.purpose_text(purpose.purpose, purpose.note)
    audit("assistance.view", actor=request.user, target=subject, detail={"purpose": text, "via": "api"},
          request=request)
    return text


class PeopleFilters(Schema):
    q: str | None = Field(None, max_length=50, description="name, person number or 户号")
    street_id: Id | None = None
    layer: Literal[tuple(v for v in Layer.values if v)] | None = None
    help: HELPS | None = Field(None, description="receives this help now")
    missing: HELPS | None = Field(None, description="qualifies for this help and receives none")
    unhelped: bool | None = Field(None, description="qualifies for help not received")


@router.get("/assistance/people", response=list[PersonOut], summary="People of the data centre (masked)")
@paginate(Page)
def list_people(request, filters: Query[PeopleFilters]):
    """A street lists its own people, a department the people its records name or a referral hands it,
    the centre and the leaders everyone. The same filters as the page."""
    _require(request, "assistance:read")
    params = selector_params(q=filters.q, street=filters.street_id, layer=filters.layer, help=filters.help,
                             missing=filters.missing, unhelped="1" if filters.unhelped else None)
    return Mapped(selectors.people(request.user, params), person_out)


@router.get("/assistance/people/{key}", response=ChainOut, summary="A person's 救助链, opened with a purpose")
def get_person(request, key: str, purpose: Query[PurposeIn]):
    _require(request, "assistance:read")
    person = access.people(request.user).select_related("street", "community", "household").filter(
        key=key.strip().upper()).first()
    if person is None:
        raise _not_found()
    text = _audit_view(request, access.subject(person), purpose)
    records = person.records.select_related("source__unit").order_by("-starts_on", "source__code")
    return {"person": person_out(person), "purpose": text, "records": [record_out(r) for r in records],
            "grants": [grant_out(g) for g in person.grants.select_related("unit", "alert")],
            "alerts": [alert_out(a) for a in person.alerts.select_related(
                "rule", "person", "street", "community", "task")]}


@router.get("/assistance/households/{household_id}", response=HouseholdOut,
            summary="A household's 救助链 (一户一条救助链), opened with a purpose")
def get_household(request, household_id: Id, purpose: Query[PurposeIn]):
    _require(request, "assistance:read")
    hh = access.households(request.user).select_related("street", "community").filter(pk=household_id).first()
    if hh is None:
        raise _not_found()
    text = _audit_view(request, access.subject(hh), purpose)
    chain = selectors.household_chain(hh)
    return {"id": hh.pk, "number": hh.number, "street": hh.street.name if hh.street_id else None,
            "community": hh.community.name if hh.community_id else None, "layer": hh.layer, "purpose": text,
            "members": [{"key": m.key, "name": m.name, "relation": m.relation, "id_number": m.id_number_masked,
                         "layer": m.layer, "receives": m.receives} for m in chain["members"]],
            "records": [record_out(r) for r in chain["records"]], "grants": [grant_out(g) for g in chain["grants"]],
            "alerts": [alert_out(a) for a in chain["alerts"]]}


class AlertFilters(Schema):
    grade: Literal[tuple(Grade.values)] | None = None
    state: Literal[tuple(Alert.State.values)] | None = None
    street_id: Id | None = None
    overdue: bool | None = Field(None, description="open and past its visit's time limit")
    rule: str | None = Field(None, max_length=32)


@router.get("/assistance/alerts", response=list[AlertOut], summary="Warnings (预警) and their visits")
@paginate(Page)
def list_alerts(request, filters: Query[AlertFilters]):
    _require(request, "assistance:read")
    params = selector_params(grade=filters.grade, state=filters.state, street=filters.street_id, rule=filters.rule,
                             overdue="1" if filters.overdue else None)
    return Mapped(selectors.alerts(request.user, params).select_related("task"), alert_out)


def _alert(request, number):
    alert = selectors.alerts(request.user, {}).select_related("task").filter(number=number.strip().upper()).first()
    if alert is None:
        raise _not_found()
    return alert


@router.get("/assistance/alerts/{number}", response=AlertOut, summary="One warning")
def get_alert(request, number: str):
    _require(request, "assistance:read")
    return alert_out(_alert(request, number))


class AlertVisitIn(Schema):
    found: str = Field(min_length=4, max_length=2000, pattern=NOT_BLANK, description="what the visit found")
    outcome: Literal[tuple(Alert.Outcome.values)]
    help: HELPS | Literal[""] = Field("", description="the help given or asked of the department")
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2, description="yuan")
    to_unit_id: Id | None = Field(None, description="referred: the department; helped: the paying department")
    note: str = Field("", max_length=2000, description="not needed: why")
    also: bool = Field(False, description="give this help although the person receives it already (seen first)")


@router.post("/assistance/alerts/{number}/visit", response={201: AlertOut}, summary="Record the street's visit")
def record_visit(request, number: str, payload: AlertVisitIn):
    """The warning's street or community records what it found and the outcome; the key task closes,
    a referral reaches the department's inbox. A second grant for the same need is refused unless
    `also` is sent."""
    _require(request, "assistance:write")
    alert = _alert(request, number)
    if not access.may_visit(request.user, alert):
        raise ApiError(403, "forbidden", _("Only the warning's street or community records its visit."))
    to_unit = None
    if payload.to_unit_id is not None:
        to_unit = Unit.objects.filter(pk=payload.to_unit_id, is_active=True).first()
        if to_unit is None:
            raise ApiError(422, "invalid", _("No such department."))
    services.record_visit(actor=request.user, alert=alert, found=payload.found, outcome=payload.outcome,
                          help=payload.help, amount=payload.amount, to_unit=to_unit, note=payload.note,
                          also=payload.also)
    alert.refresh_from_db()
    return Answer(201, alert_out(alert))
