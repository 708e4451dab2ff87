"""好差评 over the API: a partner app records the citizen's rating of a finished case; staff systems
read ratings and the rectification cases bad ones open."""
import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate

from yiwang.reviews import selectors, services
from yiwang.services import permissions as app_permissions
from yiwang.workorders import permissions as order_permissions
from yiwang.reviews.models import INDICATORS, Level, RatingChannel, Rectification, State

from .base import Day, Id, In, Mapped, OptionalPhone, Page, require_scope, selector_params
from .errors import ApiError

router = Router(tags=["ratings"])
KINDS = {"workorder": "o", "application": "a"}
INDICATOR_CODES = sorted({code for rows in INDICATORS.values() for code, _label in rows})


class RatingOut(Schema):
    case_kind: Literal["workorder", "application"]
    case_number: str
    level: int
    level_label: str
    channel: str
    indicators: dict[str, int]
    comment: str
    supplement: str
    unit: str | None
    rated_at: dt.datetime
    rectification_number: str | None


def out(r):
    try:
        rect = r.rectification
    except Rectification.DoesNotExist:
        rect = None
    case = r.order or r.application
    return {"case_kind": "workorder" if r.order_id else "application", "case_number": case.number,
            "level": r.level, "level_label": r.get_level_display(), "channel": r.channel, "indicators": r.indicators,
            "comment": r.comment, "supplement": r.supplement, "unit": r.unit.name if r.unit_id else None,
            "rated_at": r.rated_at, "rectification_number": rect.number if rect else None}


class RatingIn(In):
    case_kind: Literal["workorder", "application"]
    case_number: str = Field(max_length=24)
    level: Literal[tuple(Level.values)] = Field(description="5 very satisfied … 1 very unsatisfied")
    indicators: dict[Literal[tuple(INDICATOR_CODES)], int] = Field(
        {}, description="scores 1–5: a work order speed, result, attitude; an online application efficiency, guide_accuracy, convenience, usability; a window one efficiency, skill, attitude")
    comment: str = Field("", max_length=2000)
    rater_name: str = Field("", max_length=50)
    rater_phone: OptionalPhone = ""


@router.post("/ratings", response={201: RatingOut}, summary="Record a citizen's rating")
def create_rating(request, payload: RatingIn):
    """The one rating of a closed work order or a finished application, through a partner app
    (channel `app`). Levels 1–2 open a rectification case for the responsible unit."""
    require_scope(request, "ratings:write")
    kind = KINDS[payload.case_kind]
    case = services.case_by_kind(kind, payload.case_number)
    visible = case is not None and _may_see(request.user, case)
    if not visible:
        raise ApiError(404, "not_found", _("No such case."))
    rating = services.rate(case=case, level=payload.level, channel=RatingChannel.APP, indicators=payload.indicators,
                           comment=payload.comment, rater_name=payload.rater_name, rater_phone=payload.rater_phone)
    return Answer(201, out(selectors.visible_ratings(request.user).select_related(
        "order", "application", "unit", "rectification").filter(pk=rating.pk).first() or rating))


def _may_see(user, case):
    if services.kind_of(case) == "o":
        return order_permissions.can_see(user, case)
    return app_permissions.can_see(user, case)


class RatingFilters(Schema):
    level: Annotated[int, Field(ge=1, le=5)] | None = Field(None, description="5 very satisfied … 1 very unsatisfied")
    channel: Literal[tuple(RatingChannel.values)] | None = None
    unit_id: Id | None = None
    bad: bool | None = Field(None, description="true: levels 1 and 2 only")
    rated_from: Day | None = None
    rated_to: Day | None = None


@router.get("/ratings", response=list[RatingOut], summary="List ratings")
@paginate(Page)
def list_ratings(request, filters: Query[RatingFilters]):
    require_scope(request, "ratings:read")
    f = filters
    params = selector_params(level=f.level, channel=f.channel, unit=f.unit_id, bad="1" if f.bad else None,
                             **{"from": f.rated_from, "to": f.rated_to})
    qs = selectors.search_ratings(request.user, params)
    return Mapped(qs, out)


class CaseOut(Schema):
    number: str
    source: str
    unit: str
    state: str
    state_label: str
    summary: str
    created_at: dt.datetime
    due: dt.datetime | None
    concluded_at: dt.datetime | None
    result: str


def case_out(c):
    return {"number": c.number, "source": c.source, "unit": c.unit.name, "state": c.state,
            "state_label": c.get_state_display(), "summary": c.summary, "created_at": c.created_at, "due": c.due,
            "concluded_at": c.concluded_at, "result": c.result}


class CaseFilters(Schema):
    state: Literal[tuple(State.values)] | None = None
    source: Literal[tuple(Rectification.Source.values)] | None = None
    unit_id: Id | None = None


@router.get("/rectifications", response=list[CaseOut], summary="List rectification cases")
@paginate(Page)
def list_rectifications(request, filters: Query[CaseFilters]):
    require_scope(request, "ratings:read")
    params = selector_params(state=filters.state, source=filters.source, unit=filters.unit_id)
    qs = selectors.search_cases(request.user, params)
    return Mapped(qs, case_out)
