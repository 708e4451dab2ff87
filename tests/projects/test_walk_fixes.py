"""What the walk of the project side found (2026-12-walk-projects.md), each held by a test: an
investor's or applicant's phone revealed to those permitted and audited (M1), results and the opinion
not before the inspection day (M2), one signing per opportunity (M4), the hall's figures opening their
own lists (M5), a project signed today owing nothing for last month (M6), the unit's task naming its
project (M7), the owner applying for joint acceptance and seeing what to fix (M8)."""
import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import at
from yiwang import inbox
from yiwang.audit.models import Entry
from yiwang.errors import ActionRefused
from yiwang.privacy.models import RevealLog
from yiwang.projects import selectors, services
from yiwang.projects.models import Acceptance, Interest, Project
from yiwang.services.models import Applicant
from yiwang.tasks.models import Cadence

from .conftest import butler, inspectors, project  # noqa: F401 (fixtures)
from .test_acceptance_and_publication import finished_works, v


def _opportunity(org, butler):  # noqa: F811
    p = project(org, butler, owner=None, code="", name="云溪数据中心项目")
    services.publish(actor=butler, project=p, summary="建设数据中心。", terms="土地出让。", how_to_join="登记意向。",
                     contact="区投资促进中心 0531-88000000")
    return p


def _interest(p, investor, phone):
    return services.register_interest(opportunity=p.opportunity, investor=investor, contact_name="王总", phone=phone)


def test_staff_permitted_see_an_investors_full_phone_and_each_look_is_audited(org, butler, client):  # noqa: F811
    p = _opportunity(org, butler)
    interest = _interest(p, "华北算力科技有限公司", "13905317001")
    client.force_login(butler)
    page = client.get(f"/projects/interests/{interest.number}/").content.decode()
    assert "139****7001" in page and "13905317001" not in page and 'data-reveal="phone"' in page
    shown = client.post(f"/projects/interests/{interest.number}/reveal/phone/")
    assert shown.json() == {"value": "13905317001"}
    assert RevealLog.objects.filter(user=butler, subject=f"interest:{interest.number}", field="phone").exists()
    assert Entry.objects.filter(action="reveal", target=f"interest:{interest.number}").exists()
    assert client.post(f"/projects/interests/{interest.number}/reveal/message/").status_code == 404
    client.force_login(org.leader)  # follows interests, holds no reveal permission
    assert 'data-reveal="phone"' not in client.get(f"/projects/interests/{interest.number}/").content.decode()
    assert client.post(f"/projects/interests/{interest.number}/reveal/phone/").status_code == 403


def test_an_applicants_phone_is_revealed_through_the_same_rule(org, butler, inspectors, client):  # noqa: F811
    case = services.apply_acceptance(actor=butler, project=finished_works(org, butler), applicant="云溪新材料有限公司",
                                     contact_phone="13905316001")
    client.force_login(butler)
    assert client.post(f"/projects/acceptances/{case.number}/reveal/contact_phone/").json()["value"] == "13905316001"
    assert RevealLog.objects.filter(subject=f"acceptance:{case.number}").count() == 1
    units, staff = inspectors
    client.force_login(staff["XF"])  # an inspecting unit opens the case, without the permission
    assert client.post(f"/projects/acceptances/{case.number}/reveal/contact_phone/").status_code == 403


def test_results_and_the_opinion_wait_for_the_inspection_day(org, butler, inspectors, client, fixed_time):  # noqa: F811
    units, staff = inspectors
    case = services.apply_acceptance(actor=butler, project=finished_works(org, butler), applicant="业主")
    services.schedule(acceptance=case, actor=butler, day=dt.date(2026, 11, 27), version=v(case))  # today is 11-25
    with pytest.raises(ActionRefused, match="2026-11-27"):
        services.record_result(acceptance=case, actor=staff["GH"], result="pass", version=v(case))
    client.force_login(staff["GH"])
    page = client.get(f"/projects/acceptances/{case.number}/").content.decode()
    assert 'id="not-yet"' in page and 'data-action="record"' not in page
    fixed_time.move_to(at(2026, 11, 27, 9))
    for code in ("GH", "XF", "RF"):
        services.record_result(acceptance=case, actor=staff[code], result="pass", version=v(case))
    services.issue_opinion(acceptance=case, actor=butler, text="同意投入使用。", version=v(case))
    case.refresh_from_db()
    assert case.state == Acceptance.State.ISSUED
    assert case.opinion_at.astimezone().date() >= case.inspection_on  # dated on or after the inspection


