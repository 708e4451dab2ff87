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


# Every text on the wall against what is painted behind it: WCAG's contrast ratio, with the
# background taken from the nearest ancestor that paints one.
CONTRAST = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const behind = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
  const worst = [];
  for (const el of document.querySelectorAll("main *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.offsetParent) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(behind(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push(el.textContent.trim().slice(0, 20) + " " + ratio.toFixed(2));
  }
  return worst;
}"""


def test_the_wall_fits_one_screen_reads_from_afar_and_scrolls_what_does_not_fit(org, server,
                                                                              browser_cookies_without_dates):
    from django.utils import timezone

    from yiwang.dashboard.models import HotSnapshot
    from yiwang.projects import services as projects

    post = projects.create_command_post(actor=org.leader, name="科创园建设指挥部", leader="张副区长")
    projects.save_project(actor=org.supervisor, data={"name": "云溪数据中心", "kind": "industry",
                                                      "total_investment": "150000", "street": org.street,
                                                      "command_post": post})
    HotSnapshot.objects.create(computed_at=timezone.now(), issues=[
        {"rank": i, "heat": 1.0, "place": "翠湖小区", "description": f"第{i}个热点问题", "count": 2, "ids": []}
        for i in range(1, 16)])
    seen = in_browser(lambda page: wall(page, server.url))
    assert seen["height"] <= 1080, seen["height"]  # one screen, no scrolling
    assert seen["low_contrast"] == [], seen["low_contrast"]
    assert "科创园建设指挥部" in seen["posts"]
    assert seen["hot_scrolled"] > 0  # fifteen hot issues do not fit: the list moves on by itself


def wall(page, base):
    Desk(page, base).login("supervisor")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{base}/dashboard/?wall=1")
    page.wait_for_selector("#c-trend canvas")
    seen = {"height": page.evaluate("document.scrollingElement.scrollHeight"),
            "low_contrast": page.evaluate(CONTRAST), "posts": page.locator("#project-panel").inner_text()}
    page.wait_for_function("() => document.getElementById('hot').scrollTop > 0", timeout=10000)
    seen["hot_scrolled"] = page.evaluate("document.getElementById('hot').scrollTop")
    return seen
