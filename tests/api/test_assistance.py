"""The assistance data centre through the JSON API: the pages' access rules (a street never reads
another street's people, households or warnings), the purpose audited with every chain, numbers
masked, and the street's visit closing the warning's key task."""
from tests.api.test_open_api import api_as  # noqa: F401 (the fixture)
from tests.assistance.conftest import centre, load, source  # noqa: F401 (the fixture)
from tests.assistance.test_pages import setup_people
from yiwang.assistance import linking
from yiwang.assistance.models import Alert, Grant, Person, Referral
from yiwang.audit.models import Entry
from yiwang.tasks.models import Task


def test_the_centre_reads_a_chain_only_with_a_purpose_and_each_view_is_audited(centre, api_as):  # noqa: F811
    setup_people(centre)
    api = api_as(centre.analyst, "assistance:read")
    listed = api.get("/assistance/people?unhelped=true")
    assert listed.status_code == 200 and listed.json()["count"] == 2
    zhang = next(p for p in listed.json()["items"] if p["name"] == "张明")
    assert zhang["id_number"] == "3702**********1795" and "370214198003071795" not in listed.content.decode()
    unasked = api.get(f"/assistance/people/{zhang['key']}")  # no purpose, no chain
    assert unasked.status_code == 400 and unasked.json()["errors"][0]["field"] == "purpose"
    assert not Entry.objects.filter(action="assistance.view").exists()
    chain = api.get(f"/assistance/people/{zhang['key']}?purpose=visit&note=YJ1")
    assert chain.status_code == 200, chain.content
    body = chain.json()
    assert {(r["source"], r["row"]) for r in body["records"]} == {("MZ-SR", 2), ("YB-FY", 2)}
    assert body["alerts"] and all(a["person"] == zhang["key"] for a in body["alerts"])
    assert "370214198003071795" not in chain.content.decode()
    entry = Entry.objects.filter(action="assistance.view").latest("id")
    assert entry.target == f"assistance-person:{zhang['key']}" and "YJ1" in entry.detail["purpose"]
    assert entry.detail["via"] == "api"
    household = api.get(f"/assistance/households/{zhang['household_id']}?purpose=analysis")
    assert household.status_code == 200 and [m["name"] for m in household.json()["members"]] == ["张明"]
    assert api.get(f"/assistance/people/{zhang['key']}?purpose=curiosity").status_code == 400


def test_a_street_never_reads_another_streets_people_households_or_warnings(centre, api_as):  # noqa: F811
    setup_people(centre)
    zhang, li = Person.objects.get(name="张明"), Person.objects.get(name="李静")
    street = api_as(centre.street_staff, "assistance:read")  # 青山街道
    assert [p["name"] for p in street.get("/assistance/people").json()["items"]] == ["张明"]
    assert street.get(f"/assistance/people?street_id={centre.other_street.pk}").json()["count"] == 0
    assert street.get(f"/assistance/people/{li.key}?purpose=visit").status_code == 404
    assert street.get(f"/assistance/households/{li.household_id}?purpose=visit").status_code == 404
    assert street.get(f"/assistance/people/{zhang.key}?purpose=visit").status_code == 200
    warnings = street.get("/assistance/alerts").json()["items"]
    assert warnings and {w["street"] for w in warnings} == {centre.street.name}
    theirs = Alert.objects.filter(person=li).first()
    if theirs is not None:
        assert street.get(f"/assistance/alerts/{theirs.number}").status_code == 404
    other = api_as(centre.other_street_staff, "assistance:read")  # 白鹭街道
    assert [p["name"] for p in other.get("/assistance/people").json()["items"]] == ["李静"]
    assert other.get(f"/assistance/people/{zhang.key}?purpose=visit").status_code == 404
    assert all(w["person"] != zhang.key for w in other.get("/assistance/alerts").json()["items"])


def test_a_department_reads_the_people_it_sent_and_a_citizen_role_nothing(centre, api_as):  # noqa: F811
    setup_people(centre)
    mz = api_as(centre.mz_clerk, "assistance:read")
    assert {p["name"] for p in mz.get("/assistance/people").json()["items"]} == {"张明", "李静"}
    cl = api_as(centre.cl_clerk, "assistance:read")
    assert cl.get("/assistance/people").status_code == 403  # 残联 has sent nothing yet
    load(source("CL-BT", centre.canlian, help="disability_subsidy"),
         [["姓名", "身份证号", "残疾等级"], ["李静", "11010519491231002X", "二级"]])
    linking.run(predictions=[])
    assert [p["name"] for p in cl.get("/assistance/people").json()["items"]] == ["李静"]
    zhang, li = Person.objects.get(name="张明"), Person.objects.get(name="李静")
    assert cl.get(f"/assistance/people/{zhang.key}?purpose=referral").status_code == 404
    chain = cl.get(f"/assistance/people/{li.key}?purpose=application").json()
    assert {r["source"] for r in chain["records"]} == {"MZ-SR", "CL-BT"}  # the chain of the person it helps
    agent = api_as(centre.agent, "assistance:read")  # a hotline agent has no part in the data centre
    assert agent.get("/assistance/people").status_code == 403
    scopeless = api_as(centre.analyst, "workorders:read")
    assert scopeless.get("/assistance/people").json()["code"] == "scope_missing"


def test_the_street_records_a_visit_and_a_referral_reaches_the_department(centre, api_as):  # noqa: F811
    setup_people(centre)
    alert = Alert.objects.filter(person__name="张明", state=Alert.State.OPEN).first()
    assert alert is not None and alert.task.state != "closed"
    reader = api_as(centre.street_staff, "assistance:read")
    refused = reader.post(f"/assistance/alerts/{alert.number}/visit", {
        "found": "住院治疗，自付较多。", "outcome": "referred", "help": "medical_aid", "to_unit_id": centre.minzheng.pk})
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
    street = api_as(centre.street_staff, "assistance:read", "assistance:write")
    bad = street.post(f"/assistance/alerts/{alert.number}/visit", {"found": "住院治疗，自付较多。",
                                                                   "outcome": "referred", "help": "medical_aid"})
    assert bad.status_code == 422 and "部门" in bad.json()["message"] + str(bad.json().get("errors"))
    done = street.post(f"/assistance/alerts/{alert.number}/visit", {
        "found": "住院治疗，自付较多。", "outcome": "referred", "help": "medical_aid", "to_unit_id": centre.minzheng.pk,
        "note": "申请医疗救助"})
    assert done.status_code == 201, done.content
    assert done.json()["state"] == "referred" and done.json()["on_time"] is True
    referral = Referral.objects.get(alert=alert)
    assert referral.to_unit == centre.minzheng and referral.help == "medical_aid"
    assert Task.objects.get(pk=alert.task_id).state == "closed"
    again = street.post(f"/assistance/alerts/{alert.number}/visit", {
        "found": "再次走访。", "outcome": "not_needed", "note": "已转办医保"})
    assert again.status_code == 409 or again.json()["code"] == "not_open"
    assert not Grant.objects.exists()
    other = api_as(centre.other_street_staff, "assistance:read", "assistance:write")
    assert other.post(f"/assistance/alerts/{alert.number}/visit", {
        "found": "入户走访核实。", "outcome": "not_needed", "note": "无需救助"}).status_code == 404
