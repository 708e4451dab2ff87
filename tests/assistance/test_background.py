"""The link run after an import, through a real broker (RabbitMQ on this machine) and a Celery
worker: the page answers at once, the worker joins the records and runs the rules."""
import time

import pytest
from django.conf import settings

from yiwang.assistance.models import Alert, Person
from yiwang.audit.models import Entry

from .conftest import load, source
from .test_pages import HEAD

@pytest.fixture
def worker(broker_worker):
    return broker_worker


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
