"""The link run after an import, through a real broker (RabbitMQ on this machine) and a Celery
worker: the page answers at once, the worker joins the records and runs the rules."""
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from kombu import Connection

from yiwang.assistance.models import Alert, Person
from yiwang.audit.models import Entry
from yiwang.worker import app

from .conftest import load, source
from .test_pages import HEAD

BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def _broker_up():
    try:
        with Connection(BROKER, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:  # noqa: BLE001 (any failure to connect means no broker here)
        return False


@pytest.fixture
def worker(settings):
    if not _broker_up():
        pytest.skip("RabbitMQ is not running on 127.0.0.1:5672")
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=BROKER)
    import yiwang.assistance.tasks  # noqa: F401 (the worker must know the task)

    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=120):
        yield
    app.conf.update(saved)


# The embedded default has no broker and runs the task in the request; a worker thread beside the
# test on SQLite's shared in-memory database would meet its table locks. The worker path is
# PostgreSQL's, and the test database's rows are restored for the tests after it.
@pytest.mark.skipif("sqlite" in settings.DATABASES["default"]["ENGINE"], reason="the worker path is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_applied_on_the_page_is_linked_by_the_worker(centre, client, worker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yiwang.assistance import synthetic
    from yiwang.assistance.models import ImportRun

    load(source("YB-FY", fact="medical"), [HEAD, ["张明", "370214198003071795", "", "", "", "", "", "", "8000",
                                                  "2026-10-01"]])
    client.force_login(centre.analyst)
    content = synthetic.csv_bytes([HEAD, ["张明", "370214198003071795", "青山街道", "松林社区", "H1", "户主", "2",
                                          "600", "", ""]])
    client.post("/assistance/sources/", {"code": "MZ-SR", "name": "民政 低保", "unit": centre.minzheng.pk,
                                         "file": SimpleUploadedFile("低保.csv", content, "text/csv")})
    run = ImportRun.objects.latest("pk")
    answer = client.post(f"/assistance/imports/{run.pk}/", {"do": "apply"}, follow=True)
    assert "在后台" in answer.content.decode()  # not linked in the request: queued
    for _ in range(1200):  # the worker's run, to its end (the rules' audit entry); two minutes at most
        if Entry.objects.filter(action="assistance.evaluate").exists():
            break
        time.sleep(0.1)
    zhang = Person.objects.get(name="张明")
    assert zhang.records.count() == 2 and zhang.household.number == "H1"
    assert Alert.objects.filter(person=zhang).exists()  # the rules ran after the link
