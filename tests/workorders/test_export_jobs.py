"""An export too large for a request is built in the background (a worker with a broker, a thread of
the server on the embedded default) into a file only its owner downloads, with its progress on a
page of its own; a small one is still made at once."""
import io
import time

import pytest
from django.db import connection
from openpyxl import load_workbook

from yiwang.audit.models import Entry
from yiwang.workorders import exports
from yiwang.workorders.models import ExportJob

from ..conftest import new_order


def test_a_small_export_is_made_at_once(org, client, settings):
    settings.EXPORT_INLINE_ROWS = 5
    new_order(org)
    client.force_login(org.dispatcher)
    response = client.get("/orders/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert not ExportJob.objects.exists()


def test_a_large_export_runs_in_the_background_and_only_its_owner_downloads_it(
        org, client, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_ROWS = 2
    for i in range(3):
        new_order(org, title=f"第{i}件", caller_phone=f"1390531000{i}")
    new_order(org, title="别的类型", order_type="consult")
    client.force_login(org.dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/orders/export.xlsx", {"type": "complaint"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/exports/{job.pk}/"
    assert (job.state, job.total, job.done, job.query) == ("done", 3, 3, {"type": "complaint"})
    page = client.get(f"/orders/exports/{job.pk}/").content.decode()
    assert "下载" in page and 'data-refresh' not in page and "type=complaint" in page
    sheet = load_workbook(io.BytesIO(b"".join(client.get(f"/orders/exports/{job.pk}/download/").streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[5] for r in rows) == ["第0件", "第1件", "第2件"]
    assert all(r[10].startswith("139") and "*" in r[10] for r in rows)  # masked, as in the list
    assert sheet.cell(row=2, column=2).is_date  # typed: the received time is a date, not text
    assert Entry.objects.filter(action="workorders.exported", target=f"export:{job.pk}").exists()
    assert client.get(f"/orders/exports/{job.pk}/?format=json").json() == {"state": "done", "done": 3, "total": 3}
    client.force_login(org.supervisor)  # another user of the centre: not theirs
    assert client.get(f"/orders/exports/{job.pk}/").status_code == 404
    assert client.get(f"/orders/exports/{job.pk}/download/").status_code == 404


def test_a_failed_export_says_so_and_keeps_no_file(org, client, settings, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_ROWS = 0
    new_order(org)

    def broken(user, orders):
        raise RuntimeError("磁盘已满")
        yield

    monkeypatch.setattr(exports, "order_rows", broken)
    client.force_login(org.dispatcher)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        client.get("/orders/export.xlsx")
    job = ExportJob.objects.get()
    assert job.state == "failed" and "磁盘已满" in job.failure and not job.file
    assert "导出失败" in client.get(f"/orders/exports/{job.pk}/").content.decode()
    assert client.get(f"/orders/exports/{job.pk}/download/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a thread beside the suite needs a server database")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_the_embedded_default_a_thread_of_the_server_builds_it(org, client, settings):
    settings.EXPORT_INLINE_ROWS = 1
    settings.BACKGROUND_THREADS = True
    for _i in range(3):
        new_order(org)
    client.force_login(org.dispatcher)
    response = client.get("/orders/export.xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    for _i in range(100):
        job.refresh_from_db()
        if job.state == "done":
            break
        time.sleep(0.1)
    assert job.state == "done" and job.total == 3 and job.file
