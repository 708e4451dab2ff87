"""How the staff pages that every clerk opens scale with the number of work orders.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yiwang_bench python bench/queues.py --orders 100000

Creates the database content in bulk (a read benchmark: intake speed is not measured here),
then times the to-do queues, the list, an overdue queue and an export of 1,000 rows through
the Django test client, at a small and a large volume, and prints medians and the ratio.
The database named in DATABASE_URL is dropped and made again first (bench/emptydb.py); default: a temporary SQLite file.
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"


def setup():
    import django

    import emptydb

    emptydb.recreate()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yiwang.demo import hall, loader

    loader.build_org()
    hall.build_units()
    loader.build_categories()
    return loader.build_users()


def add_orders(count, start_index):
    from django.utils import timezone

    from yiwang.orgs.models import Unit
    from yiwang.workorders.models import Assignment, Category, Status, WorkOrder

    rng = random.Random(start_index)
    units = list(Unit.objects.filter(handles_orders=True))
    streets = list(Unit.objects.filter(kind=Unit.Kind.STREET))
    categories = list(Category.objects.filter(level=3))
    statuses = [Status.PENDING_DISPATCH, Status.PENDING_SIGN, Status.HANDLING, Status.PENDING_CALLBACK,
                Status.CLOSED, Status.CLOSED, Status.CLOSED, Status.CLOSED]
    now = timezone.now()
    batch = []
    for i in range(start_index, start_index + count):
        status = rng.choice(statuses)
        created = now - timezone.timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        lead = None if status == Status.PENDING_DISPATCH else rng.choice(units)
        batch.append(WorkOrder(
            number=f"B{i:012d}", order_type="complaint", channel="phone", title=f"第{i}号诉求", body="内容" * 20,
            caller_phone=f"139{i % 100000000:08d}", category=rng.choice(categories), street=rng.choice(streets),
            status=status, status_changed_at=created, created_at=created, lead_unit=lead,
            deadline=None if status == Status.CLOSED else created + timezone.timedelta(days=5)))
    WorkOrder.objects.bulk_create(batch, batch_size=5000)
    orders = WorkOrder.objects.filter(number__gte=f"B{start_index:012d}", lead_unit__isnull=False).values_list(
        "pk", "lead_unit_id", "created_at")
    Assignment.objects.bulk_create([Assignment(order_id=pk, unit_id=unit, role="lead", dispatched_at=at)
                                    for pk, unit, at in orders], batch_size=5000)


def pages(export=True):
    """(user, url) of every page measured: the home pages (我的待办), the queues, the order list with
    its common filters, the overdue queue and the monthly assessment."""
    import datetime as dt

    from django.utils import timezone

    from yiwang.orgs.models import Unit
    from yiwang.workorders.models import Category

    today = timezone.localdate()
    street = Unit.objects.filter(kind=Unit.Kind.STREET).order_by("pk").first()
    category = Category.objects.filter(level=3).order_by("pk").first()
    out = [("dispatcher", "/"), ("dispatcher", "/orders/"), ("dispatcher", f"/orders/?street={street.pk}"),
           ("dispatcher", f"/orders/?category={category.pk}"), ("dispatcher", "/orders/?status=handling"),
           ("dispatcher", f"/orders/?from={today - dt.timedelta(days=30)}&to={today}"),
           ("dispatcher", "/orders/?phone=1234"), ("supervisor", "/orders/?queue=overdue"),
           ("cg_staff", "/"), ("cg_staff", "/orders/?queue=handling"), ("cg_staff", "/orders/?queue=overdue"),
           ("supervisor", "/supervision/assessment/")]
    if export:
        out.append(("dispatcher", "/orders/export.xlsx?type=complaint&from=2026-11-01"))
    return out


def measure(users, runs, urls):
    from django.test import Client

    figures = {}
    for username, url in urls:
        client = Client(SERVER_NAME="localhost")
        client.force_login(users[username])
        client.get(url)  # warm
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        figures[f"{username} {url}"] = statistics.median(times)
    return figures


def export(user):
    """A street's orders exported as the background job builds them (written as read, bounded
    memory) against the in-memory workbook of the same rows: time and the rise of peak memory."""
    import resource

    from django.utils import timezone

    from yiwang.orgs.models import Unit
    from yiwang.workorders import exports, selectors
    from yiwang.workorders.models import ExportJob

    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    street = Unit.objects.filter(kind=Unit.Kind.STREET).order_by("pk").first()
    query = {"street": str(street.pk)}
    job = ExportJob.objects.create(owner=user, query=query, created_at=timezone.now())
    before, t = peak_mb(), time.perf_counter()
    job = exports.build_job(job.pk)
    streamed, stream_rise = time.perf_counter() - t, peak_mb() - before
    orders = selectors.search(user, query).select_related("lead_unit", "category__parent__parent", "street")
    before, t = peak_mb(), time.perf_counter()
    exports.orders_workbook(user, orders[:job.total])
    in_memory, memory_rise = time.perf_counter() - t, peak_mb() - before
    print(f"export of {job.total:,} orders: background job {streamed:.1f} s, peak memory +{stream_rise:.0f} MB; "
          f"in-memory workbook {in_memory:.1f} s, peak memory +{memory_rise:.0f} MB")
    job.file.delete()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=50000, help="the large volume")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true",
                        help="measure the orders already in the database (one bench/dashboard_scale.py filled) "
                             "instead of emptying it and adding its own")
    args = parser.parse_args()
    if args.keep:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=["dispatcher", "supervisor", "cg_staff"])}
        from yiwang.workorders.models import WorkOrder

        n = WorkOrder.objects.count()
        print(f"database: {connection.vendor}, {n:,} orders kept; medians of {args.runs} requests, in ms")
        figures = measure(users, args.runs, pages(export=False))
        for key, value in figures.items():
            print(f"{key:70} {value:9.1f}   {'under' if value < 100 else 'OVER'} 100 ms")
        export(users["dispatcher"])
        return
    small = max(args.orders // 10, 1000)
    users = setup()
    from django.db import connection

    print(f"database: {connection.vendor}; medians of {args.runs} requests, in ms")
    add_orders(small, 0)
    urls = pages()
    first = measure(users, args.runs, urls)
    add_orders(args.orders - small, small)
    second = measure(users, args.runs, urls)
    print(f"{'page':70} {small:>9,} {args.orders:>9,}   ratio")
    for key in first:
        print(f"{key:70} {first[key]:9.1f} {second[key]:9.1f}   {second[key] / first[key]:5.2f}x")


if __name__ == "__main__":
    main()
