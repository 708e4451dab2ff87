"""The demo's major projects: three command posts with their member units, over forty projects
in every stage whose milestones were dated as they happened, a year of monthly investment and
physical progress with site photos, problems listed as key tasks (some closed), one joint
acceptance through a fix and a re-inspection to its opinion and one under way, and ten published
opportunities with investors' interests, one of them signed. Every step goes through the real
services, dated in the past."""
import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yiwang.calendar import services as calendar
from yiwang.clock import backfill_at
from yiwang.enterprises.models import Enterprise
from yiwang.orgs.models import Unit
from yiwang.projects import services
from yiwang.projects.models import Acceptance, Project, Settings
from yiwang.tasks import services as tasks

POSTS = [("科创园建设指挥部", "张副区长", ["YX-XC", "YX-ZJ", "YX-SJ", "YX-GH"], "统筹科创园一至三期产业项目建设，指挥部成员单位派员驻场办公。"),
         ("城市更新指挥部", "李副区长", ["YX-ZJ", "YX-CG", "YX-QS", "YX-BL"], "老旧小区改造、片区更新和民生项目。"),
         ("交通水利基础设施指挥部", "王副区长", ["YX-JT", "YX-SW", "YX-LH", "YX-GH"], "道路、桥梁、排水和河道治理项目。")]
