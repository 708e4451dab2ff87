"""Accounts (等保 2.0 身份鉴别): lock-out, the password policy and its age, idle sessions, the
second factor, and self-service password change and reset."""
import datetime as dt
import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.accounts import enrolment
from yiwang.accounts.models import AccountState, EnrolmentCode
from yiwang.audit.models import Entry

PASSWORD = "pw-for-tests-1"


def fail(client, url, username, times):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong-password"})


@pytest.mark.parametrize("url", ["/login/", "/portal/login/"])
def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(org, client, url):
    fail(client, url, "agent", 5)
    response = client.post(url, {"username": "agent", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    locked = Entry.objects.get(action="account.locked")
    assert locked.target == "user:agent"
    # Another account from the same address still logs in: the lock is by account.
    assert client.post("/login/", {"username": "dispatcher", "password": PASSWORD}).status_code == 302


def test_nobody_elsewhere_locks_an_account_out(org, client):
    """The lock is by account and address: five wrong passwords sent from one address do not
    keep the administrator out at their own desk."""
    for _ in range(5):
        client.post("/login/", {"username": "admin", "password": "wrong-password"}, REMOTE_ADDR="203.0.113.9")
    assert client.post("/login/", {"username": "admin", "password": PASSWORD},
                       REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.post("/login/", {"username": "admin", "password": PASSWORD},
                       REMOTE_ADDR="10.1.2.3").status_code == 302


def test_an_address_spraying_passwords_meets_a_captcha_then_a_refusal(org, client, settings):
    settings.LOGIN_CAPTCHA_AFTER, settings.LOGIN_REFUSE_AFTER = 4, 8
    spray = ["agent", "dispatcher", "callback", "supervisor"]  # one try each: no account locks
    for name in spray:
        client.post("/login/", {"username": name, "password": "wrong-password"})
    page = client.get("/login/").content.decode()
    assert 'id="captcha"' in page
    # Without the captcha not even the right password is checked.
    refused = client.post("/login/", {"username": "leader", "password": PASSWORD})
    assert refused.status_code == 200 and "请先回答验证问题" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    answered = client.post("/login/", {"username": "leader", "password": PASSWORD,
                                       "captcha_0": "x", "captcha_1": "PASSED"})
    assert answered.status_code == 302
    client.logout()
    for name in spray:
        client.post("/portal/login/", {"username": name, "password": "wrong-password",
                                       "captcha_0": "x", "captcha_1": "PASSED"})
    assert client.post("/login/", {"username": "leader", "password": PASSWORD, "captcha_0": "x",
                                   "captcha_1": "PASSED"}).status_code == 429
    # Another address is not held back by this one.
    assert client.post("/login/", {"username": "leader", "password": PASSWORD},
                       REMOTE_ADDR="10.1.2.3").status_code == 302


def test_the_admins_log_in_is_the_staff_log_in_with_its_guards(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/admin/"


def test_the_security_administrator_unlocking_is_audited_and_opens_the_account(org, client):
    fail(client, "/login/", "agent", 5)
    AccessAttempt.objects.filter(username="agent").delete()  # what the admin's delete action does
    assert Entry.objects.filter(action="account.unlocked", target="user:agent").exists()
    assert client.post("/login/", {"username": "agent", "password": PASSWORD}).status_code == 302


def test_a_good_password_after_a_few_typos_is_not_an_unlock(org, client):
    fail(client, "/login/", "agent", 2)
    assert client.post("/login/", {"username": "agent", "password": PASSWORD}).status_code == 302
    assert not Entry.objects.filter(action="account.unlocked").exists()
    assert Entry.objects.filter(action="login.failed").count() == 2


@pytest.mark.parametrize("password, code", [
    ("20261201", "password_too_short"), ("2026120120261201", "password_entirely_numeric"),
    ("abcdefghijkl", "password_classes"), ("Ab1-", "password_too_short")])
def test_the_password_policy_names_what_is_wrong(db, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert code in [e.code for e in refused.value.error_list]


def test_the_password_policy_is_a_setting(db, settings):
    settings.PASSWORD_MIN_LENGTH, settings.PASSWORD_MIN_CLASSES = 4, 1
    validate_password("qwzx")
    validate_password("Yun-xi-2026!")  # the defaults accept a mixed password


def test_staff_with_an_old_password_change_it_before_anything_else(org, client, settings):
    client.force_login(org.agent)
    AccountState.objects.update_or_create(user=org.agent, defaults={
        "password_changed_at": timezone.now() - dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)})
    response = client.get("/orders/")
    assert response.status_code == 302 and response["Location"] == "/account/password/"
    page = client.get("/account/password/").content.decode()
    assert "至少 10 个字符" in page
    refused = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "20261201",
                                                 "new_password2": "20261201"})
    assert "不能全是数字" in refused.content.decode()
    done = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "Yun-xi-2026!",
                                               "new_password2": "Yun-xi-2026!"})
    assert done.status_code == 302
    assert client.get("/orders/").status_code == 200
    assert Entry.objects.filter(action="password.change", actor=org.agent).exists()
    org.agent.refresh_from_db()
    assert org.agent.check_password("Yun-xi-2026!")


