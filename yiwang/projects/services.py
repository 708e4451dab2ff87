"""Every change on the project side: projects registered and edited (code checked, milestones
from their kind's steps), milestones dated, monthly progress reported with photos, problems listed
as key tasks, joint acceptance from application to opinion, opportunities published and investors'
interests followed to signing. Each change is in its case's append-only history."""
import datetime as dt
import os
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yiwang import clock, money
from yiwang.calendar import services as calendar
from yiwang.enterprises import services as registry
from yiwang.documents import uploads
from yiwang.errors import ActionRefused, limited, required
from yiwang.links import public_url
from yiwang.orgs import roles as R
from yiwang.privacy.fields import lookup
from yiwang.privacy.masking import clean_credit_code, clean_phone
from yiwang.tasks import services as tasks
from yiwang.tasks.models import Cadence, Source

from . import workflow
from .models import (Acceptance, AcceptanceEvent, CommandPost, Inspection, Interest, InterestEvent, Kind, Milestone,
                     Opportunity, Photo, Problem, ProgressReport, Project, ProjectEvent, Sector, Settings, Status,
                     Step, YearPlan)

EDITORS = {R.SUPERVISOR, R.LEADER, R.BUTLER}
CODE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")
# The milestones that move a project's status, latest first (one rule: status_of).
STATUS_BY_STEP = [("operation", Status.OPERATING), ("completion", Status.COMPLETED), ("start", Status.BUILDING),
                  ("structure", Status.BUILDING)]


def _now():
    return clock.now()


def _today():
    return timezone.localtime(_now()).date()


def may_edit(user):
    return bool(R.roles_of(user) & EDITORS)


def _require_editor(actor):
    if not may_edit(actor):
        raise ActionRefused("not_allowed", _("Your role may not change projects."))


def check_code(code):
    """投资项目统一代码: YYYY-AAAAAA-II-TT-NNNNNN (year, area code, GB/T 4754 division, type: 01
    审批, 02 核准, 03 备案, serial). The message names the part that is wrong."""
    from stdnum import numdb

    from yiwang.enterprises import industries

    code = re.sub(r"[\s]", "", unicodedata.normalize("NFKC", code or "")).replace("—", "-").replace("－", "-")
    m = CODE.match(code)
    if not m:
        shape = _("A project code looks like 2024-370112-44-01-012345: year, area code, industry, type and "
                  "serial, joined by hyphens.")
        parts = code.split("-")
        if len(parts) == 5:
            names = (pgettext("project code part", "year"), pgettext("project code part", "area code"),
                     pgettext("project code part", "industry"), pgettext("project code part", "type"),
                     pgettext("project code part", "serial"))
            for part, size, what in zip(parts, (4, 6, 2, 2, 6), names):
                if not (len(part) == size and part.isdigit()):
                    shape = _("%(code)s is not a valid project code: its %(what)s “%(v)s” should be %(n)d digits.") % {
                        "code": code, "what": what, "v": part, "n": size}
                    break
        raise ValidationError({"code": shape})
    year, area, industry, kind, _serial = m.groups()
    if not 2000 <= int(year) <= _today().year + 1:
        problem = _("the year %(v)s is not possible") % {"v": year}
    elif not any(props for _part, props in numdb.get("cn/loc").info(area)):
        problem = _("the area code %(v)s is not in the national list of area codes") % {"v": area}
    elif not industries.is_known(industry):
        problem = _("%(v)s is not a GB/T 4754 industry division") % {"v": industry}
    elif kind not in ("01", "02", "03"):
        problem = _("the type %(v)s is not 01 (审批), 02 (核准) or 03 (备案)") % {"v": kind}
    else:
        return code
    raise ValidationError({"code": _("%(code)s is not a valid project code: %(problem)s.") % {
        "code": code, "problem": problem}})


def status_of(milestones, dropped=False):
    """Where a project stands from its milestones' actual dates."""
    if dropped:
        return Status.DROPPED
    done = {m.code for m in milestones if m.actual_on}
    for code, status in STATUS_BY_STEP:
        if code in done:
            return status
    if any(m.actual_on and m.stage for m in milestones):
        return Status.APPROVING
    if "signing" in done:
        return Status.SIGNED
    return Status.OPPORTUNITY


