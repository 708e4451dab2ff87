"""Where a full number could leak: a confidential order's text, the rating pages' reveal for a
role that may not open them, and the admin."""
import io

from django.contrib.auth.models import Permission
from django.core.management import call_command

from yiwang.reviews import services as reviews
from yiwang.reviews.models import Rectification

from ..conftest import dispatched, make_user
from ..reviews.test_ratings import closed

BODY = "举报人电话13912345678，身份证110105198503120047，座机0531-88886666，请保密。"


def key_for(user, scope):
    out = io.StringIO()
    call_command("apikey", "create", "--name", f"k-{user.username}", "--user", user.username, "--scope", scope,
                 stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_numbers_in_a_confidential_orders_text_are_masked_for_the_units(org, client):
    order = dispatched(org, confidential=True, body=BODY, title="举报13912345678")
    client.force_login(org.staff)
    page = client.get(f"/orders/{order.number}/").content.decode()
    for secret in ("13912345678", "110105198503120047", "88886666"):
        assert secret not in page
    assert "139****5678" in page and "1101**********0047" in page
    printed = client.get(f"/orders/{order.number}/print/").content.decode()
    assert "13912345678" not in printed
    answer = client.get(f"/api/v1/workorders/{order.number}",
                        HTTP_AUTHORIZATION=f"Bearer {key_for(org.staff, 'workorders:read')}").json()
    assert answer["caller"] is None and "13912345678" not in answer["body"] and "139****5678" in answer["body"]
    # The centre, who took the call, reads the text as it was written.
    client.force_login(org.dispatcher)
    assert "13912345678" in client.get(f"/orders/{order.number}/").content.decode()


def test_lists_and_exports_mask_numbers_written_in_titles(org, client):
    dispatched(org, title="回电13912345678")
    client.force_login(org.dispatcher)
    page = client.get("/orders/").content.decode()
    assert "13912345678" not in page and "139****5678" in page
    # The API's list masks them as the page's list does, for every role (here a leader without the
    # permission to see full numbers); one order is read as its page shows it.
    key = key_for(org.leader, "workorders:read")
    listed = client.get("/api/v1/workorders", HTTP_AUTHORIZATION=f"Bearer {key}").json()["items"]
    assert [o["title"] for o in listed] == ["回电139****5678"]


def test_a_role_that_may_not_open_the_rating_pages_cannot_reveal_or_list_through_them(org, client):
    order = closed(org)
    reviews.rate(case=order, level=1, channel="sms", comment="很差", rater_phone="13905310001")
    case = Rectification.objects.get()
    org.agent.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    client.force_login(org.agent)
    assert client.get(f"/reviews/{case.number}/").status_code == 403
    refused = client.post(f"/reviews/{case.number}/reveal/")
    assert refused.status_code in (403, 404) and "13905310001" not in refused.content.decode()
    key = key_for(org.agent, "ratings:read")
    for url in ("/api/v1/ratings", "/api/v1/rectifications"):
        assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").json()["items"] == [], url
    supervisor_key = key_for(org.supervisor, "ratings:read")
    assert client.get("/api/v1/rectifications", HTTP_AUTHORIZATION=f"Bearer {supervisor_key}").json()["count"] == 1


def test_the_admin_shows_numbers_masked(org, client):
    from yiwang.services.models import Applicant

    user = make_user("p0000000000001", [])
    Applicant.objects.create(user=user, kind="person", name="韩梅梅", id_number="110105198503120047",
                             phone="13905312001")
    order = dispatched(org)
    org.admin.is_staff = True
    org.admin.save()
    client.force_login(org.admin)
    for url in (f"/admin/services/applicant/{Applicant.objects.get().pk}/change/",
                f"/admin/workorders/workorder/{order.pk}/change/"):
        page = client.get(url).content.decode()
        assert page and "110105198503120047" not in page and "13905312001" not in page and "13905310001" not in page
    assert "1101**********0047" in client.get(
        f"/admin/services/applicant/{Applicant.objects.get().pk}/change/").content.decode()
