"""Driving Debian's Chromium from the tests: one browser on a thread of its own, and a desk
that logs in as each role in turn."""
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
MARKS = [
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
                refused = []  # anything the Content-Security-Policy blocked fails the journey
                page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
                try:
                    outcome["value"] = journey(page)
                finally:
                    browser.close()
                assert refused == [], refused
        except BaseException as exc:  # re-raised on the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


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

    def act(self, code, fields=None, choose=None, check=()):
        page = self.page
        box = page.locator(f"details[data-action='{code}']")
        if box.get_attribute("open") is None:
            box.locator(":scope > summary").click()  # its own, not a nested one
        for selector in check:
            box.locator(selector).check()
        for name, value in (fields or {}).items():
            box.locator(f"[name={name}]").fill(value)
        for name, value in (choose or {}).items():
            self.pick(name, value, box)
        box.locator("button.primary").click()
        page.wait_for_load_state("load")
        message = page.locator(".messages li").first.inner_text()
        assert "已完成" in message, message

    def pick(self, name, typed, within=None):
        """Choose in a picker the way a clerk does: type, then Enter on the first match."""
        field = (within or self.page).locator(f".picker:has(select[name={name}]) .picker-input")
        field.click()
        field.fill("")
        field.type(typed)
        field.press("Enter")
        return field.input_value()

    def status(self):
        return self.page.locator("#status").inner_text()

    def shot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