def _event(case, model, action, actor, from_status, to_status, note="", data=None, at=None):
    model.objects.create(case=case, action=action, actor=actor if getattr(actor, "pk", None) else None,
                         actor_unit=R.unit_of(actor) if actor is not None else None, from_status=from_status,
                         to_status=to_status, note=note, data=data or {}, at=at or _now())


def _money(value, field, errors, what, required_=True):
    if required_ and value in (None, ""):
        errors[field] = _("Give %(what)s.") % {"what": what}
        return None
    return registry.amount(value, field, errors, what)


def _coordinate(value, field, low, high, errors):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[field] = _("Not a coordinate: %(v)s") % {"v": value}
        return None
    if not low <= number <= high:
        errors[field] = _("Not a coordinate: %(v)s") % {"v": value}
        return None
    return number.quantize(Decimal("0.000001"))


FIELDS = ("code", "name", "owner", "kind", "sector", "street", "address", "latitude", "longitude", "total_investment", "scope",
          "command_post", "leader", "butler")


def _clean(data, project=None):
    errors, values = {}, {}
    code = (data.get("code") or "").strip()
    if code:
        try:
            values["code"] = check_code(code)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            if Project.objects.filter(code=code).exclude(pk=getattr(project, "pk", None)).exists():
                errors["code"] = _("Project %(code)s is registered already.") % {"code": code}
    else:
        values["code"] = None
    for field, what, limit in (("name", _("the name"), 200), ("address", _("the location"), 200),
                               ("leader", _("the responsible leader"), 50), ("scope", _("the scope"), 5000)):
        try:
            values[field] = (required(data.get(field), what, limit) if field == "name"
                             else limited(data.get(field) or "", what, limit))
        except ActionRefused as exc:
            errors[field] = exc.message
    if data.get("kind") not in Kind.values:
        errors["kind"] = _("Choose the kind of project.")
    else:
        values["kind"] = data["kind"]
    if data.get("sector") and data["sector"] not in Sector.values:
        errors["sector"] = _("Choose the sector.")
    else:
        values["sector"] = data.get("sector") or Sector.ECONOMY
    values["total_investment"] = _money(data.get("total_investment"), "total_investment", errors,
                                        _("the total investment"))
    values["latitude"] = _coordinate(data.get("latitude"), "latitude", -90, 90, errors)
    values["longitude"] = _coordinate(data.get("longitude"), "longitude", -180, 180, errors)
    for field in ("owner", "street", "command_post", "butler"):
        values[field] = data.get(field)
    if values["butler"] is not None and R.BUTLER not in R.roles_of(values["butler"]):
        errors["butler"] = _("%(who)s is not a project butler.") % {"who": values["butler"].get_username()}
    _plausible_place(values, errors)
    plans = {}
    for year, amount in (data.get("year_plans") or {}).items():
        try:
            year = int(year)
            if not 2000 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            errors["year_plans"] = _("A plan's year is not a year: %(v)s") % {"v": year}
            continue
        value = _money(amount, "year_plans", errors, _("the planned investment of %(year)s") % {"year": year}, False)
        if value is not None:
            plans[year] = value
    total = values.get("total_investment")
    if total is not None and plans and "year_plans" not in errors:
        kept = {} if project is None else dict(project.year_plans.exclude(year__in=plans).values_list("year", "planned"))
        planned = sum(plans.values()) + sum(kept.values())
        if planned > total:
            errors["year_plans"] = _("The yearly plans add up to %(planned)s, more than the total investment of "
                                     "%(total)s.") % {"planned": money.words_wan(planned),
                                                      "total": money.words_wan(total)}
    if errors:
        raise ValidationError(errors)
    return values, plans


def validate_project(data, project=None):
    """The checks of save_project without saving (a form shows every error at once)."""
    _clean(data, project)


def _plausible_place(values, errors):
    """Coordinates inside the district's map, and in the street chosen (when the district has a map)."""
    from yiwang.orgs import places

    lat, lon = values.get("latitude"), values.get("longitude")
    if lat is None or lon is None or "latitude" in errors or "longitude" in errors or not places.has_map():
        return
    found = places.locate(lat, lon).street
    street = values.get("street")
    lat, lon = (format(v.normalize(), "f") if hasattr(v, "normalize") else v for v in (lat, lon))  # 39.9, not 39.900000
    if found is None:
        errors["latitude"] = _("The point %(lat)s, %(lon)s is outside the district's map.") % {"lat": lat, "lon": lon}
    elif street is not None and found != street:
        errors["latitude"] = _("The point %(lat)s, %(lon)s lies in %(found)s, not in %(street)s.") % {
            "lat": lat, "lon": lon, "found": found.name, "street": street.name}