def test_one_signing_closes_the_other_interests_with_the_reason(org, butler, client):  # noqa: F811
    p = _opportunity(org, butler)
    first, second, third = (_interest(p, name, phone) for name, phone in (
        ("华北算力科技有限公司", "13905317001"), ("齐鲁云计算有限公司", "13905317002"), ("泉城数据有限公司", "13905317003")))
    for i in (first, second):
        services.follow_interest(interest=i, actor=butler, code="contact", version=v(i))
    services.follow_interest(interest=first, actor=butler, code="sign", note="签订投资协议。", version=v(first))
    for other in (second, third):
        other.refresh_from_db()
        assert other.state == Interest.State.DROPPED
        closing = other.events.get(action="close")
        assert "华北算力科技有限公司" in closing.note and first.number in closing.note
    with pytest.raises(ActionRefused):  # the state refuses it now; were it open, the guard would
        services.follow_interest(interest=second, actor=butler, code="sign", version=v(second))
    p.opportunity.refresh_from_db()
    assert p.opportunity.closed and p.opportunity.closed_at is not None
    assert Interest.objects.filter(opportunity=p.opportunity, state=Interest.State.SIGNED).count() == 1
    # Interests open on a signed opportunity (data from before this rule) cannot be signed either.
    Interest.objects.filter(pk=second.pk).update(state=Interest.State.NEGOTIATING)
    second.refresh_from_db()
    with pytest.raises(ActionRefused, match="华北算力科技有限公司"):
        services.follow_interest(interest=second, actor=butler, code="sign", version=v(second))
    public = client.get(f"/public/projects/{p.pk}/").content.decode()
    assert "不再接受意向登记" in public and "登记意向。" not in public


def test_an_investor_types_the_phone_as_people_do_and_registering_twice_is_one_interest(org, butler):  # noqa: F811
    """m7: +86 139-0531-0004 and full-width digits were refused; the same registration twice made two."""
    p = _opportunity(org, butler)
    first = _interest(p, "华北算力科技有限公司", "+86 139-0531-7001")
    assert first.phone == "13905317001"
    again = _interest(p, "华北算力科技有限公司", "１３９０５３１７００１")
    assert again.pk == first.pk and Interest.objects.filter(opportunity=p.opportunity).count() == 1
    landline = _interest(p, "齐鲁云计算有限公司", "(0531) 8800 0001")
    assert landline.phone == "0531-88000001" and landline.pk != first.pk
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        _interest(p, "<script>alert(1)</script>", "13905317009")
    assert "investor" in caught.value.message_dict


def test_the_butlers_figures_open_their_own_lists(org, butler, client):  # noqa: F811
    import datetime

    from yiwang.projects.models import Milestone

    mine = project(org, butler)
    project(org, code="2026-370112-26-01-000555", name="别人的项目")  # no butler: not the butler's report
    for p in Project.objects.all():  # both registered long ago: each owes last month's report
        Project.objects.filter(pk=p.pk).update(created_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.timezone.utc))
    for signing in Milestone.objects.filter(code="signing"):
        services.set_milestone(actor=org.supervisor, milestone=signing, actual_on=dt.date(2026, 3, 2))
    p = _opportunity(org, butler)
    i = _interest(p, "华北算力科技有限公司", "13905317001")
    services.follow_interest(interest=i, actor=butler, code="drop", note="无意向。", version=v(i))  # not to follow
    _interest(p, "齐鲁云计算有限公司", "13905317002")
    client.force_login(butler)
    entries = {e.code: e for s in inbox.sections(butler) for e in s.entries}
    assert entries["project-reports"].count == 1 and entries["interests"].count == 1
    for code in ("project-reports", "interests", "acceptances"):
        page = client.get(entries[code].url).content.decode()
        assert int(re.search(r'data-count="(\d+)"', page).group(1)) == entries[code].count, code
    assert mine.name in client.get(entries["project-reports"].url).content.decode()


