"""/health/: what a load balancer or a monitor asks before sending users to this app server
(django-health-check). The database, the cache and the upload storage are checked on every
server; with a broker set, that at least one Celery worker answers. 200 when all pass, 500
naming the failing check otherwise; ?format=json, text or openmetrics for machines. It says
nothing about cases or people; the operator's guide asks to keep it to the internal network."""
import datetime

from django.conf import settings
from health_check.views import HealthCheckView


class Health(HealthCheckView):
    @property
    def checks(self):  # read at each request, so a server's settings decide
        out = ["health_check.checks.Database", "health_check.checks.Cache", "health_check.checks.Storage"]
        if settings.CELERY_BROKER_URL:
            from yiwang.worker import app  # the product's Celery app and broker, not Celery's default one

            out.append(("health_check.contrib.celery.Ping", {"app": app, "timeout": datetime.timedelta(seconds=2)}))
        return out


view = Health.as_view()