def save_project(*, actor, data, project=None, planned=None):
    """Register (or edit) a project. A new project gets its kind's milestones, with `planned`
    dates ({step code: date}) where given. Returns the project."""
    _require_editor(actor)
    values, plans = _clean(data, project)
    now = _now()
    with transaction.atomic():
        created = project is None
        if created:
            project = Project(created_at=now)
        else:
            project = Project.objects.select_for_update().get(pk=project.pk)
            if data.get("version") is not None and str(data["version"]) != str(project.version):
                raise ActionRefused("stale", _("This project was changed by someone else while you were looking at "
                                               "it. Reload the page to see the change, then try again."))
        before = {f: str(getattr(project, f"{f}_id", None) or getattr(project, f, "") or "") for f in FIELDS} \
            if not created else {}
        for field, value in values.items():
            setattr(project, field, value)
        project.updated_at = now
        project.version = (project.version or 0) + 1 if not created else 1
        old_status = project.status
        project.save()
        if created:
            for step in Step.objects.filter(kind=project.kind):
                Milestone.objects.create(project=project, step=step, seq=step.seq, code=step.code, name=step.name,
                                         stage=step.stage, planned_on=(planned or {}).get(step.code))
        for year, amount in plans.items():
            YearPlan.objects.update_or_create(project=project, year=year, defaults={"planned": amount})
        project.status = status_of(project.milestones.all(), project.status == Status.DROPPED)
        project.save(update_fields=["status"])
        after = {f: str(getattr(project, f"{f}_id", None) or getattr(project, f, "") or "") for f in FIELDS}
        changed = {f: [before[f], after[f]] for f in FIELDS if not created and before[f] != after[f]}
        _event(project, ProjectEvent, "create" if created else "edit", actor, "" if created else old_status,
               project.status, data={"changed": changed} if changed else {}, at=now)
    return project


def set_milestone(*, actor, milestone, planned_on=None, actual_on=None, note="", version=None):
    """A milestone's planned and actual dates; the project's status follows."""
    _require_editor(actor)
    today = _today()
    if actual_on is not None and actual_on > today:
        raise ValidationError({"actual_on": _("The actual date cannot be in the future.")})
    note = limited(note, _("the note"), 200)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=milestone.project_id)
        if version is not None and str(version) != str(project.version):
            raise ActionRefused("stale", _("This project was changed by someone else while you were looking at it. "
                                           "Reload the page to see the change, then try again."))
        m = Milestone.objects.get(pk=milestone.pk)
        before = (m.planned_on, m.actual_on)
        m.planned_on, m.actual_on, m.note = planned_on, actual_on, note
        m.save()
        old = project.status
        project.status = status_of(project.milestones.all(), old == Status.DROPPED)
        project.version += 1
        project.updated_at = _now()
        project.save(update_fields=["status", "version", "updated_at"])
        _event(project, ProjectEvent, "milestone", actor, old, project.status, note=note, data={
            "milestone": m.name, "planned": [str(before[0] or ""), str(planned_on or "")],
            "actual": [str(before[1] or ""), str(actual_on or "")]})
    milestone.refresh_from_db()
    return m


def may_report(user, project):
    """The owner enterprise's portal account, the project's butler, or the office."""
    if R.roles_of(user) & {R.SUPERVISOR}:
        return True
    if project.butler_id and project.butler_id == getattr(user, "pk", None):
        return True
    applicant = getattr(user, "applicant", None) if getattr(user, "is_authenticated", False) else None
    return bool(applicant and project.owner_id and applicant.credit_code
                and applicant.credit_code == project.owner.credit_code)


