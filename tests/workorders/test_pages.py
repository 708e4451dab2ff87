import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from yiwang.workorders.models import Attachment, Category, Status, WorkOrder

from ..conftest import dispatched, handling, new_order, picture, replied, v


def test_login_required(client, db):
    response = client.get("/orders/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_pages_are_chinese_by_default_even_for_an_english_browser(org, client):
    client.force_login(org.dispatcher)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "待派单" in html and "我的工作" in html


def test_english_when_the_user_chooses_it(org, client):
    client.force_login(org.dispatcher)
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "To dispatch" in html


def test_queue_counts_for_a_dispatcher_and_a_unit(org, client):
    new_order(org)
    new_order(org)
    dispatched(org)
    client.force_login(org.dispatcher)
    queues = {q.code: q.count for q in client.get("/").context["sections"][0].entries}
    assert queues["to_dispatch"] == 2 and queues["returned"] == 0
    client.force_login(org.staff)
    queues = {q.code: q.count for q in client.get("/").context["sections"][0].entries}
    assert queues["to_sign"] == 1 and "to_dispatch" not in queues


def test_one_inbox_holds_a_units_orders_approval_steps_and_rectification_cases(org, client):
    from yiwang.reviews.models import Rectification

    dispatched(org)
    Rectification.objects.create(number="ZG1", unit=org.bureau, source="fault", summary="态度差",
                                 created_at=org.staff.date_joined, due=org.staff.date_joined)
    client.force_login(org.staff)
    sections = {s.label: {e.code: (e.count, e.overdue) for e in s.entries} for s in client.get("/").context["sections"]}
    assert sections["工单（12345）"]["to_sign"] == (1, 0)
    assert sections["政务服务办件（一网通办）"]["my_steps"] == (0, 0)
    assert sections["差评整改"]["to_verify"] == (1, 0) and sections["差评整改"]["overdue"] == (1, 1)


def test_list_queries_do_not_grow_with_the_number_of_orders(org, client):
    client.force_login(org.dispatcher)
    for _ in range(3):
        dispatched(org)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/orders/").status_code == 200
        return len(ctx)

    few = count()
    for _ in range(10):
        dispatched(org, category=org.category)
    assert count() == few


def test_list_filters_and_search(org, client):
    new_order(org, title="井盖缺失", order_type="help")
    dispatched(org, title="噪音扰民")
    client.force_login(org.dispatcher)
    titles = lambda **q: [o.title for o in client.get("/orders/", q).context["page"].object_list]  # noqa: E731
    assert titles(q="井盖") == ["井盖缺失"]
    assert titles(status="pending_sign") == ["噪音扰民"]
    assert titles(type="help") == ["井盖缺失"]
    assert titles(unit=str(org.bureau.pk)) == ["噪音扰民"]
    assert titles(queue="to_dispatch") == ["井盖缺失"]


def test_list_masks_phone_numbers(org, client):
    new_order(org)
    client.force_login(org.dispatcher)
    html = client.get("/orders/").content.decode()
    assert "139****0001" in html and "13905310001" not in html


def test_export_is_filtered_and_masked(org, client):
    new_order(org, title="井盖缺失")
    new_order(org, title="噪音扰民", confidential=True)
    client.force_login(org.dispatcher)
    response = client.get("/orders/export.xlsx", {"q": "井盖"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工单编号"
    assert len(rows) == 2 and rows[1][5] == "井盖缺失"
    assert rows[1][10] == "139****0001" and rows[1][11] == "1101**********002X"
    text = " ".join(str(c) for row in rows for c in row)
    assert "13905310001" not in text


def test_export_hides_confidential_callers_from_units(org, client):
    dispatched(org, confidential=True)
    client.force_login(org.staff)
    rows = list(load_workbook(io.BytesIO(client.get("/orders/export.xlsx").content)).active.iter_rows(
        values_only=True))
    assert rows[1][9] == "保密" and rows[1][10] in ("", None)


def test_agent_takes_an_order_with_an_attachment(org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    client.force_login(org.agent)
    response = client.post("/orders/new/", {
        "order_type": "complaint", "channel": "phone", "urgency": "normal", "caller_phone": "13905310001",
        "caller_name": "张先生", "title": "噪音", "body": "夜间施工", "street": org.street.pk,
        "community": org.community.pk, "category": org.category.pk,
        "files": [picture("现场.jpg")],
    })
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.number}/"
    assert order.attachments.get().name == "现场.jpg"
    download = client.get(f"/orders/{order.number}/files/{order.attachments.get().pk}/")
    assert download.status_code == 200


def test_intake_form_shows_clear_errors_and_saves_nothing(org, client):
    client.force_login(org.agent)
    response = client.post("/orders/new/", {"order_type": "complaint", "channel": "phone", "urgency": "normal",
                                            "caller_phone": "12345", "caller_id_number": "123", "title": "t",
                                            "body": "b"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "不是有效的电话号码" in html or "12345" in html
    assert not WorkOrder.objects.exists()


def test_intake_refuses_a_disallowed_file_type(org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org.agent)
    client.post("/orders/new/", {"order_type": "complaint", "channel": "phone", "urgency": "normal", "title": "t",
                                 "body": "b", "files": [SimpleUploadedFile("virus.exe", b"MZ")]})
    assert not WorkOrder.objects.exists() and not Attachment.objects.exists()


def test_unit_cannot_open_the_intake_page(org, client):
    client.force_login(org.staff)
    assert client.get("/orders/new/").status_code == 403


def test_caller_lookup_lists_earlier_orders(org, client):
    new_order(org, title="第一次")
    new_order(org, title="第二次", caller_phone="13800000000")
    client.force_login(org.agent)
    data = client.post("/orders/caller/", {"phone": "13905310001"}).json()
    assert [o["title"] for o in data["orders"]] == ["第一次"]
    assert client.get("/orders/caller/", {"phone": "13905310001"}).status_code == 405  # never in an address
    client.force_login(org.staff)
    assert client.post("/orders/caller/", {"phone": "13905310001"}).status_code == 403


def test_the_caller_look_up_is_a_reveal_recorded_and_limited(org, client, settings):
    """Which orders a number made tells whose number a masked one is: without the reveal permission
    (the dispatcher's default) there is no look-up, each one that finds orders is recorded, and
    nobody walks the middle digits of a masked number."""
    from yiwang.privacy.models import RevealLog

    settings.CALLER_LOOKUP_RATE = "3/h"
    new_order(org, title="第一次")
    client.force_login(org.dispatcher)
    assert client.post("/orders/caller/", {"phone": "13905310001"}).status_code == 403
    assert "data-caller-url" not in client.get("/orders/new/").content.decode()
    client.force_login(org.agent)
    assert "data-caller-url" in client.get("/orders/new/").content.decode()
    client.post("/orders/caller/", {"phone": "13905310009"})  # nobody's: nothing seen, nothing recorded
    client.post("/orders/caller/", {"phone": "13905310001"})
    assert list(RevealLog.objects.values_list("user__username", "subject")) == [("agent", "workorders:caller")]
    client.post("/orders/caller/", {"phone": "13905310002"})
    refused = client.post("/orders/caller/", {"phone": "13905310001"})
    assert refused.status_code == 429 and refused.json()["orders"] == []


def test_a_hotline_call_needs_its_number_and_the_content_has_a_limit(org, client, settings):
    settings.ORDER_BODY_MAX_CHARS = 50
    client.force_login(org.agent)
    data = {"order_type": "help", "channel": "phone", "urgency": "normal", "title": "路灯", "body": "路灯不亮"}
    page = client.post("/orders/new/", data).content.decode()
    assert "热线来电" in page and not WorkOrder.objects.exists()
    page = client.post("/orders/new/", dict(data, caller_phone="13905310001", body="长" * 51)).content.decode()
    assert "最多 50 个字" in page and not WorkOrder.objects.exists()


def test_save_and_take_the_next_call(org, client):
    client.force_login(org.agent)
    response = client.post("/orders/new/", {"order_type": "help", "channel": "phone", "urgency": "normal",
                                            "title": "路灯", "body": "路灯不亮", "caller_phone": "13905310001",
                                            "then": "new"}, follow=True)
    order = WorkOrder.objects.get()
    assert response.redirect_chain[-1][0] == "/orders/new/"
    assert order.number in response.content.decode() and 'id="last-taken"' in response.content.decode()


def test_detail_shows_only_the_allowed_actions(org, client):
    order = handling(org)
    client.force_login(org.staff)
    actions = client.get(f"/orders/{order.number}/").context["actions"]
    assert set(actions) == {"send_back", "request_extension", "request_suspension", "reply"}


def test_action_through_the_page_and_its_refusal_message(org, client):
    order = dispatched(org)
    client.force_login(org.staff)
    response = client.post(f"/orders/{order.number}/act/sign_for/", {"version": v(order)}, follow=True)
    assert "已完成" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.HANDLING
    # The same form posted again, against the old version: the user is told the order changed.
    response = client.post(f"/orders/{order.number}/act/send_back/", {"version": v(order) - 1, "reason": "r"},
                           follow=True)
    assert "已被他人更改" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.HANDLING


def test_dispatch_through_the_page(org, client):
    order = new_order(org, category=org.category)
    client.force_login(org.dispatcher)
    client.post(f"/orders/{order.number}/act/dispatch/", {"version": v(order), "lead_unit": org.bureau.pk,
                                                         "co_units": [org.street.pk]})
    order.refresh_from_db()
    assert order.lead_unit == org.bureau and order.assignments.count() == 2


def test_callback_screen_masks_the_phone(org, client):
    order = replied(org)
    client.force_login(org.callback)
    html = client.get(f"/orders/{order.number}/").content.decode()
    assert "139****0001" in html and "13905310001" not in html
    assert 'data-reveal="caller_phone"' in html


def test_citizen_files_and_follows_a_request(db, client, org):
    response = client.post("/public/", {"order_type": "help", "title": "路灯不亮", "body": "翠湖路路灯不亮",
                                        "caller_name": "李女士", "caller_phone": "13700000001",
                                        "street": org.street.pk}, follow=True)
    order = WorkOrder.objects.get()
    assert order.channel == "web" and order.number in response.content.decode()
    response = client.post("/public/track/", {"number": order.number, "phone": "13700000001"})
    assert "已受理" in response.content.decode() or "待派单" in response.content.decode()
    wrong = client.post("/public/track/", {"number": order.number, "phone": "13700000002"})
    assert wrong.context["found"] is None and "没有与该编号和电话相符" in wrong.content.decode()


def test_citizen_sees_the_reply_but_not_internal_notes(org, client):
    order = handling(org)
    from yiwang.workorders import services

    services.send_back  # noqa: B018 (the internal return reason must not show)
    services.reply(order=order, actor=org.staff, answer="已维修完毕", version=v(order))
    html = client.post("/public/track/", {"number": order.number, "phone": "13905310001"}).content.decode()
    assert "已维修完毕" in html


def test_category_tree_has_three_levels_at_most(db):
    a = Category.objects.create(name="一级")
    b = Category.objects.create(name="二级", parent=a)
    c = Category.objects.create(name="三级", parent=b)
    assert (a.level, b.level, c.level) == (1, 2, 3) and c.path == "一级 / 二级 / 三级"
    with pytest.raises(ValueError):
        Category.objects.create(name="四级", parent=c)


def test_no_files_can_be_added_to_a_finished_order(org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    order = new_order(org, order_type="consult")
    from yiwang.workorders import services

    services.answer_now(order=order, actor=org.agent, answer="已解答", version=v(order))
    client.force_login(org.agent)
    response = client.post(f"/orders/{order.number}/attach/", {"files": [SimpleUploadedFile("a.pdf", b"%PDF")]},
                           follow=True)
    assert "工单已结束" in response.content.decode() and not Attachment.objects.exists()


def test_centre_filters_by_caller_phone_and_units_cannot(org, client):
    new_order(org, title="甲", caller_phone="13800000001")
    dispatched(org, title="乙", caller_phone="13800000002")
    client.force_login(org.agent)
    page = client.get("/orders/", {"phone": "0002"}).context["page"]
    assert [o.title for o in page.object_list] == ["乙"]
    client.force_login(org.staff)
    response = client.get("/orders/", {"phone": "0001"})
    assert [o.title for o in response.context["page"].object_list] == ["乙"]  # the filter is ignored
    assert 'name="phone"' not in response.content.decode()


def test_the_language_switcher_turns_pages_english_and_back(org, client):
    client.force_login(org.dispatcher)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/orders/"})
    assert response.status_code == 302
    assert "Work orders" in client.get("/orders/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/orders/"})
    assert "工单" in client.get("/orders/").content.decode()


def test_a_units_overdue_queue_holds_only_what_it_leads(org, client, fixed_time):
    import datetime as dt

    from yiwang.workorders import services

    returned = dispatched(org, title="退回的")
    services.send_back(order=returned, actor=org.staff, reason="非本单位职责", version=v(returned))
    handling(org, title="在办的")
    fixed_time.shift(dt.timedelta(days=30))
    client.force_login(org.staff)
    titles = [o.title for o in client.get("/orders/", {"queue": "overdue"}).context["page"].object_list]
    assert titles == ["在办的"]
    client.force_login(org.supervisor)
    assert client.get("/orders/", {"queue": "overdue"}).context["page"].paginator.count == 2


def test_a_refused_action_gives_back_what_was_typed(org, client):
    order = handling(org)
    client.force_login(org.staff)
    response = client.post(f"/orders/{order.number}/act/reply/", {"version": 1, "answer": "已修复路灯，共更换灯泡三只"},
                           follow=True)
    page = response.content.decode()
    assert "已被他人更改" in page
    kept = json.loads(page.split('id="kept-action" type="application/json">')[1].split("</script>")[0])
    assert kept["code"] == "reply" and kept["values"]["answer"] == ["已修复路灯，共更换灯泡三只"]
    assert "已修复路灯" not in client.get(f"/orders/{order.number}/").content.decode()  # only once


def test_a_stale_dispatch_comes_back_with_its_unit_co_units_and_note_in_the_form(org, client):
    """A-m6: the stale refusal showed the dispatch form empty (lead_unit '' and note '')."""
    import re

    order = new_order(org, category=org.category)
    client.force_login(org.dispatcher)
    page = client.post(f"/orders/{order.number}/act/dispatch/", {
        "version": 99, "lead_unit": org.bureau.pk, "co_units": [org.street.pk], "note": "请当日到现场。"},
        follow=True).content.decode()
    assert "已被他人更改" in page
    form = page[page.index('data-action="dispatch"'):]
    form = form[:form.index("</form>")]
    assert re.search(rf'<option value="{org.bureau.pk}"[^>]*selected', form)
    assert re.search(rf'name="co_units" value="{org.street.pk}" checked', form)
    assert ">请当日到现场。</textarea>" in form


def test_the_list_finds_a_callers_orders_by_the_last_digits_or_name_and_sorts_by_time_left(org, client):
    first = new_order(org, caller_name="张先生", caller_phone="13800138000")
    second = new_order(org, caller_name="李女士", caller_phone="13905310001", urgency="critical")
    client.force_login(org.agent)

    def listed(**params):
        return [o.number for o in client.get("/orders/", params).context["page"].object_list]
    assert listed(phone="8000") == [first.number]
    assert listed(caller="李") == [second.number]
    assert listed(sort="deadline") == [second.number, first.number]  # an emergency has 1 hour to dispatch
    # More digits than the mask shows would unmask the number: the filter ignores them and says why.
    response = client.get("/orders/", {"phone": "1380013"})
    assert len(response.context["page"].object_list) == 2 and "完整号码" in response.content.decode()


def test_a_full_number_look_up_is_audited_and_never_in_an_address(org, client):
    from django.contrib.auth.models import Permission

    from yiwang.privacy.models import RevealLog

    mine = new_order(org, caller_phone="13800138000")
    new_order(org, caller_phone="13905310001")
    client.force_login(org.dispatcher)  # no reveal permission
    assert client.post("/orders/find-caller/", {"phone": "13800138000"}).status_code == 403
    org.agent.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    client.force_login(org.agent)
    response = client.post("/orders/find-caller/", {"phone": "13800138000"})
    assert response.status_code == 302 and "13800138000" not in response["Location"]
    page = client.get(response["Location"])
    assert [o.number for o in page.context["page"].object_list] == [mine.number]
    assert "13800138000" not in page.content.decode()
    assert RevealLog.objects.filter(user=org.agent, field="caller_phone", subject="workorders:search").count() == 1


def test_bulk_dispatch_sends_each_ticked_order_and_reports_each_refusal(org, client):
    first, second = new_order(org, category=org.category), new_order(org, category=org.category)
    stale = new_order(org, category=org.category)
    client.force_login(org.dispatcher)
    page = client.get("/orders/").content.decode()
    assert 'form="bulk"' in page and 'id="bulk"' in page
    response = client.post("/orders/bulk-dispatch/", {
        "orders": [first.number, second.number, stale.number], "lead_unit": org.bureau.pk,
        f"version_{first.number}": v(first), f"version_{second.number}": v(second), f"version_{stale.number}": 99},
        follow=True)
    text = response.content.decode()
    assert "已派单 2 件" in text and f"{stale.number}：" in text and "已被他人更改" in text
    for o in (first, second, stale):
        o.refresh_from_db()
    assert (first.lead_unit, second.lead_unit, stale.lead_unit) == (org.bureau, org.bureau, None)
    client.force_login(org.staff)
    assert 'id="bulk"' not in client.get("/orders/").content.decode()


def test_the_printed_order_is_masked_and_holds_its_history(org, client):
    order = replied(org)
    client.force_login(org.dispatcher)
    page = client.get(f"/orders/{order.number}/print/").content.decode()
    assert "12345 政务服务便民热线工单" in page and order.number in page
    assert "139****0001" in page and "13905310001" not in page and "11010519491231002X" not in page
    assert "签收" in page and "已修复" in page
    client.force_login(org.staff2)
    assert client.get(f"/orders/{order.number}/print/").status_code == 404


def test_the_form_asks_the_type_and_a_stopped_clock_says_why(org, client):
    """N11: 类型 defaulted to 咨询 (a shorter limit) when untouched; N7: "时限 —" stood alone."""
    import re

    from yiwang.workorders import services

    client.force_login(org.agent)
    form = client.get("/orders/new/").content.decode()
    select = form[form.index('name="order_type"'):]
    assert not re.search(r'<option value="[a-z]+" selected', select[:select.index("</select>")])
    page = client.post("/orders/new/", {"channel": "phone", "caller_phone": "13905310001", "title": "路灯不亮",
                                        "body": "翠湖路路灯不亮。", "urgency": "normal"}).content.decode()
    assert "errorlist" in page and not WorkOrder.objects.filter(title="路灯不亮").exists()
    order = handling(org)
    services.request_suspension(order=order, actor=org.staff, reason="等待法院判决", version=v(order))
    services.decide_suspension(order=order, actor=org.dispatcher, approve=True, version=v(order))
    client.force_login(org.dispatcher)
    assert "已挂起，暂停计时" in client.get(f"/orders/{order.number}/").content.decode()
    assert "已挂起，暂停计时" in client.get(f"/orders/{order.number}/print/").content.decode()
