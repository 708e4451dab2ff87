"""The embedded default (SQLite) under two people acting on one order at the same instant,
through the pages of a real threaded server: the loser is told the order changed, never
answered with a server error ("database is locked")."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.conftest import free_port

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default is SQLite")

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 6
SETUP = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from yiwang.orgs.models import Staff, Unit
from yiwang.workorders import services
K = Unit.Kind
district = Unit.objects.create(code="D", name="测试区", kind=K.DISTRICT, handles_orders=False)
bureau = Unit.objects.create(code="B1", name="城管局", kind=K.BUREAU, parent=district)
def user(name, role, unit):
    u = get_user_model().objects.create_user(username=name, password="pw-for-tests-1")
    u.groups.add(Group.objects.get_or_create(name=role)[0])
    Staff.objects.create(user=u, unit=unit, display_name=name)
    return u
dispatcher, staff = user("dispatcher", "dispatcher", district), user("staff", "unit_staff", bureau)
for i in range({TRIALS}):
    o = services.create_order(actor=dispatcher, channel="phone", order_type="help", title="路灯不亮",
                              body="青山路路灯不亮", caller_phone="13800138000")
    services.dispatch(order=o, actor=dispatcher, lead_unit=bureau, version=o.version)
    print(o.number)
"""


@pytest.fixture
def server(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'yiwang.sqlite3'}", YIWANG_HOME=str(tmp_path),
               DJANGO_SETTINGS_MODULE="yiwang.settings", DEBUG="0", HTTPS="0", SECRET_KEY="k" * 50,
               PYTHONPATH=str(ROOT))
    yiwang = [sys.executable, "-m", "yiwang"]
    subprocess.run([*yiwang, "migrate", "-v0"], env=env, check=True, cwd=tmp_path)
    numbers = subprocess.run([*yiwang, "shell", "--no-imports", "-c", SETUP], env=env, check=True, cwd=tmp_path,
                             capture_output=True, text=True).stdout.split()[-TRIALS:]
    port = free_port()
    proc = subprocess.Popen([*yiwang, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/login/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    assert numbers and all(n.isdigit() for n in numbers), numbers
    yield base, numbers
    proc.terminate()
    proc.wait(10)


def logged_in(base):
    s = requests.Session()
    s.get(base + "/login/")
    s.post(base + "/login/", data={"username": "staff", "password": "pw-for-tests-1",
                                   "csrfmiddlewaretoken": s.cookies["csrftoken"]}, headers={"Referer": base})
    return s


def test_two_people_sign_for_one_order_at_once(server):
    base, numbers = server
    people = [logged_in(base), logged_in(base)]
    outcomes = []
    for number in numbers:
        url = f"{base}/orders/{number}/act/sign_for/"
        barrier, answers = threading.Barrier(2), [None, None]

        def post(i, barrier=barrier, answers=answers, url=url):
            s = people[i]
            barrier.wait()
            answers[i] = s.post(url, data={"version": "2", "csrfmiddlewaretoken": s.cookies["csrftoken"]},
                                headers={"Referer": base}, allow_redirects=False)

        threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [a.status_code for a in answers] == [302, 302], [a.text[:300] for a in answers]
        pages = [people[i].get(base + answers[i].headers["Location"]).text for i in range(2)]
        outcomes.append(sorted("已完成：签收" in p for p in pages))
        assert sum("已被他人更改" in p for p in pages) == 1
    assert outcomes == [[False, True]] * len(numbers)
