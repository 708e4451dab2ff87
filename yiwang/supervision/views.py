import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

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
    data = selectors.assessment(month)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(exports.assessment_workbook(data), f"assessment-{month:%Y-%m}.xlsx")
    months = []
    day = timezone.localdate().replace(day=1)
    for _i in range(12):
        months.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return render(request, "supervision/assessment.html", {
        **data, "month": month, "months": months, "rates": rates.RATES})


@login_required
def notice_list(request):
    R.require_any(request.user, SUPERVISORS)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(selectors.notices(request.GET), 30).get_page(request.GET.get("page"))
    return render(request, "supervision/notices.html", {
        "page": page, "params": request.GET, "query": query.urlencode(), "kinds": Notice.Kind.choices,
        "units": Unit.objects.filter(is_active=True, handles_orders=True).exclude(kind=Unit.Kind.GRID)})
