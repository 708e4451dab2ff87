"""What every API module shares: authentication, scopes, the page shape and input types."""
import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.security import HttpBearer, django_auth
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema, model_validator

from yiwang.clock import local_moment

from .errors import ApiError
from .models import ApiKey


# "Has a character that is not blank", spelled so that every reader of the schema agrees: \S means
# different sets in the schema's ECMAScript regex, in pydantic's Rust regex and in Python's str.strip
# (U+0085, U+FEFF, U+001C..U+001F), so the blanks are listed.
NOT_BLANK = "[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"


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
# Personal numbers as the product takes them (the check digit is the product's rule: 422).
PHONE_PATTERN = r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$"
Phone = Annotated[str, Field(max_length=20, pattern=PHONE_PATTERN, description="a mobile, or a landline with its area code")]
OptionalPhone = Annotated[str, Field(max_length=20, pattern=PHONE_PATTERN.replace("^(", "^(|"),
                                     description="empty, a mobile, or a landline with its area code")]
IdNumber = Annotated[str, Field(max_length=18, pattern=r"^([0-9]{17}[0-9Xx])?$",
                                description="empty or 18 characters; the check digit must be right")]
CreditCode = Annotated[str, Field(max_length=18, pattern=r"^([0-9A-HJ-NPQRTUWXY]{18})?$",
                                  description="empty or 18 characters (GB 32100); the check character must be right")]
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]


def json_integer(value):
    """In a JSON body an integer is a number (5 or 5.0, as JSON Schema says), never `true` or "5"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("give a whole number")
    return value


BodyId = Annotated[int, Field(ge=1, le=2_147_483_647), BeforeValidator(json_integer)]
BodyCount = Annotated[int, Field(ge=0, le=2_147_483_647), BeforeValidator(json_integer)]


def json_number(value):
    """An amount in a JSON body is a number; the service judges its decimals and range in words."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError("give a number")
    return value


# Yuan: a number, kept as the decimal written (pydantic reads JSON numbers into Decimal exactly).
Yuan = Annotated[Decimal, BeforeValidator(json_number),
                 WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": 1e10})]


def _iso(kind):
    """Dates and times as ISO 8601 text, as the schema says: not a number read as a timestamp."""
    shape = re.compile(r"^\d{4}-\d{2}-\d{2}" + (r"([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"
                                                 if kind == "datetime" else "$"))

    def check(value):
        if isinstance(value, (dt.date, dt.datetime)):
            return value
        if not isinstance(value, str) or not shape.match(value):
            raise ValueError(f"give an ISO 8601 {kind}, e.g. " + ("2026-12-01T09:30:00+08:00" if kind == "datetime"
                                                                  else "2026-12-01"))
        return value

    return BeforeValidator(check)


Moment = Annotated[dt.datetime, _iso("datetime"), AfterValidator(local_moment)]
Day = Annotated[dt.date, _iso("date")]


def _check_text(value, where):
    """Text the database can store. The schema cannot say it, so it is the product's rule: a
    ValidationError (422, naming the field), which pydantic lets through unwrapped."""
    if isinstance(value, str):
        if "\x00" in value:
            raise DjangoValidationError({where: _("The text may not contain the NUL character.")})
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise DjangoValidationError({where: _("The text must be valid Unicode (no lone surrogates).")}) from None
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
    """A queryset (or a list, or anything that counts and slices) whose slices come out mapped (to
    API dicts), so a page counts and slices in SQL."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self):
        return len(self.qs) if isinstance(self.qs, list) else self.qs.count()

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
