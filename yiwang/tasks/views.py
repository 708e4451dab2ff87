"""The key-task pages: the list with its lights and filters, a task and its actions, setting a
task, importing a list of tasks, the 督查通报, meetings and their items, benchmarking visits and
their results board, and a hot issue made a key task."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang import case_views, forms
from yiwang.documents.excel import stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.orgs.selectors import unit_tree

from . import circular, exports, importer, indicators, lights, selectors, services, workflow
from .models import Cadence, Circular, Light, Meeting, MeetingItem, Source, State, StudyVisit, Task, TaskFile

PAGE_SIZE = 30
LIGHT_CLASS = {Light.RED: "w-overdue", Light.YELLOW: "w-yellow", Light.GREEN: "w-normal", Light.UNASSIGNED: "w-none",
               Light.CLOSED: "w-none"}


def _require_open(user):
    if not selectors.may_open(user):
        raise PermissionDenied(_("Your role may not open this page."))


def _require_assigner(user):
    if not (R.roles_of(user) & workflow.ASSIGNERS):
        raise PermissionDenied(_("Your role may not open this page."))


def _units():
    return unit_tree(services.active_units())


def _unit(value):
    return Unit.objects.filter(pk=value, is_active=True).first() if str(value or "").isdigit() else None


def _units_of(values):
    ids = [v for v in values if str(v).isdigit()]
    return list(Unit.objects.filter(pk__in=ids, is_active=True))


# ---------------------------------------------------------------- the list

@login_required
def task_list(request):
    _require_open(request.user)
    th = lights.thresholds()
    qs = selectors.search(request.user, request.GET, th)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.tasks_workbook(qs[:20000], th), f"tasks-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs.prefetch_related("co_units"), PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = selectors.with_lights(page.object_list, th)
    for t in tasks:
        t.light_class, t.light_label = LIGHT_CLASS[t.light], Light(t.light).label
        t.report_late = lights.report_late(t, th)
    counts = selectors.light_counts(request.user, th)
    return render(request, "tasks/list.html", {
        "page": page, "tasks": tasks, "query": query.urlencode(), "params": request.GET,
        # 待交办 is among the lights already: the queue of the same tasks is not shown twice.
        "queues": [q for q in selectors.queue_counts(request.user, th) if q[0] != "to_assign"],
        "lights": [(c, label, counts[c], LIGHT_CLASS[c]) for c, label in Light.choices],
        "states": State.choices, "sources": Source.choices, "units": _units(),
        "may_set": bool(R.roles_of(request.user) & workflow.ASSIGNERS),
    })


@login_required
def unit_table(request):
    """Every lead unit with its open tasks by light (the command centre shows the first ten)."""
    _require_open(request.user)
    th = lights.thresholds()
    rows = selectors.by_unit(request.user, th)
    codes = (Light.RED, Light.YELLOW, Light.GREEN, Light.UNASSIGNED)
    return render(request, "tasks/units.html", {
        "rows": rows, "codes": [(c, Light(c).label) for c in codes],
        "totals": {c: sum(r[c] for r in rows) for c in codes}})


@login_required
def circular_pdf(request):
    """督查通报 as a draft (no number) for the tasks the list's filters hold."""
    _require_assigner(request.user)
    th = lights.thresholds()
    qs = selectors.search(request.user, request.GET, th)
    pdf = circular.render(qs, th, title=request.GET.get("title", ""))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="circular-draft-{stamp()}.pdf"'
    return response


@login_required
def circular_list(request):
    """The circulars issued, and issuing one: numbered in the year's series, kept as issued."""
    _require_assigner(request.user)
    query = request.GET.urlencode() if request.method == "GET" else request.POST.get("query", "")
    if request.method == "POST":
        from django.http import QueryDict

        th = lights.thresholds()
        qs = selectors.search(request.user, QueryDict(query), th)
        issued = circular.issue(qs, th, actor=request.user, title=request.POST.get("title", ""), query=query)
        messages.success(request, _("Circular %(ref)s is issued.") % {"ref": issued.reference})
        return redirect(reverse("tasks:circulars") + (f"?{query}" if query else ""))
    in_scope = selectors.search(request.user, request.GET, lights.thresholds()).count()
    return render(request, "tasks/circulars.html", {
        "circulars": Circular.objects.select_related("issued_by")[:100], "query": query, "in_scope": in_scope,
        "issuer": circular.issuer()})


