"""An administrator issues, re-scopes and revokes API keys in the admin pages; the key is shown
once, on the page after issuing, and works at once."""
import re

import pytest

from yiwang.api.models import ApiKey


@pytest.fixture
def admin_client(client, org, django_user_model):
    """A separate client for the administrator (the test's `client` stays anonymous)."""
    from django.test import Client
    root = django_user_model.objects.create_superuser("root", password="x")
    browser = Client()
    browser.force_login(root)
    return browser


def _issue(admin_client, **extra):
    form = {"name": "微信小程序", "scope_list": ["workorders:read", "ratings:write"], **extra}
    return admin_client.post("/admin/api/apikey/add/", form)


@pytest.mark.django_db
def test_an_issued_key_is_shown_once_and_works(admin_client, client, org):
    page = admin_client.get("/admin/api/apikey/add/")
    assert page.status_code == 200
    assert 'value="open311"' in page.content.decode()
    answer = _issue(admin_client)
    assert answer.status_code == 200
    raw = re.search(r'value="(yw_[^"]+)"', answer.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert key.scopes == "workorders:read,ratings:write" and key.prefix == raw[:12]
    assert key.user.username == "api:微信小程序" and key.user.groups.filter(name="agent").exists()
    assert raw not in admin_client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert client.get("/api/v1/workorders", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.django_db
def test_a_key_may_act_as_an_existing_user(admin_client, org):
    _issue(admin_client, user=org.dispatcher.pk)
    assert ApiKey.objects.get().user == org.dispatcher


@pytest.mark.django_db
def test_issuing_without_a_scope_is_refused_and_nothing_is_stored(admin_client, org):
    answer = _issue(admin_client, scope_list=[])
    assert answer.status_code == 200 and "errorlist" in answer.content.decode()
    unknown = _issue(admin_client, scope_list=["everything"])
    assert "errorlist" in unknown.content.decode()
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_scopes_are_changed_and_keys_revoked(admin_client, client, org):
    raw = re.search(r'value="(yw_[^"]+)"', _issue(admin_client).content.decode()).group(1)
    key = ApiKey.objects.get()
    changed = admin_client.post(f"/admin/api/apikey/{key.pk}/change/", {"name": "微信小程序",
                                                                         "scope_list": ["workorders:write"]})
    assert changed.status_code == 302
    key.refresh_from_db()
    assert key.scopes == "workorders:write"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/workorders", **headers).json()["code"] == "scope_missing"
    admin_client.post("/admin/api/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert client.get("/api/v1/workorders", **headers).status_code == 401
