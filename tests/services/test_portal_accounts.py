"""Portal accounts: registration opens by a link texted to the phone, never tells whether a
number has an account, and a forgotten password is reset by text message."""
import re

from django.urls import reverse

from yiwang.reviews.models import TextMessage
from yiwang.services.models import Applicant

from .conftest import ID_NUMBER

FORM = {"applicant_kind": "person", "applicant_name": "赵六", "id_number": ID_NUMBER,
        "contact_phone": "13905310009", "password1": "a-long-pass-93", "password2": "a-long-pass-93"}


def link(text, path):
    return re.search(rf"https?://[^/\s]+({path}\S+/)", text.body).group(1)


def test_an_account_opens_only_by_the_link_texted_to_the_phone(client, db):
    page = client.post(reverse("portal:register"), FORM)
    assert page.status_code == 200 and "139****0009" in page.content.decode()
    applicant = Applicant.objects.get()
    assert not applicant.user.is_active
    assert client.post("/portal/login/", {"username": ID_NUMBER, "password": "a-long-pass-93"}).status_code == 200
    text = TextMessage.objects.get()
    assert text.phone == "13905310009" and "/portal/activate/" in text.body
    assert client.get(link(text, "/portal/activate/")).status_code == 302
    applicant.user.refresh_from_db()
    assert applicant.user.is_active
    client.logout()
    assert client.post("/portal/login/", {"username": ID_NUMBER, "password": "a-long-pass-93"}).status_code == 302
    assert client.get("/portal/activate/forged-token/").status_code == 400


def test_registering_a_number_that_has_an_account_answers_the_same_and_tells_its_holder(client, db):
    client.post(reverse("portal:register"), FORM)
    client.get(link(TextMessage.objects.get(), "/portal/activate/"))
    client.logout()
    first = client.post(reverse("portal:register"), {**FORM, "contact_phone": "13905310077",
                                                     "applicant_name": "冒名者"})
    assert first.status_code == 200
    body = first.content.decode()
    assert "139****0077" in body and "已注册" not in body and "已有账号" not in body
    assert Applicant.objects.count() == 1 and Applicant.objects.get().name == "赵六"
    warning = TextMessage.objects.order_by("-id").first()
    assert warning.phone == "13905310009"  # the holder's phone, not the one typed
    assert "/portal/password/" in warning.body


def test_a_registration_never_confirmed_frees_the_number_after_a_day(client, db, fixed_time):
    import datetime as dt

    client.post(reverse("portal:register"), {**FORM, "contact_phone": "13905310077"})
    fixed_time.shift(dt.timedelta(hours=25))
    client.post(reverse("portal:register"), FORM)
    assert Applicant.objects.get().phone == "13905310009"


def test_a_forgotten_password_is_reset_by_a_text_to_the_accounts_phone(client, db):
    client.post(reverse("portal:register"), FORM)
    client.get(link(TextMessage.objects.get(), "/portal/activate/"))
    client.logout()
    wrong = client.post(reverse("portal:password_reset"), {"number": ID_NUMBER, "phone": "13900000000"})
    right = client.post(reverse("portal:password_reset"), {"number": ID_NUMBER, "phone": "13905310009"})
    assert wrong.content.decode().count("如该") == right.content.decode().count("如该")  # the same answer
    texts = TextMessage.objects.filter(purpose__startswith="reset:")
    assert texts.count() == 1
    form = client.get(link(texts.get(), "/portal/password/"), follow=True)
    target = form.redirect_chain[-1][0]
    done = client.post(target, {"new_password1": "Qing-shan-88", "new_password2": "Qing-shan-88"})
    assert done.status_code == 302
    assert client.post("/portal/login/", {"username": ID_NUMBER, "password": "Qing-shan-88"}).status_code == 302
