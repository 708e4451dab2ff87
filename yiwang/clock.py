"""The time at which services record an action: now, or a past moment while history from
another system (or the demo) is being loaded."""
import contextlib
import contextvars

from django.utils import timezone

_BACKFILL_AT = contextvars.ContextVar("backfill_at", default=None)


@contextlib.contextmanager
def backfill_at(moment):
    """Record actions as of a past moment: for loading history (demo data, legacy systems)."""
    token = _BACKFILL_AT.set(moment)
    try:
        yield
    finally:
        _BACKFILL_AT.reset(token)


def now():
    return _BACKFILL_AT.get() or timezone.now()


def local_moment(value):
    """A moment from outside (any offset Python accepts, up to ±24 h) as local time, which the
    database can store: PostgreSQL takes offsets only up to ±15:59. A naive time is read as local.
    Raises ValueError when the moment cannot be expressed locally (past year 9999)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        return timezone.localtime(value)
    except OverflowError:
        raise ValueError("date and time out of range") from None


def day_start(day):
    """The first moment of a local calendar day."""
    import datetime as dt

    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_current_timezone())


def on_days(field, first=None, last=None):
    """Filter keywords for a moment field on the local days first..last (either may be None).
    The same as `field__date__gte/lte` but as a range of moments, which an index on the field
    serves: a date taken of every row cannot use it."""
    import datetime as dt

    out = {}
    if first is not None:
        out[f"{field}__gte"] = day_start(first)
    if last is not None:
        out[f"{field}__lt"] = day_start(last + dt.timedelta(days=1))
    return out