@login_required
def circular_issued(request, pk):
    _require_assigner(request.user)
    c = get_object_or_404(Circular, pk=pk)
    response = HttpResponse(bytes(c.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="circular-{c.year}-{c.serial}.pdf"'
    return response


# ---------------------------------------------------------------- one task

def _visible(request, number):
    task = get_object_or_404(Task.objects.select_related("lead_unit", "meeting", "study_visit", "tracked_issue"),
                             number=number)
    if not selectors.can_see(request.user, task):
        raise Http404
    return task


@login_required
def task_detail(request, number):
    _require_open(request.user)
    task = _visible(request, number)
    th = lights.thresholds()
    milestones = list(task.milestones.all())
    for m in milestones:
        m.light = lights.milestone_light(m, th)
        m.light_class = LIGHT_CLASS[m.light]
    light = lights.light(task, th, milestones)
    context = {
        "task": task, "light": light, "light_label": Light(light).label, "light_class": LIGHT_CLASS[light],
        "milestones": milestones, "open_milestones": [m for m in milestones if not m.done_at],
        "reports": task.reports.select_related("unit", "author__staff").prefetch_related("files"),
        "notices": task.notices.select_related("unit", "issued_by__staff", "answered_by__staff"),
        "open_notices": task.notices.filter(answered_at__isnull=True),
        "evidence": task.files.filter(kind=TaskFile.Kind.EVIDENCE),
        "events": [(e, workflow.event_label(e.action)) for e in task.timeline()],
        "actions": workflow.available(task, request.user), "units": _units(),
        "co_units": list(task.co_units.all()), "cadences": Cadence.choices, "report_late": lights.report_late(task, th),
        "provisional": task.deadline and lights_provisional(task),
        "project_problem": getattr(task, "project_problem", None) if task.source == Source.PROJECT else None,
    }
    if task.tracked_issue_id:
        weeks, found = selectors.weekly_issue_orders(task.tracked_issue)
        context.update(weeks=weeks, issue_orders=found[-20:], peak=max([n for _d, n in weeks] or [1]) or 1,
                       link_orders=R.is_centre(request.user))
    if task.indicator:
        context.update(target=_target(task))
    return render(request, "tasks/detail.html", context)


def lights_provisional(task):
    from yiwang.calendar import services as calendar

    return calendar.load().provisional(task.deadline)


def _target(task):
    indicator = indicators.INDICATORS.get(task.indicator)
    now_value = indicators.measure_now(task)
    trend = indicators.trend(task)
    values = [v for _d, v in trend if v is not None] + [float(task.target_value or 0), float(task.baseline or 0)]
    top = max(values or [1]) or 1
    return {"indicator": indicator, "value": now_value, "met": indicators.met(task, now_value),
            "attainment": indicators.attainment(task, now_value), "params": _param_text(task),
            "trend": [(d, v, None if v is None else round(100 * v / top)) for d, v in trend],
            "window": indicator.window_days if indicator else None, "unit": indicator.unit if indicator else "",
            "target_height": round(100 * float(task.target_value or 0) / top)}


def _param_text(task):
    params = task.indicator_params or {}
    parts = []
    if params.get("item"):
        from yiwang.services.models import ServiceItem

        item = ServiceItem.objects.filter(code=params["item"]).first()
        parts.append(f"{item.name}（{item.code}）" if item else params["item"])
    if params.get("unit"):
        unit = Unit.objects.filter(pk=params["unit"]).first()
        parts.append(unit.name if unit else str(params["unit"]))
    if params.get("issue"):
        from .models import TrackedIssue

        issue = TrackedIssue.objects.filter(pk=params["issue"]).first()
        parts.append(issue.description if issue else str(params["issue"]))
    return "、".join(parts)


@login_required
@require_POST
def task_act(request, number, code):
    _require_open(request.user)
    task = _visible(request, number)
    return case_views.act(request, table=workflow.TABLE, services=services, case=task, code=code,
                          back=reverse("tasks:detail", args=[task.number]))


@login_required
def task_file(request, number, pk):
    _require_open(request.user)
    task = _visible(request, number)
    f = get_object_or_404(TaskFile, pk=pk, task=task)
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.name)


# ---------------------------------------------------------------- setting tasks

def _milestones(post):
    rows = []
    for name, due in zip(post.getlist("milestone_title"), post.getlist("milestone_due")):
        if (name or "").strip() or (due or "").strip():
            rows.append((name, forms.day(due)))
    return rows


def _decimal(value):
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(str(value).strip()) if str(value or "").strip() else None
    except InvalidOperation:
        return None


@login_required
def task_new(request):
    _require_assigner(request.user)
    errors, post = {}, request.POST
    visit = StudyVisit.objects.filter(number=request.GET.get("visit")).first() if request.GET.get("visit") else None
    if request.method == "POST":
        params = {k: post.get(f"param_{k}", "").strip() for k in ("item", "unit", "issue") if post.get(f"param_{k}")}
        try:
            task = services.create(
                actor=request.user, source=post.get("source") or (Source.BENCHMARKING if visit else ""),
                title=post.get("title"), requirement=post.get("requirement"),
                lead_unit=_unit(post.get("lead_unit")), co_units=_units_of(post.getlist("co_units")),
                deadline=forms.day(post.get("deadline")), cadence=post.get("cadence") or Cadence.MONTHLY,
                leader=post.get("leader", ""), milestones=_milestones(post), assign=post.get("assign") == "1",
                study_visit=visit, indicator=post.get("indicator", ""), indicator_params=params,
                baseline=_decimal(post.get("baseline")), target_value=_decimal(post.get("target_value")))
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("Task %(number)s is set.") % {"number": task.number})
            if visit:
                return redirect("tasks:visit", number=visit.number)
            return redirect("tasks:detail", number=task.number)
    from yiwang.services.models import ServiceItem

    return render(request, "tasks/new.html", {
        "errors": errors, "post": post, "sources": Source.choices, "cadences": Cadence.choices, "units": _units(),
        "selected_co": [int(v) for v in post.getlist("co_units") if v.isdigit()], "visit": visit,
        "indicators": [(i.code, i.label) for i in indicators.INDICATORS.values()],
        "items": ServiceItem.objects.order_by("code") if visit else [],
        "issues": _tracked_issues() if visit else [],
        "milestone_rows": _milestone_rows(post), "today": timezone.localdate(),
    })


