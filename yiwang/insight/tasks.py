"""Background tasks. Imported only where a task is queued, so that loading Django does not
load Celery (the worker loads this module through yiwang.worker)."""
from yiwang.worker import app


@app.task
def train_version(pk):
    from .models import ModelVersion
    from .services import train

    train(ModelVersion.objects.get(pk=pk))


@app.task
def after_filing(pk):
    from yiwang.workorders.models import WorkOrder

    from .services import after_filing as run

    run(WorkOrder.objects.get(pk=pk))
