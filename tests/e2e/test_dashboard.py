"""The command centre in Chromium: the charts are drawn from the product's own ECharts, and a
figure leads to the orders behind it."""
import datetime as dt

from yiwang.workorders import services

from ..conftest import NOW, handling, new_order
from .browser import MARKS, Desk, in_browser

pytestmark = MARKS


def test_a_supervisor_follows_the_overdue_figure_to_its_orders(org, server, browser_cookies_without_dates):
    with services.backfill_at(NOW - dt.timedelta(days=12)):
        late = handling(org, title="早就超期的工单")
    handling(org, title="还在期限内的工单")
    new_order(org, title="刚受理的紧急工单", urgency="urgent")
    seen = in_browser(lambda page: journey(page, server.url))
    assert seen["overdue"] == "1" and seen["open"] == "3"
    assert late.number in seen["list"] and "还在期限内的工单" not in seen["list"]
    assert seen["echarts_local"] and seen["canvases"] >= 3


def journey(page, base):
    desk = Desk(page, base)
    desk.login("supervisor")
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.url.endswith(".js") else None)
    page.goto(f"{base}/dashboard/")
    page.wait_for_selector("#c-trend canvas")
    assert "指挥中心" in page.content()
    seen = {"overdue": page.locator("[data-kpi=overdue] b").inner_text().strip(),
            "open": page.locator("[data-kpi=open] b").inner_text().strip(),
            "canvases": page.locator(".chart canvas").count(),
            "echarts_local": any(u.startswith(base) and "echarts.min.js" in u for u in scripts)}
    assert "刚受理的紧急工单" in page.locator("#urgent").inner_text()
    page.click("[data-kpi=overdue]")
    page.wait_for_selector("table")
    seen["list"] = page.locator("main").inner_text()
    return seen
