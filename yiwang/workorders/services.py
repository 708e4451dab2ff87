"""Every change to a work order. Each action: lock the row, compare the version the user saw,
check the workflow table, change the state and derived fields, append the timeline event."""
import contextlib
import datetime as dt
import os
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import clock
from yiwang.clock import backfill_at  # noqa: F401  (the loaders use it from here)
from yiwang.documents import uploads
from yiwang.errors import ActionRefused
from yiwang.orgs import places
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.privacy.masking import clean_id_number, clean_phone

from . import deadlines, workflow
from .signals import order_closed, order_corrected, order_filed
from .models import (
    OPEN_STATUSES, Assignment, Attachment, Callback, Channel, ExtensionRequest, Notice, OrderEvent, OrderType,
    Satisfaction, Status, SuspensionRequest, Urgency, WorkOrder,
)


_now = clock.now


class Step:
    """The order being changed inside _acting, plus what the timeline event will say."""

    def __init__(self, order, action, actor, clock):
        self.order, self.action, self.actor, self.clock = order, action, actor, clock
        self.from_status = order.status
        self.note = ""
        self.data = {}


def _required(value, what):
    value = (value or "").strip()
    if not value:
        raise ActionRefused("missing", _("Please fill in %(what)s.") % {"what": what})
    return _limited(value, what)


def _limited(value, what, limit=None):
    limit = limit or settings.TEXT_MAX_CHARS
    if len(value) > limit:
        raise ActionRefused("too_long", _("%(what)s may have at most %(max)d characters (this has %(n)d).")
                            % {"what": what, "max": limit, "n": len(value)})
    return value


def _event(order, action, actor, from_status, note="", data=None, at=None):
    return OrderEvent.objects.create(
        order=order, action=action, actor=actor, actor_unit=R.unit_of(actor),
        from_status=from_status, to_status=order.status, note=note, data=data or {}, at=at or _now(),
    )


@contextlib.contextmanager
def _acting(code, order, actor, version):
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
        if version is not None and str(version).strip() != str(locked.version):
            raise ActionRefused("stale", _("This order was changed by someone else while you were looking at it. "
                                           "Reload the page to see the change, then try again."))
        action = workflow.check(code, locked, actor)
        step = Step(locked, code, actor, deadlines.Clock.load(_now()))
        yield step
        if action.target is not None and locked.status == step.from_status:
            locked.status = action.target
        if locked.status != step.from_status:
            locked.status_changed_at = step.clock.now
        deadlines.refresh(locked, step.clock)
        locked.version += 1
        locked.save()
        _event(locked, code, actor, step.from_status, step.note, step.data, at=step.clock.now)
        if locked.status == Status.CLOSED and step.from_status != Status.CLOSED:
            transaction.on_commit(lambda: order_closed.send(sender=WorkOrder, order=locked, action=code))
    order.refresh_from_db()


# ---------------------------------------------------------------- intake

def attributes_from(post):
    """The answers to a category's form as posted, `attribute[key]=value` and
    `attribute[key][]=value` (several choices), as {key: value or [values]}: the Open311 form
    encoding, which the hotline's intake page uses too."""
    given = {}
    for name in post:
        m = re.fullmatch(r"attribute\[([^\]]+)\](\[\])?", name)
        if m:
            values = post.getlist(name)
            given[m.group(1)] = values if (m.group(2) or len(values) > 1) else values[0]
    return given


