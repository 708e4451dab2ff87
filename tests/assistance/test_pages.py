"""The pages as the centre, a street and a department use them; a street never reads another's."""
from yiwang.assistance import linking, services
from yiwang.audit.models import Entry

from .conftest import load, source

HEAD = ["姓名", "身份证号", "街道", "社区", "户号", "与户主关系", "家庭人口", "月收入", "医疗自付金额", "发放日期"]


def setup_people(centre):
    mz = source("MZ-SR", centre.minzheng, fact="income")
    load(mz, [HEAD, ["张明", "370214198003071795", "青山街道", "松林社区", "H1", "户主", "2", "600", "", ""],
              ["李静", "11010519491231002X", "白鹭街道", "鹭岛社区", "H2", "户主", "1", "500", "", ""]])
    yb = source("YB-FY", fact="medical")
    load(yb, [HEAD, ["张明", "370214198003071795", "", "", "", "", "", "", "8000", "2026-10-01"]])
    linking.run(predictions=[])
    services.evaluate(actor=centre.analyst)


def login(client, user):
    client.force_login(user)
    return client


def test_the_centre_walks_from_a_figure_to_a_chain_with_a_purpose(centre, client):
    setup_people(centre)
    login(client, centre.analyst)
    page = client.get("/assistance/")
    assert page.status_code == 200
    figures = page.context["f"]
    label, count, url, _m, _murl = next(row for row in figures["helps"] if row[0] and "dibao" in row[2])
    listed = client.get(url)
    assert listed.context["page"].paginator.count == count
    unhelped_count, unhelped_url = figures["unhelped"]
    assert client.get(unhelped_url).context["page"].paginator.count == unhelped_count == 2
    person = client.get("/assistance/people/?q=张明").context["page"][0]
    asked = client.get(f"/assistance/people/{person.pk}/")
    assert b'name="purpose"' in asked.content  # the purpose is asked first
    assert not Entry.objects.filter(action="assistance.view").exists()
    client.post(f"/assistance/people/{person.pk}/", {"purpose": "visit", "note": "YJ1"})
    chain = client.get(f"/assistance/people/{person.pk}/")
    assert chain.status_code == 200 and "3702**********1795" in chain.content.decode()
    assert "370214198003071795" not in chain.content.decode()
    entry = Entry.objects.filter(action="assistance.view").latest("id")
    assert entry.target == f"assistance-person:{person.key}" and "YJ1" in entry.detail["purpose"]
    revealed = client.get(f"/assistance/people/{person.pk}/reveal/id_number/")
    assert revealed.json()["value"] == "370214198003071795"
    household = client.post(f"/assistance/households/{person.household_id}/", {"purpose": "analysis"}, follow=True)
    assert [m.name for m in household.context["members"]] == ["张明"]
    assert {r.source.code for r in household.context["records"]} == {"MZ-SR", "YB-FY"}
    assert "370214198003071795" not in household.content.decode()


def test_a_street_reads_only_its_own_people(centre, client):
    setup_people(centre)
    from yiwang.assistance.models import Alert, Person

    zhang, li = Person.objects.get(name="张明"), Person.objects.get(name="李静")
    login(client, centre.street_staff)
    names = [p.name for p in client.get("/assistance/people/").context["page"]]
    assert names == ["张明"]
    assert client.get(f"/assistance/people/{li.pk}/").status_code == 404
    assert client.get(f"/assistance/households/{li.household_id}/").status_code == 404
    assert client.get(f"/assistance/people/{zhang.pk}/").status_code == 200
    other = Alert.objects.filter(person=li).first()
    if other is not None:
        assert client.get(f"/assistance/warnings/{other.pk}/").status_code == 404
    # An export needs a reason, and is audited with it.
    refused = client.get("/assistance/people/?export=xlsx")
    assert refused["Content-Type"].startswith("text/html")
    done = client.get("/assistance/people/?export=xlsx&reason=月度核查")
    assert done["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = Entry.objects.filter(action="export", target="assistance-people").latest("id")
    assert entry.detail["reason"] == "月度核查" and entry.detail["rows"] == 1


def test_a_department_sees_its_own_records_not_anothers(centre, client):
    setup_people(centre)
    login(client, centre.mz_clerk)
    assert client.get("/assistance/sources/MZ-SR/").status_code == 200
    assert client.get("/assistance/sources/YB-FY/").status_code == 403
    login(client, centre.cl_clerk)
    assert client.get("/assistance/people/").status_code == 403  # sends nothing yet: no business here


def test_a_street_records_a_visit_on_the_page(centre, client):
    setup_people(centre)
    from yiwang.assistance.models import Alert

    alert = Alert.objects.filter(street=centre.street, state="open").first()
    login(client, centre.street_staff)
    response = client.post(f"/assistance/warnings/{alert.pk}/", {"found": "入户核实情况属实", "outcome": "referred",
                                                                 "help": "medical_aid",
                                                                 "to_unit": centre.minzheng.pk, "note": "申请医疗救助"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.state == "referred"
    login(client, centre.mz_clerk)
    page = client.get("/assistance/referrals/")
    assert "申请医疗救助" in page.content.decode()


def test_a_file_is_planned_then_applied_on_the_page_and_the_same_file_again_changes_nothing(centre, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yiwang.assistance import synthetic
    from yiwang.assistance.models import ImportRun, Person, Record

    rows = [HEAD, ["张明", "370214198003071795", "青山街道", "松林社区", "H1", "户主", "2", "600", "", ""],
            ["张铭", "", "青山街道", "松林社区", "H1", "之子", "2", "", "", ""]]
    content = synthetic.csv_bytes(rows, "gb18030")
    login(client, centre.analyst)

    def upload():
        answer = client.post("/assistance/sources/", {
            "code": "MZ-SR", "name": "民政 低保", "unit": centre.minzheng.pk, "help": "dibao",
            "file": SimpleUploadedFile("低保.csv", content, "text/csv")})
        assert answer.status_code == 302, answer.content.decode()[:2000]
        return ImportRun.objects.latest("pk")

    run = upload()
    plan = client.get(f"/assistance/imports/{run.pk}/")
    assert (plan.context["plan"].added, plan.context["plan"].kept) == (2, 0)
    assert not Record.objects.exists()  # a plan writes no record
    applied = client.post(f"/assistance/imports/{run.pk}/", {"do": "apply"}, follow=True)
    assert "已导入。2 条记录对应 2 人" in applied.content.decode()  # linked and the rules run at once (no broker)
    assert Record.objects.filter(ended_on__isnull=True).count() == 2 and Person.objects.count() == 2
    assert Record.objects.get(name="张铭").person.household == Record.objects.get(name="张明").person.household
    again = upload()
    assert (client.get(f"/assistance/imports/{again.pk}/").context["plan"].added,) == (0,)
    client.post(f"/assistance/imports/{again.pk}/", {"do": "apply"})
    assert Record.objects.count() == 2 and Person.objects.count() == 2