def test_a_project_signed_today_owes_no_report_for_last_month(org, butler, fixed_time):  # noqa: F811
    import datetime

    p = _opportunity(org, butler)
    Project.objects.filter(pk=p.pk).update(created_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.timezone.utc))
    fixed_time.move_to(at(2026, 12, 7, 10))
    i = _interest(p, "华北算力科技有限公司", "13905317001")
    services.follow_interest(interest=i, actor=butler, code="contact", version=v(i))
    services.follow_interest(interest=i, actor=butler, code="sign", version=v(i))
    p = Project.objects.prefetch_related("milestones").get(pk=p.pk)
    assert selectors.report_due(p, dt.date(2026, 12, 20)) is None  # signed in December: November is not owed
    assert selectors.report_due(p, dt.date(2027, 1, 20)) is None  # nor December, a part month (as registered ones)
    assert selectors.report_due(p, dt.date(2027, 2, 20)) == dt.date(2027, 1, 1)


def test_the_units_task_names_and_links_its_project_and_a_short_problem_reports_weekly(org, client):
    p = project(org)
    problem = services.add_problem(actor=org.supervisor, project=p, category="utilities", title="施工用电接入滞后",
                                   requirement="12 月 18 日前完成接电。", lead_unit=org.bureau,
                                   deadline=dt.date(2026, 12, 18))
    assert problem.task.cadence == Cadence.WEEKLY
    later = services.add_problem(actor=org.supervisor, project=p, category="land", title="二期用地报批",
                                 requirement="完成报批。", lead_unit=org.bureau, deadline=dt.date(2027, 6, 30))
    assert later.task.cadence == Cadence.MONTHLY
    client.force_login(org.staff)
    page = client.get(f"/tasks/{problem.task.number}/").content.decode()
    assert f'href="/projects/{p.pk}/"' in page and "云溪新材料产业园一期" in page


def test_the_owner_applies_for_joint_acceptance_and_sees_the_items_to_fix(org, butler, inspectors, client,  # noqa: F811
                                                                          fixed_time):
    units, staff = inspectors
    p = finished_works(org, butler)
    user = get_user_model().objects.create_user("owner-portal", password="pw-for-tests-1")
    Applicant.objects.create(user=user, kind="org", name=p.owner.name, credit_code=p.owner.credit_code,
                             phone="13905319001")
    client.force_login(user)
    page = client.get("/portal/projects/").content.decode()
    assert f'data-action="acceptance-{p.pk}"' in page and "<th>计划</th>" in page
    client.post(f"/portal/projects/{p.pk}/acceptance/", {"applicant": p.owner.name, "contact_phone": "13905316001"})
    case = Acceptance.objects.get(project=p)
    assert case.events.get(action="apply").actor == user
    services.schedule(acceptance=case, actor=butler, day=dt.date(2026, 11, 26), version=v(case))
    fixed_time.move_to(at(2026, 11, 26, 10))
    services.record_result(acceptance=case, actor=staff["XF"], result="fix", items="2 号厂房消防通道被占用。",
                           version=v(case))
    for code in ("GH", "RF"):
        services.record_result(acceptance=case, actor=staff[code], result="pass", version=v(case))
    client.force_login(user)  # a day later: the session has timed out
    page = client.get("/portal/projects/").content.decode()
    assert "消防通道被占用" in page and "消防救援大队" in page and f'data-action="acceptance-{p.pk}"' not in page
    other = project(org, code="2026-370112-26-01-000888", name="别家的项目", owner=None)
    assert client.post(f"/portal/projects/{other.pk}/acceptance/", {"applicant": "x"}).status_code == 404
