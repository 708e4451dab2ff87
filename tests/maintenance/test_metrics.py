"""Prometheus metrics: requests counted per view, background tasks per task and outcome, and the
page served to the monitoring host's address only."""
from yiwang.worker import app


def _sample(text, name, **labels):
    """The value of a metric line with these labels, or 0."""
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_requests_are_counted_per_view_and_only_the_monitoring_host_reads_them(client, db):
    before = _sample(client.get("/metrics/").content.decode(), "django_http_requests_total_by_view_transport_method_total",
                     view="login", method="GET")
    for _ in range(3):
        assert client.get("/login/").status_code == 200
    page = client.get("/metrics/")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/plain")
    after = _sample(page.content.decode(), "django_http_requests_total_by_view_transport_method_total",
                    view="login", method="GET")
    assert after - before == 3
    refused = client.get("/metrics/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 403 and "监控主机" in refused.content.decode()


def test_background_tasks_are_counted_per_task_and_outcome(client, db, settings):
    @app.task(name="yiwang.tests.metrics_probe")
    def probe(fail=False):
        if fail:
            raise ValueError("probe failed")
        return 1

    def count(outcome):
        return _sample(client.get("/metrics/").content.decode(), "yiwang_task_runs_total",
                       task="yiwang.tests.metrics_probe", outcome=outcome)

    ok, failed = count("succeeded"), count("failed")
    probe.apply()
    probe.apply(kwargs={"fail": True}, throw=False)  # eager, as without a broker; the error kept on the result
    assert count("succeeded") - ok == 1 and count("failed") - failed == 1
    assert _sample(client.get("/metrics/").content.decode(), "yiwang_task_seconds_count",
                   task="yiwang.tests.metrics_probe") >= 2
