"""The hotline agent picks a category and is asked its own questions, in Chromium."""
from yiwang.workorders.models import Category, WorkOrder

from .browser import MARKS, Desk, in_browser

pytestmark = MARKS


def test_choosing_a_category_asks_its_questions(org, server, browser_cookies_without_dates):
    Category.objects.create(name="路灯不亮", parent=org.category, form_fields=[
        {"key": "pole", "label": "灯杆编号", "required": True, "datatype": "string"},
        {"key": "kind", "label": "情况", "datatype": "singlevaluelist",
         "values": [{"key": "dark", "name": "不亮"}, {"key": "blink", "name": "闪烁"}]},
    ])

    def intake(page):
        desk = Desk(page, server.url)
        desk.login("agent")
        page.goto(f"{server.url}/orders/new/")
        assert page.locator("#category-form").is_hidden()
        page.select_option("#id_order_type", "report")
        page.fill("#id_title", "翠湖路路灯不亮")
        page.fill("#id_body", "翠湖路口两盏路灯不亮。")
        page.fill("#id_caller_phone", "13905310001")
        assert desk.pick("category", "ldbl") == "城市管理 / 路灯不亮"  # pinyin initials of 路灯不亮
        assert "灯杆编号（请向来电人询问）" in page.locator("#category-form").inner_text()
        page.fill("[name='attribute[pole]']", "QS-0412")
        page.select_option("[name='attribute[kind]']", label="不亮")
        desk.shot("intake-category-form")
        desk.pick("category", "城市管理")  # a category without questions
        assert page.locator("#category-form").is_hidden()
        page.locator("#id_title").press("Enter")  # Enter in a field does not file a half-typed order
        assert page.url.endswith("/orders/new/")
        desk.pick("category", "ludeng")
        page.fill("[name='attribute[pole]']", "QS-0412")
        page.click("#intake button.primary")
        page.wait_for_selector("#status")
        return page.locator("dd.answer").all_inner_texts()

    assert in_browser(intake) == ["QS-0412"]
    assert WorkOrder.objects.get().attributes == {"pole": "QS-0412"}
