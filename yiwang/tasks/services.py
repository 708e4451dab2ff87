"""Every change of a key task, meeting, benchmarking visit or tracked hot issue. Each state change
locks the task, checks the workflow table and the version the user read, and appends a row to the
task's history in the same transaction."""
import calendar as month_calendar
import datetime as dt
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.calendar import services as calendar
from yiwang.documents import uploads
from yiwang import clock
from yiwang.errors import ActionRefused, limited, required
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit

from . import workflow
from .models import (
    Cadence, Meeting, MeetingItem, Milestone, ProgressReport, Settings, Source, State, StudyVisit, Task, TaskEvent,
    TaskFile, TaskNotice, TrackedIssue,
)


def _now():
    return clock.now()


def end_of_day(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)), timezone.get_current_timezone())


def _event(task, action, actor, from_state, note="", data=None, at=None):
    return TaskEvent.objects.create(case=task, action=action, actor=actor, actor_unit=R.unit_of(actor),
                                    from_status=from_state, to_status=task.state, note=note, data=data or {},
                                    at=at or _now())


def add_period(day, cadence):
    """The next report date after `day` for a reporting cadence (None: reports when asked)."""
    if cadence == Cadence.WEEKLY:
        return day + dt.timedelta(days=7)
    if cadence == Cadence.FORTNIGHTLY:
        return day + dt.timedelta(days=14)
    if cadence == Cadence.MONTHLY:
        month = day.month % 12 + 1
        year = day.year + (day.month == 12)
        return dt.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))
    return None


def check_deadline(day, cal=None, field="deadline", today=None):
    """A deadline is a working day from today on; the message names what is wrong."""
    cal = cal or calendar.load()
    today = today or timezone.localtime(clock.now()).date()
    if day < today:
        raise ValidationError({field: _("%(day)s is already past.") % {"day": day.isoformat()}})
    if not cal.is_workday(day):
        raise ValidationError({field: _("%(day)s is not a working day; choose a working day.")
                               % {"day": day.isoformat()}})
    return day


def _plausible(day):
    """A date of the district's own records: this century, and at most a year ahead."""
    return dt.date(2000, 1, 1) <= day <= timezone.localdate() + dt.timedelta(days=366)


def _require_assigner(actor, source=None):
    # The assistance centre sets the visit tasks its warnings become, and no other task.
    if source == Source.ASSISTANCE and R.ASSISTANCE in R.roles_of(actor):
        return
    if not (R.roles_of(actor) & workflow.ASSIGNERS):
        raise ActionRefused("not_allowed", _("Your role may not set key tasks."))


def _handling_units(unit, co_units):
    for u in [unit, *co_units]:
        if u is not None and not u.is_active:
            raise ValidationError({"lead_unit": _("%(unit)s is no longer active.") % {"unit": u.name}})


# ---------------------------------------------------------------- creating tasks