def _milestone_rows(post, empty=5):
    """The milestone rows as typed (a refused form gives them back), topped up to `empty` blank rows."""
    typed = [(t, d) for t, d in zip(post.getlist("milestone_title"), post.getlist("milestone_due")) if t or d]
    return typed + [("", "")] * max(empty - len(typed), 1 if typed else empty)


def _tracked_issues():
    from .models import TrackedIssue

    return TrackedIssue.objects.order_by("-since")[:50]


@login_required
def task_import(request):
    """A leader's list of tasks from Excel: every row checked first; nothing is saved unless every
    row is right, and the report names each row's problems."""
    _require_assigner(request.user)
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            report = importer.import_tasks(actor=request.user, name=upload.name if upload else "",
                                           content=upload.read() if upload else b"")
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            existing = sum(1 for r in report.rows if r.existing)
            if report.saved or (existing and not report.errors):
                messages.success(request, _("%(n)d tasks imported, %(m)d already in the product.") % {
                    "n": len(report.saved), "m": existing})
            else:
                messages.error(request, _("Nothing was imported: %(n)d rows have problems. Correct them and upload "
                                          "the file again.") % {"n": len(report.errors)})
    return render(request, "tasks/import.html", {
        "report": report, "columns_text": "、".join(f"{h}{' *' if required else ''}" for h, _f, required in importer.COLUMNS)})


@login_required
def import_template(request):
    _require_assigner(request.user)
    return xlsx_response(importer.template(), "tasks-template.xlsx")


# ---------------------------------------------------------------- meetings

@login_required
def meeting_list(request):
    _require_open(request.user)
    meetings = selectors.visible_meetings(request.user).prefetch_related("items__task")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.meetings_workbook(meetings[:5000]), f"meetings-{stamp()}.xlsx")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    for m in page.object_list:
        items = list(m.items.all())
        m.n_items, m.n_tasks = len(items), sum(1 for i in items if i.task_id)
        m.n_closed = sum(1 for i in items if i.task_id and i.task.state == State.CLOSED)
    return render(request, "tasks/meetings.html", {"page": page, "query": "",
                                                   "may_set": bool(R.roles_of(request.user) & workflow.ASSIGNERS)})


def _items(post):
    out = []
    seqs = post.getlist("item_seq") or [""] * len(post.getlist("item_text"))
    for seq, text, unit, due in zip(seqs, post.getlist("item_text"), post.getlist("item_unit"),
                                    post.getlist("item_due")):
        if (text or "").strip():
            out.append({"seq": int(seq) if str(seq).isdigit() else None, "text": text, "lead_unit": _unit(unit),
                        "due_on": forms.day(due)})
    return out


