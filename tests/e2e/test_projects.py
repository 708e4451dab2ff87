"""Major projects in Chromium: an opportunity published on the public page, an investor registers
interest, the butler follows it to signing and the signed project's first approval milestone is
dated; a finished project's joint acceptance goes from the application through every unit's
result to its opinion, printed as a PDF."""
import datetime as dt

from tests.conftest import at, make_unit, make_user
from yiwang.orgs.models import Unit
from yiwang.projects import services
from yiwang.projects.models import Acceptance, Interest, Project, Settings, Status

from .browser import MARKS, Desk, in_browser

pytestmark = MARKS


def test_an_opportunity_is_signed_and_its_first_milestone_dated(org, server, browser_cookies_without_dates):
    make_user("pbutler", ["butler"], org.centre)
    project = services.save_project(actor=org.supervisor, data={
        "name": "云溪数据中心", "kind": "industry", "total_investment": "150000", "street": org.street,
        "scope": "建设 3000 机架数据中心。"}, planned={"approval": dt.date(2026, 12, 18)})
    services.publish(actor=org.supervisor, project=project, summary="建设 3000 机架数据中心。", terms="土地挂牌出让。",
                     how_to_join="在本页登记意向。", contact="区投资促进中心")
    in_browser(lambda page: opportunity_journey(page, server.url, project.pk))
    project.refresh_from_db()
    interest = Interest.objects.get()
    assert interest.state == "signed" and project.public and project.status == Status.APPROVING
    assert project.milestones.get(code="signing").actual_on == dt.date(2026, 11, 25)
    assert project.milestones.get(code="approval").actual_on == dt.date(2026, 11, 25)


def opportunity_journey(page, base, pk):
    desk = Desk(page, base)
    page.goto(f"{base}/public/projects/")
    page.click("text=云溪数据中心")
    page.fill("[name=investor]", "华北算力科技有限公司")
    page.fill("[name=contact_name]", "王总")
    page.fill("[name=phone]", "13905317001")
    page.fill("[name=message]", "有意向投资，请联系。")
    page.click("#interest-form button.primary")
    page.wait_for_selector(".messages li")
    assert "已登记" in page.locator(".messages li").first.inner_text()
    desk.shot("projects-01-interest")

    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "pbutler")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("button.primary")
    page.wait_for_load_state("load")
    page.goto(f"{base}/projects/interests/")
    page.locator("#interest-list a").first.click()
    page.wait_for_selector("#state")
    for code in ("contact", "negotiate", "sign"):
        desk.act(code, {"note": "已电话联系，对方来现场考察。" if code == "contact" else "推进。"})
    assert "已签约" in page.inner_text("#state")

    desk.login("supervisor")
    page.goto(f"{base}/projects/{pk}/")
    assert "已签约" in page.inner_text("h1")
    box = page.locator("details[data-action='milestone-approval']")
    box.locator(":scope > summary").click()  # its own, not a nested one
    box.locator("[name=actual_on]").fill("2026-11-25")
    box.locator("button.primary").click()
    page.wait_for_selector(".messages li")
    assert "审批中" in page.inner_text("h1")
    desk.shot("projects-02-signed")
    page.goto(f"{base}/public/projects/{pk}/")
    assert "立项" in page.inner_text("#milestones") and "interest-form" not in page.content()


def test_a_joint_acceptance_goes_from_application_to_its_opinion(org, server, browser_cookies_without_dates,
                                                                 fixed_time):
    fire = make_unit("XF", "消防救援大队", Unit.Kind.BUREAU, org.district)
    make_user("firefighter", ["unit_staff"], fire)
    make_user("pbutler", ["butler"], org.centre)
    Settings.current().acceptance_units.set([org.bureau, fire])
    project = services.save_project(actor=org.supervisor, data={
        "name": "科创园三期厂房", "kind": "industry", "total_investment": "50000", "street": org.street})
    services.set_milestone(actor=org.supervisor, milestone=project.milestones.get(code="structure"),
                           actual_on=dt.date(2026, 11, 20))
    number = in_browser(lambda page: acceptance_journey(page, server.url, project.pk, fixed_time))
    case = Acceptance.objects.get(number=number)
    assert case.state == Acceptance.State.ISSUED
    assert list(case.inspections.order_by("round", "unit__code").values_list("round", "unit__name", "result")) == [
        (1, "城管局", "pass"), (1, "消防救援大队", "fix"), (2, "消防救援大队", "pass")]
    assert Project.objects.get(pk=project.pk).status == Status.COMPLETED


def acceptance_journey(page, base, pk, clock):
    desk = Desk(page, base)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "pbutler")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("button.primary")
    page.wait_for_load_state("load")
    page.goto(f"{base}/projects/{pk}/")
    box = page.locator("details[data-action=acceptance]")
    box.locator(":scope > summary").click()  # its own, not a nested one
    box.locator("[name=applicant]").fill("云溪新材料有限公司")
    box.locator("[name=contact_phone]").fill("13905316001")
    box.locator("button.primary").click()
    page.wait_for_selector("#state")
    number = page.inner_text("h1").split()[1]
    desk.act("guide", {"text": "消防通道宽度须满足 4 米。"})
    desk.act("schedule", {"day": "2026-11-26"})

    clock.move_to(at(2026, 11, 26, 9))  # results are recorded on the inspection day, not before
    desk.login("staff")  # 城管局 inspects too
    page.goto(f"{base}/projects/acceptances/{number}/")
    desk.act("record", check=["input[value=pass]"])
    page.context.clear_cookies()
    desk.login("firefighter")
    page.goto(f"{base}/projects/acceptances/{number}/")
    desk.act("record", {"items": "2 号厂房消防通道被占用。"}, check=["input[value=fix]"])
    assert "待整改" in page.inner_text("#state")

    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "pbutler")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("button.primary")
    page.wait_for_load_state("load")
    page.goto(f"{base}/projects/acceptances/{number}/")
    desk.act("schedule", {"day": "2026-11-27"})
    clock.move_to(at(2026, 11, 27, 9))
    desk.login("firefighter")
    page.goto(f"{base}/projects/acceptances/{number}/")
    desk.act("record", check=["input[value=pass]"])
    assert "全部合格" in page.inner_text("#state")

    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "pbutler")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("button.primary")
    page.wait_for_load_state("load")
    page.goto(f"{base}/projects/acceptances/{number}/")
    desk.act("issue")
    assert "已出具" in page.inner_text("#state")
    desk.shot("projects-03-opinion")
    response = page.request.get(f"{base}/projects/acceptances/{number}/opinion.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    return number
