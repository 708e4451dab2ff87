"""Intake under load: the product's API intake (POST /api/v1/workorders, with its key, idempotency,
validation, encryption, timeline, audit and the insight task queued on the broker) against a bare
Django view that inserts one row of similar width (bench/baresite.py). Both are served by gunicorn
with the same settings (deploy/gunicorn.conf.py, YIWANG_WORKERS x YIWANG_THREADS) on the same
database, and driven by locust, headless, on loopback only, bounded in time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yiwang_bench python bench/intake_load.py --seconds 20

Prints, for each: the most requests a second answered in a closed loop (16 users sending as soon as
answered) and the latency (p50, p99) at a fixed rate (--rate, 100 a second by default), with the
ratios. The database named in DATABASE_URL is dropped and made again first (bench/emptydb.py). With
a broker (CELERY_BROKER_URL; by default a Redis database of its own, redis://127.0.0.1:6379/11,
emptied before and after; --no-broker to leave it out) a worker runs beside the servers, as in
production; without one the insight task runs inside the
request, as on the embedded default. The cache is Redis (REDIS_URL, redis://127.0.0.1:6379/12 by
default), as docs/deploy.md sets it up for more than one server.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
BIN = Path(sys.executable).parent
# The bare view's table (bench/baresite.py): the product's order row's 13 main columns.
TABLE = """CREATE TABLE bench_plain_order (id bigserial PRIMARY KEY, number varchar(40) UNIQUE,
  order_type varchar(16), channel varchar(16), urgency varchar(10), title varchar(200), body text,
  caller_name varchar(50), caller_phone varchar(20), address varchar(200), status varchar(20),
  source_ref varchar(60), created_at timestamptz, updated_at timestamptz);
CREATE INDEX bench_plain_order_created ON bench_plain_order (created_at)"""


def prepare():
    import django

    import emptydb

    emptydb.recreate()
    os.environ["DJANGO_SETTINGS_MODULE"] = "yiwang.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from yiwang.api.services import issue_key
    from yiwang.calendar.services import seed_from_chinesecalendar
    from yiwang.demo import hall, loader

    loader.build_org()
    hall.build_units()
    loader.build_categories()
    seed_from_chinesecalendar()
    _key, raw = issue_key(name="bench-load", scopes=["workorders:write"])
    with connection.cursor() as cursor:
        for statement in TABLE.split(";"):
            cursor.execute(statement)
    return raw


def start(app, port, env):
    process = subprocess.Popen([str(BIN / "gunicorn"), app, "-c", str(ROOT / "deploy" / "gunicorn.conf.py")], cwd=ROOT,
                               env={**env, "YIWANG_BIND": f"127.0.0.1:{port}"}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    import requests

    for _ in range(600):
        try:
            requests.get(f"http://127.0.0.1:{port}/health/", timeout=30)
            return process
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{app} did not start")


def locust(port, path, token, users, seconds, rate=0.0):
    """One locust run; returns (requests a second, p50 ms, p99 ms, failures)."""
    out = tempfile.mkdtemp(prefix="yiwang-locust-")
    env = {**os.environ, "INTAKE_PATH": path, "INTAKE_TOKEN": token or "", "INTAKE_RATE": str(rate)}
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locust_intake.py"), "--headless",
                    "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
                    "--csv", f"{out}/run", "--only-summary", "--stop-timeout", "10"], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{out}/run_stats.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "intake")
    return (float(row["Requests/s"]), float(row["50%"]), float(row["99%"]), int(row["Failure Count"]),
            int(row["Request Count"]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20, help="each locust run's length")
    parser.add_argument("--users", type=int, default=16, help="closed-loop users")
    parser.add_argument("--rate", type=float, default=100, help="the fixed rate, requests a second")
    parser.add_argument("--no-broker", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database (it is emptied)")
    from cryptography.fernet import Fernet

    # A broker of the benchmark's own (a Redis database it empties before and after): the orders it
    # files queue more insight tasks than its worker runs, and none may be left for anyone else.
    broker = "" if args.no_broker else os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")
    if broker.startswith("redis://"):
        import redis

        redis.Redis.from_url(broker).flushdb()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "yiwang.settings", "DEBUG": "0", "HTTPS": "0",
           "SECRET_KEY": "bench-" + "x" * 50, "YIWANG_DATA_KEYS": os.environ.get("YIWANG_DATA_KEYS",
                                                                            Fernet.generate_key().decode()),
           "YIWANG_INDEX_KEY": "bench-index-key", "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "YIWANG_WORKERS": os.environ.get("YIWANG_WORKERS", "2"), "YIWANG_THREADS": os.environ.get("YIWANG_THREADS", "4"),
           "CELERY_BROKER_URL": broker, "YIWANG_HOME": tempfile.mkdtemp(prefix="yiwang-bench-home-"),
           # several servers share their cache (sessions, limits, the calendar's version) in Redis
           "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")}
    os.environ.update(env)  # the same settings for the set-up here as for the servers
    token = prepare()
    worker = None
    if broker:
        worker = subprocess.Popen([str(BIN / "celery"), "-A", "yiwang.worker", "worker", "-c", "1", "-Q", "celery",
                                   "--loglevel", "WARNING", "--purge"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from tests.conftest import free_port

    ports = {"product": free_port(), "bare view": free_port()}
    servers = {"product": (start("yiwang.wsgi", ports["product"], env), "/api/v1/workorders", token),
               "bare view": (start("bench.baresite:application", ports["bare view"], env), "/intake", None)}
    try:
        top, fixed = {}, {}
        for name, (_process, path, key) in servers.items():
            locust(ports[name], path, key, args.users, 5)  # warm-up
            top[name] = locust(ports[name], path, key, args.users, args.seconds)
            fixed[name] = locust(ports[name], path, key, int(args.rate), args.seconds, rate=1.0)
        print(f"gunicorn {env['YIWANG_WORKERS']} workers x {env['YIWANG_THREADS']} threads; broker: {broker or 'none'}; "
              f"{args.seconds} s a run")
        for name in servers:
            rps, p50, p99, failed, n = top[name]
            print(f"{name:10} closed loop, {args.users} users: {rps:7.1f} requests/s  (p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
                  f"{failed} of {n} failed)")
        for name in servers:
            rps, p50, p99, failed, n = fixed[name]
            print(f"{name:10} at {args.rate:.0f}/s asked: {rps:7.1f} requests/s answered, p50 {p50:.0f} ms, p99 {p99:.0f} ms "
                  f"({failed} of {n} failed)")
        ratio = top["product"][0] / top["bare view"][0] if top["bare view"][0] else 0
        print(f"throughput product / bare view: {ratio:.3f} (1/{1 / ratio if ratio else 0:.1f}); goal at least 1/3")
        print(f"p99 at {args.rate:.0f}/s: product {fixed['product'][2]:.0f} ms, bare view {fixed['bare view'][2]:.0f} ms; "
              f"goal under 200 ms")
    finally:
        for process, _path, _key in servers.values():
            process.terminate()
        if worker:
            worker.terminate()
            worker.wait(timeout=60)
        if broker.startswith("redis://"):
            import redis

            redis.Redis.from_url(broker).flushdb()


if __name__ == "__main__":
    main()
