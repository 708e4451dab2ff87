"""Every write of 好差评: rating a case, the 找茬 report, and each step of a rectification case.
A bad rating opens its rectification case in the same transaction."""
import contextlib
import hmac
import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import clock
from yiwang.calendar import services as calendar
from yiwang.errors import ActionRefused
from yiwang.links import public_url
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.privacy.masking import clean_phone
from yiwang.services.models import Application
from yiwang.services.models import Status as AppStatus
from yiwang.workorders.models import Assignment, Satisfaction, WorkOrder
from yiwang.workorders.models import Status as OrderStatus

from . import workflow
from .models import (
    INDICATORS, Level, Rating, RatingChannel, Rectification, RectificationEvent, Settings, State,
    TextMessage,
)

log = logging.getLogger(__name__)
_now = clock.now

# What the 12345 callback's three answers mean on the five-level scale.
CALLBACK_LEVEL = {Satisfaction.SATISFIED: Level.SATISFIED, Satisfaction.BASIC: Level.BASIC,
                  Satisfaction.UNSATISFIED: Level.UNSATISFIED}
RATEABLE_APPLICATION = (AppStatus.DELIVERED, AppStatus.REJECTED)


# ---------------------------------------------------------------- links

def kind_of(case):
    return "o" if isinstance(case, WorkOrder) else "a"


def case_by_kind(kind, number):
    model = {"o": WorkOrder, "a": Application}.get(kind)
    return model.objects.filter(number=number).first() if model else None


def _token(value):
    return signing.Signer(salt="yiwang.reviews").signature(value)[:20]


def token_matches(value, token):
    return hmac.compare_digest(_token(value), token or "")


def rating_url(case, via, request=None):
    """The rating link a receipt's QR code, a text message or the portal carries."""
    kind = kind_of(case)
    path = reverse("rate:rate", args=[kind, case.number, _token(f"{kind}:{case.number}")])
    return public_url(f"{path}?via={via}", request)


def case_url(rect, request=None):
    """The rater's own page of a rectification case: its progress, the feedback, the appeal."""
    return public_url(reverse("rate:case", args=[rect.number, _token(f"r:{rect.number}")]), request)


# ---------------------------------------------------------------- rating

def responsible_unit(case):
    """Who answers for a rating: the item's unit; the order's (last) lead unit; and for an
    order the hotline answered itself (即时办结) or closed without a unit, the hotline centre
    whose agent did it (else the district's 12345 centre)."""
    if isinstance(case, Application):
        return case.item.unit
    if case.lead_unit_id:
        return case.lead_unit
    last = case.assignments.filter(role=Assignment.Role.LEAD).order_by("-dispatched_at").first()
    if last:
        return last.unit
    closing = case.events.filter(action__in=["answer_now", "close", "callback"], actor_unit__isnull=False).last()
    if closing is not None:
        return closing.actor_unit
    return Unit.objects.filter(kind=Unit.Kind.CENTRE, is_active=True).order_by("code").first()


def rating_refusal(case):
    """Why `case` cannot be rated now, or None."""
    if isinstance(case, WorkOrder):
        if case.status != OrderStatus.CLOSED:
            return _("A request can be rated once it is closed.")
    elif case.status not in RATEABLE_APPLICATION:
        return _("An application can be rated once it is finished.")
    if Rating.objects.filter(**{"order" if isinstance(case, WorkOrder) else "application": case}).exists():
        return _("This case has already been rated; you may add a supplementary comment.")
    return None


def indicator_set_for(case, channel):
    if channel == RatingChannel.CALLBACK:
        return ""
    if isinstance(case, WorkOrder):  # a 12345 request, not an online application
        return "hotline"
    if channel == RatingChannel.PAD or case.channel == Application.Channel.WINDOW:
        return "hall"
    return "online"


def _clean_indicators(indicator_set, indicators):
    known = dict(INDICATORS.get(indicator_set, []))
    cleaned = {}
    for code, value in (indicators or {}).items():
        if value in (None, ""):
            continue
        if code not in known:
            raise ActionRefused("bad_indicator", _("Unknown indicator: %(code)s.") % {"code": code})
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise ActionRefused("bad_indicator", _("Score “%(label)s” from 1 to 5.") % {"label": known[code]})
        cleaned[code] = score
    return cleaned


