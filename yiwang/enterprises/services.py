"""Every change of the enterprise registry and of the visits: an enterprise saved (by hand or by
import) with every field checked and its size computed; officials assigned (包联); a visit recorded
with its problems, each entering the 12345 loop or becoming a key task."""
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import clock
from yiwang.documents.tables import read_table
from yiwang.errors import ActionRefused, limited, required
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.privacy.masking import clean_credit_code, clean_phone
from yiwang.tasks import services as tasks
from yiwang.tasks import workflow as task_workflow
from yiwang.workorders import services as orders
from yiwang.workorders.models import Channel, OrderType

from . import industries
from .models import Assignment, Enterprise, EnterpriseLabel, Label, Problem, Rate, Visit

EDITORS = {R.SUPERVISOR, R.BUTLER}

# The market-regulation export's headings (and the product's own template) → fields.
HEADINGS = {"统一社会信用代码": "credit_code", "企业名称": "name", "法定代表人": "legal_rep",
            "注册资本(万元)": "registered_capital", "注册资本（万元）": "registered_capital", "成立日期": "founded_on",
            "行业代码": "industry", "从业人数": "staff", "营业收入(万元)": "revenue", "营业收入（万元）": "revenue",
            "资产总额(万元)": "assets", "资产总额（万元）": "assets", "所属街道": "street", "园区": "park",
            "住所": "address", "联系人": "contact_name", "联系电话": "contact_phone"}
REQUIRED = {"credit_code", "name", "industry"}


def _now():
    return clock.now()


def amount(value, field, errors, what):
    """A sum in 10,000 yuan typed on a page or in a file (thousands separators allowed), to two
    places; None when empty or wrong, with the wrong one's message put in `errors[field]`."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors[field] = _("%(what)s is not a number: %(v)s") % {"what": what, "v": value}
        return None
    if number < 0 or number >= Decimal("1e12"):
        errors[field] = _("%(what)s must be between 0 and 10^12: %(v)s") % {"what": what, "v": value}
        return None
    return number.quantize(Decimal("0.01"))


def _date(value, field, errors, what):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))
    except ValueError:
        errors[field] = _("%(what)s is not a date (YYYY-MM-DD): %(v)s") % {"what": what, "v": value}
        return None
    if not dt.date(1900, 1, 1) <= day <= timezone.localdate():
        errors[field] = _("%(what)s is not a possible date: %(v)s") % {"what": what, "v": value}
        return None
    return day


def _street(value, errors):
    if isinstance(value, Unit) or value in (None, ""):
        return value or None
    name = str(value).strip()
    unit = Unit.objects.filter(Q(name=name) | Q(code=name), kind=Unit.Kind.STREET, is_active=True).first()
    if unit is None:
        errors["street"] = _("No street is called %(v)s.") % {"v": name}
    return unit


def clean(data):
    """The checked values of an enterprise's fields, or a ValidationError naming every problem."""
    errors, out = {}, {}
    try:
        out["credit_code"] = clean_credit_code(data.get("credit_code"))
        if not out["credit_code"]:
            errors["credit_code"] = _("Give the unified social credit code.")
    except ValidationError as exc:
        errors["credit_code"] = exc.messages[0]
    for name, what, limit in (("name", _("the name"), 100), ("legal_rep", _("the legal representative"), 50),
                              ("park", _("the park"), 100), ("address", _("the address"), 200),
                              ("contact_name", _("the contact"), 50)):
        try:
            out[name] = (required if name == "name" else limited)(str(data.get(name) or ""), what, limit)
        except ActionRefused as exc:
            errors[name] = exc.message
    industry = str(data.get("industry") or "").strip()
    if industry.isdigit() and len(industry) == 1:
        industry = "0" + industry
    if not industries.is_known(industry):
        errors["industry"] = _("%(v)s is not an industry code of GB/T 4754-2017 (two to four digits).") % {
            "v": industry or "—"}
    out["industry"] = industry
    for name, what in (("registered_capital", _("The registered capital")), ("revenue", _("The revenue")),
                       ("assets", _("The total assets"))):
        out[name] = amount(data.get(name), name, errors, what)
    staff = data.get("staff")
    if staff in (None, ""):
        out["staff"] = None
    else:
        try:
            out["staff"] = int(Decimal(str(staff).strip()))
            if not 0 <= out["staff"] <= 10_000_000:
                raise ValueError
        except (InvalidOperation, ValueError):
            errors["staff"] = _("The staff is a whole number: %(v)s") % {"v": staff}
    out["founded_on"] = _date(data.get("founded_on"), "founded_on", errors, _("The founding date"))
    out["street"] = _street(data.get("street"), errors)
    try:
        out["contact_phone"] = clean_phone(str(data.get("contact_phone") or ""))
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return out


