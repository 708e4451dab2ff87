import pytest
from django.core.management import call_command
from django.utils import timezone

from yiwang.orgs.models import Unit
from yiwang.workorders.models import Status, WorkOrder


def test_loaddemo_fills_a_fresh_database_with_orders_in_every_state(db, capsys, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    from yiwang.insight import services as insight
    from yiwang.workorders.models import RoutingRule
    from yiwang.workorders.selectors import responsible_unit

    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo")
    out = capsys.readouterr().out
    assert "dispatcher" in out and "yiwang-demo" in out
    # Every log-in the demo made is printed, the unit accounts and the portal's too.
    # (applicants by the number they log in with, since their log-in name is not theirs to know).
    for user in get_user_model().objects.filter(is_active=True).select_related("applicant"):
        applicant = getattr(user, "applicant", None)
        login = (applicant.credit_code or applicant.id_number) if applicant else user.username
        assert f"  {login} " in out, login
    # Suggestions from the first minute: routing rules and a classifier trained on the demo's orders.
    order = WorkOrder.objects.filter(status=Status.PENDING_DISPATCH, category__isnull=False).first()
    assert RoutingRule.objects.exists() and responsible_unit(order.category, order.street) is not None
    suggestions = insight.suggestions(order)
    assert suggestions and suggestions[0]["unit"] is not None
    statuses = set(WorkOrder.objects.values_list("status", flat=True))
    assert statuses >= {Status.PENDING_DISPATCH, Status.PENDING_SIGN, Status.HANDLING, Status.RETURNED,
                        Status.PENDING_CALLBACK, Status.CLOSED, Status.SUSPENDED}
    assert Unit.objects.filter(kind=Unit.Kind.GRID).exists()
    assert WorkOrder.objects.filter(deadline__isnull=False).exists()
    follow_through_is_there()
    enterprise_services_are_there()
    major_projects_are_there()


def major_projects_are_there():
    """Forty projects and more across three command posts in every stage, a year of progress with
    photos, problems open and closed, a joint acceptance through a fix to its opinion, ten
    opportunities with interests, one signed; the public ones make a valid OC4IDS package."""
    from yiwang.projects import oc4ids, selectors
    from yiwang.projects.models import Acceptance, CommandPost, Inspection, Interest, Opportunity, Photo, Project

    assert CommandPost.objects.count() == 3 and Project.objects.filter(command_post__isnull=False).count() >= 40
    assert set(Project.objects.values_list("status", flat=True)) >= {
        "opportunity", "signed", "approving", "building", "completed", "operating"}
    th = selectors.thresholds()
    assert Project.objects.filter(selectors.lagging_q(th)).exists()
    first = Project.objects.filter(reports__isnull=False).order_by("reports__month").values_list(
        "reports__month", flat=True).first()
    assert (timezone.localdate() - first).days >= 300 and Photo.objects.count() >= 50
    assert Project.objects.filter(problems__task__state="closed").exists()
    assert Project.objects.filter(problems__task__state="handling").exists()
    issued = Acceptance.objects.get(state=Acceptance.State.ISSUED)
    assert issued.inspections.filter(result=Inspection.Result.FIX).exists() and issued.inspections.filter(round=2)
    assert Acceptance.objects.exclude(state=Acceptance.State.ISSUED).exists()
    assert Opportunity.objects.count() == 10 and Interest.objects.filter(state="signed").count() == 1
    assert Interest.objects.exclude(state="signed").exists()
    assert oc4ids.problems(oc4ids.package("https://yunxi.example.gov.cn/")) == []


def enterprise_services_are_there():
    """Hundreds of enterprises across industries and sizes, a year of visits whose problems went
    into the 12345 loop, twenty policies with fifty articles, claims in every state, a confirmed
    免申即享 run and a 阳光质询 session with rated answers."""
    from yiwang.enterprises.models import Enterprise, Problem, Visit
    from yiwang.policies import selectors as policy_selectors
    from yiwang.policies.models import Article, Claim, ExemptRun, PolicyDocument, Question, Session

    assert Enterprise.objects.count() >= 200
    assert Enterprise.objects.values("section").distinct().count() >= 8
    assert set(Enterprise.objects.values_list("size", flat=True)) == {"large", "medium", "small", "micro",
                                                                      "unclassified"}
    portal = Enterprise.objects.get(credit_code="91370112MA3C5K8T03")
    assert portal.name == "云溪味道餐饮有限公司" and portal.assignments.exists() and portal.butler is not None
    assert Claim.objects.filter(channel=Claim.Channel.BUTLER).exists()
    first = Visit.objects.order_by("visited_on").first().visited_on
    assert (timezone.localdate() - first).days >= 300 and Visit.objects.count() >= 150
    orders = Problem.objects.filter(route="order")
    assert orders.filter(order__status=Status.CLOSED).exists() and orders.exclude(order__status=Status.CLOSED).exists()
    assert Problem.objects.filter(route="task").exists()
    assert PolicyDocument.objects.filter(state="issued").count() == 20
    assert Article.objects.filter(document__state="issued").count() == 50
    assert set(Claim.objects.values_list("state", flat=True)) == set(Claim.State.values)
    assert Claim.objects.filter(objections__state="open").exists()
    assert ExemptRun.objects.filter(state=ExemptRun.State.CONFIRMED, claims__state="paid").exists()
    inquiry = Session.objects.get(kind=Session.Kind.INQUIRY)
    assert inquiry.questions.filter(rating="unsatisfied").exists() and Question.objects.filter(answered_at=None).exists()
    assert policy_selectors.undelivered_units()
    assert portal.claims.filter(state="notice").exists()


def follow_through_is_there():
    """Tasks from every source in every light, meetings, a visit with measured targets, a hot
    issue followed week by week, a campaign in every review state and proposals in every state."""
    from yiwang.proposals.models import Proposal
    from yiwang.proposals.models import State as ProposalState
    from yiwang.suggestions.models import Campaign
    from yiwang.suggestions.models import State as SuggestionState
    from yiwang.tasks import indicators, lights, selectors
    from yiwang.tasks.models import Light, Meeting, Source, StudyVisit, Task

    assert set(Task.objects.values_list("source", flat=True)) == set(Source.values)
    th = lights.thresholds()
    assert all(Task.objects.filter(lights.q(code, th)).exists() for code in Light.values)
    assert Meeting.objects.filter(kind=Meeting.Kind.COMMAND_POST).count() == 2
    assert all(item.task_id for m in Meeting.objects.all() for item in m.items.all())
    visit = StudyVisit.objects.get()
    assert visit.actions.count() == 8
    target = visit.actions.get(indicator="item_workdays", target_value=1)
    assert target.baseline == 3 and indicators.measure_now(target) is not None
    topic = Task.objects.get(source=Source.MONTHLY_TOPIC)
    weeks, found = selectors.weekly_issue_orders(topic.tracked_issue)
    assert len(found) >= 3 and len(weeks) >= 5
    campaign = Campaign.objects.get()
    assert campaign.suggestions.count() >= 100
    assert set(campaign.suggestions.values_list("state", flat=True)) == set(SuggestionState.values)
    assert Proposal.objects.count() == 20
    assert set(Proposal.objects.values_list("state", flat=True)) == set(ProposalState.values)


def test_loaddemo_refuses_a_database_that_has_orders(db):
    call_command("loaddemo")
    with pytest.raises(Exception, match="fresh database"):
        call_command("loaddemo")


def test_loaddemo_brings_a_catalogue_and_applications_in_every_state(db):
    from yiwang.services.models import Application, Bundle, ServiceItem
    from yiwang.services.models import Status as A
    call_command("loaddemo")
    assert ServiceItem.objects.filter(published=True).count() >= 30
    assert ServiceItem.objects.values("unit").distinct().count() >= 8
    assert Bundle.objects.filter(published=True).count() >= 2
    assert all(item.steps.filter(kind="decide").exists() and item.versions.exists()
               for item in ServiceItem.objects.all())
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses >= {A.SUBMITTED, A.CORRECTION, A.REJECTED, A.IN_REVIEW, A.SPECIAL, A.TO_DELIVER, A.DELIVERED}
    assert Application.objects.filter(bundle_case__isnull=False).count() == 5
    assert Application.objects.filter(promised_deadline__lt=timezone.now(), status=A.IN_REVIEW).exists()


def test_the_demo_runs_without_debug_on_a_key_of_its_own(tmp_path, monkeypatch):
    from yiwang import cli

    monkeypatch.setenv("YIWANG_HOME", str(tmp_path))
    first, second = {}, {}
    cli.prepare("demo", first)
    cli.prepare("demo", second)
    assert first["DEBUG"] == "0" and first["HTTPS"] == "0"
    assert len(first["SECRET_KEY"]) >= 50 and first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "demo-secret-key").stat().st_mode & 0o077 == 0
    mine = {"SECRET_KEY": "set-by-the-operator", "DEBUG": "1"}
    cli.prepare("demo", mine)
    assert mine["SECRET_KEY"] == "set-by-the-operator" and mine["DEBUG"] == "1"


def test_without_debug_a_missing_page_is_the_products_own_chinese_page(client, settings, db):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在，或您无权查看" in response.content.decode()
    assert "URLconf" not in response.content.decode()


def test_the_commands_beside_the_demo_use_its_key_and_a_missing_key_is_one_clear_line(tmp_path, monkeypatch):
    import subprocess
    import sys

    from yiwang import cli

    monkeypatch.setenv("YIWANG_HOME", str(tmp_path))
    cli.prepare("demo", {})
    beside = {}
    cli.prepare("workdays", beside)
    assert beside["SECRET_KEY"] == (tmp_path / "demo-secret-key").read_text().strip()
    elsewhere = dict(__import__("os").environ, YIWANG_HOME=str(tmp_path / "production"), DEBUG="0",
                     DJANGO_SETTINGS_MODULE="yiwang.settings")
    elsewhere.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-c", "from yiwang.cli import main; main(['yiwang', 'check'])"],
                            env=elsewhere, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("yiwang: SECRET_KEY is not set")