def create(*, actor, source, title, requirement, lead_unit=None, co_units=(), deadline=None, cadence=Cadence.MONTHLY,
           leader="", milestones=(), assign=False, meeting=None, study_visit=None, tracked_issue=None,
           indicator="", indicator_params=None, baseline=None, target_value=None, event="create", at=None,
           external_ref=""):
    """A new task (待交办); with `assign`, assigned to its lead unit at once. Field errors are
    raised together as a ValidationError keyed by field; nothing is saved then."""
    _require_assigner(actor, source)
    errors = {}
    if source not in Source.values:
        errors["source"] = _("Choose where the task comes from.")
    for field, value, what, limit in (("title", title, _("the title"), 200),
                                      ("requirement", requirement, _("the requirement"), None)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    if cadence not in Cadence.values:
        errors["cadence"] = _("Choose how often progress is reported.")
    cal = calendar.load()
    if deadline is not None:
        try:
            check_deadline(deadline, cal)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    for i, (name, due) in enumerate(milestones):
        if not (name or "").strip() or due is None:
            errors[f"milestone_{i}"] = _("A milestone needs a name and a date.")
        elif deadline is not None and due > deadline:
            errors[f"milestone_{i}"] = _("The milestone “%(name)s” falls after the task's deadline.") % {"name": name}
    if assign and (lead_unit is None or deadline is None):
        errors["lead_unit"] = _("Choose the lead unit and the deadline to assign the task.")
    if indicator:
        from . import indicators

        problem = indicators.problem(indicator, indicator_params or {})
        if problem:
            errors["indicator"] = problem
        elif target_value is None:
            errors["target_value"] = _("Give the target value of the indicator.")
    try:
        _handling_units(lead_unit, co_units)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = at or _now()
    with transaction.atomic():
        task = Task.objects.create(
            source=source, title=title.strip(), requirement=requirement.strip(), lead_unit=lead_unit,
            leader=(leader or "").strip()[:50], deadline=end_of_day(deadline) if deadline else None, cadence=cadence,
            created_by=actor, created_at=now, meeting=meeting, study_visit=study_visit, tracked_issue=tracked_issue,
            indicator=indicator or "", indicator_params=indicator_params or {}, baseline=baseline,
            target_value=target_value, external_ref=(external_ref or "")[:60])
        task.give_number(now)
        task.save(update_fields=["number"])
        task.co_units.set([u for u in co_units if u != lead_unit])
        for name, due in milestones:
            Milestone.objects.create(task=task, title=name.strip()[:200], due_on=due)
        _event(task, event, actor, "", data={"source": source}, at=now)
        if assign:
            _assign(task, actor, now, note="")
    return task


def _assign(task, actor, now, note):
    from_state = task.state
    task.state = State.HANDLING
    task.assigned_at = now
    task.next_report_due = add_period(timezone.localtime(now).date(), task.cadence)
    task.version += 1
    task.save()
    _event(task, "assign", actor, from_state, note,
           data={"lead_unit": task.lead_unit.name, "co_units": [u.name for u in task.co_units.all()],
                 "deadline": timezone.localtime(task.deadline).date().isoformat()}, at=now)


def _acting(code, task, actor, version):
    return workflow.TABLE.acting(
        Task.objects, task, code, actor, version, now=_now(),
        stale=_("This task was changed by someone else while you were looking at it. "
                "Reload the page to see the change, then try again."),
        record=lambda locked, step: _event(locked, code, actor, step.from_state, step.note, step.data, at=step.now))


def _date(value, what):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ActionRefused("invalid", _("%(what)s is not a date (YYYY-MM-DD).") % {"what": what}) from None


def _deadline_refusal(day):
    try:
        check_deadline(day)
    except ValidationError as exc:
        raise ActionRefused("invalid", next(iter(exc.message_dict.values()))[0]) from None


def assign(*, task, actor, lead_unit, co_units=(), deadline=None, cadence=None, note="", version):
    """交办: to a lead unit (and co-units) with a deadline on the working-day calendar."""
    if lead_unit is None:
        raise ActionRefused("missing", _("Choose the lead unit."))
    with _acting("assign", task, actor, version) as step:
        t = step.case
        day = _date(deadline, _("The deadline")) if deadline else (
            timezone.localtime(t.deadline).date() if t.deadline else None)
        if day is None:
            raise ActionRefused("missing", _("Give the deadline."))
        _deadline_refusal(day)
        try:
            _handling_units(lead_unit, co_units)
        except ValidationError as exc:
            raise ActionRefused("invalid", next(iter(exc.message_dict.values()))[0]) from None
        t.lead_unit, t.deadline = lead_unit, end_of_day(day)
        if cadence:
            if cadence not in Cadence.values:
                raise ActionRefused("invalid", _("Choose how often progress is reported."))
            t.cadence = cadence
        t.co_units.set([u for u in co_units if u != lead_unit])
        t.assigned_at = step.now
        t.next_report_due = add_period(timezone.localtime(step.now).date(), t.cadence)
        step.note = limited(note, _("the note"))
        step.data = {"lead_unit": lead_unit.name, "co_units": [u.name for u in co_units if u != lead_unit],
                     "deadline": day.isoformat()}


def send_back(*, task, actor, reason, version):
    """退回: the lead unit says the task is not theirs; it waits to be assigned again."""
    with _acting("send_back", task, actor, version) as step:
        step.note = required(reason, _("why the task is not your unit's"))
        step.data = {"unit": step.case.lead_unit.name}
        step.case.lead_unit = None
        step.case.next_report_due = None
        step.case.extension_to, step.case.extension_reason = None, ""


def _check_files(files):
    files = list(files or ())
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        raise ActionRefused("bad_file", _("At most %(n)d files may be attached.") % {"n": settings.ATTACHMENT_MAX_FILES})
    if files:
        uploads.check_all(files, allowed=settings.ATTACHMENT_EXTENSIONS, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    return files


def _store(task, files, kind, actor, now, report=None):
    return [TaskFile.objects.create(task=task, kind=kind, report=report, file=f, name=os.path.basename(f.name)[:200],
                                    size=f.size, uploaded_by=actor, uploaded_at=now) for f in files]


def _progress(value):
    if value in (None, ""):
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ActionRefused("invalid", _("Progress is a whole number from 0 to 100.")) from None
    if not 0 <= value <= 100:
        raise ActionRefused("invalid", _("Progress is a whole number from 0 to 100."))
    return value


def report(*, task, actor, text, progress=None, files=(), version):
    """报送进展, by the lead unit or a co-unit; the next report is due one period later."""
    files = _check_files(files)
    progress = _progress(progress)
    with _acting("report", task, actor, version) as step:
        t = step.case
        step.note = required(text, _("the progress"))
        entry = ProgressReport.objects.create(task=t, unit=R.unit_of(actor), author=actor, at=step.now,
                                              text=step.note, progress=progress)
        _store(t, files, TaskFile.Kind.REPORT, actor, step.now, report=entry)
        t.last_report_at = step.now
        if R.unit_of(actor).pk == t.lead_unit_id:
            t.next_report_due = add_period(timezone.localtime(step.now).date(), t.cadence)
            if progress is not None:
                t.progress = progress
        step.data = {"progress": progress, "files": len(files)}


def complete_milestone(*, task, actor, milestone, note="", version):
    with _acting("complete_milestone", task, actor, version) as step:
        m = step.case.milestones.filter(pk=getattr(milestone, "pk", milestone), done_at__isnull=True).first()
        if m is None:
            raise ActionRefused("invalid", _("Choose a milestone that is not done yet."))
        m.done_at, m.note = step.now, limited(note, _("the note"))
        m.save(update_fields=["done_at", "note"])
        step.note = m.note
        step.data = {"milestone": m.title, "due_on": m.due_on.isoformat(),
                     "late": timezone.localtime(step.now).date() > m.due_on}


def request_extension(*, task, actor, until, reason, version):
    with _acting("request_extension", task, actor, version) as step:
        t = step.case
        day = _date(until, _("The new deadline"))
        if t.deadline and day <= timezone.localtime(t.deadline).date():
            raise ActionRefused("invalid", _("The new deadline must be later than the present one."))
        _deadline_refusal(day)
        t.extension_to = day
        t.extension_reason = step.note = required(reason, _("why more time is needed"))
        step.data = {"until": day.isoformat()}


def decide_extension(*, task, actor, approve, note="", version):
    with _acting("decide_extension", task, actor, version) as step:
        t = step.case
        step.data = {"until": t.extension_to.isoformat(), "approved": bool(approve),
                     "was": timezone.localtime(t.deadline).date().isoformat() if t.deadline else None}
        step.note = limited(note, _("the note")) if approve else required(note, _("why the extension is refused"))
        if approve:
            t.deadline = end_of_day(t.extension_to)
        t.extension_to, t.extension_reason = None, ""


def request_closure(*, task, actor, evidence, files=(), version):
    """申请销号: the lead unit says the task is done, with its evidence (text and files)."""
    files = _check_files(files)
    least = Settings.current().closure_min_chars
    with _acting("request_closure", task, actor, version) as step:
        text = required(evidence, _("the evidence that the task is done"))
        if not files and len(text) < least:
            raise ActionRefused("weak_evidence", _("Say what was done in at least %(n)d characters, or attach the "
                                                   "evidence (“%(text)s” shows nothing).") % {"n": least, "text": text})
        t = step.case
        t.closure_note = step.note = text
        t.closure_requested_at = step.now
        _store(t, files, TaskFile.Kind.EVIDENCE, actor, step.now)
        step.data = {"files": len(files)}


def approve_closure(*, task, actor, note="", version):
    with _acting("approve_closure", task, actor, version) as step:
        t = step.case
        t.closed_at = step.now
        t.closed_on_time = bool(t.deadline and t.closure_requested_at <= t.deadline)
        t.progress = 100
        t.next_report_due = None
        step.note = limited(note, _("the note"))
        step.data = {"on_time": t.closed_on_time}


def refuse_closure(*, task, actor, reason, version):
    """重新办理: the evidence does not show the task done."""
    with _acting("refuse_closure", task, actor, version) as step:
        step.note = required(reason, _("why the task is not done"))
        step.case.closure_requested_at = None
        step.case.closure_note = ""  # the refused evidence stays in the history, not on the task as if current
        step.case.next_report_due = add_period(timezone.localtime(step.now).date(), step.case.cadence)


def close_on_outcome(*, task, actor, evidence, at=None):
    """A task whose work is recorded elsewhere (a warning's visit and its outcome) closes with that
    record as its evidence: on time when it came before the deadline."""
    now = at or _now()
    with transaction.atomic():
        t = Task.objects.select_for_update().get(pk=task.pk)
        if t.state == State.CLOSED:
            return t
        from_state = t.state
        t.state, t.closed_at, t.progress, t.next_report_due = State.CLOSED, now, 100, None
        t.closure_note = evidence
        t.closure_requested_at = t.closure_requested_at or now
        t.closed_on_time = bool(t.deadline and now <= t.deadline)
        t.version += 1
        t.save()
        _event(t, "closed_on_outcome", actor, from_state, evidence[:500], data={"on_time": t.closed_on_time}, at=now)
    return t


def _notice_due(day, now, default_workdays):
    """The answer date a person chose (a working day not past), else the default working days."""
    cal = calendar.load()
    if day is None:
        return cal.deadline(now, default_workdays) if default_workdays else None
    if day < timezone.localtime(now).date():
        raise ActionRefused("invalid", _("The answer date %(day)s has passed.") % {"day": day.isoformat()})
    if not cal.is_workday(day):
        raise ActionRefused("invalid", _("%(day)s is not a working day: choose one.") % {"day": day.isoformat()})
    return end_of_day(day)


def _notice(step, kind, text, actor, answer_due, default_workdays):
    due = _notice_due(answer_due, step.now, default_workdays)
    notice = TaskNotice(task=step.case, kind=kind, unit=step.case.lead_unit, text=text, issued_by=actor,
                        issued_at=step.now, answer_due=due)
    notice.number_it(step.now)
    notice.save()
    step.data = {"number": notice.reference, "unit": step.case.lead_unit.name,
                 "answer_due": timezone.localtime(due).date().isoformat() if due else None}
    return notice


def urge(*, task, actor, text, version, answer_due=None):
    """催办: a numbered notice to the lead unit (answered by a day, when the issuer sets one)."""
    with _acting("urge", task, actor, version) as step:
        step.note = required(text, _("the urge notice"))
        _notice(step, TaskNotice.Kind.URGE, step.note, actor, answer_due, 0)


def supervise(*, task, actor, text, version, answer_due=None):
    """督办单: a numbered notice the lead unit answers by a date (the usual working days unless the
    issuer chooses another)."""
    with _acting("supervise", task, actor, version) as step:
        step.note = required(text, _("the supervision notice"))
        _notice(step, TaskNotice.Kind.SUPERVISE, step.note, actor, answer_due,
                Settings.current().notice_answer_workdays)


def answer_notice(*, task, actor, notice, text, version):
    with _acting("answer_notice", task, actor, version) as step:
        n = step.case.notices.filter(pk=getattr(notice, "pk", notice), answered_at__isnull=True).first()
        if n is None:
            raise ActionRefused("invalid", _("Choose a notice that is not answered yet."))
        n.answer = step.note = required(text, _("the answer"))
        n.answered_by, n.answered_at = actor, step.now
        n.save(update_fields=["answer", "answered_by", "answered_at"])
        step.data = {"notice": n.get_kind_display(), "number": n.reference}


# ---------------------------------------------------------------- reminders

def remind_reports(now=None):
    """Remind every task whose progress report is due (once per due date): a row in its history,
    and the lead unit's inbox shows it. Run daily (`yiwang tasks remind`, Celery beat)."""
    now = now or _now()
    today = timezone.localtime(now).date()
    reminded = []
    for task in Task.objects.filter(state=State.HANDLING, next_report_due__lte=today).select_related("lead_unit"):
        due = task.next_report_due.isoformat()
        if task.events.filter(action="remind", data__due=due).exists():
            continue
        with transaction.atomic():
            _event(task, "remind", None, task.state, note=_("The progress report due %(due)s is awaited from %(unit)s.")
                   % {"due": due, "unit": task.lead_unit.name}, data={"due": due}, at=now)
        reminded.append(task)
    return reminded


# ---------------------------------------------------------------- meetings

def command_post_names():
    """The command posts' names (from the projects app when it is installed): a command-post meeting
    names one of them exactly, so its page lists the meeting."""
    from django.apps import apps

    if not apps.is_installed("yiwang.projects"):
        return []
    return list(apps.get_model("projects", "CommandPost").objects.order_by("name").values_list("name", flat=True))


def _meeting_errors(kind, title, held_on, chair, items, command_post=""):
    errors = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    post = (command_post or "").strip()
    names = command_post_names()
    if post and names and post not in names:
        errors["command_post"] = _("There is no command post called %(name)s.") % {"name": post}
    elif kind == Meeting.Kind.COMMAND_POST and not post and names:
        errors["command_post"] = _("Choose the command post whose meeting this is.")
    for field, value, what, limit in (("title", title, _("the title"), 200), ("chair", chair, _("the chair"), 50)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    if held_on is None:
        errors["held_on"] = _("Give the date of the meeting.")
    elif not _plausible(held_on):
        errors["held_on"] = _("%(day)s is not a date this meeting could have been held on.") % {"day": held_on}
    cal = calendar.load()
    for n, item in enumerate(items, 1):
        due = item.get("due_on")
        if due and held_on and due < held_on:
            errors[f"item_{n}"] = _("Item %(n)d is due before the meeting was held.") % {"n": n}
        elif due and not cal.is_workday(due):
            # Minutes often say 本周六前: the task's deadline is the working day the supervisor means.
            errors[f"item_{n}"] = _("Item %(n)d: %(day)s is not a working day; choose the working day meant.") % {
                "n": n, "day": due.isoformat()}
    return errors


def record_meeting(*, actor, kind, title, held_on, chair, attendees="", minutes="", place="", command_post="",
                   items=()):
    """A meeting and its decision items [{text, lead_unit, due_on}], recorded together."""
    _require_assigner(actor)
    items = [i for i in items if (i.get("text") or "").strip()]
    errors = _meeting_errors(kind, title, held_on, chair, items, command_post)
    if not items:
        errors["items"] = _("Write at least one decision item.")
    if errors:
        raise ValidationError(errors)
    now = _now()
    with transaction.atomic():
        meeting = Meeting.objects.create(kind=kind, title=title.strip(), held_on=held_on, chair=chair.strip(),
                                         attendees=(attendees or "").strip(), minutes=(minutes or "").strip(),
                                         place=(place or "").strip()[:100], command_post=(command_post or "").strip()[:100],
                                         created_by=actor, created_at=now)
        meeting.number = f"HY{held_on:%Y%m%d}{meeting.pk:04d}"
        meeting.save(update_fields=["number"])
        for n, item in enumerate(items, 1):
            MeetingItem.objects.create(meeting=meeting, seq=n, text=item["text"].strip(),
                                       lead_unit=item.get("lead_unit"), due_on=item.get("due_on"))
    return meeting


def update_meeting(*, actor, meeting, kind, title, held_on, chair, attendees="", minutes="", place="",
                   command_post="", items=()):
    """Correct a meeting (minutes are often final days later) and its decision items that are not
    tasks yet: `items` [{seq or None, text, lead_unit, due_on}] replace those items (an item left
    out is removed, one without a seq is added); an item that became a task stays as it is."""
    _require_assigner(actor)
    fixed = {i.seq: i for i in meeting.items.filter(task__isnull=False)}
    items = [i for i in items if (i.get("text") or "").strip() and i.get("seq") not in fixed]
    errors = _meeting_errors(kind, title, held_on, chair, items, command_post)
    if not items and not fixed:
        errors["items"] = _("Write at least one decision item.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting.kind, meeting.title, meeting.held_on, meeting.chair = kind, title.strip(), held_on, chair.strip()
        meeting.attendees, meeting.minutes = (attendees or "").strip(), (minutes or "").strip()
        meeting.place, meeting.command_post = (place or "").strip()[:100], (command_post or "").strip()[:100]
        meeting.save()
        open_items = {i.seq: i for i in meeting.items.filter(task__isnull=True)}
        kept = {i.get("seq") for i in items if i.get("seq") in open_items}
        meeting.items.filter(task__isnull=True).exclude(seq__in=kept).delete()
        next_seq = max([*fixed, *kept, 0]) + 1
        for item in items:
            if item.get("seq") in open_items:
                row = open_items[item["seq"]]
            else:
                row, next_seq = MeetingItem(meeting=meeting, seq=next_seq), next_seq + 1
            row.text, row.lead_unit, row.due_on = item["text"].strip(), item.get("lead_unit"), item.get("due_on")
            row.save()
    return meeting


def item_to_task(*, item, actor, lead_unit=None, due_on=None, co_units=(), cadence=Cadence.WEEKLY):
    """One decision item becomes a key task, assigned to its lead unit by its date (one step)."""
    if item.task_id:
        raise ActionRefused("exists", _("Item %(n)d is already task %(task)s.") % {"n": item.seq,
                                                                                 "task": item.task.number})
    lead_unit = lead_unit or item.lead_unit
    due_on = due_on or item.due_on
    meeting = item.meeting
    text = item.text
    with transaction.atomic():
        task = create(actor=actor, source=Source.MEETING, title=text.splitlines()[0][:60], requirement=text,
                      lead_unit=lead_unit, co_units=co_units, deadline=due_on, cadence=cadence, leader=meeting.chair,
                      meeting=meeting, assign=lead_unit is not None and due_on is not None)
        item.task, item.lead_unit, item.due_on = task, lead_unit, due_on
        item.save(update_fields=["task", "lead_unit", "due_on"])
    return task


def items_to_tasks(*, meeting, actor):
    """Every item of the meeting not yet a task becomes one; returns (tasks, refusals by item)."""
    made, refused = [], {}
    for item in meeting.items.filter(task__isnull=True).select_related("lead_unit"):
        try:
            made.append(item_to_task(item=item, actor=actor))
        except ValidationError as exc:
            refused[item.seq] = "；".join(m for ms in exc.message_dict.values() for m in ms)
        except ActionRefused as exc:
            refused[item.seq] = exc.message
    return made, refused


# ---------------------------------------------------------------- benchmarking

def record_visit(*, actor, theme, destination, starts_on, ends_on, participants="", lessons=""):
    _require_assigner(actor)
    errors = {}
    for field, value, what, limit in (("theme", theme, _("the theme"), 200),
                                      ("destination", destination, _("where you went"), 100)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    if starts_on is None or ends_on is None:
        errors["starts_on"] = _("Give the dates of the visit.")
    elif not (_plausible(starts_on) and _plausible(ends_on)):
        errors["starts_on"] = _("Give the dates of the visit.")
    elif ends_on < starts_on:
        errors["ends_on"] = _("The visit ends before it starts.")
    if errors:
        raise ValidationError(errors)
    now = _now()
    visit = StudyVisit.objects.create(theme=theme.strip(), destination=destination.strip(), starts_on=starts_on,
                                      ends_on=ends_on, participants=(participants or "").strip(),
                                      lessons=(lessons or "").strip(), created_by=actor, created_at=now)
    visit.number = f"DX{starts_on:%Y%m%d}{visit.pk:04d}"
    visit.save(update_fields=["number"])
    return visit


# ---------------------------------------------------------------- 每月一题

def track_hot_issue(*, actor, description, place, order_numbers, lead_unit, deadline, leader="", requirement="",
                    co_units=()):
    """A leader makes a hot issue a key task (每月一题): the issue is kept as it stands now, so that
    its new orders can be counted week by week from today."""
    if not order_numbers:
        raise ActionRefused("invalid", _("The hot issue holds no orders."))
    now = _now()
    with transaction.atomic():
        tracked = TrackedIssue.objects.create(description=(description or "")[:200], place=(place or "")[:100],
                                              order_numbers=list(order_numbers)[:500], since=now)
        return create(actor=actor, source=Source.MONTHLY_TOPIC, title=(description or "")[:200],
                      requirement=requirement or _("Solve the hot issue “%(issue)s” at its root, so that no new "
                                                   "orders of it come in.") % {"issue": description},
                      lead_unit=lead_unit, co_units=co_units, deadline=deadline, cadence=Cadence.WEEKLY,
                      leader=leader, tracked_issue=tracked, assign=True)


def active_units():
    return Unit.objects.filter(is_active=True).exclude(kind__in=[Unit.Kind.GRID, Unit.Kind.DISTRICT])