def rate(*, case, level, channel, indicators=None, comment="", rater_name="", rater_phone=""):
    """Record the one rating of a finished case; a bad rating opens its rectification case."""
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in Level.values:
        raise ActionRefused("bad_level", _("Choose one of the five levels, from very satisfied to very unsatisfied."))
    if channel not in RatingChannel.values:
        raise ActionRefused("bad_channel", _("Unknown rating channel: %(v)s.") % {"v": channel})
    indicator_set = indicator_set_for(case, channel)
    indicators = _clean_indicators(indicator_set, indicators)
    try:
        rater_phone = clean_phone(rater_phone)
    except ValidationError as exc:
        raise ActionRefused("bad_phone", exc.messages[0]) from None
    rater_name = (rater_name or "").strip()[:50]
    if rater_name and not rater_phone:  # a named rater is called back on the case's own number
        rater_phone = case.caller_phone if isinstance(case, WorkOrder) else case.contact_phone
    try:
        with transaction.atomic():
            locked = type(case).objects.select_for_update(of=("self",)).get(pk=case.pk)
            reason = rating_refusal(locked)
            if reason:
                raise ActionRefused("not_rateable", reason)
            rating = Rating.objects.create(
                level=level, channel=channel, indicator_set=indicator_set, indicators=indicators,
                comment=(comment or "").strip(), rater_name=rater_name, rater_phone=rater_phone,
                unit=responsible_unit(locked), rated_at=_now(),
                **{"order" if isinstance(case, WorkOrder) else "application": locked})
            if rating.is_bad and rating.unit is not None:
                _open_case(source=Rectification.Source.RATING, unit=rating.unit, rating=rating,
                           summary=rating.comment or rating.get_level_display(), name=rater_name, phone=rater_phone)
    except IntegrityError:  # two raters at once: the database keeps one
        raise ActionRefused("not_rateable", _("This case has already been rated; you may add a supplementary "
                                              "comment.")) from None
    return rating


def supplement(*, rating, text):
    """补充评价: one later comment on an existing rating; the level itself never changes."""
    text = (text or "").strip()
    if not text:
        raise ActionRefused("missing", _("Please write the supplementary comment."))
    with transaction.atomic():
        locked = Rating.objects.select_for_update().get(pk=rating.pk)
        if locked.supplemented_at:
            raise ActionRefused("done", _("A supplementary comment was already added."))
        locked.supplement, locked.supplemented_at = text, _now()
        locked.save(update_fields=["supplement", "supplemented_at"])
    rating.refresh_from_db()
    return rating


def rate_from_callback(order):
    """The callback that closed an order is its rating (channel: callback), unless the caller
    already rated it another way."""
    callback = order.callbacks.order_by("-at").first()
    if callback is None or rating_refusal(order):
        return None
    return rate(case=order, level=CALLBACK_LEVEL[callback.satisfaction], channel=RatingChannel.CALLBACK,
                comment=callback.note, rater_name=order.caller_name, rater_phone=order.caller_phone)


def invite(case):
    """Queue a text message with the rating link to the case's phone (one per case)."""
    if not Settings.current().invite_by_text:
        return None
    phone = case.caller_phone if isinstance(case, WorkOrder) else case.contact_phone
    if not phone or rating_refusal(case):
        return None
    purpose = f"rate:{kind_of(case)}:{case.number}"
    if TextMessage.objects.filter(purpose=purpose).exists():
        return None
    body = _("[yiwang] Your case %(number)s is finished. Please rate our service: %(url)s") % {
        "number": case.number, "url": rating_url(case, RatingChannel.SMS)}
    return TextMessage.objects.create(phone=phone, body=body, purpose=purpose, created_at=_now())


# ---------------------------------------------------------------- rectification cases

def _due(now):
    try:
        return calendar.load().deadline(now, Settings.current().rectify_workdays)
    except ActionRefused:  # a year the calendar does not know yet: the case opens without a limit
        log.warning("rectification opened without a deadline: the calendar does not cover %s", now)
        return None


def _case_event(case, action, actor, from_state, note="", data=None, at=None):
    return RectificationEvent.objects.create(
        case=case, action=action, actor=actor, actor_unit=R.unit_of(actor), from_status=from_state,
        to_status=case.state, note=note, data=data or {}, at=at or _now())


def _open_case(*, source, unit, summary, rating=None, place="", name="", phone=""):
    now = _now()
    case = Rectification.objects.create(source=source, rating=rating, unit=unit, summary=summary, place=place,
                                        reporter_name=name, reporter_phone=phone, created_at=now, due=_due(now))
    case.give_number(now)
    case.save(update_fields=["number"])
    _case_event(case, "open", None, "", data={"source": source, "unit": unit.name}, at=now)
    if phone:  # the rater is told where to follow the case, and may appeal from there
        _text_rater(case, "opened", _("[yiwang] We are sorry. Your report %(number)s has gone to %(unit)s to be put "
                                      "right. Follow it and appeal here: %(url)s"))
    return case


def _text_rater(case, moment, template):
    """A text message to the rater with their case page (outbox: the district's SMS gateway sends it)."""
    purpose = f"case:{case.number}:{moment}"
    if not case.reporter_phone or TextMessage.objects.filter(purpose=purpose).exists():
        return None
    body = template % {"number": case.number, "unit": case.unit.name, "url": case_url(case)}
    return TextMessage.objects.create(phone=case.reporter_phone, body=body, purpose=purpose, created_at=_now())


