"""Work orders (12345) over the API: the same intake, list filters, visibility and workflow
table as the pages."""
import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate
from pydantic import AfterValidator

from yiwang.orgs.models import Unit
from yiwang.privacy.masking import mask_numbers_in_text, mask_phone
from yiwang.workorders import actions, permissions, selectors, services, workflow
from yiwang.workorders.models import Category, Channel, OrderType, Status, Urgency

from .base import (NOT_BLANK, ActionOut, Count, Day, EventOut, Id, IdNumber, In, Mapped, Moment, OptionalPhone, Page, actions_out, events_out, require_scope,
                   selector_params)
from .errors import ApiError

router = Router(tags=["work orders"])

ACTION_CODES = Literal[tuple(workflow.ACTIONS)]


def _six_places(value):
    return Decimal(str(value)).quantize(Decimal("0.000001"))


# Degrees (WGS-84) as JSON numbers, kept to six places (about 0.1 m).
Latitude = Annotated[float, Field(ge=-90, le=90, strict=True), AfterValidator(_six_places)]
Longitude = Annotated[float, Field(ge=-180, le=180, strict=True), AfterValidator(_six_places)]


class OrderIn(In):
    order_type: Literal[tuple(OrderType.values)]
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    body: str = Field(min_length=1, max_length=settings.ORDER_BODY_MAX_CHARS, pattern=NOT_BLANK)
    channel: Literal[tuple(Channel.values)] = Channel.API
    urgency: Literal[tuple(Urgency.values)] = Urgency.NORMAL
    confidential: bool = False
    caller_name: str = Field("", max_length=50)
    caller_phone: OptionalPhone = ""
    caller_id_number: IdNumber = ""
    category_id: Id | None = None
    street_code: str | None = Field(None, max_length=40)
    community_code: str | None = Field(None, max_length=40)
    address: str = Field("", max_length=200)
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    source_ref: str = Field("", max_length=60, description="your own reference; the same one twice is refused")
    attributes: dict[str, str | list[str]] | None = Field(
        None, description="answers to the category's form fields (see /reference/categories), by key")


class CallerOut(Schema):
    name: str
    phone: str = Field(description="masked")


class OrderOut(Schema):
    number: str
    order_type: str
    channel: str
    urgency: str
    title: str
    body: str
    category_id: int | None
    category: str | None
    street_code: str | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    status: str
    status_label: str
    lead_unit_code: str | None
    lead_unit: str | None
    deadline: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    answer: str
    satisfaction: str
    caller: CallerOut | None = Field(description="absent when the order is confidential to you")
    version: int = Field(description="send it back with an action; a changed order refuses a stale version")


def out(order, user, listed=False):
    """One order as the API gives it. In a list, as in the page's list, the numbers written into the
    title and the content are masked for everyone; one order is read as its page shows it."""
    hidden = permissions.caller_hidden(user, order)
    title, body = permissions.readable_text(user, order)
    if listed:
        title, body = mask_numbers_in_text(title), mask_numbers_in_text(body)
    return {
        "number": order.number, "order_type": order.order_type, "channel": order.channel, "urgency": order.urgency,
        "title": title, "body": body, "category_id": order.category_id,
        "category": order.category.path if order.category_id else None,
        "street_code": order.street.code if order.street_id else None, "address": order.address,
        "latitude": order.latitude, "longitude": order.longitude,
        "status": order.status, "status_label": order.get_status_display(),
        "lead_unit_code": order.lead_unit.code if order.lead_unit_id else None,
        "lead_unit": order.lead_unit.name if order.lead_unit_id else None,
        "deadline": order.deadline, "created_at": order.created_at, "updated_at": order.updated_at,
        "closed_at": order.closed_at, "answer": order.answer, "satisfaction": order.satisfaction,
        "caller": None if hidden else {"name": order.caller_name, "phone": mask_phone(order.caller_phone)},
        "version": order.version,
    }


def _unit_by_code(code, kind, field):
    if not code:
        return None
    unit = Unit.objects.filter(code=code, kind=kind).first()
    if unit is None:
        raise ValidationError({field: _("Unknown unit code: %(c)s") % {"c": code}})
    return unit


def _visible(request, number):
    order = (permissions.visible_orders(request.user).select_related("lead_unit", "category__parent__parent", "street")
             .filter(number=number).first())
    if order is None:
        raise ApiError(404, "not_found", _("No such work order."))
    return order


def file_order(user, source_system, data):
    """Intake shared by the JSON API and Open311: a request from another system enters the loop."""
    if not permissions.can_take_orders(user):
        raise ApiError(403, "forbidden", _("Your role may not take work orders."))
    return services.create_order(actor=user, source_system=source_system, **data)


@router.post("/workorders", response={201: OrderOut}, summary="File a work order")
def create_workorder(request, payload: OrderIn):
    """Take a request from another platform into the 12345 loop; it is dispatched like any other."""
    require_scope(request, "workorders:write")
    data = payload.dict()
    category = None
    category_id = data.pop("category_id")
    if category_id is not None:
        category = Category.objects.filter(pk=category_id, is_active=True).first()
        if category is None:
            raise ValidationError({"category_id": _("Unknown category.")})
    street = _unit_by_code(data.pop("street_code"), Unit.Kind.STREET, "street_code")
    community = _unit_by_code(data.pop("community_code"), Unit.Kind.COMMUNITY, "community_code")
    key = getattr(request, "api_key", None)
    order = file_order(request.user, key.name if key else "api",
                       dict(data, category=category, street=street, community=community))
    return Answer(201, out(_visible(request, order.number), request.user))


