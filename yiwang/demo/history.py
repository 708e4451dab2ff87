"""Months of finished work for the demo's command centre and assessment: orders walked through
the real services at past moments, their callbacks and ratings, a few rectification cases in
every state, a 找茬 report, grid inspectors' reports and the district's map."""
import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yiwang.clock import backfill_at
from yiwang.dashboard import services as dashboard
from yiwang.orgs import places
from yiwang.orgs.models import Unit
from yiwang.reviews import services as reviews
from yiwang.reviews.models import RatingChannel, Rectification
from yiwang.services.models import Application, Status as AppStatus
from yiwang.workorders import services
from yiwang.workorders.models import Channel, WorkOrder

from . import data

MAP = Path(__file__).with_name("district.geojson")
CHANNELS = [Channel.PHONE, Channel.PHONE, Channel.PHONE, Channel.WEB, Channel.WECHAT, Channel.APP,
            Channel.MINIPROGRAM, Channel.GRID, Channel.PHONE, Channel.SMS]
# A tiny JPEG: the grid reports' photos.
def _photo():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (96, 128, 96)).save(out, "JPEG")
    return out.getvalue()


PHOTO = _photo()


def _v(obj):
    obj.refresh_from_db()
    return obj.version


def _staff(users, unit_code):
    from .loader import _staff_of

    return _staff_of(users, unit_code)


def _head(users, unit_code):
    from .loader import _head_of

    return _head_of(users, unit_code)


