"""What every API module shares: authentication, scopes, the page shape and input types."""
import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.security import HttpBearer, django_auth
from pydantic import AfterValidator, model_validator

from yiwang.clock import local_moment

from .errors import ApiError
from .models import ApiKey


class KeyAuth(HttpBearer):
    def authenticate(self, request, token):
        key = ApiKey.find(token)
        if key is None or not key.user.is_active:
            # A key was given and is wrong (unknown, revoked, its user disabled): 401 at once, never
            # a fall-through to the session's CSRF check.
            raise ApiError(401, "unauthorized", _("The API key is unknown or revoked."))
        request.api_key = key
        request.user = key.user
        return key.user


AUTH = [KeyAuth(), django_auth]


def require_scope(request, scope):
    """A key must hold the scope; a logged-in member of staff is held to their roles only."""
    key = getattr(request, "api_key", None)
    if key is not None and not key.has_scope(scope):
        raise ApiError(403, "scope_missing", _("This API key lacks the scope %(s)s.") % {"s": scope})


# Database ids and counts fit a 32-bit integer; larger numbers are refused as bad input
# instead of overflowing in the database.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]


Moment = Annotated[dt.datetime, AfterValidator(local_moment)]


def _check_text(value, where):
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{where}: text may not contain the NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{where}: text must be valid Unicode (no lone surrogates)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(k, where)
            _check_text(v, f"{where}.{k}")
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_text(v, where)


class In(Schema):
    """Input bodies: text the database can store, or a clear 400 naming the field. Checked after
    validation, on the values themselves (nested In bodies check their own)."""

    @model_validator(mode="after")
    def storable_text(self):
        for name, value in self.__dict__.items():
            _check_text(value, name)
        return self


class Page(PaginationBase):
    """limit/offset pages with the total count."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="items per page (at most 500)")
        offset: int = Field(0, ge=0, le=10_000_000, description="items to skip")

    class Output(Schema):
        count: int
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset, limit = pagination.offset, pagination.limit
        return {"count": self._items_count(queryset), "limit": limit, "offset": offset,
                "items": list(queryset[offset:offset + limit])}


class Mapped:
    """A queryset whose slices come out mapped (to API dicts), so a page counts and slices in SQL."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self):
        return self.qs.count()

    def all(self):
        return self

    def __getitem__(self, item):
        return [self.fn(o) for o in self.qs[item]]


def selector_params(**values):
    """Typed API filters as the dict of strings the pages' list selectors take (None: not given)."""
    return {k: str(v) for k, v in values.items() if v is not None}


class EventOut(Schema):
    action: str
    label: str
    from_status: str
    to_status: str
    note: str
    at: dt.datetime


def events_out(events, label):
    """A case's history, each row labelled by its workflow module's `event_label`."""
    return [{"action": e.action, "label": str(label(e.action)), "from_status": e.from_status,
             "to_status": e.to_status, "note": e.note, "at": e.at} for e in events]


class ActionOut(Schema):
    code: str
    label: str


def actions_out(actions):
    return [{"code": a.code, "label": str(a.label)} for a in actions]
