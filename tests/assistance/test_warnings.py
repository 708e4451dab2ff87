"""Rules over facts, graded warnings into visit tasks, outcomes and referrals."""
import pytest
from django.core.exceptions import ValidationError

from yiwang.assistance import linking, rules, services
from yiwang.assistance.models import Alert, Grant, Record, Referral
from yiwang.errors import ActionRefused
from yiwang.inbox import sections
from yiwang.tasks.models import Source as TaskSource
from yiwang.tasks.models import State as TaskState

from .conftest import load, source

HEAD = ["姓名", "身份证号", "街道", "社区", "户号", "与户主关系", "家庭人口", "月收入", "医疗自付金额", "残疾等级", "发放日期"]


def household(centre, *, income="600", selfpay="", grade=""):
    mz = source("MZ-SR", centre.minzheng, fact="income")
    load(mz, [HEAD, ["张明", "370214198003071795", "青山街道", "松林社区", "H1", "户主", "2", income, "", "", ""]])
    if selfpay:
        yb = source("YB-FY", fact="medical")
        load(yb, [HEAD, ["张明", "370214198003071795", "", "", "", "", "", "", selfpay, "", "2026-10-01"]])
    if grade:
        cl = source("CL-CJ", centre.canlian, fact="disability")
        load(cl, [HEAD, ["张明", "370214198003071795", "", "", "", "", "", "", "", grade, ""]])
    linking.run(predictions=[])


def test_rules_are_checked_when_saved(centre):
    with pytest.raises(ValidationError) as exc:
        services.save_rule(actor=centre.analyst, code="W-X", name="x", kind="warning", grade="red",
                           conditions="income_per_member < line\nsalary > 3")
    assert "salary" in str(exc.value)
    with pytest.raises(ActionRefused):
        services.save_rule(actor=centre.street_staff, code="W-X", name="x", kind="warning", grade="red",
                           conditions="income_per_member < line")


def test_facts_and_reasons(centre):
    household(centre, income="600", selfpay="8,000")
    person = Record.objects.get(source__code="MZ-SR").person
    values = rules.Facts([person]).of(person.pk)
    assert values["income_per_member"] == 300.0 and values["line"] == 1000.0
    assert values["selfpay_share"] == pytest.approx(8000 / (600 * 12))
    holds, reasons = rules.evaluate("selfpay_share >= 0.5", values)
    assert holds and "1.11" in reasons[0]


def test_a_warning_becomes_a_visit_task_for_the_street(centre):
    household(centre, income="600", selfpay="8,000")
    raised = services.evaluate(actor=centre.analyst)
    codes = {a.rule.code for a in raised}
    assert "W-ILL-SEVERE" in codes
    alert = next(a for a in raised if a.rule.code == "W-ILL-SEVERE")
    assert alert.grade == "red" and alert.street == centre.street and alert.community == centre.community
    task = alert.task
    assert task.source == TaskSource.ASSISTANCE and task.lead_unit == centre.street
    assert task.state == TaskState.HANDLING and centre.community in task.co_units.all()
    person = alert.person
    person.refresh_from_db()
    assert person.layer == "edge"  # 300 yuan a member: under the line, receiving nothing yet
    assert "dibao" in person.missing and person.unhelped  # qualifies for 低保, receives none
    # Evaluating again raises nothing twice.
    assert not [a for a in services.evaluate(actor=centre.analyst) if a.rule.code == "W-ILL-SEVERE"]
    # The street sees it in its inbox; another street does not.
    assert any(e.code == "assistance_visits" for s in sections(centre.street_staff) for e in s.entries)
    assert not any(e.code == "assistance_visits" for s in sections(centre.other_street_staff) for e in s.entries)


