"""One of everything, for the permission matrix: every role, an order, an application, a rating
case, an import batch, a bundle case and a model, each placed with the bureau (B1)."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from yiwang.reviews import services as reviews
from yiwang.reviews.models import Rectification
from yiwang.services.models import Applicant
from yiwang.insight.models import ModelVersion
from yiwang.services import bundles
from yiwang.services import services as app_services
from yiwang.proposals import services as proposal_services
from yiwang.suggestions import services as suggestion_services
from yiwang.tasks import services as task_services
from yiwang.workorders import services
from yiwang.workorders.models import OPEN_STATUSES as OPEN
from yiwang.workorders.models import Attachment, ExportJob, ImportBatch

from ..conftest import make_user, new_order, picture, replied, v
from ..services.conftest import Hall, apply, make_bundle, make_item, pdf

class World:
    pass


def build(org):
    w = World()
    w.org = org
    hall = Hall()
    hall.org = org
    hall.clerk = make_user("clerk", ["clerk"], org.centre)
    hall.item = make_item(org.bureau)
    w.users = {
        "nobody": org.nobody, "agent": org.agent, "dispatcher": org.dispatcher, "unit_staff": org.staff,
        "unit_head": org.head, "other_unit": org.staff2, "callback": org.callback, "supervisor": org.supervisor,
        "leader": org.leader, "admin": org.admin, "clerk": hall.clerk,
        "butler": make_user("butler", ["butler"], org.centre),
        "inspector": make_user("inspector", ["inspector"], org.community),
        "security": make_user("security", ["security"], org.centre),
        "auditor": make_user("auditor", ["auditor"], org.centre),
    }
    for name in ("admin", "security"):
        w.users[name].is_staff = True
        w.users[name].save()
    applicant = get_user_model().objects.create_user("p-matrix", password="pw-for-tests-1")
    Applicant.objects.create(user=applicant, kind="person", name="韩梅梅", id_number="110105198503120047",
                             phone="13905312001")
    w.users["applicant"] = applicant
    order = replied(org)
    services.callback(order=order, actor=org.callback, satisfaction="unsatisfied", rework=False, solved="no",
                      note="来电人不满意。", version=v(order))
    w.order = order
    from django.utils import timezone

    from yiwang.workorders.models import Notice

    w.notice = Notice(order=order, kind="supervise", unit=org.bureau, text="请说明办理情况。", issued_by=org.supervisor,
                      issued_at=timezone.now())
    w.notice.number_it(timezone.now())
    w.notice.save()
    reviews.rate(case=order, level=1, channel="sms", comment="很差", rater_phone="13905310001")
    w.case = Rectification.objects.get()
    w.app = apply(hall)
    w.portal_app = apply(hall, actor=applicant, channel="online", portal_user=applicant, applicant_name="韩梅梅",
                         id_number="110105198503120047", contact_phone="13905312001",
                         materials={m.pk: {"file": pdf()} for m in hall.item.materials.all()})
    for app in (w.app, w.portal_app):  # accepted: the acceptance notice is there to download
        app_services.accept(app=app, actor=hall.clerk, version=app.version)
        app.refresh_from_db()
    w.bundle = make_bundle(hall)
    w.bundle_case = bundles.submit(
        actor=applicant, bundle=w.bundle, channel="online", portal_user=applicant,
        applicant={"applicant_kind": "org", "applicant_name": "云溪科技有限公司", "credit_code": "91110000600037341L",
                   "contact_phone": "13905312001", "legal_rep": "王五", "delivery": "window"},
        form_data={"company_name": "云溪科技有限公司", "capital": "100"},
        materials={"id_card": {"file": pdf("id.pdf")}, "m%d" % w.bundle.items.get(code="B-REG").materials.get(
            name="公司章程").pk: {"file": pdf("statute.pdf")}})
    w.item = hall.item
    services.add_attachments(order=order, actor=org.agent, files=[picture()]) if order.status in OPEN else None
    if not order.attachments.exists():
        Attachment.objects.create(order=order, file=picture(), name="photo.jpg", size=10, uploaded_by=org.agent,
                                  uploaded_at=order.created_at)
    w.batch = ImportBatch.objects.create(source_system="legacy", file_name="old.csv", size=1, uploaded_by=org.dispatcher,
                                         uploaded_at=order.created_at, state=ImportBatch.State.DONE)
    w.export = ExportJob.objects.create(owner=org.dispatcher, query={}, state=ExportJob.State.DONE, total=1, done=1,
                                        file=picture(), created_at=order.created_at)
    org.category.public = True
    org.category.save()
    w.public_category = org.category
    w.public_order = new_order(org, category=org.category)
    w.model = ModelVersion.objects.create(number=1, source="orders", state="ready", created_by=org.admin)
    w.group = Group.objects.get(name="agent")
    w.day = dt.date(2026, 11, 25)
    w.task = task_services.create(actor=org.supervisor, source="instruction", title="背街小巷整治", requirement="整治 20 条。",
                                  lead_unit=org.bureau, deadline=dt.date(2026, 12, 18), assign=True)
    task_services.report(task=w.task, actor=org.staff, text="进展。", files=[picture()], version=w.task.version)
    w.task_file = w.task.files.get()
    from yiwang.tasks.models import Circular

    w.circular = Circular.objects.create(year=2026, serial=1, issuer="云溪区人民政府督查室", issued_by=org.supervisor,
                                         issued_at=w.task.created_at, pdf=b"%PDF-1.4\n%%EOF\n")
    w.meeting = task_services.record_meeting(actor=org.supervisor, kind="command_post", title="指挥部例会",
                                             held_on=dt.date(2026, 11, 24), chair="王指挥长",
                                             items=[{"text": "拆除围墙", "lead_unit": org.bureau, "due_on": None}])
    w.visit = task_services.record_visit(actor=org.supervisor, theme="审批提速", destination="苏州工业园区",
                                         starts_on=dt.date(2026, 11, 10), ends_on=dt.date(2026, 11, 12))
    w.campaign = suggestion_services.create_campaign(
        actor=org.supervisor, code="reform", title="改革金点子", description="征集建议", starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 12, 31), award_fund=1000)
    w.suggestion = suggestion_services.submit(campaign=w.campaign, title="材料共享", content="减少重复提交。",
                                              proposer_name="王先生", phone="13905310008")
    w.proposal = proposal_services.register(actor=org.supervisor, kind="deputy", year=2026, serial=1, title="养老服务站",
                                            content="建议增设。", proposers="张代表", received_on=dt.date(2026, 11, 20))
    proposal_services.assign(proposal=w.proposal, actor=org.supervisor, lead_unit=org.bureau, version=w.proposal.version)
    from ..enterprises.conftest import enterprise

    w.enterprise = enterprise(org)
    from yiwang.enterprises import importing
    from yiwang.enterprises.models import ImportSource

    w.enterprise_import = importing.upload(
        actor=org.supervisor, name="export.csv", source=ImportSource.objects.get(code="market"),
        content=f"统一社会信用代码,从业人数\n{w.enterprise.credit_code},130\n".encode())
    from yiwang.policies import services as policy_services

    w.policy = policy_services.create_document(actor=org.supervisor, number="云政发〔2026〕1号", title="新20条",
                                               issuing_unit=org.bureau, valid_from=dt.date(2026, 1, 1),
                                               valid_to=dt.date(2027, 12, 31))
    w.article = policy_services.save_article(actor=org.supervisor, document=w.policy, seq=1, title="奖励", content="奖励。",
                                             conditions_text="staff > 10", amount="1000", cap="1000")
    from django.core.files.uploadedfile import SimpleUploadedFile

    w.claim = policy_services.submit_claim(actor=None, enterprise=w.enterprise, article=w.article, requested="1000",
                                           files=[SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4\n%%EOF\n")])
    w.run = policy_services.start_run(actor=org.supervisor, article=policy_services.save_article(
        actor=org.supervisor, document=w.policy, seq=2, title="免申", content="免申。", conditions_text="", amount="10",
        cap="10", mode="exempt"))
    w.session = policy_services.create_session(actor=org.supervisor, document=w.policy, kind="inquiry", title="质询",
                                               held_on=dt.date(2026, 11, 25), open_until=dt.date(2026, 12, 5))
    build_projects(org, w)
    build_assistance(org, w)
    return w


def build_assistance(org, w):
    """A department's source sent by the bureau (B1), a person of 青山街道 in it, a warning there
    referred to the bureau, a pair waiting for review and a file waiting for confirmation."""
    from django.utils import timezone

    from tests.conftest import make_user as user
    from yiwang.assistance import importing, linking, services as assistance, synthetic
    from yiwang.assistance.models import Alert, ImportRun, Referral, ReviewPair, Rule

    analyst = user("analyst", ["assistance"], org.centre)
    src = importing.source_for("W-MZ", unit=org.bureau, help="dibao")
    rows = [["姓名", "身份证号", "街道", "户号"], ["张明", "370214198003071795", "青山街道", "H1"],
            ["张铭", "", "青山街道", "H1"]]
    importing.replace(src, importing.read(name="w.csv", content=synthetic.csv_bytes(rows), source=src))
    a, b = src.records.order_by("row").values_list("pk", flat=True)
    linking.run(predictions=[(a, b, 0.7)])
    w.assistance_person = src.records.get(row=2).person
    w.assistance_pair = ReviewPair.objects.get()
    now = timezone.now()
    w.assistance_alert = Alert.objects.create(
        rule=Rule.objects.get(code="W-DEATH"), grade="red", person=w.assistance_person,
        household=w.assistance_person.household, street=org.street, raised_at=now, due_at=now, number="YJ-W-1",
        state=Alert.State.REFERRED)
    w.assistance_referral = Referral.objects.create(alert=w.assistance_alert, person=w.assistance_person,
                                                    to_unit=org.bureau, help="temporary", note="转介", at=now, by=analyst)
    w.assistance_run = ImportRun.objects.create(source=src, file_name="w.csv", at=now, by=analyst,
                                                content=None, state=ImportRun.DISCARDED)
    w.assistance_rule = Rule.objects.get(code="W-DEATH")
    del assistance


def build_projects(org, w):
    """A project of the bureau's with a photo, an opportunity and an interest, and a joint
    acceptance the bureau inspected, issued."""
    from tests.conftest import picture
    from yiwang.projects import services as projects
    from yiwang.projects.models import Settings

    Settings.current().acceptance_units.set([org.bureau])
    w.post = projects.create_command_post(actor=org.supervisor, name="第一指挥部", leader="张副区长", units=[org.bureau])
    w.project = projects.save_project(actor=org.supervisor, data={
        "name": "科创园三期", "kind": "industry", "total_investment": "50000", "command_post": w.post,
        "street": org.street, "owner": w.enterprise}, planned={"structure": dt.date(2026, 11, 20)})
    w.milestone = w.project.milestones.get(code="structure")
    projects.set_milestone(actor=org.supervisor, milestone=w.milestone, actual_on=dt.date(2026, 11, 20))
    report = projects.report_progress(actor=org.supervisor, project=w.project, month=dt.date(2026, 10, 1),
                                      invested="100", progress=50, text="封顶。", photos=[picture("site.jpg")])
    w.photo = report.photos.get()
    w.opportunity = projects.publish(actor=org.supervisor, project=w.project, summary="厂房", terms="租赁",
                                     how_to_join="登记", contact="投促中心")
    w.interest = projects.register_interest(opportunity=w.opportunity, investor="华北科技有限公司", contact_name="王总",
                                            phone="13905317001")
    w.acceptance = projects.apply_acceptance(actor=org.supervisor, project=w.project, applicant="业主")
    projects.schedule(acceptance=w.acceptance, actor=org.supervisor, day=dt.date(2026, 11, 25),
                      version=w.acceptance.version)
    w.acceptance.refresh_from_db()
    projects.record_result(acceptance=w.acceptance, actor=org.staff, result="pass", version=w.acceptance.version)
    w.acceptance.refresh_from_db()
    projects.issue_opinion(acceptance=w.acceptance, actor=org.supervisor, text="合格。", version=w.acceptance.version)
