"""One way from an action's code to its service call, for every kind of case: the workflow table
says what each action takes (its inputs, as data) and which service function does it; `perform`
reads the inputs from a form or a JSON body and calls the function. The pages' one case-action
view (yiwang.case_views) and the API call it, so a new kind of case writes its table and its
services, never another chain of `if code == ...`."""
import datetime as dt
from dataclasses import dataclass

from yiwang.orgs.models import Unit

TEXT, OPTIONAL, BLANK, DAY, UNIT, UNITS, IS, CONST, FILES, RAW = (
    "text", "optional", "blank", "day", "unit", "units", "is", "const", "files", "raw")


@dataclass(frozen=True)
class Input:
    """One field an action takes. `name` is the field on the form (and in the JSON body); `arg` the
    service's keyword (default: the name); `kind` how it is read:

    text      the text as sent (None when absent: the service says it is missing)
    blank     the text, "" when absent (an optional note)
    optional  the text, None when empty
    day       a YYYY-MM-DD day (None when empty or not a day: the service says which)
    unit      an active unit by id (None when unknown)
    units     the active units of a list of ids
    is        whether the field equals `value` ("approve" → True)
    const     `value` itself (the action decides it: propose_cannot → conclusion "cannot")
    files     the uploaded files of the field (none through the API)
    raw       the value as sent (a number from a JSON body)"""

    name: str
    kind: str = TEXT
    arg: str = ""
    value: object = None


def _get(data, name, many=False):
    if hasattr(data, "getlist"):
        return data.getlist(name) if many else data.get(name)
    value = data.get(name)
    if many:
        return [] if value is None else list(value) if isinstance(value, (list, tuple)) else [value]
    return value


def _day(value):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _ids(values):
    out = []
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, int) or str(v).strip().isdigit():
            out.append(int(v))
    return out


def read(action, data, files=None):
    """The service's keywords for `action` from `data` (a QueryDict or a dict) and `files`."""
    kwargs = {}
    for field in action.inputs:
        kind, name = field.kind, field.name
        if kind == CONST:
            value = field.value
        elif kind == IS:
            value = _get(data, name) == field.value
        elif kind == BLANK:
            value = _get(data, name) or ""
        elif kind == OPTIONAL:
            value = _get(data, name) or None
        elif kind == DAY:
            value = _day(_get(data, name))
        elif kind == UNIT:
            ids = _ids([_get(data, name)])
            value = Unit.objects.filter(pk=ids[0], is_active=True).first() if ids else None
        elif kind == UNITS:
            value = list(Unit.objects.filter(pk__in=_ids(_get(data, name, many=True)), is_active=True))
        elif kind == FILES:
            value = files.getlist(name) if files is not None and hasattr(files, "getlist") else []
        else:  # text, raw
            value = _get(data, name)
        kwargs[field.arg or name] = value
    return kwargs


def perform(table, services, case, code, actor, data, files=None, version=None):
    """Take action `code` on `case`: its inputs read from `data`, its service function called with
    the case, the actor and the version the person read. KeyError for a code the table lacks."""
    action = table.actions[code]
    function = getattr(services, action.service or code)
    return function(**{table.case_arg: case}, actor=actor, version=version, **read(action, data, files))
