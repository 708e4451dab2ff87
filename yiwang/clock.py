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
