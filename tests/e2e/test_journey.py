"""The whole 12345 loop in Chromium: intake, dispatch, return, re-dispatch, extension, reply,
an unsatisfied callback, rework and closure, each step by the role that does it."""
import os
import shutil
import threading
from pathlib import Path

import pytest

from yiwang.workorders.models import Status, WorkOrder

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (CI installs it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ARTIFACTS = Path(os.environ.get("YIWANG_TEST_ARTIFACTS", "test-artifacts"))


def in_browser(journey):
    """Run `journey(page)` in Chromium on a thread of its own. Playwright's sync API runs its
    caller inside greenlets, where Django would open connections of their own; keeping the
    browser off the test's thread keeps every query on the test's one connection."""
    from playwright.sync_api import sync_playwright

    outcome = {}

    def run():
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"])
                page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="en-US")
                page.set_default_timeout(15000)
                try:
                    outcome["value"] = journey(page)
                finally:
                    browser.close()
        except BaseException as exc:  # re-raised on the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def browser_cookies_without_dates(settings):
    # The browser's clock is real while the server's is pinned: cookies must not carry dates.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_USE_SESSIONS = True


@pytest.fixture
def server(transactional_db):
    """A live server that stops with its test, before the test database is dropped
    (pytest-django's own live_server lives for the whole session)."""
    from pytest_django.live_server_helper import LiveServer

    live = LiveServer("localhost")
    yield live
    live.stop()


class Desk:
    """One browser, logging in as each role in turn."""

    def __init__(self, page, base):
        self.page, self.base = page, base

    def login(self, username):
        page = self.page
        page.context.clear_cookies()
        page.goto(f"{self.base}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "pw-for-tests-1")
        page.click("button.primary")
        page.wait_for_selector(".queues")

    def open(self, number):
        self.page.goto(f"{self.base}/orders/{number}/")

    def act(self, code, fields=None, choose=None):
        page = self.page
        box = page.locator(f"details[data-action='{code}']")
        if box.get_attribute("open") is None:
            box.locator("summary").click()
        for name, value in (fields or {}).items():
            box.locator(f"[name={name}]").fill(value)
        for name, value in (choose or {}).items():
            box.locator(f"select[name={name}]").select_option(label=value)
        box.locator("button.primary").click()
        page.wait_for_load_state("load")
        message = page.locator(".messages li").first.inner_text()
        assert "已完成" in message, message

    def status(self):
        return self.page.locator("#status").inner_text()

    def shot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_an_order_goes_round_the_whole_loop(org, server, browser_cookies_without_dates):
    from ..conftest import new_order

    new_order(org, title="上次反映的路灯问题")
    number = in_browser(lambda page: journey(page, server.url))

    order = WorkOrder.objects.get(number=number)
    assert order.status == Status.CLOSED and order.rework_count == 1 and order.extension_workdays == 3
    assert order.lead_unit == org.street and order.channel == "phone"
    assert list(order.events.values_list("action", flat=True)) == [
        "create", "dispatch", "send_back", "redispatch", "sign_for", "request_extension", "decide_extension",
        "reply", "callback", "reply", "callback"]


def journey(page, base):
    desk = Desk(page, base)
    # The agent takes the call; the caller's earlier order shows up from the phone number.
    desk.login("agent")
    assert "我的工作" in page.content()  # Chinese, although the browser asks for English
    page.goto(f"{base}/orders/new/")
    page.select_option("#id_order_type", "complaint")
    page.fill("#id_caller_phone", "13905310001")
    page.fill("#id_title", "松林路工地夜间施工噪音扰民")
    page.wait_for_selector("#caller-orders li")
    assert "上次反映的路灯问题" in page.locator("#caller-orders").inner_text()
    page.fill("#id_body", "每天晚上十一点以后还在打桩，老人孩子无法休息。")
    page.select_option("#id_street", label="青山街道")
    page.click("#intake button.primary")
    page.wait_for_selector("#status")
    number = page.url.rstrip("/").split("/")[-1]
    assert desk.status() == "待派单"
    assert "139****0001" in page.inner_text("#caller")
    desk.shot("01-taken")

    desk.login("dispatcher")
    desk.open(number)
    desk.act("dispatch", choose={"lead_unit": "城管局"})
    assert desk.status() == "待签收"

    desk.login("staff")  # 城管局: not ours
    desk.open(number)
    desk.act("send_back", {"reason": "建筑工地夜间施工属住建部门监管，非本局职责。"})
    assert desk.status() == "已退单待重派"

    desk.login("dispatcher")
    desk.open(number)
    desk.act("redispatch", choose={"lead_unit": "青山街道"})

    desk.login("street_staff")
    assert page.locator("[data-queue=to_sign] .n").inner_text() == "1"
    desk.open(number)
    desk.act("sign_for")
    assert desk.status() == "办理中"
    desk.act("request_extension", {"workdays": "3", "reason": "需会同住建部门现场执法。"})

    desk.login("supervisor")
    page.click("[data-queue=extensions]")
    page.click(f"text={number}")
    desk.act("decide_extension")
    assert "已延期 3 个工作日" in page.content()

    desk.login("street_staff")
    desk.open(number)
    desk.act("reply", {"answer": "已联合住建部门约谈施工单位，夜间停止打桩。"})
    assert desk.status() == "待回访"

    desk.login("callback")
    desk.open(number)
    assert "13905310001" not in page.inner_text("#caller")  # masked on the callback screen
    page.click("[data-reveal=caller_phone]")
    page.wait_for_function("document.querySelector('#caller').innerText.includes('13905310001')")
    box = page.locator("details[data-action='callback']")
    box.locator("input[value=unsatisfied]").check()
    desk.act("callback", {"note": "来电人反映昨晚仍在施工。"})
    assert desk.status() == "办理中"

    desk.login("street_staff")
    desk.open(number)
    desk.act("reply", {"answer": "已现场蹲守两晚，施工单位已停止夜间施工并承诺整改。"})

    desk.login("callback")
    desk.open(number)
    desk.act("callback", {"note": "来电人表示满意。"})
    assert desk.status() == "已办结"
    desk.shot("02-closed")

    assert page.locator("#timeline li").count() == 11

    # The citizen follows it with the number and phone.
    page.context.clear_cookies()
    page.goto(f"{base}/public/track/?number={number}&phone=13905310001")
    assert page.locator("#public-status").inner_text() == "已办结"
    assert "施工单位已停止夜间施工" in page.content()
    desk.shot("03-citizen")
    return number
