"""The JSON API (django-ninja). Issue 2 needs its intake channel; the full API grows here."""
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit
from yiwang.workorders import permissions, services
from yiwang.workorders.models import Category, Channel, Urgency

from .models import ApiKey


class KeyAuth(HttpBearer):
    def authenticate(self, request, token):
        key = ApiKey.find(token)
        if key is None:
            return None
        request.api_key = key
        request.user = key.user
        return key.user


api = NinjaAPI(title="yiwang API", version="1", urls_namespace="api", auth=[KeyAuth(), django_auth])


def _require_scope(request, scope):
    key = getattr(request, "api_key", None)
    if key is not None and not key.has_scope(scope):
        raise HttpError(403, _("This API key lacks the scope %(s)s.") % {"s": scope})


@api.exception_handler(ActionRefused)
def refused(request, exc):
    return api.create_response(request, {"code": exc.code, "message": exc.message}, status=409)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"code": "invalid", "message": _("The request has errors."),
                                         "errors": details}, status=400)


class OrderIn(Schema):
    order_type: str
    title: str
    body: str
    channel: str = Channel.API
    urgency: str = Urgency.NORMAL
    confidential: bool = False
    caller_name: str = ""
    caller_phone: str = ""
    caller_id_number: str = ""
    category_id: int | None = None
    street_code: str | None = None
    community_code: str | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    source_ref: str = ""


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    at: dt.datetime


class OrderOut(Schema):
    number: str
    order_type: str
    channel: str
    urgency: str
    title: str
    status: str
    status_label: str
    lead_unit: str | None
    deadline: dt.datetime | None
    created_at: dt.datetime
    answer: str


def _out(order):
    return {
        "number": order.number, "order_type": order.order_type, "channel": order.channel,
        "urgency": order.urgency, "title": order.title, "status": order.status,
        "status_label": order.get_status_display(), "lead_unit": order.lead_unit.name if order.lead_unit else None,
        "deadline": order.deadline, "created_at": order.created_at, "answer": order.answer,
    }


def _unit_by_code(code, kind):
    if not code:
        return None
    unit = Unit.objects.filter(code=code, kind=kind).first()
    if unit is None:
        raise ValidationError({kind: _("Unknown unit code: %(c)s") % {"c": code}})
    return unit


@api.post("/workorders", response={201: OrderOut}, tags=["work orders"])
def create_workorder(request, payload: OrderIn):
    """Take a request from another platform into the 12345 loop."""
    _require_scope(request, "workorders:write")
    if not permissions.can_take_orders(request.user):
        raise HttpError(403, _("Your role may not take work orders."))
    data = payload.dict()
    category = None
    if data.pop("category_id") is not None:
        category = Category.objects.filter(pk=payload.category_id, is_active=True).first()
        if category is None:
            raise ValidationError({"category_id": _("Unknown category.")})
    street = _unit_by_code(data.pop("street_code"), Unit.Kind.STREET)
    community = _unit_by_code(data.pop("community_code"), Unit.Kind.COMMUNITY)
    source_system = request.api_key.name if getattr(request, "api_key", None) else "api"
    order = services.create_order(actor=request.user, category=category, street=street, community=community,
                                  source_system=source_system, **data)
    return Status(201, _out(order))


@api.get("/workorders/{number}", response=OrderOut, tags=["work orders"])
def get_workorder(request, number: str):
    _require_scope(request, "workorders:read")
    order = permissions.visible_orders(request.user).select_related("lead_unit").filter(number=number).first()
    if order is None:
        raise HttpError(404, _("No such work order."))
    return _out(order)


@api.get("/workorders/{number}/events", response=list[EventOut], tags=["work orders"])
def get_workorder_events(request, number: str):
    _require_scope(request, "workorders:read")
    order = permissions.visible_orders(request.user).filter(number=number).first()
    if order is None:
        raise HttpError(404, _("No such work order."))
    return list(order.events.all())