def save(*, actor, data, labels=None):
    """Create or update an enterprise by its credit code. Returns (enterprise, created)."""
    if actor is not None and not (R.roles_of(actor) & EDITORS):
        raise ActionRefused("not_allowed", _("Your role may not change the enterprise registry."))
    values = clean(data)
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().filter(credit_code=values["credit_code"]).first()
        created = enterprise is None
        enterprise = enterprise or Enterprise(credit_code=values["credit_code"])
        for name, value in values.items():
            setattr(enterprise, name, value)
        enterprise.compute()
        enterprise.updated_at = _now()
        enterprise.save()
        for code, certificate, valid_from, valid_to in labels or ():
            label = Label.objects.get(code=code)
            EnterpriseLabel.objects.update_or_create(enterprise=enterprise, label=label, defaults={
                "certificate": certificate, "valid_from": valid_from, "valid_to": valid_to})
    return enterprise, created


# ---------------------------------------------------------------- import

@dataclass
class Row:
    line: int
    credit_code: str = ""
    name: str = ""
    outcome: str = ""  # created, updated, error
    errors: list = field(default_factory=list)


def import_enterprises(*, actor, name, content):
    """The market-regulation export (or the template): each row checked and saved on its own,
    updated by its credit code (never a duplicate); the report names every row's outcome."""
    rows, _encoding = read_table(name or "", content)
    if not rows:
        raise ActionRefused("bad_file", _("The file is empty."))
    columns = [HEADINGS.get(str(h).strip(), "") for h in rows[0]]
    missing = REQUIRED - set(columns)
    if missing:
        names = {v: k for k, v in reversed(list(HEADINGS.items()))}
        raise ActionRefused("bad_file", _("The first row must name the columns; missing: %(cols)s.")
                            % {"cols": "、".join(names[m] for m in sorted(missing))})
    if len(rows) > 100_001:
        raise ActionRefused("bad_file", _("At most 100,000 enterprises are imported at once; split the file."))
    report = []
    for line, values in enumerate(rows[1:], start=2):
        if not any(str(v).strip() for v in values):
            continue
        data = {c: values[i] for i, c in enumerate(columns) if c and i < len(values)}
        row = Row(line=line, credit_code=str(data.get("credit_code") or "").strip(), name=str(data.get("name") or ""))
        try:
            enterprise, created = save(actor=actor, data=data)
        except ValidationError as exc:
            row.outcome = "error"
            row.errors = [m for ms in exc.message_dict.values() for m in ms]
        else:
            row.outcome = "created" if created else "updated"
            row.credit_code = enterprise.credit_code
        report.append(row)
    return report


def template():
    from yiwang.documents.excel import Sheet

    headings = ["统一社会信用代码", "企业名称", "法定代表人", "注册资本(万元)", "成立日期", "行业代码", "从业人数",
                "营业收入(万元)", "资产总额(万元)", "所属街道", "园区", "住所", "联系人", "联系电话"]
    sheet = Sheet(_("Enterprises"), headings, widths=(22, 24, 10, 12, 12, 8, 8, 12, 12, 10, 12, 24, 8, 14))
    sheet.row(["91370112MA3C5K8T03", "云溪味道餐饮有限公司", "韩梅梅", "50", "2019-05-20", "62", "35", "860", "420",
               "青山街道", "", "青山街道松林路26号", "韩梅梅", "13905312002"])
    return sheet.content()


# ---------------------------------------------------------------- visits

