import io

from openpyxl import Workbook

from yiwang.workorders.importer import import_orders
from yiwang.workorders.models import Category, WorkOrder

HEADER = ["外部编号", "受理时间", "类型", "渠道", "标题", "内容", "来电人", "电话", "身份证号", "分类", "街道", "社区"]


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rows(org):
    c1 = org.category  # 城市管理
    c2 = Category.objects.create(name="市政设施", parent=c1)
    Category.objects.create(name="路灯故障", parent=c2)
    return [
        ["OLD-1", "2026-11-20 10:00", "投诉", "热线电话", "路灯不亮", "翠湖路路灯不亮", "张三", "13905310001", "",
         "城市管理/市政设施/路灯故障", "青山街道", "松林社区"],
        ["OLD-2", "2026-11-20 11:00", "闲聊", "热线电话", "标题", "内容", "", "", "", "", "", ""],
        ["OLD-3", "2026-11-21 09:00", "求助", "微信", "井盖缺失", "河湾路口", "", "12345", "", "", "", ""],
        ["OLD-4", "2026-11-21 09:30", "咨询", "", "入学", "需要什么材料", "", "", "110105194912310021", "", "", ""],
        ["OLD-5", "2026-11-22 08:00", "建议", "网站", "增开公交", "新城到高铁站", "", "", "", "不存在/分类", "", ""],
        ["OLD-6", "2026-11-22 09:00", "举报", "", "违建", "楼顶搭建", "", "", "", "", "白鹭街道", "松林社区"],
        ["", "", "", "", "", "", "", "", "", "", "", ""],
        ["OLD-7", "2030-01-01 09:00", "咨询", "", "未来", "时间不对", "", "", "", "", "", ""],
        ["OLD-8", "2026-11-23 09:00", "consult", "email", "English codes", "也可以用代码", "", "", "", "", "", ""],
    ]


def test_bad_rows_are_reported_and_good_rows_kept(org):
    results = import_orders(name="legacy.xlsx", content=xlsx(rows(org)), actor=org.dispatcher, source_system="old")
    outcome = {r.row: (r.outcome, r.message) for r in results}
    assert outcome[2][0] == "created" and outcome[10][0] == "created"
    assert outcome[3] == ("error", "未知的类型：闲聊")
    assert outcome[4][0] == "error" and "12345" in outcome[4][1]
    assert outcome[5][0] == "error" and "身份证" in outcome[5][1]
    assert outcome[6] == ("error", "未知的分类：不存在/分类")
    assert outcome[7][0] == "error" and "松林社区" in outcome[7][1]  # a community of another street
    assert outcome[9][0] == "error" and "晚于当前时间" in outcome[9][1]
    assert 8 not in outcome  # the blank row is ignored
    first = WorkOrder.objects.get(source_ref="OLD-1")
    assert first.category.path == "城市管理 / 市政设施 / 路灯故障" and first.street == org.street
    assert first.created_at.isoformat().startswith("2026-11-20T02:00")  # 10:00 in Shanghai
    assert WorkOrder.objects.count() == 2


def test_reimporting_the_same_file_adds_nothing_twice(org):
    content = xlsx(rows(org))
    import_orders(name="legacy.xlsx", content=content, actor=org.dispatcher, source_system="old")
    again = import_orders(name="legacy.xlsx", content=content, actor=org.dispatcher, source_system="old")
    assert [r.outcome for r in again if r.outcome != "error"] == ["skipped", "skipped"]
    assert WorkOrder.objects.count() == 2


def test_csv_import(org):
    text = ",".join(HEADER) + "\nCSV-1,2026-11-20 10:00,求助,短信,停水,三号楼停水,,,,,,\n"
    results = import_orders(name="legacy.csv", content=text.encode("utf-8-sig"), actor=org.dispatcher,
                            source_system="old")
    assert [r.outcome for r in results] == ["created"]
    assert WorkOrder.objects.get().channel == "sms"


def test_a_file_without_the_required_columns_is_refused(org, client):
    client.force_login(org.dispatcher)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/orders/import/", {"source_system": "old",
                                               "file": SimpleUploadedFile("x.csv", "标题,内容\na,b\n".encode())})
    assert "缺少" in response.content.decode() and not WorkOrder.objects.exists()


def test_import_page_shows_the_row_report(org, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org.dispatcher)
    response = client.post("/orders/import/", {"source_system": "old",
                                               "file": SimpleUploadedFile("legacy.xlsx", xlsx(rows(org)))})
    assert response.context["summary"] == {"created": 2, "skipped": 0, "error": 6}
    client.force_login(org.agent)
    assert client.get("/orders/import/").status_code == 403
