"""The command centre at scale: generates N work orders in PostgreSQL (default 10 million),
rolls them up, then times the dashboard against the same figures computed by plain queries
over the raw order table, and prints medians and the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yiwang_bench python bench/dashboard_scale.py --orders 10000000

The database named in DATABASE_URL is dropped and made again first (bench/emptydb.py). Orders are generated in SQL
(generate_series), spread over 400 days, 2% of them still open.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

GENERATE = """
INSERT INTO workorders_workorder (number, order_type, channel, urgency, confidential, title, body, category_id,
  caller_name, caller_phone, caller_id_number, street_id, community_id, grid_id, address, status, status_changed_at,
  lead_unit_id, deadline, deadline_in_workdays, dispatched_at, handle_workdays, extension_workdays, answer,
  satisfaction, rework_count, return_count, signed_at, responded_on_time, replied_at, replied_on_time,
  called_back_at, solved, closed_at, created_at, updated_at, version, source_system, source_ref, attributes,
  media_url, caller_phone_index, caller_phone_masked, caller_id_number_index)
SELECT 'B' || lpad(g::text, 11, '0'), (ARRAY['complaint','help','consult','report','suggestion'])[1 + g % 5],
  (ARRAY['phone','phone','phone','web','wechat','app','grid','miniprogram','sms','email'])[1 + g % 10],
  CASE WHEN g % 50 = 0 THEN 'urgent' ELSE 'normal' END, false, '工单 ' || g, '生成的工单内容', cats[1 + g % array_length(cats, 1)],
  '', '', '', streets[1 + g % array_length(streets, 1)], NULL,
  CASE WHEN g % 3 = 0 THEN grids[1 + g % array_length(grids, 1)] END, '',
  CASE WHEN g % 50 = 7 THEN (ARRAY['handling','pending_sign','handling','pending_callback','pending_dispatch'])[1 + (g / 50) % 5]
    ELSE 'closed' END, t,
  units[1 + g % array_length(units, 1)],
  CASE WHEN g % 50 = 7 THEN t + interval '5 days' END, false, t + interval '1 hour', 5, 0, '',
  CASE WHEN g % 50 = 7 THEN '' WHEN g % 10 = 0 THEN 'unsatisfied' WHEN g % 7 = 0 THEN 'basic' ELSE 'satisfied' END,
  0, 0, t + interval '3 hours', g % 9 <> 0, CASE WHEN g % 50 <> 7 THEN t + interval '2 days' END,
  CASE WHEN g % 50 <> 7 THEN g % 11 <> 0 END, CASE WHEN g % 50 <> 7 THEN t + interval '3 days' END,
  CASE WHEN g % 50 <> 7 THEN g % 8 <> 0 END, CASE WHEN g % 50 <> 7 THEN t + interval '3 days' END, t, t, 1, 'bench', '',
  '{}'::jsonb, '', '', '139****' || lpad((g % 10000)::text, 4, '0'), ''
FROM (SELECT g, now() - (g::float / {N}) * interval '400 days' AS t FROM generate_series(1, {N}) g) s,
  (SELECT array_agg(id) cats FROM workorders_category WHERE level = 3) c,
  (SELECT array_agg(id) streets FROM orgs_unit WHERE kind = 'street') st,
  (SELECT array_agg(id) grids FROM orgs_unit WHERE kind = 'grid') gr,
  (SELECT array_agg(id) units FROM orgs_unit WHERE handles_orders) u
"""
# Each order's dispatch to its lead unit: the response rate counts these (supervision.rates).
DISPATCHES = """
INSERT INTO workorders_assignment (order_id, unit_id, role, state, dispatched_at, signed_at, responded_on_time,
  sign_by, ended_at, note)
SELECT id, lead_unit_id, 'lead', CASE WHEN status = 'closed' THEN 'done' ELSE 'active' END, dispatched_at, signed_at,
  responded_on_time, dispatched_at + interval '4 hours', closed_at, ''
FROM workorders_workorder WHERE lead_unit_id IS NOT NULL
"""


def median_ms(fn, runs):
    times = []
    for _i in range(runs):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the orders already generated")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database (it is emptied)")
    import django

    if not args.keep:
        import emptydb

        emptydb.recreate()
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from yiwang.dashboard import selectors, services
    from yiwang.demo import hall, loader
    from yiwang.supervision import rates
    from yiwang.supervision import services as rollups
    from yiwang.workorders.models import WorkOrder

    if not args.keep:
        call_command("migrate", verbosity=0)
        loader.build_org()
        hall.build_units()
        loader.build_categories()
        users = loader.build_users()
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(GENERATE.replace("{N}", str(args.orders)))
            cur.execute(DISPATCHES)
        print(f"generated {args.orders:,} orders in {time.perf_counter() - t:.0f} s")
        t = time.perf_counter()
        days = services.rollup()
        print(f"rolled up {days} days in {time.perf_counter() - t:.0f} s")
        t = time.perf_counter()
        services.refresh_hot()
        print(f"hot-issue snapshot in {time.perf_counter() - t:.1f} s")
    else:
        from django.contrib.auth import get_user_model

        call_command("migrate", verbosity=0)  # the indexes of a newer checkout
        users = {"leader": get_user_model().objects.get(username="leader")}
    with connection.cursor() as cur:  # what autovacuum does in production: index-only scans need it
        cur.execute("VACUUM ANALYZE")
    print(f"orders in the table: {WorkOrder.objects.count():,}")

    now = timezone.now()
    today = timezone.localdate()
    first = today.replace(day=1)

    def raw():
        """The same figures straight from the order table: no rollups."""
        services.intake_rows(*rates.month_bounds(today)).count()
        list(services.intake_rows(*rates.month_bounds(today)))
        list(services.intake_rows(rollups.day_bounds(today)[0], now))
        selectors.open_work(now)
        for month in selectors._months_back(today, selectors.TREND_MONTHS):
            rates.total(rates.facts(*rates.month_bounds(month)))
        selectors.urgent_orders()

    client = Client()
    client.force_login(users["leader"])
    def get(path):
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    selectors.figures(now), get("/dashboard/data.json"), get("/dashboard/")  # warm: the first request loads the templates
    figures = median_ms(lambda: selectors.figures(now), args.runs)
    page = median_ms(lambda: get("/dashboard/data.json"), args.runs)
    full = median_ms(lambda: get("/dashboard/"), args.runs)
    plain = median_ms(raw, max(1, args.runs // 2))
    parts = {"intake today": lambda: selectors.intake(today, today, today),
             "intake this month": lambda: selectors.intake(first, today, today),
             "open and overdue work": lambda: selectors.open_work(now),
             "12-month rate trend": lambda: selectors.rate_trend(today),
             "urgent list": lambda: selectors.urgent_orders()}
    for name, fn in parts.items():
        print(f"  part: {name:28} {median_ms(fn, args.runs):8.1f} ms")
    print(f"dashboard figures (selector):    {figures:8.0f} ms")
    print(f"dashboard data.json (HTTP):      {page:8.0f} ms")
    print(f"dashboard page (HTTP, rendered): {full:8.0f} ms")
    print(f"same figures, plain queries:     {plain:8.0f} ms")
    print(f"ratio plain / dashboard:         {plain / page:8.1f}x   (month from {first}, 12-month trend)")


if __name__ == "__main__":
    main()
