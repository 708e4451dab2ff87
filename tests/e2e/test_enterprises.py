"""Enterprise services in Chromium: a problem raised on a visit goes round the 12345 loop to its
closure and the enterprise's page and the coverage table show it closed; a policy article is
written as conditions, matched, applied for by the butler, reviewed, noticed and paid, and the
ledger shows the payout."""
import datetime as dt

from tests.conftest import at, make_user
from tests.enterprises.conftest import enterprise
from yiwang.enterprises import services as registry
from yiwang.enterprises.models import Problem
from yiwang.policies import services as policy_services
from yiwang.policies.models import Claim
from yiwang.workorders.models import Status

from .browser import MARKS, Desk, in_browser

pytestmark = MARKS


def test_a_problem_raised_on_a_visit_is_followed_to_its_closure(org, server, browser_cookies_without_dates):
    firm = enterprise(org, 1, name="云溪精密制造有限公司")
    registry.assign(actor=org.supervisor, official=org.supervisor, enterprise=firm)
    in_browser(lambda page: visit_journey(page, server.url, firm.credit_code))
    problem = Problem.objects.get()
    assert problem.order.status == Status.CLOSED and problem.order.channel == "enterprise"
    assert problem.visit.official == org.supervisor


def visit_journey(page, base, code):
    desk = Desk(page, base)
    desk.login("supervisor")
    page.goto(f"{base}/enterprises/{code}/")
    box = page.locator("details[data-action=visit]")
    box.locator(":scope > summary").click()  # its own, not a nested one
    box.locator("[name=people]").fill("王五（总经理）")
    box.locator("[name=content]").fill("了解新生产线投产进度和用工需求。")
    box.locator("[name=problem_text]").first.fill("厂区门口道路破损，货车进出困难。")
    box.locator("[name=problem_route]").first.select_option("order")
    box.locator("button.primary").click()
    page.wait_for_selector("#visits .note a")
    assert "走访已记录" in page.locator(".messages li").first.inner_text()
    number = page.locator("#visits .note a").first.inner_text()
    desk.shot("enterprises-01-visit")

    desk.login("dispatcher")
    desk.open(number)
    assert "企业走访" in page.content()
    desk.act("dispatch", choose={"lead_unit": "城管局", "category": "csgl"})
    desk.login("staff")
    desk.open(number)
    desk.act("sign_for")
    desk.act("reply", {"answer": "已对厂区门口 120 米道路完成修补。"})
    desk.login("callback")
    desk.open(number)
    desk.act("callback", {"note": "企业表示满意。"}, check=["input[value=satisfied]", "input[name=solved][value=yes]"])
    assert desk.status() == "已办结"

    desk.login("supervisor")
    page.goto(f"{base}/enterprises/{code}/")
    assert "已办结" in page.locator("#visits .note").first.inner_text()
    page.goto(f"{base}/enterprises/coverage/")
    row = page.locator("#coverage tbody tr").first.inner_text()
    assert "100.0" in row, row  # one problem raised, one closed
    desk.shot("enterprises-02-coverage")


def test_a_policy_is_matched_applied_for_noticed_and_paid(org, server, browser_cookies_without_dates, fixed_time):
    make_user("butler1", ["butler"], org.centre)
    big = enterprise(org, 1, name="云溪精密制造有限公司", industry="34", staff=400, revenue="26000")
    small = enterprise(org, 2, name="云溪小五金厂", industry="33", staff=30, revenue="1800")
    document = policy_services.create_document(
        actor=org.supervisor, number="云政发〔2026〕20号", title="支持制造业高质量发展“新20条”", issuing_unit=org.bureau,
        valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31))
    policy_services.set_budget(actor=org.supervisor, document=document, year=2026, amount="2000000")
    number = in_browser(lambda page: policy_journey(page, server.url, document.pk, big.credit_code,
                                                    small.credit_code))
    fixed_time.move_to(at(2026, 12, 1, 9))  # the five days' public notice is over
    in_browser(lambda page: payment_journey(page, server.url, number))
    claim = Claim.objects.get(number=number)
    assert claim.state == Claim.State.PAID and claim.channel == Claim.Channel.BUTLER and claim.amount == 50000
    assert list(claim.events.values_list("action", flat=True)) == [
        "submit", "approve", "confirm_approval", "pay", "confirm_payment"]


def policy_journey(page, base, document, big, small):
    desk = Desk(page, base)
    desk.login("supervisor")
    page.goto(f"{base}/policies/d/{document}/article/")
    page.fill("[name=seq]", "1")
    page.fill("[name=title]", "规上工业企业奖励")
    page.fill("[name=content]", "对营业收入 2000 万元以上的工业企业给予一次性奖励。")
    page.fill("[name=conditions]", "revenue >= 2000\nsection == \"C\"\nbogus > 1")
    page.fill("[name=amount]", "50000")
    page.fill("[name=cap]", "50000")
    page.click("#article-form button.primary")
    assert "bogus" in page.content()  # the unknown field is named, nothing saved
    page.fill("[name=conditions]", "revenue >= 2000\nsection == \"C\"")
    page.click("#article-form button.primary")
    page.wait_for_selector(".messages li")
    assert "云溪精密制造有限公司" in page.content() and "云溪小五金厂" not in page.content()
    desk.shot("policies-01-matches")
    page.goto(f"{base}/enterprises/{small}/")
    page.locator("#not-qualified summary").click()
    assert "营业收入 1,800 万元 < 2,000 万元" in page.locator("#not-qualified").inner_text()

    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "butler1")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("button.primary")
    page.wait_for_load_state("load")
    page.goto(f"{base}/enterprises/{big}/")
    page.locator("#policies form button").first.click()
    page.wait_for_load_state("load")
    message = page.locator(".messages li").first.inner_text()
    assert "已提交" in message, message
    number = page.locator("#policies a[href*='/policies/claims/']").first.inner_text()

    desk.login("staff")  # 城管局 issued the policy
    page.goto(f"{base}/policies/claims/{number}/")
    desk.act("approve", {"note": "经审核符合条件。"})
    assert "审核待复核" in page.content() and 'data-action="confirm_approval"' not in page.content()
    desk.login("head")  # a second person of the unit
    page.goto(f"{base}/policies/claims/{number}/")
    desk.act("confirm_approval", {"note": "复核无误。"})
    assert "公示中" in page.content()
    page.goto(f"{base}/public/policies/")
    assert "云溪精密制造有限公司" in page.content() and "5 万元" in page.content()
    desk.shot("policies-02-notice")
    return number


def payment_journey(page, base, number):
    desk = Desk(page, base)
    desk.login("staff")
    page.goto(f"{base}/policies/claims/{number}/")
    desk.act("pay", {"voucher": "PZ-2026-118"})
    assert "拨付待复核" in page.content()
    desk.login("head")
    page.goto(f"{base}/policies/claims/{number}/")
    desk.act("confirm_payment", {})
    assert "已兑付" in page.content()
    desk.login("supervisor")
    page.goto(f"{base}/policies/ledger/")
    assert "5 万元" in page.inner_text("main")
    desk.shot("policies-03-ledger")
