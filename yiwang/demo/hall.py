"""Loads the demo catalogue and walks a set of applications through the real services, so
that their histories, clocks and documents are genuine."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from stdnum.cn import ric, uscc

from yiwang.accounts.identity import new_login_name
from yiwang.clock import backfill_at
from yiwang.orgs.models import Unit
from yiwang.services import bundles, catalogue, services
from yiwang.services.models import Applicant, ApprovalStep, Bundle, BundleItem, Material, ServiceItem

from . import catalogue as data

PASSWORD = "yiwang-demo"


def person_id(body17):
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum computes over the full-length number


def credit_code(body17):
    return body17 + uscc.calc_check_digit(body17)


def _steps(item):
    if item.handling_kind == "immediate":
        return [("即时办理", "decide", "unit_staff", 0)]
    if item.promised_days >= 10:
        half = max(1, item.promised_days // 2)
        return [("受理审查", "review", "unit_staff", half),
                ("审批决定", "decide", "unit_head", max(1, item.promised_days - half - 1)),
                ("签发", "sign_off", "unit_head", 1)]
    return [("受理审查", "review", "unit_staff", max(1, item.promised_days - 1)),
            ("审批决定", "decide", "unit_head", 1)]


def build_units():
    district = Unit.objects.get(code="YX")
    for code, name, kind in data.UNITS:
        Unit.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "parent": district})


def build_catalogue():
    units = {u.code: u for u in Unit.objects.all()}
    for (code, name, item_type, unit, who, promised, statutory, immediate, commitment, online, result, keywords,
         basis, materials, fields) in data.ITEMS:
        item = ServiceItem.objects.create(
            code=code, basic_code=code.rsplit("-", 1)[0] + "-000", name=name, item_type=item_type, unit=units[unit],
            applicant_kinds=who, legal_basis=basis,
            conditions=f"申请人符合{basis}规定的条件，申请材料齐全、符合法定形式。",
            process="1. 网上或窗口提交申请；2. 窗口受理（材料不全的一次性告知补正）；3. 后台审查、决定；4. 窗口领取或免费邮寄送达。",
            statutory_days=statutory, promised_days=promised, handling_kind="immediate" if immediate else "promised",
            visits=0 if online else 1, online=online, commitment_allowed=commitment, place=data.HALL, hours=data.HOURS,
            consult=data.CONSULT, complain=data.COMPLAIN, result_name=result, keywords=keywords, published=True,
            form_fields=[{"key": k, "label": label, "required": req} for k, label, req in fields])
        for i, (mname, required, deferrable, shared) in enumerate(materials):
            Material.objects.create(item=item, position=i, name=mname, required=required, deferrable=deferrable,
                                    shared_key=shared, form="both" if mname == "身份证" else "original",
                                    medium="either")
        for i, (sname, kind, role, days) in enumerate(_steps(item)):
            ApprovalStep.objects.create(item=item, position=i, name=sname, kind=kind, role=role, limit_days=days)
        catalogue.publish_guide(item)
    for code, name, description, item_codes in data.BUNDLES:
        bundle = Bundle.objects.create(code=code, name=name, description=description, published=True)
        for i, item_code in enumerate(item_codes):
            BundleItem.objects.create(bundle=bundle, item=ServiceItem.objects.get(code=item_code), position=i)


def build_applicants():
    User = get_user_model()
    people = {}
    for login_id, kind, name, phone, rep in [
            (person_id("11010519850312004"), "person", "韩梅梅", "13905312001", ""),
            (credit_code("91370112MA3C5K8T0"), "org", "云溪味道餐饮有限公司", "13905312002", "李雷")]:
        user = User.objects.create_user(username=new_login_name(), password=PASSWORD)
        Applicant.objects.create(user=user, kind=kind, name=name, phone=phone, legal_rep=rep,
                                 id_number=login_id if kind == "person" else "",
                                 credit_code=login_id if kind == "org" else "")
        people[kind] = user
    return people


def _pdf(name):
    return ContentFile(b"%PDF-1.4\n% demo scan\n", name=name)


def _apply(item_code, actor, applicant, channel="window", received=None, portal_user=None, assist_kind="",
           form=None):
    item = ServiceItem.objects.get(code=item_code)
    received = received if received is not None else [m.name for m in item.materials.all()]
    materials = {m.pk: {"received": m.name in received} for m in item.materials.all()}
    if channel == "online":
        materials = {m.pk: {"file": _pdf(f"{m.name}.pdf")} for m in item.materials.all() if m.name in received}
    form = form or {f["key"]: _SAMPLE.get(f["key"], "示例") for f in item.form_fields}
    # Online applicants say how they receive the result; every other one has it mailed.
    delivery = {"delivery": "window"} if channel != "online" or len(received) % 2 else {
        "delivery": "mail", "mail_address": "云溪区青山街道松林路26号", "mail_phone": applicant["contact_phone"]}
    return services.create_application(actor=actor, item=item, channel=channel, form_data=form,
                                       materials=materials, portal_user=portal_user, assist_kind=assist_kind,
                                       **delivery, **applicant)


_SAMPLE = {"company_name": "云溪味道餐饮有限公司", "shop_name": "老韩家面馆", "business_address": "青山街道松林路26号",
           "capital": "50", "food_types": "热食类食品制售", "project": "科创园三期厂房", "staff": "12"}


def build_applications(users, now):
    people = build_applicants()
    han = people["person"].applicant
    firm = people["org"].applicant
    person = {"applicant_kind": "person", "applicant_name": han.name, "id_number": han.id_number,
              "contact_phone": han.phone, "address": "青山街道松林路26号"}
    org = {"applicant_kind": "org", "applicant_name": firm.name, "credit_code": firm.credit_code,
           "contact_phone": firm.phone, "legal_rep": firm.legal_rep, "address": "新城街道科创路8号"}
    clerk, butler = users["hall_clerk"], users["butler"]
    staff, head = users["sj_staff"], users["sj_head"]

    def at(days_ago, hour=10):
        day = timezone.localtime(now).date() - dt.timedelta(days=days_ago)
        return backfill_at(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0))))

    def v(app):
        app.refresh_from_db()
        return app.version

    # Waiting at the window: taken, not yet decided.
    _apply("YX-WJ-001", clerk, person, received=["营业执照"])
    _apply("YX-SJ-003", people["person"], person, channel="online", portal_user=people["person"],
           received=["身份证", "营业执照", "食品安全管理制度"])
    # A correction notice awaiting the applicant's answer.
    with at(3):
        app = _apply("YX-RS-002", clerk, person, received=["身份证"])
        services.request_correction(app=app, actor=clerk, note="解除劳动合同证明须加盖原单位公章。", version=v(app))
    # Not accepted.
    with at(6):
        app = _apply("YX-JY-002", clerk, person)
        services.reject(app=app, actor=clerk, reason="申请人户籍及居住证均不在本区，应向户籍所在地申请。", version=v(app))
    # Under review: one fresh, one close to and one past the promised limit, one in a special procedure.
    with at(1):
        fresh = _apply("YX-SJ-003", clerk, org)
        services.accept(app=fresh, actor=clerk, version=v(fresh))
    with at(4):
        near = _apply("YX-SJ-005", clerk, org)
        services.accept(app=near, actor=clerk, version=v(near))
    with at(4, 15):
        services.pass_step(app=near, actor=staff, opinion="材料齐全，同意。", version=v(near))
    with at(9):
        late = _apply("YX-ZJ-001", butler, org, assist_kind="butler", received=["营业执照", "建设工程规划许可证", "施工合同"])
        # The materials were to follow within a week of acceptance, before the statutory limit.
        services.accept_with_pending(app=late, actor=butler, due=timezone.localdate() - dt.timedelta(days=2),
                                     version=v(late))
    with at(5):
        special = _apply("YX-SJ-003", clerk, person, received=["身份证", "营业执照", "食品安全管理制度"])
        services.accept_on_commitment(app=special, actor=clerk, commitment="本人承诺经营场所布局符合要求。韩梅梅",
                                      version=v(special))
    with at(4):
        services.start_special(app=special, actor=staff, kind="inspection", reason="需现场核查经营场所布局。",
                               version=v(special))
    # Result ready, and finished: at the window and by mail.
    for days, delivery in ((8, None), (12, "window"), (15, "mail")):
        with at(days):
            app = _apply("YX-SJ-004", clerk, org)
            services.accept(app=app, actor=clerk, version=v(app))
        with at(days - 1):
            services.pass_step(app=app, actor=staff, opinion="符合变更登记条件。", version=v(app))
            services.decide(app=app, actor=head, decision="approve", reasons="", version=v(app))
        if delivery == "window":
            with at(days - 2):
                services.deliver(app=app, actor=clerk, version=v(app))
        elif delivery == "mail":
            with at(days - 2):
                services.mail(app=app, actor=clerk, recipient=firm.legal_rep, phone=firm.phone,
                              address="新城街道科创路8号", tracking_number="EMS9876543210", version=v(app))
            with at(days - 4):  # received two days after mailing
                services.confirm_receipt(app=app, actor=clerk, version=v(app))
    # A bundle taken by the project butler on the enterprise's behalf.
    with at(2):
        bundles.submit(actor=butler, bundle=Bundle.objects.get(code="KB"), channel="window", applicant=org,
                       form_data={"company_name": "云溪新材料科技有限公司", "capital": "500",
                                  "business_address": "新城街道科创路18号", "staff": "20"},
                       materials={"id_card": {"received": True}, "premises": {"received": True},
                                  "m%d" % Material.objects.get(item__code="YX-SJ-001", name="公司章程").pk:
                                      {"received": True}},
                       assist_kind="butler")
    return people