def _item_rows(post=None, meeting=None, rows=8):
    """The form's item rows: as posted (a refused form keeps what was typed), else the meeting's
    items that are not tasks yet, then empty rows."""
    if post:
        kept = [{"seq": seq, "text": text, "unit": int(unit) if str(unit).isdigit() else None, "due": due}
                for seq, text, unit, due in zip(post.getlist("item_seq") or [""] * len(post.getlist("item_text")),
                                                post.getlist("item_text"), post.getlist("item_unit"),
                                                post.getlist("item_due")) if (text or "").strip()]
    elif meeting is not None:
        kept = [{"seq": i.seq, "text": i.text, "unit": i.lead_unit_id, "due": i.due_on.isoformat() if i.due_on else ""}
                for i in meeting.items.filter(task__isnull=True)]
    else:
        kept = []
    return kept + [{"seq": "", "text": "", "unit": None, "due": ""}] * max(rows - len(kept), 2)


@login_required
def meeting_new(request):
    _require_assigner(request.user)
    errors, post = {}, request.POST
    if request.method == "POST":
        try:
            meeting = services.record_meeting(
                actor=request.user, kind=post.get("kind"), title=post.get("title"), held_on=forms.day(post.get("held_on")),
                chair=post.get("chair"), attendees=post.get("attendees", ""), minutes=post.get("minutes", ""),
                place=post.get("place", ""), command_post=post.get("command_post", ""), items=_items(post))
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("Meeting %(number)s is recorded.") % {"number": meeting.number})
            return redirect("tasks:meeting", number=meeting.number)
    if request.method != "POST" and request.GET.get("command_post"):
        post = {"kind": Meeting.Kind.COMMAND_POST, "command_post": request.GET["command_post"]}  # from its page
    return render(request, "tasks/meeting_new.html", {
        "errors": errors, "post": post, "kinds": Meeting.Kind.choices, "units": _units(),
        "command_posts": services.command_post_names(),
        "item_rows": _item_rows(post if request.method == "POST" else None), "today": timezone.localdate()})


@login_required
def meeting_edit(request, number):
    """Correct a meeting and its items that are not tasks yet (the minutes are often final later)."""
    _require_assigner(request.user)
    meeting = get_object_or_404(Meeting, number=number)
    errors = {}
    if request.method == "POST":
        post = request.POST
        try:
            services.update_meeting(
                actor=request.user, meeting=meeting, kind=post.get("kind"), title=post.get("title"),
                held_on=forms.day(post.get("held_on")), chair=post.get("chair"), attendees=post.get("attendees", ""),
                minutes=post.get("minutes", ""), place=post.get("place", ""),
                command_post=post.get("command_post", ""), items=_items(post))
        except ValidationError as exc:
            errors = forms.errors(exc)
        else:
            messages.success(request, _("Meeting %(number)s is corrected.") % {"number": meeting.number})
            return redirect("tasks:meeting", number=meeting.number)
        values = post
    else:
        values = {"kind": meeting.kind, "title": meeting.title, "held_on": meeting.held_on.isoformat(),
                  "chair": meeting.chair, "command_post": meeting.command_post, "place": meeting.place,
                  "attendees": meeting.attendees, "minutes": meeting.minutes}
    return render(request, "tasks/meeting_new.html", {
        "meeting": meeting, "errors": errors, "post": values, "kinds": Meeting.Kind.choices, "units": _units(),
        "command_posts": services.command_post_names(),
        "fixed_items": meeting.items.filter(task__isnull=False).select_related("task"),
        "item_rows": _item_rows(request.POST if request.method == "POST" else None, meeting),
        "today": timezone.localdate()})


@login_required
def meeting_detail(request, number):
    _require_open(request.user)
    meeting = get_object_or_404(selectors.visible_meetings(request.user), number=number)
    items = list(selectors.visible_items(request.user, meeting))
    th = lights.thresholds()
    tasks = selectors.with_lights([i.task for i in items if i.task_id], th)
    light_of = {t.pk: t.light for t in tasks}
    for i in items:
        if i.task_id:
            i.light = light_of[i.task_id]
            i.light_class = LIGHT_CLASS[i.light]
    return render(request, "tasks/meeting.html", {
        "meeting": meeting, "items": items, "may_set": bool(R.roles_of(request.user) & workflow.ASSIGNERS),
        "open_items": [i for i in items if not i.task_id], "units": _units()})