INSPECTORS = [("YX-GH", "区自然资源和规划局"), ("YX-XF", "区消防救援大队"), ("YX-RF", "区人防办"), ("YX-DA", "区城建档案馆")]
# (name, kind, sector, post, street, total (10,000 yuan), stage reached: the last milestone done)
PROJECTS = [
    ("科创园三期智能制造产业园", "industry", "economy", 0, "YX-XC", 180000, "structure"),
    ("云溪新材料产业园一期", "industry", "economy", 0, "YX-XC", 120000, "operation"),
    ("高端装备制造基地", "industry", "economy", 0, "YX-XC", 95000, "start"),
    ("集成电路封装测试项目", "industry", "economy", 0, "YX-XC", 260000, "permit"),
    ("生物医药产业园二期", "industry", "economy", 0, "YX-XC", 85000, "completion"),
    ("新能源汽车零部件项目", "industry", "economy", 0, "YX-XC", 70000, "planning"),
    ("数字经济产业大厦", "industry", "communications", 0, "YX-XC", 48000, "structure"),
    ("云溪数据中心", "industry", "communications", 0, "YX-XC", 150000, "land"),
    ("智能终端生产线技改", "industry", "economy", 0, "YX-XC", 26000, "operation"),
    ("氢能装备研发中试基地", "industry", "energy", 0, "YX-XC", 42000, "approval"),
    ("精密液压件扩产项目", "industry", "economy", 0, "YX-XC", 18000, "start"),
    ("工业互联网平台总部", "industry", "communications", 0, "YX-XC", 22000, "signing"),
    ("光伏组件生产项目", "industry", "energy", 0, "YX-XC", 88000, "structure"),
    ("食品精深加工产业园", "industry", "economy", 0, "YX-XC", 36000, "permit"),
    ("松林片区老旧小区改造", "livelihood", "socialHousing", 1, "YX-QS", 12000, "completion"),
    ("鹭岛花园加装电梯工程", "livelihood", "socialHousing", 1, "YX-BL", 3600, "operation"),
    ("青山路农贸市场改造", "livelihood", "economy", 1, "YX-QS", 5200, "structure"),
    ("新城第二实验小学", "livelihood", "education", 1, "YX-XC", 32000, "start"),
    ("区人民医院门诊楼扩建", "livelihood", "health", 1, "YX-BL", 68000, "permit"),
    ("社区养老服务中心（青山）", "livelihood", "health", 1, "YX-QS", 4800, "structure"),
    ("桥东片区城市更新", "livelihood", "socialHousing", 1, "YX-BL", 56000, "planning"),
    ("全民健身中心", "livelihood", "cultureSportsAndRecreation", 1, "YX-LH", 27000, "start"),
    ("保障性租赁住房一期", "livelihood", "socialHousing", 1, "YX-XC", 45000, "structure"),
    ("区图书馆新馆", "livelihood", "cultureSportsAndRecreation", 1, "YX-XC", 21000, "land"),
    ("白鹭街道便民服务中心", "livelihood", "governance", 1, "YX-BL", 2600, "operation"),
    ("锦绣社区党群服务中心", "livelihood", "governance", 1, "YX-XC", 1800, "completion"),
    ("老旧管网改造工程", "infrastructure", "waterAndWaste", 2, "YX-QS", 16000, "start"),
    ("科创路东延工程", "infrastructure", "transport", 2, "YX-XC", 38000, "structure"),
    ("临河大桥新建工程", "infrastructure", "transport", 2, "YX-LH", 62000, "permit"),
    ("河湾湿地生态修复", "infrastructure", "naturalResources", 2, "YX-LH", 14000, "completion"),
    ("雨污分流改造二期", "infrastructure", "waterAndWaste", 2, "YX-QS", 22000, "start"),
    ("新城污水处理厂扩建", "infrastructure", "waterAndWaste", 2, "YX-XC", 48000, "planning"),
    ("公交首末站及停车场", "infrastructure", "transport", 2, "YX-BL", 9000, "structure"),
    ("智慧停车系统", "infrastructure", "transport", 2, "YX-QS", 5600, "operation"),
    ("白鹭大道快速化改造", "infrastructure", "transport", 2, "YX-BL", 88000, "approval"),
    ("防洪排涝泵站", "infrastructure", "naturalResources", 2, "YX-LH", 12000, "start"),
    ("充电基础设施网络", "infrastructure", "energy", 2, "YX-XC", 7800, "land"),
    ("5G 基站及综合杆塔", "infrastructure", "communications", 2, "YX-XC", 11000, "structure"),
    ("110kV 科创变电站", "infrastructure", "energy", 2, "YX-XC", 26000, "permit"),
    ("城市绿道一期", "infrastructure", "cultureSportsAndRecreation", 2, "YX-LH", 8600, "completion"),
]
# Published for social capital: (name, kind, sector, street, total, summary, terms)
OPPORTUNITIES = [
    ("云溪文旅小镇", "industry", "cultureSportsAndRecreation", "YX-LH", 120000, "依托河湾湿地建设文旅综合体。", "土地挂牌出让，政府负责外部道路和水电配套。"),
    ("智能网联汽车测试场", "industry", "transport", "YX-XC", 65000, "建设封闭测试场和开放测试道路。", "政府提供场地，企业投资建设运营。"),
    ("冷链物流园", "industry", "economy", "YX-BL", 42000, "建设区域冷链物流分拨中心。", "标准化厂房租赁，前三年租金减半。"),
    ("医疗器械产业园", "industry", "health", "YX-XC", 58000, "医疗器械研发生产基地。", "代建厂房，可租可售。"),
    ("分布式光伏屋顶", "infrastructure", "energy", "YX-XC", 12000, "园区厂房屋顶分布式光伏。", "合同能源管理，收益分成。"),
    ("城市停车楼（PPP）", "infrastructure", "transport", "YX-QS", 26000, "建设 3 座立体停车楼。", "政府和社会资本合作，特许经营 25 年。"),
    ("养老综合体", "livelihood", "health", "YX-BL", 18000, "医养结合养老综合体。", "公建民营，政府提供场地。"),
    ("人才公寓二期", "livelihood", "socialHousing", "YX-XC", 36000, "建设 1200 套人才公寓。", "企业投资建设，政府统一配租。"),
    ("工业固废综合利用", "infrastructure", "waterAndWaste", "YX-LH", 22000, "园区工业固废资源化利用。", "特许经营，政府保障处置量。"),
    ("数字文创街区", "industry", "cultureSportsAndRecreation", "YX-QS", 15000, "老厂房改造为数字文创街区。", "租赁经营，改造费用可抵租金。"),
]
INVESTORS = [("华北算力科技有限公司", "王总"), ("中联冷链物流集团", "刘经理"), ("康泰医疗投资有限公司", "陈总"),
             ("绿能新能源投资有限公司", "赵经理"), ("城建停车运营有限公司", "孙总"), ("安康养老产业集团", "周经理"),
             ("山海文旅发展有限公司", "吴总")]