def clean_attributes(category, given, optional=False):
    """The answers to the category's form (Open311 attributes), checked against each field's
    datatype: ({key: value}, {"attribute[key]": problem}). None: the channel does not ask them.
    optional: the form is offered but nothing is required (the hotline's intake page, where a
    caller may not know the pole number)."""
    if given is None:
        return {}, {}
    fields = category.form_fields if category is not None else []
    clean, errors = {}, {}
    for f in fields:
        key, label, kind = f["key"], f["label"], f.get("datatype", "string")
        value = given.get(key)
        values = value if isinstance(value, (list, tuple)) else ([] if value in (None, "") else [value])
        values = [str(v).strip() for v in values if str(v).strip()]
        field = f"attribute[{key}]"
        if not values:
            if f.get("required") and not optional:
                errors[field] = _("Please fill in %(what)s.") % {"what": label}
            continue
        allowed = {str(v["key"]) for v in f.get("values", [])}
        if kind == "multivaluelist":
            wrong = [v for v in values if v not in allowed]
            if wrong:
                errors[field] = _("%(what)s: “%(value)s” is not one of the choices.") % {"what": label, "value": wrong[0]}
            clean[key] = values
            continue
        if len(values) > 1:
            errors[field] = _("%(what)s takes one value.") % {"what": label}
            continue
        value = values[0]
        if kind == "singlevaluelist" and value not in allowed:
            errors[field] = _("%(what)s: “%(value)s” is not one of the choices.") % {"what": label, "value": value}
        elif kind == "number":
            try:
                if not Decimal(value).is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors[field] = _("%(what)s must be a number.") % {"what": label}
        elif kind == "datetime":
            try:
                dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                errors[field] = _("%(what)s must be a date and time (ISO 8601).") % {"what": label}
        elif len(value) > 2000:
            errors[field] = _("%(what)s is too long.") % {"what": label}
        clean[key] = value
    return clean, errors


def create_order(*, actor, channel, order_type, title, body, caller_name="", caller_phone="",
                 caller_id_number="", category=None, street=None, community=None, grid=None, address="",
                 latitude=None, longitude=None, urgency=Urgency.NORMAL, confidential=False,
                 files=(), source_system="", source_ref="", received_at=None, attributes=None, answers_optional=False,
                 media_url="", attachment_types=None):
    """Take a request from any channel. Validates everything before writing anything. A request
    with coordinates but no grid is placed on the district map (its street, community and grid)."""
    errors = {}
    located = False
    if grid is None:
        filled = places.complete(latitude, longitude, street, community)
        located = filled != (street, community, None)
        street, community, grid = filled
    attributes, attribute_errors = clean_attributes(category, attributes, optional=answers_optional)
    errors.update(attribute_errors)
    try:
        caller_phone = clean_phone(caller_phone)
    except ValidationError as exc:
        errors["caller_phone"] = exc.messages[0]
    try:
        caller_id_number = clean_id_number(caller_id_number)
    except ValidationError as exc:
        errors["caller_id_number"] = exc.messages[0]
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel: %(v)s") % {"v": channel}
    if order_type not in OrderType.values:
        errors["order_type"] = _("Unknown type: %(v)s") % {"v": order_type}
    if urgency not in Urgency.values:
        errors["urgency"] = _("Unknown urgency: %(v)s") % {"v": urgency}
    if not (title or "").strip():
        errors["title"] = _("Please fill in the title.")
    if not (body or "").strip():
        errors["body"] = _("Please fill in the content.")
    elif len(body.strip()) > settings.ORDER_BODY_MAX_CHARS:
        errors["body"] = _("The content may have at most %(max)d characters (this has %(n)d).") % {
            "max": settings.ORDER_BODY_MAX_CHARS, "n": len(body.strip())}
    if len((title or "").strip()) > 200:
        errors["title"] = _("The title may have at most 200 characters.")
    if len((caller_name or "").strip()) > 50:
        errors["caller_name"] = _("The caller's name may have at most 50 characters.")
    if len((address or "").strip()) > 200:
        errors["address"] = _("The address may have at most 200 characters.")
    if street is not None and street.kind != Unit.Kind.STREET:
        errors["street"] = _("%(name)s is not a street.") % {"name": street.name}
    if community is not None and (community.kind != Unit.Kind.COMMUNITY
                                  or (street is not None and community.parent_id != street.pk)):
        errors["community"] = _("%(name)s is not a community of the chosen street.") % {"name": community.name}
    if grid is not None and (grid.kind != Unit.Kind.GRID or (community is not None
                                                             and grid.parent_id != community.pk)):
        errors["grid"] = _("%(name)s is not a grid of the chosen community.") % {"name": grid.name}
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        errors["files"] = _("At most %(n)d files may be attached.") % {"n": settings.ATTACHMENT_MAX_FILES}
    else:
        try:
            check_uploads(files, allowed=attachment_types)
        except ActionRefused as exc:
            errors["files"] = exc.message
    if errors:
        raise ValidationError(errors)

    now = _now()
    received_at = received_at or now
    order = WorkOrder(
        order_type=order_type, channel=channel, urgency=urgency, confidential=confidential,
        title=title.strip(), body=body.strip(), category=category, caller_name=(caller_name or "").strip(),
        caller_phone=caller_phone, caller_id_number=caller_id_number, street=street, community=community, grid=grid,
        address=(address or "").strip(), latitude=latitude, longitude=longitude, created_by=actor,
        created_at=received_at, status_changed_at=received_at, source_system=source_system, source_ref=source_ref,
        attributes=attributes, media_url=media_url or "",
    )
    deadlines.refresh(order, deadlines.Clock.load(now))
    try:
        with transaction.atomic():
            order.save()
            order.give_number(received_at)
            order.save(update_fields=["number"])
            _event(order, "create", actor, "", data={"channel": channel, **({"located": True} if located else {}),
                                                     **({"imported": True} if received_at != now else {})},
                   at=received_at)
            for f in files:
                _store_attachment(order, f, actor, now)
    except IntegrityError:
        if source_ref:
            raise ActionRefused("duplicate", _("An order from %(system)s with reference %(ref)s already exists.")
                                % {"system": source_system, "ref": source_ref}) from None
        raise
    transaction.on_commit(lambda: order_filed.send(sender=WorkOrder, order=order))
    return order


