"""The assistance data centre in Chromium, walked by its three kinds of user: the centre's analyst
reads a department's real-shaped Excel file (its own headings, a lower-case x, a full-width number,
an old 15-digit ID), applies it and reads it again (nothing changes), then follows a figure to a
chain opened with a purpose; the street official visits a warning and refers the household; the
民政 clerk answers the referral from the department's list and sees the help on the chain."""
import io

from openpyxl import Workbook

from tests.assistance.conftest import centre  # noqa: F401 (the fixture)
from tests.assistance.test_pages import setup_people
from yiwang.assistance.models import Alert, Grant, Record, Referral

from .browser import MARKS, Desk, in_browser

pytestmark = MARKS


def canlian_file():
    """残联's 两项补贴 list as its clerk keeps it: a title row above the headings, a serial column,
    numbers typed by hand."""
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "性别", "公民身份号码", "残疾证号", "残疾类别", "残疾等级", "镇街", "村居", "联系电话",
                  "补贴金额", "发放日期"])
    sheet.append([1, "张明", "男", "37021419800307179５", "37021419800307179542", "肢体", "二级", "青山街道", "松林社区",
                  "139 0532 0001", "1,200元", "2026/10/1"])
    sheet.append([2, "王　芳", "女", "370214850101002", "37021485010100224", "视力", "一级", "青山", "翠湖社区",
                  "13905320002", "900", "2026.10.01"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("button.primary")
    page.wait_for_load_state("load")


def message(page):
    return page.locator(".messages li").first.inner_text()


def test_the_analyst_the_street_and_the_department_walk_the_data_centre(centre, server,  # noqa: F811
                                                                        browser_cookies_without_dates):
    setup_people(centre)
    xlsx = canlian_file()
    in_browser(lambda page: journey(page, server.url, xlsx, centre))
    referral = Referral.objects.get()
    assert referral.person.name == "张明" and referral.alert.state == Alert.State.CLOSED
    assert referral.to_unit == centre.minzheng and referral.accepted is True
    assert Grant.objects.get(referral=referral).unit == centre.minzheng
    wang = Record.objects.get(source__code="CL-BT", name="王芳")
    assert wang.id_number == "370214198501010020" and wang.disability_grade == 1 and wang.street == centre.street


def journey(page, base, xlsx, org):
    # The centre's analyst reads 残联's file: the plan first, nothing written yet.
    login(page, base, "analyst")
    page.goto(f"{base}/assistance/sources/")
    page.fill("#upload [name=code]", "CL-BT")
    page.fill("#upload [name=name]", "残联 两项补贴")
    page.select_option("#upload [name=unit]", label="残联")
    page.select_option("#upload [name=help]", value="disability_subsidy")
    page.set_input_files("#upload [name=file]", files=[{
        "name": "两项补贴发放名册.xlsx", "buffer": xlsx,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("#upload button.primary")
    page.wait_for_selector("#plan")
    assert "2 行" in page.inner_text("#plan") and "新增 2 条" in page.inner_text("#plan"), page.inner_text("#plan")
    Desk(page, base).shot("assistance-01-plan")
    page.click("#plan button[value=apply]")
    page.wait_for_selector(".messages li")
    assert "已导入" in message(page), message(page)
    # The same file again: the plan says nothing changes.
    page.goto(f"{base}/assistance/sources/")
    page.fill("#upload [name=code]", "CL-BT")
    page.set_input_files("#upload [name=file]", files=[{
        "name": "两项补贴发放名册.xlsx", "buffer": xlsx,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("#upload button.primary")
    page.wait_for_selector("#plan")
    assert "新增 0 条" in page.inner_text("#plan") and "2 条不变" in page.inner_text("#plan"), page.inner_text("#plan")
    page.click("#plan button[value=discard]")
    # A figure opens the list it counts; a chain opens only with a purpose.
    page.goto(f"{base}/assistance/")
    Desk(page, base).shot("assistance-02-overview")
    counted = page.locator("#by-street tbody tr").first.locator("td.num a").first
    n = int(counted.inner_text())
    counted.click()
    page.wait_for_selector("#people")
    assert page.locator("#people tbody tr").count() == n
    page.goto(f"{base}/assistance/people/?q=张明")
    page.locator("#people tbody a").first.click()
    page.wait_for_selector("#purpose")
    page.check("#purpose input[value=analysis]")
    page.click("#purpose button.primary")
    page.wait_for_load_state("load")
    chain = page.inner_text("main")
    assert "CL-BT" in chain and "3702**********1795" in chain and "370214198003071795" not in page.content()
    Desk(page, base).shot("assistance-03-chain")

    # The street official visits the warning and refers the household to 民政.
    login(page, base, "street_staff")
    page.goto(f"{base}/assistance/warnings/")
    assert "李静" not in page.inner_text("#alerts")  # another street's household
    page.locator("#alerts tbody tr", has_text="张明").first.locator("a").first.click()
    page.wait_for_selector("#visit")
    page.fill("#visit [name=found]", "入户核实：住院治疗，医疗自付较多，家庭收入低。")
    page.select_option("#visit [name=outcome]", value="referred")
    page.select_option("#visit [name=help]", value="medical_aid")
    page.select_option("#visit [name=to_unit]", label="民政局")
    page.fill("#visit [name=note]", "申请医疗救助")
    page.click("#visit button.primary")
    page.wait_for_selector(".messages li")
    assert "走访已记录" in message(page), message(page)
    Desk(page, base).shot("assistance-04-visit")

    # The 民政 clerk answers the referral from the department's list.
    login(page, base, "mz_clerk")
    page.goto(f"{base}/assistance/referrals/")
    form = page.locator("form.answer").first
    form.locator("[name=answer]").fill("已按医疗救助办理，支付 3,000 元。")
    form.locator("[name=amount]").fill("3000")
    form.locator("button[value='1']").click()
    page.wait_for_selector(".messages li")
    assert "转介已答复" in message(page), message(page)
    Desk(page, base).shot("assistance-05-referral")
