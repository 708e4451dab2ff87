"""督查督办 in Chromium: a command-post meeting is recorded, its decision item becomes a key task
in one step, the lead unit reports and asks to close it on evidence, and the supervision office
closes it; the meeting page then shows the item closed off."""
from yiwang.tasks.models import Meeting, State, Task

from .browser import MARKS, Desk, in_browser

pytestmark = MARKS


def test_a_meeting_item_is_followed_to_its_closure(org, server, browser_cookies_without_dates):
    in_browser(lambda page: journey(page, server.url))
    meeting = Meeting.objects.get()
    task = Task.objects.get(meeting=meeting)
    assert task.state == State.CLOSED and task.closed_on_time and task.lead_unit == org.bureau
    assert list(task.events.values_list("action", flat=True)) == [
        "create", "assign", "report", "request_closure", "approve_closure"]


def journey(page, base):
    desk = Desk(page, base)
    desk.login("supervisor")
    page.goto(f"{base}/tasks/meetings/new/")
    label = page.locator(".item-row").first.locator(".picker-input").get_attribute("aria-label")
    assert label and "城管局" not in label and len(label) < 20, label  # U8: not every unit's name
    page.fill("input[name=title]", "第一指挥部第 12 次例会")
    page.fill("input[name=chair]", "王指挥长")
    page.fill("input[name=command_post]", "第一指挥部")
    page.locator("textarea[name=item_text]").first.fill("拆除青山大桥出口处大棚围墙，恢复绿化")
    desk.pick("item_unit", "城管局", page.locator(".item-row").first)
    page.locator("input[name=item_due]").first.fill("2026-12-18")
    page.click("#meeting-form button.primary")
    page.wait_for_selector("#items")
    desk.shot("tasks-01-meeting")
    page.click("#all-to-tasks")
    page.wait_for_selector("#items a")
    assert "办理中" in page.inner_text("#items")
    number = page.locator("#items a").first.inner_text()

    desk.login("staff")  # 城管局, the lead unit
    page.goto(f"{base}/tasks/{number}/")
    desk.act("report", {"text": "已约谈业主，围墙拆除方案已确定。", "progress": "50"})
    desk.act("request_closure", {"evidence": "围墙已于 11 月 25 日拆除，绿化已恢复，附现场照片。"})
    desk.shot("tasks-02-closure-asked")

    desk.login("supervisor")
    page.goto(f"{base}/tasks/{number}/")
    assert "申请销号" in page.inner_text("h1")
    desk.act("approve_closure")
    assert "已销号" in page.inner_text("h1")
    page.goto(f"{base}/tasks/meetings/")
    page.locator("#meetings a").first.click()
    page.wait_for_selector("#items")
    assert "已销号" in page.inner_text("#items")
    desk.shot("tasks-03-meeting-closed")