def period(rate, day):
    """[first day, first day of the next period) of the visit rate's period holding `day`."""
    if rate == Rate.MONTHLY:
        first = day.replace(day=1)
        months = 1
    elif rate == Rate.QUARTERLY:
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        months = 3
    elif rate == Rate.HALF_YEARLY:
        first = dt.date(day.year, 1 if day.month <= 6 else 7, 1)
        months = 6
    else:
        first = dt.date(day.year, 1, 1)
        months = 12
    month = first.month - 1 + months
    return first, dt.date(first.year + month // 12, month % 12 + 1, 1)


def assign(*, actor, official, enterprise, rate=Rate.QUARTERLY, since=None):
    if not (R.roles_of(actor) & task_workflow.ASSIGNERS):
        raise ActionRefused("not_allowed", _("Your role may not assign enterprises to officials."))
    if rate not in Rate.values:
        raise ActionRefused("invalid", _("Choose how often the enterprise is visited."))
    if Assignment.objects.filter(official=official, enterprise=enterprise, ended_on=None).exists():
        raise ActionRefused("exists", _("%(who)s already looks after %(name)s.") % {
            "who": official.get_username(), "name": enterprise.name})
    return Assignment.objects.create(official=official, enterprise=enterprise, rate=rate,
                                     since=since or timezone.localtime(_now()).date())


def appoint_butler(*, actor, enterprise, butler):
    """The enterprise's butler (企业管家) follows its problems and applies for policies on its
    behalf; None takes the appointment away."""
    if not (R.roles_of(actor) & task_workflow.ASSIGNERS):
        raise ActionRefused("not_allowed", _("Your role may not appoint enterprise butlers."))
    if butler is not None and R.BUTLER not in R.roles_of(butler):
        raise ActionRefused("invalid", _("%(who)s is not an enterprise butler.") % {"who": butler.get_username()})
    enterprise.butler = butler
    enterprise.updated_at = _now()
    enterprise.save(update_fields=["butler", "updated_at"])
    return enterprise


def record_visit(*, actor, enterprise, visited_on, content, people="", problems=()):
    """A visit by `actor` and the problems raised: each [{text, route}] becomes a work order in the
    12345 loop (channel 企业走访) or, for a supervisor or leader, a key task waiting to be assigned."""
    errors = {}
    today = timezone.localtime(_now()).date()
    if visited_on is None or visited_on > today or visited_on < today - dt.timedelta(days=366):
        errors["visited_on"] = _("Give the day of the visit (within the last year).")
    try:
        content = required(content, _("what was discussed"))
    except ActionRefused as exc:
        errors["content"] = exc.message
    try:
        people = limited(people, _("who took part"), 200)
    except ActionRefused as exc:
        errors["people"] = exc.message
    problems = [p for p in problems if (p.get("text") or "").strip()]
    for i, p in enumerate(problems):
        if p.get("route") not in Problem.Route.values:
            errors[f"problem_{i}"] = _("Say how problem %(n)d is followed.") % {"n": i + 1}
        elif p["route"] == Problem.Route.TASK and not (R.roles_of(actor) & task_workflow.ASSIGNERS):
            errors[f"problem_{i}"] = _("Only a supervisor or a leader turns a problem into a key task; follow it "
                                       "as a work order.")
        if len(p["text"]) > 5000:
            errors[f"problem_{i}"] = _("Problem %(n)d may have at most 5000 characters.") % {"n": i + 1}
    if errors:
        raise ValidationError(errors)
    now = _now()
    with transaction.atomic():
        visit = Visit.objects.create(enterprise=enterprise, official=actor, visited_on=visited_on, people=people,
                                     content=content, recorded_at=now)
        for p in problems:
            text = p["text"].strip()
            title = _("%(name)s: %(text)s") % {"name": enterprise.name, "text": text.splitlines()[0]}
            if p["route"] == Problem.Route.ORDER:
                order = orders.create_order(
                    actor=actor, channel=Channel.ENTERPRISE, order_type=OrderType.HELP, title=title[:200],
                    body=_("Raised on the visit of %(day)s: %(text)s") % {"day": visited_on.isoformat(), "text": text},
                    caller_name=enterprise.contact_name or enterprise.legal_rep, caller_phone=enterprise.contact_phone,
                    street=enterprise.street, address=enterprise.address, answers_optional=True)
                Problem.objects.create(visit=visit, text=text, route=Problem.Route.ORDER, order=order)
            else:
                task = tasks.create(actor=actor, source="enterprise", title=title[:200], requirement=text)
                Problem.objects.create(visit=visit, text=text, route=Problem.Route.TASK, task=task)
    return visit


def visits_due(day=None, official=None):
    """The open assignments not visited yet in their rate's current period."""
    day = day or timezone.localtime(_now()).date()
    qs = Assignment.objects.filter(ended_on=None).select_related("enterprise", "official")
    if official is not None:
        qs = qs.filter(official=official)
    assignments = list(qs)
    seen = {}
    for e, o, d in Visit.objects.filter(visited_on__gte=dt.date(day.year - 1, 1, 1), visited_on__lte=day,
                                        official__in={a.official_id for a in assignments}).values_list(
            "enterprise_id", "official_id", "visited_on"):
        seen.setdefault((e, o), []).append(d)
    due = []
    for a in assignments:
        first, nxt = period(a.rate, day)
        if not any(first <= d < nxt for d in seen.get((a.enterprise_id, a.official_id), ())):
            a.period = (first, nxt - dt.timedelta(days=1))
            due.append(a)
    return due
