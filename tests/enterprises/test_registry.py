"""The registry: every field checked, the size computed by the 2017 rules held as data, the
import from the market-regulation export that updates and never duplicates."""
import io

import pytest
from django.test import Client
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from yiwang.enterprises import importing, industries, services
from yiwang.enterprises.models import Enterprise

from .conftest import credit_code, enterprise


@pytest.mark.parametrize("code, staff, revenue, assets, size", [
    ("39", 1000, 40000, None, "large"),      # industry: both bounds
    ("39", 1000, 39999, None, "medium"),     # revenue one short of large
    ("39", 299, 40000, None, "small"),       # staff short of medium: falls a class
    ("39", 19, 300, None, "micro"),          # below the small staff bound
    ("39", None, 5000, None, "unclassified"),  # the missing staff decides between micro and medium
    ("39", None, 200, None, "micro"),        # revenue below the small bound: micro whatever the staff
    ("72", None, None, None, "unclassified"),  # no figures: not micro, and no size condition meets it
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
                                                  ("47", 100000, False), ("84", 1000, False), ("84", 2000, True),
                                                  ("85", 500, True), ("7030", 1000, True)])
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
        services.add(actor=org.supervisor, data={"credit_code": "91370112MA3C5K8T0X", "name": "", "industry": "99",
                                                 "staff": "many", "revenue": "-5", "founded_on": "2099-01-01",
                                                 "street": "月球街道", "contact_phone": "123"})
    errors = caught.value.message_dict
    assert set(errors) == {"credit_code", "name", "industry", "staff", "revenue", "founded_on", "street",
                           "contact_phone"}
    assert "校验" in errors["credit_code"][0]
    with pytest.raises(ValidationError) as caught:
        services.add(actor=org.supervisor, data={"credit_code": "91370112", "name": "x", "industry": "39"})
    assert "8 位" in caught.value.message_dict["credit_code"][0]
    with pytest.raises(ValidationError) as caught:  # a capital of 10^15 yuan is no capital
        services.add(actor=org.supervisor, data={"credit_code": credit_code(5), "name": "x", "industry": "39",
                                                 "registered_capital": "99999999999"})
    assert "1 万亿元" in caught.value.message_dict["registered_capital"][0]
    assert Enterprise.objects.count() == 1


def test_an_enterprise_without_figures_is_not_classified_and_says_which_are_missing(org):
    e = enterprise(org, industry="72", staff=None, revenue=None, assets=None)
    assert e.size == "unclassified" and not e.above_scale
    assert [str(f) for f in e.size_missing] == ["从业人员", "资产总额（万元）"]


def test_only_the_registry_keepers_change_it(org):
    from yiwang.errors import ActionRefused

    with pytest.raises(ActionRefused):
        enterprise(org) and services.add(actor=org.staff, data={"credit_code": credit_code(2), "name": "x",
                                                                 "industry": "39"})


def test_adding_a_credit_code_the_registry_holds_is_refused_and_overwrites_nothing(org, client):
    """F1: 新增企业 with an existing code silently replaced the enterprise and blanked every field
    left empty; now it is refused with a link to the enterprise, on the page and in the API."""
    e = enterprise(org, registered_capital="50", park="科创园")
    client.force_login(org.supervisor)
    page = client.post("/enterprises/new/", {"credit_code": e.credit_code.lower(), "name": "覆盖名字测试",
                                             "industry": "62"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "已在企业库中" in html and f'href="/enterprises/{e.credit_code}/"' in html
    from yiwang.api.services import issue_key

    _key, secret = issue_key(name="partner", scopes=["enterprises:write"], user=org.supervisor)
    answer = client.post("/api/v1/enterprises", {"credit_code": e.credit_code, "name": "覆盖", "industry": "62"},
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}",
                         HTTP_IDEMPOTENCY_KEY="add-1")
    assert answer.status_code == 409 and answer.json()["code"] == "exists"
    kept = Enterprise.objects.get(pk=e.pk)
    assert (kept.name, kept.industry, kept.staff, kept.registered_capital, kept.park, kept.contact_phone) == (
        e.name, "39", 120, 50, "科创园", "13905319001")
    # A correction through the API changes only the fields it sends.
    patched = client.patch(f"/api/v1/enterprises/{e.credit_code}", {"staff": 400}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IDEMPOTENCY_KEY="patch-1")
    assert patched.status_code == 200 and patched.json()["staff"] == 400
    kept.refresh_from_db()
    assert (kept.staff, kept.revenue, kept.park, kept.registered_capital) == (400, 3500, "科创园", 50)


def workbook(rows, headings=("统一社会信用代码", "企业名称", "法定代表人", "注册资本(万元)", "成立日期", "行业代码",
                             "从业人数", "营业收入(万元)", "资产总额(万元)", "所属街道", "联系电话")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headings))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def market(org, name="export.xlsx", content=None, rows=None, headings=None, source="market"):
    from yiwang.enterprises.models import ImportSource

    kind = ImportSource.objects.get_or_create(code=source, defaults={"name": source, "updated_at": "2026-11-25T09:00Z"})[0]
    return importing.upload(actor=org.supervisor, name=name, source=kind,
                            content=content if content is not None else workbook(rows, *([headings] if headings else [])))


