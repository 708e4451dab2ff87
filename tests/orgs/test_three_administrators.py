"""三员分立: the system administrator, the security administrator and the auditor each do their
own work in the product, and none can do another's."""
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from yiwang.audit.models import Entry

from ..conftest import make_user


@pytest.fixture
def three(org):
    org.admin.is_staff = True
    org.admin.save()
    org.security = make_user("security", ["security"], org.centre)
    org.security.is_staff = True
    org.security.save()
    org.auditor = make_user("auditor", ["auditor"], org.centre)
    return org


def test_the_system_administrator_keeps_users_but_not_roles_keys_or_the_audit_log(three, client):
    client.force_login(three.admin)
    assert client.get("/admin/auth/user/add/").status_code == 200
    assert client.get("/admin/workorders/category/").status_code == 200
    for url in ("/admin/auth/group/", "/admin/auth/group/add/", "/admin/api/apikey/", "/admin/axes/accessattempt/",
                "/audit/"):
        assert client.get(url).status_code in (403, 302), url
    # The roles on a user's page are read-only to them: a post does not change them.
    page = client.get(f"/admin/auth/user/{three.staff.pk}/change/").content.decode()
    assert 'name="groups"' not in page
    client.post(f"/admin/auth/user/{three.staff.pk}/change/", {
        "username": "staff", "groups": [Group.objects.get(name="admin").pk], "is_active": "on",
        "staff-TOTAL_FORMS": "0", "staff-INITIAL_FORMS": "0"})
    assert list(three.staff.groups.values_list("name", flat=True)) == ["unit_staff"]


def test_the_security_administrator_keeps_roles_and_keys_and_nothing_else(three, client):
    client.force_login(three.security)
    for url in ("/admin/auth/group/", "/admin/api/apikey/", "/admin/axes/accessattempt/",
                f"/admin/auth/user/{three.staff.pk}/change/"):
        assert client.get(url).status_code == 200, url
    for url in ("/admin/auth/user/add/", "/admin/workorders/category/", "/admin/orgs/unit/add/", "/audit/",
                "/orders/"):
        assert client.get(url).status_code in (403, 302), url
    page = client.get(f"/admin/auth/user/{three.staff.pk}/change/").content.decode()
    assert 'name="groups"' in page and 'name="username"' not in page
    response = client.post(f"/admin/auth/user/{three.staff.pk}/change/", {
        "username": "hijacked", "groups": [Group.objects.get(name="unit_head").pk]})
    assert response.status_code == 302
    three.staff.refresh_from_db()
    assert three.staff.username == "staff"
    assert set(three.staff.groups.values_list("name", flat=True)) == {"unit_head"}
    added = Entry.objects.get(action="role.add", target="user:staff", detail__roles=["unit_head"])
    assert added.actor == three.security


def test_one_account_holds_one_of_the_three(three):
    with pytest.raises(CommandError, match="三个不同的人"):
        call_command("administrators", "appoint", "admin", "security", stdout=io.StringIO())
    with pytest.raises(CommandError, match="不承担业务工作"):
        call_command("administrators", "appoint", "supervisor", "auditor", stdout=io.StringIO())
    assert set(three.admin.groups.values_list("name", flat=True)) == {"admin"}


def test_no_page_appoints_an_administrator_or_changes_one(three, client):
    """The security administrator may give business roles but not make a second system
    administrator; no administrator changes another's account or sets their password."""
    client.force_login(three.security)
    response = client.post(f"/admin/auth/user/{three.agent.pk}/change/", {
        "groups": [Group.objects.get(name="agent").pk, Group.objects.get(name="admin").pk]})
    assert response.status_code == 200 and "在控制台" in response.content.decode()
    assert set(three.agent.groups.values_list("name", flat=True)) == {"agent"}
    for actor, victim in ((three.admin, three.auditor), (three.admin, three.security), (three.security, three.admin),
                          (three.security, three.auditor)):
        client.force_login(actor)
        before = victim.password
        assert client.get(f"/admin/auth/user/{victim.pk}/password/").status_code == 403
        assert client.post(f"/admin/auth/user/{victim.pk}/password/", {
            "password1": "Taken-over-2026!", "password2": "Taken-over-2026!"}).status_code == 403
        assert client.post(f"/admin/auth/user/{victim.pk}/change/", {"username": victim.username,
                                                                       "is_active": ""}).status_code == 403
        victim.refresh_from_db()
        assert victim.password == before and victim.is_active
    # The security administrator resets an ordinary person's password; the system administrator does not.
    client.force_login(three.admin)
    assert client.get(f"/admin/auth/user/{three.agent.pk}/password/").status_code == 403
    client.force_login(three.security)
    assert client.get(f"/admin/auth/user/{three.agent.pk}/password/").status_code == 200


