"""The demo's follow-through (督查督办): a year of key tasks from every source, two command-post
meetings with their decision items, a benchmarking visit with an eight-action list, a hot issue
made a key task, a suggestion campaign, and deputies' suggestions and CPPCC proposals. Every step
goes through the real services, dated in the past, so histories, lights and rates are genuine."""
import datetime as dt
import random

from django.utils import timezone

from yiwang.calendar import services as calendar
from yiwang.clock import backfill_at
from yiwang.orgs.models import Unit
from yiwang.proposals import services as proposals
from yiwang.proposals.models import Kind, Rating
from yiwang.suggestions import services as suggestions
from yiwang.suggestions.models import State as SuggestionState
from yiwang.tasks import services as tasks
from yiwang.tasks.models import Cadence, Meeting, Source
from yiwang.workorders import services as orders
from yiwang.workorders.models import Category

UNITS = ["YX-CG", "YX-ZJ", "YX-QS", "YX-SJ", "YX-HB", "YX-JT", "YX-SW", "YX-BL", "YX-LH", "YX-XC", "YX-RS", "YX-JY"]

# (source, title, requirement, lead unit, months ago set, months to run, outcome)
# outcome: closed (on time), late (closed after the deadline), open, red (past its deadline), asking
# (closure requested), extension (an extension asked), pending (not assigned yet)
TASKS = [
    (Source.ASSIGNED, "落实市级优化营商环境专项督查反馈问题", "对照市督查反馈的 12 个问题逐项整改，形成整改台账。", "YX-SJ", 11, 3, "closed"),
    (Source.ASSIGNED, "完成省级文明城市测评迎检任务", "背街小巷、农贸市场、公益广告等点位全部达标。", "YX-CG", 10, 4, "late"),
    (Source.INSTRUCTION, "老旧小区加装电梯试点", "年内完成 3 个小区加装电梯试点，形成可推广的办法。", "YX-ZJ", 9, 6, "closed"),
    (Source.INSTRUCTION, "解决新城街道学位紧张问题", "研究科创社区配套小学扩班方案，确保秋季入学。", "YX-JY", 3, 4, "open"),
    (Source.INSTRUCTION, "青山路雨污分流改造", "汛期前完成青山路段雨污分流，杜绝路面积水。", "YX-SW", 5, 3, "red"),
    (Source.KEY_WORK, "“一网通办”事项网办率达到 90%", "梳理全区依申请事项，推动全程网办。", "YX-SJ", 12, 11, "asking"),
    (Source.KEY_WORK, "12345 热线工单按期办结率达到 95%", "各承办单位按时签收、办结，减少退单。", "YX-CG", 12, 12, "open"),
    (Source.KEY_WORK, "背街小巷整治 20 条", "完成 20 条背街小巷路面、照明、绿化整治。", "YX-CG", 8, 5, "closed"),
    (Source.KEY_WORK, "河道清淤及岸线整治", "完成临河段 3.2 公里河道清淤。", "YX-SW", 6, 7, "extension"),
    (Source.PROJECT, "科创园三期供电线路迁改", "协调供电公司完成 10kV 线路迁改，保障项目开工。", "YX-XC", 4, 2, "red"),
    (Source.PROJECT, "科创园三期用地征收清零", "完成剩余 4 户房屋征收协议签订。", "YX-XC", 2, 3, "open"),
    (Source.ENTERPRISE, "云溪新材料公司用工招聘对接", "组织两场专场招聘会，解决 60 人用工缺口。", "YX-RS", 3, 2, "closed"),
    (Source.ENTERPRISE, "解决企业周边道路重载车辆通行问题", "优化科创路货车通行时段和线路。", "YX-JT", 2, 2, "open"),
    (Source.DEPUTY, "落实人大代表关于社区养老服务站的建议", "在青山街道试点建设 2 个社区养老服务站。", "YX-QS", 7, 6, "open"),
    (Source.CPPCC, "落实政协委员关于河湾湿地保护的提案", "划定湿地保护范围，设置宣传标识。", "YX-HB", 6, 4, "closed"),
    (Source.INSTRUCTION, "白鹭街道夜市规范管理", "划定夜市经营区域，落实门前三包。", "YX-BL", 1, 2, "pending"),
    (Source.KEY_WORK, "公交站台无障碍改造", "完成 30 个公交站台无障碍改造。", "YX-JT", 5, 6, "open"),
    (Source.ASSIGNED, "燃气安全专项排查", "对餐饮场所燃气使用全覆盖排查，隐患动态清零。", "YX-LH", 4, 1, "late"),
]


