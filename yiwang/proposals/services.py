"""Every change of a deputy's suggestion or CPPCC proposal, each checked by the workflow table and
written to its history; the yearly handling report by unit."""
import calendar as month_calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import clock
from yiwang.calendar import services as calendar
from yiwang.errors import ActionRefused, limited, required
from yiwang.orgs import roles as R

from . import workflow
from .models import CoOpinion, Kind, Proposal, ProposalEvent, Rating, Settings, State


def _now():
    return clock.now()


def add_months(moment, months, cal=None):
    """The end of the working day `months` months after `moment`: a due date that falls on a
    weekend or holiday moves to the next working day (an answer is due when offices are open)."""
    local = timezone.localtime(moment)
    month = local.month - 1 + months
    year, month = local.year + month // 12, month % 12 + 1
    day = dt.date(year, month, min(local.day, month_calendar.monthrange(year, month)[1]))
    cal = cal or calendar.load()
    while not cal.is_workday(day):
        day += dt.timedelta(days=1)
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_current_timezone())


def _event(p, action, actor, from_state, note="", data=None, at=None):
    return ProposalEvent.objects.create(case=p, action=action, actor=actor, actor_unit=R.unit_of(actor),
                                        from_status=from_state, to_status=p.state, note=note, data=data or {},
                                        at=at or _now())


def register(*, actor, kind, year, serial, title, content, proposers, received_on):
    if not (R.roles_of(actor) & workflow.OFFICE):
        raise ActionRefused("not_allowed", _("Your role may not register deputies' suggestions or proposals."))
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose a deputy's suggestion or a CPPCC proposal.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("Give the year, e.g. 2026.")
    if not isinstance(serial, int) or serial <= 0:
        errors["serial"] = _("Give its number, a whole number above zero.")
    for field, value, what, limit in (("title", title, _("the title"), 200), ("content", content, _("the content"),
                                                                               None),
                                      ("proposers", proposers, _("the proposers"), 200)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    if received_on is None:
        errors["received_on"] = _("Give the date it was received.")
    if not errors and Proposal.objects.filter(kind=kind, year=year, serial=serial).exists():
        errors["serial"] = _("Number %(n)s of %(year)s is already registered.") % {"n": serial, "year": year}
    if errors:
        raise ValidationError(errors)
    now = _now()
    try:
        with transaction.atomic():
            p = Proposal.objects.create(kind=kind, year=year, serial=serial, title=title.strip(), content=content.strip(),
                                        proposers=proposers.strip(), received_on=received_on, created_by=actor,
                                        created_at=now)
            _event(p, "register", actor, "", at=now)
    except IntegrityError:
        raise ValidationError({"serial": _("Number %(n)s of %(year)s is already registered.")
                               % {"n": serial, "year": year}}) from None
    return p


def _acting(code, p, actor, version):
    return workflow.TABLE.acting(
        Proposal.objects, p, code, actor, version, now=_now(),
        stale=_("This was changed by someone else while you were looking at it. Reload "
                "the page to see the change, then try again."),
        record=lambda locked, step: _event(locked, code, actor, step.from_state, step.note, step.data, at=step.now))


def assign(*, proposal, actor, lead_unit, co_units=(), version):
    """交办: answered in writing within the months the settings give, from today."""
    if lead_unit is None or not lead_unit.is_active:
        raise ActionRefused("missing", _("Choose the lead unit."))
    with _acting("assign", proposal, actor, version) as step:
        p = step.case
        p.lead_unit, p.assigned_at = lead_unit, step.now
        p.co_units.set([u for u in co_units if u != lead_unit])
        p.due = add_months(step.now, Settings.current().answer_months)
        step.data = {"lead_unit": lead_unit.name, "co_units": [u.name for u in co_units if u != lead_unit],
                     "due": timezone.localtime(p.due).date().isoformat()}


def ask_complex(*, proposal, actor, reason, version):
    with _acting("ask_complex", proposal, actor, version) as step:
        step.case.complex_reason = step.note = required(reason, _("why it is complex"))


def decide_complex(*, proposal, actor, approve, note="", version):
    with _acting("decide_complex", proposal, actor, version) as step:
        p = step.case
        p.complex_approved = bool(approve)
        step.note = limited(note, _("the note")) if approve else required(note, _("why it is not complex"))
        if approve:
            p.due = add_months(p.assigned_at, Settings.current().complex_months)
        step.data = {"approved": bool(approve), "due": timezone.localtime(p.due).date().isoformat()}


def co_opinion(*, proposal, actor, text, version):
    with _acting("co_opinion", proposal, actor, version) as step:
        step.note = required(text, _("the opinion"))
        CoOpinion.objects.create(proposal=step.case, unit=R.unit_of(actor), author=actor, text=step.note,
                                 at=step.now)


def answer(*, proposal, actor, text, version):
    with _acting("answer", proposal, actor, version) as step:
        p = step.case
        p.answer = step.note = required(text, _("the written answer"), 20000)
        p.answered_at = step.now
        p.answered_on_time = bool(p.due and step.now <= p.due)
        step.data = {"on_time": p.answered_on_time}


def rate(*, proposal, actor, rating, note="", version):
    """The proposer's rating of the answer; 不满意 sends it back to the lead unit to be handled again."""
    if rating not in Rating.values:
        raise ActionRefused("invalid", _("Choose satisfied, basically satisfied or unsatisfied."))
    with _acting("rate", proposal, actor, version) as step:
        p = step.case
        p.rating, p.rated_at = rating, step.now
        step.note = limited(note, _("the note"))
        if rating == Rating.UNSATISFIED:
            p.state = State.HANDLING
            p.rework_count += 1
            p.due = add_months(step.now, Settings.current().rework_months)
            p.answered_at = None
        else:
            p.state = State.CLOSED
        step.data = {"rating": rating}


def urge(*, proposal, actor, text, version):
    with _acting("urge", proposal, actor, version) as step:
        step.note = required(text, _("the urge notice"))


def yearly_report(year):
    """[{unit, assigned, answered, on_time, satisfied, basic, unsatisfied, reworked, open}] by lead unit."""
    qs = Proposal.objects.filter(year=year, lead_unit__isnull=False)
    rows = qs.values("lead_unit", "lead_unit__name").annotate(
        assigned=Count("pk"), answered=Count("pk", filter=Q(state__in=[State.ANSWERED, State.CLOSED])),
        on_time=Count("pk", filter=Q(answered_on_time=True)),
        satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)), basic=Count("pk", filter=Q(rating=Rating.BASIC)),
        unsatisfied=Count("pk", filter=Q(rating=Rating.UNSATISFIED)), reworked=Count("pk", filter=Q(rework_count__gt=0)),
        open=Count("pk", filter=Q(state__in=[State.HANDLING, State.ANSWERED]))).order_by("lead_unit__name")
    out = []
    for r in rows:
        unit, name = r.pop("lead_unit"), r.pop("lead_unit__name")
        out.append({"unit": unit, "name": name, **r})
    return out