def test_a_visit_refers_and_the_department_answers(centre):
    household(centre, income="600", selfpay="8,000")
    alert = next(a for a in services.evaluate(actor=centre.analyst) if a.rule.code == "W-ILL-SEVERE")
    with pytest.raises(ActionRefused):
        services.record_visit(actor=centre.other_street_staff, alert=alert, found="入户核实", outcome="not_needed",
                              note="已有收入")
    services.record_visit(actor=centre.street_staff, alert=alert, found="入户核实，住院费用高", outcome="referred",
                          help="medical_aid", to_unit=centre.minzheng, note="申请医疗救助")
    alert.refresh_from_db()
    assert alert.state == Alert.State.REFERRED and alert.on_time
    assert alert.task.state == TaskState.CLOSED and alert.task.closed_on_time
    referral = Referral.objects.get()
    assert any(e.code == "assistance_referrals" for s in sections(centre.mz_clerk) for e in s.entries)
    services.answer_referral(actor=centre.mz_clerk, referral=referral, accepted=True, answer="已发放医疗救助",
                             amount=3000)
    alert.refresh_from_db()
    assert alert.state == Alert.State.CLOSED
    grant = Grant.objects.get()
    assert grant.help == "medical_aid" and grant.unit == centre.minzheng


def test_a_second_grant_for_the_same_need_is_seen_before_it_is_made(centre):
    household(centre, income="600", selfpay="8,000")
    alert = next(a for a in services.evaluate(actor=centre.analyst) if a.rule.code == "W-ILL-SEVERE")
    services.add_grant(actor=centre.mz_clerk, person=alert.person, help="temporary", unit=centre.minzheng, amount=500)
    with pytest.raises(ActionRefused, match="张明"):
        services.record_visit(actor=centre.street_staff, alert=alert, found="入户核实", outcome="helped",
                              help="temporary", amount=500)
    alert.refresh_from_db()
    assert alert.state == Alert.State.OPEN  # nothing half-written
    services.record_visit(actor=centre.street_staff, alert=alert, found="入户核实", outcome="helped", help="temporary",
                          amount=500, also=True)
    assert Grant.objects.filter(help="temporary").count() == 2


def test_not_needed_says_why(centre):
    household(centre, income="600", grade="一级")
    alert = next(a for a in services.evaluate(actor=centre.analyst) if a.rule.code == "W-DISABLED")
    assert alert.grade == "orange"
    with pytest.raises(ValidationError):
        services.record_visit(actor=centre.community_staff, alert=alert, found="入户核实", outcome="not_needed")
    services.record_visit(actor=centre.community_staff, alert=alert, found="入户核实", outcome="not_needed",
                          note="已在外地享受补贴")
    alert.refresh_from_db()
    assert alert.state == Alert.State.CLOSED and alert.outcome == "not_needed"



def test_a_rule_is_tried_before_it_is_saved_and_trying_saves_nothing(centre, client):
    from yiwang.assistance.models import Rule

    from .test_pages import setup_people

    setup_people(centre)
    client.force_login(centre.analyst)
    before = Rule.objects.count()
    answer = client.post("/assistance/rules/new/", {
        "do": "preview", "code": "W-TRY", "name": "试算", "kind": "warning", "grade": "yellow",
        "conditions": "selfpay_share > 0.5"})
    preview = answer.context["preview"]
    assert preview["people"] == 1 and preview["checked"] == 2  # 张明: 8,000 yuan against 600 a month
    assert preview["streets"] == [(centre.street.name, 1)]
    assert "该条件对 1 人成立" in answer.content.decode()
    assert Rule.objects.count() == before
    wrong = client.post("/assistance/rules/new/", {"do": "preview", "conditions": "income_per_member <"})
    assert wrong.context["preview"] is None and Rule.objects.count() == before


def test_a_streets_warnings_come_most_urgent_first(centre):
    """Open before referred and closed; red before orange before yellow; the earliest due first."""
    import datetime as dt

    from yiwang.assistance import selectors

    household(centre, income="600", selfpay="8,000", grade="二级")
    raised = services.evaluate(actor=centre.analyst)
    red = next(a for a in raised if a.grade == "red")
    orange = next(a for a in raised if a.grade == "orange")
    # the orange one raised later: newest first would put it on top
    Alert.objects.filter(pk=orange.pk).update(raised_at=red.raised_at + dt.timedelta(hours=1))
    listed = [a.pk for a in selectors.alerts(centre.street_staff, {})]
    assert listed.index(red.pk) < listed.index(orange.pk)
    Alert.objects.filter(pk=red.pk).update(state=Alert.State.CLOSED)  # visited: after the open ones
    listed = [a.pk for a in selectors.alerts(centre.street_staff, {})]
    assert listed.index(orange.pk) < listed.index(red.pk)