STEP_ORDER = ["signing", "approval", "land", "planning", "permit", "start", "structure", "completion", "operation"]
# Months from one milestone to the next, as a plan.
GAPS = [0, 1, 1, 1, 1, 1, 9, 2, 2]


def _at(moment):
    return backfill_at(moment)


def _v(obj):
    obj.refresh_from_db()
    return obj.version


def _unit(code):
    return Unit.objects.get(code=code)


def _photo(rng, name):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (rng.randint(120, 200), rng.randint(140, 190), rng.randint(100, 160)))
    draw = ImageDraw.Draw(image)
    for _i in range(6):
        x, y = rng.randint(0, 280), rng.randint(60, 220)
        draw.rectangle([x, y - rng.randint(20, 120), x + rng.randint(20, 60), y], fill=(90, 90, 100))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def build_units(users):
    """The bureaus that inspect at joint acceptance, each with a staff account."""
    from .loader import _unit as make_unit
    from .loader import _user

    district = Unit.objects.get(kind=Unit.Kind.DISTRICT)
    for code, name in INSPECTORS:
        make_unit(code, name, Unit.Kind.BUREAU, district)
        users[code] = _user(f"u_{code.lower().replace('-', '_')}", f"{name}经办人", ["unit_staff", "unit_head"], code)
    s = Settings.current()
    s.acceptance_units.set(Unit.objects.filter(code__in=[c for c, _n in INSPECTORS] + ["YX-ZJ"]))


def _spot(street, rng):
    """A point inside the street's square on the demo's district map."""
    import json
    from pathlib import Path

    features = json.loads((Path(__file__).resolve().parent / "district.geojson").read_text(encoding="utf-8"))
    ring = next(f["geometry"]["coordinates"][0] for f in features["features"] if f["properties"]["code"] == street)
    xs, ys = [x for x, _y in ring], [y for _x, y in ring]
    return (f"{min(ys) + (max(ys) - min(ys)) * rng.uniform(0.1, 0.9):.6f}",
            f"{min(xs) + (max(xs) - min(xs)) * rng.uniform(0.1, 0.9):.6f}")


def _plan(start, rng):
    """Planned dates for the nine milestones from a start."""
    planned, day = {}, start
    for code, months in zip(STEP_ORDER, GAPS):
        day = day + dt.timedelta(days=int(30.4 * months) + rng.randint(-5, 5))
        planned[code] = calendar.load().add_workdays(day - dt.timedelta(days=1), 1)
    return planned


def build_projects(users, staff_of, now):
    rng = random.Random(2026)
    today = timezone.localdate(now)
    butler, supervisor = users["butler"], users["supervisor"]
    with _at(now - dt.timedelta(days=420)):
        posts = [services.create_command_post(actor=users["leader"], name=name, leader=leader,
                                              units=Unit.objects.filter(code__in=codes), description=text)
                 for name, leader, codes, text in POSTS]
    owners = list(Enterprise.objects.filter(section="C").order_by("-revenue")[:20])
    made = []
    for i, (name, kind, sector, post, street, total, reached) in enumerate(PROJECTS):
        # Projects under way or finished started long enough ago to have a year of reports.
        start = today - dt.timedelta(days=rng.randint(440, 720) if STEP_ORDER.index(reached) >= 5
                                     else rng.randint(200, 400))
        planned = _plan(start, rng)
        created = timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=20), dt.time(10)))
        with _at(created):
            p = services.save_project(actor=supervisor if i % 3 else butler, planned=planned, data={
                "name": name, "kind": kind, "sector": sector, "command_post": posts[post], "street": _unit(street),
                "code": f"{start.year}-370112-{'26' if kind == 'industry' else '48'}-{'02' if kind == 'industry' else '01'}-"
                        f"{100000 + i * 37:06d}",
                "owner": owners[i % len(owners)] if kind == "industry" else None,
                "total_investment": str(total), "leader": POSTS[post][1], "butler": butler if i % 2 == 0 else None,
                "address": f"{_unit(street).name}{rng.choice(['科创路', '青山路', '临河路', '白鹭大道'])}{rng.randint(1, 300)}号",
                **dict(zip(("latitude", "longitude"), _spot(street, rng))),
                "scope": f"总建筑面积约 {rng.randint(2, 30)} 万平方米，{name}。",
                "year_plans": {today.year: str(round(total * rng.uniform(0.2, 0.4))),
                               today.year + 1: str(round(total * rng.uniform(0.2, 0.4)))}})
        _walk_milestones(p, reached, planned, supervisor, today, rng, i, now)
        made.append(p)
    return made


