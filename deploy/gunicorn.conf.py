"""gunicorn settings for one yiwang app server (docs/deploy.md). Every value can be set from the
environment, so one file serves every server of the pool."""
import multiprocessing
import os

bind = os.environ.get("YIWANG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("YIWANG_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("YIWANG_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("YIWANG_TIMEOUT", "60"))  # an export or a PDF may take a while
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # a worker is renewed now and then, so no slow leak lives for weeks
max_requests_jitter = 200
accesslog = "-"  # to the journal; the product writes its own audit log of who saw and did what
errorlog = "-"
# The proxy in front of the pool: its X-Forwarded-* headers are believed (with BEHIND_PROXY=1).
forwarded_allow_ips = os.environ.get("YIWANG_PROXY_IPS", "127.0.0.1")


def child_exit(server, worker):
    """With PROMETHEUS_MULTIPROC_DIR set, a worker that exits leaves its counts to the sum but its
    gauges go (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
