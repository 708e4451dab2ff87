"""Work that must not run inside a request (a large import or export), started once the request's
transaction commits. With a broker (CELERY_BROKER_URL) it is a Celery task on the workers, retried
and visible to the operator like any other. On the embedded default, which has no broker, the
product runs it itself in a thread of the server process, so the page answers at once and shows the
progress. settings.BACKGROUND_THREADS = False runs it inline instead (the suite, by default)."""
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections, transaction

log = logging.getLogger(__name__)


def submit(task, *args):
    """Queue `task` (a Celery task) with `args` after the current transaction commits."""
    transaction.on_commit(lambda: _start(task, args))


def _start(task, args):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        task.delay(*args)
    elif settings.BACKGROUND_THREADS:
        threading.Thread(target=_in_thread, args=(task, args), name=f"yiwang-{task.name}", daemon=True).start()
    else:
        task.apply(args=args, throw=True)


def _in_thread(task, args):
    close_old_connections()
    try:
        task.apply(args=args, throw=True)
    except Exception:  # the task records its own failure on its job; this is the operator's log
        log.exception("background task %s%r failed", task.name, args)
    finally:
        connections.close_all()
