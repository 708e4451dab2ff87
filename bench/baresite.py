"""The baseline of bench/intake_load.py: a Django view with no middleware that parses the same JSON
body and inserts one row of similar width (13 columns) into `bench_plain_order`, in the same
database, with the same connection age as the product. Served by gunicorn like the product:

    DATABASE_URL=... gunicorn bench.baresite:application -c deploy/gunicorn.conf.py
"""
import json
import os
import uuid

import dj_database_url
from django.conf import settings

settings.configure(
    DEBUG=False, SECRET_KEY="bench-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, MIDDLEWARE=[],
    INSTALLED_APPS=[], USE_TZ=True,
    DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=int(
        os.environ.get("CONN_MAX_AGE", 60)))},
)

import django  # noqa: E402

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponseBadRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

TABLE = """CREATE TABLE IF NOT EXISTS bench_plain_order (id bigserial PRIMARY KEY, number varchar(40) UNIQUE,
  order_type varchar(16), channel varchar(16), urgency varchar(10), title varchar(200), body text,
  caller_name varchar(50), caller_phone varchar(20), address varchar(200), status varchar(20),
  source_ref varchar(60), created_at timestamptz, updated_at timestamptz);
CREATE INDEX IF NOT EXISTS bench_plain_order_created ON bench_plain_order (created_at)"""


def intake(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest()
    now = timezone.now()
    number = uuid.uuid4().hex
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_plain_order (number, order_type, channel, urgency, title, body, caller_name, "
            "caller_phone, address, status, source_ref, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            [number, data.get("order_type", ""), data.get("channel", ""), data.get("urgency", "normal"),
             data.get("title", ""), data.get("body", ""), data.get("caller_name", ""), data.get("caller_phone", ""),
             data.get("address", ""), "pending_dispatch", request.headers.get("Idempotency-Key", ""), now, now])
        pk = cursor.fetchone()[0]
    return JsonResponse({"id": pk, "number": number, "status": "pending_dispatch"}, status=201)


urlpatterns = [path("intake", intake)]
application = get_wsgi_application()
