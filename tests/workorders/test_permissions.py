import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from yiwang.privacy.masking import clean_id_number, clean_phone, mask_id_number, mask_phone
from yiwang.privacy.models import RevealLog
from yiwang.workorders import permissions, services

from ..conftest import dispatched, make_user, new_order, v


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0531-88889999") == "053*****9999"
    assert mask_id_number("37010219900101123X") == "3701**********123X"
    assert mask_phone("") == "" and mask_id_number("") == ""


def test_phone_and_id_validation():
    assert clean_phone(" 13812345678 ") == "13812345678"
    assert clean_phone("0531-88889999") == "0531-88889999"
    with pytest.raises(ValidationError):
        clean_phone("1381234567")
    assert clean_id_number("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValidationError) as exc:
        clean_id_number("110105194912310021")  # wrong check digit
    assert "1101**********0021" in exc.value.messages[0]  # the error does not echo the full number


def test_unit_sees_only_its_units_orders(org):
    mine = dispatched(org)
    other = new_order(org)
    services.dispatch(order=other, actor=org.dispatcher, lead_unit=org.bureau2, version=v(other))
    undispatched = new_order(org)
    assert set(permissions.visible_orders(org.staff)) == {mine}
    assert set(permissions.visible_orders(org.staff2)) == {other}
    assert set(permissions.visible_orders(org.agent)) == {mine, other, undispatched}
    assert not permissions.visible_orders(org.nobody).exists()


def test_unit_that_returned_an_order_still_sees_its_history_but_cannot_act(org):
    order = dispatched(org)
    services.send_back(order=order, actor=org.staff, reason="r", version=v(order))
    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau2, version=v(order))
    assert permissions.can_see(org.staff, order)
    from yiwang.workorders import workflow

    assert workflow.available(order, org.staff) == []


def test_confidential_order_hides_the_caller_from_units(org):
    order = dispatched(org, confidential=True)
    assert permissions.caller_hidden(org.staff, order)
    assert not permissions.caller_hidden(org.dispatcher, order)
    assert not permissions.can_reveal(org.staff, order)


def test_reveal_permission_goes_to_callback_staff_by_default(org):
    order = new_order(org)
    assert permissions.can_reveal(org.callback, order)
    assert permissions.can_reveal(org.agent, order)
    assert not permissions.can_reveal(org.staff, order)
    assert not permissions.can_reveal(org.leader, order)


def test_reveal_is_audited_and_refused_without_permission(org, client):
    order = dispatched(org)
    client.force_login(org.staff)
    response = client.post(f"/orders/{order.number}/reveal/caller_phone/")
    assert response.status_code == 403 and not RevealLog.objects.exists()
    client.force_login(org.callback)
    response = client.post(f"/orders/{order.number}/reveal/caller_phone/", REMOTE_ADDR="10.1.2.3")
    assert response.json() == {"value": "13905310001"}
    log = RevealLog.objects.get()
    assert (log.user, log.subject, log.field, log.ip) == (org.callback, f"workorder:{order.number}", "caller_phone",
                                                          "10.1.2.3")


def test_granting_the_permission_to_a_unit_user_lets_them_reveal(org):
    order = dispatched(org)
    org.staff.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(pk=org.staff.pk)
    assert permissions.can_reveal(staff, order)


def test_reveal_of_an_unknown_field_is_not_found(org, client):
    order = new_order(org)
    client.force_login(org.callback)
    assert client.post(f"/orders/{order.number}/reveal/body/").status_code == 404


def test_unit_cannot_open_another_units_order(org, client):
    order = new_order(org)
    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau2, version=v(order))
    client.force_login(org.staff)
    assert client.get(f"/orders/{order.number}/").status_code == 404
    assert client.post(f"/orders/{order.number}/act/sign_for/", {"version": v(order)}).status_code == 404


def test_a_citizens_portal_account_and_the_hall_get_no_order_pages(org, client, django_user_model):
    from yiwang.services.models import Applicant

    new_order(org)
    citizen = django_user_model.objects.create_user("portal-citizen", password="pw-for-tests-1")
    Applicant.objects.create(user=citizen, kind="person", name="韩梅梅", phone="13905312001",
                             id_number="11010519491231002X")
    clerk = make_user("clerk", ["clerk"])
    for user in (citizen, clerk, org.nobody):
        client.force_login(user)
        for url in ("/orders/", "/orders/export.xlsx", "/orders/new/", "/orders/import/"):
            assert client.get(url).status_code == 403, (user, url)
