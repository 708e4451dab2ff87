"""Background work of the data centre: joining the records to people and households and running
the rules after an import. Imported only where the task is queued, so that loading Django does not
load Celery (the worker loads this module through yiwang.worker)."""
from contextlib import contextmanager

from django.db import connection

from yiwang.worker import app

_LOCK = 7_318_223  # the PostgreSQL advisory lock that lets one link run at a time


@contextmanager
def _one_at_a_time():
    """True inside when this process holds the link lock (always, on a database without locks)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK])


@app.task(bind=True, max_retries=None)
def link_and_evaluate(self, actor_pk):
    """Join every record to its person and household, then run the rules (warnings become visit
    tasks). A second import while a run is going waits for it and then runs once more, so the last
    file is always linked."""
    from django.contrib.auth import get_user_model

    from . import linking, services

    with _one_at_a_time() as held:
        if not held:
            raise self.retry(countdown=30)
        summary = linking.run()
        services.evaluate(actor=get_user_model().objects.get(pk=actor_pk))
    return summary