def build_history(users, now, category_of, months=6, per_month=24):
    """`per_month` finished orders in each of the last `months` months and this month so far."""
    agent, dispatcher, callback = users["agent"], users["dispatcher"], users["callback"]
    hour = dt.timedelta(hours=1)
    grids = {g.parent.parent.code: g for g in Unit.objects.filter(kind=Unit.Kind.GRID).select_related("parent__parent")}
    index = 0
    for back in range(months, -1, -1):
        for k in range(per_month if back else 10):
            start = now - dt.timedelta(days=30 * back + 2 + (k * 29) // per_month, hours=(k * 7) % 11)
            if start > now - dt.timedelta(days=3):
                continue
            req = data.REQUESTS[index % len(data.REQUESTS)]
            (order_type, urgency, category, street, community, address, title, body, caller, phone, unit_code) = req
            index += 1
            lead = Unit.objects.get(code=unit_code)
            staff = _staff(users, unit_code)
            grid = grids.get(street) if street and index % 4 == 0 else None
            with backfill_at(start):
                order = services.create_order(
                    actor=agent, channel=CHANNELS[index % len(CHANNELS)], order_type=order_type, urgency=urgency,
                    title=title, body=body, caller_name=caller, caller_phone=phone, category=category_of(category),
                    street=Unit.objects.filter(code=street).first(),
                    community=Unit.objects.filter(code=community).first(),
                    grid=grid if grid and community and grid.parent.code == community else None, address=address)
            with backfill_at(start + hour):
                services.dispatch(order=order, actor=dispatcher, lead_unit=lead, version=_v(order))
            if index % 11 == 0:  # a wrong unit first: returned and re-dispatched
                with backfill_at(start + 2 * hour):
                    services.send_back(order=order, actor=staff, version=_v(order),
                                       reason="该事项不属于本单位职责，请重新派单。")
                with backfill_at(start + 3 * hour):
                    services.dispatch(order=order, actor=dispatcher, lead_unit=lead, version=_v(order))
            with backfill_at(start + hour * (9 if index % 7 == 0 else 3)):  # every 7th signed for late
                services.sign_for(order=order, actor=staff, version=_v(order))
            with backfill_at(start + hour * (24 * (12 if index % 9 == 0 else 2))):  # every 9th replied late
                services.reply(order=order, actor=staff, version=_v(order),
                               answer="经现场核实，已协调相关方处理完毕，并向来电人反馈。")
            satisfaction = "unsatisfied" if index % 10 == 0 else "basic" if index % 5 == 0 else "satisfied"
            with backfill_at(start + hour * (24 * (12 if index % 9 == 0 else 2) + 20)):
                services.callback(order=order, actor=callback, satisfaction=satisfaction, version=_v(order),
                                  solved="no" if satisfaction == "unsatisfied" or index % 8 == 0 else "yes",
                                  rework=False, note="来电人认为处理不到位。" if satisfaction == "unsatisfied" else "")
                reviews.rate_from_callback(order)


def walk_rectifications(users):
    """Move the demo's bad-rating cases through the states a supervisor will want to see."""
    supervisor, callback = users["supervisor"], users["callback"]
    cases = list(Rectification.objects.order_by("created_at"))
    for n, case in enumerate(cases[:-3]):  # older cases: done and fed back
        staff = _staff(users, case.unit.code)
        with backfill_at(case.created_at + dt.timedelta(days=1)):
            reviews.verify(case=case, actor=staff, note="已联系来电人核实情况属实。", version=case.version)
        with backfill_at(case.created_at + dt.timedelta(days=3)):
            if n % 4 == 3:
                reviews.propose(case=case, actor=_head(users, case.unit.code), conclusion="cannot", version=case.version,
                                reason="诉求涉及的事项已超出本单位法定职责，无法整改，已向来电人解释。")
                reviews.decide(case=case, actor=supervisor, approve=True, version=case.version, note="同意。")
            else:
                reviews.rectify(case=case, actor=staff, version=case.version,
                                result="已约谈责任人并完成整改，建立长效巡查机制。")
            reviews.give_feedback(case=case, actor=staff, version=case.version,
                                  text="您反映的问题已整改完毕，感谢您的监督。")
        if case.is_named:
            with backfill_at(case.created_at + dt.timedelta(days=4)):
                reviews.call_back(case=case, actor=callback, version=case.version,
                                  note="评价人对整改结果表示认可。")
    recent = cases[-3:]
    if len(recent) == 3:
        reviews.propose(case=recent[0], actor=_head(users, recent[0].unit.code), conclusion="invalid",
                        version=recent[0].version,
                        reason="经核实，评价内容与本件办理无关，属误评。")
        staff = _staff(users, recent[1].unit.code)
        reviews.verify(case=recent[1], actor=staff, note="已核实，正在整改。", version=recent[1].version)


def build_ratings_and_reports(users, now):
    """Ratings of finished applications (the pad and a receipt's QR code), a 找茬 report and
    grid inspectors' reports."""
    finished = list(Application.objects.filter(status=AppStatus.DELIVERED).order_by("finished_at"))
    for n, app in enumerate(finished):
        if n == 0:
            reviews.rate(case=app, level=5, channel=RatingChannel.PAD, comment="窗口人员服务热情，一次办好。",
                         indicators={"efficiency": 5, "skill": 5, "attitude": 5})
        elif n == 1:
            reviews.rate(case=app, level=2, channel=RatingChannel.QR, rater_name="林先生",
                         comment="材料要求在指南里没写清楚，跑了两趟。",
                         indicators={"efficiency": 2, "skill": 3, "attitude": 2})
    reviews.report_fault(unit=Unit.objects.get(code="YX-SPJ"), place="政务服务中心3号窗口",
                         description="窗口工作人员午休提前半小时离岗，群众排队无人受理。", name="", phone="")
    inspector = users["grid_inspector"]
    grid = inspector.staff.unit
    from .loader import _category

    for n, (category, address) in enumerate([("城市管理/市容环境/占道经营", "松林路菜场北口"),
                                             ("城市管理/市政设施/井盖缺失", "松林路22号门前"),
                                             ("城市管理/市容环境/户外广告", "青山大道与松林路口")]):
        with backfill_at(now - dt.timedelta(hours=5 - n)):
            services.create_order(
                actor=inspector, channel=Channel.GRID, order_type="report", title=f"{category.rsplit('/', 1)[-1]}：{address}",
                body=f"巡查发现{address}{category.rsplit('/', 1)[-1]}问题，已拍照取证。", category=_category(category),
                street=grid.parent.parent, community=grid.parent, grid=grid, address=address,
                latitude="36.74%04d" % (n * 37), longitude="117.05%04d" % (n * 53),
                caller_name=inspector.staff.display_name,
                files=[SimpleUploadedFile(f"photo{n + 1}.jpg", PHOTO, content_type="image/jpeg")])


def build_map_and_rollups(users):
    places.upload_map(content=MAP.read_bytes(), actor=users["admin"], note="演示：虚构的云溪区边界")
    dashboard.rollup()
    dashboard.refresh_hot()


def counts():
    return {"orders": WorkOrder.objects.count(), "cases": Rectification.objects.count(),
            "at": timezone.now().isoformat()}