def check_uploads(files, allowed=None):
    """Every attachment checked by the one upload rule, all before any is stored."""
    uploads.check_all(files, allowed=allowed or settings.ATTACHMENT_EXTENSIONS,
                      max_bytes=settings.ATTACHMENT_MAX_BYTES)


def _store_attachment(order, f, actor, now):
    return Attachment.objects.create(order=order, file=f, name=os.path.basename(f.name)[:200], size=f.size,
                                     uploaded_by=actor, uploaded_at=now)


def add_attachments(*, order, actor, files):
    """Attach files to an open order: all of them, or none when any is refused."""
    if not files:
        raise ActionRefused("missing", _("Choose a file to upload."))
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        raise ActionRefused("bad_file", _("At most %(n)d files may be attached.") % {"n": settings.ATTACHMENT_MAX_FILES})
    check_uploads(files)
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
        if not locked.is_open:
            raise ActionRefused("closed", _("The order is finished; no more files can be added."))
        now = _now()
        stored = [_store_attachment(locked, f, actor, now) for f in files]
        for att in stored:
            _event(locked, "attach", actor, locked.status, data={"file": att.name}, at=now)
    return stored


# ---------------------------------------------------------------- the 12345 centre

def answer_now(*, order, actor, answer, version):
    with _acting("answer_now", order, actor, version) as step:
        step.order.answer = _required(answer, _("the answer"))
        step.order.closed_at = step.clock.now
        step.note = step.order.answer


def to_campaign(*, order, actor, answer, version):
    """A suggestion that joined a campaign: the order is closed with what the caller is told (its
    suggestion's number and how to follow it); the campaign's review answers the suggestion."""
    with _acting("to_campaign", order, actor, version) as step:
        step.order.answer = _required(answer, _("the answer"))
        step.order.closed_at = step.clock.now
        step.note = step.order.answer