def test_a_session_idle_too_long_ends(org, client, settings):
    client.post("/login/", {"username": "agent", "password": PASSWORD})
    assert client.get("/orders/").status_code == 200
    session = client.session
    session["seen_at"] = timezone.now().timestamp() - 60 * settings.SESSION_IDLE_MINUTES - 5
    session.save()
    response = client.get("/orders/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


def test_a_forgotten_password_is_reset_by_a_link_that_works_once(org, client):
    org.agent.email = "agent@example.gov.cn"
    org.agent.save()
    response = client.post("/account/password/reset/", {"email": "agent@example.gov.cn"})
    assert response.status_code == 302
    # An address nobody has gets the same answer: the form does not tell who has an account.
    assert client.post("/account/password/reset/", {"email": "nobody@example.com"}).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    target = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(target, {"new_password1": "Qing-shan-88", "new_password2": "Qing-shan-88"})
    assert done.status_code == 302
    assert client.post("/login/", {"username": "agent", "password": "Qing-shan-88"}).status_code == 302
    again = client.get(link, follow=True).content.decode()
    assert "此链接已使用或已过期" in again
    assert Entry.objects.filter(action="password.reset", actor=org.agent).exists()


def test_the_roles_that_need_it_set_up_and_confirm_a_second_factor(org, client, settings, fixed_time):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_ENROLMENT_CODE = True
    client.post("/login/", {"username": "supervisor", "password": PASSWORD})
    response = client.get("/orders/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
    # N14: the password alone binds no app: first the code the security administrator gave out of band.
    first = client.get(response["Location"]).content.decode()
    assert 'name="enrolment_code"' in first and "data:image/png;base64" not in first
    assert not TOTPDevice.objects.filter(user=org.supervisor).exists()  # no key made, none shown
    wrong = client.post(response["Location"], {"enrolment_code": "12345678"}).content.decode()
    assert "绑定码错误" in wrong
    code = enrolment.issue(org.supervisor)
    client.post(response["Location"], {"enrolment_code": code})
    setup = client.get(response["Location"]).content.decode()
    assert "data:image/png;base64" in setup  # the QR code to scan
    device = TOTPDevice.objects.get(user=org.supervisor)
    assert not device.confirmed
    wrong = client.post("/account/two-factor/?next=/orders/", {"token": "000000"})
    assert "验证码错误" in wrong.content.decode() and "次数过多" not in wrong.content.decode()
    held = client.post("/account/two-factor/?next=/orders/", {"token": f"{totp(device.bin_key):06d}"})
    assert "次数过多" in held.content.decode()  # N14: a try during the wait says so, even with the right code
    fixed_time.shift(dt.timedelta(seconds=10))  # a wrong code holds the next try back a moment
    right = client.post("/account/two-factor/?next=/orders/", {"token": f"{totp(device.bin_key):06d}"})
    assert right.status_code == 302 and right["Location"] == "/orders/"
    assert client.get("/orders/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # The next log-in asks for the code again, without a new QR code.
    client.logout()
    client.post("/login/", {"username": "supervisor", "password": PASSWORD})
    page = client.get("/account/two-factor/").content.decode()
    assert "data:image/png;base64" not in page
    assert client.get("/orders/").status_code == 302
    assert {"two_factor.setup", "two_factor.failed", "two_factor.verified", "two_factor.enrolment_code",
            "two_factor.enrolment_used", "two_factor.enrolment_failed"} <= set(Entry.objects.values_list("action", flat=True))
    assert not enrolment.redeem(org.supervisor, code)  # used once


def test_the_security_administrator_gives_enrolment_codes_and_never_an_administrators(org, client):
    from django.core.management import call_command

    from tests.conftest import make_user

    org.admin.is_staff = True
    org.admin.save()
    org.security = make_user("security", ["security"], org.centre)
    org.security.is_staff = True
    org.security.save()
    client.force_login(org.security)
    response = client.post("/admin/auth/user/", {"action": "issue_enrolment_code",
                                                 "_selected_action": [org.supervisor.pk, org.admin.pk]}, follow=True)
    page = response.content.decode()
    shown = re.search(r"supervisor 的绑定码：(\d{8})", page, re.I)  # the admin capitalises a message's start
    assert shown and enrolment.redeem(org.supervisor, shown.group(1))
    assert "是管理员" in page and not EnrolmentCode.objects.filter(user=org.admin).exists()
    client.force_login(org.admin)  # the system administrator has no such action
    client.post("/admin/auth/user/", {"action": "issue_enrolment_code", "_selected_action": [org.staff.pk]})
    assert not EnrolmentCode.objects.filter(user=org.staff).exists()
    out = io.StringIO()
    call_command("administrators", "enrol", org.admin.username, "--by", "张三", stdout=out)
    assert enrolment.redeem(org.admin, out.getvalue().strip().splitlines()[-1])


def test_roles_outside_the_setting_log_in_with_a_password_alone(org, client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.post("/login/", {"username": "agent", "password": PASSWORD})
    assert client.get("/orders/").status_code == 200


def test_setting_a_password_restarts_its_age(db, fixed_time):
    user = get_user_model().objects.create_user("fresh", password="Yun-xi-2026!")
    fixed_time.shift(dt.timedelta(days=100))
    user.set_password("Another-pass-7")
    user.save()
    state = AccountState.objects.get(user=user)
    assert timezone.now() - state.password_changed_at < dt.timedelta(minutes=1)


def test_whoever_chose_a_second_factor_confirms_it_at_every_log_in(org, client, settings, fixed_time):
    settings.TWO_FACTOR_REQUIRED = True  # the agent's role is not among TWO_FACTOR_ROLES
    client.post("/login/", {"username": "agent", "password": PASSWORD})
    assert "/account/two-factor/" in client.get("/account/password/").content.decode()  # offered
    client.post("/account/two-factor/", {"enrolment_code": enrolment.issue(org.agent)})
    setup = client.get("/account/two-factor/").content.decode()
    assert "此后每次登录还需输入" in setup and "您的角色须" not in setup
    device = TOTPDevice.objects.get(user=org.agent)
    client.post("/account/two-factor/", {"token": f"{totp(device.bin_key):06d}"})
    client.logout()
    client.post("/login/", {"username": "agent", "password": PASSWORD})
    response = client.get("/orders/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")


def test_the_api_holds_a_log_in_session_to_the_pages_policy(org, client, settings):
    """A password alone, an idle session or an old password open no more through the JSON API
    than through the pages (a stolen leader's password must not read everything there)."""
    settings.TWO_FACTOR_REQUIRED = True
    client.post("/login/", {"username": "supervisor", "password": PASSWORD})
    refused = client.get("/api/v1/workorders")
    assert refused.status_code == 401 and refused.json()["code"] == "second_factor_required"
    assert "验证码" in refused.json()["message"]
    created = client.post("/api/v1/workorders", {"title": "x"}, content_type="application/json",
                          HTTP_IDEMPOTENCY_KEY="k-1")
    assert created.status_code == 401

    settings.TWO_FACTOR_REQUIRED = False
    client.post("/login/", {"username": "agent", "password": PASSWORD})
    assert client.get("/api/v1/workorders").status_code == 200
    session = client.session
    session["seen_at"] = timezone.now().timestamp() - 60 * settings.SESSION_IDLE_MINUTES - 5
    session.save()
    idle = client.get("/api/v1/workorders")
    assert idle.status_code == 401 and idle.json()["code"] == "session_idle"
    assert "_auth_user_id" not in client.session

    client.post("/login/", {"username": "agent", "password": PASSWORD})
    AccountState.objects.update_or_create(user=org.agent, defaults={
        "password_changed_at": timezone.now() - dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)})
    expired = client.get("/api/v1/workorders")
    assert expired.status_code == 401 and expired.json()["code"] == "password_expired"


def test_an_api_key_is_held_to_the_key_not_to_the_session(org, client, settings):
    from yiwang.api.models import ApiKey

    settings.TWO_FACTOR_REQUIRED = True
    _key, secret = ApiKey.issue(name="integration", user=org.supervisor, scopes=["workorders:read"])
    client.post("/login/", {"username": "supervisor", "password": PASSWORD})
    assert client.get("/api/v1/workorders", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    # Another scheme is no key: the session's policy holds.
    assert client.get("/api/v1/workorders", HTTP_AUTHORIZATION="Basic eDp5").status_code == 401