def remind_reports(today=None):
    """The projects whose monthly report is due, each with what was done about it: the owner is
    texted once a month at its registered contact phone (the portal link to report), and a project
    with no butler is named so the office gives it one. [(project, month, texted, note)]"""
    from yiwang import texts
    from yiwang.reviews.models import TextMessage

    from . import selectors

    today = today or _today()
    out = []
    for p in Project.objects.select_related("butler", "owner").prefetch_related("reports", "milestones"):
        month = selectors.report_due(p, today)
        if month is None:
            continue
        purpose = f"project-report:{p.pk}:{month:%Y-%m}"
        texted = TextMessage.objects.filter(purpose=purpose).exists()
        phone = p.owner.contact_phone if p.owner_id else ""
        if phone and not texted:
            texts.send(phone, _("[yiwang] The monthly report of %(project)s for %(month)s is due: report it on the "
                                "enterprise portal, %(url)s") % {
                "project": p.name, "month": f"{month:%Y-%m}",
                "url": public_url(reverse("projects_portal:home"))}, purpose)
            texted = True
        out.append((p, month, texted, "" if p.butler_id else _("no butler: the office assigns one")))
    return out


def report_progress(*, actor, project, month, invested, progress, text, photos=()):
    """One month's investment completed and physical progress, with photos (checked before any is
    stored). A month is reported once."""
    if not may_report(actor, project):
        raise ActionRefused("not_allowed", _("Only the owner, the project's butler or the office reports progress."))
    errors = {}
    today = _today()
    if month is None:
        errors["month"] = _("Give the month reported.")
    else:
        month = month.replace(day=1)
        if month > today or month < project.created_at.date().replace(day=1) - dt.timedelta(days=366):
            errors["month"] = _("The month reported must not be in the future.")
    amount = _money(invested, "invested", errors, _("the investment completed"))
    try:
        progress = int(progress)
        if not 0 <= progress <= 100:
            raise ValueError
    except (TypeError, ValueError):
        errors["progress"] = _("Physical progress is a whole number from 0 to 100.")
    try:
        text = required(text, _("what was done"), 5000)
    except ActionRefused as exc:
        errors["text"] = exc.message
    photos = list(photos)
    if len(photos) > settings.ATTACHMENT_MAX_FILES:
        errors["photos"] = _("At most %(n)d files may be attached.") % {"n": settings.ATTACHMENT_MAX_FILES}
    if errors:
        raise ValidationError(errors)
    if photos:
        uploads.check_all(photos, allowed=("jpg", "jpeg", "png"), max_bytes=settings.ATTACHMENT_MAX_BYTES)
    now = _now()
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if ProgressReport.objects.filter(project=locked, month=month).exists():
            raise ActionRefused("duplicate", _("%(month)s is reported already.") % {"month": month.strftime("%Y-%m")})
        report = ProgressReport.objects.create(project=locked, month=month, invested=amount, progress=progress,
                                               text=text, reported_by=actor, reported_at=now)
        for f in photos:
            Photo.objects.create(report=report, file=f, name=os.path.basename(f.name)[:200], size=f.size)
        _event(locked, ProjectEvent, "report", actor, locked.status, locked.status, data={
            "month": month.strftime("%Y-%m"), "invested": str(amount), "progress": progress, "photos": len(photos)},
            at=now)
    return report


SHORT_PROBLEM_DAYS = 31


def add_problem(*, actor, project, category, title, requirement, lead_unit, deadline, co_units=()):
    """An entry of the problem list: a key task (source 重大项目问题) assigned to its unit at once."""
    if category not in Problem.Category.values:
        raise ValidationError({"category": _("Choose the kind of problem.")})
    # A problem due within a month reports weekly, so that its first report comes before its deadline.
    due = deadline.date() if isinstance(deadline, dt.datetime) else deadline
    short = isinstance(due, dt.date) and (due - _today()).days <= SHORT_PROBLEM_DAYS
    with transaction.atomic():
        task = tasks.create(actor=actor, source=Source.PROJECT, title=title, requirement=requirement,
                            lead_unit=lead_unit, co_units=co_units, deadline=deadline, assign=True,
                            leader=project.leader, cadence=Cadence.WEEKLY if short else Cadence.MONTHLY)
        problem = Problem.objects.create(project=project, category=category, task=task)
        _event(project, ProjectEvent, "problem", actor, project.status, project.status,
               data={"task": task.number, "category": category, "title": task.title})
    return problem


def create_command_post(*, actor, name, leader, units=(), description=""):
    if not (R.roles_of(actor) & {R.SUPERVISOR, R.LEADER}):
        raise ActionRefused("not_allowed", _("Your role may not set up command posts."))
    errors = {}
    try:
        name = required(name, _("the name"), 100)
        if CommandPost.objects.filter(name=name).exists():
            errors["name"] = _("%(name)s exists already.") % {"name": name}
    except ActionRefused as exc:
        errors["name"] = exc.message
    try:
        leader = required(leader, _("the leader in charge"), 50)
    except ActionRefused as exc:
        errors["leader"] = exc.message
    if errors:
        raise ValidationError(errors)
    post = CommandPost.objects.create(name=name, leader=leader, description=limited(description, _("the description")),
                                      created_at=_now())
    post.units.set(units)
    return post