def dispatch(*, order, actor, lead_unit, co_units=(), note="", version, category=None):
    """派单 (from awaiting dispatch) or 重派 (after a return). `category` categorises an order
    that arrived without one (a web form, another platform)."""
    code = "redispatch" if order.status == Status.RETURNED else "dispatch"
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    for unit in [lead_unit, *co_units]:
        if not unit.is_active or not unit.handles_orders:
            raise ActionRefused("bad_unit", _("%(name)s does not take work orders.") % {"name": unit.name})
    with _acting(code, order, actor, version) as step:
        o, now = step.order, step.clock.now
        o.assignments.filter(state=Assignment.State.ACTIVE).update(state=Assignment.State.WITHDRAWN, ended_at=now)
        lead = Assignment.objects.create(order=o, unit=lead_unit, role=Assignment.Role.LEAD, dispatched_at=now,
                                         dispatched_by=actor)
        for unit in co_units:
            Assignment.objects.create(order=o, unit=unit, role=Assignment.Role.CO, dispatched_at=now,
                                      dispatched_by=actor)
        o.lead_unit = lead_unit
        o.dispatched_at = now
        lead.sign_by = now + dt.timedelta(hours=step.clock.policy(o).sign_for_hours)
        lead.save(update_fields=["sign_by"])
        deadlines.start_handling(o, step.clock, step.clock.policy(o).handle_workdays)
        step.note = _limited((note or "").strip(), _("the note"))
        step.data = {"lead_unit": lead_unit.name, "co_units": [u.name for u in co_units]}
        if category is not None and category != o.category:
            step.data["changes"] = {"category": [_shown(o.category), _shown(category)]}
            o.category = category


CORRECTABLE = ("order_type", "category", "street", "community", "address")


def _shown(value):
    if value is None or value == "":
        return ""
    if isinstance(value, str) and value in OrderType.values:
        return str(OrderType(value).label)
    return str(getattr(value, "path", value))


def correct(*, order, actor, reason, version, **fields):
    """更正: the agent's or dispatcher's correction of the type, category, street, community and
    address, e.g. after a unit returned an order that lies in another street. Only the fields
    given change; each change is kept in the timeline with its old and new value, and every
    list, export and figure counts the corrected values from then on."""
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise ActionRefused("bad_value", _("These fields cannot be corrected: %(f)s") % {"f": ", ".join(sorted(unknown))})
    reason = _required(reason, _("the reason for the correction"))
    with _acting("correct", order, actor, version) as step:
        o = step.order
        new = {f: getattr(o, f) for f in CORRECTABLE}
        new.update(fields)
        if new["order_type"] not in OrderType.values:
            raise ActionRefused("bad_value", _("Unknown type: %(v)s") % {"v": new["order_type"]})
        category, street, community = new["category"], new["street"], new["community"]
        if category is not None and not category.is_active:
            raise ActionRefused("bad_value", _("The category %(c)s is no longer in use.") % {"c": category.path})
        if street is not None and street.kind != Unit.Kind.STREET:
            raise ActionRefused("bad_value", _("%(name)s is not a street.") % {"name": street.name})
        if "street" in fields and "community" not in fields and community is not None \
                and community.parent_id != getattr(street, "pk", None):
            community = new["community"] = None  # the old community belongs to the old street
        if community is not None and (community.kind != Unit.Kind.COMMUNITY or community.parent_id != getattr(
                street, "pk", None)):
            raise ActionRefused("bad_value", _("%(name)s is not a community of the chosen street.")
                                % {"name": community.name})
        new["address"] = (new["address"] or "").strip()
        if len(new["address"]) > 200:
            raise ActionRefused("too_long", _("The address is longer than 200 characters."))
        changes = {f: [_shown(getattr(o, f)), _shown(new[f])] for f in CORRECTABLE if getattr(o, f) != new[f]}
        if not changes:
            raise ActionRefused("unchanged", _("Nothing was changed."))
        for f in CORRECTABLE:
            setattr(o, f, new[f])
        if o.grid_id and (o.community_id is None or o.grid.parent_id != o.community_id):
            changes["grid"] = [o.grid.name, ""]
            o.grid = None
        step.note = reason
        step.data = {"changes": changes}
    transaction.on_commit(lambda: order_corrected.send(sender=WorkOrder, order=order, changes=changes))


