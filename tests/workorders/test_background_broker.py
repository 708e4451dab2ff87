"""The work orders' background tasks through a real broker (RabbitMQ on this machine) and a Celery
worker, as production runs them: a legacy import's batch and a large export, each answered at once
by its page and finished by the worker; an export whose database went away is tried again."""
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from yiwang.workorders import exports
from yiwang.workorders.models import ExportJob, ImportBatch

from ..conftest import new_order
from .test_import import rows, xlsx

pytestmark = [
    pytest.mark.skipif("sqlite" in settings.DATABASES["default"]["ENGINE"],
                       reason="a worker thread beside the suite needs a server database"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _until(check, seconds=60):
    for _ in range(seconds * 10):
        if check():
            return True
        time.sleep(0.1)
    return False


def test_an_import_batch_is_run_by_the_worker(org, client, broker_worker):
    client.force_login(org.dispatcher)
    response = client.post("/orders/import/", {"source_system": "old",
                                               "file": SimpleUploadedFile("legacy.xlsx", xlsx(rows(org)))})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert _until(lambda: ImportBatch.objects.get(pk=batch.pk).state == "done")
    batch.refresh_from_db()
    assert (batch.created, batch.errors) == (2, 6)


def test_an_export_is_built_by_the_worker_and_tried_again_when_the_database_went_away(
        org, client, settings, monkeypatch, broker_worker):
    settings.EXPORT_INLINE_ROWS = 1
    for _i in range(3):
        new_order(org)
    real, calls = exports.order_rows, []

    def flaky(user, orders):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        yield from real(user, orders)

    monkeypatch.setattr(exports, "order_rows", flaky)
    client.force_login(org.dispatcher)
    assert client.get("/orders/export.xlsx").status_code == 302
    job = ExportJob.objects.get()
    assert _until(lambda: ExportJob.objects.get(pk=job.pk).state == "done")
    job.refresh_from_db()
    assert len(calls) == 2 and job.total == 3 and job.failure == ""  # the second try built it
    assert client.get(f"/orders/exports/{job.pk}/download/").status_code == 200