def report_fault(*, unit, description, place="", name="", phone=""):
    """找茬: anyone reports a bad service experience; it is handled like a bad rating."""
    errors = {}
    if unit is None or not unit.is_active:
        errors["unit"] = _("Choose the unit or service place concerned.")
    if not (description or "").strip():
        errors["description"] = _("Please describe what happened.")
    try:
        phone = clean_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    if (name or "").strip() and not phone:
        errors["phone"] = _("Leave a phone number so that we can call you back.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _open_case(source=Rectification.Source.FAULT, unit=unit, summary=description.strip(),
                          place=(place or "").strip()[:200], name=(name or "").strip()[:50], phone=phone)


def _required(value, what):
    value = (value or "").strip()
    if not value:
        raise ActionRefused("missing", _("Please fill in %(what)s.") % {"what": what})
    return value


class Step:
    def __init__(self, case, action, actor, now):
        self.case, self.action, self.actor, self.now = case, action, actor, now
        self.from_state = case.state
        self.note = ""
        self.data = {}


@contextlib.contextmanager
def _acting(code, case, actor, version, check=True):
    with transaction.atomic():
        locked = Rectification.objects.select_for_update().get(pk=case.pk)
        if version is not None and str(version).strip() != str(locked.version):
            raise ActionRefused("stale", _("This case was changed by someone else while you were looking at it. "
                                           "Reload the page to see the change, then try again."))
        action = workflow.check(code, locked, actor) if check else None
        step = Step(locked, code, actor, _now())
        yield step
        if action is not None and action.target is not None and locked.state == step.from_state:
            locked.state = action.target
        locked.version += 1
        locked.save()
        _case_event(locked, code, actor, step.from_state, step.note, step.data, at=step.now)
    case.refresh_from_db()


def verify(*, case, actor, note, version):
    with _acting("verify", case, actor, version) as step:
        step.case.verification = step.note = _required(note, _("what the verification found"))


def rectify(*, case, actor, result, version):
    with _acting("rectify", case, actor, version) as step:
        step.case.result = step.note = _required(result, _("what was rectified"))
        step.case.concluded_at = step.now


def propose(*, case, actor, conclusion, reason, version):
    """The unit proposes 无法整改 or 无效差评; a supervisor approves or sends it back."""
    code = {State.CANNOT: "propose_cannot", State.INVALID: "propose_invalid"}.get(conclusion)
    if code is None:
        raise ActionRefused("bad_value", _("Propose either “cannot be rectified” or “invalid bad rating”."))
    with _acting(code, case, actor, version) as step:
        step.case.result = step.note = _required(reason, _("the reason"))
        step.case.proposed = conclusion
        step.data = {"proposed": conclusion}


def decide(*, case, actor, approve, note="", version):
    code = "approve" if approve else "disapprove"
    with _acting(code, case, actor, version) as step:
        c = step.case
        step.note = note if approve else _required(note, _("why the proposal is not approved"))
        step.data = {"proposed": c.proposed}
        if approve:
            c.state, c.concluded_at = c.proposed, step.now
        else:
            c.due = _due(step.now) if c.due is None or c.due < step.now else c.due
        c.proposed = ""


def give_feedback(*, case, actor, text, version):
    with _acting("give_feedback", case, actor, version) as step:
        step.case.feedback = step.note = _required(text, _("the feedback to the rater"))
        step.case.feedback_at = step.now
    _text_rater(case, "feedback", _("[yiwang] %(unit)s has answered your report %(number)s. Read the answer, and "
                                    "appeal if you do not accept it: %(url)s"))


def call_back(*, case, actor, note, version):
    with _acting("call_back", case, actor, version) as step:
        step.case.callback_note = step.note = _required(note, _("what the rater said"))
        step.case.called_back_at = step.now


def appeal_deadline(case):
    start = case.feedback_at or case.concluded_at
    if start is None:
        return None
    try:
        return calendar.load().deadline(start, Settings.current().appeal_workdays)
    except ActionRefused:
        return None


def appeal_refusal(case):
    if case.state not in workflow.APPEAL_SOURCES:
        return _("An appeal is possible once the case has a conclusion.")
    if case.appealed_at:
        return _("The case was already appealed once.")
    limit = appeal_deadline(case)
    if limit is not None and _now() > limit:
        return _("The time to appeal ended at %(t)s.") % {"t": timezone.localtime(limit).strftime("%Y-%m-%d %H:%M")}
    return None


def appeal(*, case, text):
    """The rater's appeal (申诉) from their own case page: a supervisor reviews it."""
    with _acting("appeal", case, None, None, check=False) as step:
        reason = appeal_refusal(step.case)
        if reason:
            raise ActionRefused("not_allowed", reason)
        step.case.appeal = step.note = _required(text, _("why you disagree"))
        step.case.appealed_at, step.case.appeal_from = step.now, step.from_state
        step.case.state = State.APPEALED


def review_appeal(*, case, actor, reopen, note="", version):
    code = "reopen" if reopen else "uphold"
    with _acting(code, case, actor, version) as step:
        c = step.case
        step.note = _required(note, _("the review's reasons"))
        if reopen:
            c.due, c.concluded_at, c.feedback_at = _due(step.now), None, None
        else:
            c.state = c.appeal_from
