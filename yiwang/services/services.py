"""Every change to an application. Each action locks the row, compares the version the user
saw, checks the workflow table, changes the state and its dates and appends the history."""
import contextlib
import datetime as dt
import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.calendar import services as calendar
from yiwang.documents import uploads
from yiwang import clock
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.privacy.masking import clean_credit_code, clean_id_number, clean_phone

from . import deadlines, workflow
from .signals import application_finished
from .models import (
    FINISHED_STATUSES, Acceptance, Application, ApplicationEvent, ApplicationMaterial, ApplicantKind, Decision,
    SpecialProcedure, Status, StepKind,
)

_now = clock.now


def _required(value, what):
    value = (value or "").strip()
    if not value:
        raise ActionRefused("missing", _("Please fill in %(what)s.") % {"what": what})
    return value


def check_material_file(material, f):
    """Refuse a file that is not one of the material's declared types, lies about its type, or is too large."""
    uploads.check(f, allowed=material.extensions, max_bytes=settings.SERVICE_UPLOAD_MAX_BYTES, label=material.name)


def _receive(app_material, f, now):
    if f is not None:
        app_material.file.save(os.path.basename(f.name)[:100], f, save=False)
        app_material.file_name = os.path.basename(f.name)[:200]
    app_material.state = ApplicationMaterial.State.RECEIVED
    app_material.received_at = now


def _event(app, action, actor, from_status, note="", data=None, at=None):
    return ApplicationEvent.objects.create(
        application=app, action=action, actor=actor, actor_unit=R.unit_of(actor),
        on_behalf=bool(app.assisted_by_id and actor is not None and actor.pk == app.assisted_by_id),
        from_status=from_status, to_status=app.status, note=note, data=data or {}, at=at or _now())


class Step:
    def __init__(self, app, action, actor, now):
        self.app, self.action, self.actor, self.now = app, action, actor, now
        self.from_status = app.status
        self.cal = calendar.load()
        self.note = ""
        self.data = {}


@contextlib.contextmanager
def _acting(code, app, actor, version):
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("item", "current_step").get(pk=app.pk))
        if version is not None and str(version).strip() != str(locked.version):
            raise ActionRefused("stale", _("This application was changed by someone else while you were looking at "
                                           "it. Reload the page to see the change, then try again."))
        action = workflow.check(code, locked, actor)
        step = Step(locked, code, actor, _now())
        yield step
        if action.target is not None and locked.status == step.from_status:
            locked.status = action.target
        if locked.status != step.from_status:
            locked.status_changed_at = step.now
            if locked.status in FINISHED_STATUSES:
                locked.finished_at = step.now
                transaction.on_commit(lambda: application_finished.send(sender=Application, application=locked))
        if locked.first_contact_id is None and R.roles_of(actor) & R.HALL_ROLES:
            locked.first_contact = actor
        deadlines.refresh(locked, step.cal)
        locked.version += 1
        locked.save()
        _event(locked, code, actor, step.from_status, step.note, step.data, at=step.now)
    app.refresh_from_db()


# ---------------------------------------------------------------- intake

def validate_applicant(*, item, applicant_kind, applicant_name, id_number, credit_code, contact_phone):
    """The applicant's identity, checked the same way at the window, on the portal and in bundles.
    Returns the cleaned values and a dict of errors by field."""
    errors, clean = {}, {}
    if applicant_kind not in ApplicantKind.values:
        errors["applicant_kind"] = _("Choose a natural or a legal person.")
    elif item is not None and not item.accepts(applicant_kind):
        errors["applicant_kind"] = _("%(item)s is only for %(who)s.") % {
            "item": item.name, "who": item.get_applicant_kinds_display()}
    if not (applicant_name or "").strip():
        errors["applicant_name"] = _("Please fill in the applicant's name.")
    clean["applicant_name"] = (applicant_name or "").strip()
    for key, cleaner, value in (("contact_phone", clean_phone, contact_phone), ("id_number", clean_id_number, id_number),
                                ("credit_code", clean_credit_code, credit_code)):
        try:
            clean[key] = cleaner(value)
        except ValidationError as exc:
            errors[key] = exc.messages[0]
    if not clean.get("contact_phone") and "contact_phone" not in errors:
        errors["contact_phone"] = _("Please fill in a contact phone number.")
    if applicant_kind == ApplicantKind.PERSON and not clean.get("id_number") and "id_number" not in errors:
        errors["id_number"] = _("A natural person applies with an ID-card number.")
    if applicant_kind == ApplicantKind.ORG and not clean.get("credit_code") and "credit_code" not in errors:
        errors["credit_code"] = _("A legal person applies with its unified social credit code.")
    registered = _registered_name(clean.get("credit_code")) if applicant_kind == ApplicantKind.ORG else None
    if registered and clean["applicant_name"] and _same_name(registered) != _same_name(clean["applicant_name"]):
        # The code is the enterprise's: taken under another name it would file one enterprise's case
        # as another's (recheck N18).
        errors["applicant_name"] = _("The credit code %(code)s is registered as %(name)s: check the applicant's name "
                                     "(if the enterprise was renamed, correct the registry first).") % {
            "code": clean["credit_code"], "name": registered}
    return clean, errors


