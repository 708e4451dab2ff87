"""Signed webhooks to a real HTTP receiver: delivered after the change commits, retried with
back-off until acknowledged, every attempt in the log."""
import datetime as dt
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from tests.conftest import new_order, v
from yiwang.webhooks import services as webhooks
from yiwang.webhooks.models import Delivery, Subscription
from yiwang.workorders import services


class Receiver:
    """A subscriber on a local port that answers with the next status in `answers`."""

    def __init__(self, answers):
        self.answers, self.received = list(answers), []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.answers.pop(0) if outer.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    made = []

    def make(*answers):
        r = Receiver(answers)
        made.append(r)
        return r
    yield make
    for r in made:
        r.close()


def subscribe(url, user, kinds=None):
    out = io.StringIO()
    args = ["add", "--name", "省平台", "--url", url, "--user", user.username]
    for k in kinds or ():
        args += ["--kind", k]
    call_command("webhooks", *args, stdout=out)
    return Subscription.objects.get(), out.getvalue().strip().splitlines()[-1]


def test_a_state_change_is_delivered_signed_after_commit(org, receiver, django_capture_on_commit_callbacks):
    hook = receiver(200)
    sub, secret = subscribe(hook.url, org.supervisor)
    assert secret == sub.secret
    with django_capture_on_commit_callbacks(execute=True):
        order = new_order(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, version=v(order))
    assert len(hook.received) == 2
    headers, body = hook.received[1]
    assert webhooks.verify(secret, headers["X-Yiwang-Signature"], body)
    assert not webhooks.verify("another secret", headers["X-Yiwang-Signature"], body)
    event = json.loads(body)
    assert event["type"] == "workorder.status_changed" and event["case"]["number"] == order.number
    assert (event["from_status"], event["to_status"], event["action"]) == ("pending_dispatch", "pending_sign",
                                                                          "dispatch")
    assert headers["X-Yiwang-Delivery"] == event["id"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}


