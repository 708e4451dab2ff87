"""Loads the demo district into a freshly migrated database, walking each demo request
through the real services so that its timeline and deadlines are genuine."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from yiwang.calendar.services import year_end_warning
from yiwang.insight import services as insight
from yiwang.insight.models import ModelVersion
from yiwang.orgs.models import Staff, Unit
from yiwang.workorders import services
from yiwang.workorders.models import Category, Channel, RoutingRule, WorkOrder

from . import assistance, data, enterprises, followthrough, hall, history, projects


def _unit(code, name, kind, parent=None, handles=True):
    unit, _ = Unit.objects.update_or_create(code=code, defaults={
        "name": name, "kind": kind, "parent": parent, "handles_orders": handles})
    return unit


def build_org():
    K = Unit.Kind
    district = _unit(*data.DISTRICT, K.DISTRICT, handles=False)
    _unit(*data.CENTRE, K.CENTRE, district, handles=False)
    for code, name in data.BUREAUS:
        _unit(code, name, K.BUREAU, district)
    for code, name in data.ENTERPRISES:
        _unit(code, name, K.ENTERPRISE, district)
    for code, name, parent in data.SECTIONS:
        _unit(code, name, K.SECTION, Unit.objects.get(code=parent))
    for code, name, communities in data.STREETS:
        street = _unit(code, name, K.STREET, district)
        for c_code, c_name, grids in communities:
            community = _unit(c_code, c_name, K.COMMUNITY, street)
            for i, g_name in enumerate(grids, start=1):
                _unit(f"{c_code}-G{i}", g_name, K.GRID, community, handles=False)


def _user(username, display, role_codes, unit_code):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(data.PASSWORD)
    # The system and the security administrators work in the admin; no demo account is a
    # superuser, so the three administrators stay apart (三员分立).
    user.is_staff = bool({"admin", "security"} & set(role_codes))
    user.is_superuser = False
    user.save()
    user.groups.set([Group.objects.get_or_create(name=r)[0] for r in role_codes])
    Staff.objects.update_or_create(user=user, defaults={"unit": Unit.objects.get(code=unit_code),
                                                        "display_name": display})
    return user


def build_users():
    users = {u[0]: _user(*u) for u in data.USERS}
    named_units = {u[3] for u in data.USERS}
    # Every other handling unit gets one staff account, so the demo can follow any order.
    for unit in Unit.objects.filter(handles_orders=True).exclude(code__in=named_units):
        users[unit.code] = _user(f"u_{unit.code.lower().replace('-', '_')}", f"{unit.name}经办人",
                                 ["unit_staff", "unit_head"], unit.code)
    return users


def build_categories():
    for l1, level2 in data.CATEGORIES.items():
        c1, _ = Category.objects.get_or_create(parent=None, name=l1)
        for l2, level3 in level2.items():
            c2, _ = Category.objects.get_or_create(parent=c1, name=l2)
            for l3 in level3:
                Category.objects.get_or_create(parent=c2, name=l3)
    # Street problems a city's Open311 clients may report (docs/api.md).
    for path, description, fields in data.OPEN311_SERVICES:
        category = _category(path)
        category.public, category.description, category.form_fields = True, description, fields
        category.save()


def build_routing():
    for path, street, unit in data.ROUTING:
        RoutingRule.objects.get_or_create(
            category=_category(path), street=Unit.objects.get(code=street) if street else None,
            defaults={"unit": Unit.objects.get(code=unit)})


def train_classifier(admin):
    """The classifier learns from the demo's closed orders, so suggestions show from the first
    minute (trained after the demo's transaction commits, like any training)."""
    insight.start_training(actor=admin, source=ModelVersion.Source.ORDERS, note="演示：由已办结工单训练")


def _category(path):
    node = None
    for name in path.split("/"):
        node = Category.objects.get(parent=node, name=name)
    return node


def _staff_of(users, unit_code):
    for username, _display, roles, code in data.USERS:
        if code == unit_code and ("unit_staff" in roles or "unit_head" in roles):
            return users[username]
    return users[unit_code]


def _head_of(users, unit_code):
    for username, _display, roles, code in data.USERS:
        if code == unit_code and "unit_head" in roles:
            return users[username]
    return users[unit_code] if unit_code in users else _staff_of(users, unit_code)


def build_orders(users, now):
    agent, dispatcher = users["agent"], users["dispatcher"]
    callback, supervisor = users["callback"], users["supervisor"]
    channels = [Channel.PHONE, Channel.PHONE, Channel.WEB, Channel.WECHAT, Channel.APP, Channel.PHONE,
                Channel.EMAIL, Channel.GRID, Channel.PHONE, Channel.MEDIA]
    hours = dt.timedelta(hours=1)
    for index, req in enumerate(data.REQUESTS):
        (order_type, urgency, category, street, community, address, title, body, caller, phone, unit_code) = req
        journey = data.JOURNEYS[index % len(data.JOURNEYS)]
        ages = {"pending_dispatch": 0.3, "pending_dispatch_old": 5, "pending_sign": 2, "handling_overdue": 240,
                "handling_red": 130, "pending_callback": 80}
        start = now - hours * ages.get(journey, 30 + index)
        lead = Unit.objects.get(code=unit_code)
        staff = _staff_of(users, unit_code)

        def at(offset_hours, start=start):
            return services.backfill_at(start + hours * offset_hours)

        def v(order):
            order.refresh_from_db()
            return order.version

        with at(0):
            order = services.create_order(
                actor=agent, channel=channels[index % len(channels)], order_type=order_type, urgency=urgency,
                title=title, body=body, caller_name=caller, caller_phone=phone, category=_category(category),
                street=Unit.objects.filter(code=street).first(), community=Unit.objects.filter(code=community).first(),
                address=address, confidential=(index == 6))
        if journey.startswith("pending_dispatch"):
            continue
        if journey == "answered":
            with at(0.1):
                services.answer_now(order=order, actor=agent, version=v(order),
                                    answer="已按政策向来电人解答：可通过“云溪政务服务”网上办理，所需材料以办事指南为准。")
            continue
        if journey == "returned":
            wrong = Unit.objects.get(code="YX-QS")
            with at(0.5):
                services.dispatch(order=order, actor=dispatcher, lead_unit=wrong, version=v(order))
            with at(2):
                services.send_back(order=order, actor=_staff_of(users, "YX-QS"), version=v(order),
                                   reason="该事项属于行业主管部门职责，非本街道管辖范围。")
            continue
        with at(0.5):
            services.dispatch(order=order, actor=dispatcher, lead_unit=lead, version=v(order),
                              co_units=[Unit.objects.get(code=street)] if street and index % 3 == 0 else [])
        if journey == "pending_sign":
            continue
        with at(1):
            services.sign_for(order=order, actor=staff, version=v(order))
        if journey == "handling_overdue":
            with at(200):
                services.issue_notice(order=order, actor=supervisor, kind="urge", version=v(order),
                                      text="该工单即将超期，请抓紧办理并及时反馈。")
        if journey.startswith("handling"):
            continue
        if journey == "extension_pending":
            with at(3):
                services.request_extension(order=order, actor=staff, workdays=5, version=v(order),
                                           reason="需协调多个部门现场勘查，申请延期。")
            continue
        if journey == "suspended":
            with at(3):
                services.suspend(order=order, actor=supervisor, version=v(order),
                                 reason="等待法院判决结果，暂停计时。")
            continue
        with at(20):
            services.reply(order=order, actor=staff, version=v(order),
                           answer="经现场核实，已督促责任方整改完毕，并向来电人说明了处理情况。")
        if journey == "pending_callback":
            continue
        if journey == "rework":
            with at(25):
                services.callback(order=order, actor=callback, satisfaction="unsatisfied", solved="no", version=v(order),
                                  note="来电人表示问题仍未解决，要求重新处理。")
            continue
        with at(25):
            services.callback(order=order, actor=callback, satisfaction="satisfied", solved="yes", version=v(order),
                              note="来电人对处理结果表示满意。")


def load(out=print):
    if WorkOrder.objects.exists():
        raise RuntimeError("the database already has work orders; load the demo into a fresh database")
    now = timezone.now()
    warning = year_end_warning()
    if warning:  # the demo enters no year by hand: a district does that from the State Council's notice
        out(warning)
    with transaction.atomic():
        build_org()
        hall.build_units()
        users = build_users()
        build_categories()
        build_orders(users, now)
        hall.build_catalogue()
        hall.build_applications(users, now)
        history.build_history(users, now, _category)
        history.build_ratings_and_reports(users, now)
        history.walk_rectifications(users)
        history.build_map_and_rollups(users)
        followthrough.build(users, lambda code: _staff_of(users, code), now)
        enterprises.build(users, lambda code: _staff_of(users, code), now)
        projects.build(users, lambda code: _staff_of(users, code), now)
        assistance.build(users, now)
        build_routing()
        train_classifier(users["admin"])
    return users
