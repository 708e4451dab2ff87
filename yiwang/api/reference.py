"""The catalogue (办事指南) and reference data other systems need to talk to yiwang: categories,
units, code lists and the working-day calendar. Any valid key may read them."""
import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from yiwang.calendar import services as calendar
from yiwang.orgs.models import Unit
from yiwang.reviews.models import INDICATORS, Level, RatingChannel
from yiwang.services import catalogue
from yiwang.services.models import Application, ServiceItem
from yiwang.services.models import Status as ApplicationStatus
from yiwang.workorders.models import Category, Channel, OrderType, Status, Urgency

from .base import Day, Mapped, Page
from .errors import ApiError

router = Router(tags=["catalogue and reference data"])


class ItemSummary(Schema):
    code: str
    name: str
    item_type: str
    unit: str
    online: bool
    promised_days: int
    version: int


def item_summary(item):
    return {"code": item.code, "name": item.name, "item_type": item.item_type, "unit": item.unit.name,
            "online": item.online, "promised_days": item.promised_days, "version": item.version}


class ItemFilters(Schema):
    q: str | None = Field(None, max_length=100, description="words in Chinese, ranked as on the portal's search")


@router.get("/catalogue/items", response=list[ItemSummary], summary="Published service items")
@paginate(Page)
def list_items(request, filters: Query[ItemFilters]):
    qs = ServiceItem.objects.filter(published=True).select_related("unit")
    if filters.q and filters.q.strip():
        return [item_summary(i) for i in catalogue.search_items(filters.q, qs)]
    return Mapped(qs.order_by("code"), item_summary)


class GuideMaterialOut(Schema):
    id: int
    name: str
    form: str
    copies: int
    medium: str
    file_types: str
    required: bool
    deferrable: bool
    notes: str


class ItemOut(Schema):
    code: str
    version: int
    guide: dict[str, Any] = Field(description="the published guide (办事指南) as the portal shows it")
    materials: list[GuideMaterialOut] = Field(description="with the ids an application's materials refer to")


@router.get("/catalogue/items/{code}", response=ItemOut, summary="One service guide")
def get_item(request, code: str):
    item = ServiceItem.objects.filter(code=code, published=True).select_related("unit").first()
    if item is None:
        raise ApiError(404, "not_found", _("No published service item with code %(code)s.") % {"code": code})
    materials = [{"id": m.pk, "name": m.name, "form": m.form, "copies": m.copies, "medium": m.medium,
                  "file_types": m.file_types, "required": m.required, "deferrable": m.deferrable, "notes": m.notes}
                 for m in item.materials.all()]
    return {"code": item.code, "version": item.version, "guide": catalogue.snapshot(item), "materials": materials}


class BundleOut(Schema):
    code: str
    name: str
    description: str
    item_codes: list[str]


@router.get("/catalogue/bundles", response=list[BundleOut], summary="Published bundles (一件事)")
def list_bundles(request):
    return [{"code": b.code, "name": b.name, "description": b.description,
             "item_codes": [i.code for i in b.items.all()]} for b in catalogue.published_bundles()]


class CategoryOut(Schema):
    id: int
    name: str
    path: str
    level: int
    parent_id: int | None
    active: bool
    public: bool = Field(description="offered to the public as an Open311 service")
    form_fields: list[dict[str, Any]] = Field(description="what a request of this kind asks (its attributes)")


@router.get("/reference/categories", response=list[CategoryOut], summary="Work-order categories")
def list_categories(request):
    rows = Category.objects.select_related("parent__parent").order_by("level", "name")
    return [{"id": c.pk, "name": c.name, "path": c.path, "level": c.level, "parent_id": c.parent_id,
             "active": c.is_active, "public": c.public, "form_fields": c.form_fields} for c in rows]


class UnitOut(Schema):
    id: int = Field(description="what the writes and the list filters take (lead_unit_id, street_id, unit_id)")
    code: str
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    parent_code: str | None
    handles_orders: bool


@router.get("/reference/units", response=list[UnitOut], summary="The organisation tree")
def list_units(request):
    rows = Unit.objects.filter(is_active=True).select_related("parent").order_by("code")
    return [{"id": u.pk, "code": u.code, "name": u.name, "kind": u.kind, "kind_label": u.get_kind_display(),
             "parent_id": u.parent_id, "parent_code": u.parent.code if u.parent_id else None, "handles_orders": u.handles_orders}
            for u in rows]


class Choice(Schema):
    value: str
    label: str


def _choices(enum):
    return [{"value": str(v), "label": str(label)} for v, label in enum.choices]


@router.get("/reference/codes", response=dict[str, list[Choice]], summary="Code lists")
def list_codes(request):
    """Every code the API uses, with its label in the server's language."""
    return {
        "order_type": _choices(OrderType), "channel": _choices(Channel), "urgency": _choices(Urgency),
        "order_status": _choices(Status), "application_status": _choices(ApplicationStatus),
        "application_channel": _choices(Application.Channel), "rating_level": _choices(Level),
        "rating_channel": _choices(RatingChannel),
        "indicator": [{"value": code, "label": str(label)} for rows in INDICATORS.values() for code, label in rows],
    }


class DayOut(Schema):
    date: dt.date
    workday: bool


class CalendarFilters(Schema):
    start: Day
    end: Day


@router.get("/reference/workdays", response=list[DayOut], summary="The working-day calendar")
def list_workdays(request, filters: Query[CalendarFilters]):
    """Each day from start to end (at most 366 days) and whether it is a working day, with
    holidays and 调休 make-up days as the administrator keeps them."""
    if filters.end < filters.start or (filters.end - filters.start).days > 365:
        raise ApiError(422, "invalid", _("Give an end on or after the start, at most 366 days in all."))
    cal = calendar.load()
    days, day = [], filters.start
    while day <= filters.end:
        days.append({"date": day, "workday": cal.is_workday(day)})
        day += dt.timedelta(days=1)
    return days
