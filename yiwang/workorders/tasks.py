"""Background tasks of the 12345 loop. Imported only where a task is queued, so that loading
Django does not load Celery (the worker loads this module through yiwang.worker)."""
from yiwang.worker import app


@app.task
def import_batch(pk):
    from .importer import run_batch

    run_batch(pk)


@app.task
def export_orders(pk):
    from .exports import build_job

    build_job(pk)