def test_nobody_reads_a_second_factors_secret_and_an_administrators_is_reset_at_the_console(three, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=three.auditor, name="auditor's phone", confirmed=True)
    agents = TOTPDevice.objects.create(user=three.agent, name="agent's phone", confirmed=True)
    client.force_login(three.admin)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").status_code == 403
    assert client.get("/admin/privacy/reveallog/").status_code == 403  # who saw whose numbers: the auditor's
    client.force_login(three.security)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and device.key not in page.content.decode()
    assert client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(f"/admin/otp_totp/totpdevice/{agents.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=agents.pk).exists()  # a lost phone of an ordinary person
    out = io.StringIO()
    call_command("administrators", "reset", "auditor", "--by", "区大数据局 王某", stdout=out)
    password = out.getvalue().strip().splitlines()[-1]
    three.auditor.refresh_from_db()
    assert three.auditor.check_password(password) and not TOTPDevice.objects.filter(user=three.auditor).exists()
    reset = Entry.objects.get(action="administrator.reset")
    assert reset.actor_name == "console" and reset.target == "user:auditor" and reset.detail["by"] == "区大数据局 王某"


def test_administrators_are_appointed_and_dismissed_at_the_console(three):
    newcomer = make_user("newcomer", [], three.centre)
    call_command("administrators", "appoint", "newcomer", "auditor", stdout=io.StringIO())
    assert set(newcomer.groups.values_list("name", flat=True)) == {"auditor"}
    call_command("administrators", "dismiss", "newcomer", "auditor", stdout=io.StringIO())
    assert not newcomer.groups.exists()
    assert [e.action for e in Entry.objects.filter(action__startswith="administrator.").order_by("id")] == [
        "administrator.appointed", "administrator.dismissed"]


def test_the_auditor_reads_and_exports_the_audit_log_and_nothing_else(three, client):
    client.force_login(three.auditor)
    assert client.get("/").url == "/audit/"
    page = client.get("/audit/", {"actor": "auditor"})
    assert page.status_code == 200
    export = client.get("/audit/", {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert Entry.objects.filter(action="export", actor=three.auditor).exists()
    for url in ("/orders/", "/admin/", "/dashboard/", "/hall/", "/reviews/", f"/admin/auth/user/{three.staff.pk}/change/"):
        assert client.get(url).status_code in (403, 302), url
        if client.get(url).status_code == 302:
            assert "/login/" in client.get(url)["Location"]


def test_nobody_else_reads_the_audit_log(three, client):
    for user in (three.admin, three.security, three.supervisor, three.leader):
        client.force_login(user)
        assert client.get("/audit/").status_code == 403, user


def test_the_admin_speaks_chinese_where_other_packages_do_not(three, client):
    """N15 and m13: "Otp_Totp", "TOTP devices", "Access attempts", "已修改Groups。", "Settings object (1)"."""
    import re

    from django.contrib.admin.models import LogEntry

    from yiwang.projects.models import Settings as ProjectSettings

    client.force_login(three.security)
    index = client.get("/admin/").content.decode()
    assert "双因素登录" in index and "第二因素（验证器应用）" in index and "登录尝试" in index
    assert not re.search(r"Otp_Totp|TOTP device|Access attempt", index)
    heads = client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "人员" in heads and "验证器应用" in heads
    client.post(f"/admin/auth/user/{three.staff.pk}/change/", {
        "username": "staff", "groups": [Group.objects.get(name="unit_head").pk], "is_active": "on",
        "staff-TOTAL_FORMS": "0", "staff-INITIAL_FORMS": "0"})
    from django.utils import translation

    with translation.override("zh-hans"):
        assert LogEntry.objects.get().get_change_message() == "已修改角色。"
        assert str(ProjectSettings.current()) == "重大项目设置"
