"""Every change of the enterprise registry and of the visits: an enterprise saved (by hand or by
import) with every field checked and its size computed; officials assigned (包联); a visit recorded
with its problems, each entering the 12345 loop or becoming a key task."""
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import clock
from yiwang.errors import ActionRefused, limited, required
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.privacy.masking import clean_credit_code, clean_phone
from yiwang.tasks import services as tasks
from yiwang.tasks import workflow as task_workflow
from yiwang.workorders import services as orders
from yiwang.workorders.models import Channel, OrderType

from .models import Assignment, Enterprise, EnterpriseLabel, Label, PortalProblem, Problem, Rate, Status, Visit

EDITORS = {R.SUPERVISOR, R.BUTLER}
FIELDS = ["credit_code", "name", "legal_rep", "registered_capital", "founded_on", "industry", "staff", "revenue",
          "assets", "street", "park", "address", "contact_name", "contact_phone"]


def _now():
    return clock.now()


def amount(value, field, errors, what):
    """A sum in 10,000 yuan typed on a page or in a file (thousands separators allowed), to two
    places, below 1 trillion yuan (10^8 × 10,000 yuan); None when empty or wrong, with the wrong one's message
    put in `errors[field]`."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors[field] = _("%(what)s is not a number: %(v)s") % {"what": what, "v": value}
        return None
    if number < 0 or number >= Decimal("1e8"):
        errors[field] = _("%(what)s must be between 0 and 1 trillion yuan (100,000,000 × 10,000 yuan): %(v)s") % {
            "what": what, "v": value}
        return None
    return number.quantize(Decimal("0.01"))


def _street(value, errors):
    if isinstance(value, Unit) or value in (None, ""):
        return value or None
    name = str(value).strip()
    unit = Unit.objects.filter(Q(name=name) | Q(code=name), kind=Unit.Kind.STREET, is_active=True).first()
    if unit is None:
        errors["street"] = _("No street is called %(v)s.") % {"v": name}
    return unit


def clean(data):
    """The checked values of an enterprise's fields, or a ValidationError naming every problem.
    Cells are read by the import's rules (full-width digits, dates as 2019/3/7, ...)."""
    from . import importing

    errors, out = {}, {}
    try:
        out["credit_code"] = clean_credit_code(importing.half_width(data.get("credit_code") or "").upper())
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
    try:
        out["industry"] = importing.parse_industry(industry) if industry else ""
    except ValidationError as exc:
        errors["industry"] = exc.messages[0]
    if not industry:
        errors["industry"] = _("Give the industry (a GB/T 4754-2017 division, group or class).")
    for name, what in (("registered_capital", _("The registered capital")), ("revenue", _("The revenue")),
                       ("assets", _("The total assets"))):
        out[name] = amount(data.get(name), name, errors, what)
    staff = data.get("staff")
    out["staff"] = None
    if staff not in (None, ""):
        try:
            out["staff"] = importing.parse_staff(staff)
        except ValidationError as exc:
            errors["staff"] = exc.messages[0]
    out["founded_on"] = None
    if data.get("founded_on") not in (None, ""):
        try:
            out["founded_on"] = importing.parse_date(data["founded_on"])
        except ValidationError as exc:
            errors["founded_on"] = _("The founding date: %(problem)s") % {"problem": exc.messages[0]}
    out["street"] = _street(data.get("street"), errors)
    try:
        out["contact_phone"] = clean_phone(str(data.get("contact_phone") or ""))
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return out


def _may_edit(actor):
    if actor is not None and not (R.roles_of(actor) & EDITORS):
        raise ActionRefused("not_allowed", _("Your role may not change the enterprise registry."))


class Exists(ActionRefused):
    """The credit code is in the registry already: adding never overwrites; the caller links to it."""

    def __init__(self, enterprise):
        super().__init__("exists", _("%(name)s (%(code)s) is in the registry already: open it to correct it.") % {
            "name": enterprise.name, "code": enterprise.credit_code})
        self.enterprise = enterprise


def _labels(enterprise, labels):
    for code, certificate, valid_from, valid_to in labels or ():
        label = Label.objects.get(code=code)
        EnterpriseLabel.objects.update_or_create(enterprise=enterprise, label=label, defaults={
            "certificate": certificate, "valid_from": valid_from, "valid_to": valid_to})


def add(*, actor, data, labels=None):
    """A new enterprise. A credit code the registry holds is refused (Exists, naming it): adding
    must never overwrite what the office keeps."""
    _may_edit(actor)
    values = clean(data)
    with transaction.atomic():
        found = Enterprise.objects.select_for_update().filter(credit_code=values["credit_code"]).first()
        if found is not None:
            raise Exists(found)
        enterprise = Enterprise(**values, updated_at=_now())
        enterprise.compute()
        enterprise.save()
        _labels(enterprise, labels)
    return enterprise


def update(*, actor, enterprise, data, fields=None):
    """Correct an enterprise: the fields given (all of the form's, or `fields`) take their new
    values; its credit code never changes."""
    _may_edit(actor)
    values = clean(dict(data, credit_code=enterprise.credit_code))
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        for name in fields or [f for f in FIELDS if f != "credit_code"]:
            setattr(locked, name, values[name])
        locked.compute()
        locked.updated_at = _now()
        locked.save()
    enterprise.refresh_from_db()
    return enterprise


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


PROBLEM_MAX_CHARS = 2000


def raise_problem(*, enterprise, text, actor=None):
    """A problem the enterprise raises on its portal: a 12345 order (channel 企业) of this enterprise,
    linked to it, so that the enterprise's page and portal find it by the enterprise, not by a phone."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the problem.")})
    if len(text) > PROBLEM_MAX_CHARS:
        raise ValidationError({"text": _("A problem may have at most %(max)d characters (this one has %(n)d).") % {
            "max": PROBLEM_MAX_CHARS, "n": len(text)}})
    with transaction.atomic():
        order = orders.create_order(
            actor=None, channel=Channel.ENTERPRISE, order_type=OrderType.HELP,
            title=(_("%(name)s: %(text)s") % {"name": enterprise.name, "text": text.splitlines()[0]})[:200], body=text,
            caller_name=enterprise.contact_name or enterprise.legal_rep, caller_phone=enterprise.contact_phone,
            street=enterprise.street, address=enterprise.address, answers_optional=True)
        PortalProblem.objects.create(enterprise=enterprise, order=order, raised_by=actor, raised_at=order.created_at)
    return order


def visits_due(day=None, official=None):
    """The open assignments not visited yet in their rate's current period."""
    day = day or timezone.localtime(_now()).date()
    qs = Assignment.objects.filter(ended_on=None, enterprise__status=Status.ACTIVE).select_related("enterprise",
                                                                                                   "official")
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