def _at(moment):
    return backfill_at(moment)


def _day(now, months_ago, days=0):
    return timezone.localtime(now) - dt.timedelta(days=round(30.4 * months_ago) + days)


def _workday(cal, day):
    while not cal.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def _v(obj):
    obj.refresh_from_db()
    return obj.version


def _unit(code):
    return Unit.objects.get(code=code)


def _walk(task, outcome, staff, boss, start, end_day, cal, now):
    """Reports every month, then the outcome."""
    today = timezone.localtime(now).date()
    moment = start + dt.timedelta(days=3)
    percent = 10
    while moment.date() < min(end_day, today) and (now - moment).days > 2:
        with _at(moment.replace(hour=16)):
            tasks.report(task=task, actor=staff, text=f"本月推进情况：已完成总体工作量的 {percent}%，下步按计划推进。",
                         progress=min(percent, 90), version=_v(task))
        percent += 20
        moment += dt.timedelta(days=30)
    for m in task.milestones.all():
        if m.due_on < today and outcome != "red":
            with _at(timezone.make_aware(dt.datetime.combine(m.due_on, dt.time(11)))):
                tasks.complete_milestone(task=task, actor=staff, milestone=m, note="按期完成。", version=_v(task))
    if outcome in ("closed", "late", "asking"):
        finish = end_day - dt.timedelta(days=5) if outcome != "late" else end_day + dt.timedelta(days=6)
        finish = min(finish, today - dt.timedelta(days=1))
        for m in task.milestones.filter(done_at__isnull=True):
            with _at(timezone.make_aware(dt.datetime.combine(finish, dt.time(9)))):
                tasks.complete_milestone(task=task, actor=staff, milestone=m, version=_v(task))
        with _at(timezone.make_aware(dt.datetime.combine(finish, dt.time(10)))):
            tasks.request_closure(task=task, actor=staff, evidence="各项工作已按要求全部完成，现场已逐项复核，附现场照片和验收材料。", version=_v(task))
        if outcome != "asking":
            with _at(timezone.make_aware(dt.datetime.combine(finish + dt.timedelta(days=1), dt.time(15)))):
                tasks.approve_closure(task=task, actor=boss, note="经实地核查，同意销号。", version=_v(task))
    elif outcome == "extension":
        with _at(now - dt.timedelta(days=1)):
            tasks.request_extension(task=task, actor=staff, until=_workday(cal, end_day + dt.timedelta(days=20)),
                                    reason="受汛期影响，清淤船只无法进场，申请延期。", version=_v(task))
    elif outcome == "red":
        with _at(now - dt.timedelta(days=2)):
            tasks.supervise(task=task, actor=boss, text="该事项已超期，请于三个工作日内书面说明原因和整改时限。",
                            version=_v(task))


def build_tasks(users, staff_of, now):
    cal = calendar.load()
    boss, leader = users["supervisor"], users["leader"]
    for source, title, requirement, code, ago, months, outcome in TASKS:
        start = _day(now, ago).replace(hour=9, minute=0, second=0, microsecond=0)
        deadline = _workday(cal, (start + dt.timedelta(days=round(30.4 * months))).date())
        if outcome == "red":
            deadline = _workday(cal, (now - dt.timedelta(days=12)).date()) if (now - start).days > 20 else deadline
            while deadline >= timezone.localtime(now).date():
                deadline -= dt.timedelta(days=1)
            deadline = _workday(cal, max(deadline, (start + dt.timedelta(days=7)).date()))
        mid = _workday(cal, start.date() + (deadline - start.date()) / 2)
        with _at(start):
            task = tasks.create(actor=leader if source == Source.INSTRUCTION else boss, source=source, title=title,
                                requirement=requirement, lead_unit=_unit(code),
                                co_units=[_unit("YX-QS")] if code == "YX-ZJ" else [],
                                deadline=deadline, cadence=Cadence.MONTHLY,
                                leader="刘书记" if source == Source.INSTRUCTION else "",
                                milestones=[("方案制定并印发", mid)] if months > 2 else [],
                                assign=outcome != "pending")
        if outcome != "pending":
            _walk(task, outcome, staff_of(code), boss, start, deadline, cal, now)