def _walk_milestones(p, reached, planned, actor, today, rng, i, now):
    """Milestones done up to `reached`, each a few days either side of its plan; a few projects
    are behind, so their next milestone is overdue."""
    upto = STEP_ORDER.index(reached)
    behind = i % 5 == 3
    for code in STEP_ORDER[:upto + 1]:
        day = planned[code] + dt.timedelta(days=rng.randint(-4, 10))
        if day >= today:
            # the plan ran ahead of the real world: the milestone was met recently
            day = today - dt.timedelta(days=rng.randint(3, 20))
        m = p.milestones.get(code=code)
        with _at(timezone.make_aware(dt.datetime.combine(day, dt.time(16)))):
            services.set_milestone(actor=actor, milestone=m, planned_on=m.planned_on, actual_on=day)
    if upto + 1 < len(STEP_ORDER) and not behind:
        # Reschedule what is left from today on, as the command post does at its meetings.
        shift = None
        for code in STEP_ORDER[upto + 1:]:
            m = p.milestones.get(code=code)
            if m.planned_on and m.planned_on < today:
                shift = shift or (today - m.planned_on).days + rng.randint(6, 40)
            if shift:
                with _at(now - dt.timedelta(days=2)):
                    services.set_milestone(actor=actor, milestone=m, planned_on=m.planned_on + dt.timedelta(days=shift))


STAGES_TEXT = ["场地平整、土方开挖，基础施工中。", "基础完成，主体结构施工中。", "主体结构施工过半，钢结构吊装中。",
               "主体结构封顶，幕墙和机电安装中。", "室外管网和设备安装调试中。", "竣工验收准备，设备联调中。"]


