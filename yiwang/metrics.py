"""Prometheus metrics: per view (django-prometheus's middleware: requests, latency, responses by
status, labelled by view name) and per background task (counted here from Celery's signals: runs,
failures, retries and seconds, labelled by task name). `/metrics/` serves them to the addresses in
METRICS_ALLOWED_IPS only (the monitoring host); with several gunicorn workers set
PROMETHEUS_MULTIPROC_DIR so that every worker's counts are summed (docs/deploy.md)."""
import ipaddress
import time

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Counter, Histogram

from yiwang.throttle import client_ip

TASK_RUNS = Counter("yiwang_task_runs_total", "Background tasks finished, by task and outcome", ["task", "outcome"])
TASK_SECONDS = Histogram("yiwang_task_seconds", "Seconds a background task ran, by task", ["task"],
                         buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600))
_started = {}


def _allowed(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS)


def view(request):
    if not _allowed(client_ip(request)):
        return HttpResponseForbidden(_("The metrics are served to the monitoring host only.") + "\n",
                                     content_type="text/plain; charset=utf-8")
    return ExportToDjangoView(request)


def task_started(task_id=None, task=None, **_kwargs):
    _started[task_id] = time.perf_counter()


def task_finished(task_id=None, task=None, state=None, **_kwargs):
    began = _started.pop(task_id, None)
    name = getattr(task, "name", "unknown")
    if state == "RETRY":
        outcome = "retried"
    elif state in ("SUCCESS", None):
        outcome = "succeeded"
    else:
        outcome = "failed"
    TASK_RUNS.labels(task=name, outcome=outcome).inc()
    if began is not None:
        TASK_SECONDS.labels(task=name).observe(time.perf_counter() - began)


def serve_worker_metrics(**_kwargs):
    """In a Celery worker with YIWANG_WORKER_METRICS_PORT set: serve the worker's counts on that
    port for Prometheus (summing its pool's processes when PROMETHEUS_MULTIPROC_DIR is set)."""
    import os

    port = os.environ.get("YIWANG_WORKER_METRICS_PORT")
    if not port:
        return
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(int(port), addr=os.environ.get("YIWANG_WORKER_METRICS_ADDR", "127.0.0.1"), registry=registry)


def connect(app):
    """Count every task the Celery app runs (in a worker, or at once where no broker is set)."""
    from celery.signals import task_postrun, task_prerun, worker_ready

    task_prerun.connect(task_started, weak=False)
    task_postrun.connect(task_finished, weak=False)
    worker_ready.connect(serve_worker_metrics, weak=False)
    return app
