"""The registry: every field checked, the size computed by the 2017 rules held as data, the
import from the market-regulation export that updates and never duplicates."""
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from yiwang.enterprises import industries, services
from yiwang.enterprises.models import Enterprise

from .conftest import credit_code, enterprise


@pytest.mark.parametrize("code, staff, revenue, assets, size", [
    ("39", 1000, 40000, None, "large"),      # industry: both bounds
    ("39", 1000, 39999, None, "medium"),     # revenue one short of large
    ("39", 299, 40000, None, "small"),       # staff short of medium: falls a class
    ("39", 19, 300, None, "micro"),          # below the small staff bound
    ("39", None, 5000, None, "micro"),       # a figure the rule needs is missing
    ("51", 200, 40000, None, "large"),       # wholesale
    ("52", 10, 100, None, "small"),          # retail
    ("62", 150, 2500, None, "medium"),       # catering
    ("65", 12, 50, None, "small"),           # software
    ("4710", None, 80000, 80000, "large"),   # construction: revenue and assets
    ("7020", 120, 600, None, "small"),       # property management, a group under 70
    ("7010", None, 1500, 6000, "medium"),    # real-estate development
    ("72", 150, None, 9000, "medium"),       # business services: staff and assets
    ("01", None, 600, None, "medium"),       # agriculture: revenue only
    ("83", 150, None, None, "medium"),       # education: other industries, staff only
    ("53", 300, None, None, "large"),        # railway: not a transport rule, staff only
])
def test_the_size_class_follows_the_2017_rules_for_the_industry(code, staff, revenue, assets, size):
    assert industries.classify(code, staff, revenue, assets)[0] == size


@pytest.mark.parametrize("code, revenue, above", [("39", 2000, True), ("39", 1999, False), ("52", 500, True),
                                                  ("62", 199, False), ("65", 2000, True), ("72", 1000, True),
                                                  ("47", 100000, False)])
def test_above_designated_size_is_the_industrys_threshold(code, revenue, above):
    assert industries.above_scale(code, revenue) is above


def test_the_standard_has_its_20_sections_and_97_divisions():
    assert len(industries.sections()) == 20
    assert sum(len(options) for _g, options in industries.division_choices()) == 97
    assert industries.section_of("3911") == "C" and industries.name_of("65") == "软件和信息技术服务业"
    assert not industries.is_known("98") and not industries.is_known("3x")


def test_an_enterprise_is_saved_with_its_size_computed_and_every_bad_field_named(org):
    e = enterprise(org)
    assert (e.section, e.size, e.above_scale) == ("C", "small", True)
    with pytest.raises(ValidationError) as caught:
        services.save(actor=org.supervisor, data={"credit_code": "91370112MA3C5K8T0X", "name": "", "industry": "99",
                                              "staff": "many", "revenue": "-5", "founded_on": "2099-01-01",
                                              "street": "月球街道", "contact_phone": "123"})
    errors = caught.value.message_dict
    assert set(errors) == {"credit_code", "name", "industry", "staff", "revenue", "founded_on", "street",
                           "contact_phone"}
    assert "校验" in errors["credit_code"][0]
    with pytest.raises(ValidationError) as caught:
        services.save(actor=org.supervisor, data={"credit_code": "91370112", "name": "x", "industry": "39"})
    assert "8 位" in caught.value.message_dict["credit_code"][0]
    assert Enterprise.objects.count() == 1


def test_only_the_registry_keepers_change_it(org):
    from yiwang.errors import ActionRefused

    with pytest.raises(ActionRefused):
        enterprise(org) and services.save(actor=org.staff, data={"credit_code": credit_code(2), "name": "x",
                                                                  "industry": "39"})


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "企业名称", "法定代表人", "注册资本(万元)", "成立日期", "行业代码", "从业人数",
                  "营业收入(万元)", "资产总额(万元)", "所属街道", "联系电话"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_import_reports_every_row_and_a_second_import_updates(org):
    good = [credit_code(1), "云溪新材料科技有限公司", "李四", "5000", "2018-03-01", "2651", "350", "26000", "18000",
            "青山街道", "13905319001"]
    bad = ["91370112MA3C5K8T0X", "坏代码公司", "", "", "", "39", "", "", "", "", ""]
    other = [credit_code(2), "云溪软件有限公司", "王五", "100", "2020-01-01", "65", "45", "800", "300", "白鹭街道", ""]
    report = services.import_enterprises(actor=None, name="export.xlsx", content=workbook([good, bad, other]))
    assert [(r.line, r.outcome) for r in report] == [(2, "created"), (3, "error"), (4, "created")]
    assert "校验" in report[1].errors[0]
    new = Enterprise.objects.get(credit_code=credit_code(1))
    assert new.size == "medium" and new.above_scale and new.street == org.street
    good[6] = "1200"
    report = services.import_enterprises(actor=None, name="export.xlsx", content=workbook([good]))
    assert report[0].outcome == "updated" and Enterprise.objects.count() == 2
    new.refresh_from_db()
    assert new.staff == 1200 and new.size == "medium"  # revenue 26,000 is below the large bound


def test_the_command_imports_a_gbk_csv(org, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "export.csv"
    path.write_bytes(("统一社会信用代码,企业名称,行业代码,从业人数,营业收入(万元)\n"
                      f"{credit_code(7)},云溪餐饮有限公司,62,35,860\n").encode("gbk"))
    call_command("enterprises", "import", str(path))
    assert "新增 1" in capsys.readouterr().out
    assert Enterprise.objects.get(credit_code=credit_code(7)).size == "small"


def test_the_pages(org, client):
    e = enterprise(org)
    client.force_login(org.dispatcher)
    page = client.get("/enterprises/").content.decode()
    assert e.name in page and "新增企业" not in page
    detail = client.get(f"/enterprises/{e.credit_code}/").content.decode()
    assert "139****9001" in detail and "13905319001" not in detail and "小型" in detail
    assert "走访记录" in detail and "跑动次数" not in detail  # enterprise visits, not a citizen's trips to the hall
    assert "跑动次数" in client.get("/portal/guides/").content.decode()  # the guides' column keeps its own words
    export = client.get("/enterprises/", {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxml")
    client.force_login(org.supervisor)
    response = client.post(f"/enterprises/{e.credit_code}/edit/", {"credit_code": "x", "name": e.name,
                                                                   "industry": "39", "staff": "1500",
                                                                   "revenue": "50000"})
    e.refresh_from_db()
    assert response.status_code == 302 and e.size == "large"
    client.force_login(org.nobody)
    assert client.get("/enterprises/").status_code == 403
