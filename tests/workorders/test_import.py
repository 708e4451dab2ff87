import io

import pytest
from openpyxl import Workbook, load_workbook

from yiwang.workorders import importer
from yiwang.workorders.importer import import_orders
from yiwang.workorders.models import Category, ImportBatch, WorkOrder

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


def test_import_page_reports_every_row_errors_first(org, client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org.dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/orders/import/", {"source_system": "old",
                                                   "file": SimpleUploadedFile("legacy.xlsx", xlsx(rows(org)))})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/orders/import/{batch.pk}/"
    assert (batch.state, batch.created, batch.skipped, batch.errors) == ("done", 2, 0, 6)
    page = client.get(response["Location"])
    assert [r["row"] for r in page.context["rows"]] == [3, 4, 5, 6, 7, 9]  # the errors only, by default
    assert "OLD-2" in page.content.decode()
    assert len(client.get(response["Location"], {"show": "all"}).context["rows"]) == 8
    report = load_workbook(io.BytesIO(client.get(response["Location"], {"export": "xlsx"}).content)).active
    assert [c.value for c in report[1]] == ["行号", "外部编号", "结果", "工单编号", "说明"]
    assert report.max_row == 9
    client.force_login(org.agent)
    assert client.get("/orders/import/").status_code == 403
    assert client.get(f"/orders/import/{batch.pk}/").status_code == 403


HISTORY = ["外部编号", "受理时间", "类型", "标题", "内容", "电话", "状态", "主办单位", "派单时间", "签收时间", "答复内容",
           "答复时间", "回访时间", "满意度", "是否解决", "办结时间"]


def history_rows():
    return [
        ["H-1", "2026-10-08 09:00", "求助", "路灯不亮", "翠湖路路灯不亮", "13905310001", "已办结", "城管局",
         "2026-10-08 10:00", "2026-10-08 11:00", "已修复", "2026-10-10 15:00", "2026-10-11 09:00", "满意", "是",
         "2026-10-11 09:00"],
        ["H-2", "2026-10-09 09:00", "咨询", "入学", "要什么材料", "", "已办结", "", "", "", "已电话答复", "", "", "", "",
         "2026-10-09 09:05"],
        ["H-3", "2026-11-20 09:00", "投诉", "噪音", "工地夜间施工", "", "办理中", "城管局", "2026-11-20 10:00",
         "2026-11-20 11:00", "", "", "", "", "", ""],
        ["H-4", "2026-11-20 09:00", "投诉", "噪音", "工地夜间施工", "", "已办结", "城管局", "", "", "", "", "", "", "", ""],
        ["H-5", "2026-11-20 09:00", "投诉", "噪音", "工地夜间施工", "", "已挂起", "", "", "", "", "", "", "", "", ""],
        ["H-6", "2026-11-20 09:00", "投诉", "噪音", "工地", "", "已办结", "城管局", "2026-11-19 10:00", "", "", "", "",
         "", "", "2026-11-21 09:00"],
    ]


def csv_bytes(rows, encoding="utf-8-sig", delimiter=","):
    text = "\r\n".join(delimiter.join(r) for r in [HISTORY, *rows]) + "\r\n"
    return text.encode(encoding)


def test_history_comes_in_as_history(org):
    from yiwang.workorders import selectors

    results = import_orders(name="old.csv", content=csv_bytes(history_rows()), actor=org.dispatcher,
                            source_system="old")
    outcome = {r.ref: (r.outcome, r.message) for r in results}
    assert [outcome[k][0] for k in ("H-1", "H-2", "H-3")] == ["created"] * 3
    assert "派单时间" in outcome["H-4"][1]  # a closed order of a unit without its dispatch time
    assert "未知的状态" in outcome["H-5"][1]
    assert "派单时间早于受理时间" in outcome["H-6"][1]
    closed = WorkOrder.objects.get(source_ref="H-1")
    assert closed.status == "closed" and closed.deadline is None and closed.lead_unit == org.bureau
    assert closed.satisfaction == "satisfied" and closed.solved is True and closed.answer == "已修复"
    assert [e.action for e in closed.events.all()] == ["create", "dispatch", "sign_for", "reply", "callback"]
    assert all(e.data.get("legacy") for e in closed.events.exclude(action="create"))
    assert WorkOrder.objects.get(source_ref="H-2").status == "closed"
    handling = WorkOrder.objects.get(source_ref="H-3")
    assert handling.status == "handling" and handling.handle_deadline is not None
    # Closed history stays out of today's queues and overdue counts; the unit sees what it had.
    overdue = selectors.search(org.dispatcher, {"overdue": "1"})
    assert closed not in overdue and not selectors.search(org.dispatcher, {"queue": "to_dispatch"}).exists()
    assert set(selectors.search(org.staff, {})) == {closed, handling}


