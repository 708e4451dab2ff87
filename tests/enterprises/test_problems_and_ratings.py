"""An enterprise's own problems, found by the enterprise and never by a person's phone (F7); its
ratings and 阳光 questions on its page (F8); its problems with their state and a rating step on its
portal (F19)."""
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from tests.conftest import new_order
from yiwang.enterprises import selectors, services
from yiwang.reviews import services as reviews
from yiwang.reviews.models import RatingChannel
from yiwang.services.models import Applicant
from yiwang.workorders.models import Status as OrderStatus, WorkOrder

from .conftest import enterprise


def _portal_user(firm):
    user = get_user_model().objects.create_user("ent-portal", password="pw-for-tests-1")
    Applicant.objects.create(user=user, kind="org", name=firm.name, credit_code=firm.credit_code, phone="13905319001")
    return user


def test_the_contacts_own_complaints_are_not_the_enterprises(org, client):
    firm = enterprise(org, contact_phone="13905310001")
    noise = new_order(org, title="松林路工地夜间施工噪音扰民", caller_phone="13905310001")  # the contact, as a citizen
    raised = services.raise_problem(enterprise=firm, text="厂区用电负荷不足，急需增容。")
    assert list(selectors.orders_of(firm)) == [raised]
    client.force_login(org.staff2)  # a unit that may open the enterprise page but not these orders
    page = client.get(f"/enterprises/{firm.credit_code}/").content.decode()
    orders = page[page.index('id="orders"'):page.index('id="applications"')]
    assert raised.number in orders and noise.number not in orders
    assert "用电负荷" not in orders  # no title of an order this person may not open


def test_a_problem_is_checked_before_it_becomes_an_order(org):
    firm = enterprise(org)
    for text in ("", "  ", "问" * 2001):
        with pytest.raises(ValidationError):
            services.raise_problem(enterprise=firm, text=text)
    assert not WorkOrder.objects.exists()


def test_the_portal_lists_what_the_enterprise_raised_with_its_state_and_a_rating_step(org, client):
    firm = enterprise(org)
    user = _portal_user(firm)
    client.force_login(user)
    client.post("/portal/enterprise/problem/", {"text": "厂区用电负荷不足，急需增容。"})
    order = WorkOrder.objects.get()
    assert order.portal_problem.enterprise == firm and order.portal_problem.raised_by == user
    page = client.get("/portal/enterprise/").content.decode()
    mine = page[page.index('id="my-problems"'):]
    assert order.number in mine and order.get_status_display() in mine and "/public/rate/" not in mine
    WorkOrder.objects.filter(pk=order.pk).update(status=OrderStatus.CLOSED)
    mine = client.get("/portal/enterprise/").content.decode()
    assert f"/public/rate/o/{order.number}/" in mine
    order.refresh_from_db()
    reviews.rate(case=order, level=2, channel=RatingChannel.PORTAL, comment="增容拖了两个月。")
    page = client.get("/portal/enterprise/").content.decode()
    assert "不满意" in page[page.index('id="my-problems"'):] and "/public/rate/" not in page
    client.force_login(org.supervisor)
    staff_page = client.get(f"/enterprises/{firm.credit_code}/").content.decode()
    ratings = staff_page[staff_page.index('id="ratings"'):staff_page.index('id="questions"')]
    assert order.number in ratings and "不满意" in ratings