# ---------------------------------------------------------------- 联合验收

def _acting(table, model, event_model, code, case, actor, version):
    return table.acting(
        model.objects, case, code, actor, version, now=_now(),
        stale=_("This was changed by someone else while you were looking at it. "
                "Reload the page to see the change, then try again."),
        record=lambda locked, step: _event(locked, event_model, code, actor, step.from_state, locked.state, step.note,
                                           step.data, at=step.now))


def apply_acceptance(*, actor, project, applicant, contact_phone=""):
    """One application for the joint acceptance of a finished construction project: every
    inspecting unit gets its line for the first round; the opinion is due within the limit."""
    if not (may_edit(actor) or may_report(actor, project)):
        raise ActionRefused("not_allowed", _("Only the owner, the project's butler or the office applies."))
    if not project.milestones.filter(code="structure", actual_on__isnull=False).exists():
        raise ActionRefused("not_ready", _("Joint acceptance follows the completion of the main works (主体完工)."))
    if project.acceptances.exclude(state=Acceptance.State.ISSUED).exists():
        raise ActionRefused("open", _("This project has a joint acceptance under way."))
    errors = {}
    try:
        applicant = required(applicant, _("the applicant"), 100)
    except ActionRefused as exc:
        errors["applicant"] = exc.message
    try:
        contact_phone = clean_phone(contact_phone) if contact_phone else ""
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages[0]
    s = Settings.current()
    units = list(s.acceptance_units.all())
    if not units:
        errors["units"] = _("No inspecting units are set (project settings in the admin).")
    if errors:
        raise ValidationError(errors)
    now = _now()
    with transaction.atomic():
        case = Acceptance.objects.create(project=project, applicant=applicant, contact_phone=contact_phone,
                                         applied_at=now, limit_workdays=s.acceptance_limit_workdays,
                                         due_at=calendar.load().deadline(now, s.acceptance_limit_workdays))
        case.give_number(now)
        case.save(update_fields=["number"])
        for unit in units:
            Inspection.objects.create(acceptance=case, unit=unit, round=1)
        _event(case, AcceptanceEvent, "apply", actor, "", case.state, data={"units": [u.name for u in units]}, at=now)
    return case


def guide(*, acceptance, actor, text, version):
    with _acting(workflow.ACCEPTANCE, Acceptance, AcceptanceEvent, "guide", acceptance, actor, version) as step:
        step.case.guidance = step.note = required(text, _("the guidance"), 5000)


def schedule(*, acceptance, actor, day, version):
    """The day of the (re-)inspection, a working day from today on; after items to fix, the units
    that found them inspect again in a new round."""
    if day is None or day < _today() or not calendar.load().is_workday(day):
        raise ValidationError({"day": _("Choose a working day from today on.")})
    with _acting(workflow.ACCEPTANCE, Acceptance, AcceptanceEvent, "schedule", acceptance, actor, version) as step:
        case = step.case
        case.inspection_on = day
        if step.from_state == Acceptance.State.FIXING:
            last = case.inspections.order_by("-round").first().round
            again = [i.unit for i in case.inspections.filter(round=last, result=Inspection.Result.FIX)]
            for unit in again:
                Inspection.objects.create(acceptance=case, unit=unit, round=last + 1)
            # The owner's fixing time is not the government's: the opinion is due that much later.
            cal = calendar.load()
            elapsed = cal.workdays_between(timezone.localtime(case.applied_at).date(), timezone.localtime(step.now).date())
            paused = elapsed - workdays_used(case, now=step.now)
            case.due_at = cal.deadline(case.applied_at, case.limit_workdays + paused)
            step.data = {"round": last + 1, "units": [u.name for u in again], "paused_workdays": paused}
        step.data["day"] = day.isoformat()