def build_progress(projects, users, now):
    """A year of monthly reports for the projects under way, with site photos."""
    rng = random.Random(7)
    today = timezone.localdate(now)
    for p in projects:
        p.refresh_from_db()
        started = p.milestones.get(code="start").actual_on
        if not started:
            continue
        month = max(started.replace(day=1), (today.replace(day=1) - dt.timedelta(days=330)).replace(day=1))
        progress, done = 0, p.milestones.get(code="operation").actual_on
        last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        while month <= last:
            if done and month > done:
                break
            if p.pk % 7 == 3 and month == last:
                break  # this one's last report is due and not in
            finished = p.milestones.filter(code="completion", actual_on__lte=month).exists()
            topped = p.milestones.filter(code="structure", actual_on__lt=month).exists()
            progress = 100 if finished else min(95, max(progress + rng.randint(3, 9), 85 if topped else 0))
            reporter = p.butler or users["supervisor"]
            photos = [_photo(rng, f"{p.pk}-{month:%Y%m}.jpg")] if rng.random() < 0.5 else []
            reported = timezone.make_aware(dt.datetime.combine(
                (month + dt.timedelta(days=33)).replace(day=rng.randint(1, 4)), dt.time(10)))
            with _at(min(reported, now - dt.timedelta(hours=1))):
                services.report_progress(actor=reporter, project=p, month=month, progress=progress, photos=photos,
                                         invested=str(round(float(p.total_investment) * rng.uniform(0.01, 0.04))),
                                         text=STAGES_TEXT[min(progress // 20, len(STAGES_TEXT) - 1)])
            month = (month + dt.timedelta(days=32)).replace(day=1)


PROBLEMS = [("land", "剩余 4 户房屋征收协议未签订", "YX-XC", "完成剩余 4 户征收协议签订，保障项目用地。"),
            ("utilities", "10kV 线路迁改", "YX-GD", "协调供电公司完成线路迁改。"),
            ("permit", "施工许可前置手续办理", "YX-ZJ", "指导企业补齐施工图审查材料，容缺办理施工许可。"),
            ("finance", "项目贷款审批进度慢", "YX-SJ", "组织银企对接，加快贷款审批。"),
            ("demolition", "临时建筑拆除", "YX-CG", "拆除地块内 3 处临时建筑。"),
            ("utilities", "供水管网接驳", "YX-GS", "完成项目红线外供水管网接驳。")]


def build_problems(projects, users, staff_of, now):
    cal = calendar.load()
    boss = users["supervisor"]
    for i, p in enumerate(projects[:18]):
        category, title, unit, requirement = PROBLEMS[i % len(PROBLEMS)]
        opened = now - dt.timedelta(days=20 + 9 * i)
        with _at(opened):
            problem = services.add_problem(actor=boss, project=p, category=category, title=f"{p.name}：{title}",
                                           requirement=requirement, lead_unit=_unit(unit),
                                           deadline=cal.add_workdays(timezone.localdate(opened), 15 + i % 10))
        if i % 3 == 0:
            task = problem.task
            staff = staff_of(unit)
            with _at(opened + dt.timedelta(days=8)):
                tasks.request_closure(task=task, actor=staff, evidence="问题已协调解决，相关协议已签订并落实到位，附协议文本和现场照片。", version=_v(task))
            with _at(opened + dt.timedelta(days=9)):
                tasks.approve_closure(task=task, actor=boss, note="经核实，同意销号。", version=_v(task))


def build_acceptances(projects, users, staff_of, now):
    """One acceptance through items to fix and a re-inspection to its opinion; one scheduled."""
    cal = calendar.load()
    butler = users["butler"]
    ready = [p for p in projects if p.milestones.filter(code="structure", actual_on__isnull=False).exists()
             and not p.milestones.filter(code="completion", actual_on__isnull=False).exists()]
    first, second = ready[0], ready[1]
    day0 = cal.add_workdays(timezone.localdate(now) - dt.timedelta(days=20), 0)
    at = lambda day, hour: _at(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))  # noqa: E731
    with at(day0, 9):
        case = services.apply_acceptance(actor=butler, project=first, applicant=first.owner.name if first.owner else
                                         first.name, contact_phone="13905316001")
    with at(day0, 15):
        services.guide(acceptance=case, actor=butler, text="消防通道宽度须满足 4 米；人防标识须补齐；竣工档案按城建档案馆目录整理。",
                       version=_v(case))
    d1 = cal.add_workdays(day0, 2)
    with at(day0, 16):
        services.schedule(acceptance=case, actor=butler, day=d1, version=_v(case))
    lines = list(case.inspections.select_related("unit"))
    for line in lines:  # each bureau records its own result
        fix = line.unit.code == "YX-XF"
        with at(d1, 11):
            services.record_result(acceptance=case, actor=staff_of(line.unit.code), unit=line.unit,
                                   result="fix" if fix else "pass", version=_v(case),
                                   items="2 号厂房消防通道被材料占用；1 处防火门闭门器缺失。" if fix else "")
    d2 = cal.add_workdays(d1, 2)
    with at(d1, 16):
        services.schedule(acceptance=case, actor=butler, day=d2, version=_v(case))
    with at(d2, 10):
        services.record_result(acceptance=case, actor=staff_of("YX-XF"), result="pass", version=_v(case))
    with at(d2, 15):
        services.issue_opinion(acceptance=case, actor=butler, version=_v(case),
                               text=f"{first.name}经规划、消防、人防、质量、档案等单位联合验收，整改事项已复验合格，同意投入使用。")
    with _at(now - dt.timedelta(days=1)):
        other = services.apply_acceptance(actor=butler, project=second, applicant=second.name)
        services.schedule(acceptance=other, actor=butler, day=cal.add_workdays(timezone.localdate(now), 2),
                          version=_v(other))
    return case


def build_opportunities(users, now):
    rng = random.Random(11)
    butler, supervisor = users["butler"], users["supervisor"]
    made = []
    for i, (name, kind, sector, street, total, summary, terms) in enumerate(OPPORTUNITIES):
        published = now - dt.timedelta(days=90 - 7 * i)
        with _at(published - dt.timedelta(days=2)):
            p = services.save_project(actor=supervisor, data={
                "name": name, "kind": kind, "sector": sector, "street": _unit(street), "total_investment": str(total),
                "scope": summary, "address": f"{_unit(street).name}规划地块"}, planned={})
        with _at(published):
            opportunity = services.publish(actor=supervisor, project=p, summary=summary, terms=terms,
                                           how_to_join="在本页登记意向，区投资促进中心三个工作日内联系。",
                                           contact="区投资促进中心 0531-88001234")
        for j in range(i % 3):
            investor, contact = INVESTORS[(i + j) % len(INVESTORS)]
            with _at(published + dt.timedelta(days=3 + j)):
                interest = services.register_interest(opportunity=opportunity, investor=investor,
                                                       contact_name=contact, phone=f"139053{18000 + 10 * i + j}",
                                                       message="有意向参与，请联系洽谈。")
            steps = ["contact", "negotiate"][: rng.randint(0, 2)]
            for k, code in enumerate(steps):
                with _at(published + dt.timedelta(days=6 + 3 * k + j)):
                    services.follow_interest(interest=interest, actor=butler, code=code, version=_v(interest),
                                             note="已电话联系，对方将来现场考察。" if code == "contact" else "")
        made.append((p, opportunity))
    # The first is signed: its milestones start and its progress is published.
    p, opportunity = made[0]
    interest = opportunity.interests.first()
    if interest is None:
        with _at(now - dt.timedelta(days=30)):
            interest = services.register_interest(opportunity=opportunity, investor=INVESTORS[-1][0],
                                                  contact_name=INVESTORS[-1][1], phone="13905318999")
    for code in ("contact", "negotiate", "sign")[["new", "contacted", "negotiating"].index(interest.state):]:
        with _at(now - dt.timedelta(days=10 - ["contact", "negotiate", "sign"].index(code))):
            services.follow_interest(interest=interest, actor=butler, code=code, version=_v(interest),
                                     note="签订投资协议。" if code == "sign" else "")
    return made


def build_owner_account(projects):
    """The first industrial project's owner logs in to the portal by its credit code, to report."""
    from django.contrib.auth import get_user_model

    from yiwang.accounts.identity import new_login_name
    from yiwang.services.models import Applicant

    from .data import PASSWORD

    owner = next(p.owner for p in projects if p.owner_id and not Applicant.objects.filter(
        credit_code=p.owner.credit_code).exists())
    user = get_user_model().objects.create_user(username=new_login_name(), password=PASSWORD)
    Applicant.objects.create(user=user, kind="org", name=owner.name, phone=owner.contact_phone or "13905312003",
                             legal_rep=owner.legal_rep, credit_code=owner.credit_code)
    return owner


def build(users, staff_of, now):
    build_units(users)
    projects = build_projects(users, staff_of, now)
    build_owner_account(projects)
    build_progress(projects, users, now)
    build_problems(projects, users, staff_of, now)
    build_acceptances(projects, users, staff_of, now)
    build_opportunities(users, now)
    for p in projects[::3]:
        Project.objects.filter(pk=p.pk).update(public=True)  # their progress is published (阳光发布)
    return {"projects": Project.objects.count(), "acceptances": Acceptance.objects.count()}
