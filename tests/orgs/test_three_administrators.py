"""三员分立: the system administrator, the security administrator and the auditor each do their
own work in the product, and none can do another's."""
import pytest
from django.contrib.auth.models import Group

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


def test_one_account_holds_one_of_the_three(three, client):
    client.force_login(three.security)
    response = client.post(f"/admin/auth/user/{three.admin.pk}/change/", {
        "groups": [Group.objects.get(name="admin").pk, Group.objects.get(name="security").pk]})
    assert response.status_code == 200
    assert "须由三人分别担任" in response.content.decode()
    assert set(three.admin.groups.values_list("name", flat=True)) == {"admin"}


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