def record_result(*, acceptance, actor, result, items="", version, unit=None):
    """A unit's result at the current round (its own unit's; the office may record for a unit).
    When every unit of the round has one, the acceptance is all passed or has items to fix."""
    if result not in (Inspection.Result.PASS, Inspection.Result.FIX):
        raise ValidationError({"result": _("Choose passed or items to fix.")})
    items = (items or "").strip()
    if result == Inspection.Result.FIX and not items:
        raise ValidationError({"items": _("List the items to fix.")})
    with _acting(workflow.ACCEPTANCE, Acceptance, AcceptanceEvent, "record", acceptance, actor, version) as step:
        case = step.case
        if step.from_state != Acceptance.State.SCHEDULED:
            raise ActionRefused("not_scheduled", _("Schedule the re-inspection first."))
        own = R.unit_of(actor)
        if unit is not None and not (R.roles_of(actor) - R.UNIT_ROLES) and unit != own:
            # A unit records its own result only: another unit named is refused, never replaced.
            raise ActionRefused("not_allowed", _("%(unit)s records its own result; you may not record for %(other)s.") % {
                "unit": getattr(own, "name", "—"), "other": unit.name})
        unit = unit if unit is not None and R.roles_of(actor) - R.UNIT_ROLES else own
        last = case.inspections.order_by("-round").first().round
        line = case.inspections.filter(round=last, unit=unit).first()
        if line is None:
            raise ActionRefused("not_inspecting", _("%(unit)s does not inspect in this round.") % {
                "unit": getattr(unit, "name", "—")})
        if line.result != Inspection.Result.PENDING:
            raise ActionRefused("done", _("%(unit)s has recorded its result for this round.") % {"unit": unit.name})
        line.result, line.items = result, limited(items, _("the items to fix"), 5000)
        line.inspected_by, line.inspected_at = actor, step.now
        line.save()
        rows = list(case.inspections.filter(round=last))
        if all(r.result != Inspection.Result.PENDING for r in rows):
            case.state = (Acceptance.State.PASSED if all(r.result == Inspection.Result.PASS for r in rows)
                          else Acceptance.State.FIXING)
        step.note = items
        step.data = {"unit": unit.name, "round": last, "result": result}


def issue_opinion(*, acceptance, actor, text, version):
    """The one joint opinion; the project's completion acceptance (竣工验收) is dated with it."""
    with _acting(workflow.ACCEPTANCE, Acceptance, AcceptanceEvent, "issue", acceptance, actor, version) as step:
        case = step.case
        case.opinion = step.note = required(text, _("the joint opinion"), 5000)
        case.opinion_at = step.now
        used = workdays_used(case, step.now)
        step.data = {"workdays": used, "limit": case.limit_workdays}
    milestone = acceptance.project.milestones.filter(code="completion", actual_on__isnull=True).first()
    if milestone is not None:
        set_milestone(actor=actor, milestone=milestone, planned_on=milestone.planned_on,
                      actual_on=timezone.localtime(acceptance.opinion_at).date(), note=acceptance.number)
    return acceptance


def workdays_used(acceptance, now=None):
    """The government's working days on the acceptance: from the application to the opinion (or now),
    less the days it waited on the owner's fixes (待整改, until the next inspection was scheduled)."""
    cal = calendar.load()
    end = acceptance.opinion_at or now or _now()
    used = cal.workdays_between(timezone.localtime(acceptance.applied_at).date(), timezone.localtime(end).date())
    fixing_since = None
    for e in acceptance.events.order_by("at", "id"):
        if e.to_status == Acceptance.State.FIXING and fixing_since is None:
            fixing_since = e.at
        elif e.to_status != Acceptance.State.FIXING and fixing_since is not None:
            used -= cal.workdays_between(timezone.localtime(fixing_since).date(), timezone.localtime(e.at).date())
            fixing_since = None
    if fixing_since is not None:
        used -= cal.workdays_between(timezone.localtime(fixing_since).date(), timezone.localtime(end).date())
    return max(used, 0)


# ---------------------------------------------------------------- 阳光发布

def publish(*, actor, project, summary, terms, how_to_join, contact):
    """Publish a project as an opportunity (or update what is published)."""
    _require_editor(actor)
    errors, values = {}, {}
    for field, value, what in (("summary", summary, _("what it is")), ("terms", terms, _("the terms")),
                               ("how_to_join", how_to_join, _("how to take part")), ("contact", contact,
                                                                                    _("the contact"))):
        try:
            values[field] = required(value, what, 100 if field == "contact" else 5000)
        except ActionRefused as exc:
            errors[field] = exc.message
    if errors:
        raise ValidationError(errors)
    now = _now()
    with transaction.atomic():
        opportunity, _created = Opportunity.objects.update_or_create(project=project, defaults={
            **values, "published_at": now, "closed": False})
        _event(project, ProjectEvent, "publish", actor, project.status, project.status, at=now)
    return opportunity


