"""Two app servers (gunicorn, as docs/deploy.md runs them) on one PostgreSQL and one Redis: a
log-in session made on one is good on the other, an order changed through one is refused as stale
through the other, the public pages' rate limit counts the posts to both, and an account locked by
failures on both stays locked on both."""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import dispatched, free_port, make_user, v
from yiwang.api.services import issue_key

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)


def _redis_up():
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several servers share PostgreSQL, not SQLite"),
    pytest.mark.skipif(not shutil.which("gunicorn", path=str(Path(sys.executable).parent)),
                       reason="gunicorn is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def servers():
    if not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    redis.Redis(*REDIS, db=13).flushdb()
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
           "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/13", "HTTPS": "0", "AXES_FAILURE_LIMIT": "3",
           "PUBLIC_LIMITS": '{"public-track": ["4/h", 2]}', "YIWANG_WORKERS": "1", "YIWANG_THREADS": "2"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    started, urls = [], []
    try:
        for _ in range(2):
            port = free_port()
            started.append(subprocess.Popen(
                [gunicorn, "yiwang.wsgi", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")], cwd=ROOT,
                env={**env, "YIWANG_BIND": f"127.0.0.1:{port}"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            urls.append(f"http://127.0.0.1:{port}")
        import requests

        for url in urls:
            for _ in range(600):  # a minute at most: the first request loads the whole product
                try:
                    if requests.get(f"{url}/login/", timeout=30).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
            else:
                raise AssertionError(f"{url} did not start")
        yield urls
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _form_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def _log_in(session, url, username, password="pw-for-tests-1"):
    page = session.get(f"{url}/login/")
    return session.post(f"{url}/login/", data={"username": username, "password": password,
                                               "csrfmiddlewaretoken": _form_token(page)},
                        headers={"Referer": f"{url}/login/"}, allow_redirects=False)


def test_session_lock_limit_and_lockout_hold_across_two_servers(org, servers):
    import requests

    a, b = servers
    # A session made on one server is good on the other.
    person = requests.Session()
    assert _log_in(person, a, "staff").status_code == 302
    home = person.get(f"{b}/", allow_redirects=False)
    assert home.status_code == 200 and "staff" in home.text
    assert requests.get(f"{b}/", allow_redirects=False).status_code == 302  # no session: the log-in page

    # An order changed through one server is stale through the other.
    order = dispatched(org)
    seen = v(order)
    staff_key = issue_key(name="two-servers-a", scopes=["workorders:write"], user=org.staff)[1]
    head_key = issue_key(name="two-servers-b", scopes=["workorders:write"], user=org.head)[1]
    signed = requests.post(f"{a}/api/v1/workorders/{order.number}/actions/sign_for", json={"version": seen},
                           headers={"Authorization": f"Bearer {staff_key}", "Idempotency-Key": "two-servers-1"})
    assert signed.status_code == 200, signed.text
    late = requests.post(f"{b}/api/v1/workorders/{order.number}/actions/send_back",
                         json={"version": seen, "reason": "不归我们管"},
                         headers={"Authorization": f"Bearer {head_key}", "Idempotency-Key": "two-servers-2"})
    assert late.status_code == 409 and late.json()["code"] == "stale", late.text

    # The public pages' limit counts the posts to both servers (the counts live in Redis).
    public = requests.Session()
    for url in (a, b):
        page = public.get(f"{url}/public/track/")
        assert 'id="captcha"' not in page.text
        public.post(f"{url}/public/track/", data={"number": order.number, "phone": "13905310000",
                                                  "csrfmiddlewaretoken": _form_token(page)})
    assert 'id="captcha"' in public.get(f"{a}/public/track/").text  # the third asks, on either server
    for url in (a, b, a):
        page = public.get(f"{url}/public/track/")
        last = public.post(f"{url}/public/track/", data={"number": order.number, "phone": "13905310000",
                                                         "captcha_0": "x", "captcha_1": "PASSED",
                                                         "csrfmiddlewaretoken": _form_token(page)})
    assert last.status_code == 429

    # Failures on both servers lock the account on both.
    make_user("locked_out", ["unit_staff"], org.bureau)
    for url in (a, b, a):
        assert _log_in(requests.Session(), url, "locked_out", "wrong-password").status_code != 302
    for url in (a, b):
        refused = _log_in(requests.Session(), url, "locked_out")
        assert refused.status_code != 302 and "锁定" in refused.text, refused.status_code