def test_the_import_shows_each_row_before_saving_and_a_second_import_changes_nothing(org):
    good = [credit_code(1), "云溪新材料科技有限公司", "李四", "5000", "2018-03-01", "2651", "350", "26000", "18000",
            "青山街道", "13905319001"]
    bad = ["91370112MA3C5K8T0X", "坏代码公司", "", "", "", "39", "", "", "", "", ""]
    other = [credit_code(2), "云溪软件有限公司", "王五", "100", "2020-01-01", "65", "45", "800", "300", "白鹭街道", ""]
    batch = market(org, rows=[good, bad, other])
    planned = importing.plan(batch)
    assert [(p.line, p.outcome) for p in planned] == [(2, "new"), (3, "error"), (4, "new")]
    assert "校验" in planned[1].errors[0]
    assert not Enterprise.objects.exists()  # nothing before the confirmation
    importing.apply(actor=org.supervisor, batch=batch)
    new = Enterprise.objects.get(credit_code=credit_code(1))
    assert new.size == "medium" and new.above_scale and new.street == org.street
    again = market(org, rows=[good, other])
    assert [p.outcome for p in importing.plan(again)] == ["same", "same"]
    good[6] = "1200"
    changed = importing.plan(market(org, rows=[good]))
    assert changed[0].outcome == "update"
    assert [(c.label, c.old, c.new) for c in changed[0].changes] == [("从业人数", "350", "1200")]


def test_an_import_changes_only_the_columns_it_has_and_the_cells_that_are_not_empty(org):
    """F2: a refresh from 市场监管 (no staff, revenue or assets) used to erase the office's figures."""
    e = enterprise(org, park="科创园", contact_name="王五")
    batch = market(org, rows=[[e.credit_code, e.name, "", "", "", "39"]],
                   headings=["统一社会信用代码", "企业名称", "从业人数", "营业收入(万元)", "联系人", "行业代码"])
    planned = importing.plan(batch)
    assert planned[0].outcome == "same"
    importing.apply(actor=org.supervisor, batch=batch)
    e.refresh_from_db()
    assert (e.staff, e.revenue, e.assets, e.park, e.contact_name, e.contact_phone, e.size) == (
        120, 3500, 2800, "科创园", "王五", "13905319001", "small")


def test_a_real_market_regulation_export_imports_with_its_own_headings_and_values(org):
    """F3: 行业 as a class with its section letter, capital in 元 or "500万人民币", 登记状态, dates as
    2019/3/7, full-width digits; a bad street leaves that field empty instead of losing the row."""
    headings = ["统一社会信用代码", "企业名称", "法定代表人", "成立日期", "注册资本", "行业", "住所", "登记状态",
                "企业类型", "所属街道"]
    full_width = credit_code(3).translate(str.maketrans("0123456789ABCDEFGHJKLMNPQRTUWXY",
                                                        "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"))
    rows = [
        [credit_code(1), "云溪精工机械有限公司", "张三", "2019/3/7", "500万人民币", "C3411", "科创路1号", "存续",
         "有限责任公司", "青山街道"],
        [full_width, "云溪小满餐饮店", "李　四", "２０２１-０５-１２", "５４３", "6210", "临河路２号　Ｂ座", "在业", "个体",
         "不存在街道"],
        [credit_code(4), "云溪旧厂有限公司", "王五", "2001.10.1", "1,000万元", "通用设备制造业", "", "吊销，未注销",
         "有限责任公司", ""],
        [credit_code(5), "云溪外资有限公司", "赵六", "20190307", "50万美元", "C6520", "", "存续", "", ""],
    ]
    batch = market(org, rows=rows, headings=headings)
    planned = importing.plan(batch)
    assert [p.outcome for p in planned] == ["new", "new", "new", "error"]
    assert "行业" in planned[3].errors[0]  # C does not hold 6520: a new enterprise without an industry
    assert ("街道", "没有名为“不存在街道”的街道；街道一项未导入。") in planned[1].problems
    importing.apply(actor=org.supervisor, batch=batch)
    first = Enterprise.objects.get(credit_code=credit_code(1))
    assert (first.industry, first.section, str(first.registered_capital), str(first.founded_on)) == (
        "3411", "C", "500.00", "2019-03-07")
    second = Enterprise.objects.get(credit_code=credit_code(3))
    assert (second.street, str(second.registered_capital), str(second.founded_on)) == (None, "543.00", "2021-05-12")
    # full-width digits and letters made plain, a name's padding space gone, Chinese punctuation kept
    assert (second.legal_rep, second.address) == ("李四", "临河路2号 B座")
    old = Enterprise.objects.get(credit_code=credit_code(4))
    assert (old.industry, old.status, old.status_text, str(old.registered_capital)) == (
        "34", "closed", "吊销，未注销", "1000.00")
    client = Client()
    client.force_login(org.supervisor)
    page = client.get(f"/enterprises/{old.credit_code}/").content.decode()
    assert '<span class="tag w-red" id="closed">吊销，未注销</span>' in page