def merge(*, order, actor, master, version):
    if master.pk == order.pk:
        raise ActionRefused("bad_master", _("An order cannot be merged into itself."))
    if not master.is_open:
        raise ActionRefused("bad_master", _("Order %(n)s is not open; merge into an open order.") % {"n": master.number})
    with _acting("merge", order, actor, version) as step:
        step.order.merged_into = master
        step.order.closed_at = step.clock.now
        step.data = {"master": master.number}
        _event(master, "absorb", actor, master.status, data={"duplicate": order.number}, at=step.clock.now)


# ---------------------------------------------------------------- handling units

def sign_for(*, order, actor, version):
    with _acting("sign_for", order, actor, version) as step:
        o = step.order
        o.signed_at = step.clock.now
        o.responded_on_time = o.deadline is None or step.clock.now <= o.deadline
        step.order.assignments.filter(role=Assignment.Role.LEAD, state=Assignment.State.ACTIVE).update(
            signed_at=step.clock.now, signed_by=actor, responded_on_time=o.responded_on_time)


def co_sign_for(*, order, actor, version):
    with _acting("co_sign_for", order, actor, version) as step:
        step.order.assignments.filter(unit=R.unit_of(actor), role=Assignment.Role.CO,
                                      state=Assignment.State.ACTIVE).update(signed_at=step.clock.now, signed_by=actor)


def send_back(*, order, actor, reason, version):
    with _acting("send_back", order, actor, version) as step:
        reason = _required(reason, _("the reason for returning"))
        limit = deadlines.send_back_limit(step.order, step.clock)
        if step.clock.now > limit:
            raise ActionRefused("too_late", _("The time to return this order ended at %(t)s; handle it or ask the "
                                              "centre to re-dispatch.")
                                % {"t": timezone.localtime(limit).strftime("%Y-%m-%d %H:%M")})
        step.order.assignments.filter(role=Assignment.Role.LEAD, state=Assignment.State.ACTIVE,
                                      signed_at__isnull=True).update(responded_on_time=False)
        step.order.assignments.filter(role=Assignment.Role.LEAD, state=Assignment.State.ACTIVE).update(
            state=Assignment.State.RETURNED, ended_at=step.clock.now, note=reason)
        step.order.assignments.filter(state=Assignment.State.ACTIVE).update(
            state=Assignment.State.WITHDRAWN, ended_at=step.clock.now)
        step.data = {"unit": step.order.lead_unit.name}
        step.order.lead_unit = None
        step.order.return_count += 1
        step.note = reason


def request_extension(*, order, actor, workdays, reason, version):
    with _acting("request_extension", order, actor, version) as step:
        o = step.order
        reason = _required(reason, _("the reason for the extension"))
        maximum = step.clock.policy(o).max_extension_workdays
        workdays = int(workdays)
        if workdays < 1 or o.extension_workdays + workdays > maximum:
            raise ActionRefused("too_long", _("An extension must be between 1 and %(left)d working days "
                                              "(at most %(max)d in all for this order).")
                                % {"left": max(maximum - o.extension_workdays, 0), "max": maximum})
        if step.clock.now > o.handle_deadline:
            raise ActionRefused("too_late", _("An extension must be requested before the deadline."))
        ExtensionRequest.objects.create(order=o, unit=o.lead_unit, workdays=workdays, reason=reason,
                                        requested_by=actor, requested_at=step.clock.now)
        step.note = reason
        step.data = {"workdays": workdays}


def decide_extension(*, order, actor, approve, note="", version):
    with _acting("decide_extension", order, actor, version) as step:
        o = step.order
        req = o.extension_requests.select_for_update().get(state=ExtensionRequest.State.PENDING)
        note = _required(note, _("the reason for refusing")) if not approve else _limited((note or "").strip(),
                                                                                          _("the note"))
        req.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REFUSED
        req.decided_by, req.decided_at, req.decision_note = actor, step.clock.now, note
        req.save()
        if approve:
            o.extension_workdays += req.workdays
            deadlines.extend_handling(o, step.clock, req.workdays)
        step.note = note
        step.data = {"approved": bool(approve), "workdays": req.workdays}


