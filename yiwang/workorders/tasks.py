"""Background tasks of the 12345 loop. Imported only where a task is queued, so that loading
Django does not load Celery (the worker loads this module through yiwang.worker)."""
from yiwang.worker import app


@app.task
def import_batch(pk):
    from .importer import run_batch

    run_batch(pk)


@app.task(bind=True, max_retries=3)
def export_orders(self, pk):
    """Build an export job. A database that went away is tried again (after 1, 2 and 4 seconds);
    any other failure, and the last one, stays on the job's page with its error."""
    from django.db import OperationalError

    from .exports import build_job

    try:
        build_job(pk)
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc
