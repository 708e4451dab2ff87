"""The demo's enterprise services: a registry of a few hundred enterprises across industries and
sizes (the portal's 云溪味道餐饮 among them), officials assigned to the key ones with a year of
visits whose problems went into the 12345 loop or became key tasks, twenty policy documents with
fifty articles written as conditions, claims in every state, a 免申即享 run and a 阳光质询 session.
Every step goes through the real services, dated in the past."""
import datetime as dt
import random

from django.utils import timezone
from stdnum.cn import uscc

from yiwang.clock import backfill_at
from yiwang.enterprises import services as registry
from yiwang.enterprises.models import Enterprise, Problem, Rate
from yiwang.orgs.models import Unit
from yiwang.policies import services as policies
from yiwang.policies.models import Article, Claim, PolicyDocument, Question, Session
from yiwang.workorders import services as orders
from yiwang.workorders.models import Category, Status

PORTAL_FIRM = "91370112MA3C5K8T03"
STREETS = ["YX-QS", "YX-BL", "YX-LH", "YX-XC"]
PARKS = ["", "", "", "云溪高新区", "云溪经开区", "科创园"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
# (division, name stems, staff range, revenue per head in 10,000 yuan, share of the registry)
KINDS = [
    ("13", ["粮油", "食品", "肉制品"], (20, 600), 120, 12),
    ("26", ["化工", "新材料", "涂料"], (30, 500), 180, 10),
    ("27", ["制药", "生物医药"], (50, 900), 150, 6),
    ("30", ["建材", "玻璃"], (15, 300), 90, 8),
    ("34", ["精密机械", "通用设备", "液压"], (20, 800), 80, 18),
    ("36", ["汽车零部件"], (60, 1200), 110, 6),
    ("38", ["电气", "电机", "新能源"], (30, 700), 100, 12),
    ("39", ["电子", "通信设备", "智能终端"], (40, 1500), 120, 14),
    ("47", ["建设", "建筑工程"], (30, 900), 70, 10),
    ("51", ["商贸", "贸易", "供应链"], (3, 120), 300, 18),
    ("52", ["超市", "百货", "便利店"], (5, 300), 60, 16),
    ("54", ["物流", "运输"], (10, 400), 50, 10),
    ("61", ["酒店", "宾馆"], (10, 200), 20, 6),
    ("62", ["餐饮", "食府", "面馆"], (5, 150), 18, 14),
    ("64", ["网络科技", "互联网"], (5, 300), 60, 10),
    ("65", ["软件", "信息技术", "数据科技"], (5, 600), 45, 20),
    ("70", ["置业", "房地产开发"], (10, 200), 400, 6),
    ("72", ["企业管理咨询", "人力资源"], (3, 200), 30, 10),
    ("73", ["科学研究院", "检测技术"], (8, 200), 25, 6),
    ("75", ["科技服务", "技术转移"], (3, 80), 20, 6),
]


def credit_code(n):
    body = f"91370112MA{n:07X}"[:17]
    return body + uscc.calc_check_digit(body)


def _at(moment):
    return backfill_at(moment)


def _v(obj):
    obj.refresh_from_db()
    return obj.version


def _unit(code):
    return Unit.objects.get(code=code)


def _moment(now, days_ago, hour=10):
    return (timezone.localtime(now) - dt.timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0,
                                                                            microsecond=0)


def build_registry(users, now, count=220):
    """count enterprises, each saved (and sized) by the registry's own service."""
    rng = random.Random(20261205)
    office = users["supervisor"]  # the enterprise-service office keeps the registry and the policies
    streets = {code: _unit(code) for code in STREETS}
    today = timezone.localdate(now)
    firms = []
    with _at(_moment(now, 330)):
        firms.append(registry.add(actor=office, data={
            "credit_code": PORTAL_FIRM, "name": "云溪味道餐饮有限公司", "legal_rep": "李雷", "registered_capital": "50",
            "founded_on": dt.date(2019, 5, 20), "industry": "62", "staff": 35, "revenue": "860", "assets": "420",
            "street": streets["YX-QS"], "address": "青山街道松林路26号", "contact_name": "李雷",
            "contact_phone": "13905312002"}))
    weights = [k[4] for k in KINDS]
    names = set()
    for n in range(1, count):
        division, stems, (staff_lo, staff_hi), per_head, _w = rng.choices(KINDS, weights)[0]
        staff = int(staff_lo * (staff_hi / staff_lo) ** (rng.random() ** 1.6))  # many small, a few large
        revenue = round(staff * per_head * rng.uniform(0.4, 1.8)) if rng.random() > 0.06 else None
        while True:
            name = f"云溪{rng.choice('鑫华瑞恒泰丰盛宏达远安通源嘉和信诚博')}{rng.choice('创科达联业邦力成')}{rng.choice(stems)}有限公司"
            if name not in names:
                names.add(name)
                break
        surname = rng.choice(SURNAMES)
        labels = []
        if division in ("26", "27", "34", "38", "39", "64", "65", "73") and rng.random() < 0.35:
            labels.append(("high_tech", f"GR2024370{n:05d}", dt.date(2024, 12, 1), dt.date(2027, 11, 30)))
        if staff < 1000 and rng.random() < 0.12:
            labels.append(("specialised", f"ZJTX-2025-{n:04d}", dt.date(2025, 6, 1), dt.date(2028, 5, 31)))
        if rng.random() < 0.08:
            labels.append(("tech_sme", f"KJ2026-{n:05d}", dt.date(2026, 3, 1), dt.date(2027, 2, 28)))
        if rng.random() < 0.03:
            labels.append(("gazelle", "", dt.date(2025, 1, 1), None))
        with _at(_moment(now, rng.randint(200, 360))):
            firm = registry.add(actor=office, labels=labels, data={
                "credit_code": credit_code(n), "name": name, "legal_rep": f"{surname}{rng.choice('建国明华志强丽娟伟军')}",
                "registered_capital": str(rng.choice([50, 100, 200, 500, 1000, 3000, 5000])),
                "founded_on": today - dt.timedelta(days=rng.randint(200, 9000)), "industry": division, "staff": staff,
                "revenue": None if revenue is None else str(revenue),
                "assets": str(round((revenue or staff * per_head) * rng.uniform(0.5, 1.3)) + 20),
                "street": streets[rng.choice(STREETS)], "park": rng.choice(PARKS),
                "address": f"云溪区{rng.choice(['科创路', '青山路', '临河路', '白鹭大道', '新城大道'])}{rng.randint(1, 399)}号",
                "contact_name": f"{surname}经理", "contact_phone": f"139053{rng.randint(20000, 99999)}"})
        firms.append(firm)
    return firms


# Problems raised on visits, with the unit that solves them and the reply.
PROBLEMS = [
    ("厂区门口道路破损，货车进出困难。", "市政设施/道路破损", "YX-CG", "已对厂区门口 120 米道路完成修补。"),
    ("企业招工难，一线操作工缺口 40 人。", None, "YX-RS", "已组织专场招聘会，企业现场招聘 35 人。"),
    ("园区路灯夜间不亮，员工下班不安全。", "市政设施/路灯故障", "YX-CG", "已更换 12 盏损坏路灯。"),
    ("周边餐饮油烟影响研发楼。", "大气污染/餐饮油烟", "YX-HB", "已督促商户安装油烟净化设施。"),
    ("希望增设通往园区的公交线路。", "公共交通/公交线路", "YX-JT", "已开通 K16 路高峰专线。"),
    ("厂区供电容量不足，新生产线无法投产。", "供电/线路隐患", "YX-GD", "已完成专用变压器增容。"),
]
TASK_PROBLEMS = ["企业扩产用地指标落实不了，需要区里统筹协调。", "项目环评与规划许可衔接问题，需多部门会商解决。"]
TOPICS = ["了解企业生产经营和订单情况。", "宣讲今年惠企政策和申报时间。", "了解企业用工和融资需求。",
          "走访新建生产线，了解投产进度。", "听取企业对营商环境的意见建议。"]


def build_visits(users, staff_of, firms, now):
    """Officials look after the larger firms; a year of visits at each one's rate, a few missed."""
    rng = random.Random(17)
    officials = [users["butler"], users["sj_head"], users["qs_staff"], users["supervisor"], users["leader"]]
    keyed = sorted(firms, key=lambda f: (not f.above_scale, -(f.revenue or 0)))[:60]
    keyed.append(Enterprise.objects.get(credit_code=PORTAL_FIRM))
    start = timezone.localdate(now) - dt.timedelta(days=360)
    assignments = []
    with _at(_moment(now, 365)):
        for i, firm in enumerate(keyed):
            official = officials[i % len(officials)]
            rate = Rate.MONTHLY if i < 10 else Rate.QUARTERLY
            assignments.append(registry.assign(actor=users["supervisor"], official=official, enterprise=firm, rate=rate,
                                               since=start))
            if official == users["butler"]:  # the hall's butler looks after these and follows their problems
                registry.appoint_butler(actor=users["supervisor"], enterprise=firm, butler=official)
    made, raised, tasks = 0, 0, 0
    for a in assignments:
        step = 30 if a.rate == Rate.MONTHLY else 91
        day = start + dt.timedelta(days=rng.randint(3, step - 3))
        while day < timezone.localdate(now) - dt.timedelta(days=2):
            if rng.random() < 0.88:  # now and then a visit is missed: it shows as due
                problems = []
                roll = rng.random()
                if roll < 0.16:
                    problems.append({"text": PROBLEMS[raised % len(PROBLEMS)][0], "route": Problem.Route.ORDER})
                    raised += 1
                elif roll < 0.19 and a.official.username in ("supervisor", "leader") and tasks < len(TASK_PROBLEMS):
                    problems.append({"text": TASK_PROBLEMS[tasks], "route": Problem.Route.TASK})
                    tasks += 1
                moment = timezone.make_aware(dt.datetime.combine(day, dt.time(15)))
                with _at(moment):
                    visit = registry.record_visit(actor=a.official, enterprise=a.enterprise, visited_on=day,
                                                  content=rng.choice(TOPICS), people=f"{a.enterprise.legal_rep}、企业办公室主任",
                                                  problems=problems)
                made += 1
                for problem in visit.problems.filter(route=Problem.Route.ORDER):
                    _follow(users, staff_of, problem, moment, now)
            day += dt.timedelta(days=step)
    return made


def _follow(users, staff_of, problem, moment, now):
    """The visit's work order through the loop: dispatched, signed, replied and, if long enough
    ago, called back (closed); the latest few are still being handled."""
    text, category, unit_code, answer = next(p for p in PROBLEMS if p[0] == problem.text)
    order = problem.order
    hours = dt.timedelta(hours=1)
    path = category.split("/") if category else None
    category = Category.objects.filter(name=path[1], parent__name=path[0]).first() if path else \
        Category.objects.filter(name="劳动合同").first()
    with _at(moment + hours):
        orders.dispatch(order=order, actor=users["dispatcher"], lead_unit=_unit(unit_code), version=_v(order),
                        category=category)
    if (now - moment).days < 4:
        return
    staff = staff_of(unit_code)
    with _at(moment + 3 * hours):
        orders.sign_for(order=order, actor=staff, version=_v(order))
    if (now - moment).days < 12:
        return
    with _at(moment + 50 * hours):
        orders.reply(order=order, actor=staff, answer=answer, version=_v(order))
    with _at(moment + 74 * hours):
        orders.callback(order=order, actor=users["callback"], satisfaction="satisfied", solved="yes", version=_v(order),
                        note="企业对处理结果表示满意。")


# (文号, title, issuing unit, [(title, content, conditions, amount, formula, cap, mode)])
DOCUMENTS = [
    ("云政发〔2026〕3号", "关于支持制造业高质量发展的若干政策", "YX-SJ", [
        ("规上工业企业首次入规奖励", "对首次纳入规模以上统计的工业企业给予一次性奖励。", 'above_scale == true\nsection == "C"\nage <= 3',
         "100000", "", "100000", "exempt"),
        ("工业企业营收增长奖励", "营业收入超过 2 亿元的工业企业，按营业收入的万分之五给予奖励。", 'section == "C"\nrevenue >= 20000',
         None, "revenue * 5", "500000", "apply"),
        ("技术改造补助", "对年度技术改造投资较大的工业企业给予补助。", 'section == "C"\nassets >= 5000', "200000", "",
         "200000", "apply"),
        ("智能化改造奖励", "对实施智能化改造的高新技术工业企业给予奖励。", 'section == "C"\n"high_tech" in labels', "150000", "",
         "150000", "apply")]),
    ("云政发〔2026〕5号", "关于加快数字经济发展的实施意见", "YX-SJ", [
        ("软件企业研发奖励", "对软件和信息技术服务企业按营业收入给予研发奖励。", 'industry == "65"\nrevenue >= 500', None,
         "revenue * 20", "300000", "apply"),
        ("互联网企业成长奖励", "营业收入首次超过 1000 万元的互联网企业给予奖励。", 'industry == "64"\nrevenue >= 1000', "80000", "",
         "80000", "apply")]),
    ("云政发〔2026〕8号", "关于支持科技创新的若干措施", "YX-SJ", [
        ("高新技术企业认定奖励", "对有效期内的高新技术企业给予一次性奖励。", '"high_tech" in labels', "100000", "", "100000",
         "exempt"),
        ("科技型中小企业研发补助", "对入库的科技型中小企业给予研发费用补助。", '"tech_sme" in labels\nsize != "large"', "30000", "",
         "30000", "apply"),
        ("研发机构建设补助", "对新建研发机构的企业给予补助。", 'section == "M"\nstaff >= 20', "150000", "", "150000", "apply")]),
    ("云政发〔2026〕11号", "关于培育专精特新企业的实施办法", "YX-SJ", [
        ("专精特新中小企业奖励", "对新认定的省级专精特新中小企业给予奖励。", '"specialised" in labels', "200000", "", "200000",
         "exempt"),
        ("专精特新企业融资贴息", "对专精特新企业的贷款给予贴息。", '"specialised" in labels\nrevenue >= 1000', None, "revenue * 10",
         "100000", "apply")]),
    ("云人社发〔2026〕2号", "关于做好稳就业工作的通知", "YX-RS", [
        ("吸纳就业补贴", "对吸纳就业人数较多的小微企业给予补贴。", 'size == "small"\nstaff >= 50', None, "staff * 500", "100000",
         "apply"),
        ("以工代训补贴", "对开展以工代训的中小微企业按人数给予补贴。", 'size != "large"\nstaff >= 10', None, "staff * 200",
         "60000", "apply"),
        ("稳岗返还", "对不裁员或少裁员的企业返还部分失业保险费。", "staff >= 10", None, "staff * 300", "300000", "exempt")]),
    ("云人社发〔2026〕6号", "关于引进高层次人才的若干措施", "YX-RS", [
        ("企业人才公寓补贴", "对园区企业引进人才租住人才公寓给予补贴。", 'park != ""\nstaff >= 30', "50000", "", "50000",
         "apply"),
        ("博士后工作站建站补助", "对新设立博士后工作站的企业给予补助。", '"high_tech" in labels\nstaff >= 100', "300000", "",
         "300000", "apply"),
        ("技能人才培训补贴", "对开展职工技能培训的企业按人数给予补贴。", "staff >= 100", None, "staff * 100", "100000", "apply")]),
    ("云商发〔2026〕1号", "关于促进消费的若干措施", "YX-SJ", [
        ("限上商贸企业增长奖励", "对营业收入增长较快的批发零售企业给予奖励。", 'section == "F"\nrevenue >= 2000', None,
         "revenue * 3", "200000", "apply"),
        ("餐饮企业品牌培育奖励", "对连锁经营的餐饮企业给予品牌培育奖励。", 'industry == "62"\nstaff >= 30', "20000", "", "20000",
         "apply"),
        ("住宿业提质奖励", "对星级酒店和品质民宿给予提质奖励。", 'industry == "61"\nstaff >= 20', "30000", "", "30000",
         "apply")]),
    ("云商发〔2026〕4号", "关于支持物流业发展的意见", "YX-JT", [
        ("物流企业运力补贴", "对道路运输企业按从业人数给予运力补贴。", 'industry == "54"\nstaff >= 30', None, "staff * 400",
         "150000", "apply"),
        ("物流园区入驻奖励", "对新入驻物流园区的运输企业给予奖励。", 'industry == "54"\npark != ""', "50000", "", "50000",
         "apply")]),
    ("云住建发〔2026〕7号", "关于支持建筑业做大做强的意见", "YX-ZJ", [
        ("建筑业企业产值奖励", "对年营业收入超过 1 亿元的建筑业企业给予奖励。", 'section == "E"\nrevenue >= 10000', None,
         "revenue * 2", "300000", "apply"),
        ("建筑业资质升级奖励", "对资质升级的建筑企业给予奖励。", 'section == "E"\nregistered_capital >= 1000', "100000", "",
         "100000", "apply")]),
    ("云环发〔2026〕2号", "关于推进企业绿色低碳转型的措施", "YX-HB", [
        ("清洁生产审核补助", "对完成清洁生产审核的工业企业给予补助。", 'section == "C"\nstaff >= 50', "50000", "", "50000",
         "apply"),
        ("环保设施提标改造补助", "对化工、医药企业环保设施提标改造给予补助。", 'industry == "26" or industry == "27"', "100000",
         "", "100000", "apply")]),
    ("云政办发〔2026〕9号", "关于支持小微企业发展的若干措施", "YX-SJ", [
        ("小微企业首贷贴息", "对首次获得银行贷款的小微企业给予贴息。", 'size == "micro" or size == "small"', "10000", "",
         "10000", "apply"),
        ("小微企业房租补贴", "对租用园区厂房的小微企业给予房租补贴。", 'size != "large"\nsize != "medium"\npark != ""', "20000", "",
         "20000", "apply"),
        ("个转企奖励", "对个体工商户转型升级为企业的给予奖励。", "age <= 1", "5000", "", "5000", "apply"),
        ("小微企业吸纳高校毕业生补贴", "对吸纳高校毕业生就业的微型企业给予补贴。", 'size == "micro"\nstaff >= 5', "10000", "",
         "10000", "apply")]),
    ("云政办发〔2026〕12号", "关于支持企业上市挂牌的实施意见", "YX-SJ", [
        ("股份制改造奖励", "对完成股份制改造的规上企业给予奖励。", "above_scale == true\nregistered_capital >= 3000", "300000", "",
         "300000", "apply"),
        ("上市企业奖励", "对在境内外上市的企业给予奖励。", '"listed" in labels', "2000000", "", "2000000", "apply")]),
    ("云政发〔2026〕15号", "关于支持总部经济发展的意见", "YX-SJ", [
        ("总部企业落户奖励", "对新认定的总部企业给予落户奖励。", "revenue >= 50000\nstaff >= 300", "1000000", "", "1000000",
         "apply"),
        ("总部企业办公用房补贴", "对总部企业购置或租赁办公用房给予补贴。", "revenue >= 50000", None, "revenue * 1", "500000",
         "apply"),
        ("总部企业人才奖励", "对总部企业引进的高级管理人才给予奖励。", "revenue >= 50000\nstaff >= 500", "200000", "", "200000",
         "apply")]),
    ("云教体发〔2026〕3号", "关于支持体育产业发展的措施", "YX-JY", [
        ("体育企业场馆运营补贴", "对向社会开放的体育场馆运营企业给予补贴。", 'section == "R"', "50000", "", "50000", "apply")]),
    ("云卫健发〔2026〕4号", "关于支持医药健康产业发展的措施", "YX-WJ", [
        ("创新药研发奖励", "对开展创新药临床试验的医药企业给予奖励。", 'industry == "27"\nstaff >= 60', "500000", "", "500000",
         "apply"),
        ("医药企业 GMP 改造补助", "对完成 GMP 改造的医药制造企业给予补助。", 'industry == "27"', None, "assets * 5", "300000",
         "apply")]),
    ("云政发〔2026〕18号", "关于加快科创园建设的若干政策", "YX-SJ", [
        ("科创园入驻企业租金减免", "对入驻科创园的科技企业给予租金减免。", 'park == "科创园"\nsection == "I"', "60000", "", "60000",
         "apply"),
        ("科创园企业成长奖励", "科创园企业营业收入超过 2000 万元给予奖励。", 'park == "科创园"\nrevenue >= 2000', "100000", "",
         "100000", "apply")]),
    ("云政发〔2026〕21号", "关于支持外贸企业稳订单拓市场的措施", "YX-SJ", [
        ("外贸企业参展补贴", "对参加境外展会的批发企业给予展位费补贴。", 'industry == "51"\nrevenue >= 500', "30000", "", "30000",
         "apply"),
        ("出口信用保险补贴", "对投保出口信用保险的企业给予保费补贴。", 'industry == "51" or section == "C"', "20000", "", "20000",
         "apply")]),
    ("云政发〔2026〕24号", "关于支持现代服务业发展的意见", "YX-SJ", [
        ("商务服务业企业奖励", "对营业收入首次超过 1000 万元的商务服务企业给予奖励。", 'section == "L"\nrevenue >= 1000', "50000", "",
         "50000", "apply"),
        ("检验检测机构补助", "对取得 CMA 资质的检验检测机构给予补助。", 'industry == "73"\nage >= 2', "80000", "", "80000",
         "apply"),
        ("科技服务机构绩效奖励", "对服务企业数量较多的科技服务机构给予绩效奖励。", 'industry == "75"', "30000", "", "30000",
         "apply")]),
    ("云政发〔2026〕27号", "关于支持新能源汽车产业链发展的措施", "YX-SJ", [
        ("汽车零部件配套奖励", "对进入整车企业配套体系的零部件企业给予奖励。", 'industry == "36"\nrevenue >= 5000', None,
         "revenue * 5", "400000", "apply"),
        ("新能源产业链招商奖励", "对新落户的电气机械企业给予奖励。", 'industry == "38"\nage <= 2', "200000", "", "200000",
         "apply")]),
    ("云文旅发〔2026〕2号", "关于促进文化旅游消费的若干措施", "YX-SJ", [
        ("旅游住宿企业促消费奖励", "对接待游客较多的住宿企业给予奖励。", 'industry == "61"', "20000", "", "20000", "apply"),
        ("特色餐饮街区商户补贴", "对入驻特色餐饮街区的餐饮企业给予装修补贴。", 'industry == "62"\nsize != "large"', "10000", "",
         "10000", "apply"),
        ("文旅消费季参与奖励", "对参与文旅消费季活动的零售、住宿、餐饮企业给予奖励。",
         'industry == "52" or industry == "61" or industry == "62"', "5000", "", "5000", "exempt")]),
]
# A draft for 阳光答辩: enterprises comment before it is issued.
DRAFT = ("云政发〔2026〕征求意见稿", "关于进一步降低企业用电成本的若干措施（征求意见稿）", "YX-SJ", [
    ("工业企业电费补贴", "对用电量较大的工业企业按电费的一定比例给予补贴。", 'section == "C"\nrevenue >= 5000', "100000", "",
     "100000", "apply")])


# Each policy's budget for the year (yuan): 2,000 万元.
BUDGET = "20000000"


def build_policies(users, now):
    office = users["supervisor"]  # the enterprise-service office keeps the registry and the policies
    year = timezone.localdate(now).year
    documents = []
    with _at(_moment(now, 300)):
        for number, title, unit, articles in DOCUMENTS + [DRAFT]:
            draft = (number, title, unit, articles) == DRAFT
            doc = policies.create_document(
                actor=office, number=number, title=title, issuing_unit=_unit(unit), valid_from=dt.date(year, 1, 1),
                valid_to=dt.date(year + 1, 12, 31), summary=title,
                state=PolicyDocument.State.DRAFT if draft else PolicyDocument.State.ISSUED)
            for seq, (a_title, content, conditions, amount, formula, cap, mode) in enumerate(articles, start=1):
                policies.save_article(actor=office, document=doc, seq=seq, title=a_title, content=content,
                                      conditions_text=conditions, amount=amount, formula=formula, cap=cap, mode=mode,
                                      materials="申请表；营业执照；相关证明材料", notice_days=5)
            if not draft:
                # The year's money for each policy (资金预算): what its grants may commit, no more.
                policies.set_budget(actor=office, document=doc, year=year, amount=BUDGET)
            documents.append(doc)
    return documents


def _issuer(users, staff_of, claim):
    return staff_of(claim.article.document.issuing_unit.code)


def _second(users, first, unit_code):
    """Who confirms what `first` proposed: the unit's head, else the enterprise-service office."""
    from .data import USERS

    head = next((users[u] for u, _d, roles, code in USERS if code == unit_code and "unit_head" in roles), None)
    return head if head is not None and head != first else users["supervisor"]


def build_claims(users, staff_of, now):
    """Claims from the portal and butlers, walked to every state; a 免申即享 run confirmed and
    partly paid."""
    from yiwang.policies.selectors import eligible

    rng = random.Random(5)
    portal = Enterprise.objects.get(credit_code=PORTAL_FIRM)
    made = []
    articles = list(Article.objects.filter(mode=Article.Mode.APPLY, document__state=PolicyDocument.State.ISSUED)
                    .select_related("document__issuing_unit").order_by("document__number", "seq"))
    for i, article in enumerate(articles):
        for firm, amount in eligible(article)[: 1 + i % 3]:
            if amount is None or amount <= 0 or firm.pk == portal.pk:
                continue
            days = rng.randint(12, 200)
            with _at(_moment(now, days, 9)):
                claim = policies.submit_claim(
                    actor=firm.butler if firm.butler_id else None, enterprise=firm, article=article, requested=str(amount),
                    statement="企业符合条款条件，现申请兑现，相关材料已上传。",
                    channel=Claim.Channel.BUTLER if firm.butler_id else Claim.Channel.PORTAL)
            made.append((claim, days))
    # The portal's restaurant applies for the catering brand award: on notice now.
    catering = Article.objects.get(title="餐饮企业品牌培育奖励")
    with _at(_moment(now, 6, 9)):
        claim = policies.submit_claim(actor=None, enterprise=portal, article=catering, requested="20000",
                                      statement="本店为连锁经营，现有门店 3 家。")
    made.append((claim, 2))
    paid = 0
    for n, (claim, days) in enumerate(made):
        issuer = _issuer(users, staff_of, claim)
        if days < 15 and claim.enterprise_id != portal.pk:
            continue  # awaiting review
        if n % 9 == 4:
            with _at(_moment(now, days - 3, 15)):
                policies.reject(claim=claim, actor=issuer, reason="经核查，企业提供的营业收入与统计数据不一致。", version=_v(claim))
            continue
        approve_at = _moment(now, max(days - 5, 2), 15)
        second = _second(users, issuer, claim.article.document.issuing_unit.code)
        with _at(approve_at - dt.timedelta(hours=3)):
            policies.approve(claim=claim, actor=issuer, amount=str(claim.requested), note="经审核符合条件。",
                             version=_v(claim))
        if n % 13 == 6 and claim.enterprise_id != portal.pk:
            continue  # the review waits for the second person
        with _at(approve_at):
            policies.confirm_approval(claim=claim, actor=second, note="复核无误，予以公示。", version=_v(claim))
        if n % 11 == 7 or claim.enterprise_id == portal.pk:
            with _at(approve_at + dt.timedelta(days=1)):
                policies.object_to(claim=claim, text="该企业近期有欠薪投诉，建议核实后再兑现。", name="知情人")
            if claim.enterprise_id == portal.pk or days < 40:
                continue  # the objection waits for a decision
            with _at(approve_at + dt.timedelta(days=4)):
                policies.decide_objection(claim=claim, actor=issuer, objection=claim.objections.get(),
                                          uphold=n % 2 == 0, note="经人社部门核实。", version=_v(claim))
            claim.refresh_from_db()
            if claim.state == Claim.State.REJECTED:
                continue
        claim.refresh_from_db()
        if claim.notice_until and claim.notice_until < timezone.localdate(now) and (n % 5 != 2 or days > 60):
            paid_day = claim.notice_until + dt.timedelta(days=3)
            with _at(timezone.make_aware(dt.datetime.combine(paid_day, dt.time(10)))):
                policies.pay(claim=claim, actor=issuer, voucher=f"PZ-{claim.notice_until:%Y}-{100 + paid}",
                             paid_on=paid_day, version=_v(claim))
            if n % 7 == 3:
                continue  # the payment waits for the second person's confirmation
            with _at(timezone.make_aware(dt.datetime.combine(paid_day, dt.time(16)))):
                policies.confirm_payment(claim=claim, actor=second, version=_v(claim))
            paid += 1
    # 免申即享: the high-tech award, confirmed by a reviewer three weeks ago; half paid since.
    award = Article.objects.get(title="高新技术企业认定奖励")
    with _at(_moment(now, 25, 10)):
        run = policies.start_run(actor=staff_of("YX-SJ"), article=award)
    with _at(_moment(now, 23, 10)):
        granted = policies.confirm_run(run=run, actor=users["sj_head"], excluded=[run.items[0]["enterprise"]]
                                       if run.items else ())
    for i, claim in enumerate(granted):
        if i % 2 == 0:
            with _at(_moment(now, 10, 11)):
                policies.pay(claim=claim, actor=users["sj_staff"], voucher=f"MS-{claim.year}-{i + 1:03d}",
                             paid_on=timezone.localdate(_moment(now, 10, 11)), version=_v(claim))
            with _at(_moment(now, 10, 15)):
                policies.confirm_payment(claim=claim, actor=users["sj_head"], version=_v(claim))
    return len(made) + len(granted)


QUESTIONS = [
    ("研发奖励按哪一年的营业收入核定？", "按上一年度经统计部门确认的营业收入核定。", "satisfied", True),
    ("软件企业享受奖励后还能申报其他研发补助吗？", "可以同时申报，但同一项目不重复支持。", "satisfied", True),
    ("去年申报的研发奖励至今没有拨付，什么时候兑现？", "已列入下批拨付计划，预计本季度内拨付。", "unsatisfied", False),
    ("互联网企业的营业收入口径是否包含代收款？", "不包含代收代付款项。", "basic", True),
]


def build_sessions(users, staff_of, now):
    """阳光质询 on the digital-economy policy: enterprises ask, the unit answers within five working
    days, and the askers rate the answer and say whether the policy reached them; 阳光答辩 on the
    draft, questions still coming in."""
    office = users["supervisor"]  # the enterprise-service office keeps the registry and the policies
    doc = PolicyDocument.objects.get(number="云政发〔2026〕5号")
    asking = list(Enterprise.objects.filter(industry__in=["64", "65"]).order_by("credit_code")[:len(QUESTIONS)])
    held = _moment(now, 40, 14)
    with _at(held):
        session = policies.create_session(actor=office, document=doc, kind=Session.Kind.INQUIRY,
                                          title="数字经济政策阳光质询会", held_on=held.date(),
                                          open_until=held.date() + dt.timedelta(days=14))
    for i, (firm, (text, reply, rating, delivered)) in enumerate(zip(asking, QUESTIONS)):
        with _at(held + dt.timedelta(days=i, hours=1)):
            question = policies.ask(session=session, enterprise=firm, text=text)
        if i == len(QUESTIONS) - 1:
            continue  # answered late: still open
        with _at(held + dt.timedelta(days=i + 3, hours=2)):
            policies.answer(question=question, actor=staff_of("YX-SJ"), text=reply)
        with _at(held + dt.timedelta(days=i + 6)):
            policies.rate_answer(question=question, enterprise=firm, rating=rating, delivered=delivered)
    draft = PolicyDocument.objects.get(state=PolicyDocument.State.DRAFT)
    with _at(_moment(now, 3, 14)):
        hearing = policies.create_session(actor=office, document=draft, kind=Session.Kind.HEARING,
                                          title="降低企业用电成本措施阳光答辩", held_on=timezone.localdate(now) - dt.timedelta(days=3),
                                          open_until=timezone.localdate(now) + dt.timedelta(days=10))
        policies.ask(session=hearing, enterprise=Enterprise.objects.filter(section="C").order_by("-revenue").first(),
                     text="补贴门槛 5000 万元偏高，建议降至 2000 万元，让更多中小工业企业受益。")
    return Question.objects.count()


def build(users, staff_of, now):
    firms = build_registry(users, now)
    visits = build_visits(users, staff_of, firms, now)
    build_policies(users, now)
    claims = build_claims(users, staff_of, now)
    questions = build_sessions(users, staff_of, now)
    return {"enterprises": len(firms), "visits": visits, "claims": claims, "questions": questions,
            "orders_open": Problem.objects.exclude(order__status=Status.CLOSED).filter(route="order").count()}