def suspend(*, order, actor, reason, version):
    with _acting("suspend", order, actor, version) as step:
        step.note = _required(reason, _("the reason for suspending"))
        step.order.suspended_at = step.clock.now


def request_suspension(*, order, actor, reason, version):
    """挂起申请: the lead unit asks the centre to stop the clock; nothing stops until approved."""
    with _acting("request_suspension", order, actor, version) as step:
        step.note = _required(reason, _("what the order waits for"))
        SuspensionRequest.objects.create(order=step.order, unit=step.order.lead_unit, reason=step.note,
                                         requested_by=actor, requested_at=step.clock.now)


def decide_suspension(*, order, actor, approve, note="", version):
    with _acting("decide_suspension", order, actor, version) as step:
        o = step.order
        req = o.suspension_requests.select_for_update().get(state=SuspensionRequest.State.PENDING)
        note = _required(note, _("the reason for refusing")) if not approve else _limited((note or "").strip(),
                                                                                          _("the note"))
        req.state = SuspensionRequest.State.APPROVED if approve else SuspensionRequest.State.REFUSED
        req.decided_by, req.decided_at, req.decision_note = actor, step.clock.now, note
        req.save()
        if approve:
            o.status = Status.SUSPENDED
            o.suspended_at = step.clock.now
        step.note = note or req.reason
        step.data = {"approved": bool(approve)}


def resume(*, order, actor, note="", version):
    with _acting("resume", order, actor, version) as step:
        o = step.order
        today = timezone.localtime(step.clock.now).date()
        stopped = step.clock.cal.workdays_between(timezone.localtime(o.suspended_at).date(), today)
        deadlines.extend_handling(o, step.clock, stopped)
        o.suspended_at = None
        step.note = _limited((note or "").strip(), _("the note"))
        step.data = {"workdays_stopped": stopped}


def reply(*, order, actor, answer, version):
    with _acting("reply", order, actor, version) as step:
        o = step.order
        o.answer = _required(answer, _("the reply"))
        o.replied_at = step.clock.now
        o.replied_on_time = o.handle_deadline is None or step.clock.now <= o.handle_deadline
        step.note = step.order.answer


def co_reply(*, order, actor, opinion, version):
    with _acting("co_reply", order, actor, version) as step:
        step.note = _required(opinion, _("the opinion"))
        step.order.assignments.filter(unit=R.unit_of(actor), role=Assignment.Role.CO,
                                      state=Assignment.State.ACTIVE).update(
            state=Assignment.State.DONE, note=step.note, ended_at=step.clock.now)


# ---------------------------------------------------------------- callback and supervision

def callback(*, order, actor, satisfaction, solved, note="", rework=None, version):
    """回访. An unsatisfied caller sends the order back to the lead unit (重办) unless the
    callback staff decide the complaint cannot be fixed by the unit and say why. `solved` is
    the caller's own answer to "was the problem solved?" (yes/no), for the 解决率. Both are
    asked, never assumed: a callback without either answer is refused."""
    if satisfaction not in Satisfaction.values:
        raise ActionRefused("bad_value", _("Ask the caller: satisfied, basically satisfied or unsatisfied?"))
    if isinstance(solved, str):
        solved = {"yes": True, "no": False}.get(solved)
    if solved not in (True, False):
        raise ActionRefused("bad_value", _("Ask the caller whether the problem was solved."))
    note = _limited((note or "").strip(), _("the note"))
    unsatisfied = satisfaction == Satisfaction.UNSATISFIED
    rework = unsatisfied if rework is None else bool(rework) and unsatisfied
    with _acting("callback", order, actor, version) as step:
        o = step.order
        if unsatisfied and not rework:
            _required(note, _("why the order is closed although the caller is unsatisfied"))
        Callback.objects.create(order=o, satisfaction=satisfaction, solved=solved, note=note, rework=rework,
                                unit=o.lead_unit, by=actor, at=step.clock.now)
        o.satisfaction = satisfaction
        o.called_back_at, o.solved = step.clock.now, solved
        if rework:
            o.status = workflow.REWORK_TARGET
            o.rework_count += 1
            if o.extension_workdays:  # an extension was for the first handling, not for the rework
                step.data["extension_ended"] = o.extension_workdays
                o.extension_workdays = 0
            deadlines.start_handling(o, step.clock, step.clock.policy(o).rework_workdays)
        else:
            o.closed_at = step.clock.now
            o.assignments.filter(state=Assignment.State.ACTIVE).update(state=Assignment.State.DONE,
                                                                       ended_at=step.clock.now)
        step.note = note
        step.data.update({"satisfaction": satisfaction, "solved": solved, "rework": rework})


