"""Meetings whose decision items become tasks: a non-working day is refused in the form or chosen
when converting, meetings and their items can be corrected until they are tasks, and a unit reads
its own items, on the pages and through the API alike."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from yiwang.tasks import services
from yiwang.tasks.models import MeetingItem

SATURDAY = dt.date(2026, 12, 12)


def meeting(org, items):
    return services.record_meeting(actor=org.supervisor, kind="special", title="专题会议", held_on=dt.date(2026, 11, 25),
                                   chair="刘区长", items=items)


def test_an_item_on_a_non_working_day_is_refused_in_the_form(org, client):
    """F2: the meeting saved 2026-12-12 (a Saturday), and the item could then never become a task."""
    with pytest.raises(ValidationError) as caught:
        meeting(org, [{"text": "拆除违建", "lead_unit": org.street, "due_on": SATURDAY}])
    assert "2026-12-12 不是工作日" in caught.value.message_dict["item_1"][0]
    client.force_login(org.supervisor)
    page = client.post("/tasks/meetings/new/", {"kind": "special", "title": "专题会议", "held_on": "2026-11-25",
                                                 "chair": "刘区长", "item_text": ["拆除违建"], "item_seq": [""],
                                                 "item_unit": [str(org.street.pk)], "item_due": ["2026-12-12"]})
    html = page.content.decode()
    assert page.status_code == 200 and "不是工作日" in html
    assert "拆除违建" in html and 'value="2026-12-12"' in html  # what was typed is kept


def test_an_item_becomes_a_task_on_the_working_day_the_supervisor_chooses(org, client):
    m = meeting(org, [{"text": "拆除违建", "lead_unit": org.street, "due_on": None}])
    MeetingItem.objects.filter(meeting=m).update(due_on=SATURDAY)  # recorded before the rule
    client.force_login(org.supervisor)
    refused = client.post(f"/tasks/meetings/{m.number}/tasks/", {"item": 1, "lead_unit": org.street.pk,
                                                                 "due_on": "2026-12-12"}, follow=True)
    assert "不是工作日" in refused.content.decode()
    client.post(f"/tasks/meetings/{m.number}/tasks/", {"item": 1, "lead_unit": org.street.pk, "due_on": "2026-12-11"})
    item = m.items.get()
    assert item.task is not None and item.due_on == dt.date(2026, 12, 11)


def test_a_meeting_and_its_items_are_corrected_until_they_are_tasks(org, client):
    m = meeting(org, [{"text": "河道清淤", "lead_unit": org.bureau, "due_on": dt.date(2026, 12, 18)},
                      {"text": "路灯维修", "lead_unit": org.street, "due_on": dt.date(2026, 12, 18)}])
    services.item_to_task(item=m.items.get(seq=1), actor=org.supervisor)
    client.force_login(org.supervisor)
    page = client.get(f"/tasks/meetings/{m.number}/edit/").content.decode()
    assert "路灯维修" in page and "河道清淤（" in page  # the task's item is named, not editable
    client.post(f"/tasks/meetings/{m.number}/edit/", {
        "kind": "special", "title": "专题会议", "held_on": "2026-11-25", "chair": "刘区长", "minutes": "会议纪要定稿。",
        "item_seq": ["2", ""], "item_text": ["路灯维修（含线路）", "增设垃圾箱"],
        "item_unit": [str(org.street.pk), str(org.street.pk)], "item_due": ["2026-12-25", "2026-12-30"]})
    m.refresh_from_db()
    assert m.minutes == "会议纪要定稿。"
    assert [(i.seq, i.text) for i in m.items.order_by("seq")] == [(1, "河道清淤"), (2, "路灯维修（含线路）"), (3, "增设垃圾箱")]
    assert m.items.get(seq=1).task is not None


def test_a_unit_reads_its_own_items_on_the_page_and_through_the_api(org, client):
    """F13, F14: the page showed every unit's items and lights, and the API refused the unit."""
    from yiwang.api.services import issue_key

    m = meeting(org, [{"text": "河道清淤", "lead_unit": org.bureau, "due_on": dt.date(2026, 12, 18)},
                      {"text": "路灯维修", "lead_unit": org.street, "due_on": dt.date(2026, 12, 18)}])
    task = services.item_to_task(item=m.items.get(seq=2), actor=org.supervisor)
    services.send_back(task=task, actor=org.street_staff, reason="不属本街道。", version=task.version)
    task.refresh_from_db()
    services.assign(task=task, actor=org.supervisor, lead_unit=org.bureau2, version=task.version)
    client.force_login(org.supervisor)
    page = client.get(f"/tasks/meetings/{m.number}/").content.decode()
    row = page[page.index("路灯维修"):page.index("</tr>", page.index("路灯维修"))]
    assert "住建局" in row and "青山街道" not in row  # the task's unit now, not the item's first one
    client.force_login(org.staff)
    page = client.get(f"/tasks/meetings/{m.number}/").content.decode()
    assert "河道清淤" in page and "路灯维修" not in page
    _key, secret = issue_key(name="unit", scopes=["tasks:read"], user=org.staff)
    answer = client.get(f"/api/v1/meetings/{m.number}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200 and [i["text"] for i in answer.json()["items"]] == ["河道清淤"]


def test_a_command_post_meeting_names_a_command_post_that_exists(org, client):
    """m9: the command post was free text matched by name, so a typo unlinked the meeting; 记录会议 on
    a command post's page opened an empty form."""
    from yiwang.projects import services as projects

    projects.create_command_post(actor=org.leader, name="科创园建设指挥部", leader="张副区长")
    items = [{"text": "拆除围墙", "lead_unit": org.bureau, "due_on": dt.date(2026, 12, 18)}]
    with pytest.raises(ValidationError) as caught:
        services.record_meeting(actor=org.supervisor, kind="command_post", title="例会", held_on=dt.date(2026, 11, 24),
                                chair="王指挥长", command_post="科创园建设指会部", items=items)
    assert "没有名为“科创园建设指会部”的指挥部" in caught.value.message_dict["command_post"][0]
    with pytest.raises(ValidationError) as caught:
        services.record_meeting(actor=org.supervisor, kind="command_post", title="例会", held_on=dt.date(2026, 11, 24),
                                chair="王指挥长", items=items)
    assert "command_post" in caught.value.message_dict
    client.force_login(org.supervisor)
    form = client.get("/tasks/meetings/new/", {"command_post": "科创园建设指挥部"}).content.decode()
    assert '<option selected>科创园建设指挥部</option>' in form
    m = services.record_meeting(actor=org.supervisor, kind="command_post", title="例会", held_on=dt.date(2026, 11, 24),
                                chair="王指挥长", command_post="科创园建设指挥部", items=items)
    assert m.command_post == "科创园建设指挥部"