@login_required
@require_POST
def meeting_tasks(request, number):
    """Every decision item not yet a task becomes one, in one step (or just the item posted)."""
    _require_assigner(request.user)
    meeting = get_object_or_404(Meeting, number=number)
    seq = request.POST.get("item")
    if seq:
        item = get_object_or_404(MeetingItem, meeting=meeting, seq=seq)
        try:
            task = services.item_to_task(item=item, actor=request.user, lead_unit=_unit(request.POST.get("lead_unit")),
                                         due_on=forms.day(request.POST.get("due_on")))
        except ValidationError as exc:
            messages.error(request, "；".join(forms.errors(exc).values()))
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Item %(n)s is now task %(task)s.") % {"n": item.seq, "task": task.number})
        return redirect("tasks:meeting", number=meeting.number)
    made, refused = services.items_to_tasks(meeting=meeting, actor=request.user)
    if made:
        messages.success(request, _("%(n)d items became tasks.") % {"n": len(made)})
    for n, reason in refused.items():
        messages.error(request, _("Item %(n)s: %(reason)s") % {"n": n, "reason": reason})
    return redirect("tasks:meeting", number=meeting.number)


# ---------------------------------------------------------------- benchmarking

@login_required
def visit_list(request):
    _require_open(request.user)
    visits = StudyVisit.objects.all()
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    for v in page.object_list:
        actions = list(v.actions.all())
        v.n_actions, v.n_closed = len(actions), sum(1 for a in actions if a.state == State.CLOSED)
    return render(request, "tasks/visits.html", {"page": page, "query": "",
                                                 "may_set": bool(R.roles_of(request.user) & workflow.ASSIGNERS)})


@login_required
def visit_new(request):
    _require_assigner(request.user)
    errors, post = {}, request.POST
    if request.method == "POST":
        try:
            visit = services.record_visit(actor=request.user, theme=post.get("theme"),
                                          destination=post.get("destination"), starts_on=forms.day(post.get("starts_on")),
                                          ends_on=forms.day(post.get("ends_on")), participants=post.get("participants", ""),
                                          lessons=post.get("lessons", ""))
        except ValidationError as exc:
            errors = forms.errors(exc)
        except ActionRefused as exc:
            errors = {"__all__": exc.message}
        else:
            messages.success(request, _("The visit is recorded; now write its action list."))
            return redirect("tasks:visit", number=visit.number)
    return render(request, "tasks/visit_new.html", {"errors": errors, "post": post})


@login_required
def visit_detail(request, number):
    """The visit, its lessons and its action list as a results board: each action's target
    against the value measured now from the product's data, and its trend."""
    _require_open(request.user)
    visit = get_object_or_404(StudyVisit, number=number)
    th = lights.thresholds()
    actions = selectors.with_lights(selectors.visible_tasks(request.user).filter(study_visit=visit)
                                    .select_related("lead_unit").order_by("id"), th)
    for a in actions:
        a.light_class = LIGHT_CLASS[a.light]
        a.target = _target(a) if a.indicator else None
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.board_workbook(visit, actions), f"board-{visit.number}-{stamp()}.xlsx")
    return render(request, "tasks/visit.html", {"visit": visit, "actions": actions,
                                                "may_set": bool(R.roles_of(request.user) & workflow.ASSIGNERS)})


# ---------------------------------------------------------------- 每月一题

@login_required
@require_POST
def from_hot_issue(request):
    """On the hot-issue page a leader makes an issue a key task with a lead unit (每月一题)."""
    _require_assigner(request.user)
    post = request.POST
    numbers = [n.strip() for n in post.get("orders", "").split(",") if n.strip()][:500]
    try:
        task = services.track_hot_issue(actor=request.user, description=post.get("description", "").strip(),
                                        place=post.get("place", ""), order_numbers=numbers,
                                        lead_unit=_unit(post.get("lead_unit")), deadline=forms.day(post.get("deadline")),
                                        leader=post.get("leader", ""), co_units=_units_of(post.getlist("co_units")))
    except ValidationError as exc:
        messages.error(request, "；".join(forms.errors(exc).values()))
        return redirect("insight:hot")
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("insight:hot")
    messages.success(request, _("The hot issue is now key task %(number)s.") % {"number": task.number})
    return redirect("tasks:detail", number=task.number)
