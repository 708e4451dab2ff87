import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from yiwang import replica
from yiwang.documents.excel import xlsx_response
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit
from yiwang.workorders.models import Notice

from . import exports, rates, selectors
from .models import Weights

SUPERVISORS = {R.SUPERVISOR, R.LEADER, R.DISPATCHER}


def _month(value):
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return timezone.localdate().replace(day=1)


@login_required
def overview(request):
    R.require_any(request.user, SUPERVISORS)
    rows, near = selectors.overview()
    return render(request, "supervision/overview.html", {
        "rows": rows, "near": near, "near_hours": Weights.current().near_limit_hours})


@login_required
def assessment(request):
    R.require_any(request.user, SUPERVISORS)
    month = _month(request.GET.get("month"))
    with replica.reads():
        data = selectors.assessment(month)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(exports.assessment_workbook(data), f"assessment-{month:%Y-%m}.xlsx")
    _links_they_open(data["rows"], request.user)
    months = []
    day = timezone.localdate().replace(day=1)
    for _i in range(12):
        months.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return render(request, "supervision/assessment.html", {
        **data, "month": month, "months": months, "rates": rates.RATES})


def _links_they_open(rows, user):
    """A figure links to its list only for whoever may open that list (the dispatcher reads the key-task
    rate but opens no key-task list): otherwise it is shown without a link."""
    from yiwang.tasks import selectors as tasks

    if tasks.may_open(user):
        return
    for row in rows:
        row["links"] = {fact: url for fact, url in row["links"].items() if not url.startswith(reverse("tasks:list"))}


@login_required
def notice_list(request):
    R.require_any(request.user, SUPERVISORS)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(selectors.notices(request.GET), 30).get_page(request.GET.get("page"))
    now = timezone.now()
    for n in page.object_list:
        n["reference"] = _reference(n)
        n["late"] = not n["answered_at"] and n["answer_due"] is not None and n["answer_due"] < now
        n["answered_late"] = bool(n["answered_at"] and n["answer_due"] and n["answered_at"] > n["answer_due"])
    return render(request, "supervision/notices.html", {
        "page": page, "params": request.GET, "query": query.urlencode(), "kinds": Notice.Kind.choices,
        "units": Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.GRID)})


def _reference(values):
    probe = Notice(kind=values["kind"], year=values["year"], serial=values["serial"])
    return probe.reference


def _notice(source, pk):
    from yiwang.tasks.models import TaskNotice

    model = {"order": Notice, "task": TaskNotice}.get(source)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.select_related("unit", "issued_by__staff"), pk=pk)


@login_required
def notice_pdf(request, source, pk):
    """The numbered notice as it is printed, signed and sent (督办通知书 / 催办通知书): for the office
    that issued it and for the unit it is addressed to."""
    notice = _notice(source, pk)
    case = notice.order if source == "order" else notice.task
    if not (R.roles_of(request.user) & SUPERVISORS or R.unit_of(request.user) == notice.unit):
        raise Http404
    from yiwang.documents.pdf import render_pdf

    pdf = render_pdf("supervision/notice_pdf.html", {
        "n": notice, "case": case, "source": source, "district": _district_name(),
        "issued_by": notice.issued_by.staff.unit.name if hasattr(notice.issued_by, "staff") and notice.issued_by.staff.unit
        else ""})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.year}-{notice.serial}.pdf"'
    return response


def _district_name():
    district = Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True).order_by("code").first()
    return district.name if district else ""
