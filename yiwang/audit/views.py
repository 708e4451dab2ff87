"""The auditor's pages: search the audit log and export what was found (the export is itself
recorded). Only the auditor reads it; nobody edits it."""
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.orgs import roles as R

from .labels import LABELS, label
from .models import Entry


def _search(params):
    qs = Entry.objects.all()
    for key, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        try:
            qs = qs.filter(**{lookup: dt.date.fromisoformat(params.get(key) or "")})
        except ValueError:
            pass
    if params.get("actor"):
        qs = qs.filter(Q(actor_name__icontains=params["actor"]) | Q(actor_display__icontains=params["actor"]))
    if params.get("action"):
        qs = qs.filter(action__startswith=params["action"])
    if params.get("target"):
        qs = qs.filter(target__icontains=params["target"])
    if params.get("ip"):
        qs = qs.filter(ip=params["ip"]) if params["ip"].replace(".", "").replace(":", "").isalnum() else qs.none()
    return qs.order_by("-id")


@login_required
def entries(request):
    R.require_any(request.user, {R.AUDITOR})
    qs = _search(request.GET)
    if request.GET.get("export") == "xlsx":
        sheet = Sheet(_("Audit log"), [_("Row"), pgettext("moment", "Time"), _("Log-in"), _("Name"), _("Action"),
                                      _("Record"), _("Detail"), _("IP address")], widths=(8, 18, 16, 14, 18, 28, 60, 16))
        for e in qs[:100000]:
            sheet.row([e.pk, e.at, e.actor_name, e.actor_display, label(e.action, e.target), e.target,
                       detail_text(e.detail), e.ip or ""])
        return xlsx_response(sheet.content(), f"audit-{stamp()}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.label, e.detail_text = label(e.action, e.target), detail_text(e.detail)
    actions = [("case.", _("Case steps"))] + [(code, text) for code, text in LABELS.items()]
    return render(request, "audit/entries.html", {"page": page, "params": request.GET, "query": query.urlencode(),
                                                  "actions": actions})


def detail_text(detail):
    """A row's detail as 'key: value' pairs, as stored (the digest covers the stored JSON)."""
    if not isinstance(detail, dict):
        return str(detail)
    return "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in detail.items())
