"""The service hall in Chromium: an application taken at the window goes through the back
office to a mailed result; an online application gets a correction notice, is corrected by
the applicant on the portal and its result is downloaded."""
from tests.conftest import make_user
from tests.services.conftest import ID_NUMBER, make_item
from yiwang.services.models import Application, Status

from .browser import MARKS, Desk, in_browser

pytestmark = MARKS

PDF = {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% scanned\n"}


class Hall(Desk):
    def open(self, number):
        self.page.goto(f"{self.base}/hall/applications/{number}/")

    def citizen(self, login_id):
        page = self.page
        page.context.clear_cookies()
        page.goto(f"{self.base}/portal/login/")
        page.fill("input[name=username]", login_id)
        page.fill("input[name=password]", "a-long-pass-93")
        page.click("button.primary")
        page.wait_for_selector("#applications")

    def pdf_of(self, link):
        href = self.page.locator(link).get_attribute("href")
        response = self.page.request.get(self.base + href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        return response.body()


def test_window_to_mailed_result_and_portal_to_downloaded_result(org, server, browser_cookies_without_dates,
                                                                   settings):
    settings.TEXTS_ON_PAGE = True  # the registration's text message is shown, as in the demo
    make_user("clerk", ["clerk"], org.centre)
    make_item(org.bureau, keywords="小吃 餐馆 饭店")
    window_number, online_number = in_browser(lambda page: journey(page, server.url))

    window = Application.objects.get(number=window_number)
    assert window.status == Status.DELIVERED and window.delivery == "mail" and window.tracking_number == "EMS11000001"
    assert window.acceptance == "pending" and window.channel == "window"
    assert list(window.events.values_list("action", flat=True)) == [
        "submit", "accept_with_pending", "pass_step", "decide", "supply_pending", "mail", "confirm_receipt"]
    online = Application.objects.get(number=online_number)
    assert online.status == Status.TO_DELIVER and online.channel == "online" and online.portal_user is not None
    assert "request_correction" in online.events.values_list("action", flat=True)


def journey(page, base):
    hall = Hall(page, base)
    # At the window: the clerk finds the item, takes the application, and accepts it with the
    # floor plan to follow (容缺受理).
    hall.login("clerk")
    page.click("text=窗口受理")
    page.fill("input[name=q]", "食品经营")
    page.click("form.filters button.primary")
    page.click("#items >> text=收件")
    page.check("input[name=applicant_kind][value=person]")
    page.fill("input[name=applicant_name]", "李四")
    page.fill("input[name=id_number]", ID_NUMBER)
    page.fill("input[name=contact_phone]", "13905310002")
    page.fill("input[name=address]", "青山街道松林路1号")
    page.fill("input[name=form_shop_name]", "李记小吃")
    for name in ("营业执照", "身份证"):
        page.locator(f"tr[data-material='{name}'] input[type=checkbox]").check()
    page.click("#intake button.primary")
    page.wait_for_selector("#status")
    window_number = page.url.rstrip("/").split("/")[-1]
    assert hall.status() == "待受理"
    assert "139****0002" in page.inner_text("#applicant")
    hall.act("accept_with_pending")
    assert hall.status() == "审批中"
    assert hall.pdf_of("[data-doc=acceptance]").startswith(b"%PDF")
    hall.shot("hall-01-accepted")

    hall.login("staff")
    page.click("nav >> text=政务大厅")
    page.click("[data-queue=my_steps]")
    page.click(f"text={window_number}")
    hall.act("pass_step", {"opinion": "材料齐全，符合条件。"})
    hall.login("head")
    hall.open(window_number)
    hall.act("decide", {"reasons": "符合法定条件。"}, check=["input[name=decision][value=approve]"])
    assert hall.status() == "待出件"

    hall.login("clerk")
    hall.open(window_number)
    assert page.locator("details[data-action=mail]").count() == 0  # the floor plan has not come yet
    page.locator("details[data-action=supply_pending] input[type=checkbox]").check()
    hall.act("supply_pending")
    hall.act("mail", {"tracking_number": "EMS11000001"})
    assert hall.status() == "已寄出，待签收"
    hall.act("confirm_receipt")
    assert hall.status() == "已办结"
    assert "EMS11000001" in page.inner_text("#delivery")
    hall.shot("hall-02-mailed")

    # Online: a citizen registers, finds the guide, applies with uploads.
    page.context.clear_cookies()
    page.goto(f"{base}/portal/register/")
    page.check("input[name=applicant_kind][value=person]")
    page.fill("input[name=applicant_name]", "赵六")
    page.fill("input[name=id_number]", "110101199003070134")
    page.fill("input[name=contact_phone]", "13905310009")
    page.fill("input[name=password1]", "a-long-pass-93")
    page.fill("input[name=password2]", "a-long-pass-93")
    page.click("button.primary")
    assert "139****0009" in page.inner_text("#registered")
    link = page.locator("#text-shown a").get_attribute("href")  # the link texted to the phone
    page.goto(base + "/portal/activate/" + link.split("/portal/activate/")[1])
    page.wait_for_selector("#applications")
    page.goto(f"{base}/portal/guides/?q=我想开一家小吃店")
    page.click("#guides >> text=食品经营许可")
    assert "《中华人民共和国食品安全法》" in page.inner_text("#guide")
    page.click("#apply")
    page.fill("input[name=form_shop_name]", "赵家面馆")
    page.check("input[name=delivery][value=window]")
    for name in ("营业执照", "身份证", "经营场所平面图"):
        page.locator(f"tr[data-material='{name}'] input[type=file]").set_input_files(PDF)
    page.click("#intake button.primary")
    page.wait_for_selector("#status")
    online_number = page.url.rstrip("/").split("/")[-1]
    assert page.inner_text("#status") == "待受理"

    hall.login("clerk")
    hall.open(online_number)
    hall.act("request_correction", {"note": "平面图须标明经营面积。"})
    assert hall.status() == "待补正"
    assert hall.pdf_of("[data-doc=correction]").startswith(b"%PDF")

    hall.citizen("110101199003070134")
    page.click(f"text={online_number}")
    assert "平面图须标明经营面积" in page.inner_text("#correction")
    hall.act("supply_correction", {"note": "已在平面图上标明面积 48 平方米。"})
    assert hall.status() == "待受理"

    hall.login("clerk")
    hall.open(online_number)
    hall.act("accept")
    hall.login("staff")
    hall.open(online_number)
    hall.act("pass_step", {"opinion": "同意。"})
    hall.login("head")
    hall.open(online_number)
    hall.act("decide", {"reasons": ""}, check=["input[name=decision][value=approve]"])

    hall.citizen("110101199003070134")
    page.click(f"text={online_number}")
    assert hall.status() == "待出件"
    assert hall.pdf_of("[data-doc=result]").startswith(b"%PDF")
    hall.shot("hall-03-portal-result")
    return window_number, online_number