MEETINGS = [
    ("科创园建设指挥部第 12 次例会", "科创园建设指挥部", 20, [
        ("拆除青山大桥出口处大棚围墙，恢复绿化", "YX-QS", 10, "closed"),
        ("科创路与滨河路交叉口临时交通组织方案报批", "YX-JT", 18, "closed"),
        ("协调燃气公司完成中压管线迁改", "YX-XC", 25, "open"),
        ("渣土车夜间运输线路公示并加强巡查", "YX-CG", 8, "red"),
    ]),
    ("城市更新指挥部第 8 次例会", "城市更新指挥部", 6, [
        ("河湾片区 4 户房屋征收入户评估", "YX-LH", 20, "open"),
        ("临河街道安置房选址比选方案", "YX-ZJ", 30, "open"),
        ("施工围挡规范化整治，做到“六个百分之百”", "YX-CG", 12, "open"),
        ("研究项目周边学校上下学时段交通疏导", "YX-JT", 15, "open"),
        ("项目建设用工欠薪隐患排查", "YX-RS", 0, "none"),
    ]),
]


def build_meetings(users, staff_of, now):
    cal = calendar.load()
    boss = users["supervisor"]
    for title, post, days_ago, items in MEETINGS:
        held = (timezone.localtime(now) - dt.timedelta(days=days_ago)).replace(hour=15, minute=0, second=0,
                                                                              microsecond=0)
        with _at(held):
            meeting = tasks.record_meeting(
                actor=boss, kind=Meeting.Kind.COMMAND_POST, title=title, held_on=held.date(), chair="王指挥长",
                command_post=post, place="起步区指挥部会议室", attendees="区住建局、区城管局、区交通运输局、相关街道",
                minutes="会议听取了各成员单位项目推进情况汇报，研究解决项目建设中的问题。",
                items=[{"text": text, "lead_unit": _unit(code) if days else None,
                        "due_on": _workday(cal, held.date() + dt.timedelta(days=days)) if days else None}
                       for text, code, days, _o in items])
            tasks.items_to_tasks(meeting=meeting, actor=boss)
        for item, (_t, code, _days, outcome) in zip(meeting.items.order_by("seq"), items):
            if item.task_id and outcome in ("closed",):
                _walk(item.task, outcome, staff_of(code), boss, held, item.due_on, cal, now)
            elif item.task_id and item.task.state == "handling" and days_ago > 10:
                with _at(now - dt.timedelta(days=2)):
                    tasks.report(task=item.task, actor=staff_of(code), text="按会议要求推进，已完成前期准备。",
                                 progress=30, version=_v(item.task))


ACTIONS = [
    ("企业变更登记审批时限压缩至 1 个工作日", "学习苏州工业园区“一窗通办”经验，变更登记材料齐全即时审核。", "YX-SJ",
     {"indicator": "item_workdays", "indicator_params": {"item": "YX-SJ-004"}, "baseline": 3, "target_value": 1}),
    ("食品经营许可审批时限 5 → 3 个工作日", "推行告知承诺和现场核查并联。", "YX-SJ",
     {"indicator": "item_workdays", "indicator_params": {"item": "YX-SJ-003"}, "baseline": 5, "target_value": 3}),
    ("城管局 12345 工单响应率提升到 95%", "签收环节专人值守，超时预警到人。", "YX-CG",
     {"indicator": "unit_response_rate", "indicator_params": {"unit": "YX-CG"}, "baseline": 85, "target_value": 95}),
    ("建立项目管家全程帮办制度", "每个重点项目配备一名项目管家。", "YX-SJ", {}),
    ("推行“拿地即开工”审批模式", "用地、规划、施工许可并联审批。", "YX-ZJ", {}),
    ("建设企业服务“一件事”专区", "将开办企业等 10 个一件事集成到网上办事大厅。", "YX-SJ", {}),
    ("园区企业诉求“直通车”", "园区企业诉求 24 小时内响应。", "YX-XC", {}),
    ("推广“无感审批”自动续证", "对到期证照自动提醒续办。", "YX-SJ", {}),
]


