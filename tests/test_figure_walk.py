"""Every figure opens exactly the list it counts: on the demo district, as each person who reads
figures (the command centre, the hall, 我的待办 of every role, the monthly assessment), every link
that carries a number (data-n) is opened, and the list it opens must say it holds that many rows
(data-count). Runs on SQLite and on PostgreSQL (CI runs the suite on both)."""
import datetime as dt
import re
from html import unescape

from django.contrib.auth import get_user_model
from django.core.management import call_command

FIGURE = re.compile(r"<a\b[^>]*>", re.S)
PAGES = ["/", "/dashboard/", "/hall/", "/supervision/assessment/"]
READERS = ["dispatcher", "supervisor", "leader", "callback", "cg_staff", "cg_head", "qs_staff", "sj_head",
           "hall_clerk", "butler"]


def figures(html):
    """(link, number) of every anchor that carries a figure."""
    found = []
    for tag in FIGURE.findall(html):
        n = re.search(r'data-n="(\d+)"', tag)
        href = re.search(r'href="([^"]+)"', tag)
        if n and href:
            found.append((unescape(href.group(1)), int(n.group(1))))
    return found


def listed(html):
    counts = re.findall(r'data-count="(\d+)"', html)
    return int(counts[0]) if len(counts) == 1 else None


def test_every_figure_opens_the_list_of_exactly_what_it_counts(db, client, settings,
                                                               django_capture_on_commit_callbacks):
    settings.TWO_FACTOR_REQUIRED = False
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo", stdout=open("/dev/null", "w"))
    from django.utils import timezone

    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    walked, wrong = 0, []
    for username in READERS:
        client.force_login(get_user_model().objects.get(username=username))
        for page in [*PAGES, f"/supervision/assessment/?month={last_month}"]:
            answer = client.get(page)
            if answer.status_code != 200:
                continue
            for link, n in figures(answer.content.decode()):
                opened = client.get(link)
                count = listed(opened.content.decode()) if opened.status_code == 200 else None
                walked += 1
                if count != n:
                    wrong.append(f"{username} {page}: {n} → {link} ({opened.status_code}, lists {count})")
    assert walked > 100, walked  # the pages carry their figures
    print(f"{walked} figures walked")
    assert wrong == [], "\n".join(wrong)