def register_interest(*, opportunity, investor, contact_name, phone, credit_code="", message=""):
    """An investor registers interest on the public page."""
    if opportunity.closed or opportunity.published_at is None:
        raise ActionRefused("closed", _("This opportunity no longer takes interest."))
    errors, values = {}, {}
    for field, value, what, limit in (("investor", investor, _("the investor"), 100),
                                      ("contact_name", contact_name, _("the contact"), 50)):
        try:
            values[field] = required(value, what, limit)
            if re.search(r"[<>]", values[field]):  # a name, not markup (escaped anyway; refused as nonsense)
                errors[field] = _("%(what)s may not contain < or >.") % {"what": what}
        except ActionRefused as exc:
            errors[field] = exc.message
    try:
        values["phone"] = clean_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    if credit_code:
        try:
            values["credit_code"] = clean_credit_code(credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages[0]
    try:
        values["message"] = limited(message, _("the message"), 2000)
    except ActionRefused as exc:
        errors["message"] = exc.message
    if errors:
        raise ValidationError(errors)
    now = _now()
    with transaction.atomic():
        # The same investor and phone again on the same opportunity (a second click, a second visit)
        # is the interest already registered, still open: it is answered, not made twice.
        same = (Interest.objects.select_for_update()
                .filter(opportunity=opportunity, investor=values["investor"], **lookup("phone", values["phone"]))
                .exclude(state__in=[Interest.State.SIGNED, Interest.State.DROPPED]).first())
        if same is not None:
            return same
        interest = Interest.objects.create(opportunity=opportunity, created_at=now, **values)
        interest.give_number(now)
        interest.save(update_fields=["number"])
        _event(interest, InterestEvent, "register", None, "", interest.state, at=now)
    return interest


def _close_the_others(signed, actor):
    """The interests still open on a signed opportunity are closed, each with the reason in its history."""
    reason = _("The project is signed with %(investor)s (%(number)s).") % {
        "investor": signed.investor, "number": signed.number}
    now = _now()
    for other in (Interest.objects.select_for_update().filter(opportunity_id=signed.opportunity_id)
                  .exclude(pk=signed.pk).exclude(state__in=(Interest.State.SIGNED, Interest.State.DROPPED))):
        before = other.state
        other.state, other.version = Interest.State.DROPPED, other.version + 1
        other.save(update_fields=["state", "version"])
        _event(other, InterestEvent, "close", actor, before, other.state, reason, at=now)


def follow_interest(*, interest, actor, code, note="", version):
    """Contacted, negotiating, signed or not pursued. Signing dates the project's 签约 milestone and
    publishes its progress; an investor known to the registry becomes the owner."""
    from yiwang.enterprises.models import Enterprise

    with _acting(workflow.INTEREST, Interest, InterestEvent, code, interest, actor, version) as step:
        step.note = limited(note, _("the note"), 2000)
        if code == "drop" and not step.note:
            raise ActionRefused("missing", _("Say why it is not pursued."))
    if code == "sign":
        project = interest.opportunity.project
        owner = Enterprise.objects.filter(credit_code=interest.credit_code).first() if interest.credit_code else None
        with transaction.atomic():
            locked = Project.objects.select_for_update().get(pk=project.pk)
            if owner is not None and locked.owner_id is None:
                locked.owner = owner
            locked.public = True
            locked.save(update_fields=["owner", "public"])
            opportunity = Opportunity.objects.select_for_update().get(pk=interest.opportunity_id)
            opportunity.closed, opportunity.closed_at = True, _now()
            opportunity.save(update_fields=["closed", "closed_at"])
            _close_the_others(interest, actor)
            _event(locked, ProjectEvent, "sign", actor, locked.status, locked.status,
                   data={"interest": interest.number, "investor": interest.investor})
        signing = project.milestones.filter(code="signing").first()
        if signing is not None and signing.actual_on is None:
            project.refresh_from_db()
            set_milestone(actor=actor, milestone=signing, planned_on=signing.planned_on, actual_on=_today(),
                          note=interest.investor[:200])
    return interest