def build_benchmarking(users, staff_of, now):
    cal = calendar.load()
    boss = users["supervisor"]
    start = (timezone.localtime(now) - dt.timedelta(days=45)).replace(hour=9, minute=0, second=0, microsecond=0)
    with _at(start):
        visit = tasks.record_visit(
            actor=boss, theme="学习一窗通办和项目审批提速经验", destination="苏州工业园区", starts_on=start.date(),
            ends_on=start.date() + dt.timedelta(days=2), participants="区政府办、区行政审批服务局、区住建局、区市场监管局",
            lessons="园区实行“一窗受理、集成服务”，企业变更登记审批时限由 3 个工作日压缩到 1 个工作日；"
                    "项目审批推行“拿地即开工”，每个项目配项目管家。")
    for title, requirement, code, target in ACTIONS:
        params = dict(target.get("indicator_params", {}))
        if "unit" in params:
            params["unit"] = _unit(params["unit"]).pk
        with _at(start + dt.timedelta(days=5)):
            tasks.create(actor=boss, source=Source.BENCHMARKING, title=title, requirement=requirement,
                         lead_unit=_unit(code), deadline=_workday(cal, (now + dt.timedelta(days=60)).date()),
                         cadence=Cadence.MONTHLY, study_visit=visit, assign=True, indicator=target.get("indicator", ""),
                         indicator_params=params, baseline=target.get("baseline"),
                         target_value=target.get("target_value"))
    for i, action in enumerate(visit.actions.order_by("id")):
        if i % 4 != 3:  # the others are late with their monthly report
            with _at(now - dt.timedelta(days=3 + i)):
                tasks.report(task=action, actor=staff_of(action.lead_unit.code), text="已制定工作方案，正在推进。",
                             progress=20 + 5 * i, version=_v(action))
    return visit


HOT = ("青山路夜市油烟噪音扰民", "青山路夜市烧烤摊每晚油烟很大，噪音到凌晨，影响居民休息，请尽快处理。")


def build_hot_issue(users, staff_of, now):
    """Orders about the night market before a leader made it a key task five weeks ago, and ever
    fewer after, as the street dealt with it."""
    agent, leader = users["agent"], users["leader"]
    category = Category.objects.get(name="餐饮油烟", parent__name="大气污染")
    street, community = _unit("YX-QS"), _unit("YX-QS-01")
    since = (timezone.localtime(now) - dt.timedelta(days=35)).replace(hour=10, minute=0, second=0, microsecond=0)
    before = [since - dt.timedelta(days=d, hours=-h) for d, h in ((40, 12), (33, 11), (26, 12), (19, 13), (12, 12),
                                                                 (8, 11), (5, 12), (2, 13))]
    after = [since + dt.timedelta(days=d, hours=h) for d, h in ((1, 11), (3, 12), (6, 13), (10, 12), (16, 11),
                                                                (27, 12))]
    made = []
    for i, moment in enumerate(before + after):
        with _at(moment):
            made.append(orders.create_order(
                actor=agent, channel="phone", order_type="complaint", title=HOT[0] if i % 2 else "青山路夜市烧烤油烟扰民",
                body=HOT[1] + ("家里老人孩子睡不着。" if i % 3 else ""), caller_name="居民", caller_phone=f"1390531{7000 + i}",
                category=category, street=street, community=community, address="青山路夜市"))
    with _at(since):
        task = tasks.track_hot_issue(actor=leader, description="青山路夜市油烟噪音扰民", place="青山路",
                              order_numbers=[o.number for o in made[:len(before)]], lead_unit=street,
                              deadline=_workday(calendar.load(), (now + dt.timedelta(days=20)).date()), leader="刘书记",
                              co_units=[_unit("YX-CG"), _unit("YX-HB")])
    for week, text in ((1, "已约谈夜市经营户，划定经营区域。"), (2, "城管、环保联合夜查，规范油烟净化设施。"),
                       (3, "油烟净化设施安装率达到 90%。"), (4, "夜市 22 点后停止烧烤，投诉明显下降。")):
        with _at(since + dt.timedelta(days=7 * week, hours=6)):
            tasks.report(task=task, actor=staff_of("YX-QS"), text=text, progress=20 * week, version=_v(task))