class OrderFilters(Schema):
    status: Literal[tuple(Status.values)] | None = None
    order_type: Literal[tuple(OrderType.values)] | None = None
    channel: Literal[tuple(Channel.values)] | None = None
    urgency: Literal[tuple(Urgency.values)] | None = None
    category_id: Id | None = Field(None, description="this category only")
    root_category_id: Id | None = Field(None, description="a first-level category and everything under it")
    lead_unit_id: Id | None = None
    street_id: Id | None = None
    q: str | None = Field(None, max_length=100, description="number, title, content or address contains")
    received_from: Day | None = None
    received_to: Day | None = None
    open: bool | None = Field(None, description="true: not closed or merged yet")
    overdue: bool | None = Field(None, description="true: past the current time limit")
    updated_since: Moment | None = Field(None, description="changed at or after (for synchronising)")


@router.get("/workorders", response=list[OrderOut], summary="List work orders")
@paginate(Page)
def list_workorders(request, filters: Query[OrderFilters]):
    """The orders you may see, newest first, with the filters of the order list page."""
    require_scope(request, "workorders:read")
    f = filters
    params = selector_params(status=f.status, type=f.order_type, channel=f.channel, urgency=f.urgency,
                             category=f.category_id, root=f.root_category_id, unit=f.lead_unit_id,
                             street=f.street_id, q=f.q, open="1" if f.open else None,
                             overdue="1" if f.overdue else None,
                             **{"from": f.received_from, "to": f.received_to})
    qs = selectors.search(request.user, params)
    if f.open is False:
        qs = qs.filter(status__in=[Status.CLOSED, Status.MERGED])
    if f.updated_since:
        qs = qs.filter(updated_at__gte=f.updated_since)
    qs = qs.select_related("category__parent__parent")
    return Mapped(qs, lambda o: out(o, request.user, listed=True))


@router.get("/workorders/{number}", response=OrderOut, summary="One work order")
def get_workorder(request, number: str):
    require_scope(request, "workorders:read")
    return out(_visible(request, number), request.user)


@router.get("/workorders/{number}/events", response=list[EventOut], summary="Its timeline")
def get_workorder_events(request, number: str):
    require_scope(request, "workorders:read")
    order = _visible(request, number)
    return events_out(order.events.all(), workflow.event_label)


@router.get("/workorders/{number}/actions", response=list[ActionOut], summary="What you may do now")
def get_workorder_actions(request, number: str):
    """The workflow actions open to you on this order in its current state, as on its page."""
    require_scope(request, "workorders:read")
    order = _visible(request, number)
    return actions_out(workflow.available(order, request.user))


class OrderActionIn(In):
    version: Count = Field(description="the version you read; a changed order refuses the action")
    lead_unit_id: Id | None = Field(None, description="dispatch, redispatch")
    co_unit_ids: list[Id] = Field([], max_length=20, description="dispatch, redispatch")
    note: str = Field("", max_length=5000)
    answer: str | None = Field(None, max_length=settings.TEXT_MAX_CHARS, description="answer_now, reply, answer_notice")
    reason: str | None = Field(None, max_length=5000, description="send_back, request_extension, suspend")
    workdays: int | None = Field(None, ge=1, le=365, description="request_extension")
    decision: Literal["approve", "reject"] | None = Field(None, description="decide_extension")
    opinion: str | None = Field(None, max_length=5000, description="co_reply")
    satisfaction: Literal["satisfied", "basic", "unsatisfied"] | None = Field(None, description="callback")
    solved: Literal["yes", "no"] | None = Field(None, description="callback")
    close_anyway: bool = Field(False, description="callback: close although unsatisfied")
    master: str | None = Field(None, max_length=20, description="merge: the master order's number")
    text: str | None = Field(None, max_length=5000, description="urge, supervise")
    category_id: Id | None = Field(None, description="dispatch (required when the order has no category), correct")
    order_type: Literal[tuple(OrderType.values)] | None = Field(None, description="correct")
    street_id: Id | None = Field(None, description="correct")
    community_id: Id | None = Field(None, description="correct")
    address: str | None = Field(None, max_length=200, description="correct")


@router.post("/workorders/{number}/actions/{code}", response=OrderOut, summary="Take a workflow action")
def act_on_workorder(request, number: str, code: ACTION_CODES, payload: OrderActionIn):
    """Dispatch, sign for, return, reply, call back, close... exactly as the order page allows
    your role in the order's state; anything else is refused with code `not_allowed`."""
    require_scope(request, "workorders:write")
    order = _visible(request, number)
    p = payload.dict()
    fields = {"version": str(p.pop("version")), "lead_unit": p.pop("lead_unit_id"), "co_units": p.pop("co_unit_ids"),
              "close_anyway": "1" if p.pop("close_anyway") else "", "category": p.pop("category_id"),
              "street": p.pop("street_id"), "community": p.pop("community_id")}
    fields.update({k: v for k, v in p.items() if v is not None})
    fields = {k: (v if isinstance(v, list) else str(v)) for k, v in fields.items() if v is not None}
    actions.run(order, request.user, code, fields)
    return out(_visible(request, number), request.user)