def close(*, order, actor, note, version):
    with _acting("close", order, actor, version) as step:
        step.note = _required(note, _("why the order is closed without a callback"))
        step.order.closed_at = step.clock.now
        step.order.assignments.filter(state=Assignment.State.ACTIVE).update(state=Assignment.State.DONE,
                                                                            ended_at=step.clock.now)


def issue_notice(*, order, actor, kind, text, version, answer_due=None):
    """催办 or 督办: a numbered notice to the lead unit, answered by a day (a supervision notice by
    NOTICE_ANSWER_WORKDAYS working days unless the issuer sets another)."""
    with _acting(kind, order, actor, version) as step:
        step.note = _required(text, _("the notice text"))
        due = _answer_due(answer_due, step.clock, kind)
        notice = Notice(order=step.order, kind=kind, unit=step.order.lead_unit, text=step.note, issued_by=actor,
                        issued_at=step.clock.now, answer_due=due)
        notice.number_it(step.clock.now)
        notice.save()
        step.data = {"unit": step.order.lead_unit.name, "number": notice.reference,
                     "answer_due": timezone.localtime(due).date().isoformat() if due else None}


def _answer_due(day, clock, kind):
    if day is None:
        if kind != Notice.Kind.SUPERVISE:
            return None
        return clock.cal.deadline(clock.now, settings.NOTICE_ANSWER_WORKDAYS)
    if day < timezone.localtime(clock.now).date():
        raise ActionRefused("invalid", _("The answer date %(day)s has passed.") % {"day": day.isoformat()})
    if not clock.cal.is_workday(day):
        raise ActionRefused("invalid", _("%(day)s is not a working day: choose one.") % {"day": day.isoformat()})
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def answer_notice(*, order, actor, answer, version, notice=None):
    """The unit answers one notice: the one it names, or its only unanswered one."""
    with _acting("answer_notice", order, actor, version) as step:
        step.note = _required(answer, _("the answer"))
        open_notices = step.order.notices.filter(unit=R.unit_of(actor), answered_at__isnull=True)
        if notice not in (None, ""):
            chosen = open_notices.filter(pk=getattr(notice, "pk", notice)).first()
            if chosen is None:
                raise ActionRefused("invalid", _("Choose a notice of your unit that is not answered yet."))
        elif open_notices.count() > 1:
            raise ActionRefused("invalid", _("Your unit has several unanswered notices: say which one this answers."))
        else:
            chosen = open_notices.first()
        chosen.answer, chosen.answered_by, chosen.answered_at = step.note, actor, step.clock.now
        chosen.save()
        step.data = {"notice": chosen.kind, "number": chosen.reference}


# ---------------------------------------------------------------- calendar changes

def recompute_deadlines():
    """After the calendar changes: recompute stored deadlines of every open order."""
    clock = deadlines.Clock.load(fresh=True)
    changed = 0
    for order in WorkOrder.objects.filter(status__in=OPEN_STATUSES).iterator():
        before = (order.handle_deadline, order.deadline)
        try:
            if order.handle_started_at:
                order.handle_deadline = clock.cal.deadline(order.handle_started_at, order.handle_workdays)
            deadlines.refresh(order, clock)
        except ActionRefused:
            continue  # a date the calendar no longer knows keeps its last deadline
        if (order.handle_deadline, order.deadline) != before:
            WorkOrder.objects.filter(pk=order.pk).update(handle_deadline=order.handle_deadline,
                                                         deadline=order.deadline)
            changed += 1
    return changed