IDEAS = [
    ("企业开办一天办结", "企业开办涉及的营业执照、刻章、税务登记一天内办结，减少企业跑腿。"),
    ("审批材料网上共享", "已在政府部门存档的营业执照等材料不再让企业重复提交。"),
    ("政策兑现免申即享", "符合条件的企业补贴由系统自动核定发放，无需企业申报。"),
    ("项目审批容缺受理", "非核心材料允许后补，先受理先审查。"),
    ("设立企业服务专员", "为规上企业配备一对一服务专员，问题直达。"),
    ("夜间延时服务窗口", "政务大厅每周两晚延时服务，方便上班族。"),
    ("涉企检查“一次到位”", "多部门联合检查，避免多头重复检查。"),
    ("园区公共食堂", "科创园建设公共食堂，解决企业员工就餐难。"),
    ("人才公寓拎包入住", "园区人才公寓配齐家具，缩短入住等待。"),
    ("公交线路延伸到园区", "增开通往科创园的公交线路，解决通勤难。"),
    ("中小企业融资对接会", "定期组织银企对接，缓解中小企业融资难。"),
    ("12345 企业专线", "开设企业诉求专席，提高响应速度。"),
]
PEOPLE = ["王先生", "李女士", "张总", "刘经理", "陈先生", "杨女士", "赵总", "黄经理", "周先生", "吴女士"]
FIRMS = ["云溪科技", "云溪新材料", "老韩家面馆", "科创园企业联合会", "", "云溪物流", "", "云溪餐饮"]