def _registered_name(credit_code):
    from django.apps import apps

    if not credit_code or not apps.is_installed("yiwang.enterprises"):
        return None
    return apps.get_model("enterprises", "Enterprise").objects.filter(credit_code=credit_code).values_list(
        "name", flat=True).first()


def _same_name(name):
    """A name as compared: without spaces, brackets full-width or not alike."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def validate_form(item, form_data):
    errors, clean = {}, {}
    for f in item.form_fields:
        value = str((form_data or {}).get(f["key"], "")).strip()
        if f.get("required") and not value:
            errors[f"form_{f['key']}"] = _("Please fill in %(what)s.") % {"what": f["label"]}
        clean[f["key"]] = value
    return clean, errors


def validate_materials(item, materials, *, online):
    """`materials` maps a Material id to {"received": bool, "file": upload or None}. Online, each
    required material must be uploaded unless it may follow later (容缺, decided at acceptance);
    at the window the clerk ticks what was handed in."""
    errors = {}
    for m in item.materials.all():
        given = (materials or {}).get(m.pk, {})
        f = given.get("file")
        if f is not None:
            try:
                check_material_file(m, f)
            except ActionRefused as exc:
                errors[f"material_{m.pk}"] = exc.message
        elif online and m.required and not m.deferrable:
            errors[f"material_{m.pk}"] = _("%(material)s is required; please upload it.") % {"material": m.name}
    return errors


def create_application(*, actor, item, channel, applicant_kind, applicant_name, contact_phone, id_number="",
                       credit_code="", legal_rep="", address="", form_data=None, materials=None, assist_kind="",
                       portal_user=None, bundle_case=None, delivery="", mail_recipient="", mail_phone="",
                       mail_address=""):
    """Take an application at the window or from the portal. Everything is checked before anything
    is written; a ValidationError lists every problem by field."""
    if not item.published:
        raise ActionRefused("unpublished", _("%(item)s is not open for applications.") % {"item": item.name})
    online = channel == Application.Channel.ONLINE
    if online and not item.online:
        raise ActionRefused("not_online", _("%(item)s cannot be applied for online; please come to the service "
                                            "hall.") % {"item": item.name})
    clean, errors = validate_applicant(item=item, applicant_kind=applicant_kind, applicant_name=applicant_name,
                                       id_number=id_number, credit_code=credit_code, contact_phone=contact_phone)
    form, form_errors = validate_form(item, form_data)
    errors.update(form_errors)
    errors.update(validate_materials(item, materials, online=online))
    if assist_kind and assist_kind not in Application.AssistKind.values:
        errors["assist_kind"] = _("Unknown kind of assisted handling.")
    if assist_kind and not (R.roles_of(actor) & R.HALL_ROLES):
        errors["assist_kind"] = _("Only service-hall staff handle an application on the applicant's behalf.")
    delivery_fields = validate_delivery(channel=channel, delivery=delivery, mail_recipient=mail_recipient,
                                        mail_phone=mail_phone, mail_address=mail_address, errors=errors)
    if errors:
        raise ValidationError(errors)
    now = _now()
    with transaction.atomic():
        app = Application.objects.create(
            **delivery_fields,
            item=item, guide_version=item.version, bundle_case=bundle_case, channel=channel,
            status=Status.SUBMITTED, status_changed_at=now, applicant_kind=applicant_kind,
            applicant_name=clean["applicant_name"], contact_phone=clean["contact_phone"],
            id_number=clean["id_number"] if applicant_kind == ApplicantKind.PERSON else "",
            credit_code=clean["credit_code"] if applicant_kind == ApplicantKind.ORG else "",
            legal_rep=(legal_rep or "").strip(), address=(address or "").strip(), form_data=form,
            portal_user=portal_user, submitted_at=now, created_by=actor if getattr(actor, "pk", None) else None,
            first_contact=actor if R.roles_of(actor) & R.HALL_ROLES else None,
            assist_kind=assist_kind, assisted_by=actor if assist_kind else None,
        )
        app.give_number(now)
        app.save(update_fields=["number"])
        for m in item.materials.all():
            given = (materials or {}).get(m.pk, {})
            row = ApplicationMaterial(application=app, material=m, name=m.name, required=m.required)
            if given.get("file") is not None or given.get("received"):
                _receive(row, given.get("file"), now)
            row.save()
        _event(app, "submit", actor if getattr(actor, "pk", None) else None, "", data={
            "channel": channel, "assist_kind": assist_kind, "guide_version": item.version}, at=now)
    return app


def validate_delivery(*, channel, delivery, mail_recipient, mail_phone, mail_address, errors):
    """How the applicant receives the result: asked online (到现场次数 0 means mailing without a
    phone call); at the window it may be decided at the end. Mailing needs an address."""
    delivery = (delivery or "").strip()
    out = {"delivery": "", "mail_recipient": (mail_recipient or "").strip()[:50], "mail_phone": "",
           "mail_address": (mail_address or "").strip()}
    if delivery and delivery not in Application.Delivery.values:
        errors["delivery"] = _("Choose how the result is received.")
    elif not delivery and channel == Application.Channel.ONLINE:
        errors["delivery"] = _("Choose how you receive the result: at the window, or mailed free of charge.")
    out["delivery"] = delivery if delivery in Application.Delivery.values else ""
    if out["delivery"] == Application.Delivery.MAIL:
        if len(out["mail_address"]) < 5:
            errors["mail_address"] = _("Give the full mailing address.")
        elif len(out["mail_address"]) > 200:
            errors["mail_address"] = _("The address may have at most 200 characters.")
        try:
            out["mail_phone"] = clean_phone(mail_phone)
        except ValidationError as exc:
            errors["mail_phone"] = exc.messages[0]
    return out


# ---------------------------------------------------------------- the window

def _begin_review(step):
    app = step.app
    steps = list(app.item.steps.all())
    if not steps or not any(s.kind == StepKind.DECIDE for s in steps):
        raise ActionRefused("no_steps", _("%(item)s has no approval steps with a decision step; an administrator "
                                          "must define them first.") % {"item": app.item.name})
    deadlines.start(app, step.cal, step.now)
    app.current_step = steps[0]
    app.step_started_at = step.now


def accept(*, app, actor, version, note=""):
    with _acting("accept", app, actor, version) as step:
        step.app.acceptance = Acceptance.NORMAL
        step.note = note
        _begin_review(step)


def accept_with_pending(*, app, actor, due, version, note=""):
    if not isinstance(due, dt.date):
        raise ActionRefused("missing", _("Give the date by which the materials must follow."))
    if due <= timezone.localtime(_now()).date():
        raise ActionRefused("bad_value", _("The date for the materials to follow must be in the future."))
    with _acting("accept_with_pending", app, actor, version) as step:
        statutory = step.cal.deadline(step.now, step.app.item.statutory_days)
        if due > timezone.localtime(statutory).date():
            raise ActionRefused("bad_value", _("The materials must follow before the statutory limit, %(d)s.")
                                % {"d": timezone.localtime(statutory).strftime("%Y-%m-%d")})
        pending = step.app.materials.filter(state=ApplicationMaterial.State.MISSING, required=True)
        step.data = {"pending": [m.name for m in pending], "due": due.isoformat()}
        pending.update(state=ApplicationMaterial.State.PENDING)
        step.app.acceptance = Acceptance.PENDING
        step.app.pending_due = due
        step.note = note
        _begin_review(step)


def accept_on_commitment(*, app, actor, commitment, version, scan=None):
    """告知承诺: the applicant's signed commitment takes the place of what is missing; the printed
    告知承诺书 (a document of the application) is signed, and its scan may be kept with it."""
    commitment = _required(commitment, _("the applicant's written commitment"))
    if scan is not None:
        uploads.check(scan, allowed=["pdf", "jpg", "jpeg", "png"], max_bytes=settings.SERVICE_UPLOAD_MAX_BYTES,
                      label=_("Signed commitment"))
    with _acting("accept_on_commitment", app, actor, version) as step:
        if scan is not None:
            step.app.commitment_scan.save(os.path.basename(scan.name)[:100], scan, save=False)
        missing = step.app.materials.filter(state=ApplicationMaterial.State.MISSING, required=True)
        step.data = {"committed": [m.name for m in missing]}
        missing.update(state=ApplicationMaterial.State.COMMITTED)
        step.app.acceptance = Acceptance.COMMITMENT
        step.app.commitment_text = commitment
        step.note = commitment
        _begin_review(step)


def request_correction(*, app, actor, note, version, defective=None):
    """One notice that lists everything to correct at once (一次性告知): the missing required
    materials, the handed-in ones that must be redone (`defective`: {application material id:
    what is wrong}), and anything else the clerk writes."""
    defective = {int(k): (v or "").strip() for k, v in (defective or {}).items()}
    with _acting("request_correction", app, actor, version) as step:
        missing = [m.name for m in step.app.materials.filter(state=ApplicationMaterial.State.MISSING, required=True)]
        lines = [_("Material missing: %(name)s") % {"name": n} for n in missing]
        redo = []
        for row in step.app.materials.filter(pk__in=list(defective), state=ApplicationMaterial.State.RECEIVED):
            if not defective[row.pk]:
                raise ActionRefused("missing", _("Say what is wrong with %(name)s.") % {"name": row.name})
            row.state, row.defect = ApplicationMaterial.State.DEFECTIVE, defective[row.pk][:500]
            row.save(update_fields=["state", "defect"])
            redo.append(row.name)
            lines.append(_("To be redone: %(name)s (%(why)s)") % {"name": row.name, "why": row.defect})
        if (note or "").strip():
            lines.append(note.strip())
        if not lines:
            raise ActionRefused("missing", _("Say what must be corrected: no required material is missing."))
        step.app.correction_text = "\n".join(lines)
        step.note = step.app.correction_text
        step.data = {"missing": missing, "redo": redo}


def supply_correction(*, app, actor, version, materials=None, note=""):
    materials = materials or {}
    with _acting("supply_correction", app, actor, version) as step:
        redo = list(step.app.materials.filter(state=ApplicationMaterial.State.DEFECTIVE).values_list("name", flat=True))
        received = _take_materials(step, materials, {ApplicationMaterial.State.MISSING,
                                                     ApplicationMaterial.State.DEFECTIVE})
        still = [n for n in redo if n not in received]
        if still:
            raise ActionRefused("missing", _("These materials must be handed in again, redone: %(names)s.")
                                % {"names": "、".join(still)})
        if not received and not (note or "").strip():
            raise ActionRefused("missing", _("Hand in the missing materials or say what was corrected."))
        step.data = {"received": received}
        step.note = (note or "").strip()


def _take_materials(step, materials, states):
    """Mark the application's materials in `states` received; `materials` maps an application
    material id to {"received": bool, "file": upload}. Returns the names received."""
    received = []
    for row in step.app.materials.filter(state__in=states).select_related("material"):
        given = materials.get(row.pk) or {}
        f = given.get("file")
        if f is None and not given.get("received"):
            continue
        if f is not None and row.material is not None:
            check_material_file(row.material, f)
        _receive(row, f, step.now)
        row.defect = ""
        row.save()
        received.append(row.name)
    return received


def reject(*, app, actor, reason, version):
    reason = _required(reason, _("the reason for not accepting"))
    with _acting("reject", app, actor, version) as step:
        step.app.rejection_reason = reason
        step.note = reason


def withdraw(*, app, actor, reason, version):
    reason = _required(reason, _("the reason for withdrawing"))
    with _acting("withdraw", app, actor, version) as step:
        step.note = reason
        step.app.current_step = None


def supply_pending(*, app, actor, materials, version):
    with _acting("supply_pending", app, actor, version) as step:
        received = _take_materials(step, materials or {}, {ApplicationMaterial.State.PENDING})
        if not received:
            raise ActionRefused("missing", _("Tick or upload the materials that have arrived."))
        step.data = {"received": received}


# ---------------------------------------------------------------- the back office

def _advance(step):
    app = step.app
    later = [s for s in app.item.steps.all() if (s.position, s.pk) > (app.current_step.position, app.current_step.pk)]
    step.data["step"] = app.current_step.name
    if later:
        app.current_step = later[0]
        app.step_started_at = step.now
        step.data["next_step"] = later[0].name
        return
    app.current_step = None
    app.step_started_at = None
    app.status = Status.TO_DELIVER
    app.ready_at = step.now
    if app.decision == Decision.APPROVE:
        app.result_number = f"{timezone.localtime(step.now):%Y}-{app.item.code[-6:]}-{app.pk:06d}"


def pass_step(*, app, actor, opinion, version):
    opinion = _required(opinion, _("your opinion"))
    with _acting("pass_step", app, actor, version) as step:
        step.note = opinion
        _advance(step)


def decide(*, app, actor, decision, reasons, version):
    if decision not in Decision.values:
        raise ActionRefused("bad_value", _("Choose whether the application is granted."))
    if decision == Decision.DENY:
        reasons = _required(reasons, _("the reasons for not granting"))
    with _acting("decide", app, actor, version) as step:
        step.app.decision = decision
        step.app.decision_reason = (reasons or "").strip()
        step.app.decided_at = step.now
        step.note = step.app.decision_reason
        step.data = {"decision": decision}
        _advance(step)


def start_special(*, app, actor, kind, reason, version):
    if kind not in SpecialProcedure.Kind.values:
        raise ActionRefused("bad_value", _("Choose the kind of special procedure."))
    reason = _required(reason, _("the reason"))
    with _acting("start_special", app, actor, version) as step:
        SpecialProcedure.objects.create(application=step.app, kind=kind, reason=reason, started_at=step.now)
        step.app.special_started_at = step.now
        step.note = reason
        step.data = {"kind": kind}


def end_special(*, app, actor, outcome, version):
    outcome = _required(outcome, _("the outcome"))
    with _acting("end_special", app, actor, version) as step:
        proc = step.app.special_procedures.filter(ended_at__isnull=True).latest("started_at")
        proc.ended_at, proc.outcome = step.now, outcome
        proc.workdays = deadlines.suspended_days(step.cal, proc.started_at, step.now)
        proc.save()
        step.app.suspended_workdays += proc.workdays
        # The step's own limit stops as well: it resumes with the time it had left.
        if step.app.step_started_at:
            step.app.step_started_at += step.now - step.app.special_started_at
        step.app.special_started_at = None
        step.note = outcome
        step.data = {"kind": proc.kind, "workdays": proc.workdays}


def check_commitment(*, app, actor, kept, note, version):
    """告知承诺 is verified afterwards; a false commitment revokes the application and its result."""
    if not kept:
        note = _required(note, _("what was found"))
    with _acting("check_commitment", app, actor, version) as step:
        step.app.commitment_checked = "true" if kept else "false"
        if not kept:
            step.app.status = Status.REVOKED
            step.app.current_step = None
        step.note = (note or "").strip()
        step.data = {"kept": bool(kept)}


# ---------------------------------------------------------------- handing out

def deliver(*, app, actor, version, note=""):
    with _acting("deliver", app, actor, version) as step:
        step.app.delivery = Application.Delivery.WINDOW
        step.note = note


TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9]{8,30}$")


def mail(*, app, actor, tracking_number, version, recipient="", phone="", address=""):
    """免费邮寄: the result goes to the address the applicant gave (or the one given now); the
    application waits for the receipt (签收) before it is finished. A phone left blank is the
    one given before, so a clerk never has to read a full number off the screen."""
    tracking_number = _required(tracking_number, _("the tracking number")).replace(" ", "")
    if not TRACKING_NUMBER.match(tracking_number):
        raise ActionRefused("bad_value", _("A tracking number is 8 to 30 letters and digits: %(v)s")
                            % {"v": tracking_number})
    recipient = _required(recipient or app.mail_recipient or app.applicant_name, _("the recipient"))
    address = _required(address or app.mail_address, _("the mailing address"))
    try:
        phone = clean_phone(_required(phone or app.mail_phone or app.contact_phone, _("the recipient's phone")))
    except ValidationError as exc:
        raise ActionRefused("bad_value", exc.messages[0]) from None
    with _acting("mail", app, actor, version) as step:
        a = step.app
        a.delivery = Application.Delivery.MAIL
        a.mail_recipient, a.mail_phone, a.mail_address, a.tracking_number = recipient, phone, address, tracking_number
        step.data = {"tracking_number": tracking_number}


def confirm_receipt(*, app, actor, version, note=""):
    """The mailed result was received (签收): the application is finished."""
    with _acting("confirm_receipt", app, actor, version) as step:
        step.note = (note or "").strip()[:500]


def recompute_deadlines():
    """After a calendar change: the stored limits of every running application."""
    cal = calendar.load()
    running = Application.objects.filter(accepted_at__isnull=False, ready_at__isnull=True).exclude(
        status__in=FINISHED_STATUSES).select_related("item", "current_step")
    for app in running:
        deadlines.refresh(app, cal)
        app.save(update_fields=["promised_deadline", "statutory_deadline", "step_deadline"])