def test_imported_history_is_judged_by_its_own_dates_in_the_assessment(org, client):
    """N1: every imported sign-for and reply counted as late (响应率 0/10) whatever its dates."""
    import datetime as dt

    from yiwang.supervision import rates

    late = ["H-7", "2026-10-12 09:00", "投诉", "噪音", "工地夜间施工", "", "已办结", "城管局", "2026-10-12 10:00",
            "2026-10-12 18:00", "已处理", "2026-11-20 15:00", "2026-11-21 09:00", "不满意", "否", "2026-11-21 09:00"]
    import_orders(name="old.csv", content=csv_bytes([history_rows()[0], late]), actor=org.dispatcher,
                  source_system="old")
    tz = dt.timezone(dt.timedelta(hours=8))
    facts = rates.facts(dt.datetime(2026, 10, 1, tzinfo=tz), dt.datetime(2026, 12, 1, tzinfo=tz))[org.bureau.pk]
    # H-1: signed 1 h after dispatch, replied 2 days later: on time; H-7: signed after 8 h, replied after 5 weeks.
    assert (facts["dispatched"], facts["responded_on_time"]) == (2, 1)
    assert (facts["replied"], facts["replied_on_time"]) == (2, 1)
    client.force_login(org.dispatcher)
    page = client.get(f"/orders/{WorkOrder.objects.get(source_ref='H-1').number}/").content.decode()
    assert "原系统" in page
    found = client.get("/orders/", {"q": "h-1"}).content.decode()  # N15: callers quote the earlier number
    assert WorkOrder.objects.get(source_ref="H-1").number in found and "2026-10-08" in found  # N14: with its year


@pytest.mark.parametrize("encoding, delimiter", [("gbk", ","), ("gb18030", ","), ("utf-16", "\t"), ("utf-8", ";")])
def test_a_csv_in_any_common_encoding_is_read(org, encoding, delimiter):
    results = import_orders(name="old.csv", content=csv_bytes(history_rows()[:2], encoding, delimiter),
                            actor=org.dispatcher, source_system="old")
    assert [r.outcome for r in results] == ["created", "created"]
    assert WorkOrder.objects.get(source_ref="H-1").title == "路灯不亮"


@pytest.mark.parametrize("column, value, message", [
    ("来电人", "长" * 51, "来电人超过 50 个字"), ("地址", "址" * 201, "地址超过 200 个字"),
    ("外部编号", "X" * 61, "外部编号超过 60 个字"), ("标题", "题" * 201, "标题超过 200 个字"),
    ("内容", "有\x00零", "NUL"),
])
def test_a_value_too_long_or_unstorable_is_a_row_error_and_the_rows_around_it_are_kept(org, column, value, message):
    header = ["外部编号", "类型", "标题", "内容"] + ([column] if column in ("来电人", "地址") else [])

    def row(ref, **given):
        values = {"外部编号": ref, "类型": "求助", "标题": "路灯", "内容": "路灯不亮", "来电人": "", "地址": "", **given}
        return [values[h] for h in header]
    bad = row(value) if column == "外部编号" else row("P-2", **{column: value})
    text = "\n".join(",".join(r) for r in [header, row("P-1"), bad, row("P-3")])
    results = import_orders(name="p.csv", content=text.encode(), actor=org.dispatcher, source_system="old")
    assert [r.outcome for r in results] == ["created", "error", "created"]
    assert message in results[1].message
    assert sorted(WorkOrder.objects.values_list("source_ref", flat=True)) == ["P-1", "P-3"]


def test_an_unreadable_file_is_refused_clearly_and_never_with_a_server_error(org, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(org.dispatcher)
    for name, content, message in [
            ("x.csv", "外部编号,标题\n".encode("utf-8") + bytes([0xff, 0xfe, 0x00, 0xd8]) * 3, "无法识别文件编码"),
            ("y.csv", "外部编号,标题\nA,b\n".encode("gbk"), "缺少：内容、类型"),
            ("x.xlsx", b"\x89PNG\r\n" + b"0" * 50, "既不是 Excel"),
            ("big.csv", b"a" * 2000, "大于"),
            ("empty.csv", b"", "空文件")]:
        response = client.post("/orders/import/", {"source_system": "old", "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200 and message in response.content.decode(), name
    assert not WorkOrder.objects.exists() and not ImportBatch.objects.exists()


def test_a_whole_batch_is_undone_but_an_order_worked_on_since_stays(org, client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yiwang.workorders import services

    client.force_login(org.dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/orders/import/", {"source_system": "old", "file": SimpleUploadedFile(
            "old.csv", csv_bytes(history_rows()[:3]))})
    batch = ImportBatch.objects.get()
    worked = WorkOrder.objects.get(source_ref="H-3")
    services.issue_notice(order=worked, actor=org.dispatcher, kind="urge", text="请加快", version=worked.version)
    response = client.post(f"/orders/import/{batch.pk}/undo/", follow=True)
    page = response.content.decode()
    assert "已撤销本次导入：删除 2 件工单" in page and worked.number in page
    assert list(WorkOrder.objects.values_list("source_ref", flat=True)) == ["H-3"]
    batch.refresh_from_db()
    assert batch.state == "undone" and batch.undone_by == org.dispatcher
    # Undone orders may be imported again.
    again = import_orders(name="old.csv", content=csv_bytes(history_rows()[:2]), actor=org.dispatcher,
                          source_system="old")
    assert [r.outcome for r in again] == ["created", "created"]


def test_the_command_line_imports_a_file(org, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "old.csv"
    path.write_bytes(csv_bytes(history_rows(), "gbk"))
    call_command("importorders", str(path), "--source", "old", "--user", org.dispatcher.username)
    out = capsys.readouterr().out
    assert "导入 3 条" in out and "H-4" in out
    assert WorkOrder.objects.count() == 3


def test_the_template_names_every_column(org, client):
    client.force_login(org.dispatcher)
    sheet = load_workbook(io.BytesIO(client.get("/orders/import/template.xlsx").content)).active
    headers = [c.value for c in sheet[1]]
    assert set(headers) >= {"外部编号", "状态", "主办单位", "办结时间"}
    assert all(importer.HEADERS.get(h) for h in headers)