def build_campaign(users, now):
    boss, leader = users["supervisor"], users["leader"]
    start = (timezone.localtime(now) - dt.timedelta(days=60)).replace(hour=9, minute=0, second=0, microsecond=0)
    with _at(start):
        campaign = suggestions.create_campaign(
            actor=boss, code="yingshang-2026", title="优化营商环境“金点子”征集",
            description="围绕审批提速、政策兑现、企业服务，面向企业和市民征集改革建议。被采纳的建议给予奖励。",
            starts_on=start.date(), ends_on=(timezone.localtime(now) + dt.timedelta(days=30)).date(),
            award_fund=100000, rules="建议由区督查室组织评审；采纳的建议经本人同意后公开，并按价值给予 500–5000 元奖励。",
            award_min=500, award_max=5000)
    rng = random.Random(2026)
    made = []
    for i in range(120):
        title, content = IDEAS[i % len(IDEAS)]
        variant = ["", "建议", "希望", "能否"][i // len(IDEAS) % 4]
        with _at(start + dt.timedelta(days=1 + i * 50 / 120, hours=rng.randrange(8))):
            made.append(suggestions.submit(
                campaign=campaign, title=f"{variant}{title}", content=f"{content}（第 {i + 1} 条）",
                proposer_name=PEOPLE[i % len(PEOPLE)], organisation=FIRMS[i % len(FIRMS)],
                phone=f"1390532{8000 + i}" if i % 3 else "", consent_publish=i % 4 != 0,
                channel="web" if i % 5 else "api"))
    decisions = [SuggestionState.ADOPTED, SuggestionState.PARTLY, SuggestionState.NOT_ADOPTED]
    for i, s in enumerate(made[:90]):
        decision = decisions[i % 3]
        with _at(start + dt.timedelta(days=52, hours=i % 8)):
            suggestions.review(suggestion=s, actor=boss if i % 2 else leader, decision=decision,
                               reason={SuggestionState.ADOPTED: "针对性强，可操作。",
                                       SuggestionState.PARTLY: "部分内容可行，其余已有政策覆盖。",
                                       SuggestionState.NOT_ADOPTED: "现行政策已覆盖，或暂不具备实施条件。"}[decision],
                               answer={SuggestionState.ADOPTED: "您的建议已采纳，将纳入明年改革任务。感谢参与！",
                                       SuggestionState.PARTLY: "您的建议部分采纳，相关内容将由责任单位研究落实。",
                                       SuggestionState.NOT_ADOPTED: "感谢您的建议。经研究，现行政策已有相关安排，暂不采纳。"}[decision],
                               version=_v(s))
            if decision != SuggestionState.NOT_ADOPTED and s.consent_publish:
                suggestions.publish(suggestion=s, actor=boss, version=_v(s))
            if decision == SuggestionState.ADOPTED and i < 30:
                # An award is proposed by the office and confirmed by the leader (two people);
                # the last ones wait for the second person.
                suggestions.award(suggestion=s, actor=boss, amount=2000 if i % 2 else 1000, version=_v(s))
                if i < 24:
                    suggestions.confirm_award(suggestion=s, actor=leader, version=_v(s))
    cal = calendar.load()
    for s in made[:6:3]:
        with _at(start + dt.timedelta(days=55)):
            suggestions.follow_up(suggestion=s, actor=boss, lead_unit=_unit("YX-SJ"),
                                  deadline=_workday(cal, (now + dt.timedelta(days=45)).date()), version=_v(s))
    suggestions.regroup(campaign)
    return campaign


PROPOSALS = [
    (Kind.DEPUTY, "关于增设社区养老服务站的建议", "张代表、李代表", "YX-QS"),
    (Kind.DEPUTY, "关于解决新城学位紧张的建议", "王代表", "YX-JY"),
    (Kind.DEPUTY, "关于整治青山路夜市的建议", "赵代表", "YX-CG"),
    (Kind.DEPUTY, "关于加快老旧小区改造的建议", "刘代表等 5 人", "YX-ZJ"),
    (Kind.DEPUTY, "关于增加公交线路的建议", "陈代表", "YX-JT"),
    (Kind.DEPUTY, "关于河道治理的建议", "杨代表", "YX-SW"),
    (Kind.DEPUTY, "关于规范渣土车运输的建议", "周代表", "YX-CG"),
    (Kind.DEPUTY, "关于中小企业融资支持的建议", "吴代表", "YX-SJ"),
    (Kind.DEPUTY, "关于社区卫生服务中心建设的建议", "郑代表", "YX-WJ"),
    (Kind.DEPUTY, "关于农贸市场升级改造的建议", "孙代表", "YX-SJ"),
    (Kind.DEPUTY, "关于建设口袋公园的建议", "钱代表", "YX-ZJ"),
    (Kind.DEPUTY, "关于加强燃气安全管理的建议", "冯代表", "YX-LH"),
    (Kind.CPPCC, "关于河湾湿地保护的提案", "民盟区委会", "YX-HB"),
    (Kind.CPPCC, "关于优化营商环境的提案", "区工商联", "YX-SJ"),
    (Kind.CPPCC, "关于发展夜间经济的提案", "陈委员", "YX-BL"),
    (Kind.CPPCC, "关于职业教育产教融合的提案", "黄委员", "YX-JY"),
    (Kind.CPPCC, "关于智慧停车建设的提案", "九三学社区委会", "YX-JT"),
    (Kind.CPPCC, "关于垃圾分类长效管理的提案", "许委员", "YX-CG"),
    (Kind.CPPCC, "关于稳定就业的提案", "韩委员", "YX-RS"),
    (Kind.CPPCC, "关于老年助餐服务的提案", "冯委员", "YX-QS"),
]


def build_proposals(users, staff_of, now):
    boss = users["supervisor"]
    year = timezone.localtime(now).year
    received = (timezone.localtime(now) - dt.timedelta(days=150)).replace(hour=9, minute=0, second=0, microsecond=0)
    for i, (kind, title, who, code) in enumerate(PROPOSALS, start=1):
        with _at(received):
            p = proposals.register(actor=boss, kind=kind, year=year, serial=i, title=title,
                                   content=f"{title.removeprefix('关于').removesuffix('的建议').removesuffix('的提案')}，"
                                           "建议相关部门加强统筹、明确时间表。", proposers=who,
                                   received_on=received.date())
        if i in (19, 20):
            continue  # just received
        staff = staff_of(code)
        with _at(received + dt.timedelta(days=10)):
            proposals.assign(proposal=p, actor=boss, lead_unit=_unit(code),
                             co_units=[_unit("YX-QS")] if code == "YX-ZJ" else [], version=_v(p))
        if i == 4:
            with _at(received + dt.timedelta(days=20)):
                proposals.ask_complex(proposal=p, actor=staff, reason="涉及规划调整和多部门资金。", version=_v(p))
                proposals.decide_complex(proposal=p, actor=boss, approve=True, version=_v(p))
        if i in (2, 5, 9, 16):
            continue  # being handled; the first three months are over: overdue
        answered = received + dt.timedelta(days=40 + 5 * i)
        with _at(answered):
            proposals.answer(proposal=p, actor=staff, text=f"经研究，{title.removeprefix('关于')}所提事项已列入明年工作计划，"
                                                           "具体措施如下：一是明确责任分工；二是落实资金；三是按季度通报进展。",
                             version=_v(p))
        if i in (6, 13):
            continue  # answered, the rating not yet in
        rating = Rating.UNSATISFIED if i == 8 else (Rating.BASIC if i % 3 == 0 else Rating.SATISFIED)
        with _at(answered + dt.timedelta(days=7)):
            proposals.rate(proposal=p, actor=boss, rating=rating, note="代表委员书面反馈。", version=_v(p))


def build(users, staff_of, now):
    build_tasks(users, staff_of, now)
    build_meetings(users, staff_of, now)
    build_benchmarking(users, staff_of, now)
    build_hot_issue(users, staff_of, now)
    build_campaign(users, now)
    build_proposals(users, staff_of, now)