def test_a_foreign_currency_or_a_wrong_section_is_named_and_the_rest_of_the_row_kept(org):
    rows = [[credit_code(5), "云溪外资有限公司", "20190307", "50万美元", "C6520"]]
    batch = market(org, rows=rows, headings=["统一社会信用代码", "企业名称", "成立日期", "注册资本", "行业"])
    [row] = importing.plan(batch)
    assert row.outcome == "error"  # a new enterprise needs an industry, and C does not hold 6520
    problems = dict(row.problems)
    assert "美元" in problems["注册资本（万元）"] and "C" in problems["行业"]
    assert str(row.values["founded_on"]) == "2019-03-07"


def test_a_sources_columns_are_mapped_once_and_kept(org, client):
    from yiwang.enterprises.models import ImportSource

    client.force_login(org.supervisor)
    headings = ["信用代码(18位)", "单位全称", "行业门类代码", "备注"]
    content = workbook([[credit_code(6), "云溪统计样本有限公司", "3911", "x"]], headings)
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = client.post("/enterprises/import/", {"source": "new", "new_code": "tongji", "new_name": "区统计局",
                                                   "file": SimpleUploadedFile("t.xlsx", content)}, follow=True)
    assert "没有哪一列是统一社会信用代码" in refused.content.decode()
    source = ImportSource.objects.get(code="tongji")
    batch = importing.upload(actor=org.supervisor, name="t.xlsx", content=content, source=source,
                             mapping={importing.heading_key(h): f for h, f in zip(
                                 headings, ["credit_code", "name", "industry", ""])})
    assert importing.plan(batch)[0].outcome == "new"
    source.refresh_from_db()
    again = importing.upload(actor=org.supervisor, name="t2.xlsx", content=content, source=source)
    assert importing.plan(again)[0].values["industry"] == "3911"  # the kept columns, without asking again


def test_the_pages_preview_then_confirm_an_import(org, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    e = enterprise(org)
    client.force_login(org.supervisor)
    content = workbook([[e.credit_code, e.name, "", "", "", "", "400"]])
    response = client.post("/enterprises/import/", {"source": "market",
                                                    "file": SimpleUploadedFile("export.xlsx", content)})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "从业人数：120 → <strong>400</strong>" in preview and "确认导入" in preview
    e.refresh_from_db()
    assert e.staff == 120
    client.post(response["Location"] + "apply/")
    e.refresh_from_db()
    assert e.staff == 400
    assert "已导入" in client.get(response["Location"]).content.decode()
    # F18: the report is kept and downloads as Excel, every row with what it changed
    from openpyxl import load_workbook

    report = client.get(response["Location"], {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(report.content)).active.values)
    assert rows[1][:4] == ("行号", "信用代码", "名称", "导入结果")
    assert rows[2][0] == 2 and rows[2][1] == e.credit_code and rows[2][3] == "更新" and "120 → 400" in rows[2][4]


def test_the_command_imports_a_gbk_csv(org, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "export.csv"
    path.write_bytes(("统一社会信用代码,企业名称,行业代码,从业人数,营业收入(万元)\n"
                      f"{credit_code(7)},云溪餐饮有限公司,62,35,860\n").encode("gbk"))
    call_command("enterprises", "import", str(path))
    assert "已新增 1" in capsys.readouterr().out
    assert Enterprise.objects.get(credit_code=credit_code(7)).size == "small"
    call_command("enterprises", "import", str(path))
    assert "无变化 1" in capsys.readouterr().out


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
