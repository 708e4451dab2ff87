"""The Celery application: `celery -A yiwang.worker worker` runs the background tasks.

Settings come from Django's (the CELERY_* names); see docs/operator.md."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")

app = Celery("yiwang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

from yiwang import metrics  # noqa: E402 (the app first)

metrics.connect(app)