def test_a_failing_subscriber_is_retried_with_back_off_until_it_acknowledges(org, receiver, settings,
                                                                          django_capture_on_commit_callbacks,
                                                                          fixed_time):
    settings.WEBHOOK_RETRY_SECONDS = 30
    hook = receiver(500, 503, 200)
    subscribe(hook.url, org.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        new_order(org)
    delivery = Delivery.objects.get()
    assert delivery.state == "pending" and delivery.attempts == 1 and delivery.last_status == 500
    first_wait = delivery.next_attempt_at - delivery.log.get().at
    assert dt.timedelta(seconds=29) < first_wait <= dt.timedelta(seconds=31)
    assert webhooks.retry_due() == []  # not due yet
    fixed_time.shift(dt.timedelta(seconds=31))
    call_command("webhooks", "retry", stdout=io.StringIO())
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.last_status == 503
    log = list(delivery.log.all())
    assert delivery.next_attempt_at - log[-1].at > dt.timedelta(seconds=59)  # doubled
    fixed_time.shift(dt.timedelta(seconds=61))
    webhooks.retry_due()
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and [a.status for a in delivery.log.all()] == [500, 503, 200]
    assert len(hook.received) == 3
    assert len({json.loads(b)["id"] for _h, b in hook.received}) == 1  # the same event each time


def test_an_unreachable_subscriber_is_given_up_after_the_last_attempt(org, settings, fixed_time,
                                                                    django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    subscribe("http://127.0.0.1:9/nothing-listens", org.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        new_order(org)
    fixed_time.shift(dt.timedelta(hours=1))
    webhooks.retry_due()
    delivery = Delivery.objects.get()
    assert delivery.state == "failed" and delivery.attempts == 2 and "ConnectionError" in delivery.last_error


def test_a_subscriber_hears_only_of_cases_its_user_may_see(org, receiver, django_capture_on_commit_callbacks):
    hook = receiver()
    subscribe(hook.url, org.staff2, kinds=["workorder"])  # 住建局: not the unit the order goes to
    with django_capture_on_commit_callbacks(execute=True):
        order = new_order(org)
        services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, version=v(order))
    assert hook.received == [] and not Delivery.objects.exists()


def test_key_tasks_suggestions_and_proposals_are_events_too_for_whoever_may_see_them(org, settings,
                                                                                      django_capture_on_commit_callbacks):
    from tests.tasks.conftest import new_task
    from yiwang.tasks import services as tasks

    hook = Receiver([])
    try:
        Subscription.objects.create(name="督查平台", url=hook.url, user=org.supervisor, kinds="task")
        Subscription.objects.create(name="住建局系统", url=hook.url, user=org.staff2, kinds="task,proposal")
        with django_capture_on_commit_callbacks(execute=True):
            task = new_task(org)  # created and assigned to 城管局: 住建局 may not see it
            tasks.report(task=task, actor=org.staff, text="进展。", version=task.version)  # no change of state
        events = [json.loads(body) for _headers, body in hook.received]
        assert [(e["type"], e["action"]) for e in events] == [("task.status_changed", "create"),
                                                              ("task.status_changed", "assign")]
        assert Delivery.objects.filter(subscription__name="住建局系统").count() == 0
    finally:
        hook.close()


def test_policy_claims_are_events_for_the_issuing_unit_not_for_others(org, django_capture_on_commit_callbacks):
    from tests.enterprises.conftest import enterprise
    from yiwang.policies import services as policies

    document = policies.create_document(actor=org.supervisor, number="云政发〔2026〕20号", title="新20条",
                                        issuing_unit=org.bureau, valid_from=dt.date(2026, 1, 1),
                                        valid_to=dt.date(2027, 12, 31))
    article = policies.save_article(actor=org.supervisor, document=document, seq=1, title="奖励", content="奖励。",
                                    conditions_text="staff >= 10", amount="50000", cap="50000")
    hook = Receiver([])
    try:
        Subscription.objects.create(name="财政系统", url=hook.url, user=org.staff, kinds="claim")  # 城管局 issued it
        Subscription.objects.create(name="住建局系统", url=hook.url, user=org.staff2, kinds="claim")
        with django_capture_on_commit_callbacks(execute=True):
            claim = policies.submit_claim(actor=None, enterprise=enterprise(org, 1), article=article, requested="50000")
            policies.approve(claim=claim, actor=org.staff, amount="50000", version=claim.version)
        events = [json.loads(body) for _headers, body in hook.received]
        assert [(e["type"], e["action"], e["to_status"]) for e in events] == [
            ("claim.status_changed", "submit", "submitted"), ("claim.status_changed", "approve", "reviewed")]
        assert events[0]["case"] == {"kind": "claim", "number": claim.number}
        assert Delivery.objects.filter(subscription__name="住建局系统").count() == 0
    finally:
        hook.close()


def test_projects_acceptances_and_interests_are_events_with_their_labels(org, django_capture_on_commit_callbacks):
    from yiwang import cases
    from yiwang.projects import services as projects

    hook = Receiver([])
    try:
        Subscription.objects.create(name="发改平台", url=hook.url, user=org.supervisor, kinds="project,interest")
        with django_capture_on_commit_callbacks(execute=True):
            p = projects.save_project(actor=org.supervisor, data={"name": "云溪数据中心", "kind": "industry",
                                                                  "total_investment": "1000"})
            opportunity = projects.publish(actor=org.supervisor, project=p, summary="数据中心。", terms="出让。",
                                           how_to_join="登记。", contact="投促中心")
            interest = projects.register_interest(opportunity=opportunity, investor="华北算力", contact_name="王总",
                                                  phone="13905317001")
            projects.follow_interest(interest=interest, actor=org.supervisor, code="contact", version=1)
            projects.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code="signing"),
                                   actual_on=dt.date(2026, 11, 25))
        events = [json.loads(body) for _headers, body in hook.received]
        assert [(e["type"], e["action"], e["to_status"]) for e in events] == [
            ("project.status_changed", "create", "opportunity"), ("interest.status_changed", "register", "new"),
            ("interest.status_changed", "contact", "contacted"), ("project.status_changed", "milestone", "signed")]
        assert events[0]["case"]["number"] == p.number
    finally:
        hook.close()
    assert str(cases.get("acceptance").event_label("issue")) == "出具联合验收意见"
    assert str(cases.get("project").event_label("milestone")) == "更新节点"
